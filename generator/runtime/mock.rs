//! Typed mocks' shared half (written only with mocks on): a wiremock server explaining unmatched requests, the builder every generated mock wraps, and received requests.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{Bytes, Style, cookie_text, header_text, path_param, query_pairs};

pub use wiremock::{Request, ResponseTemplate, Times};

/// The status an unmatched request is answered with: no API means it, and the client keeps the
/// explanation in the error's raw body (`UnknownStatus`).
pub const UNMATCHED_STATUS: u16 = 418;

/// Where an operation lives, for matching and for diagnostics.
#[doc(hidden)]
#[derive(Debug)]
pub struct OperationRoute {
    /// The spec's `info.title`.
    pub api: &'static str,
    pub name: &'static str,
    pub method: &'static str,
    pub route: &'static str,
    pub path: &'static [RoutePart],
}

/// A piece of a path template: literal text, or a parameter by wire name.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum RoutePart {
    Literal(&'static str),
    Param(&'static str),
}

/// A local mock server for the generated mocks (`<module>::mock::Mocks::new(&server)`). Requests
/// no mock matches are answered with status [`UNMATCHED_STATUS`] and a text body saying which
/// operation the request would have been and which expectation of each of its mocks it failed;
/// [`Server::unmatched`] lists them. Cheap to clone; expectations (`expect`) are verified when
/// the last clone is dropped (a failed one panics, as wiremock does), or by [`Server::verify`].
#[derive(Clone)]
pub struct Server {
    server: Arc<wiremock::MockServer>,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    operations: Vec<&'static OperationRoute>,
    mocks: Vec<Mounted>,
    unmatched: Vec<Unmatched>,
}

struct Mounted {
    operation: &'static OperationRoute,
    label: String,
    checks: Arc<Vec<Check>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("uri", &self.server.uri()).finish_non_exhaustive()
    }
}

impl Server {
    /// Starts a server on a free local port.
    pub async fn start() -> Self {
        let server = wiremock::MockServer::start().await;
        let state = Arc::new(Mutex::new(State::default()));
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Fallback(state.clone()))
            .with_priority(u8::MAX)
            .named("openapi-bindgen mocks: unmatched requests")
            .mount(&server)
            .await;
        Server { server: Arc::new(server), state }
    }

    /// The base URL to give the client (`http://127.0.0.1:<port>`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The wiremock server underneath, for anything the typed mocks do not cover.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// Checks every mock's `expect` now (panicking as wiremock does when one is not met).
    pub async fn verify(&self) {
        self.server.verify().await;
    }

    /// The requests no mock matched so far, each with its explanation.
    pub fn unmatched(&self) -> Vec<Unmatched> {
        self.lock().unmatched.clone()
    }

    /// Every request received so far, in order.
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// Makes `operations` known to the diagnostics (generated `Mocks::new` calls it).
    #[doc(hidden)]
    pub fn register(&self, operations: &'static [OperationRoute]) {
        let mut state = self.lock();
        for operation in operations {
            if !state.operations.iter().any(|known| std::ptr::eq(*known, operation)) {
                state.operations.push(operation);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A request no mock matched.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Unmatched {
    pub method: String,
    /// Path and query as received.
    pub path: String,
    /// The operations whose method and path template fit the request (`name (METHOD /route)`).
    pub operations: Vec<String>,
    /// Each mock of those operations, with the expectations the request failed.
    pub mismatches: Vec<Mismatch>,
    /// The whole explanation, as the response body carries it.
    pub message: String,
}

/// A mounted mock the request fitted by route but not by everything the mock expects.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Mismatch {
    /// `mock #<n> of <operation> (<what it expects>)`.
    pub mock: String,
    pub failed: Vec<String>,
}

impl std::fmt::Display for Unmatched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

struct Fallback(Arc<Mutex<State>>);

impl wiremock::Respond for Fallback {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let unmatched = diagnose(&state, request);
        let body = unmatched.message.clone();
        state.unmatched.push(unmatched);
        ResponseTemplate::new(UNMATCHED_STATUS).set_body_raw(body, "text/plain; charset=utf-8")
    }
}

fn diagnose(state: &State, request: &Request) -> Unmatched {
    let method = request.method.as_str().to_owned();
    let path = match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    };
    let mut message = format!("no mock matched {method} {path}\n");
    let fitting: Vec<&OperationRoute> =
        state.operations.iter().copied().filter(|op| fits_route(op, &generic_pattern(op), request).is_some()).collect();
    let apis: Vec<&str> = state.operations.iter().fold(Vec::new(), |mut apis, op| {
        if !apis.contains(&op.api) {
            apis.push(op.api);
        }
        apis
    });
    if fitting.is_empty() {
        message.push_str(&format!("it is no operation of the mocked APIs ({})\n", apis.join(", ")));
    }
    let mut mismatches = Vec::new();
    for op in &fitting {
        message.push_str(&format!("it is `{}` ({} {}) of {}\n", op.name, op.method, op.route, op.api));
        let mocks: Vec<&Mounted> = state.mocks.iter().filter(|m| std::ptr::eq(m.operation, *op)).collect();
        if mocks.is_empty() {
            message.push_str("  no mock of it is mounted\n");
        }
        for mock in mocks {
            let failed: Vec<String> = mock.checks.iter().filter_map(|check| (check.test)(request).err()).collect();
            let failed = if failed.is_empty() {
                vec!["every expectation fits: the mock was used up (`up_to_n_times`)".to_owned()]
            } else {
                failed
            };
            message.push_str(&format!("  {}: {}\n", mock.label, failed.join("; ")));
            mismatches.push(Mismatch { mock: mock.label.clone(), failed });
        }
    }
    let operations = fitting.iter().map(|op| format!("{} ({} {})", op.name, op.method, op.route)).collect();
    Unmatched { method, path, operations, mismatches, message }
}

