//! Stories found without a manifest: reports of a folder grouped into the events
//! they tell of, so that a war's death toll is never set against an air crash's.
//!
//! A report is described by what it names: the places, people and organizations of
//! its name claims, the unlisted people it quotes, and the events and places its
//! figures are about. Two reports tell of one event when they share at least
//! [`MIN_SHARED`] of these, two of them places or people, and the shared ones are
//! at least [`MIN_OVERLAP`] of the smaller description (names more than
//! [`MAX_POSTING`] reports share count for neither; reports of one event name
//! the same town, the same officials, the same event; two earthquakes in two
//! countries share little but the word "earthquake" and an agency). Groups are the connected reports; a report that
//! fits no group stands alone. A group is named by the names most of its reports
//! share ("Derna, Libya"), numbered when another group has the same name (claims
//! are aligned by story name). Candidate pairs come from an index of the names, so the
//! cost grows with the reports and the names they share.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::unionfind::UnionFind;

use super::copies::groups_of;
use crate::extract::Claim;
use crate::value::{ClaimKind, Value};

/// Names two reports of one event share at least.
const MIN_SHARED: usize = 3;
/// The share of the smaller report's names the two share at least.
const MIN_OVERLAP: f64 = 0.5;
/// A name more reports than this share is read as too common to tell one event
/// from another (in a folder of thousands of reports, "United Nations"; in a folder
/// of one running story, its country): it neither joins two reports nor counts in
/// the share of their names they must have in common.
const MAX_POSTING: usize = 500;

/// The names reports are described by, each kept once for the run: a description
/// is then a short list of numbers, small enough to keep for every report of a
/// large folder once its claims are let go (see [`crate::pipeline::check_each_of`]).
#[derive(Debug, Default)]
pub struct Names {
    index: HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    fn id(&mut self, name: String) -> u32 {
        if let Some(&id) = self.index.get(&name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).expect("fewer than 4 billion names");
        self.names.push(name.clone());
        self.index.insert(name, id);
        id
    }

    fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

/// What one report names: ids into [`Names`], each once.
pub type Description = Vec<u32>;

/// What a report names, as features: `p:` places, `h:` people, `o:` organizations,
/// `u:` unlisted people, `e:` events.
fn features<'c>(claims: impl IntoIterator<Item = &'c Claim>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |prefix: &str, name: &str| {
        out.insert(format!("{prefix}:{name}"));
    };
    for c in claims {
        if c.kind == ClaimKind::Name {
            match (&*c.rule, &c.slots.subject, &c.value) {
                // Listed names by the entry they name ("UN" is the United Nations).
                ("place-name", Some(subject), _) => add("p", subject),
                ("person-name", Some(subject), _) => add("h", subject),
                ("organization-name", Some(subject), _) => add("o", subject),
                // Unlisted people by their surname (later mentions give it alone).
                (_, _, Value::Name(name)) if name.normalized.contains(' ') => {
                    if let Some(surname) = name.normalized.split(' ').next_back() {
                        add("u", surname);
                    }
                }
                _ => {}
            }
        }
        if let Some(event) = &c.slots.event {
            add("e", &event.to_lowercase());
        }
        if let Some(place) = &c.slots.place {
            add("p", &place.name);
        }
        if let Value::Place(place) = &c.value {
            add("p", &place.name);
        }
    }
    out
}

/// The description of one report, from its claims.
pub fn describe<'c>(claims: impl IntoIterator<Item = &'c Claim>, names: &mut Names) -> Description {
    features(claims).into_iter().map(|f| names.id(f)).collect()
}

/// The story of each report (source id → story name), for claims that carry none.
/// Reports are taken in the order of their first claim.
pub fn stories<'c>(claims: impl IntoIterator<Item = &'c Claim>) -> BTreeMap<String, String> {
    let mut by_source: Vec<(&str, Vec<&Claim>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for c in claims.into_iter().filter(|c| c.story.is_none()) {
        let i = *index.entry(&*c.source).or_insert_with(|| {
            by_source.push((&*c.source, Vec::new()));
            by_source.len() - 1
        });
        by_source[i].1.push(c);
    }
    let mut names = Names::default();
    let described: Vec<(String, Description)> = by_source
        .iter()
        .map(|(id, claims)| (id.to_string(), describe(claims.iter().copied(), &mut names)))
        .collect();
    group(&described, &names)
}

/// The story of each described report (source id → story name), the reports given
/// as (source id, description) in the order of their first claim.
pub fn group(reports: &[(String, Description)], names: &Names) -> BTreeMap<String, String> {
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); names.names.len()];
    for (i, (_, described)) in reports.iter().enumerate() {
        for &name in described {
            postings[name as usize].push(i);
        }
    }
    let specific: Vec<usize> = names
        .names
        .iter()
        .map(|n| usize::from(!n.starts_with("e:") && !n.starts_with("o:")))
        .collect();
    let common: Vec<bool> = postings.iter().map(|l| l.len() > MAX_POSTING).collect();
    // What tells a report's event: the names it holds that are not too common.
    let telling: Vec<usize> = reports
        .iter()
        .map(|(_, described)| described.iter().filter(|&&n| !common[n as usize]).count())
        .collect();
    // Report by report, the later reports it shares names with: how many names,
    // and how many of them are places or people. Only one report's counts are held
    // at a time (all pairs at once would grow with the square of the folder).
    let mut union = UnionFind::<usize>::new(reports.len());
    let mut shared: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut joined: Vec<usize> = Vec::new();
    for (a, (_, described)) in reports.iter().enumerate() {
        shared.clear();
        for &name in described {
            if common[name as usize] {
                continue;
            }
            let list = &postings[name as usize];
            let later = list.partition_point(|&b| b <= a);
            for &b in &list[later..] {
                let e = shared.entry(b).or_default();
                e.0 += 1;
                e.1 += specific[name as usize];
            }
        }
        joined.clear();
        joined.extend(shared.iter().filter_map(|(&b, &(n, places))| {
            let smaller = telling[a].min(telling[b]).max(1);
            (n >= MIN_SHARED && places >= 2 && n as f64 / smaller as f64 >= MIN_OVERLAP)
                .then_some(b)
        }));
        joined.sort_unstable();
        for &b in &joined {
            union.union(a, b);
        }
    }
    let groups = groups_of(&union, reports.len());
    let mut out = BTreeMap::new();
    // Alignment tells stories apart by name: a name two groups would share gets a
    // number ("…, 4 reports #2").
    let mut taken: HashMap<String, usize> = HashMap::new();
    for members in &groups {
        let mut name = story_name(members, reports, names, &common);
        let seen = taken.entry(name.clone()).or_default();
        *seen += 1;
        if *seen > 1 {
            name = format!("{name} #{seen}");
        }
        for &i in members {
            out.insert(reports[i].0.clone(), name.clone());
        }
    }
    out
}

