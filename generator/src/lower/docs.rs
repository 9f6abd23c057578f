//! Doc prose: spec descriptions as rustdoc lines, value notes (defaults, formats, constraints) and the wire summary of each operation.

use crate::ir::{self, TypeRef};
use crate::model::{SchemaId, SchemaKind};
use crate::naming;

use super::Lowerer;
use super::schema::string_type;

impl Lowerer<'_, '_, '_> {
    /// Doc lines saying what an operation sends and what each documented status returns.
    pub(super) fn wire_summary(
        &self,
        body: &Option<ir::BodyDef>,
        responses: &[ir::ResponseCase],
        error_name: &str,
    ) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(body) = body {
            lines.push(String::new());
            let optional = if body.required { "" } else { " (optional)" };
            let offered: Vec<String> =
                body.media.iter().map(|m| format!("`{}` ({})", m.content_type, self.type_label(&m.ty))).collect();
            lines.push(format!("Sends{optional}: {}.", offered.join(", or ")));
        }
        if !responses.is_empty() {
            lines.push(String::new());
            lines.push("Returns:".to_owned());
        }
        for case in responses {
            let status = match case.status {
                ir::StatusPattern::Code(code) => code.to_string(),
                ir::StatusPattern::Range(hundreds) => format!("{hundreds}XX"),
                ir::StatusPattern::Default => "default".to_owned(),
            };
            let body = case.body.as_ref().map_or_else(|| "no body".to_owned(), |b| self.type_label(&b.ty));
            let outcome = match case.outcome {
                ir::Outcome::Success => body,
                ir::Outcome::Error => format!("[`{error_name}::{}`] with {body}", case.variant),
            };
            let said = case.doc.first().map(|line| format!(": {line}")).unwrap_or_default();
            lines.push(format!("- `{status}`: {outcome}{said}"));
        }
        lines
    }

    /// How a type is named in docs: a link for generated types, the Rust type otherwise.
    pub(super) fn type_label(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => format!("[`{}`]", self.types[id.0].name()),
            TypeRef::Vec(inner) => format!("a list of {}", self.type_label(inner)),
            TypeRef::Option(inner) | TypeRef::Box(inner) => self.type_label(inner),
            TypeRef::Map(inner) => format!("a map of {}", self.type_label(inner)),
            TypeRef::EventStream(inner) => format!("a stream of events of {}", self.type_label(inner)),
            TypeRef::ByteStream => "a byte stream".to_owned(),
            TypeRef::StreamBody => "bytes, a file or a stream".to_owned(),
            TypeRef::Json | TypeRef::JsonObject => "JSON".to_owned(),
            TypeRef::String => "text".to_owned(),
            TypeRef::Bytes => "bytes".to_owned(),
            other => format!("`{other:?}`").to_lowercase(),
        }
    }

    /// Doc lines for what the type does not say: default, format, constraints, read/write-only.
    pub(super) fn value_notes(&self, id: SchemaId) -> Option<String> {
        let schema = self.schema(id);
        let target = self.schema(self.target(id));
        let mut notes = Vec::new();
        if let Some(default) = schema.default.as_ref().or(target.default.as_ref()) {
            notes.push(format!("Default: `{default}`."));
        }
        if let Some(format) = &target.format
            && matches!(target.kind, SchemaKind::String)
            && string_type(Some(format)) == TypeRef::String
        {
            notes.push(format!("Format: `{format}`."));
        }
        let own = if self.target(id) == id { &[][..] } else { &schema.constraints[..] };
        let constraints: Vec<String> =
            target.constraints.iter().chain(own).map(|(k, v)| format!("`{k}: {v}`")).collect();
        if !constraints.is_empty() {
            notes.push(format!("Constraints: {}.", constraints.join(", ")));
        }
        if target.read_only || schema.read_only {
            notes.push("Read-only: sent by the server, ignored in requests.".to_owned());
        }
        if target.write_only || schema.write_only {
            notes.push("Write-only: sent in requests, never returned.".to_owned());
        }
        (!notes.is_empty()).then(|| notes.join(" "))
    }
}

/// Appends `paragraph`, if any, to `doc` after a blank line.
pub(super) fn push_paragraph(doc: &mut Vec<String>, paragraph: Option<String>) {
    if let Some(paragraph) = paragraph {
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.push(paragraph);
    }
}

pub(super) fn docs(parts: &[Option<&str>]) -> Vec<String> {
    let mut lines = Vec::new();
    for part in parts.iter().flatten() {
        if part.trim().is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(naming::doc_lines(part));
    }
    lines
}
