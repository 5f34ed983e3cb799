//! What the test suites of eniplan share.
//!
//! [`fixture`]: the network most tests start from (a VPC, a subnet and a running instance),
//! built through whichever surface a test drives: the model's JSON entry point, the C library,
//! or `eniplan serve` over HTTP. [`calls`]: a call through the model's JSON entry point that
//! must succeed, or its refusal's EC2 code and message.

pub mod calls;
pub mod fixture;
