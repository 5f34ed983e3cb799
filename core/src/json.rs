//! The one reader of JSON objects: requests, describe-* documents and DescribeInstanceTypes
//! data all come through it, so a member is read the same way everywhere (`null` counts as
//! absent, as the SDKs treat it) and every problem is told the same way: the member's path and
//! what is wrong with it, a [`MemberProblem`].
//!
//! Members are read one by one from a [`serde_json::Value`] rather than through a serde derive,
//! so that every problem becomes an EC2 error naming the member, never a serde message. Where
//! the object came from ([`Origin`]) decides which error: a request answers EC2's parameter
//! errors, a document one error naming the resource it describes.

use std::net::Ipv4Addr;
use std::str::FromStr;

use ipnet::Ipv4Net;
use serde_json::{Map, Value};

use crate::error::{Error, JsonType, MemberProblem};
use crate::ids::ResourceId;
use crate::prefix::parse_address;
use crate::schema::{ActionSchema, Member, Presence, Shape};

/// Where an object came from, which decides how a problem with one of its members is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// An EC2 request: `MissingParameter`, `WrongParameterType` (`InvalidParameterValue`), and
    /// each id's own `...Malformed`.
    Request,
    /// describe-* output about one resource, named as in `network interface eni-0a1b2c3d`:
    /// `InvalidDescribeInput`.
    Describe(String),
    /// DescribeInstanceTypes output, with the entry's `InstanceType` once read:
    /// `InvalidInstanceTypeInfo`.
    InstanceType(Option<String>),
}

/// The members a request object may have: its action's, or a structure's inside it.
#[derive(Debug, Clone, Copy)]
enum Declared {
    Action(&'static ActionSchema),
    Structure(&'static [Member]),
}

impl Declared {
    fn member(self, name: &str) -> Option<&'static Member> {
        match self {
            Declared::Action(action) => action.member(name),
            Declared::Structure(members) => members.iter().find(|member| member.name == name),
        }
    }
}

/// One JSON object, with where it sits for the messages of its problems.
#[derive(Debug, Clone)]
pub(crate) struct Object<'a> {
    members: &'a Map<String, Value>,
    /// This object's path, ending in `.` unless empty: `PrivateIpAddresses[1].`, `NetworkInfo.`.
    path: String,
    origin: Origin,
    /// For a request, the members it may have, already checked against its keys.
    declared: Option<Declared>,
}

/// What a JSON value is, for the message of a request that is not an object.
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

