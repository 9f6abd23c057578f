//! Type depth: rustc's drop check follows a type's contents to a depth of 128 (its recursion
//! limit, which a generated module cannot raise) and fails with E0320 beyond, so no generated type
//! may hold others nested deeper than `MAX_TYPE_DEPTH`; deeper, a type is held as any JSON value.

use std::collections::HashMap;

use crate::ir::{self, TypeId, TypeRef};
use crate::model::SchemaId;

use super::Lowerer;
use super::recursion::named_in;

/// Named types nested in one another at most: each level costs rustc's drop check one or two of
/// its 128 (a map more than a list); 300 levels of components reaching the next through lists,
/// maps, fields and unions failed to compile, 100 compiled.
const MAX_TYPE_DEPTH: usize = 48;

impl Lowerer<'_, '_, '_> {
    /// Holds as any JSON value (with a warning where its schema is written) every type that would
    /// make a type nest more than `MAX_TYPE_DEPTH` deep: counted from the innermost types out, so
    /// each long chain is cut every `MAX_TYPE_DEPTH` levels. Types that contain themselves are
    /// fine (the drop check knows a cycle); only chains of distinct types count.
    pub(super) fn bound_type_depth(&mut self) {
        let schemas: HashMap<TypeId, SchemaId> = self.lowered.iter().map(|(schema, ty)| (*ty, *schema)).collect();
        let mut depths = vec![None; self.types.len()];
        let mut open = vec![false; self.types.len()];
        for index in 0..self.types.len() {
            self.type_depth(TypeId(index), &mut depths, &mut open, &schemas);
        }
    }

    /// The depth of type `id`: 1 plus the deepest type it holds, after cutting those too deep.
    fn type_depth(
        &mut self,
        id: TypeId,
        depths: &mut Vec<Option<usize>>,
        open: &mut Vec<bool>,
        schemas: &HashMap<TypeId, SchemaId>,
    ) -> usize {
        if let Some(depth) = depths[id.0] {
            return depth;
        }
        if open[id.0] {
            return 0;
        }
        open[id.0] = true;
        let mut held = Vec::new();
        for ty in slots(&mut self.types[id.0]) {
            held.extend(named_in(ty));
        }
        let (mut deepest, mut cut) = (0, Vec::new());
        for child in held {
            let depth = self.type_depth(child, depths, open, schemas);
            if depth >= MAX_TYPE_DEPTH {
                cut.push(child);
            } else {
                deepest = deepest.max(depth);
            }
        }
        if !cut.is_empty() {
            for ty in slots(&mut self.types[id.0]) {
                hold_as_json(ty, &cut);
            }
            let holder = self.types[id.0].name().to_owned();
            for child in cut {
                let pointer = schemas.get(&child).map(|s| self.schema(*s).pointer.clone()).unwrap_or_default();
                let name = self.types[child.0].name().to_owned();
                self.warn(
                    &pointer,
                    format!(
                        "types nest more than {MAX_TYPE_DEPTH} deep here, more than rustc can check; `{holder}` holds `{name}` as any JSON value"
                    ),
                );
            }
        }
        open[id.0] = false;
        depths[id.0] = Some(deepest + 1);
        deepest + 1
    }
}

/// The type references a definition holds by value (through any wrapper).
fn slots(def: &mut ir::TypeDef) -> Vec<&mut TypeRef> {
    match def {
        ir::TypeDef::Struct(def) => {
            def.fields.iter_mut().map(|f| &mut f.ty).chain(def.additional.as_mut().map(|a| &mut a.ty)).collect()
        }
        ir::TypeDef::Union(def) => def.variants.iter_mut().map(|v| &mut v.ty).collect(),
        ir::TypeDef::Alias(def) => vec![&mut def.ty],
        ir::TypeDef::Newtype(def) => vec![&mut def.ty],
        ir::TypeDef::Enum(_) | ir::TypeDef::Multipart(_) | ir::TypeDef::MediaChoice(_) => Vec::new(),
    }
}

/// `ty` with each of the types `cut` (and the `Box` around one) replaced by any JSON value.
fn hold_as_json(ty: &mut TypeRef, cut: &[TypeId]) {
    match ty {
        TypeRef::Named(id) if cut.contains(id) => *ty = TypeRef::Json,
        TypeRef::Box(inner) if matches!(**inner, TypeRef::Named(id) if cut.contains(&id)) => *ty = TypeRef::Json,
        TypeRef::EventStream(inner)
        | TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Box(inner) => hold_as_json(inner, cut),
        _ => {}
    }
}
