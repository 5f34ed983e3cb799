//! `eniplan serve` at the HTTP level, read as a client reads it (hyper's HTTP/1 client, and
//! roxmltree for the XML): list encodings, GET and POST, protocol errors, oversized and deeply
//! nested requests, and a bounded load from several concurrent clients on loopback.
//!
//! A failing test prints what the server wrote to stderr.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;

use eniplan_testkit::fixture::{Answer, Network, NetworkSpec, Params};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::{HeaderMap, CONTENT_TYPE, HOST};
use hyper::Method;
use hyper_util::rt::TokioIo;

/// A running server, stopped with SIGTERM when dropped.
struct Server {
    child: Child,
    address: String,
    /// Collects the server's stderr until it exits.
    stderr: Option<JoinHandle<String>>,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_eniplan"))
            .args(["serve", "--bind", "127.0.0.1:0", "--strategy", "lowest"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .trim()
            .strip_prefix("eniplan serve: listening on http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_owned();
        Server {
            child,
            address,
            stderr: Some(stderr),
        }
    }

    /// One exchange on a fresh connection.
    fn http(&self, method: Method, target: &str, body: Vec<u8>) -> Reply {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .unwrap();
        runtime.block_on(async {
            let stream = tokio::net::TcpStream::connect(&self.address).await.unwrap();
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream))
                    .await
                    .unwrap();
            let connection = tokio::spawn(connection);
            let request = hyper::Request::builder()
                .method(method)
                .uri(target)
                .header(HOST, &self.address)
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Full::new(Bytes::from(body)))
                .unwrap();
            let response = sender.send_request(request).await.unwrap();
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = response.into_body().collect().await.unwrap().to_bytes();
            connection.abort();
            Reply {
                status,
                headers,
                body: String::from_utf8(body.to_vec()).unwrap(),
            }
        })
    }

    fn post(&self, form: &str) -> Reply {
        self.http(Method::POST, "/", form.as_bytes().to_vec())
    }

    /// An action and its members as a Query form, as botocore sends them.
    fn call(&self, action: &str, params: &Params) -> Reply {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("Action", action)
            .append_pair("Version", "2016-11-15");
        for (name, value) in params {
            match value.as_str() {
                Some(text) => form.append_pair(name, text),
                None => form.append_pair(name, &value.to_string()),
            };
        }
        self.post(&form.finish())
    }

    /// The shared fixture, through the endpoint.
    fn network(&self, spec: &NetworkSpec<'_>) -> Network {
        Network::build(spec, |action, params| {
            let reply = self.call(action, &params);
            assert_eq!(reply.status, 200, "{action}: {}", reply.body);
            reply
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        let stderr = self.stderr.take().and_then(|t| t.join().ok());
        if std::thread::panicking() {
            eprintln!(
                "eniplan serve wrote to stderr:\n{}",
                stderr.unwrap_or_default()
            );
        }
    }
}

/// A response: status, headers and the XML body.
struct Reply {
    status: u16,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    /// The text of every element named `name` (any namespace), in document order.
    fn texts(&self, name: &str) -> Vec<String> {
        let document = roxmltree::Document::parse(&self.body)
            .unwrap_or_else(|error| panic!("not XML ({error}): {}", self.body));
        document
            .descendants()
            .filter(|node| node.has_tag_name(name))
            .map(|node| node.text().unwrap_or_default().to_owned())
            .collect()
    }

    /// The text of every element at `path`: its last element, inside the ones before it, each
    /// the parent of the next (`["groupSet", "item", "groupId"]`).
    fn at(&self, path: &[&str]) -> Vec<String> {
        let document = roxmltree::Document::parse(&self.body)
            .unwrap_or_else(|error| panic!("not XML ({error}): {}", self.body));
        document
            .descendants()
            .filter(|node| {
                let mut node = Some(*node);
                path.iter().rev().all(|name| {
                    let here = node.filter(|n| n.has_tag_name(*name));
                    node = here.and_then(|n| n.parent_element());
                    here.is_some()
                })
            })
            .map(|node| node.text().unwrap_or_default().to_owned())
            .collect()
    }

    fn first(&self, name: &str) -> String {
        self.texts(name)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no <{name}> in {}", self.body))
    }

    /// The root element's name.
    fn root(&self) -> String {
        let document = roxmltree::Document::parse(&self.body).unwrap();
        document.root_element().tag_name().name().to_owned()
    }

    /// The EC2 error code of an error document.
    fn code(&self) -> String {
        self.first("Code")
    }
}

impl Answer for Reply {
    /// EC2 names each element after its member in lower camel case (`VpcId` is `vpcId`).
    fn field(&self, member: &str) -> Option<String> {
        let mut chars = member.chars();
        let element: String = chars
            .next()
            .map(|first| first.to_lowercase().chain(chars).collect())
            .unwrap_or_default();
        self.texts(&element).into_iter().next()
    }
}

/// A /22 (1,019 usable addresses) and an m5.large.
fn spec() -> NetworkSpec<'static> {
    NetworkSpec {
        subnet_cidr: "10.0.0.0/22",
        ..NetworkSpec::default()
    }
}

