//! `diff` on pairs of API versions, one folder per change class under `tests/fixtures/diff/<case>/`:
//! `old/` and `new/` hold specs (generated in memory) or hand-written modules in the shape of the
//! generated code (`*_rust` cases: what the generator cannot write yet, like `#[non_exhaustive]`),
//! and `report.txt` the reviewed report. Then the command line's output and exit codes.
//! Refresh the reports with `UPDATE_EXPECT=1 cargo test -p openapi-bindgen --test diff`.

use std::path::{Path, PathBuf};
use std::process::Command;

use expect_test::{expect, expect_file};
use openapi_bindgen::{Config, diff_api, generate_file, load_settings};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Every case folder, sorted.
fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(cases_dir())
        .expect("tests/fixtures/diff")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

fn report(old: &Path, new: &Path) -> String {
    diff_api(old, new).map(|diff| diff.to_string()).unwrap_or_else(|message| format!("error: {message}\n"))
}

#[test]
fn every_change_class_has_a_case() {
    let cases = cases();
    for class in [
        "identical",
        "removed_operation",
        "added_operation",
        "added_optional_body_member",
        "body_member_made_required",
        "retyped_member",
        "enum_values",
        "error_statuses",
        "added_optional_query_parameter",
        "added_required_parameter",
        "parameter_made_required",
        "retyped_parameter",
        "directories",
        "non_exhaustive_rust",
        "requests_module_rust",
        "flattened_body_rust",
    ] {
        assert!(cases.iter().any(|case| case == class), "no case for {class}");
    }
}

#[test]
fn reports_match_their_snapshots() {
    for case in cases() {
        let dir = cases_dir().join(&case);
        expect_file![format!("fixtures/diff/{case}/report.txt")].assert_eq(&report(&dir.join("old"), &dir.join("new")));
    }
}

#[test]
fn two_files_compare_as_their_directories_do() {
    let dir = cases_dir().join("added_optional_query_parameter");
    let files = report(&dir.join("old/pets.yaml"), &dir.join("new/pets.yaml"));
    assert_eq!(files, report(&dir.join("old"), &dir.join("new")));
}