/// `UnknownParameter` for the first member `declared` does not have, here or in the structures
/// of its lists, before anything is read, as EC2 checks a request's whole shape first. A value
/// of the wrong type is left for the reader to refuse.
fn check_names(members: &Map<String, Value>, path: &str, declared: Declared) -> Result<(), Error> {
    for (name, value) in members {
        let member = declared
            .member(name)
            .ok_or_else(|| Error::UnknownParameter {
                parameter: format!("{path}{name}"),
            })?;
        match (member.shape, value) {
            (Shape::Structures(inner), Value::Array(items)) => {
                for (index, item) in items.iter().enumerate() {
                    if let Value::Object(item) = item {
                        let path = format!("{path}{name}[{index}].");
                        check_names(item, &path, Declared::Structure(inner))?;
                    }
                }
            }
            (Shape::Structure(inner), Value::Object(item)) => {
                check_names(item, &format!("{path}{name}."), Declared::Structure(inner))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The error for a problem with `member` (a path; empty for a document itself) of an object
/// from `origin`.
fn told(origin: &Origin, member: String, problem: MemberProblem) -> Error {
    match origin {
        Origin::Request => match problem {
            MemberProblem::Missing => Error::MissingParameter { parameter: member },
            MemberProblem::WrongType(expected) => Error::WrongParameterType {
                parameter: member,
                expected,
            },
            other => Error::MalformedRequest {
                reason: format!("{member} {other}"),
            },
        },
        Origin::Describe(resource) => Error::InvalidDescribeInput {
            resource: resource.clone(),
            problem: if member.is_empty() {
                problem.to_string()
            } else {
                format!("{member} {problem}")
            },
        },
        Origin::InstanceType(instance_type) => Error::InvalidInstanceTypeInfo {
            instance_type: instance_type.clone(),
            member,
            problem,
        },
    }
}

impl<'a> Object<'a> {
    /// A request of `action`: an object whose every member the action declares
    /// (`UnknownParameter` names the first that it does not).
    pub(crate) fn request(value: &'a Value, action: &'static ActionSchema) -> Result<Self, Error> {
        let members = value.as_object().ok_or_else(|| Error::MalformedRequest {
            reason: format!("found {}", describe(value)),
        })?;
        Object::checked(members, String::new(), Declared::Action(action))
    }

    fn checked(
        members: &'a Map<String, Value>,
        path: String,
        declared: Declared,
    ) -> Result<Self, Error> {
        check_names(members, &path, declared)?;
        Ok(Object {
            members,
            path,
            origin: Origin::Request,
            declared: Some(declared),
        })
    }

    /// A document, or an object inside one, which must be a JSON object.
    pub(crate) fn document(value: &'a Value, origin: Origin) -> Result<Self, Error> {
        match value.as_object() {
            Some(members) => Ok(Object {
                members,
                path: String::new(),
                origin,
                declared: None,
            }),
            None => Err(told(
                &origin,
                String::new(),
                MemberProblem::WrongType(JsonType::Structure),
            )),
        }
    }

    /// The same object, its problems told as coming from `origin` (a resource named once its
    /// id is read).
    pub(crate) fn with_origin(self, origin: Origin) -> Self {
        Object { origin, ..self }
    }

    /// The error for member `name` of this object.
    pub(crate) fn problem(&self, name: &str, problem: MemberProblem) -> Error {
        let member = format!("{}{name}", self.path);
        told(&self.origin, member, problem)
    }

    /// A member's value; `null` counts as absent.
    pub(crate) fn get(&self, name: &str) -> Option<&'a Value> {
        self.check_declared(name);
        self.members.get(name).filter(|value| !value.is_null())
    }

    /// Every member as given, to compare whole requests (a repeated `ClientToken`).
    pub(crate) fn as_map(&self) -> &'a Map<String, Value> {
        self.members
    }

    /// Whether the object has the member (not `null`).
    pub(crate) fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// A request reads only what its action declares, and never an ignored member.
    fn check_declared(&self, name: &str) {
        if let Some(declared) = self.declared {
            debug_assert!(
                declared
                    .member(name)
                    .is_some_and(|member| member.presence != Presence::Ignored),
                "a request reads {name}, which its schema does not declare as read"
            );
        }
    }

    fn required<T>(&self, name: &str, value: Option<T>) -> Result<T, Error> {
        value.ok_or_else(|| self.problem(name, MemberProblem::Missing))
    }

    /// An optional string member.
    pub(crate) fn string(&self, name: &str) -> Result<Option<&'a str>, Error> {
        self.get(name)
            .map(|value| {
                value
                    .as_str()
                    .ok_or_else(|| self.problem(name, MemberProblem::WrongType(JsonType::String)))
            })
            .transpose()
    }

    /// A required string member.
    pub(crate) fn required_string(&self, name: &str) -> Result<&'a str, Error> {
        let value = self.string(name)?;
        self.required(name, value)
    }

    /// A required string member that is not empty.
    pub(crate) fn required_non_empty_string(&self, name: &str) -> Result<&'a str, Error> {
        let value = self.non_empty_string(name)?;
        self.required(name, value)
    }

    /// An optional string member that is not empty when given.
    pub(crate) fn non_empty_string(&self, name: &str) -> Result<Option<&'a str>, Error> {
        match self.string(name)? {
            Some("") => Err(self.problem(name, MemberProblem::Empty)),
            other => Ok(other),
        }
    }

    /// An optional integer member, as a request carries it (EC2 checks each one's range).
    pub(crate) fn integer(&self, name: &str) -> Result<Option<i64>, Error> {
        self.get(name)
            .map(|value| {
                value
                    .as_i64()
                    .ok_or_else(|| self.problem(name, MemberProblem::WrongType(JsonType::Integer)))
            })
            .transpose()
    }

    /// An optional integer member from 0 to `u32::MAX`, as describe output carries counts.
    pub(crate) fn count(&self, name: &str) -> Result<Option<u32>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(number)) => match number.as_u64() {
                Some(value) => u32::try_from(value)
                    .map(Some)
                    .map_err(|_| self.problem(name, MemberProblem::OutOfRange)),
                None if number.is_i64() => Err(self.problem(name, MemberProblem::OutOfRange)),
                None => Err(self.problem(name, MemberProblem::WrongType(JsonType::Integer))),
            },
            Some(_) => Err(self.problem(name, MemberProblem::WrongType(JsonType::Integer))),
        }
    }

    /// A required count.
    pub(crate) fn required_count(&self, name: &str) -> Result<u32, Error> {
        let value = self.count(name)?;
        self.required(name, value)
    }

    /// An optional boolean member.
    pub(crate) fn boolean(&self, name: &str) -> Result<Option<bool>, Error> {
        self.get(name)
            .map(|value| {
                value
                    .as_bool()
                    .ok_or_else(|| self.problem(name, MemberProblem::WrongType(JsonType::Boolean)))
            })
            .transpose()
    }

    /// A required boolean member.
    pub(crate) fn required_boolean(&self, name: &str) -> Result<bool, Error> {
        let value = self.boolean(name)?;
        self.required(name, value)
    }

    /// An optional list member.
    pub(crate) fn list(&self, name: &str) -> Result<Option<&'a [Value]>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(_) => Err(self.problem(name, MemberProblem::WrongType(JsonType::List))),
        }
    }

    /// A list member; absent gives an empty list.
    pub(crate) fn items(&self, name: &str) -> Result<&'a [Value], Error> {
        Ok(self.list(name)?.unwrap_or_default())
    }

    /// A required list member.
    pub(crate) fn required_list(&self, name: &str) -> Result<&'a [Value], Error> {
        let value = self.list(name)?;
        self.required(name, value)
    }

    /// A list of strings; absent gives an empty list.
    pub(crate) fn string_list(&self, name: &str) -> Result<Vec<String>, Error> {
        self.items(name)?
            .iter()
            .enumerate()
            .map(|(index, item)| {
                item.as_str().map(str::to_owned).ok_or_else(|| {
                    self.problem(
                        &format!("{name}[{index}]"),
                        MemberProblem::WrongType(JsonType::String),
                    )
                })
            })
            .collect()
    }

    /// `value`, which must be an object, as the member or list element `name` of this object.
    /// In a request its members are checked against the structure `name` declares.
    pub(crate) fn element(
        &self,
        value: &'a Value,
        name: &str,
        declared: Option<&'static [Member]>,
    ) -> Result<Object<'a>, Error> {
        let members = value
            .as_object()
            .ok_or_else(|| self.problem(name, MemberProblem::WrongType(JsonType::Structure)))?;
        let path = format!("{}{name}.", self.path);
        match declared {
            Some(declared) => Object::checked(members, path, Declared::Structure(declared)),
            None => Ok(Object {
                members,
                path,
                origin: self.origin.clone(),
                declared: None,
            }),
        }
    }

    /// In a request, the members of the structure (or of each structure of the list) that
    /// member `name` declares.
    fn declared_structure(&self, name: &str) -> Option<&'static [Member]> {
        match self.declared?.member(name)?.shape {
            Shape::Structure(members) | Shape::Structures(members) => Some(members),
            _ => None,
        }
    }

    /// An optional structure member; in a request its members are checked against the ones
    /// `name` declares.
    pub(crate) fn object(&self, name: &str) -> Result<Option<Object<'a>>, Error> {
        let declared = self.declared_structure(name);
        self.get(name)
            .map(|value| self.element(value, name, declared))
            .transpose()
    }

    /// A required structure member.
    pub(crate) fn required_object(&self, name: &str) -> Result<Object<'a>, Error> {
        let value = self.object(name)?;
        self.required(name, value)
    }

    /// A list of structures, each read by `read`; absent gives an empty list. In a request each
    /// structure's members are checked against the ones `name` declares.
    pub(crate) fn structure_list<T>(
        &self,
        name: &str,
        read: impl Fn(&Object<'a>) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        let declared = self.declared_structure(name);
        self.items(name)?
            .iter()
            .enumerate()
            .map(|(index, item)| {
                read(&self.element(item, &format!("{name}[{index}]"), declared)?)
            })
            .collect()
    }

    /// A value parsed from a string member: in a request, `parse`'s own EC2 error; in a
    /// document, a problem saying the value is not `expected`.
    fn parsed<T>(
        &self,
        name: &str,
        expected: &'static str,
        parse: impl Fn(&str) -> Result<T, Error>,
    ) -> Result<Option<T>, Error> {
        self.string(name)?
            .map(|text| {
                parse(text).map_err(|error| match self.origin {
                    Origin::Request => error,
                    _ => self.problem(
                        name,
                        MemberProblem::Invalid {
                            value: text.to_owned(),
                            expected,
                        },
                    ),
                })
            })
            .transpose()
    }

    /// An optional id member: in a request a malformed id is EC2's `...Malformed`.
    pub(crate) fn id<T: ResourceId>(&self, name: &str) -> Result<Option<T>, Error> {
        self.parsed(name, "a valid id", T::parse_id)
    }

    /// A required id member.
    pub(crate) fn required_id<T: ResourceId>(&self, name: &str) -> Result<T, Error> {
        let value = self.id(name)?;
        self.required(name, value)
    }

    /// A list of ids, each parsed.
    pub(crate) fn id_list<T: ResourceId>(&self, name: &str) -> Result<Vec<T>, Error> {
        self.string_list(name)?
            .iter()
            .map(|text| T::parse_id(text))
            .collect()
    }

    /// An optional IPv4 address member: in a request a bad one is rule 6's error.
    pub(crate) fn address(&self, name: &str) -> Result<Option<Ipv4Addr>, Error> {
        self.parsed(name, "an IPv4 address", parse_address)
    }

    /// A required IPv4 CIDR block member of a document, with its host bits cleared.
    pub(crate) fn cidr(&self, name: &str) -> Result<Ipv4Net, Error> {
        let text = self.required_string(name)?;
        Ipv4Net::from_str(text).map(|net| net.trunc()).map_err(|_| {
            self.problem(
                name,
                MemberProblem::Invalid {
                    value: text.to_owned(),
                    expected: "an IPv4 CIDR block",
                },
            )
        })
    }
}

