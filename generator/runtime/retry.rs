//! Retries: `RetryPolicy`, which failures are retried for which methods, and how long to wait.

use std::time::Duration;

use super::{HeaderMap, Method, StatusCode, TransportError};

/// How a request is retried. The default ([`RetryPolicy::new`]): 2 retries (3 attempts), waits
/// doubling from 0.5 s up to 8 s with jitter, a server's `Retry-After` or `retry-after-ms` honoured
/// up to 60 s (a longer wait is not waited: the response is returned).
///
/// Retried: no connection (nothing was sent) and 429 for every method; timeouts, 408, 500, 502,
/// 503 and 504 for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) and for requests
/// carrying an `Idempotency-Key` header; 503 with `Retry-After` for every method. POST and PATCH
/// are otherwise sent once unless [`RetryPolicy::with_non_idempotent`] opts in. A body that cannot
/// be replayed (a stream, a multipart form) is always sent once.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    pub(super) max_retries: u32,
    initial_delay: Duration,
    max_delay: Duration,
    jitter: bool,
    max_retry_after: Duration,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::new()
    }
}

impl RetryPolicy {
    /// The default policy (see [`RetryPolicy`]).
    pub fn new() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            jitter: true,
            max_retry_after: Duration::from_secs(60),
            non_idempotent: false,
        }
    }

    /// No retries: every request is sent once.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::new() }
    }

    /// Retries at most `retries` times (attempts: `retries + 1`).
    pub fn with_max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The first wait (doubled at each retry, up to [`RetryPolicy::with_max_delay`]).
    pub fn with_initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest wait the backoff reaches.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Whether backoff waits are shortened by up to a quarter at random (on by default), so
    /// clients that failed together do not retry together.
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The longest `Retry-After` waited; a server asking for more gets its response returned.
    pub fn with_max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// Retries POST and PATCH as idempotent methods (when the API deduplicates them, or the
    /// operation is known to be safe to repeat).
    pub fn with_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// The wait before retry number `retry` (0 for the first), without a server's request.
    fn backoff(&self, retry: u32) -> Duration {
        let doubled = self.initial_delay.saturating_mul(2u32.saturating_pow(retry.min(31)));
        let delay = doubled.min(self.max_delay);
        if !self.jitter {
            return delay;
        }
        // Up to a quarter off; std's randomly keyed hasher is random enough for spreading waits.
        use std::hash::{BuildHasher as _, Hasher as _};
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u32(retry);
        let fraction = (hasher.finish() % 1000) as f64 / 4000.0;
        delay.mul_f64(1.0 - fraction)
    }

    /// The wait before retrying after `outcome` at retry number `retry`, or `None` when it is not
    /// retried. `idempotent`: the method is, or the request carries an idempotency key.
    pub(super) fn decide(&self, outcome: Outcome<'_>, idempotent: bool, retry: u32) -> Option<Duration> {
        if retry >= self.max_retries {
            return None;
        }
        let idempotent = idempotent || self.non_idempotent;
        match outcome {
            Outcome::Transport(error) => (error.is_connect() || idempotent).then(|| self.backoff(retry)),
            Outcome::Status(status, headers) => {
                // Other statuses (every success) are never retried: their headers are not read.
                if !matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504) {
                    return None;
                }
                let asked = retry_after(headers);
                let retried = match status.as_u16() {
                    429 => true,
                    503 => idempotent || asked.is_some(),
                    _ => idempotent,
                };
                match asked {
                    _ if !retried => None,
                    Some(wait) if wait > self.max_retry_after => None,
                    Some(wait) => Some(wait),
                    None => Some(self.backoff(retry)),
                }
            }
        }
    }
}

