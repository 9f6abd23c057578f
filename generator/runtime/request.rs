//! The `Request` builder of generated `send` methods: URL, parameters, credentials, body, sending.

use super::auth::chosen_credentials;
use super::client::Client;
use super::cookie::{cookie_credential, cookie_header, cookie_text};
use super::form::form_encode;
use super::options::Overrides;
use super::page_values::request_url;
use super::params::{append_query, header_text, push_pair};
use super::send::send_with_retries;
use super::{
    Auth, Body, Credential, HeaderMap, Method, Operation, Received, RequestOptions, Secret, SendFailure, Style,
};

/// A request body ready to send.
enum Payload {
    Body(Body, &'static str),
    Multipart(reqwest::multipart::Form),
}

/// One request being built by an operation's `send`.
// Plumbing: only generated `send` methods build requests; users call those.
#[doc(hidden)]
pub struct Request {
    client: Client,
    /// The server the spec lists for the operation, used when the client has no base URL.
    server: Option<&'static str>,
    method: Method,
    path: std::borrow::Cow<'static, str>,
    /// Encoded `name=value` pairs joined by `&`, in the order they were added; credentials after them.
    query: String,
    credential_query: String,
    headers: Vec<(&'static str, String, bool)>,
    cookies: Vec<(String, String)>,
    body: Option<Payload>,
    basic: Option<(String, Secret)>,
    invalid: Option<String>,
    options: RequestOptions,
    operation: Operation,
}

impl Request {
    /// A request for `path` (already encoded, parameters from [`path_param`](super::path_param))
    /// relative to the client's base URL or else to `server`, the operation's server in the spec.
    // A path without parameters is the spec's literal, taken as it is (no copy per call).
    pub fn new(
        client: Client,
        server: Option<&'static str>,
        method: Method,
        path: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Self {
        Request {
            client,
            server,
            method,
            path: path.into(),
            query: String::new(),
            credential_query: String::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            basic: None,
            invalid: None,
            options: RequestOptions::default(),
            operation: Operation { name: "", method: "", path: "" },
        }
    }

    /// Names the operation, for hooks.
    pub fn for_operation(mut self, operation: Operation) -> Self {
        self.operation = operation;
        self
    }

    /// Applies the caller's per-request settings (the builder's `with_*` methods).
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Adds a query parameter in `style`; `None` is omitted.
    pub fn query<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style, explode: bool) {
        if let Err(message) = append_query(&mut self.query, name, value, style, explode) {
            self.invalid = Some(message);
        }
    }

    /// Adds a header (`simple` style: lists and objects comma-separated); `None` is omitted.
    pub fn header<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T, explode: bool) {
        match header_text(name, value, explode) {
            Ok(Some(text)) => self.headers.push((name, text, false)),
            Ok(None) => {}
            Err(message) => self.invalid = Some(message),
        }
    }

    /// Adds a cookie (`form` style: lists comma-separated); `None` is omitted.
    pub fn cookie<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match cookie_text(name, value) {
            Ok(Some(text)) => self.cookies.push((name.to_owned(), text)),
            Ok(None) => {}
            Err(message) => self.invalid = Some(message),
        }
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
    pub fn form<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        fields: &[(&str, Style, bool)],
        content_type: &'static str,
    ) {
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
        for (auth, credential) in chosen_credentials(&self.client.settings.credentials, security) {
            let token = match credential {
                Credential::Token(secret) => secret.expose().to_owned(),
                Credential::Basic { user, password } => {
                    self.basic = Some((user.clone(), password.clone()));
                    continue;
                }
            };
            match auth {
                Auth::Header { name } => self.headers.push((name, token, true)),
                Auth::Query { name } => push_pair(&mut self.credential_query, name, &token),
                Auth::Cookie { name } => match cookie_credential(name, token) {
                    Ok(cookie) => self.cookies.push(cookie),
                    Err(message) => self.invalid = Some(message),
                },
                Auth::Bearer => self.headers.push(("authorization", format!("Bearer {token}"), true)),
                // A token given for a basic scheme is taken as already encoded `user:password`.
                Auth::Basic => self.headers.push(("authorization", format!("Basic {token}"), true)),
            }
        }
    }

