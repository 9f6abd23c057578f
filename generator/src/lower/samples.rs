//! Conformance samples: a valid value for every parameter and body media type of each operation,
//! an output beside the IR (the client never sees them; the conformance checks call with them).

use serde_json::Value;

use crate::model;
use crate::synth;

use super::body::media_by_preference;

/// Valid values for calling one operation, aligned with its `ir::OperationDef`.
#[derive(Debug, Default)]
pub struct OperationSamples {
    /// One per `OperationDef::params`, in the same order.
    pub params: Vec<Value>,
    /// One per `BodyDef::media`, in the same order.
    pub bodies: Vec<Value>,
}

/// The samples of an operation whose parameters were lowered in the order `params`.
pub(super) fn operation_samples(
    api: &model::Api,
    params: &[&model::Parameter],
    body: Option<&model::RequestBody>,
) -> OperationSamples {
    let params = params
        .iter()
        .map(|parameter| match (parameter.examples.first(), parameter.schema) {
            (Some((_, example)), _) => example.clone(),
            (None, Some(schema)) => synth::sample(api, schema),
            (None, None) => Value::String("sample".to_owned()),
        })
        .collect();
    let bodies = body
        .map(|body| {
            media_by_preference(&body.content)
                .into_iter()
                .map(|media| match (media.examples.first(), media.schema) {
                    (Some((_, example)), _) => example.clone(),
                    (None, Some(schema)) => synth::sample(api, schema),
                    (None, None) => Value::Object(serde_json::Map::new()),
                })
                .collect()
        })
        .unwrap_or_default();
    OperationSamples { params, bodies }
}
