//! Responses: `Received` (status and headers in, body not yet read), `Response`, typed headers.

use std::fmt;

use futures_util::FutureExt as _;
use std::time::Duration;

use super::client::DEFAULT_MAX_BODY_SIZE;
use super::transport::{Deadline, within};
use super::{
    ByteStream, Bytes, DecodeFailure, EventStream, HeaderMap, RawResponse, ResponseParts, SendFailure, StatusCode,
    TransportError,
};

/// A response whose body has not been read: read it whole, or stream it.
// Plumbing: generated `send` methods read it; users get the decoded result.
#[doc(hidden)]
pub struct Received {
    response: reqwest::Response,
    /// The whole-request deadline, which also bounds reading the body whole.
    deadline: Option<Deadline>,
    /// The read-idle timeout of a streamed body.
    read_timeout: Option<Duration>,
    /// The largest body `read` takes.
    pub(super) max_body_size: Option<usize>,
    /// The attempts made, this one included.
    pub(super) attempts: u32,
}

/// Why reading a body whole stopped.
enum Unread {
    Transport(reqwest::Error),
    TooLarge,
}

/// The body of `response`, read chunk by chunk: never more than `limit` bytes plus the chunk that
/// crossed it are held, and a `Content-Length` above the limit is refused before reading.
// An `async` block using its captures in place (an `async fn` would keep the response twice).
fn read_limited(
    mut response: reqwest::Response,
    limit: Option<usize>,
) -> impl Future<Output = Result<Bytes, Unread>> + Send + 'static {
    let limit = limit.unwrap_or(usize::MAX);
    async move {
        if response.content_length().is_some_and(|length| length > u64::try_from(limit).unwrap_or(u64::MAX)) {
            return Err(Unread::TooLarge);
        }
        // A body of one chunk (most JSON answers) is kept as it came, without a copy.
        let mut first: Option<Bytes> = None;
        let mut all: Vec<u8> = Vec::new();
        let mut length = 0usize;
        while let Some(chunk) = response.chunk().await.map_err(Unread::Transport)? {
            length = length.saturating_add(chunk.len());
            if length > limit {
                return Err(Unread::TooLarge);
            }
            match first.take() {
                None if all.is_empty() => first = Some(chunk),
                None => all.extend_from_slice(&chunk),
                Some(earlier) => {
                    all.reserve(earlier.len() + chunk.len());
                    all.extend_from_slice(&earlier);
                    all.extend_from_slice(&chunk);
                }
            }
        }
        Ok(first.unwrap_or_else(|| all.into()))
    }
}

impl Received {
    pub(super) fn new(response: reqwest::Response, deadline: Option<Deadline>, read_timeout: Option<Duration>) -> Self {
        Received { response, deadline, read_timeout, max_body_size: Some(DEFAULT_MAX_BODY_SIZE), attempts: 1 }
    }

    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// Reads the whole body, up to the body limit (`Client::with_max_body_size`).
    // Not an `async fn`, which would keep `self` beside the reading future that holds its
    // response: the future is the reading alone.
    pub fn read(mut self) -> impl Future<Output = Result<RawResponse, SendFailure>> + Send + 'static {
        let status = self.response.status();
        // Taken, not copied: reading the body needs no header (its length is the body's own).
        let headers = std::mem::take(self.response.headers_mut());
        let (limit, attempts) = (self.max_body_size, self.attempts);
        within(self.deadline, read_limited(self.response, limit)).map(move |read| {
            let body = match read {
                Ok(Ok(body)) => body,
                Ok(Err(Unread::Transport(error))) => {
                    return Err(SendFailure::Transport(TransportError::from_reqwest(error).with_attempts(attempts)));
                }
                Ok(Err(Unread::TooLarge)) => {
                    let response = Box::new(ResponseParts::head(status, headers, attempts));
                    return Err(SendFailure::TooLarge { response, limit: limit.unwrap_or(usize::MAX) });
                }
                Err(error) => return Err(SendFailure::Transport(error.with_attempts(attempts))),
            };
            Ok(RawResponse { status, headers, body, attempts })
        })
    }

    /// The body as a stream of chunks, never held whole in memory: bounded by the read-idle
    /// timeout, not by the whole-request one.
    pub fn into_byte_stream(self) -> ByteStream {
        ByteStream::new(self.response.bytes_stream()).with_idle_timeout(self.read_timeout)
    }

    /// The body as `text/event-stream` events whose `data` is JSON of type `T`.
    pub fn into_json_events<T: serde::de::DeserializeOwned>(self) -> EventStream<T> {
        EventStream::new(self.into_byte_stream(), |data| serde_json::from_str(data).map_err(|e| e.to_string()))
    }

    /// The body as `text/event-stream` events whose `data` is kept as text.
    pub fn into_text_events(self) -> EventStream<String> {
        EventStream::new(self.into_byte_stream(), |data| Ok(data.to_owned()))
    }
}

