//! `lower`: turns the `model` into the `ir`. Every OpenAPI-to-Rust decision is made here.

use std::collections::{BTreeSet, HashMap};

use heck::ToUpperCamelCase;

use crate::Config;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::ir::{self, TypeId, TypeRef};
use crate::model::{self, SchemaId, SchemaKind, StatusMatch};
use crate::naming::{self, Namespace};
use crate::spec::Document;
use crate::synth;

/// Methods of the module's `Client` that operations must not take (the last four are kept
/// reserved so method names stay what they were before the client became a wrapper).
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_base_url",
    "with_http_client",
    "with_timeout",
    "with_credential",
    "runtime",
    "base_url",
    "http_client",
    "timeout",
    "set_credential",
];

/// Lowers `api` into the module to emit.
pub fn lower(document: &Document, api: &model::Api, config: &Config, diags: &mut Diagnostics) -> ir::Module {
    let mut lowerer = Lowerer {
        document,
        api,
        config,
        diags,
        types: Vec::new(),
        type_names: Namespace::with_reserved(&["Client", "runtime"]),
        lowered: HashMap::new(),
        component_names: HashMap::new(),
        value_types: HashMap::new(),
        examples: Vec::new(),
    };
    // Component names are claimed first so inline schemas can never take them.
    let components: Vec<(SchemaId, String)> =
        api.components.iter().map(|(name, id)| (*id, lowerer.type_names.claim(&naming::type_name(name)))).collect();
    for (id, name) in &components {
        lowerer.component_names.entry(*id).or_insert_with(|| name.clone());
    }
    for (id, name) in components {
        lowerer.lower_named(id, &name, true);
    }
    let client = lowerer.lower_client();
    let operations = lowerer.lower_operations(&client);
    lowerer.box_recursive_fields();
    let examples = lowerer.schema_examples();
    let mut doc = Vec::new();
    if !api.title.is_empty() {
        doc.push(format!("Bindings for {} (version {}).", api.title, api.version));
    }
    if let Some(description) = &api.description {
        doc.push(String::new());
        doc.extend(naming::doc_lines(description));
    }
    ir::Module {
        title: api.title.clone(),
        version: api.version.clone(),
        doc,
        types: lowerer.types,
        client,
        operations,
        examples,
    }
}

struct Lowerer<'a, 'd> {
    document: &'a Document,
    api: &'a model::Api,
    config: &'a Config,
    diags: &'d mut Diagnostics,
    types: Vec<ir::TypeDef>,
    type_names: Namespace,
    /// Schemas that already have a type definition.
    lowered: HashMap<SchemaId, TypeId>,
    /// The claimed type name of each component schema.
    component_names: HashMap<SchemaId, String>,
    /// The type of each schema used as a value (property, item, body, ...), for its examples.
    value_types: HashMap<SchemaId, TypeRef>,
    /// Examples of media types and parameters, with their types.
    examples: Vec<ir::Example>,
}

/// Appends `paragraph`, if any, to `doc` after a blank line.
fn push_paragraph(doc: &mut Vec<String>, paragraph: Option<String>) {
    if let Some(paragraph) = paragraph {
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.push(paragraph);
    }
}

fn docs(parts: &[Option<&str>]) -> Vec<String> {
    let mut lines = Vec::new();
    for part in parts.iter().flatten() {
        if part.trim().is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(naming::doc_lines(part));
    }
    lines
}

