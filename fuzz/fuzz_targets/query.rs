//! Any bytes as the form body of an `eniplan serve` request: decoded by the Query decoder,
//! answered by the model on the small fixed state (`eniplan_fuzz::small_state`), and written as
//! EC2's XML, as the endpoint does.
//!
//! Nothing panics, overflows the stack or allocates without bound (the decoder's work grows
//! with the body's size, and parameter names have at most `MAX_PARAMETER_PARTS` parts); every
//! error carries an EC2 code of the table; every document is well-formed XML, rooted at the
//! action's response or at EC2's error document; a failed call leaves the state as it was.
#![no_main]

use std::sync::OnceLock;

use eniplan::Ec2;
use eniplan_fuzz::{check_error, small_state};
use eniplan_query::{error_xml, parse_query, response_xml};
use eniplan_reference::engine::{dump, same_state};
use libfuzzer_sys::fuzz_target;

/// The fixed state.
fn state() -> &'static Ec2 {
    static STATE: OnceLock<Ec2> = OnceLock::new();
    STATE.get_or_init(small_state)
}

const REQUEST_ID: &str = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE";

fuzz_target!(|data: &[u8]| {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(data).into_owned().collect();
    let (xml, root) = match parse_query(pairs) {
        Err(error) => {
            check_error(&error);
            (error_xml(&error, REQUEST_ID), "Response".to_owned())
        }
        Ok(parsed) => {
            let before = state();
            let mut ec2 = before.clone();
            match ec2.call(parsed.action.name, &parsed.request) {
                Ok(response) => (
                    response_xml(parsed.action, &response, REQUEST_ID),
                    format!("{}Response", parsed.action.name),
                ),
                Err(error) => {
                    check_error(&error);
                    assert!(
                        same_state(&ec2, before),
                        "{} failed with {error} and changed the state:\n{}",
                        parsed.action.name,
                        dump(&ec2)
                    );
                    (error_xml(&error, REQUEST_ID), "Response".to_owned())
                }
            }
        }
    };
    let document = roxmltree::Document::parse(&xml)
        .unwrap_or_else(|error| panic!("not well-formed XML ({error}):\n{xml}"));
    assert_eq!(document.root_element().tag_name().name(), root, "{xml}");
});
