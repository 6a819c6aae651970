//! `crosscheck align`: findings from claims read as JSON Lines (what `extract`
//! writes), without the reports themselves.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use super::args::AlignArgs;
use super::error::{CliError, CmdResult};
use super::exit;
use super::settings::{Settings, format_of};
use crate::extract::Claim;
use crate::pipeline::{self, Extraction};
use crate::report;
use crate::source::{SourceStatus, Status};

/// Runs `crosscheck align`; the exit code follows `--fail-on`.
pub(crate) fn run(
    args: &AlignArgs,
    settings: &Settings,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> CmdResult {
    let mut claims: Vec<Claim> = Vec::new();
    let inputs: Vec<PathBuf> = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    for input in &inputs {
        let stdin = input.as_os_str() == "-";
        let name = if stdin {
            "<stdin>".to_string()
        } else {
            input.display().to_string()
        };
        let reader: Box<dyn BufRead> = if stdin {
            Box::new(std::io::BufReader::new(std::io::stdin()))
        } else {
            let file = std::fs::File::open(input).map_err(|source| CliError::ReadClaims {
                name: name.clone(),
                source,
            })?;
            Box::new(std::io::BufReader::new(file))
        };
        for (n, line) in reader.lines().enumerate() {
            let line = line.map_err(|source| CliError::ReadClaims {
                name: name.clone(),
                source,
            })?;
            if line.trim().is_empty() {
                continue;
            }
            let claim: Claim =
                serde_json::from_str(&line).map_err(|source| CliError::NotAClaim {
                    name: name.clone(),
                    line: n + 1,
                    column: source.column(),
                    source,
                })?;
            claims.push(claim);
        }
    }
    if claims.is_empty() {
        // As `check` with no report: nothing to align is an error, not a clean bill.
        let names: Vec<String> = inputs
            .iter()
            .map(|i| {
                if i.as_os_str() == "-" {
                    "<stdin>".to_string()
                } else {
                    i.display().to_string()
                }
            })
            .collect();
        return Err(CliError::NoClaims(names.join(", ")));
    }
    // Sources are known only through their claims here.
    let mut sources: Vec<SourceStatus> = Vec::new();
    for claim in &claims {
        if let Some(s) = sources.iter_mut().find(|s| s.id == claim.source) {
            s.claims += 1;
        } else {
            sources.push(SourceStatus {
                id: claim.source.clone(),
                path: claim.path.clone(),
                status: Status::Checked,
                reason: None,
                published: None,
                outlet: None,
                url: None,
                story: claim.story.clone(),
                warnings: Vec::new(),
                claims: 1,
            });
        }
    }
    let report = pipeline::report_from(Extraction {
        claims,
        sources,
        texts: Default::default(),
        // Claims carry no text: every report counts as its own source.
        fingerprints: Vec::new(),
    });
    report::write(&report, format_of(args.format), &settings.stdout, out)?;
    Ok(exit::for_report(&report.summary(), args.fail_on, false))
}
