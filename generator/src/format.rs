//! `format`: turns emitted tokens into the final source text: prettyplease, a fixed header, and the runtime.

use std::fmt::Write as _;

use proc_macro2::{Group, Literal, TokenStream, TokenTree};

/// The root of the runtime every generated module carries (`runtime/mod.rs`): its header,
/// re-exports, and a `mod name;` line per file of [`RUNTIME_FILES`].
const RUNTIME_ROOT: &str = include_str!("../runtime/mod.rs");

/// The other files of `runtime/`, by module name, in the order `mod.rs` declares them (a test
/// checks this list against the folder and the declarations).
const RUNTIME_FILES: &[(&str, &str)] = &[
    ("auth", include_str!("../runtime/auth.rs")),
    ("byte_stream", include_str!("../runtime/byte_stream.rs")),
    ("call", include_str!("../runtime/call.rs")),
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
    ("shape", include_str!("../runtime/shape.rs")),
    ("transport", include_str!("../runtime/transport.rs")),
    ("traces", include_str!("../runtime/traces.rs")),
    ("union", include_str!("../runtime/union.rs")),
];

/// What `traces` is when tracing is off: the same functions, doing nothing.
const TRACES_OFF: &str = include_str!("../runtime/traces_off.rs");

/// The runtime of generated mocks (`runtime::mock`, the folder `runtime/mock/`), assembled like the
/// runtime, only when mocks are generated: crates without them compile none of it, nor `wiremock`.
const RUNTIME_MOCK_ROOT: &str = include_str!("../runtime/mock/mod.rs");

/// The other files of `runtime/mock/`, in the order its `mod.rs` declares them.
const RUNTIME_MOCK_FILES: &[(&str, &str)] = &[
    ("builder", include_str!("../runtime/mock/builder.rs")),
    ("received", include_str!("../runtime/mock/received.rs")),
    ("route", include_str!("../runtime/mock/route.rs")),
    ("server", include_str!("../runtime/mock/server.rs")),
];

/// The opening of the unit tests each runtime file may end with, which users' crates never get.
const TESTS_OPENING: &str = "#[cfg(test)]\nmod tests {\n";

/// The runtime as one text: the root with each `mod name;` line replaced by `mod name { ... }`
/// holding the file's text (indented), without the file's unit tests. Written as it is (not
/// through prettyplease) so its comments survive.
pub fn runtime_source(tracing: bool) -> String {
    let files: Vec<(&str, &str)> = RUNTIME_FILES
        .iter()
        .map(|&(name, text)| if name == "traces" && !tracing { (name, TRACES_OFF) } else { (name, text) })
        .collect();
    // The files are fixed at compile time and a generator test checks they assemble, so the error
    // cannot occur in a released generator; should it, the runtime fails to compile, loudly.
    assemble_runtime(RUNTIME_ROOT, &files).unwrap_or_else(|message| format!("compile_error!({message:?});\n"))
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

/// The runtime, with `pub mod mock` (the mocks' half) appended when `mocks` says so.
pub fn runtime_with(mocks: &Mocks, tracing: bool) -> String {
    let mut out = runtime_source(tracing);
    if let Mocks::On { feature } = mocks {
        out.push('\n');
        if let Some(feature) = feature {
            out.push_str(&format!("#[cfg(feature = {feature:?})]\n"));
        }
        out.push_str("pub mod mock {\n");
        // Checked by a test like the runtime's files; should it fail, the mocks fail to compile, loudly.
        match assemble_runtime(RUNTIME_MOCK_ROOT, RUNTIME_MOCK_FILES) {
            Ok(text) => push_indented(&mut out, &text),
            Err(message) => out.push_str(&format!("    compile_error!({message:?});\n")),
        }
        out.push_str("}\n");
    }
    out
}

/// Whether mocks are written, and the cargo feature they are compiled under (`None`: always).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mocks {
    Off,
    On { feature: Option<String> },
}

/// `runtime.rs` for modules sharing one runtime: a header and the runtime as it is.
pub fn runtime_file(mocks: &Mocks, tracing: bool) -> String {
    format!(
        "// @generated by openapi-bindgen: the client runtime shared by the generated modules.\n\n{}",
        runtime_with(mocks, tracing)
    )
}

