//! The mutations of the fuzz harness: what each does to a spec's JSON tree, at the nodes it picks.

use serde_json::{Value, json};

/// What a mutation does, at the node its `at` picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Removes a key of an object.
    DeleteKey,
    /// Copies an entry under a key that differs only in case or separators.
    DuplicateKey,
    /// Swaps two nodes.
    Swap,
    /// Replaces the node with a value of another type.
    ReplaceType,
    /// Replaces the node with a `$ref` to an existing, missing, self, parent or odd target.
    InjectRef,
    /// Wraps the node in levels of `allOf`, `items`, properties, `oneOf`, maps or arrays.
    DeepNest,
    /// Replaces the node with an odd string (CR, NUL, `*/`, backticks, Unicode, huge).
    OddString,
    /// Renames a key to an odd string.
    OddKey,
    /// Sets `type` to something that is not a type.
    BogusType,
    /// Makes a component schema reach itself, in one of the forms a schema can.
    Recursive,
    /// Replaces the node with a copy of another subtree.
    Graft,
    /// Sets an OpenAPI keyword on an object to a value of the pool or a subtree.
    SetKeyword,
}

pub(super) const KINDS: [Kind; 12] = [
    Kind::DeleteKey,
    Kind::DuplicateKey,
    Kind::Swap,
    Kind::ReplaceType,
    Kind::InjectRef,
    Kind::DeepNest,
    Kind::OddString,
    Kind::OddKey,
    Kind::BogusType,
    Kind::Recursive,
    Kind::Graft,
    Kind::SetKeyword,
];

/// One mutation: its kind, the node it applies to, a second node, and a choice among its forms.
#[derive(Clone, Debug)]
pub struct Mutation {
    pub kind: Kind,
    pub at: u64,
    pub other: u64,
    pub choice: u32,
}

/// One step from a node to a child.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// How many nodes `root` has.
fn node_count(root: &Value) -> u64 {
    let (mut count, mut stack) = (0, vec![root]);
    while let Some(value) = stack.pop() {
        count += 1;
        match value {
            Value::Object(object) => stack.extend(object.values()),
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    count
}

/// The path of the node numbered `index` in document order (the root is 0).
fn path_of(root: &Value, index: u64) -> Vec<Step> {
    let mut path = Vec::new();
    let mut stack: Vec<(usize, Option<Step>, &Value)> = vec![(0, None, root)];
    let mut seen = 0;
    while let Some((depth, step, value)) = stack.pop() {
        path.truncate(depth.saturating_sub(1));
        if let Some(step) = step {
            path.push(step);
        }
        if seen == index {
            return path;
        }
        seen += 1;
        match value {
            Value::Object(object) => {
                stack.extend(object.iter().rev().map(|(k, v)| (depth + 1, Some(Step::Key(k.clone())), v)));
            }
            Value::Array(items) => {
                stack.extend(items.iter().enumerate().rev().map(|(i, v)| (depth + 1, Some(Step::Index(i)), v)));
            }
            _ => {}
        }
    }
    path
}

fn node_mut<'v>(root: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut node = root;
    for step in path {
        node = match step {
            Step::Key(key) => node.get_mut(key.as_str())?,
            Step::Index(index) => node.get_mut(*index)?,
        };
    }
    Some(node)
}

fn node<'v>(root: &'v Value, path: &[Step]) -> Option<&'v Value> {
    let mut node = root;
    for step in path {
        node = match step {
            Step::Key(key) => node.get(key.as_str())?,
            Step::Index(index) => node.get(*index)?,
        };
    }
    Some(node)
}

/// The JSON pointer of a path, as a `$ref` names it.
fn pointer(path: &[Step]) -> String {
    let mut out = String::from("#");
    for step in path {
        out.push('/');
        match step {
            Step::Key(key) => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Step::Index(index) => out.push_str(&index.to_string()),
        }
    }
    out
}

/// Strings that generated code has to survive, in names and in text.
const ODD: &[&str] = &[
    "",
    " ",
    "\r",
    "a\rb",
    "a\r\nb",
    "\0",
    "a\0b",
    "*/",
    "/*",
    "/**/ */ /*",
    "`",
    "```",
    "``x`",
    "\n```\nfn main() { panic!() }\n```\n",
    "~~~\nlet x = ;\n~~~",
    "    indented code",
    "\u{202e}abc\u{2066}",
    "\u{200b}",
    "\u{feff}",
    "\u{85}\u{2028}\u{2029}",
    "\u{1b}[31mred",
    "\u{7f}\u{7}",
    "\t",
    "é",
    "日本語",
    "🦀",
    "a\u{301}",
    "ǅ",
    "İ",
    "ß",
    "\\",
    "\"",
    "'",
    "\"#",
    "#",
    "{",
    "}",
    "{id}",
    "{{x}}",
    "/a/{id",
    "/b/id}",
    "no-slash/{x}",
    "r#type",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "async",
    "await",
    "gen",
    "_",
    "__",
    "0",
    "-1",
    "1e3",
    "2XX",
    "default",
    "-",
    "$",
    "$ref",
    "::",
    "a::b",
    "<T>",
    "[x]",
    "<b>",
    "[a][b]",
    "%00",
    "../..",
    "https://",
    "http://[::1]:99999/{v}",
    "mailto:x",
    "true",
    "null",
    "None",
    "Some",
    "Ok",
    "Result",
    "Option",
    "Vec",
    "String",
    "Box",
    "Client",
    "runtime",
    "Error",
    "Unknown",
    "Other",
    "serde",
    "std",
    "core",
    "application/json",
    "multipart/form-data",
    "text/event-stream",
    "*/*",
    "application/x-www-form-urlencoded",
];

