//! The operation selection applied to the model: the operations an `OperationFilter` keeps, and only the component schemas and security schemes they reach.

use std::collections::HashSet;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::selection::{OperationFilter, Selector, Target};
use crate::spec::push_pointer;

use super::{Additional, Api, Operation, SchemaId, SchemaKind};

/// Keeps the operations `filter` selects (all of them without a selection, and then nothing else
/// changes either). With a selection, component schemas no kept operation reaches are dropped
/// (used by left-out operations only, or by none), as are security schemes no kept operation
/// names, and the warnings about what is left out: they concern code that is not generated.
/// Each selector must name an operation of the spec, so a typo is an error, not an empty output.
pub fn select(api: &mut Api, filter: &OperationFilter, diags: &mut Diagnostics<'_>) {
    if !filter.is_active() {
        return;
    }
    let lists = [("include", &filter.include), ("exclude", &filter.exclude)];
    let mut unmatched = false;
    for (list, selector) in lists.iter().flat_map(|(list, selectors)| selectors.iter().map(move |s| (*list, s))) {
        if !api.operations.iter().any(|op| selects(selector, op)) {
            unmatched = true;
            report_unmatched(diags, list, selector);
        }
    }
    let total = api.operations.len();
    let (kept, left_out): (Vec<Operation>, Vec<Operation>) =
        std::mem::take(&mut api.operations).into_iter().partition(|op| {
            (filter.include.is_empty() || filter.include.iter().any(|s| selects(s, op)))
                && !filter.exclude.iter().any(|s| selects(s, op))
        });
    if kept.is_empty() && total > 0 && !unmatched {
        diags.report(Severity::Error, "/paths", format!("the operation selection leaves out all {total} operations"));
    }
    let reached = reachable(api, &kept);
    let components = api.components.len();
    let mut dropped: Vec<String> = left_out.iter().map(|op| op.pointer.clone()).collect();
    api.components.retain(|name, id| {
        let used = reached.contains(id);
        if !used {
            dropped.push(push_pointer("/components/schemas", name));
        }
        used
    });
    api.security_schemes
        .retain(|scheme| kept.iter().flat_map(|op| op.security.iter().flatten()).any(|n| n == &scheme.name));
    let under =
        |pointer: &str, part: &str| pointer.strip_prefix(part).is_some_and(|r| r.is_empty() || r.starts_with('/'));
    diags.retain(|d| d.is_error() || !dropped.iter().any(|part| under(&d.pointer, part)));
    if !unmatched {
        let message = format!(
            "the operation selection generates {} of {total} operations, and the {} of {components} component schemas they use",
            kept.len(),
            api.components.len(),
        );
        diags.report(Severity::Note, "/paths", message);
    }
    api.operations = kept;
    api.left_out = left_out;
}

/// Whether `selector` names `op`: the method and the path exactly as the spec writes them, a tag
/// among the operation's, or its `operationId`.
fn selects(selector: &Selector, op: &Operation) -> bool {
    match selector.target() {
        Target::Route { method, path } => op.method.as_str() == method && &op.path == path,
        Target::Tag(tag) => op.tags.contains(tag),
        Target::OperationId(id) => op.operation_id.as_ref() == Some(id),
    }
}

/// An error at the selector's line in the settings, or (given elsewhere) at the spec's `paths`.
fn report_unmatched(diags: &mut Diagnostics<'_>, list: &str, selector: &Selector) {
    let why = match selector.target() {
        Target::Route { .. } => {
            "no operation has this method and path (paths are matched as the spec writes them, templates included)"
        }
        Target::Tag(_) => "no operation lists this tag",
        Target::OperationId(_) => "no operation has this operationId",
    };
    let message = format!("the `{list}` selector `{selector}` matches no operation: {why}");
    match selector.origin() {
        Some(origin) => {
            diags.push(Diagnostic::in_file(&origin.file, Some(origin.location), origin.line.clone(), message))
        }
        None => diags.report(Severity::Error, "/paths", message),
    }
}

/// Every schema the operations reach: from their parameters, bodies, responses and response
/// headers, through items, members, additional members, references, union and `allOf` members,
/// and discriminator mappings. A loop over a stack, not recursion: schemas nest deeply.
fn reachable(api: &Api, operations: &[Operation]) -> HashSet<SchemaId> {
    let mut stack: Vec<SchemaId> = Vec::new();
    for op in operations {
        stack.extend(op.parameters.iter().filter_map(|p| p.schema));
        if let Some(body) = &op.request_body {
            stack.extend(body.content.iter().filter_map(|m| m.schema));
        }
        for response in &op.responses {
            stack.extend(response.content.iter().filter_map(|m| m.schema));
            stack.extend(response.headers.iter().filter_map(|h| h.schema));
        }
    }
    let mut seen = HashSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(schema) = api.schemas.get(id.0) else { continue };
        // Exhaustive, so a new kind holding schemas cannot be missed here.
        match &schema.kind {
            SchemaKind::Any
            | SchemaKind::Null
            | SchemaKind::Boolean
            | SchemaKind::Integer
            | SchemaKind::Number
            | SchemaKind::String
            | SchemaKind::Enum(_)
            | SchemaKind::Const(_) => {}
            SchemaKind::Array { items } => stack.extend(*items),
            SchemaKind::Object(object) => {
                stack.extend(object.properties.iter().map(|p| p.schema));
                match object.additional {
                    Additional::Schema(values) => stack.push(values),
                    Additional::Unspecified | Additional::Forbidden | Additional::Any => {}
                }
            }
            SchemaKind::Reference(target) => stack.push(*target),
            SchemaKind::OneOf(members) | SchemaKind::AnyOf(members) | SchemaKind::AllOf(members) => {
                stack.extend(members.iter().copied());
            }
        }
        if let Some(discriminator) = &schema.discriminator {
            stack.extend(discriminator.mapping.iter().map(|(_, id)| *id));
        }
    }
    seen
}
