//! The `model` layer: what the API means. Refs resolved to arena ids, OpenAPI 3.0 and 3.1 normalised into one form.
//!
//! Built by [`build`] from a `spec::Document`. The reader is permissive: it accepts 3.0 keywords in 3.1
//! documents (and the reverse), and reports anything it cannot use as a located diagnostic instead of
//! failing. Every node keeps the JSON pointer it came from.

use std::collections::{BTreeSet, HashMap};

use indexmap::IndexMap;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Severity};
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
    pub format: Option<String>,
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

/// Schema keywords that only document or constrain values; they reach the docs as constraints.
const CONSTRAINT_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Every other keyword the model reads. Anything else in a schema gets a warning, so nothing is dropped silently.
const READ_KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "nullable",
    "title",
    "description",
    "format",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "allOf",
    "oneOf",
    "anyOf",
    "const",
    "enum",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "discriminator",
    "patternProperties",
    // Annotations with no bearing on the generated types.
    "externalDocs",
    "xml",
    "$schema",
    "$id",
    "$comment",
    "contentMediaType",
    "contentEncoding",
];

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

impl MemberRule {
    fn read(member: &Value) -> Self {
        let names = |list: Option<&Value>| -> Vec<String> {
            list.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
        };
        let values = member
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(name, schema)| {
                let value = schema
                    .get("const")
                    .or_else(|| schema.get("enum").and_then(Value::as_array).and_then(|v| v.first()))?;
                Some((name.clone(), value.clone()))
            })
            .collect();
        MemberRule {
            required: names(member.get("required")),
            forbidden: names(member.get("not").and_then(|n| n.get("required"))),
            values,
        }
    }
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
    /// Upper-case HTTP method.
    pub method: String,
    pub path: String,
    pub operation_id: Option<String>,
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Clone, Debug)]
pub struct Parameter {
    pub pointer: String,
    pub name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    pub schema: Option<SchemaId>,
    /// `example` and the `value`s of `examples`: (JSON pointer of the value, value).
    pub examples: Vec<(String, Value)>,
    /// `style` as written (`None`: the location's default).
    pub style: Option<String>,
    /// `explode` as written (`None`: true for `form`, false otherwise).
    pub explode: Option<bool>,
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
    pub media_type: String,
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
    pub style: Option<String>,
    pub explode: Option<bool>,
}

/// Which statuses a response entry covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `2XX` and the like: the hundreds digit.
    Range(u16),
    Default,
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

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Reads `document` into the model, reporting what it cannot use in `diags`.
pub fn build(document: &Document, diags: &mut Diagnostics) -> Api {
    let mut builder = Builder {
        document,
        diags,
        api: Api::default(),
        by_pointer: HashMap::new(),
        resolving: Vec::new(),
        all_of_member: false,
    };
    builder.read_document();
    builder.api
}

struct Builder<'a, 'd> {
    document: &'a Document,
    diags: &'d mut Diagnostics,
    api: Api,
    /// Schema nodes already built, so shared and recursive schemas are built once.
    by_pointer: HashMap<String, SchemaId>,
    /// `$ref`-only schemas being followed, to detect alias cycles.
    resolving: Vec<String>,
    /// The schema about to be read is a member of an `allOf` (its `required` may name others' properties).
    all_of_member: bool,
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

impl<'a> Builder<'a, '_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags.push(Diagnostic::at(self.document, Severity::Warning, pointer, message));
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags.push(Diagnostic::at(self.document, Severity::Error, pointer, message));
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
        self.api.servers = server_urls(root);
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

