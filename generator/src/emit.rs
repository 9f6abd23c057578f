//! `emit`: writes the `ir` as Rust tokens. It follows the IR mechanically and makes no OpenAPI decisions.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{
    AliasDef, AuthKind, BodyDef, BodyEncoding, BodyMedia, ClientDef, EnumDef, HeadersDef, MediaChoiceDef, Module,
    MultipartDef, OperationDef, Outcome, ParamDef, ParamLocation, ParamStyle, PartKind, PathPart, RequestEncoding,
    ResponseCase, StatusPattern, StructDef, SuccessDef, TypeDef, TypeRef, UnionDef,
};

/// How many parts [`emit_parts`] numbers: the client, then each type, then each operation.
pub fn part_count(module: &Module) -> usize {
    1 + module.types.len() + module.operations.len()
}

/// The tokens of parts `range` of the module, in order (without the runtime, which `format`
/// appends as written). Parts can be emitted and formatted apart, and their texts concatenated.
pub fn emit_parts(module: &Module, range: std::ops::Range<usize>) -> TokenStream {
    let types = module.types.len();
    let parts = range.map(|index| match index {
        0 => emit_client(module),
        index if index <= types => emit_type(module, &module.types[index - 1]),
        index => emit_operation(module, &module.operations[index - 1 - types]),
    });
    quote! { #(#parts)* }
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #[doc = #text] }
    });
    quote! { #(#lines)* }
}

