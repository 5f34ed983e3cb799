//! `eniplan max-pods`: pod capacity of an instance type under the VPC CNI.

use eniplan::{explain_max_pods, InstanceTypes, MaxPodsOptions};

use crate::output::{bad_input, ec2_error, print_json, Outcome};

/// Arguments of `eniplan max-pods`.
#[derive(clap::Args)]
pub struct Args {
    /// The instance type, e.g. m5.large.
    instance_type: String,
    /// Prefix delegation: each slot holds a /28 (Nitro and bare-metal types only).
    #[arg(long)]
    prefix_delegation: bool,
    /// Custom networking: the primary interface carries no pods.
    #[arg(long)]
    custom_networking: bool,
    /// Further interfaces kept from pods, e.g. a trunk interface.
    #[arg(long, default_value_t = 0)]
    reserved_enis: u32,
    /// Apply the EKS cap: 110 with at most 30 vCPUs, else 250.
    #[arg(long)]
    cap: bool,
    /// Show the formula with the numbers filled in.
    #[arg(long)]
    explain: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Prints the answer.
pub fn run(args: &Args) -> Outcome {
    let types = InstanceTypes::embedded();
    let instance_type = match types.lookup(&args.instance_type) {
        Ok(t) => t,
        Err(error) => return bad_input(ec2_error(&error)),
    };
    let options = MaxPodsOptions {
        prefix_delegation: args.prefix_delegation,
        custom_networking: args.custom_networking,
        reserved_enis: args.reserved_enis,
        cap: args.cap,
    };
    let explanation = match explain_max_pods(instance_type, &options) {
        Ok(explanation) => explanation,
        Err(error) => return bad_input(ec2_error(&error)),
    };
    if args.json {
        print_json(&serde_json::json!({
            "InstanceType": explanation.instance_type,
            "MaxPods": explanation.result,
            "MaxEnis": explanation.max_enis,
            "UsableEnis": explanation.usable_enis,
            "Ipv4AddressesPerInterface": explanation.ipv4_per_eni,
            "PrefixDelegation": explanation.prefix_delegation,
            "Uncapped": explanation.uncapped,
            "Cap": explanation.cap.map(|(cap, _)| cap),
            "Formula": explanation.to_string(),
        }));
    } else if args.explain {
        println!("{}: {explanation}", explanation.instance_type);
    } else {
        println!("{}", explanation.result);
    }
    Outcome::Success
}
