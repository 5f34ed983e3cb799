//! The `aws-node` environment: the VPC CNI's settings, spelled as the VPC CNI spells them, with
//! the defaults of its shipped manifest (`config/master/aws-k8s-cni.yaml`).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::time::{Millis, SECOND};

/// A setting's value as a scenario writes it: Kubernetes gives the container strings, but a
/// TOML or JSON number or boolean reads the same.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged, expecting = "a string, an integer or a boolean")]
pub enum SettingValue {
    /// `"1"`, `"true"`.
    Text(String),
    /// `1`.
    Integer(i64),
    /// `true`.
    Bool(bool),
}

impl SettingValue {
    fn text(&self) -> String {
        match self {
            SettingValue::Text(text) => text.trim().to_owned(),
            SettingValue::Integer(value) => value.to_string(),
            SettingValue::Bool(value) => value.to_string(),
        }
    }
}

/// The VPC CNI settings the simulator follows. Defaults are the shipped manifest's, which
/// differ from the code's only in `WARM_PREFIX_TARGET` (manifest 1, code 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CniConfig {
    /// `ENABLE_PREFIX_DELEGATION`: /28 prefixes instead of secondary addresses.
    pub prefix_delegation: bool,
    /// `WARM_ENI_TARGET` (secondary-IP mode): keep this many interfaces' worth of addresses free.
    pub warm_eni_target: u32,
    /// `WARM_IP_TARGET`: keep this many addresses free (0: unset).
    pub warm_ip_target: u32,
    /// `MINIMUM_IP_TARGET`: hold at least this many addresses (0: unset).
    pub minimum_ip_target: u32,
    /// `WARM_PREFIX_TARGET` (prefix mode): keep this many prefixes' worth free.
    pub warm_prefix_target: u32,
    /// `MAX_ENI`: at most this many interfaces, when below the instance type's limit.
    pub max_eni: Option<u32>,
    /// `AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG`: pod addresses from the ENIConfig subnet only.
    pub custom_networking: bool,
    /// `ENABLE_SUBNET_DISCOVERY`: new interfaces may go to other tagged subnets of the zone.
    pub subnet_discovery: bool,
    /// `IP_COOLDOWN_PERIOD`: how long a released pod address waits before reuse.
    pub ip_cooldown: Millis,
    /// `CLUSTER_NAME`: with subnet discovery, subnets tagged for other clusters are skipped.
    pub cluster_name: Option<String>,
    /// `DISABLE_NETWORK_RESOURCE_PROVISIONING` or `ENABLE_IMDS_ONLY_MODE`: ipamd never calls
    /// EC2 to grow or shrink the pool.
    pub provisioning_disabled: bool,
}

impl Default for CniConfig {
    fn default() -> Self {
        CniConfig {
            prefix_delegation: false,
            warm_eni_target: 1,
            warm_ip_target: 0,
            minimum_ip_target: 0,
            warm_prefix_target: 1,
            max_eni: None,
            custom_networking: false,
            subnet_discovery: true,
            ip_cooldown: 30 * SECOND,
            cluster_name: None,
            provisioning_disabled: false,
        }
    }
}

/// Real `aws-node` settings that change nothing about addressing, accepted so that a
/// DaemonSet's environment can be pasted as it is.
const NO_ADDRESSING_EFFECT: &[&str] = &[
    "ADDITIONAL_ENI_TAGS",
    "ANNOTATE_POD_IP",
    "AWS_CLUSTER_ID",
    "AWS_EC2_ENDPOINT",
    "AWS_EXTERNAL_SERVICE_CIDRS",
    "AWS_MANAGE_ENIS_NON_SCHEDULABLE",
    "AWS_REGION",
    "AWS_VPC_CNI_NODE_PORT_SUPPORT",
    "AWS_VPC_ENI_MTU",
    "AWS_VPC_K8S_CNI_BACKING_STORE",
    "AWS_VPC_K8S_CNI_CONFIGURE_RPFILTER",
    "AWS_VPC_K8S_CNI_CONNMARK",
    "AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS",
    "AWS_VPC_K8S_CNI_EXTERNALSNAT",
    "AWS_VPC_K8S_CNI_LOG_FILE",
    "AWS_VPC_K8S_CNI_LOGLEVEL",
    "AWS_VPC_K8S_CNI_RANDOMIZESNAT",
    "AWS_VPC_K8S_CNI_VETHPREFIX",
    "AWS_VPC_K8S_EGRESS_V4_PLUGIN_LOG_FILE",
    "AWS_VPC_K8S_EGRESS_V6_PLUGIN_LOG_FILE",
    "AWS_VPC_K8S_PLUGIN_LOG_FILE",
    "AWS_VPC_K8S_PLUGIN_LOG_LEVEL",
    "DISABLE_INTROSPECTION",
    "DISABLE_LEAKED_ENI_CLEANUP",
    "DISABLE_METRICS",
    "DISABLE_POD_V6",
    "DISABLE_TCP_EARLY_DEMUX",
    "ENABLE_BANDWIDTH_PLUGIN",
    "ENABLE_V4_EGRESS",
    "ENABLE_V6_EGRESS",
    "ENI_CONFIG_ANNOTATION_DEF",
    "ENI_CONFIG_LABEL_DEF",
    "INTROSPECTION_BIND_ADDRESS",
    "MANAGE_UNTAGGED_ENI",
    "NETWORK_POLICY_ENFORCING_MODE",
    "POD_SECURITY_GROUP_ENFORCING_MODE",
    "VPC_CNI_VERSION",
    "VPC_ID",
];

