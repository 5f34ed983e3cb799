//! Regressions found by the fuzz targets (`fuzz/`), each reduced to the smallest case: the
//! divergences `model_ops` found between the engine and the naive reference model, and the
//! inputs `describe_import` and `request_json` found that broke a property.

#![allow(clippy::unwrap_used)]

use eniplan::Ec2;
use eniplan_reference::engine::{check_consistency, dump};
use eniplan_reference::ops::{run_case, Op, SelGen, Setup};
use serde_json::json;

/// model_ops: EC2's integers are 32-bit, so a count or an index past 2147483647 is refused by
/// the request's own checks (rule 5 for counts), before any state is read. The naive model
/// lacked those checks and answered from the state instead (here that the interface is
/// already attached).
#[test]
fn counts_and_indexes_past_the_32_bit_range_fail_before_the_state_is_read() {
    let setup = Setup {
        seed: 0,
        subnets: vec![("10.0.0.0/26", false)],
        warm: true,
    };
    let ops = [
        Op::Attach {
            eni: 0,
            instance: 0,
            device: 4_278_885_119,
            card: 0,
        },
        Op::Attach {
            eni: 0,
            instance: 0,
            device: 1,
            card: 2_147_483_648,
        },
        Op::Assign {
            eni: 0,
            selection: SelGen::Count(3_000_000_000),
            allow: false,
        },
        Op::Assign {
            eni: 0,
            selection: SelGen::PrefixCount(u32::MAX),
            allow: false,
        },
        Op::CreateEni {
            subnet: 0,
            primary: None,
            selection: Some(SelGen::Count(2_147_483_648)),
            interface_type: eniplan::InterfaceType::Interface,
        },
    ];
    assert_eq!(run_case(&setup, &ops), Ok(2 + ops.len()));
}

/// describe_import: loading an interface the model already held replaced it, leaving the old
/// interface's addresses recorded in its subnet with no interface holding them; loading a
/// subnet again would have dropped the record of every address in it. Loading on top of a
/// model now refuses what the model already holds, and changes nothing.
#[test]
fn loading_an_object_the_model_already_holds_is_refused() {
    let subnet = json!({"Subnets": [{"SubnetId": "subnet-00000002", "VpcId": "vpc-00000001",
        "CidrBlock": "10.0.0.0/28"}]});
    let interface = |address: Option<&str>| {
        let mut eni = json!({"NetworkInterfaceId": "eni-00000002", "SubnetId": "subnet-00000002"});
        if let Some(address) = address {
            eni["PrivateIpAddress"] = json!(address);
        }
        json!({"NetworkInterfaces": [eni]})
    };
    let mut ec2 = Ec2::default();
    ec2.load_describe(&[subnet.clone(), interface(Some("10.0.0.5"))])
        .unwrap();
    let before = dump(&ec2);
    for (documents, resource) in [
        (vec![interface(None)], "network interface eni-00000002"),
        (vec![subnet], "subnet subnet-00000002"),
    ] {
        let error = ec2.load_describe(&documents).unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidParameterValue");
        assert_eq!(
            error.to_string(),
            format!("Cannot load {resource}: is already in the model")
        );
        assert_eq!(dump(&ec2), before);
    }
    check_consistency(&ec2).unwrap();
}

/// describe_import: an Elastic IP listed twice in one load (two describe-addresses files that
/// overlap) was placed twice; the first listing's association stayed on its interface while
/// the second replaced the Elastic IP, so the interface named an Elastic IP that pointed
/// elsewhere. The last listing is now the one loaded, as for every other kind of object.
#[test]
fn an_elastic_ip_listed_twice_is_loaded_once_as_last_described() {
    let documents = [
        json!({"Subnets": [{"SubnetId": "subnet-00000002", "VpcId": "vpc-00000001",
            "CidrBlock": "10.0.0.0/24"}]}),
        json!({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-00000001",
            "SubnetId": "subnet-00000002", "PrivateIpAddress": "10.0.0.42"}]}),
        json!({"Addresses": [
            {"AllocationId": "eipalloc-00000002", "PublicIp": "198.18.0.3",
             "AssociationId": "eipassoc-00000002", "NetworkInterfaceId": "eni-00000001",
             "PrivateIpAddress": "10.0.0.42"},
        ]}),
        json!({"Addresses": [{"AllocationId": "eipalloc-00000002", "PublicIp": "198.18.0.3"}]}),
    ];
    let mut ec2 = Ec2::default();
    ec2.load_describe(&documents).unwrap();
    check_consistency(&ec2).unwrap();
    let eni = ec2
        .network_interface("eni-00000001".parse().unwrap())
        .unwrap();
    assert!(eni.elastic_ips.is_empty());
    assert_eq!(ec2.elastic_ips().len(), 1);
    assert_eq!(ec2.elastic_ips()[0].association, None);
}

