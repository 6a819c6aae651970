//! The stages joined: inputs discovered and loaded, claims extracted, findings
//! aligned. Used by the `check` and `extract` commands; plain data in and out.

mod shards;

pub use shards::{AddError, IdConflict, ShardLine, Shards};

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::align::copies::{self, Fingerprint};
use crate::align::stories;
use crate::align::{Finding, Show, align_showing};
use crate::extract::{Claim, SIDE_BY_SIDE, extract_batch_budgeted, match_budget};
use crate::report::{Report, Shown};
use crate::rules::Pack;
use crate::source::{self, ManifestError, SourceStatus};

/// Claims of every source that could be read, and the status of every input.
#[derive(Debug, Default)]
pub struct Extraction {
    /// In source order, then text order.
    pub claims: Vec<Claim>,
    /// Every input, in the order given (folders in name order), then files skipped
    /// before loading.
    pub sources: Vec<SourceStatus>,
    /// The texts, by source id, when asked for (the HTML report shows them).
    pub texts: BTreeMap<String, String>,
    /// Each source's sketch, for finding copies of one text (see [`copies`]).
    pub fingerprints: Vec<(String, Fingerprint)>,
}

/// Reads every input and extracts its claims.
pub fn extract_all(pack: &Pack, paths: &[PathBuf]) -> Result<Extraction, ManifestError> {
    extract_all_with(pack, paths, false)
}

/// Progress of a run, for a progress bar. Called from any thread.
pub trait Progress: Sync {
    /// Whether `start` needs the total size to read: it costs a `stat` per file, so
    /// it is only measured when something shows it.
    fn wants_totals(&self) -> bool {
        false
    }
    /// Before the first file: how many files and bytes there are to read (bytes 0
    /// unless `wants_totals`).
    fn start(&self, _files: usize, _bytes: u64) {}
    /// After each file: its size in bytes and the claims it gave.
    fn advance(&self, _bytes: u64, _claims: usize) {}
    /// Before some files are read a second time, their stories found (see
    /// [`check_each_of`]): the `start` and `advance` calls that follow count that
    /// reading.
    fn second_reading(&self) {}
}

/// No progress shown.
pub struct Silent;

impl Progress for Silent {}

/// As [`extract_all`]; with `keep_texts`, the texts are kept for the report.
pub fn extract_all_with(
    pack: &Pack,
    paths: &[PathBuf],
    keep_texts: bool,
) -> Result<Extraction, ManifestError> {
    extract_all_progress(pack, paths, keep_texts, &Silent)
}

/// Files extracted in parallel at a time: enough to keep every core busy, few enough
/// that memory holds one chunk of texts, not the corpus.
const CHUNK: usize = 256;

/// One input file, extracted.
#[derive(Debug)]
pub struct Extracted {
    pub status: SourceStatus,
    pub claims: Vec<Claim>,
    /// The text, when asked for.
    pub text: Option<String>,
    /// The sketch of the text, for finding copies (none when it was not read).
    pub fingerprint: Option<Fingerprint>,
}

