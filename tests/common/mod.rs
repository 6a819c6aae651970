//! Helpers shared by the integration tests: run the built binary, build inputs.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seeds() -> PathBuf {
    root().join("seeds")
}

/// Runs crosscheck with `args` in `dir` (the repository root when `None`), with
/// NO_COLOR set so output is plain, and the pattern-facts cache under the build's
/// folder (not the user's).
pub fn run_in(dir: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_crosscheck"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env(
            "CROSSCHECK_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("facts"),
        )
        .current_dir(dir.map_or_else(root, Path::to_path_buf));
    cmd.output().expect("the crosscheck binary runs")
}

pub fn run(args: &[&str]) -> Output {
    run_in(None, args)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The JSON report a run printed; a test failure showing the output when it is not
/// one.
pub fn json_report(out: &Output) -> crosscheck::report::json::JsonReport {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not a JSON report ({e}):\n{}", stdout(out)))
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// A temporary folder with files written into it.
pub struct Corpus {
    pub dir: tempfile::TempDir,
}

impl Corpus {
    pub fn new() -> Self {
        Corpus {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn file(self, name: &str, contents: impl AsRef<[u8]>) -> Self {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(path, contents).expect("write a test file");
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

/// The seed reports (`seeds/*.txt`): file name and contents, in name order.
pub fn seed_reports() -> Vec<(String, Vec<u8>)> {
    let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(seeds())
        .expect("seeds/")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .map(|path| {
            let name = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .to_string();
            (name, std::fs::read(&path).expect("a seed"))
        })
        .collect();
    seeds.sort();
    seeds
}

/// A copy of the default pack (`rules/`), each file passed through `edit(path
/// relative to rules/, text)`.
pub fn default_pack_edited(edit: impl Fn(&str, &str) -> String) -> Corpus {
    let mut pack = Corpus::new();
    let root = root().join("rules");
    for entry in walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(&root)
                .expect("under rules/")
                .to_string_lossy()
                .to_string();
            let text = std::fs::read_to_string(entry.path()).expect("a rule file");
            pack = pack.file(&rel, edit(&rel, &text));
        }
    }
    pack
}

/// The report with each finding split into its parts (a conflict, the values that
/// fit it, an agreement), as findings were before they were per key: the
/// acceptance lists name them that way.
pub fn by_part(
    mut r: crosscheck::report::json::JsonReport,
) -> crosscheck::report::json::JsonReport {
    r.findings = r.findings.iter().flat_map(|f| f.split()).collect();
    r
}
