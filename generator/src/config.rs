//! `Config`: what the generator is asked to do beyond the spec (names, strictness, accepted warnings, a shared runtime, mocks, the operations to generate).

use std::collections::BTreeMap;

use crate::selection::OperationFilter;

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
    /// Also writes typed mocks: `pub mod mock` in the module (a wiremock builder per operation)
    /// and `runtime::mock` (the server and its diagnostics), which need `wiremock`. Off, the output
    /// is exactly what it is without them.
    pub mock: bool,
    /// The cargo feature the mocks are compiled under (`#[cfg(feature = ...)]`), for a crate that
    /// declares it (as `openapi-bindgen crate` does); `None`: compiled whenever written.
    pub mock_feature: Option<String>,
    /// Declared pagination by `"METHOD /path"`, over what the generator detects and over the
    /// spec's vendor extensions (the `[pagination]` table of the settings).
    pub pagination: BTreeMap<String, PaginationSetting>,
    /// The operations to generate (the `[operations]` table of the settings, and the CLI's
    /// `--include` and `--exclude`); the default generates them all.
    pub operations: OperationFilter,
}

impl Config {
    pub(crate) fn mocks(&self) -> crate::format::Mocks {
        if self.mock {
            crate::format::Mocks::On { feature: self.mock_feature.clone() }
        } else {
            crate::format::Mocks::Off
        }
    }
}

/// How one operation pages, as declared in the settings: `scheme` is `page`, `offset`, `cursor`,
/// `url` (follow a next-page URL) or `none` (not paginated). Parameters are named as the spec
/// writes them; response members by dotted paths from the success body (`pagination.total_pages`).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PaginationSetting {
    pub scheme: String,
    /// The parameter that advances: the page number, the offset or the cursor.
    pub param: Option<String>,
    /// The page-size parameter.
    pub limit: Option<String>,
    /// The array member holding the page's items.
    pub items: Option<String>,
    /// The member with the next cursor or URL (null or absent: the last page). With scheme
    /// `cursor` and no `next`, the cursor is the last item's `id`, or its `next-from-item` member.
    pub next: Option<String>,
    /// The member of the last item that is the cursor of the next page.
    pub next_from_item: Option<String>,
    /// The next page's URL is the `Link` header's `rel="next"`.
    #[serde(default)]
    pub link_header: bool,
    pub has_more: Option<String>,
    pub total_pages: Option<String>,
    pub total_count: Option<String>,
}
