//! Request bodies: which media types are offered, how each is typed and written, multipart forms.

use heck::ToUpperCamelCase;

use crate::ir::{self, TypeId, TypeRef};
use crate::model::{self, Format, MediaKind, SchemaId, SchemaKind};
use crate::naming::{self, Namespace};

use super::Lowerer;
use super::docs::docs;
use super::params::param_style;

impl Lowerer<'_, '_, '_> {
    pub(super) fn lower_body(&mut self, body: &model::RequestBody, pascal: &str) -> Option<ir::BodyDef> {
        let ordered = media_by_preference(&body.content);
        let several = ordered.len() > 1;
        let mut variants = Namespace::default();
        let media: Vec<ir::BodyMedia> = ordered
            .into_iter()
            .map(|media| {
                let variant = variants.claim(&media_variant(&media.essence));
                let hint = if several { format!("{pascal}{variant}Body") } else { format!("{pascal}Body") };
                self.lower_request_media(media, variant, &hint)
            })
            .collect();
        if media.is_empty() {
            return None;
        }
        let choice = several.then(|| self.type_names.claim(&format!("{pascal}Body")));
        Some(ir::BodyDef {
            required: body.required,
            doc: docs(&[body.description.as_deref()]),
            media,
            choice,
            members: None,
        })
    }

    /// How a required body of one media type that is an object type (JSON or form) is taken:
    /// member by member, named in `names` after the builder's parameters. Other bodies (optional,
    /// several media types, multipart, arrays, free-form objects) are taken whole.
    pub(super) fn body_members(&self, body: &ir::BodyDef, names: &mut Namespace) -> Option<ir::BodyMembers> {
        let ([media], true, None) = (body.media.as_slice(), body.required, &body.choice) else {
            return None;
        };
        let (ir::RequestEncoding::Json | ir::RequestEncoding::Form, TypeRef::Named(id)) = (media.encoding, &media.ty)
        else {
            return None;
        };
        let ir::TypeDef::Struct(def) = &self.types[id.0] else {
            return None;
        };
        let members = def
            .fields
            .iter()
            .enumerate()
            .map(|(field, member)| ir::BodyMember {
                field,
                name: names.claim(&member.name),
                argument: !member.optional,
            })
            .collect();
        let additional = def.additional.as_ref().map(|additional| names.claim(&additional.name));
        Some(ir::BodyMembers { ty: *id, members, additional })
    }

    /// How one offered media type of a request body is typed and written.
    pub(super) fn lower_request_media(
        &mut self,
        media: &model::MediaType,
        variant: String,
        hint: &str,
    ) -> ir::BodyMedia {
        let object = media.schema.filter(|schema| self.is_object_like(*schema));
        let (encoding, ty) = match (media.kind, object) {
            (MediaKind::Json | MediaKind::Any, _) => {
                let ty = media.schema.map_or(TypeRef::Json, |schema| self.value_type(schema, hint));
                self.record_examples(media, &ty);
                (ir::RequestEncoding::Json, ty)
            }
            (MediaKind::Text | MediaKind::EventStream, _) => (ir::RequestEncoding::Text, TypeRef::String),
            (MediaKind::Form, Some(schema)) => (ir::RequestEncoding::Form, self.lower_schema(schema, hint)),
            (MediaKind::Multipart, Some(schema)) => {
                (ir::RequestEncoding::Multipart, self.lower_multipart(schema, media, hint))
            }
            (MediaKind::Form | MediaKind::Multipart | MediaKind::Other, _) => {
                if media.schema.is_some() && !self.is_binary(media.schema) {
                    self.warn(
                        &media.pointer,
                        format!(
                            "request body of media type `{}` is sent as raw bytes the caller encodes",
                            media.media_type
                        ),
                    );
                }
                (ir::RequestEncoding::Binary, TypeRef::StreamBody)
            }
        };
        let fields = media
            .encodings
            .iter()
            .filter(|encoding| encoding.style.is_some() || encoding.explode.is_some())
            .map(|encoding| {
                let style = encoding.style.unwrap_or(model::ParameterStyle::Form);
                let explode = encoding.explode.unwrap_or(style.default_explode());
                ir::FieldStyle { wire_name: encoding.property.clone(), style: param_style(style), explode }
            })
            .collect();
        ir::BodyMedia { variant, content_type: media.media_type.clone(), encoding, ty, fields }
    }

    /// Whether `schema` is an object, or an `allOf` of objects only (which merges into one).
    fn is_object_like(&self, schema: SchemaId) -> bool {
        match &self.schema(self.target(schema)).kind {
            SchemaKind::Object(_) => true,
            SchemaKind::AllOf(members) => self.all_of_is_objects(members),
            _ => false,
        }
    }

    /// Whether `schema` describes raw bytes (`format: binary`, or no schema at all).
    pub(super) fn is_binary(&self, schema: Option<SchemaId>) -> bool {
        schema.is_none_or(|schema| {
            let target = self.schema(self.target(schema));
            matches!(target.kind, SchemaKind::Any) || matches!(target.format, Some(Format::Binary | Format::Byte))
        })
    }

    /// A multipart body: files become file parts, everything else text parts.
    pub(super) fn lower_multipart(&mut self, schema: SchemaId, media: &model::MediaType, hint: &str) -> TypeRef {
        // An `allOf` of objects is one object, as for JSON bodies.
        let object = self.object_view(schema);
        let name = self.type_names.claim(&naming::type_name(hint));
        let mut names = Namespace::default();
        let mut fields = Vec::new();
        let is_file = |s: &model::Schema| matches!(s.kind, SchemaKind::String) && s.format == Some(Format::Binary);
        for property in &object.properties {
            let target = self.target(property.schema);
            let value_hint = format!("{name}{}", property.name.to_upper_camel_case());
            let (kind, ty) = match &self.schema(target).kind {
                SchemaKind::String if is_file(self.schema(target)) => (ir::PartKind::File, TypeRef::FilePart),
                SchemaKind::Array { items: Some(items) } if is_file(self.schema(self.target(*items))) => {
                    (ir::PartKind::Files, TypeRef::Vec(Box::new(TypeRef::FilePart)))
                }
                // OpenAPI sends an array as one part per item, each with the item's content type.
                SchemaKind::Array { items: Some(items) } => {
                    let item = self.value_type(*items, &format!("{value_hint}Item"));
                    (ir::PartKind::Texts, TypeRef::Vec(Box::new(item)))
                }
                _ => (ir::PartKind::Text, self.value_type(property.schema, &value_hint)),
            };
            let optional = !property.required && !matches!(kind, ir::PartKind::Files | ir::PartKind::Texts);
            let ty = if optional && !matches!(ty, TypeRef::Option(_)) { TypeRef::Option(Box::new(ty)) } else { ty };
            let content_type =
                media.encodings.iter().find(|e| e.property == property.name).and_then(|e| e.content_type.clone());
            fields.push(ir::MultipartField {
                name: names.claim(&naming::snake_name(&property.name)),
                wire_name: property.name.clone(),
                doc: docs(&[self.description(property.schema)]),
                ty,
                kind,
                optional,
                content_type,
            });
        }
        let additional = match object.additional {
            model::Additional::Schema(values) => Some(self.value_type(values, &format!("{name}Value"))),
            model::Additional::Any => Some(TypeRef::Json),
            model::Additional::Unspecified | model::Additional::Forbidden => None,
        };
        let additional = additional.map(|ty| ir::AdditionalField { name: names.claim("additional_parts"), ty });
        let doc = docs(&[self.schema(self.target(schema)).description.as_deref()]);
        let type_id = TypeId(self.types.len());
        self.types.push(ir::TypeDef::Multipart(ir::MultipartDef { name, doc, fields, additional }));
        TypeRef::Named(type_id)
    }
}

/// Rank of a media type as a default: JSON first, then forms, text, anything else, `*/*` last.
fn media_rank(kind: MediaKind) -> u8 {
    match kind {
        MediaKind::Json => 0,
        MediaKind::Form => 1,
        MediaKind::Multipart => 2,
        MediaKind::Text | MediaKind::EventStream => 3,
        MediaKind::Other => 4,
        MediaKind::Any => 5,
    }
}

/// The media types of a body, the default first (stable: ties keep document order).
pub(super) fn media_by_preference(content: &[model::MediaType]) -> Vec<&model::MediaType> {
    let mut ordered: Vec<&model::MediaType> = content.iter().collect();
    ordered.sort_by_key(|m| media_rank(m.kind));
    ordered
}

/// A variant name for a media type's essence: `application/merge-patch+json` gives `MergePatchJson`.
pub(super) fn media_variant(essence: &str) -> String {
    let name = match essence {
        "application/json" => "Json",
        "application/x-www-form-urlencoded" => "Form",
        "multipart/form-data" => "Multipart",
        "text/plain" => "Text",
        "application/octet-stream" => "Binary",
        other => other.rsplit('/').next().unwrap_or(other),
    };
    naming::variant_name(name)
}
