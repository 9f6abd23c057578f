//! A hostile or careless server meets the generated client: cookie values that try to add cookies,
//! redirects to another origin, errors whose texts could show a query key, bodies over the limit.

use std::time::Duration;

use wire_tests::hostile::runtime::{self, Error, RequestOptions, RetryPolicy};
use wire_tests::hostile::{Client, GetItemsError};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "k-secret-123";

/// A client sending all four credentials the spec asks for, each attempt once.
fn client(base: &str) -> Client {
    Client::with_base_url(base)
        .with_api_key(KEY)
        .with_key_query(KEY)
        .with_key_cookie("c1")
        .with_bearer_token("b-secret-456")
        .with_retry(RetryPolicy::none())
}

async fn answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(template).mount(&server).await;
    server
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn a_cookie_value_can_never_become_two_cookies() {
    let server = answering(ResponseTemplate::new(200).set_body_string("[]")).await;
    let items = client(&server.uri())
        .get_items()
        .session("s; admin=true")
        .tags(vec!["a,b".into(), "c\"d\\e f".into()])
        .await
        .expect("200");
    assert!(items.is_empty());
    let sent = requests(&server).await;
    let cookies: Vec<_> = sent[0].headers.get_all("cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    assert_eq!(cookies, ["session=s%3B%20admin=true; tags=a%2Cb,c%22d%5Ce%20f; sid=c1"]);
}

#[tokio::test]
async fn a_cookie_credential_a_cookie_cannot_carry_is_refused_and_nothing_is_sent() {
    let server = answering(ResponseTemplate::new(200).set_body_string("[]")).await;
    let error = client(&server.uri()).with_key_cookie("c1; admin=true").get_items().await.expect_err("refused");
    assert!(matches!(&error, Error::InvalidRequest(message) if message.contains("cookie `sid`")), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("admin=true"), "{error:?}");
    assert!(requests(&server).await.is_empty());
}

/// The first server redirects every request, with `status`, to the second.
async fn redirecting(status: u16) -> (MockServer, MockServer) {
    let elsewhere = answering(ResponseTemplate::new(200).set_body_string("[]")).await;
    let location = format!("{}/steal?from=redirect", elsewhere.uri());
    let first = answering(ResponseTemplate::new(status).insert_header("location", location.as_str())).await;
    (first, elsewhere)
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_so_no_credential_leaves() {
    for status in [301, 302, 303, 307, 308] {
        let (first, elsewhere) = redirecting(status).await;
        let error = client(&first.uri()).get_items().q("x").await.expect_err("a redirect is not an answer");
        let Error::Api { error: GetItemsError::UnknownStatus(raw), response } = &error else {
            panic!("expected the {status} as an undocumented status, got {error:?}")
        };
        assert_eq!((raw.status.as_u16(), response.status.as_u16()), (status, status));
        let location = raw.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(location.starts_with(&elsewhere.uri()), "{location}");
        assert!(requests(&elsewhere).await.is_empty(), "{status}: the other origin was called");
        // The first server did get every credential: the test's client sends them.
        let sent = &requests(&first).await[0];
        assert!(sent.headers.contains_key("x-api-key") && sent.headers.contains_key("authorization"));
        assert!(sent.url.query().is_some_and(|q| q.contains("api_key=")));
    }
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed() {
    let server = MockServer::start().await;
    Mock::given(path("/items"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/moved"))
        .mount(&server)
        .await;
    Mock::given(path("/moved")).respond_with(ResponseTemplate::new(200).set_body_string("[]")).mount(&server).await;
    assert!(client(&server.uri()).get_items().await.expect("followed").is_empty());
    let sent = requests(&server).await;
    assert_eq!(sent.iter().map(|r| r.url.path()).collect::<Vec<_>>(), ["/items", "/moved"]);
    assert_eq!(sent[1].headers.get("x-api-key").and_then(|v| v.to_str().ok()), Some(KEY));
}

#[tokio::test]
async fn your_own_http_client_keeps_its_redirect_policy() {
    // With the runtime's policy, the other origin is never called.
    let (first, elsewhere) = redirecting(307).await;
    let http = reqwest::Client::builder().redirect(runtime::same_origin_redirects()).build().expect("a client");
    let error = client(&first.uri()).with_http_client(http).get_items().await.expect_err("not followed");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(307));
    assert!(requests(&elsewhere).await.is_empty());
    // reqwest's default policy follows, and drops only `Authorization` and `Cookie`: this is why
    // `with_http_client` says to set the policy.
    let (first, elsewhere) = redirecting(307).await;
    client(&first.uri()).with_http_client(reqwest::Client::new()).get_items().await.expect("followed");
    let sent = &requests(&elsewhere).await[0];
    assert!(!sent.headers.contains_key("authorization") && !sent.headers.contains_key("cookie"));
    assert_eq!(sent.headers.get("x-api-key").and_then(|v| v.to_str().ok()), Some(KEY));
}

/// Every text an error gives: `Display`, `Debug` (plain and pretty), and each source's `Display`
/// and `Debug`.
fn texts(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut all = vec![error.to_string(), format!("{error:?}"), format!("{error:#?}")];
    let mut source = error.source();
    while let Some(inner) = source {
        all.extend([inner.to_string(), format!("{inner:?}")]);
        source = inner.source();
    }
    all
}

fn assert_no_secret(error: &Error<GetItemsError>) {
    for text in texts(error) {
        assert!(!text.contains(KEY) && !text.contains("b-secret-456"), "a secret in {text}");
    }
}

#[tokio::test(start_paused = true)]
async fn no_error_text_shows_a_query_key_on_a_refused_connection() {
    // A port just released: nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("an address");
    drop(listener);
    let error = client(&format!("http://{address}")).get_items().await.expect_err("refused");
    let Error::Transport(transport) = &error else { panic!("expected a transport error, got {error:?}") };
    assert!(transport.is_connect(), "{error}");
    // The URL is still there for debugging, with its query values redacted.
    let url = transport.reqwest_error().and_then(reqwest::Error::url).map(|url| url.to_string());
    assert_eq!(url, Some(format!("http://{address}/items?api_key=***")));
    assert_no_secret(&error);
}

/// A server that accepts connections and reads requests, but never answers.
async fn silent() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    format!("http://{address}")
}

#[tokio::test(start_paused = true)]
async fn no_error_text_shows_a_query_key_on_a_timeout() {
    // The runtime's own deadline.
    let client = client(&silent().await).with_timeout(Some(Duration::from_secs(2)));
    let error = client.get_items().q("search").await.expect_err("no answer");
    assert!(error.is_timeout(), "{error}");
    assert_no_secret(&error);
    // reqwest's timeout, whose error carries the URL.
    let http = reqwest::Client::builder().timeout(Duration::from_secs(2)).build().expect("a client");
    let error = client.with_http_client(http).with_timeout(None).get_items().await.expect_err("no answer");
    let Error::Transport(transport) = &error else { panic!("expected a transport error, got {error:?}") };
    assert!(transport.is_timeout() && transport.reqwest_error().and_then(reqwest::Error::url).is_some(), "{error}");
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_body_over_the_limit_fails_the_call_keeping_status_and_headers() {
    let problem = format!(r#"{{"message": "{}"}}"#, "x".repeat(4096));
    let server =
        answering(ResponseTemplate::new(500).insert_header("x-request-id", "r-9").set_body_string(problem)).await;
    let error = client(&server.uri()).with_max_body_size(Some(1024)).get_items().await.expect_err("too large");
    assert!(matches!(error, Error::BodyTooLarge { limit: 1024, .. }), "{error:?}");
    assert_eq!((error.status().map(|s| s.as_u16()), error.request_id()), (Some(500), Some("r-9")));
    assert_eq!(
        error.to_string(),
        "the body of the 500 Internal Server Error response is larger than the limit of 1 KiB"
    );
    // Per request, over the client's.
    let note = answering(ResponseTemplate::new(200).set_body_string("a note of 24 bytes, here")).await;
    let options = RequestOptions::new().max_body_size(Some(23));
    let error = client(&note.uri()).get_note().with_options(options).await.expect_err("too large");
    assert!(matches!(error, Error::BodyTooLarge { limit: 23, .. }), "{error:?}");
    let options = RequestOptions::new().max_body_size(Some(24));
    assert_eq!(client(&note.uri()).get_note().with_options(options).await.expect("fits"), "a note of 24 bytes, here");
}
