//! The module's `Client`: construction, credential setters, and one method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{AuthKind, BodyDef, ClientDef, Module, OperationDef, RequestEncoding, SuccessDef};

use super::arguments::{Argument, body_literal, required_args};
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
    let params = args.iter().map(|Argument { name, ty, .. }| quote! { #name: #ty });
    // Conversions that may refuse a value (a free-form object that is not one) note it in the
    // request's options, so they run before the builder takes the options.
    let refusable = args.iter().any(|arg| arg.refusable);
    let options = if refusable {
        quote! { let mut options = runtime::RequestOptions::new(); }
    } else {
        quote! { let options = runtime::RequestOptions::new(); }
    };
    let conversions =
        args.iter().filter(|arg| arg.name != arg.value.to_string()).map(|Argument { name, value, .. }| {
            quote! { let #name = #value; }
        });
    let inits = op.params.iter().map(|p| {
        let name = ident(&p.name);
        if p.required {
            quote! { #name }
        } else {
            quote! { #name: None }
        }
    });
    let body = op.body.as_ref().map(|body| match (&body.members, body.required) {
        (Some(members), _) => {
            let value = body_literal(module, members);
            quote! { body: #value, }
        }
        (None, true) => quote! { body, },
        (None, false) => quote! { body: None, },
    });
    let deprecated = op.deprecated.then(|| quote! { #[deprecated = "The spec marks this operation as deprecated."] });
    let many = (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let returns = format!(
        " Returns a [`requests::{builder}`]: set optional parameters and members on it, then `.await` it (or call `send`)."
    );
    quote! {
        #doc
        #[doc = ""]
        #[doc = #returns]
        #deprecated
        #many
        pub fn #method(&self, #(#params),*) -> requests::#builder {
            #options
            #(#conversions)*
            requests::#builder { client: self.clone(), options, #(#inits,)* #body }
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
