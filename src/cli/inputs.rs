//! The inputs of `check` and `extract`: the paths given and those listed with
//! `--files-from`, and what is said about them on standard error: files read with a
//! warning, skipped or failed, and a run that found no report at all.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::error::CliError;

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

/// The paths a run reads, as given.
pub(crate) struct Given {
    /// Paths on the command line (`.` when none and no list).
    pub paths: Vec<PathBuf>,
    /// Paths read from `--files-from`.
    pub listed: Vec<PathBuf>,
    /// How a message names them all: the paths, and the list.
    pub shown: Vec<PathBuf>,
}

/// The paths of a run: those given, and those listed in `files_from` (`-`: standard
/// input), one a line, blank lines and `#` lines passed over, relative paths taken
/// from the working folder. With none of these and no manifest, the working folder.
pub(crate) fn given(
    paths: &[PathBuf],
    files_from: Option<&Path>,
    manifests: &[PathBuf],
) -> Result<Given, CliError> {
    let mut shown = paths.to_vec();
    shown.extend(manifests.iter().cloned());
    let listed = match files_from {
        None => Vec::new(),
        Some(list) => {
            let stdin = list.as_os_str() == "-";
            let name = if stdin {
                "<stdin>".to_string()
            } else {
                list.display().to_string()
            };
            let mut bytes = Vec::new();
            let read = if stdin {
                std::io::stdin().lock().read_to_end(&mut bytes)
            } else {
                std::fs::File::open(list).and_then(|mut f| f.read_to_end(&mut bytes))
            };
            read.map_err(|source| CliError::ReadList { name, source })?;
            shown.push(list.to_path_buf());
            paths_of_list(&bytes)
        }
    };
    let paths = if paths.is_empty() && files_from.is_none() && manifests.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    if shown.is_empty() {
        shown.clone_from(&paths);
    }
    Ok(Given {
        paths,
        listed,
        shown,
    })
}

/// The paths of a list: one a line (`\n` or `\r\n`), kept as written; a line that is
/// blank or starts with `#` (after spaces) is not a path.
fn paths_of_list(bytes: &[u8]) -> Vec<PathBuf> {
    bytes
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .filter(|line| {
            let trimmed = line.trim_ascii();
            !trimmed.is_empty() && !trimmed.starts_with(b"#")
        })
        .map(path_of)
        .collect()
}

/// A path from a list's bytes: any bytes on Unix, UTF-8 (lossily) elsewhere.
fn path_of(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_skips_blank_and_comment_lines_and_keeps_paths_as_written() {
        let list =
            b"# my reports\nwires/afp.txt\r\n\n   \n  # indented comment\npages/a b.html\n./x.md";
        assert_eq!(
            paths_of_list(list),
            ["wires/afp.txt", "pages/a b.html", "./x.md"].map(PathBuf::from)
        );
    }
}