/// A path pattern: literal text and parameters (any non-empty text without `/`).
#[derive(Clone, Debug)]
enum Pattern {
    Literal(String),
    Any,
}

fn generic_pattern(op: &OperationRoute) -> Vec<Pattern> {
    op.path
        .iter()
        .map(|part| match part {
            RoutePart::Literal(text) => Pattern::Literal((*text).to_owned()),
            RoutePart::Param(_) => Pattern::Any,
        })
        .collect()
}

/// The texts of the parameters when the request's method and path fit.
fn fits_route(op: &OperationRoute, pattern: &[Pattern], request: &Request) -> Option<Vec<String>> {
    let mut captures = Vec::new();
    (request.method.as_str() == op.method && capture(pattern, request.url.path(), &mut captures)).then_some(captures)
}

fn capture(pattern: &[Pattern], path: &str, out: &mut Vec<String>) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((Pattern::Literal(text), rest)) => path.strip_prefix(text.as_str()).is_some_and(|p| capture(rest, p, out)),
        Some((Pattern::Any, rest)) => {
            let limit = path.find('/').unwrap_or(path.len());
            for end in (1..=limit).rev().filter(|end| path.is_char_boundary(*end)) {
                out.push(path[..end].to_owned());
                if capture(rest, &path[end..], out) {
                    return true;
                }
                out.pop();
            }
            false
        }
    }
}

/// One expectation of a mock: what it wants, and the test saying why a request does not fit.
struct Check {
    test: Box<dyn Fn(&Request) -> Result<(), String> + Send + Sync>,
}

struct Checks(Arc<Vec<Check>>);

impl wiremock::Match for Checks {
    fn matches(&self, request: &Request) -> bool {
        self.0.iter().all(|check| (check.test)(request).is_ok())
    }
}

/// The mock builder generated mocks wrap: expectations, the answer, and mounting.
#[doc(hidden)]
pub struct MockBuilder {
    server: Server,
    operation: &'static OperationRoute,
    path: Vec<Pattern>,
    checks: Vec<Check>,
    wants: Vec<String>,
    response: Option<ResponseTemplate>,
    drop_connection: bool,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
    times: Option<Times>,
    up_to: Option<u64>,
    name: Option<String>,
}