/// describe_import: two Elastic IPs associated with one private address, or sharing an
/// association id, were both loaded, so the address carried two Elastic IPs. EC2 holds one
/// Elastic IP per private address and one per association: such input is refused.
#[test]
fn two_elastic_ips_on_one_address_or_one_association_are_refused() {
    let network = [
        json!({"Subnets": [{"SubnetId": "subnet-00000002", "VpcId": "vpc-00000001",
            "CidrBlock": "10.0.0.0/24"}]}),
        json!({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-00000001",
            "SubnetId": "subnet-00000002", "PrivateIpAddress": "10.0.0.42",
            "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.43"}]}]}),
    ];
    let eip = |n: u32, association: u32, address: &str| {
        json!({"AllocationId": format!("eipalloc-0000000{n}"),
            "PublicIp": format!("198.18.0.{n}"),
            "AssociationId": format!("eipassoc-0000000{association}"),
            "NetworkInterfaceId": "eni-00000001", "PrivateIpAddress": address})
    };
    for (addresses, problem) in [
        (
            [eip(2, 2, "10.0.0.42"), eip(3, 3, "10.0.0.42")],
            "Cannot load Elastic IP eipalloc-00000003: is associated with 10.0.0.42 on eni-00000001, as Elastic IP eipalloc-00000002 is",
        ),
        (
            [eip(2, 2, "10.0.0.42"), eip(3, 2, "10.0.0.43")],
            "Cannot load Elastic IP eipalloc-00000003: has association eipassoc-00000002, as Elastic IP eipalloc-00000002 has",
        ),
    ] {
        let mut documents = network.to_vec();
        documents.push(json!({ "Addresses": addresses }));
        let mut ec2 = Ec2::default();
        let error = ec2.load_describe(&documents).unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidParameterValue");
        assert_eq!(error.to_string(), problem);
        assert!(ec2.network_interfaces().is_empty());
    }
}

/// describe_import: an instance listed every interface described under it, even one whose
/// attachment names another instance or that a later description (describe-network-interfaces
/// after describe-instances) shows unattached, so the instance listed an interface not
/// attached to it. An instance now lists only the interfaces whose last description attaches
/// them to it.
#[test]
fn an_instance_lists_only_interfaces_attached_to_it() {
    let interface = |attachment: serde_json::Value| {
        json!({"NetworkInterfaceId": "eni-00000002", "SubnetId": "subnet-00000002",
            "PrivateIpAddress": "10.0.0.12", "Attachment": attachment})
    };
    let instances = |attachment: serde_json::Value| {
        json!({"Reservations": [{"ReservationId": "r-00000001", "Instances": [
            {"InstanceId": "i-00000003", "InstanceType": "t2.medium", "SubnetId": "subnet-00000002",
             "VpcId": "vpc-00000001", "State": {"Name": "running"},
             "NetworkInterfaces": [interface(attachment)]},
            {"InstanceId": "i-00000002", "InstanceType": "t2.medium", "SubnetId": "subnet-00000002",
             "VpcId": "vpc-00000001", "State": {"Name": "running"}},
        ]}]})
    };
    let subnets = json!({"Subnets": [{"SubnetId": "subnet-00000002", "VpcId": "vpc-00000001",
        "CidrBlock": "10.0.0.0/24"}]});
    let unattached = json!({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-00000002",
        "SubnetId": "subnet-00000002", "PrivateIpAddress": "10.0.0.12"}]});
    let elsewhere = json!({"AttachmentId": "eni-attach-00000003", "InstanceId": "i-00000002",
        "DeviceIndex": 1});
    let here = json!({"AttachmentId": "eni-attach-00000003", "DeviceIndex": 1});
    for (documents, attached_to) in [
        (
            vec![subnets.clone(), instances(elsewhere)],
            Some("i-00000002"),
        ),
        (
            vec![subnets.clone(), instances(here.clone()), unattached],
            None,
        ),
        (vec![subnets, instances(here)], Some("i-00000003")),
    ] {
        let mut ec2 = Ec2::default();
        ec2.load_describe(&documents).unwrap();
        check_consistency(&ec2).unwrap();
        let eni = ec2
            .network_interface("eni-00000002".parse().unwrap())
            .unwrap();
        let instance = eni.attachment.map(|a| a.instance_id.to_string());
        assert_eq!(instance.as_deref(), attached_to);
        for instance in ec2.instances() {
            let listed = instance.interfaces.iter().map(|i| i.network_interface_id);
            assert_eq!(
                listed.collect::<Vec<_>>(),
                if Some(instance.id.to_string().as_str()) == attached_to {
                    vec![eni.id]
                } else {
                    vec![]
                }
            );
        }
    }
}

