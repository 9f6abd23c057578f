//! Unit tests of `model`: tiny inline specs, and the model they build printed compactly (`check`).

use std::fmt::Write as _;

use expect_test::{Expect, expect};

use super::{Additional, Api, Schema, SchemaId, SchemaKind};
use crate::diag::Diagnostics;

/// Builds the model of `spec` (YAML) and compares its compact text form, warnings included.
fn check(spec: &str, expected: Expect) {
    let document = crate::load::load_str("spec.yaml", spec).unwrap_or_else(|d| panic!("{d}"));
    let mut diags = Diagnostics::new(&document);
    let api = super::build(&document, &mut diags);
    let mut out = dump(&api);
    for diagnostic in diags.into_vec() {
        let _ = writeln!(out, "{:?} at {}: {}", diagnostic.severity, diagnostic.pointer, diagnostic.message);
    }
    expected.assert_eq(&out);
}

/// Components as `Name: schema`, then operations with their parameters, bodies and responses.
fn dump(api: &Api) -> String {
    let mut out = String::new();
    if !api.servers.is_empty() {
        let _ = writeln!(out, "servers {:?}", api.servers);
    }
    for (name, id) in &api.components {
        let _ = writeln!(out, "{name}: {}", schema_text(api, *id, true));
    }
    for op in &api.operations {
        let _ = writeln!(out, "{} {}", op.method, op.path);
        for p in &op.parameters {
            let schema = p.schema.map_or("-".to_owned(), |id| schema_text(api, id, false));
            let required = if p.required { " required" } else { "" };
            let _ = writeln!(
                out,
                "  param {} in {:?} {:?} explode={}{required}: {schema}",
                p.name, p.location, p.style, p.explode
            );
        }
        if let Some(body) = &op.request_body {
            for media in &body.content {
                let schema = media.schema.map_or("-".to_owned(), |id| schema_text(api, id, false));
                let _ = writeln!(out, "  body {} ({:?}): {schema}", media.media_type, media.kind);
            }
        }
        for response in &op.responses {
            let media: Vec<String> = response
                .content
                .iter()
                .map(|m| format!("{} {}", m.essence, m.schema.map_or("-".to_owned(), |id| schema_text(api, id, false))))
                .collect();
            let media = if media.is_empty() { "no content".to_owned() } else { media.join(", ") };
            let _ = writeln!(out, "  response {:?}: {media}", response.status);
        }
        if !op.security.is_empty() {
            let _ = writeln!(out, "  security {:?}", op.security);
        }
    }
    out
}

/// A schema in one line: components by name (except at their own definition), `?` when nullable.
fn schema_text(api: &Api, id: SchemaId, definition: bool) -> String {
    if !definition && let Some((name, _)) = api.components.iter().find(|(_, c)| **c == id) {
        return name.clone();
    }
    let schema: &Schema = &api.schemas[id.0];
    let nested = |id: &SchemaId| schema_text(api, *id, false);
    let list = |ids: &[SchemaId], separator: &str| ids.iter().map(nested).collect::<Vec<_>>().join(separator);
    let mut text = match &schema.kind {
        SchemaKind::Any => "any".to_owned(),
        SchemaKind::Null => "null".to_owned(),
        SchemaKind::Boolean => "boolean".to_owned(),
        SchemaKind::Integer => "integer".to_owned(),
        SchemaKind::Number => "number".to_owned(),
        SchemaKind::String => "string".to_owned(),
        SchemaKind::Enum(values) => format!("enum{}", serde_json::Value::Array(values.clone())),
        SchemaKind::Const(value) => format!("const {value}"),
        SchemaKind::Array { items } => format!("[{}]", items.as_ref().map_or("any".to_owned(), nested)),
        SchemaKind::Object(object) => {
            let mut members: Vec<String> = object
                .properties
                .iter()
                .map(|p| format!("{}{}: {}", p.name, if p.required { "" } else { "?" }, nested(&p.schema)))
                .collect();
            match &object.additional {
                Additional::Unspecified => {}
                Additional::Forbidden => members.push("..: never".to_owned()),
                Additional::Any => members.push("..: any".to_owned()),
                Additional::Schema(values) => members.push(format!("..: {}", nested(values))),
            }
            if !object.required_elsewhere.is_empty() {
                members.push(format!("required elsewhere {:?}", object.required_elsewhere));
            }
            format!("{{{}}}", members.join(", "))
        }
        SchemaKind::Reference(target) => format!("ref {}", nested(target)),
        SchemaKind::OneOf(members) => format!("oneOf({})", list(members, " | ")),
        SchemaKind::AnyOf(members) => format!("anyOf({})", list(members, " | ")),
        SchemaKind::AllOf(members) => format!("allOf({})", list(members, " & ")),
    };
    if let Some(format) = &schema.format {
        text.push_str(&format!(" ({format})"));
    }
    if schema.nullable {
        text.push('?');
    }
    if let Some(discriminator) = &schema.discriminator {
        text.push_str(&format!(" by {}", discriminator.property));
    }
    text
}