#[test]
fn list_encodings_and_get_or_post_give_the_same_answer() {
    let server = Server::start();
    let network = server.network(&spec());
    let eni = network.network_interface_id.clone().unwrap();
    let reply = server.post(&format!(
        "Action=AssignPrivateIpAddresses&Version=2016-11-15&NetworkInterfaceId={eni}&PrivateIpAddress.1=10.0.0.9&PrivateIpAddress.2=10.0.0.8"
    ));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.root(), "AssignPrivateIpAddressesResponse");
    let document = roxmltree::Document::parse(&reply.body).unwrap();
    assert_eq!(
        document.root_element().tag_name().namespace(),
        Some("http://ec2.amazonaws.com/doc/2016-11-15/")
    );
    assert_eq!(reply.texts("privateIpAddress"), ["10.0.0.9", "10.0.0.8"]);
    let reply = server.http(
        Method::GET,
        &format!("/?Action=AssignPrivateIpAddresses&NetworkInterfaceId={eni}&Ipv4Prefix.1=10.0.0.32%2F28"),
        Vec::new(),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.texts("ipv4Prefix"), ["10.0.0.32/28"]);
    let reply = server.post(&format!(
        "Action=CreateNetworkInterface&SubnetId={}&PrivateIpAddresses.1.PrivateIpAddress=10.0.1.5&PrivateIpAddresses.1.Primary=true&Ipv4Prefix.1.Ipv4Prefix=10.0.1.16%2F28",
        network.subnet_id
    ));
    assert_eq!(reply.first("privateIpAddress"), "10.0.1.5");
    assert_eq!(reply.texts("ipv4Prefix"), ["10.0.1.16/28"]);
    let reply = server
        .post("Action=DescribeSubnets&Filter.1.Name=cidr-block&Filter.1.Value.1=10.0.0.0%2F22");
    // 1019 usable less the instance's primary, two secondaries, two /28s and the new
    // interface's primary.
    assert_eq!(reply.first("availableIpAddressCount"), "983");
}

