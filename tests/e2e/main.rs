//! End-to-end tests of the `cximpact` binary: the sample survey, the
//! committed report, and bad input. One test binary, modules per theme.

mod bad_input;
mod capacity;
mod deliverables;
mod formats;
mod hostile;
mod inspect_exports;
mod large_logistic;
mod print;
mod progress;
mod sample;
mod truth;
mod util;
mod warehouse;
mod workflow;
