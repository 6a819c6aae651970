//! Exit codes, one place for all of them.

use super::args::FailOn;
use crate::report::Summary;

/// Nothing at or above the `--fail-on` level; rule tests all pass.
pub const OK: u8 = 0;
/// Findings at or above the `--fail-on` level; a rule test failed.
pub const FINDINGS: u8 = 1;
/// An error: a bad rule pack, a bad manifest, an input that could not be read, no
/// reports at all, bad arguments.
pub const ERROR: u8 = 2;

/// The exit code of a report: [`ERROR`] when an input could not be read, else
/// [`FINDINGS`] when the findings reach the `--fail-on` level, else [`OK`].
pub(crate) fn for_report(summary: &Summary, fail_on: FailOn, failed_inputs: bool) -> u8 {
    if failed_inputs {
        ERROR
    } else if fails(summary, fail_on) {
        FINDINGS
    } else {
        OK
    }
}

/// Whether the findings reach the `--fail-on` level.
fn fails(summary: &Summary, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Conflict => summary.contradictions() > 0,
        FailOn::Drift => summary.contradictions() + summary.drifts > 0,
        FailOn::Never => false,
    }
}
