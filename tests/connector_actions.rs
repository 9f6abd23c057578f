//! Behaviour of the generated social client against an in-process mock server (wiremock):
//! the exact requests it sends and how it decodes every documented and undocumented response.

use recoup::Client;
use recoup::social::requests::ExecuteConnectorAction;
use recoup::social::runtime::Error;
use recoup::social::{ExecuteConnectorActionError, GetApifyRunsByRunIdError, GetApifyRunsByRunIdResponse};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn action_request(client: &Client) -> ExecuteConnectorAction {
    let parameters = json!({"spreadsheet_id": "abc", "values": [[1, "two"]]});
    client.social().execute_connector_action("GOOGLESHEETS_WRITE_SPREADSHEET", parameters)
}

fn error_body(code: u16) -> serde_json::Value {
    json!({"error": code, "message": format!("failed with {code}")})
}

#[tokio::test]
async fn execute_connector_action_sends_the_exact_request_with_an_api_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/connectors/actions"))
        .and(header("x-api-key", "key-123"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "actionSlug": "GOOGLESHEETS_WRITE_SPREADSHEET",
            "parameters": {"spreadsheet_id": "abc", "values": [[1, "two"]]}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "result": {"updatedRange": "A1:B1", "nested": {"n": 1}},
            "executedAt": "2026-11-29T10:00:00+01:00",
            "unlisted": "a future field"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::with_base_url(server.uri()).with_api_key("key-123");
    let response = action_request(&client).await.expect("documented 200");

    assert!(response.success);
    assert_eq!(response.result.get("updatedRange"), Some(&json!("A1:B1")));
    assert_eq!(response.result.get("nested"), Some(&json!({"n": 1})));
    assert_eq!(response.executed_at.map(|t| t.to_rfc3339()).as_deref(), Some("2026-11-29T10:00:00+01:00"));
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 1);
    assert!(received[0].headers.get("authorization").is_none(), "only the configured scheme is sent");
    assert_eq!(received[0].url.query(), None);
}

#[tokio::test]
async fn bearer_token_is_sent_as_authorization_header() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/connectors/actions"))
        .and(header("authorization", "Bearer tok-456"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "result": {}})))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::with_base_url(server.uri()).with_bearer_token("tok-456");
    let response = action_request(&client).send().await.expect("documented 200");
    assert!(response.success);
    assert_eq!(response.executed_at, None);
    let received = server.received_requests().await.unwrap_or_default();
    assert!(received[0].headers.get("x-api-key").is_none());
}