impl MockBuilder {
    pub fn new(server: &Server, operation: &'static OperationRoute) -> Self {
        MockBuilder {
            server: server.clone(),
            operation,
            path: generic_pattern(operation),
            checks: Vec::new(),
            wants: Vec::new(),
            response: None,
            drop_connection: false,
            headers: Vec::new(),
            delay: None,
            times: None,
            up_to: None,
            name: None,
        }
    }

    fn check(&mut self, wants: String, test: impl Fn(&Request) -> Result<(), String> + Send + Sync + 'static) {
        self.wants.push(wants);
        self.checks.push(Check { test: Box::new(test) });
    }

    /// Wants path parameter `name` to be `value` as the client encodes it.
    pub fn path_param<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style, explode: bool) {
        let index = self.operation.path.iter().position(|part| matches!(part, RoutePart::Param(p) if *p == name));
        match (path_param(name, value, style, explode), index) {
            (Ok(text), Some(index)) => self.path[index] = Pattern::Literal(text),
            (Err(error), _) => self.check(format!("path `{name}`"), move |_| Err(format!("unusable value: {error:?}"))),
            (Ok(_), None) => {}
        }
    }

    pub fn query<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style, explode: bool) {
        let wanted = query_pairs(name, value, style, explode);
        let key = format!("{name}=");
        self.check(format!("query `{name}`"), move |request| {
            let wanted = wanted.as_ref().map_err(|error| format!("unusable value: {error}"))?;
            let pairs: Vec<&str> = request.url.query().unwrap_or("").split('&').collect();
            match wanted.iter().find(|pair| !pairs.contains(&pair.as_str())) {
                None => Ok(()),
                Some(pair) => {
                    let got: Vec<&str> = pairs.iter().copied().filter(|p| p.starts_with(&key)).collect();
                    Err(format!("query wants `{pair}`, got {got:?}"))
                }
            }
        });
    }

    pub fn header<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T, explode: bool) {
        let wanted = header_text(name, value, explode);
        self.check(format!("header `{name}`"), move |request| {
            let wanted = wanted.as_ref().map_err(|error| format!("unusable value: {error}"))?;
            let got = request.headers.get(name).and_then(|v| v.to_str().ok());
            if got == wanted.as_deref() {
                Ok(())
            } else {
                Err(format!("header `{name}` is {got:?}, wanted {wanted:?}"))
            }
        });
    }

    pub fn cookie<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let wanted = cookie_text(name, value).map(|text| text.map(|text| format!("{name}={text}")));
        self.check(format!("cookie `{name}`"), move |request| {
            let wanted = wanted.as_ref().map_err(|error| format!("unusable value: {error}"))?;
            let cookies: Vec<&str> = request
                .headers
                .get_all("cookie")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split("; "))
                .collect();
            match wanted {
                Some(pair) if !cookies.contains(&pair.as_str()) => {
                    Err(format!("cookie `{pair}` missing, got {cookies:?}"))
                }
                _ => Ok(()),
            }
        });
    }

    /// Wants the JSON body's member `wire` to contain `value` (objects: the members given).
    pub fn body_member<T: serde::Serialize + ?Sized>(&mut self, wire: &'static str, value: &T) {
        let wanted = serde_json::to_value(value).map_err(|error| error.to_string());
        self.check(format!("body member `{wire}`"), move |request| {
            let wanted = wanted.as_ref().map_err(|error| format!("unusable value: {error}"))?;
            let body: serde_json::Value =
                serde_json::from_slice(&request.body).map_err(|e| format!("body is not JSON: {e}"))?;
            match body.get(wire) {
                Some(got) if contains(got, wanted) => Ok(()),
                got => Err(format!(
                    "body member `{wire}` is {}, wanted {wanted}",
                    got.map_or("absent".to_owned(), |g| g.to_string())
                )),
            }
        });
    }

    /// Wants the JSON body to contain every member `value` encodes (`None` members are left out).
    pub fn body_contains<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        let wanted = serde_json::to_value(value).map_err(|error| error.to_string());
        self.check("body contents".to_owned(), move |request| {
            let wanted = wanted.as_ref().map_err(|error| format!("unusable value: {error}"))?;
            let body: serde_json::Value =
                serde_json::from_slice(&request.body).map_err(|e| format!("body is not JSON: {e}"))?;
            if contains(&body, wanted) { Ok(()) } else { Err(format!("body {body} does not contain {wanted}")) }
        });
    }

    /// Wants the JSON body to decode as `T` and satisfy `predicate`.
    pub fn body_matches<T: serde::de::DeserializeOwned>(
        &mut self,
        predicate: impl Fn(&T) -> bool + Send + Sync + 'static,
    ) {
        self.check("body predicate".to_owned(), move |request| {
            let body: T = serde_json::from_slice(&request.body)
                .map_err(|e| format!("body does not decode as {}: {e}", std::any::type_name::<T>()))?;
            if predicate(&body) { Ok(()) } else { Err("the `when_body` predicate is false".to_owned()) }
        });
    }

    pub fn respond(&mut self, response: ResponseTemplate) {
        self.response = Some(response);
        self.drop_connection = false;
    }

    pub fn drop_connection(&mut self) {
        self.drop_connection = true;
    }

    pub fn response_header<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if let Ok(Some(text)) = header_text(name, value, false) {
            self.headers.push((name.to_owned(), text));
        }
    }

    pub fn delay(&mut self, delay: Duration) {
        self.delay = Some(delay);
    }

    pub fn expect(&mut self, times: Times) {
        self.times = Some(times);
    }

    pub fn up_to_n_times(&mut self, n: u64) {
        self.up_to = Some(n);
    }

    pub fn named(&mut self, name: String) {
        self.name = Some(name);
    }

    pub async fn mount(self) {
        let MockBuilder {
            server,
            operation,
            path,
            checks,
            wants,
            response,
            drop_connection,
            headers,
            delay,
            times,
            up_to,
            name,
        } = self;
        let mut checks = checks;
        let shown: String = operation
            .path
            .iter()
            .zip(&path)
            .map(|(part, pattern)| match (part, pattern) {
                (_, Pattern::Literal(text)) => text.clone(),
                (RoutePart::Param(name), Pattern::Any) => format!("{{{name}}}"),
                (RoutePart::Literal(text), Pattern::Any) => (*text).to_owned(),
            })
            .collect();
        checks.insert(
            0,
            Check {
                test: Box::new(move |request| {
                    let pattern = path.clone();
                    fits_route(operation, &pattern, request)
                        .map(|_| ())
                        .ok_or_else(|| format!("path `{}` is not `{shown}`", request.url.path()))
                }),
            },
        );
        let checks = Arc::new(checks);
        let mut state = server.lock();
        let number = state.mocks.iter().filter(|m| std::ptr::eq(m.operation, operation)).count() + 1;
        let wanted = if wants.is_empty() { "any request".to_owned() } else { format!("expects {}", wants.join(", ")) };
        let label = format!("mock #{number} of `{}` ({wanted})", operation.name);
        state.mocks.push(Mounted { operation, label: label.clone(), checks: checks.clone() });
        drop(state);
        let given = wiremock::Mock::given(Checks(checks));
        let mut mock = if drop_connection {
            let what = label.clone();
            given.respond_with_err(move |_: &Request| {
                std::io::Error::new(std::io::ErrorKind::ConnectionReset, what.clone())
            })
        } else {
            let mut response = response.unwrap_or_else(|| {
                ResponseTemplate::new(UNMATCHED_STATUS).set_body_string(format!(
                    "{label} matched but has no response: call one of its `responds_*` methods"
                ))
            });
            for (name, value) in headers {
                response = response.insert_header(name.as_str(), value.as_str());
            }
            if let Some(delay) = delay {
                response = response.set_delay(delay);
            }
            given.respond_with(response)
        };
        mock = mock.named(name.unwrap_or(label));
        if let Some(times) = times {
            mock = mock.expect(times);
        }
        if let Some(n) = up_to {
            mock = mock.up_to_n_times(n);
        }
        mock.mount(&server.server).await;
    }

    /// The received requests of this operation (by method and path template), in order.
    pub async fn received(&self) -> Vec<ReceivedRequest> {
        let pattern = generic_pattern(self.operation);
        let requests = self.server.received_requests().await;
        requests
            .into_iter()
            .filter_map(|request| {
                let captures = fits_route(self.operation, &pattern, &request)?;
                Some(ReceivedRequest { operation: self.operation, captures, request })
            })
            .collect()
    }
}

