//! The change report: each change with its class, sorted, one line each, and the summary with the
//! semver bump the changes imply.

use std::fmt;

/// Whether users' code that compiled against the old API still compiles against the new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Compatibility {
    Breaking,
    Compatible,
}

/// One change of the public API of a generated module.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// The module (the spec's name, `social` for `social.json`).
    pub module: String,
    /// What changed, naming the item as users write it: `Client::get_pets(limit) added (optional)`,
    /// `Pet.name made required`, `PetKind::Bird added`.
    pub description: String,
    pub compatibility: Compatibility,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let class = match self.compatibility {
            Compatibility::Breaking => "breaking",
            Compatibility::Compatible => "compatible",
        };
        // Padded so descriptions line up: `breaking  social: ..`, `compatible social: ..`.
        write!(f, "{class:<9} {}: {}", self.module, self.description)
    }
}

/// Every change between two versions of the generated API, sorted by module then description.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiDiff {
    pub changes: Vec<Change>,
}

impl ApiDiff {
    pub(crate) fn new(mut changes: Vec<Change>) -> ApiDiff {
        changes.sort();
        changes.dedup();
        ApiDiff { changes }
    }

    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|change| change.compatibility == Compatibility::Breaking).count()
    }

    pub fn compatible(&self) -> usize {
        self.changes.len() - self.breaking()
    }

    /// The semver bump the changes imply: `major` for any breaking change, else `minor` for any
    /// compatible one, else `None`.
    pub fn semver_bump(&self) -> Option<&'static str> {
        match (self.breaking(), self.compatible()) {
            (0, 0) => None,
            (0, _) => Some("minor"),
            _ => Some("major"),
        }
    }
}

/// The report: a line per change, then the summary (`no changes` alone when there are none).
impl fmt::Display for ApiDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            writeln!(f, "{change}")?;
        }
        match self.semver_bump() {
            None => writeln!(f, "no changes"),
            Some(bump) => {
                writeln!(f, "{} breaking, {} compatible: a {bump} version bump", self.breaking(), self.compatible())
            }
        }
    }
}

/// The changes found in one module, as the comparisons report them.
pub(crate) struct Changes {
    module: String,
    pub found: Vec<Change>,
}

impl Changes {
    pub fn new(module: &str) -> Changes {
        Changes { module: module.to_owned(), found: Vec::new() }
    }

    pub fn breaking(&mut self, description: String) {
        self.push(description, Compatibility::Breaking);
    }

    pub fn compatible(&mut self, description: String) {
        self.push(description, Compatibility::Compatible);
    }

    fn push(&mut self, description: String, compatibility: Compatibility) {
        self.found.push(Change { module: self.module.clone(), description, compatibility });
    }
}
