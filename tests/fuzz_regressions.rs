//! The fuzz targets' bodies (`fuzz/bodies.rs`) on stable Rust, in every `cargo test`:
//! over every input a fuzzer found a crash with (`fuzz/regressions/TARGET/`, kept
//! after the fix), the seed inputs (`fuzz/seeds/TARGET/`), and a few thousand inputs
//! made from the seeds by random edits of the kinds a fuzzer makes (a fixed random
//! seed: the same inputs every run). The fuzzers themselves need nightly; see
//! `fuzz/README.md`.

#[path = "../fuzz/bodies.rs"]
mod bodies;

use std::path::PathBuf;

/// The files of `fuzz/DIR/TARGET`, in name order (dot files left out).
fn inputs(dir: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(dir)
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|e| e.expect("an entry").path())
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("readable");
            (p, bytes)
        })
        .collect()
}

/// Bytes that make parsers and printers work: markup, quotes, separators.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"&",
    b"\"",
    b"'",
    b"|",
    b"\n",
    b"\r\n",
    b"\\",
    b"`",
    b"*",
    b"#",
    b"{{",
    b"}}",
    b"\xe2\x80\x9c",
    b"\xe2\x80\x9d",
    b"\xe2\x80\xae",
    b"\x1b[31m",
    b"\xff",
    b"\0",
    b": ",
    b"- ",
    b"null",
    b"1e400",
    b"-1",
    b"18446744073709551616",
    b"NaN",
    b"\"start\":",
    b"---\n",
    b"(?P<value>",
    b")",
    b"[",
    b"]",
    b".",
    b"  ",
];

/// An edit of `input` as a fuzzer makes one: a byte changed, a slice removed,
/// duplicated or moved, a token inserted.
fn mutate(rng: &mut fastrand::Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..rng.usize(1..4) {
        let len = out.len();
        match rng.u8(0..5) {
            0 if len > 0 => {
                let i = rng.usize(0..len);
                out[i] = rng.u8(..);
            }
            1 if len > 0 => {
                let a = rng.usize(0..len);
                let b = rng.usize(a..=len.min(a + 64));
                out.drain(a..b);
            }
            2 if len > 0 => {
                let a = rng.usize(0..len);
                let b = rng.usize(a..=len.min(a + 64));
                let piece = out[a..b].to_vec();
                let at = rng.usize(0..=out.len());
                out.splice(at..at, piece);
            }
            _ => {
                let token = TOKENS[rng.usize(0..TOKENS.len())];
                let at = rng.usize(0..=len);
                out.splice(at..at, token.iter().copied());
            }
        }
    }
    out
}

/// Runs `body` over the regressions, the seeds and `generated` edits of the seeds.
fn run(target: &str, body: fn(&[u8]), generated: usize) {
    let found = inputs("regressions", target);
    let seeds = inputs("seeds", target);
    assert!(
        !seeds.is_empty(),
        "fuzz/seeds/{target} holds the seed inputs"
    );
    for (path, bytes) in found.iter().chain(&seeds) {
        eprintln!("{target}: {}", path.display());
        body(bytes);
    }
    let mut rng = fastrand::Rng::with_seed(12);
    for n in 0..generated {
        let (_, seed) = &seeds[n % seeds.len()];
        let input = mutate(&mut rng, seed);
        // A panic names the input, to keep it in fuzz/regressions/.
        let result = std::panic::catch_unwind(|| body(&input));
        if result.is_err() {
            panic!(
                "{target}: generated input {n} panics: {:?}",
                String::from_utf8_lossy(&input)
            );
        }
    }
}

#[test]
fn pack_loading() {
    run("pack", bodies::pack, 2_000);
}

#[test]
fn extraction_with_the_default_pack() {
    run("extract", bodies::extract, 1_000);
}

#[test]
fn manifest_parsing() {
    run("manifest", bodies::manifest, 3_000);
}

#[test]
fn align_input() {
    run("align", bodies::align, 2_000);
}

#[test]
fn arrow_claims() {
    run("arrow", bodies::arrow, 1_000);
}

#[test]
fn html_and_markdown_printers() {
    run("printers", bodies::printers, 1_000);
}

#[test]
fn saved_page_reading() {
    run("page", bodies::page, 300);
}
