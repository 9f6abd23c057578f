//! What a call can end in besides success: `Error<E>`, `RawResponse`, and the failures that become errors.

use std::fmt;

use super::{Bytes, HeaderMap, StatusCode, TransportError};

/// Everything an operation's call can end in besides its success value.
#[derive(Debug, thiserror::Error)]
pub enum Error<E> {
    /// The request could not be built from the arguments (e.g. a header value with a line break,
    /// a path parameter that is `.` or `..`, an invalid base URL); nothing was sent.
    #[error("the request could not be built: {0}")]
    InvalidRequest(String),
    /// The request was not answered: connection, TLS, timeout, or reading the body failed.
    #[error("the request failed in transport: {0}")]
    Transport(#[source] TransportError),
    /// The server answered with an error status; `E` holds the decoded, documented body, or the
    /// raw response for an undocumented status.
    #[error("the API answered with an error: {0:?}")]
    Api(E),
    /// The server's answer did not match the spec; the whole response is kept.
    #[error("the {} response could not be decoded: {source}", response.status)]
    Decode {
        response: RawResponse,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl<E: ApiError> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status()),
            Error::Decode { response, .. } => Some(response.status),
            Error::Transport(_) => None,
            Error::InvalidRequest(_) => None,
        }
    }
}

impl<E> Error<E> {
    /// The documented error, if the server sent one.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }
}

/// What every generated per-operation error enum provides.
pub trait ApiError: fmt::Debug {
    /// The HTTP status the error came with.
    fn status(&self) -> StatusCode;
}

/// The status for `code`, which the generator checked to be in 100..=599.
// Plumbing: generated `ApiError` impls call it with their documented codes.
#[doc(hidden)]
pub fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
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

/// A response kept whole: for undocumented statuses and for bodies that could not be decoded.
#[derive(Clone, Debug)]
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl RawResponse {
    /// Decodes the body as JSON.
    // Plumbing: generated code decodes bodies with it; its error, `DecodeFailure`, is plumbing too.
    #[doc(hidden)]
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeFailure> {
        serde_json::from_slice(&self.body).map_err(|error| self.failure(error))
    }

    /// Decodes the body as UTF-8 text.
    // Plumbing, as `json`.
    #[doc(hidden)]
    pub fn text(&self) -> Result<String, DecodeFailure> {
        String::from_utf8(self.body.to_vec()).map_err(|error| self.failure(error))
    }

    /// The essence of the `Content-Type` (`application/json` for `application/json; charset=utf-8`).
    pub fn media_type(&self) -> String {
        let content_type =
            self.headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
    }

    /// The body as it came.
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    fn failure(&self, source: impl std::error::Error + Send + Sync + 'static) -> DecodeFailure {
        DecodeFailure { response: Box::new(self.clone()), source: Box::new(source) }
    }
}

/// A body that did not decode; becomes [`Error::Decode`].
// Plumbing: only generated code sees it, through `?` into `Error`.
#[doc(hidden)]
#[derive(Debug)]
pub struct DecodeFailure {
    // Boxed so the `Result`s that carry it stay small on the success path.
    pub(super) response: Box<RawResponse>,
    pub(super) source: Box<dyn std::error::Error + Send + Sync>,
}

impl<E> From<DecodeFailure> for Error<E> {
    fn from(failure: DecodeFailure) -> Self {
        Error::Decode { response: *failure.response, source: failure.source }
    }
}

/// A request that was not answered; becomes [`Error::InvalidRequest`] or [`Error::Transport`].
// Plumbing: only generated code sees it, through `?` into `Error`.
#[doc(hidden)]
#[derive(Debug)]
pub enum SendFailure {
    Invalid(String),
    Transport(TransportError),
}

