//! Small specs through the whole pipeline, each checked against a reviewed snapshot of the code it
//! generates (the runtime, identical for all, is left out of the snapshots).
//! Refresh with `UPDATE_EXPECT=1 cargo test -p openapi-bindgen --test generate`.

use expect_test::{expect, expect_file};
use openapi_bindgen::{Config, generate_str};

fn generate(name: &str, text: &str) -> String {
    let output = generate_str(name, text, &Config::default()).unwrap_or_else(|failure| panic!("{failure}"));
    let mut rendered = String::new();
    for diagnostic in &output.diagnostics {
        rendered.push_str(&format!("// {}\n", diagnostic.to_string().replace('\n', "\n// ")));
    }
    let code = output.code.split("\n/// The client runtime:").next().unwrap_or_default();
    rendered + code
}

#[test]
fn yaml_openapi_3_0_with_nullable_refs_and_enums() {
    let spec = r#"
openapi: 3.0.3
info: {title: Pets, version: 1.0}
servers: [{url: "https://pets.example/v1"}]
paths:
  /pets/{petId}:
    parameters:
      - {name: petId, in: path, required: true, schema: {type: integer, format: int64}}
    get:
      summary: One pet
      parameters:
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: fields, in: query, schema: {type: array, items: {type: string, enum: [Y, N]}}}
      responses:
        200:
          description: The pet
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
        default:
          description: Anything else
          content: {application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}}
components:
  schemas:
    Pet:
      type: object
      required: [id, name, owner]
      properties:
        id: {type: integer, format: int64}
        name: {type: string}
        type: {type: string, enum: [cat, dog, 150x150]}
        owner:
          $ref: '#/components/schemas/Owner'
          nullable: true
          description: Who looks after it (null when nobody does).
        born: {type: string, format: date}
        parent: {$ref: '#/components/schemas/Pet'}
        tags: {type: object, additionalProperties: {type: string}}
    Owner:
      type: object
      properties:
        email: {type: string, format: email}
    Problem:
      type: object
      additionalProperties: true
      properties:
        title: {type: string}
"#;
    expect_file!["snapshots/yaml_3_0.rs"].assert_eq(&generate("pets.yaml", spec));
}

#[test]
fn several_success_types_and_unions_of_scalars() {
    let spec = r#"{
  "openapi": "3.1.0",
  "info": {"title": "Jobs", "version": "2"},
  "paths": {
    "/jobs": {
      "post": {
        "operationId": "create-job",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["id"],
          "properties": {"id": {"oneOf": [{"type": "integer"}, {"type": "string"}]}, "note": {"type": ["string", "null"]}}
        }}}},
        "responses": {
          "201": {"description": "Created", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}},
          "202": {"description": "Queued", "content": {"text/plain": {"schema": {"type": "string"}}}},
          "204": {"description": "Nothing to do"},
          "4XX": {"description": "Client error", "content": {"application/json": {"schema": {"type": "object"}}}}
        },
        "security": [{"key": []}]
      }
    }
  },
  "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "query", "name": "api_key"}}}
}"#;
    expect_file!["snapshots/several_successes.rs"].assert_eq(&generate("jobs.json", spec));
}

#[test]
fn refs_to_parameters_responses_and_bodies_and_path_level_parameters() {
    let spec = r##"{
  "openapi": "3.1.0",
  "info": {"title": "Refs", "version": "1"},
  "paths": {
    "/items/{id}": {
      "parameters": [
        {"$ref": "#/components/parameters/Id"},
        {"name": "verbose", "in": "query", "schema": {"type": "boolean"}}
      ],
      "put": {
        "parameters": [
          {"name": "verbose", "in": "query", "required": true, "schema": {"type": "integer"}, "description": "Overrides the path-level one."},
          {"name": "session", "in": "cookie", "schema": {"type": "string"}}
        ],
        "requestBody": {"$ref": "#/components/requestBodies/Item"},
        "responses": {
          "200": {"$ref": "#/components/responses/Item"},
          "404": {"$ref": "#/components/responses/NotFound"}
        },
        "security": [{"basic": []}, {"token": []}]
      }
    }
  },
  "components": {
    "parameters": {"Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}},
    "requestBodies": {"Item": {"required": true, "content": {"application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/Item"}}}}},
    "responses": {
      "Item": {"description": "The item", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
      "NotFound": {"description": "No such item"}
    },
    "schemas": {"Item": {"type": "object", "properties": {"name": {"type": "string", "minLength": 1}}}},
    "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}, "token": {"type": "http", "scheme": "bearer"}}
  }
}"##;
    expect_file!["snapshots/refs.rs"].assert_eq(&generate("refs.json", spec));
}

