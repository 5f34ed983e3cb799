//! Requests: stateless validation, JSON parsing with validation
//! (`ValidRequest::from_json_text`), and a whole JSON call (`Ec2::call`) against the same typed
//! call. Each group has a floor: std's address parsing, serde_json's parsing alone, the typed
//! call.
//!
//! One typed C call against the same Rust call is in `boundary`.

use std::hint::black_box;
use std::net::Ipv4Addr;

use criterion::{Criterion, Throughput};
use eniplan::{
    Action, AssignPrivateIpAddressesRequest, CreateNetworkInterfaceRequest, Ec2,
    PrivateIpAddressSpecification, UnassignPrivateIpAddressesRequest, ValidRequest,
};
use eniplan_benches::fixture::{
    address_fill, first_free_at_or_after, ModelSubject, RoundTrip, SIZE,
};
use eniplan_benches::harness;
use serde_json::{json, Value};

const ENI: &str = "eni-0123456789abcdef0";
const SUBNET: &str = "subnet-0123456789abcdef0";

/// Eight addresses as a request carries them.
fn eight_addresses() -> Vec<String> {
    (10..18).map(|i| format!("10.0.3.{i}")).collect()
}

/// The requests of both groups, as SDK-shaped JSON: (case, action, request).
fn cases() -> Vec<(&'static str, Action, Value)> {
    vec![
        (
            "assign_count",
            Action::AssignPrivateIpAddresses,
            json!({"NetworkInterfaceId": ENI, "SecondaryPrivateIpAddressCount": 2}),
        ),
        (
            "assign_addresses_8",
            Action::AssignPrivateIpAddresses,
            json!({"NetworkInterfaceId": ENI, "PrivateIpAddresses": eight_addresses(), "AllowReassignment": true}),
        ),
        (
            "assign_prefixes_4",
            Action::AssignPrivateIpAddresses,
            json!({"NetworkInterfaceId": ENI, "Ipv4Prefixes": ["10.0.4.0/28", "10.0.4.16/28", "10.0.4.32/28", "10.0.4.48/28"]}),
        ),
        (
            "unassign_addresses_8",
            Action::UnassignPrivateIpAddresses,
            json!({"NetworkInterfaceId": ENI, "PrivateIpAddresses": eight_addresses()}),
        ),
        (
            "create_addresses_8",
            Action::CreateNetworkInterface,
            json!({
                "SubnetId": SUBNET,
                "Description": "pods",
                "PrivateIpAddresses": eight_addresses().iter().enumerate()
                    .map(|(i, a)| json!({"PrivateIpAddress": a, "Primary": i == 0}))
                    .collect::<Vec<_>>(),
            }),
        ),
    ]
}

/// Stateless validation of requests already read into their SDK types.
fn validate(c: &mut Criterion) {
    let addresses = eight_addresses();
    let assign = |f: fn(&mut AssignPrivateIpAddressesRequest)| {
        let mut request = AssignPrivateIpAddressesRequest {
            network_interface_id: Some(ENI.into()),
            ..Default::default()
        };
        f(&mut request);
        request
    };
    let count = assign(|r| r.secondary_private_ip_address_count = Some(2));
    let explicit = AssignPrivateIpAddressesRequest {
        private_ip_addresses: addresses.clone(),
        allow_reassignment: Some(true),
        ..assign(|_| {})
    };
    let prefixes = AssignPrivateIpAddressesRequest {
        ipv4_prefixes: (0..4).map(|i| format!("10.0.4.{}/28", i * 16)).collect(),
        ..assign(|_| {})
    };
    let unassign = UnassignPrivateIpAddressesRequest {
        network_interface_id: Some(ENI.into()),
        private_ip_addresses: addresses.clone(),
        ..Default::default()
    };
    let create = CreateNetworkInterfaceRequest {
        subnet_id: Some(SUBNET.into()),
        description: Some("pods".into()),
        private_ip_addresses: addresses
            .iter()
            .enumerate()
            .map(|(i, a)| PrivateIpAddressSpecification {
                private_ip_address: Some(a.clone()),
                primary: Some(i == 0),
            })
            .collect(),
        ..Default::default()
    };
    let mut group = c.benchmark_group("request/validate");
    group.throughput(Throughput::Elements(1));
    group.bench_function("floor_std_parse_8_addresses", |b| {
        b.iter(|| {
            black_box(&addresses)
                .iter()
                .map(|a| a.parse::<Ipv4Addr>())
                .collect::<Result<Vec<_>, _>>()
        })
    });
    group.bench_function("assign_count", |b| b.iter(|| black_box(&count).validate()));
    group.bench_function("assign_addresses_8", |b| {
        b.iter(|| black_box(&explicit).validate())
    });
    group.bench_function("assign_prefixes_4", |b| {
        b.iter(|| black_box(&prefixes).validate())
    });
    group.bench_function("unassign_addresses_8", |b| {
        b.iter(|| black_box(&unassign).validate())
    });
    group.bench_function("create_addresses_8", |b| {
        b.iter(|| black_box(&create).validate())
    });
    group.finish();
}

