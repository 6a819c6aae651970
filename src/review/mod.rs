//! A draft reviewed against reference reports (`check DRAFT --against REFS`): what
//! the editor of the draft asks. Owns the question, not the comparing: the draft's
//! and the references' claims are aligned as one story ([`crate::align`]), and the
//! findings are read from the draft's side — where it disagrees with the references,
//! where they back it, and which of its claims no reference speaks to. The result is
//! plain data ([`Review`]); the printers in [`crate::report`] only show it.
//!
//! Stories: a draft has none of its own that matters, so it is compared with every
//! story the references hold (its claims are aligned once per story), and a claim
//! is unsupported only when no story's references speak to it.

use std::collections::{BTreeMap, BTreeSet};

use crate::align::copies::Fingerprint;
use crate::align::{Finding, FindingKind, Side, WordDiff, quotes};
use crate::extract::{Claim, Trend};
use crate::value::ClaimKind;

/// What the draft says to the references about one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    /// The draft's value contradicts what references give.
    Conflict,
    /// The draft gives the references' words to another speaker.
    Attribution,
    /// The draft words a speaker's statement otherwise than the references.
    Drift,
    /// The draft's figure of a count that moves is older than a later reference's.
    Outdated,
    /// The draft's figure of a rising count is higher than any reference's: no
    /// reference gives it yet.
    Ahead,
    /// The draft spells a name otherwise than the references.
    Variant,
    /// References state the draft's value.
    Agree,
    /// The draft's value differs from the references' but fits it ("over 20,000"
    /// and "20,179").
    Fits,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Conflict => "conflict",
            ItemKind::Attribution => "attribution",
            ItemKind::Drift => "drift",
            ItemKind::Outdated => "outdated",
            ItemKind::Ahead => "ahead",
            ItemKind::Variant => "variant",
            ItemKind::Agree => "agree",
            ItemKind::Fits => "fits",
        }
    }

    /// Whether it means the draft states something the references contradict:
    /// what fails a run (`--fail-on`).
    pub fn is_error(self) -> bool {
        matches!(
            self,
            ItemKind::Conflict | ItemKind::Attribution | ItemKind::Drift | ItemKind::Outdated
        )
    }

    /// How serious it is, in SARIF's words: `error` (a conflict, a
    /// misattribution), `warning` (a misquote, an outdated figure, a figure ahead
    /// of the references) or `note` (a spelling; support).
    pub fn level(self) -> &'static str {
        match self {
            ItemKind::Conflict | ItemKind::Attribution => "error",
            ItemKind::Drift | ItemKind::Outdated | ItemKind::Ahead => "warning",
            ItemKind::Variant | ItemKind::Agree | ItemKind::Fits => "note",
        }
    }

    /// Whether it is a problem of the draft (a disagreement), not support.
    pub fn is_problem(self) -> bool {
        !matches!(self, ItemKind::Agree | ItemKind::Fits)
    }
}

/// One value the draft gives, and what the references say to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kind: ItemKind,
    /// The story of the references it is compared with, when they have stories.
    pub story: Option<String>,
    pub key: String,
    /// The draft's value as people read it (for attribution: the speaker the
    /// draft names).
    pub value: String,
    /// The draft's claims of that value, in source then text order.
    pub draft_claims: Vec<Claim>,
    /// References that give the draft's value too, sorted.
    pub backing: Vec<String>,
    /// How many independent references give it (copies of one text once; a
    /// reference that copies the draft's text is no support).
    pub independent: usize,
    /// What the references say instead (conflict, drift, attribution, variant,
    /// outdated: the later figure), besides (fits) or alike (agree: the draft's
    /// side as the references give it): their sides, each showing the claims of
    /// its first reports.
    pub references: Vec<Side>,
    /// What a reader should know to weigh it.
    pub note: Option<String>,
    /// For drift: the first reference's words against the draft's.
    pub diff: Option<Vec<WordDiff>>,
}

