//! Comparing the types of a module: structs (fields, constructor, setters), enums (values, union
//! variants, error statuses) and type aliases, under the evolution rules of `diff`.

use std::collections::{BTreeMap, BTreeSet};

use super::report::Changes;
use super::surface::{Argument, Enum, Struct, Surface};
use super::type_text::optional_inner;

/// Compares every type but the request builders (`skip`: compared with their operations).
pub(crate) fn compare_types(old: &Surface, new: &Surface, skip: &BTreeSet<&str>, changes: &mut Changes) {
    let kinds = |surface: &Surface| -> BTreeMap<String, &'static str> {
        let structs = surface.structs.keys().filter(|name| !skip.contains(name.as_str())).map(|n| (n, "a struct"));
        let enums = surface.enums.keys().map(|name| (name, "an enum"));
        let aliases = surface.aliases.keys().map(|name| (name, "a type alias"));
        structs.chain(enums).chain(aliases).map(|(name, kind)| (name.clone(), kind)).collect()
    };
    let (old_kinds, new_kinds) = (kinds(old), kinds(new));
    for (name, old_kind) in &old_kinds {
        match new_kinds.get(name) {
            None => changes.breaking(format!("{name} removed")),
            Some(new_kind) if new_kind != old_kind => {
                changes.breaking(format!("{name} changed from {old_kind} to {new_kind}"));
            }
            Some(_) => {
                if let (Some(was), Some(is)) = (old.structs.get(name), new.structs.get(name)) {
                    compare_struct(name, was, is, changes);
                }
                if let (Some(was), Some(is)) = (old.enums.get(name), new.enums.get(name)) {
                    compare_enum(name, was, is, changes);
                }
                if let (Some(was), Some(is)) = (old.aliases.get(name), new.aliases.get(name))
                    && was != is
                {
                    changes.breaking(format!("{name} retyped from {was} to {is}"));
                }
            }
        }
    }
    for name in new_kinds.keys().filter(|name| !old_kinds.contains_key(*name)) {
        changes.compatible(format!("{name} added"));
    }
    // Builders have no fields; what they offer besides setters (`send`) is compared here.
    for name in skip {
        if let (Some(was), Some(is)) = (old.structs.get(*name), new.structs.get(*name)) {
            compare_methods(name, &was.methods, &is.methods, changes);
        }
    }
}

fn compare_struct(name: &str, old: &Struct, new: &Struct, changes: &mut Changes) {
    compare_exhaustiveness(name, old.non_exhaustive, new.non_exhaustive, changes);
    if old.tuple != new.tuple {
        changes.breaking(format!("{name} retyped from ({}) to ({})", old.tuple.join(", "), new.tuple.join(", ")));
    }
    // Fields a change above already reports as newly required: the constructor taking them
    // is the same change, seen from `new`.
    let mut now_required = BTreeSet::new();
    for (field, was) in &old.fields {
        let subject = format!("{name}.{field}");
        let Some(is) = new.fields.get(field) else {
            changes.breaking(format!("{subject} removed"));
            continue;
        };
        match (optional_inner(was), optional_inner(is)) {
            _ if was == is => {}
            (Some(inner), None) if inner == is => {
                changes.breaking(format!("{subject} made required"));
                now_required.insert(field.as_str());
            }
            (Some(_), None) => {
                changes.breaking(format!("{subject} made required and retyped from {was} to {is}"));
                now_required.insert(field.as_str());
            }
            (None, Some(inner)) if inner == was => changes.breaking(format!("{subject} made optional")),
            _ => changes.breaking(format!("{subject} retyped from {was} to {is}")),
        }
    }
    for (field, is) in new.fields.iter().filter(|(field, _)| !old.fields.contains_key(*field)) {
        let subject = format!("{name}.{field}");
        if optional_inner(is).is_none() {
            changes.breaking(format!("{subject} added (required)"));
            now_required.insert(field.as_str());
        } else if new.non_exhaustive {
            changes.compatible(format!("{subject} added (optional)"));
        } else {
            // Users may build an exhaustive struct with a literal, which must name every field.
            changes.breaking(format!("{subject} added (optional) to an exhaustive struct"));
        }
    }
    compare_constructor(name, old.constructor.as_deref(), new.constructor.as_deref(), &now_required, changes);
    compare_setters(name, &old.setters, &new.setters, changes);
    compare_methods(name, &old.methods, &new.methods, changes);
}

