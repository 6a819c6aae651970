//! SARIF 2.1.0 (the OASIS Static Analysis Results Interchange Format): a draft's
//! problems, each at its place in the draft, for editors and review tools that
//! show SARIF results inline. Only a review has results: a report without one
//! (no `--against`) is written as a run with none, and the command line refuses it.
//!
//! One result per draft claim of each problem and per unsupported claim; the
//! references' claims are its related locations. Columns count characters
//! (`columnKind: unicodeCodePoints`), as everywhere in crosscheck.

use serde_json::{Value as Json, json};
use std::io::{self, Write};

use super::Report;
use crate::extract::Claim;
use crate::review::{Item, ItemKind};

/// The rules of the driver: one per kind of draft problem, then unsupported.
const RULES: &[(&str, &str, &str, &str)] = &[
    (
        "conflict",
        "Conflict",
        "error",
        "The draft gives a value the references contradict.",
    ),
    (
        "attribution",
        "Misattribution",
        "error",
        "The draft gives the references' quoted words to another speaker.",
    ),
    (
        "drift",
        "Drift",
        "warning",
        "The draft words a speaker's statement otherwise than the references quote it.",
    ),
    (
        "outdated",
        "Outdated",
        "warning",
        "The draft gives an older figure of a count that a later reference updates.",
    ),
    (
        "ahead",
        "Ahead of the references",
        "warning",
        "The draft's figure of a rising count is higher than every reference's: no reference gives it yet.",
    ),
    (
        "variant",
        "Spelling",
        "note",
        "The draft spells a name otherwise than the references.",
    ),
    (
        "unsupported",
        "Unsupported",
        "note",
        "No reference states this claim of the draft.",
    ),
];

/// The rule id of a kind of result.
fn rule(kind: &str) -> String {
    format!("crosscheck/{kind}")
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Json> = RULES
        .iter()
        .map(|(id, name, level, text)| {
            json!({
                "id": rule(id),
                "name": name,
                "shortDescription": {"text": text},
                "defaultConfiguration": {"level": level},
            })
        })
        .collect();
    let mut results = Vec::new();
    if let Some(review) = &report.review {
        for item in &review.problems {
            results.extend(item_results(item));
        }
        for claim in &review.unsupported {
            let text = format!(
                "{}: {} — no reference states it",
                claim.key,
                one_line(&claim.display)
            );
            results.push(result("unsupported", &text, claim, Vec::new()));
        }
    }
    let log = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": env!("CARGO_PKG_NAME"),
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(|e| match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    })?;
    writeln!(out)
}

/// One result per draft claim of a problem.
fn item_results(item: &Item) -> Vec<Json> {
    let kind = item.kind.as_str();
    let text = message(item);
    let related: Vec<&Claim> = item.references.iter().flat_map(|s| &s.claims).collect();
    item.draft_claims
        .iter()
        .map(|c| result(kind, &text, c, related.clone()))
        .collect()
}

/// What the references say to the draft, in a sentence or two.
fn message(item: &Item) -> String {
    let refs = item.references_line();
    let mut text = match item.kind {
        ItemKind::Conflict => format!(
            "{}: the draft says {}; the references say {refs}",
            item.key, item.value
        ),
        ItemKind::Attribution => format!(
            "{}: the draft gives these words to {}; the references to {refs}",
            item.key, item.value
        ),
        ItemKind::Drift => {
            let diff = item
                .diff
                .as_deref()
                .map(|d| {
                    format!(
                        " — {}",
                        super::text::render_diff(d, &super::Palette::plain())
                    )
                })
                .unwrap_or_default();
            let sources: Vec<String> = item
                .references
                .iter()
                .flat_map(|s| s.sources.iter().cloned())
                .collect();
            format!(
                "{}: the draft quotes it otherwise than the references ({}){diff}",
                item.key,
                crate::align::listed(&sources)
            )
        }
        ItemKind::Outdated => format!(
            "{}: the draft gives {}; a later reference gives {refs}",
            item.key, item.value
        ),
        ItemKind::Ahead => format!(
            "{}: the draft gives {}, higher than every reference ({refs})",
            item.key, item.value
        ),
        ItemKind::Variant => format!(
            "{}: the draft spells it {}; the references {refs}",
            item.key, item.value
        ),
        ItemKind::Agree | ItemKind::Fits => format!("{}: {}", item.key, item.value),
    };
    if !item.backing.is_empty() {
        text.push_str(&format!(
            " (the draft's value is given by {} too)",
            item.backing.join(", ")
        ));
    }
    if let Some(note) = &item.note {
        text.push_str(&format!(". {note}"));
    }
    one_line(&text)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn result(kind: &str, text: &str, claim: &Claim, related: Vec<&Claim>) -> Json {
    let index = RULES.iter().position(|r| r.0 == kind).unwrap_or(0);
    let mut r = json!({
        "ruleId": rule(kind),
        "ruleIndex": index,
        "level": RULES[index].2,
        "message": {"text": text},
        "locations": [location(claim)],
    });
    if !related.is_empty() {
        let related: Vec<Json> = related
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut l = location(c);
                l["id"] = json!(i);
                l["message"] =
                    json!({"text": format!("{} says {}", c.source, one_line(&c.display))});
                l
            })
            .collect();
        r["relatedLocations"] = Json::Array(related);
    }
    r
}

/// A claim's place: its file and the region of its words (columns count
/// characters; the end column is the one after the last character).
fn location(claim: &Claim) -> Json {
    let lines: Vec<&str> = claim.text.split('\n').collect();
    let end_line = claim.line + lines.len() - 1;
    let last = lines.last().map_or(0, |l| l.chars().count());
    let end_column = if lines.len() == 1 {
        claim.column + last
    } else {
        last + 1
    };
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(&claim.path)},
            "region": {
                "startLine": claim.line.max(1),
                "startColumn": claim.column.max(1),
                "endLine": end_line.max(1),
                "endColumn": end_column.max(1),
                "snippet": {"text": claim.text},
            },
        },
    })
}

/// A path as a URI reference: relative paths stay relative (`/` separated),
/// absolute ones become `file://` URIs; characters a URI cannot hold are
/// percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("drafts/my draft.md"), "drafts/my%20draft.md");
        assert_eq!(uri("/tmp/a#b.txt"), "file:///tmp/a%23b.txt");
        assert_eq!(uri("é.md"), "%C3%A9.md");
    }
}
