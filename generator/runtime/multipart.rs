//! `multipart/form-data` bodies: `FilePart` (files users pass), text and JSON parts, `IntoMultipart`.

use super::{Body, Bytes, Form, Part, SendFailure};

/// A file sent as one part of a `multipart/form-data` body: bytes, a file, or a stream, with an
/// optional file name and content type.
#[derive(Debug)]
pub struct FilePart {
    body: Body,
    length: Option<u64>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part holding `bytes`.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        let length = u64::try_from(bytes.len()).ok();
        FilePart { body: Body::from(bytes), length, file_name: None, content_type: None }
    }

    /// A part streaming the file at `path` (not read into memory), named after the file.
    pub async fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file = tokio::fs::File::open(path).await?;
        let length = file.metadata().await.ok().map(|m| m.len());
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Ok(FilePart { body: Body::from(file), length, file_name, content_type: None })
    }

    /// A part streaming `body` (see `reqwest::Body::wrap_stream`), of unknown length.
    pub fn from_body(body: impl Into<Body>) -> Self {
        FilePart { body: body.into(), length: None, file_name: None, content_type: None }
    }

    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The multipart part; `default_type` applies when no content type was set.
    // Plumbing: generated `IntoMultipart` impls call it with the spec's content type.
    #[doc(hidden)]
    pub fn into_part(self, default_type: Option<&str>) -> Result<Part, SendFailure> {
        let mut part = match self.length {
            Some(length) => Part::stream_with_length(self.body, length),
            None => Part::stream(self.body),
        };
        if let Some(file_name) = self.file_name {
            part = part.file_name(file_name);
        }
        if let Some(content_type) = self.content_type.as_deref().or(default_type) {
            part = part
                .mime_str(content_type)
                .map_err(|_| SendFailure::Invalid(format!("{content_type:?} is not a valid content type")))?;
        }
        Ok(part)
    }
}

/// A `multipart/form-data` body: generated form structs turn themselves into reqwest forms.
// Plumbing: only generated form structs implement it, and only generated `send` methods call it.
#[doc(hidden)]
pub trait IntoMultipart {
    fn into_form(self) -> Result<Form, SendFailure>;
}

