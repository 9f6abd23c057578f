//! The API client: base URL, HTTP client, timeouts, body limit, redirect rule and credentials, shared by every request.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{Auth, Credential, Hook, RetryPolicy};

/// The whole-request timeout of a new [`Client`]: for the response's head, and for its body when
/// it is read whole (not for streamed bodies); change it with [`Client::with_timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a new [`Client`] waits for a connection (TCP and TLS); see [`Client::with_connect_timeout`].
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a streamed body may send nothing before a new [`Client`] ends it with a timeout error;
/// see [`Client::with_read_timeout`].
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest body a new [`Client`] reads whole (JSON, text, forms, error bodies): 32 MiB; see
/// [`Client::with_max_body_size`]. Streamed bodies (downloads, event streams) are not bounded by it.
pub const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;

/// The redirect rule of a new [`Client`]: redirects within the origin (scheme, host and port) of
/// the request are followed, up to 10; a redirect to another origin is not followed, and its 3XX
/// response is returned as the answer (an API error keeping `Location`, unless the spec documents
/// that status). Credentials can then never reach another origin: reqwest drops `Authorization`
/// and `Cookie` on a cross-origin redirect but forwards every other header (an `x-api-key`), and
/// a redirect policy can only follow or stop, not strip headers. Give it to your own client with
/// `reqwest::Client::builder().redirect(runtime::same_origin_redirects())`.
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        // `previous` holds the URL of the request as sent first, then of every redirect followed.
        let same = attempt.previous().first().is_none_or(|first| first.origin() == attempt.url().origin());
        if !same {
            attempt.stop()
        } else if attempt.previous().len() > 10 {
            attempt.error("more than 10 redirects")
        } else {
            attempt.follow()
        }
    })
}

/// The HTTP client of a new [`Client`]: reqwest's defaults with a connect timeout and
/// [`same_origin_redirects`].
fn http_client(connect_timeout: Option<Duration>) -> reqwest::Client {
    let builder = reqwest::Client::builder().redirect(same_origin_redirects());
    let builder = match connect_timeout {
        Some(timeout) => builder.connect_timeout(timeout),
        None => builder,
    };
    // Building fails only when the TLS backend cannot start; reqwest's plain client is then the
    // best left (it reports the same failure on first use).
    builder.build().unwrap_or_default()
}

/// The API client: base URL, HTTP client, timeout and credentials. Cheap to clone (the settings
/// and the connection pool are shared). Generated modules wrap it in their own `Client`, which has
/// a method per operation; one `Client` converts into the client of any module.
#[derive(Clone)]
pub struct Client {
    pub(super) settings: Arc<Settings>,
}

/// What a [`Client`] holds; requests read it (see `request`).
#[derive(Clone)]
pub(super) struct Settings {
    pub(super) base_url: Option<String>,
    pub(super) http: reqwest::Client,
    pub(super) timeout: Option<Duration>,
    pub(super) read_timeout: Option<Duration>,
    pub(super) max_body_size: Option<usize>,
    pub(super) retry: RetryPolicy,
    pub(super) hooks: Vec<Arc<dyn Hook>>,
    pub(super) credentials: BTreeMap<Auth, Credential>,
}

impl Client {
    /// A client sending each operation to the server its spec lists for it, with no credentials.
    pub fn new() -> Self {
        let settings = Settings {
            base_url: None,
            http: http_client(Some(DEFAULT_CONNECT_TIMEOUT)),
            timeout: Some(DEFAULT_TIMEOUT),
            read_timeout: Some(DEFAULT_READ_TIMEOUT),
            max_body_size: Some(DEFAULT_MAX_BODY_SIZE),
            retry: RetryPolicy::new(),
            hooks: Vec::new(),
            credentials: BTreeMap::new(),
        };
        Client { settings: Arc::new(settings) }
    }

    /// A client for the API at `base_url` (e.g. `http://localhost:4010`), with no credentials. It
    /// replaces every server of the spec, per-operation ones included, so a proxy or a mock server
    /// gets every request. The URL is checked when a request is built; an invalid one gives
    /// [`Error::InvalidRequest`](super::Error::InvalidRequest).
    pub fn with_base_url(base_url: impl Into<String>) -> Self {
        let mut client = Client::new();
        Arc::make_mut(&mut client.settings).base_url = Some(base_url.into());
        client
    }

