//! Claims brought together from shards (`extract` run per machine, `align` over all
//! of them): each report once, by its id and content digest.

use std::collections::{BTreeMap, HashSet};

use super::Extraction;
use crate::extract::{Claim, Shared};
use crate::source::{self, SourceStatus};

/// Where a claim read by `align` came from: the shard (claims file) and its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardLine {
    /// The claims file as given (`<stdin>` for standard input).
    pub shard: String,
    /// 1-based: the line of JSON Lines, the row of an Arrow file.
    pub line: usize,
}

/// Two different reports under one source id: shards extracted on two machines each
/// hold a `report.txt`, with different contents.
#[derive(Debug, thiserror::Error)]
#[error(
    "{}:{}: source id `{id}` names two different reports: {} (sha256 {}…, first seen at {}:{}) and {} (sha256 {}…)\n  help: give the reports different ids in a sources.yaml (or different file names) and extract again",
    .second.shard, .second.line, .first_path, .first_digest, .first.shard, .first.line,
    .second_path, .second_digest
)]
pub struct IdConflict {
    pub id: String,
    pub first_path: String,
    pub first_digest: String,
    pub first: ShardLine,
    pub second_path: String,
    pub second_digest: String,
    pub second: ShardLine,
}

/// Claims read back from `extract`'s JSON Lines, gathered into sources by their id.
/// A source id with two content digests is an error ([`IdConflict`]); the same
/// report given twice (the same id and digest in two shards) is one source, and a
/// claim read again (the same line) is counted once.
#[derive(Debug, Default)]
pub struct Shards {
    claims: Vec<Claim>,
    sources: Vec<SourceStatus>,
    /// Per source id: its index in `sources`, its digest, and where it was first
    /// seen.
    by_id: BTreeMap<String, (usize, Option<String>, ShardLine)>,
    /// The claims already read: a 64-bit hash of the source id and the JSON text
    /// (a hash, not the text, so memory does not hold every claim twice).
    lines: HashSet<u64>,
    /// One copy of each string claims repeat (ids, paths, rules, measures, days,
    /// sentences): claims read back share them, as claims just extracted do.
    strings: HashSet<Shared>,
}

impl Shards {
    /// Adds a claim read from `line` (its JSON text) of a shard; an error when its
    /// source id already names a report of another digest.
    pub fn add(
        &mut self,
        claim: Claim,
        json: &str,
        from: ShardLine,
    ) -> Result<(), Box<IdConflict>> {
        match self.by_id.get_mut(&*claim.source) {
            Some((index, digest, first)) => {
                match (digest.as_deref(), claim.digest.as_deref()) {
                    (Some(a), Some(b)) if a != b => {
                        return Err(Box::new(IdConflict {
                            id: claim.source.to_string(),
                            first_path: self.sources[*index].path.clone(),
                            first_digest: a.to_string(),
                            first: first.clone(),
                            second_path: claim.path.to_string(),
                            second_digest: b.to_string(),
                            second: from,
                        }));
                    }
                    (None, Some(b)) => *digest = Some(b.to_string()),
                    _ => {}
                }
                if !self.lines.insert(line_hash(&claim.source, json)) {
                    return Ok(());
                }
                self.sources[*index].claims += 1;
            }
            None => {
                self.lines.insert(line_hash(&claim.source, json));
                self.by_id.insert(
                    claim.source.to_string(),
                    (
                        self.sources.len(),
                        claim.digest.as_deref().map(str::to_string),
                        from,
                    ),
                );
                self.sources.push(SourceStatus {
                    id: claim.source.to_string(),
                    path: claim.path.to_string(),
                    status: source::Status::Checked,
                    reason: None,
                    published: None,
                    published_line: None,
                    published_from: None,
                    outlet: None,
                    outlet_from: None,
                    url: None,
                    url_from: None,
                    title: None,
                    title_from: None,
                    byline: None,
                    story: claim.story.as_deref().map(str::to_string),
                    copy_of: None,
                    warnings: Vec::new(),
                    claims: 1,
                });
            }
        }
        let claim = self.shared(claim);
        self.claims.push(claim);
        Ok(())
    }

    /// `claim` holding the one copy of each of its repeated strings.
    fn shared(&mut self, mut claim: Claim) -> Claim {
        let mut one = |s: &mut Shared| match self.strings.get(&**s) {
            Some(kept) => *s = kept.clone(),
            None => {
                self.strings.insert(s.clone());
            }
        };
        for s in [
            &mut claim.source,
            &mut claim.path,
            &mut claim.rule,
            &mut claim.measure,
            &mut claim.sentence,
        ] {
            one(s);
        }
        for s in [&mut claim.digest, &mut claim.story, &mut claim.as_of]
            .into_iter()
            .flatten()
        {
            one(s);
        }
        claim
    }

    /// Whether no claim was read.
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }

    /// The claims and their sources (sources known only through their claims), in
    /// the order first read.
    pub fn into_extraction(self) -> Extraction {
        Extraction {
            claims: self.claims,
            sources: self.sources,
            texts: BTreeMap::new(),
            // Claims carry no text: every report counts as its own source.
            fingerprints: Vec::new(),
        }
    }
}

/// A claim line's identity for [`Shards`]: its source id and its JSON text, hashed.
fn line_hash(id: &str, json: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same on every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (id, json.trim()).hash(&mut h);
    h.finish()
}
