//! `diff`: the changes between two versions of a generated API, each classed as breaking or
//! compatible for the code of its users.
//!
//! Both sides are read as Rust syntax (`syn`), not as the generator's IR. The API users compile
//! against is the Rust the generator writes; the IR is an internal that changes with the
//! generator (and a checked-in `generated/` from an older generator has no IR at all). Reading the
//! syntax also makes one comparison serve every question: two specs (generated in memory by the
//! current generator: what a spec change does), two generated trees (what a generator change does,
//! `generated/` against a fresh `dir` run), or one of each. What counts is what users name: the
//! client's methods and their arguments, the setters of the builders they return, public fields,
//! `new` constructors, enum variants and type aliases, wherever in the module they are defined.
//!
//! The rules: removing or retyping anything public breaks; adding a required method argument, a
//! required `new` argument or a required field breaks; an optional field added to a
//! `#[non_exhaustive]` struct and a variant added to a `#[non_exhaustive]` enum are compatible,
//! and break when the type is exhaustive (struct literals and exhaustive `match`es must name them
//! all); adding an operation, method, setter or type is compatible. Documentation is not compared.

mod input;
mod operations;
mod report;
mod surface;
mod type_text;
mod types;

use std::collections::BTreeSet;
use std::path::Path;

pub use report::{ApiDiff, Change, Compatibility};

use input::Side;
use report::Changes;
use surface::Surface;

/// Compares the generated API of `old` and `new`: each a spec (JSON or YAML, generated in memory
/// with its `.bindgen.toml`), a generated `.rs` module, or a directory of either (modules paired by
/// name; two files are compared whatever their names).
pub fn diff_api(old: &Path, new: &Path) -> Result<ApiDiff, String> {
    let changes = match (input::read_side(old)?, input::read_side(new)?) {
        (Side::File { surface: old, .. }, Side::File { module, surface: new }) => compare_module(&module, &old, &new),
        (Side::Directory(old_modules), Side::Directory(new_modules)) => {
            let names: BTreeSet<&String> = old_modules.keys().chain(new_modules.keys()).collect();
            let mut changes = Vec::new();
            for name in names {
                match (old_modules.get(name), new_modules.get(name)) {
                    (Some(old), Some(new)) => changes.extend(compare_module(name, old, new)),
                    (Some(_), None) => changes.push(module_change(name, "module removed", Compatibility::Breaking)),
                    (None, Some(_)) => changes.push(module_change(name, "module added", Compatibility::Compatible)),
                    (None, None) => {}
                }
            }
            changes
        }
        _ => {
            return Err(format!(
                "cannot compare {} with {}: give two files or two directories",
                old.display(),
                new.display()
            ));
        }
    };
    Ok(ApiDiff::new(changes))
}

fn compare_module(module: &str, old: &Surface, new: &Surface) -> Vec<Change> {
    let mut changes = Changes::new(module);
    operations::compare_methods(old, new, &mut changes);
    // A builder is compared with its operation when both sides return it from a method; one
    // that only one side has comes and goes with its method.
    let (old_builders, new_builders) = (operations::builders(old), operations::builders(new));
    let builders: BTreeSet<&str> = old_builders.union(&new_builders).copied().collect();
    types::compare_types(old, new, &builders, &mut changes);
    changes.found
}

fn module_change(module: &str, description: &str, compatibility: Compatibility) -> Change {
    Change { module: module.to_owned(), description: description.to_owned(), compatibility }
}
