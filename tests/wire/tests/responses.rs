//! Responses off the wire: typed bodies by status and by `Content-Type`, `+json` errors, text,
//! streamed binary, server-sent events, no content, 3XX, ranges, `default`, typed headers.

use futures_util::StreamExt as _;
use wire_tests::responses::runtime::{Error, Event};
use wire_tests::responses::{
    Client, GetPetsByIdError, GetPetsByIdResponseBody, GetPhotoError, HeadPetsByIdError, Pet, PostJobsResponse, Problem,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(verb: &str, at: &str, response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method(verb)).and(path(at)).respond_with(response).mount(&server).await;
    let client = Client::with_base_url(server.uri());
    (server, client)
}

fn pet() -> Pet {
    Pet::new("Rex")
}

#[tokio::test]
async fn json_body_with_typed_headers_and_status() {
    let (_server, client) = answering(
        "GET",
        "/pets/1",
        ResponseTemplate::new(200)
            .insert_header("etag", "\"v7\"")
            .insert_header("x-rate-remaining", "41")
            .insert_header("x-other", "kept")
            .set_body_raw(r#"{"name":"Rex"}"#, "application/json; charset=utf-8"),
    )
    .await;
    let response = client.get_pets_by_id("1").send_response().await.expect("documented 200");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.headers.e_tag.as_deref(), Some("\"v7\""));
    assert_eq!(response.headers.x_rate_remaining, Some(41));
    assert_eq!(response.raw_headers.get("x-other").and_then(|v| v.to_str().ok()), Some("kept"));
    assert_eq!(response.body, GetPetsByIdResponseBody::Json(pet()));
}

#[tokio::test]
async fn the_content_type_picks_the_media_type() {
    let (_server, client) =
        answering("GET", "/pets/1", ResponseTemplate::new(200).set_body_raw("Rex, a dog", "text/plain")).await;
    assert_eq!(client.get_pets_by_id("1").await.expect("200"), GetPetsByIdResponseBody::Text("Rex, a dog".into()));
}

