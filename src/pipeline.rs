//! The stages joined: inputs discovered and loaded, claims extracted, findings
//! aligned. Used by the `check` and `extract` commands; plain data in and out.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::align::align;
use crate::extract::{Claim, extract};
use crate::report::Report;
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
}

/// Reads every input and extracts its claims.
pub fn extract_all(pack: &Pack, paths: &[PathBuf]) -> Result<Extraction, ManifestError> {
    extract_all_with(pack, paths, false)
}

/// Progress of a run, for a progress bar: called once per input file, from any
/// thread, with the file's size in bytes and the claims it gave.
pub type Progress<'a> = &'a (dyn Fn(u64, usize) + Sync);

/// As [`extract_all`]; with `keep_texts`, the texts are kept for the report.
pub fn extract_all_with(
    pack: &Pack,
    paths: &[PathBuf],
    keep_texts: bool,
) -> Result<Extraction, ManifestError> {
    extract_all_progress(pack, paths, keep_texts, &|_, _| {})
}

/// Reads and extracts every input in parallel; the result is in input order, the
/// same whatever the number of threads. Each text is dropped as soon as its claims
/// are made, unless `keep_texts`.
pub fn extract_all_progress(
    pack: &Pack,
    paths: &[PathBuf],
    keep_texts: bool,
    progress: Progress<'_>,
) -> Result<Extraction, ManifestError> {
    let inputs = source::discover(paths)?;
    // Ids first (a later file whose id is taken gets its path), so that the parallel
    // part needs nothing from the others.
    let mut taken = BTreeSet::new();
    let ids: Vec<String> = inputs
        .candidates
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
        .collect();
    let results: Vec<(SourceStatus, Vec<Claim>, Option<String>)> = inputs
        .candidates
        .par_iter()
        .zip(ids.par_iter())
        .map(|(candidate, id)| match source::load(candidate) {
            Ok(mut src) => {
                src.id = id.clone();
                let claims = extract(pack, &src);
                progress(src.text.len() as u64, claims.len());
                let mut status = SourceStatus::checked(&src);
                status.claims = claims.len();
                (status, claims, keep_texts.then_some(src.text))
            }
            Err(status) => {
                progress(0, 0);
                (*status, Vec::new(), None)
            }
        })
        .collect();
    let mut out = Extraction::default();
    for (status, claims, text) in results {
        if let Some(text) = text {
            out.texts.insert(status.id.clone(), text);
        }
        out.claims.extend(claims);
        out.sources.push(status);
    }
    out.sources.extend(inputs.skipped);
    Ok(out)
}

/// The whole job: extract, then align.
pub fn check(pack: &Pack, paths: &[PathBuf]) -> Result<Report, ManifestError> {
    let extraction = extract_all(pack, paths)?;
    Ok(report_from(extraction))
}

/// Aligns extracted claims into a report.
pub fn report_from(extraction: Extraction) -> Report {
    let findings = align(&extraction.claims);
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
    }
}
