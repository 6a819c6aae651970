//! Corpus tests: what a rule change does to a whole labelled corpus.
//!
//! - The **snapshot** (`claims.snapshot` in the corpus folder) lists every claim
//!   extracted from the corpus, one per line, in a stable order; a run shows the
//!   claims gained, lost or changed, and `--update` rewrites it.
//! - The **gold file** (`gold.yaml`) lists the findings a careful reader expects;
//!   a run matches the findings crosscheck produces against it and scores them
//!   (precision, recall, F1) per finding kind and per rule.
//! - A **baseline** (scores saved by an earlier run) turns any drop in a score into
//!   a failure.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::align::Finding;
use crate::extract::Claim;
use crate::rules::vocab::normalize_name;

/// The snapshot file in a corpus folder.
pub const SNAPSHOT_NAME: &str = "claims.snapshot";
/// The gold file in a corpus folder.
pub const GOLD_NAME: &str = "gold.yaml";

// ---------------------------------------------------------------------------
// Snapshots

/// The snapshot line of a claim: `file:line:col  rule  key = value  «words»`, the
/// file relative to the corpus folder.
pub fn snapshot_line(claim: &Claim, corpus: &Path) -> String {
    let file = Path::new(&*claim.path)
        .strip_prefix(corpus)
        .map_or_else(|_| claim.path.to_string(), |p| p.display().to_string());
    let words = claim.text.replace(['\n', '\r'], " ");
    format!(
        "{file}:{}:{}  {}  {} = {}  «{words}»",
        claim.line, claim.column, claim.rule, claim.key, claim.display
    )
}

/// The whole snapshot text of a corpus's claims, sorted.
pub fn snapshot(claims: &[Claim], corpus: &Path) -> String {
    let mut lines: Vec<(String, usize, usize, String, String)> = claims
        .iter()
        .map(|c| {
            (
                c.path.to_string(),
                c.line,
                c.column,
                c.rule.to_string(),
                snapshot_line(c, corpus),
            )
        })
        .collect();
    lines.sort();
    lines.dedup_by(|a, b| a.4 == b.4);
    let mut out = String::from(
        "# crosscheck claim snapshot: one claim per line, file:line:column  rule  key = value  «words».\n\
         # Rewrite with `crosscheck test --corpus <folder> --update` after checking the change.\n",
    );
    for (_, _, _, _, line) in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// What changed between a committed snapshot and the claims of this run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SnapshotDiff {
    pub gained: Vec<String>,
    pub lost: Vec<String>,
    /// (before, after): the same place and rule, another key, value or words.
    pub changed: Vec<(String, String)>,
}

impl SnapshotDiff {
    pub fn is_empty(&self) -> bool {
        self.gained.is_empty() && self.lost.is_empty() && self.changed.is_empty()
    }
}

/// Compares two snapshot texts.
pub fn compare_snapshots(old: &str, new: &str) -> SnapshotDiff {
    let lines = |t: &str| -> BTreeSet<String> {
        t.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_string)
            .collect()
    };
    let (old, new) = (lines(old), lines(new));
    // Place and rule: the first two fields.
    let place = |l: &str| l.splitn(3, "  ").take(2).collect::<Vec<_>>().join("  ");
    let only_old: Vec<&String> = old.difference(&new).collect();
    let only_new: Vec<&String> = new.difference(&old).collect();
    let mut diff = SnapshotDiff::default();
    let mut matched_new = BTreeSet::new();
    for o in &only_old {
        match only_new
            .iter()
            .find(|n| place(n) == place(o) && !matched_new.contains(*n))
        {
            Some(n) => {
                matched_new.insert(*n);
                diff.changed.push(((*o).clone(), (*n).clone()));
            }
            None => diff.lost.push((*o).clone()),
        }
    }
    diff.gained = only_new
        .into_iter()
        .filter(|n| !matched_new.contains(n))
        .cloned()
        .collect();
    diff
}

// ---------------------------------------------------------------------------
// Gold files

/// The findings a careful reader expects in a corpus.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Gold {
    pub findings: Vec<GoldFinding>,
}

