//! Alignment: claims from all reports lined up by key and compared.
//!
//! For each key, the claims become nodes of a `petgraph` graph with an edge for
//! every pair whose values speak to each other (agree, compatible or conflict).
//! Claims joined by agree edges form a *side* (a consensus group). Sides joined by
//! conflict edges are one **conflict** (all of them); two sides joined only by
//! compatible edges are **compatible**; a side backed by two or more reports is an
//! **agreement**. Names spelled two ways are **variants**, never conflicts. Quotes
//! are matched by their words instead of by key ([`quotes`]): **drift**,
//! **attribution** and agreement. The result is plain data ([`Finding`]), not graph
//! indices.

pub mod copies;
pub mod quotes;
mod same_day;
pub mod stories;

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::extract::{Claim, Slots, Trend};
use crate::value::{ClaimKind, Relation};
use same_day::SameDayOrder;

/// What a finding says about its sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    /// Sides of one key that cannot all be true (each contradicts another).
    Conflict,
    /// A figure that moves over time, reported at different dates: a timeline.
    Update,
    /// The same words given to different speakers.
    Attribution,
    /// One speaker's statement, worded differently by different reports.
    Drift,
    /// One person, organization or place spelled two ways.
    Variant,
    /// Two different values that can both be true.
    Compatible,
    /// One value, stated by two or more reports.
    Agree,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Conflict => "conflict",
            FindingKind::Update => "update",
            FindingKind::Attribution => "attribution",
            FindingKind::Drift => "drift",
            FindingKind::Variant => "variant",
            FindingKind::Compatible => "compatible",
            FindingKind::Agree => "agree",
        }
    }
}

/// One step of a word-level difference between two wordings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordDiff {
    /// `equal`, `delete` (only in the first), `insert` (only in the second) or
    /// `replace`.
    pub op: String,
    /// The words of the first wording, as written.
    pub old: String,
    /// The words of the second wording, as written.
    pub new: String,
}

/// Claims of one key that agree with each other.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    /// The value as people read it (the most common display among the claims).
    pub value: String,
    /// Source ids, sorted, each once.
    pub sources: Vec<String>,
    /// The supporting claims, in source then text order.
    pub claims: Vec<Claim>,
    /// Those of its sources that copy another report's text (a wire story
    /// republished), each with the report that stands for the copies (see
    /// [`copies`]).
    pub copies: BTreeMap<String, String>,
}

impl Side {
    /// How many independent sources back the side: its reports, copies of one text
    /// counted once.
    pub fn independent(&self) -> usize {
        self.sources
            .iter()
            .map(|s| self.copies.get(s).unwrap_or(s))
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// The side's reports as the reports list them ("r1, r2, r3"), and when some
    /// are copies of one text, how many independent sources that makes: "r1, r2,
    /// r3; 3 reports, 2 independent sources: r1 and r3 are one text".
    pub fn sources_label(&self) -> String {
        let list = self.sources.join(", ");
        if self.copies.is_empty() {
            return list;
        }
        let mut texts: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (copy, first) in &self.copies {
            texts.entry(first).or_default().push(copy);
        }
        let groups: Vec<String> = texts
            .iter()
            .map(|(first, copies)| {
                let mut all: Vec<&str> = copies.clone();
                if self.sources.iter().any(|s| s == first) {
                    all.push(first);
                }
                all.sort_unstable();
                let (last, rest) = all.split_last().unwrap_or((&"", &[]));
                if rest.is_empty() {
                    format!("{last} is a copy of {first}")
                } else {
                    format!("{} and {last} are one text", rest.join(", "))
                }
            })
            .collect();
        let n = self.independent();
        format!(
            "{list}; {} reports, {n} independent source{}: {}",
            self.sources.len(),
            if n == 1 { "" } else { "s" },
            groups.join("; ")
        )
    }

    /// The earliest date the side's claims stand at, if any is known.
    pub fn as_of(&self) -> Option<&str> {
        self.claims.iter().filter_map(|c| c.as_of.as_deref()).min()
    }

    /// Who gives the side's figure, as the claims say ("USGS"), each once.
    pub fn cited(&self) -> Vec<&str> {
        let mut cited: Vec<&str> = self
            .claims
            .iter()
            .filter_map(|c| c.slots.source.as_deref())
            .collect();
        cited.sort_unstable();
        cited.dedup();
        cited
    }
}

/// One thing a person should look at.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    /// The story the claims belong to, when the manifest gives stories.
    pub story: Option<String>,
    pub key: String,
    pub sides: Vec<Side>,
    /// For drift: the words of the first side against those of the second.
    pub diff: Option<Vec<WordDiff>>,
    /// What a reader should know to weigh the finding ("the sides cite different
    /// sources", "one report's date is unknown: this may be an update").
    pub note: Option<String>,
}

