//! Static SVG charts, drawn at build time: no JavaScript in the browser.
//!
//! Every chart is a horizontal bar chart whose bars carry their label and
//! amount as text, so nothing is told by colour alone; the procedure mix also
//! fills each bar with its own pattern. The SVG has `role="img"`, a `<title>`
//! and a `<desc>`; templates show the same rows as a table next to it.

use crate::format;
use crate::model::Money;
use quick_xml::Writer;
use quick_xml::events::BytesText;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use std::io;

/// The data of one chart, as it appears in a page's JSON.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ChartData {
    /// Unique on the page: used for the SVG's element ids.
    pub id: String,
    pub titolo: String,
    /// Heading of the first column of the table twin ("Anno", "Fornitore").
    pub voce: String,
    /// Fill each bar with a different pattern (for categories).
    #[serde(default)]
    pub motivi: bool,
    pub righe: Vec<ChartRow>,
    /// Sentences shown under the chart (see `chart_notes`).
    #[serde(default)]
    pub note: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ChartRow {
    pub etichetta: String,
    pub importo: Money,
    pub lotti: usize,
    #[serde(default)]
    pub url: Option<String>,
    /// The bar includes an amount flagged as doubtful.
    #[serde(default)]
    pub dubbio: bool,
}

const WIDTH: u32 = 400;
const ROW: u32 = 46;
const LABEL_CHARS: usize = 46;
const BAR_MAX: f64 = 250.0;
const COLOUR: &str = "#0066cc";

impl ChartData {
    /// One sentence saying what the chart shows, for `<desc>` and captions.
    pub(crate) fn description(&self) -> String {
        if self.righe.is_empty() {
            return format!("{}: nessun dato.", self.titolo);
        }
        let parts: Vec<String> = self
            .righe
            .iter()
            .map(|r| format!("{} {}", r.etichetta, format::euro(r.importo.value())))
            .collect();
        format!("{}: {}.", self.titolo, parts.join("; "))
    }
}

/// The chart as an inline SVG element.
pub(crate) fn svg(chart: &ChartData) -> String {
    let mut writer = Writer::new(Vec::with_capacity(2048));
    // Writing into a Vec cannot fail.
    let _ = write_svg(&mut writer, chart);
    String::from_utf8(writer.into_inner()).unwrap_or_default()
}