/// A finding a careful reader expects. It is named by its `key` as crosscheck
/// shows it, or by its `measure` (and the slots that tell it from other findings of
/// that measure); its sides by the claims behind them.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoldFinding {
    /// `conflict`, `update`, `attribution`, `drift`, `variant`, `compatible` or
    /// `agree`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The lexicon measure of the finding's claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub sides: Vec<GoldSide>,
    /// Why the finding is expected, or where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoldSide {
    pub value: String,
    /// Claims the side must include: the source and words found in the claim or
    /// its sentence.
    #[serde(default)]
    pub claims: Vec<GoldClaim>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoldClaim {
    pub source: String,
    pub text: String,
}

/// A gold file (`gold.yaml`, `gold-claims.yaml`) that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// The file cannot be read.
    #[error("{}: cannot read: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not what its reader expects; line and column are 1-based, 0 when
    /// the YAML parser gives no location.
    #[error("{}:{line}:{column}: {source}", .path.display())]
    Yaml {
        path: PathBuf,
        line: usize,
        column: usize,
        source: serde_yaml::Error,
    },
}

/// Reads a gold file of any kind as `T`.
pub(crate) fn read_gold_file<T: DeserializeOwned>(path: &Path) -> Result<T, GoldError> {
    let text = std::fs::read_to_string(path).map_err(|source| GoldError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    serde_yaml::from_str(&text).map_err(|source| {
        let (line, column) = source.location().map_or((0, 0), |l| (l.line(), l.column()));
        GoldError::Yaml {
            path: path.to_path_buf(),
            line,
            column,
            source,
        }
    })
}

/// Reads a gold file; errors name the file, line and column.
pub fn read_gold(path: &Path) -> Result<Gold, GoldError> {
    read_gold_file(path)
}

/// Precision, recall and F1 over true positives, false positives, false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    pub(crate) fn new(tp: usize, fp: usize, fn_: usize) -> Score {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Score {
            tp,
            fp,
            fn_,
            precision: round(precision),
            recall: round(recall),
            f1: round(f1),
        }
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The scores of a run: per finding kind, per rule, and over all findings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scores {
    pub all: Score,
    pub kinds: BTreeMap<String, Score>,
    pub rules: BTreeMap<String, Score>,
    /// Claims against the gold claims file, when the corpus has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Score>,
}

/// The outcome of matching produced findings against a gold file.
#[derive(Clone, Debug, Default)]
pub struct GoldReport {
    pub scores: Scores,
    /// Gold findings not produced (index into the gold file, and why).
    pub missed: Vec<(usize, String)>,
    /// Produced findings not in the gold file.
    pub unexpected: Vec<usize>,
}

fn gold_claim_found(g: &GoldClaim, claims: &[Claim]) -> bool {
    claims.iter().any(|c| {
        *c.source == *g.source && (c.sentence.contains(&g.text) || g.text.contains(&c.text))
    })
}

impl GoldFinding {
    /// How the finding is named in messages: its key, or its measure and slots.
    pub fn name(&self) -> String {
        if let Some(key) = &self.key {
            return key.clone();
        }
        let mut name = self.measure.clone().unwrap_or_default();
        for slot in [&self.subject, &self.event, &self.place, &self.group]
            .into_iter()
            .flatten()
        {
            name.push_str(" · ");
            name.push_str(slot);
        }
        name
    }
}

/// Whether a produced finding is about what a gold one names: the same key, or the
/// same measure with the slots the gold finding gives.
fn same_subject(gold: &GoldFinding, produced: &Finding) -> bool {
    if let Some(key) = &gold.key {
        return *key == produced.key;
    }
    let claims: Vec<&Claim> = produced.sides.iter().flat_map(|s| &s.claims).collect();
    let Some(measure) = &gold.measure else {
        return false;
    };
    // A slot the finding's key names counts, though a claim may leave it to the
    // claims it was aligned with. A slot no claim of the finding gives is open, as in
    // alignment (an absent slot unifies with any): the sides, checked after this,
    // show whether the finding holds the gold one's claims.
    let key = normalize_name(&produced.key);
    let near = |want: &Option<String>, have: &dyn Fn(&Claim) -> Option<String>| {
        want.as_deref().is_none_or(|w| {
            let w = normalize_name(w);
            let mut given = claims.iter().filter_map(|c| have(c)).peekable();
            given.peek().is_none()
                || key.contains(&w)
                || given.any(|h| {
                    let h = normalize_name(&h);
                    h.contains(&w) || w.contains(&h)
                })
        })
    };
    claims.iter().all(|c| *c.measure == **measure)
        && near(&gold.event, &|c| c.slots.event.clone())
        && near(&gold.place, &|c| {
            c.slots.place.as_ref().map(|p| p.name.clone())
        })
        && near(&gold.group, &|c| c.slots.group.clone())
        && near(&gold.subject, &|c| c.slots.subject.clone())
}

