//! The generated API survives a spec that grows: this file is a user's code (building a body,
//! reading a response, matching the error enums with the `_` arm `#[non_exhaustive]` asks for),
//! compiled by the suite against `specs/social.json`; the test compiles it again, with the README's
//! examples, `examples/` and a user's typed mocks (`tests/mocked_connector_flow.rs`), in a copy of
//! the crate whose `social.json` gained an optional request member and an error status.

use recoup::social::runtime::Error;
use recoup::social::{ConnectorAction, ExecuteConnectorActionError, ExecuteConnectorActionResponse};
use std::path::{Path, PathBuf};

/// What a service does with a connector call's outcome.
#[allow(dead_code)]
fn describe(outcome: Result<ExecuteConnectorActionResponse, Error<ExecuteConnectorActionError>>) -> String {
    match outcome {
        Ok(done) => format!("done: {} at {:?}", done.success, done.executed_at),
        Err(Error::Api { error, response }) => match error {
            ExecuteConnectorActionError::Conflict(body) => format!("connect first: {}", body.message),
            ExecuteConnectorActionError::Unauthorized(_) | ExecuteConnectorActionError::Forbidden(_) => {
                "check the key".to_owned()
            }
            ExecuteConnectorActionError::UnknownStatus(raw) => format!("undocumented {}", raw.status),
            other => format!("{} ({:?})", other, response.request_id()),
        },
        Err(other) if other.is_retryable() => "try again".to_owned(),
        Err(other) => other.to_string(),
    }
}

/// A value built in the user's own tests, as a server would send it.
#[allow(dead_code)]
fn sample_action() -> ConnectorAction {
    let mut action =
        ConnectorAction::new("GOOGLESHEETS_SHEET", "Sheet", "Writes", serde_json::Map::new(), "sheets", true);
    action.is_connected = false;
    action
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the folder is made");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copied");
        }
    }
}

/// `social.json` with `dryRun` (optional) in the execute request and a documented 429 on its operation.
fn grown_social_spec() -> String {
    let text = std::fs::read_to_string(root().join("specs/social.json")).expect("social.json");
    let mut spec: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let request = &mut spec["components"]["schemas"]["ExecuteConnectorActionRequest"]["properties"];
    request["dryRun"] = serde_json::json!({"type": "boolean", "description": "Validate only."});
    let responses = &mut spec["paths"]["/api/connectors/actions"]["post"]["responses"];
    responses["429"] = serde_json::json!({
        "description": "Too many executions",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    });
    serde_json::to_string_pretty(&spec).expect("encodes")
}

/// A copy of the crate (a package of another name, so its artifacts never replace the real
/// crate's in the shared target dir; the library is still `recoup`) with `social.json` replaced.
fn crate_copy(dir: &Path, social: &str) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    for folder in ["src", "specs", "examples", "benches"] {
        copy_dir(&root().join(folder), &dir.join(folder));
    }
    // The test targets the manifest declares (not the Prism install beside them).
    std::fs::create_dir_all(dir.join("tests")).expect("the folder is made");
    for entry in std::fs::read_dir(root().join("tests")).expect("readable") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|extension| extension == "rs") {
            std::fs::copy(&path, dir.join("tests").join(path.file_name().expect("a name"))).expect("copied");
        }
    }
    for file in ["build.rs", "README.md", "Cargo.lock"] {
        std::fs::copy(root().join(file), dir.join(file)).expect("copied");
    }
    std::fs::write(dir.join("specs/social.json"), social).expect("the spec is written");
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
    let generator = root().join("generator");
    let manifest = manifest
        .replacen("members = [\".\", \"generator\", \"tests/wire\"]", "members = [\".\"]", 1)
        .replacen("name = \"recoup\"", "name = \"recoup-grown\"", 1)
        .replacen("\n[features]\n", "\n[lib]\nname = \"recoup\"\npath = \"src/lib.rs\"\n\n[features]\n", 1)
        .replace("path = \"generator\"", &format!("path = {:?}", generator.display().to_string()));
    assert!(manifest.contains("members = [\".\"]") && manifest.contains("recoup-grown"), "the manifest changed shape");
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("the manifest is written");
    dir.to_owned()
}

fn cargo(dir: &Path, args: &[&str]) {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("the target dir");
    let output = std::process::Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "`cargo {}` failed:\n{log}", args.join(" "));
}

#[test]
fn users_code_the_readme_and_the_examples_compile_against_a_spec_that_grew() {
    let dir = crate_copy(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("evolution"), &grown_social_spec());
    // The copy really has the new member and status.
    let spec = std::fs::read_to_string(dir.join("specs/social.json")).expect("the copy's spec");
    let output = openapi_bindgen::generate_str("social.json", &spec, &openapi_bindgen::Config::default())
        .expect("the grown spec generates");
    assert!(output.code.contains("pub fn dry_run(mut self, value: bool)"), "a setter for the new member");
    assert!(output.code.contains("TooManyRequests(Error)"), "a variant for the new status");

    // With the typed mocks too: a user's mocks (tests/mocked_connector_flow.rs) survive the growth.
    let mocked = ["test", "--no-run", "--test", "evolution", "--test", "mocked_connector_flow", "--examples"];
    cargo(&dir, &[&mocked[..], &["--features", "mock", "--quiet"]].concat());
    cargo(&dir, &["test", "--doc", "--quiet"]);
}