impl<E> From<SendFailure> for Error<E> {
    fn from(failure: SendFailure) -> Self {
        match failure {
            SendFailure::Invalid(message) => Error::InvalidRequest(message),
            SendFailure::Transport(error) => Error::Transport(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum OpError {
        NotFound,
    }

    impl ApiError for OpError {
        fn status(&self) -> StatusCode {
            status(404)
        }
    }

    fn raw(content_type: Option<&str>, body: &'static [u8]) -> RawResponse {
        let mut headers = HeaderMap::new();
        if let Some(value) = content_type {
            headers.insert(reqwest::header::CONTENT_TYPE, value.parse().expect("a header value"));
        }
        RawResponse { status: StatusCode::BAD_GATEWAY, headers, body: Bytes::from_static(body) }
    }

    fn transport_error() -> reqwest::Error {
        reqwest::Client::new().get("not a url").build().expect_err("a relative URL is refused")
    }

    #[test]
    fn status_codes_map_as_they_are_and_out_of_range_ones_to_500() {
        assert_eq!(status(201), StatusCode::CREATED);
        assert_eq!(status(599).as_u16(), 599);
        assert_eq!(status(42), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(status(1000), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn the_status_of_each_kind_of_error() {
        assert_eq!(Error::Api(OpError::NotFound).status(), Some(StatusCode::NOT_FOUND));
        let decode: Error<OpError> = Error::Decode { response: raw(None, b""), source: "bad".into() };
        assert_eq!(decode.status(), Some(StatusCode::BAD_GATEWAY));
        assert_eq!(Error::<OpError>::InvalidRequest("no".to_owned()).status(), None);
        assert_eq!(Error::<OpError>::Transport(TransportError::from_reqwest(transport_error())).status(), None);
    }

    #[test]
    fn only_an_api_error_has_a_documented_error() {
        assert_eq!(Error::Api(OpError::NotFound).api(), Some(&OpError::NotFound));
        assert_eq!(Error::<OpError>::InvalidRequest("no".to_owned()).api(), None);
    }

    #[test]
    fn errors_display_what_went_wrong() {
        assert_eq!(
            Error::<OpError>::InvalidRequest("bad header".to_owned()).to_string(),
            "the request could not be built: bad header"
        );
        assert_eq!(Error::Api(OpError::NotFound).to_string(), "the API answered with an error: NotFound");
        let failure = raw(None, b"{").json::<serde_json::Value>().expect_err("not JSON");
        let error: Error<OpError> = failure.into();
        assert_eq!(
            error.to_string(),
            "the 502 Bad Gateway response could not be decoded: EOF while parsing an object at line 1 column 1"
        );
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("EOF while parsing an object at line 1 column 1"));
    }

    #[test]
    fn truncation_keeps_whole_characters_within_the_limit() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdefghij", 10), "abcdefghij");
        assert_eq!(truncate("abcdefghijk", 10), "abcdefg…");
        let cut = truncate(&"é".repeat(100), 11);
        assert!(cut.len() <= 11 && cut.ends_with('…'), "{cut}");
    }

    #[test]
    fn a_raw_response_decodes_json_and_text() {
        let response = raw(Some("application/json"), br#"{"a":[1,2]}"#);
        assert_eq!(response.json::<serde_json::Value>().expect("JSON"), serde_json::json!({"a": [1, 2]}));
        assert_eq!(response.text().expect("UTF-8"), r#"{"a":[1,2]}"#);
        assert_eq!(response.bytes(), Bytes::from_static(br#"{"a":[1,2]}"#));
    }

    #[test]
    fn a_body_that_does_not_decode_keeps_the_whole_response() {
        let response = raw(Some("text/plain"), b"\xff\xfe");
        let Error::<OpError>::Decode { response: kept, source } = response.text().expect_err("not UTF-8").into() else {
            panic!("a decode failure becomes Error::Decode");
        };
        assert_eq!(kept.status, StatusCode::BAD_GATEWAY);
        assert_eq!(kept.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("text/plain"));
        assert_eq!(&kept.body[..], b"\xff\xfe");
        assert_eq!(source.to_string(), "invalid utf-8 sequence of 1 bytes from index 0");
    }

    #[test]
    fn the_media_type_is_the_lower_case_essence_of_the_content_type() {
        assert_eq!(raw(Some("Application/JSON; charset=utf-8"), b"").media_type(), "application/json");
        assert_eq!(raw(Some(" text/event-stream "), b"").media_type(), "text/event-stream");
        assert_eq!(raw(None, b"").media_type(), "");
    }

    #[test]
    fn send_failures_become_invalid_request_or_transport() {
        let invalid: Error<OpError> = SendFailure::Invalid("no base URL".to_owned()).into();
        assert!(matches!(&invalid, Error::InvalidRequest(message) if message == "no base URL"), "{invalid:?}");
        let transport: Error<OpError> = SendFailure::Transport(TransportError::from_reqwest(transport_error())).into();
        assert!(matches!(transport, Error::Transport(_)), "{transport:?}");
    }
}