impl fmt::Debug for Received {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not reqwest's `Debug` of the response, which shows its URL (query values and all).
        f.debug_struct("Received")
            .field("status", &self.response.status())
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// What a successful call returns besides its body: the status and the headers, typed where the
/// spec documents them (`H`) and all of them as received.
#[derive(Debug)]
pub struct Response<T, H> {
    pub status: StatusCode,
    pub headers: H,
    pub raw_headers: HeaderMap,
    pub body: T,
}

impl<T, H: FromHeaders> Response<T, H> {
    /// A success response, with the documented headers read from `raw_headers`.
    // Plumbing: generated `send_response` methods build it. The body comes first so a call can
    // decode it from a response and then move that response's headers in, uncopied.
    #[doc(hidden)]
    pub fn new(status: StatusCode, body: T, raw_headers: HeaderMap) -> Result<Self, DecodeFailure> {
        let headers = H::from_headers(status, &raw_headers)?;
        Ok(Response { status, headers, raw_headers, body })
    }
}

/// Typed response headers, read from the headers as received.
// Plumbing: only generated header structs implement it.
#[doc(hidden)]
pub trait FromHeaders: Sized {
    fn from_headers(status: StatusCode, headers: &HeaderMap) -> Result<Self, DecodeFailure>;
}

impl FromHeaders for () {
    fn from_headers(_: StatusCode, _: &HeaderMap) -> Result<Self, DecodeFailure> {
        Ok(())
    }
}

/// Reads header `name` as a `T`: as a string first (strings, enums, dates), else as JSON text
/// (numbers, booleans). Absent: `None`. Unreadable: a decode failure keeping status and headers.
// Plumbing: generated `FromHeaders` impls read each documented header with it.
#[doc(hidden)]
pub fn header_value<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    headers: &HeaderMap,
    name: &str,
) -> Result<Option<T>, DecodeFailure> {
    let Some(value) = headers.get(name) else { return Ok(None) };
    let failure = |message: String| DecodeFailure {
        response: Box::new(RawResponse::new(status, headers.clone(), Bytes::new())),
        source: message.into(),
    };
    let text = value.to_str().map_err(|_| failure(format!("header `{name}` is not visible ASCII")))?;
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .or_else(|_| serde_json::from_str(text))
        .map(Some)
        .map_err(|error| failure(format!("header `{name}`: {error}")))
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt as _;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::super::{Client, Error, Method, Request};
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Mode {
        Fast,
    }

    /// Documented headers, as generated code declares them.
    #[derive(Debug, PartialEq)]
    struct Headers {
        e_tag: Option<String>,
        count: Option<u32>,
    }

    impl FromHeaders for Headers {
        fn from_headers(status: StatusCode, headers: &HeaderMap) -> Result<Self, DecodeFailure> {
            Ok(Headers {
                e_tag: header_value(status, headers, "etag")?,
                count: header_value(status, headers, "x-count")?,
            })
        }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, reqwest::header::HeaderValue::from_bytes(value.as_bytes()).expect("a header value"));
        }
        map
    }

    fn decode_message(failure: DecodeFailure) -> (StatusCode, String) {
        match Error::<()>::from(failure) {
            Error::Decode { response, source } => (response.status, source.to_string()),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn a_header_reads_as_a_string_first_then_as_json_text() {
        let map = headers(&[("x-s", "42"), ("x-n", "42"), ("x-b", "true"), ("x-m", "fast"), ("x-f", "1.5")]);
        let read = |name| header_value::<serde_json::Value>(StatusCode::OK, &map, name).expect("readable");
        assert_eq!(header_value::<String>(StatusCode::OK, &map, "x-s").expect("a string"), Some("42".to_owned()));
        assert_eq!(header_value::<u16>(StatusCode::OK, &map, "x-n").expect("a number"), Some(42));
        assert_eq!(header_value::<bool>(StatusCode::OK, &map, "x-b").expect("a boolean"), Some(true));
        assert_eq!(header_value::<Mode>(StatusCode::OK, &map, "x-m").expect("an enum"), Some(Mode::Fast));
        assert_eq!(header_value::<f64>(StatusCode::OK, &map, "x-f").expect("a number"), Some(1.5));
        assert_eq!(read("x-n"), Some(serde_json::json!("42")));
        assert_eq!(header_value::<u16>(StatusCode::OK, &map, "x-absent").expect("absent"), None);
    }

    #[test]
    fn an_unreadable_header_is_a_decode_failure_keeping_status_and_headers() {
        let map = headers(&[("x-n", "many"), ("x-bin", "caf\u{e9}")]);
        let failure = header_value::<u16>(StatusCode::CREATED, &map, "x-n").expect_err("not a number");
        let (status, message) = decode_message(failure);
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(message, "header `x-n`: expected value at line 1 column 1");
        let failure = header_value::<String>(StatusCode::OK, &map, "x-bin").expect_err("not ASCII");
        let Error::<()>::Decode { response, source } = failure.into() else { panic!("a decode error") };
        assert_eq!(source.to_string(), "header `x-bin` is not visible ASCII");
        assert_eq!(response.headers.len(), 2);
        assert!(response.body.is_empty());
    }

    #[test]
    fn a_response_reads_its_documented_headers_and_keeps_all() {
        let raw = headers(&[("etag", "\"v1\""), ("x-count", "3"), ("x-other", "kept")]);
        let response: Response<&str, Headers> = Response::new(StatusCode::OK, "body", raw).expect("readable");
        assert_eq!(response.headers, Headers { e_tag: Some("\"v1\"".to_owned()), count: Some(3) });
        assert_eq!(response.raw_headers.get("x-other").and_then(|v| v.to_str().ok()), Some("kept"));
        assert_eq!((response.status, response.body), (StatusCode::OK, "body"));

        let bad = headers(&[("x-count", "-1")]);
        let failure = Response::<(), Headers>::new(StatusCode::ACCEPTED, (), bad).expect_err("not a u32");
        assert_eq!(decode_message(failure).0, StatusCode::ACCEPTED);
        assert!(Response::<(), ()>::new(StatusCode::OK, (), HeaderMap::new()).is_ok());
    }

    async fn receive(template: ResponseTemplate) -> (MockServer, Received) {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(template).mount(&server).await;
        let client = Client::with_base_url(server.uri());
        let received = Request::new(client.clone(), None, Method::GET, "/r".to_owned()).send().await.expect("answered");
        (server, received)
    }

    #[tokio::test]
    async fn a_received_response_is_read_whole() {
        let template = ResponseTemplate::new(418).insert_header("x-teapot", "yes").set_body_string("short");
        let (_server, received) = receive(template).await;
        assert_eq!(received.status(), StatusCode::IM_A_TEAPOT);
        assert_eq!(received.headers().get("x-teapot").and_then(|v| v.to_str().ok()), Some("yes"));
        let raw = received.read().await.expect("read");
        assert_eq!((raw.status, &raw.body[..]), (StatusCode::IM_A_TEAPOT, &b"short"[..]));
        assert_eq!(raw.headers.get("x-teapot").and_then(|v| v.to_str().ok()), Some("yes"));
    }

    /// A local server answering each request with `status` and a chunked body of `chunks` chunks of
    /// 1 KiB each (no `Content-Length`), then its end.
    async fn chunked(status: &'static str, chunks: usize) -> String {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().expect("an address");
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut request = [0; 4096];
                let _ = socket.read(&mut request).await;
                let head = format!("HTTP/1.1 {status}\r\nx-request-id: big-1\r\ntransfer-encoding: chunked\r\n\r\n");
                let mut out = head.into_bytes();
                for _ in 0..chunks {
                    out.extend_from_slice(format!("400\r\n{}\r\n", "x".repeat(1024)).as_bytes());
                }
                out.extend_from_slice(b"0\r\n\r\n");
                let _ = socket.write_all(&out).await;
            }
        });
        format!("http://{address}")
    }

    async fn read_with(client: &Client, options: super::super::RequestOptions) -> Result<RawResponse, Error<()>> {
        let request = Request::new(client.clone(), None, Method::GET, "/big".to_owned()).with_options(options);
        let received = request.send().await.map_err(Error::from)?;
        received.read().await.map_err(Error::from)
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_an_error_keeping_status_and_headers() {
        let client = Client::with_base_url(chunked("500 Internal Server Error", 8).await)
            .with_retry(super::super::RetryPolicy::none())
            .with_max_body_size(Some(4096));
        let error = read_with(&client, Default::default()).await.expect_err("8 KiB is over 4 KiB");
        assert!(matches!(error, Error::BodyTooLarge { limit: 4096, .. }), "{error:?}");
        assert_eq!((error.status(), error.request_id()), (Some(StatusCode::INTERNAL_SERVER_ERROR), Some("big-1")));
        assert_eq!(
            error.to_string(),
            "the body of the 500 Internal Server Error response is larger than the limit of 4 KiB"
        );
        // Exactly at the limit is read; per request, the limit may be raised or lifted.
        let raw =
            read_with(&client.clone().with_max_body_size(Some(8192)), Default::default()).await.expect("at the limit");
        assert_eq!(raw.body.len(), 8192);
        let options = super::super::RequestOptions::new().max_body_size(None);
        assert_eq!(read_with(&client, options).await.expect("no limit").body.len(), 8192);
        let options = super::super::RequestOptions::new().max_body_size(Some(100));
        let error = read_with(&Client::with_base_url(chunked("200 OK", 1).await), options).await.expect_err("small");
        assert!(matches!(error, Error::BodyTooLarge { limit: 100, .. }), "{error:?}");
    }

    #[tokio::test]
    async fn a_content_length_over_the_limit_is_refused_before_reading_and_one_chunk_is_not_copied() {
        let template = ResponseTemplate::new(200).set_body_string("x".repeat(2000));
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(template).mount(&server).await;
        let client = Client::with_base_url(server.uri()).with_max_body_size(Some(1999));
        let error = read_with(&client, Default::default()).await.expect_err("2000 bytes announced");
        assert!(
            matches!(&error, Error::BodyTooLarge { response, limit: 1999 } if response.headers.contains_key("content-length"))
        );
        let raw = read_with(&client.with_max_body_size(Some(2000)), Default::default()).await.expect("at the limit");
        assert_eq!(raw.body, "x".repeat(2000));
        assert_eq!(
            format!("{:?}", receive(ResponseTemplate::new(204)).await.1),
            "Received { status: 204, attempts: 1, .. }"
        );
    }

    #[tokio::test]
    async fn a_received_response_streams_its_body_as_bytes_or_events() {
        let (_server, received) = receive(ResponseTemplate::new(200).set_body_bytes(&b"\x00\x01\x02"[..])).await;
        assert_eq!(&received.into_byte_stream().collect().await.expect("read")[..], b"\x00\x01\x02");

        let sse = "data: {\"n\":1}\n\ndata: not json\n\nevent: done\ndata: {\"n\":2}\n\n";
        let (_server, received) = receive(ResponseTemplate::new(200).set_body_string(sse)).await;
        let events: Vec<_> = received.into_json_events::<serde_json::Value>().collect().await;
        assert_eq!(events.len(), 3);
        assert!(matches!(&events[0], Ok(event) if event.data == serde_json::json!({"n": 1})), "{events:?}");
        assert!(matches!(&events[1], Err(super::super::EventError::Decode { data, .. }) if data == "not json"));
        assert!(matches!(&events[2], Ok(event) if event.event.as_deref() == Some("done")), "{events:?}");

        let (_server, received) = receive(ResponseTemplate::new(200).set_body_string(sse)).await;
        let texts: Vec<_> = received.into_text_events().map(|event| event.map(|e| e.data).ok()).collect().await;
        assert_eq!(texts, [Some("{\"n\":1}".to_owned()), Some("not json".to_owned()), Some("{\"n\":2}".to_owned())]);
    }
}
