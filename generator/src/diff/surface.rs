//! The public API surface of one generated module, read from its Rust syntax: the client's
//! methods, the structs (data types and request builders), the enums and the type aliases.
//!
//! Items are keyed by name wherever they live (the module itself or an inline submodule such as
//! `requests`), so moving a builder between modules is not a change; the `runtime` submodule a
//! module generated alone carries is not part of its API and is skipped.

use std::collections::BTreeMap;

use super::type_text::{type_name, type_text};

/// What one module offers its users.
#[derive(Debug, Default)]
pub(crate) struct Surface {
    /// The `pub fn`s of `impl Client`, by name.
    pub methods: BTreeMap<String, Method>,
    /// The `pub struct`s but `Client`, by name.
    pub structs: BTreeMap<String, Struct>,
    /// The `pub enum`s, by name.
    pub enums: BTreeMap<String, Enum>,
    /// The `pub type` aliases, by name, with their target.
    pub aliases: BTreeMap<String, String>,
}

/// A method of the client: an operation (it returns a request builder) or a client setting.
#[derive(Debug)]
pub(crate) struct Method {
    /// The arguments after `&self`, in order.
    pub arguments: Vec<Argument>,
    /// The name of the returned type (`GetPets` for `GetPets<'_>`), if it is a path.
    pub returns: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Argument {
    pub name: String,
    pub ty: String,
}

/// A public struct: its public fields (a data type), its setters (a request builder, or a data
/// type with builder-style methods), and its `new` constructor.
#[derive(Debug, Default)]
pub(crate) struct Struct {
    /// Public named fields by name, with their types.
    pub fields: BTreeMap<String, String>,
    /// Public unnamed fields in order, for a newtype (`pub struct Id(pub String)`).
    pub tuple: Vec<String>,
    pub non_exhaustive: bool,
    /// The arguments of `pub fn new(..) -> Self`, if the struct has one.
    pub constructor: Option<Vec<Argument>>,
    /// Methods taking `self` by value and returning `Self`, by name, with their arguments' types
    /// (`i64`, or `name: K, value: V` for several).
    pub setters: BTreeMap<String, String>,
    /// Other public methods (a builder's `send`), by name, with their signature as text.
    pub methods: BTreeMap<String, String>,
}

impl Struct {
    /// A struct with nothing public to read or write is used through methods only: a builder.
    pub fn is_builder(&self) -> bool {
        self.fields.is_empty() && self.tuple.is_empty()
    }
}

/// A public enum: a string enum, a union, the success types of an operation, or (named `*Error`)
/// the documented error statuses of an operation.
#[derive(Debug, Default)]
pub(crate) struct Enum {
    /// Variants by name, with their payload as text (`(Pet)`, `{ code: i64 }`, or empty).
    pub variants: BTreeMap<String, String>,
    pub non_exhaustive: bool,
    /// For error enums: the status each variant stands for, read from `impl ApiError`.
    pub statuses: BTreeMap<String, u16>,
}

impl Enum {
    /// Generated error enums are named after their operation with `Error` appended.
    pub fn is_error(name: &str) -> bool {
        name.ends_with("Error")
    }
}

/// Reads the surface of a parsed module.
pub(crate) fn read_surface(file: &syn::File) -> Surface {
    let mut surface = Surface::default();
    let mut impls = Vec::new();
    collect_items(&file.items, &mut surface, &mut impls);
    for item in impls {
        read_impl(item, &mut surface);
    }
    surface
}

/// Collects the public types of `items` and of their inline submodules, and every impl block
/// (read once all types are known, since an impl may come before its type).
fn collect_items<'a>(items: &'a [syn::Item], surface: &mut Surface, impls: &mut Vec<&'a syn::ItemImpl>) {
    for item in items {
        match item {
            syn::Item::Struct(item) if is_public(&item.vis) && item.ident != "Client" => {
                let name = unique_name(&item.ident.to_string(), |name| surface.structs.contains_key(name));
                surface.structs.insert(name, read_struct(item));
            }
            syn::Item::Enum(item) if is_public(&item.vis) => {
                let variants = item.variants.iter().map(|v| (v.ident.to_string(), fields_text(&v.fields))).collect();
                let enumeration = Enum { variants, non_exhaustive: is_non_exhaustive(&item.attrs), ..Enum::default() };
                let name = unique_name(&item.ident.to_string(), |name| surface.enums.contains_key(name));
                surface.enums.insert(name, enumeration);
            }
            syn::Item::Type(item) if is_public(&item.vis) => {
                let name = unique_name(&item.ident.to_string(), |name| surface.aliases.contains_key(name));
                surface.aliases.insert(name, type_text(&item.ty));
            }
            syn::Item::Mod(item) if is_public(&item.vis) && item.ident != "runtime" => {
                if let Some((_, items)) = &item.content {
                    collect_items(items, surface, impls);
                }
            }
            syn::Item::Impl(item) => impls.push(item),
            _ => {}
        }
    }
}

