//! load: reads an OpenAPI document (JSON or YAML) into the located `spec::Document`; the passes after it
//! read no files (settings, `dir` and `standalone` do the other IO, around the pipeline).
//!
//! Both syntaxes end in the same `serde_json::Value` tree plus a map from every node's JSON pointer
//! to where its value starts, so later passes never care which syntax the author chose.
//! Duplicate mapping keys are an error in both syntaxes: saphyr rejects them in YAML and cannot be
//! told otherwise through its public API, so JSON rejects them too rather than silently keeping one.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use saphyr::{AnnotatedMapping, LoadableYamlNode, MarkedYaml, Marker, Scalar, YamlData};
use serde_json::{Map, Number, Value};

use crate::diag::Diagnostic;
use crate::spec::{Document, Location, Syntax};

type Positions = HashMap<String, Location>;
type Mapping<'i> = AnnotatedMapping<'i, MarkedYaml<'i>>;

/// Deepest YAML node nesting accepted; OpenAPI documents stay far below it.
const MAX_DEPTH: usize = 256;
/// saphyr's loader recurses once per nesting level (about 2.5 KiB a level in debug builds), so it
/// runs on a thread of its own with this much stack...
const YAML_STACK: usize = 64 << 20;
/// ...and a document whose block structure could nest deeper than this many columns (each column
/// holds at most two nested block collections, and flow nesting stops at 255 inside saphyr) is
/// refused before saphyr sees it, which keeps its recursion well inside `YAML_STACK`.
const MAX_BLOCK_COLUMN: usize = 2000;

pub(crate) fn load_file(path: &Path) -> Result<Document, Diagnostic> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::in_file(&file, None, None, format!("cannot read the file: {e}")))?;
    load_str(&file, utf8(&file, &bytes)?)
}

/// `bytes` as text, or an error at the first byte that is not UTF-8: offset, line and column (in
/// characters of the valid text before it), and the line up to it (tests/hostile.rs, by the CLI).
fn utf8<'b>(file: &str, bytes: &'b [u8]) -> Result<&'b str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|error| {
        let offset = error.valid_up_to();
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let line_start = valid.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = valid.matches('\n').count() + 1;
        let column = valid[line_start..].chars().count() + 1;
        let location = Location { line: to_u32(line), column: to_u32(column) };
        let message = format!("the file is not UTF-8: byte {offset} (0x{:02x}) is not valid here", bytes[offset]);
        Diagnostic::in_file(file, Some(location), Some(valid[line_start..].to_owned()), message)
    })
}

pub(crate) fn load_str(file: &str, text: &str) -> Result<Document, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let syntax = if text.trim_start().starts_with(['{', '[']) { Syntax::Json } else { Syntax::Yaml };
    let (root, positions) = match syntax {
        Syntax::Json => load_json(file, text)?,
        Syntax::Yaml => load_yaml(file, text)?,
    };
    Ok(Document { file: file.to_owned(), text: text.to_owned(), syntax, root, positions })
}

/// An error diagnostic at a 1-based line and character column, showing that source line.
fn located(file: &str, text: &str, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
    let source_line = line.checked_sub(1).and_then(|index| text.lines().nth(index)).map(str::to_owned);
    let location = Location { line: to_u32(line), column: to_u32(column.max(1)) };
    Diagnostic::in_file(file, Some(location), source_line, message)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Characters in `bytes` (a slice of valid UTF-8 that may be cut mid-character): every byte that is
/// not a continuation byte starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Appends one RFC 6901 reference token without the temporary `spec::push_pointer` allocates,
/// since JSON positions are pushed once per node of multi-megabyte documents.
fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

fn load_json(file: &str, text: &str) -> Result<(Value, Positions), Diagnostic> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        // serde_json counts columns in bytes up to and including the offending byte.
        let line_text = e.line().checked_sub(1).and_then(|i| text.lines().nth(i)).unwrap_or("");
        let bytes = &line_text.as_bytes()[..e.column().saturating_sub(1).min(line_text.len())];
        let message = e.to_string();
        let message = message.strip_suffix(&format!(" at line {} column {}", e.line(), e.column())).unwrap_or(&message);
        located(file, text, e.line(), count_chars(bytes) + 1, format!("invalid JSON: {message}"))
    })?;
    let positions = json_positions(file, text)?;
    Ok((root, positions))
}

