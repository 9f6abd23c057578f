//! Diagnostics: located messages about the input, collected by every pass and rendered by the CLI.

use std::collections::HashMap;
use std::fmt;

use crate::spec::{Document, Location};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
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
    /// The source line at `location`, shown under the message.
    pub source_line: Option<String>,
    /// How many times the run met this message at this place: a shared component (a response, a
    /// parameter) is reported once, with the number of its uses.
    pub occurrences: usize,
}

impl Diagnostic {
    /// A diagnostic about the node at `pointer` of `document`, located from its source map.
    pub fn at(document: &Document, severity: Severity, pointer: &str, message: impl Into<String>) -> Self {
        let location = document.locate(pointer);
        Diagnostic {
            severity,
            message: message.into(),
            file: document.file.clone(),
            pointer: pointer.to_owned(),
            location,
            source_line: location.and_then(|l| document.line_text(l.line)).map(str::to_owned),
            occurrences: 1,
        }
    }

    /// A diagnostic about a file that could not be read or parsed at all.
    pub fn in_file(
        file: &str,
        location: Option<Location>,
        source_line: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: file.to_owned(),
            pointer: String::new(),
            location,
            source_line,
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
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.location {
            Some(location) => write!(f, "{}:{}: {severity}: {}", self.file, location, self.message)?,
            None => write!(f, "{}: {severity}: {}", self.file, self.message)?,
        }
        if self.occurrences > 1 {
            write!(f, " ({} uses)", self.occurrences)?;
        }
        write!(f, "\n  at #{}", self.pointer)?;
        if let (Some(location), Some(line)) = (self.location, &self.source_line) {
            let caret_indent = " ".repeat(usize::try_from(location.column).unwrap_or(1).saturating_sub(1));
            write!(f, "\n  | {line}\n  | {caret_indent}^")?;
        }
        Ok(())
    }
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
            self.items[*index].occurrences += 1;
            return;
        }
        self.items.push(Diagnostic::at(self.source, severity, pointer, key.2.clone()));
        self.reported.insert(key, self.items.len() - 1);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}
