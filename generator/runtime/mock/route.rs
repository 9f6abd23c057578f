//! Operation routes: what generated mocks declare of each operation, and matching a request's method and path against a template.

use super::Request;

/// Where an operation lives, for matching and for diagnostics.
#[doc(hidden)]
#[derive(Debug)]
pub struct OperationRoute {
    /// The spec's `info.title`.
    pub api: &'static str,
    pub name: &'static str,
    pub method: &'static str,
    pub route: &'static str,
    pub path: &'static [RoutePart],
}

/// A piece of a path template: literal text, or a parameter by wire name.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum RoutePart {
    Literal(&'static str),
    Param(&'static str),
}

/// A path pattern: literal text and parameters (any non-empty text without `/`).
#[derive(Clone, Debug)]
pub(super) enum Pattern {
    Literal(String),
    Any,
}

pub(super) fn generic_pattern(op: &OperationRoute) -> Vec<Pattern> {
    op.path
        .iter()
        .map(|part| match part {
            RoutePart::Literal(text) => Pattern::Literal((*text).to_owned()),
            RoutePart::Param(_) => Pattern::Any,
        })
        .collect()
}

/// The texts of the parameters when the request's method and path fit.
pub(super) fn fits_route(op: &OperationRoute, pattern: &[Pattern], request: &Request) -> Option<Vec<String>> {
    let mut captures = Vec::new();
    (request.method.as_str() == op.method && capture(pattern, request.url.path(), &mut captures)).then_some(captures)
}

pub(super) fn capture(pattern: &[Pattern], path: &str, out: &mut Vec<String>) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((Pattern::Literal(text), rest)) => path.strip_prefix(text.as_str()).is_some_and(|p| capture(rest, p, out)),
        Some((Pattern::Any, rest)) => {
            let limit = path.find('/').unwrap_or(path.len());
            for end in (1..=limit).rev().filter(|end| path.is_char_boundary(*end)) {
                out.push(path[..end].to_owned());
                if capture(rest, &path[end..], out) {
                    return true;
                }
                out.pop();
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    fn pattern(parts: &[Option<&str>]) -> Vec<Pattern> {
        parts.iter().map(|part| part.map_or(Pattern::Any, |text| Pattern::Literal(text.to_owned()))).collect()
    }

    #[test]
    fn a_template_captures_each_parameter_within_its_segment() {
        let mut out = Vec::new();
        assert!(capture(&pattern(&[Some("/a/"), None, Some(".json")]), "/a/x.y.json", &mut out));
        assert_eq!(out, ["x.y"]);
        out.clear();
        assert!(!capture(&pattern(&[Some("/a/"), None]), "/a/x/y", &mut out));
        assert!(!capture(&pattern(&[Some("/a/"), None]), "/a/", &mut out));
        assert!(capture(&pattern(&[Some("/a/"), None, Some("/b/"), None]), "/a/1/b/%C3%A9", &mut out));
        assert_eq!(out, ["1", "%C3%A9"]);
    }
}