#[test]
fn protocol_errors_are_ec2_error_documents_with_status_400() {
    let server = Server::start();
    let reply = server.post("Action=LaunchRockets&Version=2016-11-15");
    assert_eq!(reply.status, 400);
    assert_eq!(reply.root(), "Response");
    assert_eq!(reply.code(), "InvalidAction");
    assert_eq!(
        reply.first("Message"),
        "The action LaunchRockets is not valid for this web service."
    );
    assert_eq!(
        reply.headers["x-amzn-requestid"].to_str().unwrap(),
        reply.first("RequestID")
    );
    let reply =
        server.post("Action=AssignPrivateIpAddresses&NetworkInterfaceId=eni-12345678&Colour=red");
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "UnknownParameter")
    );
    assert_eq!(
        reply.first("Message"),
        "The parameter Colour is not recognized"
    );
    let reply = server.post("Version=2016-11-15");
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "MissingAction")
    );
    let reply = server.post("Action=UnassignPrivateIpAddresses&NetworkInterfaceId=eni-12345678&PrivateIpAddress.5000=10.0.0.1");
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "InvalidParameterValue")
    );
    assert_eq!(
        reply.first("Message"),
        "The list PrivateIpAddress has more than 1000 items"
    );
    // A signed request is served like any other.
    let reply =
        server.post("Action=DescribeVpcs&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc");
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn an_oversized_body_is_refused() {
    let server = Server::start();
    let mut body = b"Action=DescribeVpcs&Filler=".to_vec();
    body.resize(2 << 20, b'x');
    let reply = server.http(Method::POST, "/", body);
    assert_eq!(reply.status, 400);
    assert_eq!(reply.code(), "InvalidRequest");
    assert_eq!(
        reply.first("Message"),
        "The request body is larger than 1048576 bytes"
    );
}

#[test]
fn a_deeply_nested_parameter_is_refused_and_the_server_lives_on() {
    let server = Server::start();
    // 5,000 levels under a pass-through member: about 10 KB, once enough to overflow the stack.
    let form = format!(
        "Action=CreateVpc&CidrBlock=10.1.0.0%2F16&TagSpecification{}=x",
        ".a".repeat(5000)
    );
    let reply = server.post(&form);
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "UnknownParameter")
    );
    let reply = server.post("Action=DescribeVpcs");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(
        reply.texts("vpcId").is_empty(),
        "the refused request made a VPC"
    );
}

