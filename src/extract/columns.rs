//! Claims as an Apache Arrow IPC file (`extract --format arrow`): the compact form
//! of the hop between `extract` and `align` on a sharded run, and a table that
//! pandas, Polars, DuckDB and Spark read as it is. One column per field of a claim
//! (the JSON Lines fields, same names), one record batch per chunk of reports,
//! each buffer LZ4-compressed: repeated ids, paths, rules and sentences cost
//! little. What is nested in a claim (its typed `value`, its `slots`) is a column of
//! JSON text, as it stands in the JSON Lines. The schema is documented in
//! docs/output.md and versioned by [`SCHEMA`] in the file's metadata.

use std::io::{Cursor, Write};
use std::sync::Arc;

use arrow_array::builder::{StringBuilder, UInt64Builder};
use arrow_array::cast::AsArray;
use arrow_array::types::UInt64Type;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray, UInt64Array};
use arrow_ipc::CompressionType;
use arrow_ipc::reader::FileReader;
use arrow_ipc::writer::{FileWriter, IpcWriteOptions};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use serde::Serialize;
use serde::de::{DeserializeOwned, IntoDeserializer};

use super::claim::{Claim, Shared, Slots};

/// The metadata key of the schema's version, and its value. Raised when a column
/// is removed or changes meaning.
pub const SCHEMA_KEY: &str = "crosscheck.claims";
pub const SCHEMA: &str = "1";

/// The first bytes of an Arrow IPC file.
pub const MAGIC: &[u8] = b"ARROW1";

/// Why claims could not be written or read as Arrow.
#[derive(Debug, thiserror::Error)]
pub enum ColumnsError {
    #[error("{0}")]
    Arrow(#[from] ArrowError),
    #[error("not crosscheck claims: {0}")]
    Schema(String),
    /// The Arrow reader failed on the file (it panics on some damaged files: a bug
    /// in it, not in the file): the file is refused, the run goes on.
    #[error("the file is damaged (the Arrow reader failed on it)")]
    Damaged,
    /// A value in a row that is not what its column holds.
    #[error("row {row}, column `{column}`: {message}")]
    Cell {
        row: usize,
        column: &'static str,
        message: String,
    },
}

/// The text columns, in order, and whether each may be null.
const TEXT: [(&str, bool); 16] = [
    ("source", false),
    ("path", false),
    ("digest", true),
    ("story", true),
    ("rule", false),
    ("kind", false),
    ("measure", false),
    ("key", false),
    ("slots", true),
    ("trend", false),
    ("as_of", true),
    ("value", false),
    ("display", false),
    ("text", false),
    ("value_text", false),
    ("sentence", false),
];

/// The number columns (unsigned 64-bit), after the text columns.
const NUMBERS: [&str; 5] = ["start", "end", "line", "column", "sentence_start"];

/// The place of the text column `name` in [`TEXT`], found when compiling: a name
/// that is not there does not compile.
const fn text(name: &str) -> usize {
    let mut k = 0;
    while k < TEXT.len() {
        if eq(TEXT[k].0.as_bytes(), name.as_bytes()) {
            return k;
        }
        k += 1;
    }
    panic!("no such text column")
}

/// The place of the number column `name` in [`NUMBERS`], as [`text`].
const fn number(name: &str) -> usize {
    let mut k = 0;
    while k < NUMBERS.len() {
        if eq(NUMBERS[k].as_bytes(), name.as_bytes()) {
            return k;
        }
        k += 1;
    }
    panic!("no such number column")
}

const fn eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The schema of a claims file.
pub fn schema() -> SchemaRef {
    let text = TEXT
        .iter()
        .map(|(name, null)| Field::new(*name, DataType::Utf8, *null));
    let numbers = NUMBERS
        .iter()
        .map(|name| Field::new(*name, DataType::UInt64, false));
    let fields: Vec<Field> = text.chain(numbers).collect();
    Arc::new(Schema::new(fields).with_metadata([(SCHEMA_KEY, SCHEMA)]))
}

/// Writes claims as an Arrow IPC file, a record batch per call of [`write`].
///
/// [`write`]: ClaimsWriter::write
pub struct ClaimsWriter<W: Write> {
    writer: FileWriter<W>,
    schema: SchemaRef,
}

impl<W: Write> ClaimsWriter<W> {
    pub fn new(out: W) -> Result<Self, ColumnsError> {
        let schema = schema();
        let options =
            IpcWriteOptions::default().try_with_compression(Some(CompressionType::LZ4_FRAME))?;
        let writer = FileWriter::try_new_with_options(out, &schema, options)?;
        Ok(ClaimsWriter { writer, schema })
    }

