//! Page values: what paging parameters and response members hold (numbers, cursors, flags), and request and next-page URLs.

use super::HeaderMap;

/// A value a paging parameter or response member holds: a number, a cursor or a flag.
// Plumbing: generated `Paginated` impls convert with it.
#[doc(hidden)]
pub trait PageValue: Sized {
    fn to_number(&self) -> Option<u64> {
        None
    }
    fn from_number(_number: u64) -> Option<Self> {
        None
    }
    fn to_token(&self) -> Option<String> {
        None
    }
    fn from_token(_token: &str) -> Option<Self> {
        None
    }
    fn to_flag(&self) -> Option<bool> {
        None
    }
    /// The value of the next page's parameter.
    fn from_next(next: Next<'_>) -> Option<Self> {
        match next {
            Next::Number(number) => Self::from_number(number),
            Next::Token(token) => Self::from_token(token),
        }
    }
}

macro_rules! integer_page_values {
    ($($ty:ty),*) => {$(
        impl PageValue for $ty {
            fn to_number(&self) -> Option<u64> {
                u64::try_from(*self).ok()
            }
            fn from_number(number: u64) -> Option<Self> {
                Self::try_from(number).ok()
            }
            fn to_token(&self) -> Option<String> {
                Some(self.to_string())
            }
            fn from_token(token: &str) -> Option<Self> {
                token.parse().ok()
            }
        }
    )*};
}

integer_page_values!(i32, i64, u32, u64);

impl PageValue for f64 {
    fn to_number(&self) -> Option<u64> {
        // Counts written as `type: number`: whole, non-negative values only.
        (self.is_finite() && *self >= 0.0 && self.fract() == 0.0 && *self < u64::MAX as f64).then_some(*self as u64)
    }
    fn from_number(number: u64) -> Option<Self> {
        Some(number as f64)
    }
}

impl PageValue for String {
    fn to_number(&self) -> Option<u64> {
        self.parse().ok()
    }
    fn from_number(number: u64) -> Option<Self> {
        Some(number.to_string())
    }
    fn to_token(&self) -> Option<String> {
        // An empty cursor is how many APIs say there is no next page.
        (!self.is_empty()).then(|| self.clone())
    }
    fn from_token(token: &str) -> Option<Self> {
        Some(token.to_owned())
    }
}

impl PageValue for uuid::Uuid {
    fn to_token(&self) -> Option<String> {
        Some(self.to_string())
    }
    fn from_token(token: &str) -> Option<Self> {
        token.parse().ok()
    }
}

impl PageValue for url::Url {
    fn to_token(&self) -> Option<String> {
        Some(self.as_str().to_owned())
    }
    fn from_token(token: &str) -> Option<Self> {
        token.parse().ok()
    }
}

impl PageValue for bool {
    fn to_flag(&self) -> Option<bool> {
        Some(*self)
    }
}

impl<T: PageValue> PageValue for Option<T> {
    fn to_number(&self) -> Option<u64> {
        self.as_ref().and_then(T::to_number)
    }
    fn from_number(number: u64) -> Option<Self> {
        T::from_number(number).map(Some)
    }
    fn to_token(&self) -> Option<String> {
        self.as_ref().and_then(T::to_token)
    }
    fn from_token(token: &str) -> Option<Self> {
        T::from_token(token).map(Some)
    }
    fn to_flag(&self) -> Option<bool> {
        self.as_ref().and_then(T::to_flag)
    }
}

/// What the next page's request changes: a page number or offset, or a cursor or URL.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next<'a> {
    Number(u64),
    Token(&'a str),
}

