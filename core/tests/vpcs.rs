//! VPCs beyond their CIDRs: DescribeVpcAttribute and ModifyVpcAttribute, DeleteVpc, the DHCP
//! options set, and the default security group, main route table and default network ACL EC2
//! creates with each VPC; each against EC2's documented defaults and hand-written values.
#![allow(clippy::unwrap_used)]

use eniplan::model::Strategy;
use eniplan::{Ec2, Ec2Options};
use eniplan_testkit::calls::{call, refuse, refused};
use serde_json::{json, Value};

fn ec2() -> Ec2 {
    Ec2::new(Ec2Options {
        strategy: Strategy::Lowest,
        seed: 5,
    })
}

/// A VPC of 10.0.0.0/16; its id.
fn vpc(ec2: &mut Ec2) -> String {
    let created = call(ec2, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}));
    created["Vpc"]["VpcId"].as_str().unwrap().to_owned()
}

/// A VPC of 10.0.0.0/16 and a subnet of 10.0.1.0/24 in it; their ids.
fn network(ec2: &mut Ec2) -> (String, String) {
    let vpc_id = vpc(ec2);
    let subnet = call(
        ec2,
        "CreateSubnet",
        json!({"VpcId": vpc_id, "CidrBlock": "10.0.1.0/24"}),
    );
    let subnet_id = subnet["Subnet"]["SubnetId"].as_str().unwrap().to_owned();
    (vpc_id, subnet_id)
}

/// The digits of an id, after its prefix.
fn digits(id: &str) -> &str {
    id.rsplit_once('-').unwrap().1
}

fn filters(pairs: &[(&str, &str)]) -> Value {
    pairs
        .iter()
        .map(|(name, value)| json!({"Name": name, "Values": [value]}))
        .collect()
}

#[test]
fn a_new_vpc_has_ec2s_default_attributes() {
    let mut ec2 = ec2();
    let vpc_id = vpc(&mut ec2);
    for (attribute, member, value) in [
        ("enableDnsSupport", "EnableDnsSupport", true),
        ("enableDnsHostnames", "EnableDnsHostnames", false),
        (
            "enableNetworkAddressUsageMetrics",
            "EnableNetworkAddressUsageMetrics",
            false,
        ),
    ] {
        let answer = call(
            &mut ec2,
            "DescribeVpcAttribute",
            json!({"VpcId": vpc_id, "Attribute": attribute}),
        );
        assert_eq!(answer, json!({"VpcId": vpc_id, member: {"Value": value}}));
    }
    let refused_attribute = refuse(
        &mut ec2,
        "DescribeVpcAttribute",
        json!({"VpcId": vpc_id, "Attribute": "EnableDnsHostnames"}),
    );
    assert_eq!(
        refused_attribute,
        refused(
            "InvalidParameterValue",
            "Value (EnableDnsHostnames) for parameter Attribute is invalid. Expected one of: enableDnsSupport, enableDnsHostnames, enableNetworkAddressUsageMetrics."
        )
    );
    let missing = refuse(
        &mut ec2,
        "DescribeVpcAttribute",
        json!({"VpcId": "vpc-12345678", "Attribute": "enableDnsSupport"}),
    );
    assert_eq!(
        missing,
        refused(
            "InvalidVpcID.NotFound",
            "The vpc ID 'vpc-12345678' does not exist"
        )
    );
}