impl Item {
    /// What the references say, as a line: "Cairo (000, 001, 002) · Sharm
    /// el-Sheikh (003, 004)".
    pub fn references_line(&self) -> String {
        self.references
            .iter()
            .map(|s| format!("{} ({})", s.value, crate::align::listed(&s.sources)))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The references behind the draft's value, as a line: "000, 001, 002 (3
    /// independent references)", or "" when none.
    pub fn backing_line(&self) -> String {
        if self.backing.is_empty() {
            return String::new();
        }
        format!(
            "{} ({} independent reference{})",
            crate::align::listed(&self.backing),
            self.independent,
            if self.independent == 1 { "" } else { "s" }
        )
    }
}

/// The draft reviewed against the references.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Review {
    /// Ids of the draft's reports, in input order.
    pub draft_sources: Vec<String>,
    /// Ids of the reference reports, in input order.
    pub reference_sources: Vec<String>,
    /// Where the draft disagrees with the references (errors first, then by key).
    pub problems: Vec<Item>,
    /// Where references back the draft, or fit it.
    pub agreements: Vec<Item>,
    /// The draft's claims no reference speaks to, in source then text order.
    pub unsupported: Vec<Claim>,
    /// Findings among the references alone: only when asked for
    /// (`--also-references`), else empty.
    pub reference_findings: Vec<Finding>,
    /// Whether the references were checked against each other.
    pub also_references: bool,
}

impl Review {
    /// Problems that fail a run (see [`ItemKind::is_error`]).
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|i| i.kind.is_error()).count()
    }
}

/// What [`review`] is given.
pub struct Inputs<'a> {
    /// Every claim, the draft's and the references', in source then text order.
    pub claims: Vec<Claim>,
    /// Each report's sketch, for copies of one text.
    pub fingerprints: &'a [(String, Fingerprint)],
    /// Ids of the draft's reports, in input order.
    pub draft: Vec<String>,
    /// Ids of the reference reports, in input order.
    pub references: Vec<String>,
    /// Whether findings among the references alone are wanted too.
    pub also_references: bool,
}

/// The draft reviewed against the references, and the findings behind it: those
/// the draft takes part in, then (when asked for) those among the references alone.
pub fn review(inputs: Inputs<'_>) -> (Review, Vec<Finding>) {
    let Inputs {
        claims,
        fingerprints,
        draft,
        references,
        also_references,
    } = inputs;
    let is_draft: BTreeSet<String> = draft.iter().cloned().collect();
    let (draft_claims, mut aligned): (Vec<Claim>, Vec<Claim>) = claims
        .into_iter()
        .partition(|c| is_draft.contains(&*c.source));
    // The draft is compared with every story of the references.
    let mut stories: BTreeSet<Option<String>> = aligned
        .iter()
        .map(|c| c.story.as_deref().map(str::to_string))
        .collect();
    if stories.is_empty() {
        stories.insert(None);
    }
    for story in &stories {
        aligned.extend(draft_claims.iter().map(|c| Claim {
            story: story.as_deref().map(Into::into),
            ..c.clone()
        }));
    }
    let refs: Vec<&Claim> = aligned.iter().collect();
    let findings = crate::pipeline::align_copies_showing(&refs, fingerprints, &is_draft);
    drop(aligned);
    let (with_draft, among_references): (Vec<Finding>, Vec<Finding>) = findings
        .into_iter()
        .partition(|f| f.sides.iter().any(|s| has_any(s, &is_draft)));

    let mut problems = Vec::new();
    let mut agreements = Vec::new();
    let mut covered: BTreeSet<ClaimId> = BTreeSet::new();
    for f in &with_draft {
        read_finding(f, &is_draft, &mut problems, &mut agreements, &mut covered);
    }
    let order = |a: &Item, b: &Item| {
        (!a.kind.is_error(), a.kind, &a.story, &a.key, &a.value).cmp(&(
            !b.kind.is_error(),
            b.kind,
            &b.story,
            &b.key,
            &b.value,
        ))
    };
    problems.sort_by(order);
    problems.dedup();
    agreements.sort_by(order);
    agreements.dedup();
    // Names are the words a report is written in, not claims a reference backs.
    let mut unsupported: Vec<Claim> = draft_claims
        .into_iter()
        .filter(|c| c.kind != ClaimKind::Name && !covered.contains(&ClaimId::of(c)))
        .collect();
    let source_rank: BTreeMap<&str, usize> = draft
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    unsupported.sort_by_key(|c| {
        (
            source_rank.get(&*c.source).copied(),
            c.start,
            c.end,
            c.rule.clone(),
        )
    });
    unsupported.dedup_by(|a, b| ClaimId::of(a) == ClaimId::of(b));
    let reference_findings = if also_references {
        among_references
    } else {
        Vec::new()
    };
    let mut findings = with_draft;
    findings.extend(reference_findings.iter().cloned());
    let review = Review {
        draft_sources: draft,
        reference_sources: references,
        problems,
        agreements,
        unsupported,
        reference_findings,
        also_references,
    };
    (review, findings)
}

