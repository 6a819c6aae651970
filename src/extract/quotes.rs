//! Quoted speech: finding quotations in a text, and the normalized words quotes are
//! compared by.
//!
//! Double quotes (straight `"…"` and curly `“…”`) and curly single quotes used as
//! quotation marks (`‘…’`) are recognized; a quote inside a quote belongs to the
//! outer one. A quote may run across sentence breaks but not across a line break (a
//! paragraph): a quote left open at the end of its paragraph is unbalanced and is
//! not taken, rather than guessed.

/// A quotation found in a text: byte offsets of its marks and of the words inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteSpan {
    /// The opening mark.
    pub start: usize,
    /// Just after the closing mark.
    pub end: usize,
    /// The words between the marks, trimmed of spaces.
    pub inner: (usize, usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    /// “ or "
    Double,
    /// ‘
    Single,
}

/// Every top-level quotation of `text`, in order.
pub fn find_quotes(text: &str) -> Vec<QuoteSpan> {
    let mut quotes = Vec::new();
    // Open marks: (kind, byte offset of the mark, byte length of the mark).
    let mut stack: Vec<(Mark, usize, usize)> = Vec::new();
    for (pos, c) in text.char_indices() {
        // Only marks and line breaks matter; their neighbours are read when met.
        if !matches!(c, '\n' | '“' | '„' | '”' | '"' | '‘' | '’') {
            continue;
        }
        let len = c.len_utf8();
        let prev = text[..pos].chars().next_back();
        let next = text[pos + len..].chars().next();
        match c {
            '\n' => stack.clear(),
            '“' | '„' => stack.push((Mark::Double, pos, len)),
            '”' => close(&mut stack, Mark::Double, pos, len, text, &mut quotes),
            '"' => {
                let in_double = stack.iter().any(|(m, _, _)| *m == Mark::Double);
                if in_double && !opens_here(prev, next) {
                    close(&mut stack, Mark::Double, pos, len, text, &mut quotes);
                } else if opens_here(prev, next) {
                    stack.push((Mark::Double, pos, len));
                } else if in_double {
                    close(&mut stack, Mark::Double, pos, len, text, &mut quotes);
                }
            }
            '‘' if opens_here(prev, next) => stack.push((Mark::Single, pos, len)),
            // ’ is also the apostrophe: it closes only before a non-letter.
            '’' if stack.last().is_some_and(|(m, _, _)| *m == Mark::Single)
                && prev.is_some_and(|p| !p.is_whitespace())
                && !next.is_some_and(char::is_alphanumeric) =>
            {
                close(&mut stack, Mark::Single, pos, len, text, &mut quotes);
            }
            _ => {}
        }
    }
    quotes
}

/// A mark opens a quote when it follows a space, an opening bracket or dash (or the
/// start) and precedes a non-space.
fn opens_here(prev: Option<char>, next: Option<char>) -> bool {
    let after_boundary = prev
        .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | ':' | '/'));
    let before_word = next.is_some_and(|n| !n.is_whitespace());
    after_boundary && before_word
}

fn close(
    stack: &mut Vec<(Mark, usize, usize)>,
    kind: Mark,
    pos: usize,
    len: usize,
    text: &str,
    out: &mut Vec<QuoteSpan>,
) {
    let Some(at) = stack.iter().rposition(|(m, _, _)| *m == kind) else {
        return; // a closing mark with nothing open: ignored
    };
    let (_, start, open_len) = stack[at];
    stack.truncate(at);
    if !stack.is_empty() {
        return; // a quote inside a quote belongs to the outer one
    }
    let (a, b) = (start + open_len, pos);
    let inner = &text[a..b];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    if a + lead < b - trail {
        out.push(QuoteSpan {
            start,
            end: pos + len,
            inner: (a + lead, b - trail),
        });
    }
}

/// The words of a quote, each as written and as compared: lower case, without
/// apostrophes or other marks ("There’s" → "theres", "Israel." → "israel"). Tokens
/// that are only marks ("—") are left out.
pub fn quote_tokens(text: &str) -> Vec<(&str, String)> {
    text.split_whitespace()
        .filter_map(|token| {
            let normalized: String = token
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            (!normalized.is_empty()).then_some((token, normalized))
        })
        .collect()
}

/// The words a quote is compared by (see [`quote_tokens`]).
pub fn quote_words(text: &str) -> Vec<String> {
    quote_tokens(text).into_iter().map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(text: &str) -> Vec<&str> {
        find_quotes(text)
            .iter()
            .map(|q| &text[q.inner.0..q.inner.1])
            .collect()
    }

    #[test]
    fn curly_and_straight_double_quotes() {
        assert_eq!(
            inner("He said “we will win,” and she said \"never.\""),
            vec!["we will win,", "never."]
        );
    }

    #[test]
    fn nested_single_quotes_belong_to_the_outer_quote() {
        assert_eq!(
            inner("“He called it ‘a historic day’ for us,” she said."),
            vec!["He called it ‘a historic day’ for us,"]
        );
    }

    #[test]
    fn single_curly_quotes_and_apostrophes() {
        assert_eq!(
            inner("Trump’s envoy called it ‘a real chance’."),
            vec!["a real chance"]
        );
        assert_eq!(inner("It isn’t Hamas’s plan."), Vec::<&str>::new());
    }

    #[test]
    fn a_quote_may_span_sentences_but_not_paragraphs() {
        assert_eq!(
            inner("“Everyone wants a deal. This is the toughest round so far.” he said"),
            vec!["Everyone wants a deal. This is the toughest round so far."]
        );
        assert_eq!(
            inner("“This never closes\nNext paragraph.”"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn unbalanced_marks_are_not_guessed() {
        assert_eq!(inner("a ” stray close and “ an open"), Vec::<&str>::new());
        assert_eq!(inner("\"\"\" \""), Vec::<&str>::new());
        assert_eq!(inner("5\" screen and 6\" screen"), Vec::<&str>::new());
    }

    #[test]
    fn scare_quotes_are_quotes() {
        assert_eq!(
            inner("what he described as a “rare chance” to end the fighting"),
            vec!["rare chance"]
        );
    }

    #[test]
    fn spans_cover_the_marks() {
        let text = "x “ab” y";
        let q = find_quotes(text)[0];
        assert_eq!(&text[q.start..q.end], "“ab”");
    }

    #[test]
    fn words_ignore_case_apostrophes_and_punctuation() {
        assert_eq!(
            quote_words("There’s a possibility, that"),
            vec!["theres", "a", "possibility", "that"]
        );
        assert_eq!(quote_words("haven't"), quote_words("haven’t"));
    }
}