    pub(super) fn build(self) -> Result<reqwest::RequestBuilder, SendFailure> {
        let Overrides { invalid, next_page_url, headers: extra_headers, .. } = self.options.into_overrides();
        if let Some(message) = self.invalid.or(invalid) {
            return Err(SendFailure::Invalid(message));
        }
        let base = self.client.settings.base_url.as_deref().or(self.server).ok_or_else(|| {
            SendFailure::Invalid(
                "no base URL: the spec lists no server for this operation; use `Client::with_base_url`".to_owned(),
            )
        })?;
        let base = base.trim_end_matches('/');
        let url = request_url(base, &self.path, &self.query, &self.credential_query, next_page_url.as_deref())?;
        let mut headers = HeaderMap::new();
        let cookie = cookie_header(&self.cookies)?.map(|cookie| ("cookie", cookie, false));
        for (name, value, sensitive) in self.headers.into_iter().chain(cookie) {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| SendFailure::Invalid(format!("{name:?} is not a valid header name")))?;
            // Rejects CR, LF and other control characters: a value can never add a header.
            let mut value = reqwest::header::HeaderValue::from_str(&value).map_err(|_| {
                SendFailure::Invalid(format!("the value of header `{name}` contains a character a header cannot carry"))
            })?;
            value.set_sensitive(sensitive);
            headers.append(name, value);
        }
        for (name, value) in extra_headers.iter() {
            headers.insert(name, value.clone());
        }
        // No reqwest timeout: it would bound streamed bodies too. `send` bounds the wait itself.
        let mut request = self.client.settings.http.request(self.method, url).headers(headers);
        if let Some((user, password)) = self.basic {
            request = request.basic_auth(user, Some(password.expose()));
        }
        match self.body {
            Some(Payload::Body(body, content_type)) => {
                request = request.header(reqwest::header::CONTENT_TYPE, content_type).body(body)
            }
            Some(Payload::Multipart(form)) => request = request.multipart(form),
            None => {}
        }
        Ok(request)
    }

    /// Sends the request; the response's status and headers have arrived, its body not yet.
    // Not an `async fn`: the request is built now and only the sending is left to the future,
    // which then holds no copy of what was built, only the client's shared settings.
    pub fn send(mut self) -> impl Future<Output = Result<Received, SendFailure>> + Send + 'static {
        let plan = self.options.plan(std::sync::Arc::clone(&self.client.settings), self.operation);
        let built = self
            .build()
            .and_then(|request| request.build().map_err(|error| SendFailure::Invalid(error.without_url().to_string())));
        match built {
            Ok(request) => futures_util::future::Either::Left(send_with_retries(request, plan)),
            Err(failure) => futures_util::future::Either::Right(std::future::ready(Err(failure))),
        }
    }
}

#[cfg(test)]
mod tests {

    use serde_json::json;

    use super::*;

    fn built(request: Request) -> reqwest::Request {
        request.build().expect("a valid request").build().expect("a complete request")
    }

    fn refused(request: Request) -> String {
        match request.build() {
            Err(SendFailure::Invalid(message)) => message,
            Err(other) => panic!("expected a refusal, got {other:?}"),
            Ok(_) => panic!("expected a refusal, got a request"),
        }
    }

    fn header(request: &reqwest::Request, name: &str) -> Option<String> {
        let values: Vec<_> = request.headers().get_all(name).iter().filter_map(|v| v.to_str().ok()).collect();
        (!values.is_empty()).then(|| values.join(" | "))
    }

    /// The body when it is in memory (not a stream).
    fn body(request: &reqwest::Request) -> &[u8] {
        request.body().and_then(Body::as_bytes).unwrap_or_default()
    }