/// A claim as one place in one report (the same claim aligned in several stories
/// is one).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct ClaimId {
    source: String,
    start: usize,
    end: usize,
    rule: String,
}

impl ClaimId {
    fn of(c: &Claim) -> ClaimId {
        ClaimId {
            source: c.source.to_string(),
            start: c.start,
            end: c.end,
            rule: c.rule.to_string(),
        }
    }
}

fn has_any(side: &Side, ids: &BTreeSet<String>) -> bool {
    side.sources.iter().any(|s| ids.contains(s))
}

fn has_reference(side: &Side, draft: &BTreeSet<String>) -> bool {
    side.sources.iter().any(|s| !draft.contains(s))
}

/// The references of a side, and how many of them are independent: copies of one
/// text count once, and a reference copying the draft's text does not count.
fn backing_of(side: &Side, draft: &BTreeSet<String>) -> (Vec<String>, usize) {
    let refs: Vec<String> = side
        .sources
        .iter()
        .filter(|s| !draft.contains(*s))
        .cloned()
        .collect();
    let texts: BTreeSet<&String> = refs
        .iter()
        .map(|s| side.copies.get(s).unwrap_or(s))
        .filter(|t| !draft.contains(*t))
        .collect();
    let n = texts.len();
    (refs, n)
}

/// A side with only the references' claims, as the review shows what they say.
fn reference_side(side: &Side, draft: &BTreeSet<String>) -> Side {
    let mut s = side.clone();
    s.sources.retain(|id| !draft.contains(id));
    s.claims.retain(|c| !draft.contains(&*c.source));
    s.copies.retain(|id, _| !draft.contains(id));
    s.claim_count = s
        .claim_count
        .saturating_sub(side.claims.len() - s.claims.len());
    s
}

/// Adds what a finding says about the draft's claims.
fn read_finding(
    f: &Finding,
    draft: &BTreeSet<String>,
    problems: &mut Vec<Item>,
    agreements: &mut Vec<Item>,
    covered: &mut BTreeSet<ClaimId>,
) {
    let draft_claims_of = |side: &Side| -> Vec<Claim> {
        side.claims
            .iter()
            .filter(|c| draft.contains(&*c.source))
            .cloned()
            .collect()
    };
    // A draft claim on a side the references give is backed.
    for side in f.sides.iter().filter(|s| has_reference(s, draft)) {
        covered.extend(draft_claims_of(side).iter().map(ClaimId::of));
    }
    let item = |kind: ItemKind, side: &Side, against: Vec<Side>, note: Option<String>| {
        let (backing, independent) = backing_of(side, draft);
        Item {
            kind,
            story: f.story.clone(),
            key: f.key.clone(),
            value: side.value.clone(),
            draft_claims: draft_claims_of(side),
            backing,
            independent,
            references: against,
            note,
            diff: None,
        }
    };
    // Sides of a conflict or a timeline show their support there.
    let mut in_dispute: BTreeSet<usize> = BTreeSet::new();
    for part in &f.parts {
        for &d in part.sides.iter().filter(|&&i| has_any(&f.sides[i], draft)) {
            let side = &f.sides[d];
            let others: Vec<Side> = part
                .sides
                .iter()
                .filter(|&&i| i != d && has_reference(&f.sides[i], draft))
                .map(|&i| reference_side(&f.sides[i], draft))
                .collect();
            let backed = has_reference(side, draft);
            if others.is_empty() {
                if part.kind == FindingKind::Agree && backed && !in_dispute.contains(&d) {
                    let theirs = vec![reference_side(side, draft)];
                    agreements.push(item(ItemKind::Agree, side, theirs, None));
                }
                continue;
            }
            // The draft's claims in a part with the references are spoken to.
            covered.extend(draft_claims_of(side).iter().map(ClaimId::of));
            match part.kind {
                FindingKind::Conflict | FindingKind::Attribution => {
                    in_dispute.insert(d);
                    let kind = if part.kind == FindingKind::Conflict {
                        ItemKind::Conflict
                    } else {
                        ItemKind::Attribution
                    };
                    let note = backed.then(|| {
                        "the references disagree among themselves: some give the draft's value"
                            .to_string()
                    });
                    problems.push(item(kind, side, others, note));
                }
                FindingKind::Drift if backed => {
                    // The draft quotes as a reference does: the references drift,
                    // not the draft.
                    agreements.push(item(
                        ItemKind::Agree,
                        side,
                        others,
                        Some("other references word it differently".to_string()),
                    ));
                }
                FindingKind::Drift => {
                    let mut it = item(ItemKind::Drift, side, others, None);
                    it.diff = match (it.references[0].claims.first(), it.draft_claims.first()) {
                        (Some(r), Some(d)) => Some(quotes::word_diff(r, d)),
                        _ => None,
                    };
                    problems.push(it);
                }
                FindingKind::Variant if !backed => {
                    problems.push(item(ItemKind::Variant, side, others, None));
                }
                FindingKind::Variant => {}
                FindingKind::Update => {
                    in_dispute.insert(d);
                    if let Some(it) = timeline_item(f, part, d, draft, &item) {
                        if it.kind.is_problem() {
                            problems.push(it);
                        } else {
                            agreements.push(it);
                        }
                    }
                }
                // A disputed value is shown with its conflict, not as fitting.
                FindingKind::Compatible if in_dispute.contains(&d) => {}
                FindingKind::Compatible => {
                    agreements.push(item(ItemKind::Fits, side, others, None));
                }
                FindingKind::Agree => {}
            }
        }
    }
}

