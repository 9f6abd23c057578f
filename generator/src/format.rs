//! `format`: turns emitted tokens into the final source text: prettyplease, a fixed header, and the runtime.

use proc_macro2::TokenStream;

/// The root of the runtime every generated module carries (`runtime/mod.rs`): its header,
/// re-exports, and a `mod name;` line per file of [`RUNTIME_FILES`].
const RUNTIME_ROOT: &str = include_str!("../runtime/mod.rs");

/// The other files of `runtime/`, by module name, in the order `mod.rs` declares them (a test
/// checks this list against the folder and the declarations).
const RUNTIME_FILES: &[(&str, &str)] = &[
    ("auth", include_str!("../runtime/auth.rs")),
    ("byte_stream", include_str!("../runtime/byte_stream.rs")),
    ("client", include_str!("../runtime/client.rs")),
    ("cookie", include_str!("../runtime/cookie.rs")),
    ("error", include_str!("../runtime/error.rs")),
    ("event_lines", include_str!("../runtime/event_lines.rs")),
    ("event_stream", include_str!("../runtime/event_stream.rs")),
    ("form", include_str!("../runtime/form.rs")),
    ("hook", include_str!("../runtime/hook.rs")),
    ("multipart", include_str!("../runtime/multipart.rs")),
    ("object", include_str!("../runtime/object.rs")),
    ("options", include_str!("../runtime/options.rs")),
    ("page_values", include_str!("../runtime/page_values.rs")),
    ("pages", include_str!("../runtime/pages.rs")),
    ("params", include_str!("../runtime/params.rs")),
    ("parts", include_str!("../runtime/parts.rs")),
    ("raw", include_str!("../runtime/raw.rs")),
    ("request", include_str!("../runtime/request.rs")),
    ("response", include_str!("../runtime/response.rs")),
    ("retry", include_str!("../runtime/retry.rs")),
    ("send", include_str!("../runtime/send.rs")),
    ("transport", include_str!("../runtime/transport.rs")),
    ("union", include_str!("../runtime/union.rs")),
];

/// The opening of the unit tests each runtime file may end with, which users' crates never get.
const TESTS_OPENING: &str = "#[cfg(test)]\nmod tests {\n";

/// The runtime as one text: the root with each `mod name;` line replaced by `mod name { ... }`
/// holding the file's text (indented), without the file's unit tests. Written as it is (not
/// through prettyplease) so its comments survive.
pub fn runtime_source() -> String {
    // The files are fixed at compile time and a generator test checks they assemble, so the error
    // cannot occur in a released generator; should it, the runtime fails to compile, loudly.
    assemble_runtime(RUNTIME_ROOT, RUNTIME_FILES).unwrap_or_else(|message| format!("compile_error!({message:?});\n"))
}

