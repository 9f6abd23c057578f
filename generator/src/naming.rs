//! Naming: every Rust identifier the generator writes comes from these pure functions.
//!
//! Names are made from words: any character that cannot appear in an ASCII identifier separates
//! words, case changes split words (via `heck`), keywords get a trailing `_`, names that would start
//! with a digit get a prefix, and [`Namespace`] makes names unique deterministically.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words of `raw`: runs of ASCII letters and digits; everything else separates words.
fn words(raw: &str) -> Vec<&str> {
    raw.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

/// Joins converted words; two words that meet digit-to-digit keep an `_` so `21:9` and `2:19` differ.
fn join(parts: Vec<String>, separator: &str) -> String {
    let mut out = String::new();
    for part in parts {
        if part.is_empty() {
            continue;
        }
        let digit_meets_digit =
            out.ends_with(|c: char| c.is_ascii_digit()) && part.starts_with(|c: char| c.is_ascii_digit());
        if !out.is_empty() && (!separator.is_empty() || digit_meets_digit) {
            out.push('_');
        }
        out.push_str(&part);
    }
    out
}

/// `UpperCamelCase` name for a type or variant; `prefix` is used when the name would start with a digit.
fn camel(raw: &str, prefix: &str, empty: &str) -> String {
    let name = join(words(raw).into_iter().map(|w| w.to_upper_camel_case()).collect(), "");
    if name.is_empty() {
        return empty.to_owned();
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("{prefix}{name}") } else { name };
    if name == "Self" { "Self_".to_owned() } else { name }
}

/// A type name: `social_post` and `SocialPost` both give `SocialPost`.
pub fn type_name(raw: &str) -> String {
    let name = camel(raw, "T", "Value");
    // Names the generated code uses unqualified from the prelude or the module itself.
    if ["Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Client", "Self_"]
        .contains(&name.as_str())
    {
        format!("{name}Model")
    } else {
        name
    }
}

/// An enum variant name for a value or a status.
pub fn variant_name(raw: &str) -> String {
    camel(raw, "V", "Empty")
}

/// A variant name for an enum value: like [`variant_name`], but a sign before a number and values
/// made only of symbols are spelled out (`+1` is `Plus1`, `-1` is `Minus1`, `.` is `Dot`), so they
/// do not all collapse into `V1` or `Empty`.
pub fn enum_variant_name(value: &str) -> String {
    let spelled = if value.chars().any(|c| c.is_ascii_alphanumeric()) {
        match value.as_bytes() {
            [b'+', next, ..] if next.is_ascii_digit() => format!("plus {}", &value[1..]),
            [b'-', next, ..] if next.is_ascii_digit() => format!("minus {}", &value[1..]),
            _ => value.to_owned(),
        }
    } else {
        value.chars().filter_map(symbol_word).collect::<Vec<_>>().join(" ")
    };
    variant_name(&spelled)
}

fn symbol_word(c: char) -> Option<&'static str> {
    Some(match c {
        '.' => "dot",
        '+' => "plus",
        '-' => "minus",
        '*' => "star",
        '/' => "slash",
        '\\' => "backslash",
        '_' => "underscore",
        '#' => "hash",
        '@' => "at",
        '!' => "bang",
        '?' => "question",
        ',' => "comma",
        ':' => "colon",
        ';' => "semicolon",
        '=' => "equals",
        '<' => "lt",
        '>' => "gt",
        '%' => "percent",
        '&' => "amp",
        '|' => "pipe",
        '$' => "dollar",
        '~' => "tilde",
        '^' => "caret",
        ' ' => "space",
        _ => return None,
    })
}

/// A `snake_case` name for a field, parameter or method.
pub fn snake_name(raw: &str) -> String {
    let name = join(words(raw).into_iter().map(|w| w.to_snake_case()).collect(), "_");
    let name = if name.is_empty() { "value".to_owned() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name };
    if is_keyword(&name) { format!("{name}_") } else { name }
}

/// Rust keywords (all editions, plus reserved ones) that cannot name a field or function.
fn is_keyword(name: &str) -> bool {
    const KEYWORDS: [&str; 51] = [
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl",
        "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct",
        "super", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract",
        "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
    ];
    KEYWORDS.contains(&name) || name == "gen"
}

/// The default method name of an operation without `operationId`: the HTTP method, then the
/// literal path segments, then `by_<param>` when the path ends in a template.
///
/// `common_prefix` literal segments shared by every path of the document (such as `api`) are
/// skipped, as they add length but no meaning. Templates in the middle of a path are left out
/// (`/artists/{id}/posts` reads as `get_artists_posts`).
pub fn operation_name(method: &str, path: &str, common_prefix: usize) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut parts = vec![method.to_ascii_lowercase()];
    let last = segments.len().saturating_sub(1);
    for (index, segment) in segments.iter().enumerate().skip(common_prefix) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(template) if index == last => parts.push(format!("by_{template}")),
            Some(_) => {}
            None => parts.push((*segment).to_owned()),
        }
    }
    snake_name(&parts.join("_"))
}

