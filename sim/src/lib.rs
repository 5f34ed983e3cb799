//! # eniplan-sim
//!
//! A capacity simulator for Kubernetes clusters on AWS: each node's VPC CNI (`ipamd`) grows
//! and shrinks its warm pool of addresses or /28 prefixes over simulated time, pods come and
//! go, nodes launch and terminate, other tenants churn the subnets, and every EC2 call goes
//! through eniplan's EC2 model, so every EC2 rule and error applies as EC2 would apply it.
//! The question it answers: will this cluster scale on these subnets, and which setting
//! holds the fewest idle addresses?
//!
//! ```
//! use eniplan_sim::{simulate, Scenario};
//!
//! let scenario = Scenario::from_toml(r#"
//!     duration = "20m"
//!     [vpc]
//!     cidr = "10.0.0.0/16"
//!     subnets = [{ name = "nodes", cidr = "10.0.0.0/24" }]
//!     [[node_groups]]
//!     name = "general"
//!     instance_type = "m5.large"
//!     subnets = ["nodes"]
//!     nodes = 3
//!     [[workloads]]
//!     node_group = "general"
//!     pods = 60
//! "#)?;
//! let result = simulate(&scenario, None)?;
//! // Every pod runs in the end; at the start, pods landed on the first node to be Ready
//! // faster than its ipamd added interfaces, and some waited a few seconds for an address.
//! assert_eq!(result.summary.peak_pods_running, 60);
//! assert_eq!(result.summary.pods_waited_for_address.still_waiting, 0);
//! let last = result.timeline.last().unwrap();
//! assert_eq!((last.pods_running, last.pods_waiting_for_address), (60, 0));
//! # Ok::<(), eniplan_sim::ScenarioError>(())
//! ```
//!
//! The behaviour modelled, with its source in the VPC CNI's code for every rule, is in the
//! project's specification `vpc-cni-ipamd.md`; README's simulator section lists the scenario
//! members, the result and the known simplifications.
#![forbid(unsafe_code)]

mod cloud;
mod error;
mod explain;
mod ipamd;
mod network;
mod result;
mod rng;
mod scenario;
mod simulation;
mod study;
mod time;

pub use cloud::{Action, Caller};
pub use error::ScenarioError;
pub use explain::{explain, when};
pub use network::{Network, Tags};
pub use result::{
    CallCount, EniReport, NodeReport, Sample, SimulationResult, SubnetErrors, SubnetSample,
    Summary, Waits, WorkloadReport,
};
pub use scenario::{
    scenario_value, BackgroundSpec, CniConfig, Format, MaxPodsSpec, NodeGroupSpec, ReservationSpec,
    Scenario, Schedule, SettingValue, SubnetSpec, VpcSpec, WorkloadSpec,
};
pub use simulation::{simulate, Simulation};
pub use study::{
    Aggregate, Band, BandSample, SeedSummary, Spread, Study, StudyResult, SubnetBand, Variant,
    VariantResult,
};
pub use time::{Millis, SimDuration};