/// `items` followed by the module's mocks (the formatted `pub mod mock`), under `feature` if given.
pub fn with_mock_module(items: &str, mock: &str, feature: Option<&str>) -> String {
    let mut out = items.to_owned();
    out.push('\n');
    if let Some(feature) = feature {
        out.push_str(&format!("#[cfg(feature = {feature:?})]\n"));
    }
    out.push_str(mock);
    out
}

/// Formats conformance checks generated from `spec_name`.
pub fn format_checks(tokens: TokenStream, spec_name: &str) -> Result<String, String> {
    // A file name is one line of the header comment whatever it holds.
    let spec_name = doc_text(spec_name, &mut true);
    Ok(format!("// @generated by openapi-bindgen: conformance checks for `{spec_name}`.\n\n{}", format_items(tokens)?))
}

/// Formats `tokens` (a run of items) as source text; consecutive runs concatenate into the text
/// of the whole, as prettyplease separates top-level items the same way.
///
/// Fails only if the emitter produced tokens that are not Rust items, which is a generator bug.
pub fn format_items(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(safe_docs(tokens)).map_err(|error| format!("the generator emitted invalid Rust: {error}"))?;
    Ok(prettyplease::unparse(&file))
}

/// Doc lines made fit for rustc and rustdoc, whatever spec text they carry; `in_fence` says
/// whether the line before was inside a code block (` ``` `), and is updated.
///
/// rustc refuses a bare carriage return in a doc comment ("bare CR not allowed in doc-comment")
/// and denies by default the Unicode controls that reorder text
/// (`text_direction_codepoint_in_literal`): a line break, CR or tab becomes a space (one attribute
/// is one line: a break inside one makes prettyplease write a `/** */` block, whose later lines
/// rustdoc reads as Markdown of their own, code blocks included; a tab is clippy's
/// `tabs_in_doc_comments`), and every other control character or text-direction control is
/// written as its escape (`\u{202e}`), visible and inert. Outside code blocks and code spans,
/// rustdoc reads `[name]`, `[a][b]` and `[a](b)` as links to Rust items and warns when there is
/// none, and warns about unbalanced HTML tags: so brackets are escaped unless they make an inline
/// link to a URL or page (`[text](https://..)`, `(/page)`, `(#anchor)`) or a link to a code span
/// (the generator's own ``[`Type`]``), and so is the `<` of what reads as an HTML tag (`<b>`,
/// `</p>`, `<!--`), which spec text has no business putting into the page anyway.
pub fn doc_text(line: &str, in_fence: &mut bool) -> String {
    let mut text = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\r' | '\n' | '\t' => text.push(' '),
            c if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') => {
                let _ = write!(text, "\\u{{{:x}}}", u32::from(c));
            }
            c => text.push(c),
        }
    }
    if text.trim_start().starts_with("```") {
        *in_fence = !*in_fence;
        return text;
    }
    if *in_fence { text } else { inert_markdown(&text) }
}

/// `line` with its brackets and HTML tags escaped as [`doc_text`] says.
fn inert_markdown(line: &str) -> String {
    let spans = crate::naming::code_spans(line);
    let span_at = |rest: &str| {
        let at = line.len() - rest.len();
        spans.get(&at).map(|end| end - at)
    };
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let taken = match c {
            // A code span, as it is; a run of backticks that closes nothing is plain text.
            '`' => span_at(rest).unwrap_or_else(|| rest.len() - rest.trim_start_matches('`').len()),
            // A link to a code span, as it is.
            '[' if rest[1..].starts_with('`')
                && span_at(&rest[1..]).is_some_and(|n| rest[1 + n..].starts_with(']')) =>
            {
                span_at(&rest[1..]).map_or(1, |n| n + 2)
            }
            _ => {
                let escaped = out.ends_with('\\');
                if !escaped && ((c == '[' && !opens_link(rest)) || (c == ']' && !closes_link(rest)) || opens_tag(rest))
                {
                    out.push('\\');
                }
                c.len_utf8()
            }
        };
        out.push_str(&rest[..taken]);
        rest = &rest[taken..];
    }
    out
}

/// Whether `rest`, starting at a `[`, is an inline link to a URL or page: `[text](dest)` without
/// another `[` in its text.
fn opens_link(rest: &str) -> bool {
    rest[1..].find(['[', ']']).is_some_and(|end| rest[1 + end..].starts_with(']') && closes_link(&rest[1 + end..]))
}

