//! The `model` layer: what the API means. Refs resolved to arena ids, OpenAPI 3.0 and 3.1 normalised into one form.
//!
//! Built by [`build`] from a `spec::Document`. The reader is permissive: it accepts 3.0 keywords in 3.1
//! documents (and the reverse), and reports anything it cannot use as a located diagnostic instead of
//! failing. Every node keeps the JSON pointer it came from.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde_json::Value;

mod compose;
mod object;
mod paths;
mod resolve;
mod schema;
mod security;
mod select;
mod vocabulary;

#[cfg(test)]
mod tests;

pub use paths::path_template_names;
pub use select::select;
pub use vocabulary::{Format, HttpMethod, MediaKind, ParameterLocation, ParameterStyle, StatusMatch};

use crate::diag::{Diagnostics, Severity};
use crate::spec::{Document, push_pointer};

/// Index of a schema in [`Api::schemas`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaId(pub usize);

/// The whole API.
#[derive(Debug, Default)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Server URLs in document order; the first is the default base URL.
    pub servers: Vec<String>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Every schema node, components and inline ones alike.
    pub schemas: Vec<Schema>,
    /// `components/schemas` by name, in document order.
    pub components: IndexMap<String, SchemaId>,
    pub operations: Vec<Operation>,
    /// The operations the selection leaves out (`select`), kept so names derived from every
    /// path (the prefix they all share) stay what they are without a selection.
    pub left_out: Vec<Operation>,
}

/// A schema, with `$ref`s already replaced by ids and nullability normalised.
#[derive(Clone, Debug)]
pub struct Schema {
    pub pointer: String,
    pub kind: SchemaKind,
    /// `nullable: true`, `type: [.., "null"]`, `null` in `enum`, or a `{type: null}` member of a union.
    pub nullable: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    pub format: Option<Format>,
    pub default: Option<Value>,
    /// `example` and the 3.1 `examples` array: (JSON pointer of the value, value).
    pub examples: Vec<(String, Value)>,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// Validation keywords the types cannot express, as `(keyword, value)`, for the docs.
    pub constraints: Vec<(String, Value)>,
    pub discriminator: Option<Discriminator>,
}

/// A `discriminator`: the member naming the variant, and the explicit `mapping` from its values.
#[derive(Clone, Debug)]
pub struct Discriminator {
    pub property: String,
    pub mapping: Vec<(String, SchemaId)>,
}

#[derive(Clone, Debug)]
pub enum SchemaKind {
    /// Any JSON value (no type, or a construct we fall back on).
    Any,
    Null,
    Boolean,
    Integer,
    Number,
    String,
    /// A string, number or boolean restricted to listed values (never contains `null`; see `nullable`).
    Enum(Vec<Value>),
    /// A single allowed value (`const`, or an `enum` with one value).
    Const(Value),
    Array {
        items: Option<SchemaId>,
    },
    Object(ObjectSchema),
    /// A `$ref` with sibling keywords: the target plus what the siblings add (nullable, description, ...).
    Reference(SchemaId),
    OneOf(Vec<SchemaId>),
    AnyOf(Vec<SchemaId>),
    AllOf(Vec<SchemaId>),
}

#[derive(Clone, Debug, Default)]
pub struct ObjectSchema {
    pub properties: Vec<Property>,
    pub additional: Additional,
    /// Names in `required` that `properties` does not declare: in an `allOf` member they make
    /// another member's property required.
    pub required_elsewhere: Vec<String>,
    /// The first alternative of a `oneOf`/`anyOf` rule on the members (see `is_member_rule`), so
    /// a synthesised value can satisfy it.
    pub rule: Option<MemberRule>,
}

/// One alternative of a rule on an object's declared members.
#[derive(Clone, Debug, Default)]
pub struct MemberRule {
    pub required: Vec<String>,
    pub forbidden: Vec<String>,
    /// Members narrowed to one value (the first of an `enum`, or a `const`).
    pub values: Vec<(String, Value)>,
}

#[derive(Clone, Debug)]
pub struct Property {
    pub name: String,
    pub schema: SchemaId,
    pub required: bool,
}

/// What `additionalProperties` allows.
#[derive(Clone, Debug, Default)]
pub enum Additional {
    /// Absent: JSON Schema allows anything, but the spec did not ask for it to be kept.
    #[default]
    Unspecified,
    Forbidden,
    Any,
    Schema(SchemaId),
}

#[derive(Clone, Debug)]
pub struct Operation {
    pub method: HttpMethod,
    pub path: String,
    pub operation_id: Option<String>,
    /// `tags`, as written (a selection can name them).
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Alternatives; each lists the scheme names that must all be applied. Empty: no auth.
    pub security: Vec<Vec<String>>,
    /// The operation's own `servers` (else its path item's), with the pointer of the list; empty
    /// when the document's servers apply.
    pub servers: Vec<String>,
    pub servers_pointer: String,
    /// The JSON pointer of the operation object.
    pub pointer: String,
    /// The operation's pagination extensions (`x-speakeasy-pagination`, `x-fern-pagination`,
    /// `x-dropshot-pagination`) as written: (name, value). `lower` reads what they say.
    pub pagination_extensions: Vec<(String, Value)>,
}