#[test]
fn every_vpc_gets_the_regions_default_dhcp_options_set() {
    let mut ec2 = ec2();
    let (a, b) = (vpc(&mut ec2), vpc(&mut ec2));
    let vpcs = call(&mut ec2, "DescribeVpcs", json!({}))["Vpcs"].clone();
    let dhcp: Vec<&str> = vpcs
        .as_array()
        .unwrap()
        .iter()
        .map(|vpc| vpc["DhcpOptionsId"].as_str().unwrap())
        .collect();
    assert_eq!(dhcp.len(), 2);
    assert_eq!(dhcp[0], dhcp[1], "one default set per region");
    assert!(
        dhcp[0].starts_with("dopt-") && dhcp[0].len() == 22,
        "{}",
        dhcp[0]
    );
    let by_dhcp = call(
        &mut ec2,
        "DescribeVpcs",
        json!({"Filters": filters(&[("dhcp-options-id", dhcp[0])])}),
    );
    assert_eq!(by_dhcp["Vpcs"].as_array().unwrap().len(), 2);
    // The same seed names it the same.
    let mut again = self::ec2();
    vpc(&mut again);
    let other = call(&mut again, "DescribeVpcs", json!({}));
    assert_eq!(other["Vpcs"][0]["DhcpOptionsId"], dhcp[0]);
    assert_ne!(a, b);
}

#[test]
fn modify_vpc_attribute_persists_one_attribute_a_call() {
    let mut ec2 = ec2();
    let vpc_id = vpc(&mut ec2);
    call(
        &mut ec2,
        "ModifyVpcAttribute",
        json!({"VpcId": vpc_id, "EnableDnsHostnames": {"Value": true}}),
    );
    let hostnames = call(
        &mut ec2,
        "DescribeVpcAttribute",
        json!({"VpcId": vpc_id, "Attribute": "enableDnsHostnames"}),
    );
    assert_eq!(hostnames["EnableDnsHostnames"]["Value"], true);
    let both = refuse(
        &mut ec2,
        "ModifyVpcAttribute",
        json!({"VpcId": vpc_id, "EnableDnsSupport": {"Value": false},
               "EnableDnsHostnames": {"Value": false}}),
    );
    assert_eq!(
        both,
        refused(
            "InvalidParameterCombination",
            "Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames"
        )
    );
    let none = refuse(&mut ec2, "ModifyVpcAttribute", json!({"VpcId": vpc_id}));
    assert_eq!(
        none,
        refused("InvalidParameterCombination", "No attributes specified.")
    );
    let no_value = refuse(
        &mut ec2,
        "ModifyVpcAttribute",
        json!({"VpcId": vpc_id, "EnableDnsSupport": {}}),
    );
    assert_eq!(
        no_value,
        refused(
            "MissingParameter",
            "The request must contain the parameter EnableDnsSupport.Value"
        )
    );
    // DNS hostnames need DNS support: switching support off leaves hostnames as they were,
    // and hostnames cannot be switched on again without it.
    call(
        &mut ec2,
        "ModifyVpcAttribute",
        json!({"VpcId": vpc_id, "EnableDnsSupport": {"Value": false}}),
    );
    call(
        &mut ec2,
        "ModifyVpcAttribute",
        json!({"VpcId": vpc_id, "EnableDnsHostnames": {"Value": false}}),
    );
    let (code, _) = refuse(
        &mut ec2,
        "ModifyVpcAttribute",
        json!({"VpcId": vpc_id, "EnableDnsHostnames": {"Value": true}}),
    );
    assert_eq!(code, "InvalidParameterCombination");
    let metrics = call(
        &mut ec2,
        "ModifyVpcAttribute",
        json!({"VpcId": vpc_id, "EnableNetworkAddressUsageMetrics": {"Value": true}}),
    );
    assert_eq!(metrics, json!({}));
    let shown: Vec<Value> = [
        "enableDnsSupport",
        "enableDnsHostnames",
        "enableNetworkAddressUsageMetrics",
    ]
    .iter()
    .map(|attribute| {
        let answer = call(
            &mut ec2,
            "DescribeVpcAttribute",
            json!({"VpcId": vpc_id, "Attribute": attribute}),
        );
        answer.as_object().unwrap().values().nth(1).unwrap()["Value"].clone()
    })
    .collect();
    assert_eq!(shown, [json!(false), json!(false), json!(true)]);
}

