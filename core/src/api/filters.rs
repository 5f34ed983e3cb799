//! Describe filters: `Filters: [{"Name": ..., "Values": [...]}]`.
//!
//! As EC2 documents, several filters must all match (AND), and a filter matches when any of its
//! values matches (OR). Values may use `*` (any run of characters) and `?` (one character).

use crate::error::Error;
use crate::json::Object;

/// One filter of a Describe request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter {
    name: String,
    values: Vec<String>,
}

/// The filters of a Describe request, checked against the names the action supports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Filters(Vec<Filter>);

impl Filters {
    /// Reads `Filters` from a request; a name outside `supported` is refused. `tag:*` among
    /// them stands for the tag filters every taggable resource's Describe takes: `tag:KEY`,
    /// `tag-key` and `tag-value`.
    pub(crate) fn read(members: &Object<'_>, supported: &[&str]) -> Result<Filters, Error> {
        let filters = members.structure_list("Filters", |filter| {
            Ok(Filter {
                name: filter.required_string("Name")?.to_owned(),
                values: filter.string_list("Values")?,
            })
        })?;
        let tagged = supported.contains(&"tag:*");
        let known = |name: &str| {
            supported.contains(&name)
                || (tagged
                    && (name.starts_with("tag:") || name == "tag-key" || name == "tag-value"))
        };
        if let Some(unknown) = filters.iter().find(|f| !known(&f.name)) {
            return Err(Error::InvalidFilter {
                name: unknown.name.clone(),
            });
        }
        Ok(Filters(filters))
    }

    /// Whether an item passes every filter; `field(name)` gives the item's values for a filter
    /// name (several for list fields such as every private address of an interface).
    pub(crate) fn matches(&self, field: impl Fn(&str) -> Vec<String>) -> bool {
        self.0.iter().all(|filter| {
            let actual = field(&filter.name);
            filter
                .values
                .iter()
                .any(|pattern| actual.iter().any(|value| glob(pattern, value)))
        })
    }
}

/// EC2's filter wildcards: `*` matches any run, `?` one character.
fn glob(pattern: &str, value: &str) -> bool {
    let (pattern, value): (Vec<char>, Vec<char>) =
        (pattern.chars().collect(), value.chars().collect());
    // Iterative matching with one backtrack point: linear in practice, never exponential.
    let (mut p, mut v) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while v < value.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, v));
                p += 1;
            }
            Some(&c) if c == '?' || c == value[v] => {
                p += 1;
                v += 1;
            }
            _ => match star {
                Some((star_p, star_v)) => {
                    p = star_p + 1;
                    v = star_v + 1;
                    star = Some((star_p, star_v + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn wildcards_match_as_ec2_documents() {
        assert!(glob("10.0.0.5", "10.0.0.5"));
        assert!(!glob("10.0.0.5", "10.0.0.50"));
        assert!(glob("10.0.0.*", "10.0.0.50"));
        assert!(glob("10.0.?.5", "10.0.1.5"));
        assert!(!glob("10.0.?.5", "10.0.10.5"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "aXXbYYc"));
        assert!(!glob("a*b*c", "aXXbYY"));
    }
}
