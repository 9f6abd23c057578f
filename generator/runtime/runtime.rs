// The runtime of generated modules: the HTTP client, credentials, the error type, parameter styles,
// form and multipart bodies, byte and event streams, typed headers, and the union decoder. It is
// ordinary Rust, written verbatim (indented) into a module generated alone, so that module or crate
// is self-contained, or once as `runtime.rs` beside modules that share it (the `recoup` crate
// compiles it that way), so it can never drift from the runtime it was tested with. It may use only the dependencies the
// generated crate declares (`openapi_bindgen::RUNTIME_DEPENDENCIES`).

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

pub use bytes::Bytes;
pub use reqwest::header::HeaderMap;
pub use reqwest::multipart::{Form, Part};
pub use reqwest::{Body, Method, StatusCode};

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

/// The credential configured for one way of authenticating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// An API key or a bearer token.
    Token(Secret),
    /// HTTP basic authentication.
    Basic { user: String, password: Secret },
}

/// Where a security scheme puts its credential. Credentials are keyed by this, not by the scheme's
/// name in a spec: specs call the same `x-api-key` header `apiKeyAuth`, `ApiKeyAuth` or `ApiKey`,
/// and one configured client serves them all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Auth {
    /// An API key in the header `name` (lower-case).
    Header { name: &'static str },
    Query { name: &'static str },
    Cookie { name: &'static str },
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2 and OpenID Connect tokens).
    Bearer,
    /// `Authorization: Basic`.
    Basic,
}

/// The API client: base URL, HTTP client, timeout and credentials. Cheap to clone (the settings
/// and the connection pool are shared). Generated modules wrap it in their own `Client`, which has
/// a method per operation; one `Client` converts into the client of any module.
#[derive(Clone)]
pub struct Client {
    settings: std::sync::Arc<Settings>,
}

#[derive(Clone)]
struct Settings {
    base_url: Option<String>,
    http: reqwest::Client,
    timeout: Option<Duration>,
    credentials: BTreeMap<Auth, Credential>,
}

impl Client {
    /// A client sending each operation to the server its spec lists for it, with no credentials.
    pub fn new() -> Self {
        let settings = Settings { base_url: None, http: reqwest::Client::new(), timeout: Some(DEFAULT_TIMEOUT), credentials: BTreeMap::new() };
        Client { settings: std::sync::Arc::new(settings) }
    }

    /// A client for the API at `base_url` (e.g. `http://localhost:4010`), with no credentials. It
    /// replaces every server of the spec, per-operation ones included, so a proxy or a mock server
    /// gets every request. The URL is checked when a request is built; an invalid one gives
    /// [`Error::InvalidRequest`].
    pub fn with_base_url(base_url: impl Into<String>) -> Self {
        let mut client = Client::new();
        std::sync::Arc::make_mut(&mut client.settings).base_url = Some(base_url.into());
        client
    }

    /// Uses `http` for all requests (proxies, TLS settings, connection pool, default headers).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        std::sync::Arc::make_mut(&mut self.settings).http = http;
        self
    }

    /// Sets the timeout of each whole request (connect, send and read); `None` waits forever.
    pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
        std::sync::Arc::make_mut(&mut self.settings).timeout = timeout;
        self
    }

    /// Sets the credential sent wherever `auth` says, for every operation whose security allows it.
    pub fn with_credential(mut self, auth: Auth, credential: Credential) -> Self {
        std::sync::Arc::make_mut(&mut self.settings).credentials.insert(auth, credential);
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

    /// The essence of the `Content-Type` (`application/json` for `application/json; charset=utf-8`).
    pub fn media_type(&self) -> String {
        let content_type = self.headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
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

/// How a parameter is written (OpenAPI's `style`); `explode` is passed beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `a,b` (paths and headers).
    Simple,
    /// `.a.b` or `.a,b` (paths).
    Label,
    /// `;name=a;name=b` or `;name=a,b` (paths).
    Matrix,
    /// `name=a&name=b` or `name=a,b` (queries and cookies).
    Form,
    /// `name=a%20b` (query arrays).
    SpaceDelimited,
    /// `name=a|b` (query arrays).
    PipeDelimited,
    /// `name[key]=value` (query objects).
    DeepObject,
}

/// A parameter value reduced to what the styles distinguish.
enum Shape {
    Absent,
    Scalar(String),
    List(Vec<String>),
    Object(Vec<(String, String)>),
}

/// The text of a JSON scalar as a parameter carries it (nested values as JSON text).
fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn shape<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> Result<Shape, String> {
    let value = serde_json::to_value(value).map_err(|error| format!("parameter `{name}` could not be encoded: {error}"))?;
    Ok(match value {
        serde_json::Value::Null => Shape::Absent,
        serde_json::Value::Array(items) => Shape::List(items.iter().map(scalar_text).collect()),
        serde_json::Value::Object(members) => Shape::Object(members.iter().map(|(k, v)| (k.clone(), scalar_text(v))).collect()),
        scalar => Shape::Scalar(scalar_text(&scalar)),
    })
}

/// Characters left as they are in a path segment or query component: RFC 3986's unreserved set.
/// Everything else, `/`, `?`, `#`, `&`, `=`, `,` and `%` included, is percent-encoded, so a value
/// stays inside its segment or pair and only the style's own delimiters remain literal.
const COMPONENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, COMPONENT).to_string()
}

