//! Typed mocks for any spec: crates written as `openapi-bindgen crate` writes them (mocks behind
//! their `mock` feature) for social.json and the wire fixtures (every parameter location and
//! style, body and response kind, ranges and `default`) pass clippy with the feature on, user code
//! mocking a body member included; and after a spec renames that member, the same user code fails
//! to compile, naming the matcher that is gone.

use std::path::{Path, PathBuf};

use openapi_bindgen::{Config, generate_str, load_settings, parse_settings, write_crate};

mod common;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// User code of a crate named `social`, as a test of code calling it would mock the operation.
const USER: &str = r#"//! A user's mock of `execute_connector_action`, matched on its `actionSlug` member.

use social::mock::Mocks;
use social::runtime::mock::Server;

pub async fn mock_sheets(server: &Server) {
    let answer = social::ExecuteConnectorActionResponse::new(true, serde_json::Map::new());
    Mocks::new(server).execute_connector_action().when_action_slug("SHEETS").responds_ok(answer).expect(1).mount().await;
}

fn main() {
    let _ = mock_sheets;
}
"#;

/// Writes the crate of `text` into `root/name` (a workspace member), with `USER` as an example.
fn write_member(root: &Path, name: &str, file: &str, text: &str, config: &Config) {
    let mut config = config.clone();
    config.mock = true;
    config.mock_feature = Some("mock".to_owned());
    let output = generate_str(file, text, &config).unwrap_or_else(|failure| panic!("{file}: {failure}"));
    assert_eq!(output.mock_feature.as_deref(), Some("mock"));
    let dir = root.join(name);
    write_crate(&output, &dir, name).expect("the crate is written");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("a manifest");
    assert!(manifest.contains("\nwiremock = { version = \"0.6\", optional = true }\n"), "{manifest}");
    assert!(manifest.contains("\nmock = [\"dep:wiremock\"]\n"), "{manifest}");
    std::fs::write(dir.join("Cargo.toml"), manifest.replace("\n[workspace]\n", "\n")).expect("writable");
    if name.starts_with("social") {
        std::fs::create_dir_all(dir.join("examples")).expect("examples/");
        let user = USER.replace("social::", &format!("{}::", name.replace('-', "_")));
        std::fs::write(dir.join("examples/user.rs"), user).expect("the user's code");
        let mut manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("a manifest");
        manifest.push_str("\n[[example]]\nname = \"user\"\nrequired-features = [\"mock\"]\n");
        std::fs::write(dir.join("Cargo.toml"), manifest).expect("writable");
    }
}

#[test]
fn mocks_are_a_setting_and_off_they_change_nothing() {
    let on = parse_settings("social.bindgen.toml", "mock = true\n").expect("valid settings");
    assert!(on.mock && on.mock_feature.is_none());
    let social = std::fs::read_to_string(repo().join("specs/social.json")).expect("social.json");
    let plain = generate_str("social.json", &social, &Config::default()).expect("generates");
    let mocked = generate_str("social.json", &social, &on).expect("generates");
    assert!(!plain.code.contains("pub mod mock") && plain.mock_feature.is_none());
    // The mocks are added after the module's items and inside its runtime; nothing else moves.
    let (items, mock) = mocked.code.split_once("\n/// Typed mocks of Recoup API - Social").expect("a mock module");
    assert!(plain.code.starts_with(items), "the items before the mocks are the plain module's");
    assert!(mock.contains("\n    pub mod mock {\n") && mock.contains("pub fn when_action_slug("));
}

#[test]
fn mocks_compile_for_any_spec_and_a_renamed_member_breaks_the_code_mocking_it() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mock-crates");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("a scratch directory");

    let social_path = repo().join("specs/social.json");
    let social = std::fs::read_to_string(&social_path).expect("social.json");
    let settings = load_settings(&social_path).expect("settings");
    write_member(&root, "social", "social.json", &social, &settings);
    let mut members = vec!["social".to_owned()];
    for fixture in ["bodies", "multipart", "params", "responses", "unions"] {
        let path = repo().join(format!("tests/wire/specs/{fixture}.yaml"));
        let text = std::fs::read_to_string(&path).expect("a wire spec");
        let name = format!("wire-{fixture}");
        write_member(&root, &name, &format!("{fixture}.yaml"), &text, &Config::default());
        members.push(name);
    }
    // The spec renames `actionSlug`; the user's code still mocks it.
    let renamed = social.replace("\"actionSlug\"", "\"slug\"");
    assert_ne!(renamed, social);
    write_member(&root, "social-renamed", "social.json", &renamed, &settings);
    members.push("social-renamed".to_owned());

    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let workspace = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", list.join(", "));
    std::fs::write(root.join("Cargo.toml"), workspace).expect("workspace manifest");
    std::fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).expect("Cargo.lock is copied");

    let args =
        ["clippy", "--workspace", "--exclude", "social-renamed", "--all-targets", "--features", "mock", "--quiet"];
    let clippy = common::cargo_in_shared_target(&root, &args);
    assert!(clippy.status.success(), "mocks do not pass clippy:\n{}", String::from_utf8_lossy(&clippy.stderr));

    let check = common::cargo_in_shared_target(
        &root,
        &["check", "-p", "social-renamed", "--examples", "--features", "mock", "--quiet"],
    );
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(!check.status.success(), "the user's mock of a renamed member still compiles");
    assert!(
        stderr.contains(
            "no method named `when_action_slug` found for struct `social_renamed::mock::ExecuteConnectorAction`"
        ),
        "not the expected error:\n{stderr}"
    );
    assert!(stderr.contains("there is a method `when_slug`"), "the error does not point at the new matcher:\n{stderr}");
}
