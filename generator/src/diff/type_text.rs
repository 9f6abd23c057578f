//! Rust types as comparable text: one spelling per type, whatever the formatter or the path style.

use quote::ToTokens as _;

/// The type as text in one canonical spelling: tokens joined without spaces except between two
/// words (`impl Into<String>`, `&'a Client`) and after commas (`Result<Pet, Error>`), and with no leading `::` on paths (`::uuid::Uuid` and
/// `uuid::Uuid` name the same crate in generated code), so a change of layout is not a retyping.
pub(crate) fn type_text(ty: &syn::Type) -> String {
    tokens_text(&ty.to_token_stream().to_string())
}

/// The canonical spelling of token text as `proc_macro2` prints it (tokens separated by spaces).
fn tokens_text(printed: &str) -> String {
    let mut text = String::with_capacity(printed.len());
    let mut previous: Option<&str> = None;
    for token in printed.split_whitespace() {
        if token == "::" && !previous.is_some_and(ends_path_segment) {
            // A path starting with `::` (`::uuid::Uuid`), spelt as its crate.
            previous = Some(token);
            continue;
        }
        let joins_words = text.ends_with(is_word_char) && token.starts_with(is_word_char);
        if joins_words || previous == Some(",") {
            text.push(' ');
        }
        text.push_str(token);
        previous = Some(token);
    }
    text
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\''
}

/// Whether a `::` after `token` continues a path (`a::b`, `Vec<T>::new`) rather than starting one
/// (`<T as ::serde::Serialize>`, `impl ::std::fmt::Debug`).
fn ends_path_segment(token: &str) -> bool {
    const KEYWORDS: [&str; 8] = ["as", "dyn", "impl", "for", "mut", "const", "in", "where"];
    token == ">" || (token.starts_with(|c: char| c.is_alphanumeric() || c == '_') && !KEYWORDS.contains(&token))
}

/// The `T` of `Option<T>` (however the path to `Option` is written), or `None` for any other type.
pub(crate) fn optional_inner(text: &str) -> Option<&str> {
    ["Option<", "std::option::Option<", "core::option::Option<"]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix))
        .and_then(|rest| rest.strip_suffix('>'))
}

/// The name a type refers to, without its path or generic arguments: `GetPets` for
/// `requests::GetPets<'_>`; `None` for types that are not paths.
pub(crate) fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|segment| segment.ident.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(source: &str) -> String {
        syn::parse_str::<syn::Type>(source).map(|ty| type_text(&ty)).unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn one_spelling_per_type() {
        assert_eq!(text("impl Into < String >"), "impl Into<String>");
        assert_eq!(text("::std::option::Option<::uuid::Uuid>"), "std::option::Option<uuid::Uuid>");
        assert_eq!(text("&'a Client"), "&'a Client");
        assert_eq!(
            text("Vec<::chrono::DateTime<::chrono::FixedOffset>>"),
            "Vec<chrono::DateTime<chrono::FixedOffset>>"
        );
        assert_eq!(text("<T as ::serde::Serialize>::Ok"), "<T as serde::Serialize>::Ok");
        assert_eq!(text("GetPets<'_>"), "GetPets<'_>");
        assert_eq!(text("Result < Pet , runtime :: Error < E > >"), "Result<Pet, runtime::Error<E>>");
    }

    #[test]
    fn options_by_any_path() {
        assert_eq!(optional_inner("Option<Vec<String>>"), Some("Vec<String>"));
        assert_eq!(optional_inner("std::option::Option<i64>"), Some("i64"));
        assert_eq!(optional_inner("Vec<Option<i64>>"), None);
        assert_eq!(optional_inner("OptionModel"), None);
    }
}