/// Whether `got` contains `wanted`: objects their members (recursively), anything else equal.
fn contains(got: &serde_json::Value, wanted: &serde_json::Value) -> bool {
    match (got, wanted) {
        (serde_json::Value::Object(got), serde_json::Value::Object(wanted)) => {
            wanted.iter().all(|(key, value)| got.get(key).is_some_and(|g| contains(g, value)))
        }
        (got, wanted) => got == wanted,
    }
}

/// A JSON response with `status`.
pub fn json<T: serde::Serialize + ?Sized>(status: u16, body: &T, content_type: &str) -> ResponseTemplate {
    match serde_json::to_vec(body) {
        Ok(bytes) => ResponseTemplate::new(status).set_body_raw(bytes, content_type),
        Err(error) => ResponseTemplate::new(UNMATCHED_STATUS)
            .set_body_string(format!("the mock's body cannot be encoded: {error}")),
    }
}

/// A response with a body sent as it is.
pub fn raw(status: u16, body: impl Into<Bytes>, content_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.into().to_vec(), content_type)
}

/// A response without a body.
pub fn empty(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
}

/// An event stream of one event per item, its `data` the item's JSON.
pub fn json_events<T: serde::Serialize>(status: u16, events: impl IntoIterator<Item = T>) -> ResponseTemplate {
    let data = events.into_iter().map(|event| serde_json::to_string(&event).unwrap_or_default());
    raw(status, data.map(|line| format!("data: {line}\n\n")).collect::<String>(), "text/event-stream")
}

