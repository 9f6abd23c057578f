//! A spec made to be deep: a chain of components, shared by the tests that feed it to the generator.

/// A chain of components, each reaching the next through `items`, `allOf`, `oneOf`,
/// `additionalProperties` or a property.
pub fn component_chain(length: usize) -> String {
    let schemas: Vec<String> = (0..length)
        .map(|i| {
            let next = if i + 1 < length {
                format!(r##"{{"$ref": "#/components/schemas/S{}"}}"##, i + 1)
            } else {
                r#"{"type": "string"}"#.to_owned()
            };
            let schema = match i % 5 {
                0 => format!(r#"{{"type": "array", "items": {next}}}"#),
                1 => format!(
                    r#"{{"allOf": [{next}, {{"type": "object", "properties": {{"a": {{"type": "string"}}}}}}]}}"#
                ),
                2 => format!(r#"{{"oneOf": [{next}, {{"type": "integer"}}]}}"#),
                3 => format!(r#"{{"type": "object", "additionalProperties": {next}}}"#),
                _ => format!(r#"{{"type": "object", "properties": {{"next": {next}}}}}"#),
            };
            format!(r#""S{i}": {schema}"#)
        })
        .collect();
    format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{{}}}}}}}"#,
        schemas.join(", ")
    )
}
