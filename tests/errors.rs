//! What an error says and keeps: one bounded `Display` line, the status and headers of documented
//! errors, the whole response of undocumented ones; the per-operation enums are `std::error::Error`.

use recoup::Client;
use recoup::social::ExecuteConnectorActionError;
use recoup::social::requests::ExecuteConnectorAction;
use recoup::social::runtime::Error;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn action_request(client: &Client) -> ExecuteConnectorAction {
    client.social().execute_connector_action("A", serde_json::Map::new())
}

#[tokio::test]
async fn a_documented_error_keeps_status_and_headers_beside_its_typed_body() {
    let server = MockServer::start().await;
    let body = json!({"error": 409, "message": "connect Google Sheets first"});
    let template = ResponseTemplate::new(409)
        .insert_header("x-request-id", "req-7")
        .insert_header("retry-after", "30")
        .set_body_json(body);
    Mock::given(method("POST")).respond_with(template).mount(&server).await;
    let client = Client::with_base_url(server.uri());
    let error = action_request(&client).await.expect_err("409");
    assert_eq!(error.to_string(), "the API answered 409 Conflict: connect Google Sheets first");
    assert_eq!(error.request_id(), Some("req-7"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(409));
    assert!(!error.is_retryable() && !error.is_timeout());
    let Error::Api { error: ExecuteConnectorActionError::Conflict(body), response } = &error else {
        panic!("expected Conflict, got {error:?}")
    };
    assert_eq!(body.message, "connect Google Sheets first");
    assert_eq!(response.headers.get("retry-after").and_then(|v| v.to_str().ok()), Some("30"));
    assert_eq!(response.attempts, 1);
    let typed = error.api().expect("a documented error");
    assert_eq!(typed.to_string(), "409 Conflict (Conflict)");
    let source: &dyn std::error::Error = typed;
    assert!(source.source().is_none());
    let boxed: Box<dyn std::error::Error> = Box::new(error);
    assert!(boxed.to_string().starts_with("the API answered 409"));
}

#[tokio::test]
async fn a_64_kib_error_body_displays_as_one_short_line_without_header_values() {
    let server = MockServer::start().await;
    let html = format!("<html><body>{}</body></html>", "Service Unavailable. ".repeat(3200));
    assert!(html.len() >= 64 * 1024);
    let template = ResponseTemplate::new(503)
        .insert_header("set-cookie", "session=s3cr3t-cookie; HttpOnly")
        .insert_header("content-type", "text/html")
        .set_body_string(html.clone());
    Mock::given(method("POST")).respond_with(template).mount(&server).await;
    let client = Client::with_base_url(server.uri());
    let error = action_request(&client).await.expect_err("503");
    let text = error.to_string();
    println!("Display of a {} byte 503 body: {} bytes: {text}", html.len(), text.len());
    assert!(text.len() < 300, "{} bytes: {text}", text.len());
    assert!(!text.contains("s3cr3t") && !text.contains("Service Unavailable. Service"), "{text}");
    assert!(error.is_retryable());
    match error {
        Error::Api { error: ExecuteConnectorActionError::UnknownStatus(response), .. } => {
            assert_eq!(response.body.len(), html.len());
            assert!(response.headers.contains_key("set-cookie"));
        }
        other => panic!("expected UnknownStatus, got {other:?}"),
    }
}

// The paused clock makes the two retries' waits instant.
#[tokio::test(start_paused = true)]
async fn a_refused_connection_says_so_without_the_url_after_its_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("an address").port();
    drop(listener);
    let client = Client::with_base_url(format!("http://127.0.0.1:{port}"));
    let error = action_request(&client).await.expect_err("nothing listens");
    let text = error.to_string();
    assert!(text.starts_with("the request failed: connection failed: "), "{text}");
    assert!(text.ends_with(" (after 3 attempts)"), "{text}");
    assert!(text.to_lowercase().contains("refused") && !text.contains("127.0.0.1"), "{text}");
    assert!(error.is_retryable() && !error.is_timeout());
}

// Against wiremock (its own runtime, real time): waits are `retry-after-ms: 0`, so none is slow.
#[tokio::test]
async fn a_post_is_retried_on_429_and_not_on_500() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429).insert_header("retry-after-ms", "0").set_body_json(json!({"error": 429}));
    Mock::given(method("POST")).respond_with(limited).up_to_n_times(1).mount(&server).await;
    let done = json!({"success": true, "result": {}, "executedAt": "2026-11-29T10:00:00Z"});
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(done)).mount(&server).await;
    let client = Client::with_base_url(server.uri());
    action_request(&client).await.expect("the 429 was retried");
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 2);

    let server = MockServer::start().await;
    let failed = ResponseTemplate::new(500).insert_header("retry-after-ms", "0").set_body_json(json!({"error": 500}));
    Mock::given(method("POST")).respond_with(failed).mount(&server).await;
    let client = Client::with_base_url(server.uri());
    let error = action_request(&client).await.expect_err("500");
    assert_eq!((error.attempts(), server.received_requests().await.unwrap_or_default().len()), (1, 1));
}
