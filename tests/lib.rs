//! Integration tests: the real binary, run as a user would.

mod collector;
mod support;

mod aggregate;
mod architecture;
mod assess;
mod collect;
mod hostile;
mod interactive;
mod listing;
mod profiles;
mod properties;
mod report;
mod snapshots;
mod validate;
