//! Comparing the client's methods: operations and their parameters, required (method arguments)
//! or optional (setters of the request builder the method returns).

use std::collections::{BTreeMap, BTreeSet};

use super::report::Changes;
use super::surface::{Argument, Method, Surface};

/// One parameter of an operation as users pass it.
#[derive(Debug, PartialEq)]
struct Parameter {
    ty: String,
    /// An argument of the method (else a setter of its builder).
    required: bool,
}

/// The builders the methods of `surface` return: their setters are the operations' optional
/// parameters, so they are compared with their operation, not as types of their own.
pub(crate) fn builders(surface: &Surface) -> BTreeSet<&str> {
    surface
        .methods
        .values()
        .filter_map(|method| method.returns.as_deref())
        .filter(|name| surface.structs.get(*name).is_some_and(|returned| returned.is_builder()))
        .collect()
}

pub(crate) fn compare_methods(old: &Surface, new: &Surface, changes: &mut Changes) {
    for (name, old_method) in &old.methods {
        match new.methods.get(name) {
            None => changes.breaking(format!("Client::{name} removed")),
            Some(new_method) => compare_method(name, (old, old_method), (new, new_method), changes),
        }
    }
    for name in new.methods.keys().filter(|name| !old.methods.contains_key(*name)) {
        changes.compatible(format!("Client::{name} added"));
    }
}

fn compare_method(name: &str, old: (&Surface, &Method), new: (&Surface, &Method), changes: &mut Changes) {
    let (old_parameters, new_parameters) = (parameters(old.0, old.1), parameters(new.0, new.1));
    for (parameter, was) in &old_parameters {
        let subject = format!("Client::{name}({parameter})");
        let Some(is) = new_parameters.get(parameter) else {
            changes.breaking(format!("{subject} removed"));
            continue;
        };
        let retyped = if was.ty == is.ty { String::new() } else { format!(" from {} to {}", was.ty, is.ty) };
        match (was.required, is.required) {
            (false, true) if retyped.is_empty() => changes.breaking(format!("{subject} made required")),
            (false, true) => changes.breaking(format!("{subject} made required and retyped{retyped}")),
            // Moving an argument to a setter changes the method's signature: every call breaks.
            (true, false) => changes.breaking(format!("{subject} made optional (now a setter)")),
            _ if !retyped.is_empty() => changes.breaking(format!("{subject} retyped{retyped}")),
            _ => {}
        }
    }
    for (parameter, is) in new_parameters.iter().filter(|(parameter, _)| !old_parameters.contains_key(*parameter)) {
        let subject = format!("Client::{name}({parameter})");
        if is.required {
            changes.breaking(format!("{subject} added (required)"));
        } else {
            changes.compatible(format!("{subject} added (optional)"));
        }
    }
    // Arguments are positional: the same ones in another order break calls (or silently swap values).
    let order = |arguments: &[Argument], other: &[Argument]| -> Vec<String> {
        let shared = |argument: &&Argument| other.iter().any(|o| o.name == argument.name);
        arguments.iter().filter(shared).map(|argument| argument.name.clone()).collect()
    };
    if order(&old.1.arguments, &new.1.arguments) != order(&new.1.arguments, &old.1.arguments) {
        changes.breaking(format!("Client::{name} arguments reordered"));
    }
}

/// The parameters of an operation: its method's arguments, then its builder's setters.
fn parameters(surface: &Surface, method: &Method) -> BTreeMap<String, Parameter> {
    let mut parameters: BTreeMap<String, Parameter> = method
        .arguments
        .iter()
        .map(|argument| (argument.name.clone(), Parameter { ty: argument.ty.clone(), required: true }))
        .collect();
    let builder = method.returns.as_deref().and_then(|name| surface.structs.get(name));
    for (setter, ty) in builder.filter(|builder| builder.is_builder()).into_iter().flat_map(|b| &b.setters) {
        parameters.entry(setter.clone()).or_insert_with(|| Parameter { ty: ty.clone(), required: false });
    }
    parameters
}
