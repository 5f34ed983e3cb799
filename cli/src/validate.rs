//! `eniplan validate`: stateless validation of one request file.

use std::path::PathBuf;
use std::process::ExitCode;

use eniplan::{Action, ValidRequest};

use crate::{EXIT_REFUSED, EXIT_USAGE};

/// Arguments of `eniplan validate`.
#[derive(clap::Args)]
pub struct Args {
    /// The action, e.g. AssignPrivateIpAddresses.
    #[arg(long)]
    action: String,
    /// The request in the SDK's JSON shape (`--cli-input-json` form); `-` reads stdin.
    request: PathBuf,
}

/// Prints the validated request as JSON (exit 0), or the EC2 error (exit 1); unreadable input
/// exits 2.
pub fn run(args: &Args) -> ExitCode {
    let text = if args.request.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(&args.request)
    };
    let text = match text {
        Ok(text) => text,
        Err(error) => {
            eprintln!("eniplan: cannot read {}: {error}", args.request.display());
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let result =
        Action::parse(&args.action).and_then(|action| ValidRequest::from_json_text(action, &text));
    match result {
        Ok(request) => {
            println!("{:#}", request.to_json());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}: {}", error.code().as_str(), error);
            ExitCode::from(EXIT_REFUSED)
        }
    }
}
