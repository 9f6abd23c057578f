//! Schemas: one node per schema, with annotations, nullability and its kind (scalars, enums, or
//! compositions, which `compose` reads).

use serde_json::Value;

use crate::spec::push_pointer;

use super::compose::Alternatives;
use super::{Additional, Builder, Discriminator, Format, MemberRule, ObjectSchema, Schema, SchemaKind};

/// Where a schema is read: as a value, or as a member of an `allOf`, merged with its siblings
/// (so its `required` may name properties only they declare).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Position {
    Value,
    AllOfMember,
}

impl<'a> Builder<'a, '_, '_> {
    /// Reads the schema `value` at `pointer`.
    pub(super) fn read_schema(&mut self, pointer: &str, value: &Value, position: Position) -> Schema {
        let mut schema = Schema::any(pointer);
        let object = match value {
            // JSON Schema's boolean schemas: `true` accepts anything; `false` nothing, which no
            // generated type can express, so it is also any value (the server will not send one).
            Value::Bool(_) => return schema,
            Value::Object(object) => object,
            _ => {
                self.warn(pointer, "a schema must be an object or a boolean; typed as any JSON value");
                return schema;
            }
        };
        self.read_annotations(pointer, object, &mut schema);
        let types = self.read_types(pointer, object, &mut schema);
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            let target = self.resolve_alias(pointer, reference, Position::Value);
            schema.kind = SchemaKind::Reference(target);
            return schema;
        }
        for keyword in ["$recursiveRef", "$dynamicRef"] {
            if let Some(reference) = object.get(keyword).and_then(Value::as_str) {
                schema.kind = match self.recursive_target(pointer, keyword, reference) {
                    Some(target) => SchemaKind::Reference(target),
                    None => SchemaKind::Any,
                };
                return schema;
            }
        }
        if let Some(members) = object.get("allOf") {
            schema.kind = self.read_all_of(pointer, object, members, &mut schema);
            return schema;
        }
        let mut member_rule = None;
        for keyword in ["oneOf", "anyOf"] {
            if let Some(members) = object.get(keyword) {
                match self.read_alternatives(pointer, object, keyword, members, &mut schema) {
                    Alternatives::Shapes(kind) => {
                        schema.kind = kind;
                        return schema;
                    }
                    Alternatives::Rule(rule) => {
                        member_rule = rule;
                        break;
                    }
                }
            }
        }
        if let Some(value) = object.get("const") {
            schema.kind = SchemaKind::Const(value.clone());
            return schema;
        }
        if let Some(values) = object.get("enum") {
            self.read_enum(pointer, values, &mut schema);
            return schema;
        }
        schema.kind = self.read_typed(pointer, object, &types, member_rule, position);
        schema
    }

    /// Titles, descriptions, formats, defaults, examples, flags, constraints and the discriminator;
    /// any keyword the model does not read is warned about.
    fn read_annotations(&mut self, pointer: &str, object: &serde_json::Map<String, Value>, schema: &mut Schema) {
        schema.title = self.str_field(object, "title");
        schema.description = self.str_field(object, "description");
        schema.format = self.str_field(object, "format").as_deref().map(Format::parse);
        schema.default = object.get("default").cloned();
        schema.deprecated = object.get("deprecated").and_then(Value::as_bool).unwrap_or(false);
        schema.read_only = object.get("readOnly").and_then(Value::as_bool).unwrap_or(false);
        schema.write_only = object.get("writeOnly").and_then(Value::as_bool).unwrap_or(false);
        if let Some(example) = object.get("example") {
            schema.examples.push((push_pointer(pointer, "example"), example.clone()));
        }
        if let Some(Value::Array(examples)) = object.get("examples") {
            let list = push_pointer(pointer, "examples");
            schema.examples.extend(examples.iter().enumerate().map(|(i, v)| (format!("{list}/{i}"), v.clone())));
        }
        for (keyword, value) in object {
            if CONSTRAINT_KEYWORDS.contains(&keyword.as_str()) {
                schema.constraints.push((keyword.clone(), value.clone()));
            } else if !READ_KEYWORDS.contains(&keyword.as_str()) && !keyword.starts_with("x-") {
                self.warn(
                    &push_pointer(pointer, keyword),
                    format!("schema keyword `{keyword}` is not supported; it is ignored"),
                );
            }
        }
        if let Some(discriminator) = object.get("discriminator") {
            schema.discriminator = self.read_discriminator(&push_pointer(pointer, "discriminator"), discriminator);
        }
    }

    /// The `type` list without `null`, which makes the schema nullable (as 3.0's `nullable` does).
    fn read_types(
        &mut self,
        pointer: &str,
        object: &serde_json::Map<String, Value>,
        schema: &mut Schema,
    ) -> Vec<String> {
        // 3.0 writes `nullable: true`; many 3.1 documents still do, so it is honoured in both.
        schema.nullable = object.get("nullable").and_then(Value::as_bool).unwrap_or(false);

        let mut types: Vec<String> = match object.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            Some(_) => {
                self.warn(&push_pointer(pointer, "type"), "`type` must be a string or an array of strings; ignored");
                Vec::new()
            }
            None => Vec::new(),
        };
        if types.iter().any(|t| t == "null") && types.len() > 1 {
            schema.nullable = true;
            types.retain(|t| t != "null");
        }
        types
    }

    /// `enum`: string, number or boolean values (`null` among them makes the schema nullable).
    fn read_enum(&mut self, pointer: &str, values: &Value, schema: &mut Schema) {
        let Some(values) = values.as_array() else {
            self.warn(&push_pointer(pointer, "enum"), "`enum` must be an array; ignored");
            return;
        };
        let mut values = values.clone();
        if values.iter().any(Value::is_null) {
            schema.nullable = true;
            values.retain(|v| !v.is_null());
        }
        if values.iter().any(|v| v.is_array() || v.is_object()) {
            self.warn(&push_pointer(pointer, "enum"), "`enum` with array or object values; typed as any JSON value");
            return;
        }
        schema.kind = match values.len() {
            0 => SchemaKind::Null,
            1 => SchemaKind::Const(values.remove(0)),
            _ => SchemaKind::Enum(values),
        };
    }

    /// The kind a schema's `type` (or, without one, its object or array keywords) gives it.
    fn read_typed(
        &mut self,
        pointer: &str,
        object: &serde_json::Map<String, Value>,
        types: &[String],
        member_rule: Option<MemberRule>,
        position: Position,
    ) -> SchemaKind {
        let has_object_keywords = ["properties", "additionalProperties", "required", "patternProperties"]
            .iter()
            .any(|k| object.contains_key(*k));
        let primary = match types {
            [] if has_object_keywords => "object".to_owned(),
            [] if object.contains_key("items") => "array".to_owned(),
            [] => return SchemaKind::Any,
            [one] => one.clone(),
            several => {
                self.warn(
                    &push_pointer(pointer, "type"),
                    format!("a schema of several types {several:?} is typed as any JSON value"),
                );
                return SchemaKind::Any;
            }
        };
        match primary.as_str() {
            "null" => SchemaKind::Null,
            "boolean" => SchemaKind::Boolean,
            "integer" => SchemaKind::Integer,
            "number" => SchemaKind::Number,
            "string" => SchemaKind::String,
            "array" => SchemaKind::Array {
                items: match object.get("items") {
                    Some(Value::Object(_)) | Some(Value::Bool(_)) => {
                        Some(self.schema_at(&push_pointer(pointer, "items")))
                    }
                    _ => None,
                },
            },
            "object" => {
                SchemaKind::Object(ObjectSchema { rule: member_rule, ..self.read_object(pointer, object, position) })
            }
            other => {
                self.warn(&push_pointer(pointer, "type"), format!("unknown type `{other}`; typed as any JSON value"));
                SchemaKind::Any
            }
        }
    }

    pub(super) fn read_discriminator(&mut self, pointer: &str, value: &Value) -> Option<Discriminator> {
        let Some(property) = value.get("propertyName").and_then(Value::as_str) else {
            self.warn(pointer, "`discriminator` without `propertyName` is ignored");
            return None;
        };
        let mut mapping = Vec::new();
        if let Some(entries) = value.get("mapping").and_then(Value::as_object) {
            let mapping_pointer = push_pointer(pointer, "mapping");
            for (tag, target) in entries {
                let Some(target) = target.as_str() else { continue };
                // A mapping value is a reference or, in 3.0, a bare component name.
                let reference =
                    if target.starts_with('#') { target.to_owned() } else { format!("#/components/schemas/{target}") };
                let id = self.resolve_alias(&push_pointer(&mapping_pointer, tag), &reference, Position::Value);
                mapping.push((tag.clone(), id));
            }
        }
        Some(Discriminator { property: property.to_owned(), mapping })
    }
}

