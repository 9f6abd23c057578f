//! Cookies: parameter values percent-encoded where a cookie cannot carry a character; names and credentials checked.

use super::params::{Shape, flatten, shape};

/// What a cookie value percent-encodes: every byte outside RFC 6265's `cookie-octet` (controls,
/// space, `"`, `,`, `;`, `\`, DEL, non-ASCII) and `%` itself, so the encoding can be undone.
/// Parameters are encoded rather than refused: a value such as `s; admin=true` is ordinary data
/// (a search, a name) that the form style, as in a query, sends percent-encoded; refusing it would
/// make some values unsendable. Encoded, it stays one cookie (`s%3B%20admin=true`), and only the
/// style's own `,` between items stays literal. Credentials are refused instead (see `Request`).
const COOKIE_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');

fn cookie_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, COOKIE_VALUE).to_string()
}

/// Whether `text` is a cookie value as it is: RFC 6265's `cookie-octet`s only.
pub(super) fn is_cookie_value(text: &str) -> bool {
    text.bytes().all(|b| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E))
}

/// The cookie for a credential: refused, not encoded as parameters are, when the token holds a
/// character a cookie value cannot carry: a credential is the server's opaque string, which an
/// encoding would silently change into one it never issued.
pub(super) fn cookie_credential(name: &str, token: String) -> Result<(String, String), String> {
    if is_cookie_value(&token) {
        return Ok((name.to_owned(), token));
    }
    Err(format!(
        "the credential for cookie `{name}` holds a space, `;`, `,`, `\"`, `\\`, a control or non-ASCII character"
    ))
}

/// Whether `name` is a cookie name: an HTTP token (RFC 7230's `tchar`s), so it cannot carry `=`,
/// `;` or spaces.
pub(super) fn is_cookie_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A cookie's value (`form` style: lists and objects comma-separated, each item percent-encoded
/// as `COOKIE_VALUE` says); `None` for `None`.
pub fn cookie_text<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> Result<Option<String>, String> {
    let joined = |items: &[String]| items.iter().map(|item| cookie_encode(item)).collect::<Vec<_>>().join(",");
    Ok(match shape(name, value)? {
        Shape::Absent => None,
        Shape::Scalar(text) => Some(cookie_encode(&text)),
        Shape::List(items) => Some(joined(&items)),
        Shape::Object(members) => Some(joined(&flatten(&members))),
    })
}

/// The `Cookie` header of a request's cookies (`name=value; ...`), if it has any.
pub(super) fn cookie_header(cookies: &[(String, String)]) -> Result<Option<String>, super::SendFailure> {
    let mut header = Vec::new();
    for (name, value) in cookies {
        if !is_cookie_name(name) {
            return Err(super::SendFailure::Invalid(format!("{name:?} is not a valid cookie name")));
        }
        header.push(format!("{name}={value}"));
    }
    Ok((!header.is_empty()).then(|| header.join("; ")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::{Auth, Client, Credential, Method, Request, Secret, SendFailure};
    use super::*;

    fn object() -> serde_json::Value {
        json!({"role": "admin", "firstName": "Alex"})
    }

    fn refused(request: Request) -> String {
        match request.build() {
            Err(SendFailure::Invalid(message)) => message,
            Err(other) => panic!("expected a refusal, got {other:?}"),
            Ok(_) => panic!("expected a refusal, got a request"),
        }
    }

    fn with_cookie_credential(secret: &str) -> Client {
        Client::with_base_url("http://api.test")
            .with_credential(Auth::Cookie { name: "sid" }, Credential::Token(Secret::new(secret)))
    }

    #[test]
    fn cookie_values_are_form_style_with_what_a_cookie_cannot_carry_encoded() {
        let cookie = |value: serde_json::Value| cookie_text("session", &value).expect("encodable");
        assert_eq!(cookie(json!("s1")).as_deref(), Some("s1"));
        assert_eq!(cookie(json!(7)).as_deref(), Some("7"));
        assert_eq!(cookie(json!([3, 4, 5])).as_deref(), Some("3,4,5"));
        assert_eq!(cookie(object()).as_deref(), Some("role,admin,firstName,Alex"));
        assert_eq!(cookie(json!("a=b/c?d:[e]")).as_deref(), Some("a=b/c?d:[e]"));
        assert_eq!(cookie(json!(null)), None);
        assert_eq!(cookie(json!("s; admin=true")).as_deref(), Some("s%3B%20admin=true"));
        assert_eq!(cookie(json!("a,b\"q\"\\ 100%")).as_deref(), Some("a%2Cb%22q%22%5C%20100%25"));
        assert_eq!(cookie(json!("\t\r\n\u{7f}é")).as_deref(), Some("%09%0D%0A%7F%C3%A9"));
        assert_eq!(cookie(json!(["a;b", "c,d"])).as_deref(), Some("a%3Bb,c%2Cd"));
        for text in ["s1", "a=b", "%3B", "!#$&'()*+-./:<=>?@[]^_`{|}~"] {
            assert!(is_cookie_value(text), "{text}");
        }
        for text in ["a b", "a;b", "a,b", "a\"b", "a\\b", "a\tb", "é", "\u{7f}"] {
            assert!(!is_cookie_value(text), "{text}");
        }
        assert!(is_cookie_name("recoup_context_guest") && !is_cookie_name("a=b") && !is_cookie_name("a b"));
        assert!(!is_cookie_name("") && !is_cookie_name("a;b"));
    }

    #[test]
    fn a_cookie_value_can_never_become_two_cookies() {
        let client = with_cookie_credential("c1");
        let mut request = Request::new(client.clone(), None, Method::GET, "/c".to_owned());
        request.cookie("session", "s; admin=true");
        request.cookie("tags", &["a,b", "c d"]);
        request.authorize(&[&[Auth::Cookie { name: "sid" }]]);
        let request = request.build().expect("valid").build().expect("complete");
        let cookies: Vec<_> = request.headers().get_all("cookie").iter().filter_map(|v| v.to_str().ok()).collect();
        assert_eq!(cookies, ["session=s%3B%20admin=true; tags=a%2Cb,c%20d; sid=c1"]);
    }

    #[test]
    fn a_cookie_credential_a_cookie_cannot_carry_and_an_invalid_cookie_name_are_refused() {
        for secret in ["c1; admin=true", "a b", "a,b", "a\"b", "a\\b", "caf\u{e9}", "a\tb"] {
            let client = with_cookie_credential(secret);
            let mut request = Request::new(client.clone(), None, Method::GET, "/c".to_owned());
            request.authorize(&[&[Auth::Cookie { name: "sid" }]]);
            let message = refused(request);
            assert!(message.starts_with("the credential for cookie `sid` holds a space,"), "{message}");
            assert!(!message.contains(secret), "{message}");
        }
        let client = Client::with_base_url("http://api.test");
        let mut request = Request::new(client.clone(), None, Method::GET, "/c".to_owned());
        request.cookie("a=b; c", "v");
        assert_eq!(refused(request), r#""a=b; c" is not a valid cookie name"#);
    }

    #[test]
    fn a_value_serde_cannot_encode_is_an_error_naming_the_parameter() {
        let mut map = std::collections::HashMap::new();
        map.insert((1, 2), "tuple keys are not JSON");
        assert_eq!(
            cookie_text("m", &map).expect_err("not JSON"),
            "parameter `m` could not be encoded: key must be a string"
        );
    }
}
