//! The salt of the pattern-facts cache (`src/rules/facts.rs`): a hash of the code
//! that derives a pattern's facts (its capture names and prefilter anchors) and of
//! the locked crate versions (the regex parser's among them), so that a new parser or
//! a change of how anchors are found never reads facts an older build wrote.
//!
//! The salt of the name-table cache (`src/rules/names_cache.rs`): a hash of every
//! source file of the crate and of the locked crate versions. The cached tables are
//! Rust structs in a binary form, built by code spread over several modules, so any
//! change of the code makes a new file rather than risk reading an older layout.
//!
//! Skip switches for the tests that need outside tools. `#[ignore]` is decided at
//! compile time, so the environment is read here and turned into cfgs: with
//! CROSSCHECK_SKIP_BROWSER set (non-empty), tests/browser.rs's test is built as
//! `#[ignore]` and `cargo test` reports it as ignored, not passed; likewise
//! CROSSCHECK_SKIP_GRAPHVIZ for the Graphviz rendering test in tests/formats.rs.

fn main() {
    for (var, cfg) in [
        ("CROSSCHECK_SKIP_BROWSER", "skip_browser"),
        ("CROSSCHECK_SKIP_GRAPHVIZ", "skip_graphviz"),
    ] {
        println!("cargo::rerun-if-env-changed={var}");
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if std::env::var_os(var).is_some_and(|v| !v.is_empty()) {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
    println!("cargo::rerun-if-changed=build.rs");
    let mut salt = std::hash::DefaultHasher::new();
    for file in [
        "src/rules/pattern.rs",
        "src/rules/prefilter.rs",
        "src/rules/facts.rs",
        "Cargo.lock",
    ] {
        println!("cargo::rerun-if-changed={file}");
        std::hash::Hash::hash(&std::fs::read(file).unwrap_or_default(), &mut salt);
    }
    std::hash::Hash::hash(env!("CARGO_PKG_VERSION"), &mut salt);
    println!(
        "cargo::rustc-env=CROSSCHECK_FACTS_SALT={:016x}",
        std::hash::Hasher::finish(&salt)
    );
    println!("cargo::rerun-if-changed=src");
    let mut sources = Vec::new();
    collect_sources(std::path::Path::new("src"), &mut sources);
    sources.sort();
    let mut salt = std::hash::DefaultHasher::new();
    for file in sources
        .iter()
        .map(|p| p.as_path())
        .chain([std::path::Path::new("Cargo.lock")])
    {
        std::hash::Hash::hash(&file, &mut salt);
        std::hash::Hash::hash(&std::fs::read(file).unwrap_or_default(), &mut salt);
    }
    std::hash::Hash::hash(env!("CARGO_PKG_VERSION"), &mut salt);
    println!(
        "cargo::rustc-env=CROSSCHECK_NAMES_SALT={:016x}",
        std::hash::Hasher::finish(&salt)
    );
}

/// Every file under `dir`.
fn collect_sources(dir: &std::path::Path, into: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_sources(&path, into);
        } else {
            into.push(path);
        }
    }
}
