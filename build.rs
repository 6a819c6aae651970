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
}
