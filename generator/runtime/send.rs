//! The attempt loop of every request: hooks around each attempt, timeouts, and retries as the policy says.

use std::sync::Arc;
use std::time::Duration;

use super::client::Settings;
use super::retry::{Outcome, is_idempotent};
use super::transport::{Sent, send_once};
use super::{Attempt, AttemptOutcome, Operation, Received, RetryPolicy, SendFailure};

/// How one request is sent: its retry policy, timeouts, the client's settings (HTTP client and
/// hooks), its operation. Owned, so the attempt loop borrows nothing and no wrapper future is
/// needed around it.
pub(super) struct Plan {
    pub(super) retry: RetryPolicy,
    pub(super) timeout: Option<Duration>,
    pub(super) read_timeout: Option<Duration>,
    pub(super) max_body_size: Option<usize>,
    pub(super) settings: Arc<Settings>,
    pub(super) operation: Operation,
}

/// Sends `request`, retrying as `policy` says; a retried response is dropped unread, the last
/// one is returned whatever its status (the caller decodes it), with the number of attempts.
/// The whole call is one tracing span when the runtime traces (`traces`).
pub(super) fn send_with_retries(
    request: reqwest::Request,
    plan: Plan,
) -> impl Future<Output = Result<Received, SendFailure>> + Send + 'static {
    super::traces::in_call_span(plan.operation, attempts(request, plan))
}

// An `async` block using its captures in place, not an `async fn`, which would move its
// arguments into locals and keep both in its future: each call's future is moved into its box
// whole, so every slot it keeps is copied on every call. For the same reason the plan's fields
// are read where they are, and the request kept for a retry is the one built, not a second copy.
fn attempts(
    request: reqwest::Request,
    plan: Plan,
) -> impl Future<Output = Result<Received, SendFailure>> + Send + 'static {
    let idempotent = is_idempotent(request.method()) || request.headers().contains_key("idempotency-key");
    // The request as built, kept unsent while a retry may follow: each attempt sends a copy, and
    // the last one (or one whose body cannot be replayed, a stream) sends it itself.
    let mut unsent = Some(request);
    async move {
        let mut retry = 0;
        loop {
            let copy = if retry < plan.retry.max_retries { unsent.as_ref().and_then(copy_of) } else { None };
            let number = retry + 1;
            let started = tokio::time::Instant::now();
            // In a block of its own: the request hooks borrowed ends with it, before the await,
            // so the future keeps no slot for it while the response is awaited.
            let sending = {
                let Some(mut request) = copy.or_else(|| unsent.take()) else {
                    return Err(SendFailure::Invalid("the request was sent already".to_owned()));
                };
                for hook in &plan.settings.hooks {
                    hook.before_attempt(&Attempt { operation: plan.operation, number }, &mut request);
                }
                send_once(&plan.settings.http, request, plan.timeout)
            };
            let outcome = sending.await;
            let latency = started.elapsed();
            let seen = match &outcome {
                Ok((response, _)) => {
                    AttemptOutcome::Response { status: response.status(), headers: response.headers() }
                }
                Err(error) => AttemptOutcome::Failed(error),
            };
            super::traces::attempt_ended(plan.operation, number, &seen, latency);
            for hook in &plan.settings.hooks {
                hook.after_attempt(&Attempt { operation: plan.operation, number }, seen, latency);
            }
            let wait = match &outcome {
                Err(error) => plan.retry.decide(Outcome::Transport(error), idempotent, retry),
                Ok((response, _)) => {
                    plan.retry.decide(Outcome::Status(response.status(), response.headers()), idempotent, retry)
                }
            };
            let Some(wait) = wait.filter(|_| unsent.is_some()) else { return finished(outcome, number, &plan) };
            drop(outcome);
            retry += 1;
            tokio::time::sleep(wait).await;
        }
    }
}

/// A copy of `request` for one attempt, or `None` when its body cannot be replayed (a stream).
fn copy_of(request: &reqwest::Request) -> Option<reqwest::Request> {
    // reqwest's own `try_clone` allocates (and drops) a map of extensions on every copy, even
    // for none. A request the runtime built has none and no reqwest timeout (the attempt loop
    // bounds the wait itself), so one without a body is copied field by field; any other goes
    // through `try_clone`, which alone can copy a body.
    if request.body().is_some() || request.timeout().is_some() {
        return request.try_clone();
    }
    let mut copy = reqwest::Request::new(request.method().clone(), request.url().clone());
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    Some(copy)
}

/// The answer of the last attempt, `attempts` in all.
fn finished(outcome: Sent, attempts: u32, plan: &Plan) -> Result<Received, SendFailure> {
    match outcome {
        Ok((response, deadline)) => {
            let mut received = Received::new(response, deadline, plan.read_timeout);
            received.max_body_size = plan.max_body_size;
            received.attempts = attempts;
            Ok(received)
        }
        Err(error) => Err(SendFailure::Transport(error.with_attempts(attempts))),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::super::{Body, Client, Method, Request, StatusCode};
    use super::*;

    use crate::runtime_test_server::scripted;

    #[test]
    fn a_copy_for_an_attempt_keeps_method_url_headers_version_and_body() {
        let http = reqwest::Client::new();
        let request = http
            .get("http://api.test/p?q=1")
            .header("x-api-key", "k")
            .version(reqwest::Version::HTTP_11)
            .build()
            .expect("a request");
        let copy = copy_of(&request).expect("a request without a body is copied");
        assert_eq!((copy.method(), copy.url(), copy.headers()), (request.method(), request.url(), request.headers()));
        assert_eq!((copy.version(), copy.timeout(), copy.body().is_none()), (reqwest::Version::HTTP_11, None, true));
        let request = http.post("http://api.test/p").body("{}").build().expect("a request");
        let copy = copy_of(&request).expect("a body of bytes is replayed");
        assert_eq!(copy.body().and_then(Body::as_bytes), Some(&b"{}"[..]));
        let request = http.get("http://api.test/p").timeout(Duration::from_secs(1)).build().expect("a request");
        assert_eq!(copy_of(&request).and_then(|copy| copy.timeout().copied()), Some(Duration::from_secs(1)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_cannot_be_replayed_is_sent_once() {
        let (client, heads) = scripted(&["429 Too Many Requests", "200 OK"]).await;
        let mut request = Request::new(client.clone(), None, Method::PUT, "/upload".to_owned());
        let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(super::super::Bytes::from_static(b"x"))]);
        request.body(Body::wrap_stream(chunks), "application/octet-stream");
        let received = request.send().await.expect("answered");
        assert_eq!((received.status(), received.attempts), (StatusCode::TOO_MANY_REQUESTS, 1));
        assert_eq!(heads.lock().expect("not poisoned").len(), 1);
    }
}
