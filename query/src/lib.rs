//! The EC2 Query protocol, as `eniplan serve` speaks it: flattened form parameters in
//! (`PrivateIpAddress.1=...`), XML out, translated to and from the JSON shapes that
//! [`Ec2::call`](eniplan::Ec2::call) speaks. The model itself (the crate `eniplan`) knows no
//! wire protocol.
//!
//! Wire names follow botocore's EC2 serializer: a list member is flattened as `Name.N`, N from
//! 1, under its singular wire name (`PrivateIpAddress.N` for `PrivateIpAddresses`), and a list
//! of structures as `Name.N.Member`. Responses are XML in the 2016-11-15 namespace, with lists
//! as `<nameSet><item>...</item></nameSet>`, and errors are EC2's `<Response><Errors>` document.
//! Each action's members, their wire names and shapes, and its response's element names come
//! from its declaration in [`eniplan::schema`], which the model's JSON reader uses too.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{Map, Value};

use eniplan::error::{Error, JsonType};
use eniplan::schema::{self, ActionSchema, Member, Shape};

/// The most items one list parameter may hold.
pub const MAX_LIST_ITEMS: usize = 1000;

/// The most dot-separated parts a parameter name may have. EC2's deepest real member paths
/// have five (`NetworkInterface.1.PrivateIpAddresses.1.PrivateIpAddress`,
/// `TagSpecification.1.Tag.1.Key`); a deeper name is no member of any action. The bound keeps
/// the decoder's work, and its recursion over pass-through members, proportional to the
/// request's size whatever the request holds.
pub const MAX_PARAMETER_PARTS: usize = 8;

/// The namespace of EC2's XML responses.
pub const XML_NAMESPACE: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

/// Parameters every request may carry that are not the action's: the protocol's own and the
/// signature's. eniplan checks no signature, but a signed request works.
const PROTOCOL_PARAMETERS: &[&str] = &[
    "Action",
    "Version",
    "AWSAccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "Signature",
    "Timestamp",
    "Expires",
    "SecurityToken",
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
];

/// A parsed Query request: the action and its JSON request.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryRequest {
    /// The action the `Action` parameter names.
    pub action: &'static ActionSchema,
    /// The other parameters, as the JSON request [`Ec2::call`](eniplan::Ec2::call) takes.
    pub request: Value,
}

/// What is left of a parameter key split at its dots, borrowed from the whole key's parts:
/// `Filter.1.Value.2` is `["Filter", "1", "Value", "2"]`, and inside `Filter.1` it is
/// `["Value", "2"]`. Going one level down takes a subslice, never a copy.
type Path<'p, 'a> = &'p [&'a str];

