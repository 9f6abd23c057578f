//! Generated clients for the fixture specs in `specs/`, exercised byte for byte by `tests/`.

include!(concat!(env!("OUT_DIR"), "/specs.rs"));