impl Lowerer<'_, '_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let severity = if self.config.strict { Severity::Error } else { Severity::Warning };
        self.diags.push(Diagnostic::at(self.document, severity, pointer, message));
    }

    fn schema(&self, id: SchemaId) -> &model::Schema {
        &self.api.schemas[id.0]
    }

    /// Follows `Reference` nodes to the schema that has the structure.
    fn target(&self, mut id: SchemaId) -> SchemaId {
        // The model guarantees references end (cycles became `Any`); the bound is a second guard.
        for _ in 0..64 {
            match self.schema(id).kind {
                SchemaKind::Reference(next) => id = next,
                _ => return id,
            }
        }
        id
    }

    /// Whether `null` is a valid value, through `$ref` siblings and the referenced schema.
    fn nullable(&self, mut id: SchemaId) -> bool {
        for _ in 0..64 {
            let schema = self.schema(id);
            if schema.nullable {
                return true;
            }
            match schema.kind {
                SchemaKind::Reference(next) => id = next,
                _ => return false,
            }
        }
        false
    }

    /// The description of a use site: the `$ref` sibling's if any, else the target's.
    fn description(&self, mut id: SchemaId) -> Option<&str> {
        for _ in 0..64 {
            let schema = self.schema(id);
            if let Some(description) = &schema.description {
                return Some(description);
            }
            match schema.kind {
                SchemaKind::Reference(next) => id = next,
                _ => return None,
            }
        }
        None
    }

    /// Doc lines saying what an operation sends and what each documented status returns.
    fn wire_summary(
        &self,
        body: &Option<ir::BodyDef>,
        responses: &[ir::ResponseCase],
        error_name: &str,
    ) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(body) = body {
            lines.push(String::new());
            let optional = if body.required { "" } else { " (optional)" };
            let offered: Vec<String> =
                body.media.iter().map(|m| format!("`{}` ({})", m.content_type, self.type_label(&m.ty))).collect();
            lines.push(format!("Sends{optional}: {}.", offered.join(", or ")));
        }
        if !responses.is_empty() {
            lines.push(String::new());
            lines.push("Returns:".to_owned());
        }
        for case in responses {
            let status = match case.status {
                ir::StatusPattern::Code(code) => code.to_string(),
                ir::StatusPattern::Range(hundreds) => format!("{hundreds}XX"),
                ir::StatusPattern::Default => "default".to_owned(),
            };
            let body = case.body.as_ref().map_or_else(|| "no body".to_owned(), |b| self.type_label(&b.ty));
            let outcome = match case.outcome {
                ir::Outcome::Success => body,
                ir::Outcome::Error => format!("[`{error_name}::{}`] with {body}", case.variant),
            };
            let said = case.doc.first().map(|line| format!(": {line}")).unwrap_or_default();
            lines.push(format!("- `{status}`: {outcome}{said}"));
        }
        lines
    }

    /// How a type is named in docs: a link for generated types, the Rust type otherwise.
    fn type_label(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => format!("[`{}`]", self.types[id.0].name()),
            TypeRef::Vec(inner) => format!("a list of {}", self.type_label(inner)),
            TypeRef::Option(inner) | TypeRef::Box(inner) => self.type_label(inner),
            TypeRef::Map(inner) => format!("a map of {}", self.type_label(inner)),
            TypeRef::EventStream(inner) => format!("a stream of events of {}", self.type_label(inner)),
            TypeRef::ByteStream => "a byte stream".to_owned(),
            TypeRef::StreamBody => "bytes, a file or a stream".to_owned(),
            TypeRef::Json | TypeRef::JsonObject => "JSON".to_owned(),
            TypeRef::String => "text".to_owned(),
            TypeRef::Bytes => "bytes".to_owned(),
            other => format!("`{other:?}`").to_lowercase(),
        }
    }

    /// Doc lines for what the type does not say: default, format, constraints, read/write-only.
    fn value_notes(&self, id: SchemaId) -> Option<String> {
        let schema = self.schema(id);
        let target = self.schema(self.target(id));
        let mut notes = Vec::new();
        if let Some(default) = schema.default.as_ref().or(target.default.as_ref()) {
            notes.push(format!("Default: `{default}`."));
        }
        if let Some(format) = &target.format
            && matches!(target.kind, SchemaKind::String)
            && string_type(Some(format)) == TypeRef::String
        {
            notes.push(format!("Format: `{format}`."));
        }
        let own = if self.target(id) == id { &[][..] } else { &schema.constraints[..] };
        let constraints: Vec<String> =
            target.constraints.iter().chain(own).map(|(k, v)| format!("`{k}: {v}`")).collect();
        if !constraints.is_empty() {
            notes.push(format!("Constraints: {}.", constraints.join(", ")));
        }
        if target.read_only || schema.read_only {
            notes.push("Read-only: sent by the server, ignored in requests.".to_owned());
        }
        if target.write_only || schema.write_only {
            notes.push("Write-only: sent in requests, never returned.".to_owned());
        }
        (!notes.is_empty()).then(|| notes.join(" "))
    }

    /// The type of a value of schema `id`, `null` included when the schema allows it.
    fn value_type(&mut self, id: SchemaId, hint: &str) -> TypeRef {
        let ty = self.lower_schema(id, hint);
        let ty = if self.nullable(id) && ty != TypeRef::Json { TypeRef::Option(Box::new(ty)) } else { ty };
        self.value_types.insert(id, ty.clone());
        ty
    }

    /// Every schema example with the type of its schema, then the media type and parameter
    /// examples, each value once per type it is used as (an `examples` entry may be shared).
    /// Schemas never lowered (only reachable from non-JSON bodies) are left out.
    fn schema_examples(&mut self) -> Vec<ir::Example> {
        let mut examples = Vec::new();
        for (index, schema) in self.api.schemas.iter().enumerate() {
            if schema.examples.is_empty() {
                continue;
            }
            let id = SchemaId(index);
            let ty = match (self.value_types.get(&id), self.lowered.get(&self.target(id))) {
                (Some(ty), _) => ty.clone(),
                (None, Some(type_id)) if self.nullable(id) => TypeRef::Option(Box::new(TypeRef::Named(*type_id))),
                (None, Some(type_id)) => TypeRef::Named(*type_id),
                (None, None) => continue,
            };
            for (pointer, value) in &schema.examples {
                examples.push(ir::Example { pointer: pointer.clone(), value: value.clone(), ty: ty.clone() });
            }
        }
        examples.append(&mut self.examples);
        let mut seen = BTreeSet::new();
        examples.retain(|example| seen.insert((example.pointer.clone(), format!("{:?}", example.ty))));
        examples
    }

    /// The type of schema `id` without its nullability; `hint` names an inline definition.
    fn lower_schema(&mut self, id: SchemaId, hint: &str) -> TypeRef {
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
    fn lower_structure(&mut self, id: SchemaId, hint: &str) -> TypeRef {
        let schema = self.schema(id);
        match &schema.kind {
            SchemaKind::Any | SchemaKind::Null => TypeRef::Json,
            SchemaKind::Boolean => TypeRef::Bool,
            SchemaKind::Integer => match schema.format.as_deref() {
                Some("int32") => TypeRef::I32,
                Some("uint32") => TypeRef::U32,
                Some("uint64") | Some("uint") => TypeRef::U64,
                _ => TypeRef::I64,
            },
            // `format: float` too: a decimal such as 0.18 has no exact f32, which comes back as
            // 0.18000000715255737 wherever it passes through an f64 (e.g. `serde_json::Value`).
            SchemaKind::Number => TypeRef::F64,
            SchemaKind::String => string_type(schema.format.as_deref()),
            SchemaKind::Const(value) => scalar_type(value),
            SchemaKind::Enum(values) if !values.iter().all(Value::is_string) => {
                if values.iter().all(|v| v.is_i64() || v.is_u64()) { TypeRef::I64 } else { TypeRef::Json }
            }
            SchemaKind::Array { items } => match items {
                Some(items) => {
                    let items = *items;
                    TypeRef::Vec(Box::new(self.value_type(items, &format!("{hint}Item"))))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            SchemaKind::Object(object) if object.properties.is_empty() => match object.additional {
                model::Additional::Schema(values) => {
                    TypeRef::Map(Box::new(self.value_type(values, &format!("{hint}Value"))))
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

    /// Builds the named definition of schema `id` (which must not be a `Reference`).
    fn lower_named(&mut self, id: SchemaId, name: &str, as_component: bool) -> TypeRef {
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

    fn lower_struct(&mut self, name: &str, doc: Vec<String>, object: &model::ObjectSchema) -> ir::StructDef {
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
        let additional = additional.map(|ty| (field_names.claim("additional_properties"), ty));
        let derive_default = fields.iter().all(|f| matches!(f.ty, TypeRef::Option(_)));
        ir::StructDef { name: name.to_owned(), doc, fields, additional, derive_default }
    }

    fn lower_enum(&mut self, name: &str, doc: Vec<String>, values: &[Value]) -> ir::EnumDef {
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

    fn lower_union(
        &mut self,
        name: &str,
        doc: Vec<String>,
        members: &[SchemaId],
        discriminator: Option<&model::Discriminator>,
    ) -> ir::UnionDef {
        let raw_names: Vec<String> =
            members.iter().enumerate().map(|(index, member)| self.member_name(*member, index)).collect();
        let short_names = strip_common_words(&raw_names);
        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        for ((member, short), raw) in members.iter().zip(short_names).zip(&raw_names) {
            let variant = variant_names.claim(&naming::variant_name(&short));
            let ty = self.value_type(*member, &format!("{name}{}", naming::type_name(raw)));
            let object = self.object_view(*member);
            let required = object.properties.iter().filter(|p| p.required).map(|p| p.name.clone()).collect();
            let known = object.properties.iter().map(|p| p.name.clone()).collect();
            let tags = self.union_tags(*member, &object, discriminator);
            let doc = docs(&[self.description(*member)]);
            variants.push(ir::UnionVariant { name: variant, doc, ty, required, known, tags });
        }
        let fallback = variant_names.claim("Other");
        ir::UnionDef { name: name.to_owned(), doc, variants, fallback }
    }

    /// The members an object-like schema (an object, or an `allOf` of objects) declares.
    fn object_view(&self, id: SchemaId) -> model::ObjectSchema {
        let mut merged = model::ObjectSchema::default();
        let (mut objects, mut unions, mut others) = (0, Vec::new(), Vec::new());
        self.collect_all_of(&[id], &mut merged, &mut objects, &mut unions, &mut others, 0);
        for name in std::mem::take(&mut merged.required_elsewhere) {
            if let Some(property) = merged.properties.iter_mut().find(|p| p.name == name) {
                property.required = true;
            }
        }
        merged
    }

    /// The tags selecting a union variant: the discriminator's values for it (its `mapping`
    /// entries, else its component name), and every member restricted to string values by `const`
    /// or `enum`.
    fn union_tags(
        &self,
        member: SchemaId,
        object: &model::ObjectSchema,
        discriminator: Option<&model::Discriminator>,
    ) -> Vec<(String, Vec<String>)> {
        let mut tags = Vec::new();
        if let Some(discriminator) = discriminator {
            let target = self.target(member);
            let mut values: Vec<String> = discriminator
                .mapping
                .iter()
                .filter(|(_, id)| self.target(*id) == target)
                .map(|(tag, _)| tag.clone())
                .collect();
            if values.is_empty()
                && let Some((name, _)) = self.api.components.iter().find(|(_, id)| self.target(**id) == target)
            {
                values.push(name.clone());
            }
            if !values.is_empty() {
                tags.push((discriminator.property.clone(), values));
            }
        }
        for property in &object.properties {
            if tags.iter().any(|(name, _)| name == &property.name) {
                continue;
            }
            let values: Vec<String> = match &self.schema(self.target(property.schema)).kind {
                SchemaKind::Const(Value::String(value)) => vec![value.clone()],
                SchemaKind::Enum(values) if values.iter().all(Value::is_string) => {
                    values.iter().filter_map(Value::as_str).map(str::to_owned).collect()
                }
                _ => continue,
            };
            tags.push((property.name.clone(), values));
        }
        tags
    }

    /// A name for a union member: its component name, title, or kind.
    fn member_name(&self, member: SchemaId, index: usize) -> String {
        let target = self.target(member);
        if let Some(name) = self.component_names.get(&target) {
            return name.clone();
        }
        let schema = self.schema(target);
        if let Some(title) = &schema.title {
            return title.clone();
        }
        match &schema.kind {
            SchemaKind::Boolean => "Boolean".to_owned(),
            SchemaKind::Integer => "Integer".to_owned(),
            SchemaKind::Number => "Number".to_owned(),
            SchemaKind::String | SchemaKind::Enum(_) => "String".to_owned(),
            SchemaKind::Array { .. } => "Array".to_owned(),
            _ => format!("Variant{}", index + 1),
        }
    }

    /// `allOf`: the members' properties merged into one struct; nested `allOf`s are merged too,
    /// and `oneOf`/`anyOf` members become flattened fields beside the merged properties.
    fn lower_all_of(
        &mut self,
        schema: &model::Schema,
        name: &str,
        doc: Vec<String>,
        members: &[SchemaId],
    ) -> ir::TypeDef {
        let mut merged = model::ObjectSchema::default();
        let mut objects = 0;
        let mut unions = Vec::new();
        let mut others = Vec::new();
        self.collect_all_of(members, &mut merged, &mut objects, &mut unions, &mut others, 0);
        for (property, pointer) in self.all_of_conflicts(members) {
            self.warn(
                &pointer,
                format!(
                    "`allOf` members declare property `{property}` with different types; the first declaration is used"
                ),
            );
        }
        for name in std::mem::take(&mut merged.required_elsewhere) {
            if let Some(property) = merged.properties.iter_mut().find(|p| p.name == name) {
                property.required = true;
            }
        }
        if others.is_empty() && unions.is_empty() {
            if merged.properties.is_empty() {
                let ty = match merged.additional {
                    model::Additional::Schema(values) => {
                        TypeRef::Map(Box::new(self.value_type(values, &format!("{name}Value"))))
                    }
                    _ => TypeRef::JsonObject,
                };
                return ir::TypeDef::Alias(ir::AliasDef { name: name.to_owned(), doc, ty });
            }
            return ir::TypeDef::Struct(self.lower_struct(name, doc, &merged));
        }
        if others.is_empty() && objects > 0 {
            let mut def = self.lower_struct(name, doc, &merged);
            let taken: Vec<&str> = def
                .fields
                .iter()
                .map(|f| f.name.as_str())
                .chain(def.additional.as_ref().map(|(n, _)| n.as_str()))
                .collect();
            let mut field_names = Namespace::with_reserved(&taken);
            for (index, union) in unions.into_iter().enumerate() {
                let hint = format!("{name}Variant{}", if index == 0 { String::new() } else { (index + 1).to_string() });
                let ty = self.lower_schema(union, &hint);
                let field = field_names.claim(if index == 0 { "variant" } else { "variant_2" });
                def.fields.push(ir::Field {
                    name: field,
                    wire_name: String::new(),
                    doc: vec!["The members of the `oneOf`/`anyOf` this schema includes.".to_owned()],
                    ty,
                    optional: false,
                    deprecated: false,
                    flatten: true,
                });
            }
            def.derive_default = false;
            return ir::TypeDef::Struct(def);
        }
        if objects == 0 && unions.len() + others.len() == 1 {
            let only = unions.first().or(others.first()).copied().unwrap_or(members[0]);
            let ty = self.lower_schema(only, name);
            return ir::TypeDef::Alias(ir::AliasDef { name: name.to_owned(), doc, ty });
        }
        self.warn(&schema.pointer, "`allOf` of non-object schemas is typed as any JSON value");
        ir::TypeDef::Alias(ir::AliasDef { name: name.to_owned(), doc, ty: TypeRef::Json })
    }

    /// Properties that two object members of an `allOf` (nested ones included) declare with
    /// different kinds of schema, with the pointer of the later declaration.
    fn all_of_conflicts(&self, members: &[SchemaId]) -> Vec<(String, String)> {
        let mut merged = model::ObjectSchema::default();
        let (mut objects, mut unions, mut others) = (0, Vec::new(), Vec::new());
        let mut conflicts = Vec::new();
        for member in members {
            let mut one = model::ObjectSchema::default();
            self.collect_all_of(&[*member], &mut one, &mut objects, &mut unions, &mut others, 0);
            for property in one.properties {
                match merged.properties.iter().find(|p| p.name == property.name) {
                    Some(first) => {
                        let (a, b) = (
                            &self.schema(self.target(first.schema)).kind,
                            &self.schema(self.target(property.schema)).kind,
                        );
                        let known = |kind: &SchemaKind| !matches!(kind, SchemaKind::Any);
                        if known(a) && known(b) && std::mem::discriminant(a) != std::mem::discriminant(b) {
                            conflicts.push((property.name.clone(), self.schema(property.schema).pointer.clone()));
                        }
                    }
                    None => merged.properties.push(property),
                }
            }
        }
        conflicts
    }

    /// Sorts `allOf` members into merged object properties, unions and anything else.
    fn collect_all_of(
        &self,
        members: &[SchemaId],
        merged: &mut model::ObjectSchema,
        objects: &mut usize,
        unions: &mut Vec<SchemaId>,
        others: &mut Vec<SchemaId>,
        depth: usize,
    ) {
        for member in members {
            let target = self.target(*member);
            match &self.schema(target).kind {
                SchemaKind::Object(object) => {
                    *objects += 1;
                    for property in &object.properties {
                        match merged.properties.iter_mut().find(|p| p.name == property.name) {
                            Some(existing) => existing.required |= property.required,
                            None => merged.properties.push(property.clone()),
                        }
                    }
                    merged.required_elsewhere.extend(object.required_elsewhere.iter().cloned());
                    if !matches!(object.additional, model::Additional::Unspecified) {
                        merged.additional = object.additional.clone();
                    }
                }
                // The model ends `allOf` cycles; the depth bound keeps a pathological nesting finite.
                SchemaKind::AllOf(inner) if depth < 32 => {
                    self.collect_all_of(inner, merged, objects, unions, others, depth + 1)
                }
                SchemaKind::Any => {}
                SchemaKind::OneOf(_) | SchemaKind::AnyOf(_) => unions.push(*member),
                _ => others.push(*member),
            }
        }
    }

    /// Boxes struct fields and union variants that would otherwise make a type contain itself.
    fn box_recursive_fields(&mut self) {
        for index in 0..self.types.len() {
            let from = TypeId(index);
            let mut slots: Vec<TypeRef> = match &self.types[index] {
                ir::TypeDef::Struct(def) => def.fields.iter().map(|f| f.ty.clone()).collect(),
                ir::TypeDef::Union(def) => def.variants.iter().map(|v| v.ty.clone()).collect(),
                _ => continue,
            };
            for ty in &mut slots {
                if direct_target(ty).is_some_and(|to| self.reaches(to, from)) {
                    box_inner(ty);
                }
            }
            match &mut self.types[index] {
                ir::TypeDef::Struct(def) => def.fields.iter_mut().zip(slots).for_each(|(f, ty)| f.ty = ty),
                ir::TypeDef::Union(def) => def.variants.iter_mut().zip(slots).for_each(|(v, ty)| v.ty = ty),
                _ => {}
            }
        }
    }

    /// Whether `to` is reachable from `start` through fields stored inline (not behind Vec, Map or Box).
    fn reaches(&self, start: TypeId, to: TypeId) -> bool {
        let mut stack = vec![start];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if !seen.insert(current) {
                continue;
            }
            let inline: Vec<&TypeRef> = match &self.types[current.0] {
                ir::TypeDef::Struct(def) => def.fields.iter().map(|f| &f.ty).collect(),
                ir::TypeDef::Union(def) => def.variants.iter().map(|v| &v.ty).collect(),
                ir::TypeDef::Alias(def) => vec![&def.ty],
                ir::TypeDef::Enum(_) | ir::TypeDef::Multipart(_) | ir::TypeDef::MediaChoice(_) => Vec::new(),
            };
            stack.extend(inline.into_iter().filter_map(direct_target));
        }
        false
    }

    fn lower_client(&mut self) -> ir::ClientDef {
        let default_base_url = self.api.servers.first().filter(|url| url::Url::parse(url).is_ok()).cloned();
        if let (None, Some(url)) = (&default_base_url, self.api.servers.first()) {
            self.warn("/servers/0", format!("server URL `{url}` is not absolute; the client has no default base URL (use `Client::with_base_url`)"));
        }
        let mut setters = Namespace::with_reserved(CLIENT_METHODS);
        let auth = self
            .api
            .security_schemes
            .iter()
            .map(|scheme| {
                let kind = match &scheme.kind {
                    model::SecurityKind::ApiKey { location: model::ParameterLocation::Query, name } => {
                        ir::AuthKind::Query(name.clone())
                    }
                    model::SecurityKind::ApiKey { location: model::ParameterLocation::Cookie, name } => {
                        ir::AuthKind::Cookie(name.clone())
                    }
                    model::SecurityKind::ApiKey { name, .. } => ir::AuthKind::Header(name.to_ascii_lowercase()),
                    model::SecurityKind::Bearer | model::SecurityKind::OAuthToken => ir::AuthKind::Bearer,
                    model::SecurityKind::Basic => ir::AuthKind::Basic,
                };
                let how = match &kind {
                    ir::AuthKind::Header(name) => format!("Sent in the `{name}` header."),
                    ir::AuthKind::Query(name) => format!("Sent as the `{name}` query parameter."),
                    ir::AuthKind::Cookie(name) => format!("Sent as the `{name}` cookie."),
                    ir::AuthKind::Bearer => "Sent as `Authorization: Bearer <token>`.".to_owned(),
                    ir::AuthKind::Basic => "Sent as `Authorization: Basic`, from `user:password`.".to_owned(),
                };
                let mut doc = vec![format!("Sets the credential of the `{}` security scheme. {how}", scheme.name)];
                if let Some(description) = &scheme.description {
                    doc.push(String::new());
                    doc.extend(naming::doc_lines(description));
                }
                let setter = setters.claim(&format!("with_{}", naming::snake_name(&scheme.name)));
                ir::AuthDef { scheme: scheme.name.clone(), setter, doc, kind }
            })
            .collect();
        ir::ClientDef { default_base_url, auth }
    }

    fn lower_operations(&mut self, client: &ir::ClientDef) -> Vec<ir::OperationDef> {
        let api = self.api;
        let prefix = naming::common_path_prefix(api.operations.iter().map(|op| op.path.as_str()));
        let mut reserved: Vec<&str> = CLIENT_METHODS.to_vec();
        reserved.extend(client.auth.iter().map(|a| a.setter.as_str()));
        let mut method_names = Namespace::with_reserved(&reserved);
        api.operations
            .iter()
            .map(|op| {
                let mut def = self.lower_operation(op, prefix, &mut method_names);
                def.server = self.operation_server(op, client.default_base_url.as_ref());
                if let Some(url) = def.server.as_ref().filter(|url| Some(*url) != client.default_base_url.as_ref()) {
                    def.doc.push(String::new());
                    def.doc.push(format!(
                        "Sent to `{url}`, this operation's server in the spec, unless the client has a base URL."
                    ));
                }
                def
            })
            .collect()
    }

    fn lower_operation(
        &mut self,
        op: &model::Operation,
        prefix: usize,
        method_names: &mut Namespace,
    ) -> ir::OperationDef {
        let key = format!("{} {}", op.method, op.path);
        let base_name = match (self.config.operation_names.get(&key), &op.operation_id) {
            (Some(name), _) => naming::snake_name(name),
            (None, Some(id)) => naming::snake_name(id),
            (None, None) => naming::operation_name(&op.method, &op.path, prefix),
        };
        let method_name = method_names.claim(&base_name);
        let pascal = naming::type_name(&method_name);
        let builder_name = self.type_names.claim(&pascal);
        let error_name = self.type_names.claim(&format!("{pascal}Error"));

        // Builder fields and setters share names with parameters; `send` has locals of its own.
        let mut param_names =
            Namespace::with_reserved(&["client", "body", "send", "into_future", "path", "request", "response"]);
        let mut params = Vec::new();
        // Path parameters first, in template order, then the rest in document order.
        let templates = model::path_template_names(&op.path);
        let mut ordered: Vec<&model::Parameter> = templates
            .iter()
            .filter_map(|t| op.parameters.iter().find(|p| p.location == model::ParameterLocation::Path && &p.name == t))
            .collect();
        ordered.extend(op.parameters.iter().filter(|p| p.location != model::ParameterLocation::Path));
        for parameter in ordered {
            params.push(self.lower_param(parameter, &pascal, &mut param_names));
        }
        let path = path_parts(&op.path, &params);

        let body = op.request_body.as_ref().and_then(|body| self.lower_body(body, &pascal));
        let (success, responses) = self.lower_responses(op, &pascal);
        let headers = self.lower_headers(op, &pascal);
        let mut doc = docs(&[op.summary.as_deref(), op.description.as_deref()]);
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.push(format!("`{} {}`", op.method, op.path));
        doc.extend(self.wire_summary(&body, &responses, &error_name));
        ir::OperationDef {
            method_name,
            builder_name,
            doc,
            deprecated: op.deprecated,
            http_method: op.method.clone(),
            route: op.path.clone(),
            path,
            params,
            body,
            success,
            error_name,
            error_doc: vec![format!("Documented error responses of `{} {}`.", op.method, op.path)],
            responses,
            headers,
            // An alternative naming an undefined scheme (warned by `model`) cannot be applied.
            security: op
                .security
                .iter()
                .filter(|alternative| {
                    alternative.iter().all(|name| self.api.security_schemes.iter().any(|s| &s.name == name))
                })
                .cloned()
                .collect(),
            server: None,
        }
    }

    /// The operation's own server when it has an absolute one, else the spec's default.
    fn operation_server(&mut self, op: &model::Operation, default: Option<&String>) -> Option<String> {
        let Some(first) = op.servers.first() else {
            return default.cloned();
        };
        if url::Url::parse(first).is_ok() {
            return Some(first.clone());
        }
        self.warn(
            &format!("{}/0", op.servers_pointer),
            format!(
                "server URL `{first}` is not absolute; the operation uses the spec's server (or the client's base URL)"
            ),
        );
        default.cloned()
    }

    fn lower_param(&mut self, parameter: &model::Parameter, pascal: &str, names: &mut Namespace) -> ir::ParamDef {
        let hint = format!("{pascal}{}", parameter.name.to_upper_camel_case());
        let ty = match parameter.schema {
            Some(schema) => self.lower_schema(schema, &hint),
            None => TypeRef::String,
        };
        let value_ty = match parameter.schema {
            Some(schema) if self.nullable(schema) && ty != TypeRef::Json => TypeRef::Option(Box::new(ty.clone())),
            _ => ty.clone(),
        };
        for (pointer, value) in &parameter.examples {
            self.examples.push(ir::Example { pointer: pointer.clone(), value: value.clone(), ty: value_ty.clone() });
        }
        let location = match parameter.location {
            model::ParameterLocation::Path => ir::ParamLocation::Path,
            model::ParameterLocation::Query => ir::ParamLocation::Query,
            model::ParameterLocation::Header => ir::ParamLocation::Header,
            model::ParameterLocation::Cookie => ir::ParamLocation::Cookie,
        };
        let place = match parameter.location {
            model::ParameterLocation::Path => "path",
            model::ParameterLocation::Query => "query",
            model::ParameterLocation::Header => "header",
            model::ParameterLocation::Cookie => "cookie",
        };
        let mut doc = vec![format!("The `{}` {place} parameter.", parameter.name)];
        if let Some(description) = &parameter.description {
            doc.push(String::new());
            doc.extend(naming::doc_lines(description));
        }
        if parameter.deprecated {
            doc.push(String::new());
            doc.push("**Deprecated.**".to_owned());
        }
        push_paragraph(&mut doc, parameter.schema.and_then(|schema| self.value_notes(schema)));
        let style = self.param_style(parameter);
        // OpenAPI: `explode` defaults to true for `form` and false for every other style.
        let explode = parameter.explode.unwrap_or(style == ir::ParamStyle::Form);
        let sample = match (parameter.examples.first(), parameter.schema) {
            (Some((_, example)), _) => example.clone(),
            (None, Some(schema)) => synth::sample(self.api, schema),
            (None, None) => Value::String("sample".to_owned()),
        };
        ir::ParamDef {
            name: names.claim(&naming::snake_name(&parameter.name)),
            wire_name: parameter.name.clone(),
            location,
            style,
            explode,
            doc,
            ty,
            required: parameter.required,
            sample,
        }
    }

    /// The parameter's style: as written when the location allows it, else the location's default.
    fn param_style(&mut self, parameter: &model::Parameter) -> ir::ParamStyle {
        use model::ParameterLocation as At;
        let default = match parameter.location {
            At::Path | At::Header => ir::ParamStyle::Simple,
            At::Query | At::Cookie => ir::ParamStyle::Form,
        };
        let Some(written) = parameter.style.as_deref() else { return default };
        match (written, parameter.location) {
            ("simple", At::Path | At::Header) => ir::ParamStyle::Simple,
            ("label", At::Path) => ir::ParamStyle::Label,
            ("matrix", At::Path) => ir::ParamStyle::Matrix,
            ("form", At::Query | At::Cookie) => ir::ParamStyle::Form,
            ("spaceDelimited", At::Query) => ir::ParamStyle::SpaceDelimited,
            ("pipeDelimited", At::Query) => ir::ParamStyle::PipeDelimited,
            ("deepObject", At::Query) => ir::ParamStyle::DeepObject,
            _ => {
                self.warn(
                    &parameter.pointer,
                    format!(
                        "style `{written}` does not apply to a {:?} parameter; the default style is used",
                        parameter.location
                    ),
                );
                default
            }
        }
    }

    fn lower_body(&mut self, body: &model::RequestBody, pascal: &str) -> Option<ir::BodyDef> {
        let ordered = media_by_preference(&body.content);
        let several = ordered.len() > 1;
        let mut variants = Namespace::default();
        let media: Vec<ir::BodyMedia> = ordered
            .into_iter()
            .map(|media| {
                let variant = variants.claim(&media_variant(&media.media_type));
                let hint = if several { format!("{pascal}{variant}Body") } else { format!("{pascal}Body") };
                self.lower_request_media(media, variant, &hint)
            })
            .collect();
        if media.is_empty() {
            return None;
        }
        let choice = several.then(|| self.type_names.claim(&format!("{pascal}Body")));
        Some(ir::BodyDef { required: body.required, doc: docs(&[body.description.as_deref()]), media, choice })
    }

    /// How one offered media type of a request body is typed and written.
    fn lower_request_media(&mut self, media: &model::MediaType, variant: String, hint: &str) -> ir::BodyMedia {
        let essence = essence(&media.media_type);
        let object =
            media.schema.filter(|schema| matches!(self.schema(self.target(*schema)).kind, SchemaKind::Object(_)));
        let (encoding, ty) = if is_json(&essence) {
            let ty = media.schema.map_or(TypeRef::Json, |schema| self.value_type(schema, hint));
            self.record_examples(media, &ty);
            (ir::RequestEncoding::Json, ty)
        } else if essence.starts_with("text/") {
            (ir::RequestEncoding::Text, TypeRef::String)
        } else if let (Some(schema), "application/x-www-form-urlencoded") = (object, essence.as_str()) {
            (ir::RequestEncoding::Form, self.lower_schema(schema, hint))
        } else if let (Some(schema), true) = (object, essence.starts_with("multipart/")) {
            (ir::RequestEncoding::Multipart, self.lower_multipart(schema, media, hint))
        } else {
            if media.schema.is_some() && !self.is_binary(media.schema) {
                self.warn(
                    &media.pointer,
                    format!(
                        "request body of media type `{}` is sent as raw bytes the caller encodes",
                        media.media_type
                    ),
                );
            }
            (ir::RequestEncoding::Binary, TypeRef::StreamBody)
        };
        let sample = match (media.examples.first(), media.schema) {
            (Some((_, example)), _) => example.clone(),
            (None, Some(schema)) => synth::sample(self.api, schema),
            (None, None) => Value::Object(serde_json::Map::new()),
        };
        let fields = media
            .encodings
            .iter()
            .filter(|encoding| encoding.style.is_some() || encoding.explode.is_some())
            .map(|encoding| {
                let style = match encoding.style.as_deref() {
                    Some("spaceDelimited") => ir::ParamStyle::SpaceDelimited,
                    Some("pipeDelimited") => ir::ParamStyle::PipeDelimited,
                    Some("deepObject") => ir::ParamStyle::DeepObject,
                    _ => ir::ParamStyle::Form,
                };
                (encoding.property.clone(), style, encoding.explode.unwrap_or(style == ir::ParamStyle::Form))
            })
            .collect();
        ir::BodyMedia { variant, content_type: media.media_type.clone(), encoding, ty, sample, fields }
    }

    /// Notes the media type's examples with the type they must decode into (checked by the corpus test).
    fn record_examples(&mut self, media: &model::MediaType, ty: &TypeRef) {
        for (pointer, value) in &media.examples {
            self.examples.push(ir::Example { pointer: pointer.clone(), value: value.clone(), ty: ty.clone() });
        }
    }

    /// Whether `schema` describes raw bytes (`format: binary`, or no schema at all).
    fn is_binary(&self, schema: Option<SchemaId>) -> bool {
        schema.is_none_or(|schema| {
            let target = self.schema(self.target(schema));
            matches!(target.kind, SchemaKind::Any) || matches!(target.format.as_deref(), Some("binary" | "byte"))
        })
    }

    /// A multipart body: files become file parts, everything else text parts.
    fn lower_multipart(&mut self, schema: SchemaId, media: &model::MediaType, hint: &str) -> TypeRef {
        let id = self.target(schema);
        let SchemaKind::Object(object) = self.schema(id).kind.clone() else { return TypeRef::Json };
        let name = self.type_names.claim(&naming::type_name(hint));
        let mut names = Namespace::default();
        let mut fields = Vec::new();
        for property in &object.properties {
            let target = self.target(property.schema);
            let is_file =
                |s: &model::Schema| matches!(s.kind, SchemaKind::String) && s.format.as_deref() == Some("binary");
            let (kind, ty) = match &self.schema(target).kind {
                SchemaKind::String if is_file(self.schema(target)) => (ir::PartKind::File, TypeRef::FilePart),
                SchemaKind::Array { items: Some(items) } if is_file(self.schema(self.target(*items))) => {
                    (ir::PartKind::Files, TypeRef::Vec(Box::new(TypeRef::FilePart)))
                }
                _ => (
                    ir::PartKind::Text,
                    self.value_type(property.schema, &format!("{name}{}", property.name.to_upper_camel_case())),
                ),
            };
            let optional = !property.required && kind != ir::PartKind::Files;
            let ty = if optional && !matches!(ty, TypeRef::Option(_)) { TypeRef::Option(Box::new(ty)) } else { ty };
            let content_type =
                media.encodings.iter().find(|e| e.property == property.name).and_then(|e| e.content_type.clone());
            fields.push(ir::MultipartField {
                name: names.claim(&naming::snake_name(&property.name)),
                wire_name: property.name.clone(),
                doc: docs(&[self.description(property.schema)]),
                ty,
                kind,
                optional,
                content_type,
            });
        }
        let doc = docs(&[self.schema(id).description.as_deref()]);
        let type_id = TypeId(self.types.len());
        self.types.push(ir::TypeDef::Multipart(ir::MultipartDef { name, doc, fields }));
        TypeRef::Named(type_id)
    }

    /// The type and reading of one media type of a response; success bodies that are binary or
    /// event streams are streamed, error bodies are read whole.
    fn lower_response_media(
        &mut self,
        media: &model::MediaType,
        hint: &str,
        streaming: bool,
    ) -> (TypeRef, ir::BodyEncoding) {
        let essence = essence(&media.media_type);
        if is_json(&essence) {
            let ty = media.schema.map_or(TypeRef::Json, |schema| self.value_type(schema, hint));
            self.record_examples(media, &ty);
            return (ty, ir::BodyEncoding::Json);
        }
        if essence == "text/event-stream" && streaming {
            // The schema, when given, describes the `data` of each event.
            let data = media.schema.filter(|schema| {
                !matches!(self.schema(self.target(*schema)).kind, SchemaKind::String | SchemaKind::Any)
            });
            return match data {
                Some(schema) => {
                    let ty = self.value_type(schema, &format!("{hint}Event"));
                    (TypeRef::EventStream(Box::new(ty)), ir::BodyEncoding::JsonEvents)
                }
                None => (TypeRef::EventStream(Box::new(TypeRef::String)), ir::BodyEncoding::TextEvents),
            };
        }
        if essence.starts_with("text/") {
            return (TypeRef::String, ir::BodyEncoding::Text);
        }
        if media.schema.is_some() && !self.is_binary(media.schema) {
            self.warn(
                &media.pointer,
                format!("response of media type `{}` is returned as raw bytes", media.media_type),
            );
        }
        if streaming {
            (TypeRef::ByteStream, ir::BodyEncoding::ByteStream)
        } else {
            (TypeRef::Bytes, ir::BodyEncoding::Bytes)
        }
    }

    /// A response's body: one media type, or a choice by `Content-Type` among several that differ.
    fn lower_response_body(
        &mut self,
        response: &model::Response,
        hint: &str,
        streaming: bool,
    ) -> Option<ir::ResponseBody> {
        let ordered = media_by_preference(&response.content);
        let first = ordered.first()?;
        let several = ordered.len() > 1;
        let (ty, encoding) = self.lower_response_media(first, hint, streaming && !several);
        if !several {
            return Some(ir::ResponseBody { ty, encoding });
        }
        let mut kinds = vec![(essence(&first.media_type), ty, encoding)];
        for media in &ordered[1..] {
            let (ty, encoding) =
                self.lower_response_media(media, &format!("{hint}{}", media_variant(&media.media_type)), false);
            kinds.push((essence(&media.media_type), ty, encoding));
        }
        // Media types read the same way into the same type need no choice (e.g. two JSON types).
        if kinds.iter().all(|(_, ty, encoding)| *ty == kinds[0].1 && *encoding == kinds[0].2) {
            let (_, ty, encoding) = kinds.swap_remove(0);
            return Some(ir::ResponseBody { ty, encoding });
        }
        let name = self.type_names.claim(&naming::type_name(&format!("{hint}Body")));
        let mut variants = Namespace::default();
        let mut choices = Vec::new();
        let mut def_variants = Vec::new();
        for (essence, ty, encoding) in kinds {
            let variant = variants.claim(&media_variant(&essence));
            def_variants.push((variant.clone(), ty, essence.clone()));
            choices.push((essence, variant, encoding));
        }
        let doc =
            vec!["A response body in one of the media types the spec offers, chosen by its `Content-Type`.".to_owned()];
        let type_id = TypeId(self.types.len());
        self.types.push(ir::TypeDef::MediaChoice(ir::MediaChoiceDef { name, doc, variants: def_variants }));
        Some(ir::ResponseBody { ty: TypeRef::Named(type_id), encoding: ir::BodyEncoding::Choice(choices) })
    }

    /// The headers documented on the success responses of `op`, as one struct.
    fn lower_headers(&mut self, op: &model::Operation, pascal: &str) -> Option<ir::HeadersDef> {
        let mut names = Namespace::default();
        let mut fields: Vec<(String, String, TypeRef, Vec<String>)> = Vec::new();
        for response in op.responses.iter().filter(|r| is_success(r.status)) {
            for header in &response.headers {
                if fields.iter().any(|(_, wire, ..)| wire.eq_ignore_ascii_case(&header.name)) {
                    continue;
                }
                let ty = match header.schema {
                    Some(schema) => {
                        self.lower_schema(schema, &format!("{pascal}{}Header", header.name.to_upper_camel_case()))
                    }
                    None => TypeRef::String,
                };
                let doc = docs(&[header.description.as_deref()]);
                fields.push((names.claim(&naming::snake_name(&header.name)), header.name.clone(), ty, doc));
            }
        }
        if fields.is_empty() {
            return None;
        }
        let name = self.type_names.claim(&format!("{pascal}Headers"));
        let doc = vec![format!("The headers `{} {}` documents on its success responses.", op.method, op.path)];
        Some(ir::HeadersDef { name, doc, fields })
    }

    fn lower_responses(&mut self, op: &model::Operation, pascal: &str) -> (ir::SuccessDef, Vec<ir::ResponseCase>) {
        let has_success = op.responses.iter().any(|r| is_success(r.status));
        let mut success_variants = Namespace::default();
        let mut error_variants = Namespace::with_reserved(&["UnknownStatus"]);
        let mut cases = Vec::new();
        let mut responses: Vec<&model::Response> = op.responses.iter().collect();
        // Exact codes before ranges before `default`, so the emitted match arms are in the right order.
        responses.sort_by_key(|r| r.status);
        for response in responses {
            let outcome = if is_success(response.status) || (response.status == StatusMatch::Default && !has_success) {
                ir::Outcome::Success
            } else {
                ir::Outcome::Error
            };
            let variant_base = status_variant(response.status);
            let variant = match outcome {
                ir::Outcome::Success => success_variants.claim(&variant_base),
                ir::Outcome::Error => error_variants.claim(&variant_base),
            };
            let hint = match outcome {
                ir::Outcome::Success if op.responses.iter().filter(|r| is_success(r.status)).count() <= 1 => {
                    format!("{pascal}Response")
                }
                _ => format!("{pascal}{variant}"),
            };
            // Success bodies may stream, except under `default`, which must be matched after every
            // documented status and so is read whole like the errors.
            let streaming = outcome == ir::Outcome::Success && response.status != StatusMatch::Default;
            let body = self.lower_response_body(response, &hint, streaming);
            let status = match response.status {
                StatusMatch::Code(code) => ir::StatusPattern::Code(code),
                StatusMatch::Range(hundreds) => ir::StatusPattern::Range(hundreds),
                StatusMatch::Default => ir::StatusPattern::Default,
            };
            cases.push(ir::ResponseCase {
                status,
                variant,
                doc: docs(&[response.description.as_deref()]),
                body,
                outcome,
            });
        }
        let successes: Vec<&ir::ResponseCase> = cases.iter().filter(|c| c.outcome == ir::Outcome::Success).collect();
        let first_type = successes.first().and_then(|c| c.body.as_ref()).map(|b| &b.ty);
        let all_same = successes.iter().all(|c| c.body.as_ref().map(|b| &b.ty) == first_type);
        let success = if all_same {
            ir::SuccessDef::Single(first_type.cloned())
        } else {
            let name = self.type_names.claim(&format!("{pascal}Response"));
            ir::SuccessDef::Enum {
                name,
                doc: vec![format!("The success responses of `{} {}`, by status.", op.method, op.path)],
            }
        };
        (success, cases)
    }
}

use serde_json::Value;

fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("uuid") => TypeRef::Uuid,
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("uri") | Some("url") => TypeRef::Url,
        _ => TypeRef::String,
    }
}

fn scalar_type(value: &Value) -> TypeRef {
    match value {
        Value::String(_) => TypeRef::String,
        Value::Bool(_) => TypeRef::Bool,
        Value::Number(n) if n.is_i64() || n.is_u64() => TypeRef::I64,
        Value::Number(_) => TypeRef::F64,
        _ => TypeRef::Json,
    }
}

fn is_json(essence: &str) -> bool {
    let subtype = essence.split('/').nth(1).unwrap_or_default();
    subtype == "json" || subtype.ends_with("+json") || subtype.starts_with("json+") || essence == "*/*"
}

/// `application/json; charset=utf-8` gives `application/json`.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Rank of a media type as a default: JSON first, then forms, text, anything else, `*/*` last.
fn media_rank(media_type: &str) -> u8 {
    let essence = essence(media_type);
    match essence.as_str() {
        "*/*" => 5,
        _ if is_json(&essence) => 0,
        "application/x-www-form-urlencoded" => 1,
        _ if essence.starts_with("multipart/") => 2,
        _ if essence.starts_with("text/") => 3,
        _ => 4,
    }
}

/// The media types of a body, the default first (stable: ties keep document order).
fn media_by_preference(content: &[model::MediaType]) -> Vec<&model::MediaType> {
    let mut ordered: Vec<&model::MediaType> = content.iter().collect();
    ordered.sort_by_key(|m| media_rank(&m.media_type));
    ordered
}

/// A variant name for a media type: `application/merge-patch+json` gives `MergePatchJson`.
fn media_variant(media_type: &str) -> String {
    let essence = essence(media_type);
    let name = match essence.as_str() {
        "application/json" => "Json",
        "application/x-www-form-urlencoded" => "Form",
        "multipart/form-data" => "Multipart",
        "text/plain" => "Text",
        "application/octet-stream" => "Binary",
        other => other.rsplit('/').next().unwrap_or(other),
    };
    naming::variant_name(name)
}

/// 2XX, and 1XX: the only informational status a client sees is `101`, the upgrade it asked for.
fn is_success(status: StatusMatch) -> bool {
    matches!(status, StatusMatch::Code(100..=299) | StatusMatch::Range(1 | 2))
}

/// `400` gives `BadRequest`, `4XX` gives `Status4xx`, `default` gives `Default`.
fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => match http::StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason()) {
            Some(reason) => naming::variant_name(reason),
            None => format!("Status{code}"),
        },
        StatusMatch::Range(hundreds) => format!("Status{hundreds}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

fn path_parts(path: &str, params: &[ir::ParamDef]) -> Vec<ir::PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else { break };
        if start > 0 {
            parts.push(ir::PathPart::Literal(rest[..start].to_owned()));
        }
        let name = &rest[start + 1..start + length];
        match params.iter().position(|p| p.location == ir::ParamLocation::Path && p.wire_name == name) {
            Some(index) => parts.push(ir::PathPart::Param(index)),
            None => parts.push(ir::PathPart::Literal(rest[start..start + length + 1].to_owned())),
        }
        rest = &rest[start + length + 1..];
    }
    if !rest.is_empty() {
        parts.push(ir::PathPart::Literal(rest.to_owned()));
    }
    parts
}

/// The type stored inline at a use site, through `Option`.
fn direct_target(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Option(inner) => direct_target(inner),
        _ => None,
    }
}

fn box_inner(ty: &mut TypeRef) {
    match ty {
        TypeRef::Option(inner) => box_inner(inner),
        other => *other = TypeRef::Box(Box::new(other.clone())),
    }
}

/// Drops the words every name shares at its start and end (`ApifyScraperInProgressResponse` and
/// `ApifyScraperCompletedResponse` give `InProgress` and `Completed`), when that leaves names distinct.
fn strip_common_words(names: &[String]) -> Vec<String> {
    let split: Vec<Vec<String>> = names.iter().map(|n| split_words(n)).collect();
    if split.len() < 2 {
        return names.to_vec();
    }
    let shortest = split.iter().map(Vec::len).min().unwrap_or(0);
    let mut prefix = 0;
    while prefix < shortest && split.iter().all(|w| w[prefix] == split[0][prefix]) {
        prefix += 1;
    }
    let mut suffix = 0;
    while suffix < shortest - prefix
        && split.iter().all(|w| w[w.len() - 1 - suffix] == split[0][split[0].len() - 1 - suffix])
    {
        suffix += 1;
    }
    let stripped: Vec<String> = split.iter().map(|w| w[prefix..w.len() - suffix].concat()).collect();
    let distinct: BTreeSet<&String> = stripped.iter().collect();
    if stripped.iter().any(String::is_empty) || distinct.len() != stripped.len() { names.to_vec() } else { stripped }
}

fn split_words(name: &str) -> Vec<String> {
    let camel = naming::variant_name(name);
    let mut words: Vec<String> = Vec::new();
    for c in camel.chars() {
        match words.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}
