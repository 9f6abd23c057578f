//! The module's `Client`: construction, credential setters, and one method per operation.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ir::{AuthKind, BodyDef, ClientDef, Module, OperationDef, RequestEncoding, SuccessDef, TypeRef};

use super::send::auth_tokens;
use super::{doc_attrs, ident, type_tokens};

pub(super) fn emit_client(module: &Module) -> TokenStream {
    let ClientDef { default_base_url, auth } = &module.client;
    let title = &module.title;
    let version = &module.version;
    let default_const = default_base_url.as_ref().map(|url| {
        quote! {
            /// The first server listed by the spec: where operations go unless they name their own
            /// server or the client has a base URL.
            pub const DEFAULT_BASE_URL: &'static str = #url;
        }
    });
    let setters = auth.iter().map(|auth| {
        let doc = doc_attrs(&auth.doc);
        let setter = ident(&auth.setter);
        let place = auth_tokens(&auth.kind);
        match auth.kind {
            AuthKind::Basic => quote! {
                #doc
                pub fn #setter(self, user: impl Into<String>, password: impl Into<String>) -> Self {
                    self.with_credential(#place, runtime::Credential::Basic { user: user.into(), password: runtime::Secret::new(password) })
                }
            },
            _ => quote! {
                #doc
                pub fn #setter(self, secret: impl Into<String>) -> Self {
                    self.with_credential(#place, runtime::Credential::Token(runtime::Secret::new(secret)))
                }
            },
        }
    });
    let methods = module.operations.iter().map(|op| emit_client_method(module, op));
    let doc = format!(
        " The client of {title}: a method per operation. Cheap to clone; build it here or convert a configured [`runtime::Client`]."
    );
    quote! {
        /// The `info.title` of the spec these bindings come from.
        pub const API_TITLE: &str = #title;
        /// The `info.version` of the spec these bindings come from.
        pub const API_VERSION: &str = #version;

        #[doc = #doc]
        #[derive(Clone, Debug, Default)]
        pub struct Client(runtime::Client);

        impl Client {
            #default_const

            /// A client sending each operation to the server the spec lists for it, with no credentials.
            pub fn new() -> Self {
                Client(runtime::Client::new())
            }

            /// A client for the API at `base_url` (e.g. `http://localhost:4010`) for every
            /// operation, with no credentials (see [`runtime::Client::with_base_url`]).
            pub fn with_base_url(base_url: impl Into<String>) -> Self {
                Client(runtime::Client::with_base_url(base_url))
            }

            /// Uses `http` for all requests (proxies, TLS settings, connection pool, default headers).
            pub fn with_http_client(self, http: reqwest::Client) -> Self {
                Client(self.0.with_http_client(http))
            }

            /// Sets the whole-request timeout: until the response head comes, and its body when read
            /// whole, not a streamed body (see [`runtime::Client::with_timeout`]); `None` waits forever.
            pub fn with_timeout(self, timeout: Option<::std::time::Duration>) -> Self {
                Client(self.0.with_timeout(timeout))
            }

            /// Sets how long a streamed body may send nothing (see [`runtime::Client::with_read_timeout`]).
            pub fn with_read_timeout(self, timeout: Option<::std::time::Duration>) -> Self {
                Client(self.0.with_read_timeout(timeout))
            }

            /// Sets how long to wait for a connection (see [`runtime::Client::with_connect_timeout`]).
            pub fn with_connect_timeout(self, timeout: Option<::std::time::Duration>) -> Self {
                Client(self.0.with_connect_timeout(timeout))
            }

            /// Sets the largest body read whole, 32 MiB by default; a larger one fails the call with
            /// `runtime::Error::BodyTooLarge` (see [`runtime::Client::with_max_body_size`]).
            pub fn with_max_body_size(self, limit: Option<usize>) -> Self {
                Client(self.0.with_max_body_size(limit))
            }

            /// Sets how requests are retried (see [`runtime::RetryPolicy`]).
            pub fn with_retry(self, policy: runtime::RetryPolicy) -> Self {
                Client(self.0.with_retry(policy))
            }

            /// Adds a hook called around every attempt (see [`runtime::Hook`]).
            pub fn with_hook(self, hook: impl runtime::Hook) -> Self {
                Client(self.0.with_hook(hook))
            }

            /// Sets the credential sent wherever `auth` says (see [`runtime::Auth`]).
            pub fn with_credential(self, auth: runtime::Auth, credential: runtime::Credential) -> Self {
                Client(self.0.with_credential(auth, credential))
            }

            /// The settings: base URL, HTTP client, timeouts, retries and credentials.
            pub fn runtime(&self) -> &runtime::Client {
                &self.0
            }

            #(#setters)*
            #(#methods)*
        }

        impl From<runtime::Client> for Client {
            fn from(client: runtime::Client) -> Self {
                Client(client)
            }
        }
    }
}

