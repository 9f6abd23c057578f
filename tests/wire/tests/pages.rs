//! Paginated operations against wiremock, one per scheme of `specs/pages.yaml` (the Recoup specs'
//! shapes): three pages then the end, an empty first page, a server ignoring `limit`, an error on
//! page 2, a next URL to another host, bounds reached mid-page, and every page through the retries.

use std::sync::{Arc, Mutex};

use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::{Value, json};
use wire_tests::pages::Client;
use wire_tests::pages::runtime::{Error, Hook, RetryPolicy};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn json_body(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Answers `GET at` whose query has `name=value` (or no `name` when `value` is `None`).
async fn page(server: &MockServer, at: &str, name: &str, value: Option<&str>, response: ResponseTemplate) {
    let mock = Mock::given(method("GET")).and(path(at));
    match value {
        Some(value) => mock.and(query_param(name, value)).respond_with(response).mount(server).await,
        None => mock.and(query_param_is_missing(name)).respond_with(response).mount(server).await,
    }
}

/// The query of every request the server received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.iter().map(|r| r.url.query().unwrap_or_default().to_owned()).collect()
}

fn fans(ids: &[&str], page: i64, total_count: i64, total_pages: i64) -> Value {
    let fans: Vec<Value> = ids.iter().map(|id| json!({"id": id, "username": format!("@{id}")})).collect();
    json!({"status": "success", "fans": fans,
        "pagination": {"total_count": total_count, "page": page, "limit": 2, "total_pages": total_pages}})
}

#[tokio::test]
async fn page_numbers_until_total_pages_in_a_nested_pagination_object() {
    let server = MockServer::start().await;
    page(&server, "/fans", "page", None, json_body(fans(&["a", "b"], 1, 5, 3))).await;
    page(&server, "/fans", "page", Some("2"), json_body(fans(&["c", "d"], 2, 5, 3))).await;
    page(&server, "/fans", "page", Some("3"), json_body(fans(&["e"], 3, 5, 3))).await;
    let client = Client::with_base_url(server.uri());
    // The first request leaves `page` to the server's default (1); the next ones count from it.
    let ids: Vec<String> =
        client.get_fans("artist").limit(2).items().map_ok(|fan| fan.id).try_collect().await.expect("every page");
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        queries(&server).await,
        [
            "artist_account_id=artist&limit=2",
            "artist_account_id=artist&page=2&limit=2",
            "artist_account_id=artist&page=3&limit=2"
        ]
    );
}

#[tokio::test]
async fn an_empty_first_page_is_one_page_and_no_items() {
    let server = MockServer::start().await;
    page(&server, "/fans", "page", None, json_body(fans(&[], 1, 0, 0))).await;
    let client = Client::with_base_url(server.uri());
    let pages: Vec<_> = client.get_fans("artist").pages().collect().await;
    assert_eq!(pages.len(), 1);
    let first = pages.into_iter().next().and_then(Result::ok).expect("the page");
    assert_eq!((first.status.as_u16(), first.body.fans.len()), (200, 0));
    let items: Vec<_> = client.get_fans("artist").items().collect().await;
    assert!(items.is_empty());
    assert_eq!(queries(&server).await.len(), 2, "one request each");
}

fn events(ids: &[&str], page: i64, total_count: i64) -> Value {
    let events: Vec<Value> = ids.iter().map(|id| json!({"id": id, "credits_deducted": 10})).collect();
    json!({"status": "success", "page": page, "limit": 2, "total_count": total_count, "events": events})
}

#[tokio::test]
async fn page_numbers_until_total_count_also_when_the_server_ignores_limit() {
    let server = MockServer::start().await;
    // Asked for 2 a page, the server sends 3: two pages cover the 6 events.
    page(&server, "/events", "page", None, json_body(events(&["1", "2", "3"], 1, 6))).await;
    page(&server, "/events", "page", Some("2"), json_body(events(&["4", "5", "6"], 2, 6))).await;
    let client = Client::with_base_url(server.uri());
    let ids: Vec<String> = client.get_events().limit(2).items().map_ok(|e| e.id).try_collect().await.expect("pages");
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6"]);
    assert_eq!(queries(&server).await, ["limit=2", "limit=2&page=2"]);
}

