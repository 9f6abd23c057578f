//! `TransportError`: a request or a body that got no complete answer (connect, timeout, read).

use futures_util::FutureExt as _;
use futures_util::future::Either;
use std::fmt;
use std::time::Duration;

/// The longest cause a [`TransportError`] shows in its `Display` line, in bytes.
const CAUSE_LIMIT: usize = 160;

/// Why a request got no answer, or a body stopped before its end: the connection failed, a
/// timeout passed, or reading failed. `Display` is one short line (never the URL, which may hold
/// query values); the reqwest error, when there is one, stays reachable as `source()`, its URL
/// redacted (`redact_url`: no query value, no user or password), so neither its `Display` nor
/// the `Debug` of this error shows a query credential.
#[derive(Debug)]
pub struct TransportError {
    kind: Kind,
    source: Option<reqwest::Error>,
    attempts: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// No connection: refused, DNS, TLS; nothing was sent.
    Connect,
    /// The whole-request timeout passed before the response (head, or buffered body) came.
    Deadline(Duration),
    /// A streamed body sent nothing for this long.
    Idle(Duration),
    /// Another failure (reqwest's own timeouts, a reset connection, a broken body).
    Other,
}

impl TransportError {
    pub(super) fn from_reqwest(error: reqwest::Error) -> Self {
        let error = match error.url() {
            Some(url) => {
                let redacted = redact_url(url);
                error.with_url(redacted)
            }
            None => error,
        };
        let kind = if error.is_connect() && !error.is_timeout() { Kind::Connect } else { Kind::Other };
        TransportError { kind, source: Some(error), attempts: 1 }
    }

    pub(super) fn deadline(timeout: Duration) -> Self {
        TransportError { kind: Kind::Deadline(timeout), source: None, attempts: 1 }
    }

    pub(super) fn idle(timeout: Duration) -> Self {
        TransportError { kind: Kind::Idle(timeout), source: None, attempts: 1 }
    }

    pub(super) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// Whether a timeout passed: the whole-request one, the read-idle one of a stream, or one of
    /// the HTTP client's own (e.g. its connect timeout).
    pub fn is_timeout(&self) -> bool {
        matches!(self.kind, Kind::Deadline(_) | Kind::Idle(_)) || self.source.as_ref().is_some_and(|e| e.is_timeout())
    }

    /// Whether no connection could be made (refused, DNS, TLS, connect timeout): nothing was sent.
    pub fn is_connect(&self) -> bool {
        self.kind == Kind::Connect || self.source.as_ref().is_some_and(|e| e.is_connect())
    }

    /// How many attempts were made (more than one when the request was retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The HTTP client's error, when the failure came from it.
    pub fn reqwest_error(&self) -> Option<&reqwest::Error> {
        self.source.as_ref()
    }

    /// The innermost cause (e.g. `Connection refused (os error 111)`), cut to [`CAUSE_LIMIT`].
    fn cause(&self) -> Option<String> {
        // reqwest's own text names the URL; only the causes beneath it are shown.
        let mut cause = std::error::Error::source(self.source.as_ref()?)?;
        while let Some(inner) = cause.source() {
            cause = inner;
        }
        Some(super::parts::truncate(&cause.to_string(), CAUSE_LIMIT))
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Kind::Deadline(timeout) => write!(f, "timed out: no response within {timeout:?}")?,
            Kind::Idle(timeout) => write!(f, "timed out: the body sent nothing for {timeout:?}")?,
            Kind::Connect | Kind::Other => {
                let what = match &self.source {
                    Some(error) if error.is_timeout() => "timed out",
                    Some(error) if error.is_connect() => "connection failed",
                    Some(error) if error.is_body() || error.is_decode() => "reading the body failed",
                    Some(error) if error.is_request() => "sending the request failed",
                    _ => "transport failed",
                };
                f.write_str(what)?;
                if let Some(cause) = self.cause() {
                    write!(f, ": {cause}")?;
                }
            }
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|error| error as &(dyn std::error::Error + 'static))
    }
}

/// `url` as error texts may show it: every query value replaced by `***` (names kept, so
/// `?api_key=***&page=***`), user and password removed, no fragment. Query values are where
/// `apiKey in: query` credentials and signed-URL tokens go, and a rule for all of them needs no
/// list of which names are secret.
pub(super) fn redact_url(url: &reqwest::Url) -> reqwest::Url {
    let mut redacted = url.clone();
    // Both fail only for URLs that cannot have a user (`data:`), which then have none to remove.
    let _ = redacted.set_username("");
    let _ = redacted.set_password(None);
    redacted.set_fragment(None);
    if let Some(query) = url.query() {
        let names: Vec<&str> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split('=').next().unwrap_or(pair))
            .collect();
        let text = names.iter().map(|name| format!("{name}=***")).collect::<Vec<_>>().join("&");
        redacted.set_query(Some(&text));
    }
    redacted
}

