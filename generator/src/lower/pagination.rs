//! Pagination: which operations page, how (page, offset, cursor, next URL), where the items are and what ends them.
//!
//! A plan comes from the settings' `[pagination]` table, else from a vendor extension (see
//! `declared_pages`), else from the shape of the operation: its parameters and its success body
//! (after `allOf` merging and through aliases, so `$ref`s and compositions are already followed).
//! What a declaration leaves out is filled in by the same detection. Each decision is a note.

use crate::ir::{self, MemberPath, MemberStep, NextSource, PageAdvance, PaginationDef, TypeDef, TypeRef};
use crate::model;

use super::Lowerer;
use super::declared_pages::{NextPlan, Plan, Scheme};

/// Parameter names, as the spec writes them, that detection reads as each role.
const PAGE_PARAMS: &[&str] = &["page", "page_number", "pageNumber"];
const OFFSET_PARAMS: &[&str] = &["offset"];
const CURSOR_PARAMS: &[&str] =
    &["cursor", "after", "page_token", "pageToken", "starting_after", "startingAfter", "next_token", "nextToken"];
/// Cursors that name the last item seen (Stripe's style) rather than a token the server gives.
const AFTER_ITEM_PARAMS: &[&str] = &["after", "starting_after", "startingAfter"];
const LIMIT_PARAMS: &[&str] = &["limit", "page_size", "pageSize", "per_page", "perPage"];

/// Response member names, at the top of the body or in one nested object, read as each signal.
const TOTAL_PAGES: &[&str] = &["total_pages", "totalPages", "num_pages", "numPages", "page_count", "pageCount"];
const TOTAL_COUNT: &[&str] = &["total_count", "totalCount", "total", "total_results", "totalResults"];
const HAS_MORE: &[&str] = &["has_more", "hasMore", "has_next_page", "hasNextPage", "has_next", "hasNext"];
const NEXT_CURSOR: &[&str] =
    &["next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next_token", "nextToken", "next_page"];
/// Members giving the next page's URL, or (for offsets) saying whether one follows.
const NEXT_LINK: &[&str] =
    &["next", "next_url", "nextUrl", "next_page_url", "nextPageUrl", "nextOffset", "next_offset"];

/// What kind of value a member or parameter must hold for its role.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Token,
    Flag,
}

