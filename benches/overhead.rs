//! Per-call overhead of the generated client (retries and hooks on their defaults, nothing failing)
//! against a hand-written reqwest + serde call of the same request, on a local keep-alive server.
//!
//! `cargo bench --bench overhead`: prints, for each, the median over alternating rounds of its ratio to
//! the hand-written call timed in the same round. The hand-written call is timed two ways: as a
//! function of the search's arguments would make it (the URL built from them with
//! `Url::parse_with_params`, as the generated call builds it from its arguments), and with the URL formatted once
//! before the loop (less work than any call taking arguments can do: the stricter floor).

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

/// The median of `values` (sorted in place).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let base = serve().await;
    // One `reqwest::Client` for all: the comparison is of what each call does, not of settings.
    let http = reqwest::Client::new();
    let generated = recoup::Client::with_base_url(&base).with_http_client(http.clone()).with_api_key("key");
    let social = generated.social();
    let url = format!("{base}/api/spotify/search?q=Daft%20Punk&type=artist");
    let generated_call = || async {
        let found = social.get_spotify_search("Daft Punk", "artist").await.expect("a search result");
        std::hint::black_box(found);
    };
    let bare = recoup::Client::with_base_url(&base)
        .with_http_client(http.clone())
        .with_api_key("key")
        .with_retry(recoup::runtime::RetryPolicy::none())
        .with_timeout(None)
        .with_read_timeout(None);
    let bare_social = bare.social();
    let bare_call = || async {
        let found = bare_social.get_spotify_search("Daft Punk", "artist").await.expect("a search result");
        std::hint::black_box(found);
    };
    let search = format!("{base}/api/spotify/search");
    let hand_written_call = || async {
        let (q, kind) = std::hint::black_box(("Daft Punk", "artist"));
        let url = reqwest::Url::parse_with_params(&search, [("q", q), ("type", kind)]).expect("a URL");
        let response = http.get(url).header("x-api-key", "key").send().await.expect("an answer");
        let found: recoup::social::SpotifySearchResponse = response.json().await.expect("a search result");
        std::hint::black_box(found);
    };
    let prebuilt_url_call = || async {
        let response = http.get(&url).header("x-api-key", "key").send().await.expect("an answer");
        let found: recoup::social::SpotifySearchResponse = response.json().await.expect("a search result");
        std::hint::black_box(found);
    };
    // `OVERHEAD_ONLY=generated|bare|hand|prebuilt` runs one of them alone (for strace or callgrind).
    if let Ok(only) = std::env::var("OVERHEAD_ONLY") {
        let per_call = match only.as_str() {
            "generated" => time(20_000, generated_call).await,
            "bare" => time(20_000, bare_call).await,
            "prebuilt" => time(20_000, prebuilt_url_call).await,
            _ => time(20_000, hand_written_call).await,
        };
        println!("{only}: {per_call:?} per call");
        return;
    }
    // Warm up all four (connections, allocator), then alternate rounds: each round times the
    // four back to back, in an order that rotates from round to round, so neither a slow moment
    // of the machine nor the position in a round weighs on one of them more than on the others.
    time(500, generated_call).await;
    time(500, hand_written_call).await;
    time(500, bare_call).await;
    time(500, prebuilt_url_call).await;
    let rounds = 100;
    let mut ratios = [(); 4].map(|()| Vec::new());
    let mut hand_times = Vec::new();
    for round in 0..rounds {
        let mut times = [0.0; 4];
        for slot in 0..4 {
            let which = (round + slot) % 4;
            times[which] = match which {
                0 => time(1000, generated_call).await,
                1 => time(1000, bare_call).await,
                2 => time(1000, hand_written_call).await,
                _ => time(1000, prebuilt_url_call).await,
            }
            .as_secs_f64();
        }
        let [generated, bare, hand, prebuilt] = times;
        ratios[0].push(generated / hand);
        ratios[1].push(bare / hand);
        ratios[2].push(generated / prebuilt);
        ratios[3].push(bare / prebuilt);
        hand_times.push(hand);
    }
    let [generated, bare, generated_floor, bare_floor] = ratios.map(|mut values| median(&mut values));
    let hand = Duration::from_secs_f64(median(&mut hand_times));
    println!(
        "median of {rounds} alternating rounds of 1000 calls each, as a ratio to the hand-written call in the same round"
    );
    println!("(URL built from the arguments / URL formatted once before the loop):");
    println!("generated client, defaults:             {generated:.3}x / {generated_floor:.3}x");
    println!("generated client, no retries/timeouts:  {bare:.3}x / {bare_floor:.3}x");
    println!("hand-written reqwest + serde:           {hand:?} per call (URL built from the arguments)");
    // What each call moves into its box (a larger future is copied whole on every call).
    let boxed = social.get_spotify_search("Daft Punk", "artist").send_response();
    println!("the generated call's boxed future:      {} bytes", std::mem::size_of_val(&*boxed));
}
