//! Every action's members, walked from its one declaration (`eniplan::schema`): the JSON
//! surface (`Ec2::call`) and the Query protocol (`parse_query`) accept exactly the same members,
//! at the top of a request and inside its structures, and both refuse any other.
#![allow(clippy::unwrap_used)]

use eniplan::schema::{self, ActionSchema, Member, Shape};
use eniplan::Ec2;
use eniplan_query::parse_query;
use serde_json::{json, Map, Value};

/// A value of `member`'s shape in JSON, and the same value flattened as botocore sends it under
/// `prefix` (`Ipv4Prefix.1.` inside a structure).
fn sample(member: &Member, prefix: &str) -> (Value, Vec<(String, String)>) {
    let key = format!("{prefix}{}", member.wire);
    match member.shape {
        Shape::String => (json!("x"), vec![(key, "x".into())]),
        Shape::Integer => (json!(2), vec![(key, "2".into())]),
        Shape::Boolean => (json!(true), vec![(key, "true".into())]),
        Shape::Strings => (
            json!(["x", "y"]),
            vec![
                (format!("{key}.1"), "x".into()),
                (format!("{key}.2"), "y".into()),
            ],
        ),
        Shape::Structures(members) => {
            let mut structure = Map::new();
            let mut pairs = Vec::new();
            for inner in members {
                let (value, flat) = sample(inner, &format!("{key}.1."));
                structure.insert(inner.name.to_owned(), value);
                pairs.extend(flat);
            }
            (json!([structure]), pairs)
        }
        Shape::Structure(members) => {
            let mut structure = Map::new();
            let mut pairs = Vec::new();
            for inner in members {
                let (value, flat) = sample(inner, &format!("{key}."));
                structure.insert(inner.name.to_owned(), value);
                pairs.extend(flat);
            }
            (Value::Object(structure), pairs)
        }
        // A nested pass-through value: a structure holding a list.
        Shape::Any => (
            json!({"Key": ["x"]}),
            vec![(format!("{key}.Key.1"), "x".into())],
        ),
    }
}

fn query(action: &ActionSchema, pairs: Vec<(String, String)>) -> Result<Value, eniplan::Error> {
    let mut form = vec![("Action".to_owned(), action.name.to_owned())];
    form.extend(pairs);
    parse_query(form).map(|parsed| {
        assert_eq!(parsed.action.name, action.name);
        parsed.request
    })
}

fn is_unknown(result: &Result<Value, eniplan::Error>) -> bool {
    matches!(result, Err(error) if error.code().as_str() == "UnknownParameter")
}

#[test]
fn json_and_query_accept_every_declared_member_the_same_way() {
    let mut walked = 0;
    for action in schema::ACTIONS {
        for member in action.members() {
            let (value, pairs) = sample(member, "");
            let request = json!({ member.name: value });
            let decoded = query(action, pairs.clone());
            assert_eq!(
                decoded.as_ref().ok(),
                Some(&request),
                "{}: {} over Query ({pairs:?}) decodes as {decoded:?}",
                action.name,
                member.name
            );
            let answer = Ec2::default().call(action.name, &request);
            assert!(
                !is_unknown(&answer),
                "{}: JSON refuses its member {}: {answer:?}",
                action.name,
                member.name
            );
            walked += 1;
        }
    }
    // 39 actions; a change to the declarations changes this count on purpose.
    assert_eq!(schema::ACTIONS.len(), 39);
    assert!(walked > 150, "{walked} members walked");
}

#[test]
fn json_and_query_refuse_every_undeclared_member_the_same_way() {
    for action in schema::ACTIONS {
        let json = Ec2::default().call(action.name, &json!({"Colour": "red"}));
        assert!(is_unknown(&json), "{}: JSON answers {json:?}", action.name);
        let wire = query(action, vec![("Colour".into(), "red".into())]);
        assert!(is_unknown(&wire), "{}: Query answers {wire:?}", action.name);
        // Inside each structure, too.
        for member in action.members() {
            if let Shape::Structures(_) = member.shape {
                let json =
                    Ec2::default().call(action.name, &json!({ member.name: [{"Colour": "red"}] }));
                assert_eq!(
                    json.unwrap_err().to_string(),
                    format!("The parameter {}[0].Colour is not recognized", member.name)
                );
                let wire = query(
                    action,
                    vec![(format!("{}.1.Colour", member.wire), "red".into())],
                );
                assert_eq!(
                    wire.unwrap_err().to_string(),
                    format!("The parameter {}.1.Colour is not recognized", member.wire)
                );
            }
            if let Shape::Structure(_) = member.shape {
                let json =
                    Ec2::default().call(action.name, &json!({ member.name: {"Colour": "red"} }));
                assert_eq!(
                    json.unwrap_err().to_string(),
                    format!("The parameter {}.Colour is not recognized", member.name)
                );
                let wire = query(
                    action,
                    vec![(format!("{}.Colour", member.wire), "red".into())],
                );
                assert_eq!(
                    wire.unwrap_err().to_string(),
                    format!("The parameter {}.Colour is not recognized", member.wire)
                );
            }
        }
    }
}

#[test]
fn the_json_name_is_not_a_query_name_where_botocore_renames_it() {
    // botocore flattens AssignPrivateIpAddresses' PrivateIpAddresses as PrivateIpAddress.N:
    // the JSON name is no Query parameter.
    let action = schema::action("AssignPrivateIpAddresses").unwrap();
    let wire = query(
        action,
        vec![("PrivateIpAddresses.1".into(), "10.0.0.5".into())],
    );
    assert!(is_unknown(&wire), "{wire:?}");
    let json = Ec2::default().call(action.name, &json!({"PrivateIpAddress": ["10.0.0.5"]}));
    assert!(is_unknown(&json), "{json:?}");
}
