//! Behaviour of `recoup::connectors` against an in-process mock server (wiremock): which requests
//! the catalog, validation, connection check and file staging send (or hold back), in what order,
//! and how each failure is reported.

use std::sync::Arc;

use recoup::Client;
use recoup::connectors::{Connectors, Error, Violation};
use recoup::social::runtime;
use recoup::social::{ExecuteConnectorActionError, GetConnectorsActionsError, PostConnectorsFilesError};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{body_json, body_partial_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "test-key";
const ACTIONS: &str = "/api/connectors/actions";
const FILES: &str = "/api/connectors/files";

fn sheets_action(is_connected: bool) -> Value {
    json!({
        "slug": "GOOGLESHEETS_WRITE_SPREADSHEET",
        "name": "Write spreadsheet",
        "description": "Writes values into a spreadsheet",
        "connectorSlug": "googlesheets",
        "isConnected": is_connected,
        "parameters": {
            "type": "object",
            "properties": {
                "spreadsheet_id": {"type": "string", "minLength": 1},
                "values": {"type": "array", "items": {"type": "array"}},
                "sheet": {"type": "string"}
            },
            "required": ["spreadsheet_id", "values"],
            "additionalProperties": false
        }
    })
}

fn tiktok_action(is_connected: bool) -> Value {
    json!({
        "slug": "TIKTOK_POST_VIDEO",
        "name": "Post video",
        "description": "Posts a video",
        "connectorSlug": "tiktok",
        "isConnected": is_connected,
        "parameters": {"type": "object", "properties": {"caption": {"type": "string"}}, "required": ["caption"]}
    })
}

fn linkedin_action() -> Value {
    json!({
        "slug": "LINKEDIN_CREATE_LINKED_IN_POST",
        "name": "Create post",
        "description": "Creates a LinkedIn post with images",
        "connectorSlug": "linkedin",
        "isConnected": true,
        "parameters": {
            "type": "object",
            "properties": {
                "commentary": {"type": "string"},
                "visibility": {"enum": ["PUBLIC", "CONNECTIONS"]},
                "images": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "file_uploadable": true,
                        "properties": {"name": {"type": "string"}, "mimetype": {"type": "string"}, "s3key": {"type": "string"}},
                        "required": ["name", "mimetype", "s3key"]
                    }
                }
            },
            "required": ["commentary", "images"]
        }
    })
}

fn catalog(actions: Vec<Value>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"success": true, "actions": actions}))
}

fn standard_catalog() -> ResponseTemplate {
    catalog(vec![sheets_action(true), tiktok_action(false), linkedin_action()])
}

fn executed(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"success": true, "result": result, "executedAt": "2026-11-29T10:00:00Z"}))
}

fn error_body(code: u16) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_json(json!({"error": code, "message": format!("failed with {code}")}))
}

fn sheet_parameters() -> Value {
    json!({"spreadsheet_id": "1AbC", "values": [["Artist", "Streams"], ["Demo", 1200]]})
}

fn connectors(server: &MockServer) -> Connectors {
    Connectors::new(&Client::with_base_url(server.uri()).with_api_key(KEY))
}

/// Every request the server received, as `METHOD /path`, in order.
async fn received(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|request| format!("{} {}", request.method, request.url.path()))
        .collect()
}

async fn mount_standard_catalog(server: &MockServer) {
    Mock::given(method("GET")).and(path(ACTIONS)).respond_with(standard_catalog()).mount(server).await;
}

