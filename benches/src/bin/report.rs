//! Prints the ratio tables of the last benchmark run and checks the targets.
//!
//! `report [--absolute] [CRITERION_DIR]`: the folder defaults to the workspace's
//! `target/criterion` (or `$CARGO_TARGET_DIR/criterion`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use eniplan_benches::report;

fn main() -> ExitCode {
    let mut absolute = false;
    let mut dir = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--absolute" => absolute = true,
            "-h" | "--help" => {
                println!("usage: report [--absolute] [CRITERION_DIR]");
                return ExitCode::SUCCESS;
            }
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let dir = dir.unwrap_or_else(|| {
        std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
            .join("criterion")
    });
    let estimates = match report::read(&dir) {
        Ok(estimates) if !estimates.is_empty() => estimates,
        Ok(_) => {
            eprintln!(
                "no results under {}: run `cargo bench -p eniplan-benches` first",
                dir.display()
            );
            return ExitCode::from(1);
        }
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(1);
        }
    };
    let mut text = report::markdown(&estimates, absolute);
    for line in report::targets(&estimates) {
        text.push_str(&line);
        text.push('\n');
    }
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}
