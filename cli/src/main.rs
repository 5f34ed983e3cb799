//! The `eniplan` command.

mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status when EC2 would refuse the request.
const EXIT_REFUSED: u8 = 1;
/// Exit status for bad input or usage.
const EXIT_USAGE: u8 = 2;

/// Answers what Amazon EC2 would answer about private IPv4 addressing, offline.
#[derive(Parser)]
#[command(name = "eniplan", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a request's shape as EC2 would before looking at any state: ids, selector
    /// combinations, counts, address and prefix syntax.
    Validate(validate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate(args) => validate::run(&args),
    }
}
