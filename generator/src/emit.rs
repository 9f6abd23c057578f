//! `emit`: writes the `ir` as Rust tokens. It follows the IR mechanically and makes no OpenAPI decisions.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{
    AliasDef, AuthKind, BodyDef, BodyEncoding, ClientDef, EnumDef, Module, OperationDef, Outcome, ParamDef, ParamLocation, PathPart,
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

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #[doc = #text] }
    });
    quote! { #(#lines)* }
}

pub fn type_tokens(module: &Module, ty: &TypeRef) -> TokenStream {
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
        TypeRef::F32 => quote! { f32 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::String => quote! { String },
        TypeRef::Uuid => quote! { ::uuid::Uuid },
        TypeRef::DateTime => quote! { ::chrono::DateTime<::chrono::FixedOffset> },
        TypeRef::Date => quote! { ::chrono::NaiveDate },
        TypeRef::Url => quote! { ::url::Url },
        TypeRef::Bytes => quote! { runtime::Bytes },
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

        impl runtime::ParamValue for #name {
            fn push_texts(&self, out: &mut Vec<String>) {
                out.push(self.as_str().to_owned());
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
    let defaults = default_base_url.as_ref().map(|url| {
        quote! {
            /// The first server listed by the spec.
            pub const DEFAULT_BASE_URL: &'static str = #url;

            /// A client for [`Client::DEFAULT_BASE_URL`], with no credentials.
            pub fn new() -> Self {
                Self::with_base_url(Self::DEFAULT_BASE_URL)
            }
        }
    });
    let default_impl = default_base_url.as_ref().map(|_| {
        quote! {
            impl Default for Client {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let setters = auth.iter().map(|auth| {
        let doc = doc_attrs(&auth.doc);
        let setter = ident(&auth.setter);
        let scheme = &auth.scheme;
        match auth.kind {
            AuthKind::Basic => quote! {
                #doc
                pub fn #setter(self, user: impl Into<String>, password: impl Into<String>) -> Self {
                    self.set_credential(#scheme, runtime::Credential::Basic { user: user.into(), password: runtime::Secret::new(password) })
                }
            },
            _ => quote! {
                #doc
                pub fn #setter(self, secret: impl Into<String>) -> Self {
                    self.set_credential(#scheme, runtime::Credential::Token(runtime::Secret::new(secret)))
                }
            },
        }
    });
    let methods = module.operations.iter().map(|op| emit_client_method(module, op));
    quote! {
        pub use self::runtime::Client;

        /// The `info.title` of the spec these bindings come from.
        pub const API_TITLE: &str = #title;
        /// The `info.version` of the spec these bindings come from.
        pub const API_VERSION: &str = #version;

        impl Client {
            #defaults
            #(#setters)*
            #(#methods)*
        }

        #default_impl
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
        let (ty, value) = argument(module, &body.ty, &name);
        args.push((name, ty, value));
    }
    args
}

/// How a value is taken as an argument: strings as `impl Into<String>`, the rest as they are.
fn argument(module: &Module, ty: &TypeRef, name: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote! { impl Into<String> }, quote! { #name.into() }),
        other => (type_tokens(module, other), quote! { #name }),
    }
}

fn emit_client_method(module: &Module, op: &OperationDef) -> TokenStream {
    let doc = doc_attrs(&op.doc);
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let args = required_args(module, op);
    let params = args.iter().map(|(name, ty, _)| quote! { #name: #ty });
    let inits = args.iter().map(|(name, _, value)| {
        if *name == value.to_string() { quote! { #name } } else { quote! { #name: #value } }
    });
    let optional = op.params.iter().filter(|p| !p.required).map(|p| ident(&p.name));
    let optional_body = op.body.as_ref().filter(|b| !b.required).map(|_| quote! { body: None, });
    let deprecated = op.deprecated.then(|| quote! { #[deprecated = "The spec marks this operation as deprecated."] });
    let many = (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let returns = format!(" Returns a [`{builder}`] request: set optional parameters on it, then `.await` it (or call `send`).");
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
    let success = emit_success_enum(module, op);
    let error = emit_error_enum(module, op);
    quote! { #builder #success #error }
}

fn field_type(module: &Module, param_ty: &TypeRef, required: bool) -> TokenStream {
    let ty = type_tokens(module, param_ty);
    if required { ty } else { quote! { Option<#ty> } }
}

fn emit_builder(module: &Module, op: &OperationDef) -> TokenStream {
    let builder = ident(&op.builder_name);
    let method = &op.method_name;
    let error = ident(&op.error_name);
    let success = success_type(module, op);
    let mut fields: Vec<TokenStream> =
        op.params.iter().map(|p| {
            let name = ident(&p.name);
            let ty = field_type(module, &p.ty, p.required);
            quote! { #name: #ty, }
        }).collect();
    if let Some(body) = &op.body {
        let ty = field_type(module, &body.ty, body.required);
        fields.push(quote! { body: #ty, });
    }
    let setters = op.params.iter().filter(|p| !p.required).map(|p| emit_setter(module, p));
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|body| {
        let doc = doc_attrs(&body.doc);
        let ty = type_tokens(module, &body.ty);
        quote! {
            #doc
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(body);
                self
            }
        }
    });
    let send = emit_send(module, op);
    let builder_doc = format!(" A request to [`Client::{method}`]: set optional parameters, then `.await` it or call [`{}::send`].", op.builder_name);
    quote! {
        #[doc = #builder_doc]
        #[derive(Clone, Debug)]
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
    let path = emit_path(op);
    let method = ident(&op.http_method);
    let params = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        match p.location {
            ParamLocation::Query => quote! { request.query(#wire, &self.#name); },
            ParamLocation::Header => quote! { request.header(#wire, &self.#name); },
            ParamLocation::Cookie => quote! { request.cookie(#wire, &self.#name); },
            ParamLocation::Path => quote! {},
        }
    });
    let body = op.body.as_ref().map(emit_body);
    let auth = emit_auth(module, op);
    let arms = op.responses.iter().map(|case| emit_response_arm(op, case));
    let has_default = op.responses.iter().any(|c| c.status == StatusPattern::Default);
    let unknown = (!has_default).then(|| quote! { _ => Err(runtime::Error::Api(#error::UnknownStatus(response))), });
    let doc = format!(" Sends the request and decodes the response (see [`Client::{}`]).", op.method_name);
    let has_params = op.params.iter().any(|p| p.location != ParamLocation::Path);
    let mutable = (has_params || op.body.is_some() || !op.security.is_empty()).then(|| quote! { mut });
    // A lone catch-all arm (only `default`, or no documented response) is still written as a match.
    let single_arm = (op.responses.len() + usize::from(!has_default) == 1).then(|| quote! { #[allow(clippy::match_single_binding)] });
    quote! {
        #[doc = #doc]
        #single_arm
        pub async fn send(self) -> Result<#success, runtime::Error<#error>> {
            #path
            let #mutable request = runtime::Request::new(self.client, runtime::Method::#method, path);
            #(#params)*
            #body
            #auth
            let response = request.send().await?;
            match response.status.as_u16() {
                #(#arms)*
                #unknown
            }
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
                let name = ident(&op.params[*index].name);
                template.push_str(&format!("{{{name}}}"));
                segments.push(quote! { let #name = runtime::path_param(&self.#name)?; });
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

fn emit_body(body: &BodyDef) -> TokenStream {
    let content_type = &body.content_type;
    let set = match body.encoding {
        BodyEncoding::Json => quote! { request.json(body, #content_type); },
        BodyEncoding::Text => quote! { request.raw(body.clone().into_bytes(), #content_type); },
        BodyEncoding::Bytes => quote! { request.raw(body.to_vec(), #content_type); },
    };
    if body.required {
        quote! { let body = &self.body; #set }
    } else {
        quote! { if let Some(body) = &self.body { #set } }
    }
}

fn emit_auth(module: &Module, op: &OperationDef) -> TokenStream {
    if op.security.is_empty() {
        return quote! {};
    }
    let alternatives = op.security.iter().map(|alternative| {
        let schemes = alternative.iter().filter_map(|scheme| {
            let auth = module.client.auth.iter().find(|a| &a.scheme == scheme)?;
            Some(match &auth.kind {
                AuthKind::Header(name) => quote! { runtime::Auth::Header { scheme: #scheme, name: #name } },
                AuthKind::Query(name) => quote! { runtime::Auth::Query { scheme: #scheme, name: #name } },
                AuthKind::Cookie(name) => quote! { runtime::Auth::Cookie { scheme: #scheme, name: #name } },
                AuthKind::Bearer => quote! { runtime::Auth::Bearer { scheme: #scheme } },
                AuthKind::Basic => quote! { runtime::Auth::Basic { scheme: #scheme } },
            })
        });
        quote! { &[#(#schemes),*] }
    });
    quote! { request.authorize(&[#(#alternatives),*]); }
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

fn decode_body(case: &ResponseCase) -> Option<TokenStream> {
    case.body.as_ref().map(|body| match body.encoding {
        BodyEncoding::Json => quote! { response.json()? },
        BodyEncoding::Text => quote! { response.text()? },
        BodyEncoding::Bytes => quote! { response.bytes() },
    })
}

/// Whether a case's variant carries the status (ranges and `default` cover several).
fn keeps_status(case: &ResponseCase) -> bool {
    !matches!(case.status, StatusPattern::Code(_))
}

fn variant_value(case: &ResponseCase) -> TokenStream {
    let variant = ident(&case.variant);
    match (decode_body(case), keeps_status(case)) {
        (Some(body), true) => quote! { #variant { status: response.status, body: #body } },
        (None, true) => quote! { #variant { status: response.status } },
        (Some(body), false) => quote! { #variant(#body) },
        (None, false) => quote! { #variant },
    }
}

fn emit_response_arm(op: &OperationDef, case: &ResponseCase) -> TokenStream {
    let pattern = status_pattern(case.status);
    let value = match (case.outcome, &op.success) {
        (Outcome::Success, SuccessDef::Single(_)) => match decode_body(case) {
            Some(body) => quote! { Ok(#body) },
            None => quote! { Ok(()) },
        },
        (Outcome::Success, SuccessDef::Enum { name, .. }) => {
            let name = ident(name);
            let value = variant_value(case);
            quote! { Ok(#name::#value) }
        }
        (Outcome::Error, _) => {
            let error = ident(&op.error_name);
            let value = variant_value(case);
            quote! { Err(runtime::Error::Api(#error::#value)) }
        }
    };
    quote! { #pattern => #value, }
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
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
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
