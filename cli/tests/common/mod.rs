//! What the CLI's test files share: running the binary from the repository's root, reading
//! its JSON, and scratch folders.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// How a run of the binary ended.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `eniplan ARGS` from the repository's root.
pub fn eniplan(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_eniplan"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the eniplan binary runs");
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The run's stdout as JSON.
pub fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout))
}

/// A scratch folder of this test process, with these files written into it.
pub fn scratch(name: &str, files: &[(&str, Value)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eniplan-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (file, value) in files {
        std::fs::write(dir.join(file), value.to_string()).unwrap();
    }
    dir
}
