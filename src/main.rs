//! The `depbench` command: parses arguments and maps errors to exit codes; the work is in the
//! library and in one module per subcommand under `cli/`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
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
            // Each level of the chain often repeats its source's text: print each part once.
            let mut message = String::new();
            for part in err.chain().map(|e| e.to_string()) {
                if !message.contains(&part) {
                    if !message.is_empty() {
                        message.push_str(": ");
                    }
                    message.push_str(&part);
                }
            }
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
