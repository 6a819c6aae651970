//! The stages joined: inputs discovered and loaded, claims extracted, findings
//! aligned. Used by the `check` and `extract` commands; plain data in and out.

use std::collections::BTreeMap;
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

/// As [`extract_all`]; with `keep_texts`, the texts are kept for the report.
pub fn extract_all_with(
    pack: &Pack,
    paths: &[PathBuf],
    keep_texts: bool,
) -> Result<Extraction, ManifestError> {
    let inputs = source::discover(paths)?;
    let mut statuses = Vec::new();
    let mut loaded = Vec::new();
    for candidate in &inputs.candidates {
        match source::load(candidate) {
            Ok(src) => loaded.push(src),
            Err(status) => statuses.push((candidate.path.clone(), *status)),
        }
    }
    source::dedup_ids(&mut loaded);
    let mut out = Extraction::default();
    // Keep input order: loaded and failed candidates interleaved as discovered.
    let mut loaded_iter = loaded.into_iter().peekable();
    let mut failed_iter = statuses.into_iter().peekable();
    for candidate in &inputs.candidates {
        if failed_iter
            .peek()
            .is_some_and(|(p, _)| *p == candidate.path)
        {
            if let Some((_, status)) = failed_iter.next() {
                out.sources.push(status);
            }
            continue;
        }
        if let Some(src) = loaded_iter.next() {
            let claims = extract(pack, &src);
            let mut status = SourceStatus::checked(&src);
            status.claims = claims.len();
            out.sources.push(status);
            out.claims.extend(claims);
            if keep_texts {
                out.texts.insert(src.id.clone(), src.text);
            }
        }
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