#[tokio::test]
async fn the_catalog_is_fetched_once_for_several_executions() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ACTIONS))
        .and(header("x-api-key", KEY))
        .and(query_param_is_missing("account_id"))
        .respond_with(standard_catalog())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST")).and(path(ACTIONS)).respond_with(executed(json!({}))).expect(4).mount(&server).await;
    let connectors = connectors(&server);

    for _ in 0..2 {
        connectors.execute("GOOGLESHEETS_WRITE_SPREADSHEET", sheet_parameters()).await.expect("valid and connected");
    }
    // Clones share the cache, including from other tasks.
    let tasks: Vec<_> = (0..2)
        .map(|_| {
            let connectors = connectors.clone();
            tokio::spawn(async move {
                connectors.execute("GOOGLESHEETS_WRITE_SPREADSHEET", sheet_parameters()).await.map(|done| done.success)
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.expect("the task completes").expect("valid and connected"));
    }
    let first = connectors.catalog(None).await.expect("cached");
    let second = connectors.catalog(None).await.expect("cached");
    assert!(Arc::ptr_eq(&first, &second), "the same cached catalog is served");
    assert_eq!(first.len(), 3);
    assert_eq!(received(&server).await.iter().filter(|r| *r == "GET /api/connectors/actions").count(), 1);
}

#[tokio::test]
async fn concurrent_first_calls_share_one_fetch() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ACTIONS))
        .respond_with(standard_catalog().set_delay(std::time::Duration::from_millis(300)))
        .expect(1)
        .mount(&server)
        .await;
    let connectors = connectors(&server);
    let (a, b, c) =
        tokio::join!(connectors.catalog(None), connectors.catalog(None), connectors.action("TIKTOK_POST_VIDEO"));
    let (a, b, c) = (a.expect("fetched"), b.expect("fetched"), c.expect("listed"));
    assert!(Arc::ptr_eq(&a, &b));
    assert_eq!(c.connector_slug(), "tiktok");
    assert!(!c.is_connected());
}

#[tokio::test]
async fn refresh_fetches_again_and_replaces_the_cached_catalog() {
    let server = MockServer::start().await;
    // The first listing has TikTok disconnected, every later one connected.
    Mock::given(method("GET"))
        .and(path(ACTIONS))
        .respond_with(catalog(vec![tiktok_action(false)]))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path(ACTIONS)).respond_with(catalog(vec![tiktok_action(true)])).mount(&server).await;
    Mock::given(method("POST"))
        .and(path(ACTIONS))
        .respond_with(executed(json!({"id": "v1"})))
        .expect(1)
        .mount(&server)
        .await;
    let connectors = connectors(&server);

    let refused = connectors.execute("TIKTOK_POST_VIDEO", json!({"caption": "hi"})).await;
    assert!(matches!(refused, Err(Error::NotConnected { .. })), "{refused:?}");
    let again = connectors.execute("TIKTOK_POST_VIDEO", json!({"caption": "hi"})).await;
    assert!(matches!(again, Err(Error::NotConnected { .. })), "still cached without a refresh: {again:?}");

    let refreshed = connectors.refresh(None).await.expect("fetched again");
    assert!(refreshed.action("TIKTOK_POST_VIDEO").expect("listed").is_connected());
    let done = connectors.execute("TIKTOK_POST_VIDEO", json!({"caption": "hi"})).await.expect("connected now");
    assert_eq!(done.result.get("id"), Some(&json!("v1")));
    assert_eq!(
        received(&server).await,
        ["GET /api/connectors/actions", "GET /api/connectors/actions", "POST /api/connectors/actions"]
    );
}