/// A group's name: the two places or people most of its reports name (places
/// first, then by name; names too `common` to tell events apart, by name id, only
/// when it has no other), then how many reports it holds; a lone report by its id.
fn story_name(
    members: &[usize],
    reports: &[(String, Description)],
    names: &Names,
    common: &[bool],
) -> String {
    let mut counts: BTreeMap<&str, (bool, usize)> = BTreeMap::new();
    for &i in members {
        for &id in &reports[i].1 {
            let f = names.name(id);
            if f.starts_with("p:") || f.starts_with("h:") {
                counts.entry(f).or_insert((common[id as usize], 0)).1 += 1;
            }
        }
    }
    let mut names: Vec<(&str, (bool, usize))> = counts.into_iter().collect();
    // Telling names first, then the most named; places before people, as a
    // dateline does.
    names.sort_by_key(|&(f, (common, n))| (common, std::cmp::Reverse(n), !f.starts_with("p:"), f));
    let named: Vec<&str> = names.iter().take(2).map(|(f, _)| &f[2..]).collect();
    let n = members.len();
    if named.is_empty() || n == 1 {
        return format!("{} (alone)", reports[members[0]].0);
    }
    format!("{}, {n} reports", named.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reports described by the names given (`p:`, `h:`, `u:`, `e:`, `o:` features).
    fn described(reports: &[(&str, Vec<String>)]) -> (Vec<(String, Description)>, Names) {
        let mut names = Names::default();
        let out = reports
            .iter()
            .map(|(id, features)| {
                let mut d: Description = features.iter().map(|f| names.id(f.clone())).collect();
                d.sort_unstable();
                d.dedup();
                (id.to_string(), d)
            })
            .collect();
        (out, names)
    }

    #[test]
    fn names_every_report_shares_neither_join_reports_nor_keep_them_apart() {
        // 600 reports of one running story: all name the same country, capital,
        // leader and two agencies; each pair also names its own town, official and
        // witness. The common names are too common to join anyone, and the pair's
        // three names are enough, though they are fewer than half of all it names.
        let common = ["p:Country", "p:Capital", "h:Leader", "o:Agency", "o:Army"];
        let reports: Vec<(String, Vec<String>)> = (0..600)
            .map(|i| {
                let pair = i / 2;
                let mut f: Vec<String> = common.iter().map(|s| s.to_string()).collect();
                f.extend([
                    format!("p:Town{pair}"),
                    format!("h:Official{pair}"),
                    format!("u:witness{pair}"),
                ]);
                (format!("r{i:03}"), f)
            })
            .collect();
        let borrowed: Vec<(&str, Vec<String>)> = reports
            .iter()
            .map(|(id, f)| (id.as_str(), f.clone()))
            .collect();
        let (reports, names) = described(&borrowed);
        let stories = group(&reports, &names);
        assert_eq!(stories["r000"], "Town0, Official0, 2 reports");
        assert_eq!(stories["r000"], stories["r001"]);
        assert_ne!(stories["r001"], stories["r002"]);
        let distinct: BTreeSet<&String> = stories.values().collect();
        assert_eq!(distinct.len(), 300);
    }

    #[test]
    fn two_groups_that_would_have_one_name_get_two() {
        // Two pairs of reports name the same town and official, each pair with a
        // witness of its own: two names in common are too few to join the pairs.
        let f = |witness: &str| {
            vec![
                "p:Town".to_string(),
                "h:Official".to_string(),
                format!("u:{witness}"),
            ]
        };
        let (reports, names) = described(&[
            ("a1", f("ames")),
            ("a2", f("ames")),
            ("b1", f("birch")),
            ("b2", f("birch")),
        ]);
        let stories = group(&reports, &names);
        assert_eq!(stories["a1"], "Town, Official, 2 reports");
        assert_eq!(stories["a2"], stories["a1"]);
        assert_eq!(stories["b1"], "Town, Official, 2 reports #2");
        assert_eq!(stories["b2"], stories["b1"]);
    }
}
