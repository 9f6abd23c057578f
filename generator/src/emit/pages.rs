//! Pagination: a paginated operation's `pages()` and `items()`, and its builder's `runtime::Paginated` impl.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{MemberPath, MemberStep, Module, NextSource, OperationDef, PageAdvance, PaginationDef};

use super::send::headers_type;
use super::{doc_attrs, ident, type_tokens};

/// The builder methods of a paginated operation (nothing for another).
pub(super) fn emit_page_methods(op: &OperationDef) -> TokenStream {
    let Some(pagination) = &op.pagination else { return quote! {} };
    let doc = doc_attrs(&pagination.doc);
    quote! {
        /// Every page of the results, each with its status and headers, sent one after the other
        /// as the stream is polled (each through the same retries, timeouts and hooks as `send`).
        /// It ends after the last page or after the first error; bound it with `max_pages`.
        ///
        #doc
        pub fn pages(self) -> runtime::Pages<Self> {
            runtime::Pages::new(self)
        }

        /// The items of every page, one by one (see [`Self::pages`]); bound it with `max_items`.
        pub fn items(self) -> runtime::Items<Self> {
            runtime::Items::new(self)
        }
    }
}

/// How the runtime pages this operation's builder.
pub(super) fn emit_paginated_impl(module: &Module, op: &OperationDef) -> TokenStream {
    let Some(pagination) = &op.pagination else { return quote! {} };
    let PaginationDef {
        doc: _,
        advance,
        limit,
        items,
        item_ty,
        body_ty,
        next,
        has_more,
        total_pages,
        total_count,
        first_page_only,
    } = pagination;
    let builder = ident(&op.builder_name);
    let error = ident(&op.error_name);
    let body = type_tokens(module, body_ty);
    let item = type_tokens(module, item_ty);
    let headers = headers_type(op);
    let param = |index: &usize| ident(&op.params[*index].name);
    let (constant, start) = match advance {
        PageAdvance::Page { param: index, first } => {
            let field = param(index);
            (
                quote! { runtime::Advance::Page { first: #first } },
                quote! { runtime::PageValue::to_number(&self.#field).unwrap_or(#first) },
            )
        }
        PageAdvance::Offset { param: index } => {
            let field = param(index);
            (quote! { runtime::Advance::Offset }, quote! { runtime::PageValue::to_number(&self.#field).unwrap_or(0) })
        }
        PageAdvance::Cursor { .. } => (quote! { runtime::Advance::Cursor }, quote! { 0 }),
        PageAdvance::Url => (quote! { runtime::Advance::Url }, quote! { 0 }),
    };
    let limit = match limit {
        Some((index, default)) => {
            let field = param(index);
            let default = default.map(|d| quote! { .or(Some(#d)) });
            quote! { runtime::PageValue::to_number(&self.#field) #default }
        }
        None => quote! { None },
    };
    let set = match advance {
        PageAdvance::Page { param: index, .. }
        | PageAdvance::Offset { param: index }
        | PageAdvance::Cursor { param: index } => {
            let field = param(index);
            let message = format!("the next page's value does not fit parameter `{}`", op.params[*index].wire_name);
            quote! { self.#field = runtime::PageValue::from_next(next).ok_or_else(|| #message.to_owned())?; }
        }
        PageAdvance::Url => quote! {
            if let runtime::Next::Token(url) = next {
                self.options.set_next_page_url(url.to_owned());
            }
        },
    };
    let clear = first_page_only.iter().map(|index| {
        let field = param(index);
        quote! { self.#field = None; }
    });
    let count = match access(quote! { body }, items) {
        Access::Place(place) => quote! { #place.len() },
        Access::Maybe(value) => quote! { #value.map_or(0, Vec::len) },
    };
    let uses_headers = matches!(next, Some(NextSource::LinkHeader));
    let headers_arg = if uses_headers {
        quote! { headers }
    } else {
        quote! { _headers }
    };
    let next = next.as_ref().map(|next| {
        let value = match next {
            NextSource::Member(path) => read(access(quote! { body }, path), quote! { to_token }),
            NextSource::LastItem(path) => {
                let last = match access(quote! { body }, items) {
                    Access::Place(place) => quote! { #place.last() },
                    Access::Maybe(value) => quote! { #value.and_then(|items| items.last()) },
                };
                read(path.steps.iter().fold(Access::Maybe(last), then), quote! { to_token })
            }
            NextSource::LinkHeader => quote! { runtime::link_next(headers) },
        };
        quote! { Some(#value) }
    });
    let next = next.unwrap_or_else(|| quote! { None });
    let signal = |name: &str, path: &Option<MemberPath>, convert: TokenStream| {
        let name = ident(name);
        let value = match path {
            Some(path) => read(access(quote! { body }, path), convert),
            None => quote! { None },
        };
        quote! { #name: #value, }
    };
    let has_more = signal("has_more", has_more, quote! { to_flag });
    let total_pages = signal("total_pages", total_pages, quote! { to_number });
    let total_count = signal("total_count", total_count, quote! { to_number });
    let into_items = moved(quote! { body }, items);
    quote! {
        impl runtime::Paginated for #builder {
            type Body = #body;
            type Headers = #headers;
            type Error = #error;
            type Item = #item;
            const ADVANCE: runtime::Advance = #constant;

            fn start(&self) -> u64 {
                #start
            }

            fn limit(&self) -> Option<u64> {
                #limit
            }

            fn send_page(self) -> runtime::PageFuture<Self> {
                self.send_response()
            }

            fn advance(&mut self, next: runtime::Next<'_>) -> Result<(), String> {
                #set
                #(#clear)*
                Ok(())
            }

            fn view(body: &Self::Body, #headers_arg: &runtime::HeaderMap) -> runtime::PageView {
                runtime::PageView {
                    items: #count,
                    next: #next,
                    #has_more
                    #total_pages
                    #total_count
                }
            }

            fn into_items(body: Self::Body) -> Vec<Self::Item> {
                #into_items
            }
        }
    }
}

/// A member reached by reference: a place (no `Option` on the way) or an `Option<&T>`.
enum Access {
    Place(TokenStream),
    Maybe(TokenStream),
}

fn access(root: TokenStream, path: &MemberPath) -> Access {
    path.steps.iter().fold(Access::Place(root), then)
}

/// One step further by reference.
fn then(access: Access, step: &MemberStep) -> Access {
    let field = ident(&step.field);
    match (access, step.optional) {
        (Access::Place(place), false) => Access::Place(quote! { #place.#field }),
        (Access::Place(place), true) => Access::Maybe(quote! { #place.#field.as_ref() }),
        (Access::Maybe(value), false) => Access::Maybe(quote! { #value.map(|v| &v.#field) }),
        (Access::Maybe(value), true) => Access::Maybe(quote! { #value.and_then(|v| v.#field.as_ref()) }),
    }
}

/// The member converted by `runtime::PageValue::<convert>`.
fn read(access: Access, convert: TokenStream) -> TokenStream {
    match access {
        Access::Place(place) => quote! { runtime::PageValue::#convert(&#place) },
        Access::Maybe(value) => quote! { #value.and_then(runtime::PageValue::#convert) },
    }
}

/// The items moved out of the body (none when a member on the way is absent).
fn moved(root: TokenStream, path: &MemberPath) -> TokenStream {
    let mut place = Some(root);
    let mut maybe: Option<TokenStream> = None;
    for step in &path.steps {
        let field = ident(&step.field);
        match (place.take(), maybe.take(), step.optional) {
            (Some(p), _, false) => place = Some(quote! { #p.#field }),
            (Some(p), _, true) => maybe = Some(quote! { #p.#field }),
            (None, Some(m), false) => maybe = Some(quote! { #m.map(|v| v.#field) }),
            (None, Some(m), true) => maybe = Some(quote! { #m.and_then(|v| v.#field) }),
            (None, None, _) => {}
        }
    }
    match (place, maybe) {
        (Some(place), _) => place,
        (None, Some(maybe)) => quote! { #maybe.unwrap_or_default() },
        (None, None) => quote! { Vec::new() },
    }
}
