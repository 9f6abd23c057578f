//! `generated/` must hold exactly what the generator writes for `specs/` (refresh it with
//! `cargo run -p openapi-bindgen -- dir specs --out generated`, or
//! `UPDATE_SNAPSHOTS=1 cargo test --test generated`), and `Cargo.toml` must have a feature per spec.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const REFRESH: &str = "cargo run -p openapi-bindgen -- dir specs --out generated";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn specs() -> Vec<openapi_bindgen::SpecFile> {
    openapi_bindgen::find_specs(&root().join("specs")).expect("specs/ is readable")
}

/// The `.rs` files of `dir` by name.
fn rust_files(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|e| e == "rs"))
                .map(|path| {
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    (name, std::fs::read_to_string(&path).expect("readable"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn generate_into(name: &str) -> (PathBuf, BTreeMap<String, String>) {
    let dir = std::env::temp_dir().join(format!("recoup-generated-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    openapi_bindgen::generate_dir(&specs(), &dir).unwrap_or_else(|message| panic!("{message}"));
    let files = rust_files(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    (dir, files)
}

#[test]
fn generated_copies_are_fresh() {
    let (_, fresh) = generate_into("fresh");
    assert!(fresh.len() == specs().len() + 2, "a module per spec, runtime.rs and mod.rs");
    let target = root().join("generated");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        for (name, _) in rust_files(&target).iter().filter(|(name, _)| !fresh.contains_key(*name)) {
            std::fs::remove_file(target.join(name)).expect("generated/ is writable");
        }
        for (name, text) in &fresh {
            std::fs::write(target.join(name), text).expect("generated/ is writable");
        }
    }
    let current = rust_files(&target);
    let stale: Vec<&String> =
        fresh.keys().chain(current.keys()).filter(|name| fresh.get(*name) != current.get(*name)).collect();
    assert!(
        stale.is_empty(),
        "stale files in generated/: {stale:?}\nrefresh them with: {REFRESH}\nand review the diff in generated/"
    );
}

#[test]
fn generation_is_deterministic() {
    let (_, first) = generate_into("first");
    let (_, second) = generate_into("second");
    for (name, text) in &first {
        assert!(second.get(name) == Some(text), "{name} generated differently twice");
    }
}

/// Counts the operations of a spec the way the README of `../shared/specs/recoup` does: the
/// HTTP-method entries under `paths`.
fn operation_count(spec: &Path) -> usize {
    let document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(spec).expect("spec readable")).expect("spec is JSON");
    let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    document["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count())
        .sum()
}

#[test]
fn every_operation_of_every_spec_has_a_method() {
    let mut total = 0;
    for spec in specs() {
        let code = std::fs::read_to_string(root().join("generated").join(format!("{}.rs", spec.module)))
            .expect("generated module");
        let operations = operation_count(&spec.path);
        let builders = code.matches("::std::future::IntoFuture for").count();
        assert_eq!(builders, operations, "{}: one request builder per operation", spec.path.display());
        total += operations;
    }
    assert_eq!(total, 261, "the 24 Recoup specs hold 261 operations");
}

#[test]
fn social_has_a_method_for_each_of_its_16_operations() {
    let code = std::fs::read_to_string(root().join("generated/social.rs")).expect("generated/social.rs");
    let methods = [
        "get_artists_posts",
        "get_comments",
        "get_spotify_search",
        "get_spotify_artist",
        "get_spotify_artist_albums",
        "get_spotify_artist_top_tracks",
        "get_spotify_album",
        "get_apple_songs",
        "get_apify_runs_by_run_id",
        "post_socials_scrape",
        "get_connectors",
        "delete_connectors",
        "post_connectors",
        "get_connectors_actions",
        "execute_connector_action",
        "post_connectors_files",
    ];
    for method in methods {
        assert!(code.contains(&format!("pub fn {method}(")), "no method {method}");
    }
}

#[test]
fn every_spec_has_a_feature_and_full_enables_them_all() {
    let manifest: toml::Table =
        std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml").parse().expect("valid TOML");
    let features = manifest["features"].as_table().expect("[features]");
    let modules: Vec<String> = specs().into_iter().map(|spec| spec.module).collect();
    let mut declared: Vec<String> = features
        .keys()
        .filter(|k| !matches!(k.as_str(), "default" | "full" | "conformance" | "mock" | "tracing"))
        .cloned()
        .collect();
    declared.sort();
    assert_eq!(declared, modules, "one feature per spec, named as its module");
    let full: Vec<&str> = features["full"].as_array().expect("full").iter().filter_map(|v| v.as_str()).collect();
    assert_eq!(full, modules.iter().map(String::as_str).collect::<Vec<_>>(), "`full` enables every module");
}
