//! A build with nothing changed reruns no build script: cargo reruns `build.rs` when a path it
//! watches changed, and counts a path that does not exist as changed on every build.

use std::path::Path;

#[test]
fn every_path_the_build_script_watches_exists() {
    let out_dir = Path::new(env!("OUT_DIR"));
    // Cargo keeps the build script's output beside `OUT_DIR`.
    let output = out_dir.parent().map(|dir| dir.join("output")).expect("OUT_DIR has a parent");
    let text = std::fs::read_to_string(&output).unwrap_or_else(|e| panic!("{}: {e}", output.display()));
    let watched: Vec<&str> = text.lines().filter_map(|line| line.strip_prefix("cargo:rerun-if-changed=")).collect();
    assert!(watched.contains(&"specs"), "the specs folder is watched, so new files are noticed: {watched:?}");
    assert!(watched.iter().any(|path| path.ends_with("social.json")), "each spec is watched: {watched:?}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let missing: Vec<&&str> = watched.iter().filter(|path| !root.join(path).exists()).collect();
    assert!(missing.is_empty(), "watched paths that do not exist make every build rerun build.rs: {missing:?}");
}
