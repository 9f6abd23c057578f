//! Multipart bodies of every shape on the wire, byte for byte: an `allOf` of objects merged into one
//! form, a map sent as one part per entry, and arrays sent as one part per item.

use wire_tests::multipart::runtime::FilePart;
use wire_tests::multipart::{Client, PostLabelsBody, PostSongsBody, PostTagsBody};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

/// The only request received, and the boundary of its multipart body.
async fn only_request(server: &MockServer) -> (Request, String) {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "exactly one request");
    let request = requests.remove(0);
    let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart with a boundary");
    let boundary = boundary.to_owned();
    (request, boundary)
}

#[tokio::test]
async fn an_all_of_of_objects_is_one_form() {
    let server = server().await;
    let mut body = PostSongsBody::new("Intro", FilePart::from_bytes(&b"ID3"[..]).file_name("intro.mp3"));
    body.bpm = Some(120);
    Client::with_base_url(server.uri()).post_songs(body).await.expect("204");
    let (request, b) = only_request(&server).await;
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nIntro\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"bpm\"\r\n\r\n120\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"intro.mp3\"\r\nContent-Type: audio/mpeg\r\n\r\nID3\r\n\
         --{b}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
}

#[tokio::test]
async fn a_map_is_one_part_per_entry() {
    let server = server().await;
    let additional_parts = [("genre", "pop"), ("mood", "sunny")].map(|(k, v)| (k.to_owned(), v.to_owned())).into();
    let mut body = PostLabelsBody::new();
    body.additional_parts = additional_parts;
    Client::with_base_url(server.uri()).post_labels(body).await.expect("204");
    let (request, b) = only_request(&server).await;
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"genre\"\r\n\r\npop\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"mood\"\r\n\r\nsunny\r\n\
         --{b}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
}

#[tokio::test]
async fn an_array_is_one_part_per_item() {
    let server = server().await;
    let body = PostTagsBody::new(vec!["pop".into(), "summer".into()], vec![3, 4]);
    Client::with_base_url(server.uri()).post_tags(body).await.expect("204");
    let (request, b) = only_request(&server).await;
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\nContent-Type: text/plain\r\n\r\npop\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\nContent-Type: text/plain\r\n\r\nsummer\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"counts\"\r\n\r\n3\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"counts\"\r\n\r\n4\r\n\
         --{b}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
}