/// `[k1, v1, k2, v2]` as the non-exploded styles flatten objects.
fn flatten(members: &[(String, String)]) -> Vec<String> {
    members.iter().flat_map(|(k, v)| [k.clone(), v.clone()]).collect()
}

/// Encodes a path parameter; the result replaces the `{name}` template as it is.
pub fn path_param<T: serde::Serialize + ?Sized>(name: &str, value: &T, style: Style, explode: bool) -> Result<String, SendFailure> {
    let shape = shape(name, value).map_err(SendFailure::Invalid)?;
    let encoded = |items: &[String]| items.iter().map(|item| encode(item)).collect::<Vec<_>>();
    let pairs = |members: &[(String, String)], separator: &str| {
        members.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join(separator)
    };
    let text = match (style, shape) {
        (_, Shape::Absent) => String::new(),
        (Style::Label, Shape::Scalar(text)) => format!(".{}", encode(&text)),
        (Style::Label, Shape::List(items)) => format!(".{}", encoded(&items).join(if explode { "." } else { "," })),
        (Style::Label, Shape::Object(members)) if explode => format!(".{}", pairs(&members, ".")),
        (Style::Label, Shape::Object(members)) => format!(".{}", encoded(&flatten(&members)).join(",")),
        (Style::Matrix, Shape::Scalar(text)) => format!(";{}={}", encode(name), encode(&text)),
        (Style::Matrix, Shape::List(items)) if explode => items.iter().map(|item| format!(";{}={}", encode(name), encode(item))).collect(),
        (Style::Matrix, Shape::List(items)) => format!(";{}={}", encode(name), encoded(&items).join(",")),
        (Style::Matrix, Shape::Object(members)) if explode => format!(";{}", pairs(&members, ";")),
        (Style::Matrix, Shape::Object(members)) => format!(";{}={}", encode(name), encoded(&flatten(&members)).join(",")),
        (_, Shape::Scalar(text)) => encode(&text),
        (_, Shape::List(items)) => encoded(&items).join(","),
        (_, Shape::Object(members)) if explode => pairs(&members, ","),
        (_, Shape::Object(members)) => encoded(&flatten(&members)).join(","),
    };
    // An empty segment, `.` or `..` would change which path is requested (URL parsers resolve dot
    // segments even when percent-encoded), so such values are refused rather than sent.
    if text.is_empty() || text == "." || text == ".." {
        return Err(SendFailure::Invalid(format!("path parameter `{name}` value {text:?} cannot be sent as a path segment")));
    }
    Ok(text)
}

