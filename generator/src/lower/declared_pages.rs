//! Declared pagination: a `[pagination]` entry of the settings, or a vendor extension of the spec, read into a `Plan`.
//!
//! The extensions are read as their vendors document them: `x-speakeasy-pagination` (`type`
//! `offsetLimit` or `cursor`, `inputs` naming parameters by `type` `page`, `offset`, `limit`,
//! `cursor`, `outputs` `results`, `numPages`, `nextCursor` as JSONPath), `x-fern-pagination`
//! (`offset`, `cursor`, `step` as `$request.<parameter>`; `results`, `next_cursor`, `next_uri`,
//! `next_path`, `has-next-page` as `$response.<path>`) and `x-dropshot-pagination` (`true` or
//! `{required: [..]}`: `page_token` and `limit` in, `items` and `next_page` out, the other query
//! parameters on the first page only). What a plan leaves out, `pagination` detects.

use serde_json::Value;

use crate::config::PaginationSetting;
use crate::model;

use super::Lowerer;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scheme {
    Page,
    Offset,
    Cursor,
    Url,
}

/// Where a declaration says the next cursor or URL is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum NextPlan {
    Member(Vec<String>),
    LastItem(Vec<String>),
    Link,
}

/// What is known of an operation's pagination before its shape is read: member paths are wire
/// names from the success body, parameters as the spec names them.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub scheme: Option<Scheme>,
    pub param: Option<String>,
    pub limit: Option<String>,
    pub items: Option<Vec<String>>,
    pub next: Option<NextPlan>,
    pub has_more: Option<Vec<String>>,
    pub total_pages: Option<Vec<String>>,
    pub total_count: Option<Vec<String>>,
    /// The optional query parameters other than the cursor and limit go with the first page only.
    pub first_page_only: bool,
    /// Who declared it, for notes and docs; `None`: detected.
    pub source: Option<String>,
    /// Where its notes point; `None`: the operation.
    pub pointer: Option<String>,
}

impl Plan {
    pub(super) fn detected() -> Self {
        Plan::default()
    }
}

fn dotted(path: &str) -> Vec<String> {
    path.split('.').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

impl Lowerer<'_, '_, '_> {
    /// The plan a `[pagination]` entry declares; `None` when it says `none` or cannot be read.
    pub(super) fn plan_from_settings(&mut self, key: &str, setting: &PaginationSetting, pointer: &str) -> Option<Plan> {
        let scheme = match setting.scheme.as_str() {
            "page" => Scheme::Page,
            "offset" => Scheme::Offset,
            "cursor" => Scheme::Cursor,
            "url" => Scheme::Url,
            "none" => {
                self.note(pointer, format!("`{key}` is not paginated: the settings say `scheme = \"none\"`"));
                return None;
            }
            other => {
                self.warn(
                    pointer,
                    format!("the settings' pagination of `{key}` has scheme `{other}`; expected page, offset, cursor, url or none"),
                );
                return None;
            }
        };
        let next = match (&setting.next, &setting.next_from_item, setting.link_header) {
            (Some(path), _, _) => Some(NextPlan::Member(dotted(path))),
            (None, Some(path), _) => Some(NextPlan::LastItem(dotted(path))),
            (None, None, true) => Some(NextPlan::Link),
            (None, None, false) => None,
        };
        Some(Plan {
            scheme: Some(scheme),
            param: setting.param.clone(),
            limit: setting.limit.clone(),
            items: setting.items.as_deref().map(dotted),
            next,
            has_more: setting.has_more.as_deref().map(dotted),
            total_pages: setting.total_pages.as_deref().map(dotted),
            total_count: setting.total_count.as_deref().map(dotted),
            first_page_only: false,
            source: Some("the settings' `[pagination]`".to_owned()),
            pointer: Some(pointer.to_owned()),
        })
    }

    /// The plan of the operation's first pagination extension: `None` without one, `Some(None)`
    /// when it says the operation does not page or cannot be read (with a diagnostic).
    pub(super) fn plan_from_extensions(&mut self, op: &model::Operation) -> Option<Option<Plan>> {
        let (name, value) = op.pagination_extensions.first()?;
        let pointer = format!("{}/{name}", op.pointer);
        let read = match name.as_str() {
            "x-speakeasy-pagination" => speakeasy(value),
            "x-fern-pagination" => fern(value),
            _ => dropshot(value),
        };
        Some(match read {
            Ok(Some(plan)) => Some(Plan { source: Some(format!("`{name}`")), pointer: Some(pointer), ..plan }),
            Ok(None) => {
                self.note(&pointer, format!("`{} {}` is not paginated: `{name}` says so", op.method, op.path));
                None
            }
            Err(message) => {
                self.warn(&pointer, format!("`{name}` is not used: {message}"));
                None
            }
        })
    }
}

/// A JSONPath of Speakeasy's outputs (`$.data.results`, `$.results[-1].id`): the members before
/// a `[-1]`, and those after it (within the last item).
fn json_path(path: &str) -> Result<(Vec<String>, Option<Vec<String>>), String> {
    let rest = path
        .strip_prefix("$.")
        .or_else(|| path.strip_prefix('$'))
        .ok_or_else(|| format!("`{path}` is not a `$.` path"))?;
    match rest.split_once("[-1]") {
        Some((before, after)) => Ok((dotted(before), Some(dotted(after)))),
        None if rest.contains('[') => Err(format!("`{path}`: only `[-1]` (the last item) is read")),
        None => Ok((dotted(rest), None)),
    }
}

