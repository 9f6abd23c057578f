//! `ByteStream`: a response body as a `Stream` of byte chunks, never held whole in memory.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::Bytes;

/// A response body as a stream of byte chunks (a `futures` `Stream`).
pub struct ByteStream(Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<Bytes>> + Send>>);

impl ByteStream {
    pub(super) fn new(chunks: impl futures_util::Stream<Item = reqwest::Result<Bytes>> + Send + 'static) -> Self {
        ByteStream(Box::pin(chunks))
    }

    /// Reads the rest of the stream into memory.
    pub async fn collect(mut self) -> Result<Bytes, reqwest::Error> {
        use futures_util::StreamExt as _;
        let mut all = Vec::new();
        while let Some(chunk) = self.0.next().await {
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
    type Item = reqwest::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

#[cfg(test)]
mod tests {
    use futures_util::{FutureExt as _, StreamExt as _};

    use super::*;

    fn chunks(parts: &[&'static [u8]]) -> ByteStream {
        ByteStream::new(futures_util::stream::iter(
            parts.iter().map(|part| Ok(Bytes::from_static(part))).collect::<Vec<_>>(),
        ))
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
}
