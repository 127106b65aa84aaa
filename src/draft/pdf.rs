//! The text layer of a PDF, page by page (lopdf).

/// The text of each page; an empty string for a page without a text layer
/// (a scan). A malformed file is an error, never a panic.
pub(crate) fn pages(bytes: &[u8]) -> Result<Vec<String>, String> {
    let owned = bytes.to_vec();
    // lopdf is fed files from outside: a panic inside it is caught and
    // reported as an unreadable file.
    std::panic::catch_unwind(move || read(&owned))
        .unwrap_or_else(|_| Err("PDF non leggibile (struttura non valida)".to_string()))
}

fn read(bytes: &[u8]) -> Result<Vec<String>, String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| format!("PDF non leggibile: {e}"))?;
    if doc.is_encrypted() {
        return Err("PDF cifrato: salvane una copia senza password".into());
    }
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    Ok(numbers
        .iter()
        .map(|n| doc.extract_text(&[*n]).unwrap_or_default())
        .collect())
}
