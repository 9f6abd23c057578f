//! `synth`: valid sample values for schemas, used to call every operation in conformance tests.
//!
//! The order of preference is the spec's own word first (examples, then defaults, then enum and
//! const values), then the smallest value that honours type, format, bounds and lengths.
//! `pattern` is not solved: a sample for a patterned string without an example may not match it.

use serde_json::{Map, Value, json};

use crate::model::{Additional, Api, Format, SchemaId, SchemaKind};

/// How deep a sample may nest before recursive schemas are cut short.
const MAX_DEPTH: usize = 12;

/// A valid value for schema `id`.
pub fn sample(api: &Api, id: SchemaId) -> Value {
    sample_at(api, id, 0)
}

fn sample_at(api: &Api, id: SchemaId, depth: usize) -> Value {
    let schema = &api.schemas[id.0];
    if let Some((_, example)) = schema.examples.iter().find(|(_, example)| fits_format(schema.format.as_ref(), example))
    {
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
        SchemaKind::Integer => {
            Value::from(integer_in_bounds(bound("minimum"), bound("maximum"), bound("exclusiveMinimum")))
        }
        SchemaKind::Number => {
            let low = bound("minimum").and_then(Value::as_f64).unwrap_or(1.0);
            let high = bound("maximum").and_then(Value::as_f64).unwrap_or(f64::MAX);
            json!(low.min(high))
        }
        SchemaKind::String => {
            let min_length = bound("minLength").and_then(Value::as_u64).unwrap_or(0);
            let min_length = usize::try_from(min_length).unwrap_or(0);
            let matching = bound("pattern").and_then(Value::as_str).and_then(shortest_match);
            let mut text = matching.unwrap_or_else(|| string_for(schema.format.as_ref(), min_length));
            if let Some(max_length) = bound("maxLength").and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok()) {
                text = text.chars().take(max_length).collect();
            }
            Value::String(text)
        }
        SchemaKind::Enum(values) => values.first().cloned().unwrap_or(Value::Null),
        SchemaKind::Const(value) => value.clone(),
        SchemaKind::Array { items } => {
            // A sample is small whatever the spec demands: `minItems` is honoured up to 8 items at
            // the top, 4 one level down and 2 deeper, so nested arrays stay thousands of values at
            // most (the fuzz harness found `minItems: 1e18`, and lists of lists of lists).
            let cap = [8, 4].get(depth).copied().unwrap_or(2);
            let count = bound("minItems").and_then(Value::as_u64).unwrap_or(1).clamp(1, cap);
            let count = bound("maxItems").and_then(Value::as_u64).map_or(count, |max| count.min(max));
            match items {
                Some(items) if depth < MAX_DEPTH => (0..count).map(|_| sample_at(api, *items, depth + 1)).collect(),
                _ => Value::Array(Vec::new()),
            }
        }
        SchemaKind::Object(object) => {
            let mut members = Map::new();
            let rule = object.rule.clone().unwrap_or_default();
            let wanted = |p: &&crate::model::Property| {
                (p.required || rule.required.contains(&p.name)) && !rule.forbidden.contains(&p.name)
            };
            for property in object.properties.iter().filter(wanted) {
                let value = match rule.values.iter().find(|(name, _)| name == &property.name) {
                    Some((_, value)) => value.clone(),
                    None => sample_at(api, property.schema, depth + 1),
                };
                members.insert(property.name.clone(), value);
            }
            // `minProperties` asks for more members than are required: optional ones, in order.
            let min_members =
                bound("minProperties").and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
            for property in object.properties.iter().filter(|p| !rule.forbidden.contains(&p.name)) {
                if members.len() >= min_members {
                    break;
                }
                if members.contains_key(&property.name) {
                    continue;
                }
                members.insert(property.name.clone(), sample_at(api, property.schema, depth + 1));
            }
            if let (true, Additional::Schema(values)) =
                (members.is_empty() && object.properties.is_empty(), &object.additional)
            {
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

/// Whether a string example has the shape its `format` promises (some specs give `"org-uuid"`
/// as the example of a `uuid`); other values are not checked.
fn fits_format(format: Option<&Format>, value: &Value) -> bool {
    let Value::String(text) = value else { return true };
    let digits_at =
        |positions: &[usize]| positions.iter().all(|&i| text.as_bytes().get(i).is_some_and(u8::is_ascii_digit));
    match format {
        Some(Format::Uuid) => {
            let hex: String = text.chars().filter(|c| *c != '-').collect();
            hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit()) && (text.len() == 32 || text.len() == 36)
        }
        Some(Format::Date) => text.len() == 10 && digits_at(&[0, 1, 2, 3, 5, 6, 8, 9]),
        Some(Format::DateTime) => text.len() >= 20 && digits_at(&[0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]),
        // RFC 3986 has no place for these, though `url` would escape them.
        Some(Format::Uri) => {
            url::Url::parse(text).is_ok() && !text.contains(['{', '}', ' ', '"', '<', '>', '\\', '^', '`', '|'])
        }
        _ => true,
    }
}

/// A short string matching `pattern` (unanchored, as in JSON Schema): the first printable
/// character of each class, the first branch of each alternation, the fewest repetitions. `None`
/// when the pattern does not parse (a dialect `regex-syntax` does not read).
fn shortest_match(pattern: &str) -> Option<String> {
    use regex_syntax::hir::{Class, HirKind};
    fn walk(hir: &regex_syntax::hir::Hir, out: &mut String) {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
            HirKind::Class(Class::Unicode(class)) => {
                let printable = class.ranges().iter().find_map(|r| (r.start().max('!')..=r.end()).next());
                if let Some(c) = printable.or_else(|| class.ranges().first().map(|r| r.start())) {
                    out.push(c);
                }
            }
            HirKind::Class(Class::Bytes(class)) => {
                if let Some(byte) = class.ranges().iter().find_map(|r| (r.start().max(b'!')..=r.end()).next()) {
                    out.push(char::from(byte));
                }
            }
            HirKind::Repetition(repetition) => (0..repetition.min).for_each(|_| walk(&repetition.sub, out)),
            HirKind::Capture(capture) => walk(&capture.sub, out),
            HirKind::Concat(parts) => parts.iter().for_each(|part| walk(part, out)),
            HirKind::Alternation(branches) => {
                if let Some(first) = branches.first() {
                    walk(first, out);
                }
            }
        }
    }
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    walk(&hir, &mut out);
    Some(out)
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

fn string_for(format: Option<&Format>, min_length: usize) -> String {
    let text = match format {
        Some(Format::Uuid) => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        Some(Format::DateTime) => "2026-01-02T03:04:05Z",
        Some(Format::Date) => "2026-01-02",
        Some(Format::Time) => "03:04:05",
        Some(Format::Uri | Format::Url) => "https://example.com/",
        Some(Format::Email) => "someone@example.com",
        Some(Format::Hostname) => "example.com",
        Some(Format::Ipv4) => "192.0.2.1",
        Some(Format::Ipv6) => "2001:db8::1",
        Some(Format::Byte) => "c2FtcGxl",
        _ => "sample",
    };
    // Honoured up to `MAX_SAMPLE_LENGTH`, in one pass (the fuzz harness found `minLength: 1e18`,
    // which the loop this replaces, counting the characters on each push, never finished).
    let mut text = text.to_owned();
    let missing = min_length.min(MAX_SAMPLE_LENGTH).saturating_sub(text.chars().count());
    text.extend(std::iter::repeat_n('x', missing));
    text
}

/// The longest string a sample makes to meet a `minLength`.
const MAX_SAMPLE_LENGTH: usize = 4096;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;

    fn samples(spec: &str) -> String {
        let document = crate::load::load_str("spec.yaml", spec).unwrap_or_else(|d| panic!("{d}"));
        let api = crate::model::build(&document, &mut Diagnostics::new(&document));
        api.components.iter().map(|(name, id)| format!("{name}: {}\n", sample(&api, *id))).collect()
    }

    #[test]
    fn samples_stay_small_whatever_the_bounds() {
        let spec = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Huge: {type: string, minLength: 1000000000000000000}
    Many: {type: array, minItems: 1000000000000000000, items: {type: array, minItems: 100, items: {type: array, minItems: 9, items: {const: x}}}}
"#;
        let rendered = samples(spec);
        let x = r#"["x","x"]"#;
        let middle = format!("[{}]", [x; 4].join(","));
        let expected = format!("Huge: \"sample{}\"\nMany: [{}]\n", "x".repeat(4090), [middle.as_str(); 8].join(","));
        assert_eq!(rendered, expected);
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
    Short: {type: string, minLength: 2, maxLength: 2}
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
Short: "sa"
Formats: {"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","at":"2026-01-02T03:04:05Z","day":"2026-01-02","link":"https://example.com/"}
Choice: "b"
List: ["x","x"]
Union: true
Merged: {"a":1,"b":true}
"#;
        assert!(rendered.starts_with(expected), "{rendered}");
        assert!(rendered.contains("Tree: {\"child\":{\"child\":"), "recursion is cut short: {rendered}");
    }

    #[test]
    fn samples_satisfy_patterns_member_rules_and_minimum_members_and_skip_misleading_examples() {
        let spec = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Offset: {type: string, pattern: '^(0|[1-9][0-9]*)$'}
    Country: {type: string, pattern: '^[A-Z]{2}$'}
    NotBlank: {type: string, pattern: '\S'}
    BadExample: {type: string, format: uuid, example: org-account-uuid}
    BracedUri: {type: string, format: uri, example: 'https://x.dev?id={ID}'}
    AtLeastOne: {type: object, minProperties: 1, properties: {name: {type: string}, label: {type: string}}}
    Professional:
      type: object
      required: [mode]
      properties: {mode: {type: string, enum: [new, existing]}, name: {type: string}, professional_id: {type: string}}
      oneOf:
        - {properties: {mode: {enum: [existing]}}, required: [professional_id], not: {required: [name]}}
        - {properties: {mode: {enum: [new]}}, required: [name], not: {required: [professional_id]}}
"#;
        let rendered = samples(spec);
        let expected = r#"Offset: "0"
Country: "AA"
NotBlank: "!"
BadExample: "3fa85f64-5717-4562-b3fc-2c963f66afa6"
BracedUri: "https://example.com/"
AtLeastOne: {"name":"sample"}
Professional: {"mode":"existing","professional_id":"sample"}
"#;
        assert_eq!(rendered, expected);
    }
}
