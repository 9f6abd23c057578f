//! Broken input never panics: each case yields a located diagnostic, rendered as the CLI shows it.

use expect_test::{Expect, expect};
use openapi_bindgen::{Config, generate_str};

mod chain;

fn check(name: &str, text: &str, expected: Expect) {
    let failure = match generate_str(name, text, &Config::default()) {
        Ok(output) => panic!("{name} generated although it is broken; warnings: {:?}", output.diagnostics),
        Err(failure) => failure,
    };
    for diagnostic in &failure.diagnostics {
        assert!(diagnostic.location.is_some(), "every diagnostic is located: {diagnostic}");
    }
    expected.assert_eq(&failure.to_string());
}

#[test]
fn invalid_json() {
    check(
        "bad.json",
        "{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {,}\n}",
        expect![[r#"
            bad.json:3:13: error: invalid JSON: key must be a string
              at #
              |   "paths": {,}
              |             ^
        "#]],
    );
}

#[test]
fn invalid_yaml() {
    check(
        "bad.yaml",
        "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /pets: [unclosed\n",
        expect![[r#"
            bad.yaml:7:1: error: invalid YAML: while parsing a flow sequence, expected ',' or ']'
              at #
        "#]],
    );
}

#[test]
fn wrong_types() {
    check(
        "types.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      parameters: {name: x}\n      responses: []\n",
        expect![[r#"
            types.yaml:6:19: error: `parameters` must be an array
              at #/paths/~1pets/get/parameters
              |       parameters: {name: x}
              |                   ^
            types.yaml:7:18: error: `responses` must be an object
              at #/paths/~1pets/get/responses
              |       responses: []
              |                  ^
        "#]],
    );
}

#[test]
fn root_that_is_not_an_object() {
    check(
        "list.json",
        "[1, 2]",
        expect![[r#"
        list.json:1:1: error: an OpenAPI document must be an object
          at #
          | [1, 2]
          | ^
    "#]],
    );
}

#[test]
fn dangling_ref() {
    check(
        "dangling.json",
        r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
"components": {"schemas": {"Pet": {"type": "object",
  "properties": {"owner": {"$ref": "#/components/schemas/Missing"}}}}}}"##,
        expect![[r##"
            dangling.json:3:27: error: `$ref` target `#/components/schemas/Missing` does not exist
              at #/components/schemas/Pet/properties/owner
              |   "properties": {"owner": {"$ref": "#/components/schemas/Missing"}}}}}}
              |                           ^
        "##]],
    );
}

#[test]
fn ref_cycle() {
    check(
        "cycle.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n",
        expect![[r#"
            cycle.yaml:7:7: error: `$ref` cycle through `#/components/schemas/B`: the references never reach a schema
              at #/components/schemas/A
              |       $ref: '#/components/schemas/B'
              |       ^
        "#]],
    );
}

#[test]
fn swagger_two() {
    check(
        "old.json",
        r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#,
        expect![[r#"
        old.json:1:13: error: Swagger 2.0 documents are not supported; convert the document to OpenAPI 3 first
          at #/swagger
          | {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}
          |             ^
    "#]],
    );
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 50_000;
    let text = format!("{{\"openapi\": \"3.1.0\", \"x\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
    let failure = generate_str("deep.json", &text, &Config::default()).expect_err("too deep");
    assert!(failure.diagnostics[0].location.is_some());
}

#[test]
fn deeply_nested_schemas_generate() {
    // 60 levels of inline objects (120 levels of JSON nesting, within serde_json's limit of 128).
    let mut schema = String::from(r#"{"type": "string"}"#);
    for _ in 0..60 {
        schema = format!(r#"{{"type": "object", "properties": {{"inner": {schema}}}}}"#);
    }
    let text = format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"Deep": {schema}}}}}}}"#
    );
    let output = generate_str("nested.json", &text, &Config::default()).unwrap_or_else(|f| panic!("{f}"));
    assert!(output.code.contains("pub struct Deep {"));
}

/// A warning the settings accept (a reviewed fault of the spec) leaves `generate_dir`'s warnings,
/// keeps its reason, and the acceptance fails once the warning no longer occurs.
#[test]
fn accepted_warnings_are_set_aside_and_go_stale_loudly() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("accepted-warnings");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("specs")).expect("scratch dir");
    let spec = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
      "paths": {"/items/{id}": {"get": {"responses": {"204": {"description": "done"}}}}}}"#;
    std::fs::write(dir.join("specs/items.json"), spec).expect("spec");
    let accept = |pointer: &str| {
        let settings = format!("[accepted-warnings]\n{pointer:?} = \"the spec forgets the parameter\"\n");
        std::fs::write(dir.join("specs/items.bindgen.toml"), settings).expect("settings");
    };
    let specs = openapi_bindgen::find_specs(&dir.join("specs")).expect("specs");

    accept("/paths/~1items~1{id}/get");
    let generated = openapi_bindgen::generate_dir(&specs, &dir.join("out")).expect("generates");
    assert!(generated[0].diagnostics.is_empty(), "{:?}", generated[0].diagnostics);
    assert_eq!(generated[0].accepted.len(), 1);
    assert_eq!(generated[0].accepted[0].1, "the spec forgets the parameter");
    assert!(generated[0].accepted[0].0.message.contains("`{id}` has no `in: path` parameter"));

    accept("/paths/~1items~1{id}/post");
    let stale = openapi_bindgen::generate_dir(&specs, &dir.join("out")).expect_err("a stale acceptance fails");
    assert!(
        stale.contains("items.bindgen.toml: the accepted warning at `/paths/~1items~1{id}/post` no longer occurs"),
        "{stale}"
    );
}

/// Renders the warnings of a spec that generates.
fn check_warnings(name: &str, text: &str, expected: Expect) {
    let output = generate_str(name, text, &Config::default()).unwrap_or_else(|failure| panic!("{failure}"));
    let rendered: Vec<String> = output.diagnostics.iter().map(ToString::to_string).collect();
    expected.assert_eq(&rendered.join("\n"));
}

/// Parameter and form-member styles follow one rule: a style that does not apply where it is
/// written warns, at the parameter or at the `encoding` member, and the default is used.
#[test]
fn styles_that_do_not_apply_warn() {
    check_warnings(
        "styles.yaml",
        r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /items/{id}:
    post:
      parameters:
        - {name: id, in: path, required: true, style: deepObject, schema: {type: string}}
        - {name: q, in: query, style: sideways, schema: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {tags: {type: array, items: {type: string}}}}
            encoding:
              tags: {style: matrix}
      responses:
        '204': {description: done}
"#,
        expect![[r#"
            styles.yaml:7:11: warning: style `deepObject` does not apply to a Path parameter; the default style is used
              at #/paths/~1items~1{id}/post/parameters/0
              |         - {name: id, in: path, required: true, style: deepObject, schema: {type: string}}
              |           ^
            styles.yaml:8:11: warning: style `sideways` does not apply to a Query parameter; the default style is used
              at #/paths/~1items~1{id}/post/parameters/1
              |         - {name: q, in: query, style: sideways, schema: {type: string}}
              |           ^
            styles.yaml:14:29: warning: style `matrix` does not apply to a form member; `form` is used
              at #/paths/~1items~1{id}/post/requestBody/content/application~1x-www-form-urlencoded/encoding/tags/style
              |               tags: {style: matrix}
              |                             ^"#]],
    );
}

/// A construct shared by several operations (a component response) is warned about once, where
/// it is written, with the number of its uses.
#[test]
fn a_shared_construct_is_warned_about_once_with_its_uses() {
    check_warnings(
        "shared.yaml",
        r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get: {responses: {'200': {$ref: '#/components/responses/Xml'}}}
  /b:
    get: {responses: {'200': {$ref: '#/components/responses/Xml'}}}
  /c:
    get: {responses: {'200': {$ref: '#/components/responses/Xml'}}}
components:
  responses:
    Xml:
      description: XML only
      content:
        application/xml: {schema: {type: object, properties: {a: {type: string}}}}
"#,
        expect![[r#"
            shared.yaml:15:26: warning: response of media type `application/xml` is returned as raw bytes (3 uses)
              at #/components/responses/Xml/content/application~1xml
              |         application/xml: {schema: {type: object, properties: {a: {type: string}}}}
              |                          ^"#]],
    );
}

/// On a minified (one-line) spec a diagnostic keeps and shows an excerpt around its location, not
/// the whole line, and the caret still points at the node.
#[test]
fn a_long_line_is_shown_as_an_excerpt_around_the_location() {
    let filler = |from: usize| -> String {
        (from..from + 400).map(|i| format!("\"x{i}\": {{\"type\": \"string\"}}, ")).collect()
    };
    let (before, after) = (filler(0), filler(400));
    let text = format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"Big": {{"type": "object", "properties": {{{before}"odd": {{"type": "string", "propertyNames": {{}}}}, {after}"last": {{}}}}}}}}}}}}"#
    );
    let output = generate_str("minified.json", &text, &Config::default()).expect("generates");
    let warning = output.diagnostics.first().expect("a warning");
    let line = warning.source_line.as_deref().expect("a source line");
    assert!(line.chars().count() <= 125, "{line}");
    assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
    let rendered = warning.to_string();
    let shown: Vec<&str> = rendered.lines().skip(2).collect();
    // Columns are characters (the `…` is one, of three bytes).
    let caret = shown[1].chars().position(|c| c == '^').expect("a caret");
    let pointed: String = shown[0].chars().skip(caret).take(2).collect();
    assert_eq!(pointed, "{}", "the caret points at the node:\n{rendered}");
    assert!(rendered.len() < 600, "{rendered}");
}

