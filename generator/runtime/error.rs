//! What a call can end in besides success: `Error<E>`, and the failures that become errors (`raw` keeps responses whole).

use std::fmt;

use super::parts::{MESSAGE_LIMIT, one_line, request_id, retryable_status, status_text};
use super::{HeaderMap, RawResponse, ResponseParts, StatusCode, TransportError};

/// Everything an operation's call can end in besides its success value. `Display` is one short
/// line saying what happened (the status and the body's own message, a timeout, a refused
/// connection), never a body dump nor a header value; the whole response stays in the error.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request could not be built from the arguments (e.g. a header value with a line break,
    /// a path parameter that is `.` or `..`, an invalid base URL); nothing was sent.
    InvalidRequest(String),
    /// The request was not answered: connection, TLS, timeout, or reading the body failed.
    Transport(TransportError),
    /// The server answered with an error status: `error` holds the decoded, documented body (or
    /// the raw response for an undocumented status), `response` the status and headers (request
    /// id, `Retry-After`) and how many attempts were made.
    Api { error: E, response: ResponseParts },
    /// The server's answer did not match the spec; the whole response is kept.
    Decode { response: RawResponse, source: Box<dyn std::error::Error + Send + Sync> },
    /// The body, to be read whole, was larger than `limit` bytes (`Client::with_max_body_size`,
    /// `RequestOptions::max_body_size`): reading stopped there and the body was dropped;
    /// `response` keeps the status and headers.
    BodyTooLarge { response: ResponseParts, limit: usize },
}

impl<E> Error<E> {
    /// An API error for `response`, the error status's whole response, whose body `error` holds.
    // Plumbing: generated `send_response` methods build API errors with it.
    #[doc(hidden)]
    pub fn new_api(error: E, response: &RawResponse) -> Self {
        Error::Api { error, response: ResponseParts::of(response) }
    }

    /// An API error for an undocumented status: `variant` keeps the whole response.
    // Plumbing: generated `send_response` methods build these errors with it.
    #[doc(hidden)]
    pub fn undocumented(response: RawResponse, variant: fn(RawResponse) -> E) -> Self {
        let parts = ResponseParts::of(&response);
        Error::Api { error: variant(response), response: parts }
    }

    /// The documented error, if the server sent one.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { response, .. } => Some(response.status),
            Error::Decode { response, .. } => Some(response.status),
            Error::BodyTooLarge { response, .. } => Some(response.status),
            Error::Transport(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// The headers of the response, when there was one.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { response, .. } => Some(&response.headers),
            Error::Decode { response, .. } => Some(&response.headers),
            Error::BodyTooLarge { response, .. } => Some(&response.headers),
            Error::Transport(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// The server's id for the request (`x-request-id`, `request-id` and the like), if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.headers().and_then(request_id)
    }

    /// Whether a timeout passed (the whole-request one, a stream's read timeout, a connect timeout).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(error) if error.is_timeout())
    }

    /// Whether trying again later may succeed: no connection, a timeout, or status 408, 429, 500,
    /// 502, 503 or 504. (The runtime's retries also weigh whether the method is idempotent.)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(error) => error.is_connect() || error.is_timeout(),
            Error::Api { .. } | Error::Decode { .. } => self.status().is_some_and(retryable_status),
            // The same body would come again.
            Error::InvalidRequest(_) | Error::BodyTooLarge { .. } => false,
        }
    }

    /// How many attempts were made (more than one when the request was retried); 0 when nothing
    /// was sent.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::InvalidRequest(_) => 0,
            Error::Transport(error) => error.attempts(),
            Error::Api { response, .. } => response.attempts,
            Error::Decode { response, .. } => response.attempts,
            Error::BodyTooLarge { response, .. } => response.attempts,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(message) => {
                write!(f, "the request could not be built: {}", one_line(message, MESSAGE_LIMIT))
            }
            Error::Transport(error) => write!(f, "the request failed: {error}"),
            Error::Api { response, .. } => {
                write!(f, "the API answered {}", status_text(response.status))?;
                if let Some(message) = response.message() {
                    write!(f, ": {message}")?;
                }
                attempts_suffix(f, response.attempts)
            }
            Error::Decode { response, source } => {
                let source = one_line(&source.to_string(), MESSAGE_LIMIT);
                write!(f, "the {} response could not be decoded: {source}", status_text(response.status))?;
                attempts_suffix(f, response.attempts)
            }
            Error::BodyTooLarge { response, limit } => {
                let (status, limit) = (status_text(response.status), size_text(*limit));
                write!(f, "the body of the {status} response is larger than the limit of {limit}")?;
                attempts_suffix(f, response.attempts)
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::Decode { source, .. } => Some(source.as_ref()),
            Error::InvalidRequest(_) | Error::Api { .. } | Error::BodyTooLarge { .. } => None,
        }
    }
}

