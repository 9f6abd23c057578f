//! `send`: how each builder writes its request (path, parameters, body, credentials) and dispatches on the status.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{
    AuthKind, BodyDef, BodyMedia, FieldStyle, Module, OperationDef, ParamLocation, ParamStyle, PathPart,
    RequestEncoding, ResponseCase, StatusPattern,
};

use super::client::success_type;
use super::ident;
use super::response::{case_value, is_streamed, status_matches, status_pattern};

pub(super) fn emit_send(module: &Module, op: &OperationDef) -> TokenStream {
    // Every part of the operation is either written here or by the builder and the enums
    // (`builder`, `response`); a new part of the IR must be placed somewhere.
    let OperationDef {
        method_name,
        builder_name,
        doc: _,
        deprecated: _,
        http_method,
        route,
        path: _,
        params,
        body,
        success: _,
        error_name,
        error_doc: _,
        responses,
        unknown_status,
        headers: _,
        security,
        server,
        // Written by `pages` (the builder's `pages()`, `items()` and its `Paginated` impl).
        pagination: _,
    } = op;
    let error = ident(error_name);
    let builder = ident(builder_name);
    let success = success_type(module, op);
    let headers = headers_type(op);
    let answer = quote! { runtime::Response<#success, #headers> };
    let path = emit_path(op);
    let method = ident(http_method);
    let server = match server {
        Some(url) => quote! { Some(#url) },
        None => quote! { None },
    };
    let query_params = params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let style = style_tokens(p.style);
        let explode = p.explode;
        match p.location {
            ParamLocation::Query => quote! { request.query(#wire, &this.#name, #style, #explode); },
            ParamLocation::Header => quote! { request.header(#wire, &this.#name, #explode); },
            ParamLocation::Cookie => quote! { request.cookie(#wire, &this.#name); },
            ParamLocation::Path => quote! {},
        }
    });
    let set_body = body.as_ref().map(emit_body);
    let auth = emit_auth(op);
    // Streamed answers are taken before the body is read; everything else is read whole first.
    let streamed_cases: Vec<&ResponseCase> = responses.iter().filter(|case| is_streamed(case)).collect();
    let (streamed_fns, streamed_arg) = match streamed_cases.split_last() {
        None => (quote! {}, quote! { None }),
        Some((last, others)) => {
            let matches = streamed_cases.iter().map(|case| status_matches(case.status));
            let conditional = others.iter().map(|case| {
                let matches = status_matches(case.status);
                let value = case_value(module, op, case, quote! { raw_headers });
                quote! { if #matches { let raw_headers = received.headers().clone(); return #value; } }
            });
            let last = case_value(module, op, last, quote! { raw_headers });
            let fns = quote! {
                fn streams(status: runtime::StatusCode) -> bool {
                    #(#matches)||*
                }
                fn decode_stream(received: runtime::Received) -> Result<#answer, runtime::Error<#error>> {
                    let status = received.status();
                    #(#conditional)*
                    let raw_headers = received.headers().clone();
                    #last
                }
            };
            (fns, quote! { Some(runtime::Streamed { answers: streams, decode: decode_stream }) })
        }
    };
    let arms = responses.iter().filter(|case| !is_streamed(case)).map(|case| {
        let pattern = status_pattern(case.status);
        let value = case_value(module, op, case, quote! { response.headers });
        quote! { #pattern => #value, }
    });
    let unknown = unknown_status.as_deref().map(|variant| {
        let variant = ident(variant);
        quote! { Err(runtime::Error::undocumented(response, #error::#variant)) }
    });
    let arms: Vec<TokenStream> = arms.collect();
    let read_cases: Vec<&ResponseCase> = responses.iter().filter(|case| !is_streamed(case)).collect();
    // A match whose only arm is the catch-all is written as that arm's value.
    let decide = match (read_cases.as_slice(), unknown) {
        ([], Some(unknown)) => unknown,
        ([only], None) if only.status == StatusPattern::Default => {
            case_value(module, op, only, quote! { response.headers })
        }
        (_, unknown) => {
            let unknown = unknown.map(|unknown| quote! { _ => #unknown, });
            quote! { match status.as_u16() { #(#arms)* #unknown } }
        }
    };
    // With no response read whole documented, every status read is undocumented and needs no look.
    let status = (!read_cases.is_empty()).then(|| quote! { let status = response.status; });
    let has_params = params.iter().any(|p| p.location != ParamLocation::Path);
    let mutable = (has_params || body.is_some() || !security.is_empty()).then(|| quote! { mut });
    let send_doc = format!(" Sends the request and decodes the response body (see [`Client::{method_name}`]).");
    // Every call is the runtime's one `call` future driven by these plain functions: no
    // operation has an `async` body of its own for rustc to check and lay out.
    quote! {
        #[doc = #send_doc]
        #[allow(clippy::type_complexity)] // the spec's types, spelled out
        pub fn send(self) -> runtime::BodyCall<#success, #headers, #error> {
            runtime::BodyCall::new(self.send_response())
        }

        /// Sends the request; on success returns the body with the status and the headers.
        // The decoders return the call's own error type, as `send` does, and spell out the spec's types.
        #[allow(clippy::result_large_err, clippy::type_complexity)]
        #[must_use = "a call does nothing until it is awaited"]
        pub fn send_response(self) -> runtime::Call<#answer, #error> {
            fn request(this: #builder) -> Result<runtime::Request, runtime::SendFailure> {
                #path
                let operation = runtime::Operation { name: #method_name, method: #http_method, path: #route };
                let #mutable request = runtime::Request::new(this.client.0, #server, runtime::Method::#method, path)
                    .with_options(this.options)
                    .for_operation(operation);
                #(#query_params)*
                #set_body
                #auth
                Ok(request)
            }
            #streamed_fns
            fn decode(response: runtime::RawResponse) -> Result<#answer, runtime::Error<#error>> {
                #status
                #decide
            }
            runtime::call(request(self), #streamed_arg, decode)
        }
    }
}

/// The type of a success's typed headers: the operation's headers struct, or `()`.
pub(super) fn headers_type(op: &OperationDef) -> TokenStream {
    match &op.headers {
        Some(headers) => {
            let name = ident(&headers.name);
            quote! { #name }
        }
        None => quote! { () },
    }
}

pub(super) fn emit_path(op: &OperationDef) -> TokenStream {
    let mut template = String::new();
    let mut segments = Vec::new();
    for part in &op.path {
        match part {
            PathPart::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(index) => {
                let param = &op.params[*index];
                let name = ident(&param.name);
                let wire = &param.wire_name;
                let style = style_tokens(param.style);
                let explode = param.explode;
                template.push_str(&format!("{{{name}}}"));
                segments.push(quote! { let #name = runtime::path_param(#wire, &this.#name, #style, #explode)?; });
            }
        }
    }
    if segments.is_empty() {
        let literal = template.replace("{{", "{").replace("}}", "}");
        quote! { let path = #literal; }
    } else {
        quote! { #(#segments)* let path = format!(#template); }
    }
}

pub(super) fn style_tokens(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Simple => quote! { runtime::Style::Simple },
        ParamStyle::Label => quote! { runtime::Style::Label },
        ParamStyle::Matrix => quote! { runtime::Style::Matrix },
        ParamStyle::Form => quote! { runtime::Style::Form },
        ParamStyle::SpaceDelimited => quote! { runtime::Style::SpaceDelimited },
        ParamStyle::PipeDelimited => quote! { runtime::Style::PipeDelimited },
        ParamStyle::DeepObject => quote! { runtime::Style::DeepObject },
    }
}

/// The statement that puts `body` (an owned value of one media type) on the request.
pub(super) fn set_body(media: &BodyMedia) -> TokenStream {
    let content_type = &media.content_type;
    match media.encoding {
        RequestEncoding::Json => quote! { request.json(&body, #content_type); },
        RequestEncoding::Text | RequestEncoding::Binary => quote! { request.body(body, #content_type); },
        RequestEncoding::Form => {
            let fields = media.fields.iter().map(|FieldStyle { wire_name, style, explode }| {
                let style = style_tokens(*style);
                quote! { (#wire_name, #style, #explode) }
            });
            quote! { request.form(&body, &[#(#fields),*], #content_type); }
        }
        RequestEncoding::Multipart => quote! { request.multipart(runtime::IntoMultipart::into_form(body)?); },
    }
}

pub(super) fn emit_body(body: &BodyDef) -> TokenStream {
    let set = match (&body.choice, body.media.first()) {
        (Some(choice), _) => {
            let choice = ident(choice);
            let arms = body.media.iter().map(|media| {
                let variant = ident(&media.variant);
                let set = set_body(media);
                quote! { #choice::#variant(body) => { #set } }
            });
            quote! { match body { #(#arms)* } }
        }
        (None, Some(media)) => set_body(media),
        (None, None) => quote! {},
    };
    if body.required {
        quote! { let body = this.body; #set }
    } else {
        quote! { if let Some(body) = this.body { #set } }
    }
}

pub(super) fn emit_auth(op: &OperationDef) -> TokenStream {
    if op.security.is_empty() {
        return quote! {};
    }
    let alternatives = op.security.iter().map(|alternative| {
        let credentials = alternative.iter().map(auth_tokens);
        quote! { &[#(#credentials),*] }
    });
    quote! { request.authorize(&[#(#alternatives),*]); }
}

/// The runtime's `Auth` value for where a scheme puts its credential.
pub(super) fn auth_tokens(kind: &AuthKind) -> TokenStream {
    match kind {
        AuthKind::Header(name) => quote! { runtime::Auth::Header { name: #name } },
        AuthKind::Query(name) => quote! { runtime::Auth::Query { name: #name } },
        AuthKind::Cookie(name) => quote! { runtime::Auth::Cookie { name: #name } },
        AuthKind::Bearer => quote! { runtime::Auth::Bearer },
        AuthKind::Basic => quote! { runtime::Auth::Basic },
    }
}
