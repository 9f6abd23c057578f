//! Two hooks on one client: one adds a header to every attempt, one logs each attempt's latency.
//!
//! `cargo run --example hooks` (against `RECOUP_BASE_URL`, e.g. a Prism mock on
//! `http://localhost:4010`; the default is the spec's server).

use std::time::Duration;

use recoup::runtime::{Attempt, AttemptOutcome, Hook};

/// Adds `x-client-trace` to every attempt (a retried request carries it again, with its number).
struct TraceHeader {
    trace_id: String,
}

impl Hook for TraceHeader {
    fn before_attempt(&self, attempt: &Attempt, request: &mut reqwest::Request) {
        let value = format!("{}-{}", self.trace_id, attempt.number);
        if let Ok(value) = value.parse() {
            request.headers_mut().insert("x-client-trace", value);
        }
    }
}

/// Logs the operation (its method name and `METHOD /path template`, never the filled path or the
/// query), the attempt, the status and the latency of each attempt.
struct LogLatency;

impl Hook for LogLatency {
    fn after_attempt(&self, attempt: &Attempt, outcome: AttemptOutcome<'_>, latency: Duration) {
        let result = match outcome {
            AttemptOutcome::Response { status, .. } => status.to_string(),
            AttemptOutcome::Failed(error) => error.to_string(),
            // `AttemptOutcome` may gain variants.
            _ => "ended".to_owned(),
        };
        let operation = attempt.operation;
        eprintln!("{} ({operation}) attempt {}: {result} in {latency:?}", operation.name, attempt.number);
    }
}

#[tokio::main]
async fn main() {
    let client = match std::env::var("RECOUP_BASE_URL") {
        Ok(url) => recoup::Client::with_base_url(url),
        Err(_) => recoup::Client::new(),
    }
    .with_api_key(std::env::var("RECOUP_API_KEY").unwrap_or_default())
    .with_hook(TraceHeader { trace_id: "example".to_owned() })
    .with_hook(LogLatency);
    match client.social().get_spotify_search("Daft Punk", "artist").with_timeout(Some(Duration::from_secs(5))).await {
        Ok(found) => println!("found: {found:?}"),
        Err(error) => println!("failed: {error}"),
    }
}