fn compare_constructor(
    name: &str,
    old: Option<&[Argument]>,
    new: Option<&[Argument]>,
    reported: &BTreeSet<&str>,
    changes: &mut Changes,
) {
    let (old, new) = match (old, new) {
        (None, None) => return,
        (None, Some(_)) => return changes.compatible(format!("{name}::new added")),
        (Some(_), None) => return changes.breaking(format!("{name}::new removed")),
        (Some(old), Some(new)) => (old, new),
    };
    for argument in old {
        let subject = format!("{name}::new({})", argument.name);
        match new.iter().find(|n| n.name == argument.name) {
            None => changes.breaking(format!("{subject} removed")),
            Some(is) if is.ty != argument.ty => {
                changes.breaking(format!("{subject} retyped from {} to {}", argument.ty, is.ty));
            }
            Some(_) => {}
        }
    }
    for argument in new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)) {
        if !reported.contains(argument.name.as_str()) {
            changes.breaking(format!("{name}::new({}) added", argument.name));
        }
    }
    let names = |arguments: &[Argument], other: &[Argument]| -> Vec<String> {
        arguments.iter().filter(|a| other.iter().any(|o| o.name == a.name)).map(|a| a.name.clone()).collect()
    };
    if names(old, new) != names(new, old) {
        changes.breaking(format!("{name}::new arguments reordered"));
    }
}

fn compare_setters(name: &str, old: &BTreeMap<String, String>, new: &BTreeMap<String, String>, changes: &mut Changes) {
    for (setter, was) in old {
        match new.get(setter) {
            None => changes.breaking(format!("{name}::{setter} removed")),
            Some(is) if is != was => changes.breaking(format!("{name}::{setter} retyped from {was} to {is}")),
            Some(_) => {}
        }
    }
    for setter in new.keys().filter(|setter| !old.contains_key(*setter)) {
        changes.compatible(format!("{name}::{setter} added"));
    }
}

/// Other public methods (a builder's `send`): compared by their whole signature.
fn compare_methods(name: &str, old: &BTreeMap<String, String>, new: &BTreeMap<String, String>, changes: &mut Changes) {
    for (method, was) in old {
        match new.get(method) {
            None => changes.breaking(format!("{name}::{method} removed")),
            Some(is) if is != was => changes.breaking(format!("{name}::{method} changed from `{was}` to `{is}`")),
            Some(_) => {}
        }
    }
    for method in new.keys().filter(|method| !old.contains_key(*method)) {
        changes.compatible(format!("{name}::{method} added"));
    }
}

fn compare_enum(name: &str, old: &Enum, new: &Enum, changes: &mut Changes) {
    compare_exhaustiveness(name, old.non_exhaustive, new.non_exhaustive, changes);
    let subject = |variant: &str, statuses: &BTreeMap<String, u16>| match statuses.get(variant) {
        Some(status) if Enum::is_error(name) => format!("{name}::{variant} ({status})"),
        _ => format!("{name}::{variant}"),
    };
    for (variant, was) in &old.variants {
        match new.variants.get(variant) {
            None => changes.breaking(format!("{} removed", subject(variant, &old.statuses))),
            Some(is) if is != was => {
                let subject = subject(variant, &new.statuses);
                changes.breaking(format!("{subject} retyped from {} to {}", payload(was), payload(is)));
            }
            Some(_) => {}
        }
    }
    for variant in new.variants.keys().filter(|variant| !old.variants.contains_key(*variant)) {
        let subject = subject(variant, &new.statuses);
        if new.non_exhaustive {
            changes.compatible(format!("{subject} added"));
        } else {
            // A `match` without a wildcard arm must name every variant of an exhaustive enum.
            changes.breaking(format!("{subject} added to an exhaustive enum"));
        }
    }
}

fn payload(text: &str) -> &str {
    if text.is_empty() { "no payload" } else { text }
}

/// `#[non_exhaustive]` forbids struct literals and exhaustive matches outside the crate, so
/// adding it breaks users and removing it does not.
fn compare_exhaustiveness(name: &str, old: bool, new: bool, changes: &mut Changes) {
    match (old, new) {
        (false, true) => changes.breaking(format!("{name} made #[non_exhaustive]")),
        (true, false) => changes.compatible(format!("{name} no longer #[non_exhaustive]")),
        _ => {}
    }
}
