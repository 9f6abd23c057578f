//! Executes a connector action with the generated Recoup client against a local mock server
//! (in-process wiremock answering as the spec documents), then shows how errors are matched.
//!
//! Run: `cargo run --example connector_action`

use recoup::social::runtime::Error;
use recoup::social::{Client, ExecuteConnectorActionError, ExecuteConnectorActionRequest};
use serde_json::json;
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = mock_recoup_api().await;
    let client = Client::with_base_url(server.uri()).with_api_key_auth("demo-key");
    println!("client: {client:?}");

    let mut parameters = serde_json::Map::new();
    parameters.insert("spreadsheet_id".into(), json!("1AbC"));
    parameters.insert("values".into(), json!([["Artist", "Streams"], ["Demo", 1200]]));
    let request = ExecuteConnectorActionRequest {
        action_slug: "GOOGLESHEETS_WRITE_SPREADSHEET".into(),
        parameters,
        account_id: None,
    };

    let response = client.execute_connector_action(request.clone()).await?;
    println!("executed: success={} at {:?}", response.success, response.executed_at);
    println!("result: {}", serde_json::Value::Object(response.result));

    // The same call for an action whose connector is not connected: a typed 409.
    let unconnected = ExecuteConnectorActionRequest { action_slug: "TIKTOK_POST_VIDEO".into(), ..request };
    match client.execute_connector_action(unconnected).await {
        Ok(response) => println!("unexpected success: {response:?}"),
        Err(Error::Api { error: ExecuteConnectorActionError::Conflict(body), .. }) => {
            println!("409 as documented: connect it first ({})", body.message)
        }
        Err(Error::Api { error: other, .. }) => println!("another documented error: {other:?}"),
        Err(other) => return Err(other.into()),
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
