//! Generates a module for every fixture spec in `specs/` into `OUT_DIR/api`, sharing one
//! runtime, and `specs.rs` declaring them.

fn main() {
    if let Err(message) = run() {
        eprintln!("{message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    println!("cargo:rerun-if-changed=specs");
    let specs = openapi_bindgen::find_specs(std::path::Path::new("specs"))?;
    let generated = openapi_bindgen::generate_dir(&specs, &out_dir.join("api"))?;
    std::fs::write(out_dir.join("specs.rs"), openapi_bindgen::out_dir_modules(&generated, "api"))
        .map_err(|e| format!("cannot write specs.rs: {e}"))
}
