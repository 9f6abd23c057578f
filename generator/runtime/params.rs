//! Parameter styles: `Style`, and how path, query and header values are written in each (cookies: `cookie`).

use super::SendFailure;
use super::shape::direct_shape;

/// How a parameter is written (OpenAPI's `style`); `explode` is passed beside it.
// Plumbing: generated `send` methods pass it with each parameter.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `a,b` (paths and headers).
    Simple,
    /// `.a.b` or `.a,b` (paths).
    Label,
    /// `;name=a;name=b` or `;name=a,b` (paths).
    Matrix,
    /// `name=a&name=b` or `name=a,b` (queries and cookies).
    Form,
    /// `name=a%20b` (query arrays and objects).
    SpaceDelimited,
    /// `name=a|b` (query arrays and objects).
    PipeDelimited,
    /// `name[key]=value` (query objects).
    DeepObject,
}

/// A parameter value reduced to what the styles distinguish.
pub(super) enum Shape {
    Absent,
    Scalar(String),
    List(Vec<String>),
    Object(Vec<(String, String)>),
}

/// The text of a JSON scalar as a parameter carries it (nested values as JSON text).
pub(super) fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub(super) fn shape<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> Result<Shape, String> {
    // Plain values (every call's parameters) are read without building a JSON tree.
    if let Ok(shape) = direct_shape(value) {
        return Ok(shape);
    }
    let value =
        serde_json::to_value(value).map_err(|error| format!("parameter `{name}` could not be encoded: {error}"))?;
    Ok(match value {
        serde_json::Value::Null => Shape::Absent,
        serde_json::Value::Array(items) => Shape::List(items.iter().map(scalar_text).collect()),
        serde_json::Value::Object(members) => {
            Shape::Object(members.iter().map(|(k, v)| (k.clone(), scalar_text(v))).collect())
        }
        scalar => Shape::Scalar(scalar_text(&scalar)),
    })
}

/// Characters left as they are in a path segment or query component: RFC 3986's unreserved set.
/// Everything else, `/`, `?`, `#`, `&`, `=`, `,` and `%` included, is percent-encoded, so a value
/// stays inside its segment or pair and only the style's own delimiters remain literal.
const COMPONENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

pub(super) fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, COMPONENT).to_string()
}

/// `[k1, v1, k2, v2]` as the non-exploded styles flatten objects.
pub(super) fn flatten(members: &[(String, String)]) -> Vec<String> {
    members.iter().flat_map(|(k, v)| [k.clone(), v.clone()]).collect()
}

/// Encodes a path parameter; the result replaces the `{name}` template as it is.
// Plumbing: generated `send` methods build their paths with it.
#[doc(hidden)]
pub fn path_param<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> Result<String, SendFailure> {
    let shape = shape(name, value).map_err(SendFailure::Invalid)?;
    let encoded = |items: &[String]| items.iter().map(|item| encode(item)).collect::<Vec<_>>();
    let pairs = |members: &[(String, String)], separator: &str| {
        members.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join(separator)
    };
    let text = match (style, shape) {
        (_, Shape::Absent) => String::new(),
        (Style::Label, Shape::Scalar(text)) => format!(".{}", encode(&text)),
        (Style::Label, Shape::List(items)) => format!(".{}", encoded(&items).join(if explode { "." } else { "," })),
        (Style::Label, Shape::Object(members)) if explode => format!(".{}", pairs(&members, ".")),
        (Style::Label, Shape::Object(members)) => format!(".{}", encoded(&flatten(&members)).join(",")),
        (Style::Matrix, Shape::Scalar(text)) => format!(";{}={}", encode(name), encode(&text)),
        (Style::Matrix, Shape::List(items)) if explode => {
            items.iter().map(|item| format!(";{}={}", encode(name), encode(item))).collect()
        }
        (Style::Matrix, Shape::List(items)) => format!(";{}={}", encode(name), encoded(&items).join(",")),
        (Style::Matrix, Shape::Object(members)) if explode => format!(";{}", pairs(&members, ";")),
        (Style::Matrix, Shape::Object(members)) => {
            format!(";{}={}", encode(name), encoded(&flatten(&members)).join(","))
        }
        (_, Shape::Scalar(text)) => encode(&text),
        (_, Shape::List(items)) => encoded(&items).join(","),
        (_, Shape::Object(members)) if explode => pairs(&members, ","),
        (_, Shape::Object(members)) => encoded(&flatten(&members)).join(","),
    };
    // An empty segment, `.` or `..` would change which path is requested (URL parsers resolve dot
    // segments even when percent-encoded), so such values are refused rather than sent.
    if text.is_empty() || text == "." || text == ".." {
        return Err(SendFailure::Invalid(format!(
            "path parameter `{name}` value {text:?} cannot be sent as a path segment"
        )));
    }
    Ok(text)
}