/// When the whole-request timeout passes, and how long it was.
#[derive(Clone, Copy, Debug)]
pub(super) struct Deadline {
    pub(super) at: tokio::time::Instant,
    pub(super) timeout: Duration,
}

/// What one attempt gave: the response and the whole-request deadline, or why none came.
pub(super) type Sent = Result<(reqwest::Response, Option<Deadline>), TransportError>;

/// Sends `request`, waiting for the response's head at most `timeout`; returns the response and
/// the deadline, which still bounds reading its body whole.
pub(super) fn send_once(
    http: &reqwest::Client,
    request: reqwest::Request,
    timeout: Option<Duration>,
) -> impl Future<Output = Sent> + Send + use<> {
    // Combinators, not an `async fn`: the request goes to reqwest now, and the future is no
    // bigger than reqwest's pending call and the timer (each call's future is boxed whole).
    let deadline = timeout.map(|timeout| Deadline { at: tokio::time::Instant::now() + timeout, timeout });
    within(deadline, http.execute(request))
        .map(move |outcome| Ok((outcome?.map_err(TransportError::from_reqwest)?, deadline)))
}

/// Runs `future` until `deadline`, if there is one.
pub(super) fn within<F: Future>(
    deadline: Option<Deadline>,
    future: F,
) -> impl Future<Output = Result<F::Output, TransportError>> {
    match deadline {
        Some(Deadline { at, timeout }) => Either::Left(
            tokio::time::timeout_at(at, future)
                .map(move |outcome| outcome.map_err(|_| TransportError::deadline(timeout))),
        ),
        None => Either::Right(future.map(Ok)),
    }
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt as _;

    use super::super::{Client, Error, Method, Request};
    use super::*;

    #[tokio::test]
    async fn a_refused_connection_says_so_with_its_cause_and_no_url() {
        // A port just released: nothing listens there.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("an address").port();
        drop(listener);
        let url = format!("http://127.0.0.1:{port}/secret?api_key=k-123");
        let error = reqwest::Client::new().get(&url).send().await.expect_err("nothing listens");
        let error = TransportError::from_reqwest(error);
        assert!(error.is_connect() && !error.is_timeout(), "{error:?}");
        let text = error.to_string();
        assert!(text.starts_with("connection failed: "), "{text}");
        assert!(text.to_lowercase().contains("refused"), "{text}");
        assert!(!text.contains("k-123") && !text.contains("127.0.0.1"), "{text}");
        assert!(std::error::Error::source(&error).is_some());
        assert_eq!(error.with_attempts(3).to_string(), format!("{text} (after 3 attempts)"));
    }

    #[test]
    fn urls_in_errors_keep_query_names_and_lose_values_users_and_fragments() {
        let url = |text: &str| redact_url(&reqwest::Url::parse(text).expect("a URL")).to_string();
        assert_eq!(url("http://h.test/p?api_key=k-1&page=2"), "http://h.test/p?api_key=***&page=***");
        assert_eq!(url("https://ada:pw@h.test:8443/a/b?x&=v&&y=1=2#frag"), "https://h.test:8443/a/b?x=***&=***&y=***");
        assert_eq!(url("http://h.test/p"), "http://h.test/p");
        assert_eq!(url("http://h.test/p?"), "http://h.test/p?");
    }

    #[tokio::test(start_paused = true)]
    async fn neither_display_nor_debug_of_a_transport_error_shows_a_query_value() {
        // A server that takes the request and never answers: reqwest's own timeout fires.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().expect("an address");
        tokio::spawn(async move {
            let mut open = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                open.push(socket);
            }
        });
        let http = reqwest::Client::builder().timeout(Duration::from_secs(1)).build().expect("a client");
        let url = format!("http://ada:pw-9@{address}/p?api_key=k-123#f");
        let error = http.get(&url).send().await.expect_err("no answer");
        assert!(error.is_timeout() && format!("{error:?}").contains("k-123"), "reqwest's own error shows it");
        let error = TransportError::from_reqwest(error);
        let inner = error.reqwest_error().map(ToString::to_string).unwrap_or_default();
        for text in [error.to_string(), format!("{error:?}"), format!("{error:#?}"), inner] {
            assert!(!text.contains("k-123") && !text.contains("pw-9"), "{text}");
        }
        assert_eq!(
            error.reqwest_error().and_then(reqwest::Error::url).map(|u| u.as_str().to_owned()),
            Some(format!("http://{address}/p?api_key=***"))
        );
    }

    #[test]
    fn timeouts_say_they_timed_out_and_for_how_long() {
        let error = TransportError::deadline(Duration::from_secs(30));
        assert!(error.is_timeout() && !error.is_connect());
        assert_eq!(error.to_string(), "timed out: no response within 30s");
        assert_eq!(error.attempts(), 1);
        assert!(error.reqwest_error().is_none());
        let error = TransportError::idle(Duration::from_millis(1500));
        assert!(error.is_timeout());
        assert_eq!(error.to_string(), "timed out: the body sent nothing for 1.5s");
    }

    #[test]
    fn a_request_error_without_a_deeper_cause_shows_only_its_kind() {
        let error = reqwest::Client::new().get("not a url").build().expect_err("a relative URL is refused");
        let error = TransportError::from_reqwest(error);
        assert!(!error.is_timeout() && !error.is_connect());
        let text = error.to_string();
        assert!(!text.contains("not a url"), "{text}");
    }

    /// A local server answering one request with a chunked body: each chunk sent after its pause
    /// (on the test's clock, so a paused clock makes the pauses instant), then the end unless
    /// `stall` is set, in which case it goes silent for an hour after the last chunk.
    async fn slow_server(head_after: Duration, chunks: Vec<(Duration, &'static str)>, stall: bool) -> String {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().expect("an address");
        tokio::spawn(async move {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let mut request = [0; 4096];
            let _ = socket.read(&mut request).await;
            tokio::time::sleep(head_after).await;
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for (pause, chunk) in chunks {
                tokio::time::sleep(pause).await;
                let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
                if socket.write_all(framed.as_bytes()).await.is_err() {
                    return;
                }
            }
            if stall {
                tokio::time::sleep(Duration::from_secs(3600)).await;
            }
            let _ = socket.write_all(b"0\r\n\r\n").await;
        });
        format!("http://{address}")
    }

    fn client(base: String, timeout: u64, read_timeout: u64) -> Client {
        Client::with_base_url(base)
            .with_timeout(Some(Duration::from_secs(timeout)))
            .with_read_timeout(Some(Duration::from_secs(read_timeout)))
            .with_retry(super::super::RetryPolicy::none())
    }

    #[tokio::test(start_paused = true)]
    async fn a_stream_that_keeps_sending_outlives_the_whole_request_timeout() {
        let chunks = (0..10).map(|_| (Duration::from_secs(2), "data: {\"n\":1}\n\n")).collect();
        let base = slow_server(Duration::ZERO, chunks, false).await;
        let client = client(base, 1, 5);
        let started = tokio::time::Instant::now();
        let received =
            Request::new(client.clone(), None, Method::GET, "/events".to_owned()).send().await.expect("a head");
        let events: Vec<_> = received.into_json_events::<serde_json::Value>().collect().await;
        assert_eq!(events.len(), 10, "{events:?}");
        assert!(events.iter().all(Result::is_ok), "{events:?}");
        assert!(started.elapsed() >= Duration::from_secs(20), "the stream lasted 20 s, 20 times the timeout");
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_stream_ends_with_exactly_one_timeout_error() {
        let base = slow_server(Duration::ZERO, vec![(Duration::ZERO, "data: 1\n\n")], true).await;
        let client = client(base, 60, 5);
        let received =
            Request::new(client.clone(), None, Method::GET, "/events".to_owned()).send().await.expect("a head");
        let events: Vec<_> = received.into_text_events().collect().await;
        assert_eq!(events.len(), 2, "{events:?}");
        assert!(matches!(&events[0], Ok(event) if event.data == "1"), "{events:?}");
        match &events[1] {
            Err(super::super::EventError::Transport(error)) => {
                assert!(error.is_timeout(), "{error}");
                assert_eq!(error.to_string(), "timed out: the body sent nothing for 5s");
            }
            other => panic!("expected one timeout, got {other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_head_that_does_not_come_in_time_is_a_timeout() {
        let base = slow_server(Duration::from_secs(30), vec![], false).await;
        let client = client(base, 2, 60);
        let started = tokio::time::Instant::now();
        let failure =
            Request::new(client.clone(), None, Method::GET, "/slow".to_owned()).send().await.expect_err("too slow");
        let error: Error<()> = failure.into();
        let Error::Transport(error) = &error else { panic!("expected a transport error, got {error:?}") };
        assert!(error.is_timeout());
        assert_eq!(error.to_string(), "timed out: no response within 2s");
        assert_eq!(started.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_read_whole_is_bounded_by_the_whole_request_timeout() {
        let chunks = (0..10).map(|_| (Duration::from_secs(1), "x")).collect();
        let base = slow_server(Duration::ZERO, chunks, false).await;
        let client = client(base, 3, 60);
        let received =
            Request::new(client.clone(), None, Method::GET, "/slow".to_owned()).send().await.expect("a head");
        let failure = received.read().await.expect_err("the body takes 10 s");
        let Error::<()>::Transport(error) = failure.into() else { panic!("a transport error") };
        assert!(error.is_timeout(), "{error}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_refused_connection_is_retried_and_the_error_names_the_attempts() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("an address").port();
        drop(listener);
        let client = Client::with_base_url(format!("http://127.0.0.1:{port}"));
        let failure =
            Request::new(client.clone(), None, Method::POST, "/r".to_owned()).send().await.expect_err("refused");
        let error: Error<()> = failure.into();
        assert!(error.is_retryable() && error.attempts() == 3, "{error}");
        assert!(error.to_string().ends_with("(after 3 attempts)"), "{error}");
    }
}
