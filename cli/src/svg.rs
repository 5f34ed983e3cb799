//! The subnet map: each subnet a grid of /28 blocks, coloured by use.

use std::fmt::Write;

use eniplan::model::{BlockUse, SubnetReport};
use eniplan::{Ec2, Error};

/// Cell side and gap, in pixels.
const CELL: u32 = 9;
const GAP: u32 = 1;
/// At most this many blocks a row: a /16 (4,096 blocks) is a 64 × 64 square.
const COLUMNS: u32 = 64;
const MARGIN: u32 = 16;
const TITLE_HEIGHT: u32 = 40;

/// The four colours of the legend; a prefix is drawn as full.
const LEGEND: [(&str, &str); 4] = [
    ("free", "#2e9e4f"),
    ("partly used", "#f0a30a"),
    ("full", "#c0392b"),
    ("reserved", "#9e9e9e"),
];

fn colour(block: BlockUse) -> &'static str {
    match block {
        BlockUse::Free => LEGEND[0].1,
        BlockUse::Partial => LEGEND[1].1,
        BlockUse::Full | BlockUse::Prefix => LEGEND[2].1,
        BlockUse::Reserved => LEGEND[3].1,
    }
}

/// Draws the subnets of `reports`, one under the other, with a legend.
pub fn draw(ec2: &Ec2, reports: &[SubnetReport]) -> Result<String, Error> {
    let mut body = String::new();
    let mut y = MARGIN + 24;
    let mut width = 420;
    for report in reports {
        let blocks = ec2.subnet_blocks(report.subnet_id)?;
        let count = u32::try_from(blocks.len()).unwrap_or(u32::MAX);
        let columns = count.clamp(1, COLUMNS);
        let rows = count.div_ceil(columns);
        width = width.max(2 * MARGIN + columns * (CELL + GAP));
        let _ = writeln!(
            body,
            r#"<text x="{MARGIN}" y="{}" font-size="13" font-weight="bold">{} {}</text>"#,
            y + 14,
            report.subnet_id,
            report.cidr
        );
        let _ = writeln!(
            body,
            r#"<text x="{MARGIN}" y="{}" font-size="11">{} of {} addresses available; {} free aligned /28 blocks; largest free block {}</text>"#,
            y + 30,
            report.available,
            report.usable,
            report.free_aligned_blocks,
            report
                .largest_free_aligned_block
                .map_or_else(|| "none".to_owned(), |n| n.to_string())
        );
        y += TITLE_HEIGHT;
        let subnet = ec2.subnet(report.subnet_id)?;
        for (index, block) in (0_u32..).zip(&blocks) {
            let (column, row) = (index % columns, index / columns);
            let _ = writeln!(
                body,
                r#"<rect class="block" x="{}" y="{}" width="{CELL}" height="{CELL}" fill="{}"><title>{} {}</title></rect>"#,
                MARGIN + column * (CELL + GAP),
                y + row * (CELL + GAP),
                colour(*block),
                subnet.prefix(index),
                block.name()
            );
        }
        y += rows * (CELL + GAP) + MARGIN;
    }
    let mut legend = String::new();
    for (index, (label, fill)) in (0_u32..).zip(LEGEND) {
        let x = MARGIN + index * 100;
        let _ = writeln!(
            legend,
            r#"<rect x="{x}" y="{MARGIN}" width="12" height="12" fill="{fill}"/><text x="{}" y="{}" font-size="12">{label}</text>"#,
            x + 16,
            MARGIN + 11
        );
    }
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{y}\" viewBox=\"0 0 {width} {y}\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{legend}{body}</svg>\n"
    ))
}
