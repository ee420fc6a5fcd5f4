//! The command line's own mistakes (an unknown argument, a missing or invalid value, an
//! unknown command…) said in French: clap finds them, this module words them by their kind,
//! naming the argument and what was expected, with the command's usage and where its help is.
//! `--help` and `--version` print as clap writes them (their texts are the French doc comments
//! of `cli/`); every other mistake exits with code 2, as every error of depbench does.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Print `err` (help and version as clap does; a mistake in French on stderr) and give the
/// exit code: 0 for help and version, 2 otherwise.
pub fn exit(err: clap::Error) -> ExitCode {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            ExitCode::SUCCESS
        }
        // `depbench` alone, or a command with nothing to do: its help, as an error.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            ExitCode::from(2)
        }
        _ => {
            eprintln!("erreur : {}", french(&err));
            ExitCode::from(2)
        }
    }
}

fn context(err: &clap::Error, kind: ContextKind) -> Vec<String> {
    match err.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
        Some(ContextValue::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

fn one(err: &clap::Error, kind: ContextKind) -> String {
    context(err, kind).join(", ")
}

/// The French message of a command-line mistake: what is wrong, naming the argument, what was
/// expected or meant, then the command's usage and its help.
pub fn french(err: &clap::Error) -> String {
    let arg = one(err, ContextKind::InvalidArg);
    let value = one(err, ContextKind::InvalidValue);
    let valid = context(err, ContextKind::ValidValue);
    let mut msg = match err.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("{arg} : valeur manquante (donnez-la après l'option)")
        }
        ErrorKind::InvalidValue => {
            let mut m = format!("{arg} : valeur invalide « {value} »");
            if !valid.is_empty() {
                m.push_str(&format!(" ; valeurs possibles : {}", valid.join(", ")));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(err)
                .map(|e| parse_error(&e.to_string()))
                .unwrap_or_default();
            format!("{arg} : valeur invalide « {value} » : {why}")
        }
        ErrorKind::UnknownArgument => format!("argument inconnu « {arg} »"),
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue « {} » ; commandes : {}",
            one(err, ContextKind::InvalidSubcommand),
            commands()
        ),
        ErrorKind::NoEquals => format!("{arg} : la valeur s'écrit après « = » ({arg}=VALEUR)"),
        ErrorKind::TooManyValues => format!("{arg} : valeur en trop « {value} »"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "{arg} : {} valeur(s) attendue(s), {} donnée(s)",
            Some(one(err, ContextKind::ExpectedNumValues))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| one(err, ContextKind::MinValues)),
            one(err, ContextKind::ActualNumValues)
        ),
        ErrorKind::ArgumentConflict => {
            let prior = context(err, ContextKind::PriorArg);
            if prior.is_empty() || prior.contains(&arg) {
                format!("{arg} ne peut être donné qu'une fois")
            } else {
                format!("{arg} ne peut pas être donné avec {}", prior.join(", "))
            }
        }
        ErrorKind::MissingRequiredArgument => format!(
            "argument obligatoire manquant : {}",
            context(err, ContextKind::InvalidArg).join(", ")
        ),
        ErrorKind::MissingSubcommand => format!("commande manquante : {}", commands()),
        ErrorKind::InvalidUtf8 => "un argument n'est pas du texte UTF-8 valide".to_string(),
        _ => {
            // Io and Format errors, and any kind a later clap adds: its own text.
            let text = err.to_string();
            text.trim_start_matches("error: ")
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        }
    };
    let suggested: Vec<String> = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .flat_map(|k| context(err, k))
    .collect();
    if !suggested.is_empty() {
        msg.push_str(" ; ");
        msg.push_str(&depbench::query::hints::did_you_mean(&suggested));
    }
    if matches!(
        err.get(ContextKind::TrailingArg),
        Some(ContextValue::Bool(true))
    ) {
        msg.push_str(&format!(
            " (pour passer « {arg} » comme valeur, écrivez « -- {arg} »)"
        ));
    }
    let usage = one(err, ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    if !usage.is_empty() {
        // `depbench query [OPTIONS] [SQL]` → `depbench query --help`.
        let command: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        msg.push_str(&format!(
            "\nutilisation : {usage}\naide : {} --help",
            command.join(" ")
        ));
    }
    msg
}

/// depbench's commands, as clap knows them (`check, import, report, …`).
fn commands() -> String {
    <super::Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The standard library's parse errors in French (`--year abc`, `--port 99999`); depbench's
/// own parsers already speak French and are kept as they are.
fn parse_error(text: &str) -> String {
    match text {
        "invalid digit found in string" => "attendu : un nombre entier".into(),
        "cannot parse integer from empty string" => {
            "attendu : un nombre entier, pas un texte vide".into()
        }
        "number too large to fit in target type" => "nombre trop grand".into(),
        "number too small to fit in target type" => "nombre trop petit".into(),
        "invalid float literal" => "attendu : un nombre".into(),
        "invalid IP address syntax" => "attendu : une adresse IP (127.0.0.1, ::1)".into(),
        other => other.to_string(),
    }
}
