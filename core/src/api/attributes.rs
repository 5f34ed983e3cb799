//! What the Modify...Attribute actions share: EC2 changes one attribute a call, and a
//! boolean or string attribute comes as `{"Value": ...}`.

use crate::error::Error;
use crate::json::Object;

/// The one attribute a request names, of `attributes` (each what it changes, its member and
/// its name as EC2 spells it in messages), with its member: `NoAttributes` without any,
/// `MultipleAttributes` naming them with more than one.
pub(crate) fn one<T: Copy>(
    members: &Object<'_>,
    attributes: &[(T, &'static str, &'static str)],
) -> Result<(T, &'static str), Error> {
    let given: Vec<&(T, &'static str, &'static str)> = attributes
        .iter()
        .filter(|(_, member, _)| members.has(member))
        .collect();
    match given.as_slice() {
        [] => Err(Error::NoAttributes),
        [(what, member, _)] => Ok((*what, member)),
        several => Err(Error::MultipleAttributes {
            attributes: several.iter().map(|(_, _, name)| *name).collect(),
        }),
    }
}

/// The `Value` of a boolean attribute member (`MissingParameter` naming `Member.Value`).
pub(crate) fn boolean_value(members: &Object<'_>, member: &str) -> Result<bool, Error> {
    members.required_object(member)?.required_boolean("Value")
}

/// The `Value` of a string attribute member.
pub(crate) fn string_value(members: &Object<'_>, member: &str) -> Result<String, Error> {
    Ok(members
        .required_object(member)?
        .required_string("Value")?
        .to_owned())
}
