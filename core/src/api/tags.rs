//! CreateTags, DeleteTags, DescribeTags, and the `TagSpecifications` of every create.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::api::filters::Filters;
use crate::error::Error;
use crate::json::Object;
use crate::model::{Ec2, TaggedKind, Tags};

/// The `{"Key", "Value"}` pairs of a `Tags` list (a missing key or value reads as empty).
fn pairs(members: &Object<'_>, name: &str) -> Result<Vec<(String, Option<String>)>, Error> {
    members.structure_list(name, |tag| {
        Ok((
            tag.string("Key")?.unwrap_or_default().to_owned(),
            tag.string("Value")?.map(str::to_owned),
        ))
    })
}

/// The tags a create's `TagSpecifications` give, by resource type, checked before anything is
/// created. A resource type the action does not create (not in `allowed`) is refused.
pub(crate) fn specifications(
    members: &Object<'_>,
    allowed: &[&str],
) -> Result<BTreeMap<String, Tags>, Error> {
    let specifications = members.structure_list("TagSpecifications", |specification| {
        Ok((
            specification
                .string("ResourceType")?
                .unwrap_or_default()
                .to_owned(),
            pairs(specification, "Tags")?,
        ))
    })?;
    let mut by_type: BTreeMap<String, Tags> = BTreeMap::new();
    for (resource_type, tags) in specifications {
        if !allowed.contains(&resource_type.as_str()) {
            return Err(Error::InvalidTagResourceType { resource_type });
        }
        let tags: Vec<(String, String)> = tags
            .into_iter()
            .map(|(key, value)| (key, value.unwrap_or_default()))
            .collect();
        let entry = by_type.entry(resource_type).or_default();
        *entry = entry.with(&tags)?;
    }
    Ok(by_type)
}

/// The tags `TagSpecifications` give the one kind of resource a create makes.
pub(crate) fn tags_for(members: &Object<'_>, kind: TaggedKind) -> Result<Tags, Error> {
    let mut by_type = specifications(members, &[kind.resource_type()])?;
    Ok(by_type.remove(kind.resource_type()).unwrap_or_default())
}

/// Tags as EC2 lists them on a resource: `[{"Key", "Value"}]`.
pub(crate) fn tag_list(tags: &Tags) -> Value {
    tags.iter()
        .map(|(key, value)| json!({"Key": key, "Value": value}))
        .collect()
}

/// What the `tag:KEY`, `tag-key` and `tag-value` filters see of a resource's tags; `None` for
/// any other filter name.
pub(crate) fn tag_filter(tags: &Tags, name: &str) -> Option<Vec<String>> {
    if let Some(key) = name.strip_prefix("tag:") {
        return Some(tags.get(key).map(str::to_owned).into_iter().collect());
    }
    match name {
        "tag-key" => Some(tags.iter().map(|(k, _)| k.to_owned()).collect()),
        "tag-value" => Some(tags.iter().map(|(_, v)| v.to_owned()).collect()),
        _ => None,
    }
}

pub(crate) fn create_tags(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let ids = members.string_list("Resources")?;
    let tags: Vec<(String, String)> = pairs(members, "Tags")?
        .into_iter()
        .map(|(key, value)| (key, value.unwrap_or_default()))
        .collect();
    ec2.create_tags(&ids, &tags)?;
    Ok(json!({}))
}

pub(crate) fn delete_tags(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let ids = members.string_list("Resources")?;
    let tags = pairs(members, "Tags")?;
    ec2.delete_tags(&ids, &tags)?;
    Ok(json!({}))
}

pub(crate) fn describe_tags(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let filters = Filters::read(members, &["key", "resource-id", "resource-type", "value"])?;
    let tags: Vec<Value> = ec2
        .all_tags()
        .into_iter()
        .filter(|(id, kind, key, value)| {
            filters.matches(|name| {
                vec![match name {
                    "key" => (*key).to_owned(),
                    "resource-id" => (*id).to_owned(),
                    "resource-type" => kind.resource_type().to_owned(),
                    _ => (*value).to_owned(),
                }]
            })
        })
        .map(|(id, kind, key, value)| {
            json!({
                "Key": key,
                "ResourceId": id,
                "ResourceType": kind.resource_type(),
                "Value": value,
            })
        })
        .collect();
    Ok(json!({"Tags": tags}))
}