/// describe_import: an interface whose description attaches it to an instance that
/// describe-instances shows terminated (output taken at two moments) was loaded attached, so a
/// terminated instance held an interface. A shutting-down or terminated instance holds none: the
/// interface is loaded unattached, with a note.
#[test]
fn an_interface_attached_to_a_terminated_instance_is_loaded_unattached() {
    let documents = [
        json!({"Subnets": [{"SubnetId": "subnet-00000001", "VpcId": "vpc-00000001",
            "CidrBlock": "10.0.1.0/24"}]}),
        json!({"Reservations": [{"ReservationId": "r-00000001", "Instances": [
            {"InstanceId": "i-00000001", "InstanceType": "t2.medium", "SubnetId": "subnet-00000001",
             "VpcId": "vpc-00000001", "State": {"Name": "terminated"}}]}]}),
        json!({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-00000003",
            "SubnetId": "subnet-00000001", "PrivateIpAddress": "10.0.1.142",
            "Attachment": {"AttachmentId": "eni-attach-00000001", "InstanceId": "i-00000001",
                "DeviceIndex": 1}}]}),
    ];
    let mut ec2 = Ec2::default();
    let notes = ec2.load_describe(&documents).unwrap();
    check_consistency(&ec2).unwrap();
    assert_eq!(
        notes.warnings.last().map(String::as_str),
        Some("network interface eni-00000003 is attached to instance i-00000001, which is terminated; it is loaded unattached")
    );
    let eni = ec2
        .network_interface("eni-00000003".parse().unwrap())
        .unwrap();
    assert_eq!(eni.attachment, None);
    assert!(ec2.instances()[0].interfaces.is_empty());
}

/// describe_import: two interfaces with one attachment id, or attached to one instance at the
/// same device index, were both loaded; a detach by that attachment id would then have found
/// only one of them. EC2 gives each attachment its own id and each device index of an instance
/// one interface: such input is refused.
#[test]
fn two_interfaces_in_one_attachment_slot_are_refused() {
    let interface = |n: u32, attachment: u32, device: u32| {
        json!({"NetworkInterfaceId": format!("eni-0000000{n}"), "SubnetId": "subnet-00000001",
            "PrivateIpAddress": format!("10.0.1.{}", 10 + n),
            "Attachment": {"AttachmentId": format!("eni-attach-0000000{attachment}"),
                "InstanceId": "i-00000001", "DeviceIndex": device}})
    };
    for (interfaces, problem) in [
        (
            [interface(1, 1, 1), interface(4, 1, 2)],
            "Cannot load network interface eni-00000004: has attachment eni-attach-00000001, as network interface eni-00000001 has",
        ),
        (
            [interface(1, 1, 1), interface(4, 4, 1)],
            "Cannot load network interface eni-00000004: is attached to instance i-00000001 at device index 1, as network interface eni-00000001 is",
        ),
    ] {
        let documents = [
            json!({"Subnets": [{"SubnetId": "subnet-00000001", "VpcId": "vpc-00000001",
                "CidrBlock": "10.0.1.0/24"}]}),
            json!({"Reservations": [{"ReservationId": "r-00000001", "Instances": [
                {"InstanceId": "i-00000001", "InstanceType": "t2.medium",
                 "SubnetId": "subnet-00000001", "VpcId": "vpc-00000001",
                 "State": {"Name": "running"}}]}]}),
            json!({ "NetworkInterfaces": interfaces }),
        ];
        let mut ec2 = Ec2::default();
        let error = ec2.load_describe(&documents).unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidParameterValue");
        assert_eq!(error.to_string(), problem);
        assert!(ec2.instances().is_empty());
    }
}

/// describe_import: an interface listed twice under one instance was listed twice by the
/// loaded instance, so the instance used its device index twice. It now counts once, as first
/// listed.
#[test]
fn an_interface_listed_twice_under_an_instance_counts_once() {
    let interface = json!({"NetworkInterfaceId": "eni-00000001", "SubnetId": "subnet-00000001",
        "PrivateIpAddress": "10.0.0.36",
        "Attachment": {"AttachmentId": "eni-attach-00000001", "DeviceIndex": 0}});
    let documents = [
        json!({"Subnets": [{"SubnetId": "subnet-00000001", "VpcId": "vpc-00000002",
            "CidrBlock": "10.0.0.0/24"}]}),
        json!({"Reservations": [{"ReservationId": "r-00000001", "Instances": [
            {"InstanceId": "i-00000002", "InstanceType": "m4.large", "SubnetId": "subnet-00000001",
             "VpcId": "vpc-00000002", "State": {"Name": "pending"},
             "NetworkInterfaces": [interface.clone(), interface]}]}]}),
    ];
    let mut ec2 = Ec2::default();
    ec2.load_describe(&documents).unwrap();
    check_consistency(&ec2).unwrap();
    assert_eq!(ec2.instances()[0].interfaces.len(), 1);
}