/// An odd string: one of [`ODD`], two of them joined, or a huge one.
fn odd_string(choice: u32) -> String {
    let pick = |c: u32| ODD[c as usize % ODD.len()];
    match choice % 16 {
        0 => pick(choice >> 4).repeat(1 + (1 << ((choice >> 12) % 17)) as usize / pick(choice >> 4).len().max(1)),
        1..=4 => format!("{}{}{}", pick(choice >> 4), pick(choice >> 12), pick(choice >> 20)),
        _ => pick(choice >> 4).to_owned(),
    }
}

/// Values of every JSON type, including edge numbers.
fn odd_value(choice: u32) -> Value {
    match choice % 20 {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(false),
        3 => json!(0),
        4 => json!(-1),
        5 => json!(1.5),
        6 => json!(1e308),
        7 => json!(u64::MAX),
        8 => json!(i64::MIN),
        9 => json!(""),
        10 => json!([]),
        11 => json!({}),
        12 => json!([null]),
        13 => json!({"": null}),
        14 => json!(["string", "null"]),
        15 => json!({"type": "string"}),
        16 => json!({"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a", "b"]}),
        17 => json!([{"type": "string"}, {"type": "integer"}]),
        18 => json!(-0.0),
        _ => Value::String(odd_string(choice >> 5)),
    }
}

/// OpenAPI and JSON Schema keywords, and places of an operation.
const KEYWORDS: &[&str] = &[
    "type",
    "format",
    "enum",
    "const",
    "nullable",
    "required",
    "items",
    "properties",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "discriminator",
    "default",
    "example",
    "examples",
    "readOnly",
    "writeOnly",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "pattern",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "in",
    "name",
    "style",
    "explode",
    "schema",
    "content",
    "deprecated",
    "servers",
    "parameters",
    "requestBody",
    "responses",
    "$ref",
    "$recursiveRef",
    "$dynamicRef",
    "$dynamicAnchor",
    "$id",
    "$defs",
    "prefixItems",
    "propertyNames",
    "patternProperties",
    "x-enum-varnames",
    "variables",
    "url",
    "operationId",
    "security",
    "securitySchemes",
    "flows",
    "headers",
    "encoding",
    "contentMediaType",
    "contentEncoding",
    "mapping",
    "propertyName",
    "title",
    "description",
    "summary",
    "get",
    "post",
    "x-www-form",
];

/// Component schema pointers of `root`.
fn schema_pointers(root: &Value) -> Vec<String> {
    root.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .keys()
                .map(|k| format!("#/components/schemas/{}", k.replace('~', "~0").replace('/', "~1")))
                .collect()
        })
        .unwrap_or_default()
}