    fn with(credentials: &[(Auth, Credential)]) -> Client {
        let base = Client::with_base_url("http://api.test/v1/");
        credentials.iter().cloned().fold(base, |client, (auth, credential)| client.with_credential(auth, credential))
    }

    fn token(secret: &str) -> Credential {
        Credential::Token(Secret::new(secret))
    }

    #[test]
    fn the_path_joins_the_base_url_or_else_the_specs_server() {
        let client = Client::with_base_url("http://api.test/v1/");
        let request = built(Request::new(client, Some("https://spec.test"), Method::GET, "/pets/a%2Fb".to_owned()));
        assert_eq!(request.url().as_str(), "http://api.test/v1/pets/a%2Fb");
        assert_eq!(request.method(), Method::GET);
        assert_eq!(request.timeout(), None, "the whole-request timeout is the runtime's, never reqwest's");

        let client = Client::new();
        let request = built(Request::new(client, Some("https://spec.test/api"), Method::DELETE, "/x".to_owned()));
        assert_eq!(request.url().as_str(), "https://spec.test/api/x");
        assert_eq!(request.timeout(), None);
    }

    #[test]
    fn without_any_base_url_or_with_an_invalid_one_nothing_is_sent() {
        let client = Client::new();
        assert_eq!(
            refused(Request::new(client.clone(), None, Method::GET, "/x".to_owned())),
            "no base URL: the spec lists no server for this operation; use `Client::with_base_url`"
        );
        let client = Client::with_base_url("api.test");
        assert_eq!(
            refused(Request::new(client.clone(), None, Method::GET, "/x".to_owned())),
            r#"invalid URL from base URL "api.test": relative URL without a base"#
        );
    }

    #[test]
    fn query_pairs_go_in_the_order_added_with_absent_ones_left_out() {
        let client = Client::with_base_url("http://api.test");
        let mut request = Request::new(client.clone(), None, Method::GET, "/q".to_owned());
        request.query("ids", &[1, 2], Style::Form, true);
        request.query("none", &None::<u8>, Style::Form, true);
        request.query("piped", &["a", "b|c"], Style::PipeDelimited, false);
        request.query("q", "a b&c", Style::Form, true);
        let request = built(request);
        assert_eq!(request.url().query(), Some("ids=1&ids=2&piped=a|b%7Cc&q=a%20b%26c"));
        assert_eq!(request.url().as_str(), "http://api.test/q?ids=1&ids=2&piped=a|b%7Cc&q=a%20b%26c");
    }

    #[test]
    fn headers_and_cookies_are_sent_with_absent_ones_left_out() {
        let client = Client::with_base_url("http://api.test");
        let mut request = Request::new(client.clone(), None, Method::GET, "/h".to_owned());
        request.header("x-tags", &["a", "b"], false);
        request.header("x-none", &None::<String>, false);
        request.cookie("session", "s1");
        request.cookie("none", &None::<String>);
        request.cookie("ids", &[1, 2]);
        let request = built(request);
        assert_eq!(header(&request, "x-tags").as_deref(), Some("a,b"));
        assert_eq!(header(&request, "x-none"), None);
        assert_eq!(header(&request, "cookie").as_deref(), Some("session=s1; ids=1,2"));
    }

