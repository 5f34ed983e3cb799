//! `eniplan validate` run as a binary: output and exit status.

use std::process::Command;

fn eniplan(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_eniplan"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the eniplan binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_valid_request_prints_its_json_and_exits_0() {
    let (status, stdout, _) = eniplan(&[
        "validate",
        "--action",
        "AssignPrivateIpAddresses",
        "examples/assign-count.json",
    ]);
    assert_eq!(status, 0);
    let printed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        printed,
        serde_json::json!({
            "NetworkInterfaceId": "eni-0123456789abcdef0",
            "SecondaryPrivateIpAddressCount": 2,
        })
    );
}

#[test]
fn a_refused_request_prints_the_ec2_error_and_exits_1() {
    let (status, stdout, stderr) = eniplan(&[
        "validate",
        "--action",
        "AssignPrivateIpAddresses",
        "examples/assign-misaligned-prefix.json",
    ]);
    assert_eq!(status, 1);
    assert!(stdout.is_empty());
    assert!(stderr.starts_with("InvalidParameterValue: Invalid value '10.0.1.8/28'"));
}

#[test]
fn an_unknown_action_exits_1_with_invalid_action() {
    let (status, _, stderr) = eniplan(&[
        "validate",
        "--action",
        "AssignAddresses",
        "examples/assign-count.json",
    ]);
    assert_eq!(status, 1);
    assert!(stderr.starts_with("InvalidAction:"));
}

#[test]
fn an_unreadable_file_exits_2() {
    let (status, _, stderr) = eniplan(&[
        "validate",
        "--action",
        "AssignPrivateIpAddresses",
        "examples/no-such-file.json",
    ]);
    assert_eq!(status, 2);
    assert!(stderr.contains("cannot read"));
}