/// The fixture specs of the wire tests (`tests/wire/specs/`), whose clients those tests exercise.
#[test]
fn wire_fixture_specs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/wire/specs");
    let mut specs: Vec<_> =
        std::fs::read_dir(&dir).expect("tests/wire/specs").filter_map(|e| e.ok().map(|e| e.path())).collect();
    specs.sort();
    assert!(specs.len() >= 3, "{specs:?}");
    for spec in specs {
        let name = spec.file_name().and_then(|n| n.to_str()).expect("a UTF-8 name").to_owned();
        let text = std::fs::read_to_string(&spec).expect("readable");
        let stem = name.split('.').next().unwrap_or_default();
        expect_file![format!("snapshots/wire_{stem}.rs")].assert_eq(&generate(&name, &text));
    }
}

/// The conformance checks expect what the spec documents: an operation documenting only a redirect
/// gets no success check (its 3XX is forced like an error status), and a response decoding only
/// into a union's `Other` or an enum's `Unknown` fails its check.
#[test]
fn conformance_checks_expect_what_the_spec_documents() {
    let spec = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /old:
    get:
      responses:
        '302': {description: moved, headers: {Location: {schema: {type: string}}}}
  /pets:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string, enum: [a, b]}}}}
"#;
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance-redirect.yaml");
    std::fs::write(&path, spec).expect("spec written");
    let checks = openapi_bindgen::generate_conformance(&path, &Config::default(), "crate::api").expect("generates");
    assert!(checks.contains("\"GET /old: forced 302\""), "{checks}");
    assert!(!checks.contains("\"GET /old: success\""), "{checks}");
    assert!(checks.contains("\"GET /pets: success\""), "{checks}");
    assert!(checks.contains("redirect::Policy::none()"), "{checks}");
    assert!(checks.contains("decodes only into a fallback variant"), "{checks}");
}

/// `Output::examples` lists every example a spec writes, each with the type it must decode into:
/// schema `example`/`examples` (union members included), media types, parameters and their
/// schemas, response headers and their schemas.
#[test]
fn examples_are_collected_wherever_a_spec_writes_them() {
    let spec = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, example: 5, schema: {type: integer, examples: [10]}}
      responses:
        '200':
          description: ok
          headers:
            X-Rate: {example: 9, schema: {type: integer, example: 8}}
          content:
            application/json:
              example: {name: Rex}
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
        kind:
          oneOf:
            - {type: string, example: cat}
            - {$ref: '#/components/schemas/Kind'}
    Kind: {type: object, properties: {id: {type: integer}}, example: {id: 1}}
"#;
    let output = generate_str("examples.yaml", spec, &Config::default()).expect("generates");
    let listed: Vec<String> = output.examples.iter().map(|e| format!("{} {}", e.pointer, e.rust_type)).collect();
    expect![[r#"
        /components/schemas/Pet/properties/kind/oneOf/0/example String
        /components/schemas/Kind/example Kind
        /paths/~1pets/get/parameters/0/schema/examples/0 i64
        /paths/~1pets/get/responses/200/headers/X-Rate/schema/example i64
        /paths/~1pets/get/parameters/0/example i64
        /paths/~1pets/get/responses/200/content/application~1json/example Pet
        /paths/~1pets/get/responses/200/headers/X-Rate/example i64"#]]
    .assert_eq(&listed.join("\n"));
}

/// rustc refuses a bare carriage return in a doc comment: CRs in descriptions end lines, and any in
/// other spec text (an enum value, a title) become spaces.
#[test]
fn carriage_returns_never_reach_doc_comments() {
    let spec = "openapi: 3.0.3\ninfo: {title: \"t\\r1\", version: '1', description: \"first\\rsecond\\r\\nthird\"}\npaths: {}\ncomponents:\n  schemas:\n    Mood: {type: string, description: \"a\\rb\", enum: [\"calm\\rly\", loud]}\n";
    let output = generate_str("cr.yaml", spec, &Config::default()).expect("generates");
    assert!(!output.code.contains('\r'), "{}", output.code);
    assert!(output.code.contains("/// a\n/// b"), "{}", output.code);
    assert_eq!(output.module_doc, ["Bindings for t", "1 (version 1).", "", "first", "second", "third"]);
}