/// What extraction keeps of each text besides its claims.
#[derive(Clone, Copy, Debug, Default)]
pub struct Keep {
    /// The text itself (the HTML report shows it).
    pub texts: bool,
    /// Its sketch, for finding copies of one text (the findings need it, claims
    /// alone do not).
    pub sketches: bool,
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

/// Reads and extracts every input, in parallel chunks, and hands each chunk to
/// `sink` in input order (the same whatever the number of threads). When the manifest
/// gives stories, inputs are grouped by story (in order of first appearance) and a
/// chunk never splits a story, so a chunk can be aligned on its own. A chunk's texts
/// are dropped once it is handed on, unless `keep_texts`; no sketches are made (see
/// [`Keep`]). Returns the statuses of the
/// paths skipped before reading (missing files, other extensions).
pub fn extract_each(
    pack: &Pack,
    paths: &[PathBuf],
    keep_texts: bool,
    progress: &dyn Progress,
    sink: &mut dyn FnMut(Vec<Extracted>) -> std::io::Result<()>,
) -> Result<Vec<SourceStatus>, PipelineError> {
    let inputs = source::discover(paths)?;
    let keep = Keep {
        texts: keep_texts,
        sketches: false,
    };
    Ok(extract_each_of(pack, inputs, keep, progress, sink)?)
}

/// As [`extract_each`], for inputs already discovered (a caller that must know the
/// inputs exist, and the manifests are good, before it writes anything).
pub fn extract_each_of(
    pack: &Pack,
    inputs: source::Inputs,
    keep: Keep,
    progress: &dyn Progress,
    sink: &mut dyn FnMut(Vec<Extracted>) -> std::io::Result<()>,
) -> std::io::Result<Vec<SourceStatus>> {
    let source::Inputs {
        mut candidates,
        skipped,
        max_file_size,
    } = inputs;
    let max_file_size = max_file_size.unwrap_or(source::DEFAULT_MAX_FILE_SIZE);
    let bytes: u64 = if progress.wants_totals() {
        candidates
            .iter()
            .filter_map(|c| std::fs::metadata(&c.path).ok())
            .map(|m| m.len())
            .sum()
    } else {
        0
    };
    progress.start(candidates.len(), bytes);
    let run_len = candidates.len();
    let mut ids = unique_ids(&candidates);
    let chunks = chunks(&candidates);
    // A second thread reads and extracts the chunks while this one hands each to
    // `sink` (aligning, writing), so the cores do not wait on the serial part. The
    // channel holds one chunk, and two are extracted at a time: at most four are in
    // memory at once.
    std::thread::scope(|scope| {
        let (done, chunks_out) = std::sync::mpsc::sync_channel::<Vec<Extracted>>(1);
        scope.spawn(move || {
            // Each chunk's batches are tasks of the thread pool, and the next chunk's
            // are queued before this one's last batches end: no core waits for the
            // slowest batch of a chunk.
            let (batch_done, batches) = std::sync::mpsc::channel::<BatchDone>();
            let mut chunks = chunks.into_iter().enumerate();
            // The chunks being extracted, in order: each batch's files once done.
            let mut flight: std::collections::VecDeque<(usize, Vec<Option<Vec<Extracted>>>)> =
                std::collections::VecDeque::new();
            rayon::in_place_scope(|tasks| {
                loop {
                    while flight.len() < CHUNKS_IN_FLIGHT {
                        let Some((k, chunk)) = chunks.next() else {
                            break;
                        };
                        // Each candidate is moved out as its chunk starts and dropped
                        // once read, so the metadata of files already checked does not
                        // stay in memory.
                        let work: Vec<(source::Candidate, String)> = chunk
                            .iter()
                            .map(|&i| {
                                (
                                    std::mem::take(&mut candidates[i]),
                                    std::mem::take(&mut ids[i]),
                                )
                            })
                            .collect();
                        let n = spawn_batches(tasks, work, k, &batch_done, |batch| {
                            extract_some(pack, batch, run_len, max_file_size, keep, progress)
                        });
                        flight.push_back((k, std::iter::repeat_with(|| None).take(n).collect()));
                    }
                    let Some((first, _)) = flight.front() else {
                        break;
                    };
                    let first = *first;
                    while flight
                        .front()
                        .is_some_and(|(_, b)| b.iter().any(Option::is_none))
                    {
                        let Ok((k, n, files)) = batches.recv() else {
                            break;
                        };
                        let files = files.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                        if let Some((_, slots)) = flight.get_mut(k - first) {
                            slots[n] = Some(files);
                        }
                    }
                    let Some((_, slots)) = flight.pop_front() else {
                        break;
                    };
                    let results: Vec<Extracted> = slots.into_iter().flatten().flatten().collect();
                    if done.send(results).is_err() {
                        break; // the sink failed and stopped listening
                    }
                }
            });
        });
        chunks_out.into_iter().try_for_each(sink)
    })?;
    Ok(skipped)
}

/// What a batch task sends back: its chunk, its place in the chunk, and its files
/// (or its panic, raised again by the thread that waits for it).
type BatchDone = (usize, usize, std::thread::Result<Vec<Extracted>>);

/// Queues chunk `k`'s work on the thread pool in batches, each extracted by
/// `extract` and sent to `done`; returns how many batches there are. Each thread
/// takes a few batches, so that the cores stay busy to the end of the chunk.
fn spawn_batches<'s, W: Send + 's>(
    tasks: &rayon::Scope<'s>,
    work: Vec<W>,
    k: usize,
    done: &std::sync::mpsc::Sender<BatchDone>,
    extract: impl Fn(Vec<W>) -> Vec<Extracted> + Send + Sync + Copy + 's,
) -> usize {
    // A few files are one batch, whose steps run side by side on the texts and on
    // the rules (see `extract_batch_budgeted`), each pattern's automaton warmed once.
    let size = if work.len() <= SIDE_BY_SIDE {
        work.len().max(1)
    } else {
        work.len()
            .div_ceil(2 * rayon::current_num_threads())
            .clamp(1, BATCH)
    };
    let mut work = work.into_iter();
    let mut n = 0;
    loop {
        let batch: Vec<W> = work.by_ref().take(size).collect();
        if batch.is_empty() {
            return n;
        }
        let done = done.clone();
        tasks.spawn(move |_| {
            // A panic goes to the thread that waits for the batch (and on to the
            // caller), which would otherwise wait forever for a batch that never came.
            let files = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract(batch)));
            // The receiver lives until every task has ended.
            let _ = done.send((k, n, files));
        });
        n += 1;
    }
}