/// Records where every value starts by scanning text that serde_json has already accepted, so it
/// only has to follow the structure, not validate it. Iterative: nesting costs heap, not stack.
fn json_positions(file: &str, text: &str) -> Result<Positions, Diagnostic> {
    let bytes = text.as_bytes();
    let mut positions = Positions::with_capacity(bytes.len() / 40);
    let mut pointer = String::new();
    // Open containers: (is an array, index of the current element, pointer length of the container).
    let mut stack: Vec<(bool, usize, usize)> = Vec::new();
    let mut expect_key = false;
    // Columns are counted lazily from the last recorded position of the line, which keeps a
    // single-line (minified) document linear.
    let (mut line, mut counted_to, mut column) = (1, 0, 1);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if matches!(b, b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') || (b == b'"' && !expect_key) {
            column += count_chars(&bytes[counted_to..i]);
            counted_to = i;
            let location = Location { line, column: to_u32(column) };
            if positions.insert(pointer.clone(), location).is_some() {
                return Err(Diagnostic { pointer, ..located(file, text, line as usize, column, "duplicate key") });
            }
        }
        i += 1;
        match b {
            b'\n' => (line, counted_to, column) = (line + 1, i, 1),
            b'{' => {
                stack.push((false, 0, pointer.len()));
                expect_key = true;
            }
            b'[' => {
                stack.push((true, 0, pointer.len()));
                pointer.push_str("/0");
            }
            b',' => match stack.last_mut() {
                Some((true, index, base)) => {
                    *index += 1;
                    pointer.truncate(*base);
                    let _ = write!(pointer, "/{index}");
                }
                Some((false, ..)) => expect_key = true,
                None => {}
            },
            b'}' | b']' => {
                if let Some((_, _, base)) = stack.pop() {
                    pointer.truncate(base);
                }
            }
            b'"' => {
                let start = i;
                while let Some(&c) = bytes.get(i) {
                    i += if c == b'\\' { 2 } else { 1 };
                    if c == b'"' {
                        break;
                    }
                }
                if expect_key {
                    expect_key = false;
                    let raw = text.get(start..i - 1).unwrap_or("");
                    let decoded = || text.get(start - 1..i).and_then(|quoted| serde_json::from_str(quoted).ok());
                    let key =
                        if raw.contains('\\') { decoded().unwrap_or_else(|| raw.to_owned()) } else { raw.to_owned() };
                    pointer.truncate(stack.last().map_or(0, |frame| frame.2));
                    push_token(&mut pointer, &key);
                }
            }
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                // Skip the rest of the literal so its digits are not taken for new values.
                while bytes.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')) {
                    i += 1;
                }
            }
            _ => {}
        }
    }
    Ok(positions)
}

fn load_yaml(file: &str, text: &str) -> Result<(Value, Positions), Diagnostic> {
    let (column, line) = deepest_block_column(text);
    if column > MAX_BLOCK_COLUMN {
        return Err(located(file, text, line, column + 1, "YAML nesting is too deep"));
    }
    // The thread also turns a panic inside saphyr (it has a few `unwrap`s) into a diagnostic.
    let failed = |message: String| Diagnostic::in_file(file, None, None, message);
    std::thread::scope(|scope| {
        match std::thread::Builder::new().stack_size(YAML_STACK).spawn_scoped(scope, || parse_yaml(file, text)) {
            Ok(worker) => {
                worker.join().unwrap_or_else(|_| Err(failed("the YAML parser crashed on this document".into())))
            }
            Err(e) => Err(failed(format!("cannot start the YAML parser: {e}"))),
        }
    })
}

