//! Studies: variants, seeds, and figures over seeds.

use super::*;

/// Two m5.large nodes with prefixes, 40 pods replaced every 2 minutes on average.
fn scenario() -> Value {
    let text = r#"
        seed = 5
        duration = "8m"
        sample_every = "1m"
        [vpc]
        cidr = "10.0.0.0/16"
        subnets = [{ name = "nodes", cidr = "10.0.0.0/23" }]
        [cni]
        ENABLE_PREFIX_DELEGATION = true
        [[node_groups]]
        name = "general"
        instance_type = "m5.large"
        subnets = ["nodes"]
        nodes = 2
        [[workloads]]
        node_group = "general"
        pods = [["0s", 0], ["1m", 40]]
        lifetime = "2m"
    "#;
    toml::from_str(text).unwrap_or(Value::Null)
}

fn no_progress(_: usize, _: usize) {}

#[test]
fn nearest_rank_percentiles_are_values_of_the_set() {
    let values: Vec<f64> = (1..=10).map(f64::from).collect();
    let spread = Spread::of(&values);
    assert_eq!(
        (spread.min, spread.median, spread.p90, spread.max),
        (1.0, 5.0, 9.0, 10.0)
    );
    let band = Band::of(&[7.0, 3.0]);
    assert_eq!((band.p10, band.median, band.p90), (3.0, 3.0, 7.0));
    assert_eq!(Spread::of(&[4.0]).p90, 4.0);
}

#[test]
fn members_are_set_by_path_names_or_indices() {
    let mut value = scenario();
    set_member(&mut value, "cni.WARM_PREFIX_TARGET", "2").unwrap();
    set_member(&mut value, "node_groups.general.instance_type", "m5.xlarge").unwrap();
    set_member(&mut value, "workloads.0.lifetime", "5m").unwrap();
    assert_eq!(value["cni"]["WARM_PREFIX_TARGET"], 2);
    assert_eq!(value["node_groups"][0]["instance_type"], "m5.xlarge");
    assert_eq!(value["workloads"][0]["lifetime"], "5m");
    let error = set_member(&mut value, "node_groups.gpu.nodes", "3").unwrap_err();
    assert_eq!(
        error.to_string(),
        "vary node_groups.gpu.nodes: no element named \"gpu\" in node_groups"
    );
    assert!(set_member(&mut value, "node_groups.0", "3").is_err());
    assert!(parse_vary("cni.WARM_IP_TARGET").is_err());
    let reservations =
        r#"vpc.subnets.nodes.reservations=[],[{"cidr": "10.0.1.0/24", "type": "prefix"}]"#;
    let (key, values) = parse_vary(reservations).unwrap();
    assert_eq!(key, "vpc.subnets.nodes.reservations");
    assert_eq!(
        values,
        ["[]", r#"[{"cidr": "10.0.1.0/24", "type": "prefix"}]"#]
    );
    set_member(&mut value, &key, &values[1]).unwrap();
    assert_eq!(
        value["vpc"]["subnets"][0]["reservations"][0]["type"],
        "prefix"
    );
    assert_eq!(
        parse_vary("seed=1, 2").unwrap(),
        ("seed".to_owned(), vec!["1".to_owned(), "2".to_owned()])
    );
}

#[test]
fn every_combination_of_the_varied_members_is_a_variant() {
    let vary = [
        "cni.WARM_PREFIX_TARGET=0,1".to_owned(),
        "node_groups.general.nodes=2,3,4".to_owned(),
    ];
    let study = Study::new(&scenario(), &vary, None, None).unwrap();
    let names: Vec<String> = study.variants().map(|v| v.name.clone()).collect();
    assert_eq!(names.len(), 6);
    assert_eq!(
        names[0],
        "cni.WARM_PREFIX_TARGET=0, node_groups.general.nodes=2"
    );
    assert_eq!(
        names[5],
        "cni.WARM_PREFIX_TARGET=1, node_groups.general.nodes=4"
    );
    // A bad value is refused before anything runs, naming its variant.
    let bad = ["cni.WARM_PREFIX_TARGET=1,many".to_owned()];
    let error = Study::new(&scenario(), &bad, None, None)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("cni.WARM_PREFIX_TARGET=many: cni.WARM_PREFIX_TARGET"),
        "{error}"
    );
}

#[test]
fn each_variant_runs_the_same_seeds_and_the_figures_cover_them() {
    let value = scenario();
    let seeds = Study::consecutive_seeds(&value, 4);
    assert_eq!(seeds, vec![5, 6, 7, 8]);
    let vary = ["cni.WARM_PREFIX_TARGET=1,3".to_owned()];
    let study = Study::new(&value, &vary, Some(seeds.clone()), None).unwrap();
    assert_eq!(study.runs(), 8);
    let result = study.run(None, &no_progress).unwrap();
    for variant in &result.variants {
        let ran: Vec<u64> = variant.runs.iter().map(|r| r.seed).collect();
        assert_eq!(ran, seeds);
        let a = &variant.aggregate;
        for spread in [
            a.peak_pods_running,
            a.idle_warm_addresses_at_end,
            a.ipamd_calls,
        ] {
            assert!(spread.min <= spread.median);
            assert!(spread.median <= spread.p90 && spread.p90 <= spread.max);
        }
        // Each run's own figure lies within the spread.
        for run in &variant.runs {
            let peak = f64::from(run.summary.peak_pods_running);
            assert!(a.peak_pods_running.min <= peak && peak <= a.peak_pods_running.max);
        }
        assert_eq!(variant.timeline.len(), variant.first.timeline.len());
    }
    // Three free prefixes a node against one: the warmer pools hold more idle addresses.
    let idle = |v: usize| {
        result.variants[v]
            .aggregate
            .idle_warm_addresses_at_end
            .median
    };
    assert!(idle(1) > idle(0), "{} vs {}", idle(1), idle(0));
    // The same study again gives the same figures, whatever the threads did.
    let again = study.run(None, &no_progress).unwrap();
    assert_eq!(
        serde_json::to_string(&again).unwrap(),
        serde_json::to_string(&result).unwrap()
    );
}
