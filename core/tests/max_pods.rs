//! Max pods against published values.
//!
//! `PUBLISHED` is copied from `misc/eni-max-pods.txt` of `aws/amazon-vpc-cni-k8s` (commit
//! 01d744a5b869f12b8962d9edbfd7598d49e1f126): each line there gives the instance type, max pods
//! with secondary addresses, and max pods with custom networking.

use eniplan::{max_pods, Error, InstanceType, InstanceTypes, MaxPodsOptions};

/// (instance type, max pods, max pods with custom networking), as published.
const PUBLISHED: &[(&str, u32, u32)] = &[
    // Xen.
    ("t1.micro", 4, 3),
    ("t2.micro", 4, 3),
    ("t2.medium", 17, 12),
    ("t2.large", 35, 24),
    ("m1.small", 8, 5),
    ("m2.2xlarge", 118, 89),
    ("m3.medium", 12, 7),
    ("m4.large", 20, 11),
    ("m4.10xlarge", 234, 205),
    ("c1.medium", 12, 7),
    ("c4.8xlarge", 234, 205),
    ("d2.xlarge", 58, 44),
    ("i3.16xlarge", 737, 688),
    ("r4.16xlarge", 737, 688),
    ("x1.32xlarge", 234, 205),
    // Nitro.
    ("m5.large", 29, 20),
    ("c5.large", 29, 20),
    ("t3.medium", 17, 12),
    ("t3a.small", 8, 5),
    ("a1.medium", 8, 5),
    ("c6g.medium", 8, 5),
    ("d3.xlarge", 10, 8),
    ("d3en.12xlarge", 89, 60),
    ("g4dn.16xlarge", 58, 44),
    ("g5.48xlarge", 345, 296),
    ("hpc7g.16xlarge", 198, 149),
    ("i4i.24xlarge", 437, 408),
    ("i7ie.48xlarge", 737, 688),
    ("inf1.xlarge", 38, 29),
    ("inf1.24xlarge", 321, 292),
    ("m5zn.12xlarge", 737, 688),
    // Bare metal (hypervisor unknown, except c7g.metal).
    ("a1.metal", 234, 205),
    ("bmn-sf1.metal", 737, 688),
    ("c5.metal", 737, 688),
    ("c7g.metal", 737, 688),
    ("m5.metal", 737, 688),
    ("mac1.metal", 234, 205),
    ("u-6tb1.metal", 147, 118),
    // Several network cards: only the default card counts.
    ("c6in.32xlarge", 394, 345),
    ("c6in.metal", 394, 345),
    ("g6e.24xlarge", 492, 443),
    ("g6e.48xlarge", 492, 443),
    ("m6idn.32xlarge", 394, 345),
    ("p4d.24xlarge", 737, 688),
    ("p5.48xlarge", 100, 51),
    ("p5en.48xlarge", 198, 149),
];

