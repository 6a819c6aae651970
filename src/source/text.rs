//! Positions in a text: byte offsets to 1-based line and column, and the sentence
//! around an offset.

/// Line starts of a text, for turning byte offsets into line and column.
///
/// A column counts characters from the start of its line. On a report of one long
/// line (a 16 MB file with no line break) counting from the line's start for every
/// claim made extraction quadratic, so the index also keeps a checkpoint every
/// [`COLUMN_STRIDE`] bytes of a long line: a column is counted from the nearest
/// checkpoint before it, never over more than that many bytes.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// (byte offset, characters from its line's start to it), ascending; only
    /// within lines longer than [`COLUMN_STRIDE`].
    marks: Vec<(usize, usize)>,
}

/// At most this many bytes are counted to find a column.
pub const COLUMN_STRIDE: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut marks = Vec::new();
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).map_or(text.len(), |&next| next - 1);
            let (mut pos, mut chars) = (start, 0);
            while end - pos > COLUMN_STRIDE {
                let mut next = pos + COLUMN_STRIDE;
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                chars += text[pos..next].chars().count();
                marks.push((next, chars));
                pos = next;
            }
        }
        LineIndex { starts, marks }
    }

    /// 1-based line, and 1-based column counted in characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let (line, from, before) = self.counted_from(offset);
        let column = text
            .get(from..offset)
            .map_or(1, |s| before + s.chars().count() + 1);
        (line, column)
    }

    /// The 1-based line of `offset`, where counting its column starts, and the
    /// characters of its line before that point.
    fn counted_from(&self, offset: usize) -> (usize, usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let m = self.marks.partition_point(|&(at, _)| at <= offset);
        match m.checked_sub(1).map(|m| self.marks[m]) {
            Some((at, chars)) if at >= start => (line, at, chars),
            _ => (line, start, 0),
        }
    }
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "rep", "sen", "gov",
    "st", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "a.m", "p.m", "approx", "inc", "ltd", "co", "corp", "jr", "sr", "u.s", "u.k",
    "u.n", "e.g", "i.e",
];

/// Whether the line break at byte `i` only wraps a line: the line before ends in
/// the middle of a sentence (a lower-case word or a figure without a full stop, or
/// a comma) and the next goes on
/// with a lower-case word or a figure ("…, killing at least 35\npeople and
/// injuring…"). A headline ("Quake kills 35 people") followed by a sentence that
/// opens with a capital stays a paragraph of its own.
pub fn wraps(text: &str, i: usize) -> bool {
    let before = text[..i].trim_end_matches(['\r', ' ', '\t']);
    let after = &text[i + 1..];
    let Some(last) = before
        .rsplit(char::is_whitespace)
        .next()
        .filter(|w| !w.is_empty())
    else {
        return false;
    };
    let Some(next) = after.trim_start_matches([' ', '\t']).chars().next() else {
        return false;
    };
    let mid_sentence = last.ends_with(',')
        || (last.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
            && !last.ends_with(['.', '!', '?', ':', ';', '"', '”']));
    mid_sentence
        && (next.is_lowercase()
            || next.is_ascii_digit()
            || (last.ends_with(',') && next.is_alphabetic()))
}

/// Byte ranges of the paragraphs of a text: its lines, with wrapped lines joined
/// (see [`wraps`]).
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        if !wraps(text, i) {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, text.len()));
    out
}

/// How many bytes byte ranges (start, end) cover, as given (overlaps counted twice).
pub fn bytes_in(ranges: impl IntoIterator<Item = (usize, usize)>) -> usize {
    ranges.into_iter().map(|(start, end)| end - start).sum()
}

