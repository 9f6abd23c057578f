//! Written as a user of `recoup` would: a small function of "our service" that announces a release
//! on TikTok through Recoup's connector actions, and its tests with the typed mocks (`mock`
//! feature) for success, the documented 409 (connector not connected: we ask for an
//! authorization link) and 502 (upstream down), without calling the Recoup API.

use recoup::connectors::{self, Connectors};
use recoup::runtime;
use recoup::social::{self, ExecuteConnectorActionError};
use serde_json::json;

// ---- The service's code -------------------------------------------------------------------

/// What announcing did.
#[derive(Debug, PartialEq)]
enum Announced {
    Posted {
        video_id: String,
    },
    /// TikTok is not connected: send the artist this link to authorize it.
    NeedsAuthorization {
        link: url::Url,
    },
}

#[derive(Debug)]
enum AnnounceError {
    /// TikTok or Recoup's connector failed; worth trying later.
    UpstreamDown,
    Other(String),
}

impl std::fmt::Display for AnnounceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnnounceError::UpstreamDown => f.write_str("TikTok is down; try again later"),
            AnnounceError::Other(message) => f.write_str(message),
        }
    }
}

async fn announce(recoup: &recoup::Client, caption: &str) -> Result<Announced, AnnounceError> {
    let connectors = Connectors::new(recoup);
    let executed = connectors.execute("TIKTOK_POST_VIDEO", json!({ "caption": caption })).await;
    match executed {
        Ok(done) => {
            let video_id = done.result.get("video_id").and_then(|id| id.as_str()).unwrap_or_default();
            Ok(Announced::Posted { video_id: video_id.to_owned() })
        }
        Err(connectors::Error::Execute(runtime::Error::Api { error, .. })) => match error {
            ExecuteConnectorActionError::Conflict(_) => {
                let authorized = recoup.social().post_connectors("tiktok").await;
                let authorized = authorized.map_err(|error| AnnounceError::Other(error.to_string()))?;
                Ok(Announced::NeedsAuthorization { link: authorized.data.redirect_url })
            }
            ExecuteConnectorActionError::BadGateway(_) => Err(AnnounceError::UpstreamDown),
            other => Err(AnnounceError::Other(other.to_string())),
        },
        Err(other) => Err(AnnounceError::Other(other.to_string())),
    }
}

// ---- Its tests ------------------------------------------------------------------------------

/// A mock Recoup whose catalog lists TikTok's post action (connected, as far as it knows).
async fn recoup_with_tiktok() -> (recoup::mock::Server, recoup::Client) {
    let server = recoup::mock::Server::start().await;
    let schema = json!({"type": "object", "properties": {"caption": {"type": "string"}}, "required": ["caption"]});
    let Some(schema) = schema.as_object().cloned() else { unreachable!("an object") };
    let action = social::ConnectorAction::new("TIKTOK_POST_VIDEO", "Post a video", "Posts", schema, "tiktok", true);
    server
        .social()
        .get_connectors_actions()
        .responds_ok(social::ConnectorActionsResponse::new(true, vec![action]))
        .mount()
        .await;
    let client = recoup::Client::with_base_url(server.uri()).with_api_key("test-key");
    (server, client)
}

fn result(value: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    value.as_object().cloned().unwrap_or_default()
}

#[tokio::test]
async fn an_announcement_is_posted() {
    let (server, recoup) = recoup_with_tiktok().await;
    let posted = social::ExecuteConnectorActionResponse::new(true, result(json!({"video_id": "v42"})));
    server
        .social()
        .execute_connector_action()
        .when_action_slug("TIKTOK_POST_VIDEO")
        .when_parameters(result(json!({"caption": "Out now"})))
        .responds_ok(posted)
        .expect(1)
        .mount()
        .await;

    let announced = announce(&recoup, "Out now").await.expect("posted");

    assert_eq!(announced, Announced::Posted { video_id: "v42".to_owned() });
    let sent = server.social().execute_connector_action().received().await.expect("decodes");
    assert_eq!(sent[0].body.parameters, result(json!({"caption": "Out now"})));
    assert_eq!(sent[0].request.headers.get("x-api-key").and_then(|v| v.to_str().ok()), Some("test-key"));
}

#[tokio::test]
async fn a_disconnected_tiktok_asks_for_authorization() {
    let (server, recoup) = recoup_with_tiktok().await;
    let not_connected = social::Error::new(409, "The tiktok connector is not connected");
    server.social().execute_connector_action().responds_conflict(not_connected).expect(1).mount().await;
    let link: url::Url = "https://auth.example/tiktok".parse().expect("a URL");
    let authorize = social::AuthorizeConnectorResponseData::new("tiktok", link.clone());
    server
        .social()
        .post_connectors()
        .when_connector("tiktok")
        .responds_ok(social::AuthorizeConnectorResponse::new(true, authorize))
        .expect(1)
        .mount()
        .await;

    let announced = announce(&recoup, "Out now").await.expect("a link to authorize");

    assert_eq!(announced, Announced::NeedsAuthorization { link });
}

#[tokio::test]
async fn an_upstream_failure_is_reported_and_not_retried() {
    let (server, recoup) = recoup_with_tiktok().await;
    let down = social::Error::new(502, "TikTok timed out");
    // Expected once: the client does not retry a POST on 502.
    server.social().execute_connector_action().responds_bad_gateway(down).expect(1).mount().await;

    let failed = announce(&recoup, "Out now").await;

    assert!(matches!(failed, Err(AnnounceError::UpstreamDown)), "{failed:?}");
    assert_eq!(failed.map_err(|error| error.to_string()).err().as_deref(), Some("TikTok is down; try again later"));
}
