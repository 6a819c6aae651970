//! The progress bar of long runs: on standard error, only when it is a terminal,
//! only after the run has taken a second, never with `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::pipeline::Progress;

/// How long a run goes before its progress is shown, unless told otherwise.
pub const DELAY: Duration = Duration::from_secs(1);

pub struct Bar {
    bar: ProgressBar,
    started: Instant,
    shown: std::sync::atomic::AtomicBool,
    files: AtomicUsize,
    total_files: AtomicUsize,
    claims: AtomicUsize,
    /// Whether the files are being read a second time (stories found).
    second: std::sync::atomic::AtomicBool,
    enabled: bool,
    delay: Duration,
}

impl Bar {
    /// A bar that draws only if `enabled` (stderr is a terminal, no `--quiet`), once
    /// the run has taken `delay`.
    pub fn new(enabled: bool, delay: Duration) -> Bar {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {bytes}/{total_bytes} {wide_bar} {bytes_per_sec} · ETA {eta} · {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Bar {
            bar,
            started: Instant::now(),
            shown: false.into(),
            files: AtomicUsize::new(0),
            total_files: AtomicUsize::new(0),
            claims: AtomicUsize::new(0),
            second: false.into(),
            enabled,
            delay,
        }
    }

    /// Clears the bar (before the report is printed).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// The bar's message: files read of the total, claims, and whether this is the
    /// second reading.
    fn show_counts(&self, files: usize, claims: usize) {
        let total = self.total_files.load(Ordering::Relaxed);
        let again = if self.second.load(Ordering::Relaxed) {
            "read again by story: "
        } else {
            ""
        };
        self.bar
            .set_message(format!("{again}{files}/{total} files · {claims} claims"));
    }
}

impl Progress for Bar {
    fn wants_totals(&self) -> bool {
        self.enabled
    }

    fn start(&self, files: usize, bytes: u64) {
        self.total_files.store(files, Ordering::Relaxed);
        self.files.store(0, Ordering::Relaxed);
        self.claims.store(0, Ordering::Relaxed);
        self.bar.set_position(0);
        self.bar.set_length(bytes);
        // A second reading says so at once: the bar is redrawn at most twenty times
        // a second, and a short reading could end before its first redraw.
        if self.shown.load(Ordering::Relaxed) && self.second.load(Ordering::Relaxed) {
            self.show_counts(0, 0);
            self.bar.force_draw();
        }
    }

    fn second_reading(&self) {
        self.second.store(true, Ordering::Relaxed);
    }

    fn advance(&self, bytes: u64, claims: usize) {
        if !self.enabled {
            return; // nothing to count for: no bar (and no lock taken per file)
        }
        let files = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        let claims = self.claims.fetch_add(claims, Ordering::Relaxed) + claims;
        self.bar.inc(bytes);
        if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() >= self.delay {
            self.shown.store(true, Ordering::Relaxed);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        if self.shown.load(Ordering::Relaxed) {
            self.show_counts(files, claims);
        }
    }
}