fn speakeasy(value: &Value) -> Result<Option<Plan>, String> {
    let object = value.as_object().ok_or("it must be an object")?;
    let kind = object.get("type").and_then(Value::as_str).ok_or("it has no `type`")?;
    let mut plan = Plan::default();
    for input in object.get("inputs").and_then(Value::as_array).into_iter().flatten() {
        let name = input.get("name").and_then(Value::as_str).ok_or("an input has no `name`")?;
        let place = input.get("in").and_then(Value::as_str).unwrap_or("parameters");
        if place != "parameters" {
            return Err(format!("input `{name}` is in `{place}`; only `in: parameters` inputs are read"));
        }
        match input.get("type").and_then(Value::as_str) {
            Some("page") => (plan.scheme, plan.param) = (Some(Scheme::Page), Some(name.to_owned())),
            Some("offset") => (plan.scheme, plan.param) = (Some(Scheme::Offset), Some(name.to_owned())),
            Some("cursor") => (plan.scheme, plan.param) = (Some(Scheme::Cursor), Some(name.to_owned())),
            Some("limit") => plan.limit = Some(name.to_owned()),
            other => return Err(format!("input `{name}` has type {other:?}; expected page, offset, limit or cursor")),
        }
    }
    let output = |key: &str| object.get("outputs").and_then(|o| o.get(key)).and_then(Value::as_str);
    if let Some(results) = output("results") {
        plan.items = Some(json_path(results)?.0);
    }
    if let Some(pages) = output("numPages") {
        plan.total_pages = Some(json_path(pages)?.0);
    }
    match kind {
        "offsetLimit" if matches!(plan.scheme, Some(Scheme::Page | Scheme::Offset)) => {}
        "offsetLimit" => return Err("`offsetLimit` needs a `page` or `offset` input".to_owned()),
        "cursor" if plan.scheme == Some(Scheme::Cursor) => {
            let next = output("nextCursor").ok_or("`cursor` needs `outputs.nextCursor`")?;
            plan.next = Some(match json_path(next)? {
                (items, Some(member)) => {
                    if plan.items.as_ref().is_some_and(|declared| declared != &items) {
                        return Err(format!("`{next}` is not within `outputs.results`"));
                    }
                    plan.items.get_or_insert(items);
                    NextPlan::LastItem(member)
                }
                (member, None) => NextPlan::Member(member),
            });
        }
        "cursor" => return Err("`cursor` needs a `cursor` input".to_owned()),
        other => {
            return Err(format!(
                "type `{other}` is not read by this generator (offsetLimit and cursor are); declare it in the settings' `[pagination]`"
            ));
        }
    }
    Ok(Some(plan))
}

/// A Fern path: `$request.<parameter>` or `$response.<members>`.
fn fern_path<'v>(value: &'v Value, prefix: &str) -> Result<&'v str, String> {
    let text = value.as_str().ok_or("its paths must be strings")?;
    text.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('.'))
        .ok_or_else(|| format!("`{text}` does not start with `{prefix}.`"))
}

fn fern(value: &Value) -> Result<Option<Plan>, String> {
    let object = value.as_object().ok_or("it must be an object")?;
    let request = |key: &str| -> Result<Option<String>, String> {
        let Some(value) = object.get(key) else { return Ok(None) };
        let name = fern_path(value, "$request")?;
        if name.contains('.') {
            return Err(format!("`{key}` names a body member (`{name}`); only parameters are read"));
        }
        Ok(Some(name.to_owned()))
    };
    let response = |key: &str| -> Result<Option<Vec<String>>, String> {
        object.get(key).map(|value| fern_path(value, "$response").map(dotted)).transpose()
    };
    let mut plan = Plan { items: response("results")?, has_more: response("has-next-page")?, ..Plan::default() };
    let step = request("step")?;
    if let Some(offset) = request("offset")? {
        // Without `step` Fern counts the offset up by one: a page number.
        plan.scheme = Some(if step.is_some() { Scheme::Offset } else { Scheme::Page });
        plan.param = Some(offset);
        plan.limit = step;
    } else if let Some(cursor) = request("cursor")? {
        plan.scheme = Some(Scheme::Cursor);
        plan.param = Some(cursor);
        plan.next = Some(NextPlan::Member(response("next_cursor")?.ok_or("`cursor` needs `next_cursor`")?));
    } else if let Some(next) = response("next_uri")?.or(response("next_path")?) {
        plan.scheme = Some(Scheme::Url);
        plan.next = Some(NextPlan::Member(next));
    } else {
        return Err("it names no `offset`, `cursor`, `next_uri` or `next_path`".to_owned());
    }
    Ok(Some(plan))
}

fn dropshot(value: &Value) -> Result<Option<Plan>, String> {
    match value {
        Value::Bool(false) => return Ok(None),
        Value::Bool(true) | Value::Object(_) => {}
        _ => return Err("it must be `true` or an object".to_owned()),
    }
    Ok(Some(Plan {
        scheme: Some(Scheme::Cursor),
        param: Some("page_token".to_owned()),
        limit: Some("limit".to_owned()),
        items: Some(vec!["items".to_owned()]),
        next: Some(NextPlan::Member(vec!["next_page".to_owned()])),
        first_page_only: true,
        ..Plan::default()
    }))
}
