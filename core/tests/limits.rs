//! The embedded instance-type table, checked row by row against values read by hand from
//! `core/data/instance-limits.csv`.

use eniplan::{Hypervisor, InstanceType, InstanceTypes, NetworkCard};

fn get(name: &str) -> InstanceType {
    InstanceTypes::embedded()
        .lookup(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .clone()
}

fn cards(limits: &[(u32, u32)]) -> Vec<NetworkCard> {
    limits
        .iter()
        .map(|&(index, max_interfaces)| NetworkCard {
            index,
            max_interfaces,
        })
        .collect()
}

#[test]
fn embedded_table_has_1391_types() {
    let types = InstanceTypes::embedded();
    assert_eq!(types.len(), 1391);
    assert_eq!(types.iter().count(), 1391);
}

#[test]
fn m5_large_row() {
    // m5.large,nitro,false,3,10,10,true,0,0:3,9,2
    assert_eq!(
        get("m5.large"),
        InstanceType {
            name: "m5.large".to_owned(),
            hypervisor: Hypervisor::Nitro,
            bare_metal: false,
            max_enis: 3,
            ipv4_per_eni: 10,
            ipv6_per_eni: 10,
            ipv6_supported: true,
            default_network_card_index: 0,
            network_cards: cards(&[(0, 3)]),
            vcpus: Some(2),
            branch_interfaces: 9,
        }
    );
}

#[test]
fn c5_large_row() {
    // c5.large,nitro,false,3,10,10,true,0,0:3,9,2
    let t = get("c5.large");
    assert_eq!((t.hypervisor, t.bare_metal), (Hypervisor::Nitro, false));
    assert_eq!((t.max_enis, t.ipv4_per_eni, t.ipv6_per_eni), (3, 10, 10));
    assert_eq!((t.vcpus, t.branch_interfaces), (Some(2), 9));
    assert_eq!(t.prefix_slots_per_eni(), 9);
    assert!(t.supports_prefixes());
}

#[test]
fn t3_medium_row() {
    // t3.medium,nitro,false,3,6,6,true,0,0:3,0,2
    let t = get("t3.medium");
    assert_eq!((t.max_enis, t.ipv4_per_eni, t.ipv6_per_eni), (3, 6, 6));
    assert_eq!((t.vcpus, t.branch_interfaces), (Some(2), 0));
    assert_eq!(t.network_cards, cards(&[(0, 3)]));
    assert_eq!(t.total_interfaces(), 3);
}

#[test]
fn p5_48xlarge_has_32_cards_of_2() {
    // p5.48xlarge,nitro,false,2,50,50,true,0,0:2;1:2;...;31:2,120,192
    let t = get("p5.48xlarge");
    assert_eq!(t.max_enis, 2);
    assert_eq!(t.ipv4_per_eni, 50);
    assert_eq!(t.network_cards.len(), 32);
    assert_eq!(
        t.network_cards,
        cards(&(0..32).map(|i| (i, 2)).collect::<Vec<_>>())
    );
    assert_eq!(t.total_interfaces(), 64);
    assert_eq!(t.card(31).map(|c| c.max_interfaces), Some(2));
    assert_eq!(t.card(32), None);
    assert_eq!((t.vcpus, t.branch_interfaces), (Some(192), 120));
}

#[test]
fn p4d_24xlarge_has_4_cards_of_15() {
    // p4d.24xlarge,nitro,false,15,50,50,true,0,0:15;1:15;2:15;3:15,62,96
    let t = get("p4d.24xlarge");
    assert_eq!(t.max_enis, 15);
    assert_eq!(
        t.network_cards,
        cards(&[(0, 15), (1, 15), (2, 15), (3, 15)])
    );
    assert_eq!(t.total_interfaces(), 60);
}

#[test]
fn old_and_bare_metal_rows() {
    // m1.small,xen,false,2,4,0,false,0,0:2,0,1
    let t = get("m1.small");
    assert_eq!(t.hypervisor, Hypervisor::Xen);
    assert_eq!((t.ipv6_supported, t.ipv6_per_eni), (false, 0));
    assert!(!t.supports_prefixes());

    // u-6tb1.metal,unknown,true,5,30,30,true,0,0:5,0,   (no vCPU count)
    let t = get("u-6tb1.metal");
    assert_eq!((t.hypervisor, t.bare_metal), (Hypervisor::Unknown, true));
    assert_eq!((t.max_enis, t.ipv4_per_eni), (5, 30));
    assert_eq!(t.vcpus, None);
    assert!(t.supports_prefixes());

    // c5.metal,unknown,true,15,50,50,true,0,0:15,107,96
    let t = get("c5.metal");
    assert_eq!((t.hypervisor, t.bare_metal), (Hypervisor::Unknown, true));
    assert_eq!((t.vcpus, t.branch_interfaces), (Some(96), 107));

    // c7g.metal,nitro,true,... (the one bare-metal row with a hypervisor)
    let t = get("c7g.metal");
    assert_eq!((t.hypervisor, t.bare_metal), (Hypervisor::Nitro, true));
}

#[test]
fn unknown_type_is_invalid_instance_type() {
    let error = InstanceTypes::embedded().lookup("t3.enormous").unwrap_err();
    assert_eq!(error.code().as_str(), "InvalidInstanceType");
    assert_eq!(
        error.to_string(),
        "The following supplied instance types do not exist: [t3.enormous]"
    );
}