/// A request body ready to send.
enum Payload {
    Body(Body, &'static str),
    Multipart(reqwest::multipart::Form),
}

/// Encodes the members of `body` as `application/x-www-form-urlencoded` (OpenAPI's `encoding`
/// rules: `form` style exploded unless `fields` says otherwise for a member).
fn form_encode<T: serde::Serialize + ?Sized>(body: &T, fields: &[(&str, Style, bool)]) -> Result<String, String> {
    let value = serde_json::to_value(body).map_err(|error| format!("the body could not be encoded as a form: {error}"))?;
    let serde_json::Value::Object(members) = value else {
        return Err("a form body must be an object".to_owned());
    };
    let mut pairs = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in &members {
        let (style, explode) = fields.iter().find(|(field, ..)| field == name).map_or((Style::Form, true), |(_, s, e)| (*s, *e));
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) if explode => {
                for item in items {
                    pairs.append_pair(name, &scalar_text(item));
                }
            }
            serde_json::Value::Array(items) => {
                let separator = match style {
                    Style::SpaceDelimited => " ",
                    Style::PipeDelimited => "|",
                    _ => ",",
                };
                pairs.append_pair(name, &items.iter().map(scalar_text).collect::<Vec<_>>().join(separator));
            }
            serde_json::Value::Object(inner) if style == Style::DeepObject => {
                for (key, item) in inner {
                    pairs.append_pair(&format!("{name}[{key}]"), &scalar_text(item));
                }
            }
            serde_json::Value::Object(inner) if explode => {
                for (key, item) in inner {
                    pairs.append_pair(key, &scalar_text(item));
                }
            }
            serde_json::Value::Object(inner) => {
                let flat: Vec<String> = inner.iter().flat_map(|(k, v)| [k.clone(), scalar_text(v)]).collect();
                pairs.append_pair(name, &flat.join(","));
            }
            scalar => {
                pairs.append_pair(name, &scalar_text(scalar));
            }
        }
    }
    Ok(pairs.finish())
}

/// A file sent as one part of a `multipart/form-data` body: bytes, a file, or a stream, with an
/// optional file name and content type.
#[derive(Debug)]
pub struct FilePart {
    body: Body,
    length: Option<u64>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part holding `bytes`.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        let length = u64::try_from(bytes.len()).ok();
        FilePart { body: Body::from(bytes), length, file_name: None, content_type: None }
    }

    /// A part streaming the file at `path` (not read into memory), named after the file.
    pub async fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file = tokio::fs::File::open(path).await?;
        let length = file.metadata().await.ok().map(|m| m.len());
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Ok(FilePart { body: Body::from(file), length, file_name, content_type: None })
    }

    /// A part streaming `body` (see `reqwest::Body::wrap_stream`), of unknown length.
    pub fn from_body(body: impl Into<Body>) -> Self {
        FilePart { body: body.into(), length: None, file_name: None, content_type: None }
    }

    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The multipart part; `default_type` applies when no content type was set.
    pub fn into_part(self, default_type: Option<&str>) -> Result<reqwest::multipart::Part, SendFailure> {
        let mut part = match self.length {
            Some(length) => reqwest::multipart::Part::stream_with_length(self.body, length),
            None => reqwest::multipart::Part::stream(self.body),
        };
        if let Some(file_name) = self.file_name {
            part = part.file_name(file_name);
        }
        if let Some(content_type) = self.content_type.as_deref().or(default_type) {
            part = part
                .mime_str(content_type)
                .map_err(|_| SendFailure::Invalid(format!("{content_type:?} is not a valid content type")))?;
        }
        Ok(part)
    }
}

/// A `multipart/form-data` body: generated form structs turn themselves into reqwest forms.
pub trait IntoMultipart {
    fn into_form(self) -> Result<reqwest::multipart::Form, SendFailure>;
}