/// How many leading literal segments every path shares (never all of any path's literals).
pub fn common_path_prefix<'p>(paths: impl IntoIterator<Item = &'p str>) -> usize {
    let split: Vec<Vec<&str>> = paths.into_iter().map(|p| p.split('/').filter(|s| !s.is_empty()).collect()).collect();
    if split.len() < 2 {
        return 0;
    }
    let mut count = 0;
    loop {
        let Some(first) = split[0].get(count) else { return count };
        let shared = !first.starts_with('{')
            && split.iter().all(|segments| segments.get(count) == Some(first) && segments.len() > count + 1);
        if !shared {
            return count;
        }
        count += 1;
    }
}

/// A set of names already taken in one scope; [`Namespace::claim`] returns a free one.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace { taken: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    /// `name` if free, else `name2`, `name3`, ... (with `_` between digits for snake names).
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        let snake = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
        // `ref_` (an escaped keyword) gives `ref_2`, not `ref__2`, which is not snake case.
        let separator = if name.ends_with('_') {
            ""
        } else if snake || name.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{name}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_else(|| name.to_owned())
    }
}

/// Rustdoc lines for spec text: code fences without a language become `text` (so doctests never
/// run spec prose), and indentation is removed (so it is never read as an indented code block),
/// except that lines continuing a list item are indented under it (a lazy continuation line is
/// what clippy's `doc_lazy_continuation` rejects). Bare URLs become autolinks (`<https://..>`),
/// which rustdoc's `bare_urls` lint asks for.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    // A bare CR (old Mac line ends, or pasted text) ends a line as LF does.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for line in text.trim().lines() {
        let trimmed = line.trim();
        // A `~~~` fence is a code block too (a doctest, without a language); both are written as ```.
        if let Some(info) = trimmed.strip_prefix("```").or_else(|| trimmed.strip_prefix("~~~")) {
            if !in_fence && (info.is_empty() || !matches!(info, "text" | "json" | "yaml" | "sh" | "bash")) {
                lines.push("```text".to_owned());
            } else {
                lines.push(format!("```{}", if in_fence { "" } else { info }));
            }
            in_fence = !in_fence;
            list_indent = None;
            continue;
        }
        if in_fence {
            lines.push(line.trim_end().to_owned());
            continue;
        }
        let linked = autolink(trimmed);
        let trimmed = linked.as_str();
        if trimmed.is_empty() {
            list_indent = None;
            lines.push(String::new());
        } else if let Some(marker) = list_marker(trimmed) {
            list_indent = Some(marker);
            lines.push(trimmed.to_owned());
        } else if let Some(indent) = list_indent {
            lines.push(format!("{}{trimmed}", " ".repeat(indent)));
        } else {
            lines.push(trimmed.to_owned());
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    lines
}