pub(super) fn required_args(module: &Module, op: &OperationDef) -> Vec<(Ident, TokenStream, TokenStream)> {
    let mut args: Vec<(Ident, TokenStream, TokenStream)> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let name = ident(&p.name);
            let (ty, value) = argument(module, &p.ty, &name);
            (name, ty, value)
        })
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let name = ident("body");
        let (ty, value) = body_argument(module, body, &name);
        args.push((name, ty, value));
    }
    args
}

/// How a value is taken as an argument: strings as `impl Into<String>`, the rest as they are.
pub(super) fn argument(module: &Module, ty: &TypeRef, name: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote! { impl Into<String> }, quote! { #name.into() }),
        TypeRef::StreamBody => (quote! { impl Into<runtime::Body> }, quote! { #name.into() }),
        other => (type_tokens(module, other), quote! { #name }),
    }
}

/// The type a builder stores its body as: the choice enum, or the one media type's type.
pub(super) fn body_type(module: &Module, body: &BodyDef) -> TokenStream {
    match (&body.choice, body.media.first()) {
        (Some(choice), _) => {
            let choice = ident(choice);
            quote! { #choice }
        }
        (None, Some(media)) => type_tokens(module, &media.ty),
        (None, None) => quote! { () },
    }
}

/// How a body is taken as an argument: a choice as `impl Into<Choice>`, else like any value.
pub(super) fn body_argument(module: &Module, body: &BodyDef, name: &Ident) -> (TokenStream, TokenStream) {
    match (&body.choice, body.media.first()) {
        (Some(choice), _) => {
            let choice = ident(choice);
            (quote! { impl Into<#choice> }, quote! { #name.into() })
        }
        (None, Some(media)) => argument(module, &media.ty, name),
        (None, None) => (quote! { () }, quote! { #name }),
    }
}

/// Streams and multipart forms cannot be cloned, so builders holding them are not `Clone`.
pub(super) fn body_is_cloneable(body: Option<&BodyDef>) -> bool {
    body.is_none_or(|body| {
        body.media.iter().all(|m| !matches!(m.encoding, RequestEncoding::Binary | RequestEncoding::Multipart))
    })
}

pub(super) fn emit_client_method(module: &Module, op: &OperationDef) -> TokenStream {
    let doc = doc_attrs(&op.doc);
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let args = required_args(module, op);
    let params = args.iter().map(|(name, ty, _)| quote! { #name: #ty });
    let inits = args.iter().map(|(name, _, value)| {
        if *name == value.to_string() {
            quote! { #name }
        } else {
            quote! { #name: #value }
        }
    });
    let optional = op.params.iter().filter(|p| !p.required).map(|p| ident(&p.name));
    let optional_body = op.body.as_ref().filter(|b| !b.required).map(|_| quote! { body: None, });
    let deprecated = op.deprecated.then(|| quote! { #[deprecated = "The spec marks this operation as deprecated."] });
    let many = (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let returns =
        format!(" Returns a [`{builder}`] request: set optional parameters on it, then `.await` it (or call `send`).");
    quote! {
        #doc
        #[doc = ""]
        #[doc = #returns]
        #deprecated
        #many
        pub fn #method(&self, #(#params),*) -> #builder<'_> {
            #builder { client: self, options: runtime::RequestOptions::new(), #(#inits,)* #(#optional: None,)* #optional_body }
        }
    }
}

pub(super) fn success_type(module: &Module, op: &OperationDef) -> TokenStream {
    match &op.success {
        SuccessDef::Single(Some(ty)) => type_tokens(module, ty),
        SuccessDef::Single(None) => quote! { () },
        SuccessDef::Enum { name, .. } => {
            let name = ident(name);
            quote! { #name }
        }
    }
}