#[test]
fn concurrent_clients_lose_and_double_nothing() {
    const CLIENTS: usize = 4;
    const ROUNDS: usize = 150;
    let server = Server::start();
    let network = server.network(&spec());
    // One unattached interface per client; each assigns one address and unassigns every
    // second one, so the final state is known from the successful responses alone.
    let enis: Vec<String> = (0..CLIENTS)
        .map(|_| {
            server
                .post(&format!(
                    "Action=CreateNetworkInterface&SubnetId={}",
                    network.subnet_id
                ))
                .first("networkInterfaceId")
        })
        .collect();
    let kept: Vec<BTreeSet<String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = enis
            .iter()
            .map(|eni| {
                let server = &server;
                scope.spawn(move || {
                    let mut kept = BTreeSet::new();
                    for round in 0..ROUNDS {
                        let reply = server.post(&format!(
                            "Action=AssignPrivateIpAddresses&NetworkInterfaceId={eni}&SecondaryPrivateIpAddressCount=1"
                        ));
                        if reply.status != 200 {
                            assert_eq!(reply.code(), "PrivateIpAddressLimitExceeded", "{}", reply.body);
                            continue;
                        }
                        let address = reply.first("privateIpAddress");
                        if round % 2 == 0 {
                            let reply = server.post(&format!(
                                "Action=UnassignPrivateIpAddresses&NetworkInterfaceId={eni}&PrivateIpAddress.1={address}"
                            ));
                            assert_eq!(reply.status, 200, "{}", reply.body);
                        } else {
                            assert!(kept.insert(address), "an address handed out twice");
                        }
                    }
                    kept
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (eni, kept) in enis.iter().zip(&kept) {
        let reply = server.post(&format!(
            "Action=DescribeNetworkInterfaces&NetworkInterfaceId.1={eni}"
        ));
        let document = roxmltree::Document::parse(&reply.body).unwrap();
        // Each item of privateIpAddressesSet: its address and whether it is the primary.
        let secondaries: BTreeSet<String> = document
            .descendants()
            .filter(|node| node.has_tag_name("privateIpAddressesSet"))
            .flat_map(|set| set.children().filter(|item| item.has_tag_name("item")))
            .filter(|item| {
                item.children()
                    .any(|c| c.has_tag_name("primary") && c.text() == Some("false"))
            })
            .filter_map(|item| {
                item.children()
                    .find(|c| c.has_tag_name("privateIpAddress"))
                    .and_then(|c| c.text())
                    .map(str::to_owned)
            })
            .collect();
        assert_eq!(&secondaries, kept, "{eni}");
    }
    let all: BTreeSet<&String> = kept.iter().flatten().collect();
    assert_eq!(
        all.len(),
        kept.iter().map(BTreeSet::len).sum::<usize>(),
        "no address on two interfaces"
    );
}

#[test]
fn vpc_subnet_and_interface_extras_answer_ec2_xml() {
    let server = Server::start();
    let network = server.network(&spec());
    let (vpc, subnet) = (&network.vpc_id, &network.subnet_id);
    let digits = vpc.rsplit_once('-').unwrap().1;
    let ok = |form: String| {
        let reply = server.post(&form);
        assert_eq!(reply.status, 200, "{form}: {}", reply.body);
        reply
    };
    // DescribeVpcAttribute: the VPC and the one attribute asked for, as `<value>`.
    let reply = ok(format!(
        "Action=DescribeVpcAttribute&VpcId={vpc}&Attribute=enableDnsSupport"
    ));
    assert_eq!(reply.root(), "DescribeVpcAttributeResponse");
    assert_eq!(
        reply.at(&["DescribeVpcAttributeResponse", "vpcId"]),
        [vpc.as_str()]
    );
    assert_eq!(reply.at(&["enableDnsSupport", "value"]), ["true"]);
    let reply = ok(format!(
        "Action=ModifyVpcAttribute&VpcId={vpc}&EnableDnsHostnames.Value=true"
    ));
    assert_eq!(reply.first("return"), "true");
    let reply = ok(format!(
        "Action=DescribeVpcAttribute&VpcId={vpc}&Attribute=enableDnsHostnames"
    ));
    assert_eq!(reply.at(&["enableDnsHostnames", "value"]), ["true"]);
    let reply = ok(format!("Action=DescribeVpcs&VpcId.1={vpc}"));
    assert_eq!(reply.at(&["vpcSet", "item", "dhcpOptionsId"]).len(), 1);
    // The default resources, found as the Terraform provider finds them.
    let reply = ok(format!(
        "Action=DescribeSecurityGroups&Filter.1.Name=group-name&Filter.1.Value.1=default&Filter.2.Name=vpc-id&Filter.2.Value.1={vpc}"
    ));
    let group = format!("sg-{digits}");
    assert_eq!(
        reply.at(&["securityGroupInfo", "item", "groupId"]),
        [group.as_str()]
    );
    assert_eq!(
        reply.at(&["securityGroupInfo", "item", "groupDescription"]),
        ["default VPC security group"]
    );
    assert_eq!(
        reply.at(&["ipPermissions", "item", "groups", "item", "groupId"]),
        [group.as_str()]
    );
    assert_eq!(
        reply.at(&["ipPermissionsEgress", "item", "ipRanges", "item", "cidrIp"]),
        ["0.0.0.0/0"]
    );
    let reply = ok(format!(
        "Action=DescribeRouteTables&Filter.1.Name=association.main&Filter.1.Value.1=true&Filter.2.Name=vpc-id&Filter.2.Value.1={vpc}"
    ));
    assert_eq!(
        reply.at(&["routeTableSet", "item", "routeTableId"]),
        [format!("rtb-{digits}")]
    );
    assert_eq!(reply.at(&["associationSet", "item", "main"]), ["true"]);
    assert_eq!(reply.at(&["routeSet", "item", "gatewayId"]), ["local"]);
    let reply = ok(format!(
        "Action=DescribeNetworkAcls&Filter.1.Name=default&Filter.1.Value.1=true&Filter.2.Name=vpc-id&Filter.2.Value.1={vpc}"
    ));
    assert_eq!(reply.at(&["networkAclSet", "item", "default"]), ["true"]);
    assert_eq!(
        reply.at(&["entrySet", "item", "ruleNumber"]),
        ["100", "32767", "100", "32767"]
    );
    assert_eq!(
        reply.at(&["associationSet", "item", "subnetId"]),
        [subnet.as_str()]
    );
    // A subnet attribute persists and shows in DescribeSubnets.
    let reply = ok(format!(
        "Action=ModifySubnetAttribute&SubnetId={subnet}&MapPublicIpOnLaunch.Value=true"
    ));
    assert_eq!(reply.first("return"), "true");
    ok(format!(
        "Action=ModifySubnetAttribute&SubnetId={subnet}&PrivateDnsHostnameTypeOnLaunch=resource-name"
    ));
    let reply = ok(format!("Action=DescribeSubnets&SubnetId.1={subnet}"));
    assert_eq!(
        reply.at(&["subnetSet", "item", "mapPublicIpOnLaunch"]),
        ["true"]
    );
    assert_eq!(
        reply.at(&["privateDnsNameOptionsOnLaunch", "hostnameType"]),
        ["resource-name"]
    );
    assert_eq!(
        reply.at(&["subnetSet", "item", "availabilityZoneId"]),
        ["use1-az1"]
    );
    // An interface's groups, description and source/destination check.
    let reply = ok(format!(
        "Action=CreateNetworkInterface&SubnetId={subnet}&SecurityGroupId.1={group}"
    ));
    let eni = reply.first("networkInterfaceId");
    assert_eq!(reply.at(&["groupSet", "item", "groupName"]), ["default"]);
    ok(format!(
        "Action=ModifyNetworkInterfaceAttribute&NetworkInterfaceId={eni}&SourceDestCheck.Value=false"
    ));
    ok(format!(
        "Action=ModifyNetworkInterfaceAttribute&NetworkInterfaceId={eni}&Description.Value=pods"
    ));
    let reply = ok(format!(
        "Action=DescribeNetworkInterfaces&NetworkInterfaceId.1={eni}"
    ));
    assert_eq!(
        reply.at(&["networkInterfaceSet", "item", "sourceDestCheck"]),
        ["false"]
    );
    assert_eq!(
        reply.at(&["networkInterfaceSet", "item", "description"]),
        ["pods"]
    );
    let primary = network.network_interface_id.as_deref().unwrap();
    let reply = ok(format!(
        "Action=DescribeNetworkInterfaces&NetworkInterfaceId.1={primary}"
    ));
    assert_eq!(
        reply.at(&["attachment", "attachTime"]),
        ["2026-01-01T00:00:00.000Z"]
    );
    // Deletes wait for their dependents, with EC2's error document.
    let reply = server.post(&format!("Action=DeleteSubnet&SubnetId={subnet}"));
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "DependencyViolation")
    );
    assert_eq!(
        reply.first("Message"),
        format!("The subnet '{subnet}' has dependencies and cannot be deleted.")
    );
    let reply = server.post(&format!(
        "Action=ModifyNetworkInterfaceAttribute&NetworkInterfaceId={eni}&SecurityGroupId.1=sg-12345678"
    ));
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "InvalidGroup.NotFound")
    );
    let reply = server.post(&format!("Action=DeleteVpc&VpcId={vpc}"));
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "DependencyViolation")
    );
    let instance = network.instance_id.as_deref().unwrap();
    ok(format!("Action=TerminateInstances&InstanceId.1={instance}"));
    ok(format!(
        "Action=DeleteNetworkInterface&NetworkInterfaceId={eni}"
    ));
    assert_eq!(
        ok(format!("Action=DeleteSubnet&SubnetId={subnet}")).first("return"),
        "true"
    );
    assert_eq!(
        ok(format!("Action=DeleteVpc&VpcId={vpc}")).first("return"),
        "true"
    );
    let reply = server.post(&format!("Action=DescribeVpcs&VpcId.1={vpc}"));
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "InvalidVpcID.NotFound")
    );
}

