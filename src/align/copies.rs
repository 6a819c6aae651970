//! Copies of one text: a wire story republished by several outlets (each with its
//! own headline, a trim, a paragraph of its own), or an outlet's update of its own
//! article. A side backed by twelve copies of one text has one independent source,
//! and the report says so.
//!
//! Each report's text is summarized once, as it is read, by a MinHash sketch of its
//! five-word shingles (one-permutation hashing into [`BINS`] bins: one hash per
//! shingle). Two reports are copies when most of the shorter one's shingles are in
//! the longer one ([`COPY`] of them, estimated from the sketches). Candidate pairs
//! come from locality-sensitive hashing on bands of the sketch, so the cost grows
//! with the number of reports, not its square. Reports that share a few sentences or
//! a quotation (two agencies quoting one statement) are not copies.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::unionfind::UnionFind;

use super::{Finding, FindingKind};

/// Bins of a sketch.
const BINS: usize = 128;
/// Words in a shingle.
const SHINGLE: usize = 5;
/// Rows of a band: two reports whose sketches agree on both bins of any band are
/// compared (a pair sharing 40 % of its shingles is found with probability 0.996).
const ROWS: usize = 2;
/// Share of the shorter text's shingles the longer must hold for a copy.
const COPY: f64 = 0.6;
/// Texts with fewer shingles than this are too short to call copies.
const MIN_SHINGLES: u32 = 30;
/// A band value shared by more reports than this is boilerplate, not a copy.
const MAX_BUCKET: usize = 64;
const EMPTY: u32 = u32::MAX;

/// A text's MinHash sketch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    mins: Box<[u32; BINS]>,
    /// Shingles of the text.
    shingles: u32,
}

impl Fingerprint {
    /// The sketch of `text`: its words (runs of letters and digits, ASCII case
    /// folded) in windows of five, punctuation and spacing ignored. One pass over the
    /// bytes, no allocation but the sketch.
    pub fn of(text: &str) -> Fingerprint {
        let mut mins = Box::new([EMPTY; BINS]);
        let mut shingles = 0u32;
        // The last SHINGLE word hashes, a ring.
        let mut window = [0u64; SHINGLE];
        let mut words = 0usize;
        let mut word: Option<u64> = None;
        // A byte past the end closes the last word.
        for &b in text.as_bytes().iter().chain(std::iter::once(&b' ')) {
            // Any byte of a non-ASCII character counts as a letter: copies spell
            // their accents and curly apostrophes alike.
            if b.is_ascii_alphanumeric() || b >= 0x80 {
                let h = word.unwrap_or(0xcbf2_9ce4_8422_2325);
                word = Some((h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3));
                continue;
            }
            let Some(w) = word.take() else { continue };
            window[words % SHINGLE] = w;
            words += 1;
            if words < SHINGLE {
                continue;
            }
            // The words in order, oldest first.
            let h = mix((0..SHINGLE).fold(0x9e37_79b9_7f4a_7c15, |h, k| {
                (h ^ window[(words + k) % SHINGLE])
                    .wrapping_mul(0x0100_0000_01b3)
                    .rotate_left(29)
            }));
            let bin = (h >> 57) as usize % BINS;
            let value = (h as u32).min(EMPTY - 1);
            mins[bin] = mins[bin].min(value);
            shingles += 1;
        }
        Fingerprint { mins, shingles }
    }

    /// The estimated share of the smaller text's shingles found in the larger.
    pub fn containment(&self, other: &Fingerprint) -> f64 {
        let (mut same, mut filled) = (0usize, 0usize);
        for (a, b) in self.mins.iter().zip(other.mins.iter()) {
            if *a != EMPTY || *b != EMPTY {
                filled += 1;
                same += usize::from(a == b);
            }
        }
        if filled == 0 {
            return 0.0;
        }
        let jaccard = same as f64 / filled as f64;
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        (jaccard * (a + b) / ((1.0 + jaccard) * a.min(b).max(1.0))).min(1.0)
    }
}