#[test]
fn every_spelling_of_nullable_is_one_flag() {
    check(
        r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    ThreeZero: {type: string, nullable: true}
    TypeList: {type: [integer, 'null']}
    NullInEnum: {type: string, enum: [a, b, null]}
    NullMember: {oneOf: [{type: string}, {type: 'null'}]}
    RefSibling: {$ref: '#/components/schemas/ThreeZero', nullable: true, description: kept}
    Plain: {type: boolean}
"#,
        expect![[r#"
            ThreeZero: string?
            TypeList: integer?
            NullInEnum: enum["a","b"]?
            NullMember: ref string?
            RefSibling: ref ThreeZero?
            Plain: boolean
        "#]],
    );
}

#[test]
fn compositions_keep_what_each_member_says() {
    check(
        r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Base: {type: object, required: [id], properties: {id: {type: string, format: uuid}}}
    Described: {allOf: [{$ref: '#/components/schemas/Base'}, {description: only an annotation}]}
    Extended:
      allOf: [{$ref: '#/components/schemas/Base'}, {type: object, required: [name], properties: {name: {type: string}}}]
      required: [id]
    Beside:
      type: object
      properties: {kind: {type: string}}
      oneOf: [{$ref: '#/components/schemas/Base'}, {type: integer}]
    Rule:
      type: object
      properties: {email: {type: string}, phone: {type: string}}
      oneOf: [{required: [email]}, {required: [phone]}]
    Tagged:
      oneOf: [{$ref: '#/components/schemas/Base'}]
      discriminator: {propertyName: kind}
"#,
        expect![[r#"
            Base: {id: string (uuid)}
            Described: ref Base
            Extended: allOf(Base & {name: string} & {required elsewhere ["id"]})
            Beside: allOf({kind?: string} & oneOf(Base | integer))
            Rule: {email?: string, phone?: string}
            Tagged: ref Base by kind
        "#]],
    );
}

#[test]
fn operations_read_parameters_bodies_and_responses_with_their_defaults() {
    check(
        r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, schema: {type: integer, format: int64}}
    post:
      parameters:
        - {name: tags, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}
        - {name: X-Trace, in: header, schema: {type: string}}
      requestBody:
        content:
          application/merge-patch+json; charset=utf-8: {schema: {type: object}}
          multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}}}}
      responses:
        '2XX': {description: ok, content: {text/event-stream: {schema: {type: string}}}}
        default: {description: error}
      security: [{apiKey: []}]
components:
  securitySchemes:
    apiKey: {type: apiKey, in: header, name: X-Key}
"#,
        expect![[r#"
            POST /pets/{id}
              param id in Path Simple explode=false required: integer (int64)
              param tags in Query PipeDelimited explode=false: [string]
              param X-Trace in Header Simple explode=false: string
              body application/merge-patch+json; charset=utf-8 (Json): {}
              body multipart/form-data (Multipart): {file?: string (binary)}
              response Range(2): text/event-stream string
              response Default: no content
              security [["apiKey"]]
        "#]],
    );
}

#[test]
fn what_the_model_cannot_use_is_warned_where_it_is_written() {
    check(
        r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: q, in: query, style: label, schema: {type: string}}
      responses:
        '200': {description: ok}
        '99': {description: not a status}
      security: [{missing: []}]
components:
  schemas:
    Odd: {type: object, properties: {a: {type: string}}, required: [b], propertyNames: {pattern: x}}
"#,
        expect![[r#"
            Odd: {a?: string, required elsewhere ["b"]}
            GET /a
              param q in Query Form explode=true: string
              response Code(200): no content
              security [["missing"]]
            Warning at /components/schemas/Odd/propertyNames: schema keyword `propertyNames` is not supported; it is ignored
            Warning at /components/schemas/Odd/required: required property `b` is not declared in `properties`; it is not typed
            Warning at /paths/~1a/get/parameters/0: style `label` does not apply to a Query parameter; the default style is used
            Warning at /paths/~1a/get/responses/99: `99` is not a status code, range or `default`; the response is ignored
            Warning at /paths/~1a/get/security/0: security requirement names `missing`, which is not a usable security scheme; the alternative is dropped
        "#]],
    );
}

#[test]
fn malformed_paths_and_unplaced_path_parameters_are_warned() {
    check(
        r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a/{id:
    get: {responses: {'204': {description: ok}}}
  b/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: ghost, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}
"#,
        expect![[r#"
            GET /a/{id
              response Code(204): no content
            GET /b/{id}
              param id in Path Simple explode=false required: string
              response Code(204): no content
            Warning at /paths/~1a~1{id: path `/a/{id` has a `{` or `}` that opens or closes no template; it is sent as written
            Warning at /paths/b~1{id}: path `b/{id}` does not start with `/`; it is used as `/b/{id}`
            Warning at /paths/b~1{id}/get: path parameter `ghost` does not appear in `/b/{id}`; it cannot be sent and is left out
        "#]],
    );
}

#[test]
fn server_variables_take_their_defaults() {
    check(
        r#"
openapi: 3.1.0
info: {title: t, version: '1'}
servers:
  - url: 'https://{region}.example.com/{version}'
    variables:
      region: {default: eu, enum: [eu, us]}
      version: {default: v2}
  - url: 'https://{tenant}.example.com'
    variables:
      tenant: {description: no default}
  - url: 'https://{zone}.example.com/{undeclared}'
    variables:
      zone: {enum: [north, south]}
  - url: 'https://{stage}.example.com'
    variables:
      stage: {default: beta, enum: [prod, dev]}
paths: {}
"#,
        expect![[r#"
            servers ["https://eu.example.com/v2", "https://{tenant}.example.com", "https://north.example.com/{undeclared}", "https://beta.example.com"]
            Warning at /servers/1/variables/tenant: server variable `tenant` has no `default`; it stays as written
            Warning at /servers/2/variables/zone: server variable `zone` has no `default`; the first of its `enum`, `north`, is used
            Warning at /servers/2/url: server URL variable `{undeclared}` is not declared in `variables`; it stays as written
            Warning at /servers/3/variables/stage/default: the default `beta` of server variable `stage` is not one of its `enum`; it is used
        "#]],
    );
}
