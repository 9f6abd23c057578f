//! Server-sent events: `EventStream` parses a `text/event-stream` body into typed `Event`s.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::event_lines::Lines;
use super::parts::{MESSAGE_LIMIT, one_line, truncate};
use super::{ByteStream, TransportError};

/// One server-sent event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event<T> {
    /// The `event` field (`None`: the default `message` type).
    pub event: Option<String>,
    pub data: T,
    /// The last event ID (the standard's `lastEventId`): the `id` field of this event or, if it has
    /// none, of the latest event before it that had one.
    pub id: Option<String>,
    /// The `retry` field: the reconnection time the server asks for, in milliseconds.
    pub retry: Option<u64>,
}

/// The longest line, and the largest event (its data, type and id together), an [`EventStream`]
/// takes by default: 1 MiB. A longer one ends the stream with [`EventError::TooLarge`]; change it
/// with [`EventStream::with_max_event_size`].
pub const DEFAULT_MAX_EVENT_SIZE: usize = 1024 * 1024;

/// Why an event stream stopped or skipped an event.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
    /// The connection broke or went idle for the read timeout; the stream ends after it.
    #[error("the event stream failed in transport: {0}")]
    Transport(#[source] TransportError),
    /// An event's `data` did not decode; the stream goes on with the next event. `Display` shows
    /// the first 100 bytes of the data.
    #[error("event data {} could not be decoded: {}", excerpt(data), one_line(message, MESSAGE_LIMIT))]
    Decode { data: String, message: String },
    /// A line or an event was longer than `limit` bytes ([`EventStream::with_max_event_size`]);
    /// the stream ends after it (what follows cannot be told apart from the rest of that line).
    #[error("an event stream line or event is longer than the limit of {limit} bytes")]
    TooLarge { limit: usize },
}

/// The first 100 bytes of an event's data, quoted, for `Display`.
fn excerpt(data: &str) -> String {
    format!("{:?}", truncate(data, 100))
}

/// A `text/event-stream` body as a `Stream` of typed events, parsed as the HTML standard's
/// server-sent events: `event`, `data` (several lines joined with `\n`), `id`, `retry`, comments.
/// It ends after a transport error or a line or event over its size limit
/// ([`DEFAULT_MAX_EVENT_SIZE`]), which it yields once (an event whose data did not decode is
/// yielded as an error and the stream goes on), and is fused: once ended, it answers `None`.
/// It holds at most the limit plus one chunk of the body, and reads each byte once.
pub struct EventStream<T> {
    bytes: ByteStream,
    decode: fn(&str) -> Result<T, String>,
    lines: Lines,
    limit: usize,
    ended: bool,
    event: Option<String>,
    data: Option<String>,
    id: Option<String>,
    retry: Option<u64>,
}

impl<T> EventStream<T> {
    pub(super) fn new(bytes: ByteStream, decode: fn(&str) -> Result<T, String>) -> Self {
        EventStream {
            bytes,
            decode,
            lines: Lines::default(),
            limit: DEFAULT_MAX_EVENT_SIZE,
            ended: false,
            event: None,
            data: None,
            id: None,
            retry: None,
        }
    }

    /// Sets the longest line and the largest event taken (in bytes, [`DEFAULT_MAX_EVENT_SIZE`] by
    /// default); a longer one ends the stream with [`EventError::TooLarge`].
    pub fn with_max_event_size(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Whether `line` or the event being gathered is over the limit.
    fn too_large(&self, line: &str) -> bool {
        let length = |field: &Option<String>| field.as_ref().map_or(0, String::len);
        let gathered = length(&self.data) + length(&self.event) + length(&self.id);
        line.len() > self.limit || gathered > self.limit
    }

    /// Ends the stream with a size error, dropping what it held.
    fn fail_too_large(&mut self) -> EventError {
        self.ended = true;
        self.lines = Lines::default();
        (self.data, self.event) = (None, None);
        EventError::TooLarge { limit: self.limit }
    }

    /// Applies one line; returns an event when the line is blank and one is complete.
    fn apply(&mut self, line: &str) -> Option<Result<Event<T>, EventError>> {
        if line.is_empty() {
            let data = self.data.take();
            let event = self.event.take();
            let retry = self.retry.take();
            let data = data?;
            let id = self.id.clone();
            return Some(match (self.decode)(&data) {
                Ok(decoded) => Ok(Event { event, data: decoded, id, retry }),
                Err(message) => Err(EventError::Decode { data, message }),
            });
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            // An empty type is the default one, `message`, as no type at all.
            "event" => self.event = (!value.is_empty()).then(|| value.to_owned()),
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            // Only ASCII digits, as the standard says (`parse` would also take a leading `+`).
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(retry) = value.parse() {
                    self.retry = Some(retry);
                }
            }
            _ => {}
        }
        None
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").field("last_event_id", &self.id).finish_non_exhaustive()
    }
}

