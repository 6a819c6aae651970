use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

/// jemalloc, not the system's malloc: extraction allocates millions of small
/// strings on every thread (why, and what it costs in memory: Cargo.toml).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read as it starts: pages freed go back to the system after
/// half a second unused, not ten. A large run allocates and frees in waves
/// (discovery's tables of every file, then chunks of claims, each a few seconds):
/// under the default the first waves' pages stay resident beneath the later ones,
/// and `check` on 1 GB of reports peaked at 321 MB, over the 300 MB target; with
/// this at 299 MB, in the same time (docs/performance.md). Shorter costs time (at
/// once: 13 % more). `_RJEM_MALLOC_CONF` in the environment is read after this and
/// overrides it.
#[cfg(not(target_env = "msvc"))]
#[allow(non_upper_case_globals)]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static malloc_conf: Option<&'static u8> = Some(&MALLOC_CONF[0]);

/// The options, as the C string jemalloc reads through `malloc_conf` (a `const
/// char *`, as `tikv_jemalloc_sys::malloc_conf` declares it).
#[cfg(not(target_env = "msvc"))]
static MALLOC_CONF: [u8; 19] = *b"dirty_decay_ms:500\0";

fn main() -> ExitCode {
    let term = crosscheck::cli::Terminal {
        stdout_is_terminal: std::io::stdout().is_terminal(),
        stderr_is_terminal: std::io::stderr().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        // For tests of the progress bar, which should not have to run for a second.
        progress_after: std::env::var("CROSSCHECK_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map(std::time::Duration::from_millis),
        cache_dir: cache_dir(),
        // For tests of a second reading, which would need 400,000 claims.
        hold_claims: std::env::var("CROSSCHECK_HOLD_CLAIMS")
            .ok()
            .and_then(|n| n.parse().ok()),
    };
    // Block-buffered: `extract` writes a line per claim, and a write per line would
    // cost more than the extraction.
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    // Not locked for the run: the progress bar writes to stderr from other threads.
    let code = crosscheck::cli::run(std::env::args_os(), term, &mut out, &mut std::io::stderr());
    // A reader that went away (`| head`) is not an error at this point.
    let _ = out.flush();
    ExitCode::from(code)
}

/// Where pattern facts are kept between runs: `CROSSCHECK_CACHE_DIR`, else the
/// user's cache folder (`$XDG_CACHE_HOME/crosscheck`, `~/.cache/crosscheck`); none
/// when `CROSSCHECK_NO_CACHE` is set (non-empty).
fn cache_dir() -> Option<std::path::PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if var("CROSSCHECK_NO_CACHE").is_some() {
        return None;
    }
    if let Some(dir) = var("CROSSCHECK_CACHE_DIR") {
        return Some(dir.into());
    }
    let base = var("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| var("HOME").map(|h| std::path::Path::new(&h).join(".cache")))?;
    Some(base.join("crosscheck"))
}