    #[test]
    fn credentials_go_where_their_place_says_and_are_marked_sensitive() {
        let client = with(&[
            (Auth::Header { name: "x-api-key" }, token("key")),
            (Auth::Query { name: "api key" }, token("q&v")),
            (Auth::Cookie { name: "sid" }, token("c1")),
            (Auth::Bearer, token("b1")),
        ]);
        let mut request = Request::new(client.clone(), None, Method::GET, "/a".to_owned());
        request.query("page", &2, Style::Form, true);
        request.cookie("theme", "dark");
        request.authorize(&[&[
            Auth::Header { name: "x-api-key" },
            Auth::Query { name: "api key" },
            Auth::Cookie { name: "sid" },
            Auth::Bearer,
        ]]);
        let request = built(request);
        assert_eq!(request.url().query(), Some("page=2&api%20key=q%26v"));
        assert_eq!(header(&request, "x-api-key").as_deref(), Some("key"));
        assert_eq!(header(&request, "authorization").as_deref(), Some("Bearer b1"));
        assert_eq!(header(&request, "cookie").as_deref(), Some("theme=dark; sid=c1"));
        for name in ["x-api-key", "authorization"] {
            assert!(request.headers().get(name).is_some_and(|v| v.is_sensitive()), "{name} is sensitive");
        }
        assert!(request.headers().get("cookie").is_some_and(|v| !v.is_sensitive()));
    }

    #[test]
    fn basic_credentials_are_encoded_and_a_basic_token_is_sent_as_it_is() {
        let client = with(&[(Auth::Basic, Credential::Basic { user: "ada".to_owned(), password: Secret::new("pw") })]);
        let mut request = Request::new(client.clone(), None, Method::GET, "/a".to_owned());
        request.authorize(&[&[Auth::Basic]]);
        let request = built(request);
        assert_eq!(header(&request, "authorization").as_deref(), Some("Basic YWRhOnB3"));
        assert!(request.headers().get("authorization").is_some_and(|v| v.is_sensitive()));

        let client = with(&[(Auth::Basic, token("dXNlcjpwdw=="))]);
        let mut request = Request::new(client.clone(), None, Method::GET, "/a".to_owned());
        request.authorize(&[&[Auth::Basic]]);
        assert_eq!(header(&built(request), "authorization").as_deref(), Some("Basic dXNlcjpwdw=="));
    }

    #[test]
    fn without_configured_credentials_the_request_goes_out_unauthenticated() {
        let client = with(&[(Auth::Cookie { name: "other" }, token("x"))]);
        let mut request = Request::new(client.clone(), None, Method::GET, "/a".to_owned());
        request.authorize(&[&[Auth::Bearer], &[Auth::Header { name: "x-api-key" }]]);
        let request = built(request);
        assert!(request.headers().is_empty(), "{:?}", request.headers());
        assert_eq!(request.url().query(), None);
    }

    #[test]
    fn bodies_carry_their_content_type() {
        let client = Client::with_base_url("http://api.test");
        let mut request = Request::new(client.clone(), None, Method::POST, "/b".to_owned());
        request.json(&json!({"b": 1, "a": [true]}), "application/merge-patch+json");
        let request = built(request);
        assert_eq!(header(&request, "content-type").as_deref(), Some("application/merge-patch+json"));
        assert_eq!(body(&request), br#"{"b":1,"a":[true]}"#);

        let mut request = Request::new(client.clone(), None, Method::POST, "/b".to_owned());
        request.form(
            &json!({"a": "x y", "ids": [1, 2]}),
            &[("ids", Style::Form, false)],
            "application/x-www-form-urlencoded",
        );
        let request = built(request);
        assert_eq!(header(&request, "content-type").as_deref(), Some("application/x-www-form-urlencoded"));
        assert_eq!(body(&request), b"a=x+y&ids=1%2C2");

        let mut request = Request::new(client.clone(), None, Method::PUT, "/b".to_owned());
        request.body(&b"\x00\x01"[..], "application/octet-stream");
        let request = built(request);
        assert_eq!(header(&request, "content-type").as_deref(), Some("application/octet-stream"));
        assert_eq!(body(&request), b"\x00\x01");

        let form = reqwest::multipart::Form::new().text("a", "1");
        let boundary = form.boundary().to_owned();
        let mut request = Request::new(client.clone(), None, Method::POST, "/m".to_owned());
        request.multipart(form);
        let request = built(request);
        assert_eq!(header(&request, "content-type"), Some(format!("multipart/form-data; boundary={boundary}")));
    }
}
