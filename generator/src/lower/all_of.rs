//! `allOf`: members merged into one object, unions among them as flattened fields, and conflicting declarations.

use std::collections::BTreeSet;

use crate::ir::{self, TypeRef};
use crate::model::{self, SchemaId, SchemaKind};
use crate::naming::Namespace;

use super::Lowerer;

impl Lowerer<'_, '_, '_> {
    /// The members an object-like schema (an object, or an `allOf` of objects) declares.
    pub(super) fn object_view(&self, id: SchemaId) -> model::ObjectSchema {
        self.fold_all_of(&[id]).merged
    }

    /// `allOf`: the members' properties merged into one struct; nested `allOf`s are merged too,
    /// and `oneOf`/`anyOf` members become flattened fields beside the merged properties.
    pub(super) fn lower_all_of(
        &mut self,
        schema: &model::Schema,
        name: &str,
        doc: Vec<String>,
        members: &[SchemaId],
    ) -> ir::TypeDef {
        let AllOfParts { merged, objects, unions, others, conflicts, too_deep } = self.fold_all_of(members);
        if too_deep {
            self.warn(
                &schema.pointer,
                format!("`allOf` nests more than {MAX_ALL_OF_NESTING} deep; typed as any JSON value"),
            );
            return ir::TypeDef::Alias(ir::AliasDef { name: name.to_owned(), doc, ty: TypeRef::Json });
        }
        for (property, pointer) in conflicts {
            self.warn(
                &pointer,
                format!(
                    "`allOf` members declare property `{property}` with different types; the first declaration is used"
                ),
            );
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
                .chain(def.additional.as_ref().map(|additional| additional.name.as_str()))
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

    /// Whether the members of an `allOf` are all objects (nested `allOf`s included).
    pub(super) fn all_of_is_objects(&self, members: &[SchemaId]) -> bool {
        let parts = self.fold_all_of(members);
        parts.objects > 0 && parts.unions.is_empty() && parts.others.is_empty() && !parts.too_deep
    }

    /// Folds `allOf` members (nested `allOf`s included) into one object and the members that are not objects.
    fn fold_all_of(&self, members: &[SchemaId]) -> AllOfParts {
        let mut parts = AllOfParts::default();
        for member in members {
            self.fold_member(*member, &mut parts, &mut BTreeSet::new(), 0);
        }
        for name in std::mem::take(&mut parts.merged.required_elsewhere) {
            if let Some(property) = parts.merged.properties.iter_mut().find(|p| p.name == name) {
                property.required = true;
            }
        }
        parts
    }

    /// Folds one member; `declared` holds the properties the top-level member it belongs to has
    /// declared so far, so only a property declared again by a later member can conflict.
    fn fold_member(&self, member: SchemaId, parts: &mut AllOfParts, declared: &mut BTreeSet<String>, depth: usize) {
        match &self.schema(self.target(member)).kind {
            SchemaKind::Object(object) => {
                parts.objects += 1;
                for property in &object.properties {
                    let first_in_member = declared.insert(property.name.clone());
                    match parts.merged.properties.iter_mut().find(|p| p.name == property.name) {
                        Some(existing) => {
                            if first_in_member && self.kinds_differ(existing.schema, property.schema) {
                                let pointer = self.schema(property.schema).pointer.clone();
                                parts.conflicts.push((property.name.clone(), pointer));
                            }
                            existing.required |= property.required;
                        }
                        None => parts.merged.properties.push(property.clone()),
                    }
                }
                parts.merged.required_elsewhere.extend(object.required_elsewhere.iter().cloned());
                if !matches!(object.additional, model::Additional::Unspecified) {
                    parts.merged.additional = object.additional.clone();
                }
            }
            // The model ends `allOf` cycles; the depth bound keeps a pathological nesting finite.
            SchemaKind::AllOf(_) if depth >= MAX_ALL_OF_NESTING => parts.too_deep = true,
            SchemaKind::AllOf(inner) => {
                for inner in inner {
                    self.fold_member(*inner, parts, declared, depth + 1);
                }
            }
            SchemaKind::Any => {}
            SchemaKind::OneOf(_) | SchemaKind::AnyOf(_) => parts.unions.push(member),
            _ => parts.others.push(member),
        }
    }

    /// Whether two declarations of a property have different kinds of schema (`Any` fits all).
    fn kinds_differ(&self, first: SchemaId, second: SchemaId) -> bool {
        let (a, b) = (&self.schema(self.target(first)).kind, &self.schema(self.target(second)).kind);
        let known = |kind: &SchemaKind| !matches!(kind, SchemaKind::Any);
        known(a) && known(b) && std::mem::discriminant(a) != std::mem::discriminant(b)
    }
}

/// What the members of an `allOf` fold into.
#[derive(Default)]
struct AllOfParts {
    /// The properties of every object member, the first declaration of each kept.
    merged: model::ObjectSchema,
    /// How many object members there were.
    objects: usize,
    /// The `oneOf`/`anyOf` members.
    unions: Vec<SchemaId>,
    /// Members of any other kind.
    others: Vec<SchemaId>,
    /// Properties a later member declares with a different kind of schema: (name, pointer of the later declaration).
    conflicts: Vec<(String, String)>,
    /// Some `allOf` nests deeper than `MAX_ALL_OF_NESTING`.
    too_deep: bool,
}

/// How deep `allOf`s inside `allOf`s are merged: as deep as the model nests schemas at all.
const MAX_ALL_OF_NESTING: usize = 4096;
