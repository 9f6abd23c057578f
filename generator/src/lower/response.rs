//! Responses: success or error by status, body types and readings, choices by `Content-Type`, typed headers.

use heck::ToUpperCamelCase;

use crate::ir::{self, TypeId, TypeRef};
use crate::model::{self, MediaKind, SchemaKind, StatusMatch};
use crate::naming::{self, Namespace};

use super::Lowerer;
use super::body::{media_by_preference, media_variant};
use super::docs::docs;
use super::examples::Example;

impl Lowerer<'_, '_, '_> {
    /// The type and reading of one media type of a response; success bodies that are binary or
    /// event streams are streamed, error bodies are read whole.
    pub(super) fn lower_response_media(
        &mut self,
        media: &model::MediaType,
        hint: &str,
        streaming: bool,
    ) -> (TypeRef, ir::BodyEncoding) {
        if matches!(media.kind, MediaKind::Json | MediaKind::Any) {
            let ty = media.schema.map_or(TypeRef::Json, |schema| self.value_type(schema, hint));
            self.record_examples(media, &ty);
            return (ty, ir::BodyEncoding::Json);
        }
        if media.kind == MediaKind::EventStream && streaming {
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
        if matches!(media.kind, MediaKind::Text | MediaKind::EventStream) {
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
    pub(super) fn lower_response_body(
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
        let mut kinds = vec![(first.essence.clone(), ty, encoding)];
        for media in &ordered[1..] {
            let (ty, encoding) =
                self.lower_response_media(media, &format!("{hint}{}", media_variant(&media.essence)), false);
            kinds.push((media.essence.clone(), ty, encoding));
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
            def_variants.push(ir::MediaVariant { name: variant.clone(), ty, media_type: essence.clone() });
            choices.push(ir::MediaCase { essence, variant, encoding });
        }
        let doc =
            vec!["A response body in one of the media types the spec offers, chosen by its `Content-Type`.".to_owned()];
        let type_id = TypeId(self.types.len());
        self.types.push(ir::TypeDef::MediaChoice(ir::MediaChoiceDef { name, doc, variants: def_variants }));
        Some(ir::ResponseBody { ty: TypeRef::Named(type_id), encoding: ir::BodyEncoding::Choice(choices) })
    }

    /// The headers documented on the success responses of `op`, as one struct.
    pub(super) fn lower_headers(&mut self, op: &model::Operation, pascal: &str) -> Option<ir::HeadersDef> {
        let mut names = Namespace::default();
        let mut fields: Vec<ir::HeaderField> = Vec::new();
        for response in op.responses.iter().filter(|r| is_success(r.status)) {
            for header in &response.headers {
                if fields.iter().any(|field| field.wire_name.eq_ignore_ascii_case(&header.name)) {
                    continue;
                }
                let ty = match header.schema {
                    Some(schema) => {
                        self.lower_schema(schema, &format!("{pascal}{}Header", header.name.to_upper_camel_case()))
                    }
                    None => TypeRef::String,
                };
                // The header's examples, and its schema's, must decode into its type.
                for (pointer, value) in &header.examples {
                    self.examples.push(Example { pointer: pointer.clone(), value: value.clone(), ty: ty.clone() });
                }
                if let Some(schema) = header.schema {
                    self.value_types.entry(schema).or_insert_with(|| ty.clone());
                }
                let doc = docs(&[header.description.as_deref()]);
                let name = names.claim(&naming::snake_name(&header.name));
                fields.push(ir::HeaderField { name, wire_name: header.name.clone(), ty, doc });
            }
        }
        if fields.is_empty() {
            return None;
        }
        let name = self.type_names.claim(&format!("{pascal}Headers"));
        let doc = vec![format!("The headers `{} {}` documents on its success responses.", op.method, op.path)];
        Some(ir::HeadersDef { name, doc, fields })
    }

    pub(super) fn lower_responses(
        &mut self,
        op: &model::Operation,
        pascal: &str,
    ) -> (ir::SuccessDef, Vec<ir::ResponseCase>, Option<String>) {
        let has_success = op.responses.iter().any(|r| is_success(r.status));
        let mut success_variants = Namespace::default();
        const UNKNOWN_STATUS: &str = "UnknownStatus";
        let mut error_variants = Namespace::with_reserved(&[UNKNOWN_STATUS]);
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
        // `default` answers every status the others do not; without it they need a variant of their own.
        let covers_all = op.responses.iter().any(|r| r.status == StatusMatch::Default);
        let unknown_status = (!covers_all).then(|| UNKNOWN_STATUS.to_owned());
        (success, cases, unknown_status)
    }
}

/// 2XX, and 1XX: the only informational status a client sees is `101`, the upgrade it asked for.
pub(super) fn is_success(status: StatusMatch) -> bool {
    matches!(status, StatusMatch::Code(100..=299) | StatusMatch::Range(1 | 2))
}

/// `400` gives `BadRequest`, `4XX` gives `Status4xx`, `default` gives `Default`.
pub(super) fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => match http::StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason()) {
            Some(reason) => naming::variant_name(reason),
            None => format!("Status{code}"),
        },
        StatusMatch::Range(hundreds) => format!("Status{hundreds}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}
