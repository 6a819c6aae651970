//! What `check` and `extract` say about their inputs on standard error: files read
//! with a warning, skipped or failed, and a run that found no report at all.

use std::io::Write;

use crate::report::Palette;
use crate::report::text::printable;
use crate::source::{SourceStatus, Status};

/// Prints per-source warnings and skips to stderr; true when any input failed.
pub(crate) fn report_inputs(sources: &[SourceStatus], p: &Palette, err: &mut dyn Write) -> bool {
    let mut failed = false;
    for s in sources {
        for w in &s.warnings {
            let _ = writeln!(
                err,
                "{c}warning:{c:#} {}: {}",
                printable(&s.path),
                printable(w),
                c = p.compatible
            );
        }
        match s.status {
            Status::Error => {
                failed = true;
                let reason = s.reason.as_deref().unwrap_or("");
                let (path, reason) = (printable(&s.path), printable(reason));
                let _ = writeln!(err, "{c}error:{c:#} {path}: {reason}", c = p.conflict);
            }
            Status::Skipped => {
                let reason = s.reason.as_deref().unwrap_or("");
                let (path, reason) = (printable(&s.path), printable(reason));
                let _ = writeln!(err, "{c}skipped:{c:#} {path}: {reason}", c = p.dim);
            }
            Status::Checked => {}
        }
    }
    failed
}
