//! The `spec` layer: what the file says, as a JSON tree plus the source position of every node.
//!
//! The tree is deliberately untyped: OpenAPI 3.0 and 3.1 documents in the wild mix keywords of both
//! versions, so typing happens in `model`, which reads this tree permissively and reports what it
//! cannot use. Nothing is dropped here, so nothing can be lost before `model` has looked at it.

use std::collections::HashMap;
use std::fmt;

/// A 1-based line and column in a source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The syntax a document was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

/// A loaded document: its name, its text, its JSON tree and where each node of the tree starts.
#[derive(Debug)]
pub struct Document {
    /// The file name as given by the caller, used in diagnostics.
    pub file: String,
    /// The source text, kept to show the offending line in diagnostics.
    pub text: String,
    pub syntax: Syntax,
    pub root: serde_json::Value,
    /// JSON pointer (RFC 6901, `""` for the root) to the position where that node's value starts.
    pub positions: HashMap<String, Location>,
}

impl Document {
    /// Where the node at `pointer` starts; falls back to its nearest located ancestor.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let mut current = pointer;
        loop {
            if let Some(location) = self.positions.get(current) {
                return Some(*location);
            }
            match current.rfind('/') {
                Some(index) => current = &current[..index],
                None => return None,
            }
        }
    }

    /// The value at `pointer`, if the document has one.
    pub fn get(&self, pointer: &str) -> Option<&serde_json::Value> {
        self.root.pointer(pointer)
    }

    /// The text of a 1-based source line, for showing in diagnostics.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.text.lines().nth(index)
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    let escaped = token.replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{escaped}")
}
