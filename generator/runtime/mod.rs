// The runtime of generated modules: the HTTP client, credentials, the error type, parameter styles,
// form and multipart bodies, byte and event streams, typed headers, and the union decoder. It is
// ordinary Rust, written verbatim (indented) into a module generated alone, so that module or crate
// is self-contained, or once as `runtime.rs` beside modules that share it (the `recoup` crate
// compiles it that way), so it can never drift from the runtime it was tested with. It may use only
// the dependencies the generated crate declares (`openapi_bindgen::RUNTIME_DEPENDENCIES`).
//
// In the generator this is a folder: this root and one file per concern. The generator's `format`
// writes each `mod name;` below as `mod name { ... }` with the file's text, leaving out the unit
// tests that end the file (the runtime is compiled inside users' crates, whose test builds must not
// get the runtime's tests). The files reach each other through `super::`, and every item generated
// code or a user names is re-exported here, so `runtime::Client`, `runtime::Error` and the rest
// keep one path.
//
// Items marked `#[doc(hidden)]` are plumbing: generated code calls them, users have no need to.
// They stay public (generated code lives in sibling modules) but out of the documentation.

/// The HTTP client crate the runtime is built on, so a custom client for `with_http_client` is
/// built with the same version.
pub use reqwest;

pub use bytes::Bytes;
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::{Body, StatusCode};
// Plumbing: generated `send` methods name the method, generated multipart forms build a `Form`.
#[doc(hidden)]
pub use reqwest::Method;
#[doc(hidden)]
pub use reqwest::multipart::{Form, Part};

mod auth;
mod byte_stream;
mod call;
mod client;
mod cookie;
mod error;
mod event_lines;
mod event_stream;
mod form;
mod hook;
mod multipart;
mod object;
mod options;
mod page_values;
mod pages;
mod params;
mod parts;
mod raw;
mod request;
mod response;
mod retry;
mod send;
mod shape;
mod traces;
mod transport;
mod union;

pub use auth::{Auth, Credential, Secret};
pub use byte_stream::ByteStream;
pub use call::{BodyCall, Call, Decoder, Streamed, call};
pub use client::{
    Client, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_SIZE, DEFAULT_READ_TIMEOUT, DEFAULT_TIMEOUT,
    same_origin_redirects,
};
pub use error::{ApiError, Error, SendFailure, display_api_error, status};
pub use event_stream::{DEFAULT_MAX_EVENT_SIZE, Event, EventError, EventStream};
pub use hook::{Attempt, AttemptOutcome, Hook, Operation};
pub use multipart::{FilePart, IntoMultipart, text_part};
pub use object::object_argument;
pub use options::RequestOptions;
pub use page_values::{Next, PageValue, link_next};
pub use pages::{Advance, Items, PageFuture, PageView, Pages, Paginated};
pub use params::{Style, path_param};
// Plumbing: generated mocks (`mock`, written only with mocks on) encode parameters as requests do.
#[doc(hidden)]
pub use cookie::cookie_text;
#[doc(hidden)]
pub use params::{header_text, query_pairs};
pub use parts::ResponseParts;
pub use raw::{DecodeFailure, RawResponse};
pub use request::Request;
pub use response::{FromHeaders, Received, Response, header_value};
pub use retry::RetryPolicy;
pub use transport::TransportError;
pub use union::{UnionCandidate, union_order};
