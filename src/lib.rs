//! crosscheck: cross-checks what several news reports claim about the same event.
//!
//! The pipeline, one module per stage with plain data between them:
//! [`source`] loads reports → [`rules`] compiles a rule pack → [`tag`] finds the
//! entities of each report once → [`extract`] turns each report into typed
//! [`extract::Claim`]s → [`align`] lines the claims up across
//! reports and produces findings → [`report`] prints them. [`cli`] resolves the
//! command line into settings and runs a command.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod cli;
pub mod extract;
pub mod pipeline;
pub mod report;
pub mod review;
pub mod rules;
pub mod ruletest;
pub mod source;
pub mod tag;
pub mod value;
