//! Free-form JSON objects taken from any `Serialize` value, refusing values that are not objects.

use serde_json::{Map, Value};

use super::RequestOptions;

/// Plumbing: `value` as a JSON object for the argument `what`. A value that is not an object (or
/// cannot be encoded) is not turned into `{}`: the refusal is noted in `options`, so the call
/// fails with `Error::InvalidRequest` and nothing is sent.
#[doc(hidden)]
pub fn object_argument(options: &mut RequestOptions, what: &str, value: impl serde::Serialize) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(object)) => object,
        Ok(other) => {
            let kind = match other {
                Value::Null => "null",
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::String(_) => "a string",
                Value::Array(_) => "an array",
                Value::Object(_) => "an object",
            };
            options.refuse(format!("`{what}` must be a JSON object, not {kind}"));
            Map::new()
        }
        Err(error) => {
            options.refuse(format!("`{what}` could not be encoded as JSON: {error}"));
            Map::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_is_taken_as_it_is_and_anything_else_is_refused_not_emptied() {
        let mut options = RequestOptions::new();
        let object = object_argument(&mut options, "parameters", serde_json::json!({"a": 1, "b": [true]}));
        assert_eq!(Value::Object(object), serde_json::json!({"a": 1, "b": [true]}));
        assert_eq!(options.overrides().and_then(|set| set.invalid.as_deref()), None);

        let mut map = std::collections::BTreeMap::new();
        map.insert("k", "v");
        assert_eq!(Value::Object(object_argument(&mut options, "p", &map)), serde_json::json!({"k": "v"}));
        assert_eq!(options.overrides().and_then(|set| set.invalid.as_deref()), None);

        assert!(object_argument(&mut options, "parameters", vec![1, 2]).is_empty());
        assert_eq!(
            options.overrides().and_then(|set| set.invalid.as_deref()),
            Some("`parameters` must be a JSON object, not an array")
        );
        // The first refusal is the one reported.
        object_argument(&mut options, "other", "text");
        assert_eq!(
            options.overrides().and_then(|set| set.invalid.as_deref()),
            Some("`parameters` must be a JSON object, not an array")
        );
    }

    #[test]
    fn replacing_the_options_keeps_a_refusal() {
        let mut options = RequestOptions::new();
        object_argument(&mut options, "parameters", 3);
        let replaced = options.replaced_by(RequestOptions::new().retry(super::super::RetryPolicy::none()));
        let set = replaced.into_overrides();
        assert_eq!(set.invalid.as_deref(), Some("`parameters` must be a JSON object, not a number"));
        assert!(set.retry.is_some());
    }
}
