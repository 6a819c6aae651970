//! Claims brought together from shards (`extract` run per machine, `align` over all
//! of them): each report once, by its id and content digest.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, Write};

use super::CheckSink;
use crate::align::Finding;
use crate::extract::{Claim, Shared};
use crate::report::Report;
use crate::report::spill::Spill;
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

/// Why a claim could not be added to [`Shards`].
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error(transparent)]
    Conflict(Box<IdConflict>),
    /// Its bucket's temporary file could not be written.
    #[error("cannot keep claims aside in a temporary file: {0}")]
    Park(std::io::Error),
}

/// Claims read back from `extract`'s JSON Lines, gathered into sources by their id.
/// A source id with two content digests is an error ([`IdConflict`]); the same
/// report given twice (the same id and digest in two shards) is one source, and a
/// claim read again (the same line) is counted once.
///
/// Claims are not held as they are read: each is parked, as its JSON line, in the
/// bucket of its story (a hash of the story picks one of [`BUCKETS`]; claims
/// without a story go to one more, as they are all one story), kept in memory up
/// to a megabyte and then in a temporary file. Once every shard is read,
/// [`Shards::align_each`] reads the buckets back one at a time and aligns each:
/// memory holds one bucket's claims and a row per source, not every claim.
pub struct Shards {
    /// The claims' JSON lines, by story: [`BUCKETS`] buckets, then the claims
    /// without a story.
    buckets: Vec<Spill>,
    /// Claims kept (read once each).
    claims: usize,
    sources: Vec<SourceStatus>,
    /// Per source id: its index in `sources`, its digest, and where it was first
    /// seen.
    by_id: BTreeMap<String, (usize, Option<String>, ShardLine)>,
    /// The claims already read: a 64-bit hash of the source id and the JSON text
    /// (a hash, not the text, so memory does not hold every claim twice).
    lines: HashSet<u64>,
}

/// Buckets claims with a story are parked in: stories of a 1 GB corpus (12 million
/// claims) come out about 200,000 claims a bucket.
pub const BUCKETS: usize = 64;

/// What each bucket keeps in memory before it moves to a temporary file: a small
/// run never makes one, and 65 buckets hold at most 65 MB.
const BUCKET_IN_MEMORY: usize = 1 << 20;

impl Default for Shards {
    fn default() -> Self {
        Shards {
            buckets: (0..=BUCKETS)
                .map(|_| Spill::limited(BUCKET_IN_MEMORY))
                .collect(),
            claims: 0,
            sources: Vec::new(),
            by_id: BTreeMap::new(),
            lines: HashSet::new(),
        }
    }
}