/// The encoded `name=value` pairs of a query parameter in `style`, in order; none for `None`.
// Plumbing: generated mocks match queries as requests write them.
#[doc(hidden)]
pub fn query_pairs<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> Result<Vec<String>, String> {
    let mut query = String::new();
    append_query(&mut query, name, value, style, explode)?;
    // Names and values are encoded, so every `&` left separates two pairs.
    Ok(query.split('&').filter(|pair| !pair.is_empty()).map(str::to_owned).collect())
}

/// Appends the encoded pairs of a query parameter in `style` to `query` (`&`-separated, after any
/// pairs already there); nothing for `None`. Written in place: no string per pair.
pub(super) fn append_query<T: serde::Serialize + ?Sized>(
    query: &mut String,
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> Result<(), String> {
    let shape = shape(name, value)?;
    let joined = |query: &mut String, items: &mut dyn Iterator<Item = &str>, separator: &str| {
        push_separator(query);
        push_encoded(query, name);
        query.push('=');
        for (index, item) in items.enumerate() {
            if index > 0 {
                query.push_str(separator);
            }
            push_encoded(query, item);
        }
    };
    let separator = match style {
        Style::SpaceDelimited => "%20",
        Style::PipeDelimited => "|",
        _ => ",",
    };
    match (style, shape) {
        (_, Shape::Absent) => {}
        (_, Shape::Scalar(text)) => push_pair(query, name, &text),
        (Style::SpaceDelimited | Style::PipeDelimited, Shape::List(items)) => {
            joined(query, &mut items.iter().map(String::as_str), separator)
        }
        (_, Shape::List(items)) if explode => items.iter().for_each(|item| push_pair(query, name, item)),
        (_, Shape::List(items)) => joined(query, &mut items.iter().map(String::as_str), separator),
        (Style::DeepObject, Shape::Object(members)) => {
            for (key, value) in &members {
                push_separator(query);
                push_encoded(query, name);
                query.push_str("%5B");
                push_encoded(query, key);
                query.push_str("%5D=");
                push_encoded(query, value);
            }
        }
        (_, Shape::Object(members)) if explode => members.iter().for_each(|(key, value)| push_pair(query, key, value)),
        (_, Shape::Object(members)) => joined(query, &mut flatten(&members).iter().map(String::as_str), separator),
    }
    Ok(())
}

/// Appends `key=value` (both encoded) to `query`, after a `&` when pairs are already there.
pub(super) fn push_pair(query: &mut String, key: &str, value: &str) {
    push_separator(query);
    push_encoded(query, key);
    query.push('=');
    push_encoded(query, value);
}

/// Appends the `&` that separates a pair from the pairs already in `query`, if there are any.
fn push_separator(query: &mut String) {
    if !query.is_empty() {
        query.push('&');
    }
}

/// Appends `text` percent-encoded as a URL component (see `COMPONENT`).
pub(super) fn push_encoded(out: &mut String, text: &str) {
    out.extend(percent_encoding::utf8_percent_encode(text, COMPONENT));
}

/// A header's value (`simple` style: lists and objects comma-separated); `None` for `None`. Not
/// encoded: the request refuses characters a header cannot carry.
pub fn header_text<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    explode: bool,
) -> Result<Option<String>, String> {
    Ok(match shape(name, value)? {
        Shape::Absent => None,
        Shape::Scalar(text) => Some(text),
        Shape::List(items) => Some(items.join(",")),
        Shape::Object(members) if explode => {
            Some(members.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","))
        }
        Shape::Object(members) => Some(flatten(&members).join(",")),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const STYLES: [Style; 7] = [
        Style::Simple,
        Style::Label,
        Style::Matrix,
        Style::Form,
        Style::SpaceDelimited,
        Style::PipeDelimited,
        Style::DeepObject,
    ];

    fn path(value: serde_json::Value, style: Style, explode: bool) -> String {
        path_param("id", &value, style, explode).unwrap_or_else(|failure| panic!("{failure:?}"))
    }

    fn path_refused(value: serde_json::Value, style: Style) -> String {
        match path_param("id", &value, style, false) {
            Err(SendFailure::Invalid(message)) => message,
            other => panic!("{value} must be refused, got {other:?}"),
        }
    }

    fn query(value: serde_json::Value, style: Style, explode: bool) -> String {
        query_pairs("id", &value, style, explode).expect("encodable").join("&")
    }

    fn object() -> serde_json::Value {
        json!({"role": "admin", "firstName": "Alex"})
    }

    // The examples of the OpenAPI specification's style table, for `id` = 5, [3, 4, 5] and
    // {"role": "admin", "firstName": "Alex"}.
    #[test]
    fn path_styles_match_the_openapi_table() {
        let cases = [
            (Style::Simple, false, ["5", "3,4,5", "role,admin,firstName,Alex"]),
            (Style::Simple, true, ["5", "3,4,5", "role=admin,firstName=Alex"]),
            (Style::Label, false, [".5", ".3,4,5", ".role,admin,firstName,Alex"]),
            (Style::Label, true, [".5", ".3.4.5", ".role=admin.firstName=Alex"]),
            (Style::Matrix, false, [";id=5", ";id=3,4,5", ";id=role,admin,firstName,Alex"]),
            (Style::Matrix, true, [";id=5", ";id=3;id=4;id=5", ";role=admin;firstName=Alex"]),
        ];
        for (style, explode, [scalar, list, members]) in cases {
            assert_eq!(path(json!(5), style, explode), scalar, "{style:?} explode={explode}");
            assert_eq!(path(json!([3, 4, 5]), style, explode), list, "{style:?} explode={explode}");
            assert_eq!(path(object(), style, explode), members, "{style:?} explode={explode}");
        }
    }

    #[test]
    fn query_styles_match_the_openapi_table() {
        let cases = [
            (Style::Form, false, ["id=5", "id=3,4,5", "id=role,admin,firstName,Alex"]),
            (Style::Form, true, ["id=5", "id=3&id=4&id=5", "role=admin&firstName=Alex"]),
            (Style::SpaceDelimited, false, ["id=5", "id=3%204%205", "id=role%20admin%20firstName%20Alex"]),
            (Style::SpaceDelimited, true, ["id=5", "id=3%204%205", "role=admin&firstName=Alex"]),
            (Style::PipeDelimited, false, ["id=5", "id=3|4|5", "id=role|admin|firstName|Alex"]),
            (Style::PipeDelimited, true, ["id=5", "id=3|4|5", "role=admin&firstName=Alex"]),
            (Style::DeepObject, true, ["id=5", "id=3&id=4&id=5", "id%5Brole%5D=admin&id%5BfirstName%5D=Alex"]),
            (Style::DeepObject, false, ["id=5", "id=3,4,5", "id%5Brole%5D=admin&id%5BfirstName%5D=Alex"]),
        ];
        for (style, explode, [scalar, list, members]) in cases {
            assert_eq!(query(json!(5), style, explode), scalar, "{style:?} explode={explode}");
            assert_eq!(query(json!([3, 4, 5]), style, explode), list, "{style:?} explode={explode}");
            assert_eq!(query(object(), style, explode), members, "{style:?} explode={explode}");
        }
    }

    #[test]
    fn scalars_are_written_as_their_json_text() {
        assert_eq!(path(json!(true), Style::Simple, false), "true");
        assert_eq!(path(json!(-1.5), Style::Simple, false), "-1.5");
        assert_eq!(query(json!("plain"), Style::Form, true), "id=plain");
        assert_eq!(query(json!([true, null, 2]), Style::Form, false), "id=true,,2");
        // A nested value goes as JSON text, percent-encoded.
        assert_eq!(query(json!({"a": {"b": 1}}), Style::DeepObject, true), "id%5Ba%5D=%7B%22b%22%3A1%7D");
        assert_eq!(query(json!([[1, 2]]), Style::Form, true), "id=%5B1%2C2%5D");
    }

    #[test]
    fn a_path_value_cannot_leave_its_segment() {
        assert_eq!(path(json!("a/b?c#d"), Style::Simple, false), "a%2Fb%3Fc%23d");
        assert_eq!(path(json!("../admin"), Style::Simple, false), "..%2Fadmin");
        assert_eq!(path(json!("100% a;b=c,d&e"), Style::Simple, false), "100%25%20a%3Bb%3Dc%2Cd%26e");
        assert_eq!(path(json!(["a,b", "c.d"]), Style::Simple, false), "a%2Cb,c.d");
        assert_eq!(path(json!(["a;b", "c=d"]), Style::Matrix, true), ";id=a%3Bb;id=c%3Dd");
        assert_eq!(path(json!({"k/": "v."}), Style::Label, true), ".k%2F=v.");
        assert_eq!(path(json!("-._~é"), Style::Simple, false), "-._~%C3%A9");
        assert_eq!(path_param("a b", &json!(1), Style::Matrix, false).expect("encodable"), ";a%20b=1");
    }

    #[test]
    fn a_path_value_that_would_change_the_path_is_refused() {
        for style in STYLES {
            let message = path_refused(json!(null), style);
            assert_eq!(message, r#"path parameter `id` value "" cannot be sent as a path segment"#);
        }
        assert_eq!(
            path_refused(json!(".."), Style::Simple),
            r#"path parameter `id` value ".." cannot be sent as a path segment"#
        );
        path_refused(json!("."), Style::Simple);
        path_refused(json!(""), Style::Simple);
        path_refused(json!([]), Style::Simple);
        // A label's own dot followed by a value `.` would be a `..` segment.
        path_refused(json!("."), Style::Label);
        path_refused(json!(""), Style::Label);
        assert_eq!(path(json!("..."), Style::Simple, false), "...");
    }

    #[test]
    fn a_query_value_cannot_leave_its_pair() {
        assert_eq!(query(json!("a&b=c#d"), Style::Form, true), "id=a%26b%3Dc%23d");
        assert_eq!(query(json!(["a,b", "c|d", "e f"]), Style::Form, false), "id=a%2Cb,c%7Cd,e%20f");
        assert_eq!(query(json!(["a|b", "c"]), Style::PipeDelimited, false), "id=a%7Cb|c");
        assert_eq!(query(json!(["a b", "c"]), Style::SpaceDelimited, false), "id=a%20b%20c");
        assert_eq!(query(json!({"a|b": "c d"}), Style::PipeDelimited, false), "id=a%7Cb|c%20d");
        assert_eq!(query(json!({"a=b": "c&d"}), Style::Form, true), "a%3Db=c%26d");
        assert_eq!(query(json!({"[x]": "y"}), Style::DeepObject, true), "id%5B%5Bx%5D%5D=y");
        assert_eq!(query_pairs("a&b", &json!("+"), Style::Form, true).expect("encodable"), ["a%26b=%2B"]);
        assert_eq!(query(json!("%20"), Style::Form, true), "id=%2520");
    }

    #[test]
    fn an_absent_query_value_adds_no_pair_but_empty_ones_are_kept() {
        for style in STYLES {
            for explode in [false, true] {
                assert!(query_pairs("id", &json!(null), style, explode).expect("encodable").is_empty());
            }
        }
        assert_eq!(query(json!(""), Style::Form, true), "id=");
        assert_eq!(query(json!([]), Style::Form, false), "id=");
        assert!(query_pairs("id", &json!([]), Style::Form, true).expect("encodable").is_empty());
        assert!(query_pairs("id", &json!({}), Style::DeepObject, true).expect("encodable").is_empty());
    }

    #[test]
    fn members_keep_their_declared_order() {
        let value = json!({"z": 1, "a": 2, "m": 3});
        assert_eq!(query(value.clone(), Style::Form, true), "z=1&a=2&m=3");
        assert_eq!(path(value, Style::Simple, false), "z,1,a,2,m,3");
    }

    #[test]
    fn header_values_are_simple_style_and_not_encoded() {
        let header = |value: serde_json::Value, explode| header_text("x-id", &value, explode).expect("encodable");
        assert_eq!(header(json!(5), false).as_deref(), Some("5"));
        assert_eq!(header(json!("a b/c"), false).as_deref(), Some("a b/c"));
        assert_eq!(header(json!([3, 4, 5]), false).as_deref(), Some("3,4,5"));
        assert_eq!(header(json!([3, 4, 5]), true).as_deref(), Some("3,4,5"));
        assert_eq!(header(object(), false).as_deref(), Some("role,admin,firstName,Alex"));
        assert_eq!(header(object(), true).as_deref(), Some("role=admin,firstName=Alex"));
        assert_eq!(header(json!(null), true), None);
        assert_eq!(header(json!(""), true).as_deref(), Some(""));
    }

    #[test]
    fn a_value_serde_cannot_encode_is_an_error_naming_the_parameter() {
        let mut map = std::collections::HashMap::new();
        map.insert((1, 2), "tuple keys are not JSON");
        assert_eq!(
            query_pairs("m", &map, Style::Form, true).expect_err("not JSON"),
            "parameter `m` could not be encoded: key must be a string"
        );
        assert!(header_text("m", &map, false).is_err());
        let path = path_param("m", &map, Style::Simple, false);
        assert!(matches!(&path, Err(SendFailure::Invalid(m)) if m.starts_with("parameter `m`")), "{path:?}");
    }
}