/// `32 MiB`, `16 KiB`, or `1000 bytes` when not a whole number of either.
fn size_text(bytes: usize) -> String {
    const KIB: usize = 1024;
    match bytes {
        0 => "0 bytes".to_owned(),
        _ if bytes.is_multiple_of(KIB * KIB) => format!("{} MiB", bytes / (KIB * KIB)),
        _ if bytes.is_multiple_of(KIB) => format!("{} KiB", bytes / KIB),
        _ => format!("{bytes} bytes"),
    }
}

fn attempts_suffix(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
    if attempts > 1 { write!(f, " (after {attempts} attempts)") } else { Ok(()) }
}

/// What every generated per-operation error enum provides (with `Display` and `Error`).
pub trait ApiError: fmt::Debug {
    /// The HTTP status the error came with.
    fn status(&self) -> StatusCode;
}

/// `Display` of a per-operation error enum: its status and its variant, e.g. `404 Not Found
/// (NotFound)`; never the body.
// Plumbing: generated `Display` impls call it.
#[doc(hidden)]
pub fn display_api_error<E: ApiError>(error: &E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let debug = format!("{error:?}");
    let variant: String = debug.chars().take_while(|c| c.is_alphanumeric() || *c == '_').take(80).collect();
    write!(f, "{} ({variant})", status_text(error.status()))
}

/// The status for `code`, which the generator checked to be in 100..=599.
// Plumbing: generated `ApiError` impls call it with their documented codes.
#[doc(hidden)]
pub fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A request that was not answered, or whose body was not read; becomes [`Error::InvalidRequest`],
/// [`Error::Transport`] or [`Error::BodyTooLarge`].
// Plumbing: only generated code sees it, through `?` into `Error`.
#[doc(hidden)]
#[derive(Debug)]
pub enum SendFailure {
    Invalid(String),
    Transport(TransportError),
    TooLarge { response: Box<ResponseParts>, limit: usize },
}

