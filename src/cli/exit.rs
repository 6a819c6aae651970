//! Exit codes, one place for all of them.

/// Nothing at or above the `--fail-on` level; rule tests all pass.
pub const OK: u8 = 0;
/// Findings at or above the `--fail-on` level; a rule test failed.
pub const FINDINGS: u8 = 1;
/// An error: a bad rule pack, a bad manifest, an input that could not be read, no
/// reports at all, bad arguments.
pub const ERROR: u8 = 2;
