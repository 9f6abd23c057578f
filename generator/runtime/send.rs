//! The attempt loop of every request: hooks around each attempt, timeouts, and retries as the policy says.

use std::time::Duration;

use super::retry::{Outcome, is_idempotent};
use super::transport::send_once;
use super::{Attempt, AttemptOutcome, Hook, Operation, Received, RetryPolicy, SendFailure};

/// How one request is sent: its retry policy, timeouts, the client's hooks, its operation.
pub(super) struct Plan<'a> {
    pub(super) retry: RetryPolicy,
    pub(super) timeout: Option<Duration>,
    pub(super) read_timeout: Option<Duration>,
    pub(super) max_body_size: Option<usize>,
    pub(super) hooks: &'a [std::sync::Arc<dyn Hook>],
    pub(super) operation: Operation,
}

/// Sends `request`, retrying as `policy` says; a retried response is dropped unread, the last
/// one is returned whatever its status (the caller decodes it), with the number of attempts.
/// The whole call is one tracing span when the runtime traces (`traces`).
pub(super) fn send_with_retries<'a>(
    http: &'a reqwest::Client,
    request: reqwest::Request,
    plan: Plan<'a>,
) -> impl Future<Output = Result<Received, SendFailure>> + Send + 'a {
    let operation = plan.operation;
    super::traces::in_call_span(operation, attempts(http, request, plan))
}

async fn attempts(
    http: &reqwest::Client,
    mut request: reqwest::Request,
    plan: Plan<'_>,
) -> Result<Received, SendFailure> {
    let Plan { retry: policy, timeout, read_timeout, max_body_size, hooks, operation } = plan;
    let idempotent = is_idempotent(request.method()) || request.headers().contains_key("idempotency-key");
    let mut retry = 0;
    loop {
        // A copy is kept for the next attempt while one may follow; a body that cannot be
        // replayed (a stream) gives no copy, so the request goes once.
        let spare = if retry < policy.max_retries { request.try_clone() } else { None };
        let attempts = retry + 1;
        let attempt = Attempt { operation, number: attempts };
        for hook in hooks {
            hook.before_attempt(&attempt, &mut request);
        }
        let started = tokio::time::Instant::now();
        let outcome = send_once(http, request, timeout).await;
        let latency = started.elapsed();
        let seen = match &outcome {
            Ok((response, _)) => AttemptOutcome::Response { status: response.status(), headers: response.headers() },
            Err(error) => AttemptOutcome::Failed(error),
        };
        super::traces::attempt_ended(operation, attempts, &seen, latency);
        for hook in hooks {
            hook.after_attempt(&attempt, seen, latency);
        }
        let wait = match &outcome {
            Err(error) => policy.decide(Outcome::Transport(error), idempotent, retry),
            Ok((response, _)) => {
                policy.decide(Outcome::Status(response.status(), response.headers()), idempotent, retry)
            }
        };
        match (wait, spare) {
            (Some(wait), Some(next)) => {
                drop(outcome);
                tokio::time::sleep(wait).await;
                request = next;
                retry += 1;
            }
            _ => {
                return match outcome {
                    Ok((response, deadline)) => {
                        let mut received = Received::new(response, deadline, read_timeout);
                        received.max_body_size = max_body_size;
                        received.attempts = attempts;
                        Ok(received)
                    }
                    Err(error) => Err(SendFailure::Transport(error.with_attempts(attempts))),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::super::{Body, Client, Method, Request, StatusCode};
    use super::*;

    use crate::runtime_test_server::scripted;

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
