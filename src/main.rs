//! The `depbench` command: parses arguments and maps errors to exit codes; the work is in the
//! library and in one module per subcommand under `cli/`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // The command line's own mistakes are said in French (`cli::usage`), exit code 2.
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(err) => return cli::usage::exit(err),
    };
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`depbench query … | head`) is the reader's choice, not an error.
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("erreur : {}", error_chain(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, joined by ` : `. The library's errors print their source's message
/// themselves (in French, an engine's text as a `détail : …` line) and DataFusion's do too, so
/// `{:#}` would repeat it two or three times: stop at the first cause whose text is already
/// printed, or after the library's error.
fn error_chain(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    // (`downcast_ref` would also see the library's error under a context: look at the top.)
    if err
        .chain()
        .next()
        .is_some_and(|e| e.is::<depbench::Error>())
    {
        return text;
    }
    for cause in err.chain().skip(1) {
        let said = cause.to_string();
        if text.contains(&said) {
            break;
        }
        text.push_str(" : ");
        text.push_str(&said);
        // The library's errors say their causes themselves, in French.
        if cause.downcast_ref::<depbench::Error>().is_some() {
            break;
        }
    }
    text
}
