//! Written numbers: digits ("67,173", "67.2"), words ("two", "twenty-five",
//! "half a million"), mixtures ("1.5 million") and ordinals ("second", "3rd"),
//! each with the granularity the writer expressed.
//!
//! The word lists here are also the source of the built-in `{{number_word}}` and
//! `{{ordinal_word}}` macros of the rule language, so what a rule can match this
//! module can read.

/// A number as written: its value and how precisely it was written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    pub value: f64,
    /// The step of the last significant digit the writer gave: 1 for "67,173",
    /// 1,000 for "67,000", 100 for "67.2 thousand".
    pub granularity: f64,
}

const UNITS: &[(&str, u32)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

const ORDINALS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("thirtieth", 30),
];

/// A regex alternation (no captures) of every number word this module reads,
/// including scale words and "dozen", longest first so that "seventeen" wins over
/// "seven".
pub fn number_word_pattern() -> String {
    let mut words: Vec<&str> = UNITS.iter().map(|(w, _)| *w).collect();
    words.extend(SCALES.iter().map(|(w, _)| *w));
    words.extend(["dozen", "half"]);
    alternation(words)
}

/// A regex alternation of the ordinal words ("first" … "thirtieth").
pub fn ordinal_word_pattern() -> String {
    alternation(ORDINALS.iter().map(|(w, _)| *w).collect())
}

fn alternation(mut words: Vec<&str>) -> String {
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    format!("(?:{})", words.join("|"))
}

/// Reads a written number; `None` when the text is not one.
///
/// Accepts "67,173", "1.5", "67.2 thousand", "two", "twenty-five", "a hundred",
/// "one hundred and fifty", "half a million", "two dozen", "3 million".
pub fn parse_number(text: &str) -> Option<Number> {
    let lowered = text.trim().to_lowercase();
    let tokens: Vec<&str> = lowered
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2010}' || c == '\u{2011}')
        .filter(|t| !t.is_empty() && *t != "and")
        .collect();
    if tokens.is_empty() {
        return None;
    }
    let mut total = 0.0;
    let mut current: Option<f64> = None;
    // Granularity fixed by decimals in a digit token, scaled by later scale words.
    let mut decimal_step: Option<f64> = None;
    let mut half = false;
    let mut saw_number = false;
    for (i, token) in tokens.iter().enumerate() {
        let next_is_scale = tokens
            .get(i + 1)
            .is_some_and(|t| scale(t).is_some() || *t == "hundred" || *t == "dozen");
        if let Some((value, step)) = parse_digits(token) {
            current = Some(current.unwrap_or(0.0) + value);
            decimal_step = step;
            saw_number = true;
        } else if let Some(v) = unit(token) {
            current = Some(current.unwrap_or(0.0) + f64::from(v));
            saw_number = true;
        } else if *token == "a" || *token == "an" {
            // "a hundred", "half a million": only as the multiplier of a scale word.
            if !next_is_scale {
                return None;
            }
            if !half {
                current = Some(current.unwrap_or(0.0) + 1.0);
            }
        } else if *token == "half" {
            half = true;
        } else if *token == "dozen" {
            current = Some(current.unwrap_or(1.0) * 12.0);
            saw_number = true;
        } else if *token == "hundred" {
            let base = if half { 0.5 } else { current.unwrap_or(1.0) };
            current = Some(base * 100.0);
            decimal_step = decimal_step.map(|s| s * 100.0);
            half = false;
            saw_number = true;
        } else if let Some(factor) = scale(token) {
            let base = if half { 0.5 } else { current.unwrap_or(1.0) };
            total += base * factor;
            decimal_step = decimal_step.map(|s| s * factor);
            current = None;
            half = false;
            saw_number = true;
        } else {
            return None;
        }
    }
    if !saw_number || half {
        return None;
    }
    let value = total + current.unwrap_or(0.0);
    let granularity = decimal_step.unwrap_or_else(|| integer_granularity(value));
    Some(Number { value, granularity })
}

/// Reads an ordinal ("second", "3rd", "21st"); `None` when the text is not one.
pub fn parse_ordinal(text: &str) -> Option<u32> {
    let lowered = text.trim().to_lowercase();
    if let Some((_, n)) = ORDINALS.iter().find(|(w, _)| *w == lowered) {
        return Some(*n);
    }
    let digits = lowered
        .strip_suffix("st")
        .or_else(|| lowered.strip_suffix("nd"))
        .or_else(|| lowered.strip_suffix("rd"))
        .or_else(|| lowered.strip_suffix("th"))?;
    digits.parse().ok()
}