/// Assembles `root` and `files` as [`runtime_source`] does; fails if any file is not laid out as
/// expected, rather than leaving something out or in by mistake.
fn assemble_runtime(root: &str, files: &[(&str, &str)]) -> Result<String, String> {
    let mut out = String::new();
    let mut declared = Vec::new();
    for line in without_tests("mod.rs", root)?.lines() {
        let declaration = line.strip_prefix("mod ").and_then(|rest| rest.strip_suffix(';'));
        let Some(name) = declaration else {
            if line.contains("mod ") && line.trim_end().ends_with(';') {
                return Err(format!("runtime/mod.rs: `{line}` is not a `mod name;` line at the start of a line"));
            }
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let (_, text) = files.iter().find(|(file, _)| *file == name).ok_or_else(|| {
            format!("runtime/mod.rs declares `mod {name};` but `{name}.rs` is not in the runtime's list")
        })?;
        if declared.contains(&name) {
            return Err(format!("runtime/mod.rs declares `mod {name};` twice"));
        }
        declared.push(name);
        let file = format!("{name}.rs");
        let text = without_tests(&file, text)?;
        if text.lines().any(|line| line.trim_start().starts_with("mod ") && line.trim_end().ends_with(';')) {
            return Err(format!("runtime/{file} declares a module in another file; only mod.rs may"));
        }
        out.push_str(&format!("mod {name} {{\n"));
        push_indented(&mut out, text);
        out.push_str("}\n");
    }
    if let Some((name, _)) = files.iter().find(|(name, _)| !declared.contains(name)) {
        return Err(format!("`{name}.rs` is in the runtime's list but runtime/mod.rs has no `mod {name};`"));
    }
    Ok(out)
}

/// `text` without the `#[cfg(test)] mod tests { ... }` block it may end with. Anything else
/// mentioning `cfg(test)` or `#[test]`, or a block not at the very end, is refused: the tests
/// must never reach users' crates, and a cut in the wrong place would drop runtime code.
fn without_tests<'a>(file: &str, text: &'a str) -> Result<&'a str, String> {
    let Some(start) = text.find(TESTS_OPENING) else {
        if text.contains("cfg(test)") || text.contains("#[test]") || text.contains("mod tests") {
            return Err(format!(
                "runtime/{file}: its tests must be one block, `#[cfg(test)]` and then `mod tests {{` on the next line"
            ));
        }
        return Ok(text);
    };
    let (code, tests) = text.split_at(start);
    if !(start == 0 || code.ends_with('\n')) || code.contains("cfg(test)") || code.contains("#[test]") {
        return Err(format!("runtime/{file}: `cfg(test)` or `#[test]` outside its trailing `mod tests` block"));
    }
    // The block is the rest of the file: the first line after the opening that is not indented
    // is its closing brace, and the file's last line.
    let mut unindented = tests[TESTS_OPENING.len()..].lines().filter(|line| !line.starts_with(' ') && !line.is_empty());
    if unindented.next() != Some("}") || unindented.next().is_some() || !tests.ends_with("\n}\n") {
        return Err(format!("runtime/{file}: the `mod tests` block must end the file, closing on its last line"));
    }
    Ok(code.trim_end_matches('\n'))
}

/// Appends `text` with each non-empty line indented by four spaces, and a final line break.
fn push_indented(out: &mut String, text: &str) {
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str("    ");
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// `runtime.rs` for modules sharing one runtime: a header and the runtime as it is.
pub fn runtime_file() -> String {
    format!(
        "// @generated by openapi-bindgen: the client runtime shared by the generated modules.\n\n{}",
        runtime_source()
    )
}

/// Formats conformance checks generated from `spec_name`.
pub fn format_checks(tokens: TokenStream, spec_name: &str) -> Result<String, String> {
    Ok(format!("// @generated by openapi-bindgen: conformance checks for `{spec_name}`.\n\n{}", format_items(tokens)?))
}

/// Formats `tokens` (a run of items) as source text; consecutive runs concatenate into the text
/// of the whole, as prettyplease separates top-level items the same way.
///
/// Fails only if the emitter produced tokens that are not Rust items, which is a generator bug.
pub fn format_items(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|error| format!("the generator emitted invalid Rust: {error}"))?;
    // String literals escape a carriage return; one left raw can only be spec text in a doc comment,
    // where rustc refuses it ("bare CR not allowed in doc-comment"), so it becomes a space.
    Ok(prettyplease::unparse(&file).replace('\r', " "))
}

/// The module generated from `spec_name`: a header, the formatted `items`, and the runtime,
/// appended as `mod runtime` or, when `shared`, taken from the parent module.
/// `items` followed by the `requests` submodule holding `builders` (indented), when there are any.
pub fn with_requests_module(items: &str, builders: &str) -> String {
    if builders.is_empty() {
        return items.to_owned();
    }
    let mut out = items.to_owned();
    out.push_str(
        "\n/// The request builders the `Client` methods return: optional parameters and body members\n/// are set on them, then the request is sent by `.await` (or `send`).\npub mod requests {\n    #[allow(unused_imports)]\n    use super::*;\n\n",
    );
    push_indented(&mut out, builders);
    out.push_str("}\n");
    out
}

