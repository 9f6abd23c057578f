//! Schema types: scalars, arrays, maps, named structs, enums and aliases, with their names.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use serde_json::Value;

use crate::ir::{self, TypeId, TypeRef};
use crate::model::{self, Format, SchemaId, SchemaKind};
use crate::naming::{self, Namespace};

use super::Lowerer;
use super::docs::{docs, push_paragraph};

impl Lowerer<'_, '_, '_> {
    /// The type of a value of schema `id`, `null` included when the schema allows it.
    pub(super) fn value_type(&mut self, id: SchemaId, hint: &str) -> TypeRef {
        let ty = self.lower_schema(id, hint);
        let ty = if self.nullable(id) && ty != TypeRef::Json { TypeRef::Option(Box::new(ty)) } else { ty };
        self.value_types.insert(id, ty.clone());
        ty
    }

    /// The type of schema `id` without its nullability; `hint` names an inline definition.
    pub(super) fn lower_schema(&mut self, id: SchemaId, hint: &str) -> TypeRef {
        let id = self.target(id);
        if let Some(type_id) = self.lowered.get(&id) {
            return TypeRef::Named(*type_id);
        }
        // Component schemas are named after their key, wherever they are first used.
        if let Some(name) = self.component_names.get(&id).cloned() {
            return self.lower_named(id, &name, false);
        }
        self.lower_structure(id, hint)
    }

    /// The type of schema `id` from its structure alone (no component name, no memo).
    pub(super) fn lower_structure(&mut self, id: SchemaId, hint: &str) -> TypeRef {
        let schema = self.schema(id);
        match &schema.kind {
            SchemaKind::Any | SchemaKind::Null => TypeRef::Json,
            SchemaKind::Boolean => TypeRef::Bool,
            SchemaKind::Integer => match schema.format {
                Some(Format::Int32) => TypeRef::I32,
                Some(Format::Uint32) => TypeRef::U32,
                Some(Format::Uint64 | Format::Uint) => TypeRef::U64,
                _ => TypeRef::I64,
            },
            // `format: float` too: a decimal such as 0.18 has no exact f32, which comes back as
            // 0.18000000715255737 wherever it passes through an f64 (e.g. `serde_json::Value`).
            SchemaKind::Number => TypeRef::F64,
            SchemaKind::String => string_type(schema.format.as_ref()),
            SchemaKind::Const(value) => scalar_type(value),
            SchemaKind::Enum(values) if !values.iter().all(Value::is_string) => {
                if values.iter().all(|v| v.is_i64() || v.is_u64()) { TypeRef::I64 } else { TypeRef::Json }
            }
            SchemaKind::Array { items } => match items {
                Some(items) => {
                    let items = *items;
                    if let Some(named) = self.reentered(id, hint) {
                        return named;
                    }
                    let ty = TypeRef::Vec(Box::new(self.value_type(items, &format!("{hint}Item"))));
                    self.open_inline.remove(&id);
                    ty
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            SchemaKind::Object(object) if object.properties.is_empty() => match object.additional {
                model::Additional::Schema(values) => {
                    if let Some(named) = self.reentered(id, hint) {
                        return named;
                    }
                    let ty = TypeRef::Map(Box::new(self.value_type(values, &format!("{hint}Value"))));
                    self.open_inline.remove(&id);
                    ty
                }
                _ => TypeRef::JsonObject,
            },
            SchemaKind::Enum(_)
            | SchemaKind::Object(_)
            | SchemaKind::OneOf(_)
            | SchemaKind::AnyOf(_)
            | SchemaKind::AllOf(_) => {
                let name = self.type_names.claim(&naming::type_name(hint));
                self.lower_named(id, &name, false)
            }
            SchemaKind::Reference(_) => TypeRef::Json,
        }
    }

    /// For an unnamed array or map `id` about to be lowered: `None` once it is marked open (the
    /// caller closes it), or its named type if it is open already, i.e. its items or values reach
    /// it again (a `$ref` to its own inline pointer). Lowering it structurally again would never
    /// end; as a named type (an alias of itself, which `recursion.rs` makes a newtype) the
    /// recursion goes through the name.
    fn reentered(&mut self, id: SchemaId, hint: &str) -> Option<TypeRef> {
        // Named already (this is its definition being built), or met for the first time.
        if self.lowered.contains_key(&id) || self.open_inline.insert(id) {
            return None;
        }
        let name = self.type_names.claim(&naming::type_name(hint));
        Some(self.lower_named(id, &name, false))
    }

    /// Builds the named definition of schema `id` (which must not be a `Reference`).
    pub(super) fn lower_named(&mut self, id: SchemaId, name: &str, as_component: bool) -> TypeRef {
        let id = self.target(id);
        if let Some(type_id) = self.lowered.get(&id) {
            if as_component && self.types[type_id.0].name() != name {
                // Two component names for one schema (`A: {$ref: B}`): the second becomes an alias.
                let doc = vec![format!("Another name for [`{}`].", self.types[type_id.0].name())];
                let alias = TypeId(self.types.len());
                self.types.push(ir::TypeDef::Alias(ir::AliasDef {
                    name: name.to_owned(),
                    doc,
                    ty: TypeRef::Named(*type_id),
                }));
                return TypeRef::Named(alias);
            }
            return TypeRef::Named(*type_id);
        }
        let schema = self.schema(id).clone();
        let doc = docs(&[schema.title.as_deref(), schema.description.as_deref()]);
        let type_id = TypeId(self.types.len());
        // Reserve the slot first: recursive uses refer to it while the definition is built.
        self.types.push(ir::TypeDef::Alias(ir::AliasDef {
            name: name.to_owned(),
            doc: doc.clone(),
            ty: TypeRef::Json,
        }));
        self.lowered.insert(id, type_id);
        let def = match &schema.kind {
            SchemaKind::Object(object) if !object.properties.is_empty() => {
                ir::TypeDef::Struct(self.lower_struct(name, doc, object))
            }
            SchemaKind::Enum(values) if values.iter().all(Value::is_string) => {
                ir::TypeDef::Enum(self.lower_enum(name, doc, values))
            }
            SchemaKind::OneOf(members) | SchemaKind::AnyOf(members) => {
                ir::TypeDef::Union(self.lower_union(name, doc, members, schema.discriminator.as_ref()))
            }
            SchemaKind::AllOf(members) => self.lower_all_of(&schema, name, doc, members),
            _ => {
                // Named scalars, arrays and maps: a type alias keeps the component's name visible.
                let ty = self.lower_structure(id, name);
                ir::TypeDef::Alias(ir::AliasDef { name: name.to_owned(), doc, ty })
            }
        };
        self.types[type_id.0] = def;
        TypeRef::Named(type_id)
    }

    pub(super) fn lower_struct(&mut self, name: &str, doc: Vec<String>, object: &model::ObjectSchema) -> ir::StructDef {
        let mut field_names = Namespace::default();
        let mut fields = Vec::new();
        for property in &object.properties {
            let field_name = field_names.claim(&naming::snake_name(&property.name));
            let hint = format!("{name}{}", property.name.to_upper_camel_case());
            let mut ty = self.value_type(property.schema, &hint);
            // A required but nullable member is `Option` too, yet always sent (as `null` when `None`).
            let optional = !property.required;
            if !property.required && !matches!(ty, TypeRef::Option(_)) {
                ty = TypeRef::Option(Box::new(ty));
            }
            let target = self.schema(self.target(property.schema));
            let deprecated = target.deprecated || self.schema(property.schema).deprecated;
            let mut doc = docs(&[self.description(property.schema)]);
            push_paragraph(&mut doc, self.value_notes(property.schema));
            fields.push(ir::Field {
                name: field_name,
                wire_name: property.name.clone(),
                doc,
                ty,
                optional,
                deprecated,
                flatten: false,
            });
        }
        let additional = match object.additional {
            model::Additional::Any => Some(TypeRef::Json),
            model::Additional::Schema(values) => Some(self.value_type(values, &format!("{name}Value"))),
            model::Additional::Unspecified | model::Additional::Forbidden => None,
        };
        let additional =
            additional.map(|ty| ir::AdditionalField { name: field_names.claim("additional_properties"), ty });
        let derive_default = fields.iter().all(|f| matches!(f.ty, TypeRef::Option(_)));
        ir::StructDef { name: name.to_owned(), doc, fields, additional, derive_default }
    }

    pub(super) fn lower_enum(&mut self, name: &str, doc: Vec<String>, values: &[Value]) -> ir::EnumDef {
        let mut variant_names = Namespace::default();
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for value in values.iter().filter_map(Value::as_str) {
            // Duplicate values in a spec's `enum` add nothing; keep the first.
            if seen.insert(value) {
                let name = variant_names.claim(&naming::enum_variant_name(value));
                let doc = if value.is_empty() { "The empty string.".to_owned() } else { format!("`{value}`") };
                variants.push(ir::EnumVariant { name, wire_value: value.to_owned(), doc: vec![doc] });
            }
        }
        let fallback = variant_names.claim("Unknown");
        ir::EnumDef { name: name.to_owned(), doc, variants, fallback }
    }
}

pub(super) fn string_type(format: Option<&Format>) -> TypeRef {
    match format {
        Some(Format::Uuid) => TypeRef::Uuid,
        Some(Format::DateTime) => TypeRef::DateTime,
        Some(Format::Date) => TypeRef::Date,
        Some(Format::Uri | Format::Url) => TypeRef::Url,
        _ => TypeRef::String,
    }
}

pub(super) fn scalar_type(value: &Value) -> TypeRef {
    match value {
        Value::String(_) => TypeRef::String,
        Value::Bool(_) => TypeRef::Bool,
        Value::Number(n) if n.is_i64() || n.is_u64() => TypeRef::I64,
        Value::Number(_) => TypeRef::F64,
        _ => TypeRef::Json,
    }
}