/// `line` with each bare `http://` or `https://` URL outside code spans written as `<URL>`; URLs
/// already in a link (`](`, `<`, `[`) or quoted are left alone. Trailing sentence punctuation stays
/// outside the link. (Brackets and HTML are made inert later, for every doc line: `format::doc_text`.)
fn autolink(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let spans = code_spans(line);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        // A code span is copied as it is; a run of backticks that closes nothing is plain text.
        if c == '`' {
            let at = line.len() - rest.len();
            let run = rest.len() - rest.trim_start_matches('`').len();
            let span = spans.get(&at).map_or(run, |end| end - at);
            out.push_str(&rest[..span]);
            rest = &rest[span..];
            continue;
        }
        let starts_url = rest.starts_with("https://") || rest.starts_with("http://");
        let linked_already = out.ends_with(['(', '<', '[', '"', '\'', '=']);
        if starts_url && !linked_already {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The code spans of `line`, from the byte offset of the opening backticks to the end of the
/// closing ones: a run of backticks opens a span closed by the next run of the same length.
pub(crate) fn code_spans(line: &str) -> std::collections::HashMap<usize, usize> {
    let mut runs = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let at = line.len() - rest.len() + start;
        let length = rest[start..].len() - rest[start..].trim_start_matches('`').len();
        runs.push((at, length));
        rest = &rest[start + length..];
    }
    let mut spans = std::collections::HashMap::new();
    // The next run of each length, found from the right, so the whole line costs one pass.
    let mut next_of_length: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut closing = vec![None; runs.len()];
    for (index, (_, length)) in runs.iter().enumerate().rev() {
        closing[index] = next_of_length.insert(*length, index);
    }
    let mut index = 0;
    while let Some(&(at, length)) = runs.get(index) {
        match closing[index] {
            Some(close) => {
                spans.insert(at, runs[close].0 + length);
                index = close + 1;
            }
            None => index += 1,
        }
    }
    spans
}

/// The content offset of the Markdown list item `line` starts with (`- `, `*   `, `1. `, `2) `):
/// the marker plus the spaces after it (CommonMark allows one to four).
fn list_marker(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let marker = match line[digits..].chars().next() {
        Some('-' | '*' | '+') if digits == 0 => 1,
        Some('.' | ')') if (1..10).contains(&digits) => digits + 1,
        _ => return None,
    };
    let spaces = line[marker..].chars().take_while(|c| *c == ' ').count();
    (1..=4).contains(&spaces).then_some(marker + spaces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_identifiers() {
        assert_eq!(type_name("social_post"), "SocialPost");
        assert_eq!(type_name("Error"), "Error");
        assert_eq!(type_name("Option"), "OptionModel");
        assert_eq!(type_name("150x150"), "T150x150");
        assert_eq!(snake_name("actionSlug"), "action_slug");
        assert_eq!(snake_name("type"), "type_");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("@timestamp"), "timestamp");
        assert_eq!(snake_name("150x150"), "_150x150");
        assert_eq!(snake_name("$ref"), "ref_");
        assert_eq!(variant_name("21:9"), "V21_9");
        assert_eq!(variant_name("2:19"), "V2_19");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("appears_on"), "AppearsOn");
        assert_eq!(enum_variant_name("+1"), "Plus1");
        assert_eq!(enum_variant_name("-1"), "Minus1");
        assert_eq!(enum_variant_name("."), "Dot");
        assert_eq!(enum_variant_name("add"), "Add");
        assert_eq!(enum_variant_name(""), "Empty");
    }

    #[test]
    fn operation_names_come_from_method_and_path() {
        let paths = [
            "/api/artists/{id}/posts",
            "/api/apify/runs/{runId}",
            "/api/spotify/artist/",
            "/api/spotify/artist/topTracks",
        ];
        let prefix = common_path_prefix(paths);
        assert_eq!(prefix, 1);
        assert_eq!(operation_name("GET", paths[0], prefix), "get_artists_posts");
        assert_eq!(operation_name("GET", paths[1], prefix), "get_apify_runs_by_run_id");
        assert_eq!(operation_name("GET", paths[2], prefix), "get_spotify_artist");
        assert_eq!(operation_name("GET", paths[3], prefix), "get_spotify_artist_top_tracks");
        assert_eq!(operation_name("DELETE", "/", 0), "delete");
    }

    #[test]
    fn namespace_resolves_collisions_deterministically() {
        let mut types = Namespace::default();
        assert_eq!(types.claim("Status"), "Status");
        assert_eq!(types.claim("Status"), "Status2");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim("image_url"), "image_url");
        assert_eq!(fields.claim("image_url"), "image_url_2");
        assert_eq!(fields.claim("ref_"), "ref_");
        assert_eq!(fields.claim("ref_"), "ref_2");
    }

    #[test]
    fn docs_never_become_doctests() {
        assert_eq!(
            doc_lines("~~~\nlet x = ;\n~~~\n```json\n{}\n````"),
            ["```text", "let x = ;", "```", "```json", "{}", "```"]
        );
        // Bare URLs become autolinks outside code spans, which backtick runs of one length delimit.
        assert_eq!(
            doc_lines("https://a.test `https://b.test` ` https://c.test ``https://d.test``"),
            ["<https://a.test> `https://b.test` ` <https://c.test> ``https://d.test``"]
        );
        assert_eq!(doc_lines("Intro\n    indented\n```\ncode\n```"), ["Intro", "indented", "```text", "code", "```"]);
        assert_eq!(doc_lines("- item\ncontinued\n\nafter"), ["- item", "  continued", "", "after"]);
        assert_eq!(doc_lines("10. item\ncontinued"), ["10. item", "    continued"]);
        assert_eq!(doc_lines("*   item\ncontinued"), ["*   item", "    continued"]);
        assert_eq!(
            doc_lines(
                "See https://a.dev/x#y for details. [docs](https://b.dev) <https://c.dev> `https://d.dev`, or http://e.dev."
            ),
            [
                "See <https://a.dev/x#y> for details. [docs](https://b.dev) <https://c.dev> `https://d.dev`, or <http://e.dev>."
            ]
        );
    }
}