#[tokio::test]
async fn optional_account_id_is_sent_only_when_set() {
    let server = MockServer::start().await;
    let account = uuid::Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0);
    Mock::given(method("POST"))
        .and(body_json(json!({
            "actionSlug": "GOOGLESHEETS_WRITE_SPREADSHEET",
            "parameters": {"spreadsheet_id": "abc", "values": [[1, "two"]]},
            "account_id": "12345678-9abc-def0-1234-56789abcdef0"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "result": {}})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::with_base_url(server.uri());
    action_request(&client).account_id(account).await.expect("documented 200");
}

#[tokio::test]
async fn each_documented_error_status_decodes_into_its_own_variant() {
    let server = MockServer::start().await;
    let client = Client::with_base_url(server.uri()).with_api_key("key");
    for code in [400u16, 401, 403, 404, 409, 502] {
        server.reset().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(code).set_body_json(error_body(code)))
            .mount(&server)
            .await;
        let error = action_request(&client).await.expect_err("an error status");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(code));
        let Error::Api { error: api, .. } = error else {
            panic!("{code}: expected a documented API error, got {error:?}")
        };
        let body = match (code, api) {
            (400, ExecuteConnectorActionError::BadRequest(body))
            | (401, ExecuteConnectorActionError::Unauthorized(body))
            | (403, ExecuteConnectorActionError::Forbidden(body))
            | (404, ExecuteConnectorActionError::NotFound(body))
            | (409, ExecuteConnectorActionError::Conflict(body))
            | (502, ExecuteConnectorActionError::BadGateway(body)) => body,
            (code, other) => panic!("{code} decoded into the wrong variant: {other:?}"),
        };
        assert_eq!(i64::from(body.error), i64::from(code));
        assert_eq!(body.message, format!("failed with {code}"));
    }
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(418).insert_header("x-teapot", "yes").set_body_string("short and stout"))
        .mount(&server)
        .await;
    let client = Client::with_base_url(server.uri());
    let error = action_request(&client).await.expect_err("418 is not documented");
    match error {
        Error::Api { error: ExecuteConnectorActionError::UnknownStatus(response), .. } => {
            assert_eq!(response.status.as_u16(), 418);
            assert_eq!(response.headers.get("x-teapot").and_then(|v| v.to_str().ok()), Some("yes"));
            assert_eq!(&response.body[..], b"short and stout");
        }
        other => panic!("expected UnknownStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn a_malformed_body_keeps_status_and_raw_body() {
    let server = MockServer::start().await;
    let client = Client::with_base_url(server.uri());
    for (code, body) in [(200u16, r#"{"success": "yes"}"#), (404, "<html>not json</html>")] {
        server.reset().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(code).set_body_string(body))
            .mount(&server)
            .await;
        let error = action_request(&client).await.expect_err("the body does not match the spec");
        match error {
            Error::Decode { response, source } => {
                assert_eq!(response.status.as_u16(), code);
                assert_eq!(&response.body[..], body.as_bytes());
                assert!(!source.to_string().is_empty());
            }
            other => panic!("expected Decode, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn one_of_picks_the_variant_that_keeps_the_whole_payload() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/apify/runs/run-running"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "RUNNING", "dataset_id": "ds1"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/apify/runs/run-done"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "SUCCEEDED", "dataset_id": "ds1", "data": [{"id": "1", "likes": 3}, {"type": "tweet"}]
        })))
        .mount(&server)
        .await;
    let client = Client::with_base_url(server.uri());

    match client.social().get_apify_runs_by_run_id("run-running").await.expect("documented 200") {
        GetApifyRunsByRunIdResponse::InProgress(run) => {
            assert_eq!(run.status, "RUNNING");
            assert_eq!(run.dataset_id.as_deref(), Some("ds1"));
        }
        other => panic!("a RUNNING payload must be in progress, got {other:?}"),
    }
    match client.social().get_apify_runs_by_run_id("run-done").await.expect("documented 200") {
        GetApifyRunsByRunIdResponse::Completed(run) => {
            assert_eq!(run.status, "SUCCEEDED");
            assert_eq!(run.data.len(), 2);
            assert_eq!(run.data[0].get("likes"), Some(&json!(3)));
            assert_eq!(run.data[1].get("type"), Some(&json!("tweet")));
        }
        other => panic!("a SUCCEEDED payload with data must be completed, got {other:?}"),
    }
}

#[tokio::test]
async fn one_of_documented_error_bodies_decode() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"status": "error", "message": "apify down"})))
        .mount(&server)
        .await;
    let client = Client::with_base_url(server.uri());
    match client.social().get_apify_runs_by_run_id("x").await {
        Err(Error::Api { error: GetApifyRunsByRunIdError::InternalServerError(body), .. }) => {
            assert_eq!(body.status.as_str(), "error");
            assert_eq!(body.message, "apify down");
        }
        other => panic!("expected the documented 500, got {other:?}"),
    }
}