fn players(from: usize, count: usize, next: Option<usize>) -> Value {
    let players: Vec<Value> =
        (from..from + count).map(|i| json!({"id": format!("00000000-0000-0000-0000-{i:012}")})).collect();
    json!({"players": players, "offset": from, "limit": 2, "nextOffset": next})
}

#[tokio::test]
async fn offsets_echoed_until_next_offset_is_null() {
    let server = MockServer::start().await;
    page(&server, "/players", "offset", Some("0"), json_body(players(0, 2, Some(2)))).await;
    page(&server, "/players", "offset", Some("2"), json_body(players(2, 2, Some(4)))).await;
    page(&server, "/players", "offset", Some("4"), json_body(players(4, 2, None))).await;
    let client = Client::with_base_url(server.uri());
    let all: Vec<_> = client.get_players().offset(0).limit(2).items().try_collect().await.expect("pages");
    assert_eq!(all.len(), 6);
    assert_eq!(all[5].id.to_string(), "00000000-0000-0000-0000-000000000005");
    assert_eq!(queries(&server).await, ["offset=0&limit=2", "offset=2&limit=2", "offset=4&limit=2"]);
}

fn albums(names: &[&str]) -> Value {
    let albums: Vec<Value> = names.iter().map(|n| json!({"id": n, "name": n})).collect();
    json!({"status": "success", "albums": albums})
}

#[tokio::test]
async fn offsets_not_echoed_advance_by_what_came_and_end_on_a_short_page() {
    let server = MockServer::start().await;
    // The server ignores `limit=2` and sends 3: offsets go 0, 3, 6, and a short page ends it.
    page(&server, "/albums", "offset", None, json_body(albums(&["a", "b", "c"]))).await;
    page(&server, "/albums", "offset", Some("3"), json_body(albums(&["d", "e", "f"]))).await;
    page(&server, "/albums", "offset", Some("6"), json_body(albums(&["g"]))).await;
    let client = Client::with_base_url(server.uri());
    let names: Vec<String> = client.get_albums().limit(2).items().map_ok(|a| a.name).try_collect().await.expect("ok");
    assert_eq!(names, ["a", "b", "c", "d", "e", "f", "g"]);
    assert_eq!(queries(&server).await, ["limit=2", "limit=2&offset=3", "limit=2&offset=6"]);
}

fn spotify(base: &str, offset: usize, names: &[&str], total: usize) -> Value {
    let items: Vec<Value> = names.iter().map(|n| json!({"id": n, "name": n})).collect();
    let next = (offset + names.len() < total).then(|| format!("{base}/v1/artists/x/albums?offset={}", offset + 2));
    json!({"href": "https://api.spotify.com/v1/artists/x/albums", "limit": 2, "next": next, "offset": offset,
        "previous": null, "total": total, "items": items})
}

