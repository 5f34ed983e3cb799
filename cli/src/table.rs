//! Plain text tables with aligned columns.

use std::fmt;

/// A table: a header and rows of cells, printed with columns padded to their widest cell.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column names.
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as an HTML `<table>`, its cells escaped.
    pub fn to_html(&self) -> String {
        let cells = |row: &[String], tag: &str| -> String {
            row.iter()
                .map(|cell| format!("<{tag}>{}</{tag}>", crate::timeline_svg::escape(cell)))
                .collect()
        };
        let mut html = format!("<table>\n<tr>{}</tr>\n", cells(&self.header, "th"));
        for row in &self.rows {
            html.push_str(&format!("<tr>{}</tr>\n", cells(row, "td")));
        }
        html.push_str("</table>\n");
        html
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widths: Vec<usize> = (0..self.header.len())
            .map(|column| {
                std::iter::once(&self.header)
                    .chain(&self.rows)
                    .filter_map(|row| row.get(column))
                    .map(|cell| cell.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect();
            writeln!(f, "{}", cells.join("  ").trim_end())?;
        }
        Ok(())
    }
}
