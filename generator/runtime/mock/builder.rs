//! The builder generated mocks wrap: expectations (path, query, header and cookie parameters as the client encodes them, JSON body members, predicates), the answer, and mounting; and the responses generated responders build.

use std::sync::Arc;
use std::time::Duration;

use super::super::{Bytes, Style, cookie_text, header_text, path_param, query_pairs};
use super::received::ReceivedRequest;
use super::route::{OperationRoute, Pattern, RoutePart, fits_route, generic_pattern};
use super::server::{Mounted, Server, UNMATCHED_STATUS};
use super::{Request, ResponseTemplate, Times};

/// One expectation of a mock: what it wants, and the test saying why a request does not fit.
pub(super) struct Check {
    pub(super) test: Test,
}

/// Whether a request fits an expectation, and if not why.
pub(super) type Test = Box<dyn Fn(&Request) -> Result<(), String> + Send + Sync>;

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
        let wanted = if wants.is_empty() { "any request".to_owned() } else { format!("expects {}", wants.join(", ")) };
        // The diagnostics know the mock before it can match (and the lock is not held across the mount).
        let label = {
            let mut state = server.lock();
            let number = state.mocks.iter().filter(|m| std::ptr::eq(m.operation, operation)).count() + 1;
            let label = format!("mock #{number} of `{}` ({wanted})", operation.name);
            state.mocks.push(Mounted { operation, label: label.clone(), checks: checks.clone() });
            label
        };
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
                Some(ReceivedRequest::new(self.operation, captures, request))
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn objects_contain_their_members_and_other_values_only_themselves() {
        assert!(contains(&json!({"a": 1, "b": {"c": 2, "d": 3}}), &json!({"b": {"c": 2}})));
        assert!(!contains(&json!({"a": 1}), &json!({"a": 2})));
        assert!(!contains(&json!([1, 2]), &json!([1])));
    }
}
