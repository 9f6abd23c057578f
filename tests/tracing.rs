//! With the `tracing` feature a call is one span and each attempt an event, naming the operation,
//! its method and path template, the status, the attempt and its duration, and never a secret, a
//! query value or the filled path.

use std::io::Write;
use std::sync::{Arc, Mutex};

use recoup::Client;
use recoup::social::runtime::RetryPolicy;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Everything the subscriber writes, as text.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_call_is_a_span_with_an_event_per_attempt_and_no_secret() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(503).insert_header("retry-after-ms", "0");
    Mock::given(method("GET")).respond_with(busy).up_to_n_times(1).mount(&server).await;
    let found = json!({"artists": {"items": [], "total": 0, "limit": 5, "offset": 0, "href": "h", "next": null, "previous": null}});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(found)).mount(&server).await;

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        // The runtime records at INFO (answers) and WARN (failures); hyper's own events are lower.
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let client = Client::with_base_url(server.uri())
        .with_api_key("key-that-must-not-show")
        .with_retry(RetryPolicy::new().with_jitter(false));
    let _ = client.social().get_spotify_search("query-that-must-not-show", "artist").limit(5).await;
    let _ = client.social().get_apify_runs_by_run_id("run-that-must-not-show").await;

    let text = String::from_utf8_lossy(&captured.0.lock().expect("not poisoned")).into_owned();
    let attempts: Vec<&str> = text.lines().filter(|line| line.contains("attempt answered")).collect();
    assert_eq!(attempts.len(), 3, "{text}");
    assert!(attempts[2].contains("url.template=\"/api/apify/runs/{runId}\""), "{}", attempts[2]);
    for (line, (number, status)) in attempts[..2].iter().zip([(1, 503), (2, 200)]) {
        assert!(line.contains("http.client{otel.name=GET /api/spotify/search"), "{line}");
        assert!(
            line.contains(
                "operation=\"get_spotify_search\" http.request.method=\"GET\" url.template=\"/api/spotify/search\""
            ),
            "{line}"
        );
        assert!(line.contains(&format!("attempt={number} http.response.status_code={status} duration_ms=")), "{line}");
    }
    let secrets =
        ["key-that-must-not-show", "query-that-must-not-show", "run-that-must-not-show", "limit=5", "127.0.0.1"];
    for secret in secrets {
        assert!(!text.contains(secret), "`{secret}` was recorded:\n{text}");
    }
}
