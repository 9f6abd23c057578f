//! Memory against endless bodies: a 1 GiB JSON body and a 100 MB event-stream line, streamed by a
//! local server, are refused at their limits while the process stays under 100 MiB (its own test
//! binary, so no other test shares the process's peak). Run with `--nocapture` to see the figures.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::StreamExt as _;
use wire_tests::hostile::Client;
use wire_tests::hostile::runtime::{self, Error, EventError, RetryPolicy};

const MIB: u64 = 1024 * 1024;

/// A `/proc/self/status` field in bytes (`VmRSS` now, `VmHWM` the peak so far).
fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|line| line.starts_with(field)).unwrap_or_default();
    let kib: u64 = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
    kib * 1024
}

/// A local server answering one request with a chunked body: `opening`, then 64 KiB chunks of
/// `fill` up to `total` bytes, then its end. It stops when the client hangs up; the count says how
/// many body bytes it got out (into the socket's buffers, not necessarily read).
async fn endless(content_type: &'static str, opening: &'static [u8], fill: u8, total: u64) -> (String, Sent) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("an address");
    let sent = Arc::new(AtomicU64::new(0));
    let count = sent.clone();
    let task = tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let mut request = [0; 4096];
        let _ = socket.read(&mut request).await;
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n");
        let frame = |data: &[u8]| [format!("{:x}\r\n", data.len()).as_bytes(), data, b"\r\n"].concat();
        if socket.write_all(&[head.as_bytes(), &frame(opening)].concat()).await.is_err() {
            return;
        }
        let chunk = frame(&vec![fill; 64 * 1024]);
        let mut left = total;
        while left > 0 {
            if socket.write_all(&chunk).await.is_err() {
                return;
            }
            count.fetch_add(64 * 1024, Ordering::Relaxed);
            left = left.saturating_sub(64 * 1024);
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
    });
    (format!("http://{address}"), Sent { count: sent, task })
}

struct Sent {
    count: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Sent {
    /// The body bytes written once the server has stopped.
    async fn total(self) -> u64 {
        let _ = self.task.await;
        self.count.load(Ordering::Relaxed)
    }
}

#[tokio::test]
async fn a_1_gib_json_body_is_refused_at_the_limit_and_memory_stays_under_100_mib() {
    let (base, sent) = endless("application/json", b"[", b' ', 1024 * MIB).await;
    let client = Client::with_base_url(base).with_retry(RetryPolicy::none());
    let error = client.get_items().await.expect_err("1 GiB is over the limit");
    assert!(matches!(error, Error::BodyTooLarge { limit, .. } if limit == runtime::DEFAULT_MAX_BODY_SIZE), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    drop(error);
    let written = sent.total().await;
    let (rss, peak) = (status_bytes("VmRSS:"), status_bytes("VmHWM:"));
    eprintln!(
        "1 GiB body: server wrote {} MiB before the client hung up; VmRSS {} MiB, VmHWM {} MiB",
        written / MIB,
        rss / MIB,
        peak / MIB
    );
    assert!(written < 1024 * MIB, "the client stopped reading: {written} bytes written");
    assert!(peak < 100 * MIB, "peak RSS {} MiB", peak / MIB);
}

#[tokio::test]
async fn a_100_mb_event_stream_line_ends_the_stream_and_memory_stays_under_100_mib() {
    let (base, sent) = endless("text/event-stream", b"data: ", b'x', 100 * 1000 * 1000).await;
    let client = Client::with_base_url(base).with_retry(RetryPolicy::none());
    let mut events = client.get_feed().await.expect("a stream");
    let first = events.next().await;
    let limit = runtime::DEFAULT_MAX_EVENT_SIZE;
    assert!(matches!(&first, Some(Err(EventError::TooLarge { limit: l })) if *l == limit), "{first:?}");
    assert!(events.next().await.is_none(), "the stream ended");
    drop(events);
    let written = sent.total().await;
    let peak = status_bytes("VmHWM:");
    eprintln!("100 MB line: server wrote {} MiB; VmHWM {} MiB", written / MIB, peak / MIB);
    assert!(written < 100 * 1000 * 1000, "the client stopped reading: {written} bytes written");
    assert!(peak < 100 * MIB, "peak RSS {} MiB", peak / MIB);
}