/// An event stream of one event per text (multi-line texts as several `data` lines).
pub fn text_events(status: u16, events: impl IntoIterator<Item = String>) -> ResponseTemplate {
    let event = |text: String| text.lines().map(|line| format!("data: {line}\n")).collect::<String>() + "\n";
    raw(status, events.into_iter().map(event).collect::<String>(), "text/event-stream")
}

/// A request received for an operation, with the texts of its path parameters.
#[doc(hidden)]
#[derive(Debug)]
pub struct ReceivedRequest {
    operation: &'static OperationRoute,
    captures: Vec<String>,
    request: Request,
}

/// A received request that does not decode into the operation's types.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct DecodeError {
    pub operation: &'static str,
    /// `body`, `query ...`, `path ...` or `header ...`.
    pub part: String,
    pub message: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a request to `{}` has an undecodable {}: {}", self.operation, self.part, self.message)
    }
}

impl std::error::Error for DecodeError {}

impl ReceivedRequest {
    fn error(&self, part: String, message: String) -> DecodeError {
        DecodeError { operation: self.operation.name, part, message }
    }

    pub fn path<T: serde::de::DeserializeOwned>(&self, name: &str, style: Style) -> Result<T, DecodeError> {
        let index = self
            .operation
            .path
            .iter()
            .filter(|p| matches!(p, RoutePart::Param(_)))
            .position(|p| matches!(p, RoutePart::Param(p) if *p == name));
        let text = index.and_then(|index| self.captures.get(index)).map_or("", String::as_str);
        let text = match style {
            Style::Label => text.strip_prefix('.').unwrap_or(text),
            Style::Matrix => text.strip_prefix(&format!(";{name}=")).unwrap_or(text),
            _ => text,
        };
        decode_values(&[decoded(text)]).map_err(|message| self.error(format!("path `{name}`"), message))
    }

