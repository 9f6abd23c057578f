//! `generated/` must hold exactly what the generator writes for each spec in `specs/`.
//! Refresh it with `UPDATE_SNAPSHOTS=1 cargo test --test generated`.

use std::path::{Path, PathBuf};

fn specs() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("specs"))
        .expect("specs/ is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")))
        .collect();
    specs.sort();
    specs
}

#[test]
fn generated_copies_are_fresh() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for spec in specs() {
        let config = openapi_bindgen::load_settings(&spec).unwrap_or_else(|d| panic!("{d}"));
        let output = openapi_bindgen::generate_file(&spec, &config).unwrap_or_else(|failure| panic!("{failure}"));
        let stem = spec.file_stem().and_then(|s| s.to_str()).expect("UTF-8 spec name");
        let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated").join(format!("{stem}.rs"));
        let current = std::fs::read_to_string(&target).unwrap_or_default();
        if current != output.code {
            if update {
                std::fs::write(&target, &output.code).expect("generated/ is writable");
            } else {
                stale.push(target.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated code: {stale:?}\nrefresh it with: UPDATE_SNAPSHOTS=1 cargo test --test generated\nand review the diff in generated/"
    );
}

#[test]
fn generation_is_deterministic() {
    for spec in specs() {
        let config = openapi_bindgen::load_settings(&spec).unwrap_or_else(|d| panic!("{d}"));
        let first = openapi_bindgen::generate_file(&spec, &config).unwrap_or_else(|f| panic!("{f}")).code;
        let second = openapi_bindgen::generate_file(&spec, &config).unwrap_or_else(|f| panic!("{f}")).code;
        assert!(first == second, "{} generated differently twice", spec.display());
    }
}

#[test]
fn social_has_a_method_for_each_of_its_16_operations() {
    let code = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/social.rs")).expect("generated/social.rs");
    let methods = [
        "get_artists_posts", "get_comments", "get_spotify_search", "get_spotify_artist", "get_spotify_artist_albums",
        "get_spotify_artist_top_tracks", "get_spotify_album", "get_apple_songs", "get_apify_runs_by_run_id",
        "post_socials_scrape", "get_connectors", "delete_connectors", "post_connectors", "get_connectors_actions",
        "execute_connector_action", "post_connectors_files",
    ];
    for method in methods {
        assert!(code.contains(&format!("pub fn {method}(")), "no method {method}");
    }
    assert_eq!(code.matches("::std::future::IntoFuture for").count(), 16, "one request builder per operation");
}