/// Schemas nesting thousands deep through references generate (the passes run on a stack sized
/// for them); deeper than the limit, the rest is typed as any value with a located warning,
/// never a stack overflow. Types held in one another are cut every 48 levels, so the output
/// compiles (`tests/hostile.rs`), each cut warned where its schema is.
#[test]
fn deep_reference_chains_generate_or_warn_but_never_overflow() {
    let output = generate_str("chain.json", &chain::component_chain(2500), &Config::default()).expect("generates");
    let first = output.diagnostics.first().map(ToString::to_string).unwrap_or_default();
    assert!(first.starts_with("chain.json:1:"), "{first}");
    assert!(
        first.contains(
            "types nest more than 48 deep here, more than rustc can check; `S2451` holds `S2452` as any JSON value"
        ),
        "{first}"
    );
    assert!(
        output.diagnostics.iter().all(|d| d.message.contains("types nest more than 48 deep")),
        "{:?}",
        output.diagnostics
    );
    let output = generate_str("chain.json", &chain::component_chain(4500), &Config::default()).expect("generates");
    let first = output.diagnostics.first().map(ToString::to_string).unwrap_or_default();
    assert!(first.contains("schemas nest more than 4096 deep here"), "{first}");
    assert!(first.contains("at #/components/schemas/S4096"), "{first}");
}

