//! Operations: method, builder and error names, path templates, servers and security.

use crate::ir;
use crate::model;
use crate::naming::{self, Namespace};

use super::CLIENT_METHODS;
use super::Lowerer;
use super::docs::docs;
use super::samples::{OperationSamples, operation_samples};

impl Lowerer<'_, '_, '_> {
    pub(super) fn lower_operations(&mut self, client: &ir::ClientDef) -> Vec<(ir::OperationDef, OperationSamples)> {
        let api = self.api;
        // Over the operations a selection leaves out too, so the names it keeps are those of the whole spec.
        let paths = api.operations.iter().chain(&api.left_out).map(|op| op.path.as_str());
        let prefix = naming::common_path_prefix(paths);
        let mut reserved: Vec<&str> = CLIENT_METHODS.to_vec();
        reserved.extend(client.auth.iter().map(|a| a.setter.as_str()));
        let mut method_names = Namespace::with_reserved(&reserved);
        api.operations
            .iter()
            .map(|op| {
                let (mut def, samples) = self.lower_operation(op, prefix, &mut method_names);
                def.server = self.operation_server(op, client.default_base_url.as_ref());
                if let Some(url) = def.server.as_ref().filter(|url| Some(*url) != client.default_base_url.as_ref()) {
                    def.doc.push(String::new());
                    def.doc.push(format!(
                        "Sent to `{url}`, this operation's server in the spec, unless the client has a base URL."
                    ));
                }
                (def, samples)
            })
            .collect()
    }

    pub(super) fn lower_operation(
        &mut self,
        op: &model::Operation,
        prefix: usize,
        method_names: &mut Namespace,
    ) -> (ir::OperationDef, OperationSamples) {
        let key = format!("{} {}", op.method, op.path);
        let base_name = match (self.config.operation_names.get(&key), &op.operation_id) {
            (Some(name), _) => naming::snake_name(name),
            (None, Some(id)) => naming::snake_name(id),
            (None, None) => naming::operation_name(op.method.as_str(), &op.path, prefix),
        };
        let method_name = method_names.claim(&base_name);
        let pascal = naming::type_name(&method_name);
        let builder_name = self.type_names.claim(&pascal);
        let error_name = self.type_names.claim(&format!("{pascal}Error"));

        // Builder fields and setters share names with parameters; `send` has locals of its own;
        // the per-request settings (`options` and its `with_*` methods) are on every builder, and
        // a paginated operation's `pages` and `items` on its builder.
        let mut param_names = Namespace::with_reserved(&[
            "client",
            "body",
            // The mock builder's `when_<name>` matchers sit beside `when_body_contains`.
            "body_contains",
            "send",
            "send_response",
            "into_future",
            "path",
            "request",
            "response",
            "options",
            "with_timeout",
            "with_retry",
            "with_header",
            "with_options",
            "pages",
            "items",
        ]);
        let mut params = Vec::new();
        // Path parameters first, in template order, then the rest in document order.
        let templates = model::path_template_names(&op.path);
        let mut ordered: Vec<&model::Parameter> = templates
            .iter()
            .filter_map(|t| op.parameters.iter().find(|p| p.location == model::ParameterLocation::Path && &p.name == t))
            .collect();
        ordered.extend(op.parameters.iter().filter(|p| p.location != model::ParameterLocation::Path));
        for parameter in &ordered {
            params.push(self.lower_param(parameter, &pascal, &mut param_names));
        }
        let samples = operation_samples(self.api, &ordered, op.request_body.as_ref());
        let path = path_parts(&op.path, &params);

        let mut body = op.request_body.as_ref().and_then(|body| self.lower_body(body, &pascal));
        if let Some(body) = &mut body {
            body.members = self.body_members(body, &mut param_names);
        }
        let (success, responses, unknown_status) = self.lower_responses(op, &pascal);
        let headers = self.lower_headers(op, &pascal);
        let mut doc = docs(&[op.summary.as_deref(), op.description.as_deref()]);
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.push(format!("`{} {}`", op.method, op.path));
        doc.extend(self.wire_summary(&body, &responses, &error_name));
        let def = ir::OperationDef {
            method_name,
            builder_name,
            doc,
            deprecated: op.deprecated,
            http_method: op.method.as_str().to_owned(),
            route: op.path.clone(),
            path,
            params,
            body,
            success,
            error_name,
            error_doc: vec![format!("Documented error responses of `{} {}`.", op.method, op.path)],
            responses,
            unknown_status,
            headers,
            security: self.lower_security(op),
            server: None,
            pagination: None,
        };
        (def, samples)
    }

    /// The operation's own server when it has an absolute one, else the spec's default.
    pub(super) fn operation_server(&mut self, op: &model::Operation, default: Option<&String>) -> Option<String> {
        let Some(first) = op.servers.first() else {
            return default.cloned();
        };
        if url::Url::parse(first).is_ok() {
            return Some(first.clone());
        }
        self.warn(
            &format!("{}/0", op.servers_pointer),
            format!(
                "server URL `{first}` is not absolute; the operation uses the spec's server (or the client's base URL)"
            ),
        );
        default.cloned()
    }
}

pub(super) fn path_parts(path: &str, params: &[ir::ParamDef]) -> Vec<ir::PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else { break };
        if start > 0 {
            parts.push(ir::PathPart::Literal(rest[..start].to_owned()));
        }
        let name = &rest[start + 1..start + length];
        match params.iter().position(|p| p.location == ir::ParamLocation::Path && p.wire_name == name) {
            Some(index) => parts.push(ir::PathPart::Param(index)),
            None => parts.push(ir::PathPart::Literal(rest[start..start + length + 1].to_owned())),
        }
        rest = &rest[start + length + 1..];
    }
    if !rest.is_empty() {
        parts.push(ir::PathPart::Literal(rest.to_owned()));
    }
    parts
}
