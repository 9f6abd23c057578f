//! Request bodies on the wire, byte for byte: JSON with a `+json` type, optional bodies, text,
//! streamed binary, forms with per-member encodings, multipart uploads, and a body offered in
//! several media types.

use wire_tests::bodies::runtime::FilePart;
use wire_tests::bodies::{Client, Pet, PostEitherBody, PostUploadBody};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn header(request: &Request, name: &str) -> Option<String> {
    request.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

fn pet() -> Pet {
    let mut pet = Pet::new("Rex");
    pet.age = Some(3);
    pet
}

#[tokio::test]
async fn json_with_a_plus_json_media_type() {
    let server = server().await;
    // A required object body is taken member by member: required ones as arguments, the rest set.
    Client::with_base_url(server.uri()).patch_json("Rex").age(3).await.expect("204");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(header(&request, "content-type").as_deref(), Some("application/merge-patch+json"));
    assert_eq!(request.body, br#"{"name":"Rex","age":3}"#);
}

#[tokio::test]
async fn an_optional_body_is_sent_only_when_set() {
    let server = server().await;
    let client = Client::with_base_url(server.uri());
    client.post_optional().await.expect("204");
    client.post_optional().body(pet()).await.expect("204");
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(requests[0].body.is_empty());
    assert!(header(&requests[0], "content-type").is_none());
    assert_eq!(requests[1].body, br#"{"name":"Rex","age":3}"#);
}

#[tokio::test]
async fn text_plain() {
    let server = server().await;
    Client::with_base_url(server.uri()).put_text("line one\nline two").await.expect("204");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type").as_deref(), Some("text/plain"));
    assert_eq!(request.body, b"line one\nline two");
}

#[tokio::test]
async fn binary_from_bytes_and_streamed_from_a_stream() {
    let server = server().await;
    let client = Client::with_base_url(server.uri());
    client.put_binary(vec![0u8, 159, 146, 150]).await.expect("204");
    let chunks: Vec<Result<&'static [u8], std::io::Error>> = vec![Ok(b"first "), Ok(b"second")];
    client.put_binary(reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))).await.expect("204");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(header(&requests[0], "content-type").as_deref(), Some("application/octet-stream"));
    assert_eq!(requests[0].body, [0u8, 159, 146, 150]);
    assert_eq!(requests[1].body, b"first second");
    // A stream goes out chunked: it was never held whole in memory.
    assert_eq!(header(&requests[1], "transfer-encoding").as_deref(), Some("chunked"));
    assert!(header(&requests[1], "content-length").is_none());
}

#[tokio::test]
async fn binary_streamed_from_a_file() {
    let server = server().await;
    let path = std::env::temp_dir().join(format!("wire-binary-{}.bin", std::process::id()));
    std::fs::write(&path, b"file contents").expect("temp file");
    let file = tokio::fs::File::open(&path).await.expect("opens");
    Client::with_base_url(server.uri()).put_binary(file).await.expect("204");
    let _ = std::fs::remove_file(&path);
    assert_eq!(only_request(&server).await.body, b"file contents");
}

#[tokio::test]
async fn form_urlencoded_with_member_encodings() {
    let server = server().await;
    Client::with_base_url(server.uri())
        .post_form("Rex & co")
        .tags(vec!["a".into(), "b".into()])
        .codes(vec![1, 2])
        .filter(pet())
        .await
        .expect("204");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type").as_deref(), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "name=Rex+%26+co&tags=a&tags=b&codes=1%2C2&filter%5Bname%5D=Rex&filter%5Bage%5D=3"
    );
}

fn streamed_chunks() -> Vec<Result<&'static [u8], std::io::Error>> {
    vec![Ok(b"streamed "), Ok(b"part")]
}

#[tokio::test]
async fn multipart_upload_with_files_text_and_json_parts() {
    let server = server().await;
    let path = std::env::temp_dir().join(format!("wire-attachment-{}.txt", std::process::id()));
    std::fs::write(&path, b"attached").expect("temp file");
    let attachments = vec![
        FilePart::from_path(&path).await.expect("opens").content_type("text/plain"),
        FilePart::from_body(reqwest::Body::wrap_stream(futures_util::stream::iter(streamed_chunks())))
            .file_name("streamed.txt"),
    ];
    let mut body = PostUploadBody::new(FilePart::from_bytes(&b"\x89PNG"[..]).file_name("rex.png"), attachments, "Rex");
    body.meta = Some(pet());
    Client::with_base_url(server.uri()).post_upload(body).await.expect("204");
    let _ = std::fs::remove_file(&path);
    let request = only_request(&server).await;
    let content_type = header(&request, "content-type").expect("a content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart with a boundary");
    let file_name = path.file_name().and_then(|n| n.to_str()).expect("a file name");
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rex.png\"\r\nContent-Type: image/png\r\n\r\n\u{89}PNG\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"{file_name}\"\r\nContent-Type: text/plain\r\n\r\nattached\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"streamed.txt\"\r\n\r\nstreamed part\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nRex\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"name\":\"Rex\",\"age\":3}}\r\n\
         --{boundary}--\r\n"
    );
    let expected = expected.replace('\u{89}', "\u{FFFD}");
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
}

#[tokio::test]
async fn a_body_in_several_media_types_defaults_to_json_and_can_be_sent_as_a_form() {
    let server = server().await;
    let client = Client::with_base_url(server.uri());
    client.post_either(pet()).await.expect("204");
    client.post_either(PostEitherBody::Form(pet())).await.expect("204");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(header(&requests[0], "content-type").as_deref(), Some("application/json"));
    assert_eq!(requests[0].body, br#"{"name":"Rex","age":3}"#);
    assert_eq!(header(&requests[1], "content-type").as_deref(), Some("application/x-www-form-urlencoded"));
    assert_eq!(requests[1].body, b"name=Rex&age=3");
}
