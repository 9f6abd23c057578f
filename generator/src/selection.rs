//! Operation selection as users write it: `OperationFilter` (include, exclude) and its `Selector`s (`METHOD /path`, `tag:NAME`, `operationId:ID`).

use std::fmt;
use std::str::FromStr;

use crate::model::HttpMethod;
use crate::spec::Location;

/// Which operations to generate: those `include` selects (all of them when it is empty), less
/// those `exclude` selects. Types and security schemes only left-out operations use are not
/// generated either. The default selects everything and changes nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OperationFilter {
    pub include: Vec<Selector>,
    pub exclude: Vec<Selector>,
}

impl OperationFilter {
    /// Whether a selection is made at all; without one the output is what it always was (every
    /// component schema generated, used or not).
    pub fn is_active(&self) -> bool {
        !self.include.is_empty() || !self.exclude.is_empty()
    }
}

/// One way of naming operations, parsed from text: `GET /pets/{petId}` (the method in any case,
/// the path exactly as the spec writes it, templates included), `tag:NAME` or `operationId:ID`
/// (both exact). A selector that names no operation of the spec is an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    target: Target,
    /// Where the selector is written, for the error when it names nothing; `None` when it did
    /// not come from a file (the command line, a `Config` built in code).
    origin: Option<Origin>,
}

/// What a selector names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// The one operation at `method` (upper case) and `path`.
    Route {
        method: String,
        path: String,
    },
    /// Every operation listing the tag.
    Tag(String),
    OperationId(String),
}

/// A place in a settings file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub file: String,
    pub location: Location,
    pub line: Option<String>,
}

impl Selector {
    pub(crate) fn target(&self) -> &Target {
        &self.target
    }

    pub(crate) fn origin(&self) -> Option<&Origin> {
        self.origin.as_ref()
    }

    /// The selector, remembering where a settings file writes it.
    pub(crate) fn written_at(self, origin: Origin) -> Self {
        Selector { origin: Some(origin), ..self }
    }
}

impl FromStr for Selector {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let named = |prefix: &str| text.strip_prefix(prefix).map(str::trim);
        let target = if let Some(tag) = named("tag:") {
            Target::Tag(nonempty(tag, text)?)
        } else if let Some(id) = named("operationId:") {
            Target::OperationId(nonempty(id, text)?)
        } else {
            let Some((method, path)) = text.split_once(char::is_whitespace) else {
                return Err(format!(
                    "`{text}` is not an operation selector: write `METHOD /path`, `tag:NAME` or `operationId:ID`"
                ));
            };
            let Some(method) = HttpMethod::parse(&method.to_ascii_lowercase()) else {
                return Err(format!(
                    "`{method}` in `{text}` is not an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or TRACE)"
                ));
            };
            let path = path.trim();
            if !path.starts_with('/') {
                return Err(format!("the path of `{text}` must start with `/`, as the spec's paths do"));
            }
            Target::Route { method: method.as_str().to_owned(), path: path.to_owned() }
        };
        Ok(Selector { target, origin: None })
    }
}

fn nonempty(value: &str, text: &str) -> Result<String, String> {
    if value.is_empty() { Err(format!("`{text}` names nothing after the `:`")) } else { Ok(value.to_owned()) }
}

impl fmt::Display for Selector {
    /// The selector as it is written, method in upper case.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.target {
            Target::Route { method, path } => write!(f, "{method} {path}"),
            Target::Tag(tag) => write!(f, "tag:{tag}"),
            Target::OperationId(id) => write!(f, "operationId:{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<String, String> {
        text.parse::<Selector>().map(|s| s.to_string())
    }

    #[test]
    fn selectors_name_a_route_a_tag_or_an_operation_id() {
        assert_eq!(parsed("GET /pets/{petId}"), Ok("GET /pets/{petId}".to_owned()));
        assert_eq!(parsed(" delete   /pets "), Ok("DELETE /pets".to_owned()));
        assert_eq!(parsed("tag:Social Media"), Ok("tag:Social Media".to_owned()));
        assert_eq!(parsed("tag: Pets"), Ok("tag:Pets".to_owned()));
        assert_eq!(parsed("operationId:listPets"), Ok("operationId:listPets".to_owned()));
    }

    #[test]
    fn malformed_selectors_say_what_is_expected() {
        assert_eq!(
            parsed("listPets"),
            Err("`listPets` is not an operation selector: write `METHOD /path`, `tag:NAME` or `operationId:ID`"
                .to_owned())
        );
        assert_eq!(
            parsed("FETCH /pets"),
            Err("`FETCH` in `FETCH /pets` is not an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or TRACE)"
                .to_owned())
        );
        assert_eq!(
            parsed("GET pets"),
            Err("the path of `GET pets` must start with `/`, as the spec's paths do".to_owned())
        );
        assert_eq!(parsed("tag:"), Err("`tag:` names nothing after the `:`".to_owned()));
    }
}