#[tokio::test]
async fn a_malformed_typed_header_is_a_decode_error() {
    let (_server, client) = answering(
        "GET",
        "/pets/1",
        ResponseTemplate::new(200)
            .insert_header("x-rate-remaining", "many")
            .set_body_json(serde_json::json!({"name": "Rex"})),
    )
    .await;
    match client.get_pets_by_id("1").await {
        Err(Error::Decode { response, source }) => {
            assert_eq!(response.status.as_u16(), 200);
            assert!(source.to_string().contains("X-Rate-Remaining"), "{source}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn problem_json_errors_3xx_ranges_and_default() {
    let mut problem = Problem::new();
    problem.title = Some("gone".into());
    problem.status = Some(404);
    let cases = [
        (
            ResponseTemplate::new(404).set_body_raw(r#"{"title":"gone","status":404}"#, "application/problem+json"),
            "404",
        ),
        (ResponseTemplate::new(304), "304"),
        (ResponseTemplate::new(409).set_body_json(serde_json::json!({"title": "conflict"})), "4XX"),
        (ResponseTemplate::new(503).set_body_string("try later"), "default"),
    ];
    for (template, case) in cases {
        let (_server, client) = answering("GET", "/pets/1", template).await;
        let error = client.get_pets_by_id("1").await.expect_err("an error status");
        match (case, error) {
            ("404", Error::Api { error: GetPetsByIdError::NotFound(body), .. }) => assert_eq!(body, problem),
            ("304", Error::Api { error: GetPetsByIdError::NotModified, .. }) => {}
            ("4XX", Error::Api { error: GetPetsByIdError::Status4xx { status, body }, .. }) => {
                assert_eq!(status.as_u16(), 409);
                assert_eq!(body.title.as_deref(), Some("conflict"));
            }
            ("default", Error::Api { error: GetPetsByIdError::Default { status, body }, .. }) => {
                assert_eq!(status.as_u16(), 503);
                assert_eq!(body, "try later");
            }
            (case, other) => panic!("{case}: wrong decoding {other:?}"),
        }
    }
}

#[tokio::test]
async fn head_and_no_content() {
    let (_server, client) = answering("HEAD", "/pets/1", ResponseTemplate::new(204)).await;
    client.head_pets_by_id("1").await.expect("204 is success with no body");
    let (_server, client) = answering("HEAD", "/pets/2", ResponseTemplate::new(404)).await;
    let error = client.head_pets_by_id("2").await.expect_err("404");
    assert!(matches!(error, Error::Api { error: HeadPetsByIdError::NotFound, .. }), "{error:?}");
}

#[tokio::test]
async fn binary_responses_stream() {
    let image: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    let (_server, client) =
        answering("GET", "/photo", ResponseTemplate::new(200).set_body_raw(image.clone(), "image/png")).await;
    let mut stream = client.get_photo().await.expect("200");
    let mut received = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.expect("a chunk"));
        chunks += 1;
    }
    assert_eq!(received, image);
    assert!(chunks >= 1);

    let (_server, client) =
        answering("GET", "/photo", ResponseTemplate::new(200).set_body_raw(vec![1u8, 2, 3], "image/png")).await;
    assert_eq!(&client.get_photo().await.expect("200").collect().await.expect("whole body")[..], [1, 2, 3]);

    let (_server, client) =
        answering("GET", "/photo", ResponseTemplate::new(502).set_body_json(serde_json::json!({"title": "upstream"})))
            .await;
    match client.get_photo().await {
        Err(Error::Api { error: GetPhotoError::Status5xx { status, body }, .. }) => {
            assert_eq!(status.as_u16(), 502);
            assert_eq!(body.title.as_deref(), Some("upstream"));
        }
        other => panic!("expected the 5XX error, got {other:?}"),
    }
}

#[tokio::test]
async fn server_sent_events_decode_into_typed_events() {
    let body = ": a comment\r\n\
                retry: 3000\r\n\
                event: created\r\n\
                id: 1\r\n\
                data: {\"name\":\r\n\
                data: \"Rex\"}\r\n\
                \r\n\
                data: {\"name\":\"Fido\"}\n\
                \n\
                data: not json\n\
                \n\
                event: ignored-without-data\n\
                \n\
                id: 3\rdata: {\"name\":\"Last\"}\r\r\
                data: {\"name\":\"unterminated\"}";
    let (_server, client) =
        answering("GET", "/events", ResponseTemplate::new(200).set_body_raw(body, "text/event-stream")).await;
    let events: Vec<_> = client.get_events().await.expect("200").collect().await;
    assert_eq!(events.len(), 4, "{events:?}");
    let first = events[0].as_ref().expect("event 1");
    assert_eq!(
        first,
        &Event { event: Some("created".into()), data: Pet::new("Rex"), id: Some("1".into()), retry: Some(3000) }
    );
    let second = events[1].as_ref().expect("event 2");
    assert_eq!((second.event.as_deref(), second.data.name.as_str(), second.id.as_deref()), (None, "Fido", Some("1")));
    assert!(
        matches!(&events[2], Err(wire_tests::responses::runtime::EventError::Decode { data, .. }) if data == "not json")
    );
    let last = events[3].as_ref().expect("event 4");
    assert_eq!((last.data.name.as_str(), last.id.as_deref()), ("Last", Some("3")));
}

#[tokio::test]
async fn text_events_keep_their_data_as_text() {
    let (_server, client) = answering(
        "GET",
        "/log",
        ResponseTemplate::new(200).set_body_raw("data: line one\ndata: line two\n\n", "text/event-stream"),
    )
    .await;
    let events: Vec<_> = client.get_log().await.expect("200").collect().await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].as_ref().map(|e| e.data.as_str()).ok(), Some("line one\nline two"));
}

#[tokio::test]
async fn several_success_statuses_and_a_success_range() {
    let (_server, client) =
        answering("POST", "/jobs", ResponseTemplate::new(201).set_body_json(serde_json::json!({"name": "Rex"}))).await;
    assert_eq!(client.post_jobs().await.expect("201"), PostJobsResponse::Created(pet()));
    let (_server, client) = answering("POST", "/jobs", ResponseTemplate::new(202).set_body_string("queued")).await;
    assert_eq!(client.post_jobs().await.expect("202"), PostJobsResponse::Accepted("queued".into()));
    let (_server, client) = answering("POST", "/jobs", ResponseTemplate::new(206)).await;
    match client.post_jobs().await.expect("2XX") {
        PostJobsResponse::Status2xx { status } => assert_eq!(status.as_u16(), 206),
        other => panic!("expected the 2XX range, got {other:?}"),
    }
}

#[tokio::test]
async fn switching_protocols_is_the_documented_success() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    // wiremock cannot answer 101, so a one-shot server writes the upgrade response by hand.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("an address");
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("a connection");
        let mut request = vec![0u8; 4096];
        let read = socket.read(&mut request).await.expect("the request");
        socket
            .write_all(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
            .await
            .expect("the answer");
        String::from_utf8_lossy(&request[..read]).into_owned()
    });
    let client = Client::with_base_url(format!("http://{address}"));
    let response = client.get_socket().send_response().await.expect("101 is documented");
    assert_eq!(response.status.as_u16(), 101);
    assert_eq!(response.headers.upgrade.as_deref(), Some("websocket"));
    let request = server.await.expect("the server ran");
    assert!(request.starts_with("GET /socket HTTP/1.1\r\n"), "{request}");
}
