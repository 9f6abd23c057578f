//! Per-request settings and hooks through a generated client: the request's timeout and headers
//! win over the client's, and a hook sees every attempt with the operation's identity.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use recoup::social::Client;
use recoup::social::runtime::{Attempt, AttemptOutcome, Error, Hook, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_requests_timeout_and_headers_override_the_clients() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200).set_body_json(json!({})).set_delay(Duration::from_millis(300));
    Mock::given(method("GET")).and(header("x-mode", "mine")).respond_with(slow).mount(&server).await;
    let http = reqwest::Client::builder()
        .default_headers(
            [(reqwest::header::HeaderName::from_static("x-mode"), "client".parse().expect("a value"))]
                .into_iter()
                .collect(),
        )
        .build()
        .expect("a client");
    let client = Client::with_base_url(server.uri()).with_http_client(http).with_timeout(Some(Duration::from_secs(30)));
    let result = client
        .get_spotify_search("q", "artist")
        .with_header("x-mode", "mine")
        .with_timeout(Some(Duration::from_millis(50)))
        .with_retry(RetryPolicy::none())
        .await;
    match result {
        Err(Error::Transport(error)) => assert_eq!(error.to_string(), "timed out: no response within 50ms"),
        other => panic!("expected the request's own timeout, got {other:?}"),
    }
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 1);
    let modes: Vec<_> = received[0].headers.get_all("x-mode").iter().filter_map(|v| v.to_str().ok()).collect();
    assert_eq!(modes, ["mine"]);
    let refused = client.get_spotify_search("q", "artist").with_header("x-bad", "a\nb").await;
    assert!(matches!(refused, Err(Error::InvalidRequest(_))), "{refused:?}");
}

#[derive(Default)]
struct Seen(Mutex<Vec<String>>);

impl Hook for Seen {
    fn before_attempt(&self, _attempt: &Attempt, request: &mut reqwest::Request) {
        request.headers_mut().insert("x-signed", "yes".parse().expect("a value"));
    }

    fn after_attempt(&self, attempt: &Attempt, outcome: AttemptOutcome<'_>, _latency: Duration) {
        let status = match outcome {
            AttemptOutcome::Response { status, .. } => status.as_u16(),
            AttemptOutcome::Failed(_) => 0,
            _ => 1,
        };
        let line = format!("{} ({}) #{} {status}", attempt.operation.name, attempt.operation, attempt.number);
        self.0.lock().expect("not poisoned").push(line);
    }
}

#[tokio::test]
async fn a_hook_sees_every_attempt_with_the_operation() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(503).insert_header("retry-after-ms", "0");
    Mock::given(method("GET")).respond_with(busy).up_to_n_times(1).mount(&server).await;
    let ok = ResponseTemplate::new(200).set_body_json(json!({}));
    Mock::given(method("GET")).and(header("x-signed", "yes")).respond_with(ok).mount(&server).await;
    let seen = Arc::new(Seen::default());
    let client = Client::with_base_url(server.uri()).with_hook(seen.clone());
    let _ = client.get_spotify_search("q", "artist").await;
    let lines = seen.0.lock().expect("not poisoned").clone();
    assert_eq!(
        lines,
        ["get_spotify_search (GET /api/spotify/search) #1 503", "get_spotify_search (GET /api/spotify/search) #2 200"]
    );
}