/// `name`, or if a type of that name is already known (two submodules defining one name), the
/// first `name#2`, `name#3`.. free: both stay in the report, in document order.
fn unique_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(name) {
        return name.to_owned();
    }
    (2..).map(|n| format!("{name}#{n}")).find(|candidate| !taken(candidate)).unwrap_or_else(|| name.to_owned())
}

fn read_struct(item: &syn::ItemStruct) -> Struct {
    let mut read = Struct { non_exhaustive: is_non_exhaustive(&item.attrs), ..Struct::default() };
    for field in item.fields.iter().filter(|field| is_public(&field.vis)) {
        match &field.ident {
            Some(name) => {
                read.fields.insert(unraw(name), type_text(&field.ty));
            }
            None => read.tuple.push(type_text(&field.ty)),
        }
    }
    read
}

/// An inherent impl of `Client` gives methods; of a known struct, setters and a constructor; an
/// `ApiError` impl gives the statuses of an error enum. Other trait impls are not read: they are
/// the same for every generated type of a kind.
fn read_impl(item: &syn::ItemImpl, surface: &mut Surface) {
    let Some(self_name) = type_name(&item.self_ty) else { return };
    if let Some((trait_path, _)) = &item.trait_ {
        let is_api_error = trait_path.segments.last().is_some_and(|segment| segment.ident == "ApiError");
        if let (true, Some(enumeration)) = (is_api_error, surface.enums.get_mut(&self_name)) {
            enumeration.statuses.extend(read_statuses(item));
        }
        return;
    }
    for function in item.items.iter().filter_map(|item| match item {
        syn::ImplItem::Fn(function) if is_public(&function.vis) => Some(function),
        _ => None,
    }) {
        let signature = &function.sig;
        let name = unraw(&signature.ident);
        let arguments = arguments(signature);
        if self_name == "Client" {
            let returns = match &signature.output {
                syn::ReturnType::Type(_, ty) => type_name(ty),
                syn::ReturnType::Default => None,
            };
            surface.methods.insert(name, Method { arguments, returns });
            continue;
        }
        let Some(read) = surface.structs.get_mut(&self_name) else { continue };
        let returns_self = returns_self(&signature.output, &self_name);
        match signature.receiver().map(|receiver| &receiver.kind) {
            Some(syn::ReceiverKind::Value) if returns_self => {
                let types: Vec<String> = match arguments.as_slice() {
                    [only] => vec![only.ty.clone()],
                    several => several.iter().map(|a| format!("{}: {}", a.name, a.ty)).collect(),
                };
                read.setters.insert(name, types.join(", "));
            }
            None if name == "new" && returns_self => read.constructor = Some(arguments),
            _ => {
                read.methods.insert(name, signature_text(signature, &arguments));
            }
        }
    }
}

