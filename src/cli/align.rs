//! `crosscheck align`: findings from claims read as JSON Lines (what `extract`
//! writes), without the reports themselves.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use super::args::AlignArgs;
use super::error::{CliError, CmdResult};
use super::exit;
use super::settings::{Settings, format_of};
use crate::extract::Claim;
use crate::pipeline::{self, ShardLine, Shards};
use crate::report;

/// Runs `crosscheck align`; the exit code follows `--fail-on`.
pub(crate) fn run(
    args: &AlignArgs,
    settings: &Settings,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> CmdResult {
    if args.format == super::args::FormatArg::Sarif {
        return Err(CliError::Message(
            "--format sarif is for a draft reviewed against references: crosscheck check DRAFT --against REFERENCES --format sarif".to_string(),
        ));
    }
    let mut shards = Shards::default();
    let inputs: Vec<PathBuf> = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    for input in &inputs {
        let stdin = input.as_os_str() == "-";
        let name = shard_name(input);
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
            let from = ShardLine {
                shard: name.clone(),
                line: n + 1,
            };
            shards.add(claim, &line, from)?;
        }
    }
    if shards.is_empty() {
        // As `check` with no report: nothing to align is an error, not a clean bill.
        let names: Vec<String> = inputs.iter().map(|i| shard_name(i)).collect();
        return Err(CliError::NoClaims(names.join(", ")));
    }
    let report = pipeline::report_from(shards.into_extraction());
    report::write(&report, format_of(args.format), &settings.stdout, out)?;
    Ok(exit::for_report(&report.summary(), args.fail_on, false))
}

/// A claims file as messages name it: `<stdin>` for `-`.
fn shard_name(input: &std::path::Path) -> String {
    if input.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        input.display().to_string()
    }
}
