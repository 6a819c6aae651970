//! The salt of the pattern-facts cache (`src/rules/facts.rs`): a hash of the code
//! that derives a pattern's facts (its capture names and prefilter anchors) and of
//! the locked crate versions (the regex parser's among them), so that a new parser or
//! a change of how anchors are found never reads facts an older build wrote.
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
}