#[test]
fn each_vpc_has_a_default_security_group_main_route_table_and_default_network_acl() {
    let mut ec2 = ec2();
    let (vpc_id, subnet_id) = network(&mut ec2);
    let sg = format!("sg-{}", digits(&vpc_id));
    // As the Terraform provider looks them up on every read of an aws_vpc.
    let groups = call(
        &mut ec2,
        "DescribeSecurityGroups",
        json!({"Filters": filters(&[("group-name", "default"), ("vpc-id", &vpc_id)])}),
    );
    assert_eq!(
        groups["SecurityGroups"],
        json!([{
            "Description": "default VPC security group",
            "GroupName": "default",
            "GroupId": sg,
            "OwnerId": "123456789012",
            "VpcId": vpc_id,
            "SecurityGroupArn": format!("arn:aws:ec2:us-east-1:123456789012:security-group/{sg}"),
            "IpPermissions": [{"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [],
                               "PrefixListIds": [],
                               "UserIdGroupPairs": [{"GroupId": sg, "UserId": "123456789012"}]}],
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                                     "Ipv6Ranges": [], "PrefixListIds": [],
                                     "UserIdGroupPairs": []}],
        }])
    );
    let rtb = format!("rtb-{}", digits(&vpc_id));
    let tables = call(
        &mut ec2,
        "DescribeRouteTables",
        json!({"Filters": filters(&[("association.main", "true"), ("vpc-id", &vpc_id)])}),
    );
    assert_eq!(
        tables["RouteTables"],
        json!([{
            "Associations": [{"Main": true,
                              "RouteTableAssociationId": format!("rtbassoc-{}", digits(&vpc_id)),
                              "RouteTableId": rtb, "AssociationState": {"State": "associated"}}],
            "PropagatingVgws": [],
            "RouteTableId": rtb,
            "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local",
                        "Origin": "CreateRouteTable", "State": "active"}],
            "VpcId": vpc_id,
            "OwnerId": "123456789012",
        }])
    );
    let acl = format!("acl-{}", digits(&vpc_id));
    let acls = call(
        &mut ec2,
        "DescribeNetworkAcls",
        json!({"Filters": filters(&[("default", "true"), ("vpc-id", &vpc_id)])}),
    );
    let entry = |egress: bool, number: u32, action: &str| {
        json!({"CidrBlock": "0.0.0.0/0", "Egress": egress, "Protocol": "-1",
               "RuleAction": action, "RuleNumber": number})
    };
    assert_eq!(
        acls["NetworkAcls"],
        json!([{
            "Associations": [{"NetworkAclAssociationId": format!("aclassoc-{}", digits(&subnet_id)),
                              "NetworkAclId": acl, "SubnetId": subnet_id}],
            "Entries": [entry(true, 100, "allow"), entry(true, 32767, "deny"),
                        entry(false, 100, "allow"), entry(false, 32767, "deny")],
            "IsDefault": true,
            "NetworkAclId": acl,
            "VpcId": vpc_id,
            "OwnerId": "123456789012",
        }])
    );
    // By id, and by the other filters EC2 documents.
    for (action, ids, id, list) in [
        ("DescribeSecurityGroups", "GroupIds", &sg, "SecurityGroups"),
        ("DescribeRouteTables", "RouteTableIds", &rtb, "RouteTables"),
        ("DescribeNetworkAcls", "NetworkAclIds", &acl, "NetworkAcls"),
    ] {
        let found = call(&mut ec2, action, json!({ ids: [id] }));
        assert_eq!(found[list].as_array().unwrap().len(), 1, "{action}");
    }
    for (action, name, value, count) in [
        (
            "DescribeSecurityGroups",
            "ip-permission.group-id",
            sg.as_str(),
            1,
        ),
        (
            "DescribeSecurityGroups",
            "egress.ip-permission.cidr",
            "0.0.0.0/0",
            1,
        ),
        (
            "DescribeSecurityGroups",
            "ip-permission.cidr",
            "0.0.0.0/0",
            0,
        ),
        ("DescribeSecurityGroups", "description", "default VPC*", 1),
        (
            "DescribeRouteTables",
            "route.destination-cidr-block",
            "10.0.0.0/16",
            1,
        ),
        (
            "DescribeRouteTables",
            "association.subnet-id",
            subnet_id.as_str(),
            0,
        ),
        ("DescribeRouteTables", "route.gateway-id", "local", 1),
        (
            "DescribeNetworkAcls",
            "association.subnet-id",
            subnet_id.as_str(),
            1,
        ),
        ("DescribeNetworkAcls", "entry.rule-number", "32767", 1),
        ("DescribeNetworkAcls", "default", "false", 0),
    ] {
        let found = call(
            &mut ec2,
            action,
            json!({"Filters": filters(&[(name, value)])}),
        );
        let list = found.as_object().unwrap().values().next().unwrap();
        assert_eq!(
            list.as_array().unwrap().len(),
            count,
            "{action} {name}={value}"
        );
    }
}

