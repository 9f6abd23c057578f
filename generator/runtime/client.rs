//! The API client: base URL, HTTP client, timeout and credentials, shared by every request.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{Auth, Credential};

/// The request timeout of a new [`Client`]; change it with [`Client::with_timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

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
    pub(super) credentials: BTreeMap<Auth, Credential>,
}

impl Client {
    /// A client sending each operation to the server its spec lists for it, with no credentials.
    pub fn new() -> Self {
        let settings = Settings {
            base_url: None,
            http: reqwest::Client::new(),
            timeout: Some(DEFAULT_TIMEOUT),
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

    /// Uses `http` for all requests (proxies, TLS settings, connection pool, default headers).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        Arc::make_mut(&mut self.settings).http = http;
        self
    }

    /// Sets the timeout of each whole request (connect, send and read); `None` waits forever.
    pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
        Arc::make_mut(&mut self.settings).timeout = timeout;
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

    pub fn timeout(&self) -> Option<Duration> {
        self.settings.timeout
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
                r#"Client { base_url: Some("http://api.test"), timeout: Some(5s), "#,
                r#"credentials: [Header { name: "x-api-key" }, Basic], .. }"#
            )
        );
        let pretty = format!("{client:#?}");
        for secret in ["key-123", "pw-456", "ada"] {
            assert!(!debug.contains(secret) && !pretty.contains(secret), "{secret} leaked");
        }
    }
}
