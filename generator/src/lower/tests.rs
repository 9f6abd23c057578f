//! Unit tests of `lower`: tiny inline specs, and the IR they lower to printed compactly (`check`).

use std::fmt::Write as _;

use expect_test::{Expect, expect};

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::ir::{self, Module, TypeDef, TypeRef};

/// Lowers `spec` (YAML) and compares the IR's compact text form, warnings included.
fn check(spec: &str, expected: Expect) {
    let document = crate::load::load_str("spec.yaml", spec).unwrap_or_else(|d| panic!("{d}"));
    let mut diags = Diagnostics::new(&document);
    let api = crate::model::build(&document, &mut diags);
    let lowered = super::lower(&api, &Config::default(), &mut diags);
    let mut out = dump(&lowered.module);
    for diagnostic in diags.into_vec() {
        let _ = writeln!(out, "{:?} at {}: {}", diagnostic.severity, diagnostic.pointer, diagnostic.message);
    }
    expected.assert_eq(&out);
}

/// Every type definition, then every operation with its responses.
fn dump(module: &Module) -> String {
    let mut out = String::new();
    for def in &module.types {
        let _ = writeln!(out, "{}", type_def(module, def));
    }
    for op in &module.operations {
        let _ = writeln!(out, "fn {} ({} {}) -> {}", op.method_name, op.http_method, op.route, success(module, op));
        for param in &op.params {
            let required = if param.required { "" } else { "?" };
            let _ = writeln!(
                out,
                "  {}{required}: {} ({:?} {:?} explode={})",
                param.name,
                ty(module, &param.ty),
                param.location,
                param.style,
                param.explode
            );
        }
        if let Some(body) = &op.body {
            for media in &body.media {
                let _ = writeln!(out, "  body {} {:?}: {}", media.content_type, media.encoding, ty(module, &media.ty));
            }
        }
        for case in &op.responses {
            let body =
                case.body.as_ref().map_or("no body".to_owned(), |b| format!("{:?} {}", b.encoding, ty(module, &b.ty)));
            let _ = writeln!(out, "  {:?} {:?} {}: {body}", case.status, case.outcome, case.variant);
        }
        if let Some(variant) = &op.unknown_status {
            let _ = writeln!(out, "  other statuses: {}::{variant}", op.error_name);
        }
        if !op.security.is_empty() {
            let _ = writeln!(out, "  security {:?}", op.security);
        }
    }
    out
}

fn success(module: &Module, op: &ir::OperationDef) -> String {
    match &op.success {
        ir::SuccessDef::Single(None) => "()".to_owned(),
        ir::SuccessDef::Single(Some(single)) => ty(module, single),
        ir::SuccessDef::Enum { name, .. } => format!("enum {name}"),
    }
}

fn type_def(module: &Module, def: &TypeDef) -> String {
    match def {
        TypeDef::Struct(def) => {
            let mut fields: Vec<String> = def
                .fields
                .iter()
                .map(|f| {
                    let wire = if f.wire_name != f.name && !f.flatten {
                        format!(" as {:?}", f.wire_name)
                    } else {
                        String::new()
                    };
                    let flatten = if f.flatten { "flatten " } else { "" };
                    format!("{flatten}{}{}: {}{wire}", f.name, if f.optional { "?" } else { "" }, ty(module, &f.ty))
                })
                .collect();
            if let Some(additional) = &def.additional {
                fields.push(format!("..{}: {}", additional.name, ty(module, &additional.ty)));
            }
            format!("struct {} {{ {} }}", def.name, fields.join(", "))
        }
        TypeDef::Enum(def) => {
            let variants: Vec<String> = def.variants.iter().map(|v| format!("{}={:?}", v.name, v.wire_value)).collect();
            format!("enum {} {{ {}, {}(..) }}", def.name, variants.join(", "), def.fallback)
        }
        TypeDef::Union(def) => {
            let variants: Vec<String> = def
                .variants
                .iter()
                .map(|v| {
                    let tags: Vec<String> = v
                        .tags
                        .iter()
                        .map(|t| format!("{}{}={}", t.member, if t.implied { "~" } else { "" }, t.values.join("|")))
                        .collect();
                    let tags = if tags.is_empty() { String::new() } else { format!(" [{}]", tags.join(", ")) };
                    format!("{}({}) required {:?}{tags}", v.name, ty(module, &v.ty), v.required)
                })
                .collect();
            format!("union {} {{ {}, {}(..) }}", def.name, variants.join(", "), def.fallback)
        }
        TypeDef::Alias(def) => format!("type {} = {}", def.name, ty(module, &def.ty)),
        TypeDef::Newtype(def) => format!("struct {}({})", def.name, ty(module, &def.ty)),
        TypeDef::Multipart(def) => {
            let fields: Vec<String> =
                def.fields.iter().map(|f| format!("{}: {:?} {}", f.name, f.kind, ty(module, &f.ty))).collect();
            format!("multipart {} {{ {} }}", def.name, fields.join(", "))
        }
        TypeDef::MediaChoice(def) => {
            let variants: Vec<String> =
                def.variants.iter().map(|v| format!("{}({}) {}", v.name, ty(module, &v.ty), v.media_type)).collect();
            format!("choice {} {{ {} }}", def.name, variants.join(", "))
        }
    }
}

