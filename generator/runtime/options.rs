//! `RequestOptions`: what one request may set over its client's settings (timeouts, retries, body limit, headers).

use std::fmt;
use std::time::Duration;

use std::sync::Arc;

use super::client::Settings;
use super::send::Plan;
use super::{HeaderMap, Operation, RetryPolicy};

/// Settings for one request, over the client's: set through the request builder's `with_timeout`,
/// `with_retry` and `with_header` (names no parameter setter can take), and all at once (the read
/// timeout and body limit too) with its `with_options`.
#[derive(Clone, Default)]
pub struct RequestOptions {
    /// Boxed, and absent until something is set: most requests set nothing, and every request
    /// builder and every call carries its options by value (moved, so copied, several times).
    pub(super) set: Option<Box<Overrides>>,
}

/// What a request set over its client's settings; `None` where it set nothing.
#[derive(Clone, Default)]
pub(super) struct Overrides {
    pub(super) timeout: Option<Option<Duration>>,
    pub(super) read_timeout: Option<Option<Duration>>,
    pub(super) max_body_size: Option<Option<usize>>,
    pub(super) retry: Option<RetryPolicy>,
    pub(super) headers: HeaderMap,
    pub(super) invalid: Option<String>,
    /// The next page's URL from the server, sent instead of the operation's (see `pages`).
    pub(super) next_page_url: Option<String>,
}

impl RequestOptions {
    /// No override: the client's settings apply.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// The whole-request timeout for this request (see `Client::with_timeout`); `None` waits forever.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.set().timeout = Some(timeout);
        self
    }

    /// The read-idle timeout of a streamed body for this request (see `Client::with_read_timeout`).
    pub fn read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.set().read_timeout = Some(timeout);
        self
    }

    /// The largest body this request reads whole (see `Client::with_max_body_size`); `None` reads
    /// any size.
    pub fn max_body_size(mut self, limit: Option<usize>) -> Self {
        self.set().max_body_size = Some(limit);
        self
    }

    /// The retry policy for this request (see [`RetryPolicy`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.set().retry = Some(policy);
        self
    }

    /// A header sent with this request, replacing any of that name the request had (a documented
    /// parameter, a credential) or the HTTP client's defaults. An invalid name or value makes the
    /// call fail with `Error::InvalidRequest` (nothing is sent). Set `Idempotency-Key` here to let
    /// a POST be retried.
    pub fn header<K, V>(mut self, name: K, value: V) -> Self
    where
        K: TryInto<reqwest::header::HeaderName>,
        V: TryInto<reqwest::header::HeaderValue>,
    {
        match (name.try_into(), value.try_into()) {
            (Ok(name), Ok(value)) => {
                self.set().headers.insert(name, value);
            }
            (Err(_), _) => self.set().invalid = Some("an extra header has an invalid name".to_owned()),
            (Ok(name), Err(_)) => {
                self.set().invalid = Some(format!("the value of extra header `{name}` is not a valid header value"))
            }
        }
        self
    }
}

impl RequestOptions {
    /// Plumbing: notes that an argument was refused, so the request fails with
    /// `Error::InvalidRequest` when sent (the first refusal is kept).
    #[doc(hidden)]
    pub fn refuse(&mut self, message: String) {
        self.set().invalid.get_or_insert(message);
    }

    /// Plumbing: the next page of a paginated operation goes to this URL, from the server
    /// (resolved against the request's URL, and refused on another origin).
    #[doc(hidden)]
    pub fn set_next_page_url(&mut self, url: String) {
        self.set().next_page_url = Some(url);
    }

    /// Plumbing: `options` in place of these, keeping a refused argument noted here.
    #[doc(hidden)]
    pub fn replaced_by(self, mut options: RequestOptions) -> Self {
        if let Some(invalid) = self.set.and_then(|set| set.invalid) {
            options.set().invalid = Some(invalid);
        }
        options
    }

    fn set(&mut self) -> &mut Overrides {
        self.set.get_or_insert_with(Box::default)
    }

    /// How a call of this request is sent: what it set, else its client's settings.
    pub(super) fn plan(&mut self, settings: Arc<Settings>, operation: Operation) -> Plan {
        let set = self.set.as_deref_mut();
        Plan {
            timeout: set.as_ref().and_then(|set| set.timeout).unwrap_or(settings.timeout),
            read_timeout: set.as_ref().and_then(|set| set.read_timeout).unwrap_or(settings.read_timeout),
            max_body_size: set.as_ref().and_then(|set| set.max_body_size).unwrap_or(settings.max_body_size),
            retry: set.and_then(|set| set.retry.take()).unwrap_or_else(|| settings.retry.clone()),
            settings,
            operation,
        }
    }

    /// What was set, if anything.
    pub(super) fn overrides(&self) -> Option<&Overrides> {
        self.set.as_deref()
    }

    /// What was set, taken out (all `None` when nothing was).
    pub(super) fn into_overrides(self) -> Overrides {
        self.set.map(|set| *set).unwrap_or_default()
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header names only: values may be secrets.
        let set = self.overrides();
        f.debug_struct("RequestOptions")
            .field("timeout", &set.and_then(|set| set.timeout))
            .field("read_timeout", &set.and_then(|set| set.read_timeout))
            .field("max_body_size", &set.and_then(|set| set.max_body_size))
            .field("retry", &set.and_then(|set| set.retry.as_ref()))
            .field("headers", &set.map(|set| set.headers.keys().collect::<Vec<_>>()).unwrap_or_default())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Auth, Client, Credential, Method, Request, Secret, SendFailure, Style};
    use super::*;