    /// Uses `http` for all requests (proxies, TLS settings, connection pool, default headers). Its
    /// own connect timeout applies (set it with `reqwest::ClientBuilder::connect_timeout`); avoid
    /// its whole-request `timeout`, which also cuts streamed bodies: use [`Client::with_timeout`].
    /// Its own redirect policy applies too: reqwest's default follows redirects to other origins
    /// and sends them every credential header but `Authorization` and `Cookie` (an `x-api-key`
    /// goes along), so build it with `.redirect(runtime::same_origin_redirects())` (see
    /// [`same_origin_redirects`]) or `.redirect(reqwest::redirect::Policy::none())`.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        Arc::make_mut(&mut self.settings).http = http;
        self
    }

    /// Sets the whole-request timeout: from sending until the response's head has come, and its
    /// body too when it is read whole; `None` waits forever. A streamed body (a download, server-sent
    /// events) is not bounded by it, only by the read timeout ([`Client::with_read_timeout`]), so a
    /// long stream that keeps sending is never cut. Each attempt of a retried request gets its own.
    pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
        Arc::make_mut(&mut self.settings).timeout = timeout;
        self
    }

    /// Sets how long a streamed body may send nothing before it ends with a timeout error
    /// ([`DEFAULT_READ_TIMEOUT`]); `None` waits forever.
    pub fn with_read_timeout(mut self, timeout: Option<Duration>) -> Self {
        Arc::make_mut(&mut self.settings).read_timeout = timeout;
        self
    }

    /// Sets the largest body read whole: JSON, text, form and error bodies ([`DEFAULT_MAX_BODY_SIZE`],
    /// 32 MiB); `None` reads any size. Reading stops at the limit (a body announcing a larger
    /// `Content-Length` is not read at all) and the call fails with
    /// [`Error::BodyTooLarge`](super::Error::BodyTooLarge), which keeps the status and headers.
    /// Streamed bodies (downloads, event streams) are not bounded by it.
    pub fn with_max_body_size(mut self, limit: Option<usize>) -> Self {
        Arc::make_mut(&mut self.settings).max_body_size = limit;
        self
    }

    /// Sets how requests are retried ([`RetryPolicy::new`] by default: 2 retries, backoff from
    /// 0.5 s to 8 s, `Retry-After` honoured up to 60 s, POST and PATCH only when the server did not
    /// act); [`RetryPolicy::none`] sends every request once.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        Arc::make_mut(&mut self.settings).retry = policy;
        self
    }

    /// Adds `hook`, called around every attempt of every request (see [`Hook`]); hooks run in
    /// the order they were added.
    pub fn with_hook(mut self, hook: impl Hook) -> Self {
        Arc::make_mut(&mut self.settings).hooks.push(Arc::new(hook));
        self
    }

    /// The retry policy ([`Client::with_retry`]).
    pub fn retry(&self) -> &RetryPolicy {
        &self.settings.retry
    }

    /// Sets how long to wait for a connection ([`DEFAULT_CONNECT_TIMEOUT`]); `None` waits forever.
    /// This makes a new HTTP client: call it before [`Client::with_http_client`], or set the connect
    /// timeout on your own client.
    pub fn with_connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        Arc::make_mut(&mut self.settings).http = http_client(timeout);
        self
    }

    /// Sets the credential sent wherever `auth` says, for every operation whose security allows it.
    pub fn with_credential(mut self, auth: Auth, credential: Credential) -> Self {
        Arc::make_mut(&mut self.settings).credentials.insert(auth, credential);
        self
    }

    /// The base URL set with [`Client::with_base_url`]; `None` when the spec's servers are used.
    pub fn base_url(&self) -> Option<&str> {
        self.settings.base_url.as_deref()
    }

    pub fn http_client(&self) -> &reqwest::Client {
        &self.settings.http
    }

    /// The whole-request timeout ([`Client::with_timeout`]).
    pub fn timeout(&self) -> Option<Duration> {
        self.settings.timeout
    }

    /// The read-idle timeout of streamed bodies ([`Client::with_read_timeout`]).
    pub fn read_timeout(&self) -> Option<Duration> {
        self.settings.read_timeout
    }

    /// The largest body read whole ([`Client::with_max_body_size`]).
    pub fn max_body_size(&self) -> Option<usize> {
        self.settings.max_body_size
    }
}