/// Diagnostics quote spec text; its control characters (a terminal obeys an escape sequence) and
/// text-direction controls are written as escapes.
#[test]
fn spec_text_in_diagnostics_is_escaped() {
    check_warnings(
        "escapes.json",
        r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
"servers": [{"url": "v1\u001b[31m\r\u202e"}]}"#,
        expect![[r#"
            escapes.json:2:13: warning: server URL `v1\u{1b}[31m\r\u{202e}` is not absolute; the client has no default base URL (use `Client::with_base_url`)
              at #/servers/0
              | "servers": [{"url": "v1\u001b[31m\r\u202e"}]}
              |             ^"#]],
    );
}

/// Malformed path templates and server URL variables warn where they are written: an unbalanced
/// brace, a missing leading `/`, a path parameter the template lacks; a server variable that is
/// not declared, that has no default (the first of its `enum` stands in), or whose default is not
/// in its `enum`. Declared defaults fill the URL.
#[test]
fn malformed_paths_and_server_variables_warn_where_written() {
    check_warnings(
        "paths.yaml",
        r#"openapi: 3.1.0
info: {title: t, version: '1'}
servers:
  - url: 'https://{region}.example.com/{version}/{undeclared}'
    variables:
      region: {default: eu, enum: [eu, us]}
      version: {default: v2}
  - url: 'https://{zone}.example.com'
    variables:
      zone: {enum: [north, south]}
paths:
  /a/{id:
    get: {responses: {'204': {description: ok}}}
  /b/id}:
    get: {responses: {'204': {description: ok}}}
  c/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: ghost, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}
"#,
        expect![[r#"
            paths.yaml:4:10: warning: server URL variable `{undeclared}` is not declared in `variables`; it stays as written
              at #/servers/0/url
              |   - url: 'https://{region}.example.com/{version}/{undeclared}'
              |          ^
            paths.yaml:10:13: warning: server variable `zone` has no `default`; the first of its `enum`, `north`, is used
              at #/servers/1/variables/zone
              |       zone: {enum: [north, south]}
              |             ^
            paths.yaml:13:5: warning: path `/a/{id` has a `{` or `}` that opens or closes no template; it is sent as written
              at #/paths/~1a~1{id
              |     get: {responses: {'204': {description: ok}}}
              |     ^
            paths.yaml:15:5: warning: path `/b/id}` has a `{` or `}` that opens or closes no template; it is sent as written
              at #/paths/~1b~1id}
              |     get: {responses: {'204': {description: ok}}}
              |     ^
            paths.yaml:17:5: warning: path `c/{id}` does not start with `/`; it is used as `/c/{id}`
              at #/paths/c~1{id}
              |     get:
              |     ^
            paths.yaml:18:7: warning: path parameter `ghost` does not appear in `/c/{id}`; it cannot be sent and is left out
              at #/paths/c~1{id}/get
              |       parameters:
              |       ^"#]],
    );
    let spec = r#"openapi: 3.1.0
info: {title: t, version: '1'}
servers:
  - url: 'https://{region}.example.com/{version}'
    variables:
      region: {default: eu, enum: [eu, us]}
      version: {default: v2}
paths: {}
"#;
    let output = generate_str("servers.yaml", spec, &Config::default()).expect("generates");
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
    assert!(
        output.code.contains(r#"DEFAULT_BASE_URL: &'static str = "https://eu.example.com/v2";"#),
        "{}",
        output.code
    );
}