#[tokio::test]
async fn a_null_artist_decodes_and_a_present_one_too() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/spotify/artist/"))
        .and(wiremock::matchers::query_param("id", "missing"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"artist": null, "error": {"status": 404}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/spotify/artist/"))
        .and(wiremock::matchers::query_param("id", "0TnOYISbd1XYRBk9myaseg"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "artist": {"id": "0TnOYISbd1XYRBk9myaseg", "name": "Pitbull", "type": "artist", "genres": ["pop"]},
            "error": null
        })))
        .mount(&server)
        .await;
    let client = Client::with_base_url(server.uri());
    let missing = client.social().get_spotify_artist("missing").await.expect("documented 200");
    assert_eq!(missing.artist, None);
    assert_eq!(missing.error.and_then(|e| e.get("status").cloned()), Some(json!(404)));
    let found = client.social().get_spotify_artist("0TnOYISbd1XYRBk9myaseg").await.expect("documented 200");
    let artist = found.artist.expect("artist present");
    assert_eq!(artist.name.as_deref(), Some("Pitbull"));
    assert_eq!(found.error, None);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded_and_cannot_change_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/apify/runs/..%2F..%2Fadmin%3Fx%3D1%23f"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "READY", "dataset_id": null})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::with_base_url(server.uri());
    let run = client.social().get_apify_runs_by_run_id("../../admin?x=1#f").await.expect("sent as one segment");
    assert!(matches!(run, GetApifyRunsByRunIdResponse::InProgress(_)));

    for dot_segment in ["..", ".", ""] {
        match client.social().get_apify_runs_by_run_id(dot_segment).await {
            Err(Error::InvalidRequest(message)) => assert!(message.contains("path parameter"), "{message}"),
            other => panic!("{dot_segment:?} must be refused, got {other:?}"),
        }
    }
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 1, "refused requests are never sent");
}

#[tokio::test]
async fn query_parameters_required_and_optional() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/spotify/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = Client::with_base_url(server.uri());
    client.social().get_spotify_search("daft punk & co", "artist").limit(5).await.expect("documented 200");
    client.social().get_spotify_search("x", "album").await.expect("documented 200");
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(received[0].url.query(), Some("q=daft%20punk%20%26%20co&type=artist&limit=5"));
    assert_eq!(received[1].url.query(), Some("q=x&type=album"), "unset optional parameters are not sent");
}

#[tokio::test]
async fn a_credential_with_a_line_break_is_refused() {
    let server = MockServer::start().await;
    let client = Client::with_base_url(server.uri()).with_api_key("key\r\nx-admin: yes");
    match action_request(&client).await {
        Err(Error::InvalidRequest(message)) => assert!(message.contains("x-api-key"), "{message}"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn secrets_never_appear_in_debug_output() {
    let client = Client::new().with_api_key("very-secret-key").with_bearer_token("very-secret-token");
    let shown = format!("{client:?}");
    assert!(!shown.contains("very-secret"), "{shown}");
    // Where credentials go is shown; no base URL was set, so the spec's servers apply.
    assert!(shown.contains("x-api-key") && shown.contains("Bearer") && shown.contains("base_url: None"), "{shown}");
}

#[tokio::test]
async fn timeouts_and_custom_http_clients_apply() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})).set_delay(std::time::Duration::from_secs(5)))
        .mount(&server)
        .await;
    let http = reqwest::Client::builder().user_agent("recoup-tests/1").build().expect("a plain client builds");
    let client = Client::with_base_url(server.uri())
        .with_http_client(http)
        .with_timeout(Some(std::time::Duration::from_millis(200)))
        .with_retry(recoup::social::runtime::RetryPolicy::none());
    match client.social().get_spotify_search("q", "artist").await {
        Err(Error::Transport(error)) => {
            assert!(error.is_timeout(), "{error}");
            assert_eq!(error.to_string(), "timed out: no response within 200ms");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(received[0].headers.get("user-agent").and_then(|v| v.to_str().ok()), Some("recoup-tests/1"));
}

#[tokio::test]
async fn a_free_form_member_takes_any_object_and_refuses_anything_else_unsent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_json(json!({"actionSlug": "A", "parameters": {"sheet": "1AbC"}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "result": {}})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::with_base_url(server.uri());
    let mut map = std::collections::BTreeMap::new();
    map.insert("sheet", "1AbC");
    client.social().execute_connector_action("A", &map).await.expect("a map is an object");
    for (value, kind) in [(json!([1, 2]), "an array"), (json!("text"), "a string"), (json!(null), "null")] {
        match client.social().execute_connector_action("A", value).await {
            Err(Error::InvalidRequest(message)) => {
                assert_eq!(message, format!("`parameters` must be a JSON object, not {kind}"))
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    // Replacing the options later keeps the refusal.
    let call = client.social().execute_connector_action("A", 3).with_options(Default::default());
    assert!(matches!(call.await, Err(Error::InvalidRequest(_))));
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 1, "only the object was sent");
}