impl Lowerer<'_, '_, '_> {
    /// Decides the pagination of every operation, once the types are final (boxed fields too).
    pub(super) fn lower_pagination(&mut self, operations: &mut [ir::OperationDef]) {
        let api = self.api;
        for (op, def) in api.operations.iter().zip(operations.iter_mut()) {
            def.pagination = self.operation_pagination(op, def);
        }
    }

    fn operation_pagination(&mut self, op: &model::Operation, def: &ir::OperationDef) -> Option<PaginationDef> {
        let key = format!("{} {}", op.method, op.path);
        let plan = match self.config.pagination.get(&key) {
            Some(setting) => self.plan_from_settings(&key, setting, &op.pointer)?,
            None => match self.plan_from_extensions(op) {
                Some(plan) => plan?,
                None => Plan::detected(),
            },
        };
        let pointer = plan.pointer.clone().unwrap_or_else(|| op.pointer.clone());
        let scheme = plan.scheme.or_else(|| detected_scheme(def)).map_or("page", Scheme::name);
        match self.complete(plan, op, def) {
            Ok(pagination) => {
                self.note(&pointer, format!("`{key}` is paginated: {}", pagination.doc.join(" ")));
                Some(pagination)
            }
            Err(Refusal::Silent) => None,
            Err(Refusal::Note(message)) => {
                self.note(&pointer, format!("`{key}` is not paginated: {message}; {}", how_to_declare(&key, scheme)));
                None
            }
            Err(Refusal::Warning(message)) => {
                self.warn(&pointer, format!("the pagination of `{key}` is not used: {message}"));
                None
            }
        }
    }

    /// Fills what `plan` leaves out from the operation's shape and checks every part.
    fn complete(
        &mut self,
        plan: Plan,
        op: &model::Operation,
        def: &ir::OperationDef,
    ) -> Result<PaginationDef, Refusal> {
        let declared = plan.source.is_some();
        let refuse = |message: String| if declared { Refusal::Warning(message) } else { Refusal::Note(message) };
        let queries = |names: &[&str]| {
            def.params
                .iter()
                .position(|p| p.location == ir::ParamLocation::Query && names.contains(&p.wire_name.as_str()))
        };
        let find_param = |name: &str| def.params.iter().position(|p| p.wire_name == name);
        // The parameter that advances, and so the scheme.
        let (scheme, param) = match (plan.scheme, &plan.param) {
            (Some(Scheme::Url), _) => (Scheme::Url, None),
            (Some(scheme), Some(name)) => match find_param(name) {
                Some(index) => (scheme, Some(index)),
                None => return Err(refuse(format!("it has no parameter `{name}`"))),
            },
            (Some(scheme), None) => {
                let names = match scheme {
                    Scheme::Page => PAGE_PARAMS,
                    Scheme::Offset => OFFSET_PARAMS,
                    Scheme::Cursor | Scheme::Url => CURSOR_PARAMS,
                };
                match queries(names) {
                    Some(index) => (scheme, Some(index)),
                    None => return Err(refuse(format!("no parameter is a {} (name it with `param`)", scheme.role()))),
                }
            }
            (None, _) => match (queries(CURSOR_PARAMS), queries(PAGE_PARAMS), queries(OFFSET_PARAMS)) {
                (Some(index), _, _) => (Scheme::Cursor, Some(index)),
                (None, Some(index), _) => (Scheme::Page, Some(index)),
                (None, None, Some(index)) => (Scheme::Offset, Some(index)),
                (None, None, None) if self.documents_link(def) => (Scheme::Url, None),
                (None, None, None) => return Err(Refusal::Silent),
            },
        };
        let param_name = param.map(|index| def.params[index].wire_name.clone()).unwrap_or_default();
        if def.body.as_ref().is_some_and(|body| {
            body.media
                .iter()
                .any(|m| matches!(m.encoding, ir::RequestEncoding::Binary | ir::RequestEncoding::Multipart))
        }) {
            return Err(refuse("its request body is streamed, so it cannot be sent once per page".to_owned()));
        }
        let Some(body_ty) = self.json_success(def) else {
            return Err(refuse("it has no single JSON success body to read pages from".to_owned()));
        };
        if let Some(index) = param {
            let fits = match scheme {
                Scheme::Cursor => self.holds(&def.params[index].ty, Kind::Token),
                _ => self.number_param(op, &def.params[index]),
            };
            let kind = if scheme == Scheme::Cursor { Kind::Token } else { Kind::Number };
            if !fits {
                return Err(refuse(format!("`{param_name}` is not a {}", kind.describe())));
            }
        }
        // The items.
        let items = match &plan.items {
            Some(path) => self.member_path(&body_ty, path).ok_or_else(|| refuse(format!("no member `{}`", path.join("."))))?,
            None => self.find_items(&body_ty).map_err(|found| {
                refuse(match found.as_slice() {
                    [] => format!("it takes `{param_name}` but its response has no array of items"),
                    several => format!(
                        "it takes `{param_name}` but its response has {} arrays ({}), so which holds the items is ambiguous",
                        several.len(),
                        several.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
                    ),
                })
            })?,
        };
        let Some(item_ty) = self.leaf_type(&body_ty, &items).and_then(|ty| self.vec_item(&ty)) else {
            return Err(refuse(format!("`{}` is not an array", wire_path(&items))));
        };
        // The signals: declared ones must fit; detected ones are looked for by name.
        let signal = |this: &mut Self, declared: &Option<Vec<String>>, names: &[&str], kind: Kind| match declared {
            Some(path) => match this.member_path(&body_ty, path) {
                Some(found) if this.leaf_type(&body_ty, &found).is_some_and(|ty| this.holds(&ty, kind)) => {
                    Ok(Some(found))
                }
                _ => Err(refuse(format!("`{}` is not a {} member of the response", path.join("."), kind.describe()))),
            },
            None => Ok(this.find_signal(&body_ty, names, kind)),
        };
        let total_pages = signal(self, &plan.total_pages, TOTAL_PAGES, Kind::Number)?;
        let total_count = signal(self, &plan.total_count, TOTAL_COUNT, Kind::Number)?;
        let has_more = signal(self, &plan.has_more, HAS_MORE, Kind::Flag)?;
        let next = match &plan.next {
            Some(NextPlan::Link) => Some(NextSource::LinkHeader),
            Some(NextPlan::Member(path)) => match self.member_path(&body_ty, path) {
                Some(found) if self.leaf_type(&body_ty, &found).is_some_and(|ty| self.holds(&ty, Kind::Token)) => {
                    Some(NextSource::Member(found))
                }
                _ => return Err(refuse(format!("`{}` is not a cursor or URL member of the response", path.join(".")))),
            },
            Some(NextPlan::LastItem(path)) => match self.member_path(&item_ty, path) {
                Some(found) if self.leaf_type(&item_ty, &found).is_some_and(|ty| self.holds(&ty, Kind::Token)) => {
                    Some(NextSource::LastItem(found))
                }
                _ => return Err(refuse(format!("the items have no cursor member `{}`", path.join(".")))),
            },
            None => self.detect_next(scheme, &param_name, &body_ty, &item_ty, def),
        };
        if matches!(scheme, Scheme::Cursor | Scheme::Url) && next.is_none() {
            return Err(refuse(format!("nothing in the response gives the next {}", scheme.role())));
        }
        let limit = match &plan.limit {
            Some(name) => Some(find_param(name).ok_or_else(|| refuse(format!("it has no parameter `{name}`")))?),
            None => queries(LIMIT_PARAMS),
        }
        .filter(|index| self.number_param(op, &def.params[*index]));
        let limit = limit.map(|index| (index, self.param_number(op, &def.params[index].wire_name, "default")));
        let advance = match (scheme, param) {
            (Scheme::Page, Some(index)) => {
                let name = &def.params[index].wire_name;
                let first = self.param_number(op, name, "default").or_else(|| self.param_number(op, name, "minimum"));
                PageAdvance::Page { param: index, first: first.unwrap_or(1) }
            }
            (Scheme::Offset, Some(index)) => PageAdvance::Offset { param: index },
            (Scheme::Cursor, Some(index)) => PageAdvance::Cursor { param: index },
            _ => PageAdvance::Url,
        };
        let first_page_only: Vec<usize> = match plan.first_page_only {
            false => Vec::new(),
            true => (0..def.params.len())
                .filter(|i| Some(*i) != param && Some(*i) != limit.map(|(l, _)| l))
                .filter(|i| def.params[*i].location == ir::ParamLocation::Query && !def.params[*i].required)
                .collect(),
        };
        let mut pagination = PaginationDef {
            doc: Vec::new(),
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
        };
        pagination.doc = describe(&pagination, def, plan.source.as_deref());
        Ok(pagination)
    }

    /// The body type of the success response, when there is one, read as JSON.
    fn json_success(&self, def: &ir::OperationDef) -> Option<TypeRef> {
        let ir::SuccessDef::Single(Some(ty)) = &def.success else { return None };
        let json = def
            .responses
            .iter()
            .filter(|case| case.outcome == ir::Outcome::Success)
            .all(|case| case.body.as_ref().is_none_or(|body| body.encoding == ir::BodyEncoding::Json));
        (json && (self.struct_of(ty).is_some() || self.vec_item(ty).is_some())).then(|| ty.clone())
    }

    fn documents_link(&self, def: &ir::OperationDef) -> bool {
        def.headers.as_ref().is_some_and(|h| h.fields.iter().any(|f| f.wire_name.eq_ignore_ascii_case("link")))
    }

    /// The next cursor or URL by name: a cursor member, the last item's `id` for an
    /// `after`-style cursor, the `Link` header, or a `next` member.
    fn detect_next(
        &self,
        scheme: Scheme,
        param: &str,
        body: &TypeRef,
        item: &TypeRef,
        def: &ir::OperationDef,
    ) -> Option<NextSource> {
        let cursor = self.find_signal(body, NEXT_CURSOR, Kind::Token).map(NextSource::Member);
        let link = self.find_signal(body, NEXT_LINK, Kind::Token).map(NextSource::Member);
        let header = self.documents_link(def).then_some(NextSource::LinkHeader);
        match scheme {
            Scheme::Cursor => cursor.or_else(|| {
                let id = self
                    .member_path(item, &["id".to_owned()])
                    .filter(|path| self.leaf_type(item, path).is_some_and(|ty| self.holds(&ty, Kind::Token)));
                match AFTER_ITEM_PARAMS.contains(&param) {
                    true => id.map(NextSource::LastItem),
                    false => None,
                }
            }),
            Scheme::Url => header.or(link),
            // Page numbers and offsets advance themselves; a next cursor, URL or header only
            // tells whether a page follows.
            Scheme::Page | Scheme::Offset => cursor.or(link).or(header),
        }
    }

    /// The one array of the body (the body itself, a member, or a member of one nested
    /// object); else the arrays found (none, or several).
    fn find_items(&self, body: &TypeRef) -> Result<MemberPath, Vec<String>> {
        if self.vec_item(body).is_some() {
            return Ok(MemberPath::default());
        }
        let arrays = |this: &Self, ty: &TypeRef| -> Vec<MemberStep> {
            let Some(def) = this.struct_of(ty) else { return Vec::new() };
            def.fields.iter().filter(|f| !f.flatten && this.vec_item(&f.ty).is_some()).map(step).collect()
        };
        let top = arrays(self, body);
        if let [only] = top.as_slice() {
            return Ok(MemberPath { steps: vec![only.clone()] });
        }
        if !top.is_empty() {
            return Err(top.into_iter().map(|s| s.wire_name).collect());
        }
        let mut nested = Vec::new();
        for field in self.struct_of(body).map(|def| def.fields.as_slice()).unwrap_or_default() {
            for inner in arrays(self, &field.ty) {
                nested.push(MemberPath { steps: vec![step(field), inner] });
            }
        }
        match nested.len() {
            1 => Ok(nested.remove(0)),
            _ => Err(nested.iter().map(wire_path).collect()),
        }
    }

    /// The first member named as one of `names` that holds `kind`, at the top or one level down.
    fn find_signal(&self, body: &TypeRef, names: &[&str], kind: Kind) -> Option<MemberPath> {
        let def = self.struct_of(body)?;
        let fits = |field: &ir::Field| {
            !field.flatten && names.contains(&field.wire_name.as_str()) && self.holds(&field.ty, kind)
        };
        if let Some(field) = def.fields.iter().find(|f| fits(f)) {
            return Some(MemberPath { steps: vec![step(field)] });
        }
        def.fields.iter().filter(|f| !f.flatten).find_map(|outer| {
            let inner = self.struct_of(&outer.ty)?.fields.iter().find(|f| fits(f))?;
            Some(MemberPath { steps: vec![step(outer), step(inner)] })
        })
    }

    /// The fields down `wire` names from `ty`.
    fn member_path(&self, ty: &TypeRef, wire: &[String]) -> Option<MemberPath> {
        let mut steps = Vec::new();
        let mut current = ty.clone();
        for name in wire {
            let field = self.struct_of(&current)?.fields.iter().find(|f| !f.flatten && &f.wire_name == name)?;
            steps.push(step(field));
            current = field.ty.clone();
        }
        Some(MemberPath { steps })
    }

    /// The type at the end of `path` from `ty`.
    fn leaf_type(&self, ty: &TypeRef, path: &MemberPath) -> Option<TypeRef> {
        let mut current = ty.clone();
        for step in &path.steps {
            current = self.struct_of(&current)?.fields.iter().find(|f| f.name == step.field)?.ty.clone();
        }
        Some(current)
    }

    /// `ty` past `Option`, `Box` and aliases.
    fn bare(&self, ty: &TypeRef) -> TypeRef {
        let mut current = ty.clone();
        for _ in 0..64 {
            current = match current {
                TypeRef::Option(inner) | TypeRef::Box(inner) => *inner,
                TypeRef::Named(id) => match &self.types[id.0] {
                    TypeDef::Alias(alias) => alias.ty.clone(),
                    _ => return TypeRef::Named(id),
                },
                other => return other,
            };
        }
        current
    }

    fn struct_of(&self, ty: &TypeRef) -> Option<&ir::StructDef> {
        match self.bare(ty) {
            TypeRef::Named(id) => match &self.types[id.0] {
                TypeDef::Struct(def) => Some(def),
                _ => None,
            },
            _ => None,
        }
    }

    fn vec_item(&self, ty: &TypeRef) -> Option<TypeRef> {
        match self.bare(ty) {
            TypeRef::Vec(item) => Some(*item),
            _ => None,
        }
    }

    /// Whether a value of `ty` converts to `kind` (`runtime::PageValue` is implemented for it,
    /// and for `Option` of it); aliases are the type they name.
    fn holds(&self, ty: &TypeRef, kind: Kind) -> bool {
        let mut bare = ty.clone();
        for _ in 0..64 {
            bare = match bare {
                TypeRef::Option(inner) => *inner,
                TypeRef::Named(id) => match &self.types[id.0] {
                    TypeDef::Alias(alias) => alias.ty.clone(),
                    _ => break,
                },
                _ => break,
            };
        }
        match kind {
            Kind::Number => matches!(bare, TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::F64),
            Kind::Token => matches!(
                bare,
                TypeRef::String
                    | TypeRef::Uuid
                    | TypeRef::Url
                    | TypeRef::I32
                    | TypeRef::I64
                    | TypeRef::U32
                    | TypeRef::U64
            ),
            Kind::Flag => bare == TypeRef::Bool,
        }
    }

    /// Whether a parameter holds a number: an integer, or a string of digits (its `pattern`
    /// allows only digits), which the runtime parses and writes.
    fn number_param(&self, op: &model::Operation, param: &ir::ParamDef) -> bool {
        if self.holds(&param.ty, Kind::Number) {
            return true;
        }
        let digits =
            op.parameters.iter().find(|p| p.name == param.wire_name).and_then(|p| p.schema).is_some_and(|id| {
                self.reference_chain(id).any(|(_, schema)| {
                    schema.constraints.iter().any(|(keyword, value)| {
                        keyword == "pattern" && value.as_str().is_some_and(|p| p.contains("[0-9]") && !p.contains('.'))
                    })
                })
            });
        digits && self.holds(&param.ty, Kind::Token) && matches!(self.bare(&param.ty), TypeRef::String)
    }

    /// A whole, non-negative number the schema of parameter `name` gives for `keyword`.
    fn param_number(&self, op: &model::Operation, name: &str, keyword: &str) -> Option<u64> {
        let parameter = op.parameters.iter().find(|p| p.name == name)?;
        self.reference_chain(parameter.schema?).find_map(|(_, schema)| match keyword {
            "default" => schema.default.as_ref().and_then(serde_json::Value::as_u64),
            _ => schema.constraints.iter().find(|(k, _)| k == keyword).and_then(|(_, v)| v.as_u64()),
        })
    }
}

