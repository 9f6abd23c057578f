//! The public corpus's operations beyond JSON generate typed code, and the only bodies left as
//! untyped bytes are those in media types nothing can type (each with a located warning).

use std::path::{Path, PathBuf};

use openapi_bindgen::{Config, generate_file};

fn corpus(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/corpus").join(file)
}

fn generated(file: &str) -> String {
    generate_file(&corpus(file), &Config::default()).unwrap_or_else(|failure| panic!("{file}: {failure}")).code
}

fn assert_has(code: &str, file: &str, needles: &[&str]) {
    for needle in needles {
        assert!(code.contains(needle), "{file}: the generated code lacks `{needle}`");
    }
}

#[test]
fn mastodon_event_streams_and_multipart_uploads() {
    let code = generated("mastodon-schema.json");
    assert_has(
        &code,
        "mastodon",
        &[
            "runtime::Response<runtime::EventStream<String>, GetStreamingDirectHeaders>",
            "Ok(runtime::Response::new(status, received.into_text_events(), raw_headers)?)",
            "pub file: runtime::FilePart,",
            "impl runtime::IntoMultipart for",
            "request.multipart(runtime::IntoMultipart::into_form(body)?);",
        ],
    );
}

#[test]
fn buildomat_octet_stream_and_text_bodies() {
    let code = generated("progenitor-buildomat.json");
    assert_has(
        &code,
        "buildomat",
        &[
            "body: impl Into<runtime::Body>",
            "request.body(body, \"application/octet-stream\");",
            "request.body(body, \"text/plain\");",
        ],
    );
}

#[test]
fn nexus_ranges_and_switching_protocols_as_success() {
    let code = generated("oxide-nexus.json");
    assert_has(
        &code,
        "nexus",
        &[
            "Status4xx { status: runtime::StatusCode, body: Error }",
            "Status5xx { status: runtime::StatusCode, body: Error }",
            "/// - `101`: JSON: Negotiating protocol upgrade",
        ],
    );
}

#[test]
fn twilio_forms() {
    let code = generated("twilio_messaging_v1.yaml");
    assert_has(&code, "twilio", &["request.form(&body, &[], \"application/x-www-form-urlencoded\");"]);
}

#[test]
fn github_several_media_types_and_plus_json() {
    let code = generated("github-api.github.com.json");
    assert_has(
        &code,
        "github",
        &[
            "/// Received as `application/json+sarif`.",
            "match response.media_type().as_str() {",
            "/// Received as `application/scim+json`.",
        ],
    );
}

#[test]
fn museum_binary_image_and_problem_json() {
    let code = generated("redocly-museum.yaml");
    assert_has(
        &code,
        "museum",
        &["Result<runtime::ByteStream, runtime::Error<GetTicketCodeError>>", "BadRequest(Error)"],
    );
}

/// A ratchet: media types that stay untyped. A new entry is a regression; a vanished one must be
/// removed here, so the list only shrinks.
#[test]
fn only_untypable_media_types_fall_back_to_bytes() {
    let mut fallbacks = Vec::new();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(corpus(""))
        .expect("specs/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml")))
        .collect();
    specs.sort();
    for spec in specs {
        let output = generate_file(&spec, &Config::default()).unwrap_or_else(|f| panic!("{}: {f}", spec.display()));
        for diagnostic in output.diagnostics.iter().filter(|d| d.message.contains("raw bytes")) {
            assert!(diagnostic.location.is_some(), "{diagnostic}");
            let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            fallbacks.push(format!("{name}: {}", diagnostic.message));
        }
    }
    assert_eq!(
        fallbacks,
        [
            "github-api.github.com.json: response of media type `application/octocat-stream` is returned as raw bytes",
            "github-api.github.com.json: response of media type `application/vnd.github.v3.object` is returned as raw bytes",
        ]
    );
}
