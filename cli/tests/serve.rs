//! `eniplan serve` at the HTTP level: list encodings, GET and POST, protocol errors, oversized
//! bodies, and a bounded load test from several concurrent clients on loopback.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server, stopped with SIGTERM when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_eniplan"))
            .args(["serve", "--bind", "127.0.0.1:0", "--strategy", "lowest"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
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
        Server { child, address }
    }

    /// One HTTP/1.1 exchange on a fresh connection: status, headers (lower-case), body.
    fn http(
        &self,
        method: &str,
        target: &str,
        body: &[u8],
    ) -> (u16, BTreeMap<String, String>, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.address,
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        // A server may answer and close before reading an oversized body.
        let _ = stream.write_all(body);
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let text = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
            .collect();
        (status, headers, body.to_owned())
    }

    fn post(&self, form: &str) -> (u16, String) {
        let (status, _, body) = self.http("POST", "/", form.as_bytes());
        (status, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// The text of every `<name>` element of an XML body, in order.
fn elements(body: &str, name: &str) -> Vec<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    body.split(&open)
        .skip(1)
        .filter_map(|rest| rest.split_once(&close).map(|(text, _)| text.to_owned()))
        .collect()
}

fn first(body: &str, name: &str) -> String {
    elements(body, name)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no <{name}> in {body}"))
}

/// A VPC, a /22 subnet and one instance: its subnet and primary interface.
fn network(server: &Server, instance_type: &str) -> (String, String) {
    let (_, body) = server.post("Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16");
    let vpc = first(&body, "vpcId");
    let (_, body) = server.post(&format!(
        "Action=CreateSubnet&VpcId={vpc}&CidrBlock=10.0.0.0%2F22"
    ));
    let subnet = first(&body, "subnetId");
    let (status, body) = server.post(&format!(
        "Action=RunInstances&ImageId=ami-1&InstanceType={instance_type}&MinCount=1&MaxCount=1&SubnetId={subnet}"
    ));
    assert_eq!(status, 200, "{body}");
    (subnet, first(&body, "networkInterfaceId"))
}

#[test]
fn list_encodings_and_get_or_post_give_the_same_answer() {
    let server = Server::start();
    let (_, eni) = network(&server, "m5.large");
    let (status, body) = server.post(&format!(
        "Action=AssignPrivateIpAddresses&Version=2016-11-15&NetworkInterfaceId={eni}&PrivateIpAddress.1=10.0.0.9&PrivateIpAddress.2=10.0.0.8"
    ));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(
        "<AssignPrivateIpAddressesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
    ));
    assert_eq!(
        elements(&body, "privateIpAddress"),
        ["10.0.0.9", "10.0.0.8"]
    );
    let (status, _, body) = server.http(
        "GET",
        &format!("/?Action=AssignPrivateIpAddresses&NetworkInterfaceId={eni}&Ipv4Prefix.1=10.0.0.32%2F28"),
        b"",
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(elements(&body, "ipv4Prefix"), ["10.0.0.32/28"]);
    let (_, body) = server.post(&format!(
        "Action=CreateNetworkInterface&SubnetId={}&PrivateIpAddresses.1.PrivateIpAddress=10.0.1.5&PrivateIpAddresses.1.Primary=true&Ipv4Prefix.1.Ipv4Prefix=10.0.1.16%2F28&SecurityGroupId.1=sg-1",
        network_subnet(&server)
    ));
    assert_eq!(first(&body, "privateIpAddress"), "10.0.1.5");
    assert_eq!(elements(&body, "ipv4Prefix"), ["10.0.1.16/28"]);
    let (_, body) = server
        .post("Action=DescribeSubnets&Filter.1.Name=cidr-block&Filter.1.Value.1=10.0.0.0%2F22");
    // 1019 usable less the instance's primary, two secondaries, two /28s and the new
    // interface's primary.
    assert_eq!(first(&body, "availableIpAddressCount"), "983");
}

fn network_subnet(server: &Server) -> String {
    let (_, body) = server.post("Action=DescribeSubnets");
    first(&body, "subnetId")
}

#[test]
fn protocol_errors_are_ec2_error_documents_with_status_400() {
    let server = Server::start();
    let (status, headers, body) =
        server.http("POST", "/", b"Action=LaunchRockets&Version=2016-11-15");
    assert_eq!(status, 400);
    assert_eq!(first(&body, "Code"), "InvalidAction");
    assert_eq!(
        first(&body, "Message"),
        "The action LaunchRockets is not valid for this web service."
    );
    assert!(
        body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>")
    );
    assert_eq!(headers["x-amzn-requestid"], first(&body, "RequestID"));
    let (status, body) =
        server.post("Action=AssignPrivateIpAddresses&NetworkInterfaceId=eni-12345678&Colour=red");
    assert_eq!(
        (status, first(&body, "Code")),
        (400, "UnknownParameter".to_owned())
    );
    assert_eq!(
        first(&body, "Message"),
        "The parameter Colour is not recognized"
    );
    let (status, body) = server.post("Version=2016-11-15");
    assert_eq!(
        (status, first(&body, "Code")),
        (400, "MissingAction".to_owned())
    );
    let (status, body) = server.post("Action=UnassignPrivateIpAddresses&NetworkInterfaceId=eni-12345678&PrivateIpAddress.5000=10.0.0.1");
    assert_eq!(
        (status, first(&body, "Code")),
        (400, "InvalidParameterValue".to_owned())
    );
    assert_eq!(
        first(&body, "Message"),
        "The list PrivateIpAddress has more than 1000 items"
    );
    // A signed request is served like any other.
    let (status, _) =
        server.post("Action=DescribeVpcs&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc");
    assert_eq!(status, 200);
}

#[test]
fn a_deeply_nested_parameter_is_refused_and_the_server_lives_on() {
    let server = Server::start();
    // 5,000 levels under a pass-through member: about 10 KB, once enough to overflow the stack.
    let form = format!(
        "Action=CreateVpc&CidrBlock=10.1.0.0%2F16&TagSpecification{}=x",
        ".a".repeat(5000)
    );
    let (status, body) = server.post(&form);
    assert_eq!(
        (status, first(&body, "Code")),
        (400, "UnknownParameter".to_owned())
    );
    let (status, body) = server.post("Action=DescribeVpcs");
    assert_eq!(status, 200, "{body}");
    assert!(
        elements(&body, "vpcId").is_empty(),
        "the refused request made a VPC"
    );
}

#[test]
fn an_oversized_body_is_refused() {
    let server = Server::start();
    let mut body = b"Action=DescribeVpcs&Filler=".to_vec();
    body.resize(2 << 20, b'x');
    let (status, _, text) = server.http("POST", "/", &body);
    assert_eq!(status, 400);
    assert_eq!(first(&text, "Code"), "InvalidRequest");
    assert_eq!(
        first(&text, "Message"),
        "The request body is larger than 1048576 bytes"
    );
}

#[test]
fn concurrent_clients_lose_and_double_nothing() {
    const CLIENTS: usize = 4;
    const ROUNDS: usize = 150;
    let server = Server::start();
    let (subnet, _) = network(&server, "m5.large");
    // One unattached interface per client; each assigns one address and unassigns every
    // second one, so the final state is known from the successful responses alone.
    let enis: Vec<String> = (0..CLIENTS)
        .map(|_| {
            first(
                &server
                    .post(&format!("Action=CreateNetworkInterface&SubnetId={subnet}"))
                    .1,
                "networkInterfaceId",
            )
        })
        .collect();
    let started = Instant::now();
    let requests = std::sync::atomic::AtomicUsize::new(0);
    let kept: Vec<BTreeSet<String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = enis
            .iter()
            .map(|eni| {
                let (server, requests) = (&server, &requests);
                scope.spawn(move || {
                    let mut kept = BTreeSet::new();
                    for round in 0..ROUNDS {
                        let (status, body) = server.post(&format!(
                            "Action=AssignPrivateIpAddresses&NetworkInterfaceId={eni}&SecondaryPrivateIpAddressCount=1"
                        ));
                        requests.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if status != 200 {
                            assert_eq!(first(&body, "Code"), "PrivateIpAddressLimitExceeded", "{body}");
                            continue;
                        }
                        let address = first(&body, "privateIpAddress");
                        if round % 2 == 0 {
                            let (status, body) = server.post(&format!(
                                "Action=UnassignPrivateIpAddresses&NetworkInterfaceId={eni}&PrivateIpAddress.1={address}"
                            ));
                            requests.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            assert_eq!(status, 200, "{body}");
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
    let elapsed = started.elapsed();
    let total = requests.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!(
        "load test: {total} requests from {CLIENTS} clients in {:.2} s, {:.0} requests/s",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    assert!(
        elapsed < Duration::from_secs(120),
        "the load test is bounded in time"
    );
    for (eni, kept) in enis.iter().zip(&kept) {
        let (_, body) = server.post(&format!(
            "Action=DescribeNetworkInterfaces&NetworkInterfaceId.1={eni}"
        ));
        let held: BTreeSet<String> = elements(&body, "privateIpAddress")
            .into_iter()
            .skip(1)
            .collect();
        // The primary appears twice (top level and in the set); the set lists every address.
        let secondaries: BTreeSet<String> = elements(&body, "item")
            .iter()
            .filter(|item| item.contains("<primary>false</primary>"))
            .map(|item| first(item, "privateIpAddress"))
            .collect();
        assert_eq!(&secondaries, kept, "{eni}");
        assert!(held.is_superset(kept));
    }
    let all: BTreeSet<&String> = kept.iter().flatten().collect();
    assert_eq!(
        all.len(),
        kept.iter().map(BTreeSet::len).sum::<usize>(),
        "no address on two interfaces"
    );
}
