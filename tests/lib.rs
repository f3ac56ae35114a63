//! Integration tests: the real binary, run as a user would.

mod support;

mod aggregate;
mod architecture;
mod assess;
mod hostile;
mod interactive;
mod listing;
mod profiles;
mod properties;
mod report;
mod snapshots;
mod validate;
