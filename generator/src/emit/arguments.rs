//! How client methods, request builders and constructors take values: argument types and
//! conversions, a body taken member by member, and the `new` of generated structs.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ir::{BodyDef, BodyMembers, Module, OperationDef, StructDef, TypeDef, TypeRef};

use super::{doc_attrs, ident, type_tokens};

/// One argument of a client method.
pub(super) struct Argument {
    pub(super) name: Ident,
    /// The type it is taken as (`impl Into<String>` for a `String`).
    pub(super) ty: TokenStream,
    /// The expression turning it into the stored value (the name itself when taken as stored).
    pub(super) value: TokenStream,
    /// The conversion may refuse the value, noting it in the request's `options`.
    pub(super) refusable: bool,
}

/// The method's arguments: required parameters, then the required body or its required members.
pub(super) fn required_args(module: &Module, op: &OperationDef) -> Vec<Argument> {
    let options = quote! { options };
    let mut args: Vec<Argument> =
        op.params.iter().filter(|p| p.required).map(|p| argument(module, &p.ty, &ident(&p.name), &options)).collect();
    match op.body.as_ref().filter(|b| b.required) {
        Some(BodyDef { members: Some(members), .. }) => {
            let def = body_struct(module, members);
            for member in members.members.iter().filter(|m| m.argument) {
                if let Some(field) = def.and_then(|def| def.fields.get(member.field)) {
                    args.push(argument(module, &field.ty, &ident(&member.name), &options));
                }
            }
        }
        Some(body) => args.push(body_argument(module, body, &ident("body"), &options)),
        None => {}
    }
    args
}