/// Applies `mutation` to `root`; a mutation with nothing to apply to does nothing.
pub(super) fn mutate(root: &mut Value, mutation: &Mutation) {
    let count = node_count(root);
    let at = &path_of(root, mutation.at % count);
    let other = &path_of(root, mutation.other % count);
    let choice = mutation.choice;
    match mutation.kind {
        Kind::DeleteKey => {
            if let Some(Value::Object(object)) = node_mut(root, at)
                && !object.is_empty()
            {
                let key = object.keys().nth(choice as usize % object.len()).cloned().unwrap_or_default();
                object.shift_remove(&key);
            }
        }
        Kind::DuplicateKey => {
            if let Some(Value::Object(object)) = node_mut(root, at)
                && !object.is_empty()
            {
                let (key, value) = object
                    .iter()
                    .nth(choice as usize % object.len())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .unwrap_or_default();
                let twin = match (choice >> 8) & 3 {
                    0 => key.to_uppercase(),
                    1 => key.replace(['_', '-'], "").to_lowercase(),
                    2 => format!("{key}_"),
                    _ => key.replace('-', "_") + "-",
                };
                object.insert(twin, value);
            }
        }
        Kind::Swap => {
            let related = at.len() <= other.len() && pointer(other).starts_with(&pointer(at))
                || other.len() <= at.len() && pointer(at).starts_with(&pointer(other));
            if !related {
                let a = node(root, at).cloned();
                let b = node(root, other).cloned();
                if let (Some(a), Some(b)) = (a, b) {
                    if let Some(slot) = node_mut(root, at) {
                        *slot = b;
                    }
                    if let Some(slot) = node_mut(root, other) {
                        *slot = a;
                    }
                }
            }
        }
        Kind::ReplaceType => set(root, at, odd_value(choice)),
        Kind::InjectRef => {
            let schemas = schema_pointers(root);
            let target = match choice % 12 {
                0..=3 if !schemas.is_empty() => schemas[(choice >> 4) as usize % schemas.len()].clone(),
                4 => pointer(at),
                5 => pointer(&at[..at.len().saturating_sub(1)]),
                6 => "#/components/schemas/Missing".to_owned(),
                7 => "#".to_owned(),
                8 => "other.yaml#/components/schemas/X".to_owned(),
                9 => "#/components/schemas/~2bad/%zz".to_owned(),
                10 => pointer(other),
                _ => odd_string(choice >> 4),
            };
            let siblings = (choice >> 8) & 1 == 1;
            match node_mut(root, at) {
                Some(Value::Object(object)) if siblings => {
                    object.insert("$ref".to_owned(), Value::String(target));
                }
                Some(slot) => *slot = json!({ "$ref": target }),
                None => {}
            }
        }
        Kind::DeepNest => {
            let depth = if choice.is_multiple_of(8) { 200 + choice % 600 } else { 1 + choice % 50 } as usize;
            if let Some(slot) = node_mut(root, at) {
                let mut value = slot.take();
                for level in 0..depth {
                    value = match (choice >> 10).wrapping_add(level as u32) % 6 {
                        0 => json!({ "allOf": [value] }),
                        1 => json!({ "type": "array", "items": value }),
                        2 => json!({ "type": "object", "properties": { "p": value } }),
                        3 => json!({ "oneOf": [value, { "type": "null" }] }),
                        4 => json!({ "additionalProperties": value }),
                        _ => json!([value]),
                    };
                }
                *slot = value;
            }
        }
        Kind::OddString => set(root, at, Value::String(odd_string(choice))),
        Kind::OddKey => {
            if let Some(Value::Object(object)) = node_mut(root, at)
                && !object.is_empty()
            {
                let index = choice as usize % object.len();
                let entries: Vec<(String, Value)> = std::mem::take(object).into_iter().collect();
                for (i, (key, value)) in entries.into_iter().enumerate() {
                    let key = if i == index { odd_string(choice >> 3) } else { key };
                    object.insert(key, value);
                }
            }
        }
        Kind::BogusType => {
            let bogus = match choice % 10 {
                0 => json!("strnig"),
                1 => json!(["string", "object", "null"]),
                2 => json!(["null"]),
                3 => json!([]),
                4 => json!(5),
                5 => json!({ "x": 1 }),
                6 => json!("null"),
                7 => json!(["integer", "string", "array"]),
                8 => json!("file"),
                _ => json!("any"),
            };
            if let Some(Value::Object(object)) = node_mut(root, at) {
                object.insert("type".to_owned(), bogus);
            }
        }
        Kind::Recursive => {
            let schemas = schema_pointers(root);
            if schemas.is_empty() {
                return;
            }
            let own = schemas[choice as usize % schemas.len()].clone();
            let next = schemas[(choice >> 8) as usize % schemas.len()].clone();
            let me = json!({ "$ref": own });
            let form = match (choice >> 16) & 7 {
                0 => me,
                1 => json!({ "type": "array", "items": me }),
                2 => json!({ "type": "object", "properties": { "next": me }, "required": ["next"] }),
                3 => json!({ "allOf": [me, { "type": "object", "properties": { "a": { "type": "string" } } }] }),
                4 => json!({ "oneOf": [me, { "type": "string" }] }),
                5 => json!({ "type": "object", "additionalProperties": me }),
                6 => json!({ "anyOf": [{ "$ref": next }, { "type": "array", "items": me }], "nullable": true }),
                _ => json!({ "not": me }),
            };
            let path = own.trim_start_matches("#/").split('/').map(|t| t.replace("~1", "/").replace("~0", "~"));
            let path: Vec<Step> = path.map(Step::Key).collect();
            set(root, &path, form);
        }
        Kind::Graft => {
            if let Some(copy) = node(root, other).cloned() {
                set(root, at, copy);
            }
        }
        Kind::SetKeyword => {
            let keyword = KEYWORDS[choice as usize % KEYWORDS.len()];
            let value = if (choice >> 8) & 1 == 1 { node(root, other).cloned() } else { Some(odd_value(choice >> 9)) };
            if let (Some(Value::Object(object)), Some(value)) = (node_mut(root, at), value) {
                object.insert(keyword.to_owned(), value);
            }
        }
    }
}

fn set(root: &mut Value, path: &[Step], value: Value) {
    if let Some(slot) = node_mut(root, path) {
        *slot = value;
    }
}