/// Chunks extracted at a time: the next one's batches are queued while the last
/// batches of the first finish.
const CHUNKS_IN_FLIGHT: usize = 2;

/// At most this many files are extracted together by one thread (see
/// [`crate::extract::extract_batch`]): the more, the longer each pattern's automaton is reused while
/// it is in the CPU's caches (on 20 MB, CPU time fell by 9 % from 16 to 32 files and
/// by 7 % more to 64); a chunk is still split into at least two batches per thread.
const BATCH: usize = 64;

/// Reads and extracts a few files, in order.
fn extract_some(
    pack: &Pack,
    batch: Vec<(source::Candidate, String)>,
    run_len: usize,
    max_file_size: u64,
    keep: Keep,
    progress: &dyn Progress,
) -> Vec<Extracted> {
    let loaded: Vec<Result<(source::Source, String), Box<SourceStatus>>> = batch
        .into_iter()
        .map(|(candidate, id)| {
            source::load_limited(&candidate, max_file_size).map(|(mut src, digest)| {
                src.id = id;
                (src, digest)
            })
        })
        .collect();
    let sources: Vec<&source::Source> = loaded
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|(src, _)| src))
        .collect();
    let mut claims = extract_batch_budgeted(pack, &sources, run_len).into_iter();
    loaded
        .into_iter()
        .map(|loaded| match loaded {
            Ok((src, digest)) => {
                let (mut claims, over_budget) = claims.next().unwrap_or_default();
                // Each claim carries its report's content identity, so that `align`
                // over shards never takes two files of one name for one report.
                let digest: crate::extract::Shared = digest.as_str().into();
                for claim in &mut claims {
                    claim.digest = Some(digest.clone());
                }
                progress.advance(src.text.len() as u64, claims.len());
                let mut status = SourceStatus::checked(&src);
                status.warnings.extend(over_budget.iter().map(|rule| {
                    format!(
                        "rule `{rule}` skipped for this file: it matched more than {} times (the extraction budget: 1,000 matches plus one per 16 bytes); is it too broad?",
                        match_budget(src.text.len())
                    )
                }));
                status.claims = claims.len();
                Extracted {
                    status,
                    claims,
                    fingerprint: keep.sketches.then(|| Fingerprint::of(&src.text)),
                    text: keep.texts.then_some(src.text),
                }
            }
            Err(status) => {
                progress.advance(0, 0);
                Extracted {
                    status: *status,
                    claims: Vec::new(),
                    text: None,
                    fingerprint: None,
                }
            }
        })
        .collect()
}

