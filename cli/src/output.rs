//! How a command ends: its exit status and where its diagnostics go.

use std::process::ExitCode;

use eniplan::Error;

/// What a command came to.
pub enum Outcome {
    /// Done: exit 0.
    Success,
    /// EC2 would refuse the request: exit 1.
    Refused,
    /// Bad input or usage, already reported on stderr: exit 2.
    BadInput,
}

impl Outcome {
    /// The process exit status.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Outcome::Success => 0,
            Outcome::Refused => 1,
            Outcome::BadInput => 2,
        })
    }
}

/// Reports bad input on stderr and gives [`Outcome::BadInput`].
pub fn bad_input(message: impl std::fmt::Display) -> Outcome {
    eprintln!("eniplan: {message}");
    Outcome::BadInput
}

/// An EC2 error as `Code: message`.
pub fn ec2_error(error: &Error) -> String {
    format!("{}: {error}", error.code().as_str())
}

/// An EC2 error in the shape of EC2's error response.
pub fn ec2_error_json(error: &Error) -> serde_json::Value {
    serde_json::json!({"Error": {"Code": error.code().as_str(), "Message": error.to_string()}})
}

/// Prints JSON, pretty, on stdout.
pub fn print_json(value: &serde_json::Value) {
    println!("{value:#}");
}

/// Reads a file, or stdin for `-`.
pub fn read_input(path: &std::path::Path) -> std::io::Result<String> {
    if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
}