/// Parameters grouped by list index, each with the rest of its key.
type Items<'p, 'a> = BTreeMap<usize, Vec<(Path<'p, 'a>, &'a str)>>;

/// Reads the form parameters of a Query request into its action and JSON request.
///
/// ```
/// use eniplan_query::parse_query;
/// let pairs = [("Action", "AssignPrivateIpAddresses"), ("Version", "2016-11-15"),
///     ("NetworkInterfaceId", "eni-0a1b2c3d"), ("PrivateIpAddress.1", "10.0.0.5"),
///     ("PrivateIpAddress.2", "10.0.0.6"), ("AllowReassignment", "true")];
/// let parsed = parse_query(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))?;
/// assert_eq!(parsed.request, serde_json::json!({"NetworkInterfaceId": "eni-0a1b2c3d",
///     "PrivateIpAddresses": ["10.0.0.5", "10.0.0.6"], "AllowReassignment": true}));
/// # Ok::<(), eniplan::Error>(())
/// ```
pub fn parse_query(
    pairs: impl IntoIterator<Item = (String, String)>,
) -> Result<QueryRequest, Error> {
    let pairs: Vec<(String, String)> = pairs.into_iter().collect();
    let action = pairs
        .iter()
        .find(|(key, _)| key == "Action")
        .map(|(_, value)| value.clone())
        .ok_or(Error::MissingAction)?;
    let action = schema::action(&action).ok_or(Error::InvalidAction { action })?;
    let keys: Vec<(Vec<&str>, &str)> = pairs
        .iter()
        .filter(|(key, _)| !PROTOCOL_PARAMETERS.contains(&key.as_str()))
        .map(|(key, value)| {
            (
                key.splitn(MAX_PARAMETER_PARTS + 1, '.').collect(),
                value.as_str(),
            )
        })
        .collect();
    if let Some((parts, _)) = keys
        .iter()
        .find(|(parts, _)| parts.len() > MAX_PARAMETER_PARTS)
    {
        // No member is this deep: the name, cut after the deepest part any member could have.
        return Err(Error::UnknownParameter {
            parameter: format!("{}...", parts[..MAX_PARAMETER_PARTS].join(".")),
        });
    }
    let params: Vec<(Path<'_, '_>, &str)> = keys
        .iter()
        .map(|(parts, value)| (parts.as_slice(), *value))
        .collect();
    let members: Vec<&Member> = action.members().collect();
    let request = read_members(&members, &params, "")?;
    Ok(QueryRequest { action, request })
}

/// Reads the parameters at one level (top level, or inside one structure of a list).
fn read_members(
    members: &[&Member],
    params: &[(Path<'_, '_>, &str)],
    prefix: &str,
) -> Result<Value, Error> {
    let mut by_member: BTreeMap<&str, Vec<(Path<'_, '_>, &str)>> = BTreeMap::new();
    for (path, value) in params {
        let name = path.first().copied().unwrap_or_default();
        if !members.iter().any(|member| member.wire == name) {
            return Err(Error::UnknownParameter {
                parameter: format!("{prefix}{}", path.join(".")),
            });
        }
        by_member
            .entry(name)
            .or_default()
            .push((path.get(1..).unwrap_or_default(), value));
    }
    let mut object = Map::new();
    for member in members {
        let Some(entries) = by_member.get(member.wire) else {
            continue;
        };
        let parameter = format!("{prefix}{}", member.wire);
        object.insert(
            member.name.to_owned(),
            read_member(member.shape, entries, &parameter)?,
        );
    }
    Ok(Value::Object(object))
}

fn scalar<'a>(entries: &[(Path<'_, '_>, &'a str)], parameter: &str) -> Result<&'a str, Error> {
    match entries {
        [([], value)] => Ok(value),
        _ => Err(Error::UnknownParameter {
            parameter: entries
                .iter()
                .find(|(rest, _)| !rest.is_empty())
                .map_or_else(
                    || parameter.to_owned(),
                    |(rest, _)| format!("{parameter}.{}", rest.join(".")),
                ),
        }),
    }
}

/// Groups `N.rest` entries by their 1-based index N, bounded by [`MAX_LIST_ITEMS`].
fn items<'p, 'a>(
    entries: &[(Path<'p, 'a>, &'a str)],
    parameter: &str,
) -> Result<Items<'p, 'a>, Error> {
    let mut items: Items<'p, 'a> = BTreeMap::new();
    for (path, value) in entries {
        let index = path
            .first()
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n >= 1)
            .ok_or_else(|| Error::UnknownParameter {
                parameter: format!("{parameter}.{}", path.join(".")),
            })?;
        if index > MAX_LIST_ITEMS {
            return Err(Error::ListTooLong {
                parameter: parameter.to_owned(),
                limit: MAX_LIST_ITEMS,
            });
        }
        items
            .entry(index)
            .or_default()
            .push((path.get(1..).unwrap_or_default(), value));
    }
    Ok(items)
}

fn read_member(
    shape: Shape,
    entries: &[(Path<'_, '_>, &str)],
    parameter: &str,
) -> Result<Value, Error> {
    let wrong = |expected| Error::WrongParameterType {
        parameter: parameter.to_owned(),
        expected,
    };
    Ok(match shape {
        Shape::String => Value::String(scalar(entries, parameter)?.to_owned()),
        Shape::Integer => {
            let text = scalar(entries, parameter)?;
            Value::from(text.parse::<i64>().map_err(|_| wrong(JsonType::Integer))?)
        }
        Shape::Boolean => match scalar(entries, parameter)? {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(wrong(JsonType::Boolean)),
        },
        Shape::Strings => Value::Array(
            items(entries, parameter)?
                .into_iter()
                .map(|(index, item)| {
                    scalar(&item, &format!("{parameter}.{index}"))
                        .map(|v| Value::String(v.to_owned()))
                })
                .collect::<Result<Vec<Value>, Error>>()?,
        ),
        Shape::Structures(members) => {
            let members: Vec<&Member> = members.iter().collect();
            Value::Array(
                items(entries, parameter)?
                    .into_iter()
                    .map(|(index, item)| {
                        read_members(&members, &item, &format!("{parameter}.{index}."))
                    })
                    .collect::<Result<Vec<Value>, Error>>()?,
            )
        }
        Shape::Structure(members) => {
            if entries.iter().any(|(rest, _)| rest.is_empty()) {
                return Err(Error::UnknownParameter {
                    parameter: parameter.to_owned(),
                });
            }
            let members: Vec<&Member> = members.iter().collect();
            read_members(&members, entries, &format!("{parameter}."))?
        }
        Shape::Any => tree(entries, parameter)?,
    })
}

/// A member passed through: numeric segments become lists, the others objects. Each level
/// takes one part of every key, so the depth is bounded by [`MAX_PARAMETER_PARTS`].
fn tree(entries: &[(Path<'_, '_>, &str)], parameter: &str) -> Result<Value, Error> {
    if let [([], value)] = entries {
        return Ok(Value::String((*value).to_owned()));
    }
    let numeric = entries
        .iter()
        .all(|(rest, _)| rest.first().is_some_and(|s| s.parse::<usize>().is_ok()));
    if numeric {
        let items = items(entries, parameter)?;
        return items
            .into_iter()
            .map(|(index, item)| tree(&item, &format!("{parameter}.{index}")))
            .collect::<Result<Vec<Value>, Error>>()
            .map(Value::Array);
    }
    let mut children: BTreeMap<&str, Vec<(Path<'_, '_>, &str)>> = BTreeMap::new();
    for (rest, value) in entries {
        let Some(name) = rest.first() else {
            return Err(Error::UnknownParameter {
                parameter: parameter.to_owned(),
            });
        };
        children
            .entry(name)
            .or_default()
            .push((rest.get(1..).unwrap_or_default(), value));
    }
    let mut object = Map::new();
    for (name, entries) in children {
        object.insert(
            name.to_owned(),
            tree(&entries, &format!("{parameter}.{name}"))?,
        );
    }
    Ok(Value::Object(object))
}

/// Writes `text` as XML character data. XML 1.0 has no way to write most control characters,
/// not even as character references, and a parser refuses a document holding one: each becomes
/// U+FFFD, the replacement character. A carriage return is written as a reference, which a
/// parser would otherwise read as a line feed.
fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            '\0'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(c),
        }
    }
}