/// A text part: strings as they are, other values as JSON.
pub fn text_part<T: serde::Serialize + ?Sized>(name: &str, value: &T, content_type: Option<&str>) -> Result<Option<reqwest::multipart::Part>, SendFailure> {
    let value = serde_json::to_value(value).map_err(|error| SendFailure::Invalid(format!("part `{name}` could not be encoded: {error}")))?;
    let (text, default_type) = match value {
        serde_json::Value::Null => return Ok(None),
        serde_json::Value::String(text) => (text, None),
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => (value.to_string(), Some("application/json")),
        scalar => (scalar.to_string(), None),
    };
    let mut part = reqwest::multipart::Part::text(text);
    if let Some(content_type) = content_type.or(default_type) {
        part = part.mime_str(content_type).map_err(|_| SendFailure::Invalid(format!("{content_type:?} is not a valid content type")))?;
    }
    Ok(Some(part))
}

/// One request being built by an operation's `send`.
pub struct Request<'c> {
    client: &'c Client,
    /// The server the spec lists for the operation, used when the client has no base URL.
    server: Option<&'static str>,
    method: Method,
    path: String,
    /// Encoded `name=value` pairs, in the order they were added.
    query: Vec<String>,
    headers: Vec<(&'static str, String, bool)>,
    cookies: Vec<(String, String)>,
    body: Option<Payload>,
    basic: Option<(String, Secret)>,
    invalid: Option<String>,
}

impl<'c> Request<'c> {
    /// A request for `path` (already encoded, parameters from [`path_param`]) relative to the
    /// client's base URL or else to `server`, the operation's server in the spec.
    pub fn new(client: &'c Client, server: Option<&'static str>, method: Method, path: String) -> Self {
        Request { client, server, method, path, query: Vec::new(), headers: Vec::new(), cookies: Vec::new(), body: None, basic: None, invalid: None }
    }

