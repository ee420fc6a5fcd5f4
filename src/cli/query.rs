//! `depbench query`: run one read-only SQL statement (or a query file) and write the result,
//! batch by batch, to stdout or a file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use depbench::query::Params;
use depbench::write::{self as writers, BatchWriter, Format, atomic::AtomicFile};

use super::Cli;

/// Output formats, as given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Pour la lecture : tableau de texte aligné (au plus --max-rows lignes, avec le total),
    /// nombres à virgule décimale avec tous leurs chiffres (8,485648378997022).
    Table,
    /// CSV pour les programmes : `,`, point décimal, `\n`, cellules telles quelles.
    Csv,
    /// CSV Excel français : BOM UTF-8, `;`, virgule décimale, CRLF ; une cellule de texte qu'un
    /// tableur lirait comme une formule (`=`, `+`, `-`, `@`, tabulation, CR en tête) reçoit une
    /// apostrophe devant.
    #[value(name = "csv-fr")]
    CsvFr,
    /// Liste JSON d'objets, clés dans l'ordre du SELECT ; nombres JSON (point décimal), pour
    /// les programmes.
    Json,
    /// Un objet JSON par ligne (nombres JSON), pour les programmes.
    Ndjson,
    /// Pour la lecture : tableau Markdown, nombres à virgule décimale avec tous leurs chiffres.
    Markdown,
    /// Pour la lecture : tableau HTML, nombres à virgule décimale avec tous leurs chiffres.
    Html,
    /// Classeur Excel (demande -o FICHIER).
    Xlsx,
    /// Fichier Parquet (demande -o FICHIER) : nombres typés, pour les programmes.
    Parquet,
}

impl From<OutputFormat> for Format {
    fn from(f: OutputFormat) -> Format {
        match f {
            OutputFormat::Table => Format::Table,
            OutputFormat::Csv => Format::Csv,
            OutputFormat::CsvFr => Format::CsvFr,
            OutputFormat::Json => Format::Json,
            OutputFormat::Ndjson => Format::Ndjson,
            OutputFormat::Markdown => Format::Markdown,
            OutputFormat::Html => Format::Html,
            OutputFormat::Xlsx => Format::Xlsx,
            OutputFormat::Parquet => Format::Parquet,
        }
    }
}

/// Exécuter du SQL sur le catalogue, ses vues et vos fichiers (--table). Les paramètres nommés
/// ($focus, $peers, $year, $from, $to…) se donnent par --param nom=valeur ; les listes sont
/// séparées par des virgules (--param peers=22,64,14) ; $references vaut par défaut les
/// références de $focus en $year, comme dans `depbench report`. Les résultats sont écrits au fil
/// de l'eau : CSV, JSON, NDJSON et Parquet ne gardent qu'un lot à la fois, et un lecteur qui
/// s'arrête tôt (`| head`) arrête la requête.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// L'instruction SQL.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    pub sql: Option<String>,
    /// Lire l'instruction dans un fichier.
    #[arg(short, long, value_name = "FICHIER.sql")]
    pub file: Option<PathBuf>,
    /// Format de sortie.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Lignes affichées par le format table (le pied donne le total).
    #[arg(long, default_value_t = 40, value_name = "N")]
    pub max_rows: usize,
    /// Écrire dans ce fichier (tout ou rien) au lieu de la sortie standard ; obligatoire pour xlsx et parquet.
    #[arg(short, long, value_name = "FICHIER")]
    pub output: Option<PathBuf>,
    /// Paramètre nommé, ex. --param focus=17 --param peers=22,64,14 --param year=2022.
    #[arg(short, long = "param", value_name = "NOM=VALEUR")]
    pub params: Vec<String>,
    /// Arrêter la requête après cette durée (30s, 500ms, 2m, 1h) avec un message et le code de
    /// sortie 2 ; Ctrl-C l'arrête aussi. Par défaut : sans limite.
    #[arg(long, value_name = "DURÉE", value_parser = parse_timeout)]
    pub timeout: Option<std::time::Duration>,
}

fn parse_timeout(text: &str) -> Result<std::time::Duration, String> {
    depbench::query::limits::parse_duration(text).map_err(|e| e.to_string())
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let (sql, context) = match (&args.sql, &args.file) {
        (Some(sql), _) => (sql.clone(), "requête".to_string()),
        (None, Some(path)) => (
            depbench::query::sql_file::read(path, &cli.queries_dir())?,
            path.display().to_string(),
        ),
        (None, None) => unreachable!("clap requires SQL or --file"),
    };
    let format = Format::from(args.format);
    if format.needs_file() && args.output.is_none() {
        anyhow::bail!(
            "--format {} : une sortie binaire demande un fichier (-o FICHIER)",
            format!("{:?}", args.format).to_lowercase()
        );
    }
    let mut params = Params::parse(args.params.iter().map(String::as_str))?;
    let engine = cli.engine()?;
    let rt = super::runtime()?;
    let options = writers::Options {
        max_rows: args.max_rows,
    };
    // The whole query (planning, running, writing) within --timeout and until Ctrl-C: past
    // either, nothing more is written and a file output is left untouched.
    let query = async {
        // A figure file's `$references` follows `$focus` unless given, as in `depbench report`.
        depbench::bench::references::fill_default(&engine, &mut params, &sql).await?;
        let stream = engine.stream(&sql, &params, &context).await?;
        let schema = stream.schema();
        let error = |e| engine.error(&context, &sql, e);
        match &args.output {
            Some(path) => match format {
                Format::Xlsx => {
                    let mut w = writers::xlsx::XlsxFile::create(path, &schema)?;
                    writers::write_stream(stream, &mut w, error).await?;
                }
                Format::Parquet => {
                    let mut w = writers::parquet::ParquetFile::create(path, schema)?;
                    writers::write_stream(stream, &mut w, error).await?;
                }
                _ => {
                    let mut file = AtomicFile::create(path)?;
                    {
                        let mut w: Box<dyn BatchWriter + '_> =
                            writers::text_writer(format, schema, file.writer(), options)?;
                        writers::write_stream(stream, w.as_mut(), error).await?;
                    }
                    file.commit()?;
                }
            },
            None => {
                let stdout = std::io::stdout().lock();
                let mut out = std::io::BufWriter::new(stdout);
                {
                    let mut w = writers::text_writer(format, schema, &mut out, options)?;
                    writers::write_stream(stream, w.as_mut(), error).await?;
                }
                out.flush()
                    .map_err(|e| depbench::Error::io("<stdout>", e))?;
            }
        }
        anyhow::Ok(())
    };
    rt.block_on(depbench::query::limits::within(
        args.timeout,
        true,
        "requête",
        query,
    ))?;
    Ok(ExitCode::SUCCESS)
}
