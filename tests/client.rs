//! One configured `recoup::Client` reaches every module: base URL, credentials and timeout are
//! set once, credentials apply whatever a spec calls its scheme (`apiKeyAuth`, `ApiKeyAuth`), and
//! without a base URL an operation goes to its spec's server (or says there is none).

use std::time::Duration;

use recoup::runtime::Error;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn one_client_configures_every_module() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/connectors"))
        .and(header("x-api-key", "one-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"success": true, "connectors": []})))
        .expect(1)
        .mount(&server)
        .await;
    // sandbox.json names its header scheme `ApiKeyAuth`, social.json `apiKeyAuth`: one key serves both.
    Mock::given(method("GET"))
        .and(path("/api/sandbox/reconnect"))
        .and(query_param("sessionId", "s-1"))
        .and(header("x-api-key", "one-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"status": "ready"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/tasks"))
        .and(header("x-api-key", "one-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"status": "success", "tasks": []})))
        .expect(1)
        .mount(&server)
        .await;

    let recoup =
        recoup::Client::with_base_url(server.uri()).with_api_key("one-key").with_timeout(Some(Duration::from_secs(5)));
    let connectors = recoup.social().get_connectors().await;
    assert!(connectors.is_ok(), "{connectors:?}");
    let reconnect = recoup.sandbox().get_sandbox_reconnect("s-1").await;
    assert!(!matches!(reconnect, Err(Error::InvalidRequest(_) | Error::Transport(_))), "{reconnect:?}");
    let tasks = recoup.tasks().get().await;
    assert!(tasks.is_ok(), "{tasks:?}");

    // Each module's client shares the settings, not a copy made before they were set.
    let social = recoup.social();
    assert_eq!(social.runtime().base_url(), Some(server.uri().as_str()));
    assert_eq!(social.runtime().timeout(), Some(Duration::from_secs(5)));
    // `expect(1)` on each mock is verified when `server` drops.
}

#[tokio::test]
async fn a_bearer_token_goes_only_where_the_spec_allows_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/connectors"))
        .and(header("authorization", "Bearer the-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"success": true, "connectors": []})))
        .expect(1)
        .mount(&server)
        .await;
    let recoup = recoup::Client::with_base_url(server.uri()).with_bearer_token("the-token");
    let connectors = recoup.social().get_connectors().await;
    assert!(connectors.is_ok(), "{connectors:?}");
    // tasks.json accepts only the API key, so its request goes out without the token.
    let _ = recoup.tasks().get().await;
    let requests = server.received_requests().await.unwrap_or_default();
    let tasks = requests.iter().find(|r| r.url.path() == "/api/tasks").expect("the tasks request was sent");
    assert!(!tasks.headers.contains_key("authorization"), "{:?}", tasks.headers);
}

#[tokio::test]
async fn without_a_base_url_a_spec_without_servers_is_refused_before_sending() {
    // upload.json lists no server, so only a base URL could say where to send.
    let body = recoup::upload::PostApiUploadBody::new(recoup::runtime::FilePart::from_bytes(&b"x"[..]));
    match recoup::Client::new().upload().post_api_upload(body).await {
        Err(Error::InvalidRequest(message)) => assert!(message.contains("no base URL"), "{message}"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[test]
fn operations_with_their_own_server_use_it_unless_a_base_url_is_set() {
    // artists.json sends `GET /api/fans` and four more to api.recoupable.com, not its first server.
    let code = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/artists.rs"))
        .expect("artists.rs");
    assert_eq!(recoup::artists::Client::DEFAULT_BASE_URL, "https://recoup-api.vercel.app");
    assert_eq!(code.matches("Some(\"https://api.recoupable.com\")").count(), 5, "the five operation-level servers");
    assert_eq!(
        code.matches("Sent to `https://api.recoupable.com`, this operation's server").count(),
        5,
        "and documented"
    );
}
