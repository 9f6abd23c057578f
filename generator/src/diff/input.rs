//! The two sides of a diff: a spec (generated in memory), a generated `.rs` file, or a directory of
//! either, each read into one [`Surface`] per module.

use std::collections::BTreeMap;
use std::path::Path;

use super::surface::{Surface, read_surface};
use crate::{find_specs, generate_file, load_settings};

/// What one side of the diff holds.
pub(crate) enum Side {
    /// One file: compared with the other side's one file whatever their names.
    File { module: String, surface: Surface },
    /// A directory: its modules by name.
    Directory(BTreeMap<String, Surface>),
}

pub(crate) fn read_side(path: &Path) -> Result<Side, String> {
    let metadata = std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if metadata.is_dir() {
        return read_directory(path).map(Side::Directory);
    }
    Ok(Side::File { module: module_name(path)?, surface: read_file(path)? })
}

/// A directory of generated modules (`*.rs` but `mod.rs` and `runtime.rs`, which are the same for
/// every API) or of specs, told apart by what it holds.
fn read_directory(dir: &Path) -> Result<BTreeMap<String, Surface>, String> {
    let specs = find_specs(dir)?;
    let mut modules: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "rs"))
        .filter(|path| !path.file_stem().is_some_and(|stem| stem == "mod" || stem == "runtime"))
        .collect();
    modules.sort();
    let paths: Vec<_> = match (specs.is_empty(), modules.is_empty()) {
        (false, true) => specs.into_iter().map(|spec| spec.path).collect(),
        (true, false) => modules,
        (false, false) => {
            return Err(format!(
                "{} holds both specs and generated `.rs` files: name a directory of one kind, or one file",
                dir.display()
            ));
        }
        (true, true) => {
            return Err(format!("{} holds no specs (`*.json`, `*.yaml`, `*.yml`) and no `.rs` files", dir.display()));
        }
    };
    let mut surfaces = BTreeMap::new();
    let mut read_from: BTreeMap<String, &Path> = BTreeMap::new();
    for path in &paths {
        let module = module_name(path)?;
        if let Some(first) = read_from.insert(module.clone(), path) {
            return Err(format!("{} and {} are both the module `{module}`", first.display(), path.display()));
        }
        surfaces.insert(module, read_file(path)?);
    }
    Ok(surfaces)
}

/// A `.rs` file is parsed as it is; anything else is a spec, generated as `dir` would generate it
/// (with its `.bindgen.toml`), so comparing two specs shows what regenerating would change.
fn read_file(path: &Path) -> Result<Surface, String> {
    let source = if path.extension().is_some_and(|e| e == "rs") {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?
    } else {
        let mut config = load_settings(path).map_err(|d| d.to_string())?;
        // The shared runtime is the same on both sides; leaving it out saves parsing it.
        config.shared_runtime = true;
        generate_file(path, &config)
            .map_err(|failure| format!("{failure}error: {} could not be generated", path.display()))?
            .code
    };
    let file = syn::parse_file(&source).map_err(|e| format!("{} is not valid Rust: {e}", path.display()))?;
    Ok(read_surface(&file))
}

/// The module a file stands for, named as `find_specs` names it (`agent-templates.json` and
/// `agent_templates.rs` are both `agent_templates`), so a spec directory pairs with a generated one.
fn module_name(path: &Path) -> Result<String, String> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| format!("{}: the file name is not UTF-8", path.display()))?;
    Ok(stem.replace(|c: char| !c.is_ascii_alphanumeric(), "_").to_ascii_lowercase())
}