/// Parses request text as JSON, mapping a syntax error to `InvalidRequest`.
pub(crate) fn parse_text(text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|error| Error::MalformedRequest {
        reason: format!("invalid JSON: {error}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_problem_is_told_in_each_origin_s_way() {
        let value = json!({"Count": "three", "Inner": {"Flag": 1}});
        let request = Object::document(&value, Origin::Request).unwrap();
        assert_eq!(
            request.count("Count").unwrap_err().to_string(),
            "Invalid type for parameter Count: expected an integer"
        );
        let describe =
            Object::document(&value, Origin::Describe("subnet subnet-1".into())).unwrap();
        assert_eq!(
            describe.count("Count").unwrap_err().to_string(),
            "Cannot load subnet subnet-1: Count must be an integer"
        );
        let inner = describe.required_object("Inner").unwrap();
        assert_eq!(
            inner.boolean("Flag").unwrap_err().to_string(),
            "Cannot load subnet subnet-1: Inner.Flag must be a boolean"
        );
        assert_eq!(
            describe.required_string("Name").unwrap_err().to_string(),
            "Cannot load subnet subnet-1: Name is missing"
        );
        let types = Object::document(&value, Origin::InstanceType(Some("m9.big".into()))).unwrap();
        assert_eq!(
            types.required_object("Missing").unwrap_err().to_string(),
            "Invalid DescribeInstanceTypes data for instance type m9.big: Missing is missing"
        );
        let list = json!([]);
        let not_an_object = Object::document(&list, Origin::Describe("a VPC".into()));
        assert_eq!(
            not_an_object.unwrap_err().to_string(),
            "Cannot load a VPC: must be a structure"
        );
    }

    #[test]
    fn values_that_do_not_parse_are_ec2_errors_in_requests_and_problems_in_documents() {
        let value = json!({"SubnetId": "subnet-x", "Address": "10.0.0.300"});
        let request = Object::document(&value, Origin::Request).unwrap();
        let error = request.id::<crate::SubnetId>("SubnetId").unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidSubnetID.Malformed");
        let describe = Object::document(&value, Origin::Describe("subnet".into())).unwrap();
        assert_eq!(
            describe
                .id::<crate::SubnetId>("SubnetId")
                .unwrap_err()
                .to_string(),
            "Cannot load subnet: SubnetId 'subnet-x' is not a valid id"
        );
        assert_eq!(
            describe.address("Address").unwrap_err().to_string(),
            "Cannot load subnet: Address '10.0.0.300' is not an IPv4 address"
        );
    }
}
