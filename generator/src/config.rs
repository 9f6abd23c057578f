//! `Config`: what the generator is asked to do beyond the spec (names, strictness, accepted warnings, a shared runtime).

use std::collections::BTreeMap;

/// Generator settings (see `settings` for the file they are read from).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Method names by `"METHOD /path"`, overriding both `operationId` and the derived name.
    pub operation_names: BTreeMap<String, String>,
    /// Turns every fallback warning into an error.
    pub strict: bool,
    /// Warnings a maintainer has reviewed, by JSON pointer, with the reason they are accepted
    /// (usually a fault of the spec that only its authors can fix). [`generate_dir`](crate::generate_dir) keeps them out
    /// of [`GeneratedSpec::diagnostics`](crate::GeneratedSpec::diagnostics), and fails when one no longer occurs.
    pub accepted_warnings: BTreeMap<String, String>,
    /// The module uses the runtime of its parent (`pub use super::runtime;`), written once by
    /// [`generate_dir`](crate::generate_dir) (or [`runtime_source`](crate::runtime_source)), instead of carrying its own copy: several modules
    /// then share one `runtime::Client`.
    pub shared_runtime: bool,
    /// The runtime records a `tracing` span per call and an event per attempt (operation name,
    /// method, path template, status, attempt, duration; never a header, query or body), so the
    /// crate depends on `tracing`. Off: those calls are compiled out.
    pub tracing: bool,
}
