//! Hooks: `Hook`, called before each attempt of a request (to add headers, sign) and after each
//! attempt's answer (status, latency, attempt number), with the operation's identity.

use std::fmt;
use std::time::Duration;

use super::{HeaderMap, StatusCode, TransportError};

/// Which operation a request is for: its method name in the generated client, its HTTP method,
/// and its path template as the spec writes it (`/pets/{petId}`, never the filled path).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    pub name: &'static str,
    pub method: &'static str,
    pub path: &'static str,
}

impl fmt::Display for Operation {
    /// `GET /pets/{petId}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// One attempt of a request: its operation and its number (1 for the first, 2 for the first retry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub operation: Operation,
    pub number: u32,
}

/// How an attempt ended, as an [`Hook::after_attempt`] sees it.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum AttemptOutcome<'a> {
    /// The response's head came (its body is read after the hooks ran).
    Response { status: StatusCode, headers: &'a HeaderMap },
    /// No answer: connection, timeout.
    Failed(&'a TransportError),
}

/// Code run around every attempt of every request of a client (`Client::with_hook`): logging,
/// metrics, signing, extra headers. Both methods do nothing unless overridden. Hooks run in the
/// order they were added; they must not block (they run on the request's task).
pub trait Hook: Send + Sync + 'static {
    /// Before an attempt is sent; may change the request (add a header, sign it). Each attempt
    /// starts from the request as built, so a retried request is signed afresh.
    fn before_attempt(&self, attempt: &Attempt, request: &mut reqwest::Request) {
        let _ = (attempt, request);
    }

    /// After an attempt's answer (or failure), `latency` after it was sent.
    fn after_attempt(&self, attempt: &Attempt, outcome: AttemptOutcome<'_>, latency: Duration) {
        let _ = (attempt, outcome, latency);
    }
}

/// A shared hook is a hook, so one can be kept to read what it gathered.
impl<H: Hook> Hook for std::sync::Arc<H> {
    fn before_attempt(&self, attempt: &Attempt, request: &mut reqwest::Request) {
        (**self).before_attempt(attempt, request);
    }

    fn after_attempt(&self, attempt: &Attempt, outcome: AttemptOutcome<'_>, latency: Duration) {
        (**self).after_attempt(attempt, outcome, latency);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use wiremock::matchers::{header, method};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::super::{Client, Method, Request};
    use super::*;

    /// Adds a header and records every attempt it sees.
    #[derive(Default)]
    struct Recorder {
        seen: Mutex<Vec<String>>,
    }

    impl Hook for Recorder {
        fn before_attempt(&self, attempt: &Attempt, request: &mut reqwest::Request) {
            request.headers_mut().insert("x-attempt", attempt.number.into());
        }

        fn after_attempt(&self, attempt: &Attempt, outcome: AttemptOutcome<'_>, _latency: Duration) {
            let what = match outcome {
                AttemptOutcome::Response { status, .. } => status.as_u16().to_string(),
                AttemptOutcome::Failed(error) => error.to_string(),
            };
            let line = format!("{} {} #{}: {what}", attempt.operation.name, attempt.operation, attempt.number);
            self.seen.lock().expect("not poisoned").push(line);
        }
    }

    struct Nothing;
    impl Hook for Nothing {}

    #[tokio::test]
    async fn a_hook_sees_every_attempt_with_the_operation_and_can_add_headers() {
        let server = MockServer::start().await;
        let busy = ResponseTemplate::new(503).insert_header("retry-after-ms", "0");
        Mock::given(method("GET")).and(header("x-attempt", "1")).respond_with(busy).mount(&server).await;
        Mock::given(method("GET"))
            .and(header("x-attempt", "2"))
            .respond_with(ResponseTemplate::new(200))
            .mount(&server)
            .await;
        let recorder = Arc::new(Recorder::default());
        let client = Client::with_base_url(server.uri()).with_hook(recorder.clone()).with_hook(Nothing);
        let operation = Operation { name: "get_pet", method: "GET", path: "/pets/{petId}" };
        let request = Request::new(client.clone(), None, Method::GET, "/pets/7".to_owned()).for_operation(operation);
        assert_eq!(request.send().await.expect("answered").status(), StatusCode::OK);
        let seen = recorder.seen.lock().expect("not poisoned").clone();
        assert_eq!(seen, ["get_pet GET /pets/{petId} #1: 503", "get_pet GET /pets/{petId} #2: 200"]);
        assert!(format!("{client:?}").contains("hooks: 2"), "{client:?}");
    }
}
