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
    /// Aligned text table (at most --max-rows rows, with the total).
    Table,
    /// CSV for programs: `,`, decimal points, `\n`, cells as they are.
    Csv,
    /// French Excel CSV: UTF-8 BOM, `;`, decimal comma, CRLF; text cells that a spreadsheet
    /// would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) get a leading apostrophe.
    #[value(name = "csv-fr")]
    CsvFr,
    /// JSON array of objects, keys in SELECT order.
    Json,
    /// One JSON object per line.
    Ndjson,
    Markdown,
    Html,
    /// Excel workbook (needs -o FILE).
    Xlsx,
    /// Parquet file (needs -o FILE).
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

/// Run SQL over the catalogue, its views and your own files (--table). Named parameters
/// ($focus, $peers, $year, $from, $to…) are given with --param name=value; lists are
/// comma-separated (--param peers=22,64,14); $references defaults to the references of $focus
/// in $year, as in `depbench report`. Results stream: CSV, JSON, NDJSON and Parquet
/// hold one batch at a time, and a reader that stops early (`| head`) ends the query.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SQL statement.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    pub sql: Option<String>,
    /// Read the statement from a file.
    #[arg(short, long, value_name = "FILE.sql")]
    pub file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Rows shown by the table format (the footer gives the total).
    #[arg(long, default_value_t = 40, value_name = "N")]
    pub max_rows: usize,
    /// Write to this file (all or nothing) instead of stdout; required for xlsx and parquet.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Named parameter, e.g. --param focus=17 --param peers=22,64,14 --param year=2022.
    #[arg(short, long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Stop the query after this long (30s, 500ms, 2m, 1h) with a message and exit code 2;
    /// Ctrl-C stops it too. Default: no limit.
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
    pub timeout: Option<std::time::Duration>,
}

fn parse_timeout(text: &str) -> Result<std::time::Duration, String> {
    depbench::query::limits::parse_duration(text).map_err(|e| e.to_string())
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let (sql, context) = match (&args.sql, &args.file) {
        (Some(sql), _) => (sql.clone(), "requête".to_string()),
        (None, Some(path)) => (
            std::fs::read_to_string(path).map_err(|e| depbench::Error::io(path, e))?,
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