#[tokio::test]
async fn each_account_has_its_own_catalog_and_the_account_is_sent() {
    let server = MockServer::start().await;
    let artist = Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
    Mock::given(method("GET"))
        .and(path(ACTIONS))
        .and(query_param("account_id", artist.to_string()))
        .respond_with(catalog(vec![tiktok_action(true)]))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ACTIONS))
        .and(query_param_is_missing("account_id"))
        .respond_with(catalog(vec![tiktok_action(false)]))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(ACTIONS))
        .and(body_json(json!({
            "actionSlug": "TIKTOK_POST_VIDEO",
            "parameters": {"caption": "for the artist"},
            "account_id": "01234567-89ab-cdef-0123-456789abcdef"
        })))
        .respond_with(executed(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let connectors = connectors(&server);

    let own = connectors.execute("TIKTOK_POST_VIDEO", json!({"caption": "mine"})).await;
    assert!(matches!(own, Err(Error::NotConnected { .. })), "own account: not connected, {own:?}");
    connectors
        .execute("TIKTOK_POST_VIDEO", json!({"caption": "for the artist"}))
        .account_id(artist)
        .await
        .expect("connected for the artist");
    assert_eq!(connectors.catalog(artist).await.expect("cached").account_id(), Some(artist));
    assert_eq!(connectors.catalog(None).await.expect("cached").account_id(), None);
}

#[tokio::test]
async fn invalid_parameters_send_no_request_and_list_every_violation() {
    let server = MockServer::start().await;
    mount_standard_catalog(&server).await;
    let connectors = connectors(&server);

    let parameters = json!({"values": "not rows", "sheet": 3, "extra": true});
    let error =
        connectors.execute("GOOGLESHEETS_WRITE_SPREADSHEET", parameters).await.expect_err("three fields are wrong");
    let Error::InvalidParameters { action, violations } = &error else {
        panic!("expected InvalidParameters, got {error:?}")
    };
    assert_eq!(action, "GOOGLESHEETS_WRITE_SPREADSHEET");
    let mut found: Vec<(&str, &str)> =
        violations.iter().map(|v| (v.pointer.as_str(), v.schema_pointer.as_str())).collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("", "/additionalProperties"),
            ("", "/required"),
            ("/sheet", "/properties/sheet/type"),
            ("/values", "/properties/values/type")
        ]
    );
    let message = |pointer: &str, keyword: &str| -> &Violation {
        violations.iter().find(|v| v.pointer == pointer && v.schema_pointer.ends_with(keyword)).expect("listed")
    };
    assert!(message("", "/required").message.contains("spreadsheet_id"), "{violations:?}");
    assert!(message("", "/additionalProperties").message.contains("extra"), "{violations:?}");
    assert!(message("/values", "/type").message.contains("array"), "{violations:?}");
    let shown = error.to_string();
    for part in ["GOOGLESHEETS_WRITE_SPREADSHEET", "at (root):", "at /sheet:", "at /values:", "spreadsheet_id", "extra"]
    {
        assert!(shown.contains(part), "{part:?} missing from {shown}");
    }

    // Parameters that are not an object at all are refused the same way.
    let error = connectors.execute("GOOGLESHEETS_WRITE_SPREADSHEET", json!([1, 2])).await.expect_err("not an object");
    match error {
        Error::InvalidParameters { violations, .. } => {
            assert!(violations.iter().any(|v| v.pointer.is_empty() && v.message.contains("object")), "{violations:?}")
        }
        other => panic!("expected InvalidParameters, got {other:?}"),
    }
    assert_eq!(received(&server).await, ["GET /api/connectors/actions"], "only the catalog was fetched");
}

#[tokio::test]
async fn a_schema_that_allows_any_value_still_requires_an_object() {
    let server = MockServer::start().await;
    let mut open = tiktok_action(true);
    open["parameters"] = json!({});
    Mock::given(method("GET")).and(path(ACTIONS)).respond_with(catalog(vec![open])).mount(&server).await;
    let connectors = connectors(&server);
    let action = connectors.action("TIKTOK_POST_VIDEO").await.expect("listed");
    assert!(action.validate(&json!({"anything": [1]})).is_ok());
    match action.validate(&json!("a string")) {
        Err(Error::InvalidParameters { violations, .. }) => {
            assert_eq!(violations.len(), 1, "{violations:?}");
            assert_eq!(violations[0].pointer, "");
            assert_eq!(violations[0].message, "parameters must be a JSON object, not a string");
        }
        other => panic!("expected InvalidParameters, got {other:?}"),
    }
}

#[tokio::test]
async fn valid_parameters_send_exactly_the_expected_request() {
    let server = MockServer::start().await;
    mount_standard_catalog(&server).await;
    Mock::given(method("POST"))
        .and(path(ACTIONS))
        .and(header("x-api-key", KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "actionSlug": "GOOGLESHEETS_WRITE_SPREADSHEET",
            "parameters": {"spreadsheet_id": "1AbC", "values": [["Artist", "Streams"], ["Demo", 1200]]}
        })))
        .respond_with(executed(json!({"updatedRange": "Sheet1!A1:B2", "updatedCells": 4})))
        .expect(1)
        .mount(&server)
        .await;
    let connectors = connectors(&server);

    let done = connectors.execute("GOOGLESHEETS_WRITE_SPREADSHEET", sheet_parameters()).await.expect("documented 200");
    assert!(done.success);
    assert_eq!(done.result.get("updatedRange"), Some(&json!("Sheet1!A1:B2")));
    assert_eq!(done.result.get("updatedCells"), Some(&json!(4)));
    assert_eq!(done.executed_at.map(|t| t.to_rfc3339()).as_deref(), Some("2026-11-29T10:00:00+00:00"));
    assert_eq!(received(&server).await, ["GET /api/connectors/actions", "POST /api/connectors/actions"]);
}