/// Every finding over a set of claims, in a deterministic order: conflicts, then
/// updates, …, then agreements; within a kind, those involving more reports first,
/// then by key and value.
///
/// Claims are compared only within a story and a measure, and only when their slots
/// unify (see [`clusters`]); names are compared by key, quotes by their words.
pub fn align(claims: &[Claim]) -> Vec<Finding> {
    let mut by_measure: BTreeMap<(Option<&str>, &str, ClaimKind), Vec<&Claim>> = BTreeMap::new();
    let mut names: BTreeMap<(Option<&str>, &str), Vec<&Claim>> = BTreeMap::new();
    let mut quoted: BTreeMap<Option<&str>, Vec<&Claim>> = BTreeMap::new();
    for claim in claims {
        let story = claim.story.as_deref();
        match claim.kind {
            ClaimKind::Quote => quoted.entry(story).or_default().push(claim),
            ClaimKind::Name => names
                .entry((story, claim.key.as_str()))
                .or_default()
                .push(claim),
            _ => by_measure
                .entry((story, claim.measure.as_str(), claim.kind))
                .or_default()
                .push(claim),
        }
    }
    let mut findings: Vec<Finding> = quoted
        .values()
        .flat_map(|q| quotes::align_quotes(q))
        .collect();
    let day_order = SameDayOrder::new(claims);
    let mut push = |story: Option<&str>, key: &str, group: &mut Vec<&Claim>| {
        group.sort_by(|a, b| (&a.source, a.start, &a.rule).cmp(&(&b.source, b.start, &b.rule)));
        let mut found = align_key(key, group, &day_order);
        for f in &mut found {
            f.story = story.map(str::to_string);
        }
        findings.extend(found);
    };
    for ((story, key), mut group) in names {
        push(story, key, &mut group);
    }
    for ((story, _, _), group) in by_measure {
        for mut cluster in clusters(group) {
            // The most specific claim names the cluster.
            let key = cluster
                .iter()
                .max_by_key(|c| (c.slots.specificity(), std::cmp::Reverse(c.key.len())))
                .map(|c| c.key.clone())
                .unwrap_or_default();
            push(story, &key, &mut cluster);
        }
    }
    findings.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| b.source_count().cmp(&a.source_count()))
            .then_with(|| a.story.cmp(&b.story))
            .then_with(|| a.key.cmp(&b.key))
            .then_with(|| a.values().cmp(&b.values()))
    });
    findings
}

/// Claims of one measure in groups that may be compared. Every two claims of a
/// group are [comparable](Slots::comparable): a claim joins the group of claims with
/// exactly its slots, else the one group all of whose claims it is comparable with;
/// when it would fit several groups it stands apart (a toll with no place is not set
/// against a Gaza toll *and* a West Bank toll). Then two groups whose slots unify and
/// that share a figure stated by different reports are one statement, and merge
/// ("67,173 killed in Gaza" and "the war has killed 67,173").
///
/// What the totals teach carries to their parts: when "killed in Gaza" and "killed
/// in the war" merged as one statement, "children killed in Gaza" and "children
/// killed in the war" are comparable too.
pub fn clusters(claims: Vec<&Claim>) -> Vec<Vec<&Claim>> {
    let totals: Vec<&Claim> = claims
        .iter()
        .copied()
        .filter(|c| c.slots.group.is_none() && c.slots.subject.is_none())
        .collect();
    let mut same = Signatures::default();
    for group in cluster_with(totals, &Signatures::default()) {
        let sigs: Vec<Signature> = group.iter().map(|c| signature(c)).collect();
        for pair in sigs.windows(2) {
            same.join(pair[0].clone(), pair[1].clone());
        }
    }
    cluster_with(claims, &same)
}

/// Where and which event: the slots news may leave unsaid.
type Signature = (Option<String>, Option<String>);

