//! Responses: reading bodies, the value each status produces, and the success and error enums.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{
    BodyEncoding, MediaCase, Module, OperationDef, Outcome, ResponseCase, StatusPattern, SuccessDef, TypeRef,
};

use super::types::is_stream;
use super::{doc_attrs, ident, type_tokens};

pub(super) fn status_pattern(status: StatusPattern) -> TokenStream {
    match status {
        StatusPattern::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote! { #code }
        }
        StatusPattern::Range(hundreds) => {
            let low = Literal::u16_unsuffixed(hundreds * 100);
            let high = Literal::u16_unsuffixed(hundreds * 100 + 99);
            quote! { #low..=#high }
        }
        StatusPattern::Default => quote! { _ },
    }
}

/// Reads a whole body from `response` (a `runtime::RawResponse`).
pub(super) fn read_body(encoding: &BodyEncoding, ty: &TypeRef, module: &Module) -> TokenStream {
    match encoding {
        BodyEncoding::Json => quote! { response.json()? },
        BodyEncoding::Text => quote! { response.text()? },
        BodyEncoding::Bytes => quote! { response.bytes() },
        // Streams are taken from the unread response; see `emit_send`.
        BodyEncoding::ByteStream => quote! { received.into_byte_stream() },
        BodyEncoding::JsonEvents => quote! { received.into_json_events() },
        BodyEncoding::TextEvents => quote! { received.into_text_events() },
        BodyEncoding::Choice(choices) => {
            let name = type_tokens(module, ty);
            let arms = choices.iter().map(|MediaCase { essence, variant, encoding }| {
                let variant = ident(variant);
                let read = read_body(encoding, ty, module);
                quote! { #essence => #name::#variant(#read), }
            });
            let fallback = choices.first().map(|MediaCase { essence: _, variant, encoding }| {
                let variant = ident(variant);
                let read = read_body(encoding, ty, module);
                quote! { _ => #name::#variant(#read), }
            });
            quote! { match response.media_type().as_str() { #(#arms)* #fallback } }
        }
    }
}

/// Whether a case is answered with a stream (taken before the body is read).
pub(super) fn is_streamed(case: &ResponseCase) -> bool {
    case.outcome == Outcome::Success
        && case.body.as_ref().is_some_and(|b| {
            matches!(b.encoding, BodyEncoding::ByteStream | BodyEncoding::JsonEvents | BodyEncoding::TextEvents)
        })
}

/// Whether a case's variant carries the status (ranges and `default` cover several).
pub(super) fn keeps_status(case: &ResponseCase) -> bool {
    !matches!(case.status, StatusPattern::Code(_))
}

pub(super) fn variant_value(module: &Module, case: &ResponseCase) -> TokenStream {
    let variant = ident(&case.variant);
    let body = case.body.as_ref().map(|body| read_body(&body.encoding, &body.ty, module));
    match (body, keeps_status(case)) {
        (Some(body), true) => quote! { #variant { status, body: #body } },
        (None, true) => quote! { #variant { status } },
        (Some(body), false) => quote! { #variant(#body) },
        (None, false) => quote! { #variant },
    }
}

/// The value a case produces: `Ok(Response)` for success, `Err(Error::Api { .. })` for errors.
pub(super) fn case_value(module: &Module, op: &OperationDef, case: &ResponseCase, headers: TokenStream) -> TokenStream {
    match (case.outcome, &op.success) {
        (Outcome::Success, SuccessDef::Single(_)) => {
            let body = case.body.as_ref().map_or(quote! { () }, |body| read_body(&body.encoding, &body.ty, module));
            quote! { Ok(runtime::Response::new(status, #body, #headers)?) }
        }
        (Outcome::Success, SuccessDef::Enum { name, .. }) => {
            let name = ident(name);
            let value = variant_value(module, case);
            quote! { Ok(runtime::Response::new(status, #name::#value, #headers)?) }
        }
        (Outcome::Error, _) => {
            let error = ident(&op.error_name);
            let value = variant_value(module, case);
            quote! { Err(runtime::Error::new_api(#error::#value, &response)) }
        }
    }
}

pub(super) fn status_matches(status: StatusPattern) -> TokenStream {
    let pattern = status_pattern(status);
    quote! { matches!(status.as_u16(), #pattern) }
}

pub(super) fn variant_definition(module: &Module, case: &ResponseCase) -> TokenStream {
    let doc = doc_attrs(&case.doc);
    let variant = ident(&case.variant);
    let body = case.body.as_ref().map(|body| type_tokens(module, &body.ty));
    let definition = match (body, keeps_status(case)) {
        (Some(body), true) => quote! { #variant { status: runtime::StatusCode, body: #body } },
        (None, true) => quote! { #variant { status: runtime::StatusCode } },
        (Some(body), false) => quote! { #variant(#body) },
        (None, false) => quote! { #variant },
    };
    quote! { #doc #definition, }
}

pub(super) fn emit_success_enum(module: &Module, op: &OperationDef) -> TokenStream {
    let SuccessDef::Enum { name, doc } = &op.success else { return quote! {} };
    let doc = doc_attrs(doc);
    let name = ident(name);
    let variants = op.responses.iter().filter(|c| c.outcome == Outcome::Success).map(|c| variant_definition(module, c));
    let streams =
        op.responses.iter().any(|c| c.outcome == Outcome::Success && c.body.as_ref().is_some_and(|b| is_stream(&b.ty)));
    let derives = if streams {
        quote! { Debug }
    } else {
        quote! { Clone, Debug, PartialEq }
    };
    quote! {
        #doc
        #[derive(#derives)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

pub(super) fn emit_error_enum(module: &Module, op: &OperationDef) -> TokenStream {
    let doc = doc_attrs(&op.error_doc);
    let name = ident(&op.error_name);
    let errors: Vec<&ResponseCase> = op.responses.iter().filter(|c| c.outcome == Outcome::Error).collect();
    let variants = errors.iter().map(|c| variant_definition(module, c));
    let unknown_status = op.unknown_status.as_deref().map(ident);
    let unknown = unknown_status.as_ref().map(|variant| {
        quote! {
            /// A status the spec does not document, with the whole response.
            #variant(runtime::RawResponse),
        }
    });
    let status_arms = errors.iter().map(|case| {
        let variant = ident(&case.variant);
        match (case.status, case.body.is_some()) {
            (StatusPattern::Code(code), true) => {
                let code = Literal::u16_unsuffixed(code);
                quote! { Self::#variant(_) => runtime::status(#code), }
            }
            (StatusPattern::Code(code), false) => {
                let code = Literal::u16_unsuffixed(code);
                quote! { Self::#variant => runtime::status(#code), }
            }
            (_, _) => quote! { Self::#variant { status, .. } => *status, },
        }
    });
    let unknown_arm = unknown_status.as_ref().map(|variant| quote! { Self::#variant(response) => response.status, });
    let is_empty = errors.is_empty() && unknown_status.is_none();
    let status_body = if is_empty {
        quote! { match *self {} }
    } else {
        quote! { match self { #(#status_arms)* #unknown_arm } }
    };
    quote! {
        #doc
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #unknown
        }

        impl runtime::ApiError for #name {
            fn status(&self) -> runtime::StatusCode {
                #status_body
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                runtime::display_api_error(self, f)
            }
        }

        impl ::std::error::Error for #name {}
    }
}