impl<E> From<SendFailure> for Error<E> {
    fn from(failure: SendFailure) -> Self {
        match failure {
            SendFailure::Invalid(message) => Error::InvalidRequest(message),
            SendFailure::Transport(error) => Error::Transport(error),
            SendFailure::TooLarge { response, limit } => Error::BodyTooLarge { response: *response, limit },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Bytes;
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
        RawResponse::new(StatusCode::BAD_GATEWAY, headers, Bytes::from_static(body))
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

    fn not_found(body: &'static [u8]) -> Error<OpError> {
        let mut response = raw(Some("application/json"), body);
        response.status = StatusCode::NOT_FOUND;
        response.headers.insert("x-request-id", "req-42".parse().expect("a header value"));
        Error::new_api(OpError::NotFound, &response)
    }

    #[test]
    fn the_status_headers_and_request_id_of_each_kind_of_error() {
        let error = not_found(b"{}");
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(error.request_id(), Some("req-42"));
        assert_eq!(error.headers().map(HeaderMap::len), Some(2));
        assert_eq!(error.attempts(), 1);
        let decode: Error<OpError> = Error::Decode { response: raw(None, b""), source: "bad".into() };
        assert_eq!(decode.status(), Some(StatusCode::BAD_GATEWAY));
        assert_eq!(decode.request_id(), None);
        assert_eq!(Error::<OpError>::InvalidRequest("no".to_owned()).status(), None);
        assert_eq!(Error::<OpError>::InvalidRequest("no".to_owned()).attempts(), 0);
        assert_eq!(Error::<OpError>::Transport(TransportError::from_reqwest(transport_error())).status(), None);
    }

    #[test]
    fn only_an_api_error_has_a_documented_error() {
        assert_eq!(not_found(b"").api(), Some(&OpError::NotFound));
        assert!(matches!(not_found(b""), Error::Api { error: OpError::NotFound, .. }));
        assert_eq!(Error::<OpError>::InvalidRequest("no".to_owned()).api(), None);
    }

    #[test]
    fn retryable_errors_are_timeouts_connect_failures_and_try_later_statuses() {
        let timeout = Error::<OpError>::Transport(TransportError::deadline(std::time::Duration::from_secs(1)));
        assert!(timeout.is_timeout() && timeout.is_retryable());
        assert!(!not_found(b"").is_retryable() && !not_found(b"").is_timeout());
        for code in [408, 429, 500, 502, 503, 504] {
            let mut response = raw(None, b"");
            response.status = status(code);
            assert!(Error::new_api(OpError::NotFound, &response).is_retryable(), "{code}");
        }
        assert!(!Error::<OpError>::InvalidRequest("no".to_owned()).is_retryable());
    }

    #[test]
    fn errors_display_what_went_wrong() {
        assert_eq!(
            Error::<OpError>::InvalidRequest("bad header".to_owned()).to_string(),
            "the request could not be built: bad header"
        );
        assert_eq!(not_found(b"").to_string(), "the API answered 404 Not Found");
        assert_eq!(not_found(br#"{"message": "no pet\n42"}"#).to_string(), "the API answered 404 Not Found: no pet 42");
        assert_eq!(not_found(br#"{"error": {"detail": "gone"}}"#).to_string(), "the API answered 404 Not Found: gone");
        assert_eq!(not_found(br#"{"errors": [{"title": "a"}]}"#).to_string(), "the API answered 404 Not Found: a");
        assert_eq!(not_found(br#"{"error": 3, "code": "x"}"#).to_string(), "the API answered 404 Not Found");
        let failure = raw(None, b"{").json::<serde_json::Value>().expect_err("not JSON");
        let error: Error<OpError> = failure.into();
        assert_eq!(
            error.to_string(),
            "the 502 Bad Gateway response could not be decoded: EOF while parsing an object at line 1 column 1"
        );
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("EOF while parsing an object at line 1 column 1"));
        let timeout = Error::<OpError>::Transport(TransportError::deadline(std::time::Duration::from_secs(2)));
        assert_eq!(timeout.to_string(), "the request failed: timed out: no response within 2s");
    }

    #[test]
    fn a_huge_error_body_gives_one_short_line_without_header_values() {
        let html = format!("<html>{}</html>", "x".repeat(64 * 1024));
        let mut response = RawResponse::new(StatusCode::SERVICE_UNAVAILABLE, HeaderMap::new(), html.into());
        response.headers.insert("set-cookie", "session=secret-cookie".parse().expect("a header value"));
        let error = Error::new_api(OpError::NotFound, &response);
        let text = error.to_string();
        assert_eq!(text, "the API answered 503 Service Unavailable");
        let message = format!(r#"{{"message": "{}"}}"#, "m\\r\\n".repeat(20_000));
        let mut response = RawResponse::new(StatusCode::SERVICE_UNAVAILABLE, response.headers, message.into());
        response.attempts = 3;
        let text = Error::new_api(OpError::NotFound, &response).to_string();
        assert!(text.len() < 300 && !text.contains('\n') && !text.contains("secret-cookie"), "{text}");
        assert!(text.ends_with("… (after 3 attempts)"), "{text}");
        let decode: Error<OpError> = response.json::<u8>().expect_err("not a number").into();
        assert!(decode.to_string().len() < 300, "{decode}");
    }

    #[test]
    fn a_body_too_large_keeps_status_and_headers_and_says_the_limit() {
        let mut response = raw(Some("application/json"), b"");
        response.headers.insert("x-request-id", "req-7".parse().expect("a header value"));
        let parts = Box::new(ResponseParts::head(response.status, response.headers, 2));
        let error: Error<OpError> = SendFailure::TooLarge { response: parts, limit: 32 * 1024 * 1024 }.into();
        assert_eq!(
            error.to_string(),
            "the body of the 502 Bad Gateway response is larger than the limit of 32 MiB (after 2 attempts)"
        );
        assert_eq!(
            (error.status(), error.request_id(), error.attempts()),
            (Some(StatusCode::BAD_GATEWAY), Some("req-7"), 2)
        );
        assert!(!error.is_retryable() && !error.is_timeout() && error.api().is_none());
        assert!(matches!(error, Error::BodyTooLarge { limit: 33554432, .. }));
        assert_eq!([size_text(0), size_text(16 * 1024), size_text(1000)], ["0 bytes", "16 KiB", "1000 bytes"]);
    }

    #[test]
    fn send_failures_become_invalid_request_or_transport() {
        let invalid: Error<OpError> = SendFailure::Invalid("no base URL".to_owned()).into();
        assert!(matches!(&invalid, Error::InvalidRequest(message) if message == "no base URL"), "{invalid:?}");
        let transport: Error<OpError> = SendFailure::Transport(TransportError::from_reqwest(transport_error())).into();
        assert!(matches!(transport, Error::Transport(_)), "{transport:?}");
    }
}
