//! `crosscheck extract`: claims as JSON Lines, written as each chunk of files is done.

use std::io::Write;

use super::args::ExtractArgs;
use super::error::{CliError, CmdResult};
use super::inputs::{given, report_inputs};
use super::settings::{Settings, load_pack, start_of};
use super::{exit, progress};
use crate::pipeline;
use crate::source::{self, SourceStatus, Status};

/// Runs `crosscheck extract`: 2 when an input could not be read, else 0.
pub(crate) fn run(
    args: &ExtractArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let given = given(&args.paths, args.files_from.as_deref(), &args.manifest)?;
    let pack = load_pack(&args.pack, start_of(&given.paths), settings, err)?;
    let bar = progress::Bar::new(settings.progress, settings.progress_after);
    let mut sources: Vec<SourceStatus> = Vec::new();
    let mut checked = false;
    // Claims go out as each chunk of files is done, in input order: memory holds one
    // chunk, not the corpus.
    let options = source::DiscoverOptions {
        output: None,
        max_file_size: args.limits.max_file_size,
        listed: given.listed,
        manifests: args.manifest.clone(),
    };
    let inputs = source::discover_with(&given.paths, &options)?;
    let skipped = pipeline::extract_each_of(
        &pack,
        inputs,
        pipeline::Keep::default(),
        &bar,
        &mut |chunk| {
            for e in chunk {
                for claim in &e.claims {
                    serde_json::to_writer(&mut *out, claim).map_err(std::io::Error::from)?;
                    out.write_all(b"\n")?;
                }
                checked |= e.status.status == Status::Checked;
                // Only what must be reported is kept: skips, errors, warnings.
                if e.status.is_noteworthy() {
                    sources.push(e.status);
                }
            }
            Ok(())
        },
    );
    bar.finish();
    sources.extend(skipped?);
    let failed = report_inputs(&sources, &settings.stderr, err);
    if !checked {
        return Err(CliError::NoReports(given.shown.clone()));
    }
    Ok(if failed { exit::ERROR } else { exit::OK })
}
