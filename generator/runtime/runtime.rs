// The runtime every generated module carries as its `runtime` submodule: the HTTP client, credentials,
// the error type, parameter encoding, and the union decoder. It is ordinary Rust compiled by the
// `recoup` crate and written verbatim (indented) into each generated module, so a generated module or
// crate is self-contained and can never drift from the runtime it was tested with. It may use only
// the dependencies the generated crate declares: reqwest, serde, serde_json, thiserror, bytes,
// percent-encoding, uuid, chrono, url.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

pub use bytes::Bytes;
pub use reqwest::header::HeaderMap;
pub use reqwest::{Method, StatusCode};

/// The request timeout of a new [`Client`]; change it with [`Client::with_timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A credential; its `Debug` output never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// The credential configured for one security scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// An API key or a bearer token.
    Token(Secret),
    /// HTTP basic authentication.
    Basic { user: String, password: Secret },
}

/// How an operation applies one security scheme (from the spec's `securitySchemes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    Header { scheme: &'static str, name: &'static str },
    Query { scheme: &'static str, name: &'static str },
    Cookie { scheme: &'static str, name: &'static str },
    Bearer { scheme: &'static str },
    Basic { scheme: &'static str },
}

impl Auth {
    fn scheme(&self) -> &'static str {
        match *self {
            Auth::Header { scheme, .. }
            | Auth::Query { scheme, .. }
            | Auth::Cookie { scheme, .. }
            | Auth::Bearer { scheme }
            | Auth::Basic { scheme } => scheme,
        }
    }
}

/// The API client: base URL, HTTP client, timeout and credentials. Cheap to clone (the
/// connection pool is shared). Each operation of the spec is a method returning a request builder.
#[derive(Clone)]
pub struct Client {
    base_url: String,
    http: reqwest::Client,
    timeout: Option<Duration>,
    credentials: BTreeMap<&'static str, Credential>,
}

impl Client {
    /// A client for the API at `base_url` (e.g. `http://localhost:4010`), with no credentials.
    /// The URL is checked when a request is built; an invalid one gives [`Error::InvalidRequest`].
    pub fn with_base_url(base_url: impl Into<String>) -> Self {
        Client { base_url: base_url.into(), http: reqwest::Client::new(), timeout: Some(DEFAULT_TIMEOUT), credentials: BTreeMap::new() }
    }

    /// Uses `http` for all requests (proxies, TLS settings, connection pool, default headers).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// Sets the timeout of each whole request (connect, send and read); `None` waits forever.
    pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Sets the credential for the security scheme named `scheme` in the spec.
    pub fn set_credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.insert(scheme, credential);
        self
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only the names of the configured schemes: credentials stay out of logs.
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("credentials", &self.credentials.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Everything an operation's call can end in besides its success value.
#[derive(Debug, thiserror::Error)]
pub enum Error<E> {
    /// The request could not be built from the arguments (e.g. a header value with a line break,
    /// a path parameter that is `.` or `..`, an invalid base URL); nothing was sent.
    #[error("the request could not be built: {0}")]
    InvalidRequest(String),
    /// The request was not answered: connection, TLS, timeout, or reading the body failed.
    #[error("the request failed in transport: {0}")]
    Transport(#[source] reqwest::Error),
    /// The server answered with an error status; `E` holds the decoded, documented body, or the
    /// raw response for an undocumented status.
    #[error("the API answered with an error: {0:?}")]
    Api(E),
    /// The server's answer did not match the spec; the whole response is kept.
    #[error("the {} response could not be decoded: {source}", response.status)]
    Decode {
        response: RawResponse,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl<E: ApiError> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status()),
            Error::Decode { response, .. } => Some(response.status),
            Error::Transport(error) => error.status(),
            Error::InvalidRequest(_) => None,
        }
    }
}

impl<E> Error<E> {
    /// The documented error, if the server sent one.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }
}

/// What every generated per-operation error enum provides.
pub trait ApiError: fmt::Debug {
    /// The HTTP status the error came with.
    fn status(&self) -> StatusCode;
}

/// The status for `code`, which the generator checked to be in 100..=599.
pub fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A response kept whole: for undocumented statuses and for bodies that could not be decoded.
#[derive(Clone, Debug)]
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl RawResponse {
    /// Decodes the body as JSON.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeFailure> {
        serde_json::from_slice(&self.body).map_err(|error| self.failure(error))
    }

    /// Decodes the body as UTF-8 text.
    pub fn text(&self) -> Result<String, DecodeFailure> {
        String::from_utf8(self.body.to_vec()).map_err(|error| self.failure(error))
    }

    /// The body as it came.
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    fn failure(&self, source: impl std::error::Error + Send + Sync + 'static) -> DecodeFailure {
        DecodeFailure { response: Box::new(self.clone()), source: Box::new(source) }
    }
}

