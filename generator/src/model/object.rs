//! Object schemas: properties, `required`, `additionalProperties`/`patternProperties`, and member rules.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::spec::push_pointer;

use super::schema::Position;
use super::{Additional, Builder, MemberRule, ObjectSchema, Property};

impl MemberRule {
    pub(super) fn read(member: &Value) -> Self {
        let names = |list: Option<&Value>| -> Vec<String> {
            list.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
        };
        let values = member
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(name, schema)| {
                let value = schema
                    .get("const")
                    .or_else(|| schema.get("enum").and_then(Value::as_array).and_then(|v| v.first()))?;
                Some((name.clone(), value.clone()))
            })
            .collect();
        MemberRule {
            required: names(member.get("required")),
            forbidden: names(member.get("not").and_then(|n| n.get("required"))),
            values,
        }
    }
}

impl<'a> Builder<'a, '_, '_> {
    /// Reads `properties`, `required` and `additionalProperties`; as an `allOf` member (`position`),
    /// merged with others, so `required` may name their properties.
    pub(super) fn read_object(
        &mut self,
        pointer: &str,
        object: &serde_json::Map<String, Value>,
        position: Position,
    ) -> ObjectSchema {
        let required: BTreeSet<String> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        let properties_pointer = push_pointer(pointer, "properties");
        let mut properties = Vec::new();
        if let Some(props) = object.get("properties").and_then(Value::as_object) {
            for name in props.keys() {
                properties.push(Property {
                    name: name.clone(),
                    schema: self.schema_at(&push_pointer(&properties_pointer, name)),
                    required: required.contains(name),
                });
            }
        }
        let mut required_elsewhere = Vec::new();
        for name in &required {
            if !properties.iter().any(|p| &p.name == name) {
                required_elsewhere.push(name.clone());
                if position != Position::AllOfMember && !object.contains_key("additionalProperties") {
                    self.warn(
                        &push_pointer(pointer, "required"),
                        format!("required property `{name}` is not declared in `properties`; it is not typed"),
                    );
                }
            }
        }
        let patterns = object.get("patternProperties").and_then(Value::as_object);
        let additional = match object.get("additionalProperties") {
            // Member names matching a pattern: a map of the pattern's schema (the names are not
            // checked); several patterns, a map of any values.
            None if patterns.is_some_and(|p| p.len() == 1) => {
                let pattern = patterns.and_then(|p| p.keys().next()).cloned().unwrap_or_default();
                Additional::Schema(self.schema_at(&push_pointer(&push_pointer(pointer, "patternProperties"), &pattern)))
            }
            None if patterns.is_some_and(|p| !p.is_empty()) => Additional::Any,
            None => Additional::Unspecified,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(Value::Bool(true)) => Additional::Any,
            Some(Value::Object(map)) if map.is_empty() => Additional::Any,
            Some(Value::Object(_)) => {
                Additional::Schema(self.schema_at(&push_pointer(pointer, "additionalProperties")))
            }
            Some(_) => {
                self.warn(
                    &push_pointer(pointer, "additionalProperties"),
                    "`additionalProperties` must be a boolean or a schema; treated as `true`",
                );
                Additional::Any
            }
        };
        ObjectSchema { properties, additional, required_elsewhere, rule: None }
    }
}

/// Keywords that narrow a declared member's values without changing its shape.
pub(super) const NARROWING_KEYWORDS: &[&str] = &[
    "enum",
    "const",
    "type",
    "format",
    "description",
    "title",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
];

/// Whether a `oneOf`/`anyOf` member only states a rule about members its parent declares: it
/// requires some (`required`), forbids some (`not: {required}`), or narrows their values
/// (`properties` with `enum`, `const`, `type`, bounds), and says nothing else.
pub(super) fn is_member_rule(member: &Value, declared: &[&str]) -> bool {
    let Some(member) = member.as_object() else { return false };
    let names_declared = |list: Option<&Value>| {
        list.and_then(Value::as_array)
            .is_none_or(|l| l.iter().all(|n| n.as_str().is_some_and(|n| declared.contains(&n))))
    };
    member.iter().all(|(key, value)| match key.as_str() {
        "required" => names_declared(Some(value)),
        "not" => value
            .as_object()
            .is_some_and(|not| not.keys().all(|k| k == "required") && names_declared(not.get("required"))),
        "properties" => value.as_object().is_some_and(|props| {
            props.iter().all(|(name, schema)| {
                declared.contains(&name.as_str())
                    && schema.as_object().is_some_and(|s| s.keys().all(|k| NARROWING_KEYWORDS.contains(&k.as_str())))
            })
        }),
        "description" | "title" => true,
        "type" => value == "object",
        _ => false,
    })
}
