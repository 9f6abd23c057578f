//! load: TEMPORARY placeholder until the real loader lands.
use crate::diag::Diagnostic;
use crate::spec::{Document, Syntax};
pub(crate) fn load_file(path: &std::path::Path) -> Result<Document, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|e| Diagnostic::in_file(&path.display().to_string(), None, None, e.to_string()))?;
    load_str(&path.display().to_string(), &text)
}
pub(crate) fn load_str(file: &str, text: &str) -> Result<Document, Diagnostic> {
    let root = serde_json::from_str(text).map_err(|e| Diagnostic::in_file(file, None, None, e.to_string()))?;
    Ok(Document { file: file.to_owned(), text: text.to_owned(), syntax: Syntax::Json, root, positions: Default::default() })
}