#[derive(Clone, Debug)]
pub struct Parameter {
    pub name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    pub schema: Option<SchemaId>,
    /// `example` and the `value`s of `examples`: (JSON pointer of the value, value).
    pub examples: Vec<(String, Value)>,
    /// `style`, or the location's default when it names none (or one that does not apply there).
    pub style: ParameterStyle,
    /// `explode`, or the style's default.
    pub explode: bool,
}

#[derive(Clone, Debug)]
pub struct RequestBody {
    pub required: bool,
    pub description: Option<String>,
    pub content: Vec<MediaType>,
}

#[derive(Clone, Debug)]
pub struct MediaType {
    pub pointer: String,
    /// The media type as the spec writes it (the key of `content`).
    pub media_type: String,
    /// `media_type` without parameters, lower case.
    pub essence: String,
    pub kind: MediaKind,
    pub schema: Option<SchemaId>,
    /// `example` and the `value`s of `examples`: (JSON pointer of the value, value).
    pub examples: Vec<(String, Value)>,
    /// The `encoding` object: how each property of a form or multipart body is written.
    pub encodings: Vec<PropertyEncoding>,
}

#[derive(Clone, Debug)]
pub struct PropertyEncoding {
    pub property: String,
    pub content_type: Option<String>,
    /// `style` as written, if it applies to a form member (else `form`, with a warning).
    pub style: Option<ParameterStyle>,
    /// `explode` as written.
    pub explode: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct Response {
    pub status: StatusMatch,
    pub description: Option<String>,
    pub content: Vec<MediaType>,
    pub headers: Vec<ResponseHeader>,
}

#[derive(Clone, Debug)]
pub struct ResponseHeader {
    pub name: String,
    pub description: Option<String>,
    pub schema: Option<SchemaId>,
    /// `example` and the `value`s of `examples`: (JSON pointer of the value, value).
    pub examples: Vec<(String, Value)>,
}

#[derive(Clone, Debug)]
pub struct SecurityScheme {
    pub name: String,
    pub description: Option<String>,
    pub kind: SecurityKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecurityKind {
    ApiKey {
        location: ParameterLocation,
        name: String,
    },
    Bearer,
    Basic,
    /// OAuth2 and OpenID Connect: the caller supplies the access token, sent as a bearer token.
    OAuthToken,
}

/// Reads `document` into the model, reporting what it cannot use in `diags`.
pub fn build(document: &Document, diags: &mut Diagnostics<'_>) -> Api {
    let mut builder =
        Builder { document, diags, api: Api::default(), by_pointer: HashMap::new(), resolving: Vec::new(), nesting: 0 };
    builder.read_document();
    builder.api
}

struct Builder<'a, 'd, 's> {
    document: &'a Document,
    diags: &'d mut Diagnostics<'s>,
    api: Api,
    /// Schema nodes already built, so shared and recursive schemas are built once.
    by_pointer: HashMap<String, SchemaId>,
    /// How many schemas are being read, one inside the other (see `resolve::MAX_NESTING`).
    nesting: usize,
    /// `$ref`-only schemas being followed, to detect alias cycles.
    resolving: Vec<String>,
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        // YAML writes `version: 1.0` as a number; keep its text rather than reject it.
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl<'a> Builder<'a, '_, '_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags.report(Severity::Warning, pointer, message);
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags.report(Severity::Error, pointer, message);
    }

    fn str_field(&self, object: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
        object.get(key).and_then(text)
    }

    fn read_document(&mut self) {
        let document: &'a Document = self.document;
        let Some(root) = document.root.as_object() else {
            self.error("", "an OpenAPI document must be an object");
            return;
        };
        match root.get("openapi").and_then(text) {
            Some(version) if version.starts_with("3.") => {}
            Some(version) => self.warn("/openapi", format!("OpenAPI version {version} is not 3.x; reading it as 3.1")),
            None if root.contains_key("swagger") => {
                self.error(
                    "/swagger",
                    "Swagger 2.0 documents are not supported; convert the document to OpenAPI 3 first",
                );
                return;
            }
            None => self.warn("", "no `openapi` version field; reading the document as OpenAPI 3.1"),
        }
        if let Some(info) = root.get("info").and_then(Value::as_object) {
            self.api.title = self.str_field(info, "title").unwrap_or_default();
            self.api.version = self.str_field(info, "version").unwrap_or_default();
            self.api.description = self.str_field(info, "description");
        }
        self.api.servers = self.server_urls("", root);
        self.read_security_schemes(root);
        // Components first, in document order, so named schemas get ids in a stable order.
        if let Some(schemas) = root.get("components").and_then(|c| c.get("schemas")).and_then(Value::as_object) {
            for name in schemas.keys() {
                let pointer = push_pointer("/components/schemas", name);
                let id = self.schema_at(&pointer);
                self.api.components.insert(name.clone(), id);
            }
        }
        let global_security = root.get("security").map(|s| self.read_security_requirements("/security", s));
        match root.get("paths") {
            Some(Value::Object(paths)) => {
                for (path, item) in paths {
                    let pointer = push_pointer("/paths", path);
                    self.read_path_item(&pointer, path, item, global_security.as_deref());
                }
            }
            Some(_) => self.error("/paths", "`paths` must be an object"),
            None => {}
        }
    }
}
