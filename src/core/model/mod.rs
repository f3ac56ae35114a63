//! The documents partnerscope writes and reads, as plain types.

pub(crate) mod aggregate;
pub mod answers;
pub(crate) mod comparison;
pub(crate) mod document;
pub mod kind;
pub mod result;
