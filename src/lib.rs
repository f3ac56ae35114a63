//! partnerscope: self-assessment for cross-sector partnerships against the
//! collective impact model.
//!
//! `core` is pure (content, scoring, recommendation, aggregation,
//! comparison); `io`, `report` and `cli` sit around it and depend inward only.

#![deny(unreachable_pub)]

mod allocator;
pub mod cli;
pub mod core;
mod error;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod io;
mod report;

pub use allocator::Allocator;
