//! Paths and operations: parameters, request bodies, responses, headers, examples and servers.

use serde_json::Value;

use crate::spec::push_pointer;

use super::vocabulary::media_essence;
use super::{
    Builder, HttpMethod, MediaKind, MediaType, Operation, Parameter, ParameterLocation, ParameterStyle,
    PropertyEncoding, RequestBody, Response, ResponseHeader, StatusMatch, text,
};

/// The vendor extensions that declare an operation's pagination, kept for `lower` to read.
const PAGINATION_EXTENSIONS: &[&str] = &["x-speakeasy-pagination", "x-fern-pagination", "x-dropshot-pagination"];

impl<'a> Builder<'a, '_, '_> {
    pub(super) fn read_path_item(
        &mut self,
        pointer: &str,
        path: &str,
        item: &'a Value,
        global_security: Option<&[Vec<String>]>,
    ) {
        let Some((pointer, item)) = self.follow_ref(pointer, item) else { return };
        let Some(item) = item.as_object() else {
            self.error(&pointer, "a path item must be an object");
            return;
        };
        let path = &self.checked_path(&pointer, path);
        let path_servers = self.server_urls(&pointer, item);
        let shared_parameters = item
            .get("parameters")
            .map(|p| self.read_parameters(&push_pointer(&pointer, "parameters"), p))
            .unwrap_or_default();
        for (key, raw) in item {
            let Some(method) = HttpMethod::parse(key) else { continue };
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
            let templates = path_template_names(path);
            parameters.retain(|p| {
                let placed = p.location != ParameterLocation::Path || templates.contains(&p.name);
                if !placed {
                    self.warn_unplaced_parameter(&op_pointer, &p.name, path);
                }
                placed
            });
            for template in templates {
                if !parameters.iter().any(|p| p.location == ParameterLocation::Path && p.name == template) {
                    self.warn(&op_pointer, format!("path template `{{{template}}}` has no `in: path` parameter; it is added as a required string"));
                    parameters.push(Parameter {
                        name: template,
                        location: ParameterLocation::Path,
                        required: true,
                        description: None,
                        deprecated: false,
                        schema: None,
                        examples: Vec::new(),
                        style: ParameterStyle::Simple,
                        explode: false,
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
            let (servers, servers_pointer) = match self.server_urls(&op_pointer, op) {
                own if !own.is_empty() => (own, push_pointer(&op_pointer, "servers")),
                _ => (path_servers.clone(), push_pointer(&pointer, "servers")),
            };
            let pagination_extensions = PAGINATION_EXTENSIONS
                .iter()
                .filter_map(|name| op.get(*name).map(|value| ((*name).to_owned(), value.clone())))
                .collect();
            self.api.operations.push(Operation {
                servers,
                servers_pointer,
                pointer: op_pointer.clone(),
                pagination_extensions,
                method,
                path: path.to_owned(),
                operation_id: self.str_field(op, "operationId"),
                tags: op
                    .get("tags")
                    .and_then(Value::as_array)
                    .map_or_else(Vec::new, |tags| tags.iter().filter_map(text).collect()),
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

    pub(super) fn read_parameters(&mut self, pointer: &str, value: &'a Value) -> Vec<Parameter> {
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
            let written = object.get("in").and_then(Value::as_str);
            let location = match written.and_then(ParameterLocation::parse) {
                Some(location) => location,
                None => {
                    let other = written;
                    self.error(&pointer, format!("parameter location {other:?} is not one of path, query, header, cookie; the parameter is skipped"));
                    continue;
                }
            };
            let Some(name) = self.str_field(object, "name") else {
                self.error(&pointer, "parameter has no `name`; it is skipped");
                continue;
            };
            let style = self.read_parameter_style(&pointer, object, location);
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
                name,
                location,
                // Path parameters are always required, whatever the document says.
                required: location == ParameterLocation::Path
                    || object.get("required").and_then(Value::as_bool).unwrap_or(false),
                description: self.str_field(object, "description"),
                deprecated: object.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
                schema,
                examples: self.read_examples(&pointer, raw),
                style,
                explode: object.get("explode").and_then(Value::as_bool).unwrap_or(style.default_explode()),
            });
        }
        parameters
    }

    /// The `example` and `examples` (a map of Example objects, possibly `$ref`s) of a media type or parameter.
    pub(super) fn read_examples(&mut self, pointer: &str, object: &'a Value) -> Vec<(String, Value)> {
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

    pub(super) fn read_content(&mut self, pointer: &str, value: Option<&'a Value>) -> Vec<MediaType> {
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
                            .map(|(property, encoding)| {
                                let pointer = push_pointer(&push_pointer(&media_pointer, "encoding"), property);
                                PropertyEncoding {
                                    property: property.clone(),
                                    content_type: encoding
                                        .get("contentType")
                                        .and_then(Value::as_str)
                                        .map(str::to_owned),
                                    style: self.read_member_style(&pointer, encoding),
                                    explode: encoding.get("explode").and_then(Value::as_bool),
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let essence = media_essence(media_type);
                let kind = MediaKind::of(&essence);
                MediaType {
                    pointer: media_pointer,
                    media_type: media_type.clone(),
                    essence,
                    kind,
                    schema,
                    examples,
                    encodings,
                }
            })
            .collect()
    }

    pub(super) fn read_request_body(&mut self, pointer: &str, value: &'a Value) -> Option<RequestBody> {
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

    pub(super) fn read_responses(&mut self, pointer: &str, value: &'a Value) -> Vec<Response> {
        let Some(object) = value.as_object() else {
            self.error(pointer, "`responses` must be an object");
            return Vec::new();
        };
        let mut responses = Vec::new();
        for (key, raw) in object {
            let entry_pointer = push_pointer(pointer, key);
            let Some(status) = StatusMatch::parse(key) else {
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

    pub(super) fn read_response_headers(&mut self, pointer: &str, value: Option<&'a Value>) -> Vec<ResponseHeader> {
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
            let examples = self.read_examples(&header_pointer, raw);
            read.push(ResponseHeader {
                name: name.clone(),
                description: raw.get("description").and_then(text),
                schema,
                examples,
            });
        }
        read
    }

    /// The path as requests use it: with a leading `/` (warned when the spec omits it, since the path
    /// would otherwise be glued onto the server URL), and a warning for braces that open or close
    /// no template (they are sent as literal text).
    fn checked_path(&mut self, pointer: &str, path: &str) -> String {
        let mut depth = 0usize;
        let mut unbalanced = false;
        for c in path.chars() {
            match c {
                '{' if depth == 0 => depth = 1,
                '}' if depth == 1 => depth = 0,
                '{' | '}' => unbalanced = true,
                _ => {}
            }
        }
        if unbalanced || depth != 0 {
            self.warn(
                pointer,
                format!("path `{path}` has a `{{` or `}}` that opens or closes no template; it is sent as written"),
            );
        }
        if path.starts_with('/') {
            return path.to_owned();
        }
        self.warn(pointer, format!("path `{path}` does not start with `/`; it is used as `/{path}`"));
        format!("/{path}")
    }

    /// Warns that a path parameter has no `{name}` in its path, so it cannot be sent.
    fn warn_unplaced_parameter(&mut self, pointer: &str, name: &str, path: &str) {
        self.warn(
            pointer,
            format!("path parameter `{name}` does not appear in `{path}`; it cannot be sent and is left out"),
        );
    }

    /// A parameter's `style`: as written when it applies to `location`, else the location's default.
    fn read_parameter_style(
        &mut self,
        pointer: &str,
        object: &serde_json::Map<String, Value>,
        location: ParameterLocation,
    ) -> ParameterStyle {
        let default = ParameterStyle::default_for(location);
        let Some(written) = self.str_field(object, "style") else { return default };
        match ParameterStyle::parse(&written) {
            Some(style) if style.applies_to(location) => style,
            _ => {
                self.warn(
                    pointer,
                    format!("style `{written}` does not apply to a {location:?} parameter; the default style is used"),
                );
                default
            }
        }
    }

    /// The `style` of a form member's `encoding`: the styles of query parameters apply.
    fn read_member_style(&mut self, pointer: &str, encoding: &Value) -> Option<ParameterStyle> {
        let written = encoding.as_object().and_then(|object| self.str_field(object, "style"))?;
        match ParameterStyle::parse(&written) {
            Some(style) if style.applies_to(ParameterLocation::Query) => Some(style),
            _ => {
                self.warn(
                    &push_pointer(pointer, "style"),
                    format!("style `{written}` does not apply to a form member; `form` is used"),
                );
                Some(ParameterStyle::Form)
            }
        }
    }
}

impl Builder<'_, '_, '_> {
    /// The `url` of each entry of the `servers` list of `object` (a document, path item or
    /// operation at `pointer`).
    ///
    /// A `{variable}` in a URL takes the `default` of its entry in the server's `variables` (the
    /// value OpenAPI says to use when none is supplied). A variable without a default (which
    /// OpenAPI requires) takes the first value of its `enum`, with a warning; one with neither, or
    /// not declared at all, stays as written, with a warning, so the URL is not absolute and `lower`
    /// warns about that too.
    pub(super) fn server_urls(&mut self, pointer: &str, object: &serde_json::Map<String, Value>) -> Vec<String> {
        let Some(servers) = object.get("servers").and_then(Value::as_array) else {
            return Vec::new();
        };
        let mut urls = Vec::new();
        for (index, server) in servers.iter().enumerate() {
            let Some(written) = server.get("url").and_then(Value::as_str) else { continue };
            let server_pointer = format!("{}/{index}", push_pointer(pointer, "servers"));
            let variables = server.get("variables").and_then(Value::as_object);
            let mut url = written.to_owned();
            for name in path_template_names(written) {
                let variable_pointer = push_pointer(&push_pointer(&server_pointer, "variables"), &name);
                let Some(variable) = variables.and_then(|v| v.get(&name)) else {
                    self.warn(
                        &push_pointer(&server_pointer, "url"),
                        format!("server URL variable `{{{name}}}` is not declared in `variables`; it stays as written"),
                    );
                    continue;
                };
                let choices: Vec<String> =
                    variable.get("enum").and_then(Value::as_array).into_iter().flatten().filter_map(text).collect();
                let value = match variable.get("default").and_then(text) {
                    Some(default) => {
                        if !choices.is_empty() && !choices.contains(&default) {
                            self.warn(
                                &push_pointer(&variable_pointer, "default"),
                                format!("the default `{default}` of server variable `{name}` is not one of its `enum`; it is used"),
                            );
                        }
                        default
                    }
                    None => match choices.first() {
                        Some(first) => {
                            self.warn(
                                &variable_pointer,
                                format!("server variable `{name}` has no `default`; the first of its `enum`, `{first}`, is used"),
                            );
                            first.clone()
                        }
                        None => {
                            self.warn(
                                &variable_pointer,
                                format!("server variable `{name}` has no `default`; it stays as written"),
                            );
                            continue;
                        }
                    },
                };
                url = url.replace(&format!("{{{name}}}"), &value);
            }
            urls.push(url);
        }
        urls
    }
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
