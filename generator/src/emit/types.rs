//! Type definitions: structs, string enums, unions with their decoder, aliases, multipart forms and media choices.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{
    AdditionalField, AliasDef, EnumDef, EnumVariant, Field, MediaChoiceDef, MediaVariant, Module, MultipartDef,
    MultipartField, NewtypeDef, PartKind, StructDef, TypeRef, UnionDef, UnionTag, UnionVariant,
};

use super::arguments::{ConstructorField, emit_constructor};
use super::{doc_attrs, ident, type_tokens};

/// `new` for a struct or form: its `(field, type, required)` fields, then its map of undeclared
/// members (empty).
fn constructor<'a>(
    module: &Module,
    fields: impl Iterator<Item = (&'a str, &'a TypeRef, bool)>,
    additional: Option<&'a AdditionalField>,
    derives_default: bool,
) -> TokenStream {
    let fields: Vec<ConstructorField<'a>> = fields
        .map(|(name, ty, from_argument)| ConstructorField { name, ty, from_argument })
        .chain(additional.map(|AdditionalField { name, ty }| ConstructorField { name, ty, from_argument: false }))
        .collect();
    emit_constructor(module, &fields, derives_default)
}

pub(super) fn emit_media_choice(module: &Module, def: &MediaChoiceDef) -> TokenStream {
    let MediaChoiceDef { name, doc, variants } = def;
    let doc = doc_attrs(doc);
    let name = ident(name);
    let variants = variants.iter().map(|MediaVariant { name, ty, media_type }| {
        let variant = ident(name);
        let ty = type_tokens(module, ty);
        let doc = format!(" Received as `{media_type}`.");
        quote! { #[doc = #doc] #variant(#ty), }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// Whether values of `ty` are streams (which are neither `Clone` nor `PartialEq`).
pub(super) fn is_stream(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::ByteStream | TypeRef::EventStream(_))
}

pub(super) fn emit_multipart(module: &Module, def: &MultipartDef) -> TokenStream {
    let MultipartDef { name, doc, fields, additional } = def;
    let doc = doc_attrs(doc);
    let name = ident(name);
    let parts =
        fields.iter().map(|MultipartField { name, wire_name: wire, doc: _, ty: _, kind, optional, content_type }| {
            let name = ident(name);
            let content_type = match content_type {
                Some(content_type) => quote! { Some(#content_type) },
                None => quote! { None },
            };
            match (kind, optional) {
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
                (PartKind::Texts, _) => quote! {
                    for item in &self.#name {
                        if let Some(part) = runtime::text_part(#wire, item, #content_type)? {
                            form = form.part(#wire, part);
                        }
                    }
                },
            }
        });
    let additional_parts = additional.as_ref().map(|AdditionalField { name, ty: _ }| {
        let name = ident(name);
        quote! {
            for (name, value) in self.#name {
                if let Some(part) = runtime::text_part(&name, &value, None)? {
                    form = form.part(name, part);
                }
            }
        }
    });
    let additional_field = additional.as_ref().map(|AdditionalField { name, ty }| {
        let name = ident(name);
        let ty = type_tokens(module, ty);
        quote! {
            #[doc = " Parts the spec does not name, one text part each (JSON for non-strings)."]
            pub #name: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    // A form with nothing to add is returned as it is made (`let mut` would be unused).
    let mutable = (!fields.is_empty() || additional.is_some()).then(|| quote! { mut });
    let required = fields.iter().map(|field| (field.name.as_str(), &field.ty, !field.optional));
    let constructor = constructor(module, required, additional.as_ref(), false);
    let fields = fields.iter().map(|field| {
        let doc = doc_attrs(&field.doc);
        let name = ident(&field.name);
        let ty = type_tokens(module, &field.ty);
        quote! { #doc pub #name: #ty, }
    });
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional_field
        }

        impl #name {
            #constructor
        }

        impl runtime::IntoMultipart for #name {
            fn into_form(self) -> Result<runtime::Form, runtime::SendFailure> {
                let #mutable form = runtime::Form::new();
                #(#parts)*
                #additional_parts
                Ok(form)
            }
        }
    }
}

pub(super) fn emit_struct(module: &Module, def: &StructDef) -> TokenStream {
    let StructDef { name, doc, fields, additional, derive_default } = def;
    let doc = doc_attrs(doc);
    let name = ident(name);
    let required = fields.iter().map(|field| (field.name.as_str(), &field.ty, !field.optional));
    let constructor = constructor(module, required, additional.as_ref(), *derive_default);
    let default = derive_default.then(|| quote! { Default, });
    let fields = fields.iter().map(|Field { name, wire_name, doc, ty, optional, deprecated, flatten }| {
        let doc = doc_attrs(doc);
        let deprecated = deprecated.then(|| quote! { #[doc = ""] #[doc = " **Deprecated.**"] });
        let rename = (name != wire_name && !flatten).then(|| quote! { #[serde(rename = #wire_name)] });
        let name = ident(name);
        let ty = type_tokens(module, ty);
        let skip = optional.then(|| quote! { #[serde(default, skip_serializing_if = "Option::is_none")] });
        let flatten = flatten.then(|| quote! { #[serde(flatten)] });
        quote! { #doc #deprecated #rename #skip #flatten pub #name: #ty, }
    });
    let additional_field = additional.as_ref().map(|AdditionalField { name, ty }| {
        let field = ident(name);
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
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional_field
        }

        impl #name {
            #constructor
        }
    }
}

pub(super) fn emit_enum(def: &EnumDef) -> TokenStream {
    let EnumDef { name, doc, variants, fallback } = def;
    let doc = doc_attrs(doc);
    let name = ident(name);
    let fallback = ident(fallback);
    let as_str = variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let wire = &variant.wire_value;
        quote! { Self::#name => #wire, }
    });
    let from = variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let wire = &variant.wire_value;
        quote! { #wire => Self::#name, }
    });
    let variants = variants.iter().map(|EnumVariant { name, wire_value: _, doc }| {
        let doc = doc_attrs(doc);
        let name = ident(name);
        quote! { #doc #name, }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
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

pub(super) fn emit_union(module: &Module, def: &UnionDef) -> TokenStream {
    let UnionDef { name, doc, variants, fallback } = def;
    let mut doc = doc.clone();
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push("Decoding tries the variants best match first (required members present, then most members declared), so a value that fits several keeps the most of itself.".to_owned());
    let doc = doc_attrs(&doc);
    let name = ident(name);
    let fallback = ident(fallback);
    let candidates = variants.iter().map(|UnionVariant { required, known, tags, .. }| {
        let tag = |UnionTag { member, values, implied: _ }: &UnionTag| quote! { (#member, &[#(#values),*]) };
        let implied = tags.iter().filter(|t| t.implied).map(tag);
        let tags = tags.iter().filter(|t| !t.implied).map(tag);
        quote! {
            runtime::UnionCandidate {
                required: &[#(#required),*],
                known: &[#(#known),*],
                tags: &[#(#tags),*],
                implied: &[#(#implied),*],
            },
        }
    });
    let attempts = variants.iter().enumerate().map(|(index, variant)| {
        let index = Literal::usize_unsuffixed(index);
        let name = ident(&variant.name);
        quote! { #index => ::serde_json::from_value(value.clone()).map(Self::#name), }
    });
    let variants = variants.iter().map(|UnionVariant { name, doc, ty, required: _, known: _, tags: _ }| {
        let doc = doc_attrs(doc);
        let name = ident(name);
        let ty = type_tokens(module, ty);
        quote! { #doc #name(#ty), }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #[non_exhaustive]
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

pub(super) fn emit_alias(module: &Module, def: &AliasDef) -> TokenStream {
    let AliasDef { name, doc, ty } = def;
    let doc = doc_attrs(doc);
    let name = ident(name);
    let ty = type_tokens(module, ty);
    quote! { #doc pub type #name = #ty; }
}

pub(super) fn emit_newtype(module: &Module, def: &NewtypeDef) -> TokenStream {
    let NewtypeDef { name, doc, ty } = def;
    let doc = doc_attrs(doc);
    let name = ident(name);
    let ty = type_tokens(module, ty);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #ty);
    }
}