#[tokio::test]
async fn a_documented_error_of_the_execution_stays_matchable() {
    let server = MockServer::start().await;
    mount_standard_catalog(&server).await;
    Mock::given(method("POST")).and(path(ACTIONS)).respond_with(error_body(502)).mount(&server).await;
    let connectors = connectors(&server);
    match connectors.execute("GOOGLESHEETS_WRITE_SPREADSHEET", sheet_parameters()).await {
        Err(Error::Execute(runtime::Error::Api { error: ExecuteConnectorActionError::BadGateway(body), .. })) => {
            assert_eq!(body.error, 502);
            assert_eq!(body.message, "failed with 502");
        }
        other => panic!("expected the documented 502, got {other:?}"),
    }
}

#[tokio::test]
async fn a_not_connected_action_is_refused_before_the_call() {
    let server = MockServer::start().await;
    mount_standard_catalog(&server).await;
    let connectors = connectors(&server);

    let error =
        connectors.execute("TIKTOK_POST_VIDEO", json!({"caption": "new single"})).await.expect_err("not connected");
    match &error {
        Error::NotConnected { action, connector } => {
            assert_eq!(action, "TIKTOK_POST_VIDEO");
            assert_eq!(connector, "tiktok");
        }
        other => panic!("expected NotConnected, got {other:?}"),
    }
    assert!(error.to_string().contains("`tiktok` connector"), "{error}");
    assert_eq!(received(&server).await, ["GET /api/connectors/actions"], "the 409 round trip is saved");
}

#[tokio::test]
async fn with_the_opt_out_a_409_decodes_into_its_variant() {
    let server = MockServer::start().await;
    mount_standard_catalog(&server).await;
    Mock::given(method("POST"))
        .and(path(ACTIONS))
        .and(body_json(json!({"actionSlug": "TIKTOK_POST_VIDEO", "parameters": {"caption": "new single"}})))
        .respond_with(error_body(409))
        .expect(1)
        .mount(&server)
        .await;
    let connectors = connectors(&server);

    match connectors.execute("TIKTOK_POST_VIDEO", json!({"caption": "new single"})).skip_connection_check().await {
        Err(Error::Execute(runtime::Error::Api { error: ExecuteConnectorActionError::Conflict(body), .. })) => {
            assert_eq!(body.error, 409);
            assert_eq!(body.message, "failed with 409");
        }
        other => panic!("expected the documented 409, got {other:?}"),
    }
    // The opt-out skips only the connection check: parameters are still validated.
    let error =
        connectors.execute("TIKTOK_POST_VIDEO", json!({})).skip_connection_check().await.expect_err("no caption");
    assert!(matches!(error, Error::InvalidParameters { .. }), "{error:?}");
    assert_eq!(received(&server).await, ["GET /api/connectors/actions", "POST /api/connectors/actions"]);
}