/// Why an operation is not paginated: nothing suggests it (silent), a shape that does not fit
/// (a note), or a declaration that cannot be used (a warning).
pub(super) enum Refusal {
    Silent,
    Note(String),
    Warning(String),
}

impl Scheme {
    fn name(self) -> &'static str {
        match self {
            Scheme::Page => "page",
            Scheme::Offset => "offset",
            Scheme::Cursor => "cursor",
            Scheme::Url => "url",
        }
    }

    fn role(self) -> &'static str {
        match self {
            Scheme::Page => "page number",
            Scheme::Offset => "offset",
            Scheme::Cursor => "cursor",
            Scheme::Url => "page URL",
        }
    }
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Token => "cursor (string, UUID, URL or integer)",
            Kind::Flag => "boolean",
        }
    }
}

fn step(field: &ir::Field) -> MemberStep {
    MemberStep {
        field: field.name.clone(),
        wire_name: field.wire_name.clone(),
        optional: matches!(field.ty, TypeRef::Option(_)),
    }
}

fn wire_path(path: &MemberPath) -> String {
    path.steps.iter().map(|s| s.wire_name.as_str()).collect::<Vec<_>>().join(".")
}

fn how_to_declare(key: &str, scheme: &str) -> String {
    format!(
        "declare it in the spec's `.bindgen.toml`: `[pagination]` `\"{key}\" = {{ scheme = \"{scheme}\", items = \"<array member>\" }}` (see the README's Pagination section)"
    )
}

