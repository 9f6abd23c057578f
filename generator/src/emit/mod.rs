//! `emit`: writes the `ir` as Rust tokens. It follows the IR mechanically and makes no OpenAPI decisions.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Module, TypeDef, TypeRef};

mod arguments;
mod builder;
mod client;
mod mock;
mod pages;
mod response;
mod send;
mod types;

use builder::{emit_operation, emit_request};
use client::emit_client;
pub(crate) use mock::emit_mocks;
use types::{emit_alias, emit_enum, emit_media_choice, emit_multipart, emit_newtype, emit_struct, emit_union};

/// How many parts [`emit_parts`] numbers: the client, then each type, then each operation's
/// enums, then each operation's request builder (from [`requests_start`] on, which `format`
/// places in the `requests` submodule, so builder names never shadow what users import).
pub fn part_count(module: &Module) -> usize {
    1 + module.types.len() + 2 * module.operations.len()
}

/// The index of the first request builder part.
pub fn requests_start(module: &Module) -> usize {
    1 + module.types.len() + module.operations.len()
}

/// The tokens of parts `range` of the module, in order (without the runtime, which `format`
/// appends as written). Parts can be emitted and formatted apart, and their texts concatenated.
pub fn emit_parts(module: &Module, range: std::ops::Range<usize>) -> TokenStream {
    let types = module.types.len();
    let requests = requests_start(module);
    let parts = range.map(|index| match index {
        0 => emit_client(module),
        index if index <= types => emit_type(module, &module.types[index - 1]),
        index if index < requests => emit_operation(module, &module.operations[index - 1 - types]),
        index => emit_request(module, &module.operations[index - requests]),
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
        TypeDef::Newtype(def) => emit_newtype(module, def),
        TypeDef::Multipart(def) => emit_multipart(module, def),
        TypeDef::MediaChoice(def) => emit_media_choice(module, def),
    }
}
