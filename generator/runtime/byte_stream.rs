//! `ByteStream`: a response body as a `Stream` of byte chunks, never held whole in memory.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::{Bytes, TransportError};

type Chunks = Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A response body as a stream of byte chunks (a `futures` `Stream`). It ends after the first
/// error, which it yields once: a broken connection or a read-idle timeout (the body sent nothing
/// for the client's read timeout, see `Client::with_read_timeout`). It is fused: once it has ended,
/// it keeps answering `None`.
pub struct ByteStream {
    chunks: Chunks,
    /// The read-idle timeout.
    idle: Option<Duration>,
    /// Its timer, started at the first wait (so a stream made outside a runtime is fine), reset
    /// by every chunk.
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
    ended: bool,
}

impl ByteStream {
    pub(super) fn new(chunks: impl futures_util::Stream<Item = reqwest::Result<Bytes>> + Send + 'static) -> Self {
        ByteStream { chunks: Box::pin(chunks), idle: None, timer: None, ended: false }
    }

    /// Ends the stream with a timeout error when no chunk comes for `idle`.
    pub(super) fn with_idle_timeout(mut self, idle: Option<Duration>) -> Self {
        self.idle = idle;
        self
    }

    /// Reads the rest of the stream into memory.
    pub async fn collect(mut self) -> Result<Bytes, TransportError> {
        use futures_util::StreamExt as _;
        let mut all = Vec::new();
        while let Some(chunk) = self.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.into())
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

impl futures_util::Stream for ByteStream {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        match self.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                if let (Some(idle), Some(timer)) = (self.idle, &mut self.timer) {
                    timer.as_mut().reset(tokio::time::Instant::now() + idle);
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(error))) => {
                self.ended = true;
                Poll::Ready(Some(Err(TransportError::from_reqwest(error))))
            }
            Poll::Ready(None) => {
                self.ended = true;
                Poll::Ready(None)
            }
            Poll::Pending => {
                let Some(idle) = self.idle else { return Poll::Pending };
                let timer = self.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep(idle)));
                if std::future::Future::poll(timer.as_mut(), cx).is_pending() {
                    return Poll::Pending;
                }
                self.ended = true;
                Poll::Ready(Some(Err(TransportError::idle(idle))))
            }
        }
    }
}

impl futures_util::stream::FusedStream for ByteStream {
    fn is_terminated(&self) -> bool {
        self.ended
    }
}

#[cfg(test)]
mod tests {
    use futures_util::stream::FusedStream as _;
    use futures_util::{FutureExt as _, StreamExt as _};

    use super::*;

    fn chunks(parts: &[&'static [u8]]) -> ByteStream {
        ByteStream::new(futures_util::stream::iter(
            parts.iter().map(|part| Ok(Bytes::from_static(part))).collect::<Vec<_>>(),
        ))
    }

    fn request_error() -> reqwest::Error {
        reqwest::Client::new().get("not a url").build().expect_err("a relative URL is refused")
    }

    #[test]
    fn chunks_come_as_they_were_received() {
        let received: Vec<_> =
            chunks(&[b"ab", b"", b"c"]).map(|chunk| chunk.ok()).collect().now_or_never().expect("ready");
        assert_eq!(received, [Some(Bytes::from_static(b"ab")), Some(Bytes::new()), Some(Bytes::from_static(b"c"))]);
    }

    #[test]
    fn collect_joins_every_chunk() {
        let all = chunks(&[b"ab", b"", b"c\xff"]).collect().now_or_never().expect("ready").expect("no error");
        assert_eq!(&all[..], b"abc\xff");
        assert!(chunks(&[]).collect().now_or_never().expect("ready").expect("no error").is_empty());
        assert_eq!(format!("{:?}", chunks(&[])), "ByteStream");
    }

    #[test]
    fn the_stream_ends_after_its_first_error_and_stays_ended() {
        // A source that would go on failing forever, as a body past its deadline does.
        let failing = futures_util::stream::once(async { Ok(Bytes::from_static(b"a")) })
            .chain(futures_util::stream::repeat_with(|| Err(request_error())));
        let mut stream = ByteStream::new(failing);
        assert!(matches!(stream.next().now_or_never(), Some(Some(Ok(_)))));
        assert!(matches!(stream.next().now_or_never(), Some(Some(Err(_)))));
        assert!(stream.is_terminated());
        for _ in 0..3 {
            assert!(matches!(stream.next().now_or_never(), Some(None)));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_stream_ends_with_one_timeout_after_the_idle_time() {
        let stalled =
            futures_util::stream::once(async { Ok(Bytes::from_static(b"a")) }).chain(futures_util::stream::pending());
        let started = tokio::time::Instant::now();
        let mut stream = ByteStream::new(stalled).with_idle_timeout(Some(Duration::from_secs(5)));
        assert!(matches!(stream.next().await, Some(Ok(_))));
        let error = stream.next().await.and_then(Result::err).expect("a timeout");
        assert!(error.is_timeout(), "{error}");
        assert_eq!(started.elapsed(), Duration::from_secs(5));
        assert!(stream.next().await.is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn a_stream_that_keeps_sending_is_never_cut_by_the_idle_time() {
        let slow = futures_util::stream::iter(0..10).then(|_| async {
            tokio::time::sleep(Duration::from_secs(4)).await;
            Ok(Bytes::from_static(b"x"))
        });
        let stream = ByteStream::new(slow).with_idle_timeout(Some(Duration::from_secs(5)));
        let all = stream.collect().await.expect("no timeout: each chunk came within 5 s");
        assert_eq!(&all[..], b"xxxxxxxxxx");
    }
}
