//! Diagnostics: located messages about the input, collected by every pass and rendered by the CLI.

use std::collections::HashMap;
use std::fmt;

use crate::spec::{Document, Location};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// An explanation of a decision the generator made from the spec's shape (e.g. which
    /// parameter pages an operation); nothing is wrong, and strict mode leaves it a note.
    Note,
    /// The generator used a documented fallback; the output is usable.
    Warning,
    /// The generator could not produce output for this input.
    Error,
}

/// One message about the input, pointing at the node it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub file: String,
    /// JSON pointer of the node the message is about (`""` for the whole document).
    pub pointer: String,
    pub location: Option<Location>,
    /// The source line at `location`, shown under the message: the whole line, or on a long line
    /// (a minified spec) an excerpt around the location, cut with `…`.
    pub source_line: Option<String>,
    /// The 1-based character column of `location` within `source_line`, where the caret goes.
    pub source_column: u32,
    /// How many times the run met this message at this place: a shared component (a response, a
    /// parameter) is reported once, with the number of its uses.
    pub occurrences: u32,
}

impl Diagnostic {
    /// A diagnostic about the node at `pointer` of `document`, located from its source map.
    pub fn at(document: &Document, severity: Severity, pointer: &str, message: impl Into<String>) -> Self {
        let location = document.locate(pointer);
        let line = location.and_then(|l| document.line_text(l.line));
        Diagnostic::new(&document.file, severity, pointer, location, line, message.into())
    }

    /// A diagnostic about a file that could not be read or parsed at all.
    pub fn in_file(
        file: &str,
        location: Option<Location>,
        source_line: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic::new(file, Severity::Error, "", location, source_line.as_deref(), message.into())
    }

    /// The one constructor: keeps an excerpt of `line` around `location`, never more.
    fn new(
        file: &str,
        severity: Severity,
        pointer: &str,
        location: Option<Location>,
        line: Option<&str>,
        message: String,
    ) -> Self {
        let column = location.map_or(1, |l| l.column);
        let (source_line, source_column) = match line {
            Some(line) => {
                let (excerpt, column) = excerpt(line, column);
                (Some(excerpt), column)
            }
            None => (None, column),
        };
        Diagnostic {
            severity,
            message,
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            location,
            source_line,
            source_column,
            occurrences: 1,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Renders as `file:line:column: severity: message (at #/pointer)` with the source line below.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        // Messages quote spec text, which may hold control characters (a terminal would obey an
        // escape sequence) or text-direction controls: those are written as escapes.
        let (file, message) = (escaped(&self.file), escaped(&self.message));
        match self.location {
            Some(location) => write!(f, "{file}:{location}: {severity}: {message}")?,
            None => write!(f, "{file}: {severity}: {message}")?,
        }
        if self.occurrences > 1 {
            write!(f, " ({} uses)", self.occurrences)?;
        }
        write!(f, "\n  at #{}", escaped(&self.pointer))?;
        if let (Some(_), Some(line)) = (self.location, &self.source_line) {
            // One character for one, so the caret stays under its column.
            let line: String =
                line.chars().map(|c| if unsafe_to_show(c) && c != '\t' { '\u{fffd}' } else { c }).collect();
            let caret_indent = " ".repeat(usize::try_from(self.source_column).unwrap_or(1).saturating_sub(1));
            write!(f, "\n  | {line}\n  | {caret_indent}^")?;
        }
        Ok(())
    }
}

/// Control characters and the Unicode controls that reorder text: never shown as they are.
fn unsafe_to_show(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with each character [`unsafe_to_show`] written as its escape (`\r`, `\u{1b}`).
fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(unsafe_to_show) {
        return text.into();
    }
    text.chars().map(|c| if unsafe_to_show(c) { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// Characters of a source line kept on each side of the location: a minified spec is one line of
/// megabytes, and every diagnostic would otherwise keep (and print) all of it.
const EXCERPT_RADIUS: usize = 60;

/// `line` cut to about `EXCERPT_RADIUS` characters either side of the 1-based `column`, and the
/// column within the excerpt.
fn excerpt(line: &str, column: u32) -> (String, u32) {
    let at = usize::try_from(column).unwrap_or(usize::MAX).saturating_sub(1);
    let length = line.chars().count();
    if length <= 2 * EXCERPT_RADIUS + 20 {
        return (line.to_owned(), column);
    }
    let start = at.saturating_sub(EXCERPT_RADIUS).min(length);
    let end = at.saturating_add(EXCERPT_RADIUS).min(length);
    let mut text: String = line.chars().skip(start).take(end - start).collect();
    let mut caret = at - start + 1;
    if start > 0 {
        text.insert(0, '…');
        caret += 1;
    }
    if end < length {
        text.push('…');
    }
    (text, u32::try_from(caret).unwrap_or(u32::MAX))
}

/// The diagnostics of one run over one document, in the order they were found. It owns the way
/// back from a JSON pointer to the source (the document's position map), so passes after `load`
/// report by pointer and never handle the document themselves.
#[derive(Debug)]
pub struct Diagnostics<'s> {
    source: &'s Document,
    items: Vec<Diagnostic>,
    /// The index in `items` of each (severity, pointer, message) reported so far.
    reported: HashMap<(Severity, String, String), usize>,
}

impl<'s> Diagnostics<'s> {
    /// An empty list for diagnostics about `source`.
    pub fn new(source: &'s Document) -> Self {
        Diagnostics { source, items: Vec::new(), reported: HashMap::new() }
    }

    /// Reports `message` about the node at `pointer`, located in the source; the same message at
    /// the same place again only counts another occurrence.
    pub fn report(&mut self, severity: Severity, pointer: &str, message: impl Into<String>) {
        let message = message.into();
        let key = (severity, pointer.to_owned(), message);
        if let Some(index) = self.reported.get(&key) {
            self.items[*index].occurrences = self.items[*index].occurrences.saturating_add(1);
            return;
        }
        self.items.push(Diagnostic::at(self.source, severity, pointer, key.2.clone()));
        self.reported.insert(key, self.items.len() - 1);
    }

    /// Adds a diagnostic located elsewhere than the spec (a line of its settings file).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Keeps only the diagnostics `keep` accepts (the selection forgets those about parts it leaves out).
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
        self.reported = self
            .items
            .iter()
            .enumerate()
            .map(|(index, d)| ((d.severity, d.pointer.clone(), d.message.clone()), index))
            .collect();
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_never_shown_as_they_are() {
        let location = Some(Location { line: 1, column: 4 });
        let line = Some("a\u{1b}[\r\u{202e}x\ty".to_owned());
        let diagnostic = Diagnostic::in_file("f\n.yaml", location, line, "bad `\u{7}\u{2066}`");
        assert_eq!(
            diagnostic.to_string(),
            "f\\n.yaml:1:4: error: bad `\\u{7}\\u{2066}`\n  at #\n  | a\u{fffd}[\u{fffd}\u{fffd}x\ty\n  |    ^"
        );
    }
}
