//! Generates a module for every fixture spec in `specs/` into `OUT_DIR`, and `specs.rs` declaring them.

fn main() {
    let out_dir = std::env::var_os("OUT_DIR").map(std::path::PathBuf::from);
    let result = out_dir.ok_or_else(|| "OUT_DIR is not set".to_owned()).and_then(|out| openapi_bindgen::generate_dir(std::path::Path::new("specs"), &out));
    if let Err(message) = result {
        eprintln!("{message}");
        std::process::exit(1);
    }
}
