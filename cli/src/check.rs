//! `eniplan check`: the response EC2 would give, or its error.

use std::path::PathBuf;

use crate::output::{bad_input, ec2_error, ec2_error_json, print_json, read_input, Outcome};

/// Arguments of `eniplan check`.
#[derive(clap::Args)]
pub struct Args {
    /// describe-* output files or folders holding them (vpcs, subnets, network interfaces,
    /// instances, addresses, subnet CIDR reservations, instance types). When REQUEST is not
    /// given apart, the last of these paths is the request.
    #[arg(long, num_args = 1.., required = true)]
    state: Vec<PathBuf>,
    /// The request in the SDK's JSON shape (what `--cli-input-json` takes); `-` reads stdin.
    request: Option<PathBuf>,
    /// The EC2 action.
    #[arg(long, default_value = "AssignPrivateIpAddresses")]
    action: String,
    /// Print JSON only: the response, or `{"Error": {"Code", "Message"}}`.
    #[arg(long)]
    json: bool,
}

/// Runs the request against the state.
pub fn run(args: &Args) -> Outcome {
    let mut state = args.state.clone();
    let request_path = match args
        .request
        .clone()
        .or_else(|| (state.len() > 1).then(|| state.pop()).flatten())
    {
        Some(path) => path,
        None => return bad_input("no request file: give the state files, then the request"),
    };
    let mut ec2 = match crate::state::load(&state) {
        Ok(ec2) => ec2,
        Err(message) => return bad_input(message),
    };
    let text = match read_input(&request_path) {
        Ok(text) => text,
        Err(error) => return bad_input(format!("cannot read {}: {error}", request_path.display())),
    };
    let request: serde_json::Value = match serde_json::from_str(&text) {
        Ok(request) => request,
        Err(error) => return bad_input(format!("{} is not JSON: {error}", request_path.display())),
    };
    if !eniplan::api::action_names().any(|name| name == args.action) {
        let known: Vec<&str> = eniplan::api::action_names().collect();
        return bad_input(format!(
            "unknown action {}; the actions are: {}",
            args.action,
            known.join(", ")
        ));
    }
    match ec2.call(&args.action, &request) {
        Ok(response) => {
            if !args.json {
                println!("EC2 would answer {}:", args.action);
            }
            print_json(&response);
            Outcome::Success
        }
        Err(error) => {
            if args.json {
                print_json(&ec2_error_json(&error));
            } else {
                println!("EC2 would refuse {}:", args.action);
                println!("  {}", ec2_error(&error));
            }
            Outcome::Refused
        }
    }
}