/// Byte ranges of the sentences of a text, in order. A sentence ends at a line
/// break that does not just wrap a line, or at `.`, `!` or `?` (and any closing quotes) followed by a space and a
/// capital, digit or opening quote (or the token of a masked quotation, `⟦`), unless
/// the full stop closes an abbreviation
/// ("U.S.", "Mr.", "a.m.").
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    // The next line break at or after `i`, found once for all the stops before it.
    let mut newline = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Only these four bytes end a sentence (none of them is part of a
        // character of several bytes): the text between is skipped in one search.
        if newline < i {
            newline = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
        }
        let stop = memchr::memchr3(b'.', b'!', b'?', &bytes[i..newline]).map_or(newline, |n| i + n);
        if stop == bytes.len() {
            break;
        }
        i = stop;
        let c = bytes[i];
        if c == b'\n' {
            if !wraps(text, i) {
                push(&mut out, text, start, i);
                start = i + 1;
            }
        } else if matches!(c, b'.' | b'!' | b'?') {
            let mut end = i + 1;
            // Closing quotes and brackets belong to the sentence they end.
            while let Some(ch) = text[end..].chars().next() {
                if matches!(ch, '"' | '”' | '’' | '\'' | ')') {
                    end += ch.len_utf8();
                } else {
                    break;
                }
            }
            let rest = &text[end..];
            let after_space = rest.trim_start_matches([' ', '\t']);
            let spaced = after_space.len() < rest.len();
            let next = after_space.chars().next();
            let opens = next.is_some_and(|ch| {
                ch.is_uppercase() || ch.is_ascii_digit() || matches!(ch, '"' | '“' | '‘' | '⟦')
            });
            if (spaced && opens && !(c == b'.' && is_abbreviation(&text[start..i])))
                || next.is_none()
            {
                push(&mut out, text, start, end);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    push(&mut out, text, start, text.len());
    out
}

fn push(out: &mut Vec<(usize, usize)>, text: &str, start: usize, end: usize) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if start + lead < end - trail {
        out.push((start + lead, end - trail));
    }
}

/// True when the text before a full stop ends in an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    // A single letter ("J. Smith") or letters with inner stops ("U.S", "a.m").
    (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || ABBREVIATIONS.contains(&lower.as_str())
        || (lower.contains('.') && lower.split('.').all(|p| p.chars().count() <= 2))
}

/// The sentence containing `offset`, given the sentence ranges of the text.
pub fn sentence_at(ranges: &[(usize, usize)], offset: usize) -> Option<(usize, usize)> {
    let i = ranges.partition_point(|&(s, _)| s <= offset);
    if i == 0 {
        return ranges.first().copied();
    }
    Some(ranges[i - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn wrapped_lines_are_one_paragraph() {
        let text = "Quake kills 35 people\nA quake struck on Tuesday,\nkilling at least 35\npeople in Nepal.\nRescuers were searching.";
        let paras: Vec<&str> = paragraphs(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            paras,
            [
                "Quake kills 35 people",
                "A quake struck on Tuesday,\nkilling at least 35\npeople in Nepal.",
                "Rescuers were searching."
            ]
        );
        let sents: Vec<&str> = sentences(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(sents.len(), 3);
    }

    #[test]
    fn sentences_end_at_stops_and_line_breaks() {
        assert_eq!(
            split("Talks began. They ended!\nA new line? Yes."),
            vec!["Talks began.", "They ended!", "A new line?", "Yes."]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("The U.S. envoy left at 9 p.m. on Friday. Mr. Smith stayed."),
            vec![
                "The U.S. envoy left at 9 p.m. on Friday.",
                "Mr. Smith stayed."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split("He called it “a historic opportunity.” “There is hope,” he said."),
            vec![
                "He called it “a historic opportunity.”",
                "“There is hope,” he said."
            ]
        );
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\n“cd” ef";
        let index = LineIndex::new(text);
        let offset = text.find("ef").unwrap();
        assert_eq!(index.line_col(text, offset), (2, 6));
        assert_eq!(index.line_col(text, 0), (1, 1));
    }

    #[test]
    fn columns_on_one_long_line_are_counted_from_a_checkpoint() {
        // A line of 1 MB with multi-byte characters: every column is the one counted
        // from the line's start, and finding it counts at most COLUMN_STRIDE bytes
        // (counting from the line's start made extraction quadratic on such files).
        let line = "Près de 1 200 personnes — “au moins” — ont été tuées. ".repeat(20_000);
        let text = format!("Title\n{line}\nLast line");
        let index = LineIndex::new(&text);
        let line_start = text.find('\n').unwrap() + 1;
        for offset in (0..text.len())
            .step_by(997)
            .filter(|&o| text.is_char_boundary(o))
        {
            let (_, from, _) = index.counted_from(offset);
            assert!(
                offset - from <= COLUMN_STRIDE + 3,
                "{offset}: counted from {from}"
            );
            let naive = match offset {
                o if o < line_start => (1, text[..o].chars().count() + 1),
                o if o <= line_start + line.len() => (2, text[line_start..o].chars().count() + 1),
                o => (3, o - (line_start + line.len() + 1) + 1),
            };
            assert_eq!(index.line_col(&text, offset), naive, "{offset}");
        }
    }

    #[test]
    fn sentence_lookup() {
        let text = "One. Two three.";
        let ranges = sentences(text);
        let at = sentence_at(&ranges, text.find("three").unwrap()).unwrap();
        assert_eq!(&text[at.0..at.1], "Two three.");
    }
}