/// How a value is taken: strings as `impl Into<String>`, free-form objects as any `Serialize`
/// (refused, through `options`, when it is not an object), boxed values unboxed, the rest as
/// they are.
pub(super) fn argument(module: &Module, ty: &TypeRef, name: &Ident, options: &TokenStream) -> Argument {
    let (ty, value, refusable) = match ty {
        TypeRef::String => (quote! { impl Into<String> }, quote! { #name.into() }, false),
        TypeRef::StreamBody => (quote! { impl Into<runtime::Body> }, quote! { #name.into() }, false),
        TypeRef::JsonObject => {
            let what = name.to_string();
            (quote! { impl ::serde::Serialize }, quote! { runtime::object_argument(&mut #options, #what, #name) }, true)
        }
        TypeRef::Box(inner) => {
            let Argument { ty, value, refusable, .. } = argument(module, inner, name, options);
            (ty, quote! { Box::new(#value) }, refusable)
        }
        other => (type_tokens(module, other), quote! { #name }, false),
    };
    Argument { name: name.clone(), ty, value, refusable }
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

/// How a whole body is taken: a choice as `impl Into<Choice>`, else like any value.
pub(super) fn body_argument(module: &Module, body: &BodyDef, name: &Ident, options: &TokenStream) -> Argument {
    match (&body.choice, body.media.first()) {
        (Some(choice), _) => {
            let choice = ident(choice);
            Argument {
                name: name.clone(),
                ty: quote! { impl Into<#choice> },
                value: quote! { #name.into() },
                refusable: false,
            }
        }
        (None, Some(media)) => argument(module, &media.ty, name, options),
        (None, None) => Argument { name: name.clone(), ty: quote! { () }, value: quote! { #name }, refusable: false },
    }
}

fn body_struct<'m>(module: &'m Module, members: &BodyMembers) -> Option<&'m StructDef> {
    match module.types.get(members.ty.0) {
        Some(TypeDef::Struct(def)) => Some(def),
        _ => None,
    }
}

/// The body built from the method's arguments: required members given, optional ones unset.
pub(super) fn body_literal(module: &Module, members: &BodyMembers) -> TokenStream {
    let Some(def) = body_struct(module, members) else {
        return quote! { Default::default() };
    };
    let name = ident(&def.name);
    let fields = members.members.iter().filter_map(|member| {
        let field = def.fields.get(member.field)?;
        let field_name = ident(&field.name);
        let arg = ident(&member.name);
        Some(if !member.argument {
            quote! { #field_name: None }
        } else if field_name == arg {
            quote! { #field_name }
        } else {
            quote! { #field_name: #arg }
        })
    });
    let additional = def.additional.as_ref().map(|additional| {
        let field = ident(&additional.name);
        quote! { #field: Default::default(), }
    });
    quote! { #name { #(#fields,)* #additional } }
}

/// The builder's setters of the body's optional members, its map of undeclared members, and
/// `body` replacing the whole body.
pub(super) fn member_setters(module: &Module, body: &BodyDef, members: &BodyMembers) -> TokenStream {
    let Some(def) = body_struct(module, members) else {
        return quote! {};
    };
    let options = quote! { self.options };
    let setters = members.members.iter().filter(|member| !member.argument).filter_map(|member| {
        let field = def.fields.get(member.field)?;
        let doc = doc_attrs(&field.doc);
        let name = ident(&member.name);
        let field_name = ident(&field.name);
        let (inner, wrap) = match &field.ty {
            TypeRef::Option(inner) => (inner.as_ref(), true),
            other => (other, false),
        };
        let Argument { ty, value, .. } = argument(module, inner, &ident("value"), &options);
        let value = if wrap {
            quote! { Some(#value) }
        } else {
            value
        };
        Some(quote! {
            #doc
            pub fn #name(mut self, value: #ty) -> Self {
                self.body.#field_name = #value;
                self
            }
        })
    });
    let additional = def.additional.as_ref().zip(members.additional.as_ref()).map(|(additional, setter)| {
        let field = ident(&additional.name);
        let setter = ident(setter);
        let ty = type_tokens(module, &additional.ty);
        quote! {
            /// Members the spec does not declare, sent beside the declared ones.
            pub fn #setter(mut self, members: ::std::collections::BTreeMap<String, #ty>) -> Self {
                self.body.#field = members;
                self
            }
        }
    });
    let ty = body_type(module, body);
    let type_name = &def.name;
    let whole = format!(
        " Replaces the whole body, members set so far included, by `body` (built with [`{type_name}::new`], or decoded)."
    );
    quote! {
        #(#setters)*
        #additional
        #[doc = #whole]
        pub fn body(mut self, body: #ty) -> Self {
            self.body = body;
            self
        }
    }
}

/// A field a `new` constructor sets: from an argument of its name, or to its empty value.
pub(super) struct ConstructorField<'a> {
    pub(super) name: &'a str,
    pub(super) ty: &'a TypeRef,
    pub(super) from_argument: bool,
}

/// `new`: the required fields as arguments (strings as `impl Into<String>`, boxed values
/// unboxed), the others empty (`None`, an empty list or map). With it, users build values of
/// `#[non_exhaustive]` structs, which take no struct literal outside the crate.
pub(super) fn emit_constructor(module: &Module, fields: &[ConstructorField<'_>], derives_default: bool) -> TokenStream {
    let mut params = Vec::new();
    let inits = fields.iter().map(|field| {
        let name = ident(field.name);
        if !field.from_argument {
            return quote! { #name: Default::default() };
        }
        let (ty, init) = match field.ty {
            TypeRef::String => (quote! { impl Into<String> }, quote! { #name: #name.into() }),
            TypeRef::Box(inner) => (type_tokens(module, inner), quote! { #name: Box::new(#name) }),
            other => (type_tokens(module, other), quote! { #name }),
        };
        params.push(quote! { #name: #ty });
        init
    });
    let inits: Vec<TokenStream> = inits.collect();
    let size = match params.len() {
        0 if !derives_default => quote! { #[allow(clippy::new_without_default)] },
        count if count > 7 => quote! { #[allow(clippy::too_many_arguments)] },
        _ => quote! {},
    };
    // Arguments are named as their fields, and a field may be named `_1` (after a member `+1`).
    let digits =
        fields.iter().any(|field| field.from_argument && field.name.chars().all(|c| c == '_' || c.is_ascii_digit()));
    let digits = digits.then(|| quote! { #[allow(clippy::just_underscores_and_digits)] });
    let lints = quote! { #size #digits };
    quote! {
        /// A value with the required members as given and the optional ones unset (`None`, empty):
        /// set those on the fields.
        #lints
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    }
}