/// Writes a JSON value as EC2's XML: lists as `<item>`s, members as elements named as the
/// action declares.
fn write_value(action: &ActionSchema, value: &Value, out: &mut String) {
    match value {
        Value::Null => {}
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => {
            let _ = write!(out, "{number}");
        }
        Value::String(text) => escape(text, out),
        Value::Array(items) => {
            for item in items {
                out.push_str("<item>");
                write_value(action, item, out);
                out.push_str("</item>");
            }
        }
        Value::Object(members) => {
            for (name, value) in members {
                if value.is_null() {
                    continue;
                }
                let element = action.element(name);
                let _ = write!(out, "<{element}>");
                write_value(action, value, out);
                let _ = write!(out, "</{element}>");
            }
        }
    }
}

/// The success document EC2 sends for a JSON response of `action`; an empty response is
/// `<return>true`.
pub fn response_xml(action: &ActionSchema, response: &Value, request_id: &str) -> String {
    let name = action.name;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(out, "<{name}Response xmlns=\"{XML_NAMESPACE}\"><requestId>");
    escape(request_id, &mut out);
    out.push_str("</requestId>");
    match response.as_object() {
        Some(members) if !members.is_empty() => write_value(action, response, &mut out),
        _ => out.push_str("<return>true</return>"),
    }
    let _ = write!(out, "</{name}Response>");
    out
}

/// The error document EC2 sends, with HTTP status 400 for client errors.
pub fn error_xml(error: &Error, request_id: &str) -> String {
    error_document(error.code().as_str(), &error.to_string(), request_id)
}