/// Makes an item of a kind, the draft's side, what the references say, a note.
type MakeItem<'a> = dyn Fn(ItemKind, &Side, Vec<Side>, Option<String>) -> Item + 'a;

/// What a timeline says of the draft's figure: outdated when a later reference
/// gives another figure (a higher one, for a count that only rises), ahead when it
/// is higher than every reference's figure of a rising count, else backed by the
/// references that give it. An undated draft is read as written after its
/// references: it is checked before it is published.
fn timeline_item(
    f: &Finding,
    part: &crate::align::Part,
    d: usize,
    draft: &BTreeSet<String>,
    item: &MakeItem<'_>,
) -> Option<Item> {
    let side = &f.sides[d];
    let mine = side.claims.iter().find(|c| draft.contains(&*c.source))?;
    let figure = mine.value.figure()?;
    let draft_date = side
        .claims
        .iter()
        .filter(|c| draft.contains(&*c.source))
        .filter_map(|c| c.as_of.as_deref())
        .max();
    let refs: Vec<(usize, f64, Option<&str>)> = part
        .sides
        .iter()
        .filter(|&&i| i != d && has_reference(&f.sides[i], draft))
        .filter_map(|&i| {
            let s = &f.sides[i];
            let c = s.claims.iter().find(|c| !draft.contains(&*c.source))?;
            Some((i, c.value.figure()?, s.last_date.as_deref()))
        })
        .collect();
    let later = |date: Option<&str>| match (draft_date, date) {
        (Some(mine), Some(theirs)) => theirs > mine,
        (Some(_), None) => false,
        (None, _) => true,
    };
    let rises = mine.trend == Trend::Rises;
    let newer: Vec<usize> = refs
        .iter()
        .filter(|(_, fig, date)| later(*date) && if rises { *fig > figure } else { *fig != figure })
        .map(|&(i, _, _)| i)
        .collect();
    if let Some(&latest) = newer.iter().max_by(|&&a, &&b| {
        (&f.sides[a].last_date, f.sides[b].sources.len())
            .cmp(&(&f.sides[b].last_date, f.sides[a].sources.len()))
    }) {
        let note = format!(
            "a later reference gives {}{}",
            f.sides[latest].value,
            f.sides[latest]
                .last_date
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        );
        return Some(item(
            ItemKind::Outdated,
            side,
            vec![reference_side(&f.sides[latest], draft)],
            Some(note),
        ));
    }
    let others: Vec<Side> = refs
        .iter()
        .map(|&(i, _, _)| reference_side(&f.sides[i], draft))
        .collect();
    if rises && !has_reference(side, draft) && refs.iter().all(|(_, fig, _)| *fig < figure) {
        return Some(item(
            ItemKind::Ahead,
            side,
            others,
            Some("higher than every reference's figure: no reference gives it yet".to_string()),
        ));
    }
    has_reference(side, draft).then(|| item(ItemKind::Agree, side, others, None))
}
