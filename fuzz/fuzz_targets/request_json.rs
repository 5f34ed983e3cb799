//! Any bytes as the JSON request of every action: validated as each addressing action, and
//! answered by `Ec2::call_text` for every action name on a small fixed state
//! (`eniplan_fuzz::small_state`).
//!
//! Nothing panics; every error carries a code of the core's table; whatever validates gives
//! back the same request from its own JSON; a call that fails leaves the state as it was.
#![no_main]

use std::sync::OnceLock;

use eniplan::{Action, Ec2, ValidRequest};
use eniplan_fuzz::{check_error, small_state};
use eniplan_reference::engine::{dump, same_state};
use libfuzzer_sys::fuzz_target;

/// The fixed state.
fn state() -> &'static Ec2 {
    static STATE: OnceLock<Ec2> = OnceLock::new();
    STATE.get_or_init(small_state)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for &action in Action::ALL {
        match ValidRequest::from_json_text(action, &text) {
            Ok(valid) => {
                let json = valid.to_json();
                assert_eq!(
                    ValidRequest::from_json(action, &json),
                    Ok(valid.clone()),
                    "{action} does not read back its own JSON {json}"
                );
                let again = serde_json::to_string(&json).expect("a Value always serialises");
                assert_eq!(ValidRequest::from_json_text(action, &again), Ok(valid));
            }
            Err(error) => check_error(&error),
        }
    }
    let before = state();
    for name in eniplan::api::action_names() {
        let mut ec2 = before.clone();
        match ec2.call_text(name, &text) {
            Ok(response) => assert!(response.is_object(), "{name} answered {response}"),
            Err(error) => {
                check_error(&error);
                assert!(
                    same_state(&ec2, before),
                    "{name} failed with {error} and changed the state:\n{}",
                    dump(&ec2)
                );
            }
        }
    }
});