fn write_svg(w: &mut Writer<Vec<u8>>, chart: &ChartData) -> io::Result<()> {
    let height = (chart.righe.len().max(1) as u32) * ROW + 4;
    let view_box = format!("0 0 {WIDTH} {height}");
    let (title_id, desc_id) = (
        format!("{}-titolo", chart.id),
        format!("{}-descrizione", chart.id),
    );
    let labelled = format!("{title_id} {desc_id}");
    w.create_element("svg")
        .with_attributes([
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("class", "grafico"),
            ("viewBox", view_box.as_str()),
            ("role", "img"),
            ("aria-labelledby", labelled.as_str()),
        ])
        .write_inner_content(|w| {
            w.create_element("title")
                .with_attribute(("id", title_id.as_str()))
                .write_text_content(BytesText::new(&chart.titolo))?;
            w.create_element("desc")
                .with_attribute(("id", desc_id.as_str()))
                .write_text_content(BytesText::new(&chart.description()))?;
            if chart.motivi {
                write_patterns(w, &chart.id)?;
            }
            let max = chart
                .righe
                .iter()
                .map(|r| r.importo.value())
                .max()
                .unwrap_or(Decimal::ZERO);
            for (i, row) in chart.righe.iter().enumerate() {
                write_row(w, chart, i, row, max)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_row(
    w: &mut Writer<Vec<u8>>,
    chart: &ChartData,
    i: usize,
    row: &ChartRow,
    max: Decimal,
) -> io::Result<()> {
    let top = i as u32 * ROW;
    let length = bar_length(row.importo.value(), max);
    let fill = if chart.motivi {
        format!("url(#{}-{})", chart.id, SHAPES[i % SHAPES.len()].0)
    } else {
        COLOUR.to_string()
    };
    let (label_y, bar_y) = ((top + 16).to_string(), (top + 22).to_string());
    w.create_element("text")
        .with_attributes([
            ("x", "0"),
            ("y", label_y.as_str()),
            ("class", "grafico-etichetta"),
        ])
        .write_text_content(BytesText::new(&shorten(&row.etichetta)))?;
    let width = format!("{length:.1}");
    w.create_element("rect")
        .with_attributes([
            ("x", "0.5"),
            ("y", bar_y.as_str()),
            ("width", width.as_str()),
            ("height", "16"),
            ("fill", fill.as_str()),
            ("stroke", COLOUR),
        ])
        .write_empty()?;
    let (value_x, value_y) = (format!("{:.1}", length + 8.0), (top + 35).to_string());
    w.create_element("text")
        .with_attributes([
            ("x", value_x.as_str()),
            ("y", value_y.as_str()),
            ("class", "grafico-valore"),
        ])
        .write_text_content(BytesText::new(&format::euro(row.importo.value())))?;
    Ok(())
}

/// Bar length in user units; a zero amount still shows a hairline.
fn bar_length(value: Decimal, max: Decimal) -> f64 {
    if max <= Decimal::ZERO || value <= Decimal::ZERO {
        return 1.0;
    }
    let ratio = (value / max).to_f64().unwrap_or(0.0).clamp(0.0, 1.0);
    (ratio * BAR_MAX).max(1.0)
}

/// Labels longer than a bar row are cut; the table shows them whole.
fn shorten(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_string();
    }
    let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// One pattern per category, drawn in the chart colour.
/// A pattern: name, SVG element, attributes.
type Shape = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const SHAPES: [Shape; 5] = [
    (
        "pieno",
        "rect",
        &[("width", "8"), ("height", "8"), ("fill", COLOUR)],
    ),
    (
        "righe",
        "rect",
        &[("width", "8"), ("height", "3"), ("fill", COLOUR)],
    ),
    (
        "punti",
        "circle",
        &[("cx", "4"), ("cy", "4"), ("r", "2"), ("fill", COLOUR)],
    ),
    (
        "griglia",
        "path",
        &[
            ("d", "M0 4H8M4 0V8"),
            ("stroke", COLOUR),
            ("stroke-width", "1.5"),
        ],
    ),
    (
        "oblique",
        "path",
        &[
            ("d", "M0 8L8 0M-2 2L2-2M6 10L10 6"),
            ("stroke", COLOUR),
            ("stroke-width", "2"),
        ],
    ),
];

fn write_patterns(w: &mut Writer<Vec<u8>>, id: &str) -> io::Result<()> {
    w.create_element("defs").write_inner_content(|w| {
        for (name, element, attributes) in SHAPES {
            let pid = format!("{id}-{name}");
            w.create_element("pattern")
                .with_attributes([
                    ("id", pid.as_str()),
                    ("width", "8"),
                    ("height", "8"),
                    ("patternUnits", "userSpaceOnUse"),
                ])
                .write_inner_content(|w| {
                    w.create_element(element)
                        .with_attributes(attributes.iter().copied())
                        .write_empty()?;
                    Ok(())
                })?;
        }
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn chart(motivi: bool) -> ChartData {
        let row = |e: &str, v: &str| ChartRow {
            etichetta: e.into(),
            importo: Money(Decimal::from_str(v).unwrap()),
            lotti: 1,
            url: None,
            dubbio: false,
        };
        ChartData {
            id: "g1".into(),
            titolo: "Spesa per anno".into(),
            voce: "Anno".into(),
            motivi,
            righe: vec![row("2025", "200"), row("<2024 & co>", "50")],
            note: Vec::new(),
        }
    }

    #[test]
    fn bars_are_proportional_and_labelled_in_text() {
        let svg = svg(&chart(false));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(r#"role="img" aria-labelledby="g1-titolo g1-descrizione""#));
        assert!(svg.contains(r#"<title id="g1-titolo">Spesa per anno</title>"#));
        assert!(svg.contains("width=\"250.0\""), "{svg}");
        assert!(svg.contains("width=\"62.5\""), "{svg}");
        assert!(svg.contains(">€ 200,00</text>"));
        assert!(svg.contains("&lt;2024 &amp; co&gt;"), "labels are escaped");
    }

    #[test]
    fn description_lists_every_row() {
        assert_eq!(
            chart(false).description(),
            "Spesa per anno: 2025 € 200,00; <2024 & co> € 50,00."
        );
    }

    #[test]
    fn patterned_charts_give_each_bar_its_own_fill() {
        let svg = svg(&chart(true));
        assert!(svg.contains("<pattern id=\"g1-righe\""));
        assert!(svg.contains("fill=\"url(#g1-pieno)\""));
        assert!(svg.contains("fill=\"url(#g1-righe)\""));
    }

    #[test]
    fn long_labels_are_shortened_and_zero_bars_stay_visible() {
        assert_eq!(shorten(&"a".repeat(60)).chars().count(), LABEL_CHARS);
        assert_eq!(bar_length(Decimal::ZERO, Decimal::ONE), 1.0);
    }
}
