//! References: `$ref` strings to pointers, schema nodes built once each, cycles and dangling targets reported.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::spec::{Document, push_pointer};

use super::schema::Position;
use super::{Builder, Schema, SchemaId};

/// How deep schemas may nest, references followed, before the rest is typed as any value: far
/// beyond real specs (GitHub's nests about 20 deep), and within the stack `lib.rs` gives the passes.
pub(super) const MAX_NESTING: usize = 4096;

impl<'a> Builder<'a, '_, '_> {
    /// Follows `$ref`s (of parameters, responses, bodies, ...) to the object they name.
    /// Returns `None`, with a diagnostic, for a dangling or cyclic reference.
    pub(super) fn follow_ref(&mut self, pointer: &str, value: &'a Value) -> Option<(String, &'a Value)> {
        let mut pointer = pointer.to_owned();
        let mut value = value;
        let mut seen = BTreeSet::new();
        while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
            if !seen.insert(pointer.clone()) {
                self.error(&pointer, format!("`$ref` cycle through `{reference}`"));
                return None;
            }
            let target = self.target_pointer(&pointer, reference)?;
            let document: &'a Document = self.document;
            match document.get(&target) {
                Some(next) => {
                    pointer = target;
                    value = next;
                }
                None => {
                    self.error(&pointer, format!("`$ref` target `{reference}` does not exist"));
                    return None;
                }
            }
        }
        Some((pointer, value))
    }

    /// Turns a `$ref` string into a JSON pointer into this document.
    pub(super) fn target_pointer(&mut self, pointer: &str, reference: &str) -> Option<String> {
        match reference.strip_prefix('#') {
            Some(fragment) if fragment.is_empty() || fragment.starts_with('/') => {
                // Fragments may be percent-encoded (`#/paths/~1pets%7Bid%7D`).
                Some(percent_decode(fragment))
            }
            _ => {
                self.error(
                    pointer,
                    format!("`$ref` to `{reference}`: only references within the same document are supported"),
                );
                None
            }
        }
    }

    /// Builds (once) the schema at `pointer`, a value; follows a `$ref` that has no siblings to its target.
    pub(super) fn schema_at(&mut self, pointer: &str) -> SchemaId {
        self.schema_in(pointer, Position::Value)
    }

    /// Builds (once) the schema at `pointer` read in `position`, following a lone `$ref`.
    pub(super) fn schema_in(&mut self, pointer: &str, position: Position) -> SchemaId {
        if let Some(id) = self.by_pointer.get(pointer) {
            return *id;
        }
        let document = self.document;
        let Some(value) = document.get(pointer) else {
            return self.fallback(pointer, "schema location does not exist");
        };
        // A `$ref` alone is the schema it names: resolve it to the target's id so that all
        // uses of a component share one node (and one generated type).
        if let Some(object) = value.as_object()
            && let Some(reference) = object.get("$ref").and_then(Value::as_str)
            && !object.keys().any(|k| k != "$ref" && !k.starts_with("x-"))
        {
            return self.resolve_alias(pointer, reference, position);
        }
        let id = SchemaId(self.api.schemas.len());
        self.api.schemas.push(Schema::any(pointer));
        self.by_pointer.insert(pointer.to_owned(), id);
        if self.nesting >= MAX_NESTING {
            self.warn(
                pointer,
                format!("schemas nest more than {MAX_NESTING} deep here (through references); this one is typed as any JSON value"),
            );
            return id;
        }
        self.nesting += 1;
        let schema = self.read_schema(pointer, value, position);
        self.nesting -= 1;
        self.api.schemas[id.0] = schema;
        id
    }

    /// The schema `reference` (at `pointer`) names, built in `position` if it is not built yet.
    pub(super) fn resolve_alias(&mut self, pointer: &str, reference: &str, position: Position) -> SchemaId {
        if self.resolving.iter().any(|p| p == pointer) {
            self.error(pointer, format!("`$ref` cycle through `{reference}`: the references never reach a schema"));
            return self.any_at(pointer);
        }
        let Some(target) = self.target_pointer(pointer, reference) else { return self.any_at(pointer) };
        if self.document.get(&target).is_none() {
            self.error(pointer, format!("`$ref` target `{reference}` does not exist"));
            return self.any_at(pointer);
        }
        self.resolving.push(pointer.to_owned());
        let id = self.schema_in(&target, position);
        self.resolving.pop();
        self.by_pointer.insert(pointer.to_owned(), id);
        id
    }

    pub(super) fn any_at(&mut self, pointer: &str) -> SchemaId {
        let id = SchemaId(self.api.schemas.len());
        self.api.schemas.push(Schema::any(pointer));
        self.by_pointer.insert(pointer.to_owned(), id);
        id
    }

    pub(super) fn fallback(&mut self, pointer: &str, message: &str) -> SchemaId {
        self.warn(pointer, format!("{message}; typed as any JSON value"));
        self.any_at(pointer)
    }

    /// The schema a `$recursiveRef` or `$dynamicRef` (`keyword`) at `pointer` names, for the
    /// common cases: `#`, the enclosing component schema (the root of its schema resource), and for
    /// `$dynamicRef` `#name`, the schema in that component declaring `$dynamicAnchor: name`.
    /// Anything else is warned about and typed as any value.
    pub(super) fn recursive_target(&mut self, pointer: &str, keyword: &str, reference: &str) -> Option<SchemaId> {
        let root = component_root(pointer);
        let anchor = reference.strip_prefix('#').filter(|anchor| !anchor.is_empty() && !anchor.starts_with('/'));
        let target = match (root, anchor) {
            (Some(root), None) if reference == "#" => Some(root.to_owned()),
            (Some(root), Some(anchor)) if keyword == "$dynamicRef" => {
                let document = self.document;
                document.get(root).and_then(|value| find_anchor(value, root, anchor))
            }
            _ => None,
        };
        let Some(target) = target else {
            self.warn(
                &push_pointer(pointer, keyword),
                format!("`{keyword}: {reference}` is resolved only as `#` or a `$dynamicAnchor` of the same component schema; typed as any JSON value"),
            );
            return None;
        };
        // The root is being built (it encloses this node), so this finds its id without recursing.
        Some(self.schema_in(&target, Position::Value))
    }
}

pub(super) fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The pointer of the component schema enclosing `pointer` (`/components/schemas/Tree`).
fn component_root(pointer: &str) -> Option<&str> {
    let rest = pointer.strip_prefix("/components/schemas/")?;
    let end = rest.find('/').map_or(pointer.len(), |i| "/components/schemas/".len() + i);
    Some(&pointer[..end])
}

/// The pointer of the schema under `value` (at `pointer`) declaring `$dynamicAnchor: anchor`,
/// searched breadth-first so the shallowest declaration wins.
fn find_anchor(value: &Value, pointer: &str, anchor: &str) -> Option<String> {
    let mut queue = std::collections::VecDeque::from([(value, pointer.to_owned())]);
    while let Some((value, pointer)) = queue.pop_front() {
        match value {
            Value::Object(object) => {
                if object.get("$dynamicAnchor").and_then(Value::as_str) == Some(anchor) {
                    return Some(pointer);
                }
                queue.extend(object.iter().map(|(key, child)| (child, push_pointer(&pointer, key))));
            }
            Value::Array(items) => {
                queue.extend(items.iter().enumerate().map(|(index, child)| (child, format!("{pointer}/{index}"))));
            }
            _ => {}
        }
    }
    None
}