/// An upper bound on the columns at which block collections can start, with its line: a block
/// collection starts only at the first content of a line once indentation, `- `, `? `, `: `,
/// document markers and node properties (`&anchor`, `!tag`) are skipped. Both `\n` and `\r` break
/// lines, as in YAML.
fn deepest_block_column(text: &str) -> (usize, usize) {
    let (mut deepest, mut deepest_line, mut line) = (0, 1, 1);
    for segment in text.split_inclusive(['\n', '\r']) {
        let b = segment.as_bytes();
        let blank = |i: usize| b.get(i).is_none_or(|c| c.is_ascii_whitespace());
        let mut i = 0;
        loop {
            match b.get(i) {
                Some(b' ' | b'\t') => i += 1,
                Some(b'-' | b'.') if matches!(b.get(i..i + 3), Some(b"---" | b"...")) && blank(i + 3) => i += 3,
                Some(b'-' | b'?' | b':') if blank(i + 1) => i += 1,
                Some(b'&' | b'!') => i += b[i..].iter().take_while(|c| !c.is_ascii_whitespace()).count(),
                _ => break,
            }
        }
        if i > deepest {
            (deepest, deepest_line) = (i, line);
        }
        line += usize::from(segment.ends_with('\n'));
    }
    (deepest, deepest_line)
}

fn parse_yaml(file: &str, text: &str) -> Result<(Value, Positions), Diagnostic> {
    let documents = MarkedYaml::load_from_str(text).map_err(|e| {
        located(file, text, e.marker().line(), e.marker().col() + 1, format!("invalid YAML: {}", e.info()))
    })?;
    // Later documents of a stream are ignored; an empty stream or document has no root at all.
    let Some(root) = documents.first().filter(|root| !root.data.is_badvalue()) else {
        return Err(Diagnostic::in_file(file, None, None, "empty document"));
    };
    let mut tree =
        YamlTree { file, text, ascii: text.is_ascii(), checkpoints: Vec::new(), positions: Positions::new() };
    let value = tree.value(root, &mut String::new(), 0)?;
    Ok((value, tree.positions))
}

/// The conversion of saphyr's tree into JSON values and positions.
struct YamlTree<'t> {
    file: &'t str,
    text: &'t str,
    ascii: bool,
    /// Byte offsets of every 64th character, built on first need, as saphyr locates by character.
    checkpoints: Vec<usize>,
    positions: Positions,
}

impl<'t> YamlTree<'t> {
    fn error(&self, at: Marker, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { pointer: pointer.to_owned(), ..located(self.file, self.text, at.line(), at.col() + 1, message) }
    }

    /// Byte offset of saphyr's character index.
    fn byte_at(&mut self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        if self.checkpoints.is_empty() {
            self.checkpoints = self.text.char_indices().step_by(64).map(|(byte, _)| byte).collect();
        }
        let Some(&from) = self.checkpoints.get(index / 64) else { return self.text.len() };
        self.text[from..].char_indices().nth(index % 64).map_or(self.text.len(), |(byte, _)| from + byte)
    }

    /// How far before `index` the `-` of an indentless sequence (`key:` then `- item` at the key's
    /// indentation) is: saphyr starts those at their first item.
    fn dash_before(&mut self, index: usize) -> usize {
        let start = self.byte_at(index);
        let before = self.text[..start].trim_end_matches([' ', '\t']);
        if before.ends_with('-') && !self.text[start..].starts_with(['-', '[']) { start + 1 - before.len() } else { 0 }
    }