impl Schema {
    /// A schema only `null` satisfies: `{type: null}`, or the 3.0 stand-in some specs (Box) use
    /// in unions, a nullable object that allows no members.
    pub(super) fn is_null_only(&self) -> bool {
        match &self.kind {
            SchemaKind::Null => true,
            SchemaKind::Object(object) => {
                self.nullable && object.properties.is_empty() && matches!(object.additional, Additional::Forbidden)
            }
            _ => false,
        }
    }

    pub(super) fn any(pointer: &str) -> Self {
        Schema {
            pointer: pointer.to_owned(),
            kind: SchemaKind::Any,
            nullable: false,
            title: None,
            description: None,
            format: None,
            default: None,
            examples: Vec::new(),
            deprecated: false,
            read_only: false,
            write_only: false,
            constraints: Vec::new(),
            discriminator: None,
        }
    }
}

/// Schema keywords that only document or constrain values; they reach the docs as constraints.
pub(super) const CONSTRAINT_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Every other keyword the model reads. Anything else in a schema gets a warning, so nothing is dropped silently.
pub(super) const READ_KEYWORDS: &[&str] = &[
    "$ref",
    "$recursiveRef",
    "$recursiveAnchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "type",
    "nullable",
    "title",
    "description",
    "format",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "allOf",
    "oneOf",
    "anyOf",
    "const",
    "enum",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "discriminator",
    "patternProperties",
    // Annotations with no bearing on the generated types.
    "externalDocs",
    "xml",
    "$schema",
    "$id",
    "$comment",
    "contentMediaType",
    "contentEncoding",
];
