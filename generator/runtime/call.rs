//! One operation's call: the request sent, then its response decoded by the operation's status table.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::FutureExt as _;
use futures_util::future::Either;

use super::{Error, RawResponse, Received, Request, Response, SendFailure, StatusCode};

/// The future of one call: `.await` it for the decoded response or the error.
///
/// Every operation's call is this one future, written once in the runtime and driven by the
/// operation's decoders, so a generated operation adds plain functions only (no `async` body of
/// its own for the compiler to lay out).
pub type Call<T, E> = Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send>>;

/// The statuses an operation answers with a stream, and how: decided before the body is read.
// Plumbing: generated `send_response` methods pass one when the operation answers with a stream.
#[doc(hidden)]
pub struct Streamed<T, E> {
    /// Whether a status is answered with a stream.
    pub answers: fn(StatusCode) -> bool,
    /// The answer to a response whose status `answers` took, its body unread.
    pub decode: fn(Received) -> Result<T, Error<E>>,
}

/// Decides the answer of a response read whole, by its status.
// Plumbing: every generated `send_response` passes its own.
#[doc(hidden)]
pub type Decoder<T, E> = fn(RawResponse) -> Result<T, Error<E>>;

/// Sends `request` (or gives its build failure) and decodes the response: streamed statuses
/// first, with the body unread, then every other after reading the body under its limit.
// Plumbing: every generated `send_response` ends with it.
#[doc(hidden)]
#[allow(clippy::result_large_err)] // the closures give the call's own error, as its decoders do
pub fn call<T, E>(
    request: Result<Request, SendFailure>,
    streamed: Option<Streamed<T, E>>,
    decode: Decoder<T, E>,
) -> Call<T, E>
where
    T: Send + 'static,
    E: Send + 'static,
{
    let sent = match request {
        Ok(request) => request.send(),
        Err(failure) => return Box::pin(std::future::ready(Err(failure.into()))),
    };
    // Combinators, not an `async` block: the sending and the reading are the two states of one
    // enum, so the boxed future is as large as the larger of them, not their sum (an `async`
    // block would keep `sent` both as its capture and as the future it awaits).
    Box::pin(sent.then(move |sent| match sent {
        Err(failure) => Either::Left(std::future::ready(Err(failure.into()))),
        Ok(received) => match streamed {
            Some(Streamed { answers, decode: decode_stream }) if answers(received.status()) => {
                Either::Left(std::future::ready(decode_stream(received)))
            }
            _ => Either::Right(received.read().map(move |read| decode(read?))),
        },
    }))
}

/// The future of a call answering with the body alone (what `send` and `.await` give): the
/// status and headers of a success are dropped.
#[must_use = "a call does nothing until it is awaited"]
pub struct BodyCall<T, H, E> {
    call: Call<Response<T, H>, E>,
}

impl<T, H, E> BodyCall<T, H, E> {
    // Plumbing: generated `send` methods wrap their `send_response` in it.
    #[doc(hidden)]
    pub fn new(call: Call<Response<T, H>, E>) -> Self {
        BodyCall { call }
    }
}

impl<T, H, E> Future for BodyCall<T, H, E> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.call.as_mut().poll(cx) {
            Poll::Ready(Ok(response)) => Poll::Ready(Ok(response.body)),
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T, H, E> std::fmt::Debug for BodyCall<T, H, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BodyCall")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::result_large_err)] // decoders return the call's error, as generated ones do

    use futures_util::StreamExt as _;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::super::{ByteStream, Client, HeaderMap, Method};
    use super::*;

    /// What the test operation answers: a stream for 200, the body's text for any other status.
    #[derive(Debug)]
    enum Answer {
        Stream(ByteStream),
        Text(StatusCode, String),
    }

    fn streams(status: StatusCode) -> bool {
        status == StatusCode::OK
    }

    fn decode_stream(received: Received) -> Result<Response<Answer, ()>, Error<()>> {
        let status = received.status();
        Ok(Response::new(status, Answer::Stream(received.into_byte_stream()), HeaderMap::new())?)
    }

    fn decode(response: RawResponse) -> Result<Response<Answer, ()>, Error<()>> {
        let text = String::from_utf8_lossy(&response.body).into_owned();
        Ok(Response::new(response.status, Answer::Text(response.status, text), response.headers)?)
    }

    async fn answering(template: ResponseTemplate) -> (MockServer, Client) {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(template).mount(&server).await;
        let client = Client::with_base_url(server.uri());
        (server, client)
    }

    fn get(client: &Client) -> Result<Request, SendFailure> {
        Ok(Request::new(client.clone(), None, Method::GET, "/c".to_owned()))
    }

    #[tokio::test]
    async fn a_streamed_status_is_answered_with_the_body_unread() {
        let (_server, client) = answering(ResponseTemplate::new(200).set_body_string("chunk")).await;
        let streamed = Some(Streamed { answers: streams, decode: decode_stream });
        let answer = call(get(&client), streamed, decode).await.expect("answered").body;
        let Answer::Stream(mut stream) = answer else { panic!("expected a stream, got {answer:?}") };
        let chunk = stream.next().await.expect("a chunk").expect("read");
        assert_eq!(&chunk[..], b"chunk");
    }

    #[tokio::test]
    async fn other_statuses_are_read_whole_then_decoded() {
        let (_server, client) = answering(ResponseTemplate::new(404).set_body_string("gone")).await;
        let streamed = Some(Streamed { answers: streams, decode: decode_stream });
        let answer = call(get(&client), streamed, decode).await.expect("answered").body;
        assert!(matches!(&answer, Answer::Text(StatusCode::NOT_FOUND, text) if text == "gone"), "{answer:?}");
        // Without streamed statuses, a 200 is read whole too.
        let (_server, client) = answering(ResponseTemplate::new(200).set_body_string("whole")).await;
        let answer = call(get(&client), None, decode).await.expect("answered").body;
        assert!(matches!(&answer, Answer::Text(StatusCode::OK, text) if text == "whole"), "{answer:?}");
    }

    #[tokio::test]
    async fn a_request_that_could_not_be_built_is_refused_unsent() {
        let (server, _client) = answering(ResponseTemplate::new(200)).await;
        let refused = Err(SendFailure::Invalid("path parameter `id` is empty".to_owned()));
        let error = call(refused, None, decode).await.expect_err("refused");
        assert!(matches!(&error, Error::InvalidRequest(message) if message.contains("`id`")), "{error:?}");
        assert_eq!(server.received_requests().await.map(|requests| requests.len()), Some(0));
    }

    #[tokio::test]
    async fn a_body_call_answers_with_the_body_alone() {
        let (_server, client) = answering(ResponseTemplate::new(201).set_body_string("made")).await;
        let answer = BodyCall::new(call(get(&client), None, decode)).await.expect("answered");
        assert!(matches!(&answer, Answer::Text(StatusCode::CREATED, text) if text == "made"), "{answer:?}");
        let (_server, client) = answering(ResponseTemplate::new(400)).await;
        let failed = BodyCall::new(call::<Response<Answer, ()>, ()>(get(&client), None, |_| {
            Err(Error::InvalidRequest("no".into()))
        }));
        assert!(matches!(failed.await, Err(Error::InvalidRequest(_))));
    }
}
