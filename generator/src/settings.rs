//! Settings: the optional `<spec stem>.bindgen.toml` beside a spec, read into a [`Config`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::{Config, PaginationSetting};
use crate::diag::Diagnostic;

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
        let location = error.span().map(|span| {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            crate::spec::Location {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                column: u32::try_from(column).unwrap_or(u32::MAX),
            }
        });
        let source_line = location.and_then(|l| text.lines().nth(l.line as usize - 1)).map(str::to_owned);
        Diagnostic::in_file(file, location, source_line, format!("invalid settings: {}", error.message()))
    })?;
    Ok(Config {
        strict: settings.strict,
        mock: settings.mock,
        operation_names: settings.operation_names,
        accepted_warnings: settings.accepted_warnings,
        tracing: settings.tracing,
        pagination: settings.pagination,
        ..Config::default()
    })
}