#[tokio::test]
async fn staging_sends_the_two_requests_in_order_with_the_descriptor_in_place() {
    let server = MockServer::start().await;
    mount_standard_catalog(&server).await;
    Mock::given(method("POST"))
        .and(path(FILES))
        .and(header("x-api-key", KEY))
        .and(body_json(
            json!({"url": "https://cdn.example.com/cover.png", "toolSlug": "LINKEDIN_CREATE_LINKED_IN_POST"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "name": "cover.png", "mimetype": "image/png", "s3key": "uploads/abc/cover.png"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(ACTIONS))
        .and(body_json(json!({
            "actionSlug": "LINKEDIN_CREATE_LINKED_IN_POST",
            "parameters": {
                "commentary": "Out now",
                "images": [{"name": "cover.png", "mimetype": "image/png", "s3key": "uploads/abc/cover.png"}]
            }
        })))
        .respond_with(executed(json!({"postId": "urn:li:share:1"})))
        .expect(1)
        .mount(&server)
        .await;
    let connectors = connectors(&server);

    let url = "https://cdn.example.com/cover.png".parse().expect("a valid URL");
    let done = connectors
        .stage_file_and_execute("LINKEDIN_CREATE_LINKED_IN_POST", "images", url, json!({"commentary": "Out now"}))
        .await
        .expect("staged and executed");
    assert_eq!(done.result.get("postId"), Some(&json!("urn:li:share:1")));
    assert_eq!(
        received(&server).await,
        ["GET /api/connectors/actions", "POST /api/connectors/files", "POST /api/connectors/actions"]
    );
}

#[tokio::test]
async fn several_staged_files_are_appended_in_order() {
    let server = MockServer::start().await;
    mount_standard_catalog(&server).await;
    for name in ["one.png", "two.jpg"] {
        Mock::given(method("POST"))
            .and(path(FILES))
            .and(body_partial_json(json!({"url": format!("https://cdn.example.com/{name}")})))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "success": true, "name": name, "mimetype": "image/png", "s3key": format!("k/{name}")
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path(ACTIONS))
        .and(body_json(json!({
            "actionSlug": "LINKEDIN_CREATE_LINKED_IN_POST",
            "parameters": {
                "commentary": "Two covers",
                "images": [
                    {"name": "one.png", "mimetype": "image/png", "s3key": "k/one.png"},
                    {"name": "two.jpg", "mimetype": "image/png", "s3key": "k/two.jpg"}
                ]
            }
        })))
        .respond_with(executed(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let connectors = connectors(&server);
    connectors
        .execute("LINKEDIN_CREATE_LINKED_IN_POST", json!({"commentary": "Two covers"}))
        .stage_file("images", "https://cdn.example.com/one.png".parse().expect("a valid URL"))
        .stage_file("images", "https://cdn.example.com/two.jpg".parse().expect("a valid URL"))
        .await
        .expect("staged twice and executed");
    let bodies: Vec<Value> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == FILES)
        .map(|r| serde_json::from_slice(&r.body).expect("JSON body"))
        .collect();
    assert_eq!(bodies[0]["url"], json!("https://cdn.example.com/one.png"), "staged in the order given");
    assert_eq!(bodies[1]["url"], json!("https://cdn.example.com/two.jpg"));
}

#[tokio::test]
async fn staging_checks_the_other_parameters_before_uploading_anything() {
    let server = MockServer::start().await;
    mount_standard_catalog(&server).await;
    let connectors = connectors(&server);
    let url: url::Url = "https://cdn.example.com/cover.png".parse().expect("a valid URL");

    let error = connectors
        .stage_file_and_execute("LINKEDIN_CREATE_LINKED_IN_POST", "images", url, json!({"visibility": "EVERYONE"}))
        .await
        .expect_err("commentary missing, visibility wrong");
    match error {
        Error::InvalidParameters { violations, .. } => {
            let mut pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
            pointers.sort();
            assert_eq!(pointers, ["", "/visibility"], "the images placeholder raises nothing: {violations:?}");
            let root = violations.iter().find(|v| v.pointer.is_empty()).expect("a root violation");
            assert!(root.message.contains("commentary"), "{root:?}");
        }
        other => panic!("expected InvalidParameters, got {other:?}"),
    }
    assert_eq!(received(&server).await, ["GET /api/connectors/actions"], "nothing staged, nothing executed");
}

#[tokio::test]
async fn staging_into_a_parameter_that_takes_no_file_is_refused_before_any_request() {
    let server = MockServer::start().await;
    mount_standard_catalog(&server).await;
    let connectors = connectors(&server);
    let url: url::Url = "https://cdn.example.com/cover.png".parse().expect("a valid URL");

    for (slug, parameter, expected_file_parameters) in [
        ("LINKEDIN_CREATE_LINKED_IN_POST", "commentary", vec!["images".to_owned()]),
        ("LINKEDIN_CREATE_LINKED_IN_POST", "no_such_parameter", vec!["images".to_owned()]),
        ("GOOGLESHEETS_WRITE_SPREADSHEET", "values", vec![]),
    ] {
        let error = connectors
            .stage_file_and_execute(slug, parameter, url.clone(), json!({"commentary": "x"}))
            .await
            .expect_err("not a file parameter");
        match &error {
            Error::NotAFileParameter { action, parameter: named, file_parameters } => {
                assert_eq!((action.as_str(), named.as_str()), (slug, parameter));
                assert_eq!(file_parameters, &expected_file_parameters);
            }
            other => panic!("expected NotAFileParameter, got {other:?}"),
        }
    }
    let action = connectors.action("LINKEDIN_CREATE_LINKED_IN_POST").await.expect("listed");
    assert_eq!(action.file_parameters(), ["images"]);
    assert_eq!(received(&server).await, ["GET /api/connectors/actions"]);
}

#[tokio::test]
async fn a_single_file_parameter_gets_the_descriptor_itself() {
    let server = MockServer::start().await;
    let gmail = json!({
        "slug": "GMAIL_SEND_EMAIL",
        "name": "Send email",
        "description": "Sends an email",
        "connectorSlug": "gmail",
        "isConnected": true,
        "parameters": {
            "type": "object",
            "properties": {
                "to": {"type": "string"},
                "attachment": {"type": "object", "file_uploadable": true, "required": ["s3key"]}
            },
            "required": ["to"]
        }
    });
    Mock::given(method("GET")).and(path(ACTIONS)).respond_with(catalog(vec![gmail])).mount(&server).await;
    Mock::given(method("POST"))
        .and(path(FILES))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "name": "press.jpg", "mimetype": "image/jpeg", "s3key": "k/press.jpg"
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(ACTIONS))
        .and(body_json(json!({
            "actionSlug": "GMAIL_SEND_EMAIL",
            "parameters": {"to": "a@example.com", "attachment": {"name": "press.jpg", "mimetype": "image/jpeg", "s3key": "k/press.jpg"}}
        })))
        .respond_with(executed(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let connectors = connectors(&server);
    let url = "https://cdn.example.com/press.jpg".parse().expect("a valid URL");
    connectors
        .stage_file_and_execute("GMAIL_SEND_EMAIL", "attachment", url, json!({"to": "a@example.com"}))
        .await
        .expect("staged and executed");
}

#[tokio::test]
async fn a_failed_staging_is_typed_and_executes_nothing() {
    let server = MockServer::start().await;
    mount_standard_catalog(&server).await;
    Mock::given(method("POST")).and(path(FILES)).respond_with(error_body(502)).expect(1).mount(&server).await;
    let connectors = connectors(&server);
    let url = "https://cdn.example.com/unreachable.png".parse().expect("a valid URL");

    match connectors
        .stage_file_and_execute("LINKEDIN_CREATE_LINKED_IN_POST", "images", url, json!({"commentary": "x"}))
        .await
    {
        Err(Error::Stage {
            parameter,
            source: runtime::Error::Api { error: PostConnectorsFilesError::BadGateway(body), .. },
        }) => {
            assert_eq!(parameter, "images");
            assert_eq!(body.message, "failed with 502");
        }
        other => panic!("expected the documented 502 of the staging call, got {other:?}"),
    }
    assert_eq!(received(&server).await, ["GET /api/connectors/actions", "POST /api/connectors/files"]);
}

#[tokio::test]
async fn a_catalog_schema_that_is_not_a_json_schema_gives_a_clear_error() {
    let server = MockServer::start().await;
    let broken = [
        ("BROKEN_TYPE", json!({"type": 12})),
        ("BROKEN_REQUIRED", json!({"type": "object", "required": "caption"})),
        ("BROKEN_PATTERN", json!({"properties": {"caption": {"type": "string", "pattern": "(unclosed"}}})),
        ("BROKEN_LOCAL_REF", json!({"properties": {"caption": {"$ref": "#/definitions/missing"}}})),
        ("BROKEN_REMOTE_REF", json!({"$ref": "https://schemas.example.com/caption.json"})),
    ];
    let mut actions: Vec<Value> = broken
        .iter()
        .map(|(slug, parameters)| {
            let mut action = tiktok_action(true);
            action["slug"] = json!(slug);
            action["parameters"] = parameters.clone();
            action
        })
        .collect();
    actions.push(sheets_action(true));
    Mock::given(method("GET")).and(path(ACTIONS)).respond_with(catalog(actions)).expect(1).mount(&server).await;
    Mock::given(method("POST")).and(path(ACTIONS)).respond_with(executed(json!({}))).expect(1).mount(&server).await;
    let connectors = connectors(&server);

    for (slug, _) in &broken {
        let error = connectors.execute(*slug, json!({"caption": "x"})).await.expect_err("the schema is unusable");
        match &error {
            Error::InvalidSchema { action, reason } => {
                assert_eq!(action, slug);
                assert!(!reason.is_empty());
            }
            other => panic!("{slug}: expected InvalidSchema, got {other:?}"),
        }
        let shown = error.to_string();
        assert!(shown.contains(slug) && shown.contains("not a usable JSON Schema"), "{shown}");
        // The verdict is kept: asking again gives the same answer.
        let action = connectors.action(slug).await.expect("listed");
        assert_eq!(action.validate(&json!({})).map_err(|e| e.to_string()), Err(shown));
    }
    // One broken action does not spoil the rest of the catalog.
    connectors.execute("GOOGLESHEETS_WRITE_SPREADSHEET", sheet_parameters()).await.expect("valid and connected");
    assert_eq!(received(&server).await, ["GET /api/connectors/actions", "POST /api/connectors/actions"]);
}

#[tokio::test]
async fn an_unknown_slug_names_close_matches_and_sends_nothing_more() {
    let server = MockServer::start().await;
    mount_standard_catalog(&server).await;
    let connectors = connectors(&server);

    let error = connectors.execute("GOOGLESHEETS_WRITE_SPREADSHET", sheet_parameters()).await.expect_err("a typo");
    match &error {
        Error::UnknownAction { slug, close_matches } => {
            assert_eq!(slug, "GOOGLESHEETS_WRITE_SPREADSHET");
            assert_eq!(close_matches, &["GOOGLESHEETS_WRITE_SPREADSHEET".to_owned()]);
        }
        other => panic!("expected UnknownAction, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "no connector action `GOOGLESHEETS_WRITE_SPREADSHET` in the catalog; did you mean `GOOGLESHEETS_WRITE_SPREADSHEET`?"
    );
    match connectors.action("SPOTIFY_PLAY").await {
        Err(Error::UnknownAction { close_matches, .. }) => assert!(close_matches.is_empty(), "{close_matches:?}"),
        other => panic!("expected UnknownAction, got {other:?}"),
    }
    assert_eq!(received(&server).await, ["GET /api/connectors/actions"]);
}

#[tokio::test]
async fn a_failed_catalog_fetch_is_typed_and_not_cached() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ACTIONS))
        .respond_with(error_body(401))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_standard_catalog(&server).await;
    let connectors = connectors(&server);

    match connectors.execute("GOOGLESHEETS_WRITE_SPREADSHEET", sheet_parameters()).await {
        Err(Error::Catalog(runtime::Error::Api { error: GetConnectorsActionsError::Unauthorized(body), .. })) => {
            assert_eq!(body.message, "failed with 401")
        }
        other => panic!("expected the documented 401 of the catalog, got {other:?}"),
    }
    let catalog = connectors.catalog(None).await.expect("the next call fetches again");
    assert_eq!(
        catalog.connected().map(|a| a.slug()).collect::<Vec<_>>(),
        ["GOOGLESHEETS_WRITE_SPREADSHEET", "LINKEDIN_CREATE_LINKED_IN_POST"]
    );
    assert_eq!(received(&server).await, ["GET /api/connectors/actions", "GET /api/connectors/actions"]);
}

#[test]
fn the_api_is_thread_safe() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Connectors>();
    send_sync::<recoup::connectors::Catalog>();
    send_sync::<recoup::connectors::Action>();
    send_sync::<Error>();
    fn send_future<F: std::future::IntoFuture<IntoFuture: Send>>(_: F) {}
    let connectors = Connectors::new(&Client::new());
    send_future(connectors.execute("ANY", json!({})));
}