/// The granularity of a round integer: the step of its last non-zero digit, but a
/// round number keeps at least two significant digits ("20,000" is read to the
/// thousand, "1,200" to the hundred, "70" to the unit).
pub fn integer_granularity(value: f64) -> f64 {
    if value < 1.0 || value.fract() != 0.0 || value > 1e15 {
        return 1.0;
    }
    // Exact for integers below 2^53, which the guard above ensures.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let mut n = value as u64;
    let digits = n.to_string().len() as i32;
    let mut zeros = 0;
    while n.is_multiple_of(10) {
        n /= 10;
        zeros += 1;
    }
    10f64.powi(zeros.min((digits - 2).max(0)))
}

fn unit(token: &str) -> Option<u32> {
    UNITS.iter().find(|(w, _)| *w == token).map(|(_, v)| *v)
}

fn scale(token: &str) -> Option<f64> {
    SCALES
        .iter()
        .find(|(w, _)| *w == token && *w != "hundred")
        .map(|(_, v)| *v)
}

/// "67,173" → (67173, None); "67.2" → (67.2, Some(0.1)).
fn parse_digits(token: &str) -> Option<(f64, Option<f64>)> {
    if !token.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let cleaned: String = token.chars().filter(|c| *c != ',').collect();
    if !cleaned.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let value: f64 = cleaned.parse().ok()?;
    let step = cleaned
        .split_once('.')
        .map(|(_, frac)| 10f64.powi(-(frac.len() as i32)));
    Some((value, step))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> (f64, f64) {
        let parsed = parse_number(text).unwrap_or_else(|| panic!("no number in {text:?}"));
        (parsed.value, parsed.granularity)
    }

    #[test]
    fn digits_with_separators_are_exact() {
        assert_eq!(n("67,173"), (67_173.0, 1.0));
        assert_eq!(n("251"), (251.0, 1.0));
    }

    #[test]
    fn round_numbers_keep_two_significant_digits() {
        assert_eq!(n("67,000"), (67_000.0, 1000.0));
        assert_eq!(n("20,000"), (20_000.0, 1000.0));
        assert_eq!(n("1,200"), (1_200.0, 100.0));
        assert_eq!(n("70"), (70.0, 1.0));
        assert_eq!(n("200"), (200.0, 10.0));
    }

    #[test]
    fn decimals_with_scale_words() {
        assert_eq!(n("67.2 thousand"), (67_200.0, 100.0));
        assert_eq!(n("1.5 million"), (1_500_000.0, 100_000.0));
        assert_eq!(n("3 million"), (3_000_000.0, 100_000.0));
    }

    #[test]
    fn number_words() {
        assert_eq!(n("two").0, 2.0);
        assert_eq!(n("twenty-five").0, 25.0);
        assert_eq!(n("Twenty five").0, 25.0);
        assert_eq!(n("one hundred and fifty").0, 150.0);
        assert_eq!(n("a hundred").0, 100.0);
        assert_eq!(n("half a million").0, 500_000.0);
        assert_eq!(n("two dozen").0, 24.0);
        assert_eq!(n("a dozen").0, 12.0);
        assert_eq!(n("two million three hundred thousand").0, 2_300_000.0);
    }

    #[test]
    fn not_numbers() {
        assert_eq!(parse_number("a"), None);
        assert_eq!(parse_number("people"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("half"), None);
    }

    #[test]
    fn ordinals() {
        assert_eq!(parse_ordinal("second"), Some(2));
        assert_eq!(parse_ordinal("Third"), Some(3));
        assert_eq!(parse_ordinal("21st"), Some(21));
        assert_eq!(parse_ordinal("7th"), Some(7));
        assert_eq!(parse_ordinal("seven"), None);
    }

    #[test]
    fn word_pattern_prefers_longer_words() {
        let re = regex::Regex::new(&format!("^{}$", number_word_pattern())).unwrap();
        assert!(re.is_match("seventeen"));
        assert!(re.is_match("half"));
        assert!(!re.is_match("people"));
    }
}
