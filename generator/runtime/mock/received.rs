//! Received requests of one operation, decoded into its parameter and body types by generated code.

use super::super::Style;
use super::Request;
use super::route::{OperationRoute, RoutePart};

/// A request received for an operation, with the texts of its path parameters.
#[doc(hidden)]
#[derive(Debug)]
pub struct ReceivedRequest {
    operation: &'static OperationRoute,
    captures: Vec<String>,
    request: Request,
}

/// A received request that does not decode into the operation's types.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct DecodeError {
    pub operation: &'static str,
    /// `body`, `query ...`, `path ...` or `header ...`.
    pub part: String,
    pub message: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a request to `{}` has an undecodable {}: {}", self.operation, self.part, self.message)
    }
}

impl std::error::Error for DecodeError {}

impl ReceivedRequest {
    pub(super) fn new(operation: &'static OperationRoute, captures: Vec<String>, request: Request) -> Self {
        ReceivedRequest { operation, captures, request }
    }

    fn error(&self, part: String, message: String) -> DecodeError {
        DecodeError { operation: self.operation.name, part, message }
    }

    pub fn path<T: serde::de::DeserializeOwned>(&self, name: &str, style: Style) -> Result<T, DecodeError> {
        let index = self
            .operation
            .path
            .iter()
            .filter(|p| matches!(p, RoutePart::Param(_)))
            .position(|p| matches!(p, RoutePart::Param(p) if *p == name));
        let text = index.and_then(|index| self.captures.get(index)).map_or("", String::as_str);
        let text = match style {
            Style::Label => text.strip_prefix('.').unwrap_or(text),
            Style::Matrix => text.strip_prefix(&format!(";{name}=")).unwrap_or(text),
            _ => text,
        };
        decode_values(&[decoded(text)]).map_err(|message| self.error(format!("path `{name}`"), message))
    }

    pub fn query<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, DecodeError> {
        let values: Vec<String> = self
            .request
            .url
            .query_pairs()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .collect();
        decode_values(&values).map_err(|message| self.error(format!("query `{name}`"), message))
    }

    pub fn header<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, DecodeError> {
        let values: Vec<String> =
            self.request.headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).map(str::to_owned).collect();
        decode_values(&values).map_err(|message| self.error(format!("header `{name}`"), message))
    }

    /// The JSON body; an empty body is `null` (so `None` for an optional one).
    pub fn json_body<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeError> {
        let decoded = if self.request.body.is_empty() {
            serde_json::from_value(serde_json::Value::Null)
        } else {
            serde_json::from_slice(&self.request.body)
        };
        decoded.map_err(|error| self.error("body".to_owned(), error.to_string()))
    }

    pub fn into_request(self) -> Request {
        self.request
    }
}

fn decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// A parameter's texts as `T`: none is `null`; one is tried as a string, then as a JSON scalar,
/// then split at commas; several are a list.
fn decode_values<T: serde::de::DeserializeOwned>(values: &[String]) -> Result<T, String> {
    use serde_json::Value;
    let scalar = |text: &str| serde_json::from_str::<Value>(text).ok().filter(|v| !v.is_object() && !v.is_array());
    let item = |text: &str| scalar(text).unwrap_or_else(|| Value::String(text.to_owned()));
    let mut candidates = Vec::new();
    match values {
        [] => candidates.push(Value::Null),
        [one] => {
            candidates.push(Value::String(one.clone()));
            candidates.extend(scalar(one));
            candidates.push(Value::Array(one.split(',').map(item).collect()));
        }
        many => candidates.push(Value::Array(many.iter().map(|text| item(text)).collect())),
    }
    let mut last = String::new();
    for candidate in candidates {
        match serde_json::from_value(candidate) {
            Ok(value) => return Ok(value),
            Err(error) => last = error.to_string(),
        }
    }
    Err(format!("{values:?}: {last}"))
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn parameter_texts_decode_as_strings_scalars_or_lists() {
        assert_eq!(decode_values::<String>(&["5".to_owned()]), Ok("5".to_owned()));
        assert_eq!(decode_values::<i64>(&["5".to_owned()]), Ok(5));
        assert_eq!(decode_values::<Option<bool>>(&[]), Ok(None));
        assert_eq!(decode_values::<Vec<i32>>(&["1,2".to_owned()]), Ok(vec![1, 2]));
        assert_eq!(decode_values::<Vec<String>>(&["a".to_owned(), "b".to_owned()]), Ok(vec!["a".into(), "b".into()]));
        assert!(decode_values::<i64>(&[]).is_err());
    }
}
