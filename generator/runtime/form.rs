//! `application/x-www-form-urlencoded` bodies, with OpenAPI's per-field `encoding` styles.

use super::Style;
use super::params::scalar_text;

/// Encodes the members of `body` as `application/x-www-form-urlencoded` (OpenAPI's `encoding`
/// rules: `form` style exploded unless `fields` says otherwise for a member).
pub(super) fn form_encode<T: serde::Serialize + ?Sized>(
    body: &T,
    fields: &[(&str, Style, bool)],
) -> Result<String, String> {
    let value =
        serde_json::to_value(body).map_err(|error| format!("the body could not be encoded as a form: {error}"))?;
    let serde_json::Value::Object(members) = value else {
        return Err("a form body must be an object".to_owned());
    };
    let mut pairs = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in &members {
        let (style, explode) =
            fields.iter().find(|(field, ..)| field == name).map_or((Style::Form, true), |(_, s, e)| (*s, *e));
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) if explode => {
                for item in items {
                    pairs.append_pair(name, &scalar_text(item));
                }
            }
            serde_json::Value::Array(items) => {
                pairs.append_pair(name, &items.iter().map(scalar_text).collect::<Vec<_>>().join(separator(style)));
            }
            serde_json::Value::Object(inner) if style == Style::DeepObject => {
                for (key, item) in inner {
                    pairs.append_pair(&format!("{name}[{key}]"), &scalar_text(item));
                }
            }
            serde_json::Value::Object(inner) if explode => {
                for (key, item) in inner {
                    pairs.append_pair(key, &scalar_text(item));
                }
            }
            serde_json::Value::Object(inner) => {
                let flat: Vec<String> = inner.iter().flat_map(|(k, v)| [k.clone(), scalar_text(v)]).collect();
                pairs.append_pair(name, &flat.join(separator(style)));
            }
            scalar => {
                pairs.append_pair(name, &scalar_text(scalar));
            }
        }
    }
    Ok(pairs.finish())
}

/// What joins the items of a member that is not exploded.
fn separator(style: Style) -> &'static str {
    match style {
        Style::SpaceDelimited => " ",
        Style::PipeDelimited => "|",
        _ => ",",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn form(body: serde_json::Value, fields: &[(&str, Style, bool)]) -> String {
        form_encode(&body, fields).expect("encodable")
    }

    #[test]
    fn members_are_form_exploded_by_default_in_declaration_order() {
        let body = json!({"name": "Ada", "tags": ["a", "b"], "point": {"x": 1, "y": 2}, "age": 36, "ok": true});
        assert_eq!(form(body, &[]), "name=Ada&tags=a&tags=b&x=1&y=2&age=36&ok=true");
    }

    #[test]
    fn absent_members_are_left_out_and_empty_ones_kept() {
        assert_eq!(form(json!({"a": null, "b": "", "c": []}), &[]), "b=");
        assert_eq!(form(json!({}), &[]), "");
    }

    #[test]
    fn values_and_names_are_form_urlencoded() {
        let body = json!({"q": "a b&c=d+e%", "ключ": "é", "x[y]": "/?#"});
        assert_eq!(form(body, &[]), "q=a+b%26c%3Dd%2Be%25&%D0%BA%D0%BB%D1%8E%D1%87=%C3%A9&x%5By%5D=%2F%3F%23");
    }

    #[test]
    fn each_field_can_have_its_own_style() {
        let body = json!({
            "plain": ["a", "b"],
            "joined": ["a", "b,c"],
            "spaced": [1, 2],
            "piped": [1, 2],
            "filter": {"x": 3, "y": 4},
            "flat": {"x": 3, "y": 4},
        });
        let fields = [
            ("joined", Style::Form, false),
            ("spaced", Style::SpaceDelimited, false),
            ("piped", Style::PipeDelimited, false),
            ("filter", Style::DeepObject, true),
            ("flat", Style::Form, false),
        ];
        assert_eq!(
            form(body, &fields),
            "plain=a&plain=b&joined=a%2Cb%2Cc&spaced=1+2&piped=1%7C2&filter%5Bx%5D=3&filter%5By%5D=4&flat=x%2C3%2Cy%2C4"
        );
    }

    #[test]
    fn a_delimited_object_field_joins_keys_and_values_with_its_delimiter() {
        let fields = [("spaced", Style::SpaceDelimited, false), ("piped", Style::PipeDelimited, false)];
        let body = json!({"spaced": {"R": 100, "G": 200}, "piped": {"R": 100, "G": 200}});
        assert_eq!(form(body, &fields), "spaced=R+100+G+200&piped=R%7C100%7CG%7C200");
    }

    #[test]
    fn an_exploded_delimited_field_repeats_its_name() {
        let fields = [("ids", Style::SpaceDelimited, true), ("more", Style::PipeDelimited, true)];
        assert_eq!(form(json!({"ids": [1, 2], "more": [3]}), &fields), "ids=1&ids=2&more=3");
    }

    #[test]
    fn nested_values_go_as_json_text() {
        assert_eq!(form(json!({"a": [{"b": 1}], "c": {"d": [1]}}), &[]), "a=%7B%22b%22%3A1%7D&d=%5B1%5D");
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused() {
        assert_eq!(form_encode(&json!([1, 2]), &[]).expect_err("not an object"), "a form body must be an object");
        assert_eq!(form_encode(&json!("text"), &[]).expect_err("not an object"), "a form body must be an object");
        let mut map = std::collections::HashMap::new();
        map.insert((1, 2), 3);
        assert_eq!(
            form_encode(&map, &[]).expect_err("not JSON"),
            "the body could not be encoded as a form: key must be a string"
        );
    }
}