impl Shards {
    /// Adds a claim read from `line` (its JSON text) of a shard; an error when its
    /// source id already names a report of another digest.
    pub fn add(&mut self, claim: Claim, json: &str, from: ShardLine) -> Result<(), AddError> {
        match self.by_id.get_mut(&*claim.source) {
            Some((index, digest, first)) => {
                match (digest.as_deref(), claim.digest.as_deref()) {
                    (Some(a), Some(b)) if a != b => {
                        return Err(AddError::Conflict(Box::new(IdConflict {
                            id: claim.source.to_string(),
                            first_path: self.sources[*index].path.clone(),
                            first_digest: a.to_string(),
                            first: first.clone(),
                            second_path: claim.path.to_string(),
                            second_digest: b.to_string(),
                            second: from,
                        })));
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
        // The bucket of its story (FNV-1a: the same on every run and machine).
        let bucket = claim.story.as_deref().map_or(BUCKETS, |story| {
            let hash = story.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            (hash % BUCKETS as u64) as usize
        });
        let spill = &mut self.buckets[bucket];
        spill
            .write_all(json.trim().as_bytes())
            .and_then(|()| spill.write_all(b"\n"))
            .map_err(AddError::Park)?;
        self.claims += 1;
        Ok(())
    }

    /// Whether no claim was read.
    pub fn is_empty(&self) -> bool {
        self.claims == 0
    }

    /// Aligns the claims bucket by bucket (whole stories each, see [`Shards`]) and
    /// hands each bucket's findings to `sink`, then every source's status, in the
    /// order first read. Claims carry no text, so no report is taken for a copy of
    /// another. Returns the number of claims.
    pub fn align_each(self, sink: &mut dyn CheckSink) -> std::io::Result<usize> {
        for bucket in self.buckets {
            if bucket.is_empty() {
                continue;
            }
            // One copy of each string the bucket's claims repeat (ids, paths,
            // rules, measures, days, sentences), as claims just extracted share them.
            let mut strings: HashSet<Shared> = HashSet::new();
            let mut claims: Vec<Claim> = Vec::new();
            for line in bucket.into_reader()?.lines() {
                // Only a claim JSON cannot say (a number that is not finite, read
                // from an Arrow file) fails to come back.
                let claim: Claim = serde_json::from_str(&line?).map_err(|e| {
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("a claim does not read back as it was written: {e}"),
                    )
                })?;
                claims.push(shared(&mut strings, claim));
            }
            let claims: Vec<&Claim> = claims.iter().collect();
            sink.findings(super::align_copies(&claims, &[]))?;
        }
        for status in self.sources {
            sink.source(status)?;
        }
        Ok(self.claims)
    }

    /// Every bucket aligned (see [`Shards::align_each`]) into one report held whole,
    /// its findings bucket by bucket.
    pub fn into_report(self) -> std::io::Result<Report> {
        #[derive(Default)]
        struct Whole {
            findings: Vec<Finding>,
            sources: Vec<SourceStatus>,
        }
        impl CheckSink for Whole {
            fn findings(&mut self, findings: Vec<Finding>) -> std::io::Result<()> {
                self.findings.extend(findings);
                Ok(())
            }
            fn source(&mut self, status: SourceStatus) -> std::io::Result<()> {
                self.sources.push(status);
                Ok(())
            }
        }
        let mut whole = Whole::default();
        let claims = self.align_each(&mut whole)?;
        Ok(Report {
            sources: whole.sources,
            claims,
            findings: whole.findings,
            ..Report::default()
        })
    }
}

/// `claim` with the strings claims repeat taken from `strings` (and the new ones
/// added to it).
fn shared(strings: &mut HashSet<Shared>, mut claim: Claim) -> Claim {
    let mut one = |s: &mut Shared| match strings.get(&**s) {
        Some(kept) => *s = kept.clone(),
        None => {
            strings.insert(s.clone());
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

/// A claim line's identity for [`Shards`]: its source id and its JSON text, hashed.
fn line_hash(id: &str, json: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same on every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (id, json.trim()).hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Extraction, extract_all, report_from};

    #[test]
    fn claims_parked_past_memory_align_as_claims_held_do() {
        // The seeds' claims ten times over, as other reports each time, without a story:
        // all one bucket, past its megabyte in memory, so read back from its file.
        let pack = crate::rules::Pack::embedded().expect("the default pack compiles");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let seeds = extract_all(&pack, &[root.join("seeds")]).expect("the seeds read");
        let mut claims: Vec<Claim> = Vec::new();
        for copy in 0..10 {
            claims.extend(seeds.claims.iter().cloned().map(|mut c| {
                c.source = format!("{}-{copy}", c.source).into();
                c.story = None;
                c
            }));
        }
        let mut shards = Shards::default();
        let mut parked = 0;
        for (n, claim) in claims.iter().enumerate() {
            let json = serde_json::to_string(claim).unwrap();
            parked += json.len() + 1;
            let from = ShardLine {
                shard: "test".into(),
                line: n + 1,
            };
            shards.add(claim.clone(), &json, from).unwrap();
        }
        assert!(parked > BUCKET_IN_MEMORY, "{parked} bytes stay in memory");
        let aligned = shards.into_report().unwrap();
        let held = report_from(Extraction {
            claims,
            sources: Vec::new(),
            texts: BTreeMap::new(),
            fingerprints: Vec::new(),
        });
        assert!(held.findings.len() > 20, "{}", held.findings.len());
        assert_eq!(aligned.findings, held.findings);
        assert_eq!(aligned.claims, held.claims);
        assert_eq!(aligned.sources.len(), 50);
    }
}