fn ty(module: &Module, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => module.types[id.0].name().to_owned(),
        TypeRef::EventStream(inner) => format!("EventStream<{}>", self::ty(module, inner)),
        TypeRef::Vec(inner) => format!("Vec<{}>", self::ty(module, inner)),
        TypeRef::Map(inner) => format!("Map<{}>", self::ty(module, inner)),
        TypeRef::Option(inner) => format!("Option<{}>", self::ty(module, inner)),
        TypeRef::Box(inner) => format!("Box<{}>", self::ty(module, inner)),
        other => format!("{other:?}"),
    }
}

#[test]
fn nullable_and_optional_members_are_options_and_only_absent_ones_are_skipped() {
    check(
        r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Track:
      type: object
      required: [id, album]
      properties:
        id: {type: string, format: uuid}
        album: {type: [string, 'null']}
        duration_ms: {type: integer, format: int32}
        type: {type: string}
        self: {$ref: '#/components/schemas/Track'}
      additionalProperties: {type: number}
"#,
        expect![[r#"
            struct Track { id: Uuid, album: Option<String>, duration_ms?: Option<I32>, type_?: Option<String> as "type", self_?: Option<Box<Track>> as "self", ..additional_properties: F64 }
        "#]],
    );
}

#[test]
fn union_variants_carry_their_tags_and_names_lose_shared_words() {
    check(
        r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    ScrapeInProgressResponse:
      type: object
      required: [status]
      properties: {status: {const: running}, progress: {type: number}}
    ScrapeCompletedResponse:
      type: object
      required: [status, data]
      properties: {status: {type: string, enum: [done, finished]}, data: {type: array, items: {type: string}}}
    Scrape:
      oneOf:
        - {$ref: '#/components/schemas/ScrapeInProgressResponse'}
        - {$ref: '#/components/schemas/ScrapeCompletedResponse'}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {type: string}]
      discriminator: {propertyName: kind, mapping: {meow: '#/components/schemas/Cat'}}
    Cat: {type: object, properties: {kind: {type: string}}}
"#,
        expect![[r#"
            struct ScrapeInProgressResponse { status: String, progress?: Option<F64> }
            struct ScrapeCompletedResponse { status: ScrapeCompletedResponseStatus, data: Vec<String> }
            enum ScrapeCompletedResponseStatus { Done="done", Finished="finished", Unknown(..) }
            union Scrape { InProgress(ScrapeInProgressResponse) required ["status"] [status=running], Completed(ScrapeCompletedResponse) required ["status", "data"] [status=done|finished], Other(..) }
            union Pet { Cat(Cat) required [] [kind=meow], String(String) required [], Other(..) }
            struct Cat { kind?: Option<String> }
        "#]],
    );
}

#[test]
fn all_of_merges_members_and_flattens_unions() {
    check(
        r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Base: {type: object, required: [id], properties: {id: {type: string}}}
    Named:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - {type: object, required: [name], properties: {name: {type: string}, id: {type: integer}}}
        - oneOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: string}}}]
"#,
        expect![[r#"
            struct Base { id: String }
            struct Named { id: String, name: String, flatten variant: NamedVariant }
            union NamedVariant { Variant1(NamedVariantVariant1) required [], Variant2(NamedVariantVariant2) required [], Other(..) }
            struct NamedVariantVariant1 { a?: Option<String> }
            struct NamedVariantVariant2 { b?: Option<String> }
            Warning at /components/schemas/Named/allOf/1/properties/id: `allOf` members declare property `id` with different types; the first declaration is used
        "#]],
    );
}

#[test]
fn responses_are_classified_by_status_and_names_come_from_the_route() {
    check(
        r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /api/artists/{artist_id}/posts:
    get:
      parameters:
        - {name: artist_id, in: path, required: true, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
        '404': {description: missing, content: {application/problem+json: {schema: {type: object, properties: {detail: {type: string}}}}}}
        5XX: {description: broken}
      security: [{bearer: []}, {key: []}]
    delete:
      responses:
        '204': {description: gone}
        default: {description: error, content: {application/json: {schema: {type: object}}}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    key: {type: apiKey, in: query, name: api_key}
"#,
        expect![[r#"
            struct GetPostsNotFound { detail?: Option<String> }
            fn get_posts (GET /api/artists/{artist_id}/posts) -> Vec<String>
              artist_id: String (Path Simple explode=false)
              page?: I64 (Query Form explode=true)
              Code(200) Success Ok: Json Vec<String>
              Code(404) Error NotFound: Json GetPostsNotFound
              Range(5) Error Status5xx: no body
              other statuses: GetPostsError::UnknownStatus
              security [[Bearer], [Query("api_key")]]
            fn delete_posts (DELETE /api/artists/{artist_id}/posts) -> ()
              artist_id: String (Path Simple explode=false)
              Code(204) Success NoContent: no body
              Default Error Default: Json JsonObject
            Warning at /paths/~1api~1artists~1{artist_id}~1posts/delete: path template `{artist_id}` has no `in: path` parameter; it is added as a required string
            Note at /paths/~1api~1artists~1{artist_id}~1posts/get: `GET /api/artists/{artist_id}/posts` is paginated: Pages by the page number `page` (from 1). The items are the body's array. The last page: an empty page.
        "#]],
    );
}

#[test]
fn a_discriminator_tag_comes_from_the_mapping_then_the_member_then_the_schema_name() {
    check(
        r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Item:
      oneOf:
        - {$ref: '#/components/schemas/TrackObject'}
        - {$ref: '#/components/schemas/AlbumObject'}
        - {$ref: '#/components/schemas/ShowObject'}
        - {$ref: '#/components/schemas/EpisodeObject'}
      discriminator: {propertyName: type, mapping: {podcast: '#/components/schemas/ShowObject'}}
    TrackObject: {type: object, required: [type], properties: {type: {type: string, enum: [track]}}}
    AlbumObject:
      allOf:
        - {type: object, properties: {name: {type: string}}}
        - {type: object, required: [type], properties: {type: {const: album}}}
    ShowObject: {type: object, properties: {type: {type: string, enum: [show]}}}
    EpisodeObject: {type: object, properties: {type: {type: string}}}
"#,
        expect![[r#"
            union Item { Track(TrackObject) required ["type"] [type=track], Album(AlbumObject) required ["type"] [type=album], Show(ShowObject) required [] [type=podcast], Episode(EpisodeObject) required [] [type~=EpisodeObject], Other(..) }
            struct TrackObject { type_: String as "type" }
            struct AlbumObject { name?: Option<String>, type_: String as "type" }
            struct ShowObject { type_?: Option<String> as "type" }
            struct EpisodeObject { type_?: Option<String> as "type" }
        "#]],
    );
}

#[test]
fn all_of_nested_forty_deep_merges_into_one_struct() {
    let mut schema = "{type: object, properties: {p0: {type: string}}}".to_owned();
    for depth in 1..=40 {
        schema = format!("{{allOf: [{schema}, {{type: object, properties: {{p{depth}: {{type: integer}}}}}}]}}");
    }
    let spec = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n"
    );
    let document = crate::load::load_str("spec.yaml", &spec).unwrap_or_else(|d| panic!("{d}"));
    let mut diags = Diagnostics::new(&document);
    let api = crate::model::build(&document, &mut diags);
    let lowered = super::lower(&api, &Config::default(), &mut diags);
    let warnings = diags.into_vec();
    assert!(warnings.is_empty(), "{warnings:?}");
    match lowered.module.types.first() {
        Some(TypeDef::Struct(def)) => {
            assert_eq!(def.fields.len(), 41, "{:?}", def.fields.iter().map(|f| &f.name).collect::<Vec<_>>())
        }
        other => panic!("not a struct: {other:?}"),
    }
}