    /// A scalar as written, without its anchor and tag (its span starts at them).
    fn written(&mut self, node: &MarkedYaml<'_>) -> &'t str {
        let (start, end) = (self.byte_at(node.span.start.index()), self.byte_at(node.span.end.index()));
        let mut written = self.text.get(start..end).unwrap_or("").trim();
        while written.starts_with(['&', '!']) {
            written = written.split_once([' ', '\t', '\n', '\r']).map_or("", |(_, rest)| rest.trim_start());
        }
        written
    }

    fn value(&mut self, node: &MarkedYaml<'_>, pointer: &mut String, depth: usize) -> Result<Value, Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(self.error(
                node.span.start,
                pointer,
                format!("YAML nesting is deeper than {MAX_DEPTH} levels"),
            ));
        }
        let at = node.span.start;
        let shift = if matches!(untagged(node), YamlData::Sequence(_)) { self.dash_before(at.index()) } else { 0 };
        self.positions.insert(
            pointer.clone(),
            Location { line: to_u32(at.line()), column: to_u32((at.col() + 1).saturating_sub(shift)) },
        );
        Ok(match untagged(node) {
            YamlData::Value(Scalar::Null) => Value::Null,
            YamlData::Value(Scalar::Boolean(b)) => Value::Bool(*b),
            YamlData::Value(Scalar::Integer(i)) => Value::from(*i),
            YamlData::Value(Scalar::FloatingPoint(f)) => {
                // Integers beyond i64 come out of saphyr as floats; JSON keeps u64 exactly.
                let written = self.written(node);
                match written.parse::<u64>() {
                    Ok(u) if u > i64::MAX.unsigned_abs() => Value::from(u),
                    _ => Number::from_f64(f.0).map_or_else(|| Value::String(written.to_owned()), Value::Number),
                }
            }
            YamlData::Value(Scalar::String(s)) | YamlData::Representation(s, ..) => Value::String(s.to_string()),
            YamlData::Sequence(items) => {
                let mut array = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    let base = pointer.len();
                    let _ = write!(pointer, "/{index}");
                    array.push(self.value(item, pointer, depth + 1)?);
                    pointer.truncate(base);
                }
                Value::Array(array)
            }
            YamlData::Mapping(mapping) => {
                let mut object = Map::new();
                self.fill(mapping, pointer, depth, &mut object, false)?;
                Value::Object(object)
            }
            // `!!int foo`; aliases are already resolved and tags already stripped.
            YamlData::BadValue | YamlData::Alias(_) | YamlData::Tagged(..) => {
                return Err(self.error(at, pointer, "value does not match its tag"));
            }
        })
    }

    /// Adds the entries of `mapping` to `object`. Merge keys (`<<: *anchor` or a list of them) are
    /// applied after the explicit keys and never override them; `merging` marks a merged mapping.
    /// A quoted `"<<"` cannot be told apart from the merge key once parsed, and merges too.
    fn fill(
        &mut self,
        mapping: &Mapping<'_>,
        pointer: &mut String,
        depth: usize,
        object: &mut Map<String, Value>,
        merging: bool,
    ) -> Result<(), Diagnostic> {
        let mut merges = Vec::new();
        for (key, value) in mapping {
            let name = match untagged(key) {
                YamlData::Value(Scalar::String(s)) => s.to_string(),
                // `200:` is an integer to YAML but a status code to OpenAPI: keep the text.
                YamlData::Value(_) => self.written(key).to_owned(),
                _ => return Err(self.error(key.span.start, pointer, "mapping key is not a scalar")),
            };
            if name == "<<" && merge_sources(value).is_some() {
                merges.push(value);
                continue;
            }
            if object.contains_key(&name) {
                if merging {
                    continue;
                }
                return Err(self.error(key.span.start, pointer, format!("duplicate key `{name}`")));
            }
            let base = pointer.len();
            push_token(pointer, &name);
            let converted = self.value(value, pointer, depth + 1)?;
            pointer.truncate(base);
            object.insert(name, converted);
        }
        for merge in merges {
            if depth >= MAX_DEPTH {
                return Err(self.error(
                    merge.span.start,
                    pointer,
                    format!("YAML merges nest deeper than {MAX_DEPTH} levels"),
                ));
            }
            for source in merge_sources(merge).into_iter().flatten() {
                self.fill(source, pointer, depth + 1, object, true)?;
            }
        }
        Ok(())
    }
}

/// The node's data under any custom tags (core schema tags are already applied by saphyr).
fn untagged<'n, 'i>(node: &'n MarkedYaml<'i>) -> &'n YamlData<'i, MarkedYaml<'i>> {
    let mut data = &node.data;
    while let YamlData::Tagged(_, inner) = data {
        data = &inner.data;
    }
    data
}