    /// Writes `claims` as one record batch (nothing when there are none).
    pub fn write(&mut self, claims: &[Claim]) -> Result<(), ColumnsError> {
        if claims.is_empty() {
            return Ok(());
        }
        let batch = RecordBatch::try_new(self.schema.clone(), columns(claims))?;
        self.writer.write(&batch)?;
        Ok(())
    }

    /// Writes the file's footer; the file is incomplete without it.
    pub fn finish(mut self) -> Result<W, ColumnsError> {
        self.writer.finish()?;
        Ok(self.writer.into_inner()?)
    }
}

/// The columns of `claims`: [`TEXT`], then [`NUMBERS`].
fn columns(claims: &[Claim]) -> Vec<ArrayRef> {
    let strings = |f: &dyn Fn(&Claim) -> Option<&str>| -> ArrayRef {
        let mut b = StringBuilder::with_capacity(claims.len(), claims.len() * 16);
        for c in claims {
            b.append_option(f(c));
        }
        Arc::new(b.finish())
    };
    let numbers = |f: &dyn Fn(&Claim) -> usize| -> ArrayRef {
        let mut b = UInt64Builder::with_capacity(claims.len());
        for c in claims {
            b.append_value(f(c) as u64);
        }
        Arc::new(b.finish())
    };
    // Text made for the column: a name, or JSON.
    let made = |f: &dyn Fn(&Claim) -> Option<String>| -> ArrayRef {
        Arc::new(claims.iter().map(f).collect::<StringArray>())
    };
    vec![
        strings(&|c| Some(&c.source)),
        strings(&|c| Some(&c.path)),
        strings(&|c| c.digest.as_deref()),
        strings(&|c| c.story.as_deref()),
        strings(&|c| Some(&c.rule)),
        made(&|c| Some(c.kind.to_string())),
        strings(&|c| Some(&c.measure)),
        strings(&|c| Some(&c.key)),
        made(&|c| (!c.slots.is_empty()).then(|| to_json(&c.slots))),
        made(&|c| Some(name_of(&c.trend))),
        strings(&|c| c.as_of.as_deref()),
        made(&|c| Some(to_json(&c.value))),
        strings(&|c| Some(&c.display)),
        strings(&|c| Some(&c.text)),
        strings(&|c| Some(&c.value_text)),
        strings(&|c| Some(&c.sentence)),
        numbers(&|c| c.start),
        numbers(&|c| c.end),
        numbers(&|c| c.line),
        numbers(&|c| c.column),
        numbers(&|c| c.sentence_start),
    ]
}

/// A value as compact JSON (what the JSON Lines hold): plain data always serializes.
fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A unit enum's name as serde spells it ("rises").
fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Reads the claims of an Arrow IPC file written by [`ClaimsWriter`], batch by
/// batch: each item is one claim, or why its row (1-based, counted over the file)
/// could not be read.
pub struct ClaimsReader {
    batches: FileReader<Cursor<Vec<u8>>>,
    current: Option<Batch>,
    /// Rows of the batches before the current one.
    rows_before: usize,
    /// The reader failed on the file: nothing more is read.
    damaged: bool,
}

impl ClaimsReader {
    /// The reader of a whole file's bytes (its footer, at the end, says where its
    /// batches are). A file whose blocks or buffers lie outside it is refused before
    /// the Arrow reader sees it.
    pub fn new(bytes: Vec<u8>) -> Result<Self, ColumnsError> {
        check_blocks(&bytes)?;
        let batches = guarded(|| FileReader::try_new(Cursor::new(bytes), None))??;
        let schema = batches.schema();
        if schema.metadata().get(SCHEMA_KEY).map(String::as_str) != Some(SCHEMA) {
            return Err(ColumnsError::Schema(format!(
                "the file's metadata has no `{SCHEMA_KEY}: {SCHEMA}` (an Arrow file `crosscheck extract --format arrow` did not write, or of another version)"
            )));
        }
        Ok(ClaimsReader {
            batches,
            current: None,
            rows_before: 0,
            damaged: false,
        })
    }
}

impl Iterator for ClaimsReader {
    /// The claim and its row number.
    type Item = Result<(Claim, usize), ColumnsError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.damaged {
            return None;
        }
        loop {
            if let Some(batch) = &mut self.current {
                if batch.next < batch.rows {
                    let i = batch.next;
                    batch.next += 1;
                    let row = self.rows_before + i + 1;
                    return Some(batch.claim(i, row).map(|c| (c, row)));
                }
                self.rows_before += batch.rows;
                self.current = None;
            }
            match guarded(|| self.batches.next()) {
                Ok(None) => return None,
                Ok(Some(Ok(b))) => match Batch::new(&b) {
                    Ok(b) => self.current = Some(b),
                    Err(e) => return Some(Err(e)),
                },
                Ok(Some(Err(e))) => return Some(Err(e.into())),
                Err(e) => {
                    // Nothing after a damaged batch can be trusted.
                    self.damaged = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

/// How much an LZ4 buffer can grow when decompressed: the format's own bound is
/// about 255 to 1.
const MAX_RATIO: i64 = 256;

/// Checks what the Arrow reader trusts in a file: every block (dictionary or
/// record batch) the footer lists lies inside the file, and every buffer of its
/// message inside the block's body, each compressed buffer saying an uncompressed
/// size LZ4 can reach. arrow-ipc 60 slices out of bounds (a panic) and allocates an
/// uncompressed size as given (a damaged length aborts the process on an allocation
/// it cannot make); both are refused here as [`ColumnsError::Damaged`].
fn check_blocks(bytes: &[u8]) -> Result<(), ColumnsError> {
    let damaged = || ColumnsError::Damaged;
    let n = bytes.len();
    let trailer = n.checked_sub(10).ok_or_else(damaged)?;
    if !bytes.starts_with(MAGIC) || &bytes[n - 6..] != MAGIC {
        return Err(damaged());
    }
    let footer_len = i32::from_le_bytes(
        bytes[trailer..trailer + 4]
            .try_into()
            .map_err(|_| damaged())?,
    );
    let footer_start = trailer
        .checked_sub(usize::try_from(footer_len).map_err(|_| damaged())?)
        .ok_or_else(damaged)?;
    let footer = arrow_ipc::root_as_footer(&bytes[footer_start..trailer]).map_err(|_| damaged())?;
    let blocks = footer
        .dictionaries()
        .into_iter()
        .chain(footer.recordBatches());
    for block in blocks.flatten() {
        let at = |v: i64| usize::try_from(v).map_err(|_| damaged());
        let (offset, meta, body) = (
            at(block.offset())?,
            at(block.metaDataLength() as i64)?,
            at(block.bodyLength())?,
        );
        let end = offset
            .checked_add(meta)
            .and_then(|m| m.checked_add(body))
            .ok_or_else(damaged)?;
        let (meta, body) = (
            bytes.get(offset..offset + meta).ok_or_else(damaged)?,
            bytes.get(offset + meta..end).ok_or_else(damaged)?,
        );
        // The message after its continuation marker and length.
        let meta = if meta.starts_with(&[0xff; 4]) {
            meta.get(8..)
        } else {
            meta.get(4..)
        };
        let message =
            arrow_ipc::root_as_message(meta.ok_or_else(damaged)?).map_err(|_| damaged())?;
        let batch = match message.header_as_record_batch() {
            Some(batch) => Some(batch),
            None => message.header_as_dictionary_batch().and_then(|d| d.data()),
        };
        let Some(batch) = batch else { continue };
        let compressed = batch.compression().is_some();
        for buffer in batch.buffers().into_iter().flatten() {
            let start = at(buffer.offset())?;
            let data = start
                .checked_add(at(buffer.length())?)
                .and_then(|e| body.get(start..e))
                .ok_or_else(damaged)?;
            if compressed && data.len() >= 8 {
                let size = i64::from_le_bytes(data[..8].try_into().map_err(|_| damaged())?);
                let room = (data.len() as i64 - 8).max(1).saturating_mul(MAX_RATIO);
                if size != -1 && !(0..=room).contains(&size) {
                    return Err(damaged());
                }
            }
        }
    }
    Ok(())
}

/// Runs the Arrow reader on bytes of any shape: its panic is [`ColumnsError::Damaged`],
/// never a run stopped.
fn guarded<T>(read: impl FnOnce() -> T) -> Result<T, ColumnsError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).map_err(|_| ColumnsError::Damaged)
}

/// A record batch's columns, typed.
struct Batch {
    strings: Vec<StringArray>,
    numbers: Vec<UInt64Array>,
    rows: usize,
    next: usize,
}

impl Batch {
    fn new(batch: &RecordBatch) -> Result<Self, ColumnsError> {
        let column = |name: &str| {
            batch
                .column_by_name(name)
                .ok_or_else(|| ColumnsError::Schema(format!("no column `{name}`")))
        };
        let wrong =
            |name: &str, ty: &str| ColumnsError::Schema(format!("column `{name}` is not {ty}"));
        let mut strings = Vec::new();
        for (name, _) in &TEXT {
            let text = column(name)?.as_string_opt::<i32>();
            strings.push(text.ok_or_else(|| wrong(name, "Utf8"))?.clone());
        }
        let mut numbers = Vec::new();
        for name in &NUMBERS {
            let number = column(name)?.as_primitive_opt::<UInt64Type>();
            numbers.push(number.ok_or_else(|| wrong(name, "UInt64"))?.clone());
        }
        Ok(Batch {
            strings,
            numbers,
            rows: batch.num_rows(),
            next: 0,
        })
    }

    /// The claim of row `i` (`row` counted over the file, for messages).
    fn claim(&self, i: usize, row: usize) -> Result<Claim, ColumnsError> {
        let s = |k: usize| -> Option<&str> {
            let a = &self.strings[k];
            (!a.is_null(i)).then(|| a.value(i))
        };
        let n = |k: usize| self.numbers[k].value(i) as usize;
        let need = |k: usize| -> Result<&str, ColumnsError> {
            s(k).ok_or_else(|| ColumnsError::Cell {
                row,
                column: TEXT[k].0,
                message: "empty (null)".to_string(),
            })
        };
        let shared = |k: usize| -> Result<Shared, ColumnsError> { Ok(need(k)?.into()) };
        // Each column by its name, its place known when compiling.
        const SLOTS: usize = text("slots");
        const KIND: usize = text("kind");
        const TREND: usize = text("trend");
        const VALUE: usize = text("value");
        let slots: Slots = match s(SLOTS) {
            Some(json) => decode(json, row, TEXT[SLOTS].0)?,
            None => Slots::default(),
        };
        Ok(Claim {
            source: shared(const { text("source") })?,
            path: shared(const { text("path") })?,
            digest: s(const { text("digest") }).map(Into::into),
            story: s(const { text("story") }).map(Into::into),
            rule: shared(const { text("rule") })?,
            kind: named(need(KIND)?, row, TEXT[KIND].0)?,
            measure: shared(const { text("measure") })?,
            key: need(const { text("key") })?.to_string(),
            slots,
            trend: named(need(TREND)?, row, TEXT[TREND].0)?,
            as_of: s(const { text("as_of") }).map(Into::into),
            value: decode(need(VALUE)?, row, TEXT[VALUE].0)?,
            display: need(const { text("display") })?.to_string(),
            text: need(const { text("text") })?.to_string(),
            value_text: need(const { text("value_text") })?.to_string(),
            start: n(const { number("start") }),
            end: n(const { number("end") }),
            line: n(const { number("line") }),
            column: n(const { number("column") }),
            sentence: shared(const { text("sentence") })?,
            sentence_start: n(const { number("sentence_start") }),
        })
    }
}

/// A nested value read from its JSON text.
fn decode<T: DeserializeOwned>(
    text: &str,
    row: usize,
    column: &'static str,
) -> Result<T, ColumnsError> {
    serde_json::from_str(text).map_err(|e| ColumnsError::Cell {
        row,
        column,
        message: e.to_string(),
    })
}

/// A unit enum read from its name.
fn named<T: DeserializeOwned>(
    s: &str,
    row: usize,
    column: &'static str,
) -> Result<T, ColumnsError> {
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = s.into_deserializer();
    T::deserialize(de).map_err(|e| ColumnsError::Cell {
        row,
        column,
        message: e.to_string(),
    })
}
