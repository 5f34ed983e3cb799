//! `eniplan simulate --html`: one self-contained page (no network) with what happened, the
//! tables, the timeline chart, and each changed subnet's final fragmentation map.

use std::fmt::Write;

use eniplan::{Error, SubnetId};
use eniplan_sim::{explain, StudyResult};

use crate::simulate::{decision_table, node_group_table, seeds_line, subnet_table};
use crate::timeline_svg::{colour, escape};

const STYLE: &str = "body{font-family:sans-serif;margin:2em;max-width:980px;color:#222}\
table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #ccc;padding:3px 8px;\
text-align:left;font-size:13px}th{background:#f3f3f3}h2{margin-top:1.6em}\
.swatch{display:inline-block;width:12px;height:12px;margin-right:6px}";

/// An SVG document as markup to embed: without its XML declaration.
fn embedded(svg: &str) -> &str {
    svg.split_once("?>\n").map_or(svg, |(_, rest)| rest)
}

/// The page for `result` of scenario `name`.
pub fn page(name: &str, result: &StudyResult) -> Result<String, Error> {
    let seeds = result.seeds.len();
    let single = result.variants.len() == 1 && seeds == 1;
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1>eniplan simulate</h1>\n<p>Scenario <code>{}</code>: {} variant{}, {seeds} seed{} ({}).</p>",
        escape(name),
        result.variants.len(),
        if result.variants.len() == 1 { "" } else { "s" },
        if seeds == 1 { "" } else { "s" },
        result
            .seeds
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    body.push_str("<h2>What happened</h2>\n");
    for (index, variant) in result.variants.iter().enumerate() {
        let _ = writeln!(
            body,
            r#"<h3 class="variant"><span class="swatch" style="background:{}"></span>{}</h3>"#,
            colour(index),
            escape(&variant.variant.name)
        );
        if !single {
            let _ = writeln!(body, "<p>{}</p>", escape(&seeds_line(variant, seeds)));
        }
        let _ = writeln!(body, "<p>Seed {}:</p>\n<ul>", result.seeds[0]);
        for line in explain(&variant.first) {
            let _ = writeln!(body, "<li>{}</li>", escape(&line));
        }
        body.push_str("</ul>\n");
    }
    if single {
        let first = &result.variants[0].first;
        body.push_str("<h2>Subnets</h2>\n");
        body.push_str(&subnet_table(first).to_html());
        body.push_str("<h2>Node groups</h2>\n");
        body.push_str(&node_group_table(first).to_html());
    } else {
        let _ = writeln!(
            body,
            "<h2>Figures</h2>\n<p>Median (min-max) over {seeds} seed{}.</p>",
            if seeds == 1 { "" } else { "s" }
        );
        body.push_str(&decision_table(result).to_html());
    }
    body.push_str("<h2>Timeline</h2>\n");
    body.push_str(embedded(&crate::timeline_svg::draw(result)));
    body.push_str("<h2>Subnets at the end</h2>\n");
    let subnets = crate::timeline_svg::charted_subnets(result);
    for variant in &result.variants {
        let ec2 = &variant.first.ec2;
        let reports = subnets
            .iter()
            .filter_map(|id| SubnetId::parse(id).ok())
            .filter(|id| ec2.subnet(*id).is_ok())
            .map(|id| ec2.subnet_report(id))
            .collect::<Result<Vec<_>, Error>>()?;
        if reports.is_empty() {
            continue;
        }
        let _ = writeln!(
            body,
            "<h3>{} (seed {})</h3>",
            escape(&variant.variant.name),
            result.seeds[0]
        );
        body.push_str(embedded(&crate::svg::draw(ec2, &reports)?));
    }
    Ok(format!(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>eniplan simulate: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(name)
    ))
}