/// A body that did not decode; becomes [`Error::Decode`].
#[derive(Debug)]
pub struct DecodeFailure {
    // Boxed so the `Result`s that carry it stay small on the success path.
    response: Box<RawResponse>,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl<E> From<DecodeFailure> for Error<E> {
    fn from(failure: DecodeFailure) -> Self {
        Error::Decode { response: *failure.response, source: failure.source }
    }
}

/// A request that was not answered; becomes [`Error::InvalidRequest`] or [`Error::Transport`].
#[derive(Debug)]
pub enum SendFailure {
    Invalid(String),
    Transport(reqwest::Error),
}

impl<E> From<SendFailure> for Error<E> {
    fn from(failure: SendFailure) -> Self {
        match failure {
            SendFailure::Invalid(message) => Error::InvalidRequest(message),
            SendFailure::Transport(error) => Error::Transport(error),
        }
    }
}

/// A value that can be written into a path, query string, header or cookie.
pub trait ParamValue {
    /// Appends this value's text forms: none for an absent option, one per item for a list.
    fn push_texts(&self, out: &mut Vec<String>);
}

macro_rules! param_value_by_display {
    ($($ty:ty),*) => {
        $(impl ParamValue for $ty {
            fn push_texts(&self, out: &mut Vec<String>) {
                out.push(self.to_string());
            }
        })*
    };
}

param_value_by_display!(str, String, bool, i32, i64, u32, u64, f32, f64, uuid::Uuid, chrono::NaiveDate, url::Url);

impl ParamValue for chrono::DateTime<chrono::FixedOffset> {
    fn push_texts(&self, out: &mut Vec<String>) {
        // RFC 3339, as `format: date-time` requires (Display would put a space before the offset).
        out.push(self.to_rfc3339());
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn push_texts(&self, out: &mut Vec<String>) {
        (**self).push_texts(out);
    }
}

impl<T: ParamValue> ParamValue for Option<T> {
    fn push_texts(&self, out: &mut Vec<String>) {
        if let Some(value) = self {
            value.push_texts(out);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn push_texts(&self, out: &mut Vec<String>) {
        for value in self {
            value.push_texts(out);
        }
    }
}

fn texts(value: &dyn ParamValue) -> Vec<String> {
    let mut out = Vec::new();
    value.push_texts(&mut out);
    out
}

/// Characters left as they are in a path segment: RFC 3986's unreserved set. Everything else,
/// `/`, `?`, `#` and `%` included, is percent-encoded, so a value stays inside its segment.
const PATH_SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Encodes a path parameter as one path segment (lists are comma-separated, the `simple` style).
pub fn path_param(value: &dyn ParamValue) -> Result<String, SendFailure> {
    let text = texts(value).join(",");
    // URL parsers resolve `.` and `..` segments (even percent-encoded), which would change the path.
    if text.is_empty() || text == "." || text == ".." {
        return Err(SendFailure::Invalid(format!("path parameter value {text:?} cannot be sent as a path segment")));
    }
    Ok(percent_encoding::utf8_percent_encode(&text, PATH_SEGMENT).to_string())
}

/// One request being built by an operation's `send`.
pub struct Request<'c> {
    client: &'c Client,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, String, bool)>,
    cookies: Vec<(String, String)>,
    body: Option<(Vec<u8>, &'static str)>,
    basic: Option<(String, Secret)>,
    invalid: Option<String>,
}

impl<'c> Request<'c> {
    /// A request for `path` (already encoded, from [`path_param`]) relative to the base URL.
    pub fn new(client: &'c Client, method: Method, path: String) -> Self {
        Request { client, method, path, query: Vec::new(), headers: Vec::new(), cookies: Vec::new(), body: None, basic: None, invalid: None }
    }

    /// Adds a query parameter (`form` style, exploded: a list repeats the name; `None` is omitted).
    pub fn query(&mut self, name: &str, value: &dyn ParamValue) {
        for text in texts(value) {
            self.query.push((name.to_owned(), text));
        }
    }

    /// Adds a header (a list is comma-separated; `None` is omitted).
    pub fn header(&mut self, name: &'static str, value: &dyn ParamValue) {
        let texts = texts(value);
        if !texts.is_empty() {
            self.headers.push((name, texts.join(","), false));
        }
    }

    /// Adds a cookie (`None` is omitted).
    pub fn cookie(&mut self, name: &str, value: &dyn ParamValue) {
        let texts = texts(value);
        if !texts.is_empty() {
            self.cookies.push((name.to_owned(), texts.join(",")));
        }
    }

    /// Sets a JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, body: &T, content_type: &'static str) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((bytes, content_type)),
            Err(error) => self.invalid = Some(format!("the body could not be encoded as JSON: {error}")),
        }
    }

    /// Sets a body sent as it is.
    pub fn raw(&mut self, body: impl Into<Vec<u8>>, content_type: &'static str) {
        self.body = Some((body.into(), content_type));
    }

