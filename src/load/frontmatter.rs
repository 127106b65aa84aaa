//! Splitting an act file into its TOML front matter and Markdown body.

/// The parts of an act file, with the byte offsets where each starts.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Parts<'a> {
    pub toml: &'a str,
    pub toml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Finds the `+++` delimited front matter at the very top of `text`.
pub(crate) fn split(text: &str) -> Result<Parts<'_>, &'static str> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let open = delimiter_line(rest).ok_or("il file deve iniziare con una riga `+++`")?;
    let toml_start = bom + open;
    let mut pos = toml_start;
    for line in text[toml_start..].split_inclusive('\n') {
        if let Some(close) = delimiter_line(line) {
            let body_offset = pos + close;
            return Ok(Parts {
                toml: &text[toml_start..pos],
                toml_offset: toml_start,
                body: &text[body_offset..],
                body_offset,
            });
        }
        pos += line.len();
    }
    Err("manca la riga `+++` che chiude l'intestazione")
}

/// Length of a `+++` line at the start of `text` (with its newline).
fn delimiter_line(text: &str) -> Option<usize> {
    let line = text.split_inclusive('\n').next()?;
    (line.trim_end() == "+++").then_some(line.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\nente = \"x\"\n+++\nTesto\n";
        let parts = split(text).unwrap();
        assert_eq!(parts.toml, "ente = \"x\"\n");
        assert_eq!(parts.toml_offset, 4);
        assert_eq!(parts.body, "Testo\n");
        assert_eq!(&text[parts.body_offset..], "Testo\n");
    }

    #[test]
    fn windows_newlines_bom_and_missing_delimiters() {
        assert_eq!(
            split("\u{feff}+++\r\na = 1\r\n+++\r\n").unwrap().toml,
            "a = 1\r\n"
        );
        assert!(split("ente = 1\n").is_err());
        assert!(split("+++\nente = 1\n").is_err());
        assert_eq!(split("+++\n+++").unwrap().body, "");
    }
}