    fn read_security_schemes(&mut self, root: &'a serde_json::Map<String, Value>) {
        let Some(schemes) = root.get("components").and_then(|c| c.get("securitySchemes")).and_then(Value::as_object)
        else {
            return;
        };
        for (name, raw) in schemes {
            let pointer = push_pointer("/components/securitySchemes", name);
            let Some((pointer, scheme)) = self.follow_ref(&pointer, raw) else { continue };
            let Some(scheme) = scheme.as_object() else {
                self.warn(&pointer, "a security scheme must be an object; it is ignored");
                continue;
            };
            let kind = match scheme.get("type").and_then(Value::as_str) {
                Some("apiKey") => {
                    let location = match scheme.get("in").and_then(Value::as_str) {
                        Some("header") => Some(ParameterLocation::Header),
                        Some("query") => Some(ParameterLocation::Query),
                        Some("cookie") => Some(ParameterLocation::Cookie),
                        _ => None,
                    };
                    match (location, self.str_field(scheme, "name")) {
                        (Some(location), Some(name)) => Some(SecurityKind::ApiKey { location, name }),
                        _ => None,
                    }
                }
                Some("http") => {
                    match scheme.get("scheme").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
                        Some("bearer") => Some(SecurityKind::Bearer),
                        Some("basic") => Some(SecurityKind::Basic),
                        _ => None,
                    }
                }
                Some("oauth2") | Some("openIdConnect") => Some(SecurityKind::OAuthToken),
                _ => None,
            };
            match kind {
                Some(kind) => self.api.security_schemes.push(SecurityScheme {
                    name: name.clone(),
                    description: self.str_field(scheme, "description"),
                    kind,
                }),
                None => self.warn(&pointer, format!("security scheme `{name}` is of a kind the client cannot apply; operations using it send no credentials for it")),
            }
        }
    }

    fn read_security_requirements(&mut self, pointer: &str, value: &Value) -> Vec<Vec<String>> {
        let Some(list) = value.as_array() else {
            self.warn(pointer, "`security` must be an array; it is ignored");
            return Vec::new();
        };
        let mut alternatives = Vec::new();
        for (index, requirement) in list.iter().enumerate() {
            let Some(requirement) = requirement.as_object() else { continue };
            let names: Vec<String> = requirement.keys().cloned().collect();
            for name in &names {
                if !self.api.security_schemes.iter().any(|s| &s.name == name) {
                    self.warn(&format!("{pointer}/{index}"), format!("security requirement names `{name}`, which is not a usable security scheme; the alternative is dropped"));
                }
            }
            alternatives.push(names);
        }
        alternatives
    }

    /// Follows `$ref`s (of parameters, responses, bodies, ...) to the object they name.
    /// Returns `None`, with a diagnostic, for a dangling or cyclic reference.
    fn follow_ref(&mut self, pointer: &str, value: &'a Value) -> Option<(String, &'a Value)> {
        let mut pointer = pointer.to_owned();
        let mut value = value;
        let mut seen = BTreeSet::new();
        while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
            if !seen.insert(pointer.clone()) {
                self.error(&pointer, format!("`$ref` cycle through `{reference}`"));
                return None;
            }
            let target = self.target_pointer(&pointer, reference)?;
            let document: &'a Document = self.document;
            match document.get(&target) {
                Some(next) => {
                    pointer = target;
                    value = next;
                }
                None => {
                    self.error(&pointer, format!("`$ref` target `{reference}` does not exist"));
                    return None;
                }
            }
        }
        Some((pointer, value))
    }

    /// Turns a `$ref` string into a JSON pointer into this document.
    fn target_pointer(&mut self, pointer: &str, reference: &str) -> Option<String> {
        match reference.strip_prefix('#') {
            Some(fragment) if fragment.is_empty() || fragment.starts_with('/') => {
                // Fragments may be percent-encoded (`#/paths/~1pets%7Bid%7D`).
                Some(percent_decode(fragment))
            }
            _ => {
                self.error(
                    pointer,
                    format!("`$ref` to `{reference}`: only references within the same document are supported"),
                );
                None
            }
        }
    }

    fn read_path_item(&mut self, pointer: &str, path: &str, item: &'a Value, global_security: Option<&[Vec<String>]>) {
        let Some((pointer, item)) = self.follow_ref(pointer, item) else { return };
        let Some(item) = item.as_object() else {
            self.error(&pointer, "a path item must be an object");
            return;
        };
        let path_servers = server_urls(item);
        let shared_parameters = item
            .get("parameters")
            .map(|p| self.read_parameters(&push_pointer(&pointer, "parameters"), p))
            .unwrap_or_default();
        for (key, raw) in item {
            if !METHODS.contains(&key.as_str()) {
                continue;
            }
            let op_pointer = push_pointer(&pointer, key);
            let Some(op) = raw.as_object() else {
                self.error(&op_pointer, "an operation must be an object; it is skipped");
                continue;
            };
            let mut parameters = shared_parameters.clone();
            if let Some(own) = op.get("parameters") {
                for parameter in self.read_parameters(&push_pointer(&op_pointer, "parameters"), own) {
                    // Operation-level parameters override path-level ones with the same name and location.
                    parameters.retain(|p| !(p.name == parameter.name && p.location == parameter.location));
                    parameters.push(parameter);
                }
            }
            for template in path_template_names(path) {
                if !parameters.iter().any(|p| p.location == ParameterLocation::Path && p.name == template) {
                    self.warn(&op_pointer, format!("path template `{{{template}}}` has no `in: path` parameter; it is added as a required string"));
                    parameters.push(Parameter {
                        pointer: op_pointer.clone(),
                        name: template,
                        location: ParameterLocation::Path,
                        required: true,
                        description: None,
                        deprecated: false,
                        schema: None,
                        examples: Vec::new(),
                        style: None,
                        explode: None,
                    });
                }
            }
            let request_body = op
                .get("requestBody")
                .and_then(|b| self.read_request_body(&push_pointer(&op_pointer, "requestBody"), b));
            let responses = match op.get("responses") {
                Some(responses) => self.read_responses(&push_pointer(&op_pointer, "responses"), responses),
                None => {
                    self.warn(&op_pointer, "operation has no `responses`");
                    Vec::new()
                }
            };
            let security = match op.get("security") {
                Some(value) => self.read_security_requirements(&push_pointer(&op_pointer, "security"), value),
                None => global_security.map(<[_]>::to_vec).unwrap_or_default(),
            };
            let (servers, servers_pointer) = match server_urls(op) {
                own if !own.is_empty() => (own, push_pointer(&op_pointer, "servers")),
                _ => (path_servers.clone(), push_pointer(&pointer, "servers")),
            };
            self.api.operations.push(Operation {
                servers,
                servers_pointer,
                method: key.to_ascii_uppercase(),
                path: path.to_owned(),
                operation_id: self.str_field(op, "operationId"),
                summary: self.str_field(op, "summary"),
                description: self.str_field(op, "description"),
                deprecated: op.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
                parameters,
                request_body,
                responses,
                security,
            });
        }
    }

    fn read_parameters(&mut self, pointer: &str, value: &'a Value) -> Vec<Parameter> {
        let Some(list) = value.as_array() else {
            self.error(pointer, "`parameters` must be an array");
            return Vec::new();
        };
        let mut parameters = Vec::new();
        for (index, raw) in list.iter().enumerate() {
            let Some((pointer, raw)) = self.follow_ref(&format!("{pointer}/{index}"), raw) else { continue };
            let Some(object) = raw.as_object() else {
                self.error(&pointer, "a parameter must be an object; it is skipped");
                continue;
            };
            let location = match object.get("in").and_then(Value::as_str) {
                Some("path") => ParameterLocation::Path,
                Some("query") => ParameterLocation::Query,
                Some("header") => ParameterLocation::Header,
                Some("cookie") => ParameterLocation::Cookie,
                other => {
                    self.error(&pointer, format!("parameter location {other:?} is not one of path, query, header, cookie; the parameter is skipped"));
                    continue;
                }
            };
            let Some(name) = self.str_field(object, "name") else {
                self.error(&pointer, "parameter has no `name`; it is skipped");
                continue;
            };
            let schema = match (object.get("schema"), object.get("content").and_then(Value::as_object)) {
                (Some(_), _) => Some(self.schema_at(&push_pointer(&pointer, "schema"))),
                (None, Some(content)) => content.keys().next().map(|media| {
                    let media_pointer = push_pointer(&push_pointer(&pointer, "content"), media);
                    self.schema_at(&push_pointer(&media_pointer, "schema"))
                }),
                (None, None) => {
                    self.warn(&pointer, "parameter has neither `schema` nor `content`; it is typed as a string");
                    None
                }
            };
            parameters.push(Parameter {
                pointer: pointer.clone(),
                name,
                location,
                // Path parameters are always required, whatever the document says.
                required: location == ParameterLocation::Path
                    || object.get("required").and_then(Value::as_bool).unwrap_or(false),
                description: self.str_field(object, "description"),
                deprecated: object.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
                schema,
                examples: self.read_examples(&pointer, raw),
                style: self.str_field(object, "style"),
                explode: object.get("explode").and_then(Value::as_bool),
            });
        }
        parameters
    }

    /// The `example` and `examples` (a map of Example objects, possibly `$ref`s) of a media type or parameter.
    fn read_examples(&mut self, pointer: &str, object: &'a Value) -> Vec<(String, Value)> {
        let mut examples = Vec::new();
        if let Some(example) = object.get("example") {
            examples.push((push_pointer(pointer, "example"), example.clone()));
        }
        if let Some(map) = object.get("examples").and_then(Value::as_object) {
            let map_pointer = push_pointer(pointer, "examples");
            for (name, entry) in map {
                let Some((resolved, entry)) = self.follow_ref(&push_pointer(&map_pointer, name), entry) else {
                    continue;
                };
                // `externalValue` examples live outside the document; there is nothing to check.
                if let Some(value) = entry.get("value") {
                    examples.push((push_pointer(&resolved, "value"), value.clone()));
                }
            }
        }
        examples
    }

    fn read_content(&mut self, pointer: &str, value: Option<&'a Value>) -> Vec<MediaType> {
        let Some(content) = value.and_then(Value::as_object) else { return Vec::new() };
        let content_pointer = push_pointer(pointer, "content");
        content
            .iter()
            .map(|(media_type, entry)| {
                let media_pointer = push_pointer(&content_pointer, media_type);
                let schema = entry.get("schema").map(|_| self.schema_at(&push_pointer(&media_pointer, "schema")));
                let examples = self.read_examples(&media_pointer, entry);
                let encodings = entry
                    .get("encoding")
                    .and_then(Value::as_object)
                    .map(|encodings| {
                        encodings
                            .iter()
                            .map(|(property, encoding)| PropertyEncoding {
                                property: property.clone(),
                                content_type: encoding.get("contentType").and_then(Value::as_str).map(str::to_owned),
                                style: encoding.get("style").and_then(Value::as_str).map(str::to_owned),
                                explode: encoding.get("explode").and_then(Value::as_bool),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                MediaType { pointer: media_pointer, media_type: media_type.clone(), schema, examples, encodings }
            })
            .collect()
    }

    fn read_request_body(&mut self, pointer: &str, value: &'a Value) -> Option<RequestBody> {
        let (pointer, value) = self.follow_ref(pointer, value)?;
        let Some(object) = value.as_object() else {
            self.error(&pointer, "`requestBody` must be an object; the body is ignored");
            return None;
        };
        Some(RequestBody {
            required: object.get("required").and_then(Value::as_bool).unwrap_or(false),
            description: self.str_field(object, "description"),
            content: self.read_content(&pointer, object.get("content")),
        })
    }

    fn read_responses(&mut self, pointer: &str, value: &'a Value) -> Vec<Response> {
        let Some(object) = value.as_object() else {
            self.error(pointer, "`responses` must be an object");
            return Vec::new();
        };
        let mut responses = Vec::new();
        for (key, raw) in object {
            let entry_pointer = push_pointer(pointer, key);
            let Some(status) = parse_status(key) else {
                if !key.starts_with("x-") {
                    self.warn(
                        &entry_pointer,
                        format!("`{key}` is not a status code, range or `default`; the response is ignored"),
                    );
                }
                continue;
            };
            let Some((resolved, raw)) = self.follow_ref(&entry_pointer, raw) else { continue };
            let headers = self.read_response_headers(&resolved, raw.get("headers"));
            responses.push(Response {
                status,
                description: raw.get("description").and_then(text),
                content: self.read_content(&resolved, raw.get("content")),
                headers,
            });
        }
        responses
    }

    fn read_response_headers(&mut self, pointer: &str, value: Option<&'a Value>) -> Vec<ResponseHeader> {
        let Some(headers) = value.and_then(Value::as_object) else { return Vec::new() };
        let headers_pointer = push_pointer(pointer, "headers");
        let mut read = Vec::new();
        for (name, raw) in headers {
            // `Content-Type` is described by `content`; the standard says to ignore it here.
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let Some((header_pointer, raw)) = self.follow_ref(&push_pointer(&headers_pointer, name), raw) else {
                continue;
            };
            let schema = raw.get("schema").map(|_| self.schema_at(&push_pointer(&header_pointer, "schema")));
            read.push(ResponseHeader {
                name: name.clone(),
                description: raw.get("description").and_then(text),
                schema,
            });
        }
        read
    }

    /// Builds (once) the schema at `pointer`, following a `$ref` that has no siblings to its target.
    fn schema_at(&mut self, pointer: &str) -> SchemaId {
        if let Some(id) = self.by_pointer.get(pointer) {
            return *id;
        }
        let document = self.document;
        let Some(value) = document.get(pointer) else {
            return self.fallback(pointer, "schema location does not exist");
        };
        // A `$ref` alone is the schema it names: resolve it to the target's id so that all
        // uses of a component share one node (and one generated type).
        if let Some(object) = value.as_object()
            && let Some(reference) = object.get("$ref").and_then(Value::as_str)
            && !object.keys().any(|k| k != "$ref" && !k.starts_with("x-"))
        {
            return self.resolve_alias(pointer, reference);
        }
        let id = SchemaId(self.api.schemas.len());
        self.api.schemas.push(Schema::any(pointer));
        self.by_pointer.insert(pointer.to_owned(), id);
        let schema = self.read_schema(pointer, value);
        self.api.schemas[id.0] = schema;
        id
    }

    fn resolve_alias(&mut self, pointer: &str, reference: &str) -> SchemaId {
        if self.resolving.iter().any(|p| p == pointer) {
            self.error(pointer, format!("`$ref` cycle through `{reference}`: the references never reach a schema"));
            return self.any_at(pointer);
        }
        let Some(target) = self.target_pointer(pointer, reference) else { return self.any_at(pointer) };
        if self.document.get(&target).is_none() {
            self.error(pointer, format!("`$ref` target `{reference}` does not exist"));
            return self.any_at(pointer);
        }
        self.resolving.push(pointer.to_owned());
        let id = self.schema_at(&target);
        self.resolving.pop();
        self.by_pointer.insert(pointer.to_owned(), id);
        id
    }

    fn any_at(&mut self, pointer: &str) -> SchemaId {
        let id = SchemaId(self.api.schemas.len());
        self.api.schemas.push(Schema::any(pointer));
        self.by_pointer.insert(pointer.to_owned(), id);
        id
    }

    fn fallback(&mut self, pointer: &str, message: &str) -> SchemaId {
        self.warn(pointer, format!("{message}; typed as any JSON value"));
        self.any_at(pointer)
    }

    fn read_schema(&mut self, pointer: &str, value: &Value) -> Schema {
        let all_of_member = std::mem::take(&mut self.all_of_member);
        let mut schema = Schema::any(pointer);
        let object = match value {
            // JSON Schema's boolean schemas: `true` accepts anything; `false` nothing, which no
            // generated type can express, so it is also any value (the server will not send one).
            Value::Bool(_) => return schema,
            Value::Object(object) => object,
            _ => {
                self.warn(pointer, "a schema must be an object or a boolean; typed as any JSON value");
                return schema;
            }
        };
        schema.title = self.str_field(object, "title");
        schema.description = self.str_field(object, "description");
        schema.format = self.str_field(object, "format");
        schema.default = object.get("default").cloned();
        schema.deprecated = object.get("deprecated").and_then(Value::as_bool).unwrap_or(false);
        schema.read_only = object.get("readOnly").and_then(Value::as_bool).unwrap_or(false);
        schema.write_only = object.get("writeOnly").and_then(Value::as_bool).unwrap_or(false);
        if let Some(example) = object.get("example") {
            schema.examples.push((push_pointer(pointer, "example"), example.clone()));
        }
        if let Some(Value::Array(examples)) = object.get("examples") {
            let list = push_pointer(pointer, "examples");
            schema.examples.extend(examples.iter().enumerate().map(|(i, v)| (format!("{list}/{i}"), v.clone())));
        }
        for (keyword, value) in object {
            if CONSTRAINT_KEYWORDS.contains(&keyword.as_str()) {
                schema.constraints.push((keyword.clone(), value.clone()));
            } else if !READ_KEYWORDS.contains(&keyword.as_str()) && !keyword.starts_with("x-") {
                self.warn(
                    &push_pointer(pointer, keyword),
                    format!("schema keyword `{keyword}` is not supported; it is ignored"),
                );
            }
        }
        if let Some(discriminator) = object.get("discriminator") {
            schema.discriminator = self.read_discriminator(&push_pointer(pointer, "discriminator"), discriminator);
        }
        // 3.0 writes `nullable: true`; many 3.1 documents still do, so it is honoured in both.
        schema.nullable = object.get("nullable").and_then(Value::as_bool).unwrap_or(false);

        let mut types: Vec<String> = match object.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            Some(_) => {
                self.warn(&push_pointer(pointer, "type"), "`type` must be a string or an array of strings; ignored");
                Vec::new()
            }
            None => Vec::new(),
        };
        if types.iter().any(|t| t == "null") && types.len() > 1 {
            schema.nullable = true;
            types.retain(|t| t != "null");
        }

        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            let target = self.resolve_alias(pointer, reference);
            schema.kind = SchemaKind::Reference(target);
            return schema;
        }
        if let Some(members) = object.get("allOf") {
            let mut ids = self.read_members(pointer, "allOf", members);
            // Members saying nothing about structure (`{description: ..}` beside a `$ref`, `{}`)
            // constrain nothing; their annotations apply to the whole.
            let mut annotations = Vec::new();
            ids.retain(|id| {
                let keep = !matches!(self.api.schemas[id.0].kind, SchemaKind::Any);
                if !keep {
                    annotations.push(*id);
                }
                keep
            });
            for id in annotations {
                let member = &self.api.schemas[id.0];
                schema.nullable |= member.nullable;
                schema.description = schema.description.take().or_else(|| member.description.clone());
                schema.examples.extend(member.examples.iter().cloned());
            }
            // Members declared beside `allOf` (`properties`, `required`) are one more member.
            if ["properties", "required", "additionalProperties"].iter().any(|k| object.contains_key(*k)) {
                let own = SchemaId(self.api.schemas.len());
                self.api.schemas.push(Schema::any(pointer));
                let mut own_schema = Schema::any(pointer);
                own_schema.kind = SchemaKind::Object(self.read_object(pointer, object, true));
                self.api.schemas[own.0] = own_schema;
                ids.push(own);
            }
            schema.kind = match ids.len() {
                0 => SchemaKind::Any,
                // `allOf: [{$ref: X}]`, usually there to give the reference a description.
                1 => SchemaKind::Reference(ids[0]),
                _ => SchemaKind::AllOf(ids),
            };
            return schema;
        }
        let declared: Vec<&str> = object
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut member_rule = None;
        for keyword in ["oneOf", "anyOf"] {
            if let Some(members) = object.get(keyword) {
                if !declared.is_empty()
                    && members.as_array().is_some_and(|list| list.iter().all(|m| is_member_rule(m, &declared)))
                {
                    // Members that only require, forbid or narrow members the schema declares are a
                    // rule the server checks, not alternative shapes: the type is the object itself,
                    // and the rule goes into its documentation.
                    let quantifier = if keyword == "oneOf" { "exactly one" } else { "at least one" };
                    let rules: Vec<String> =
                        members.as_array().into_iter().flatten().map(|m| format!("- `{m}`")).collect();
                    let rule = format!(
                        "The server accepts a value when {quantifier} of these holds (`{keyword}`):\n{}",
                        rules.join("\n")
                    );
                    schema.description = Some(match schema.description.take() {
                        Some(text) => format!("{text}\n\n{rule}"),
                        None => rule,
                    });
                    member_rule = members.get(0).map(MemberRule::read);
                    break;
                }
                let mut ids = self.read_members(pointer, keyword, members);
                // `{type: null}` among the members is how 3.1 spells "nullable".
                let before = ids.len();
                ids.retain(|id| !self.api.schemas[id.0].is_null_only());
                if ids.len() < before {
                    schema.nullable = true;
                }
                let union = match (ids.len(), keyword) {
                    (1, _) => SchemaKind::Reference(ids[0]),
                    (_, "oneOf") => SchemaKind::OneOf(ids),
                    _ => SchemaKind::AnyOf(ids),
                };
                if declared.is_empty() {
                    schema.kind = union;
                    return schema;
                }
                // Members declared beside the union belong to every alternative: all of the
                // object and the union.
                let mut own = Schema::any(pointer);
                own.kind = SchemaKind::Object(self.read_object(pointer, object, true));
                let mut alternatives = Schema::any(pointer);
                alternatives.kind = union;
                let own_id = SchemaId(self.api.schemas.len());
                self.api.schemas.push(own);
                self.api.schemas.push(alternatives);
                schema.kind = SchemaKind::AllOf(vec![own_id, SchemaId(own_id.0 + 1)]);
                return schema;
            }
        }
        if let Some(value) = object.get("const") {
            schema.kind = SchemaKind::Const(value.clone());
            return schema;
        }
        if let Some(values) = object.get("enum") {
            let Some(values) = values.as_array() else {
                self.warn(&push_pointer(pointer, "enum"), "`enum` must be an array; ignored");
                return schema;
            };
            let mut values = values.clone();
            if values.iter().any(Value::is_null) {
                schema.nullable = true;
                values.retain(|v| !v.is_null());
            }
            if values.iter().any(|v| v.is_array() || v.is_object()) {
                self.warn(
                    &push_pointer(pointer, "enum"),
                    "`enum` with array or object values; typed as any JSON value",
                );
                return schema;
            }
            schema.kind = match values.len() {
                0 => SchemaKind::Null,
                1 => SchemaKind::Const(values.remove(0)),
                _ => SchemaKind::Enum(values),
            };
            return schema;
        }
        let has_object_keywords = ["properties", "additionalProperties", "required", "patternProperties"]
            .iter()
            .any(|k| object.contains_key(*k));
        let primary = match types.as_slice() {
            [] if has_object_keywords => "object".to_owned(),
            [] if object.contains_key("items") => "array".to_owned(),
            [] => return schema,
            [one] => one.clone(),
            several => {
                self.warn(
                    &push_pointer(pointer, "type"),
                    format!("a schema of several types {several:?} is typed as any JSON value"),
                );
                return schema;
            }
        };
        schema.kind = match primary.as_str() {
            "null" => SchemaKind::Null,
            "boolean" => SchemaKind::Boolean,
            "integer" => SchemaKind::Integer,
            "number" => SchemaKind::Number,
            "string" => SchemaKind::String,
            "array" => SchemaKind::Array {
                items: match object.get("items") {
                    Some(Value::Object(_)) | Some(Value::Bool(_)) => {
                        Some(self.schema_at(&push_pointer(pointer, "items")))
                    }
                    _ => None,
                },
            },
            "object" => SchemaKind::Object(ObjectSchema {
                rule: member_rule,
                ..self.read_object(pointer, object, all_of_member)
            }),
            other => {
                self.warn(&push_pointer(pointer, "type"), format!("unknown type `{other}`; typed as any JSON value"));
                SchemaKind::Any
            }
        };
        schema
    }

    fn read_discriminator(&mut self, pointer: &str, value: &Value) -> Option<Discriminator> {
        let Some(property) = value.get("propertyName").and_then(Value::as_str) else {
            self.warn(pointer, "`discriminator` without `propertyName` is ignored");
            return None;
        };
        let mut mapping = Vec::new();
        if let Some(entries) = value.get("mapping").and_then(Value::as_object) {
            let mapping_pointer = push_pointer(pointer, "mapping");
            for (tag, target) in entries {
                let Some(target) = target.as_str() else { continue };
                // A mapping value is a reference or, in 3.0, a bare component name.
                let reference =
                    if target.starts_with('#') { target.to_owned() } else { format!("#/components/schemas/{target}") };
                mapping.push((tag.clone(), self.resolve_alias(&push_pointer(&mapping_pointer, tag), &reference)));
            }
        }
        Some(Discriminator { property: property.to_owned(), mapping })
    }

    fn read_members(&mut self, pointer: &str, keyword: &str, members: &Value) -> Vec<SchemaId> {
        let list_pointer = push_pointer(pointer, keyword);
        let Some(list) = members.as_array() else {
            self.warn(&list_pointer, format!("`{keyword}` must be an array; ignored"));
            return Vec::new();
        };
        (0..list.len())
            .map(|index| {
                // Read by `read_schema` (and cleared there), so only the member itself sees it.
                self.all_of_member = keyword == "allOf";
                let id = self.schema_at(&format!("{list_pointer}/{index}"));
                self.all_of_member = false;
                id
            })
            .collect()
    }

    /// Reads `properties`, `required` and `additionalProperties`; `in_all_of` when the object is
    /// merged with others, so `required` may name their properties.
    fn read_object(&mut self, pointer: &str, object: &serde_json::Map<String, Value>, in_all_of: bool) -> ObjectSchema {
        let required: BTreeSet<String> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        let properties_pointer = push_pointer(pointer, "properties");
        let mut properties = Vec::new();
        if let Some(props) = object.get("properties").and_then(Value::as_object) {
            for name in props.keys() {
                properties.push(Property {
                    name: name.clone(),
                    schema: self.schema_at(&push_pointer(&properties_pointer, name)),
                    required: required.contains(name),
                });
            }
        }
        let mut required_elsewhere = Vec::new();
        for name in &required {
            if !properties.iter().any(|p| &p.name == name) {
                required_elsewhere.push(name.clone());
                if !in_all_of && !object.contains_key("additionalProperties") {
                    self.warn(
                        &push_pointer(pointer, "required"),
                        format!("required property `{name}` is not declared in `properties`; it is not typed"),
                    );
                }
            }
        }
        let patterns = object.get("patternProperties").and_then(Value::as_object);
        let additional = match object.get("additionalProperties") {
            // Member names matching a pattern: a map of the pattern's schema (the names are not
            // checked); several patterns, a map of any values.
            None if patterns.is_some_and(|p| p.len() == 1) => {
                let pattern = patterns.and_then(|p| p.keys().next()).cloned().unwrap_or_default();
                Additional::Schema(self.schema_at(&push_pointer(&push_pointer(pointer, "patternProperties"), &pattern)))
            }
            None if patterns.is_some_and(|p| !p.is_empty()) => Additional::Any,
            None => Additional::Unspecified,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(Value::Bool(true)) => Additional::Any,
            Some(Value::Object(map)) if map.is_empty() => Additional::Any,
            Some(Value::Object(_)) => {
                Additional::Schema(self.schema_at(&push_pointer(pointer, "additionalProperties")))
            }
            Some(_) => {
                self.warn(
                    &push_pointer(pointer, "additionalProperties"),
                    "`additionalProperties` must be a boolean or a schema; treated as `true`",
                );
                Additional::Any
            }
        };
        ObjectSchema { properties, additional, required_elsewhere, rule: None }
    }
}

impl Schema {
    /// A schema only `null` satisfies: `{type: null}`, or the 3.0 stand-in some specs (Box) use
    /// in unions, a nullable object that allows no members.
    fn is_null_only(&self) -> bool {
        match &self.kind {
            SchemaKind::Null => true,
            SchemaKind::Object(object) => {
                self.nullable && object.properties.is_empty() && matches!(object.additional, Additional::Forbidden)
            }
            _ => false,
        }
    }

    fn any(pointer: &str) -> Self {
        Schema {
            pointer: pointer.to_owned(),
            kind: SchemaKind::Any,
            nullable: false,
            title: None,
            description: None,
            format: None,
            default: None,
            examples: Vec::new(),
            deprecated: false,
            read_only: false,
            write_only: false,
            constraints: Vec::new(),
            discriminator: None,
        }
    }
}

/// Keywords that narrow a declared member's values without changing its shape.
const NARROWING_KEYWORDS: &[&str] = &[
    "enum",
    "const",
    "type",
    "format",
    "description",
    "title",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
];

/// Whether a `oneOf`/`anyOf` member only states a rule about members its parent declares: it
/// requires some (`required`), forbids some (`not: {required}`), or narrows their values
/// (`properties` with `enum`, `const`, `type`, bounds), and says nothing else.
fn is_member_rule(member: &Value, declared: &[&str]) -> bool {
    let Some(member) = member.as_object() else { return false };
    let names_declared = |list: Option<&Value>| {
        list.and_then(Value::as_array)
            .is_none_or(|l| l.iter().all(|n| n.as_str().is_some_and(|n| declared.contains(&n))))
    };
    member.iter().all(|(key, value)| match key.as_str() {
        "required" => names_declared(Some(value)),
        "not" => value
            .as_object()
            .is_some_and(|not| not.keys().all(|k| k == "required") && names_declared(not.get("required"))),
        "properties" => value.as_object().is_some_and(|props| {
            props.iter().all(|(name, schema)| {
                declared.contains(&name.as_str())
                    && schema.as_object().is_some_and(|s| s.keys().all(|k| NARROWING_KEYWORDS.contains(&k.as_str())))
            })
        }),
        "description" | "title" => true,
        "type" => value == "object",
        _ => false,
    })
}

/// The `url` of each entry of the `servers` list of a document, path item or operation.
fn server_urls(object: &serde_json::Map<String, Value>) -> Vec<String> {
    let Some(servers) = object.get("servers").and_then(Value::as_array) else {
        return Vec::new();
    };
    servers.iter().filter_map(|s| s.get("url").and_then(Value::as_str)).map(str::to_owned).collect()
}

fn parse_status(key: &str) -> Option<StatusMatch> {
    if key == "default" {
        return Some(StatusMatch::Default);
    }
    let bytes = key.as_bytes();
    if bytes.len() == 3 && (b'1'..=b'5').contains(&bytes[0]) && key[1..].eq_ignore_ascii_case("xx") {
        return Some(StatusMatch::Range(u16::from(bytes[0] - b'0')));
    }
    key.parse::<u16>().ok().filter(|code| (100..600).contains(code)).map(StatusMatch::Code)
}

/// The `{name}` templates of a path, in order.
pub fn path_template_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else { break };
        names.push(rest[start + 1..start + length].to_owned());
        rest = &rest[start + length + 1..];
    }
    names
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}