/// SplitMix64's finalizer: every bit of the input moves every bit of the output.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Each report that copies another (source id → the id of the first report of its
/// group, in the order given). Reports given first stand for their group.
pub fn copies(reports: &[(&str, &Fingerprint)]) -> BTreeMap<String, String> {
    // Every (band, its bins, report), sorted: a band's buckets are runs.
    let mut bands: Vec<(usize, [u32; ROWS], usize)> = Vec::new();
    for (i, (_, f)) in reports.iter().enumerate() {
        if f.shingles < MIN_SHINGLES {
            continue;
        }
        for (band, rows) in f.mins.chunks(ROWS).enumerate() {
            if rows.contains(&EMPTY) {
                continue;
            }
            let mut key = [0u32; ROWS];
            key.copy_from_slice(rows);
            bands.push((band, key, i));
        }
    }
    bands.sort_unstable();
    let mut union = UnionFind::<usize>::new(reports.len());
    for run in bands.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        if run.len() > MAX_BUCKET {
            continue;
        }
        for (k, &(_, _, a)) in run.iter().enumerate() {
            for &(_, _, b) in &run[k + 1..] {
                // A pair already joined (through another band or another copy)
                // is not compared again.
                if !union.equiv(a, b) && reports[a].1.containment(reports[b].1) >= COPY {
                    union.union(a, b);
                }
            }
        }
    }
    // The first report of a group stands for it.
    let mut out = BTreeMap::new();
    for members in groups_of(&union, reports.len()) {
        for &i in &members[1..] {
            out.insert(reports[i].0.to_string(), reports[members[0]].0.to_string());
        }
    }
    out
}

/// The groups of `0..n` that `union` joined, each in ascending order, ordered by
/// their first member.
pub(super) fn groups_of(union: &UnionFind<usize>, n: usize) -> Vec<Vec<usize>> {
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        by_root.entry(union.find(i)).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = by_root.into_values().collect();
    groups.sort_unstable_by_key(|g| g[0]);
    groups
}

/// Marks on each side of `findings` which of its reports copy another (`copy_of`,
/// from [`copies`]). An agreement whose reports are all copies of one text is no
/// corroboration, and its note says so.
pub fn mark(findings: &mut [Finding], copy_of: &BTreeMap<String, String>) {
    if copy_of.is_empty() {
        return;
    }
    for f in findings {
        for side in &mut f.sides {
            side.copies = side
                .sources
                .iter()
                .filter_map(|s| Some((s.clone(), copy_of.get(s)?.clone())))
                .collect();
        }
        // An agreement whose reports are all one text says so.
        let copies = "the reports are copies of one text: one independent source";
        for part in &mut f.parts {
            let texts: BTreeSet<&String> = part
                .sides
                .iter()
                .flat_map(|&i| {
                    let s = &f.sides[i];
                    s.sources.iter().map(|id| s.copies.get(id).unwrap_or(id))
                })
                .collect();
            if part.kind == FindingKind::Agree && texts.len() == 1 {
                part.note = Some(match part.note.take() {
                    Some(note) => format!("{note}; {copies}"),
                    None => copies.to_string(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text of `n` sentences, each different ("Sentence 7 tells of item 7 …").
    fn text(from: usize, n: usize) -> String {
        (from..from + n)
            .map(|i| format!("Sentence {i} tells of item {i} and what came of it today. "))
            .collect()
    }

    #[test]
    fn a_trimmed_copy_with_its_own_headline_is_a_copy() {
        let wire = text(0, 40);
        let copy = format!("Our own headline\n{}{}", text(0, 30), text(500, 4));
        let other = format!("{}{}", text(0, 3), text(1000, 37));
        let (w, c, o) = (
            Fingerprint::of(&wire),
            Fingerprint::of(&copy),
            Fingerprint::of(&other),
        );
        assert!(w.containment(&c) > 0.8, "{}", w.containment(&c));
        assert!(w.containment(&o) < 0.3, "{}", w.containment(&o));
        let found = copies(&[("wire", &w), ("copy", &c), ("other", &o)]);
        assert_eq!(
            found,
            BTreeMap::from([("copy".to_string(), "wire".to_string())])
        );
    }

    #[test]
    fn spacing_case_and_punctuation_do_not_matter() {
        let a = text(0, 20);
        let b = a.to_uppercase().replace(". ", ";\n\n");
        assert_eq!(Fingerprint::of(&a), Fingerprint::of(&b));
    }

    #[test]
    fn short_texts_are_never_copies() {
        let a = Fingerprint::of("Twelve people died in the fire on Monday.");
        assert!(copies(&[("a", &a), ("b", &a.clone())]).is_empty());
    }
}
