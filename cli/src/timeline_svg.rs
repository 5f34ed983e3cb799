//! The simulator's timeline as an SVG chart: one panel per figure, one line per variant (the
//! median over seeds) with a band from the 10th to the 90th percentile when there are several.

use std::fmt::Write;

use eniplan_sim::{Band, BandSample, StudyResult};

const WIDTH: f64 = 900.0;
const PANEL_HEIGHT: f64 = 120.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 30.0;
const GAP: f64 = 50.0;
/// The most subnets charted; the rest are listed as left out.
const MAX_SUBNETS: usize = 6;
/// Line colours, one per variant, in turn.
const PALETTE: [&str; 8] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
];

/// Text made safe for XML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The colour of variant `index`.
pub fn colour(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// A figure drawn as one panel.
enum Panel {
    PodsRunning,
    PodsWaiting,
    /// A subnet's `AvailableIpAddressCount`.
    Available(String),
    /// A subnet's free aligned /28 blocks.
    FreeBlocks(String),
}

impl Panel {
    /// The panel's title; a subnet is named by its id and its `Name` tag, if it has one.
    fn title(&self, result: &StudyResult) -> String {
        let named = |id: &str| {
            let name = result
                .variants
                .first()
                .and_then(|variant| variant.first.ec2.tags(id).get("Name"));
            match name {
                Some(name) => format!("{id} ({name})"),
                None => id.to_owned(),
            }
        };
        match self {
            Panel::PodsRunning => "pods running".to_owned(),
            Panel::PodsWaiting => "pods waiting for an address".to_owned(),
            Panel::Available(subnet) => {
                format!(
                    "free addresses (AvailableIpAddressCount) in {}",
                    named(subnet)
                )
            }
            Panel::FreeBlocks(subnet) => {
                format!("free aligned /28 blocks in {}", named(subnet))
            }
        }
    }

    /// The panel's figure in a sample.
    fn value(&self, sample: &BandSample) -> Option<Band> {
        let subnet = |id: &str| sample.subnets.iter().find(|s| s.subnet_id == id);
        match self {
            Panel::PodsRunning => Some(sample.pods_running),
            Panel::PodsWaiting => Some(sample.pods_waiting_for_address),
            Panel::Available(id) => subnet(id).map(|s| s.available_ip_address_count),
            Panel::FreeBlocks(id) => subnet(id).map(|s| s.free_aligned_blocks),
        }
    }
}

/// The subnets any variant's first run touched, by id.
pub fn charted_subnets(result: &StudyResult) -> Vec<String> {
    let mut subnets: Vec<String> = result
        .variants
        .iter()
        .flat_map(|variant| variant.first.active_subnets())
        .collect();
    subnets.sort();
    subnets.dedup();
    subnets
}

fn panels(result: &StudyResult) -> (Vec<Panel>, usize) {
    let mut panels = vec![Panel::PodsRunning, Panel::PodsWaiting];
    let subnets = charted_subnets(result);
    let left_out = subnets.len().saturating_sub(MAX_SUBNETS);
    for subnet in subnets.into_iter().take(MAX_SUBNETS) {
        panels.push(Panel::Available(subnet.clone()));
        panels.push(Panel::FreeBlocks(subnet));
    }
    (panels, left_out)
}

/// The chart of a study (one variant and one seed included).
pub fn draw(result: &StudyResult) -> String {
    let several_seeds = result.seeds.len() > 1;
    let (panels, left_out) = panels(result);
    let end = result
        .variants
        .iter()
        .filter_map(|v| v.timeline.last())
        .map(|s| s.seconds)
        .fold(1.0, f64::max);
    let plot_width = WIDTH - LEFT - RIGHT;
    let x = |seconds: f64| LEFT + seconds / end * plot_width;
    let mut body = String::new();
    let legend_rows = result.variants.len();
    let mut top = TOP + 18.0 * legend_rows as f64 + 10.0;
    for (index, variant) in result.variants.iter().enumerate() {
        let y = TOP + 18.0 * index as f64;
        let _ = writeln!(
            body,
            r#"<rect x="{LEFT}" y="{}" width="14" height="4" fill="{}"/><text x="{}" y="{y}" font-size="12">{}</text>"#,
            y - 4.0,
            colour(index),
            LEFT + 20.0,
            escape(&variant.variant.name)
        );
    }
    for panel in &panels {
        let bands: Vec<Band> = result
            .variants
            .iter()
            .flat_map(|v| v.timeline.iter().filter_map(|s| panel.value(s)))
            .collect();
        let max = bands
            .iter()
            .map(|b| b.p90.max(b.median))
            .fold(1.0, f64::max);
        let lowest = bands
            .iter()
            .map(|b| b.p10.min(b.median))
            .fold(max, f64::min);
        // From zero, unless every value sits in the top half: then from a little below the
        // lowest, so that a change of a few addresses in a large subnet shows.
        let min = if lowest > max / 2.0 {
            (lowest - (max - lowest).max(1.0) * 0.25).floor().max(0.0)
        } else {
            0.0
        };
        let bottom = top + PANEL_HEIGHT;
        let y = |value: f64| bottom - (value - min) / (max - min).max(1.0) * PANEL_HEIGHT;
        let _ = writeln!(
            body,
            r#"<g class="panel"><text x="{LEFT}" y="{}" font-size="13" font-weight="bold">{}</text>"#,
            top - 8.0,
            escape(&panel.title(result))
        );
        let _ = writeln!(
            body,
            r##"<rect x="{LEFT}" y="{top}" width="{plot_width}" height="{PANEL_HEIGHT}" fill="none" stroke="#bbb"/>"##
        );
        for (value, label_y) in [(min, bottom), (max, top)] {
            let _ = writeln!(
                body,
                r#"<text x="{}" y="{}" font-size="11" text-anchor="end">{value:.0}</text>"#,
                LEFT - 6.0,
                label_y + 4.0
            );
        }
        for step in 0..=4 {
            let seconds = end * f64::from(step) / 4.0;
            let _ = writeln!(
                body,
                r#"<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>"#,
                x(seconds),
                bottom + 14.0,
                eniplan_sim::when(seconds)
            );
        }
        for (index, variant) in result.variants.iter().enumerate() {
            let points: Vec<(f64, Band)> = variant
                .timeline
                .iter()
                .filter_map(|s| panel.value(s).map(|band| (s.seconds, band)))
                .collect();
            let line: Vec<String> = points
                .iter()
                .map(|(t, band)| format!("{:.1},{:.1}", x(*t), y(band.median)))
                .collect();
            let _ = write!(
                body,
                r#"<g class="series" data-variant="{}"><title>{}</title>"#,
                escape(&variant.variant.name),
                escape(&variant.variant.name)
            );
            if several_seeds {
                let upper = points
                    .iter()
                    .map(|(t, b)| format!("{:.1},{:.1}", x(*t), y(b.p90)));
                let lower = points
                    .iter()
                    .rev()
                    .map(|(t, b)| format!("{:.1},{:.1}", x(*t), y(b.p10)));
                let band: Vec<String> = upper.chain(lower).collect();
                let _ = write!(
                    body,
                    r#"<polygon class="band" points="{}" fill="{}" fill-opacity="0.18" stroke="none"/>"#,
                    band.join(" "),
                    colour(index)
                );
            }
            let _ = writeln!(
                body,
                r#"<polyline class="median" points="{}" fill="none" stroke="{}" stroke-width="1.6"/></g>"#,
                line.join(" "),
                colour(index)
            );
        }
        body.push_str("</g>\n");
        top = bottom + GAP;
    }
    if left_out > 0 {
        let _ = writeln!(
            body,
            r#"<text x="{LEFT}" y="{top}" font-size="12">{left_out} more subnets the cluster used are not drawn</text>"#
        );
        top += 20.0;
    }
    let height = top;
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{body}</svg>\n"
    )
}
