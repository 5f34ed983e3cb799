//! Reading request members out of JSON in the SDK's PascalCase shape.
//!
//! Requests are read member by member from a [`serde_json::Value`] rather than through a serde
//! derive, so that every problem becomes an EC2 error naming the member (`UnknownParameter`,
//! `InvalidParameterValue`), never a serde message.

use serde_json::{Map, Value};

use crate::error::{Error, JsonType};
use crate::ids::ResourceId;

/// The members of one JSON object of a request, already checked for unknown names.
pub(crate) struct Members<'a> {
    object: &'a Map<String, Value>,
    /// Where this object sits in the request, e.g. `PrivateIpAddresses[1].`; empty at the top.
    path: String,
}

impl<'a> Members<'a> {
    /// Reads the top-level request object. `known` are the members the action models;
    /// `ignored` are members of the real API that do not affect addressing, accepted and unused.
    pub(crate) fn top(
        value: &'a Value,
        known: &[&str],
        ignored: &[&str],
    ) -> Result<Members<'a>, Error> {
        let object = value.as_object().ok_or_else(|| Error::MalformedRequest {
            reason: format!("found {}", describe(value)),
        })?;
        Members::checked(object, String::new(), known, ignored)
    }

    fn checked(
        object: &'a Map<String, Value>,
        path: String,
        known: &[&str],
        ignored: &[&str],
    ) -> Result<Members<'a>, Error> {
        if let Some(unknown) = object
            .keys()
            .find(|name| !known.contains(&name.as_str()) && !ignored.contains(&name.as_str()))
        {
            return Err(Error::UnknownParameter {
                parameter: format!("{path}{unknown}"),
            });
        }
        Ok(Members { object, path })
    }

    /// A member's value; JSON `null` counts as absent, as the SDKs treat it.
    fn get(&self, name: &str) -> Option<&'a Value> {
        self.object.get(name).filter(|value| !value.is_null())
    }

    fn wrong_type(&self, name: &str, expected: JsonType) -> Error {
        Error::WrongParameterType {
            parameter: format!("{}{name}", self.path),
            expected,
        }
    }

    /// An optional string member.
    pub(crate) fn string(&self, name: &str) -> Result<Option<String>, Error> {
        self.get(name)
            .map(|value| {
                value
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| self.wrong_type(name, JsonType::String))
            })
            .transpose()
    }

    /// A required string member (`MissingParameter` when absent).
    pub(crate) fn required_string(&self, name: &str) -> Result<String, Error> {
        self.string(name)?.ok_or_else(|| Error::MissingParameter {
            parameter: format!("{}{name}", self.path),
        })
    }

    /// An optional id member, parsed (`...Malformed` when it is not an id of its kind).
    pub(crate) fn id<T: ResourceId>(&self, name: &str) -> Result<Option<T>, Error> {
        self.string(name)?
            .map(|text| T::parse_id(&text))
            .transpose()
    }

    /// A required id member.
    pub(crate) fn required_id<T: ResourceId>(&self, name: &str) -> Result<T, Error> {
        T::parse_id(&self.required_string(name)?)
    }

    /// A list of ids, each parsed.
    pub(crate) fn id_list<T: ResourceId>(&self, name: &str) -> Result<Vec<T>, Error> {
        self.string_list(name)?
            .iter()
            .map(|text| T::parse_id(text))
            .collect()
    }

    /// An optional integer member.
    pub(crate) fn integer(&self, name: &str) -> Result<Option<i64>, Error> {
        self.get(name)
            .map(|value| {
                value
                    .as_i64()
                    .ok_or_else(|| self.wrong_type(name, JsonType::Integer))
            })
            .transpose()
    }

    /// An optional boolean member.
    pub(crate) fn boolean(&self, name: &str) -> Result<Option<bool>, Error> {
        self.get(name)
            .map(|value| {
                value
                    .as_bool()
                    .ok_or_else(|| self.wrong_type(name, JsonType::Boolean))
            })
            .transpose()
    }

    fn list(&self, name: &str) -> Result<&'a [Value], Error> {
        match self.get(name) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(self.wrong_type(name, JsonType::List)),
        }
    }

    /// A list of strings; absent gives an empty list.
    pub(crate) fn string_list(&self, name: &str) -> Result<Vec<String>, Error> {
        self.list(name)?
            .iter()
            .enumerate()
            .map(|(index, item)| {
                item.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| self.wrong_type(&format!("{name}[{index}]"), JsonType::String))
            })
            .collect()
    }

    /// A list of structures, each read by `read` from its checked members.
    pub(crate) fn structure_list<T>(
        &self,
        name: &str,
        known: &[&str],
        read: impl Fn(&Members<'a>) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        self.list(name)?
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let element = format!("{name}[{index}]");
                let object = item
                    .as_object()
                    .ok_or_else(|| self.wrong_type(&element, JsonType::Structure))?;
                let members =
                    Members::checked(object, format!("{}{element}.", self.path), known, &[])?;
                read(&members)
            })
            .collect()
    }
}

/// Parses request text as JSON, mapping a syntax error to `InvalidRequest`.
pub(crate) fn parse_text(text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|error| Error::MalformedRequest {
        reason: format!("invalid JSON: {error}"),
    })
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