    pub fn query<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, DecodeError> {
        let values: Vec<String> = self
            .request
            .url
            .query_pairs()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .collect();
        decode_values(&values).map_err(|message| self.error(format!("query `{name}`"), message))
    }

    pub fn header<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, DecodeError> {
        let values: Vec<String> =
            self.request.headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).map(str::to_owned).collect();
        decode_values(&values).map_err(|message| self.error(format!("header `{name}`"), message))
    }

    /// The JSON body; an empty body is `null` (so `None` for an optional one).
    pub fn json_body<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeError> {
        let decoded = if self.request.body.is_empty() {
            serde_json::from_value(serde_json::Value::Null)
        } else {
            serde_json::from_slice(&self.request.body)
        };
        decoded.map_err(|error| self.error("body".to_owned(), error.to_string()))
    }

    pub fn into_request(self) -> Request {
        self.request
    }
}

fn decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// A parameter's texts as `T`: none is `null`; one is tried as a string, then as a JSON scalar,
/// then split at commas; several are a list.
fn decode_values<T: serde::de::DeserializeOwned>(values: &[String]) -> Result<T, String> {
    use serde_json::Value;
    let scalar = |text: &str| serde_json::from_str::<Value>(text).ok().filter(|v| !v.is_object() && !v.is_array());
    let item = |text: &str| scalar(text).unwrap_or_else(|| Value::String(text.to_owned()));
    let mut candidates = Vec::new();
    match values {
        [] => candidates.push(Value::Null),
        [one] => {
            candidates.push(Value::String(one.clone()));
            candidates.extend(scalar(one));
            candidates.push(Value::Array(one.split(',').map(item).collect()));
        }
        many => candidates.push(Value::Array(many.iter().map(|text| item(text)).collect())),
    }
    let mut last = String::new();
    for candidate in candidates {
        match serde_json::from_value(candidate) {
            Ok(value) => return Ok(value),
            Err(error) => last = error.to_string(),
        }
    }
    Err(format!("{values:?}: {last}"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn pattern(parts: &[Option<&str>]) -> Vec<Pattern> {
        parts.iter().map(|part| part.map_or(Pattern::Any, |text| Pattern::Literal(text.to_owned()))).collect()
    }

    #[test]
    fn a_template_captures_each_parameter_within_its_segment() {
        let mut out = Vec::new();
        assert!(capture(&pattern(&[Some("/a/"), None, Some(".json")]), "/a/x.y.json", &mut out));
        assert_eq!(out, ["x.y"]);
        out.clear();
        assert!(!capture(&pattern(&[Some("/a/"), None]), "/a/x/y", &mut out));
        assert!(!capture(&pattern(&[Some("/a/"), None]), "/a/", &mut out));
        assert!(capture(&pattern(&[Some("/a/"), None, Some("/b/"), None]), "/a/1/b/%C3%A9", &mut out));
        assert_eq!(out, ["1", "%C3%A9"]);
    }

    #[test]
    fn parameter_texts_decode_as_strings_scalars_or_lists() {
        assert_eq!(decode_values::<String>(&["5".to_owned()]), Ok("5".to_owned()));
        assert_eq!(decode_values::<i64>(&["5".to_owned()]), Ok(5));
        assert_eq!(decode_values::<Option<bool>>(&[]), Ok(None));
        assert_eq!(decode_values::<Vec<i32>>(&["1,2".to_owned()]), Ok(vec![1, 2]));
        assert_eq!(decode_values::<Vec<String>>(&["a".to_owned(), "b".to_owned()]), Ok(vec!["a".into(), "b".into()]));
        assert!(decode_values::<i64>(&[]).is_err());
    }

    #[test]
    fn objects_contain_their_members_and_other_values_only_themselves() {
        assert!(contains(&json!({"a": 1, "b": {"c": 2, "d": 3}}), &json!({"b": {"c": 2}})));
        assert!(!contains(&json!({"a": 1}), &json!({"a": 2})));
        assert!(!contains(&json!([1, 2]), &json!([1])));
    }
}