/// The mappings a merge key's value merges in, if it is a mapping or a sequence of mappings.
fn merge_sources<'n, 'i>(value: &'n MarkedYaml<'i>) -> Option<Vec<&'n Mapping<'i>>> {
    let mapping = |node: &'n MarkedYaml<'i>| if let YamlData::Mapping(m) = untagged(node) { Some(m) } else { None };
    match untagged(value) {
        YamlData::Sequence(items) => items.iter().map(mapping).collect(),
        _ => mapping(value).map(|m| vec![m]),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    /// Positions in document order, `column #pointer`s grouped by line.
    fn check_positions(document: &Document, expected: Expect) {
        let mut positions: Vec<_> = document.positions.iter().map(|(pointer, at)| (*at, pointer.as_str())).collect();
        positions.sort();
        let (mut rendered, mut line) = (String::new(), 0);
        for (at, pointer) in positions {
            if at.line == line {
                rendered.push(',');
            } else {
                let _ = write!(rendered, "\n{}:", at.line);
                line = at.line;
            }
            let _ = write!(rendered, " {} #{pointer}", at.column);
        }
        rendered.push('\n');
        expected.assert_eq(rendered.trim_start());
    }

    fn error(text: &str) -> String {
        load_str("spec", text)
            .map_or_else(|diagnostic| diagnostic.to_string(), |document| format!("loaded: {}", document.root))
    }

    fn first_line(text: &str) -> String {
        error(text).lines().next().unwrap_or_default().to_owned()
    }

    const JSON: &str = r#"{
  "paths": {"/a~b": {"get": null}},
  "list": [1, [true, {"k": -2.5e3}], {}, []],
  "é": "ü", "n": "\u00e9\"x", "k\"\u002f": 0
}"#;

    const YAML: &str = "paths: {/a~b: {get: null}}
list:
- 1
- [true, {k: -2.5e3}]
-   {}
- []
é: ü
n: \"é\\\"x\"
\"k\\\"/\": 0
";

    #[test]
    fn json_positions() {
        let document = load_str("spec.json", JSON).unwrap();
        assert_eq!(document.syntax, Syntax::Json);
        check_positions(
            &document,
            expect![[r#"
            1: 1 #
            2: 12 #/paths, 21 #/paths/~1a~0b, 29 #/paths/~1a~0b/get
            3: 11 #/list, 12 #/list/0, 15 #/list/1, 16 #/list/1/0, 22 #/list/1/1, 28 #/list/1/1/k, 38 #/list/2, 42 #/list/3
            4: 8 #/é, 18 #/n, 44 #/k"~1
        "#]],
        );
    }

    #[test]
    fn yaml_positions_and_values_match_json() {
        let document = load_str("spec.yaml", YAML).unwrap();
        assert_eq!(document.syntax, Syntax::Yaml);
        assert_eq!(document.root, load_str("spec.json", JSON).unwrap().root);
        check_positions(
            &document,
            expect![[r#"
            1: 1 #, 8 #/paths, 15 #/paths/~1a~0b, 21 #/paths/~1a~0b/get
            3: 1 #/list, 3 #/list/0
            4: 3 #/list/1, 4 #/list/1/0, 10 #/list/1/1, 14 #/list/1/1/k
            5: 5 #/list/2
            6: 3 #/list/3
            7: 4 #/é
            8: 4 #/n
            9: 9 #/k"~1
        "#]],
        );
    }

    #[test]
    fn yaml_scalars_follow_the_core_schema_and_keys_keep_their_text() {
        let text = "responses:
  200: {description: ok}
  1.10: float key
  TRUE: bool key
  ~: null key
  &k 404: anchored key
enum: [Y, N, on, off, yes, no, '1', 0x1F, 0o17, +7, 1e3, -.5, 12345678901234567890, .inf, 1e400, .nan, ~, null, True, ]
tagged: [!!str 200, !custom 5, !!float 1]
ünï: {2.50: key after non-ASCII text}
";
        expect![[r#"{"responses":{"200":{"description":"ok"},"1.10":"float key","TRUE":"bool key","~":"null key","404":"anchored key"},"enum":["Y","N","on","off","yes","no","1",31,15,7,1000.0,-0.5,12345678901234567890,".inf","1e400",".nan",null,null,true],"tagged":["200",5,1.0],"ünï":{"2.50":"key after non-ASCII text"}}"#]].assert_eq(&load_str("spec.yaml", text).unwrap().root.to_string());
    }

    #[test]
    fn yaml_anchors_aliases_and_merge_keys_resolve() {
        let text = "base: &base {a: 1, b: {c: 2}}\nalias: *base\nmerged:\n  <<: [*base, {d: 3}]\n  a: 9\n";
        let document = load_str("spec.yaml", text).unwrap();
        expect![[r#"{"base":{"a":1,"b":{"c":2}},"alias":{"a":1,"b":{"c":2}},"merged":{"a":9,"b":{"c":2},"d":3}}"#]]
            .assert_eq(&document.root.to_string());
        // Aliased and merged nodes point at the anchored text.
        check_positions(
            &document,
            expect![[r#"
            1: 1 #, 7 #/base, 17 #/alias/a, 17 #/base/a, 23 #/alias/b, 23 #/base/b, 23 #/merged/b, 27 #/alias/b/c, 27 #/base/b/c, 27 #/merged/b/c
            2: 8 #/alias
            4: 3 #/merged, 19 #/merged/d
            5: 6 #/merged/a
        "#]],
        );
    }

    #[test]
    fn documents_that_are_empty_or_many() {
        assert_eq!(load_str("spec.yaml", "a: 1\n---\nb: 2\n").unwrap().root.to_string(), r#"{"a":1}"#);
        expect![[r#"
            spec: error: empty document
              at #"#]]
        .assert_eq(&error("# nothing here\n"));
        assert_eq!(error(""), error("# nothing here\n"));
        // JSON is told by its first character, after a byte order mark and whitespace.
        let document = load_str("spec", "\u{feff} \n [1]").unwrap();
        assert_eq!((document.syntax, document.root.to_string()), (Syntax::Json, "[1]".to_owned()));
        check_positions(
            &document,
            expect![[r#"
            2: 2 #, 3 #/0
        "#]],
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        expect![[r#"
            spec:3:5: error: invalid JSON: expected `,` or `]`
              at #
              |   2 3]
              |     ^"#]]
        .assert_eq(&error("{\n  \"é\": [1,\n  2 3]\n}"));
        expect![[r#"
            spec:2:3: error: invalid YAML: mapping values are not allowed in this context
              at #
              |  b: [2
              |   ^"#]]
        .assert_eq(&error("a: 1\n b: [2\nc: 3\n"));
        expect!["spec:1:7: error: invalid JSON: EOF while parsing an object"].assert_eq(&first_line("{\"a\": 1"));
        expect!["spec:1:4: error: invalid YAML: while parsing node, found unknown anchor"]
            .assert_eq(&first_line("a: *missing\n"));
        expect!["spec:1:4: error: value does not match its tag"].assert_eq(&first_line("a: !!int foo\n"));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        expect![[r#"
            spec:1:21: error: duplicate key
              at #/a/b
              | {"a": {"b": 1, "b": 2}}
              |                     ^"#]]
        .assert_eq(&error("{\"a\": {\"b\": 1, \"b\": 2}}"));
        expect!["spec:3:3: error: invalid YAML: duplicated key in mapping"]
            .assert_eq(&first_line("a:\n  b: 1\n  b: 2\n"));
        expect!["spec:3:3: error: duplicate key `200`"].assert_eq(&first_line("a:\n  200: 1\n  '200': 2\n"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        expect!["spec:1:128: error: invalid JSON: recursion limit exceeded"]
            .assert_eq(&first_line(&"[".repeat(100_000)));
        expect!["spec:1:259: error: invalid YAML: recursion limit exceeded"]
            .assert_eq(&first_line(&format!("a: {}", "[".repeat(100_000))));
        expect!["spec:2:200001: error: YAML nesting is too deep"]
            .assert_eq(&first_line(&format!("a:\n{}x", "- ".repeat(100_000))));
        expect!["spec:1:515: error: YAML nesting is deeper than 256 levels"]
            .assert_eq(&first_line(&format!("{}x", "- ".repeat(300))));
        // Aliases multiply nodes without nesting text ("billion laughs"); saphyr caps the expansion.
        let laughs: String =
            (1..9).map(|n| format!("l{n}: &l{n} [{}]\n", format!("*l{}, ", n - 1).repeat(9))).collect();
        expect!["spec:7:10: error: invalid YAML: alias expansion exceeded the maximum node budget (possible billion-laughs attack)"].assert_eq(&first_line(&format!("l0: &l0 x\n{laughs}")));
    }

    #[test]
    fn unreadable_files_are_reported() {
        expect![[r#"
            /nonexistent/spec.yaml: error: cannot read the file: No such file or directory (os error 2)
              at #"#]]
        .assert_eq(&load_file(Path::new("/nonexistent/spec.yaml")).unwrap_err().to_string());
        expect!["spec:1:1: error: the file is not UTF-8: byte 0 (0xc3) is not valid here"]
            .assert_eq(utf8("spec", b"\xc3(").unwrap_err().to_string().lines().next().unwrap_or_default());
    }
}