fn get(name: &str) -> InstanceType {
    InstanceTypes::embedded()
        .lookup(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .clone()
}

fn pods(name: &str, options: MaxPodsOptions) -> u32 {
    max_pods(&get(name), &options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const SECONDARY: MaxPodsOptions = MaxPodsOptions {
    prefix_delegation: false,
    custom_networking: false,
    reserved_enis: 0,
    cap: false,
};
const CUSTOM: MaxPodsOptions = MaxPodsOptions {
    custom_networking: true,
    ..SECONDARY
};
const PREFIXES: MaxPodsOptions = MaxPodsOptions {
    prefix_delegation: true,
    ..SECONDARY
};

#[test]
fn secondary_ip_mode_matches_eni_max_pods() {
    for &(name, published, _) in PUBLISHED {
        assert_eq!(pods(name, SECONDARY), published, "{name}");
    }
    assert_eq!(MaxPodsOptions::default(), SECONDARY);
}

#[test]
fn custom_networking_matches_eni_max_pods() {
    for &(name, _, published) in PUBLISHED {
        assert_eq!(pods(name, CUSTOM), published, "{name}");
    }
}

#[test]
fn multi_card_types_count_only_the_default_card() {
    let p5 = get("p5.48xlarge");
    assert_eq!(p5.total_interfaces(), 64);
    // 2 interfaces on card 0, 49 secondary addresses each: not 64 × 49 + 2.
    assert_eq!(pods("p5.48xlarge", SECONDARY), 100);
}

#[test]
fn eks_user_guide_m5_large_examples() {
    assert_eq!(pods("m5.large", SECONDARY), 29);
    assert_eq!(pods("m5.large", CUSTOM), 20);
    assert_eq!(pods("m5.large", PREFIXES), 434);
    assert_eq!(
        pods(
            "m5.large",
            MaxPodsOptions {
                cap: true,
                ..PREFIXES
            }
        ),
        110
    );
}

#[test]
fn cap_is_250_above_30_vcpus() {
    // m5.24xlarge: 96 vCPUs, 737 pods uncapped.
    assert_eq!(get("m5.24xlarge").vcpus, Some(96));
    assert_eq!(pods("m5.24xlarge", SECONDARY), 737);
    let capped = MaxPodsOptions {
        cap: true,
        ..SECONDARY
    };
    assert_eq!(pods("m5.24xlarge", capped), 250);
    // A small node below its cap keeps its own value.
    assert_eq!(pods("t3.medium", capped), 17);
    // m5.large (2 vCPUs) with secondary addresses is under 110 already.
    assert_eq!(pods("m5.large", capped), 29);
}

#[test]
fn reserved_enis_stack_with_custom_networking() {
    // m5.large: 3 interfaces, 10 addresses each.
    let reserved_one = MaxPodsOptions {
        reserved_enis: 1,
        ..SECONDARY
    };
    assert_eq!(pods("m5.large", reserved_one), 20);
    let both = MaxPodsOptions {
        reserved_enis: 1,
        ..CUSTOM
    };
    // 3 − 1 − 1 = 1 interface: 1 × 9 + 2.
    assert_eq!(pods("m5.large", both), 11);
    // c5.metal: 15 − 1 − 2 = 12 interfaces of 50: 12 × 49 + 2.
    assert_eq!(
        pods(
            "c5.metal",
            MaxPodsOptions {
                reserved_enis: 2,
                ..CUSTOM
            }
        ),
        590
    );
}

#[test]
fn no_usable_interface_gives_zero() {
    // t2.micro has 2 interfaces.
    let none_left = MaxPodsOptions {
        reserved_enis: 1,
        ..CUSTOM
    };
    assert_eq!(pods("t2.micro", none_left), 0);
    assert_eq!(
        pods(
            "t2.micro",
            MaxPodsOptions {
                reserved_enis: 2,
                ..SECONDARY
            }
        ),
        0
    );
    // More reserved than there are interfaces saturates rather than wrapping.
    assert_eq!(
        pods(
            "p5.48xlarge",
            MaxPodsOptions {
                reserved_enis: 40,
                prefix_delegation: true,
                ..CUSTOM
            }
        ),
        0
    );
}

#[test]
fn prefix_delegation_needs_nitro_or_bare_metal() {
    // Xen: the secondary-address value, as published.
    assert_eq!(pods("m4.large", PREFIXES), 20);
    assert_eq!(pods("t2.medium", PREFIXES), 17);
    assert_eq!(
        pods(
            "m4.large",
            MaxPodsOptions {
                custom_networking: true,
                ..PREFIXES
            }
        ),
        11
    );
    // Bare metal with no hypervisor reported: 15 × (49 × 16) + 2.
    assert_eq!(pods("c5.metal", PREFIXES), 11_762);
    // Nitro, several cards: 2 × (49 × 16) + 2.
    assert_eq!(pods("p5.48xlarge", PREFIXES), 1_570);
    // t3.medium: 3 × (5 × 16) + 2; custom networking 2 × 80 + 2.
    assert_eq!(pods("t3.medium", PREFIXES), 242);
    assert_eq!(
        pods(
            "t3.medium",
            MaxPodsOptions {
                custom_networking: true,
                ..PREFIXES
            }
        ),
        162
    );
}

#[test]
fn cap_without_vcpus_is_an_error() {
    let t = get("u-6tb1.metal");
    assert_eq!(t.vcpus, None);
    let capped = MaxPodsOptions {
        cap: true,
        ..SECONDARY
    };
    let error = max_pods(&t, &capped).unwrap_err();
    assert_eq!(error.code().as_str(), "InvalidParameterValue");
    assert_eq!(
        error,
        Error::MaxPodsCapWithoutVcpus {
            instance_type: "u-6tb1.metal".to_owned()
        }
    );
    assert!(error.to_string().contains("u-6tb1.metal"), "{error}");
    // Even when no interface is usable, the cap still needs the count.
    let none_left = MaxPodsOptions {
        reserved_enis: 10,
        ..capped
    };
    assert!(max_pods(&t, &none_left).is_err());
    // Without the cap the same type is fine.
    assert_eq!(max_pods(&t, &SECONDARY), Ok(147));
}
