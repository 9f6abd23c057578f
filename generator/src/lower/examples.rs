//! The spec's example values, each with the Rust type it must decode into (an output beside the IR).

use std::collections::BTreeSet;

use crate::ir::TypeRef;
use crate::model::{self, SchemaId};

use super::Lowerer;

/// An `example`/`examples` value of the spec and the type of the value it illustrates.
#[derive(Debug)]
pub struct Example {
    /// JSON pointer of the example value.
    pub pointer: String,
    pub value: serde_json::Value,
    pub ty: TypeRef,
}

impl Lowerer<'_, '_, '_> {
    /// Every schema example with the type of its schema, then the media type and parameter
    /// examples, each value once per type it is used as (an `examples` entry may be shared).
    /// Schemas never lowered (only reachable from non-JSON bodies) are left out.
    pub(super) fn schema_examples(&mut self) -> Vec<Example> {
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
                examples.push(Example { pointer: pointer.clone(), value: value.clone(), ty: ty.clone() });
            }
        }
        examples.append(&mut self.examples);
        let mut seen = BTreeSet::new();
        examples.retain(|example| seen.insert((example.pointer.clone(), format!("{:?}", example.ty))));
        examples
    }

    /// Notes the media type's examples with the type they must decode into (checked by the corpus test).
    pub(super) fn record_examples(&mut self, media: &model::MediaType, ty: &TypeRef) {
        for (pointer, value) in &media.examples {
            self.examples.push(Example { pointer: pointer.clone(), value: value.clone(), ty: ty.clone() });
        }
    }
}
