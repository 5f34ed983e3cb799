//! `ClientToken` idempotency: a create repeated with the same token gives back what the first
//! made, instead of making it again (after a lost response, the SDKs retry with the same token).

use std::collections::BTreeMap;

use crate::error::Error;
use crate::model::Ec2;

/// What a token was first used for: the request (a canonical text of its members, the token
/// and `DryRun` left out) and the ids it made.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TokenUse {
    request: String,
    ids: Vec<String>,
}

/// Every token used, by action and token.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClientTokens(BTreeMap<(&'static str, String), TokenUse>);

impl Ec2 {
    /// The ids an earlier `action` with `token` made, when its request was `request`; EC2's
    /// `IdempotentParameterMismatch` when the token came with another request; `None` for a
    /// token not used yet. A request that failed used no token.
    pub fn client_token_ids(
        &self,
        action: &'static str,
        token: &str,
        request: &str,
    ) -> Result<Option<&[String]>, Error> {
        match self.client_tokens.0.get(&(action, token.to_owned())) {
            None => Ok(None),
            Some(used) if used.request == request => Ok(Some(&used.ids)),
            Some(_) => Err(Error::IdempotentParameterMismatch),
        }
    }

    /// Records that `action` with `token` and `request` made `ids`.
    pub fn remember_client_token(
        &mut self,
        action: &'static str,
        token: &str,
        request: String,
        ids: Vec<String>,
    ) {
        self.client_tokens
            .0
            .insert((action, token.to_owned()), TokenUse { request, ids });
    }
}
