//! Parameters on the wire, byte for byte: every style OpenAPI defines for paths, queries, headers
//! and cookies, optional parameters left out, and one name in several locations.

use wire_tests::params::{Client, GetQueryMode, Point};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

/// The path and query of the only request the server received, as sent.
async fn sent(server: &MockServer) -> (String, Option<String>, wiremock::Request) {
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "exactly one request");
    let request = requests.into_iter().next().expect("one request");
    (request.url.path().to_owned(), request.url.query().map(str::to_owned), request)
}

fn point() -> Point {
    Point::new(3, 4)
}

#[tokio::test]
async fn simple_path_style() {
    let server = server().await;
    Client::with_base_url(server.uri()).get_simple_by_point("a b/c", vec![3, 4, 5], point()).await.expect("204");
    assert_eq!(sent(&server).await.0, "/simple/a%20b%2Fc/3,4,5/x=3,y=4");
}

#[tokio::test]
async fn label_path_style() {
    let server = server().await;
    Client::with_base_url(server.uri()).get_label_by_point(vec![3, 4, 5], point()).await.expect("204");
    assert_eq!(sent(&server).await.0, "/label/.3,4,5/.x=3.y=4");
}

#[tokio::test]
async fn matrix_path_style() {
    let server = server().await;
    Client::with_base_url(server.uri()).get_matrix_by_ids("blue", vec![3, 4]).await.expect("204");
    assert_eq!(sent(&server).await.0, "/matrix/;id=blue/;ids=3;ids=4");
}

#[tokio::test]
async fn every_query_style() {
    let server = server().await;
    let when = chrono::DateTime::parse_from_rfc3339("2026-11-29T10:00:00+01:00").expect("a valid date");
    Client::with_base_url(server.uri())
        .get_query()
        .exploded(vec!["a".into(), "b c".into()])
        .joined(vec!["a".into(), "b,c".into()])
        .spaced(vec![1, 2])
        .piped(vec![1, 2])
        .filter(point())
        .point(point())
        .flat(point())
        .when(when)
        .mode(GetQueryMode::Slow)
        .await
        .expect("204");
    let expected = "exploded=a&exploded=b%20c&joined=a,b%2Cc&spaced=1%202&piped=1|2&filter%5Bx%5D=3&filter%5By%5D=4\
                    &x=3&y=4&flat=x,3,y,4&when=2026-11-29T10%3A00%3A00%2B01%3A00&mode=slow";
    assert_eq!(sent(&server).await.1.as_deref(), Some(expected));
}

#[tokio::test]
async fn optional_query_parameters_are_left_out() {
    let server = server().await;
    Client::with_base_url(server.uri()).get_query().await.expect("204");
    assert_eq!(sent(&server).await.1, None);
}

#[tokio::test]
async fn headers_cookies_and_one_name_in_two_locations() {
    let server = server().await;
    Client::with_base_url(server.uri())
        .get_headers_by_id("p1", 2)
        .x_tags(vec!["a".into(), "b".into()])
        .x_point(point())
        .id_2(7)
        .session("s1")
        .theme("dark")
        .await
        .expect("204");
    let (path, query, request) = sent(&server).await;
    assert_eq!(path, "/headers/p1");
    assert_eq!(query.as_deref(), Some("id=7"));
    let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    // The operation's integer `X-Level` replaces the path-level string one.
    assert_eq!(header("x-level").as_deref(), Some("2"));
    assert_eq!(header("x-tags").as_deref(), Some("a,b"));
    assert_eq!(header("x-point").as_deref(), Some("x=3,y=4"));
    assert_eq!(header("cookie").as_deref(), Some("session=s1; theme=dark"));
}

#[tokio::test]
async fn optional_headers_and_cookies_are_left_out() {
    let server = server().await;
    Client::with_base_url(server.uri()).get_headers_by_id("p1", 2).await.expect("204");
    let (_, query, request) = sent(&server).await;
    assert_eq!(query, None);
    for name in ["x-tags", "x-point", "cookie"] {
        assert!(request.headers.get(name).is_none(), "{name} must not be sent");
    }
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused() {
    let server = server().await;
    let result =
        Client::with_base_url(server.uri()).get_headers_by_id("p1", 2).x_tags(vec!["a\r\nInjected: yes".into()]).await;
    assert!(matches!(result, Err(wire_tests::params::runtime::Error::InvalidRequest(_))), "{result:?}");
    assert!(server.received_requests().await.unwrap_or_default().is_empty());
}