    /// Adds a query parameter in `style`; `None` is omitted.
    pub fn query<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style, explode: bool) {
        let shape = match shape(name, value) {
            Ok(shape) => shape,
            Err(message) => return self.invalid = Some(message),
        };
        let key = encode(name);
        let joined = |items: &[String], separator: &str| items.iter().map(|item| encode(item)).collect::<Vec<_>>().join(separator);
        match (style, shape) {
            (_, Shape::Absent) => {}
            (_, Shape::Scalar(text)) => self.query.push(format!("{key}={}", encode(&text))),
            (Style::SpaceDelimited, Shape::List(items)) => self.query.push(format!("{key}={}", joined(&items, "%20"))),
            (Style::PipeDelimited, Shape::List(items)) => self.query.push(format!("{key}={}", joined(&items, "|"))),
            (_, Shape::List(items)) if explode => self.query.extend(items.iter().map(|item| format!("{key}={}", encode(item)))),
            (_, Shape::List(items)) => self.query.push(format!("{key}={}", joined(&items, ","))),
            (Style::DeepObject, Shape::Object(members)) => {
                self.query.extend(members.iter().map(|(k, v)| format!("{key}%5B{}%5D={}", encode(k), encode(v))))
            }
            (_, Shape::Object(members)) if explode => self.query.extend(members.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v)))),
            (_, Shape::Object(members)) => self.query.push(format!("{key}={}", joined(&flatten(&members), ","))),
        }
    }

    /// Adds a header (`simple` style: lists and objects comma-separated); `None` is omitted.
    pub fn header<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T, explode: bool) {
        let text = match shape(name, value) {
            Ok(Shape::Absent) => return,
            Err(message) => return self.invalid = Some(message),
            Ok(Shape::Scalar(text)) => text,
            Ok(Shape::List(items)) => items.join(","),
            Ok(Shape::Object(members)) if explode => members.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
            Ok(Shape::Object(members)) => flatten(&members).join(","),
        };
        self.headers.push((name, text, false));
    }

    /// Adds a cookie (`form` style: lists comma-separated); `None` is omitted.
    pub fn cookie<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let text = match shape(name, value) {
            Ok(Shape::Absent) => return,
            Err(message) => return self.invalid = Some(message),
            Ok(Shape::Scalar(text)) => text,
            Ok(Shape::List(items)) => items.join(","),
            Ok(Shape::Object(members)) => flatten(&members).join(","),
        };
        self.cookies.push((name.to_owned(), text));
    }

    /// Sets a JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, body: &T, content_type: &'static str) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Payload::Body(bytes.into(), content_type)),
            Err(error) => self.invalid = Some(format!("the body could not be encoded as JSON: {error}")),
        }
    }

    /// Sets a body sent as it is (streamed when `body` wraps a stream or a file).
    pub fn body(&mut self, body: impl Into<Body>, content_type: &'static str) {
        self.body = Some(Payload::Body(body.into(), content_type));
    }

    /// Sets an `application/x-www-form-urlencoded` body from the members of `body`; `fields`
    /// gives the style and explode of members the spec's `encoding` names (others: `form`, exploded).
    pub fn form<T: serde::Serialize + ?Sized>(&mut self, body: &T, fields: &[(&str, Style, bool)], content_type: &'static str) {
        match form_encode(body, fields) {
            Ok(text) => self.body = Some(Payload::Body(text.into(), content_type)),
            Err(message) => self.invalid = Some(message),
        }
    }

    /// Sets a `multipart/form-data` body; the boundary is chosen by reqwest.
    pub fn multipart(&mut self, form: reqwest::multipart::Form) {
        self.body = Some(Payload::Multipart(form));
    }

    /// Applies the first alternative of `security` whose credentials are all configured; with
    /// none configured the request goes out unauthenticated and the server decides.
    pub fn authorize(&mut self, security: &[&[Auth]]) {
        let credentials = &self.client.settings.credentials;
        let Some(alternative) = security.iter().find(|schemes| schemes.iter().all(|auth| credentials.contains_key(auth))) else {
            return;
        };
        for auth in *alternative {
            let Some(credential) = credentials.get(auth) else { continue };
            let token = match credential {
                Credential::Token(secret) => secret.expose().to_owned(),
                Credential::Basic { user, password } => {
                    self.basic = Some((user.clone(), password.clone()));
                    continue;
                }
            };
            match *auth {
                Auth::Header { name } => self.headers.push((name, token, true)),
                Auth::Query { name } => self.query.push(format!("{}={}", encode(name), encode(&token))),
                Auth::Cookie { name } => self.cookies.push((name.to_owned(), token)),
                Auth::Bearer => self.headers.push(("authorization", format!("Bearer {token}"), true)),
                // A token given for a basic scheme is taken as already encoded `user:password`.
                Auth::Basic => self.headers.push(("authorization", format!("Basic {token}"), true)),
            }
        }
    }

    fn build(self) -> Result<reqwest::RequestBuilder, SendFailure> {
        if let Some(message) = self.invalid {
            return Err(SendFailure::Invalid(message));
        }
        let base = self.client.settings.base_url.as_deref().or(self.server).ok_or_else(|| {
            SendFailure::Invalid("no base URL: the spec lists no server for this operation; use `Client::with_base_url`".to_owned())
        })?;
        let base = base.trim_end_matches('/');
        let mut url = reqwest::Url::parse(&format!("{base}{}", self.path))
            .map_err(|error| SendFailure::Invalid(format!("invalid URL from base URL {base:?}: {error}")))?;
        if !self.query.is_empty() {
            url.set_query(Some(&self.query.join("&")));
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
        let mut request = self.client.settings.http.request(self.method, url).headers(headers);
        if let Some(timeout) = self.client.settings.timeout {
            request = request.timeout(timeout);
        }
        if let Some((user, password)) = self.basic {
            request = request.basic_auth(user, Some(password.expose()));
        }
        match self.body {
            Some(Payload::Body(body, content_type)) => request = request.header(reqwest::header::CONTENT_TYPE, content_type).body(body),
            Some(Payload::Multipart(form)) => request = request.multipart(form),
            None => {}
        }
        Ok(request)
    }

    /// Sends the request; the response's status and headers have arrived, its body not yet.
    pub async fn send(self) -> Result<Received, SendFailure> {
        let response = self.build()?.send().await.map_err(SendFailure::Transport)?;
        Ok(Received { response })
    }
}

