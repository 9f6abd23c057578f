//! `RawResponse`: a response kept whole (undocumented statuses, undecodable bodies), and `DecodeFailure`.

use super::{Bytes, Error, HeaderMap, StatusCode};

/// A response kept whole: for undocumented statuses and for bodies that could not be decoded.
#[derive(Clone, Debug)]
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The attempts made (more than one when the request was retried).
    pub(super) attempts: u32,
}

impl RawResponse {
    /// A response received at the first attempt.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        RawResponse { status, headers, body, attempts: 1 }
    }

    /// How many attempts were made (more than one when the request was retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(content_type: Option<&str>, body: &'static [u8]) -> RawResponse {
        let mut headers = HeaderMap::new();
        if let Some(value) = content_type {
            headers.insert(reqwest::header::CONTENT_TYPE, value.parse().expect("a header value"));
        }
        RawResponse::new(StatusCode::BAD_GATEWAY, headers, Bytes::from_static(body))
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
        let Error::<()>::Decode { response: kept, source } = response.text().expect_err("not UTF-8").into() else {
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
}
