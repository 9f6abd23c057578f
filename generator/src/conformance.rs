//! `conformance`: writes, from the `ir`, a module that calls every operation against a
//! spec-validating mock server (Prism): with valid arguments, forcing each documented error
//! status (`Prefer: code=N`), and without credentials where the spec documents 401.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::{ident, type_tokens};
use crate::ir::{
    BodyDef, BodyMedia, BodyMembers, Module, OperationDef, Outcome, PartKind, RequestEncoding, ResponseCase,
    StatusPattern, TypeDef, TypeRef,
};
use crate::lower::OperationSamples;

/// The checks module for `module`, whose bindings are reachable at `api_path` (e.g. `recoup::social`).
/// `samples` holds valid arguments for each operation (`lower`'s output beside the IR).
pub fn emit_conformance(module: &Module, samples: &[OperationSamples], api_path: &syn::Path) -> TokenStream {
    let credentials = module.client.auth.iter().map(|auth| {
        let setter = ident(&auth.setter);
        match auth.kind {
            crate::ir::AuthKind::Basic => quote! { .#setter("conformance-user", "conformance-password") },
            _ => quote! { .#setter("conformance-secret") },
        }
    });
    let operations =
        module.operations.iter().zip(samples).map(|(op, samples)| emit_operation_checks(module, op, samples));
    let authenticate = if module.client.auth.is_empty() {
        // A spec without security schemes has nothing to set.
        quote! { let _ = authenticated; client }
    } else {
        quote! { if authenticated { client #(#credentials)* } else { client } }
    };
    quote! {
        #[allow(unused_imports)]
        use #api_path::*;

        /// One check: the operation and case, and `Err` with what went wrong.
        pub type Outcome = (String, Result<(), String>);

        fn conformance_client(base_url: &str, authenticated: bool, prefer: Option<u16>) -> Client {
            let mut headers = ::reqwest::header::HeaderMap::new();
            if let Some(value) = prefer.and_then(|code| ::reqwest::header::HeaderValue::from_str(&format!("code={code}")).ok()) {
                headers.insert("prefer", value);
            }
            // Redirects are answers to check, not to follow (a 3XX decodes into its variant).
            let http = ::reqwest::Client::builder()
                .default_headers(headers)
                .redirect(::reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default();
            // Forced error statuses come back whatever the attempt: retrying them only adds waits.
            let client = Client::with_base_url(base_url).with_http_client(http).with_retry(runtime::RetryPolicy::none());
            #authenticate
        }

        #[allow(dead_code)]
        fn conformance_sample<T: ::serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, String> {
            ::serde_json::from_str(json).map_err(|error| format!("the synthesized {what} does not decode: {error}"))
        }

        fn conformance_expect<T: ::std::fmt::Debug, E: ::std::fmt::Debug>(
            case: &str,
            result: Result<Result<T, runtime::Error<E>>, String>,
            accept: impl FnOnce(&Result<T, runtime::Error<E>>) -> bool,
        ) -> Outcome {
            match result {
                Err(message) => (case.to_owned(), Err(message)),
                Ok(response) if accept(&response) => match conformance_fallback(&format!("{response:?}")) {
                    // A union's `Other` or an enum's `Unknown` keeps the value, but means it matched
                    // no form the spec declares.
                    Some(at) => (case.to_owned(), Err(format!("decodes only into a fallback variant: {at}"))),
                    None => (case.to_owned(), Ok(())),
                },
                Ok(response) => (case.to_owned(), Err(format!("{response:?}"))),
            }
        }

        /// Where `debug` (a value's `Debug` text) holds an `Other(..)` or `Unknown(..)` variant.
        fn conformance_fallback(debug: &str) -> Option<String> {
            for fallback in ["Other(", "Unknown("] {
                let starts_a_name = |at: usize| at == 0 || !debug[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
                if let Some((at, _)) = debug.match_indices(fallback).find(|(at, _)| starts_a_name(*at)) {
                    return Some(debug[at..].chars().take(120).collect());
                }
            }
            None
        }

        /// Runs every check against the mock server at `base_url`.
        pub async fn run(base_url: &str) -> Vec<Outcome> {
            let mut outcomes = Vec::new();
            #(#operations)*
            outcomes
        }
    }
}

fn argument(what: &str, ty: &TypeRef, sample: &serde_json::Value, module: &Module) -> TokenStream {
    match (ty, sample) {
        (TypeRef::String, serde_json::Value::String(text)) => quote! { #text },
        _ => {
            let ty = type_tokens(module, ty);
            let json = sample.to_string();
            quote! { conformance_sample::<#ty>(#what, #json)? }
        }
    }
}

/// A multipart body: every required part, files as a few bytes named `sample.png` (with the
/// part's content type from the spec's `encoding`, else `image/png`), text parts from `sample`.
fn multipart_argument(module: &Module, ty: &TypeRef, sample: &serde_json::Value) -> TokenStream {
    let def = match ty {
        TypeRef::Named(id) => match &module.types[id.0] {
            TypeDef::Multipart(def) => def,
            _ => return argument("body", ty, sample, module),
        },
        _ => return argument("body", ty, sample, module),
    };
    let name = ident(&def.name);
    // `new` takes the required parts in field order; optional ones stay unset.
    let fields = def.fields.iter().filter(|field| !field.optional).map(|field| {
        let content_type = field.content_type.as_deref().unwrap_or("image/png");
        let file = quote! { runtime::FilePart::from_bytes(&b"conformance"[..]).file_name("sample.png").content_type(#content_type) };
        match field.kind {
            PartKind::File => file,
            // Two files: a form parser (Prism's) reads one part of a name as a value, not a list.
            PartKind::Files => quote! { vec![#file, #file] },
            // No items unless the sample has some: an absent array is an empty one.
            PartKind::Texts if sample.get(&field.wire_name).is_none_or(serde_json::Value::is_null) => {
                quote! { Vec::new() }
            }
            PartKind::Text | PartKind::Texts => {
                let value = sample.get(&field.wire_name).cloned().unwrap_or(serde_json::Value::Null);
                argument(&format!("part `{}`", field.wire_name), &field.ty, &value, module)
            }
        }
    });
    quote! { #name::new(#(#fields),*) }
}

/// A body taken whole, from the sample.
fn whole_body(module: &Module, body: &BodyDef, media: &BodyMedia, sample: &serde_json::Value) -> TokenStream {
    let value = match media.encoding {
        RequestEncoding::Multipart => multipart_argument(module, &media.ty, sample),
        RequestEncoding::Binary => {
            let text = sample.as_str().unwrap_or("sample");
            quote! { runtime::Body::from(#text) }
        }
        _ => argument("body", &media.ty, sample, module),
    };
    match &body.choice {
        Some(choice) => {
            let choice = ident(choice);
            let variant = ident(&media.variant);
            quote! { #choice::#variant(#value) }
        }
        None => value,
    }
}

/// A body taken member by member: required members as arguments, optional ones the sample has
/// through their setters.
fn member_arguments(
    module: &Module,
    members: &BodyMembers,
    sample: &serde_json::Value,
    arguments: &mut Vec<TokenStream>,
    setters: &mut Vec<TokenStream>,
) {
    let TypeDef::Struct(def) = &module.types[members.ty.0] else { return };
    for member in &members.members {
        let Some(field) = def.fields.get(member.field) else { continue };
        let value = sample.get(&field.wire_name);
        let what = format!("body member `{}`", field.wire_name);
        if member.argument {
            let ty = unboxed(&field.ty);
            arguments.push(argument(&what, ty, value.unwrap_or(&serde_json::Value::Null), module));
        } else if let Some(value) = value {
            let ty = match &field.ty {
                TypeRef::Option(inner) => unboxed(inner),
                other => unboxed(other),
            };
            let setter = ident(&member.name);
            let value = argument(&what, ty, value, module);
            setters.push(quote! { .#setter(#value) });
        }
    }
}

/// The type a member is taken as: a boxed one unboxed.
fn unboxed(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Box(inner) => inner,
        other => other,
    }
}

fn variant_pattern(op: &OperationDef, case: &ResponseCase) -> TokenStream {
    let error = ident(&op.error_name);
    let variant = ident(&case.variant);
    match (case.status, case.body.is_some()) {
        (StatusPattern::Code(_), true) => quote! { #error::#variant(..) },
        (StatusPattern::Code(_), false) => quote! { #error::#variant },
        _ => quote! { #error::#variant { .. } },
    }
}

fn emit_operation_checks(module: &Module, op: &OperationDef, samples: &OperationSamples) -> TokenStream {
    let method = ident(&op.method_name);
    let label = format!("{} {}", op.http_method, op.route);
    let mut arguments = Vec::new();
    let mut setters = Vec::new();
    let string = serde_json::Value::String("sample".to_owned());
    for (index, param) in op.params.iter().enumerate() {
        let sample = samples.params.get(index).unwrap_or(&string);
        let value = argument(&format!("parameter `{}`", param.wire_name), &param.ty, sample, module);
        if param.required {
            arguments.push(value);
        } else {
            let setter = ident(&param.name);
            setters.push(quote! { .#setter(#value) });
        }
    }
    if let Some((body, media)) = op.body.as_ref().and_then(|body| body.media.first().map(|media| (body, media))) {
        let empty = serde_json::Value::Object(serde_json::Map::new());
        let sample = samples.bodies.first().unwrap_or(&empty);
        match &body.members {
            Some(members) => member_arguments(module, members, sample, &mut arguments, &mut setters),
            None => {
                let value = whole_body(module, body, media, sample);
                if body.required {
                    arguments.push(value);
                } else {
                    setters.push(quote! { .body(#value) });
                }
            }
        }
    }
    let success_case = format!("{label}: success");
    // An operation documenting only redirects has no success to expect; its 3XX is forced below.
    let redirects_only = !op.responses.iter().any(|c| c.outcome == Outcome::Success)
        && op.responses.iter().any(|c| matches!(c.status, StatusPattern::Code(300..=399)));
    let mut checks = Vec::new();
    if !redirects_only {
        checks.push(quote! {
            outcomes.push(conformance_expect(#success_case, call(conformance_client(base_url, true, None)).await, |r| r.is_ok()));
        });
    }
    for case in op.responses.iter().filter(|c| c.outcome == Outcome::Error) {
        let StatusPattern::Code(code) = case.status else { continue };
        let pattern = variant_pattern(op, case);
        let name = format!("{label}: forced {code}");
        let code = Literal::u16_unsuffixed(code);
        checks.push(quote! {
            outcomes.push(conformance_expect(#name, call(conformance_client(base_url, true, Some(#code))).await,
                |r| matches!(r, Err(runtime::Error::Api { error: #pattern, .. }))));
        });
    }
    let unauthorized =
        op.responses.iter().find(|c| c.status == StatusPattern::Code(401) && c.outcome == Outcome::Error);
    if let (false, Some(case)) = (op.security.is_empty(), unauthorized) {
        let pattern = variant_pattern(op, case);
        let name = format!("{label}: no credentials gives 401");
        checks.push(quote! {
            outcomes.push(conformance_expect(#name, call(conformance_client(base_url, false, None)).await,
                |r| matches!(r, Err(runtime::Error::Api { error: #pattern, .. }))));
        });
    }
    quote! {
        {
            let call = |client: Client| async move {
                Ok::<_, String>(client.#method(#(#arguments),*)#(#setters)*.await)
            };
            #(#checks)*
        }
    }
}
