//! Typed mocks' shared half (written only with mocks on): the server explaining unmatched requests (`server`), operation routes (`route`), the builder every generated mock wraps (`builder`), and received requests (`received`).

pub use wiremock::{Request, ResponseTemplate, Times};

mod builder;
mod received;
mod route;
mod server;

pub use builder::{MockBuilder, empty, json, json_events, raw, text_events};
pub use received::{DecodeError, ReceivedRequest};
pub use route::{OperationRoute, RoutePart};
pub use server::{Mismatch, Server, UNMATCHED_STATUS, Unmatched};

#[cfg(test)]
mod tests {
    #[test]
    fn the_status_of_unmatched_requests_is_no_api_status() {
        assert_eq!(super::UNMATCHED_STATUS, 418);
    }
}