/// Whether `rest`, starting at a `]`, closes the text of an inline link to a URL or page: `](dest)`
/// whose destination is not a Rust path (rustdoc resolves `[text](Name)` as one).
fn closes_link(rest: &str) -> bool {
    let Some(tail) = rest.strip_prefix("](") else { return false };
    // A destination is short; looking further would make a line of `](` quadratic.
    let window = (0..=tail.len().min(2048)).rev().find(|&i| tail.is_char_boundary(i)).map_or("", |i| &tail[..i]);
    window.split_once(')').is_some_and(|(destination, _)| destination.contains(['/', '.', '#', ':', '?']))
}

/// Whether `rest` starts with what Markdown reads as an HTML tag or comment: `<` then a letter (or
/// `/` and a letter, or `!`), the name ending at a space, `/`, `>` or the end of the line.
fn opens_tag(rest: &str) -> bool {
    let Some(tag) = rest.strip_prefix('<') else { return false };
    if tag.starts_with('!') {
        return true;
    }
    let name = tag.strip_prefix('/').unwrap_or(tag);
    let length = name.find(|c: char| !c.is_ascii_alphanumeric() && c != '-').unwrap_or(name.len());
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name[length..].chars().next().is_none_or(|c| c.is_whitespace() || matches!(c, '/' | '>'))
}

/// `tokens` with the text of every `#[doc = "..."]` passed through [`doc_text`]: every doc comment
/// of a generated item is written here, whichever pass composed its text. The doc attributes of
/// one item are consecutive, so a code block is followed from one to the next.
fn safe_docs(tokens: TokenStream) -> TokenStream {
    let mut in_fence = false;
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(group) => {
                let stream = group.stream();
                let stream = match doc_literal(&stream) {
                    Some(text) => match syn::Lit::new(text.clone()) {
                        syn::Lit::Str(lit) => {
                            let mut safe = Literal::string(&doc_text(&lit.value(), &mut in_fence));
                            safe.set_span(text.span());
                            let mut tokens = stream.into_iter().take(2).collect::<Vec<_>>();
                            tokens.push(TokenTree::Literal(safe));
                            tokens.into_iter().collect()
                        }
                        _ => stream,
                    },
                    None => {
                        in_fence = false;
                        safe_docs(stream)
                    }
                };
                let mut rebuilt = Group::new(group.delimiter(), stream);
                rebuilt.set_span(group.span());
                TokenTree::Group(rebuilt)
            }
            TokenTree::Punct(punct) if punct.as_char() == '#' => TokenTree::Punct(punct),
            other => {
                in_fence = false;
                other
            }
        })
        .collect()
}

/// The literal of the attribute body `doc = "..."`.
fn doc_literal(stream: &TokenStream) -> Option<Literal> {
    let mut tokens = stream.clone().into_iter();
    match (tokens.next(), tokens.next(), tokens.next(), tokens.next()) {
        (Some(TokenTree::Ident(name)), Some(TokenTree::Punct(eq)), Some(TokenTree::Literal(text)), None)
            if name == "doc" && eq.as_char() == '=' =>
        {
            Some(text)
        }
        _ => None,
    }
}

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