    /// Applies the first alternative of `security` whose credentials are all configured; with
    /// none configured the request goes out unauthenticated and the server decides.
    pub fn authorize(&mut self, security: &[&[Auth]]) {
        let credentials = &self.client.credentials;
        let Some(alternative) = security.iter().find(|schemes| schemes.iter().all(|auth| credentials.contains_key(auth.scheme()))) else {
            return;
        };
        for auth in *alternative {
            let Some(credential) = credentials.get(auth.scheme()) else { continue };
            let token = match credential {
                Credential::Token(secret) => secret.expose().to_owned(),
                Credential::Basic { user, password } => {
                    self.basic = Some((user.clone(), password.clone()));
                    continue;
                }
            };
            match *auth {
                Auth::Header { name, .. } => self.headers.push((name, token, true)),
                Auth::Query { name, .. } => self.query.push((name.to_owned(), token)),
                Auth::Cookie { name, .. } => self.cookies.push((name.to_owned(), token)),
                Auth::Bearer { .. } => self.headers.push(("authorization", format!("Bearer {token}"), true)),
                // A token given for a basic scheme is taken as already encoded `user:password`.
                Auth::Basic { .. } => self.headers.push(("authorization", format!("Basic {token}"), true)),
            }
        }
    }

    fn build(self) -> Result<reqwest::RequestBuilder, SendFailure> {
        if let Some(message) = self.invalid {
            return Err(SendFailure::Invalid(message));
        }
        let base = self.client.base_url.trim_end_matches('/');
        let mut url = reqwest::Url::parse(&format!("{base}{}", self.path))
            .map_err(|error| SendFailure::Invalid(format!("invalid URL from base URL {base:?}: {error}")))?;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        let mut headers = HeaderMap::new();
        let mut cookie_header = Vec::new();
        for (name, value) in &self.cookies {
            cookie_header.push(format!("{name}={value}"));
        }
        let cookie = (!cookie_header.is_empty()).then(|| ("cookie", cookie_header.join("; "), false));
        for (name, value, sensitive) in self.headers.into_iter().chain(cookie) {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| SendFailure::Invalid(format!("{name:?} is not a valid header name")))?;
            // Rejects CR, LF and other control characters: a value can never add a header.
            let mut value = reqwest::header::HeaderValue::from_str(&value)
                .map_err(|_| SendFailure::Invalid(format!("the value of header `{name}` contains a character a header cannot carry")))?;
            value.set_sensitive(sensitive);
            headers.append(name, value);
        }
        let mut request = self.client.http.request(self.method, url).headers(headers);
        if let Some(timeout) = self.client.timeout {
            request = request.timeout(timeout);
        }
        if let Some((user, password)) = self.basic {
            request = request.basic_auth(user, Some(password.expose()));
        }
        if let Some((body, content_type)) = self.body {
            request = request.header(reqwest::header::CONTENT_TYPE, content_type).body(body);
        }
        Ok(request)
    }

    /// Sends the request and reads the whole response.
    pub async fn send(self) -> Result<RawResponse, SendFailure> {
        let response = self.build()?.send().await.map_err(SendFailure::Transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(SendFailure::Transport)?;
        Ok(RawResponse { status, headers, body })
    }
}

/// What a union variant declares, for choosing which variant a JSON value is.
#[derive(Clone, Copy, Debug)]
pub struct UnionCandidate {
    pub required: &'static [&'static str],
    pub known: &'static [&'static str],
    /// Tag members and the string values that select this variant (a discriminator, a `const`, an
    /// `enum`): a value whose tag member holds another value is never decoded as this variant.
    pub tags: &'static [(&'static str, &'static [&'static str])],
}

/// The order in which to try a union's variants on `value`: variants whose tags the value
/// contradicts are left out; then those matching the most tags, then those whose required members
/// are all present, then by how many of the value's members each declares, then by how many
/// members it requires, then in the spec's order. Trying the best match first means a payload
/// that fits several variants lands in the one that keeps the most of it.
pub fn union_order(value: &serde_json::Value, candidates: &[UnionCandidate]) -> Vec<usize> {
    let members = value.as_object();
    let mut scored: Vec<(usize, bool, usize, usize, usize)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(index, candidate)| {
            let mut tagged = 0;
            for (name, values) in candidate.tags {
                match members.and_then(|m| m.get(*name)) {
                    None | Some(serde_json::Value::Null) => {}
                    Some(serde_json::Value::String(tag)) if values.contains(&tag.as_str()) => tagged += 1,
                    Some(_) => return None,
                }
            }
            let has = |name: &&str| members.is_some_and(|m| m.contains_key(*name));
            let complete = candidate.required.iter().all(has);
            let matched = candidate.known.iter().filter(|name| has(name)).count();
            Some((tagged, complete, matched, candidate.required.len(), index))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)).then(b.3.cmp(&a.3)).then(a.4.cmp(&b.4)));
    scored.into_iter().map(|(_, _, _, _, index)| index).collect()
}
