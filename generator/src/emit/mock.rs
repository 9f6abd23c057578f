//! Typed mocks (`pub mod mock`, only with `Config::mock`): per operation a wiremock builder matching its route, typed parameters and body, answering each documented status with its typed body, and its received requests decoded.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{
    BodyDef, BodyEncoding, HeaderField, HeadersDef, MediaCase, Module, OperationDef, ParamDef, ParamLocation, PathPart,
    RequestEncoding, ResponseBody, ResponseCase, StatusPattern, TypeDef, TypeRef,
};
use crate::naming::snake_name;

use super::send::style_tokens;
use super::{ident, type_tokens};

/// The module's `mock` module: its operations' routes, `Mocks`, a builder per operation, and
/// `received` with each operation's decoded requests.
pub(crate) fn emit_mocks(module: &Module) -> TokenStream {
    let title = &module.title;
    let count = module.operations.len();
    let routes = module.operations.iter().map(|op| emit_route(title, op));
    let accessors = module.operations.iter().enumerate().map(|(index, op)| {
        let method = ident(&op.method_name);
        let builder = ident(&op.builder_name);
        let doc = format!(" A mock of `{} {}` (see [`super::Client::{}`]).", op.http_method, op.route, op.method_name);
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> #builder {
                #builder(runtime::mock::MockBuilder::new(&self.0, &OPERATIONS[#index]))
            }
        }
    });
    let builders = module.operations.iter().map(|op| emit_mock_builder(module, op));
    let received = module.operations.iter().map(|op| emit_received(module, op));
    let doc = format!(
        " Typed mocks of {title} for tests of code calling it: a builder per operation, mounted on a [`runtime::mock::Server`]."
    );
    quote! {
        #[doc = #doc]
        ///
        /// `Mocks::new(&server).<operation>()` matches the operation's method and path template, and
        /// optionally its parameters (`when_<parameter>`) and JSON body (`when_<member>`, `when_body`,
        /// `when_body_contains`); it answers with a documented status and its typed body
        /// (`responds_<status>`), any response (`responds_raw`), after a delay (`with_delay`), or by
        /// dropping the connection (`drops_connection`); `expect(n)` is verified when the server goes.
        /// Requests no mock matches get status 418 and a text body saying why.
        pub mod mock {
            #[allow(unused_imports)]
            use super::*;

            static OPERATIONS: [runtime::mock::OperationRoute; #count] = [#(#routes),*];

            /// The mocks of this API on one server: a method per operation.
            #[derive(Clone, Debug)]
            pub struct Mocks(runtime::mock::Server);

            impl Mocks {
                /// The mocks of this API on `server` (its operations join the server's diagnostics).
                pub fn new(server: &runtime::mock::Server) -> Self {
                    server.register(&OPERATIONS);
                    Mocks(server.clone())
                }

                #(#accessors)*
            }

            #(#builders)*

            /// Requests each operation received, decoded into its parameter and body types.
            pub mod received {
                #[allow(unused_imports)]
                use super::super::*;

                #(#received)*
            }
        }
    }
}