    fn refused(request: Request) -> String {
        match request.build() {
            Err(SendFailure::Invalid(message)) => message,
            Err(other) => panic!("expected a refusal, got {other:?}"),
            Ok(_) => panic!("expected a refusal, got a request"),
        }
    }

    #[test]
    fn the_first_invalid_argument_is_reported_and_nothing_is_built() {
        let mut map = std::collections::HashMap::new();
        map.insert((1, 2), 3);
        let client = Client::with_base_url("http://api.test");
        let mut request = Request::new(client.clone(), None, Method::POST, "/x".to_owned());
        request.query("m", &map, Style::Form, true);
        assert_eq!(refused(request), "parameter `m` could not be encoded: key must be a string");
        let mut request = Request::new(client.clone(), None, Method::POST, "/x".to_owned());
        request.json(&map, "application/json");
        assert_eq!(refused(request), "the body could not be encoded as JSON: key must be a string");
        let mut request = Request::new(client.clone(), None, Method::POST, "/x".to_owned());
        request.form(&[1], &[], "application/x-www-form-urlencoded");
        request.header("x-later", "is not built", false);
        assert_eq!(refused(request), "a form body must be an object");
    }

    #[test]
    fn options_override_the_clients_settings_and_debug_hides_header_values() {
        let options = RequestOptions::new()
            .timeout(Some(Duration::from_secs(3)))
            .retry(RetryPolicy::none())
            .header("x-trace", "t-1")
            .header("authorization", "Bearer secret-token");
        let set = options.overrides().expect("options set");
        assert_eq!(set.timeout, Some(Some(Duration::from_secs(3))));
        assert_eq!(set.retry, Some(RetryPolicy::none()));
        let debug = format!("{options:?}");
        assert!(debug.contains("x-trace") && !debug.contains("secret-token") && !debug.contains("t-1"), "{debug}");
        assert!(set.invalid.is_none());
        assert!(RequestOptions::new().overrides().is_none(), "nothing set, nothing allocated");
        assert!(RequestOptions::new().read_timeout(None).into_overrides().read_timeout == Some(None));
        assert_eq!(RequestOptions::new().max_body_size(Some(5)).into_overrides().max_body_size, Some(Some(5)));
    }

    #[test]
    fn an_invalid_extra_header_refuses_the_request() {
        let options = RequestOptions::new().header("x-a", "line\r\nInjected: yes");
        assert_eq!(
            options.overrides().and_then(|set| set.invalid.as_deref()),
            Some("the value of extra header `x-a` is not a valid header value")
        );
        let options = RequestOptions::new().header("bad name", "v");
        assert_eq!(
            options.overrides().and_then(|set| set.invalid.as_deref()),
            Some("an extra header has an invalid name")
        );
        let client = Client::with_base_url("http://api.test");
        let request = Request::new(client.clone(), None, Method::GET, "/x".to_owned()).with_options(options);
        assert_eq!(refused(request), "an extra header has an invalid name");
    }

    #[test]
    fn an_extra_header_replaces_the_requests_own() {
        let client = Client::with_base_url("http://api.test");
        let mut request = Request::new(client.clone(), None, Method::GET, "/x".to_owned());
        request.header("x-mode", "spec", false);
        let request = request.with_options(RequestOptions::new().header("x-mode", "mine"));
        let built = request.build().expect("valid").build().expect("complete");
        let values: Vec<_> = built.headers().get_all("x-mode").iter().collect();
        assert_eq!(values, ["mine"]);
    }

    #[test]
    fn a_header_value_that_could_add_a_header_is_refused_and_a_cookie_value_is_encoded() {
        let client = Client::with_base_url("http://api.test");
        let mut request = Request::new(client.clone(), None, Method::GET, "/h".to_owned());
        request.header("x-tags", "a\r\nInjected: yes", false);
        assert_eq!(refused(request), "the value of header `x-tags` contains a character a header cannot carry");
        // A cookie parameter's line breaks are percent-encoded (`params::cookie_text`), not refused.
        for (value, sent) in [("a\nb", "c=a%0Ab"), ("a\rb", "c=a%0Db"), ("a\0b", "c=a%00b")] {
            let mut request = Request::new(client.clone(), None, Method::GET, "/h".to_owned());
            request.cookie("c", value);
            let built = request.build().expect("valid").build().expect("complete");
            assert_eq!(built.headers().get("cookie").and_then(|v| v.to_str().ok()), Some(sent));
        }
        let client = Client::with_base_url("http://api.test")
            .with_credential(Auth::Bearer, Credential::Token(Secret::new("t\r\nx-admin: 1")));
        let mut request = Request::new(client.clone(), None, Method::GET, "/h".to_owned());
        request.authorize(&[&[Auth::Bearer]]);
        assert_eq!(refused(request), "the value of header `authorization` contains a character a header cannot carry");
    }
}
