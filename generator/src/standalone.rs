//! A generated module as a standalone crate: its manifest (the runtime's dependencies) and `src/lib.rs`.

use std::path::Path;

use crate::Output;

/// The dependencies a generated module needs, as `Cargo.toml` lines (the versions it is tested with).
pub const RUNTIME_DEPENDENCIES: &str = r#"bytes = "1"
chrono = { version = "0.4.45", default-features = false, features = ["serde", "std"] }
futures-util = { version = "0.3", default-features = false, features = ["std"] }
percent-encoding = "2.3"
reqwest = { version = "0.13", default-features = false, features = ["json", "multipart", "native-tls", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order"] }
thiserror = "2"
tokio = { version = "1", features = ["fs", "time"] }
url = { version = "2.5", features = ["serde"] }
uuid = { version = "1.29", features = ["serde"] }
"#;

/// The dependency a runtime with [`Config::tracing`](crate::Config::tracing) adds.
pub const TRACING_DEPENDENCY: &str = "tracing = \"0.1\"\n";

/// The optional dependency of the mocks (`Config::mock`), enabled by the crate's `mock` feature.
pub const MOCK_DEPENDENCIES: &str = "wiremock = { version = \"0.6\", optional = true }\n";

/// Writes a standalone crate for `output` into `dir`: `Cargo.toml` and `src/lib.rs`.
pub fn write_crate(output: &Output, dir: &Path, name: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    let tracing = if output.tracing { TRACING_DEPENDENCY } else { "" };
    let mut manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\nrust-version = \"1.89\"\npublish = false\n\n# Its own workspace, so it builds wherever it is written.\n[workspace]\n\n[dependencies]\n{RUNTIME_DEPENDENCIES}{tracing}"
    );
    if let Some(feature) = &output.mock_feature {
        manifest.push_str(MOCK_DEPENDENCIES);
        manifest.push_str(&format!(
            "\n[features]\n# Typed mocks of every operation (`mock` modules) over wiremock, for tests of code using this crate.\n{feature} = [\"dep:wiremock\"]\n"
        ));
    }
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    let mut lib = String::new();
    for line in &output.module_doc {
        lib.push_str(if line.is_empty() { "//!" } else { "//! " });
        lib.push_str(line);
        lib.push('\n');
    }
    lib.push('\n');
    lib.push_str(&output.code);
    std::fs::write(dir.join("src/lib.rs"), lib)
}