impl Default for Client {
    fn default() -> Self {
        Client::new()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only where credentials go: the secrets stay out of logs.
        f.debug_struct("Client")
            .field("base_url", &self.settings.base_url)
            .field("timeout", &self.settings.timeout)
            .field("read_timeout", &self.settings.read_timeout)
            .field("max_body_size", &self.settings.max_body_size)
            .field("hooks", &self.settings.hooks.len())
            .field("credentials", &self.settings.credentials.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::super::Secret;
    use super::*;

    #[test]
    fn a_new_client_uses_the_specs_servers_and_the_default_timeout() {
        let client = Client::new();
        assert_eq!(client.base_url(), None);
        assert_eq!(client.timeout(), Some(Duration::from_secs(60)));
        assert!(client.settings.credentials.is_empty());
        assert_eq!(Client::default().timeout(), Some(DEFAULT_TIMEOUT));
        assert_eq!(client.read_timeout(), Some(DEFAULT_READ_TIMEOUT));
        assert_eq!(client.max_body_size(), Some(32 * 1024 * 1024));
        let changed = client.with_read_timeout(None).with_connect_timeout(Some(Duration::from_secs(1)));
        assert_eq!((changed.read_timeout(), changed.timeout()), (None, Some(DEFAULT_TIMEOUT)));
        assert_eq!(changed.with_max_body_size(Some(10)).max_body_size(), Some(10));
    }

    #[test]
    fn settings_are_kept_and_clones_made_before_a_change_keep_theirs() {
        let base = Client::with_base_url("http://localhost:4010");
        let changed =
            base.clone().with_timeout(None).with_credential(Auth::Bearer, Credential::Token(Secret::new("t")));
        assert_eq!(base.base_url(), Some("http://localhost:4010"));
        assert_eq!(base.timeout(), Some(DEFAULT_TIMEOUT));
        assert!(base.settings.credentials.is_empty());
        assert_eq!(changed.base_url(), Some("http://localhost:4010"));
        assert_eq!(changed.timeout(), None);
        assert_eq!(changed.settings.credentials.get(&Auth::Bearer), Some(&Credential::Token(Secret::new("t"))));
    }

    #[test]
    fn a_credential_set_twice_for_one_place_replaces_the_first() {
        let client = Client::new()
            .with_credential(Auth::Header { name: "x-api-key" }, Credential::Token(Secret::new("old")))
            .with_credential(Auth::Header { name: "x-api-key" }, Credential::Token(Secret::new("new")));
        assert_eq!(client.settings.credentials.len(), 1);
        assert_eq!(
            client.settings.credentials.get(&Auth::Header { name: "x-api-key" }),
            Some(&Credential::Token(Secret::new("new")))
        );
    }

    #[test]
    fn debug_names_where_credentials_go_but_never_the_secrets() {
        let client = Client::with_base_url("http://api.test")
            .with_timeout(Some(Duration::from_secs(5)))
            .with_credential(Auth::Header { name: "x-api-key" }, Credential::Token(Secret::new("key-123")))
            .with_credential(
                Auth::Basic,
                Credential::Basic { user: "ada".to_owned(), password: Secret::new("pw-456") },
            );
        let debug = format!("{client:?}");
        assert_eq!(
            debug,
            concat!(
                r#"Client { base_url: Some("http://api.test"), timeout: Some(5s), read_timeout: Some(60s), "#,
                r#"max_body_size: Some(33554432), hooks: 0, "#,
                r#"credentials: [Header { name: "x-api-key" }, Basic], .. }"#
            )
        );
        let pretty = format!("{client:#?}");
        for secret in ["key-123", "pw-456", "ada"] {
            assert!(!debug.contains(secret) && !pretty.contains(secret), "{secret} leaked");
        }
    }
}