/// A response whose body has not been read: read it whole, or stream it.
#[derive(Debug)]
pub struct Received {
    response: reqwest::Response,
}

impl Received {
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// Reads the whole body.
    pub async fn read(self) -> Result<RawResponse, SendFailure> {
        let status = self.response.status();
        let headers = self.response.headers().clone();
        let body = self.response.bytes().await.map_err(SendFailure::Transport)?;
        Ok(RawResponse { status, headers, body })
    }

    /// The body as a stream of chunks, never held whole in memory.
    pub fn into_byte_stream(self) -> ByteStream {
        ByteStream(Box::pin(self.response.bytes_stream()))
    }

    /// The body as `text/event-stream` events whose `data` is JSON of type `T`.
    pub fn into_json_events<T: serde::de::DeserializeOwned>(self) -> EventStream<T> {
        EventStream::new(self.into_byte_stream(), |data| serde_json::from_str(data).map_err(|e| e.to_string()))
    }

    /// The body as `text/event-stream` events whose `data` is kept as text.
    pub fn into_text_events(self) -> EventStream<String> {
        EventStream::new(self.into_byte_stream(), |data| Ok(data.to_owned()))
    }
}

/// What a successful call returns besides its body: the status and the headers, typed where the
/// spec documents them (`H`) and all of them as received.
#[derive(Debug)]
pub struct Response<T, H> {
    pub status: StatusCode,
    pub headers: H,
    pub raw_headers: HeaderMap,
    pub body: T,
}

impl<T, H: FromHeaders> Response<T, H> {
    /// A success response, with the documented headers read from `raw_headers`.
    pub fn new(status: StatusCode, raw_headers: HeaderMap, body: T) -> Result<Self, DecodeFailure> {
        let headers = H::from_headers(status, &raw_headers)?;
        Ok(Response { status, headers, raw_headers, body })
    }
}

/// Typed response headers, read from the headers as received.
pub trait FromHeaders: Sized {
    fn from_headers(status: StatusCode, headers: &HeaderMap) -> Result<Self, DecodeFailure>;
}

impl FromHeaders for () {
    fn from_headers(_: StatusCode, _: &HeaderMap) -> Result<Self, DecodeFailure> {
        Ok(())
    }
}

/// Reads header `name` as a `T`: as a string first (strings, enums, dates), else as JSON text
/// (numbers, booleans). Absent: `None`. Unreadable: a decode failure keeping status and headers.
pub fn header_value<T: serde::de::DeserializeOwned>(status: StatusCode, headers: &HeaderMap, name: &str) -> Result<Option<T>, DecodeFailure> {
    let Some(value) = headers.get(name) else { return Ok(None) };
    let failure = |message: String| DecodeFailure {
        response: Box::new(RawResponse { status, headers: headers.clone(), body: Bytes::new() }),
        source: message.into(),
    };
    let text = value.to_str().map_err(|_| failure(format!("header `{name}` is not visible ASCII")))?;
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .or_else(|_| serde_json::from_str(text))
        .map(Some)
        .map_err(|error| failure(format!("header `{name}`: {error}")))
}

/// A response body as a stream of byte chunks (a `futures` `Stream`).
pub struct ByteStream(std::pin::Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<Bytes>> + Send>>);

impl ByteStream {
    /// Reads the rest of the stream into memory.
    pub async fn collect(mut self) -> Result<Bytes, reqwest::Error> {
        use futures_util::StreamExt as _;
        let mut all = Vec::new();
        while let Some(chunk) = self.0.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.into())
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

impl futures_util::Stream for ByteStream {
    type Item = reqwest::Result<Bytes>;

