//! The mock server: wiremock with a last-resort mock explaining each unmatched request (which operation it would have been, which expectation of each of its mocks it failed).

use std::sync::{Arc, Mutex};

use super::builder::Check;
use super::route::{OperationRoute, fits_route, generic_pattern};
use super::{Request, ResponseTemplate};

/// The status an unmatched request is answered with: no API means it, and the client keeps the
/// explanation in the error's raw body (`UnknownStatus`).
pub const UNMATCHED_STATUS: u16 = 418;

/// A local mock server for the generated mocks (`<module>::mock::Mocks::new(&server)`). Requests
/// no mock matches are answered with status [`UNMATCHED_STATUS`] and a text body saying which
/// operation the request would have been and which expectation of each of its mocks it failed;
/// [`Server::unmatched`] lists them. Cheap to clone; expectations (`expect`) are verified when
/// the last clone is dropped (a failed one panics, as wiremock does), or by [`Server::verify`].
#[derive(Clone)]
pub struct Server {
    pub(super) server: Arc<wiremock::MockServer>,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
pub(super) struct State {
    operations: Vec<&'static OperationRoute>,
    pub(super) mocks: Vec<Mounted>,
    unmatched: Vec<Unmatched>,
}

pub(super) struct Mounted {
    pub(super) operation: &'static OperationRoute,
    pub(super) label: String,
    pub(super) checks: Arc<Vec<Check>>,
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

    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, State> {
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

#[cfg(test)]
mod tests {

    use super::*;

    #[tokio::test]
    async fn a_request_of_no_known_operation_is_explained() {
        let server = Server::start().await;
        let reply = reqwest::get(format!("{}/nowhere?x=1", server.uri())).await.expect("an answer");
        assert_eq!(reply.status().as_u16(), UNMATCHED_STATUS);
        let text = reply.text().await.expect("a body");
        assert_eq!(text, "no mock matched GET /nowhere?x=1\nit is no operation of the mocked APIs ()\n");
        assert_eq!(server.unmatched()[0].path, "/nowhere?x=1");
    }
}