/// The `rel="next"` URL of a `Link` header (RFC 8288), if any.
#[doc(hidden)]
pub fn link_next(headers: &HeaderMap) -> Option<String> {
    headers.get_all(reqwest::header::LINK).iter().filter_map(|value| value.to_str().ok()).find_map(|value| {
        value.split(',').find_map(|link| {
            let (target, params) = link.trim().split_once(';')?;
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            let next = params.split(';').any(|param| {
                let Some((name, value)) = param.split_once('=') else { return false };
                name.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            next.then(|| target.to_owned())
        })
    })
}

/// The URL of the next page given by the server, resolved against the request's URL; refused
/// unless it is on the same origin (scheme, host and port), so no credential goes elsewhere.
pub(super) fn next_page_url(request: &reqwest::Url, next: &str) -> Result<reqwest::Url, String> {
    let url = request.join(next).map_err(|error| format!("the next page's URL is not a URL: {error}"))?;
    if url.origin() != request.origin() {
        let shown = super::transport::redact_url(&url);
        let shown = shown.as_str().split('?').next().unwrap_or_default().to_owned();
        return Err(format!("the next page's URL {shown} is on another origin than the request; it is not followed"));
    }
    Ok(url)
}

/// The URL of a request: `path` on `base`, then the encoded `query` and `credentials` (or, for
/// the next page of a paginated operation, the server's `next_page` URL plus the credentials).
pub(super) fn request_url(
    base: &str,
    path: &str,
    query: &str,
    credentials: &str,
    next_page: Option<&str>,
) -> Result<reqwest::Url, super::SendFailure> {
    let parse = |text: &str| {
        reqwest::Url::parse(text)
            .map_err(|error| super::SendFailure::Invalid(format!("invalid URL from base URL {base:?}: {error}")))
    };
    // The common case is parsed once, query and all; a base URL or path carrying its own query
    // or fragment, and a next page's URL, go through `set_query`, which replaces the query.
    if next_page.is_some() || base.contains(['?', '#']) || path.contains(['?', '#']) {
        let mut url = parse(&format!("{base}{path}"))?;
        set_query(&mut url, next_page, query, credentials)?;
        return Ok(url);
    }
    let mut text = String::with_capacity(base.len() + path.len() + query.len() + credentials.len() + 2);
    text.push_str(base);
    text.push_str(path);
    for (index, part) in [query, credentials].into_iter().filter(|part| !part.is_empty()).enumerate() {
        text.push(if index == 0 { '?' } else { '&' });
        text.push_str(part);
    }
    parse(&text)
}

/// Puts the query on `url`: the parameters then the credentials; or, for the next page of a
/// paginated operation, `next` (the server's URL, query and all, on the same origin) plus the
/// credentials.
fn set_query(
    url: &mut reqwest::Url,
    next: Option<&str>,
    query: &str,
    credentials: &str,
) -> Result<(), super::SendFailure> {
    let query = match next {
        Some(next) => {
            *url = next_page_url(url, next).map_err(super::SendFailure::Invalid)?;
            url.query().unwrap_or_default().to_owned()
        }
        None => query.to_owned(),
    };
    let query = match (query.is_empty(), credentials.is_empty()) {
        (_, true) => query,
        (true, false) => credentials.to_owned(),
        (false, false) => format!("{query}&{credentials}"),
    };
    if !query.is_empty() {
        url.set_query(Some(&query));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_convert_between_numbers_tokens_and_parameter_types() {
        assert_eq!(Option::<i32>::from_next(Next::Number(3)), Some(Some(3)));
        assert_eq!(i32::from_next(Next::Number(u64::MAX)), None);
        assert_eq!(Option::<uuid::Uuid>::from_next(Next::Token("nope")), None);
        assert_eq!(String::new().to_token(), None);
        assert_eq!(Some(7.0f64).to_number(), Some(7));
        assert_eq!((-1i64).to_number(), None);
        assert_eq!(Some(false).to_flag(), Some(false));
    }

    #[test]
    fn the_link_header_gives_the_next_url() {
        let mut headers = HeaderMap::new();
        let link = r#"<https://api.test/items?page=1>; rel="prev", <https://api.test/items?page=3>; rel="next""#;
        headers.insert(reqwest::header::LINK, link.parse().expect("a header value"));
        assert_eq!(link_next(&headers).as_deref(), Some("https://api.test/items?page=3"));
        headers.insert(reqwest::header::LINK, "<https://api.test/items?page=1>; rel=prev".parse().expect("a value"));
        assert_eq!(link_next(&headers), None);
    }

    #[test]
    fn next_urls_are_followed_on_the_same_origin_only() {
        let request: reqwest::Url = "https://api.test/v1/items?page=1".parse().expect("a URL");
        assert_eq!(
            next_page_url(&request, "/v1/items?page=2").map(String::from).as_deref(),
            Ok("https://api.test/v1/items?page=2")
        );
        let refused = next_page_url(&request, "https://evil.test/v1/items?key=secret").expect_err("refused");
        assert!(refused.contains("https://evil.test/v1/items is on another origin"), "{refused}");
        assert!(next_page_url(&request, "http://api.test/v1/items").is_err(), "another scheme is another origin");
    }
}