    fn poll_next(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

/// One server-sent event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event<T> {
    /// The `event` field (`None`: the default `message` type).
    pub event: Option<String>,
    pub data: T,
    /// The `id` field, if this event set one.
    pub id: Option<String>,
    /// The `retry` field: the reconnection time the server asks for, in milliseconds.
    pub retry: Option<u64>,
}

/// Why an event stream stopped or skipped an event.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("the event stream failed in transport: {0}")]
    Transport(#[source] reqwest::Error),
    /// An event's `data` did not decode; the stream goes on with the next event.
    #[error("event data {data:?} could not be decoded: {message}")]
    Decode { data: String, message: String },
}

/// A `text/event-stream` body as a `Stream` of typed events, parsed as the HTML standard's
/// server-sent events: `event`, `data` (several lines joined with `\n`), `id`, `retry`, comments.
pub struct EventStream<T> {
    bytes: ByteStream,
    decode: fn(&str) -> Result<T, String>,
    buffer: Vec<u8>,
    ended: bool,
    event: Option<String>,
    data: Option<String>,
    id: Option<String>,
    retry: Option<u64>,
}

impl<T> EventStream<T> {
    fn new(bytes: ByteStream, decode: fn(&str) -> Result<T, String>) -> Self {
        EventStream { bytes, decode, buffer: Vec::new(), ended: false, event: None, data: None, id: None, retry: None }
    }

    /// Takes one complete line (without its terminator) from the buffer, if there is one.
    fn next_line(&mut self) -> Option<String> {
        let end = self.buffer.iter().position(|b| *b == b'\n' || *b == b'\r')?;
        // A lone `\r` at the end of the buffer may be the first half of `\r\n`: wait for more.
        if self.buffer[end] == b'\r' && end + 1 == self.buffer.len() && !self.ended {
            return None;
        }
        let terminator = if self.buffer[end] == b'\r' && self.buffer.get(end + 1) == Some(&b'\n') { 2 } else { 1 };
        let line = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
        self.buffer.drain(..end + terminator);
        Some(line)
    }

    /// Applies one line; returns an event when the line is blank and one is complete.
    fn apply(&mut self, line: &str) -> Option<Result<Event<T>, EventError>> {
        if line.is_empty() {
            let data = self.data.take();
            let event = self.event.take();
            let retry = self.retry.take();
            let data = data?;
            let id = self.id.clone();
            return Some(match (self.decode)(&data) {
                Ok(decoded) => Ok(Event { event, data: decoded, id, retry }),
                Err(message) => Err(EventError::Decode { data, message }),
            });
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = Some(value.to_owned()),
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            "retry" => {
                if let Ok(retry) = value.parse() {
                    self.retry = Some(retry);
                }
            }
            _ => {}
        }
        None
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").field("last_event_id", &self.id).finish_non_exhaustive()
    }
}

impl<T> Unpin for EventStream<T> {}

impl<T> futures_util::Stream for EventStream<T> {
    type Item = Result<Event<T>, EventError>;

    fn poll_next(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        loop {
            while let Some(line) = self.next_line() {
                if let Some(event) = self.apply(&line) {
                    return Poll::Ready(Some(event));
                }
            }
            if self.ended {
                return Poll::Ready(None);
            }
            match std::pin::Pin::new(&mut self.bytes).poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => self.buffer.extend_from_slice(&chunk),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(EventError::Transport(error)))),
                // At the end, a final line without terminator is still a line; an event not
                // followed by a blank line is dropped, as the standard says.
                Poll::Ready(None) => {
                    self.ended = true;
                    if !self.buffer.is_empty() {
                        self.buffer.push(b'\n');
                    }
                }
                Poll::Pending => return Poll::Pending,
            }
        }
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
