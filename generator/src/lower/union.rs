//! `oneOf`/`anyOf` unions: variant names, the members each variant declares, and the tags that select it.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::ir;
use crate::model::{self, SchemaId, SchemaKind};
use crate::naming::{self, Namespace};

use super::Lowerer;
use super::docs::docs;

impl Lowerer<'_, '_, '_> {
    pub(super) fn lower_union(
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

    /// The tags selecting a union variant: every member the variant restricts to string values by
    /// `const` or `enum`; on the discriminator's member, its `mapping` entries for the variant take
    /// their place, and without those and without a restriction of the variant's own, the
    /// variant's component name is the implied tag (as OpenAPI says, though servers often send
    /// tags of their own, so it only ranks).
    pub(super) fn union_tags(
        &self,
        member: SchemaId,
        object: &model::ObjectSchema,
        discriminator: Option<&model::Discriminator>,
    ) -> Vec<ir::UnionTag> {
        let mut tags: Vec<ir::UnionTag> = object
            .properties
            .iter()
            .filter_map(|property| {
                let values: Vec<String> = match &self.schema(self.target(property.schema)).kind {
                    SchemaKind::Const(Value::String(value)) => vec![value.clone()],
                    SchemaKind::Enum(values) if values.iter().all(Value::is_string) => {
                        values.iter().filter_map(Value::as_str).map(str::to_owned).collect()
                    }
                    _ => return None,
                };
                Some(ir::UnionTag { member: property.name.clone(), values, implied: false })
            })
            .collect();
        let Some(discriminator) = discriminator else { return tags };
        let target = self.target(member);
        let mapped: Vec<String> = discriminator
            .mapping
            .iter()
            .filter(|(_, id)| self.target(*id) == target)
            .map(|(tag, _)| tag.clone())
            .collect();
        let own = tags.iter().position(|tag| tag.member == discriminator.property);
        let tag = match (mapped.is_empty(), own) {
            (false, own) => {
                if let Some(own) = own {
                    tags.remove(own);
                }
                ir::UnionTag { member: discriminator.property.clone(), values: mapped, implied: false }
            }
            (true, Some(own)) => tags.remove(own),
            (true, None) => {
                let Some((name, _)) = self.api.components.iter().find(|(_, id)| self.target(**id) == target) else {
                    return tags;
                };
                ir::UnionTag { member: discriminator.property.clone(), values: vec![name.clone()], implied: true }
            }
        };
        // The discriminator's tag first, as the spec names it first.
        tags.insert(0, tag);
        tags
    }

    /// A name for a union member: its component name, title, or kind.
    pub(super) fn member_name(&self, member: SchemaId, index: usize) -> String {
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
}

/// Drops the words every name shares at its start and end (`ApifyScraperInProgressResponse` and
/// `ApifyScraperCompletedResponse` give `InProgress` and `Completed`), when that leaves names distinct.
pub(super) fn strip_common_words(names: &[String]) -> Vec<String> {
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

pub(super) fn split_words(name: &str) -> Vec<String> {
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
