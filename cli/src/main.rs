//! The `eniplan` command: what Amazon EC2 would answer about private IPv4 addressing, from real
//! `aws ec2 describe-*` output, offline.

mod check;
mod limits;
mod max_pods;
mod output;
mod serve;
mod simulate;
mod simulate_html;
mod state;
mod subnet_report;
mod svg;
mod table;
mod timeline_svg;
mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Answers what Amazon EC2 would answer about private IPv4 addressing, offline.
#[derive(Parser)]
#[command(name = "eniplan", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The response EC2 would give to a request against the given state, or its error.
    Check(check::Args),
    /// Per subnet: usable, owned and free addresses, free aligned /28 blocks, and what pins them.
    SubnetReport(subnet_report::Args),
    /// Network limits of instance types.
    Limits(limits::Args),
    /// The most pods an EKS node of an instance type can run under the VPC CNI.
    MaxPods(max_pods::Args),
    /// Check a request's shape as EC2 does before it looks at any state.
    Validate(validate::Args),
    /// A local EC2 endpoint (the EC2 Query protocol) that the AWS SDKs and CLI can use.
    Serve(serve::Args),
    /// A Kubernetes cluster's VPC CNI warm pools over time on the given subnets: will it scale?
    Simulate(simulate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::SubnetReport(args) => subnet_report::run(&args),
        Command::Limits(args) => limits::run(&args),
        Command::MaxPods(args) => max_pods::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Simulate(args) => simulate::run(&args),
    };
    outcome.exit_code()
}