/// EC2's error document for any code and message: [`error_xml`] for the model's errors, and
/// the endpoint's own `InternalError` (HTTP 500), which no model error carries.
pub fn error_document(code: &str, message: &str, request_id: &str) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>");
    escape(code, &mut out);
    out.push_str("</Code><Message>");
    escape(message, &mut out);
    out.push_str("</Message></Error></Errors><RequestID>");
    escape(request_id, &mut out);
    out.push_str("</RequestID></Response>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(pairs: &[(&str, &str)]) -> Result<QueryRequest, Error> {
        parse_query(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        )
    }

    #[test]
    fn lists_of_structures_and_filters_are_read() {
        let parsed = parse(&[
            ("Action", "CreateNetworkInterface"),
            ("SubnetId", "subnet-1"),
            ("PrivateIpAddresses.2.PrivateIpAddress", "10.0.0.6"),
            ("PrivateIpAddresses.1.PrivateIpAddress", "10.0.0.5"),
            ("PrivateIpAddresses.1.Primary", "true"),
            ("SecurityGroupId.1", "sg-1"),
            ("Ipv4PrefixCount", "2"),
        ])
        .unwrap();
        assert_eq!(
            parsed.request,
            json!({"SubnetId": "subnet-1", "Groups": ["sg-1"], "Ipv4PrefixCount": 2,
                   "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.5", "Primary": true},
                                          {"PrivateIpAddress": "10.0.0.6"}]})
        );
        let parsed = parse(&[
            ("Action", "DescribeSubnets"),
            ("Filter.1.Name", "vpc-id"),
            ("Filter.1.Value.1", "vpc-1"),
            ("Filter.1.Value.2", "vpc-2"),
        ])
        .unwrap();
        assert_eq!(
            parsed.request,
            json!({"Filters": [{"Name": "vpc-id", "Values": ["vpc-1", "vpc-2"]}]})
        );
    }

    #[test]
    fn unknown_parameters_and_actions_are_ec2_errors() {
        let error =
            parse(&[("Action", "AssignPrivateIpAddresses"), ("Colour", "red")]).unwrap_err();
        assert_eq!(error.code().as_str(), "UnknownParameter");
        assert_eq!(error.to_string(), "The parameter Colour is not recognized");
        let error = parse(&[
            ("Action", "AssignPrivateIpAddresses"),
            ("PrivateIpAddress.x", "1"),
        ])
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "The parameter PrivateIpAddress.x is not recognized"
        );
        let error = parse(&[("Action", "LaunchRockets")]).unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidAction");
        let error = parse(&[("Version", "2016-11-15")]).unwrap_err();
        assert_eq!(error.code().as_str(), "MissingAction");
        let error = parse(&[
            ("Action", "AssignPrivateIpAddresses"),
            ("Ipv4PrefixCount", "two"),
        ])
        .unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidParameterValue");
    }

    #[test]
    fn a_deep_parameter_is_refused_without_deep_recursion() {
        // 5,000 levels under a pass-through member once overflowed the stack of the server's
        // worker thread. Decoding now runs in a thread with a 64 KiB stack, far less than one
        // frame per level would need.
        let key = format!("TagSpecification{}", ".a".repeat(5000));
        let decoded = std::thread::Builder::new()
            .stack_size(64 << 10)
            .spawn(move || {
                parse(&[
                    ("Action", "CreateVpc"),
                    ("CidrBlock", "10.1.0.0/16"),
                    (&key, "x"),
                ])
            })
            .unwrap()
            .join()
            .unwrap();
        let error = decoded.unwrap_err();
        assert_eq!(error.code().as_str(), "UnknownParameter");
        assert_eq!(
            error.to_string(),
            "The parameter TagSpecification.a.a.a.a.a.a.a... is not recognized"
        );
        // EC2's deepest real members still decode, into their JSON shape.
        let parsed = parse(&[
            ("Action", "CreateVpc"),
            ("CidrBlock", "10.1.0.0/16"),
            ("TagSpecification.1.Tag.1.Key", "team"),
        ])
        .unwrap();
        assert_eq!(
            parsed.request["TagSpecifications"],
            json!([{"Tags": [{"Key": "team"}]}])
        );
    }

    #[test]
    fn run_instances_takes_over_query_the_members_it_takes_in_json() {
        // Members of EC2's RunInstances that do not affect addressing, as botocore flattens
        // them; each was once refused over Query while JSON accepted it.
        let mut ec2 = eniplan::Ec2::default();
        let vpc = ec2.create_vpc("10.0.0.0/16").unwrap();
        let subnet = ec2.create_subnet(vpc, "10.0.0.0/24", None).unwrap();
        let subnet = subnet.to_string();
        let base = [
            ("Action", "RunInstances"),
            ("InstanceType", "m5.large"),
            ("MinCount", "1"),
            ("MaxCount", "1"),
            ("SubnetId", subnet.as_str()),
        ];
        for extra in [
            ("DisableApiStop", "true"),
            ("Ipv6AddressCount", "1"),
            ("Ipv6Address.1.Ipv6Address", "2001:db8::1"),
            ("LaunchTemplate.LaunchTemplateId", "lt-0123456789abcdef0"),
            ("LaunchTemplate.Version", "$Latest"),
            ("KernelId", "aki-1"),
            ("RamdiskId", "ari-1"),
            ("CpuOptions.CoreCount", "1"),
            ("HibernationOptions.Configured", "false"),
            ("EnclaveOptions.Enabled", "false"),
            ("MaintenanceOptions.AutoRecovery", "default"),
            ("PrivateDnsNameOptions.HostnameType", "ip-name"),
        ] {
            let mut pairs = base.to_vec();
            pairs.push(extra);
            let parsed = parse(&pairs).unwrap_or_else(|e| panic!("{extra:?}: {e}"));
            let response = ec2.call(parsed.action.name, &parsed.request);
            assert!(response.is_ok(), "{extra:?}: {response:?}");
        }
    }

    #[test]
    fn a_structure_member_is_read_from_its_dotted_names() {
        // ModifyVpcAttribute's `EnableDnsSupport.Value=true`, as botocore flattens it.
        const VALUE: &[Member] = &[Member::optional("Value", Shape::Boolean)];
        let read = |rest: &[&str]| {
            read_member(
                Shape::Structure(VALUE),
                &[(rest, "true")],
                "EnableDnsSupport",
            )
        };
        assert_eq!(read(&["Value"]).unwrap(), json!({"Value": true}));
        assert_eq!(
            read(&[]).unwrap_err().to_string(),
            "The parameter EnableDnsSupport is not recognized"
        );
        assert_eq!(
            read(&["Colour"]).unwrap_err().to_string(),
            "The parameter EnableDnsSupport.Colour is not recognized"
        );
    }

    #[test]
    fn lists_are_bounded() {
        let error = parse(&[
            ("Action", "UnassignPrivateIpAddresses"),
            ("PrivateIpAddress.1001", "10.0.0.5"),
        ])
        .unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidParameterValue");
        assert_eq!(
            error.to_string(),
            "The list PrivateIpAddress has more than 1000 items"
        );
    }

    #[test]
    fn responses_are_ec2_xml() {
        let response = json!({"NetworkInterfaceId": "eni-1",
            "AssignedPrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.5"}]});
        assert_eq!(
            response_xml(&schema::ASSIGN_PRIVATE_IP_ADDRESSES, &response, "r-1"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<AssignPrivateIpAddressesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-1</requestId><networkInterfaceId>eni-1</networkInterfaceId><assignedPrivateIpAddressesSet><item><privateIpAddress>10.0.0.5</privateIpAddress></item></assignedPrivateIpAddressesSet></AssignPrivateIpAddressesResponse>"
        );
        assert!(
            response_xml(&schema::UNASSIGN_PRIVATE_IP_ADDRESSES, &json!({}), "r-2")
                .contains("<return>true</return>")
        );
        let instance = json!({"InstanceId": "i-1", "InstanceType": "m5.large", "State": {"Code": 16, "Name": "running"}});
        assert!(response_xml(&schema::DESCRIBE_INSTANCES, &instance, "r")
            .contains("<instanceState><code>16</code><name>running</name></instanceState>"));
    }

    #[test]
    fn characters_xml_cannot_hold_are_replaced() {
        // Found by the `query` fuzz target: an action name holding NUL was echoed into the
        // message, and the error document was not XML. Hand-written: tab and line feed stay,
        // a carriage return is a reference, NUL, U+0001, U+001F and U+FFFE become U+FFFD.
        let pairs = [("Action".to_owned(), "Un\0as\u{1}sign".to_owned())];
        let error = parse_query(pairs).unwrap_err();
        assert_eq!(
            error_xml(&error, "r"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>InvalidAction</Code><Message>The action Un\u{fffd}as\u{fffd}sign is not valid for this web service.</Message></Error></Errors><RequestID>r</RequestID></Response>"
        );
        let mut out = String::new();
        escape("a\tb\nc\rd\u{1f}e\u{fffe}f\u{10000}", &mut out);
        assert_eq!(out, "a\tb\nc&#13;d\u{fffd}e\u{fffd}f\u{10000}");
    }

    #[test]
    fn errors_are_ec2_xml_and_escaped() {
        let error = Error::InvalidAddress {
            value: "<&>".into(),
        };
        assert_eq!(
            error_xml(&error, "r-3"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>invalid value for parameter address: &lt;&amp;&gt;</Message></Error></Errors><RequestID>r-3</RequestID></Response>"
        );
    }
}
