//! The instance-type table compiled into the crate (`core/data/instance-limits.csv`).
//!
//! The CSV is embedded with `include_str!` and parsed once, on first use, into a map by name,
//! so no file is read at run time. Its columns and sources are described in
//! `core/data/README.md`.

use std::sync::OnceLock;

use crate::hash::KeyMap;

use super::instance_type::{Hypervisor, InstanceType, NetworkCard};

/// The embedded CSV text.
const CSV: &str = include_str!("../../data/instance-limits.csv");

/// The parsed embedded table.
pub(crate) struct Table {
    /// Every type, by name.
    pub(crate) types: KeyMap<String, InstanceType>,
    /// The largest `ipv4_per_eni` of any type in the table.
    pub(crate) max_ipv4_per_eni: u32,
}

/// The embedded table, parsed on first use.
pub(crate) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Every row parses (a unit test checks it); a row that did not would be left out
        // rather than abort the program.
        let types: KeyMap<String, InstanceType> = rows(CSV)
            .filter_map(|row| row.ok())
            .map(|t| (t.name.clone(), t))
            .collect();
        let max_ipv4_per_eni = types.values().map(|t| t.ipv4_per_eni).max().unwrap_or(0);
        Table {
            types,
            max_ipv4_per_eni,
        }
    })
}

/// The data rows of `csv` (everything after the header line), each parsed.
fn rows(csv: &str) -> impl Iterator<Item = Result<InstanceType, String>> + '_ {
    csv.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(parse_row)
}

/// Parses one CSV row; the error says which column is wrong.
fn parse_row(line: &str) -> Result<InstanceType, String> {
    let fields: Vec<&str> = line.split(',').collect();
    let [name, hypervisor, bare_metal, max_enis, ipv4_per_eni, ipv6_per_eni, ipv6_supported, default_card, cards, branch_interfaces, vcpus] =
        fields[..]
    else {
        return Err(format!(
            "{line:?}: expected 11 columns, found {}",
            fields.len()
        ));
    };
    let number = |column: &str, value: &str| -> Result<u32, String> {
        value
            .parse::<u32>()
            .map_err(|_| format!("{name}: {column} {value:?} is not a count"))
    };
    let boolean = |column: &str, value: &str| -> Result<bool, String> {
        match value {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!("{name}: {column} {value:?} is not true or false")),
        }
    };
    if name.is_empty() {
        return Err(format!("{line:?}: empty instance_type"));
    }
    let network_cards = cards
        .split(';')
        .map(|card| {
            let (index, max) = card
                .split_once(':')
                .ok_or_else(|| format!("{name}: network card {card:?} is not index:max"))?;
            Ok(NetworkCard {
                index: number("network card index", index)?,
                max_interfaces: number("network card interfaces", max)?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(InstanceType {
        name: name.to_owned(),
        hypervisor: Hypervisor::from_name(hypervisor)
            .ok_or_else(|| format!("{name}: unknown hypervisor {hypervisor:?}"))?,
        bare_metal: boolean("bare_metal", bare_metal)?,
        max_enis: number("max_enis", max_enis)?,
        ipv4_per_eni: number("ipv4_per_eni", ipv4_per_eni)?,
        ipv6_per_eni: number("ipv6_per_eni", ipv6_per_eni)?,
        ipv6_supported: boolean("ipv6_supported", ipv6_supported)?,
        default_network_card_index: number("default_network_card_index", default_card)?,
        network_cards,
        vcpus: match vcpus {
            "" => None,
            value => Some(number("vcpus", value)?),
        },
        branch_interfaces: number("branch_interfaces", branch_interfaces)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The header line the parser expects: the columns, in order.
    const HEADER: &str = "instance_type,hypervisor,bare_metal,max_enis,ipv4_per_eni,ipv6_per_eni,\
ipv6_supported,default_network_card_index,network_cards,branch_interfaces,vcpus";

    #[test]
    fn header_is_the_one_the_parser_reads() {
        assert_eq!(CSV.lines().next(), Some(HEADER));
    }

    #[test]
    fn every_row_parses_and_there_are_1391() {
        let mut names = HashSet::new();
        let mut count = 0;
        for row in rows(CSV) {
            let t = row.unwrap_or_else(|problem| panic!("bad row: {problem}"));
            assert!(names.insert(t.name.clone()), "{} appears twice", t.name);
            count += 1;
        }
        assert_eq!(count, 1391);
        assert_eq!(table().types.len(), 1391);
    }

    #[test]
    fn table_matches_the_counts_in_the_data_readme() {
        // Independent figures from core/data/README.md ("Counts").
        let types: Vec<&InstanceType> = table().types.values().collect();
        let count = |f: &dyn Fn(&InstanceType) -> bool| types.iter().filter(|t| f(t)).count();
        assert_eq!(count(&|t| t.hypervisor == Hypervisor::Nitro), 1150);
        assert_eq!(count(&|t| t.hypervisor == Hypervisor::Xen), 80);
        assert_eq!(count(&|t| t.hypervisor == Hypervisor::Unknown), 161);
        assert_eq!(count(&|t| t.bare_metal), 160);
        assert_eq!(count(&|t| t.network_cards.len() > 1), 67);
        assert_eq!(count(&|t| !t.ipv6_supported), 16);
        assert_eq!(count(&|t| t.branch_interfaces > 0), 1269);
        assert_eq!(count(&|t| t.vcpus.is_none()), 23);
        assert_eq!(count(&|t| t.default_network_card_index == 0), 1391);
        // max_enis is the default card's limit in every row.
        for t in &types {
            let default = t
                .card(t.default_network_card_index)
                .map(|c| c.max_interfaces);
            assert_eq!(default, Some(t.max_enis), "{}", t.name);
        }
        assert_eq!(table().max_ipv4_per_eni, 64);
    }

    #[test]
    fn bad_rows_are_reported_not_panicked_on() {
        assert!(parse_row("m5.large,nitro,false,3,10").is_err());
        assert!(parse_row("m5.large,kvm,false,3,10,10,true,0,0:3,9,2").is_err());
        assert!(parse_row("m5.large,nitro,no,3,10,10,true,0,0:3,9,2").is_err());
        assert!(parse_row("m5.large,nitro,false,-3,10,10,true,0,0:3,9,2").is_err());
        assert!(parse_row("m5.large,nitro,false,3,10,10,true,0,0-3,9,2").is_err());
        assert!(parse_row("m5.large,nitro,false,3,10,10,true,0,0:3,9,2").is_ok());
    }
}