#[test]
fn security_groups_are_found_by_id_only_outside_a_default_vpc() {
    let mut ec2 = ec2();
    vpc(&mut ec2);
    let by_name = refuse(
        &mut ec2,
        "DescribeSecurityGroups",
        json!({"GroupNames": ["default"]}),
    );
    assert_eq!(
        by_name,
        refused(
            "VPCIdNotSpecified",
            "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC."
        )
    );
    let cases = [
        (
            "DescribeSecurityGroups",
            json!({"GroupIds": ["sg-12345678"]}),
            "InvalidGroup.NotFound",
            "The security group 'sg-12345678' does not exist",
        ),
        (
            "DescribeSecurityGroups",
            json!({"GroupIds": ["default"]}),
            "InvalidGroupId.Malformed",
            r#"Invalid id: "default" (expecting "sg-...")"#,
        ),
        (
            "DescribeRouteTables",
            json!({"RouteTableIds": ["rtb-12345678"]}),
            "InvalidRouteTableID.NotFound",
            "The routeTable ID 'rtb-12345678' does not exist",
        ),
        (
            "DescribeRouteTables",
            json!({"RouteTableIds": ["rtb-1"]}),
            "InvalidRouteTableId.Malformed",
            r#"Invalid id: "rtb-1""#,
        ),
        (
            "DescribeNetworkAcls",
            json!({"NetworkAclIds": ["acl-12345678"]}),
            "InvalidNetworkAclID.NotFound",
            "The networkAcl ID 'acl-12345678' does not exist",
        ),
        (
            "DescribeNetworkAcls",
            json!({"NetworkAclIds": ["acl-"]}),
            "InvalidNetworkAclId.Malformed",
            r#"Invalid id: "acl-""#,
        ),
    ];
    for (action, request, code, message) in cases {
        assert_eq!(refuse(&mut ec2, action, request), refused(code, message));
    }
}

