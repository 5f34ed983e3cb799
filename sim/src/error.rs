//! Why a scenario cannot run.

/// A scenario that cannot run: a member that does not parse, or names an unknown subnet,
/// instance type, node group or setting. The message names the member.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ScenarioError {
    message: String,
}

impl ScenarioError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            message: message.into(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}
