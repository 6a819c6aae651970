//! The bodies of the fuzz targets, shared by `cargo fuzz` (`fuzz/fuzz_targets/`) and
//! by the stable test `tests/fuzz_regressions.rs`, which runs them over the found
//! crashes, the seed inputs and generated ones. Each takes any bytes, must not
//! panic, and checks what its output promises.
#![allow(dead_code)] // each fuzz target uses one body

use std::path::Path;
use std::sync::LazyLock;

use crosscheck::extract::Claim;
use crosscheck::extract::columns::ClaimsReader;
use crosscheck::pipeline::{ShardLine, Shards};
use crosscheck::report::{self, Format, Palette, Report};
use crosscheck::rules::{Pack, PackFile};
use crosscheck::source::Source;

/// The default pack, compiled once per process.
static PACK: LazyLock<Pack> = LazyLock::new(|| Pack::embedded().expect("the default pack"));

/// Bytes as text: most inputs are UTF-8; others are read lossily, as reports are.
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn source(text: String) -> Source {
    Source {
        published: jiff::civil::Date::new(2025, 10, 5).ok(),
        ..Source::of_text("fuzz", "fuzz.txt", text)
    }
}

/// Claims of `source` stand where they say, and survive the JSON Lines round trip
/// that `extract | align` makes.
fn check_claims(source: &Source, claims: &[Claim]) {
    let text = source.text.as_str();
    for c in claims {
        assert!(c.start <= c.end && c.end <= text.len(), "{c:?}");
        assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
        assert!(c.line >= 1 && c.column >= 1, "{c:?}");
        let line = serde_json::to_string(c).expect("a claim serializes");
        let back: Claim = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("a claim must read back ({e}): {line}"));
        assert_eq!(back.start, c.start);
        assert_eq!(back.key, c.key);
    }
}

/// A rule pack of one file with any contents: an error or a pack, never a panic; a
/// pack runs on a short text.
pub fn pack(data: &[u8]) {
    let file = PackFile {
        name: "fuzz.yaml".into(),
        text: text(data),
    };
    if let Ok(pack) = crosscheck::rules::compile::compile(&[file]) {
        let src =
            source("Talks were held in Cairo on Monday. At least 1,200 people were killed.".into());
        let claims = crosscheck::extract::extract(&pack, &src);
        check_claims(&src, &claims);
    }
}

/// Extraction with the default pack on any text.
pub fn extract(data: &[u8]) {
    let src = source(text(data));
    let claims = crosscheck::extract::extract(&PACK, &src);
    check_claims(&src, &claims);
}

/// A saved web page with any contents: its readable text (extracted with the
/// default pack) or a reason it has none, never a panic.
pub fn page(data: &[u8]) {
    if let Ok(page) = crosscheck::source::html::read(&text(data)) {
        assert!(!page.text.trim().is_empty(), "an article with no text");
        let src = source(page.text);
        let claims = crosscheck::extract::extract(&PACK, &src);
        check_claims(&src, &claims);
    }
}

/// A sources manifest with any contents: entries or an error, never a panic.
pub fn manifest(data: &[u8]) {
    let path = Path::new("fuzz/sources.yaml");
    if let Ok(entries) = crosscheck::source::parse_manifest(path, text(data)) {
        // Every id is given to one file only.
        let mut ids = std::collections::BTreeSet::new();
        for e in &entries {
            if let Some(id) = &e.id {
                assert!(ids.insert(id.clone()), "id {id} given twice");
            }
        }
    }
}

/// Claims read as `align` reads them: the lines that are claims, gathered into
/// sources (an id conflict is an error, not a panic), and the report.
fn read_claims(input: &str) -> Option<Report> {
    let mut shards = Shards::default();
    for (n, line) in input.lines().enumerate() {
        let Ok(claim) = serde_json::from_str::<Claim>(line) else {
            continue;
        };
        let from = ShardLine {
            shard: "fuzz.jsonl".into(),
            line: n + 1,
        };
        shards.add(claim, line, from).ok()?;
    }
    if shards.is_empty() {
        return None;
    }
    // A claim JSON cannot say again (a number that is not finite) is an error.
    shards.into_report().ok()
}

/// An Arrow file of claims, as `align` reads it: each row a claim or an error, the
/// reader stopping at a damaged file, never a panic; the claims read are aligned.
pub fn arrow(data: &[u8]) {
    let Ok(reader) = ClaimsReader::new(data.to_vec()) else {
        return;
    };
    let mut shards = Shards::default();
    for claim in reader {
        let Ok((claim, row)) = claim else {
            break;
        };
        let json = serde_json::to_string(&claim).expect("a claim serializes");
        let from = ShardLine {
            shard: "fuzz.arrow".into(),
            line: row,
        };
        if shards.add(claim, &json, from).is_err() {
            return;
        }
    }
    if !shards.is_empty() {
        // A claim JSON cannot say again (a number that is not finite) is an error.
        let Ok(report) = shards.into_report() else {
            return;
        };
        let mut out = Vec::new();
        report::write(&report, Format::Text, &Palette::plain(), &mut out)
            .expect("writes to memory");
    }
}

