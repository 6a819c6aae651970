//! Alignment: claims from all reports lined up by key and compared.
//!
//! For each key, the claims become nodes of a `petgraph` graph with an edge for
//! every pair whose values speak to each other (agree, compatible or conflict).
//! Claims joined by agree edges form a *side* (a consensus group). Two sides with a
//! conflict edge between them are a **conflict**; two sides joined only by
//! compatible edges are **compatible**; a side backed by two or more reports is an
//! **agreement**. Names spelled two ways are **variants**, never conflicts. Quotes
//! are matched by their words instead of by key ([`quotes`]): **drift**,
//! **attribution** and agreement. The result is plain data ([`Finding`]), not graph
//! indices.

pub mod quotes;

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::extract::Claim;
use crate::value::{ClaimKind, Relation};

/// What a finding says about its sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    /// Two sides that cannot both be true.
    Conflict,
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
}

/// Every finding over a set of claims, in a deterministic order: conflicts, then
/// compatible pairs, then agreements; within a kind, those involving more reports
/// first, then by key and value.
pub fn align(claims: &[Claim]) -> Vec<Finding> {
    // Only claims of one story are compared: group by story, then by key.
    let mut by_key: BTreeMap<(Option<&str>, &str), Vec<&Claim>> = BTreeMap::new();
    let mut quoted: BTreeMap<Option<&str>, Vec<&Claim>> = BTreeMap::new();
    for claim in claims {
        let story = claim.story.as_deref();
        if claim.kind == ClaimKind::Quote {
            quoted.entry(story).or_default().push(claim);
        } else {
            by_key
                .entry((story, claim.key.as_str()))
                .or_default()
                .push(claim);
        }
    }
    let mut findings: Vec<Finding> = quoted
        .values()
        .flat_map(|q| quotes::align_quotes(q))
        .collect();
    for ((story, key), mut group) in by_key {
        group.sort_by(|a, b| (&a.source, a.start, &a.rule).cmp(&(&b.source, b.start, &b.rule)));
        let mut found = align_key(key, &group);
        for f in &mut found {
            f.story = story.map(str::to_string);
        }
        findings.extend(found);
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

/// Two claims are compared only when no qualifier they both have differs.
fn comparable(a: &Claim, b: &Claim) -> bool {
    a.qualifiers
        .iter()
        .all(|(name, value)| b.qualifiers.get(name).is_none_or(|other| other == value))
}

fn align_key(key: &str, claims: &[&Claim]) -> Vec<Finding> {
    let mut graph: UnGraph<usize, Relation> = UnGraph::default();
    let nodes: Vec<NodeIndex> = (0..claims.len()).map(|i| graph.add_node(i)).collect();
    for i in 0..claims.len() {
        for j in i + 1..claims.len() {
            if !comparable(claims[i], claims[j]) {
                continue;
            }
            let relation = claims[i].value.relation(&claims[j].value);
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
    // Relations between sides: conflict if any pair conflicts, else compatible if
    // any pair is compared at all.
    let mut between: BTreeMap<(usize, usize), Relation> = BTreeMap::new();
    for edge in graph.edge_indices() {
        let Some((a, b)) = graph.edge_endpoints(edge) else {
            continue;
        };
        let (sa, sb) = (side_of[&graph[a]], side_of[&graph[b]]);
        if sa == sb {
            continue;
        }
        let pair = (sa.min(sb), sa.max(sb));
        let relation = graph[edge];
        let entry = between.entry(pair).or_insert(relation);
        if relation == Relation::Conflict
            || (relation == Relation::Variant && *entry != Relation::Conflict)
        {
            *entry = relation;
        }
    }
    let sides: Vec<Side> = groups.iter().map(|m| make_side(m, claims)).collect();
    let mut findings = Vec::new();
    for (&(a, b), &relation) in &between {
        let kind = match relation {
            Relation::Conflict => FindingKind::Conflict,
            Relation::Variant => FindingKind::Variant,
            _ => FindingKind::Compatible,
        };
        let pair = order_sides(vec![sides[a].clone(), sides[b].clone()]);
        let sources: BTreeSet<&String> = pair.iter().flat_map(|s| &s.sources).collect();
        // A report that is vaguer in one sentence than in another is not news; two
        // reports whose values differ but fit together are.
        if kind == FindingKind::Compatible && sources.len() < 2 {
            continue;
        }
        findings.push(Finding {
            kind,
            story: None,
            key: key.to_string(),
            sides: pair,
            diff: None,
        });
    }
    // A side in a conflict is shown with its support there; it is not also an
    // agreement.
    let in_conflict: BTreeSet<usize> = findings_pairs(&between, Relation::Conflict);
    // A name spelled alike by several reports is not news.
    let names = claims.first().is_some_and(|c| c.kind == ClaimKind::Name);
    for (i, side) in sides.into_iter().enumerate() {
        if side.sources.len() >= 2 && !in_conflict.contains(&i) && !names {
            findings.push(Finding {
                kind: FindingKind::Agree,
                story: None,
                key: key.to_string(),
                sides: vec![side],
                diff: None,
            });
        }
    }
    findings
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
    use crate::value::{PlaceValue, Value};

    fn place_claim(source: &str, id: &str, within: &[&str]) -> Claim {
        let value = Value::Place(PlaceValue {
            id: id.into(),
            name: id.into(),
            within: within.iter().map(|s| (*s).to_string()).collect(),
        });
        Claim {
            source: source.into(),
            path: format!("{source}.txt"),
            story: None,
            rule: "venue".into(),
            kind: value.kind(),
            key: "venue of the talks".into(),
            qualifiers: BTreeMap::new(),
            display: value.to_string(),
            value,
            text: id.into(),
            value_text: id.into(),
            start: 0,
            end: id.len(),
            line: 1,
            column: 1,
            sentence: id.into(),
            sentence_start: 0,
        }
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
        let kinds: Vec<(FindingKind, Vec<&str>)> = findings
            .iter()
            .map(|f| (f.kind, f.sides.iter().map(|s| s.value.as_str()).collect()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (FindingKind::Conflict, vec!["cairo", "sharm"]),
                (FindingKind::Compatible, vec!["cairo", "egypt"]),
                (FindingKind::Compatible, vec!["sharm", "egypt"]),
            ]
        );
        assert_eq!(findings[0].sides[0].sources, vec!["a", "b"]);
    }

    #[test]
    fn different_qualifiers_are_not_compared() {
        let mut a = place_claim("a", "cairo", &[]);
        let mut b = place_claim("b", "doha", &[]);
        a.qualifiers.insert("who".into(), "x".into());
        b.qualifiers.insert("who".into(), "y".into());
        assert!(align(&[a.clone(), b]).is_empty());
        let c = place_claim("c", "doha", &[]);
        assert_eq!(align(&[a, c])[0].kind, FindingKind::Conflict);
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