#[tokio::test]
async fn spotify_offsets_until_total_and_a_bound_reached_mid_page_stops_fetching() {
    let server = MockServer::start().await;
    let base = "https://api.spotify.com";
    page(&server, "/spotify/albums", "offset", None, json_body(spotify(base, 0, &["a", "b"], 5))).await;
    page(&server, "/spotify/albums", "offset", Some("2"), json_body(spotify(base, 2, &["c", "d"], 5))).await;
    page(&server, "/spotify/albums", "offset", Some("4"), json_body(spotify(base, 4, &["e"], 5))).await;
    let client = Client::with_base_url(server.uri());
    let all: Vec<_> = client.get_spotify_albums("x").limit(2).items().try_collect().await.expect("pages");
    assert_eq!(all.len(), 5);
    assert_eq!(queries(&server).await.len(), 3);

    // Three items are in the first two pages: the third is never asked for.
    let three: Vec<_> = client.get_spotify_albums("x").limit(2).items().max_items(3).try_collect().await.expect("ok");
    assert_eq!(three.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
    assert_eq!(queries(&server).await.len(), 5);
    let pages: Vec<_> = client.get_spotify_albums("x").limit(2).pages().max_pages(1).collect().await;
    assert_eq!(pages.len(), 1);
    assert_eq!(queries(&server).await.len(), 6);
}

fn usage(ids: &[&str], next: Option<&str>) -> Value {
    let events: Vec<Value> = ids.iter().map(|id| json!({"id": id, "credits_deducted": 1})).collect();
    json!({"events": events, "next_cursor": next})
}

#[tokio::test]
async fn cursors_until_next_cursor_is_null() {
    let server = MockServer::start().await;
    page(&server, "/usage", "cursor", None, json_body(usage(&["1", "2"], Some("c2")))).await;
    page(&server, "/usage", "cursor", Some("c2"), json_body(usage(&["3", "4"], Some("c3")))).await;
    page(&server, "/usage", "cursor", Some("c3"), json_body(usage(&["5"], None))).await;
    let client = Client::with_base_url(server.uri());
    let ids: Vec<String> = client.get_usage().items().map_ok(|e| e.id).try_collect().await.expect("pages");
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    assert_eq!(queries(&server).await, ["", "cursor=c2", "cursor=c3"]);
}

#[tokio::test]
async fn an_error_on_page_two_is_yielded_once_then_the_stream_ends() {
    let server = MockServer::start().await;
    page(&server, "/usage", "cursor", None, json_body(usage(&["1", "2"], Some("c2")))).await;
    let failing = ResponseTemplate::new(404).set_body_raw(r#"{"message":"gone"}"#, "application/json");
    page(&server, "/usage", "cursor", Some("c2"), failing).await;
    let client = Client::with_base_url(server.uri());
    let mut items = client.get_usage().items();
    assert_eq!(items.next().await.and_then(Result::ok).map(|e| e.id).as_deref(), Some("1"));
    assert_eq!(items.next().await.and_then(Result::ok).map(|e| e.id).as_deref(), Some("2"));
    let error = items.next().await.and_then(Result::err).expect("the error of page 2");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(items.next().await.is_none());
    assert!(items.next().await.is_none(), "fused");
    assert_eq!(queries(&server).await.len(), 2);
}

#[tokio::test]
async fn every_page_goes_through_the_retries_and_hooks() {
    #[derive(Default)]
    struct Count(Mutex<Vec<String>>);
    impl Hook for Count {
        fn before_attempt(&self, attempt: &wire_tests::pages::runtime::Attempt, _: &mut reqwest::Request) {
            self.0.lock().expect("not poisoned").push(format!("{} #{}", attempt.operation.name, attempt.number));
        }
    }
    let server = MockServer::start().await;
    page(&server, "/usage", "cursor", None, json_body(usage(&["1"], Some("c2")))).await;
    // Page 2 fails once with 503, then answers.
    Mock::given(method("GET"))
        .and(path("/usage"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    page(&server, "/usage", "cursor", Some("c2"), json_body(usage(&["2"], None))).await;
    let hook = Arc::new(Count::default());
    let client = Client::with_base_url(server.uri())
        .with_retry(RetryPolicy::new().with_initial_delay(std::time::Duration::from_millis(1)).with_jitter(false))
        .with_hook(hook.clone());
    let ids: Vec<String> = client.get_usage().items().map_ok(|e| e.id).try_collect().await.expect("retried");
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(*hook.0.lock().expect("not poisoned"), ["get_usage #1", "get_usage #1", "get_usage #2"]);
}

#[tokio::test]
async fn after_cursors_are_uuids_from_next_cursor() {
    let server = MockServer::start().await;
    let id = |i: u32| format!("00000000-0000-0000-0000-{i:012}");
    let body = |items: &[u32], next: Option<u32>| json!({"professionals": items.iter().map(|i| json!({"id": id(*i)})).collect::<Vec<_>>(), "next_cursor": next.map(id)});
    page(&server, "/professionals", "after", None, json_body(body(&[1, 2], Some(2)))).await;
    page(&server, "/professionals", "after", Some(&id(2)), json_body(body(&[3, 4], Some(4)))).await;
    page(&server, "/professionals", "after", Some(&id(4)), json_body(body(&[5], None))).await;
    let client = Client::with_base_url(server.uri());
    let organization = uuid::Uuid::nil();
    let all: Vec<_> = client.get_professionals(organization).items().try_collect().await.expect("pages");
    assert_eq!(all.len(), 5);
    assert_eq!(queries(&server).await.len(), 3);
}

#[tokio::test]
async fn has_more_with_the_last_id_as_starting_after() {
    let server = MockServer::start().await;
    let body = |ids: &[&str], more: bool| json!({"payments": ids.iter().map(|id| json!({"id": id, "amount": 100})).collect::<Vec<_>>(), "hasMore": more});
    page(&server, "/payments", "startingAfter", None, json_body(body(&["in_1", "in_2"], true))).await;
    page(&server, "/payments", "startingAfter", Some("in_2"), json_body(body(&["in_3", "in_4"], true))).await;
    page(&server, "/payments", "startingAfter", Some("in_4"), json_body(body(&["in_5"], false))).await;
    let client = Client::with_base_url(server.uri());
    let ids: Vec<String> = client.get_payments().limit(2).items().map_ok(|p| p.id).try_collect().await.expect("ok");
    assert_eq!(ids, ["in_1", "in_2", "in_3", "in_4", "in_5"]);
    assert_eq!(queries(&server).await, ["limit=2", "limit=2&startingAfter=in_2", "limit=2&startingAfter=in_4"]);
}

fn linked(names: &[&str], next: Option<String>) -> ResponseTemplate {
    let body: Vec<Value> = names.iter().map(|n| json!({"id": n, "name": n})).collect();
    let response = json_body(json!(body));
    match next {
        Some(url) => response.insert_header("link", format!("<{url}>; rel=\"next\"").as_str()),
        None => response,
    }
}

#[tokio::test]
async fn link_headers_are_followed_on_the_same_origin() {
    let server = MockServer::start().await;
    let uri = server.uri();
    page(&server, "/links", "page", None, linked(&["a", "b"], Some("/links?page=2".to_owned()))).await;
    page(&server, "/links", "page", Some("2"), linked(&["c"], Some(format!("{uri}/links?page=3")))).await;
    page(&server, "/links", "page", Some("3"), linked(&["d"], None)).await;
    let client = Client::with_base_url(uri);
    let names: Vec<String> = client.get_links().items().map_ok(|a| a.name).try_collect().await.expect("pages");
    assert_eq!(names, ["a", "b", "c", "d"]);
    assert_eq!(queries(&server).await, ["", "page=2", "page=3"]);
}

#[tokio::test]
async fn a_next_url_to_another_host_is_refused() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET")).respond_with(linked(&["stolen"], None)).mount(&elsewhere).await;
    page(&server, "/links", "page", None, linked(&["a"], Some(format!("{}/links?page=2", elsewhere.uri())))).await;
    let client = Client::with_base_url(server.uri());
    let mut items = client.get_links().items();
    assert_eq!(items.next().await.and_then(Result::ok).map(|a| a.name).as_deref(), Some("a"));
    match items.next().await {
        Some(Err(Error::InvalidRequest(message))) => {
            assert!(message.contains("is on another origin than the request; it is not followed"), "{message}")
        }
        other => panic!("expected the refusal, got {other:?}"),
    }
    assert!(items.next().await.is_none());
    assert!(elsewhere.received_requests().await.unwrap_or_default().is_empty(), "nothing went to the other host");
}

#[tokio::test]
async fn fern_next_uri_in_the_body() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let body = |names: &[&str], next: Option<String>| json!({"data": names.iter().map(|n| json!({"id": n, "name": n})).collect::<Vec<_>>(), "links": {"next": next}});
    page(&server, "/feed", "after", None, json_body(body(&["a"], Some(format!("{uri}/feed?after=a"))))).await;
    page(&server, "/feed", "after", Some("a"), json_body(body(&["b"], Some("/feed?after=b".to_owned())))).await;
    page(&server, "/feed", "after", Some("b"), json_body(body(&["c"], None))).await;
    let client = Client::with_base_url(uri);
    let names: Vec<String> = client.get_feed().items().map_ok(|a| a.name).try_collect().await.expect("pages");
    assert_eq!(names, ["a", "b", "c"]);
}
