//! The typed mocks (`mock` feature) against the real client: every documented status of every
//! social.json operation decodes into its variant, typed matchers pick between mocks, received
//! requests decode, unmatched requests are explained, and `expect`, delays and dropped connections.

use std::time::Duration;

use futures_util::FutureExt as _;
use recoup::mock::Server;
use recoup::social::{self, runtime};
use serde_json::{Map, Value, json};
use uuid::Uuid;

fn client(server: &Server) -> recoup::Client {
    recoup::Client::with_base_url(server.uri()).with_retry(runtime::RetryPolicy::none())
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn error(status: i32) -> social::Error {
    social::Error::new(status, format!("status {status}"))
}

const ID: Uuid = Uuid::from_u128(0x1234);

/// For each `responder(body) => pattern`: a fresh server whose only mock of `op` answers so, the
/// call made with `args`, and its result matched against `pattern`; the mock is expected once.
macro_rules! answers {
    ($op:ident $args:tt { $($responder:ident($($body:expr),*) => $pattern:pat),+ $(,)? }) => {{
        $(
            let server = Server::start().await;
            server.social().$op().$responder($($body),*).expect(1).mount().await;
            let outcome = client(&server).social().$op $args.await;
            assert!(
                matches!(outcome, $pattern),
                "{} answered by {}: {outcome:?}",
                stringify!($op),
                stringify!($responder)
            );
            server.verify().await;
        )+
    }};
}

#[tokio::test]
async fn every_documented_status_of_every_social_operation_decodes_into_its_variant() {
    use runtime::Error::Api;
    use social::*;
    let posts = || ArtistPostsErrorResponse::new("error", "no");
    answers!(get_artists_posts(ID) {
        responds_ok(ArtistPostsResponse::new("success", vec![], ArtistPostsPagination::new())) => Ok(ArtistPostsResponse { .. }),
        responds_bad_request(posts()) => Err(Api { error: GetArtistsPostsError::BadRequest(_), .. }),
        responds_unauthorized(posts()) => Err(Api { error: GetArtistsPostsError::Unauthorized(_), .. }),
        responds_forbidden(posts()) => Err(Api { error: GetArtistsPostsError::Forbidden(_), .. }),
        responds_not_found(posts()) => Err(Api { error: GetArtistsPostsError::NotFound(_), .. }),
        responds_internal_server_error(posts()) => Err(Api { error: GetArtistsPostsError::InternalServerError(_), .. }),
    });
    answers!(get_comments(ID) {
        responds_ok(CommentsResponse::new("success", vec![], CommentsPagination::new())) => Ok(CommentsResponse { .. }),
        responds_bad_request(CommentsErrorResponse::new("error", "no")) => Err(Api { error: GetCommentsError::BadRequest(_), .. }),
    });
    answers!(get_spotify_search("q", "artist") {
        responds_ok(SpotifySearchResponse::new()) => Ok(SpotifySearchResponse { .. }),
        responds_bad_request(SpotifyErrorResponse::new()) => Err(Api { error: GetSpotifySearchError::BadRequest(_), .. }),
    });
    answers!(get_spotify_artist("a") {
        responds_ok(SpotifyGetArtistResponse::new()) => Ok(SpotifyGetArtistResponse { .. }),
        responds_bad_request(SpotifyErrorResponse::new()) => Err(Api { error: GetSpotifyArtistError::BadRequest(_), .. }),
    });
    answers!(get_spotify_artist_albums("a") {
        responds_ok(SpotifyArtistAlbumsResponse::new()) => Ok(SpotifyArtistAlbumsResponse { .. }),
        responds_bad_request(SpotifyErrorResponse::new()) => Err(Api { error: GetSpotifyArtistAlbumsError::BadRequest(_), .. }),
    });
    answers!(get_spotify_artist_top_tracks("a") {
        responds_ok(SpotifyArtistTopTracksResponse::new()) => Ok(SpotifyArtistTopTracksResponse { .. }),
        responds_bad_request(SpotifyErrorResponse::new()) => Err(Api { error: GetSpotifyArtistTopTracksError::BadRequest(_), .. }),
    });
    answers!(get_spotify_album("a") {
        responds_ok(SpotifyAlbum::new()) => Ok(SpotifyAlbum { .. }),
        responds_bad_request(SpotifyErrorResponse::new()) => Err(Api { error: GetSpotifyAlbumError::BadRequest(_), .. }),
    });
    answers!(get_apple_songs("USRC17607839") {
        responds_ok(AppleSongsResponse::new()) => Ok(AppleSongsResponse { .. }),
        responds_bad_request(AppleErrorResponse::new()) => Err(Api { error: GetAppleSongsError::BadRequest(_), .. }),
        responds_unauthorized(AppleErrorResponse::new()) => Err(Api { error: GetAppleSongsError::Unauthorized(_), .. }),
        responds_internal_server_error(AppleErrorResponse::new()) => Err(Api { error: GetAppleSongsError::InternalServerError(_), .. }),
    });
    let completed =
        GetApifyRunsByRunIdResponse::Completed(ApifyScraperCompletedResponse::new("SUCCEEDED", "d1", vec![]));
    let apify = || ApifyScraperErrorResponse::new("error", "no");
    answers!(get_apify_runs_by_run_id("run") {
        responds_ok(completed) => Ok(GetApifyRunsByRunIdResponse::Completed(_)),
        responds_bad_request(apify()) => Err(Api { error: GetApifyRunsByRunIdError::BadRequest(_), .. }),
        responds_internal_server_error(apify()) => Err(Api { error: GetApifyRunsByRunIdError::InternalServerError(_), .. }),
    });
    let credits = SocialInsufficientCreditsResponse::new("no credits", 0, 5, "https://recoup.example/billing");
    answers!(post_socials_scrape(ID) {
        responds_ok(ApifyRunResult::new()) => Ok(ApifyRunResult { .. }),
        responds_bad_request(SocialErrorResponse::new()) => Err(Api { error: PostSocialsScrapeError::BadRequest(_), .. }),
        responds_payment_required(credits) => Err(Api { error: PostSocialsScrapeError::PaymentRequired(_), .. }),
    });
    answers!(get_connectors() {
        responds_ok(ConnectorsResponse::new(true, vec![])) => Ok(ConnectorsResponse { .. }),
        responds_bad_request(error(400)) => Err(Api { error: GetConnectorsError::BadRequest(_), .. }),
        responds_unauthorized(error(401)) => Err(Api { error: GetConnectorsError::Unauthorized(_), .. }),
        responds_forbidden(error(403)) => Err(Api { error: GetConnectorsError::Forbidden(_), .. }),
    });
    answers!(delete_connectors("ca_1") {
        responds_ok(DisconnectConnectorResponse::new(true)) => Ok(DisconnectConnectorResponse { .. }),
        responds_bad_request(error(400)) => Err(Api { error: DeleteConnectorsError::BadRequest(_), .. }),
        responds_unauthorized(error(401)) => Err(Api { error: DeleteConnectorsError::Unauthorized(_), .. }),
        responds_forbidden(error(403)) => Err(Api { error: DeleteConnectorsError::Forbidden(_), .. }),
    });
    let authorized = || {
        let url = "https://auth.example/x".parse().expect("a URL");
        AuthorizeConnectorResponse::new(true, AuthorizeConnectorResponseData::new("tiktok", url))
    };
    answers!(post_connectors("tiktok") {
        responds_ok(authorized()) => Ok(AuthorizeConnectorResponse { .. }),
        responds_bad_request(error(400)) => Err(Api { error: PostConnectorsError::BadRequest(_), .. }),
        responds_unauthorized(error(401)) => Err(Api { error: PostConnectorsError::Unauthorized(_), .. }),
        responds_forbidden(error(403)) => Err(Api { error: PostConnectorsError::Forbidden(_), .. }),
    });
    answers!(get_connectors_actions() {
        responds_ok(ConnectorActionsResponse::new(true, vec![])) => Ok(ConnectorActionsResponse { .. }),
        responds_bad_request(error(400)) => Err(Api { error: GetConnectorsActionsError::BadRequest(_), .. }),
        responds_unauthorized(error(401)) => Err(Api { error: GetConnectorsActionsError::Unauthorized(_), .. }),
        responds_forbidden(error(403)) => Err(Api { error: GetConnectorsActionsError::Forbidden(_), .. }),
    });
    let executed = || ExecuteConnectorActionResponse::new(true, object(json!({"id": 7})));
    answers!(execute_connector_action("SLUG", json!({})) {
        responds_ok(executed()) => Ok(ExecuteConnectorActionResponse { success: true, .. }),
        responds_bad_request(error(400)) => Err(Api { error: ExecuteConnectorActionError::BadRequest(_), .. }),
        responds_unauthorized(error(401)) => Err(Api { error: ExecuteConnectorActionError::Unauthorized(_), .. }),
        responds_forbidden(error(403)) => Err(Api { error: ExecuteConnectorActionError::Forbidden(_), .. }),
        responds_not_found(error(404)) => Err(Api { error: ExecuteConnectorActionError::NotFound(_), .. }),
        responds_conflict(error(409)) => Err(Api { error: ExecuteConnectorActionError::Conflict(_), .. }),
        responds_bad_gateway(error(502)) => Err(Api { error: ExecuteConnectorActionError::BadGateway(_), .. }),
    });
    let image = || "https://cdn.example/a.png".parse::<url::Url>().expect("a URL");
    answers!(post_connectors_files(image(), "LINKEDIN") {
        responds_ok(UploadConnectorFileResponse::new(true, "a.png", "image/png", "k/a.png")) => Ok(UploadConnectorFileResponse { .. }),
        responds_bad_request(error(400)) => Err(Api { error: PostConnectorsFilesError::BadRequest(_), .. }),
        responds_unauthorized(error(401)) => Err(Api { error: PostConnectorsFilesError::Unauthorized(_), .. }),
        responds_bad_gateway(error(502)) => Err(Api { error: PostConnectorsFilesError::BadGateway(_), .. }),
    });
}

#[tokio::test]
async fn typed_body_matching_selects_between_two_mocks_of_one_operation() {
    let server = Server::start().await;
    let execute = || server.social().execute_connector_action();
    execute()
        .when_action_slug("SHEETS_WRITE")
        .responds_ok(social::ExecuteConnectorActionResponse::new(true, object(json!({"row": 2}))))
        .expect(1)
        .mount()
        .await;
    execute().when_body(|body| body.action_slug == "TIKTOK_POST").responds_conflict(error(409)).expect(1).mount().await;
    let social = client(&server).social();

    let written = social.execute_connector_action("SHEETS_WRITE", json!({"values": []})).await.expect("the first mock");
    assert_eq!(written.result, object(json!({"row": 2})));
    let refused = social.execute_connector_action("TIKTOK_POST", json!({})).await;
    assert!(
        matches!(&refused, Err(runtime::Error::Api { error: social::ExecuteConnectorActionError::Conflict(body), .. }) if body.error == 409),
        "{refused:?}"
    );
    server.verify().await;
}

#[tokio::test]
async fn typed_parameters_and_members_match_as_the_client_encodes_them() {
    let server = Server::start().await;
    let account = Uuid::from_u128(7);
    server
        .social()
        .get_artists_posts()
        .when_id(ID)
        .when_limit(5)
        .responds_ok(social::ArtistPostsResponse::new("five", vec![], social::ArtistPostsPagination::new()))
        .mount()
        .await;
    server
        .social()
        .execute_connector_action()
        .when_account_id(account)
        .when_parameters(object(json!({"a": 1})))
        .responds_bad_gateway(error(502))
        .mount()
        .await;
    let social = client(&server).social();

    let posts = social.get_artists_posts(ID).limit(5).page(2).await.expect("matched by id and limit");
    assert_eq!(posts.status, "five");
    let other = social.get_artists_posts(Uuid::from_u128(9)).limit(5).await;
    assert!(matches!(other, Err(runtime::Error::Api { error: social::GetArtistsPostsError::UnknownStatus(_), .. })));
    // A member given as an object matches when the body's member contains it.
    let failed = social.execute_connector_action("X", json!({"a": 1, "b": 2})).account_id(account).await;
    assert!(matches!(
        failed,
        Err(runtime::Error::Api { error: social::ExecuteConnectorActionError::BadGateway(_), .. })
    ));
}

#[tokio::test]
async fn received_requests_decode_into_the_generated_types() {
    let server = Server::start().await;
    server
        .social()
        .get_artists_posts()
        .responds_ok(social::ArtistPostsResponse::new("ok", vec![], social::ArtistPostsPagination::new()))
        .mount()
        .await;
    server
        .social()
        .execute_connector_action()
        .responds_ok(social::ExecuteConnectorActionResponse::new(true, Map::new()))
        .mount()
        .await;
    let social = client(&server).social();
    social.get_artists_posts(ID).page(3).await.expect("answered");
    social.get_artists_posts(ID).await.expect("answered");
    social.execute_connector_action("SHEETS_WRITE", json!({"values": [[1]]})).account_id(ID).await.expect("answered");

    let posts = server.social().get_artists_posts().received().await.expect("decodes");
    assert_eq!(posts.len(), 2);
    assert_eq!((posts[0].id, posts[0].page, posts[0].limit), (ID, Some(3), None));
    assert_eq!(posts[1].page, None);
    let executed = server.social().execute_connector_action().received().await.expect("decodes");
    let mut expected = social::ExecuteConnectorActionRequest::new("SHEETS_WRITE", object(json!({"values": [[1]]})));
    expected.account_id = Some(ID);
    assert_eq!(executed.iter().map(|r| &r.body).collect::<Vec<_>>(), [&expected]);
    assert!(server.social().get_connectors().received().await.expect("decodes").is_empty());
}

#[tokio::test]
async fn an_unmatched_request_is_answered_with_the_operation_and_the_failed_expectation() {
    let server = Server::start().await;
    server
        .social()
        .execute_connector_action()
        .when_action_slug("SHEETS_WRITE")
        .responds_ok(social::ExecuteConnectorActionResponse::new(true, Map::new()))
        .mount()
        .await;
    let social = client(&server).social();

    let outcome = social.execute_connector_action("SHEETS_WRTIE", json!({})).await;
    let Err(runtime::Error::Api { error: social::ExecuteConnectorActionError::UnknownStatus(raw), .. }) = outcome
    else {
        panic!("expected the diagnostic, got {outcome:?}")
    };
    assert_eq!(raw.status.as_u16(), recoup::mock::UNMATCHED_STATUS);
    let text = raw.text().expect("text");
    assert_eq!(
        text,
        "no mock matched POST /api/connectors/actions\n\
         it is `execute_connector_action` (POST /api/connectors/actions) of Recoup API - Social\n  \
         mock #1 of `execute_connector_action` (expects body member `actionSlug`): body member `actionSlug` is \"SHEETS_WRTIE\", wanted \"SHEETS_WRITE\"\n"
    );
    let unmatched = server.unmatched();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0].operations, ["execute_connector_action (POST /api/connectors/actions)"]);
    assert_eq!(
        unmatched[0].mismatches[0].failed,
        ["body member `actionSlug` is \"SHEETS_WRTIE\", wanted \"SHEETS_WRITE\""]
    );

    // An operation with no mock, and a path no operation has.
    let _ = social.get_connectors().await;
    let _ = client(&server)
        .with_retry(runtime::RetryPolicy::none())
        .runtime()
        .http_client()
        .get(format!("{}/nowhere", server.uri()))
        .send()
        .await;
    let unmatched = server.unmatched();
    assert!(
        unmatched[1].message.contains(
            "it is `get_connectors` (GET /api/connectors) of Recoup API - Social\n  no mock of it is mounted"
        ),
        "{}",
        unmatched[1]
    );
    assert!(
        unmatched[2]
            .message
            .starts_with("no mock matched GET /nowhere\nit is no operation of the mocked APIs (Recoup API - Social)"),
        "{}",
        unmatched[2]
    );
}

#[tokio::test]
async fn expectations_are_verified_and_delays_and_dropped_connections_reach_the_client() {
    let server = Server::start().await;
    server.social().get_connectors().responds_ok(social::ConnectorsResponse::new(true, vec![])).expect(1).mount().await;
    let unmet = std::panic::AssertUnwindSafe(server.verify()).catch_unwind().await;
    assert!(unmet.is_err(), "verify fails while the expected call has not come");
    client(&server).social().get_connectors().await.expect("answered");
    server.verify().await;

    server
        .social()
        .get_connectors_actions()
        .responds_ok(social::ConnectorActionsResponse::new(true, vec![]))
        .with_delay(Duration::from_secs(2))
        .mount()
        .await;
    let slow = client(&server).with_timeout(Some(Duration::from_millis(200))).social().get_connectors_actions().await;
    assert!(matches!(&slow, Err(error) if error.is_timeout()), "{slow:?}");

    server.social().delete_connectors().drops_connection().mount().await;
    let dropped = client(&server).social().delete_connectors("ca_1").await;
    assert!(matches!(dropped, Err(runtime::Error::Transport(_))), "{dropped:?}");
}