pub fn assemble_module(items: &str, spec_name: &str, shared: bool) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "// @generated by openapi-bindgen from `{spec_name}`. Do not edit: change the spec or its\n"
    ));
    out.push_str("// settings and regenerate (see the README).\n\n");
    if shared {
        out.push_str("/// The client runtime shared by the modules of this crate.\npub use super::runtime;\n\n");
        out.push_str(items);
        return out;
    }
    out.push_str(items);
    out.push_str(
        "\n/// The client runtime: HTTP, credentials, errors and encoding, shared by every operation above.\n",
    );
    out.push_str("#[allow(dead_code)]\npub mod runtime {\n");
    push_indented(&mut out, &runtime_source());
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::str::FromStr as _;

    use proc_macro2::{TokenStream, TokenTree};

    use super::*;

    fn assembled() -> String {
        assemble_runtime(RUNTIME_ROOT, RUNTIME_FILES).unwrap_or_else(|message| panic!("{message}"))
    }

    /// Every literal of `text` (doc comments included, as `doc` attributes), sorted.
    fn literals(text: &str) -> Vec<String> {
        fn walk(tokens: TokenStream, out: &mut Vec<String>) {
            for token in tokens {
                match token {
                    TokenTree::Literal(literal) => out.push(literal.to_string()),
                    TokenTree::Group(group) => walk(group.stream(), out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(TokenStream::from_str(text).unwrap_or_else(|error| panic!("not Rust tokens: {error}")), &mut out);
        out.sort();
        out
    }

    #[test]
    fn every_file_of_the_runtime_folder_is_assembled() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let on_disk: BTreeSet<String> = std::fs::read_dir(&folder)
            .expect("runtime/ is readable")
            .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
            .collect();
        let listed: BTreeSet<String> =
            RUNTIME_FILES.iter().map(|(name, _)| format!("{name}.rs")).chain(["mod.rs".to_owned()]).collect();
        assert_eq!(on_disk, listed, "runtime/ and RUNTIME_FILES must name the same files");
        for (name, text) in RUNTIME_FILES {
            let file = std::fs::read_to_string(folder.join(format!("{name}.rs"))).expect("readable");
            assert!(file == *text, "RUNTIME_FILES pairs `{name}` with another file's text");
        }
        let runtime = assembled();
        for (name, _) in RUNTIME_FILES {
            assert_eq!(runtime.matches(&format!("\nmod {name} {{\n")).count(), 1, "`mod {name}` is written once");
        }
    }

    #[test]
    fn no_test_and_no_out_of_line_module_reaches_the_assembled_runtime() {
        let runtime = assembled();
        for needle in ["cfg(test)", "#[test]", "mod tests", "#[tokio::test]", "wiremock"] {
            assert!(!runtime.contains(needle), "the assembled runtime contains `{needle}`");
        }
        let declarations: Vec<&str> =
            runtime.lines().filter(|line| line.trim_start().starts_with("mod ") && line.ends_with(';')).collect();
        assert!(declarations.is_empty(), "`mod x;` left in the assembled runtime: {declarations:?}");
        assert!(syn::parse_file(&runtime).is_ok(), "the assembled runtime parses as a file");
        assert_eq!(runtime, runtime_source(), "the assembly is deterministic");
    }

    #[test]
    fn each_file_says_what_it_owns_and_has_unit_tests() {
        // The root is also written whole as `runtime.rs`, which a crate may `include!`: no inner
        // attributes or inner doc comments there.
        assert!(RUNTIME_ROOT.starts_with("// The runtime of generated modules"));
        assert!(!RUNTIME_ROOT.contains("//!") && !RUNTIME_ROOT.contains("#!["));
        for (name, text) in RUNTIME_FILES {
            assert!(text.starts_with("//! "), "{name}.rs opens with a `//!` line saying what it owns");
            assert!(text.contains(TESTS_OPENING), "{name}.rs has unit tests");
            assert!(text.lines().count() <= 400, "{name}.rs has more than 400 lines");
        }
    }

    #[test]
    fn indenting_changes_no_literal() {
        let mut expected = literals(without_tests("mod.rs", RUNTIME_ROOT).expect("laid out"));
        for (name, text) in RUNTIME_FILES {
            expected.extend(literals(without_tests(name, text).expect("laid out")));
        }
        expected.sort();
        assert_eq!(literals(&assembled()), expected);
    }

    #[test]
    fn a_lone_module_carries_the_runtime_indented_and_a_shared_one_as_it_is() {
        let module = assemble_module("pub struct A;\n", "spec.json", false);
        assert!(module.contains("\n#[allow(dead_code)]\npub mod runtime {\n    // The runtime of generated modules"));
        assert!(module.contains("\n    mod auth {\n        //! Credentials"));
        assert!(module.ends_with("\n}\n"));
        let file = runtime_file();
        assert!(file.starts_with(
            "// @generated by openapi-bindgen: the client runtime shared by the generated modules.\n\n// The runtime"
        ));
        assert!(file.contains("\nmod auth {\n    //! Credentials"));
    }

    const FILE: &str = "//! A file.\n\npub fn f() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n";

    #[test]
    fn the_trailing_tests_are_cut_exactly() {
        assert_eq!(without_tests("f.rs", FILE), Ok("//! A file.\n\npub fn f() {}"));
        assert_eq!(without_tests("f.rs", "pub fn f() {}\n"), Ok("pub fn f() {}\n"));
        let root = "// Root.\npub use a::A;\nmod a;\n";
        assert_eq!(
            assemble_runtime(root, &[("a", FILE)]),
            Ok("// Root.\npub use a::A;\nmod a {\n    //! A file.\n\n    pub fn f() {}\n}\n".to_owned())
        );
    }

    #[test]
    fn a_file_laid_out_otherwise_is_refused() {
        let refused = |text: &str| without_tests("f.rs", text).expect_err("refused");
        // Something after the tests, tests not at the end, two blocks, tests in another form.
        refused(&format!("{FILE}pub fn after() {{}}\n"));
        refused(&FILE.replace("\n}\n", "\n}\nfn g() {}\n"));
        refused(&format!("{FILE}\n#[cfg(test)]\nmod tests {{\n}}\n"));
        refused("pub fn f() {}\n#[cfg(test)]\nmod more_tests {\n}\n");
        refused("pub fn f() {}\n#[cfg(test)] mod tests {\n}\n");
        refused("#[cfg(test)]\nfn helper() {}\n#[cfg(test)]\nmod tests {\n}\n");
        refused("#[test]\nfn t() {}\n");
        refused("pub fn f() {}\n#[cfg(test)]\nmod tests {\n    fn t() {}\n");
    }

    #[test]
    fn declarations_and_the_list_must_agree() {
        let files: &[(&str, &str)] = &[("a", "//! A.\n"), ("b", "//! B.\n")];
        let refused = |root: &str, files: &[(&str, &str)]| assemble_runtime(root, files).expect_err("refused");
        assert_eq!(
            refused("mod a;\nmod c;\n", files),
            "runtime/mod.rs declares `mod c;` but `c.rs` is not in the runtime's list"
        );
        assert_eq!(refused("mod a;\n", files), "`b.rs` is in the runtime's list but runtime/mod.rs has no `mod b;`");
        assert_eq!(refused("mod a;\nmod a;\nmod b;\n", files), "runtime/mod.rs declares `mod a;` twice");
        refused("pub mod a;\nmod b;\n", files);
        refused("mod a;\nmod b;\n", &[("a", "//! A.\nmod inner;\n"), ("b", "")]);
        assert!(assemble_runtime("mod a;\nmod b;\n", files).is_ok());
    }
}