fn signature(c: &Claim) -> Signature {
    (
        c.slots.place.as_ref().map(|p| p.id.clone()),
        c.slots.event.clone(),
    )
}

/// Signatures known to state the same thing (a small union-find).
#[derive(Default)]
struct Signatures {
    parent: BTreeMap<Signature, Signature>,
}

impl Signatures {
    fn root(&self, s: &Signature) -> Signature {
        let mut at = s.clone();
        while let Some(p) = self.parent.get(&at) {
            if *p == at {
                break;
            }
            at = p.clone();
        }
        at
    }

    fn join(&mut self, a: Signature, b: Signature) {
        let (ra, rb) = (self.root(&a), self.root(&b));
        if ra != rb {
            self.parent.insert(ra, rb);
        }
    }

    fn same(&self, a: &Signature, b: &Signature) -> bool {
        a == b || self.root(a) == self.root(b)
    }
}

fn cluster_with<'c>(mut claims: Vec<&'c Claim>, same: &Signatures) -> Vec<Vec<&'c Claim>> {
    let comparable = |a: &Claim, b: &Claim| {
        a.slots.comparable(&b.slots)
            || (a.slots.group == b.slots.group
                && a.slots.subject == b.slots.subject
                && same.same(&signature(a), &signature(b)))
    };
    // The most specific first, so that groups form around what the text states.
    claims.sort_by(|a, b| {
        b.slots
            .specificity()
            .cmp(&a.slots.specificity())
            .then_with(|| (&a.source, a.start, &a.rule).cmp(&(&b.source, b.start, &b.rule)))
    });
    let bare = |c: &Claim| Slots {
        source: None,
        ..c.slots.clone()
    };
    let mut groups: Vec<Vec<&Claim>> = Vec::new();
    for claim in claims {
        let fitting: Vec<usize> = (0..groups.len())
            .filter(|&g| groups[g].iter().all(|c| comparable(c, claim)))
            .collect();
        let exact = fitting
            .iter()
            .copied()
            .find(|&g| groups[g].iter().all(|c| bare(c) == bare(claim)));
        match (exact, fitting.as_slice()) {
            (Some(g), _) | (None, &[g]) => groups[g].push(claim),
            _ => groups.push(vec![claim]),
        }
    }
    let one_statement = |a: &[&Claim], b: &[&Claim]| {
        a.iter().all(|x| b.iter().all(|y| x.slots.unify(&y.slots)))
            && a.iter().any(|x| {
                b.iter()
                    .any(|y| x.source != y.source && x.value.relation(&y.value) == Relation::Agree)
            })
    };
    let mut merged = true;
    while merged {
        merged = false;
        'pairs: for i in 0..groups.len() {
            for j in i + 1..groups.len() {
                if one_statement(&groups[i], &groups[j]) {
                    let moved = groups.remove(j);
                    groups[i].extend(moved);
                    merged = true;
                    break 'pairs;
                }
            }
        }
    }
    groups
}

impl Finding {
    /// The key as a heading: with its story, when there is one.
    pub fn title(&self) -> String {
        match &self.story {
            Some(story) => format!("{} · story {story}", self.key),
            None => self.key.clone(),
        }
    }

    /// How many different reports the finding involves.
    pub fn source_count(&self) -> usize {
        self.sides
            .iter()
            .flat_map(|s| &s.sources)
            .collect::<BTreeSet<_>>()
            .len()
    }

    fn values(&self) -> Vec<&str> {
        self.sides.iter().map(|s| s.value.as_str()).collect()
    }
}

/// Days from `a`'s date to `b`'s, when both are known.
fn days_between(a: &Claim, b: &Claim) -> Option<f64> {
    let da: jiff::civil::Date = a.as_of.as_deref()?.parse().ok()?;
    let db: jiff::civil::Date = b.as_of.as_deref()?.parse().ok()?;
    Some(f64::from(da.until(db).ok()?.get_days()))
}