/// The module generated from `spec_name`: a header, the formatted `items`, and the runtime,
/// appended as `mod runtime` or, when `shared`, taken from the parent module.
pub fn assemble_module(items: &str, spec_name: &str, shared: bool, mocks: &Mocks, tracing: bool) -> String {
    let spec_name = &doc_text(spec_name, &mut true);
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
    push_indented(&mut out, &runtime_with(mocks, tracing));
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
        let listed: BTreeSet<String> = RUNTIME_FILES
            .iter()
            .map(|(name, _)| format!("{name}.rs"))
            .chain(["mod.rs".to_owned(), "traces_off.rs".to_owned(), "mock".to_owned()])
            .collect();
        assert_eq!(on_disk, listed, "runtime/ and RUNTIME_FILES (plus the mock/ folder) must name the same files");
        let mock_on_disk: BTreeSet<String> = std::fs::read_dir(folder.join("mock"))
            .expect("runtime/mock/ is readable")
            .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
            .collect();
        let mock_listed: BTreeSet<String> =
            RUNTIME_MOCK_FILES.iter().map(|(name, _)| format!("{name}.rs")).chain(["mod.rs".to_owned()]).collect();
        assert_eq!(mock_on_disk, mock_listed, "runtime/mock/ and RUNTIME_MOCK_FILES must name the same files");
        for (name, text) in RUNTIME_MOCK_FILES.iter().chain(&[("mod", RUNTIME_MOCK_ROOT)]) {
            let file = std::fs::read_to_string(folder.join(format!("mock/{name}.rs"))).expect("readable");
            assert!(file == *text, "RUNTIME_MOCK_FILES pairs `{name}` with another file's text");
            assert!(text.starts_with("//! ") && text.contains(TESTS_OPENING) && text.lines().count() <= 400);
        }
        assert!(assemble_runtime(RUNTIME_MOCK_ROOT, RUNTIME_MOCK_FILES).is_ok());
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
        assert_eq!(runtime, runtime_source(true), "the assembly is deterministic");
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
        let module = assemble_module("pub struct A;\n", "spec.json", false, &Mocks::Off, false);
        assert!(module.contains("\n#[allow(dead_code)]\npub mod runtime {\n    // The runtime of generated modules"));
        assert!(module.contains("\n    mod auth {\n        //! Credentials"));
        assert!(module.ends_with("\n}\n"));
        let file = runtime_file(&Mocks::Off, false);
        assert!(!file.contains("pub mod mock"), "no mocks unless asked for");
        let mocked = runtime_file(&Mocks::On { feature: Some("mock".to_owned()) }, false);
        assert!(mocked.contains("\n#[cfg(feature = \"mock\")]\npub mod mock {\n    //! Typed mocks"));
        assert!(mocked.contains("\n    mod server {\n        //! The mock server"));
        assert!(!mocked.contains("cfg(test)"), "no mock test reaches the runtime");
        assert!(syn::parse_file(&mocked).is_ok(), "the runtime with mocks parses");
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

    #[test]
    fn doc_text_is_inert_for_rustc_and_rustdoc() {
        let line = |text: &str| doc_text(text, &mut false);
        assert_eq!(
            line("a\rb\nc\td\0e\u{1b}[31m\u{85}f\u{202e}g\u{2069}h\u{200b}"),
            r"a b c d\u{0}e\u{1b}\[31m\u{85}f\u{202e}g\u{2069}h".to_owned() + "\u{200b}"
        );
        assert_eq!(
            line("[optional] [a][b] [c](d) [e](https://x.test) [f](/g) [h](#i) `[j]` ``[`k`]`` \\[l\\] ` [m]"),
            r"\[optional\] \[a\]\[b\] \[c\](d) [e](https://x.test) [f](/g) [h](#i) `[j]` ``[`k`]`` \[l\] ` \[m\]"
        );
        assert_eq!(
            line("<b>x</b> <div class=a> <!-- c --> <br/> a < b, <T>, <account_id>, <https://x.test> `<i>`"),
            r"\<b>x\</b> \<div class=a> \<!-- c --> \<br/> a < b, \<T>, <account_id>, <https://x.test> `<i>`"
        );
        // The generator's own links to code spans stay links; `*/` needs nothing in a line comment.
        assert_eq!(
            line("[`Pet`] and [`Client::get`], `a`[b]`<i>` */"),
            r"[`Pet`] and [`Client::get`], `a`\[b\]`<i>` */"
        );
    }

    #[test]
    fn code_blocks_are_followed_across_doc_attributes() {
        let tokens: TokenStream = quote::quote! {
            #[doc = " [a]"] #[doc = " ```text"] #[doc = " [b] <i>"] #[doc = " ```"] #[doc = " [c]\r"]
            pub struct A;
            #[doc = " ```text"]
            pub struct B;
            #[doc = " [d]"]
            pub struct C;
        };
        let text = format_items(tokens).expect("formats");
        assert_eq!(
            text,
            "/// \\[a\\]\n/// ```text\n/// [b] <i>\n/// ```\n/// \\[c\\]\npub struct A;\n/// ```text\npub struct B;\n/// \\[d\\]\npub struct C;\n"
        );
    }
}
