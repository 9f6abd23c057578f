//! Tracing (the generator's `tracing` setting): one span per call and one event per attempt, with
//! the operation's name, HTTP method and path template, never the filled path, a query or a header.

use std::future::Future;
use std::time::Duration;

use tracing::Instrument as _;

use super::{AttemptOutcome, Operation};

/// `call` inside a span for `operation`, named `METHOD /template` as OpenTelemetry asks of HTTP
/// client spans, with its attribute names (`http.request.method`, `url.template`).
pub(super) fn in_call_span<F: Future>(operation: Operation, call: F) -> tracing::instrument::Instrumented<F> {
    let span = tracing::info_span!(
        "http.client",
        otel.name = %operation,
        otel.kind = "client",
        operation = operation.name,
        http.request.method = operation.method,
        url.template = operation.path,
    );
    call.instrument(span)
}

/// An event for one attempt (in the call's span): its number, how it ended, its duration.
pub(super) fn attempt_ended(operation: Operation, number: u32, outcome: &AttemptOutcome<'_>, latency: Duration) {
    let duration_ms = latency.as_secs_f64() * 1000.0;
    match outcome {
        AttemptOutcome::Response { status, .. } => tracing::info!(
            operation = operation.name,
            attempt = number,
            http.response.status_code = status.as_u16(),
            duration_ms,
            "attempt answered"
        ),
        AttemptOutcome::Failed(error) => tracing::warn!(
            operation = operation.name,
            attempt = number,
            // The transport error's text: its kind and cause, with the URL's query values redacted.
            error = %error,
            duration_ms,
            "attempt failed"
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::super::StatusCode;
    use super::*;

    /// A subscriber writing every span's and event's fields as text, and which span each event is in.
    #[derive(Clone, Default)]
    struct Recorder {
        lines: Arc<Mutex<Vec<String>>>,
        entered: Arc<Mutex<Vec<u64>>>,
    }

    struct Visit<'a>(&'a mut String);

    impl tracing::field::Visit for Visit<'_> {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
            self.0.push_str(&format!(" {}={value:?}", field.name()));
        }
    }

    impl tracing::Subscriber for Recorder {
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            let mut line = format!("span {}", span.metadata().name());
            span.record(&mut Visit(&mut line));
            let mut lines = self.lines.lock().expect("not poisoned");
            lines.push(line);
            tracing::span::Id::from_u64(lines.len() as u64)
        }
        fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
            let mut line = "record".to_owned();
            values.record(&mut Visit(&mut line));
            self.lines.lock().expect("not poisoned").push(line);
        }
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, event: &tracing::Event<'_>) {
            let mut line = format!("event in {:?}", self.entered.lock().expect("not poisoned").last());
            event.record(&mut Visit(&mut line));
            self.lines.lock().expect("not poisoned").push(line);
        }
        fn enter(&self, span: &tracing::span::Id) {
            self.entered.lock().expect("not poisoned").push(span.into_u64());
        }
        fn exit(&self, _: &tracing::span::Id) {
            self.entered.lock().expect("not poisoned").pop();
        }
    }

    #[test]
    fn a_call_is_one_span_and_each_attempt_an_event_with_the_template_only() {
        let recorder = Recorder::default();
        let operation = Operation { name: "get_pet", method: "GET", path: "/pets/{petId}" };
        let headers = super::super::HeaderMap::new();
        tracing::subscriber::with_default(recorder.clone(), || {
            let call = in_call_span(operation, async {
                let answered = AttemptOutcome::Response { status: StatusCode::SERVICE_UNAVAILABLE, headers: &headers };
                attempt_ended(operation, 1, &answered, Duration::from_millis(5));
                let answered = AttemptOutcome::Response { status: StatusCode::OK, headers: &headers };
                attempt_ended(operation, 2, &answered, Duration::from_millis(7));
            });
            futures_util::FutureExt::now_or_never(call).expect("ready");
        });
        let lines = recorder.lines.lock().expect("not poisoned").join("\n");
        assert!(lines.starts_with("span http.client otel.name=GET /pets/{petId} otel.kind=\"client\" operation=\"get_pet\" http.request.method=\"GET\" url.template=\"/pets/{petId}\""), "{lines}");
        // Both attempts' events are inside the call's span (the first line, id 1).
        assert!(lines.contains("\nevent in Some(1) message=attempt answered operation=\"get_pet\" attempt=1 http.response.status_code=503 duration_ms=5.0\n"), "{lines}");
        assert!(lines.ends_with("\nevent in Some(1) message=attempt answered operation=\"get_pet\" attempt=2 http.response.status_code=200 duration_ms=7.0"), "{lines}");
    }
}
