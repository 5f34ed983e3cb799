//! `eniplan subnet-report`: why prefixes fail while addresses remain.

use std::path::PathBuf;

use eniplan::model::SubnetReport;
use eniplan::{Ec2, SubnetId};

use crate::output::{bad_input, ec2_error, print_json, Outcome};

/// Arguments of `eniplan subnet-report`.
#[derive(clap::Args)]
pub struct Args {
    /// describe-* output files or folders holding them; subnets are required.
    #[arg(long, num_args = 1.., required = true)]
    state: Vec<PathBuf>,
    /// Report only this subnet (repeatable).
    #[arg(long)]
    subnet: Vec<String>,
    /// Also draw the subnets as a grid of /28 blocks into this SVG file.
    #[arg(long)]
    svg: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Prints one report per subnet.
pub fn run(args: &Args) -> Outcome {
    let ec2 = match crate::state::load(&args.state) {
        Ok(ec2) => ec2,
        Err(message) => return bad_input(message),
    };
    let ids = match selected(&ec2, &args.subnet) {
        Ok(ids) => ids,
        Err(outcome) => return outcome,
    };
    let mut reports = Vec::with_capacity(ids.len());
    for &id in &ids {
        match ec2.subnet_report(id) {
            Ok(report) => reports.push(report),
            Err(error) => return bad_input(ec2_error(&error)),
        }
    }
    if let Some(path) = &args.svg {
        let drawing = match crate::svg::draw(&ec2, &reports) {
            Ok(drawing) => drawing,
            Err(error) => return bad_input(ec2_error(&error)),
        };
        if let Err(error) = std::fs::write(path, drawing) {
            return bad_input(format!("cannot write {}: {error}", path.display()));
        }
    }
    if args.json {
        let shaped: Vec<serde_json::Value> = reports.iter().map(SubnetReport::to_json).collect();
        print_json(&serde_json::json!({"SubnetReports": shaped}));
    } else {
        for report in &reports {
            print_report(&ec2, report);
        }
    }
    Outcome::Success
}

fn selected(ec2: &Ec2, wanted: &[String]) -> Result<Vec<SubnetId>, Outcome> {
    if wanted.is_empty() {
        return Ok(ec2.subnets().iter().map(|s| s.id).collect());
    }
    wanted
        .iter()
        .map(|text| {
            SubnetId::parse(text)
                .and_then(|id| ec2.subnet(id).map(|s| s.id))
                .map_err(|error| bad_input(ec2_error(&error)))
        })
        .collect()
}

fn print_report(ec2: &Ec2, report: &SubnetReport) {
    let zone = ec2
        .subnet(report.subnet_id)
        .map(|s| s.availability_zone.clone())
        .unwrap_or_default();
    println!("{}  {}  {zone}", report.subnet_id, report.cidr);
    let largest = report
        .largest_free_aligned_block
        .map_or_else(|| "none".to_owned(), |net| net.to_string());
    let lines = [
        ("usable addresses", report.usable.to_string()),
        ("owned (a prefix counts 16)", report.owned.to_string()),
        ("AvailableIpAddressCount", report.available.to_string()),
        (
            "left for automatic addresses",
            report.available_for_automatic_addresses.to_string(),
        ),
        (
            "free aligned /28 blocks",
            report.free_aligned_blocks.to_string(),
        ),
        ("largest free aligned block", largest),
        (
            "/28 blocks pinned by one address",
            report.blocks_pinned_by_one_address().to_string(),
        ),
    ];
    for (label, value) in lines {
        println!("  {label:<34}{value}");
    }
    if report.free_aligned_blocks == 0 && report.available_for_automatic_addresses > 0 {
        println!(
            "  Ipv4PrefixCount requests fail here with InsufficientCidrBlocks although {} addresses are free.",
            report.available_for_automatic_addresses
        );
    }
    let single: Vec<_> = report
        .pinned_blocks
        .iter()
        .filter(|b| b.addresses.len() == 1)
        .collect();
    if !single.is_empty() {
        println!("  blocks one address away from free:");
        for block in single {
            let (address, eni) = block.addresses[0];
            println!("    {:<18} {address} on {eni}", block.prefix.to_string());
        }
    }
    println!();
}
