//! The whole connector action flow with `recoup::connectors` against a local mock server
//! (in-process wiremock answering as the spec documents): the catalog, parameters refused before
//! sending, a typo'd slug, an execution, a connector that is not connected (refused, then sent on
//! purpose to show the 409), and an image staged into a post. Ends with the requests the server saw.
//!
//! Run: `cargo run --example connector_flow`

use recoup::Client;
use recoup::connectors::{self, Connectors};
use recoup::social::ExecuteConnectorActionError;
use recoup::social::runtime;
use serde_json::json;
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = mock_recoup_api().await;
    let connectors = Connectors::new(&Client::with_base_url(server.uri()).with_api_key("demo-key"));

    // 1. The catalog, fetched once and cached for the executions below.
    let catalog = connectors.catalog(None).await?;
    println!("catalog: {} actions", catalog.len());
    for action in catalog.actions() {
        let status = if action.is_connected() { "connected" } else { "not connected" };
        println!("  {:<32} {:<12} {status}", action.slug(), action.connector_slug());
    }

    // 2. Parameters that do not match the action's schema: every violation, nothing sent.
    let wrong = json!({"values": "Artist,Streams", "sheet": 1});
    match connectors.execute("GOOGLESHEETS_WRITE_SPREADSHEET", wrong).await {
        Err(connectors::Error::InvalidParameters { violations, .. }) => {
            println!("refused before sending, {} violations:", violations.len());
            for violation in &violations {
                println!("  {violation}");
            }
        }
        other => return Err(format!("expected invalid parameters, got {other:?}").into()),
    }

    // 3. A slug with a typo: the error names the closest slugs.
    match connectors.execute("GOOGLESHEETS_WRITE_SPREADSHET", json!({})).await {
        Err(error @ connectors::Error::UnknownAction { .. }) => println!("{error}"),
        other => return Err(format!("expected an unknown action, got {other:?}").into()),
    }

    // 4. Valid parameters: validated, sent, decoded.
    let parameters = json!({"spreadsheet_id": "1AbC", "values": [["Artist", "Streams"], ["Demo", 1200]]});
    let done = connectors.execute("GOOGLESHEETS_WRITE_SPREADSHEET", parameters).await?;
    println!("executed at {:?}: {}", done.executed_at, serde_json::Value::Object(done.result));

    // 5. A connector that is not connected: refused without a request ...
    match connectors.execute("TIKTOK_POST_VIDEO", json!({"caption": "New single"})).await {
        Err(error @ connectors::Error::NotConnected { .. }) => println!("{error}"),
        other => return Err(format!("expected not connected, got {other:?}").into()),
    }
    // ... or sent anyway on request, and the API's 409 comes back typed.
    match connectors.execute("TIKTOK_POST_VIDEO", json!({"caption": "New single"})).skip_connection_check().await {
        Err(connectors::Error::Execute(runtime::Error::Api {
            error: ExecuteConnectorActionError::Conflict(body),
            ..
        })) => {
            println!("sent anyway: 409 as documented ({})", body.message)
        }
        other => return Err(format!("expected the documented 409, got {other:?}").into()),
    }

    // 6. An image staged for a file_uploadable parameter, then the post executed with it.
    let cover = "https://cdn.example.com/cover.png".parse()?;
    let post = connectors
        .stage_file_and_execute("LINKEDIN_CREATE_LINKED_IN_POST", "images", cover, json!({"commentary": "Out now"}))
        .await?;
    println!("posted with the staged image: {}", serde_json::Value::Object(post.result));

    println!("requests the server received:");
    for request in server.received_requests().await.unwrap_or_default() {
        let body = String::from_utf8_lossy(&request.body);
        println!("  {} {} {body}", request.method, request.url.path());
    }
    Ok(())
}

/// A stand-in for `https://api.recoupable.dev` answering the three connector endpoints.
async fn mock_recoup_api() -> MockServer {
    let server = MockServer::start().await;
    let image = json!({
        "type": "object",
        "file_uploadable": true,
        "properties": {"name": {"type": "string"}, "mimetype": {"type": "string"}, "s3key": {"type": "string"}},
        "required": ["name", "mimetype", "s3key"]
    });
    let actions = json!([
        {
            "slug": "GOOGLESHEETS_WRITE_SPREADSHEET",
            "name": "Write spreadsheet",
            "description": "Writes rows of values into a spreadsheet",
            "connectorSlug": "googlesheets",
            "isConnected": true,
            "parameters": {
                "type": "object",
                "properties": {
                    "spreadsheet_id": {"type": "string"},
                    "values": {"type": "array", "items": {"type": "array"}},
                    "sheet": {"type": "string"}
                },
                "required": ["spreadsheet_id", "values"]
            }
        },
        {
            "slug": "TIKTOK_POST_VIDEO",
            "name": "Post video",
            "description": "Posts a video to TikTok",
            "connectorSlug": "tiktok",
            "isConnected": false,
            "parameters": {"type": "object", "properties": {"caption": {"type": "string"}}, "required": ["caption"]}
        },
        {
            "slug": "LINKEDIN_CREATE_LINKED_IN_POST",
            "name": "Create post",
            "description": "Creates a LinkedIn post, optionally with images",
            "connectorSlug": "linkedin",
            "isConnected": true,
            "parameters": {
                "type": "object",
                "properties": {"commentary": {"type": "string"}, "images": {"type": "array", "items": image}},
                "required": ["commentary"]
            }
        }
    ]);
    Mock::given(method("GET"))
        .and(path("/api/connectors/actions"))
        .and(header("x-api-key", "demo-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "actions": actions})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/connectors/files"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "name": "cover.png", "mimetype": "image/png", "s3key": "staged/demo/cover.png"
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/connectors/actions"))
        .and(body_partial_json(json!({"actionSlug": "GOOGLESHEETS_WRITE_SPREADSHEET"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "result": {"updatedRange": "Sheet1!A1:B2", "updatedCells": 4},
            "executedAt": "2026-11-29T12:00:00Z"
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/connectors/actions"))
        .and(body_partial_json(json!({"actionSlug": "TIKTOK_POST_VIDEO"})))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({
            "error": 409,
            "message": "Connector tiktok is not connected; authorize it via POST /api/connectors"
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/connectors/actions"))
        .and(body_partial_json(json!({
            "actionSlug": "LINKEDIN_CREATE_LINKED_IN_POST",
            "parameters": {"images": [{"s3key": "staged/demo/cover.png"}]}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "result": {"postId": "urn:li:share:7000"}
        })))
        .mount(&server)
        .await;
    server
}