/// A text part: strings as they are, other values as JSON.
// Plumbing: generated `IntoMultipart` impls write their non-file fields with it.
#[doc(hidden)]
pub fn text_part<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    content_type: Option<&str>,
) -> Result<Option<Part>, SendFailure> {
    let value = serde_json::to_value(value)
        .map_err(|error| SendFailure::Invalid(format!("part `{name}` could not be encoded: {error}")))?;
    let (text, default_type) = match value {
        serde_json::Value::Null => return Ok(None),
        serde_json::Value::String(text) => (text, None),
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => (value.to_string(), Some("application/json")),
        scalar => (scalar.to_string(), None),
    };
    let mut part = Part::text(text);
    if let Some(content_type) = content_type.or(default_type) {
        part = part
            .mime_str(content_type)
            .map_err(|_| SendFailure::Invalid(format!("{content_type:?} is not a valid content type")))?;
    }
    Ok(Some(part))
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;

    /// A form as generated code writes one.
    struct Upload {
        file: FilePart,
        meta: serde_json::Value,
        note: Option<String>,
    }

    impl IntoMultipart for Upload {
        fn into_form(self) -> Result<Form, SendFailure> {
            let mut form = Form::new();
            form = form.part("file", self.file.into_part(Some("application/octet-stream"))?);
            if let Some(part) = text_part("meta", &self.meta, None)? {
                form = form.part("meta", part);
            }
            if let Some(part) = text_part("note", &self.note, None)? {
                form = form.part("note", part);
            }
            Ok(form)
        }
    }

    /// The body a server receives for `form`, with its boundary written as `BOUNDARY`.
    async fn received(form: Form) -> String {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
        let boundary = form.boundary().to_owned();
        reqwest::Client::new().post(server.uri()).multipart(form).send().await.expect("sent");
        let requests = server.received_requests().await.unwrap_or_default();
        let request = requests.first().expect("one request");
        let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert_eq!(content_type, format!("multipart/form-data; boundary={boundary}"));
        String::from_utf8_lossy(&request.body).replace(&boundary, "BOUNDARY")
    }

    fn single(part: Option<Part>) -> Form {
        Form::new().part("field", part.expect("a part"))
    }

    #[tokio::test]
    async fn strings_go_as_they_are_and_numbers_and_booleans_as_json_text() {
        let form = Form::new()
            .part("s", text_part("s", "a \"b\"\r\n", None).expect("ok").expect("a part"))
            .part("n", text_part("n", &42, None).expect("ok").expect("a part"))
            .part("b", text_part("b", &false, None).expect("ok").expect("a part"));
        assert_eq!(
            received(form).await,
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"s\"\r\n\r\na \"b\"\r\n\r\n\
             --BOUNDARY\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n42\r\n\
             --BOUNDARY\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nfalse\r\n\
             --BOUNDARY--\r\n"
        );
    }

    #[tokio::test]
    async fn arrays_and_objects_go_as_json_parts() {
        let part = text_part("meta", &json!({"tags": ["a"], "n": 1}), None).expect("encodable");
        assert_eq!(
            received(single(part)).await,
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"field\"\r\nContent-Type: application/json\r\n\r\n\
             {\"tags\":[\"a\"],\"n\":1}\r\n--BOUNDARY--\r\n"
        );
    }

    #[tokio::test]
    async fn the_specs_content_type_replaces_the_default() {
        let part = text_part("meta", &json!([1]), Some("application/vnd.api+json")).expect("encodable");
        assert_eq!(
            received(single(part)).await,
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"field\"\r\n\
             Content-Type: application/vnd.api+json\r\n\r\n[1]\r\n--BOUNDARY--\r\n"
        );
    }

    #[test]
    fn an_absent_value_has_no_part() {
        assert!(text_part("note", &None::<String>, None).expect("encodable").is_none());
        assert!(text_part("note", &json!(null), Some("text/plain")).expect("encodable").is_none());
    }

    #[test]
    fn an_invalid_content_type_is_refused() {
        fn refused<T: std::fmt::Debug>(result: Result<T, SendFailure>) -> String {
            match result {
                Err(SendFailure::Invalid(message)) => message,
                other => panic!("expected a refusal, got {other:?}"),
            }
        }
        assert_eq!(refused(text_part("a", "x", Some("not a type"))), r#""not a type" is not a valid content type"#);
        let file = FilePart::from_bytes(&b"x"[..]).content_type("bad\ntype");
        assert_eq!(refused(file.into_part(None)), r#""bad\ntype" is not a valid content type"#);
    }

    #[tokio::test]
    async fn a_form_struct_writes_files_with_their_name_and_type_then_text_parts() {
        let upload = Upload {
            file: FilePart::from_bytes(&b"\x89PNG"[..]).file_name("a \"b\".png").content_type("image/png"),
            meta: json!({"a": 1}),
            note: None,
        };
        assert_eq!(
            received(upload.into_form().expect("a form")).await,
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".png\"\r\n\
             Content-Type: image/png\r\n\r\n\u{fffd}PNG\r\n\
             --BOUNDARY\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n\
             {\"a\":1}\r\n--BOUNDARY--\r\n"
        );
    }

    #[tokio::test]
    async fn a_file_without_a_type_gets_the_specs_default_and_a_path_names_the_part() {
        let dir = std::env::temp_dir().join(format!("runtime-multipart-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let path = dir.join("notes.txt");
        std::fs::write(&path, "hello").expect("written");
        let file = FilePart::from_path(&path).await.expect("readable");
        let form = Form::new().part("file", file.into_part(Some("text/plain")).expect("a part"));
        let body = received(form).await;
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(
            body,
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nhello\r\n--BOUNDARY--\r\n"
        );
        let missing = FilePart::from_path(dir.join("missing.txt")).await.expect_err("no such file");
        assert_eq!(missing.kind(), std::io::ErrorKind::NotFound);
    }

    #[tokio::test]
    async fn a_streamed_file_is_sent_whole() {
        let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>("ab"), Ok("cd")]);
        let file = FilePart::from_body(Body::wrap_stream(chunks)).file_name("s.bin");
        let form = Form::new().part("file", file.into_part(None).expect("a part"));
        assert_eq!(
            received(form).await,
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.bin\"\r\n\r\n\
             abcd\r\n--BOUNDARY--\r\n"
        );
    }
}