fn emit_route(title: &str, op: &OperationDef) -> TokenStream {
    let OperationDef { method_name, http_method, route, path, params, .. } = op;
    let parts = path.iter().map(|part| match part {
        PathPart::Literal(text) => quote! { runtime::mock::RoutePart::Literal(#text) },
        PathPart::Param(index) => {
            let wire = params.get(*index).map_or("", |p| p.wire_name.as_str());
            quote! { runtime::mock::RoutePart::Param(#wire) }
        }
    });
    quote! {
        runtime::mock::OperationRoute {
            api: #title,
            name: #method_name,
            method: #http_method,
            route: #route,
            path: &[#(#parts),*],
        }
    }
}

/// How a matcher takes a value: strings as `impl Into<String>`, boxes unboxed, the rest as they are.
fn taken(module: &Module, ty: &TypeRef) -> (TokenStream, TokenStream) {
    let value = format_ident!("value");
    match ty {
        TypeRef::String => (quote! { impl Into<String> }, quote! { &Into::<String>::into(#value) }),
        TypeRef::Box(inner) => taken(module, inner),
        other => (type_tokens(module, other), quote! { &#value }),
    }
}

/// The JSON body type a mock can match and decode, when the body is one JSON media type.
fn json_body(module: &Module, body: Option<&BodyDef>) -> Option<TokenStream> {
    let body = body?;
    match (body.choice.as_ref(), body.media.as_slice()) {
        (None, [media]) if media.encoding == RequestEncoding::Json => Some(type_tokens(module, &media.ty)),
        _ => None,
    }
}

fn emit_mock_builder(module: &Module, op: &OperationDef) -> TokenStream {
    let builder = ident(&op.builder_name);
    let received = &op.builder_name;
    let received_ty = ident(received);
    let params = op.params.iter().map(|param| emit_param_matcher(module, param));
    let members = emit_member_matchers(module, op);
    let body = json_body(module, op.body.as_ref()).map(|ty| {
        quote! {
            /// Matches requests whose JSON body decodes and satisfies `predicate`.
            pub fn when_body(mut self, predicate: impl Fn(&#ty) -> bool + Send + Sync + 'static) -> Self {
                self.0.body_matches(predicate);
                self
            }

            /// Matches requests whose JSON body contains every member `body` encodes (unset
            /// optional members are not encoded, so they match anything).
            pub fn when_body_contains(mut self, body: #ty) -> Self {
                self.0.body_contains(&body);
                self
            }
        }
    });
    let responses = op.responses.iter().map(|case| emit_responder(module, case));
    let headers = op.headers.as_ref().map(emit_response_headers);
    let doc = format!(
        " A mock of `{} {}` ([`super::Client::{}`]): add expectations and a response, then [`{}::mount`] it.",
        op.http_method, op.route, op.method_name, op.builder_name
    );
    quote! {
        #[doc = #doc]
        #[must_use = "a mock does nothing until it is mounted"]
        pub struct #builder(runtime::mock::MockBuilder);

        impl #builder {
            #(#params)*
            #members
            #body
            #(#responses)*
            #headers

            /// Answers with `response` as it is (any status, headers and body).
            pub fn responds_raw(mut self, response: runtime::mock::ResponseTemplate) -> Self {
                self.0.respond(response);
                self
            }

            /// Closes the connection instead of answering: the client sees a transport error.
            pub fn drops_connection(mut self) -> Self {
                self.0.drop_connection();
                self
            }

            /// Adds a header to the response.
            pub fn with_response_header(mut self, name: &str, value: &str) -> Self {
                self.0.response_header(name, value);
                self
            }

            /// Sends the response after `delay` (past the client's timeout, the call times out).
            pub fn with_delay(mut self, delay: ::std::time::Duration) -> Self {
                self.0.delay(delay);
                self
            }

            /// Wants this mock to match `times` requests (`1`, `1..`, `..=2`), checked when the server goes.
            pub fn expect(mut self, times: impl Into<runtime::mock::Times>) -> Self {
                self.0.expect(times.into());
                self
            }

            /// Matches at most `n` requests; later ones go to other mocks.
            pub fn up_to_n_times(mut self, n: u64) -> Self {
                self.0.up_to_n_times(n);
                self
            }

            /// Names the mock in wiremock's reports of unmet expectations.
            pub fn named(mut self, name: impl Into<String>) -> Self {
                self.0.named(name.into());
                self
            }

            /// Mounts the mock on its server.
            pub async fn mount(self) {
                self.0.mount().await
            }

            /// The requests of this operation the server received so far (answered by any mock or
            /// none), decoded.
            pub async fn received(&self) -> Result<Vec<received::#received_ty>, runtime::mock::DecodeError> {
                self.0.received().await.into_iter().map(received::#received_ty::decode).collect()
            }
        }
    }
}

fn emit_param_matcher(module: &Module, param: &ParamDef) -> TokenStream {
    let ParamDef { name, wire_name, location, style, explode, doc: _, ty, required: _ } = param;
    let method = format_ident!("when_{}", name);
    let (ty, value) = taken(module, ty);
    let style = style_tokens(*style);
    let (place, record) = match location {
        ParamLocation::Path => ("path", quote! { self.0.path_param(#wire_name, #value, #style, #explode); }),
        ParamLocation::Query => ("query", quote! { self.0.query(#wire_name, #value, #style, #explode); }),
        ParamLocation::Header => ("header", quote! { self.0.header(#wire_name, #value, #explode); }),
        ParamLocation::Cookie => ("cookie", quote! { self.0.cookie(#wire_name, #value); }),
    };
    let doc = format!(
        " Matches requests whose {place} parameter `{wire_name}` is `value`, encoded as the client encodes it."
    );
    quote! {
        #[doc = #doc]
        pub fn #method(mut self, value: #ty) -> Self {
            #record
            self
        }
    }
}

fn emit_member_matchers(module: &Module, op: &OperationDef) -> TokenStream {
    let Some(body) = op.body.as_ref().filter(|body| json_body(module, Some(body)).is_some()) else {
        return quote! {};
    };
    let Some(members) = &body.members else { return quote! {} };
    let Some(TypeDef::Struct(def)) = module.types.get(members.ty.0) else { return quote! {} };
    let matchers = members.members.iter().filter_map(|member| {
        let field = def.fields.get(member.field).filter(|field| !field.flatten)?;
        let inner = match &field.ty {
            TypeRef::Option(inner) => inner.as_ref(),
            other => other,
        };
        let method = format_ident!("when_{}", member.name);
        let (ty, value) = taken(module, inner);
        let wire = &field.wire_name;
        let doc = format!(" Matches requests whose body member `{wire}` is (for objects: contains) `value`.");
        Some(quote! {
            #[doc = #doc]
            pub fn #method(mut self, value: #ty) -> Self {
                self.0.body_member(#wire, #value);
                self
            }
        })
    });
    quote! { #(#matchers)* }
}

fn emit_responder(module: &Module, case: &ResponseCase) -> TokenStream {
    let ResponseCase { status, variant, doc: _, body, outcome: _ } = case;
    let method = format_ident!("responds_{}", snake_name(variant));
    let (status_param, status, shown) = match status {
        StatusPattern::Code(code) => {
            let code = Literal::u16_unsuffixed(*code);
            (quote! {}, quote! { #code }, code.to_string())
        }
        StatusPattern::Range(hundreds) => {
            (quote! { status: u16, }, quote! { status }, format!("{hundreds}XX (`status`)"))
        }
        StatusPattern::Default => (quote! { status: u16, }, quote! { status }, "any (`status`)".to_owned()),
    };
    let (body_param, response) = match body {
        None => (quote! {}, quote! { runtime::mock::empty(#status) }),
        Some(ResponseBody { ty, encoding }) => response_body(module, ty, encoding, &status),
    };
    let doc = format!(" Answers with status {shown} and its documented body (the client's `{variant}`).");
    quote! {
        #[doc = #doc]
        pub fn #method(mut self, #status_param #body_param) -> Self {
            self.0.respond(#response);
            self
        }
    }
}

/// The parameter a responder takes its body as, and the response it builds from it.
fn response_body(
    module: &Module,
    ty: &TypeRef,
    encoding: &BodyEncoding,
    status: &TokenStream,
) -> (TokenStream, TokenStream) {
    match (encoding, ty) {
        (BodyEncoding::Json, ty) => {
            let (ty, value) = taken(module, ty);
            (quote! { value: #ty }, quote! { runtime::mock::json(#status, #value, "application/json") })
        }
        (BodyEncoding::Text, _) => {
            (quote! { value: impl Into<String> }, quote! { runtime::mock::raw(#status, value.into(), "text/plain") })
        }
        (BodyEncoding::Bytes | BodyEncoding::ByteStream, _) => (
            quote! { value: impl Into<runtime::Bytes> },
            quote! { runtime::mock::raw(#status, value, "application/octet-stream") },
        ),
        (BodyEncoding::JsonEvents, TypeRef::EventStream(item)) => {
            let item = type_tokens(module, item);
            (quote! { events: impl IntoIterator<Item = #item> }, quote! { runtime::mock::json_events(#status, events) })
        }
        (BodyEncoding::JsonEvents | BodyEncoding::TextEvents, _) => (
            quote! { events: impl IntoIterator<Item = String> },
            quote! { runtime::mock::text_events(#status, events) },
        ),
        (BodyEncoding::Choice(cases), ty) => {
            let name = type_tokens(module, ty);
            let arms = cases.iter().map(|MediaCase { essence, variant, encoding }| {
                let variant = ident(variant);
                match encoding {
                    BodyEncoding::Json => {
                        quote! { #name::#variant(value) => runtime::mock::json(#status, &value, #essence), }
                    }
                    BodyEncoding::Text | BodyEncoding::Bytes => {
                        quote! { #name::#variant(value) => runtime::mock::raw(#status, value, #essence), }
                    }
                    // Streams cannot be built by a test; the variant answers with an empty body.
                    _ => quote! { #name::#variant(_) => runtime::mock::raw(#status, "", #essence), },
                }
            });
            (quote! { value: #name }, quote! { match value { #(#arms)* } })
        }
    }
}

fn emit_response_headers(headers: &HeadersDef) -> TokenStream {
    let HeadersDef { name, doc: _, fields } = headers;
    let ty = ident(name);
    let sets = fields.iter().map(|HeaderField { name, wire_name, ty: _, doc: _ }| {
        let field = ident(name);
        quote! {
            if let Some(value) = &headers.#field {
                self.0.response_header(#wire_name, value);
            }
        }
    });
    quote! {
        /// Adds the documented headers that are set in `headers` to the response.
        pub fn with_headers(mut self, headers: #ty) -> Self {
            #(#sets)*
            self
        }
    }
}

/// The decoded request of one operation: path, query and header parameters (cookies are left in
/// `request`), the JSON body, and the request as received.
fn emit_received(module: &Module, op: &OperationDef) -> TokenStream {
    let name = ident(&op.builder_name);
    let params: Vec<&ParamDef> = op.params.iter().filter(|p| p.location != ParamLocation::Cookie).collect();
    let fields = params.iter().map(|param| {
        let field = ident(&param.name);
        let ty = type_tokens(module, &param.ty);
        let ty = if param.required {
            ty
        } else {
            quote! { Option<#ty> }
        };
        let doc = format!(" The `{}` parameter.", param.wire_name);
        quote! { #[doc = #doc] pub #field: #ty, }
    });
    let reads = params.iter().map(|param| {
        let field = ident(&param.name);
        let wire = &param.wire_name;
        let style = style_tokens(param.style);
        match param.location {
            ParamLocation::Path => quote! { #field: request.path(#wire, #style)?, },
            ParamLocation::Header => quote! { #field: request.header(#wire)?, },
            _ => quote! { #field: request.query(#wire)?, },
        }
    });
    let body = op.body.as_ref().and_then(|body| json_body(module, Some(body)).map(|ty| (body.required, ty)));
    let body_field = body.as_ref().map(|(required, ty)| {
        let ty = if *required {
            ty.clone()
        } else {
            quote! { Option<#ty> }
        };
        quote! { /// The JSON body.
        pub body: #ty, }
    });
    let body_read = body.as_ref().map(|_| quote! { body: request.json_body()?, });
    let doc = format!(" A request received for `{} {}`, decoded.", op.http_method, op.route);
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #body_field
            /// The request as received (method, URL, headers, body bytes).
            pub request: runtime::mock::Request,
        }

        impl #name {
            pub(super) fn decode(request: runtime::mock::ReceivedRequest) -> Result<Self, runtime::mock::DecodeError> {
                Ok(Self { #(#reads)* #body_read request: request.into_request() })
            }
        }
    }
}