/// What an attempt ended in, as far as retrying is concerned.
#[derive(Clone, Copy)]
pub(super) enum Outcome<'a> {
    Transport(&'a TransportError),
    Status(StatusCode, &'a HeaderMap),
}

/// Whether `method` may be repeated without changing the result.
pub(super) fn is_idempotent(method: &Method) -> bool {
    [Method::GET, Method::HEAD, Method::OPTIONS, Method::PUT, Method::DELETE, Method::TRACE].contains(method)
}

/// The wait a response asks for: `retry-after-ms`, or `Retry-After` in seconds or as an HTTP date.
pub(super) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
    if let Some(millis) = text("retry-after-ms").and_then(|ms| ms.parse::<f64>().ok()) {
        return (millis.is_finite() && millis >= 0.0).then(|| Duration::from_secs_f64(millis.min(1e12) / 1000.0));
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?;
    let at = Duration::from_secs(u64::try_from(date.timestamp()).unwrap_or(0));
    Some(at.saturating_sub(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("a header value"));
        }
        map
    }

    fn wait(policy: &RetryPolicy, code: u16, pairs: &[(&'static str, &str)], idempotent: bool) -> Option<Duration> {
        let status = StatusCode::from_u16(code).expect("a status");
        policy.decide(Outcome::Status(status, &headers(pairs)), idempotent, 0)
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_jitter_takes_at_most_a_quarter() {
        let policy = RetryPolicy::new().with_jitter(false);
        let waits: Vec<_> = (0..7).map(|retry| policy.backoff(retry).as_millis()).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
        assert_eq!(policy.backoff(u32::MAX), Duration::from_secs(8));
        let jittered = RetryPolicy::new();
        for retry in 0..5 {
            let wait = jittered.backoff(retry);
            assert!(wait <= policy.backoff(retry) && wait >= policy.backoff(retry).mul_f64(0.75), "{wait:?}");
        }
    }

    #[test]
    fn idempotent_methods_retry_try_later_statuses_and_others_only_when_the_server_did_not_act() {
        let policy = RetryPolicy::new().with_jitter(false);
        for code in [408, 429, 500, 502, 503, 504] {
            assert_eq!(wait(&policy, code, &[], true), Some(Duration::from_millis(500)), "{code}");
        }
        for code in [400, 401, 404, 409, 422, 501] {
            assert_eq!(wait(&policy, code, &[], true), None, "{code}");
        }
        for code in [408, 500, 502, 503, 504] {
            assert_eq!(wait(&policy, code, &[], false), None, "POST {code}");
        }
        assert_eq!(wait(&policy, 429, &[], false), Some(Duration::from_millis(500)));
        assert_eq!(wait(&policy, 503, &[("retry-after", "1")], false), Some(Duration::from_secs(1)));
        let opted_in = policy.clone().with_non_idempotent(true);
        assert_eq!(wait(&opted_in, 500, &[], false), Some(Duration::from_millis(500)));
        assert_eq!(wait(&RetryPolicy::none(), 503, &[], true), None);
    }

    #[test]
    fn the_servers_wait_is_honoured_up_to_the_cap() {
        let policy = RetryPolicy::new();
        assert_eq!(wait(&policy, 429, &[("retry-after", "2")], false), Some(Duration::from_secs(2)));
        assert_eq!(
            wait(&policy, 429, &[("retry-after-ms", "250"), ("retry-after", "9")], false),
            Some(Duration::from_millis(250))
        );
        assert_eq!(wait(&policy, 429, &[("retry-after", "61")], false), None);
        let capped = policy.with_max_retry_after(Duration::from_secs(1));
        assert_eq!(wait(&capped, 503, &[("retry-after", "2")], true), None);
    }

    #[test]
    fn retry_after_reads_seconds_milliseconds_and_http_dates() {
        assert_eq!(retry_after(&headers(&[("retry-after", " 3 ")])), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(&headers(&[("retry-after-ms", "1500.5")])), Some(Duration::from_micros(1_500_500)));
        assert_eq!(retry_after(&headers(&[("retry-after", "soon")])), None);
        assert_eq!(retry_after(&headers(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")])), Some(Duration::ZERO));
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970");
        let in_30_s = i64::try_from(now.as_secs()).expect("a timestamp") + 30;
        let later = chrono::DateTime::from_timestamp(in_30_s, 0).expect("a date").to_rfc2822();
        let wait = retry_after(&headers(&[("retry-after", &later)])).expect("a date");
        assert!(wait > Duration::from_secs(28) && wait <= Duration::from_secs(30), "{wait:?}");
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn transport_failures_are_retried_when_nothing_was_sent_or_the_method_is_idempotent() {
        let policy = RetryPolicy::new().with_jitter(false);
        let timeout = TransportError::deadline(Duration::from_secs(1));
        assert_eq!(policy.decide(Outcome::Transport(&timeout), true, 0), Some(Duration::from_millis(500)));
        assert_eq!(policy.decide(Outcome::Transport(&timeout), false, 0), None);
        assert_eq!(policy.decide(Outcome::Transport(&timeout), true, 2), None, "two retries at most");
        assert!(is_idempotent(&Method::PUT) && !is_idempotent(&Method::POST) && !is_idempotent(&Method::PATCH));
    }

    use std::sync::{Arc, Mutex};

    use super::super::{Client, Error, Received, Request};

    use crate::runtime_test_server::scripted;

    async fn call(client: &Client, method: Method, header: Option<&'static str>) -> Received {
        let mut request = Request::new(client.clone(), None, method, "/r".to_owned());
        if let Some(key) = header {
            request.header("idempotency-key", key, false);
        }
        request.send().await.expect("answered")
    }

    #[tokio::test(start_paused = true)]
    async fn a_get_answered_503_503_200_succeeds_at_the_third_request_after_the_backoff() {
        let (client, heads) = scripted(&["503 Service Unavailable", "503 Service Unavailable", "200 OK"]).await;
        let started = tokio::time::Instant::now();
        let received = call(&client, Method::GET, None).await;
        assert_eq!((received.status(), received.attempts), (StatusCode::OK, 3));
        assert_eq!(heads.lock().expect("not poisoned").len(), 3);
        assert_eq!(started.elapsed(), Duration::from_millis(1500), "0.5 s, then 1 s");
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_is_waited_and_one_over_the_cap_is_returned_at_once() {
        let (client, heads) = scripted(&["429 Too Many Requests\r\nretry-after: 2", "200 OK"]).await;
        let started = tokio::time::Instant::now();
        assert_eq!(call(&client, Method::POST, None).await.status(), StatusCode::OK);
        assert_eq!(started.elapsed(), Duration::from_secs(2));
        assert_eq!(heads.lock().expect("not poisoned").len(), 2, "a POST is retried on 429");

        let (client, heads) = scripted(&["503 Service Unavailable\r\nretry-after: 3600", "200 OK"]).await;
        let started = tokio::time::Instant::now();
        let received = call(&client, Method::GET, None).await;
        assert_eq!((received.status(), received.attempts), (StatusCode::SERVICE_UNAVAILABLE, 1));
        assert_eq!(started.elapsed(), Duration::ZERO);
        assert_eq!(heads.lock().expect("not poisoned").len(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_post_is_not_retried_on_500_unless_it_carries_an_idempotency_key() {
        let (client, heads) = scripted(&["500 Internal Server Error", "200 OK"]).await;
        assert_eq!(call(&client, Method::POST, None).await.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(heads.lock().expect("not poisoned").len(), 1);

        let (client, heads) = scripted(&["500 Internal Server Error", "502 Bad Gateway", "200 OK"]).await;
        assert_eq!(call(&client, Method::POST, Some("key-1")).await.status(), StatusCode::OK);
        let heads = heads.lock().expect("not poisoned");
        assert_eq!(heads.len(), 3);
        assert!(heads.iter().all(|head| head.contains("idempotency-key: key-1\r\n")), "{heads:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn exhausted_retries_keep_the_last_response_and_name_the_attempts() {
        let (client, heads) = scripted(&["502 Bad Gateway", "503 Service Unavailable", "504 Gateway Timeout"]).await;
        let received = call(&client, Method::DELETE, None).await;
        assert_eq!((received.status(), received.attempts), (StatusCode::GATEWAY_TIMEOUT, 3));
        assert_eq!(heads.lock().expect("not poisoned").len(), 3);
        let response = received.read().await.expect("read");
        assert_eq!(response.attempts(), 3);
        let error = Error::new_api((), &response);
        assert_eq!(error.to_string(), "the API answered 504 Gateway Timeout (after 3 attempts)");
        assert_eq!(error.attempts(), 3);
    }
}