#[test]
fn delete_vpc_waits_for_its_subnets_and_takes_its_default_resources_along() {
    let mut ec2 = ec2();
    let (vpc_id, subnet_id) = network(&mut ec2);
    let sg = format!("sg-{}", digits(&vpc_id));
    call(
        &mut ec2,
        "CreateTags",
        json!({"Resources": [vpc_id, sg], "Tags": [{"Key": "Name", "Value": "prod"}]}),
    );
    let before = call(&mut ec2, "DescribeVpcs", json!({}));
    let dependent = refuse(&mut ec2, "DeleteVpc", json!({"VpcId": vpc_id}));
    assert_eq!(
        dependent,
        refused(
            "DependencyViolation",
            &format!("The vpc '{vpc_id}' has dependencies and cannot be deleted.")
        )
    );
    assert_eq!(call(&mut ec2, "DescribeVpcs", json!({})), before);
    call(&mut ec2, "DeleteSubnet", json!({"SubnetId": subnet_id}));
    let (code, _) = refuse(
        &mut ec2,
        "DeleteVpc",
        json!({"VpcId": vpc_id, "DryRun": true}),
    );
    assert_eq!(code, "DryRunOperation");
    assert_eq!(
        call(&mut ec2, "DeleteVpc", json!({"VpcId": vpc_id})),
        json!({})
    );
    // As the Terraform provider polls after DeleteVpc.
    let gone = refuse(&mut ec2, "DescribeVpcs", json!({"VpcIds": [vpc_id]}));
    assert_eq!(
        gone,
        refused(
            "InvalidVpcID.NotFound",
            &format!("The vpc ID '{vpc_id}' does not exist")
        )
    );
    for action in [
        "DescribeSecurityGroups",
        "DescribeRouteTables",
        "DescribeNetworkAcls",
        "DescribeTags",
    ] {
        let answer = call(&mut ec2, action, json!({}));
        let list = answer.as_object().unwrap().values().next().unwrap();
        assert_eq!(list, &json!([]), "{action}");
    }
    let (code, _) = refuse(&mut ec2, "DeleteVpc", json!({"VpcId": vpc_id}));
    assert_eq!(code, "InvalidVpcID.NotFound");
}

#[test]
fn the_default_resources_take_tags_and_their_filters() {
    let mut ec2 = ec2();
    let vpc_id = vpc(&mut ec2);
    let ids = ["sg", "rtb", "acl"].map(|prefix| format!("{prefix}-{}", digits(&vpc_id)));
    call(
        &mut ec2,
        "CreateTags",
        json!({"Resources": ids, "Tags": [{"Key": "team", "Value": "net"}]}),
    );
    let tags = call(
        &mut ec2,
        "DescribeTags",
        json!({"Filters": filters(&[("key", "team")])}),
    );
    let kinds: Vec<&str> = tags["Tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|tag| tag["ResourceType"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["network-acl", "route-table", "security-group"]);
    for (action, list) in [
        ("DescribeSecurityGroups", "SecurityGroups"),
        ("DescribeRouteTables", "RouteTables"),
        ("DescribeNetworkAcls", "NetworkAcls"),
    ] {
        let found = call(
            &mut ec2,
            action,
            json!({"Filters": filters(&[("tag:team", "net")])}),
        );
        assert_eq!(
            found[list][0]["Tags"],
            json!([{"Key": "team", "Value": "net"}]),
            "{action}"
        );
    }
}

#[test]
fn a_route_table_has_a_local_route_for_each_cidr_of_a_loaded_vpc() {
    let mut ec2 = ec2();
    let vpcs = json!({"Vpcs": [{
        "VpcId": "vpc-0a0b0c0d", "CidrBlock": "10.0.0.0/16", "DhcpOptionsId": "dopt-0a0b0c0d",
        "CidrBlockAssociationSet": [
            {"CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}},
            {"CidrBlock": "100.64.0.0/16", "CidrBlockState": {"State": "associated"}},
        ],
    }]});
    ec2.load_describe(&[vpcs]).unwrap();
    let tables = call(&mut ec2, "DescribeRouteTables", json!({}));
    let routes: Vec<&str> = tables["RouteTables"][0]["Routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|route| route["DestinationCidrBlock"].as_str().unwrap())
        .collect();
    assert_eq!(routes, ["10.0.0.0/16", "100.64.0.0/16"]);
    assert_eq!(tables["RouteTables"][0]["RouteTableId"], "rtb-0a0b0c0d");
    let vpc = call(&mut ec2, "DescribeVpcs", json!({}));
    assert_eq!(vpc["Vpcs"][0]["DhcpOptionsId"], "dopt-0a0b0c0d");
    let attribute = call(
        &mut ec2,
        "DescribeVpcAttribute",
        json!({"VpcId": "vpc-0a0b0c0d", "Attribute": "enableDnsSupport"}),
    );
    assert_eq!(attribute["EnableDnsSupport"]["Value"], true);
}
