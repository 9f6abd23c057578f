//! Settings: the optional `<spec stem>.bindgen.toml` beside a spec, read into a [`Config`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::{Config, PaginationSetting};
use crate::diag::Diagnostic;
use crate::selection::{OperationFilter, Origin, Selector};
use crate::spec::Location;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SettingsFile {
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    mock: bool,
    #[serde(default)]
    operation_names: BTreeMap<String, String>,
    #[serde(default)]
    accepted_warnings: BTreeMap<String, String>,
    #[serde(default)]
    tracing: bool,
    #[serde(default)]
    pagination: BTreeMap<String, PaginationSetting>,
    #[serde(default)]
    operations: OperationsTable,
}

/// `[operations]`: selectors as written, with their place, so one naming no operation is
/// reported at its line.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OperationsTable {
    #[serde(default)]
    include: Vec<toml::Spanned<String>>,
    #[serde(default)]
    exclude: Vec<toml::Spanned<String>>,
}

/// Where the settings of `spec` live: `specs/social.json` has `specs/social.bindgen.toml`.
pub fn settings_path(spec: &Path) -> PathBuf {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    spec.with_file_name(format!("{stem}.bindgen.toml"))
}

/// Reads the settings of `spec` if it has a settings file, else the defaults.
pub fn load_settings(spec: &Path) -> Result<Config, Diagnostic> {
    let path = settings_path(spec);
    let file = path.display().to_string();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(error) => return Err(Diagnostic::in_file(&file, None, None, format!("cannot read settings: {error}"))),
    };
    parse_settings(&file, &text)
}

/// Parses settings text; `file` names it in diagnostics.
pub fn parse_settings(file: &str, text: &str) -> Result<Config, Diagnostic> {
    let settings: SettingsFile = toml::from_str(text).map_err(|error| {
        let location = error.span().map(|span| location(text, span.start));
        invalid(file, text, location, error.message())
    })?;
    let selectors = |written: Vec<toml::Spanned<String>>| -> Result<Vec<Selector>, Diagnostic> {
        written
            .into_iter()
            .map(|selector| {
                let at = location(text, selector.span().start);
                let parsed: Selector =
                    selector.get_ref().parse().map_err(|message: String| invalid(file, text, Some(at), &message))?;
                Ok(parsed.written_at(Origin { file: file.to_owned(), location: at, line: source_line(text, at) }))
            })
            .collect()
    };
    let operations = OperationFilter {
        include: selectors(settings.operations.include)?,
        exclude: selectors(settings.operations.exclude)?,
    };
    Ok(Config {
        strict: settings.strict,
        mock: settings.mock,
        operation_names: settings.operation_names,
        accepted_warnings: settings.accepted_warnings,
        tracing: settings.tracing,
        pagination: settings.pagination,
        operations,
        ..Config::default()
    })
}

fn invalid(file: &str, text: &str, location: Option<Location>, message: &str) -> Diagnostic {
    let line = location.and_then(|l| source_line(text, l));
    Diagnostic::in_file(file, location, line, format!("invalid settings: {message}"))
}

/// The line and column of byte `offset` of `text`.
fn location(text: &str, offset: usize) -> Location {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location { line: u32::try_from(line).unwrap_or(u32::MAX), column: u32::try_from(column).unwrap_or(u32::MAX) }
}

fn source_line(text: &str, location: Location) -> Option<String> {
    text.lines().nth((location.line as usize).checked_sub(1)?).map(str::to_owned)
}