/// Settings that change addressing in ways the simulator does not model, with the value that
/// leaves them inert (and so is accepted).
const NOT_MODELLED: &[(&str, bool)] = &[
    ("ENABLE_IPv6", false),
    ("ENABLE_IPv4", true),
    ("ENABLE_POD_ENI", false),
    ("ENABLE_MULTI_NIC", false),
];

impl CniConfig {
    /// The settings of a scenario's `cni` table. An unknown name, a value the VPC CNI would
    /// not read (it would quietly fall back to its default), or a feature the simulator does
    /// not model is refused with a message naming the setting.
    pub fn from_settings(settings: &BTreeMap<String, SettingValue>) -> Result<CniConfig, String> {
        let mut config = CniConfig::default();
        let mut disable_provisioning = false;
        let mut imds_only = false;
        for (name, value) in settings {
            let member = format!("cni.{name}");
            let text = value.text();
            match name.as_str() {
                "ENABLE_PREFIX_DELEGATION" => config.prefix_delegation = boolean(&member, &text)?,
                "WARM_ENI_TARGET" => config.warm_eni_target = count(&member, &text, 1)?,
                "WARM_IP_TARGET" => config.warm_ip_target = count(&member, &text, 0)?,
                "MINIMUM_IP_TARGET" => config.minimum_ip_target = count(&member, &text, 0)?,
                "WARM_PREFIX_TARGET" => config.warm_prefix_target = count(&member, &text, 0)?,
                "MAX_ENI" => {
                    let value = count(&member, &text, 0)?;
                    if value == 0 {
                        return Err(format!(
                            "{member}: 0 is below 1, which the VPC CNI ignores (it keeps the instance type's limit); leave it out instead"
                        ));
                    }
                    config.max_eni = Some(value);
                }
                "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG" => {
                    config.custom_networking = boolean(&member, &text)?
                }
                "ENABLE_SUBNET_DISCOVERY" => config.subnet_discovery = boolean(&member, &text)?,
                "IP_COOLDOWN_PERIOD" => {
                    config.ip_cooldown = Millis::from(count(&member, &text, 30)?) * SECOND
                }
                "CLUSTER_NAME" => config.cluster_name = Some(text).filter(|name| !name.is_empty()),
                "DISABLE_NETWORK_RESOURCE_PROVISIONING" => {
                    disable_provisioning = boolean(&member, &text)?
                }
                "ENABLE_IMDS_ONLY_MODE" => imds_only = boolean(&member, &text)?,
                other if NO_ADDRESSING_EFFECT.contains(&other) => {}
                other => match NOT_MODELLED.iter().find(|(known, _)| *known == other) {
                    Some(&(_, inert)) => {
                        if boolean(&member, &text)? != inert {
                            return Err(format!(
                                "{member}: {text} is not modelled by the simulator (only {inert} is)"
                            ));
                        }
                    }
                    None => {
                        return Err(format!(
                            "{member}: unknown VPC CNI setting (the simulator reads ENABLE_PREFIX_DELEGATION, WARM_ENI_TARGET, WARM_IP_TARGET, MINIMUM_IP_TARGET, WARM_PREFIX_TARGET, MAX_ENI, AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG, ENABLE_SUBNET_DISCOVERY, IP_COOLDOWN_PERIOD, CLUSTER_NAME, DISABLE_NETWORK_RESOURCE_PROVISIONING and ENABLE_IMDS_ONLY_MODE)"
                        ))
                    }
                },
            }
        }
        config.provisioning_disabled = disable_provisioning || imds_only;
        Ok(config)
    }

