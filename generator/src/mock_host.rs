//! Test-only: `runtime/mock/` compiled beside the runtime it extends (as `runtime::mock` is in
//! generated code), so its unit tests run with this crate's.

pub use crate::runtime::*;

#[path = "../runtime/mock/mod.rs"]
mod mock;