/// How two claims of one key relate, their dates considered. A duration grows with
/// time. A figure that moves over time (a toll) is a series: reported at different
/// dates, a later higher figure is an update, a later lower one of a figure that
/// only grows a contradiction; two different figures of one day contradict each
/// other, unless one report is plainly the earlier count of that day (see
/// [`SameDayOrder`]). A report with no date is never ordered by guess: its different
/// figure is shown in the timeline, not as a contradiction.
fn relate(a: &Claim, b: &Claim, day_order: &SameDayOrder<'_>) -> Relation {
    let days = days_between(a, b);
    let relation = a.value.relation_after(&b.value, days.unwrap_or(0.0));
    if a.trend.is_fixed() || !matches!(relation, Relation::Conflict | Relation::Compatible) {
        return relation;
    }
    let differ = a.value.figure() != b.value.figure();
    match days {
        None if relation == Relation::Conflict => Relation::Update,
        Some(0.0) if a.trend == Trend::Rises && relation == Relation::Conflict => {
            let rose = |e: &Claim, l: &Claim| {
                matches!((e.value.figure(), l.value.figure()), (Some(x), Some(y)) if y > x)
                    && day_order.before(e, l)
            };
            if rose(a, b) || rose(b, a) {
                Relation::Update
            } else {
                relation
            }
        }
        None | Some(0.0) => relation,
        Some(days) => {
            let (earlier, later) = if days > 0.0 { (a, b) } else { (b, a) };
            let rose = match (earlier.value.figure(), later.value.figure()) {
                (Some(e), Some(l)) => l > e,
                _ => false,
            };
            match a.trend {
                Trend::Changes if differ => Relation::Update,
                Trend::Rises if rose => Relation::Update,
                _ => relation,
            }
        }
    }
}

/// How two sides relate, from the relations of their claims: a contradiction only
/// when every pair contradicts (a side holding "nine" and "at least nine" does not
/// contradict "10"); an update when the figure moved; else compatible.
fn between_sides(relations: &BTreeSet<Relation>) -> Relation {
    if relations.iter().all(|r| *r == Relation::Conflict) {
        Relation::Conflict
    } else if relations.contains(&Relation::Update) {
        Relation::Update
    } else if relations.contains(&Relation::Variant) {
        Relation::Variant
    } else {
        Relation::Compatible
    }
}