/// Why a produced finding does not satisfy a gold one; `None` when it does.
///
/// Each gold side must be a distinct produced side: the one holding its claims (or,
/// for a side that names none, the one with its value). A side is found when it
/// holds one of the gold side's claims and no other side holds another: a claim
/// crosscheck failed to extract is counted against the claims, not against the
/// finding. A timeline (update) may hold more steps than the gold one names, and a
/// conflict more sides (crosscheck gives one conflict per set of sides that
/// contradict each other; the gold file may name its pairs). An agreement is also
/// found as a side of another finding of the key (crosscheck shows the support of a
/// side in conflict with the conflict, not again as an agreement).
fn mismatch(gold: &GoldFinding, produced: &Finding) -> Option<String> {
    let agreement_inside =
        gold.kind == "agree" && gold.sides.len() == 1 && produced.kind.as_str() != "agree";
    if (gold.kind != produced.kind.as_str() && !agreement_inside) || !same_subject(gold, produced) {
        return Some("no finding of this kind and key".into());
    }
    let extra_allowed =
        matches!(gold.kind.as_str(), "update" | "conflict" | "compatible") || agreement_inside;
    if gold.sides.len() != produced.sides.len()
        && !(extra_allowed && gold.sides.len() < produced.sides.len())
    {
        let have: Vec<&str> = produced.sides.iter().map(|s| s.value.as_str()).collect();
        return Some(format!("sides are {have:?}"));
    }
    let mut used = vec![false; produced.sides.len()];
    for side in &gold.sides {
        let holds = |p: &crate::align::Side| {
            if side.claims.is_empty() {
                p.value == side.value
            } else {
                side.claims.iter().any(|g| gold_claim_found(g, &p.claims))
            }
        };
        let found: Vec<usize> = (0..produced.sides.len())
            .filter(|&i| holds(&produced.sides[i]))
            .collect();
        match found.as_slice() {
            [i] if !used[*i] => used[*i] = true,
            [] => {
                let first = side.claims.first();
                return Some(match first {
                    Some(g) => format!("{} lacks {} «{}»", side.value, g.source, g.text),
                    None => format!("no side is {}", side.value),
                });
            }
            _ => return Some(format!("the claims of {} are split", side.value)),
        }
    }
    None
}

