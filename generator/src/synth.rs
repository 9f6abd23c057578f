//! `synth`: valid sample values for schemas, used to call every operation in conformance tests.
//!
//! The order of preference is the spec's own word first (examples, then defaults, then enum and
//! const values), then the smallest value that honours type, format, bounds and lengths.
//! `pattern` is not solved: a sample for a patterned string without an example may not match it.

use serde_json::{Map, Value, json};

use crate::model::{Additional, Api, SchemaId, SchemaKind};

/// How deep a sample may nest before recursive schemas are cut short.
const MAX_DEPTH: usize = 12;

/// A valid value for schema `id`.
pub fn sample(api: &Api, id: SchemaId) -> Value {
    sample_at(api, id, 0)
}

fn sample_at(api: &Api, id: SchemaId, depth: usize) -> Value {
    let schema = &api.schemas[id.0];
    if let Some((_, example)) = schema.examples.first() {
        return example.clone();
    }
    if let Some(default) = &schema.default {
        return default.clone();
    }
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    let bound = |name: &str| schema.constraints.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    match &schema.kind {
        SchemaKind::Reference(target) => sample_at(api, *target, depth + 1),
        SchemaKind::Any => json!({}),
        SchemaKind::Null => Value::Null,
        SchemaKind::Boolean => Value::Bool(true),
        SchemaKind::Integer => Value::from(integer_in_bounds(bound("minimum"), bound("maximum"), bound("exclusiveMinimum"))),
        SchemaKind::Number => {
            let low = bound("minimum").and_then(Value::as_f64).unwrap_or(1.0);
            let high = bound("maximum").and_then(Value::as_f64).unwrap_or(f64::MAX);
            json!(low.min(high))
        }
        SchemaKind::String => {
            let min_length = bound("minLength").and_then(Value::as_u64).unwrap_or(0);
            Value::String(string_for(schema.format.as_deref(), usize::try_from(min_length).unwrap_or(0)))
        }
        SchemaKind::Enum(values) => values.first().cloned().unwrap_or(Value::Null),
        SchemaKind::Const(value) => value.clone(),
        SchemaKind::Array { items } => {
            let count = bound("minItems").and_then(Value::as_u64).unwrap_or(1).max(1);
            let count = bound("maxItems").and_then(Value::as_u64).map_or(count, |max| count.min(max));
            match items {
                Some(items) if depth < MAX_DEPTH => (0..count).map(|_| sample_at(api, *items, depth + 1)).collect(),
                _ => Value::Array(Vec::new()),
            }
        }
        SchemaKind::Object(object) => {
            let mut members = Map::new();
            for property in object.properties.iter().filter(|p| p.required) {
                members.insert(property.name.clone(), sample_at(api, property.schema, depth + 1));
            }
            if let (true, Additional::Schema(values)) = (members.is_empty() && object.properties.is_empty(), &object.additional) {
                members.insert("key".to_owned(), sample_at(api, *values, depth + 1));
            }
            Value::Object(members)
        }
        SchemaKind::OneOf(members) | SchemaKind::AnyOf(members) => {
            members.first().map_or(Value::Null, |member| sample_at(api, *member, depth + 1))
        }
        SchemaKind::AllOf(members) => {
            let mut merged = Map::new();
            for member in members {
                match sample_at(api, *member, depth + 1) {
                    Value::Object(members) => merged.extend(members),
                    other if members.len() == 1 => return other,
                    _ => {}
                }
            }
            Value::Object(merged)
        }
    }
}

fn integer_in_bounds(minimum: Option<&Value>, maximum: Option<&Value>, exclusive_minimum: Option<&Value>) -> i64 {
    let mut value = minimum.and_then(Value::as_i64).unwrap_or(1);
    // 3.1 writes `exclusiveMinimum` as a number; 3.0 as a flag beside `minimum`.
    match exclusive_minimum {
        Some(Value::Number(n)) => value = value.max(n.as_i64().unwrap_or(0).saturating_add(1)),
        Some(Value::Bool(true)) => value = value.saturating_add(1),
        _ => {}
    }
    maximum.and_then(Value::as_i64).map_or(value, |max| value.min(max))
}

fn string_for(format: Option<&str>, min_length: usize) -> String {
    let text = match format {
        Some("uuid") => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        Some("date-time") => "2026-01-02T03:04:05Z",
        Some("date") => "2026-01-02",
        Some("time") => "03:04:05",
        Some("uri") | Some("url") => "https://example.com/",
        Some("email") => "someone@example.com",
        Some("hostname") => "example.com",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        Some("byte") => "c2FtcGxl",
        _ => "sample",
    };
    let mut text = text.to_owned();
    while text.chars().count() < min_length {
        text.push('x');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;

    fn samples(spec: &str) -> String {
        let document = crate::load::load_str("spec.yaml", spec).unwrap_or_else(|d| panic!("{d}"));
        let api = crate::model::build(&document, &mut Diagnostics::default());
        api.components.iter().map(|(name, id)| format!("{name}: {}\n", sample(&api, *id))).collect()
    }

    #[test]
    fn samples_prefer_the_spec_then_honour_constraints() {
        let spec = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Example: {type: string, example: from-the-spec, default: not-this}
    Default: {type: integer, default: 7}
    Bounded: {type: integer, minimum: 10, maximum: 20}
    Exclusive: {type: integer, exclusiveMinimum: 10}
    Capped: {type: integer, maximum: -5}
    Long: {type: string, minLength: 9}
    Formats: {type: object, required: [id, at, day, link], properties: {id: {type: string, format: uuid}, at: {type: string, format: date-time}, day: {type: string, format: date}, link: {type: string, format: uri}, skipped: {type: string}}}
    Choice: {type: string, enum: [b, a]}
    List: {type: array, minItems: 2, items: {const: x}}
    Union: {oneOf: [{type: boolean}, {type: string}]}
    Merged: {allOf: [{type: object, required: [a], properties: {a: {type: integer}}}, {type: object, required: [b], properties: {b: {type: boolean}}}]}
    Tree: {type: object, required: [child], properties: {child: {$ref: '#/components/schemas/Tree'}}}
"#;
        let rendered = samples(spec);
        let expected = r#"Example: "from-the-spec"
Default: 7
Bounded: 10
Exclusive: 11
Capped: -5
Long: "samplexxx"
Formats: {"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","at":"2026-01-02T03:04:05Z","day":"2026-01-02","link":"https://example.com/"}
Choice: "b"
List: ["x","x"]
Union: true
Merged: {"a":1,"b":true}
"#;
        assert!(rendered.starts_with(expected), "{rendered}");
        assert!(rendered.contains("Tree: {\"child\":{\"child\":"), "recursion is cut short: {rendered}");
    }
}
