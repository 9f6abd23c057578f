//! Recursion: aliases that would name themselves become newtypes, and the fields and variants
//! through which a type would contain itself are boxed.

use std::collections::BTreeSet;

use crate::ir::{self, TypeId, TypeRef};

use super::Lowerer;

impl Lowerer<'_, '_, '_> {
    /// Turns every alias that reaches itself through aliases alone (`A = Vec<A>`, or `A = Map<B>`
    /// with `B = Vec<A>`) into a newtype: Rust expands aliases eagerly, so such a cycle never ends.
    pub(super) fn newtype_recursive_aliases(&mut self) {
        let cyclic: Vec<usize> =
            (0..self.types.len()).filter(|index| self.alias_reaches_itself(TypeId(*index))).collect();
        for index in cyclic {
            let placeholder =
                ir::TypeDef::Alias(ir::AliasDef { name: String::new(), doc: Vec::new(), ty: TypeRef::Json });
            if let ir::TypeDef::Alias(ir::AliasDef { name, doc, ty }) =
                std::mem::replace(&mut self.types[index], placeholder)
            {
                self.types[index] = ir::TypeDef::Newtype(ir::NewtypeDef { name, doc, ty });
            }
        }
    }

    /// Whether the alias `start` names itself through the types named anywhere in aliases.
    fn alias_reaches_itself(&self, start: TypeId) -> bool {
        let mut stack = match &self.types[start.0] {
            ir::TypeDef::Alias(def) => Vec::from_iter(named_in(&def.ty)),
            _ => return false,
        };
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            if current == start {
                return true;
            }
            if seen.insert(current)
                && let ir::TypeDef::Alias(def) = &self.types[current.0]
            {
                stack.extend(named_in(&def.ty));
            }
        }
        false
    }

    /// Boxes struct fields and union variants that would otherwise make a type contain itself.
    pub(super) fn box_recursive_fields(&mut self) {
        for index in 0..self.types.len() {
            let from = TypeId(index);
            let mut slots: Vec<TypeRef> = match &self.types[index] {
                ir::TypeDef::Struct(def) => def.fields.iter().map(|f| f.ty.clone()).collect(),
                ir::TypeDef::Union(def) => def.variants.iter().map(|v| v.ty.clone()).collect(),
                ir::TypeDef::Newtype(def) => vec![def.ty.clone()],
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
                ir::TypeDef::Newtype(def) => slots.into_iter().for_each(|ty| def.ty = ty),
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
                ir::TypeDef::Newtype(def) => vec![&def.ty],
                ir::TypeDef::Enum(_) | ir::TypeDef::Multipart(_) | ir::TypeDef::MediaChoice(_) => Vec::new(),
            };
            stack.extend(inline.into_iter().filter_map(direct_target));
        }
        false
    }
}

/// The generated type `ty` names, behind any wrapper (each wrapper holds one type).
pub(super) fn named_in(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::EventStream(inner)
        | TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Box(inner) => named_in(inner),
        _ => None,
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
