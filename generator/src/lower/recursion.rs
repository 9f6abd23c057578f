//! Recursion: boxes the fields and variants through which a type would contain itself.

use std::collections::BTreeSet;

use crate::ir::{self, TypeId, TypeRef};

use super::Lowerer;

impl Lowerer<'_, '_, '_> {
    /// Boxes struct fields and union variants that would otherwise make a type contain itself.
    pub(super) fn box_recursive_fields(&mut self) {
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
    pub(super) fn reaches(&self, start: TypeId, to: TypeId) -> bool {
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
}

/// The type stored inline at a use site, through `Option`.
pub(super) fn direct_target(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Option(inner) => direct_target(inner),
        _ => None,
    }
}

pub(super) fn box_inner(ty: &mut TypeRef) {
    match ty {
        TypeRef::Option(inner) => box_inner(inner),
        other => *other = TypeRef::Box(Box::new(other.clone())),
    }
}