/// The elements reached from `node` through child elements of these names, in document order.
fn descend<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    path: &[&str],
) -> Vec<roxmltree::Node<'a, 'input>> {
    path.iter().fold(vec![node], |nodes, name| {
        nodes
            .iter()
            .flat_map(|node| node.children().filter(|c| c.has_tag_name(*name)))
            .collect()
    })
}

/// The texts of [`descend`]'s elements.
fn texts_at(node: roxmltree::Node<'_, '_>, path: &[&str]) -> Vec<String> {
    descend(node, path)
        .into_iter()
        .map(|node| node.text().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn instance_types_are_ec2_xml_with_item_lists_and_renamed_sets() {
    let server = Server::start();
    let reply = server.post(
        "Action=DescribeInstanceTypes&Version=2016-11-15&InstanceType.1=m5.large&InstanceType.2=c8gn.48xlarge",
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let document = roxmltree::Document::parse(&reply.body).unwrap();
    let types = descend(document.root_element(), &["instanceTypeSet", "item"]);
    assert_eq!(types.len(), 2);
    let (c8gn, m5) = (types[0], types[1]);
    assert_eq!(texts_at(m5, &["instanceType"]), ["m5.large"]);
    // Lists of strings are <item>s inside the member's element, as botocore reads them.
    assert_eq!(
        texts_at(m5, &["supportedUsageClasses", "item"]),
        ["on-demand", "spot"]
    );
    assert_eq!(
        texts_at(m5, &["processorInfo", "supportedArchitectures", "item"]),
        ["x86_64"]
    );
    assert_eq!(
        texts_at(m5, &["placementGroupInfo", "supportedStrategies", "item"]),
        ["cluster", "partition", "spread"]
    );
    assert_eq!(texts_at(m5, &["memoryInfo", "sizeInMiB"]), ["8192"]);
    assert_eq!(texts_at(m5, &["vCpuInfo", "defaultCores"]), ["1"]);
    assert_eq!(
        texts_at(m5, &["vCpuInfo", "validThreadsPerCore", "item"]),
        ["1", "2"]
    );
    assert_eq!(
        texts_at(
            m5,
            &["ebsInfo", "ebsOptimizedInfo", "baselineThroughputInMBps"]
        ),
        ["81.25"]
    );
    assert_eq!(
        texts_at(m5, &["networkInfo", "networkPerformance"]),
        ["Up to 10 Gigabit"]
    );
    assert_eq!(
        texts_at(
            m5,
            &["networkInfo", "networkCards", "item", "peakBandwidthInGbps"]
        ),
        ["10.0"]
    );
    assert_eq!(texts_at(m5, &["burstablePerformanceSupported"]), ["false"]);
    assert_eq!(
        texts_at(m5, &["supportedBootModes", "item"]),
        ["legacy-bios", "uefi"]
    );
    // EbsCards is the one member of the shape whose element is renamed: ebsCardSet.
    assert_eq!(texts_at(c8gn, &["instanceType"]), ["c8gn.48xlarge"]);
    assert_eq!(
        texts_at(c8gn, &["ebsInfo", "ebsCardSet", "item", "ebsCardIndex"]),
        ["0", "1"]
    );
    assert!(descend(c8gn, &["ebsInfo", "ebsCards"]).is_empty());

    // No Elastic IP has a reverse DNS record: an empty addressSet.
    let reply = server.post("Action=DescribeAddressesAttribute&Attribute=domain-name");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.root(), "DescribeAddressesAttributeResponse");
    let document = roxmltree::Document::parse(&reply.body).unwrap();
    let set = descend(document.root_element(), &["addressSet"]);
    assert_eq!(set.len(), 1, "{}", reply.body);
    assert_eq!(set[0].children().count(), 0);

    let reply =
        server.post("Action=DescribeInstanceCreditSpecifications&InstanceId.1=i-0123456789abcdef0");
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "InvalidInstanceID.NotFound")
    );
}