/// Each candidate's id, assigned before the parallel part so that it needs nothing
/// from the others: the manifest id or file stem, or the path when that id is taken.
fn unique_ids(candidates: &[source::Candidate]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    candidates
        .iter()
        .map(|c| {
            let id = source::candidate_id(c);
            if taken.insert(id.clone()) {
                id
            } else {
                let path = c.path.display().to_string();
                taken.insert(path.clone());
                path
            }
        })
        .collect()
}

/// Indices of the candidates in chunks of about [`CHUNK`]: grouped by story (in order
/// of first appearance) without splitting one, or in input order when there are no
/// stories.
fn chunks(candidates: &[source::Candidate]) -> Vec<Vec<usize>> {
    let story = |c: &source::Candidate| c.story.clone();
    let mut order: Vec<Option<String>> = Vec::new();
    let mut members: std::collections::HashMap<Option<String>, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        let s = story(c);
        let list = members.entry(s.clone()).or_default();
        if list.is_empty() {
            order.push(s);
        }
        list.push(i);
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for s in order {
        let list = members.remove(&s).unwrap_or_default();
        if s.is_none() {
            // Reports without a story are all one story: one chunk per CHUNK files
            // is fine for extraction, and alignment collects them all anyway. The
            // stories before them come first, so the order stays that of first
            // appearance.
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            for piece in list.chunks(CHUNK) {
                out.push(piece.to_vec());
            }
            continue;
        }
        current.extend(list);
        if current.len() >= CHUNK {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Reads and extracts every input in parallel; the result is in input order.
pub fn extract_all_progress(
    pack: &Pack,
    paths: &[PathBuf],
    keep_texts: bool,
    progress: &dyn Progress,
) -> Result<Extraction, ManifestError> {
    let inputs = source::discover(paths)?;
    Ok(extract_all_of(pack, inputs, keep_texts, progress))
}

/// As [`extract_all_progress`], for inputs already discovered.
pub fn extract_all_of(
    pack: &Pack,
    inputs: source::Inputs,
    keep_texts: bool,
    progress: &dyn Progress,
) -> Extraction {
    let mut out = Extraction::default();
    let keep = Keep {
        texts: keep_texts,
        sketches: true,
    };
    let files = inputs.candidates.len();
    let mut files_done = 0;
    let skipped = extract_each_of(pack, inputs, keep, progress, &mut |chunk| {
        files_done += chunk.len();
        let more = chunk.iter().map(|e| e.claims.len()).sum();
        reserve_for_run(&mut out.claims, more, files_done, files);
        for e in chunk {
            if let Some(text) = e.text {
                out.texts.insert(e.status.id.clone(), text);
            }
            if let Some(f) = e.fingerprint {
                out.fingerprints.push((e.status.id.clone(), f));
            }
            out.claims.extend(e.claims);
            out.sources.push(e.status);
        }
        Ok(())
    });
    // The sink above never fails.
    out.sources
        .extend(skipped.expect("collecting into memory does not write"));
    out
}

/// Makes room in `claims` for `more`, sized for the whole run from the claims per
/// file so far (with a quarter to spare). A vector grown by doubling holds its old
/// and its new buffer at once as it grows (a sixth of the peak on one 20 MB story),
/// while room sized once, early, and never written costs address space, not memory.
fn reserve_for_run(claims: &mut Vec<Claim>, more: usize, files_done: usize, files: usize) {
    let need = claims.len() + more;
    if need <= claims.capacity() {
        return;
    }
    let expected = need.saturating_mul(files.max(files_done)) / files_done.max(1) * 5 / 4;
    claims.reserve_exact(expected.max(need) - claims.len());
}

/// Where [`check_each`] hands its results, as they come.
pub trait CheckSink {
    /// The findings of a chunk of whole stories (or, at the end, of the reports
    /// without a story).
    fn findings(&mut self, findings: Vec<Finding>) -> std::io::Result<()>;
    /// One input's status, in input order; the files skipped before reading (missing,
    /// other extensions) come last.
    fn source(&mut self, status: SourceStatus) -> std::io::Result<()>;
    /// Whether the sink shows the texts (then they are kept until their chunk is
    /// aligned, and given to [`CheckSink::texts`]).
    fn wants_texts(&self) -> bool {
        false
    }
    /// The texts of a chunk whose findings (if it had any) were just given, each
    /// with every claim found in it.
    fn texts(&mut self, _texts: &[Shown<'_>]) -> std::io::Result<()> {
        Ok(())
    }
}

/// Reports read and waiting to be aligned together.
#[derive(Default)]
struct Held {
    /// Each report's claims, in a vector of its own: one vector of all of them
    /// would need twice their memory while it grows (a sixth of the peak on one 20
    /// MB story).
    claims: Vec<Vec<Claim>>,
    /// The reports' sketches, for copies.
    prints: Vec<(String, Fingerprint)>,
    /// Beside each report's claims, its id, path and text, when they are kept.
    texts: Vec<Option<(String, String, String)>>,
}

impl Held {
    /// Holds a report's claims, sketch and text (its status goes on elsewhere).
    fn hold(&mut self, e: &mut Extracted) {
        let status = &e.status;
        self.prints
            .extend(e.fingerprint.take().map(|f| (status.id.clone(), f)));
        self.texts.push(
            e.text
                .take()
                .map(|t| (status.id.clone(), status.path.clone(), t)),
        );
        let mut claims = std::mem::take(&mut e.claims);
        claims.shrink_to_fit();
        self.claims.push(claims);
    }
}

/// The whole job, streamed: each chunk of whole stories is extracted, aligned and
/// handed to `sink`, then dropped, so memory holds one chunk, not the corpus.
/// Claims of reports without a story are kept and aligned together at the end (they
/// are all one story). Returns the number of claims.
pub fn check_each(
    pack: Pack,
    paths: &[PathBuf],
    progress: &dyn Progress,
    sink: &mut dyn CheckSink,
) -> Result<usize, PipelineError> {
    let inputs = source::discover(paths)?;
    Ok(check_each_of(
        pack,
        inputs,
        StoryBy::Manifest,
        progress,
        sink,
    )?)
}

/// Claims of reports without a story that a run finding stories (`--story-by
/// auto`) holds at most, about half a gigabyte in memory: past it, each report's
/// description is kept instead and the reports are read a second time once their
/// stories are known (see [`check_each_of`]). One 20 MB story (240,000 claims)
/// stays within it.
pub const HOLD_CLAIMS: usize = 400_000;

/// As [`check_each`], for inputs already discovered.
///
/// The pack is dropped once every text is read: the alignment of the reports
/// without a story, which holds all their claims, then runs without the compiled
/// rules and their automata's caches (a quarter of a gigabyte on 20 MB).
///
/// With [`StoryBy::Auto`], reports without a story are described as they are read
/// (what they name, see [`stories`]), and their claims are held up to
/// [`HOLD_CLAIMS`]. A folder with more is read twice: the first reading finds the
/// stories and lets the claims go, the second reads the reports again with the
/// story found for each, and aligns them a chunk of whole stories at a time, as
/// a manifest's stories are. Memory then holds the largest story, not the folder;
/// the findings are the same, in the order of their chunks.
pub fn check_each_of(
    pack: Pack,
    inputs: source::Inputs,
    story_by: StoryBy,
    progress: &dyn Progress,
    sink: &mut dyn CheckSink,
) -> std::io::Result<usize> {
    check_each_holding(pack, inputs, story_by, HOLD_CLAIMS, progress, sink)
}

/// As [`check_each_of`], holding at most `hold` claims of reports without a story
/// when stories are found.
pub fn check_each_holding(
    pack: Pack,
    inputs: source::Inputs,
    story_by: StoryBy,
    hold: usize,
    progress: &dyn Progress,
    sink: &mut dyn CheckSink,
) -> std::io::Result<usize> {
    let mut claims = 0;
    let mut storyless = Held::default();
    let auto = story_by == StoryBy::Auto;
    // For finding stories: what each report without one names, and, should the
    // claims pass `hold`, its candidate, to be read again.
    let mut names = stories::Names::default();
    let mut described: Vec<(String, stories::Description)> = Vec::new();
    let mut held = 0;
    let mut again: Vec<(source::Candidate, String)> = if auto {
        let ids = unique_ids(&inputs.candidates);
        inputs
            .candidates
            .iter()
            .zip(ids)
            .filter(|(c, _)| c.story.is_none())
            .map(|(c, id)| (c.clone(), id))
            .collect()
    } else {
        Vec::new()
    };
    let max_file_size = inputs.max_file_size;
    let keep = Keep {
        texts: sink.wants_texts(),
        sketches: true,
    };
    let skipped = extract_each_of(&pack, inputs, keep, progress, &mut |chunk| {
        let mut storied = Held::default();
        for mut e in chunk {
            claims += e.claims.len();
            // A report's claims all carry its story.
            if e.status.story.is_some() {
                storied.hold(&mut e);
            } else {
                if auto && !e.claims.is_empty() {
                    let description = stories::describe(&e.claims, &mut names);
                    described.push((e.status.id.clone(), description));
                }
                held += e.claims.len();
                if auto && held > hold {
                    // Too many to hold: read again once the stories are known.
                    storyless = Held::default();
                } else {
                    storyless.hold(&mut e);
                }
            }
            sink.source(e.status)?;
        }
        align_stories(&storied, sink)
    })?;
    if auto && held > hold {
        let found = stories::group(&described, &names);
        drop(described);
        let again: Vec<source::Candidate> = again
            .drain(..)
            .filter_map(|(mut c, id)| {
                // A report without claims is in no story, and has no findings.
                c.story = Some(found.get(&id)?.clone());
                c.id = Some(id);
                Some(c)
            })
            .collect();
        progress.second_reading();
        check_stories_again(&pack, again, keep, max_file_size, progress, sink)?;
        release(pack);
    } else {
        release(pack);
        if auto && !storyless.claims.is_empty() {
            let found = stories::group(&described, &names);
            for c in storyless.claims.iter_mut().flatten() {
                c.story = found.get(&*c.source).map(|s| s.as_str().into());
            }
        }
        align_stories(&storyless, sink)?;
    }
    for status in skipped {
        sink.source(status)?;
    }
    Ok(claims)
}

/// Aligns the claims of whole stories and hands the findings to `sink` (none when
/// there are no claims), then the texts when they were kept.
fn align_stories(held: &Held, sink: &mut dyn CheckSink) -> std::io::Result<()> {
    let claims: Vec<&Claim> = held.claims.iter().flatten().collect();
    if !claims.is_empty() {
        sink.findings(align_copies(&claims, &held.prints))?;
    }
    let shown: Vec<Shown<'_>> = held
        .texts
        .iter()
        .zip(&held.claims)
        .filter_map(|(kept, claims)| {
            let (id, path, text) = kept.as_ref()?;
            Some(Shown {
                id,
                path,
                text,
                claims: claims.iter().collect(),
            })
        })
        .collect();
    if shown.is_empty() {
        return Ok(());
    }
    sink.texts(&shown)
}

/// The second reading of reports whose stories were found on the first: each
/// candidate carries its id and story, so they are extracted and aligned a chunk of
/// whole stories at a time (their statuses were given on the first reading).
fn check_stories_again(
    pack: &Pack,
    candidates: Vec<source::Candidate>,
    keep: Keep,
    max_file_size: Option<u64>,
    progress: &dyn Progress,
    sink: &mut dyn CheckSink,
) -> std::io::Result<()> {
    let inputs = source::Inputs {
        candidates,
        skipped: Vec::new(),
        max_file_size,
    };
    extract_each_of(pack, inputs, keep, progress, &mut |chunk| {
        let mut held = Held::default();
        for mut e in chunk {
            held.hold(&mut e);
        }
        align_stories(&held, sink)
    })?;
    Ok(())
}

/// Frees a pack no longer needed, on the thread pool while the caller goes on
/// aligning: its compiled rules, caches and vocabularies are hundreds of thousands of
/// allocations (30 ms to free, a twentieth of a run over five reports).
pub fn release(pack: Pack) {
    rayon::spawn(move || drop(pack));
}

/// The whole job: extract, then align.
pub fn check(pack: &Pack, paths: &[PathBuf]) -> Result<Report, ManifestError> {
    let extraction = extract_all(pack, paths)?;
    Ok(report_from(extraction))
}

/// The findings of `claims`, each side saying which of its reports copy another's
/// text (found from the reports' sketches).
pub fn align_copies(claims: &[&Claim], prints: &[(String, Fingerprint)]) -> Vec<Finding> {
    align_copies_showing(claims, prints, &BTreeSet::new())
}

/// As [`align_copies`], each side showing also every claim of the reports in
/// `always` (see [`crate::align::Side::showing`]).
pub fn align_copies_showing(
    claims: &[&Claim],
    prints: &[(String, Fingerprint)],
    always: &BTreeSet<String>,
) -> Vec<Finding> {
    let reports: Vec<(&str, &Fingerprint)> =
        prints.iter().map(|(id, f)| (id.as_str(), f)).collect();
    // Copies are known first, so that a side shows the claims of different texts.
    let show = Show {
        always: always.clone(),
        copy_of: copies::copies(&reports),
    };
    let mut findings = align_showing(claims, &show);
    copies::mark(&mut findings, &show.copy_of);
    findings
}

/// How the reports of a run are grouped into stories, whose claims alone are
/// compared with each other.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StoryBy {
    /// The manifest's stories; reports without one are all one story.
    #[default]
    Manifest,
    /// The manifest's stories; reports without one are grouped into the events they
    /// tell of (see [`stories`]).
    Auto,
}

/// Gives each claim without a story the story found for its report (see
/// [`stories`]): reports of different events are never compared.
pub fn find_stories<'c>(claims: impl IntoIterator<Item = &'c mut Claim>) {
    let mut claims: Vec<&mut Claim> = claims.into_iter().collect();
    let found = stories::stories(claims.iter().map(|c| &**c));
    for c in claims.iter_mut().filter(|c| c.story.is_none()) {
        c.story = found.get(&*c.source).map(|s| s.as_str().into());
    }
}

/// Aligns extracted claims into a report.
pub fn report_from(extraction: Extraction) -> Report {
    let claims: Vec<&Claim> = extraction.claims.iter().collect();
    let findings = align_copies(&claims, &extraction.fingerprints);
    let claim_count = extraction.claims.len();
    let all_claims = if extraction.texts.is_empty() {
        Vec::new()
    } else {
        extraction.claims
    };
    Report {
        sources: extraction.sources,
        claims: claim_count,
        findings,
        texts: extraction.texts,
        all_claims,
        review: None,
    }
}

/// Aligns extracted claims into a review of the draft (the reports `draft` names)
/// against the other reports (see [`crate::review`]): the report's findings are
/// those the draft takes part in, and with `also_references` those among the
/// references too.
pub fn review_from(
    extraction: Extraction,
    draft: &BTreeSet<String>,
    also_references: bool,
) -> Report {
    let checked = |is_draft: bool| -> Vec<String> {
        extraction
            .sources
            .iter()
            .filter(|s| s.status == source::Status::Checked && draft.contains(&s.id) == is_draft)
            .map(|s| s.id.clone())
            .collect()
    };
    let (draft_ids, references) = (checked(true), checked(false));
    let claim_count = extraction.claims.len();
    let keep = !extraction.texts.is_empty();
    let all_claims = if keep {
        extraction.claims.clone()
    } else {
        Vec::new()
    };
    let (review, findings) = crate::review::review(crate::review::Inputs {
        claims: extraction.claims,
        fingerprints: &extraction.fingerprints,
        draft: draft_ids,
        references,
        also_references,
    });
    Report {
        sources: extraction.sources,
        claims: claim_count,
        findings,
        texts: extraction.texts,
        all_claims,
        review: Some(review),
    }
}