/// `align` input: the JSON report it writes is whole JSON, and says as many claims
/// as were read.
pub fn align(data: &[u8]) {
    let Some(report) = read_claims(&text(data)) else {
        return;
    };
    let mut out = Vec::new();
    report::write(&report, Format::Json, &Palette::plain(), &mut out).expect("writes to memory");
    let back: serde_json::Value = serde_json::from_slice(&out).expect("the JSON report is JSON");
    assert_eq!(back["summary"]["claims"], report.claims);
    // The text report too: never a panic.
    out.clear();
    report::write(&report, Format::Text, &Palette::plain(), &mut out).expect("writes to memory");
}

/// The HTML and Markdown printers, on a report of any claims (the input: a report's
/// text, a line `---`, then claim lines): no panic, and well-formed output.
pub fn printers(data: &[u8]) {
    let input = text(data);
    let (body, claims) = input.split_once("\n---\n").unwrap_or(("", input.as_str()));
    let Some(mut report) = read_claims(claims) else {
        return;
    };
    // The HTML report shows every source's text with its claims marked.
    for s in &report.sources {
        report.texts.insert(s.id.clone(), body.to_string());
    }
    report.all_claims = report
        .findings
        .iter()
        .flat_map(|f| f.sides.iter().flat_map(|s| s.claims.iter().cloned()))
        .collect();
    let mut out = Vec::new();
    report::write(&report, Format::Html, &Palette::plain(), &mut out).expect("writes to memory");
    let html = String::from_utf8(out).expect("HTML is UTF-8");
    if let Err(e) = well_formed_html(&html) {
        panic!("HTML not well formed: {e}");
    }
    let mut out = Vec::new();
    report::write(&report, Format::Markdown, &Palette::plain(), &mut out)
        .expect("writes to memory");
    let md = String::from_utf8(out).expect("Markdown is UTF-8");
    if let Err(e) = well_formed_markdown(&md) {
        panic!("Markdown not well formed: {e}");
    }
}

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Every `<` opens a tag or a comment, attribute values are quoted, and elements
/// close in order (the inline style and script are passed over whole).
pub fn well_formed_html(html: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            let end = after.find("-->").ok_or("an unclosed comment")?;
            rest = &after[end + 3..];
            continue;
        }
        if rest.starts_with('!') {
            let end = rest.find('>').ok_or("an unclosed <!")?;
            rest = &rest[end + 1..];
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len() - name_start);
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let shown: String = rest.chars().take(40).collect();
            return Err(format!("a bare `<` before {shown:?}"));
        }
        // The tag's end, past quoted attribute values.
        let mut quote = None;
        let mut end = None;
        for (i, c) in rest.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '<') => return Err(format!("a `<` inside the tag <{name}")),
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let end = end.ok_or_else(|| format!("the tag <{name} never ends"))?;
        let self_closing = rest[..end].ends_with('/');
        rest = &rest[end + 1..];
        if closing {
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else if name == "script" || name == "style" {
            let close = format!("</{name}>");
            let at = rest
                .find(&close)
                .ok_or_else(|| format!("<{name}> never closed"))?;
            rest = &rest[at + close.len()..];
        } else if !self_closing && !VOID.contains(&name.as_str()) {
            stack.push(name);
        }
    }
    match stack.last() {
        Some(open) => Err(format!("<{open}> never closed")),
        None => Ok(()),
    }
}

/// The `|`s of a Markdown table's rows that are not escaped.
fn cells(line: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    let mut code = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '`' if !escaped => code = !code,
            '|' if !escaped && !code => n += 1,
            _ => {}
        }
        escaped = false;
    }
    n
}

/// Every row of a table has the cells of its header: no text of a report breaks a
/// row (a line break) or adds a cell (a bare `|`).
pub fn well_formed_markdown(md: &str) -> Result<(), String> {
    let mut header: Option<usize> = None;
    for (n, line) in md.lines().enumerate() {
        if line.starts_with('|') {
            let here = cells(line);
            match header {
                None => header = Some(here),
                Some(h) if h != here => {
                    return Err(format!(
                        "line {}: {here} cells, the header has {h}: {line}",
                        n + 1
                    ));
                }
                _ => {}
            }
        } else {
            header = None;
        }
    }
    Ok(())
}
