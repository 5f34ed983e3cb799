//! `ClientToken` on the creates that take it (RunInstances, CreateNetworkInterface): a request
//! repeated with its token answers with what the first made, and a token repeated with other
//! members is `IdempotentParameterMismatch`.

use serde_json::Value;

use crate::error::Error;
use crate::json::Object;
use crate::model::Ec2;

/// EC2's bound on a client token: "up to 64 ASCII characters".
const MAX_TOKEN_LENGTH: usize = 64;

/// A request's token and the text it is compared by.
pub(crate) struct TokenedRequest {
    action: &'static str,
    token: String,
    request: String,
}

impl TokenedRequest {
    /// The request's `ClientToken`, if it has one (an empty token counts as none), checked.
    pub(crate) fn read(action: &'static str, members: &Object<'_>) -> Result<Option<Self>, Error> {
        let Some(token) = members.string("ClientToken")?.filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        if token.len() > MAX_TOKEN_LENGTH || !token.is_ascii() {
            return Err(Error::InvalidClientToken {
                token: token.to_owned(),
            });
        }
        let mut request = String::new();
        let others = members
            .as_map()
            .iter()
            .filter(|(name, _)| !matches!(name.as_str(), "ClientToken" | "DryRun"));
        write_object(&mut request, others);
        Ok(Some(TokenedRequest {
            action,
            token: token.to_owned(),
            request,
        }))
    }

    /// The token.
    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    /// The ids the first request with this token made, or `None` when it is new.
    pub(crate) fn earlier(&self, ec2: &Ec2) -> Result<Option<Vec<String>>, Error> {
        Ok(ec2
            .client_token_ids(self.action, &self.token, &self.request)?
            .map(<[String]>::to_vec))
    }

    /// Records what this request made.
    pub(crate) fn remember(self, ec2: &mut Ec2, ids: Vec<String>) {
        ec2.remember_client_token(self.action, &self.token, self.request, ids);
    }
}

/// JSON text with every object's members in name order and its `null` members left out (a
/// request reads `null` as absent), so that the same request written another way compares
/// equal.
fn write_canonical(out: &mut String, value: &Value) {
    match value {
        Value::Object(members) => write_object(out, members.iter()),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_canonical(out, item);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn write_object<'a>(out: &mut String, members: impl Iterator<Item = (&'a String, &'a Value)>) {
    let mut members: Vec<(&String, &Value)> =
        members.filter(|(_, value)| !value.is_null()).collect();
    members.sort_by(|a, b| a.0.cmp(b.0));
    out.push('{');
    for (index, (name, value)) in members.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&Value::String(name.clone()).to_string());
        out.push(':');
        write_canonical(out, value);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::write_canonical;

    #[test]
    fn member_order_does_not_matter_and_values_do() {
        let text = |value| {
            let mut out = String::new();
            write_canonical(&mut out, &value);
            out
        };
        let first = text(json!({"b": [1, {"y": true, "x": "s"}], "a": null}));
        assert_eq!(first, r#"{"b":[1,{"x":"s","y":true}]}"#);
        assert_eq!(first, text(json!({"b": [1, {"x": "s", "y": true}]})));
        assert_ne!(
            first,
            text(json!({"a": null, "b": [{"x": "s", "y": true}, 1]}))
        );
    }
}