pub(crate) fn type_tokens(module: &Module, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = ident(module.types[id.0].name());
            quote! { #name }
        }
        TypeRef::Bool => quote! { bool },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::U32 => quote! { u32 },
        TypeRef::U64 => quote! { u64 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::String => quote! { String },
        TypeRef::Uuid => quote! { ::uuid::Uuid },
        TypeRef::DateTime => quote! { ::chrono::DateTime<::chrono::FixedOffset> },
        TypeRef::Date => quote! { ::chrono::NaiveDate },
        TypeRef::Url => quote! { ::url::Url },
        TypeRef::Bytes => quote! { runtime::Bytes },
        TypeRef::StreamBody => quote! { runtime::Body },
        TypeRef::FilePart => quote! { runtime::FilePart },
        TypeRef::ByteStream => quote! { runtime::ByteStream },
        TypeRef::EventStream(inner) => {
            let inner = type_tokens(module, inner);
            quote! { runtime::EventStream<#inner> }
        }
        TypeRef::Json => quote! { ::serde_json::Value },
        TypeRef::JsonObject => quote! { ::serde_json::Map<String, ::serde_json::Value> },
        TypeRef::Vec(inner) => {
            let inner = type_tokens(module, inner);
            quote! { Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(module, inner);
            quote! { ::std::collections::BTreeMap<String, #inner> }
        }
        TypeRef::Option(inner) => {
            let inner = type_tokens(module, inner);
            quote! { Option<#inner> }
        }
        TypeRef::Box(inner) => {
            let inner = type_tokens(module, inner);
            quote! { Box<#inner> }
        }
    }
}

fn emit_type(module: &Module, def: &TypeDef) -> TokenStream {
    match def {
        TypeDef::Struct(def) => emit_struct(module, def),
        TypeDef::Enum(def) => emit_enum(def),
        TypeDef::Union(def) => emit_union(module, def),
        TypeDef::Alias(def) => emit_alias(module, def),
        TypeDef::Multipart(def) => emit_multipart(module, def),
        TypeDef::MediaChoice(def) => emit_media_choice(module, def),
    }
}

fn emit_media_choice(module: &Module, def: &MediaChoiceDef) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let variants = def.variants.iter().map(|(variant, ty, media_type)| {
        let variant = ident(variant);
        let ty = type_tokens(module, ty);
        let doc = format!(" Received as `{media_type}`.");
        quote! { #[doc = #doc] #variant(#ty), }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// Whether values of `ty` are streams (which are neither `Clone` nor `PartialEq`).
fn is_stream(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::ByteStream | TypeRef::EventStream(_))
}

fn emit_multipart(module: &Module, def: &MultipartDef) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let fields = def.fields.iter().map(|field| {
        let doc = doc_attrs(&field.doc);
        let name = ident(&field.name);
        let ty = type_tokens(module, &field.ty);
        quote! { #doc pub #name: #ty, }
    });
    let parts = def.fields.iter().map(|field| {
        let name = ident(&field.name);
        let wire = &field.wire_name;
        let content_type = match &field.content_type {
            Some(content_type) => quote! { Some(#content_type) },
            None => quote! { None },
        };
        match (field.kind, field.optional) {
            (PartKind::File, false) => quote! { form = form.part(#wire, self.#name.into_part(#content_type)?); },
            (PartKind::File, true) => quote! {
                if let Some(file) = self.#name {
                    form = form.part(#wire, file.into_part(#content_type)?);
                }
            },
            (PartKind::Files, _) => quote! {
                for file in self.#name {
                    form = form.part(#wire, file.into_part(#content_type)?);
                }
            },
            (PartKind::Text, _) => quote! {
                if let Some(part) = runtime::text_part(#wire, &self.#name, #content_type)? {
                    form = form.part(#wire, part);
                }
            },
        }
    });
    quote! {
        #doc
        #[derive(Debug)]
        pub struct #name {
            #(#fields)*
        }

        impl runtime::IntoMultipart for #name {
            fn into_form(self) -> Result<runtime::Form, runtime::SendFailure> {
                let mut form = runtime::Form::new();
                #(#parts)*
                Ok(form)
            }
        }
    }
}

fn emit_struct(module: &Module, def: &StructDef) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let default = def.derive_default.then(|| quote! { Default, });
    let fields = def.fields.iter().map(|field| {
        let doc = doc_attrs(&field.doc);
        let deprecated = field.deprecated.then(|| quote! { #[doc = ""] #[doc = " **Deprecated.**"] });
        let name = ident(&field.name);
        let ty = type_tokens(module, &field.ty);
        let rename = (field.name != field.wire_name && !field.flatten).then(|| {
            let wire = &field.wire_name;
            quote! { #[serde(rename = #wire)] }
        });
        let skip = field.optional.then(|| quote! { #[serde(default, skip_serializing_if = "Option::is_none")] });
        let flatten = field.flatten.then(|| quote! { #[serde(flatten)] });
        quote! { #doc #deprecated #rename #skip #flatten pub #name: #ty, }
    });
    let additional = def.additional.as_ref().map(|(field, ty)| {
        let field = ident(field);
        let ty = type_tokens(module, ty);
        quote! {
            #[doc = " Members the spec does not declare, kept as they came."]
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn emit_enum(def: &EnumDef) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let fallback = ident(&def.fallback);
    let variants = def.variants.iter().map(|variant| {
        let doc = doc_attrs(&variant.doc);
        let name = ident(&variant.name);
        quote! { #doc #name, }
    });
    let as_str = def.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let wire = &variant.wire_value;
        quote! { Self::#name => #wire, }
    });
    let from = def.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let wire = &variant.wire_value;
        quote! { #wire => Self::#name, }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            #[doc = " A value this version of the spec does not list, kept as it came."]
            #fallback(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from)*
                    _ => Self::#fallback(value),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn emit_union(module: &Module, def: &UnionDef) -> TokenStream {
    let mut doc = def.doc.clone();
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push("Decoding tries the variants best match first (required members present, then most members declared), so a value that fits several keeps the most of itself.".to_owned());
    let doc = doc_attrs(&doc);
    let name = ident(&def.name);
    let fallback = ident(&def.fallback);
    let variants = def.variants.iter().map(|variant| {
        let doc = doc_attrs(&variant.doc);
        let name = ident(&variant.name);
        let ty = type_tokens(module, &variant.ty);
        quote! { #doc #name(#ty), }
    });
    let candidates = def.variants.iter().map(|variant| {
        let required = &variant.required;
        let known = &variant.known;
        let tags = variant.tags.iter().map(|(member, values)| quote! { (#member, &[#(#values),*]) });
        quote! { runtime::UnionCandidate { required: &[#(#required),*], known: &[#(#known),*], tags: &[#(#tags),*] }, }
    });
    let attempts = def.variants.iter().enumerate().map(|(index, variant)| {
        let index = Literal::usize_unsuffixed(index);
        let name = ident(&variant.name);
        quote! { #index => ::serde_json::from_value(value.clone()).map(Self::#name), }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #[doc = " A value no variant accepts, kept as it came."]
            #fallback(::serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const CANDIDATES: &[runtime::UnionCandidate] = &[#(#candidates)*];
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                for index in runtime::union_order(&value, CANDIDATES) {
                    let attempt = match index {
                        #(#attempts)*
                        _ => continue,
                    };
                    if let Ok(decoded) = attempt {
                        return Ok(decoded);
                    }
                }
                Ok(Self::#fallback(value))
            }
        }
    }
}

fn emit_alias(module: &Module, def: &AliasDef) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let ty = type_tokens(module, &def.ty);
    quote! { #doc pub type #name = #ty; }
}

fn emit_client(module: &Module) -> TokenStream {
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

            /// Sets the timeout of each whole request (connect, send and read); `None` waits forever.
            pub fn with_timeout(self, timeout: Option<::std::time::Duration>) -> Self {
                Client(self.0.with_timeout(timeout))
            }

            /// Sets the credential sent wherever `auth` says (see [`runtime::Auth`]).
            pub fn with_credential(self, auth: runtime::Auth, credential: runtime::Credential) -> Self {
                Client(self.0.with_credential(auth, credential))
            }

            /// The settings: base URL, HTTP client, timeout and credentials.
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

fn required_args(module: &Module, op: &OperationDef) -> Vec<(Ident, TokenStream, TokenStream)> {
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
fn argument(module: &Module, ty: &TypeRef, name: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote! { impl Into<String> }, quote! { #name.into() }),
        TypeRef::StreamBody => (quote! { impl Into<runtime::Body> }, quote! { #name.into() }),
        other => (type_tokens(module, other), quote! { #name }),
    }
}

/// The type a builder stores its body as: the choice enum, or the one media type's type.
fn body_type(module: &Module, body: &BodyDef) -> TokenStream {
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
fn body_argument(module: &Module, body: &BodyDef, name: &Ident) -> (TokenStream, TokenStream) {
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
fn body_is_cloneable(body: Option<&BodyDef>) -> bool {
    body.is_none_or(|body| {
        body.media.iter().all(|m| !matches!(m.encoding, RequestEncoding::Binary | RequestEncoding::Multipart))
    })
}

fn emit_client_method(module: &Module, op: &OperationDef) -> TokenStream {
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
            #builder { client: self, #(#inits,)* #(#optional: None,)* #optional_body }
        }
    }
}

fn success_type(module: &Module, op: &OperationDef) -> TokenStream {
    match &op.success {
        SuccessDef::Single(Some(ty)) => type_tokens(module, ty),
        SuccessDef::Single(None) => quote! { () },
        SuccessDef::Enum { name, .. } => {
            let name = ident(name);
            quote! { #name }
        }
    }
}

fn emit_operation(module: &Module, op: &OperationDef) -> TokenStream {
    let builder = emit_builder(module, op);
    let choice = emit_body_choice(module, op);
    let success = emit_success_enum(module, op);
    let error = emit_error_enum(module, op);
    let headers = op.headers.as_ref().map(|headers| emit_headers(module, headers));
    quote! { #builder #choice #success #headers #error }
}

fn emit_headers(module: &Module, def: &HeadersDef) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let fields = def.fields.iter().map(|(field, _, ty, doc)| {
        let doc = doc_attrs(doc);
        let field = ident(field);
        let ty = type_tokens(module, ty);
        quote! { #doc pub #field: Option<#ty>, }
    });
    let reads = def.fields.iter().map(|(field, wire, ..)| {
        let field = ident(field);
        quote! { #field: runtime::header_value(status, headers, #wire)?, }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq)]
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

fn field_type(module: &Module, param_ty: &TypeRef, required: bool) -> TokenStream {
    let ty = type_tokens(module, param_ty);
    if required {
        ty
    } else {
        quote! { Option<#ty> }
    }
}

fn emit_builder(module: &Module, op: &OperationDef) -> TokenStream {
    let builder = ident(&op.builder_name);
    let method = &op.method_name;
    let error = ident(&op.error_name);
    let success = success_type(module, op);
    let mut fields: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            let ty = field_type(module, &p.ty, p.required);
            quote! { #name: #ty, }
        })
        .collect();
    if let Some(body) = &op.body {
        let ty = body_type(module, body);
        let ty = if body.required {
            ty
        } else {
            quote! { Option<#ty> }
        };
        fields.push(quote! { body: #ty, });
    }
    let setters = op.params.iter().filter(|p| !p.required).map(|p| emit_setter(module, p));
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|body| {
        let doc = doc_attrs(&body.doc);
        let (ty, value) = body_argument(module, body, &ident("body"));
        quote! {
            #doc
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(#value);
                self
            }
        }
    });
    let clone = body_is_cloneable(op.body.as_ref()).then(|| quote! { Clone, });
    let send = emit_send(module, op);
    let builder_doc = format!(
        " A request to [`Client::{method}`]: set optional parameters, then `.await` it or call [`{}::send`].",
        op.builder_name
    );
    quote! {
        #[doc = #builder_doc]
        #[derive(#clone Debug)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder<'a> {
            client: &'a Client,
            #(#fields)*
        }

        impl<'a> #builder<'a> {
            #(#setters)*
            #body_setter
            #send
        }

        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = Result<#success, runtime::Error<#error>>;
            type IntoFuture = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Self::Output> + Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    }
}

fn emit_setter(module: &Module, param: &ParamDef) -> TokenStream {
    let doc = doc_attrs(&param.doc);
    let name = ident(&param.name);
    let (ty, value) = argument(module, &param.ty, &format_ident!("value"));
    quote! {
        #doc
        pub fn #name(mut self, value: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn emit_send(module: &Module, op: &OperationDef) -> TokenStream {
    let error = ident(&op.error_name);
    let success = success_type(module, op);
    let headers = match &op.headers {
        Some(headers) => {
            let name = ident(&headers.name);
            quote! { #name }
        }
        None => quote! { () },
    };
    let path = emit_path(op);
    let method = ident(&op.http_method);
    let server = match &op.server {
        Some(url) => quote! { Some(#url) },
        None => quote! { None },
    };
    let params = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let style = style_tokens(p.style);
        let explode = p.explode;
        match p.location {
            ParamLocation::Query => quote! { request.query(#wire, &self.#name, #style, #explode); },
            ParamLocation::Header => quote! { request.header(#wire, &self.#name, #explode); },
            ParamLocation::Cookie => quote! { request.cookie(#wire, &self.#name); },
            ParamLocation::Path => quote! {},
        }
    });
    let body = op.body.as_ref().map(emit_body);
    let auth = emit_auth(module, op);
    // Streamed answers are taken before the body is read; everything else is read whole first.
    let streamed = op.responses.iter().filter(|case| is_streamed(case)).map(|case| {
        let matches = status_matches(case.status);
        let value = case_value(module, op, case, quote! { raw_headers });
        quote! {
            if #matches {
                let raw_headers = received.headers().clone();
                return #value;
            }
        }
    });
    let arms = op.responses.iter().filter(|case| !is_streamed(case)).map(|case| {
        let pattern = status_pattern(case.status);
        let value = case_value(module, op, case, quote! { response.headers.clone() });
        quote! { #pattern => #value, }
    });
    let has_default = op.responses.iter().any(|c| c.status == StatusPattern::Default);
    let unknown = (!has_default).then(|| quote! { _ => Err(runtime::Error::Api(#error::UnknownStatus(response))), });
    let arms: Vec<TokenStream> = arms.collect();
    let read_cases: Vec<&ResponseCase> = op.responses.iter().filter(|case| !is_streamed(case)).collect();
    // A match whose only arm is the catch-all is written as that arm's value.
    let decide = match (read_cases.as_slice(), unknown) {
        ([], Some(_)) => quote! { Err(runtime::Error::Api(#error::UnknownStatus(response))) },
        ([only], None) if only.status == StatusPattern::Default => {
            case_value(module, op, only, quote! { response.headers.clone() })
        }
        (_, unknown) => quote! { match status.as_u16() { #(#arms)* #unknown } },
    };
    // With no documented response at all, every status is undocumented and needs no look.
    let status = (!op.responses.is_empty()).then(|| quote! { let status = received.status(); });
    let has_params = op.params.iter().any(|p| p.location != ParamLocation::Path);
    let mutable = (has_params || op.body.is_some() || !op.security.is_empty()).then(|| quote! { mut });
    let send_doc = format!(" Sends the request and decodes the response body (see [`Client::{}`]).", op.method_name);
    quote! {
        #[doc = #send_doc]
        pub async fn send(self) -> Result<#success, runtime::Error<#error>> {
            self.send_response().await.map(|response| response.body)
        }

        /// Sends the request; on success returns the body with the status and the headers.
        pub async fn send_response(self) -> Result<runtime::Response<#success, #headers>, runtime::Error<#error>> {
            #path
            let #mutable request = runtime::Request::new(&self.client.0, #server, runtime::Method::#method, path);
            #(#params)*
            #body
            #auth
            let received = request.send().await?;
            #status
            #(#streamed)*
            let response = received.read().await?;
            #decide
        }
    }
}

fn emit_path(op: &OperationDef) -> TokenStream {
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
                segments.push(quote! { let #name = runtime::path_param(#wire, &self.#name, #style, #explode)?; });
            }
        }
    }
    if segments.is_empty() {
        let literal = template.replace("{{", "{").replace("}}", "}");
        quote! { let path = #literal.to_owned(); }
    } else {
        quote! { #(#segments)* let path = format!(#template); }
    }
}

fn style_tokens(style: ParamStyle) -> TokenStream {
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
fn set_body(media: &BodyMedia) -> TokenStream {
    let content_type = &media.content_type;
    match media.encoding {
        RequestEncoding::Json => quote! { request.json(&body, #content_type); },
        RequestEncoding::Text | RequestEncoding::Binary => quote! { request.body(body, #content_type); },
        RequestEncoding::Form => {
            let fields = media.fields.iter().map(|(name, style, explode)| {
                let style = style_tokens(*style);
                quote! { (#name, #style, #explode) }
            });
            quote! { request.form(&body, &[#(#fields),*], #content_type); }
        }
        RequestEncoding::Multipart => quote! { request.multipart(runtime::IntoMultipart::into_form(body)?); },
    }
}

fn emit_body(body: &BodyDef) -> TokenStream {
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
        quote! { let body = self.body; #set }
    } else {
        quote! { if let Some(body) = self.body { #set } }
    }
}

/// The enum a caller picks one of several body media types with, and `From` for each distinct type.
fn emit_body_choice(module: &Module, op: &OperationDef) -> TokenStream {
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
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }

        #(#froms)*
    }
}

fn emit_auth(module: &Module, op: &OperationDef) -> TokenStream {
    if op.security.is_empty() {
        return quote! {};
    }
    let alternatives = op.security.iter().map(|alternative| {
        let schemes = alternative.iter().filter_map(|scheme| {
            let auth = module.client.auth.iter().find(|a| &a.scheme == scheme)?;
            Some(auth_tokens(&auth.kind))
        });
        quote! { &[#(#schemes),*] }
    });
    quote! { request.authorize(&[#(#alternatives),*]); }
}

/// The runtime's `Auth` value for where a scheme puts its credential.
fn auth_tokens(kind: &AuthKind) -> TokenStream {
    match kind {
        AuthKind::Header(name) => quote! { runtime::Auth::Header { name: #name } },
        AuthKind::Query(name) => quote! { runtime::Auth::Query { name: #name } },
        AuthKind::Cookie(name) => quote! { runtime::Auth::Cookie { name: #name } },
        AuthKind::Bearer => quote! { runtime::Auth::Bearer },
        AuthKind::Basic => quote! { runtime::Auth::Basic },
    }
}

fn status_pattern(status: StatusPattern) -> TokenStream {
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
fn read_body(encoding: &BodyEncoding, ty: &TypeRef, module: &Module) -> TokenStream {
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
            let arms = choices.iter().map(|(media_type, variant, encoding)| {
                let variant = ident(variant);
                let read = read_body(encoding, ty, module);
                quote! { #media_type => #name::#variant(#read), }
            });
            let fallback = choices.first().map(|(_, variant, encoding)| {
                let variant = ident(variant);
                let read = read_body(encoding, ty, module);
                quote! { _ => #name::#variant(#read), }
            });
            quote! { match response.media_type().as_str() { #(#arms)* #fallback } }
        }
    }
}

/// Whether a case is answered with a stream (taken before the body is read).
fn is_streamed(case: &ResponseCase) -> bool {
    case.outcome == Outcome::Success
        && case.body.as_ref().is_some_and(|b| {
            matches!(b.encoding, BodyEncoding::ByteStream | BodyEncoding::JsonEvents | BodyEncoding::TextEvents)
        })
}

/// Whether a case's variant carries the status (ranges and `default` cover several).
fn keeps_status(case: &ResponseCase) -> bool {
    !matches!(case.status, StatusPattern::Code(_))
}

fn variant_value(module: &Module, case: &ResponseCase) -> TokenStream {
    let variant = ident(&case.variant);
    let body = case.body.as_ref().map(|body| read_body(&body.encoding, &body.ty, module));
    match (body, keeps_status(case)) {
        (Some(body), true) => quote! { #variant { status, body: #body } },
        (None, true) => quote! { #variant { status } },
        (Some(body), false) => quote! { #variant(#body) },
        (None, false) => quote! { #variant },
    }
}

/// The value a case produces: `Ok(Response)` for success, `Err(Error::Api(..))` for errors.
fn case_value(module: &Module, op: &OperationDef, case: &ResponseCase, headers: TokenStream) -> TokenStream {
    match (case.outcome, &op.success) {
        (Outcome::Success, SuccessDef::Single(_)) => {
            let body = case.body.as_ref().map_or(quote! { () }, |body| read_body(&body.encoding, &body.ty, module));
            quote! { Ok(runtime::Response::new(status, #headers, #body)?) }
        }
        (Outcome::Success, SuccessDef::Enum { name, .. }) => {
            let name = ident(name);
            let value = variant_value(module, case);
            quote! { Ok(runtime::Response::new(status, #headers, #name::#value)?) }
        }
        (Outcome::Error, _) => {
            let error = ident(&op.error_name);
            let value = variant_value(module, case);
            quote! { Err(runtime::Error::Api(#error::#value)) }
        }
    }
}

fn status_matches(status: StatusPattern) -> TokenStream {
    let pattern = status_pattern(status);
    quote! { matches!(status.as_u16(), #pattern) }
}

fn variant_definition(module: &Module, case: &ResponseCase) -> TokenStream {
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

fn emit_success_enum(module: &Module, op: &OperationDef) -> TokenStream {
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
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn emit_error_enum(module: &Module, op: &OperationDef) -> TokenStream {
    let doc = doc_attrs(&op.error_doc);
    let name = ident(&op.error_name);
    let errors: Vec<&ResponseCase> = op.responses.iter().filter(|c| c.outcome == Outcome::Error).collect();
    let variants = errors.iter().map(|c| variant_definition(module, c));
    let has_default = op.responses.iter().any(|c| c.status == StatusPattern::Default);
    let unknown = (!has_default).then(|| {
        quote! {
            /// A status the spec does not document, with the whole response.
            UnknownStatus(runtime::RawResponse),
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
    let unknown_arm = (!has_default).then(|| quote! { Self::UnknownStatus(response) => response.status, });
    let is_empty = errors.is_empty() && has_default;
    let status_body = if is_empty {
        quote! { match *self {} }
    } else {
        quote! { match self { #(#status_arms)* #unknown_arm } }
    };
    quote! {
        #doc
        #[derive(Clone, Debug)]
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
    }
}