/// The scheme the parameters suggest, for the declaration a note proposes.
fn detected_scheme(def: &ir::OperationDef) -> Option<Scheme> {
    let has = |names: &[&str]| def.params.iter().any(|p| names.contains(&p.wire_name.as_str()));
    [(CURSOR_PARAMS, Scheme::Cursor), (PAGE_PARAMS, Scheme::Page), (OFFSET_PARAMS, Scheme::Offset)]
        .into_iter()
        .find_map(|(names, scheme)| has(names).then_some(scheme))
}

/// One sentence per decision: what advances, the items, what ends the stream.
fn describe(p: &PaginationDef, def: &ir::OperationDef, source: Option<&str>) -> Vec<String> {
    let param = |index: usize| format!("`{}`", def.params[index].wire_name);
    let mut doc = vec![match &p.advance {
        PageAdvance::Page { param: index, first } => {
            format!("Pages by the page number {} (from {first}).", param(*index))
        }
        PageAdvance::Offset { param: index } => {
            format!("Pages by the offset {}, advanced by the items received.", param(*index))
        }
        PageAdvance::Cursor { param: index } => format!("Pages by the cursor {}.", param(*index)),
        PageAdvance::Url => "Pages by following the next page's URL (on the same origin only).".to_owned(),
    }];
    if let Some((index, default)) = p.limit {
        let default = default.map(|d| format!(" (default {d})")).unwrap_or_default();
        doc.push(format!("The page size is {}{default}.", param(index)));
    }
    doc.push(match p.items.steps.is_empty() {
        true => "The items are the body's array.".to_owned(),
        false => format!("The items are `{}`.", wire_path(&p.items)),
    });
    let mut ends = Vec::new();
    match &p.next {
        Some(NextSource::Member(path)) => ends.push(format!("no `{}`", wire_path(path))),
        Some(NextSource::LastItem(path)) => {
            doc.push(format!("The next cursor is the last item's `{}`.", wire_path(path)))
        }
        Some(NextSource::LinkHeader) => ends.push("no `Link` header with `rel=\"next\"`".to_owned()),
        None => {}
    }
    if let Some(path) = &p.has_more {
        ends.push(format!("`{}` false", wire_path(path)));
    }
    if let Some(path) = &p.total_pages {
        ends.push(format!("`{}` reached", wire_path(path)));
    }
    if let Some(path) = &p.total_count {
        ends.push(format!("`{}` items reached", wire_path(path)));
    }
    if p.next.is_none()
        && p.has_more.is_none()
        && p.total_pages.is_none()
        && p.total_count.is_none()
        && p.limit.is_some()
    {
        ends.push("fewer items than the page size".to_owned());
    }
    ends.push("an empty page".to_owned());
    doc.push(format!("The last page: {}.", ends.join(", ")));
    if !p.first_page_only.is_empty() {
        let names: Vec<String> = p.first_page_only.iter().map(|i| param(*i)).collect();
        doc.push(format!("Sent with the first page only: {}.", names.join(", ")));
    }
    if let Some(source) = source {
        doc.push(format!("As declared by {source}."));
    }
    doc
}