    /// Whether `WARM_IP_TARGET` or `MINIMUM_IP_TARGET` is set: they then override
    /// `WARM_ENI_TARGET` and `WARM_PREFIX_TARGET` (ipamd.go `warmIPTargetsDefined`).
    pub fn ip_targets_defined(&self) -> bool {
        self.warm_ip_target != 0 || self.minimum_ip_target != 0
    }
}

/// A boolean as Go's `strconv.ParseBool` reads it.
fn boolean(member: &str, text: &str) -> Result<bool, String> {
    match text {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(false),
        _ => Err(format!(
            "{member}: {text:?} is not a boolean (true or false)"
        )),
    }
}

/// A non-negative integer as ipamd's getters read it; anything else is refused, saying which
/// default the VPC CNI would have used instead.
fn count(member: &str, text: &str, fallback: u32) -> Result<u32, String> {
    text.parse::<u32>().map_err(|_| {
        format!(
            "{member}: {text:?} is not a non-negative integer (the VPC CNI would ignore it and use {fallback})"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, SettingValue)]) -> BTreeMap<String, SettingValue> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect()
    }

    #[test]
    fn defaults_are_the_shipped_manifest() {
        let config = CniConfig::from_settings(&BTreeMap::new()).unwrap();
        assert_eq!(config.warm_eni_target, 1);
        assert_eq!(config.warm_prefix_target, 1);
        assert!(!config.prefix_delegation && config.subnet_discovery);
        assert_eq!(config.ip_cooldown, 30_000);
        assert!(!config.ip_targets_defined());
    }

    #[test]
    fn values_read_as_strings_numbers_or_booleans() {
        let config = CniConfig::from_settings(&settings(&[
            (
                "ENABLE_PREFIX_DELEGATION",
                SettingValue::Text("true".into()),
            ),
            ("WARM_IP_TARGET", SettingValue::Integer(5)),
            ("MINIMUM_IP_TARGET", SettingValue::Text("10".into())),
            ("ENABLE_SUBNET_DISCOVERY", SettingValue::Bool(false)),
            ("MAX_ENI", SettingValue::Integer(2)),
            (
                "AWS_VPC_K8S_CNI_LOGLEVEL",
                SettingValue::Text("DEBUG".into()),
            ),
        ]))
        .unwrap();
        assert!(config.prefix_delegation && !config.subnet_discovery);
        assert_eq!((config.warm_ip_target, config.minimum_ip_target), (5, 10));
        assert_eq!(config.max_eni, Some(2));
        assert!(config.ip_targets_defined());
    }

    #[test]
    fn unknown_unread_or_unmodelled_settings_are_refused_by_name() {
        let cases = [
            ("WARM_ENI_TARGETS", SettingValue::Integer(1), "cni.WARM_ENI_TARGETS: unknown VPC CNI setting"),
            ("WARM_ENI_TARGET", SettingValue::Integer(-1), "cni.WARM_ENI_TARGET: \"-1\" is not a non-negative integer (the VPC CNI would ignore it and use 1)"),
            ("ENABLE_PREFIX_DELEGATION", SettingValue::Text("yes".into()), "cni.ENABLE_PREFIX_DELEGATION: \"yes\" is not a boolean"),
            ("ENABLE_IPv6", SettingValue::Bool(true), "cni.ENABLE_IPv6: true is not modelled"),
            ("MAX_ENI", SettingValue::Integer(0), "cni.MAX_ENI: 0 is below 1"),
        ];
        for (name, value, expected) in cases {
            let error = CniConfig::from_settings(&settings(&[(name, value)])).unwrap_err();
            assert!(error.starts_with(expected), "{error}");
        }
    }

    #[test]
    fn either_switch_disables_provisioning() {
        for name in [
            "DISABLE_NETWORK_RESOURCE_PROVISIONING",
            "ENABLE_IMDS_ONLY_MODE",
        ] {
            let config =
                CniConfig::from_settings(&settings(&[(name, SettingValue::Bool(true))])).unwrap();
            assert!(config.provisioning_disabled, "{name}");
        }
    }
}