/// The arguments of a signature after its receiver, named by their pattern.
fn arguments(signature: &syn::Signature) -> Vec<Argument> {
    signature
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => {
                let name = match typed.pat.as_ref() {
                    syn::Pat::Ident(pattern) => unraw(&pattern.ident),
                    other => quote::ToTokens::to_token_stream(other).to_string(),
                };
                Some(Argument { name, ty: type_text(&typed.ty) })
            }
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

/// A signature without its name and generics, as users call it: `async fn(self) -> Result<Pet, Error>`.
fn signature_text(signature: &syn::Signature, arguments: &[Argument]) -> String {
    let receiver = signature.receiver().map(|receiver| match &receiver.kind {
        syn::ReceiverKind::Reference(_, _, Some(_)) => "&mut self".to_owned(),
        syn::ReceiverKind::Reference(..) => "&self".to_owned(),
        syn::ReceiverKind::Typed(_, ty) => format!("self: {}", type_text(ty)),
        _ => "self".to_owned(),
    });
    let inputs: Vec<String> =
        receiver.into_iter().chain(arguments.iter().map(|a| format!("{}: {}", a.name, a.ty))).collect();
    let output = match &signature.output {
        syn::ReturnType::Type(_, ty) => format!(" -> {}", type_text(ty)),
        syn::ReturnType::Default => String::new(),
    };
    let asyncness = if signature.asyncness.is_some() { "async " } else { "" };
    format!("{asyncness}fn({}){output}", inputs.join(", "))
}

fn returns_self(output: &syn::ReturnType, self_name: &str) -> bool {
    match output {
        syn::ReturnType::Type(_, ty) => type_name(ty).is_some_and(|name| name == "Self" || name == self_name),
        syn::ReturnType::Default => false,
    }
}

/// The statuses of `fn status(&self)` in an `ApiError` impl: its `match` arms of the form
/// `Self::Variant(..) => runtime::status(404)`. Arms reading the status from the response (an
/// undocumented status, a range) give none.
fn read_statuses(item: &syn::ItemImpl) -> BTreeMap<String, u16> {
    let mut statuses = BTreeMap::new();
    for function in item.items.iter().filter_map(|item| match item {
        syn::ImplItem::Fn(function) if function.sig.ident == "status" => Some(function),
        _ => None,
    }) {
        for statement in &function.block.stmts {
            let syn::Stmt::Expr(syn::Expr::Match(matched), _) = statement else { continue };
            for arm in &matched.arms {
                if let (Some(variant), Some(status)) = (pattern_variant(&arm.pat), status_literal(&arm.body)) {
                    statuses.insert(variant, status);
                }
            }
        }
    }
    statuses
}

fn pattern_variant(pattern: &syn::Pat) -> Option<String> {
    let path = match pattern {
        syn::Pat::TupleStruct(pattern) => &pattern.path,
        syn::Pat::Struct(pattern) => &pattern.path,
        syn::Pat::Path(pattern) => &pattern.path,
        _ => return None,
    };
    path.segments.last().map(|segment| segment.ident.to_string())
}

/// `404` from `runtime::status(404)` (possibly inside a block).
fn status_literal(body: &syn::Expr) -> Option<u16> {
    match body {
        syn::Expr::Call(call) => match (call.args.len(), call.args.first()) {
            (1, Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(status), .. }))) => status.base10_parse().ok(),
            _ => None,
        },
        syn::Expr::Block(block) => match block.block.stmts.as_slice() {
            [syn::Stmt::Expr(inner, None)] => status_literal(inner),
            _ => None,
        },
        _ => None,
    }
}

/// The payload of an enum variant as text: `(Pet)`, `{ code: i64 }` or nothing for a unit variant.
fn fields_text(fields: &syn::Fields) -> String {
    match fields {
        syn::Fields::Unit => String::new(),
        syn::Fields::Unnamed(unnamed) => {
            let types: Vec<String> = unnamed.unnamed.iter().map(|field| type_text(&field.ty)).collect();
            format!("({})", types.join(", "))
        }
        syn::Fields::Named(named) => {
            let members: Vec<String> = named
                .named
                .iter()
                .map(|field| {
                    let name = field.ident.as_ref().map(unraw).unwrap_or_default();
                    format!("{name}: {}", type_text(&field.ty))
                })
                .collect();
            format!("{{ {} }}", members.join(", "))
        }
    }
}

fn is_public(visibility: &syn::Visibility) -> bool {
    matches!(visibility, syn::Visibility::Public(_))
}

fn is_non_exhaustive(attributes: &[syn::Attribute]) -> bool {
    attributes.iter().any(|attribute| attribute.path().is_ident("non_exhaustive"))
}

/// An identifier as users write it: `r#type` is `type`.
fn unraw(ident: &syn::Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_owned).unwrap_or(text)
}