/// Matches produced findings against the gold file and scores them.
pub fn score(
    gold: &Gold,
    findings: &[Finding],
    claims: &[Claim],
    unmarked: &[String],
) -> GoldReport {
    let mut matched_produced = vec![false; findings.len()];
    let mut missed = Vec::new();
    let mut kind_counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut rule_counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let rules_of = |f: &Finding| -> BTreeSet<String> {
        f.sides
            .iter()
            .flat_map(|s| &s.claims)
            .map(|c| c.rule.to_string())
            .collect()
    };
    for (gi, g) in gold.findings.iter().enumerate() {
        // An agreement shown as a side of another finding shares that finding with
        // the gold finding that names it, and leaves it for that one.
        let inside =
            |f: &Finding| g.kind == "agree" && g.sides.len() == 1 && f.kind.as_str() != "agree";
        // Pairs of one conflict, or steps of one timeline, that the gold file names
        // apart share its finding.
        let shared = |f: &Finding| {
            matches!(g.kind.as_str(), "conflict" | "compatible" | "update")
                && f.kind.as_str() == g.kind
        };
        let hit = findings
            .iter()
            .enumerate()
            .find(|(i, f)| !matched_produced[*i] && !inside(f) && mismatch(g, f).is_none())
            .or_else(|| {
                findings
                    .iter()
                    .enumerate()
                    .find(|(_, f)| (inside(f) || shared(f)) && mismatch(g, f).is_none())
            });
        match hit {
            Some((i, f)) => {
                matched_produced[i] |= !inside(f);
                kind_counts.entry(g.kind.clone()).or_default().0 += 1;
                for rule in rules_of(f) {
                    rule_counts.entry(rule).or_default().0 += 1;
                }
            }
            None => {
                kind_counts.entry(g.kind.clone()).or_default().2 += 1;
                // The closest produced finding of this kind and key says why.
                let why = findings
                    .iter()
                    .filter_map(|f| mismatch(g, f))
                    .find(|w| !w.starts_with("no finding"))
                    .unwrap_or_else(|| "no finding of this kind and key".into());
                // The rules that make claims of this key (or measure) own the miss.
                let rules: BTreeSet<String> = claims
                    .iter()
                    .filter(|c| {
                        g.key.as_deref() == Some(c.key.as_str())
                            || g.measure.as_deref() == Some(&*c.measure)
                    })
                    .map(|c| c.rule.to_string())
                    .collect();
                for rule in rules {
                    rule_counts.entry(rule).or_default().2 += 1;
                }
                missed.push((gi, why));
            }
        }
    }
    // Findings of measures the set was read without (`unmarked` in its gold claims)
    // are neither right nor wrong, as their claims are.
    let unread = |f: &Finding| {
        f.sides
            .iter()
            .flat_map(|s| &s.claims)
            .all(|c| unmarked.iter().any(|m| **m == *c.measure))
    };
    let mut unexpected = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        if !matched_produced[i] && !unread(f) {
            kind_counts
                .entry(f.kind.as_str().to_string())
                .or_default()
                .1 += 1;
            for rule in rules_of(f) {
                rule_counts.entry(rule).or_default().1 += 1;
            }
            unexpected.push(i);
        }
    }
    let to_scores = |m: BTreeMap<String, (usize, usize, usize)>| -> BTreeMap<String, Score> {
        m.into_iter()
            .map(|(k, (tp, fp, fn_))| (k, Score::new(tp, fp, fn_)))
            .collect()
    };
    let (tp, fp, fn_) = kind_counts
        .values()
        .fold((0, 0, 0), |acc, c| (acc.0 + c.0, acc.1 + c.1, acc.2 + c.2));
    GoldReport {
        scores: Scores {
            all: Score::new(tp, fp, fn_),
            kinds: to_scores(kind_counts),
            rules: to_scores(rule_counts),
            claims: None,
        },
        missed,
        unexpected,
    }
}

