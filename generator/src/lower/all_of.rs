//! `allOf`: members merged into one object, unions among them as flattened fields, and conflicting declarations.

use crate::ir::{self, TypeRef};
use crate::model::{self, SchemaId, SchemaKind};
use crate::naming::Namespace;

use super::Lowerer;

impl Lowerer<'_, '_, '_> {
    /// The members an object-like schema (an object, or an `allOf` of objects) declares.
    pub(super) fn object_view(&self, id: SchemaId) -> model::ObjectSchema {
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

    /// `allOf`: the members' properties merged into one struct; nested `allOf`s are merged too,
    /// and `oneOf`/`anyOf` members become flattened fields beside the merged properties.
    pub(super) fn lower_all_of(
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

    /// Properties that two object members of an `allOf` (nested ones included) declare with
    /// different kinds of schema, with the pointer of the later declaration.
    pub(super) fn all_of_conflicts(&self, members: &[SchemaId]) -> Vec<(String, String)> {
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
    pub(super) fn collect_all_of(
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
}
