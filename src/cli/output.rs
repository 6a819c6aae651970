//! Where a report goes. A file named by `-o` is written whole or not at all: into a
//! temporary file beside it, renamed over it only once the report is complete, so a
//! run that stops early (a bad manifest, no reports, Ctrl-C, a full disk) leaves an
//! earlier report as it was; on Ctrl-C the temporary file is removed too. Standard
//! output, for the report commands, is wrapped in a [`Pipe`] so that a reader that
//! goes away (`| head`) ends nothing early: the run finishes and exits with the code
//! its findings call for.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use super::error::CliError;

/// A report file being written: a temporary file in the target's folder, renamed into
/// place by [`ReportFile::commit`]. Dropped without a commit, it is deleted. A target
/// that exists and is not a regular file (`/dev/stdout`, `/dev/null`, a named pipe)
/// cannot be replaced by a rename and is written directly.
pub(crate) struct ReportFile {
    /// The path as the user gave it, for messages.
    shown: PathBuf,
    /// Where the report goes: the path given, or the file a symbolic link there
    /// points to (the link stays a link).
    dest: PathBuf,
    writer: Target,
    /// The temporary file's place among those an interrupted run removes.
    _pending: Option<Pending>,
}

/// The temporary report files of the running process: on Ctrl-C (or SIGTERM,
/// SIGHUP) each is removed before the process exits with 130, where a signal would
/// otherwise end the process with its destructors unrun and leave them behind.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The exit code of a run stopped by Ctrl-C (128 + SIGINT, as a shell reports it).
const INTERRUPTED: i32 = 130;

/// A temporary file listed in [`PENDING`] while it lives.
struct Pending(PathBuf);

impl Pending {
    fn new(path: &Path) -> Pending {
        static HANDLER: Once = Once::new();
        HANDLER.call_once(|| {
            // Another handler (a program embedding the CLI) keeps its own.
            let _ = ctrlc::set_handler(|| {
                let paths = PENDING.lock().map(|p| p.clone()).unwrap_or_default();
                for path in paths {
                    let _ = std::fs::remove_file(path);
                }
                std::process::exit(INTERRUPTED);
            });
        });
        if let Ok(mut pending) = PENDING.lock() {
            pending.push(path.to_path_buf());
        }
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Ok(mut pending) = PENDING.lock()
            && let Some(i) = pending.iter().position(|p| *p == self.0)
        {
            pending.swap_remove(i);
        }
    }
}

enum Target {
    Temporary(BufWriter<tempfile::NamedTempFile>),
    Direct(BufWriter<std::fs::File>),
}

impl ReportFile {
    /// Creates the temporary file beside `path`. It gets the permissions a new file
    /// would (0666 less the umask on Unix), not the 0600 of a temporary file.
    pub(crate) fn create(path: &Path) -> Result<Self, CliError> {
        let error = |source| CliError::WriteReport {
            path: path.to_path_buf(),
            source,
        };
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(error)?;
            return Ok(ReportFile {
                shown: path.to_path_buf(),
                dest: path.to_path_buf(),
                writer: Target::Direct(BufWriter::new(file)),
                _pending: None,
            });
        }
        let dest = resolve_link(path);
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dest
            .file_name()
            .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let file = builder.tempfile_in(&dir).map_err(error)?;
        Ok(ReportFile {
            shown: path.to_path_buf(),
            dest,
            _pending: Some(Pending::new(file.path())),
            writer: Target::Temporary(BufWriter::new(file)),
        })
    }

    pub(crate) fn writer(&mut self) -> &mut dyn Write {
        match &mut self.writer {
            Target::Temporary(w) => w,
            Target::Direct(w) => w,
        }
    }

    /// Flushes the report and renames it over the target.
    pub(crate) fn commit(self) -> Result<(), CliError> {
        let error = |source| CliError::WriteReport {
            path: self.shown.clone(),
            source,
        };
        match self.writer {
            Target::Temporary(writer) => {
                let file = writer.into_inner().map_err(|e| error(e.into_error()))?;
                file.as_file().sync_all().map_err(error)?;
                file.persist(&self.dest).map_err(|e| error(e.error))?;
            }
            Target::Direct(mut writer) => writer.flush().map_err(error)?,
        }
        Ok(())
    }

    /// The path as given.
    pub(crate) fn path(&self) -> &Path {
        &self.shown
    }
}

/// The file a path names, following symbolic links: writing "to" a link replaces
/// the file it points to, as `>` would, rather than the link.
fn resolve_link(path: &Path) -> PathBuf {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    path.to_path_buf()
}

/// Standard output for a report command: once its reader has gone away (a closed
/// pipe), further writes are dropped, so the run goes on to its end and exits with
/// the code its findings call for, whatever the size of the output. Every other
/// write error is returned.
pub(crate) struct Pipe<'w> {
    inner: &'w mut dyn Write,
    closed: bool,
}

impl<'w> Pipe<'w> {
    pub(crate) fn new(inner: &'w mut dyn Write) -> Self {
        Pipe {
            inner,
            closed: false,
        }
    }

    fn absorb<T>(&mut self, result: io::Result<T>, done: T) -> io::Result<T> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(done)
            }
            other => other,
        }
    }
}

impl Write for Pipe<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.absorb(result, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.absorb(result, ())
    }
}
