//! Request builders: the fields and setters of each operation's builder, its body choice and typed headers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{HeaderField, HeadersDef, Module, OperationDef, ParamDef, TypeRef};

use super::arguments::{Argument, argument, body_argument, body_type, member_setters};
use super::client::{body_is_cloneable, success_type};
use super::pages::{emit_page_methods, emit_paginated_impl};
use super::response::{emit_error_enum, emit_success_enum};
use super::send::{emit_send, headers_type};
use super::{doc_attrs, ident, type_tokens};

/// The operation's items at the module's top level: body choice, success enum, typed headers, errors.
pub(super) fn emit_operation(module: &Module, op: &OperationDef) -> TokenStream {
    let choice = emit_body_choice(module, op);
    let success = emit_success_enum(module, op);
    let error = emit_error_enum(module, op);
    let headers = op.headers.as_ref().map(|headers| emit_headers(module, headers));
    quote! { #choice #success #headers #error }
}

/// The operation's request builder, written into the module's `requests` submodule.
pub(super) fn emit_request(module: &Module, op: &OperationDef) -> TokenStream {
    emit_builder(module, op)
}

pub(super) fn emit_headers(module: &Module, def: &HeadersDef) -> TokenStream {
    let HeadersDef { name, doc, fields } = def;
    let doc = doc_attrs(doc);
    let name = ident(name);
    let reads = fields.iter().map(|HeaderField { name, wire_name, ty: _, doc: _ }| {
        let field = ident(name);
        quote! { #field: runtime::header_value(status, headers, #wire_name)?, }
    });
    let fields = fields.iter().map(|HeaderField { name, wire_name: _, ty, doc }| {
        let doc = doc_attrs(doc);
        let field = ident(name);
        let ty = type_tokens(module, ty);
        quote! { #doc pub #field: Option<#ty>, }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl runtime::FromHeaders for #name {
            fn from_headers(status: runtime::StatusCode, headers: &runtime::HeaderMap) -> Result<Self, runtime::DecodeFailure> {
                Ok(Self { #(#reads)* })
            }
        }
    }
}

pub(super) fn field_type(module: &Module, param_ty: &TypeRef, required: bool) -> TokenStream {
    let ty = type_tokens(module, param_ty);
    if required {
        ty
    } else {
        quote! { Option<#ty> }
    }
}

pub(super) fn emit_builder(module: &Module, op: &OperationDef) -> TokenStream {
    let builder = ident(&op.builder_name);
    let method = &op.method_name;
    let error = ident(&op.error_name);
    let success = success_type(module, op);
    let headers = headers_type(op);
    let mut fields: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            let ty = field_type(module, &p.ty, p.required);
            quote! { pub(super) #name: #ty, }
        })
        .collect();
    if let Some(body) = &op.body {
        let ty = body_type(module, body);
        let ty = if body.required {
            ty
        } else {
            quote! { Option<#ty> }
        };
        fields.push(quote! { pub(super) body: #ty, });
    }
    let setters = op.params.iter().filter(|p| !p.required).map(|p| emit_setter(module, p));
    let body_setter = op.body.as_ref().and_then(|body| match (&body.members, body.required) {
        (Some(members), _) => Some(member_setters(module, body, members)),
        (None, true) => None,
        (None, false) => {
            let doc = doc_attrs(&body.doc);
            let Argument { ty, value, .. } = body_argument(module, body, &ident("body"), &quote! { self.options });
            Some(quote! {
                #doc
                pub fn body(mut self, body: #ty) -> Self {
                    self.body = Some(#value);
                    self
                }
            })
        }
    });
    let clone = body_is_cloneable(op.body.as_ref()).then(|| quote! { Clone, });
    let options = emit_options();
    let send = emit_send(module, op);
    let pages = emit_page_methods(op);
    let paginated = emit_paginated_impl(module, op);
    let builder_doc = format!(
        " A request to [`Client::{method}`]: set optional parameters and body members, then `.await` it or call [`{}::send`]. It owns a clone of the client, so it can be kept or moved into a task.",
        op.builder_name
    );
    quote! {
        #[doc = #builder_doc]
        #[derive(#clone Debug)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder {
            pub(super) client: Client,
            pub(super) options: runtime::RequestOptions,
            #(#fields)*
        }

        impl #builder {
            #(#setters)*
            #body_setter
            #options
            #send
            #pages
        }

        #paginated

        #[allow(clippy::type_complexity)] // the spec's types, spelled out
        impl ::std::future::IntoFuture for #builder {
            type Output = Result<#success, runtime::Error<#error>>;
            type IntoFuture = runtime::BodyCall<#success, #headers, #error>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

/// The per-request settings every builder has, under names `lower` keeps from parameters.
pub(super) fn emit_options() -> TokenStream {
    quote! {
        /// Sets the whole-request timeout of this request, over the client's; `None` waits forever.
        pub fn with_timeout(mut self, timeout: Option<::std::time::Duration>) -> Self {
            self.options = self.options.timeout(timeout);
            self
        }

        /// Sets the retry policy of this request, over the client's (see [`runtime::RetryPolicy`]).
        pub fn with_retry(mut self, policy: runtime::RetryPolicy) -> Self {
            self.options = self.options.retry(policy);
            self
        }

        /// Adds a header to this request, replacing one of that name (see [`runtime::RequestOptions::header`]).
        pub fn with_header<K, V>(mut self, name: K, value: V) -> Self
        where
            K: TryInto<runtime::HeaderName>,
            V: TryInto<runtime::HeaderValue>,
        {
            self.options = self.options.header(name, value);
            self
        }

        /// Sets every per-request setting at once (see [`runtime::RequestOptions`]).
        pub fn with_options(mut self, options: runtime::RequestOptions) -> Self {
            self.options = self.options.replaced_by(options);
            self
        }
    }
}

pub(super) fn emit_setter(module: &Module, param: &ParamDef) -> TokenStream {
    let doc = doc_attrs(&param.doc);
    let name = ident(&param.name);
    let Argument { ty, value, .. } = argument(module, &param.ty, &format_ident!("value"), &quote! { self.options });
    quote! {
        #doc
        pub fn #name(mut self, value: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// The enum a caller picks one of several body media types with, and `From` for each distinct type.
pub(super) fn emit_body_choice(module: &Module, op: &OperationDef) -> TokenStream {
    let Some((body, choice)) = op.body.as_ref().and_then(|body| body.choice.as_ref().map(|choice| (body, choice)))
    else {
        return quote! {};
    };
    let name = ident(choice);
    let variants = body.media.iter().map(|media| {
        let variant = ident(&media.variant);
        let ty = type_tokens(module, &media.ty);
        let doc = format!(" Sent as `{}`.", media.content_type);
        quote! { #[doc = #doc] #variant(#ty), }
    });
    let mut seen = Vec::new();
    let froms = body.media.iter().filter_map(|media| {
        let ty = type_tokens(module, &media.ty);
        // Only the first media type of each Rust type gets `From`; the others are picked by variant.
        if seen.contains(&ty.to_string()) {
            return None;
        }
        seen.push(ty.to_string());
        let variant = ident(&media.variant);
        Some(quote! {
            impl From<#ty> for #name {
                fn from(body: #ty) -> Self {
                    Self::#variant(body)
                }
            }
        })
    });
    let clone = body_is_cloneable(Some(body)).then(|| quote! { Clone, });
    let doc = format!(
        " The media types `{} {}` accepts for its body; `From` picks the first listed for a type.",
        op.http_method, op.route
    );
    quote! {
        #[doc = #doc]
        #[derive(#clone Debug)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }

        #(#froms)*
    }
}
