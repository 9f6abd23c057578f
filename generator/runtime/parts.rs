//! `ResponseParts`: what an API error keeps of its response beside the typed body, and the bounded text errors show.

use super::{HeaderMap, RawResponse, StatusCode};

/// The longest error message from a body that `Display` shows, in bytes.
pub(super) const MESSAGE_LIMIT: usize = 200;

/// `404 Not Found`, or `599` for a code without a reason phrase.
pub(super) fn status_text(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// Whether a status says "try again later": 408, 429, 500, 502, 503, 504.
pub(super) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The request id among `headers`, under the names servers commonly use.
pub(super) fn request_id(headers: &HeaderMap) -> Option<&str> {
    ["x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id", "x-trace-id"]
        .into_iter()
        .find_map(|name| headers.get(name).and_then(|value| value.to_str().ok()))
}

/// What an API error keeps of its response besides the typed body: status, headers, the body's
/// own message (for `Display`), and how many attempts were made.
#[derive(Clone, Debug)]
pub struct ResponseParts {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub attempts: u32,
    message: Option<String>,
}

impl ResponseParts {
    pub(super) fn of(response: &RawResponse) -> Self {
        ResponseParts {
            status: response.status,
            headers: response.headers.clone(),
            attempts: response.attempts,
            message: body_message(&response.body).map(|message| one_line(&message, MESSAGE_LIMIT)),
        }
    }

    /// The parts of a response whose body was not read: no message.
    pub(super) fn head(status: StatusCode, headers: HeaderMap, attempts: u32) -> Self {
        ResponseParts { status, headers, attempts, message: None }
    }

    /// The error's own message from a JSON body (its `message`, `error`, `detail`, ... member),
    /// cut to 200 bytes.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The server's id for the request (`x-request-id`, `request-id` and the like), if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }
}

/// The message a JSON error body carries: a string member named as error bodies usually name it,
/// at the top, in a nested `error` object, or in the first of an `errors` list.
fn body_message(body: &[u8]) -> Option<String> {
    fn find(value: &serde_json::Value, depth: usize) -> Option<&str> {
        let object = value.as_object()?;
        for key in ["message", "error_description", "detail", "error", "title", "msg", "description"] {
            match object.get(key) {
                Some(serde_json::Value::String(text)) if !text.trim().is_empty() => return Some(text),
                Some(inner @ serde_json::Value::Object(_)) if depth < 2 => {
                    if let Some(text) = find(inner, depth + 1) {
                        return Some(text);
                    }
                }
                _ => {}
            }
        }
        let first = object.get("errors")?.as_array()?.first()?;
        if depth < 2 { find(first, depth + 1) } else { None }
    }
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'{' {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    find(&value, 0).map(str::to_owned)
}

/// `text` on one line (control characters as spaces), cut to `limit` bytes.
pub(super) fn one_line(text: &str, limit: usize) -> String {
    let line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    truncate(line.trim(), limit)
}

/// `text` cut to at most `limit` bytes at a character boundary, with `…` when cut.
pub(super) fn truncate(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_owned();
    }
    let mut end = limit.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_keeps_whole_characters_within_the_limit() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdefghij", 10), "abcdefghij");
        assert_eq!(truncate("abcdefghijk", 10), "abcdefg…");
        let cut = truncate(&"é".repeat(100), 11);
        assert!(cut.len() <= 11 && cut.ends_with('…'), "{cut}");
    }

    #[test]
    fn a_request_id_is_read_under_its_common_names() {
        let mut headers = HeaderMap::new();
        assert_eq!(request_id(&headers), None);
        headers.insert("request-id", "r-1".parse().expect("a header value"));
        assert_eq!(request_id(&headers), Some("r-1"));
        headers.insert("x-request-id", "r-2".parse().expect("a header value"));
        assert_eq!(request_id(&headers), Some("r-2"));
    }

    #[test]
    fn only_json_objects_carry_a_message() {
        assert_eq!(body_message(b"<html>error</html>"), None);
        assert_eq!(body_message(br#"["message"]"#), None);
        assert_eq!(body_message(br#" {"msg": "m"}"#).as_deref(), Some("m"));
        assert_eq!(body_message(br#"{"message": "  "}"#), None);
        assert_eq!(one_line(" a\tb\r\n", 10), "a b");
        assert_eq!(status_text(StatusCode::from_u16(599).expect("a status")), "599");
    }
}
