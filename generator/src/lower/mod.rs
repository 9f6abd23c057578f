//! `lower`: turns the `model` into the `ir`. Every OpenAPI-to-Rust decision is made here, one concern a file.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::diag::{Diagnostics, Severity};
use crate::ir::{self, TypeId, TypeRef};
use crate::model::{self, SchemaId, SchemaKind};
use crate::naming::{self, Namespace};

mod all_of;
mod body;
mod client;
mod declared_pages;
mod depth;
mod docs;
mod examples;
mod operation;
mod pagination;
mod params;
mod recursion;
mod response;
mod samples;
mod schema;
mod union;

#[cfg(test)]
mod tests;

pub use examples::Example;
pub use samples::OperationSamples;

/// Methods of the module's `Client` that operations must not take (the last four are kept
/// reserved so method names stay what they were before the client became a wrapper).
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_base_url",
    "with_http_client",
    "with_timeout",
    "with_read_timeout",
    "with_connect_timeout",
    "with_retry",
    "with_hook",
    "with_max_body_size",
    "with_credential",
    "runtime",
    "base_url",
    "http_client",
    "timeout",
    "set_credential",
];

/// What `lower` produces: the module to emit, and what tests need of the spec beside it.
#[derive(Debug)]
pub struct Lowered {
    pub module: ir::Module,
    /// The spec's examples, each with the type it must decode into (for the corpus test).
    pub examples: Vec<Example>,
    /// Valid values for calling each operation, one per `module.operations` (for conformance checks).
    pub samples: Vec<OperationSamples>,
}

/// Lowers `api` into the module to emit.
pub fn lower(api: &model::Api, config: &Config, diags: &mut Diagnostics<'_>) -> Lowered {
    let mut lowerer = Lowerer {
        api,
        config,
        diags,
        types: Vec::new(),
        type_names: Namespace::with_reserved(&["Client", "runtime", "Mocks"]),
        lowered: HashMap::new(),
        open_inline: HashSet::new(),
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
    let (mut operations, samples): (Vec<_>, _) = lowerer.lower_operations(&client).into_iter().unzip();
    lowerer.newtype_recursive_aliases();
    lowerer.box_recursive_fields();
    lowerer.bound_type_depth();
    lowerer.lower_pagination(&mut operations);
    let examples = lowerer.schema_examples();
    let mut doc = Vec::new();
    if !api.title.is_empty() {
        doc.extend(naming::doc_lines(&format!("Bindings for {} (version {}).", api.title, api.version)));
    }
    if let Some(description) = &api.description {
        doc.push(String::new());
        doc.extend(naming::doc_lines(description));
    }
    let module = ir::Module {
        title: api.title.clone(),
        version: api.version.clone(),
        doc,
        types: lowerer.types,
        client,
        operations,
    };
    Lowered { module, examples, samples }
}

struct Lowerer<'a, 'd, 's> {
    api: &'a model::Api,
    config: &'a Config,
    diags: &'d mut Diagnostics<'s>,
    types: Vec<ir::TypeDef>,
    type_names: Namespace,
    /// Schemas that already have a type definition.
    lowered: HashMap<SchemaId, TypeId>,
    /// Unnamed arrays and maps being lowered: one met again reaches itself (see `reentered`).
    open_inline: HashSet<SchemaId>,
    /// The claimed type name of each component schema.
    component_names: HashMap<SchemaId, String>,
    /// The type of each schema used as a value (property, item, body, ...), for its examples.
    value_types: HashMap<SchemaId, TypeRef>,
    /// Examples of media types and parameters, with their types.
    examples: Vec<Example>,
}

impl Lowerer<'_, '_, '_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let severity = if self.config.strict { Severity::Error } else { Severity::Warning };
        self.diags.report(severity, pointer, message);
    }

    /// Explains a decision taken from the spec's shape; never an error, even in strict mode.
    fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags.report(Severity::Note, pointer, message);
    }

    fn schema(&self, id: SchemaId) -> &model::Schema {
        &self.api.schemas[id.0]
    }

    /// The schema at `id` and every schema its `Reference` nodes lead to, in order: the one way
    /// `lower` walks references (a `$ref` with siblings adds to what it names).
    fn reference_chain(&self, id: SchemaId) -> impl Iterator<Item = (SchemaId, &model::Schema)> {
        // The model guarantees references end (cycles became `Any`); the bound is a second guard.
        std::iter::successors(Some(id), |id| match self.schema(*id).kind {
            SchemaKind::Reference(next) => Some(next),
            _ => None,
        })
        .take(64)
        .map(|id| (id, self.schema(id)))
    }

    /// The schema that has the structure, past any `Reference` nodes.
    fn target(&self, id: SchemaId) -> SchemaId {
        self.reference_chain(id).last().map_or(id, |(id, _)| id)
    }

    /// Whether `null` is a valid value, through `$ref` siblings and the referenced schema.
    fn nullable(&self, id: SchemaId) -> bool {
        self.reference_chain(id).any(|(_, schema)| schema.nullable)
    }

    /// The description of a use site: the `$ref` sibling's if any, else the target's.
    fn description(&self, id: SchemaId) -> Option<&str> {
        self.reference_chain(id).find_map(|(_, schema)| schema.description.as_deref())
    }
}
