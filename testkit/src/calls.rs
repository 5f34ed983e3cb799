//! Calls through the model's JSON entry point ([`Ec2::call`]) as tests make them: a success's
//! response, or a refusal's EC2 code and message.

use eniplan::Ec2;
use serde_json::Value;

/// The response of a call that must succeed; a failure panics with EC2's code and message.
pub fn call(ec2: &mut Ec2, action: &str, request: Value) -> Value {
    ec2.call(action, &request)
        .unwrap_or_else(|e| panic!("{action} failed: {}: {e}", e.code().as_str()))
}

/// The EC2 code and message of a call that must fail; a success panics.
pub fn refuse(ec2: &mut Ec2, action: &str, request: Value) -> (String, String) {
    match ec2.call(action, &request) {
        Ok(response) => panic!("{action} succeeded: {response}"),
        Err(error) => (error.code().as_str().to_owned(), error.to_string()),
    }
}

/// A refusal as [`refuse`] gives it, to compare with.
pub fn refused(code: &str, message: &str) -> (String, String) {
    (code.to_owned(), message.to_owned())
}
