//! `eniplan limits`: network limits of instance types.

use eniplan::{InstanceType, InstanceTypes};

use crate::output::{bad_input, ec2_error, print_json, Outcome};
use crate::table::Table;

/// Arguments of `eniplan limits`.
#[derive(clap::Args)]
pub struct Args {
    /// Instance types, e.g. m5.large.
    #[arg(required = true)]
    types: Vec<String>,
    /// Print DescribeInstanceTypes JSON (`{"InstanceTypes": [...]}`).
    #[arg(long)]
    json: bool,
}

/// Looks every type up first, so that one unknown type fails the whole command.
pub fn lookup<'a>(
    types: &'a InstanceTypes,
    names: &[String],
) -> Result<Vec<&'a InstanceType>, Outcome> {
    names
        .iter()
        .map(|name| {
            types
                .lookup(name)
                .map_err(|error| bad_input(ec2_error(&error)))
        })
        .collect()
}

/// Prints the limits.
pub fn run(args: &Args) -> Outcome {
    let types = InstanceTypes::embedded();
    let found = match lookup(&types, &args.types) {
        Ok(found) => found,
        Err(outcome) => return outcome,
    };
    if args.json {
        let shaped: Vec<serde_json::Value> = found.iter().map(|t| t.to_describe_json()).collect();
        print_json(&serde_json::json!({"InstanceTypes": shaped}));
        return Outcome::Success;
    }
    let mut table = Table::new(&[
        "type",
        "hypervisor",
        "bare metal",
        "vCPUs",
        "ENIs (card 0)",
        "cards",
        "ENIs (all)",
        "IPv4/ENI",
        "IPv6/ENI",
        "prefixes",
        "branch ENIs",
    ]);
    for t in found {
        table.row(vec![
            t.name.clone(),
            t.hypervisor.as_str().to_owned(),
            yes_no(t.bare_metal),
            t.vcpus.map_or_else(|| "?".to_owned(), |v| v.to_string()),
            t.max_enis.to_string(),
            t.network_cards.len().to_string(),
            t.total_interfaces().to_string(),
            t.ipv4_per_eni.to_string(),
            t.ipv6_per_eni.to_string(),
            yes_no(t.supports_prefixes()),
            t.branch_interfaces.to_string(),
        ]);
    }
    print!("{table}");
    Outcome::Success
}

fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_owned()
}
