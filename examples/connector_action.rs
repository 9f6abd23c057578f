//! Executes a connector action with the generated Recoup client against a local mock server
//! (in-process wiremock answering as the spec documents), then shows how errors are matched.
//!
//! Run: `cargo run --example connector_action`

use recoup::Client;
use recoup::social::ExecuteConnectorActionError;
use recoup::social::runtime::Error;
use serde_json::json;
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = mock_recoup_api().await;
    let client = Client::with_base_url(server.uri()).with_api_key("demo-key");
    println!("client: {client:?}");

    let parameters = json!({"spreadsheet_id": "1AbC", "values": [["Artist", "Streams"], ["Demo", 1200]]});
    let response = client.social().execute_connector_action("GOOGLESHEETS_WRITE_SPREADSHEET", &parameters).await?;
    println!("executed: success={} at {:?}", response.success, response.executed_at);
    println!("result: {}", serde_json::Value::Object(response.result));

    // The same call for an action whose connector is not connected: a typed 409.
    match client.social().execute_connector_action("TIKTOK_POST_VIDEO", &parameters).await {
        Ok(response) => println!("unexpected success: {response:?}"),
        Err(Error::Api { error: ExecuteConnectorActionError::Conflict(body), .. }) => {
            println!("409 as documented: connect it first ({})", body.message)
        }
        Err(Error::Api { error: other, .. }) => println!("another documented error: {other}"),
        Err(other) => return Err(other.into()),
    }

    // A value that is not a JSON object is refused before anything is sent (not sent as `{}`).
    match client.social().execute_connector_action("GOOGLESHEETS_WRITE_SPREADSHEET", json!([1, 2])).await {
        Err(error @ Error::InvalidRequest(_)) => println!("refused: {error}"),
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}

/// A stand-in for `https://api.recoupable.dev` answering `POST /api/connectors/actions`.
async fn mock_recoup_api() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/connectors/actions"))
        .and(header("x-api-key", "demo-key"))
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
    server
}