impl<T> Unpin for EventStream<T> {}

impl<T> futures_util::stream::FusedStream for EventStream<T> {
    fn is_terminated(&self) -> bool {
        self.ended && self.lines.is_empty()
    }
}

impl<T> futures_util::Stream for EventStream<T> {
    type Item = Result<Event<T>, EventError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            let ended = self.ended;
            while let Some(line) = self.lines.next_line(ended) {
                if self.too_large(&line) {
                    return Poll::Ready(Some(Err(self.fail_too_large())));
                }
                if let Some(event) = self.apply(&line) {
                    return Poll::Ready(Some(event));
                }
                if self.too_large("") {
                    return Poll::Ready(Some(Err(self.fail_too_large())));
                }
            }
            if self.ended {
                return Poll::Ready(None);
            }
            // No line end is left in the buffer: all it holds is one unfinished line.
            if self.lines.pending() > self.limit {
                return Poll::Ready(Some(Err(self.fail_too_large())));
            }
            match Pin::new(&mut self.bytes).poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => self.lines.push(&chunk),
                Poll::Ready(Some(Err(error))) => {
                    // Whatever the buffer holds is an incomplete event: dropped, as at the end.
                    self.ended = true;
                    self.lines.clear();
                    return Poll::Ready(Some(Err(EventError::Transport(error))));
                }
                // At the end, a final line without terminator is still a line; an event not
                // followed by a blank line is dropped, as the standard says.
                Poll::Ready(None) => {
                    self.ended = true;
                    self.lines.finish();
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use futures_util::{FutureExt as _, StreamExt as _};

    use super::super::Bytes;
    use super::*;

    fn stream_of(chunks: Vec<reqwest::Result<Bytes>>) -> EventStream<String> {
        EventStream::new(ByteStream::new(futures_util::stream::iter(chunks)), |data| Ok(data.to_owned()))
    }

    /// The events of a body received in `chunks`, as text.
    fn events(chunks: &[&[u8]]) -> Vec<Event<String>> {
        let chunks = chunks.iter().map(|chunk| Ok(Bytes::copy_from_slice(chunk))).collect();
        let all: Vec<_> = stream_of(chunks).collect().now_or_never().expect("a ready stream");
        all.into_iter().map(|event| event.unwrap_or_else(|error| panic!("{error}"))).collect()
    }

    fn data(chunks: &[&[u8]]) -> Vec<String> {
        events(chunks).into_iter().map(|event| event.data).collect()
    }

    fn event(data: &str) -> Event<String> {
        Event { event: None, data: data.to_owned(), id: None, retry: None }
    }

    #[test]
    fn data_lines_are_joined_with_line_feeds() {
        assert_eq!(data(&[b"data: a\ndata:b\ndata:  c\n\n"]), ["a\nb\n c"]);
        assert_eq!(data(&[b"data\n\ndata:\ndata:\n\n"]), ["", "\n"]);
        assert_eq!(data(&[b"data: a:b: c\n\n"]), ["a:b: c"]);
    }

    #[test]
    fn chunk_boundaries_never_change_the_events() {
        let body: &[u8] = "event: e\r\ndata: h\u{e9}llo \u{1f600}\r\nid: 7\r\n\r\ndata: x\r\r".as_bytes();
        let whole = events(&[body]);
        assert_eq!(whole.len(), 2);
        assert_eq!(
            whole[0],
            Event {
                event: Some("e".to_owned()),
                data: "h\u{e9}llo \u{1f600}".to_owned(),
                id: Some("7".to_owned()),
                retry: None
            }
        );
        for split in 1..body.len() {
            assert_eq!(events(&[&body[..split], &body[split..]]), whole, "split at {split}");
        }
        let bytes: Vec<&[u8]> = body.chunks(1).collect();
        assert_eq!(events(&bytes), whole, "one byte per chunk");
    }

    #[test]
    fn comments_and_unknown_fields_are_ignored() {
        assert_eq!(events(&[b": keep-alive\n\n:\ndata: a\n: inside\nfoo: bar\nDATA: no\ndata : no\n\n"]), [event("a")]);
    }

    #[test]
    fn a_block_without_data_dispatches_nothing_and_resets_event_and_retry() {
        let events = events(&[b"event: ping\nretry: 10\n\ndata: a\n\n"]);
        assert_eq!(events, [event("a")]);
    }

    #[test]
    fn the_event_type_applies_to_one_event() {
        let events = events(&[b"event: add\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\nevent: a\nevent\ndata: 4\n\n"]);
        let types: Vec<_> = events.iter().map(|event| event.event.as_deref()).collect();
        assert_eq!(types, [Some("add"), None, None, None]);
    }

    #[test]
    fn the_last_event_id_carries_over_until_set_again() {
        let events = events(&[b"id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\nid\ndata: d\n\nid: x\0y\ndata: e\n\n"]);
        let ids: Vec<_> = events.iter().map(|event| event.id.as_deref()).collect();
        assert_eq!(ids, [Some("1"), Some("1"), Some("2"), Some(""), Some("")]);
    }

    #[test]
    fn retry_takes_only_a_number_and_applies_to_one_event() {
        let events = events(&[
            b"retry: 3000\ndata: a\n\ndata: b\n\nretry: soon\ndata: c\n\nretry:\ndata: d\n\n",
            b"retry: +5\ndata: e\n\nretry: -5\ndata: f\n\nretry: 5 \ndata: g\n\nretry: 0\ndata: h\n\n",
        ]);
        let retries: Vec<_> = events.iter().map(|event| event.retry).collect();
        assert_eq!(retries, [Some(3000), None, None, None, None, None, None, Some(0)]);
    }

    #[test]
    fn an_event_not_ended_by_a_blank_line_is_dropped() {
        assert_eq!(data(&[b"data: a\n\ndata: b\n"]), ["a"]);
        assert_eq!(data(&[b"data: a\n\ndata: b"]), ["a"]);
        assert_eq!(data(&[b"data: a\n\r"]), ["a"]);
        assert!(data(&[b""]).is_empty());
        assert!(data(&[]).is_empty());
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(data(&[b"data: a\xffb\n\n"]), ["a\u{fffd}b"]);
    }

    #[test]
    fn data_that_does_not_decode_is_an_error_and_the_stream_goes_on() {
        let chunks = vec![Ok(Bytes::from_static(b"data: 1\n\ndata: x\n\ndata: 2\n\n"))];
        let stream: EventStream<u32> = EventStream::new(ByteStream::new(futures_util::stream::iter(chunks)), |data| {
            data.parse().map_err(|_| format!("{data:?} is not a number"))
        });
        let all: Vec<_> = stream.collect().now_or_never().expect("a ready stream");
        assert!(matches!(&all[0], Ok(Event { data: 1, .. })), "{all:?}");
        match &all[1] {
            Err(error @ EventError::Decode { data, message }) => {
                assert_eq!((data.as_str(), message.as_str()), ("x", "\"x\" is not a number"));
                assert_eq!(error.to_string(), r#"event data "x" could not be decoded: "x" is not a number"#);
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert!(matches!(&all[2], Ok(Event { data: 2, .. })), "{all:?}");
        assert_eq!(all.len(), 3);
        let long = EventError::Decode { data: "x".repeat(1 << 20), message: "bad\nnews".to_owned() };
        assert_eq!(long.to_string(), format!("event data \"{}…\" could not be decoded: bad news", "x".repeat(97)));
    }

    #[test]
    fn a_transport_error_is_reported_once_after_the_events_before_it_and_ends_the_stream() {
        let error = reqwest::Client::new().get("not a url").build().expect_err("a relative URL is refused");
        let mut stream = stream_of(vec![Ok(Bytes::from_static(b"data: a\n\ndata: cut")), Err(error)]);
        let first = stream.next().now_or_never().flatten();
        assert!(matches!(&first, Some(Ok(event)) if event.data == "a"), "{first:?}");
        let second = stream.next().now_or_never().flatten();
        assert!(matches!(second, Some(Err(EventError::Transport(_)))), "{second:?}");
        assert!(stream.next().now_or_never().flatten().is_none());
        assert!(futures_util::stream::FusedStream::is_terminated(&stream));
        assert_eq!(format!("{stream:?}"), "EventStream { last_event_id: None, .. }");
    }

    /// The outcome of a stream limited to `limit` bytes per line and event, as text.
    fn limited(chunks: Vec<Vec<u8>>, limit: usize) -> Vec<Result<String, String>> {
        let chunks = chunks.into_iter().map(|chunk| Ok(Bytes::from(chunk))).collect();
        let stream = stream_of(chunks).with_max_event_size(limit);
        let all: Vec<_> = stream.collect().now_or_never().expect("a ready stream");
        all.into_iter().map(|event| event.map(|e| e.data).map_err(|e| e.to_string())).collect()
    }

    #[test]
    fn a_line_longer_than_the_limit_ends_the_stream_with_one_error() {
        let too_large: Result<String, String> =
            Err("an event stream line or event is longer than the limit of 8 bytes".to_owned());
        // In one chunk with its line end, or arriving a byte at a time without one.
        assert_eq!(
            limited(vec![b"data: a\n\ndata: 123456789\n\ndata: b\n\n".to_vec()], 8),
            [Ok("a".into()), too_large.clone()]
        );
        let endless: Vec<Vec<u8>> =
            std::iter::once(b"data: ".to_vec()).chain((0..100).map(|_| b"x".to_vec())).collect();
        assert_eq!(limited(endless, 8), [too_large]);
        // A line of exactly the limit is taken.
        assert_eq!(limited(vec![b"data: 12\n\n".to_vec()], 8), [Ok("12".into())]);
        assert_eq!(limited(vec![b"data: 1\r\n\r\n".to_vec()], 8), [Ok("1".into())]);
    }

    #[test]
    fn an_event_larger_than_the_limit_ends_the_stream_even_in_short_lines() {
        let lines = b"data: 1234\ndata: 5678\ndata: 9\n\ndata: after\n\n".to_vec();
        let all = limited(vec![lines], 10);
        assert_eq!(all, [Err("an event stream line or event is longer than the limit of 10 bytes".to_owned())]);
        assert_eq!(limited(vec![b"data: 1234\ndata: 5\n\n".to_vec()], 10), [Ok("1234\n5".into())]);
    }

    #[test]
    fn the_default_limit_is_one_mebibyte_and_a_stopped_stream_is_fused() {
        let mut body = b"data: ".to_vec();
        body.extend(std::iter::repeat_n(b'x', DEFAULT_MAX_EVENT_SIZE));
        let mut stream = stream_of(vec![Ok(Bytes::from(body)), Ok(Bytes::from_static(b"\n\ndata: b\n\n"))]);
        let first = stream.next().now_or_never().flatten();
        assert!(matches!(first, Some(Err(EventError::TooLarge { limit: 1_048_576 }))), "{first:?}");
        assert!(stream.next().now_or_never().flatten().is_none());
        assert!(futures_util::stream::FusedStream::is_terminated(&stream));
    }

    #[test]
    fn a_body_failing_on_every_poll_gives_one_error_not_a_flood() {
        let failing = futures_util::stream::repeat_with(|| {
            Err(reqwest::Client::new().get("not a url").build().expect_err("a relative URL is refused"))
        });
        let stream = EventStream::new(ByteStream::new(failing), |data| Ok(data.to_owned()));
        let all: Vec<_> = stream.collect().now_or_never().expect("ready");
        assert_eq!(all.len(), 1);
        assert!(matches!(&all[0], Err(EventError::Transport(_))), "{all:?}");
    }
}
