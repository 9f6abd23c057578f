//! Schemas: one node per schema, with annotations, nullability and its kind (scalars, enums, compositions).

use serde_json::Value;

use crate::spec::push_pointer;

use super::object::is_member_rule;
use super::{Additional, Builder, Discriminator, Format, MemberRule, ObjectSchema, Schema, SchemaId, SchemaKind};

impl<'a> Builder<'a, '_, '_> {
    pub(super) fn read_schema(&mut self, pointer: &str, value: &Value) -> Schema {
        let all_of_member = std::mem::take(&mut self.all_of_member);
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

        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            let target = self.resolve_alias(pointer, reference);
            schema.kind = SchemaKind::Reference(target);
            return schema;
        }
        if let Some(members) = object.get("allOf") {
            let mut ids = self.read_members(pointer, "allOf", members);
            // Members saying nothing about structure (`{description: ..}` beside a `$ref`, `{}`)
            // constrain nothing; their annotations apply to the whole.
            let mut annotations = Vec::new();
            ids.retain(|id| {
                let keep = !matches!(self.api.schemas[id.0].kind, SchemaKind::Any);
                if !keep {
                    annotations.push(*id);
                }
                keep
            });
            for id in annotations {
                let member = &self.api.schemas[id.0];
                schema.nullable |= member.nullable;
                schema.description = schema.description.take().or_else(|| member.description.clone());
                schema.examples.extend(member.examples.iter().cloned());
            }
            // Members declared beside `allOf` (`properties`, `required`) are one more member.
            if ["properties", "required", "additionalProperties"].iter().any(|k| object.contains_key(*k)) {
                let own = SchemaId(self.api.schemas.len());
                self.api.schemas.push(Schema::any(pointer));
                let mut own_schema = Schema::any(pointer);
                own_schema.kind = SchemaKind::Object(self.read_object(pointer, object, true));
                self.api.schemas[own.0] = own_schema;
                ids.push(own);
            }
            schema.kind = match ids.len() {
                0 => SchemaKind::Any,
                // `allOf: [{$ref: X}]`, usually there to give the reference a description.
                1 => SchemaKind::Reference(ids[0]),
                _ => SchemaKind::AllOf(ids),
            };
            return schema;
        }
        let declared: Vec<&str> = object
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut member_rule = None;
        for keyword in ["oneOf", "anyOf"] {
            if let Some(members) = object.get(keyword) {
                if !declared.is_empty()
                    && members.as_array().is_some_and(|list| list.iter().all(|m| is_member_rule(m, &declared)))
                {
                    // Members that only require, forbid or narrow members the schema declares are a
                    // rule the server checks, not alternative shapes: the type is the object itself,
                    // and the rule goes into its documentation.
                    let quantifier = if keyword == "oneOf" { "exactly one" } else { "at least one" };
                    let rules: Vec<String> =
                        members.as_array().into_iter().flatten().map(|m| format!("- `{m}`")).collect();
                    let rule = format!(
                        "The server accepts a value when {quantifier} of these holds (`{keyword}`):\n{}",
                        rules.join("\n")
                    );
                    schema.description = Some(match schema.description.take() {
                        Some(text) => format!("{text}\n\n{rule}"),
                        None => rule,
                    });
                    member_rule = members.get(0).map(MemberRule::read);
                    break;
                }
                let mut ids = self.read_members(pointer, keyword, members);
                // `{type: null}` among the members is how 3.1 spells "nullable".
                let before = ids.len();
                ids.retain(|id| !self.api.schemas[id.0].is_null_only());
                if ids.len() < before {
                    schema.nullable = true;
                }
                let union = match (ids.len(), keyword) {
                    (1, _) => SchemaKind::Reference(ids[0]),
                    (_, "oneOf") => SchemaKind::OneOf(ids),
                    _ => SchemaKind::AnyOf(ids),
                };
                if declared.is_empty() {
                    schema.kind = union;
                    return schema;
                }
                // Members declared beside the union belong to every alternative: all of the
                // object and the union.
                let mut own = Schema::any(pointer);
                own.kind = SchemaKind::Object(self.read_object(pointer, object, true));
                let mut alternatives = Schema::any(pointer);
                alternatives.kind = union;
                let own_id = SchemaId(self.api.schemas.len());
                self.api.schemas.push(own);
                self.api.schemas.push(alternatives);
                schema.kind = SchemaKind::AllOf(vec![own_id, SchemaId(own_id.0 + 1)]);
                return schema;
            }
        }
        if let Some(value) = object.get("const") {
            schema.kind = SchemaKind::Const(value.clone());
            return schema;
        }
        if let Some(values) = object.get("enum") {
            let Some(values) = values.as_array() else {
                self.warn(&push_pointer(pointer, "enum"), "`enum` must be an array; ignored");
                return schema;
            };
            let mut values = values.clone();
            if values.iter().any(Value::is_null) {
                schema.nullable = true;
                values.retain(|v| !v.is_null());
            }
            if values.iter().any(|v| v.is_array() || v.is_object()) {
                self.warn(
                    &push_pointer(pointer, "enum"),
                    "`enum` with array or object values; typed as any JSON value",
                );
                return schema;
            }
            schema.kind = match values.len() {
                0 => SchemaKind::Null,
                1 => SchemaKind::Const(values.remove(0)),
                _ => SchemaKind::Enum(values),
            };
            return schema;
        }
        let has_object_keywords = ["properties", "additionalProperties", "required", "patternProperties"]
            .iter()
            .any(|k| object.contains_key(*k));
        let primary = match types.as_slice() {
            [] if has_object_keywords => "object".to_owned(),
            [] if object.contains_key("items") => "array".to_owned(),
            [] => return schema,
            [one] => one.clone(),
            several => {
                self.warn(
                    &push_pointer(pointer, "type"),
                    format!("a schema of several types {several:?} is typed as any JSON value"),
                );
                return schema;
            }
        };
        schema.kind = match primary.as_str() {
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
            "object" => SchemaKind::Object(ObjectSchema {
                rule: member_rule,
                ..self.read_object(pointer, object, all_of_member)
            }),
            other => {
                self.warn(&push_pointer(pointer, "type"), format!("unknown type `{other}`; typed as any JSON value"));
                SchemaKind::Any
            }
        };
        schema
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
                mapping.push((tag.clone(), self.resolve_alias(&push_pointer(&mapping_pointer, tag), &reference)));
            }
        }
        Some(Discriminator { property: property.to_owned(), mapping })
    }

    pub(super) fn read_members(&mut self, pointer: &str, keyword: &str, members: &Value) -> Vec<SchemaId> {
        let list_pointer = push_pointer(pointer, keyword);
        let Some(list) = members.as_array() else {
            self.warn(&list_pointer, format!("`{keyword}` must be an array; ignored"));
            return Vec::new();
        };
        (0..list.len())
            .map(|index| {
                // Read by `read_schema` (and cleared there), so only the member itself sees it.
                self.all_of_member = keyword == "allOf";
                let id = self.schema_at(&format!("{list_pointer}/{index}"));
                self.all_of_member = false;
                id
            })
            .collect()
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