#[test]
fn a_spec_and_its_checked_in_module_have_the_same_api() {
    let spec = workspace().join("specs/social.json");
    expect![[r#"
        no changes
    "#]]
    .assert_eq(&report(&spec, &workspace().join("generated/social.rs")));
}

/// A module generated alone carries its runtime as `mod runtime`: not part of its API.
#[test]
fn the_runtime_of_a_standalone_module_is_not_compared() {
    let spec = workspace().join("specs/social.json");
    let config = load_settings(&spec).expect("settings");
    let standalone = generate_file(&spec, &Config { shared_runtime: false, ..config }).expect("generates");
    assert!(standalone.code.contains("\npub mod runtime {\n"));
    let path = scratch("diff-standalone").join("social.rs");
    std::fs::write(&path, &standalone.code).expect("written");
    assert_eq!(report(&workspace().join("generated/social.rs"), &path), "no changes\n");
}

#[test]
fn inputs_that_cannot_be_compared_are_errors() {
    let dir = scratch("diff-errors");
    let pets = cases_dir().join("identical/old/pets.yaml");
    std::fs::write(dir.join("broken.rs"), "pub struct Pet { pub id: }").expect("written");
    std::fs::create_dir_all(dir.join("mixed")).expect("dir");
    std::fs::write(dir.join("mixed/a.rs"), "").expect("written");
    std::fs::write(dir.join("mixed/b.json"), "{}").expect("written");
    std::fs::create_dir_all(dir.join("empty")).expect("dir");
    std::fs::create_dir_all(dir.join("twice")).expect("dir");
    std::fs::write(dir.join("twice/pet-store.rs"), "").expect("written");
    std::fs::write(dir.join("twice/pet_store.rs"), "").expect("written");
    let rendered = [
        report(&dir.join("missing.yaml"), &pets),
        report(&pets, &dir.join("broken.rs")),
        report(&dir.join("mixed"), &dir.join("mixed")),
        report(&dir.join("empty"), &dir.join("empty")),
        report(&dir.join("twice"), &dir.join("twice")),
        report(&pets, &cases_dir().join("identical/new")),
    ]
    .concat()
    .replace(&dir.display().to_string(), "<scratch>")
    .replace(&cases_dir().display().to_string(), "<cases>");
    expect![[r#"
        error: cannot read <scratch>/missing.yaml: No such file or directory (os error 2)
        error: <scratch>/broken.rs is not valid Rust: unexpected end of input, expected one of: `for`, parentheses, `unsafe`, `fn`, `extern`, identifier, `::`, `<`, `dyn`, square brackets, `*`, `&`, `!`, `impl`, `_`, lifetime
        error: <scratch>/mixed holds both specs and generated `.rs` files: name a directory of one kind, or one file
        error: <scratch>/empty holds no specs (`*.json`, `*.yaml`, `*.yml`) and no `.rs` files
        error: <scratch>/twice/pet-store.rs and <scratch>/twice/pet_store.rs are both the module `pet_store`
        error: cannot compare <cases>/identical/old/pets.yaml with <cases>/identical/new: give two files or two directories
    "#]]
    .assert_eq(&rendered);
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_openapi-bindgen"))
}

/// Runs `openapi-bindgen diff ARGS` in the cases folder: exit code, stdout, stderr.
fn diff_command(args: &[&str]) -> (Option<i32>, String, String) {
    let output = bin().arg("diff").args(args).current_dir(cases_dir()).output().expect("runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code(), text(&output.stdout), text(&output.stderr))
}

#[test]
fn deny_breaking_exits_1_on_breaking_changes_only() {
    let breaking = ["removed_operation/old", "removed_operation/new"];
    let (code, stdout, stderr) = diff_command(&breaking);
    assert_eq!((code, stderr.as_str()), (Some(0), ""), "without --deny-breaking a report is a success");
    expect![[r#"
        breaking  pets: Client::create_pet removed
        breaking  pets: CreatePetError removed
        2 breaking, 0 compatible: a major version bump
    "#]]
    .assert_eq(&stdout);
    let (code, denied, _) = diff_command(&[breaking[0], breaking[1], "--deny-breaking"]);
    assert_eq!((code, denied), (Some(1), stdout));

    let (code, stdout, _) = diff_command(&["added_operation/old", "added_operation/new", "--deny-breaking"]);
    assert_eq!(code, Some(0), "compatible changes pass:\n{stdout}");
    let (code, stdout, _) = diff_command(&["identical/old", "identical/new", "--deny-breaking"]);
    assert_eq!((code, stdout.as_str()), (Some(0), "no changes\n"));
}

#[test]
fn unreadable_or_broken_inputs_exit_2_with_the_reason() {
    let (code, stdout, stderr) = diff_command(&["identical/old/missing.yaml", "identical/new", "--deny-breaking"]);
    assert_eq!((code, stdout.as_str()), (Some(2), ""));
    assert!(stderr.starts_with("error: cannot read identical/old/missing.yaml: "), "{stderr}");

    let dir = scratch("diff-cli-broken");
    let spec = dir.join("broken.json");
    std::fs::write(&spec, r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/nope"}}}}}}"##)
        .expect("written");
    let output = bin().arg("diff").arg(&spec).arg(&spec).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("broken.json:1:") && stderr.contains("could not be generated"), "{stderr}");
}

/// What CI runs: the checked-in `generated/` against the specs, regenerated (a spec directory
/// pairs with a generated one by module name, `agent-templates.json` with `agent_templates.rs`).
#[test]
fn generated_has_the_api_of_the_specs() {
    let output = bin()
        .arg("diff")
        .arg(workspace().join("generated"))
        .arg(workspace().join("specs"))
        .arg("--deny-breaking")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "no changes\n");
}
