//! `eniplan validate`: the checks EC2 makes before it looks at any state.

use std::path::PathBuf;

use eniplan::{Action, ValidRequest};

use crate::output::{bad_input, ec2_error, ec2_error_json, print_json, read_input, Outcome};

/// Arguments of `eniplan validate`.
#[derive(clap::Args)]
pub struct Args {
    /// The action: AssignPrivateIpAddresses, UnassignPrivateIpAddresses,
    /// CreateNetworkInterface or AttachNetworkInterface.
    #[arg(long)]
    action: String,
    /// The request in the SDK's JSON shape; `-` reads stdin.
    request: PathBuf,
    /// Print JSON only.
    #[arg(long)]
    json: bool,
}

/// Prints the validated request (exit 0) or the EC2 error (exit 1).
pub fn run(args: &Args) -> Outcome {
    let text = match read_input(&args.request) {
        Ok(text) => text,
        Err(error) => return bad_input(format!("cannot read {}: {error}", args.request.display())),
    };
    let action = match Action::parse(&args.action) {
        Ok(action) => action,
        Err(error) => return bad_input(ec2_error(&error)),
    };
    match ValidRequest::from_json_text(action, &text) {
        Ok(request) => {
            print_json(&request.to_json());
            Outcome::Success
        }
        Err(error) => {
            if args.json {
                print_json(&ec2_error_json(&error));
            } else {
                eprintln!("{}", ec2_error(&error));
            }
            Outcome::Refused
        }
    }
}
