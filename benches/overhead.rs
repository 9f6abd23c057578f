//! Per-call overhead of the generated client (retries and hooks on their defaults, nothing failing)
//! against a hand-written reqwest + serde call of the same request, on a local keep-alive server.
//!
//! `cargo bench --bench overhead`: prints the time per call of each and their ratio.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const BODY: &str = r#"{"tracks":{"items":[{"id":"0DiWol3AO6WpXZgp0goxAV","name":"One More Time","popularity":80}]},"albums":{"total":1}}"#;

/// Answers every request on every connection with `BODY`, keeping connections open.
async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}",
                    BODY.len()
                );
                let mut pending = Vec::new();
                let mut buffer = [0; 8192];
                loop {
                    let Ok(read) = socket.read(&mut buffer).await else { return };
                    if read == 0 {
                        return;
                    }
                    pending.extend_from_slice(&buffer[..read]);
                    // GET requests: one head per request, no body.
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        if socket.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

async fn time<F, Fut>(calls: u32, mut call: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let started = Instant::now();
    for _ in 0..calls {
        call().await;
    }
    started.elapsed() / calls
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let base = serve().await;
    let generated = recoup::Client::with_base_url(&base).with_api_key("key");
    let social = generated.social();
    let http = reqwest::Client::new();
    let url = format!("{base}/api/spotify/search?q=Daft%20Punk&type=artist");
    let generated_call = || async {
        let found = social.get_spotify_search("Daft Punk", "artist").await.expect("a search result");
        std::hint::black_box(found);
    };
    let bare = recoup::Client::with_base_url(&base)
        .with_api_key("key")
        .with_retry(recoup::runtime::RetryPolicy::none())
        .with_timeout(None)
        .with_read_timeout(None);
    let bare_social = bare.social();
    let bare_call = || async {
        let found = bare_social.get_spotify_search("Daft Punk", "artist").await.expect("a search result");
        std::hint::black_box(found);
    };
    let hand_written_call = || async {
        let response = http.get(&url).header("x-api-key", "key").send().await.expect("an answer");
        let found: recoup::social::SpotifySearchResponse = response.json().await.expect("a search result");
        std::hint::black_box(found);
    };
    // Warm up both (connections, allocator), then alternate rounds and keep each one's best.
    time(500, generated_call).await;
    time(500, hand_written_call).await;
    time(500, bare_call).await;
    let (mut best_generated, mut best_bare, mut best_hand) = (Duration::MAX, Duration::MAX, Duration::MAX);
    for _ in 0..7 {
        best_generated = best_generated.min(time(2000, generated_call).await);
        best_bare = best_bare.min(time(2000, bare_call).await);
        best_hand = best_hand.min(time(2000, hand_written_call).await);
    }
    let ratio = |d: Duration| d.as_secs_f64() / best_hand.as_secs_f64();
    println!("generated client, defaults:             {best_generated:?} per call ({:.3}x)", ratio(best_generated));
    println!("generated client, no retries/timeouts:  {best_bare:?} per call ({:.3}x)", ratio(best_bare));
    println!("hand-written reqwest + serde:           {best_hand:?} per call");
}