/// A score that went down against the baseline: (what, measure, before, after).
pub fn drops(baseline: &Scores, now: &Scores) -> Vec<(String, &'static str, f64, f64)> {
    let mut out = Vec::new();
    let mut compare = |name: String, before: &Score, after: &Score| {
        for (measure, b, a) in [
            ("precision", before.precision, after.precision),
            ("recall", before.recall, after.recall),
            ("F1", before.f1, after.f1),
        ] {
            if a + 1e-9 < b {
                out.push((name.clone(), measure, b, a));
            }
        }
    };
    compare("all findings".into(), &baseline.all, &now.all);
    if let Some(before) = &baseline.claims {
        compare(
            "claims".into(),
            before,
            &now.claims
                .unwrap_or_else(|| Score::new(0, 0, before.tp + before.fn_)),
        );
    }
    for (kind, before) in &baseline.kinds {
        let after = now.kinds.get(kind).copied().unwrap_or_default();
        compare(format!("kind {kind}"), before, &after);
    }
    for (rule, before) in &baseline.rules {
        if let Some(after) = now.rules.get(rule) {
            compare(format!("rule {rule}"), before, after);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_gold_file_is_named_with_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(GOLD_NAME);
        let missing = read_gold(&path).unwrap_err();
        assert!(matches!(missing, GoldError::Read { .. }));
        assert!(
            missing
                .to_string()
                .starts_with(&format!("{}: cannot read: ", path.display()))
        );
        std::fs::write(&path, "findings:\n  - nope: 1\n").unwrap();
        let GoldError::Yaml { line, column, .. } = read_gold(&path).unwrap_err() else {
            panic!("a YAML error");
        };
        assert_eq!((line, column), (2, 5));
    }

    #[test]
    fn snapshot_diffs_tell_gained_lost_and_changed() {
        let old = "# header\na.txt:1:1  r1  k = 1  «one»\na.txt:2:1  r2  k = 2  «two»\n";
        let new = "a.txt:1:1  r1  k = 10  «one»\na.txt:3:1  r3  k = 3  «three»\n";
        let d = compare_snapshots(old, new);
        assert_eq!(
            d.changed,
            [(
                "a.txt:1:1  r1  k = 1  «one»".to_string(),
                "a.txt:1:1  r1  k = 10  «one»".to_string()
            )]
        );
        assert_eq!(d.lost, ["a.txt:2:1  r2  k = 2  «two»"]);
        assert_eq!(d.gained, ["a.txt:3:1  r3  k = 3  «three»"]);
        assert!(compare_snapshots(old, old).is_empty());
    }

    #[test]
    fn scores() {
        let s = Score::new(3, 1, 2);
        assert_eq!((s.precision, s.recall), (0.75, 0.6));
        assert_eq!(s.f1, 0.667);
        assert_eq!(Score::new(0, 0, 0).f1, 1.0);
    }

    #[test]
    fn gold_conflicts_named_as_pairs_are_found_in_the_conflict_holding_their_sides() {
        let gold: Gold = serde_yaml::from_str(
            "findings:\n  - {kind: conflict, key: k, sides: [{value: '174'}, {value: '125'}]}\n  - {kind: conflict, key: k, sides: [{value: '174'}, {value: '130'}]}\n  - {kind: conflict, key: k, sides: [{value: '174'}, {value: '99'}]}\n",
        )
        .unwrap();
        let side = |v: &str| crate::align::Side {
            sources: vec![v.into()],
            ..crate::align::Side::new(v.into(), [])
        };
        let found = vec![Finding::single(
            crate::align::FindingKind::Conflict,
            None,
            "k".into(),
            vec![side("174"), side("125"), side("130")],
            None,
        )];
        let report = score(&gold, &found, &[], &[]);
        // Two pairs found in the one conflict; the third names a side it lacks.
        assert_eq!(report.scores.all, Score::new(2, 0, 1));
        // Two steps of one timeline, named apart, are both in it.
        let gold: Gold = serde_yaml::from_str(
            "findings:\n  - {kind: update, key: k, sides: [{value: '9'}, {value: '10'}]}\n  - {kind: update, key: k, sides: [{value: '10'}, {value: '12'}]}\n",
        )
        .unwrap();
        let found = vec![Finding::single(
            crate::align::FindingKind::Update,
            None,
            "k".into(),
            vec![side("9"), side("10"), side("12")],
            None,
        )];
        assert_eq!(
            score(&gold, &found, &[], &[]).scores.all,
            Score::new(2, 0, 0)
        );
    }

    #[test]
    fn a_slot_no_claim_gives_is_open_and_a_different_one_is_not() {
        let gold: GoldFinding = serde_yaml::from_str(
            "{kind: update, measure: arrested, event: explosion, sides: [{value: '16'}, {value: '19'}]}",
        )
        .unwrap();
        let finding = |event: Option<&str>| {
            let value = crate::value::Value::Name(crate::value::NameValue {
                spelling: "16".into(),
                normalized: "16".into(),
                form: Default::default(),
            });
            let mut claim = Claim::for_test("a", "arrested", value);
            claim.slots.event = event.map(str::to_string);
            Finding::single(
                crate::align::FindingKind::Update,
                None,
                "people arrested".into(),
                vec![crate::align::Side::new("16".into(), [&claim])],
                None,
            )
        };
        // A finding of a measure the set was read without is neither right nor
        // wrong; of another measure, it is unexpected.
        let none = Gold {
            findings: Vec::new(),
        };
        assert_eq!(
            score(&none, &[finding(None)], &[], &["arrested".into()])
                .scores
                .all,
            Score::new(0, 0, 0)
        );
        assert_eq!(
            score(&none, &[finding(None)], &[], &["title".into()])
                .scores
                .all,
            Score::new(0, 1, 0)
        );
        assert!(same_subject(&gold, &finding(None)));
        assert!(same_subject(&gold, &finding(Some("explosion"))));
        assert!(!same_subject(&gold, &finding(Some("fire"))));
    }

    #[test]
    fn a_drop_against_the_baseline_is_reported() {
        let mut before = Scores::default();
        before.kinds.insert("conflict".into(), Score::new(4, 0, 0));
        let mut after = before.clone();
        after.kinds.insert("conflict".into(), Score::new(3, 0, 1));
        let d = drops(&before, &after);
        assert!(d.iter().any(|(what, m, b, a)| what == "kind conflict"
            && *m == "recall"
            && *b == 1.0
            && *a == 0.75));
        assert!(drops(&before, &before).is_empty());
    }
}