fn align_key(key: &str, claims: &[&Claim], day_order: &SameDayOrder<'_>) -> Vec<Finding> {
    let mut graph: UnGraph<usize, Relation> = UnGraph::default();
    let nodes: Vec<NodeIndex> = (0..claims.len()).map(|i| graph.add_node(i)).collect();
    for i in 0..claims.len() {
        for j in i + 1..claims.len() {
            let relation = relate(claims[i], claims[j], day_order);
            if relation != Relation::Unrelated {
                graph.add_edge(nodes[i], nodes[j], relation);
            }
        }
    }
    // Sides: claims connected by agree edges.
    let mut union = UnionFind::<usize>::new(claims.len());
    for edge in graph.edge_indices() {
        if graph[edge] == Relation::Agree
            && let Some((a, b)) = graph.edge_endpoints(edge)
        {
            union.union(graph[a], graph[b]);
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..claims.len() {
        members.entry(union.find(i)).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = members.into_values().collect();
    let side_of: BTreeMap<usize, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(s, m)| m.iter().map(move |&c| (c, s)))
        .collect();
    // Relations between sides, from the relations of their claims. A side speaks
    // through its most precise claims: a side holding "174", "at least 174" and "up
    // to 174" states 174, which 125 contradicts.
    let precise: BTreeSet<usize> = groups
        .iter()
        .flat_map(|m| {
            let exact: Vec<usize> = m
                .iter()
                .copied()
                .filter(|&i| claims[i].value.is_precise())
                .collect();
            if exact.is_empty() { m.clone() } else { exact }
        })
        .collect();
    let mut pairs: BTreeMap<(usize, usize), BTreeSet<Relation>> = BTreeMap::new();
    for edge in graph.edge_indices() {
        let Some((a, b)) = graph.edge_endpoints(edge) else {
            continue;
        };
        let (sa, sb) = (side_of[&graph[a]], side_of[&graph[b]]);
        if sa != sb && precise.contains(&graph[a]) && precise.contains(&graph[b]) {
            pairs
                .entry((sa.min(sb), sa.max(sb)))
                .or_default()
                .insert(graph[edge]);
        }
    }
    let between: BTreeMap<(usize, usize), Relation> = pairs
        .iter()
        .map(|(&pair, relations)| (pair, between_sides(relations)))
        .collect();
    let sides: Vec<Side> = groups.iter().map(|m| make_side(m, claims)).collect();
    let mut findings = Vec::new();
    let finding = |kind, sides: Vec<Side>, note: Option<String>| Finding {
        kind,
        story: None,
        key: key.to_string(),
        sides,
        diff: None,
        note,
    };
    // A report that is vaguer in one sentence than in another is not news; two
    // reports whose values differ but fit together are. Two figures of one report
    // are, far more often than a report contradicting itself, two things the claims'
    // slots failed to tell apart: not shown as a contradiction either.
    let two_reports = |a: usize, b: usize| {
        let sources: BTreeSet<&String> = sides[a].sources.iter().chain(&sides[b].sources).collect();
        sources.len() >= 2
    };
    // One conflict per set of sides that contradict each other (a key where 174, 125
    // and 130 were all reported is one finding with three sides, not three pairs).
    let conflicts = linked_sets(&between, Relation::Conflict, sides.len(), two_reports);
    let conflict_of: BTreeMap<usize, usize> = conflicts
        .iter()
        .enumerate()
        .flat_map(|(k, members)| members.iter().map(move |&i| (i, k)))
        .collect();
    for members in &conflicts {
        let set = order_sides(members.iter().map(|&i| sides[i].clone()).collect());
        let note = conflict_note(&set);
        findings.push(finding(FindingKind::Conflict, set, note));
    }
    // Where no values of the key contradict each other, the values that fit
    // together are one finding too ("more than 900 · 963 · 1,067"); beside a
    // conflict, each pair says which side a value fits.
    if conflicts.is_empty() {
        for members in linked_sets(&between, Relation::Compatible, sides.len(), two_reports) {
            let set = order_sides(members.iter().map(|&i| sides[i].clone()).collect());
            findings.push(finding(FindingKind::Compatible, set, None));
        }
    }
    for (&(a, b), &relation) in &between {
        let kind = match relation {
            Relation::Variant => FindingKind::Variant,
            // Conflicts are gathered above, updates into one timeline below.
            Relation::Conflict | Relation::Update => continue,
            // Gathered above when the key has no conflict.
            Relation::Compatible if conflicts.is_empty() => continue,
            _ => FindingKind::Compatible,
        };
        // Two sides of one conflict are shown there, with every other side.
        let together = conflict_of
            .get(&a)
            .is_some_and(|k| conflict_of.get(&b) == Some(k));
        if together || !two_reports(a, b) {
            continue;
        }
        let pair = order_sides(vec![sides[a].clone(), sides[b].clone()]);
        findings.push(finding(kind, pair, None));
    }
    // One timeline of the sides linked by updates.
    let updated: BTreeSet<usize> = findings_pairs(&between, Relation::Update);
    if !updated.is_empty() {
        let mut timeline: Vec<Side> = updated.iter().map(|&i| sides[i].clone()).collect();
        // Oldest first (within a day, the lower count first: a day's figures are
        // in one timeline only when one report is that day's earlier count); sides
        // of unknown date last.
        let figure = |s: &Side| s.claims.first().and_then(|c| c.value.figure());
        timeline.sort_by(|a, b| {
            (a.as_of().is_none(), a.as_of())
                .cmp(&(b.as_of().is_none(), b.as_of()))
                .then_with(|| figure(a).partial_cmp(&figure(b)).unwrap_or(Ordering::Equal))
                .then_with(|| a.value.cmp(&b.value))
        });
        let note = timeline.iter().any(|s| s.as_of().is_none()).then(|| {
            "a report's date is unknown: its figure is listed last, not ordered by guess"
                .to_string()
        });
        findings.push(finding(FindingKind::Update, timeline, note));
    }
    // A side in a conflict or a timeline is shown with its support there; it is not
    // also an agreement.
    let mut shown: BTreeSet<usize> = conflict_of.into_keys().collect();
    shown.extend(updated);
    // A name spelled alike by several reports is not news.
    let names = claims.first().is_some_and(|c| c.kind == ClaimKind::Name);
    for (i, side) in sides.into_iter().enumerate() {
        if side.sources.len() >= 2 && !shown.contains(&i) && !names {
            findings.push(finding(FindingKind::Agree, vec![side], None));
        }
    }
    findings
}

/// The sets of sides joined, directly or through other sides, by `relation` in the
/// pairs `keep` accepts (out of `n` sides), each sorted.
fn linked_sets(
    between: &BTreeMap<(usize, usize), Relation>,
    relation: Relation,
    n: usize,
    keep: impl Fn(usize, usize) -> bool,
) -> Vec<Vec<usize>> {
    let mut union = UnionFind::<usize>::new(n);
    let mut linked: BTreeSet<usize> = BTreeSet::new();
    for (&(a, b), &r) in between {
        if r == relation && keep(a, b) {
            union.union(a, b);
            linked.extend([a, b]);
        }
    }
    let mut sets: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in linked {
        sets.entry(union.find(i)).or_default().push(i);
    }
    sets.into_values().collect()
}

/// What a reader should know about a conflict: the sides cite different sources,
/// or a figure that moves over time is undated in a report.
fn conflict_note(sides: &[Side]) -> Option<String> {
    let cited: Vec<Vec<&str>> = sides.iter().map(Side::cited).collect();
    if cited.iter().all(|c| !c.is_empty()) && cited.windows(2).all(|w| w[0] != w[1]) {
        let names: Vec<String> = cited.iter().map(|c| c.join(", ")).collect();
        return Some(format!(
            "the sides cite different sources: {}",
            names.join("; ")
        ));
    }
    let moves = sides
        .iter()
        .flat_map(|s| &s.claims)
        .any(|c| !c.trend.is_fixed());
    let undated = sides
        .iter()
        .flat_map(|s| &s.claims)
        .any(|c| c.as_of.is_none());
    (moves && undated).then(|| {
        "a report's date is unknown, so this may be an update rather than a contradiction"
            .to_string()
    })
}

/// The sides that take part in a relation of the given kind.
fn findings_pairs(
    between: &BTreeMap<(usize, usize), Relation>,
    relation: Relation,
) -> BTreeSet<usize> {
    between
        .iter()
        .filter(|(_, r)| **r == relation)
        .flat_map(|(&(a, b), _)| [a, b])
        .collect()
}

fn make_side(members: &[usize], claims: &[&Claim]) -> Side {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (order, &i) in members.iter().enumerate() {
        let e = counts
            .entry(claims[i].display.as_str())
            .or_insert((0, order));
        e.0 += 1;
    }
    // Most frequent display; ties go to the one seen first.
    let value = counts
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map_or_else(String::new, |(d, _)| (*d).to_string());
    let sources: BTreeSet<String> = members.iter().map(|&i| claims[i].source.clone()).collect();
    Side {
        value,
        sources: sources.into_iter().collect(),
        claims: members.iter().map(|&i| claims[i].clone()).collect(),
        copies: BTreeMap::new(),
    }
}

/// The side more reports support comes first; ties by value.
fn order_sides(mut sides: Vec<Side>) -> Vec<Side> {
    sides.sort_by(|a, b| {
        b.sources
            .len()
            .cmp(&a.sources.len())
            .then_with(|| a.sources.cmp(&b.sources))
            .then_with(|| a.value.cmp(&b.value))
    });
    sides
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Duration, HedgeLexicon, PlaceValue, Quantity, Value};

    fn place(id: &str, within: &[&str]) -> PlaceValue {
        PlaceValue {
            id: id.into(),
            name: id.into(),
            within: within.iter().map(|s| (*s).to_string()).collect(),
        }
    }

    fn place_claim(source: &str, id: &str, within: &[&str]) -> Claim {
        Claim::for_test(source, "venue", Value::Place(place(id, within)))
    }

    fn lexicon() -> HedgeLexicon {
        let mut lex = HedgeLexicon {
            prefixes: vec![
                ("at least".into(), crate::value::Hedge::AtLeast),
                ("nearly".into(), crate::value::Hedge::Nearly),
            ],
            ..HedgeLexicon::default()
        };
        lex.sort();
        lex
    }

    /// A toll of `source` published on `date` (or undated).
    fn toll(source: &str, figure: &str, date: Option<&str>) -> Claim {
        let q = Quantity::parse(figure, &lexicon()).expect("a figure");
        let mut c = Claim::for_test(source, "dead", Value::Quantity(q));
        c.trend = Trend::Rises;
        c.as_of = date.map(str::to_string);
        c
    }

    fn in_place(mut c: Claim, id: &str) -> Claim {
        c.slots.place = Some(place(id, &[]));
        c
    }

    fn summary(findings: &[Finding]) -> Vec<(FindingKind, Vec<&str>)> {
        findings
            .iter()
            .map(|f| (f.kind, f.sides.iter().map(|s| s.value.as_str()).collect()))
            .collect()
    }

    #[test]
    fn sibling_cities_conflict_and_the_country_is_compatible_with_both() {
        let claims = vec![
            place_claim("a", "cairo", &["egypt"]),
            place_claim("b", "cairo", &["egypt"]),
            place_claim("c", "sharm", &["egypt"]),
            place_claim("d", "egypt", &[]),
        ];
        let findings = align(&claims);
        assert_eq!(
            summary(&findings),
            vec![
                (FindingKind::Conflict, vec!["cairo", "sharm"]),
                (FindingKind::Compatible, vec!["cairo", "egypt"]),
                (FindingKind::Compatible, vec!["sharm", "egypt"]),
            ]
        );
        assert_eq!(findings[0].sides[0].sources, vec!["a", "b"]);
    }

    #[test]
    fn three_figures_that_contradict_each_other_are_one_conflict() {
        let claims = vec![
            toll("a", "174", Some("2022-10-02")),
            toll("b", "174", Some("2022-10-02")),
            toll("c", "125", Some("2022-10-02")),
            toll("d", "130", Some("2022-10-02")),
            toll("e", "at least 120", Some("2022-10-02")),
        ];
        let findings = align(&claims);
        let conflicts: Vec<_> = summary(&findings)
            .into_iter()
            .filter(|(k, _)| *k == FindingKind::Conflict)
            .collect();
        // One finding, the side most reports give first; "at least 120" fits all
        // three and is not a side of the conflict.
        assert_eq!(
            conflicts,
            vec![(FindingKind::Conflict, vec!["174", "125", "130"])]
        );
        // The pairs of the conflict are not shown again as compatible pairs.
        assert!(
            !summary(&findings)
                .iter()
                .any(|(k, v)| *k == FindingKind::Compatible
                    && v.contains(&"174")
                    && v.contains(&"125"))
        );
    }

    #[test]
    fn values_that_all_fit_together_are_one_compatible_finding() {
        let claims = vec![
            toll("a", "at least 900", Some("2024-04-03")),
            toll("b", "963", Some("2024-04-03")),
            toll("c", "nearly 1,000", Some("2024-04-03")),
        ];
        assert_eq!(
            summary(&align(&claims)),
            vec![(
                FindingKind::Compatible,
                vec!["at least 900", "963", "nearly 1,000"]
            )]
        );
    }

    #[test]
    fn claims_whose_slots_differ_are_not_compared() {
        let mut a = place_claim("a", "cairo", &[]);
        let mut b = place_claim("b", "doha", &[]);
        a.slots.event = Some("talks".into());
        b.slots.event = Some("summit".into());
        assert!(align(&[a.clone(), b]).is_empty());
        let c = place_claim("c", "doha", &[]);
        assert_eq!(align(&[a, c])[0].kind, FindingKind::Conflict);
    }

    #[test]
    fn a_claim_without_a_slot_does_not_join_two_sides_that_differ_in_it() {
        // A Gaza toll and a West Bank toll are not compared; a toll that names no
        // place fits both, so it is set against neither (the old code joined the
        // two through it and reported Gaza against the West Bank).
        let claims = vec![
            in_place(toll("a", "67,000", None), "gaza"),
            in_place(toll("b", "1,000", None), "west-bank"),
            toll("c", "67,000", None),
        ];
        let findings = align(&claims);
        assert!(
            findings.iter().all(|f| f.kind != FindingKind::Conflict),
            "{:?}",
            summary(&findings)
        );
    }

    #[test]
    fn a_part_is_not_its_total() {
        let mut children = toll("a", "300", None);
        children.slots.group = Some("children".into());
        let findings = align(&[children, toll("b", "1,200", None)]);
        assert!(findings.is_empty(), "{:?}", summary(&findings));
    }

    #[test]
    fn a_toll_that_rose_between_dates_is_an_update_and_one_that_fell_a_conflict() {
        let rose = align(&[
            toll("a", "95", Some("2023-12-19")),
            toll("b", "131", Some("2023-12-20")),
            toll("c", "at least 95", Some("2023-12-19")),
        ]);
        assert_eq!(
            summary(&rose),
            vec![(FindingKind::Update, vec!["95", "131"])],
            "{rose:?}"
        );
        let fell = align(&[
            toll("a", "131", Some("2023-12-19")),
            toll("b", "95", Some("2023-12-20")),
        ]);
        assert_eq!(summary(&fell)[0].0, FindingKind::Conflict);
        // Two figures of one day contradict each other.
        let same_day = align(&[
            toll("a", "95", Some("2023-12-19")),
            toll("b", "131", Some("2023-12-19")),
        ]);
        assert_eq!(summary(&same_day)[0].0, FindingKind::Conflict);
        // Without a date nothing is ordered by guess: the undated figure joins the
        // timeline last, with a note, and no contradiction is claimed.
        let undated = align(&[toll("a", "95", None), toll("b", "131", Some("2023-12-20"))]);
        assert_eq!(
            summary(&undated),
            vec![(FindingKind::Update, vec!["131", "95"])]
        );
        assert!(
            undated[0]
                .note
                .as_deref()
                .is_some_and(|n| n.contains("unknown"))
        );
        // "at least 9" then "10" a day later: the toll rose, though both can be true.
        let rose_within = align(&[
            toll("a", "at least 9", Some("2024-04-03")),
            toll("b", "10", Some("2024-04-04")),
        ]);
        assert_eq!(summary(&rose_within)[0].0, FindingKind::Update);
    }

    #[test]
    fn a_report_behind_on_every_count_of_its_day_is_that_days_earlier_count() {
        let injured = |source: &str, figure: &str| {
            let mut c = toll(source, figure, Some("2024-04-04"));
            c.measure = "injured".into();
            c.key = "injured".into();
            c
        };
        let day = |source: &str, figure: &str| toll(source, figure, Some("2024-04-04"));
        // Behind on both the dead and the injured: the injured rose during the day.
        let behind = align(&[
            day("a", "9"),
            injured("a", "960"),
            day("b", "10"),
            injured("b", "1,070"),
        ]);
        let kinds: Vec<FindingKind> = behind.iter().map(|f| f.kind).collect();
        assert!(!kinds.contains(&FindingKind::Conflict), "{behind:?}");
        assert_eq!(
            summary(&behind)
                .into_iter()
                .filter(|(k, _)| *k == FindingKind::Update)
                .count(),
            2
        );
        // Each ahead on one count: not ordered, the figures contradict each other.
        let crossed = align(&[
            day("a", "9"),
            injured("a", "1,070"),
            day("b", "10"),
            injured("b", "960"),
        ]);
        assert_eq!(
            crossed
                .iter()
                .filter(|f| f.kind == FindingKind::Conflict)
                .count(),
            2
        );
        // One count alone orders nothing.
        let one = align(&[day("a", "9"), day("b", "10")]);
        assert_eq!(summary(&one)[0].0, FindingKind::Conflict);
        // Unless both figures are told as rises: a count in motion that day.
        let rising = |source: &str, figure: &str| {
            let mut c = day(source, figure);
            c.text = format!("the death toll rose to {figure}");
            c
        };
        let moving = align(&[rising("a", "233"), rising("b", "288")]);
        assert_eq!(
            summary(&moving),
            vec![(FindingKind::Update, vec!["233", "288"])]
        );
    }

    #[test]
    fn nearly_two_years_on_the_eve_and_two_years_after_the_anniversary_agree_in_time() {
        let dur = |source: &str, text: &str, date: &str| {
            let d = Duration::parse(text, &lexicon()).expect("a duration");
            let mut c = Claim::for_test(source, "duration", Value::Duration(d));
            c.as_of = Some(date.into());
            c
        };
        let findings = align(&[
            dur("a", "nearly two years", "2025-10-06"),
            dur("b", "two years", "2025-10-08"),
        ]);
        assert!(
            findings.iter().all(|f| f.kind != FindingKind::Conflict),
            "{:?}",
            summary(&findings)
        );
        // Stated on the same day, they contradict each other.
        let findings = align(&[
            dur("a", "nearly two years", "2025-10-08"),
            dur("b", "two years", "2025-10-08"),
        ]);
        assert_eq!(findings[0].kind, FindingKind::Conflict);
    }

    #[test]
    fn one_report_alone_agrees_with_nobody() {
        let claims = vec![
            place_claim("a", "cairo", &[]),
            place_claim("a", "cairo", &[]),
        ];
        assert!(align(&claims).is_empty());
    }
}