/// JSON text to a validated request.
fn json_text(c: &mut Criterion) {
    let cases: Vec<(&str, Action, String)> = cases()
        .into_iter()
        .map(|(case, action, value)| (case, action, value.to_string()))
        .collect();
    let mut group = c.benchmark_group("request/json");
    group.throughput(Throughput::Elements(1));
    let floor = &cases[1].2;
    group.bench_function("floor_serde_json_assign_addresses_8", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(floor)).expect("json"))
    });
    for (case, action, text) in &cases {
        group.bench_function(*case, |b| {
            b.iter(|| ValidRequest::from_json_text(*action, black_box(text)).expect("valid"))
        });
    }
    group.finish();
}

/// One automatic address assigned and unassigned on a /16 at 50 % fill: the typed calls, then
/// the same through `Ec2::call` on JSON values and on JSON text.
fn call(c: &mut Criterion) {
    let owned = address_fill(50);
    let explicit = first_free_at_or_after(&owned, SIZE / 2);
    let mut typed = ModelSubject::new(&owned, explicit);
    let mut by_value = typed.clone();
    let mut by_text = typed.clone();
    let eni = typed.eni.to_string();
    let assign = json!({"NetworkInterfaceId": eni, "SecondaryPrivateIpAddressCount": 1});
    let assign_text = assign.to_string();
    let assigned = |response: &Value| -> String {
        response["AssignedPrivateIpAddresses"][0]["PrivateIpAddress"]
            .as_str()
            .expect("an address")
            .to_owned()
    };
    let round_trip_value = |ec2: &mut Ec2| {
        let response = ec2
            .call("AssignPrivateIpAddresses", &assign)
            .expect("assign");
        let unassign =
            json!({"NetworkInterfaceId": eni, "PrivateIpAddresses": [assigned(&response)]});
        ec2.call("UnassignPrivateIpAddresses", &unassign)
            .expect("unassign")
    };
    let round_trip_text = |ec2: &mut Ec2| {
        let response = ec2
            .call_text("AssignPrivateIpAddresses", &assign_text)
            .expect("assign");
        let unassign = format!(
            r#"{{"NetworkInterfaceId":"{eni}","PrivateIpAddresses":["{}"]}}"#,
            assigned(&response)
        );
        ec2.call_text("UnassignPrivateIpAddresses", &unassign)
            .expect("unassign")
    };
    let mut group = c.benchmark_group("request/call_auto_address");
    group.throughput(Throughput::Elements(1));
    group.bench_function("typed", |b| b.iter(|| black_box(typed.address())));
    group.bench_function("json_value", |b| {
        b.iter(|| round_trip_value(&mut by_value.ec2))
    });
    group.bench_function("json_text", |b| {
        b.iter(|| round_trip_text(&mut by_text.ec2))
    });
    group.finish();
}

fn main() {
    harness::main(&[validate, json_text, call]);
}
