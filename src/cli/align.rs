//! `crosscheck align`: findings from claims read as JSON Lines or Arrow files (what
//! `extract` writes), without the reports themselves.

use std::io::{BufRead, Read, Write};
use std::path::PathBuf;

use super::args::AlignArgs;
use super::check::StreamSink;
use super::error::{CliError, CmdResult};
use super::exit;
use super::settings::{Settings, format_of};
use crate::extract::Claim;
use crate::extract::columns::{ClaimsReader, MAGIC};
use crate::pipeline::{ShardLine, Shards};
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
        let name = shard_name(input);
        let cannot = |source| CliError::ReadClaims {
            name: name.clone(),
            source,
        };
        let mut reader: Box<dyn BufRead> = if input.as_os_str() == "-" {
            Box::new(std::io::BufReader::new(std::io::stdin()))
        } else {
            Box::new(std::io::BufReader::new(
                std::fs::File::open(input).map_err(cannot)?,
            ))
        };
        // An Arrow file is told by its first bytes; it is read whole, as its
        // footer (at the end) says where its batches are.
        if reader.fill_buf().map_err(cannot)?.starts_with(MAGIC) {
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes).map_err(cannot)?;
            read_arrow(bytes, &name, &mut shards)?;
        } else {
            read_lines(reader, &name, &mut shards)?;
        }
    }
    if shards.is_empty() {
        // As `check` with no report: nothing to align is an error, not a clean bill.
        let names: Vec<String> = inputs.iter().map(|i| shard_name(i)).collect();
        return Err(CliError::NoClaims(names.join(", ")));
    }
    // Aligned a bucket of stories at a time, and written as it goes.
    let stream = report::stream(format_of(args.format), settings.stdout, out)?;
    let mut sink = StreamSink::new(stream);
    let claims = shards.align_each(&mut sink)?;
    let mut stream = sink.stream;
    let summary = *stream.summary();
    stream.end(claims)?;
    Ok(exit::for_report(&summary, args.fail_on, false))
}

/// Adds the claims of a JSON Lines input.
fn read_lines(reader: impl BufRead, name: &str, shards: &mut Shards) -> Result<(), CliError> {
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| CliError::ReadClaims {
            name: name.to_string(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let claim: Claim = serde_json::from_str(&line).map_err(|source| CliError::NotAClaim {
            name: name.to_string(),
            line: n + 1,
            column: source.column(),
            source,
        })?;
        let from = ShardLine {
            shard: name.to_string(),
            line: n + 1,
        };
        shards.add(claim, &line, from)?;
    }
    Ok(())
}

/// Adds the claims of an Arrow input; a claim's place is its row.
fn read_arrow(bytes: Vec<u8>, name: &str, shards: &mut Shards) -> Result<(), CliError> {
    let not_claims = |source| CliError::NotClaims {
        name: name.to_string(),
        source,
    };
    for claim in ClaimsReader::new(bytes).map_err(not_claims)? {
        let (claim, row) = claim.map_err(not_claims)?;
        // A claim read again is known by its JSON Lines text, whichever file held it.
        let json = serde_json::to_string(&claim).map_err(std::io::Error::from)?;
        let from = ShardLine {
            shard: name.to_string(),
            line: row,
        };
        shards.add(claim, &json, from)?;
    }
    Ok(())
}

/// A claims file as messages name it: `<stdin>` for `-`.
fn shard_name(input: &std::path::Path) -> String {
    if input.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        input.display().to_string()
    }
}
