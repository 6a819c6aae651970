//! A report's date read from its own text, when no manifest gives one: a line near
//! the top that is a date and nothing else, or says the report was published,
//! posted or updated on it ("Published 5 October 2025", "- Oct. 5, 2025",
//! "Updated: Sunday, October 5, 2025 10:32 GMT", "2025-10-05"). A publication line
//! wins over an update line; the date must have a day, a month and a year.

use jiff::civil::Date;

use crate::value::date;
use regex::Regex;
use std::sync::LazyLock;

/// Lines read from the top (blank lines not counted).
const TOP_LINES: usize = 8;
/// A longer line is prose, not a date line.
const MAX_LINE: usize = 120;

const MONTH: &str = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";

/// A date line: an optional bullet, an optional "published/updated" word, an
/// optional weekday, the date, and an optional time and zone.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?xi)^\s*[-–—•*|]?\s*
        (?:(?P<word>(?:first\s+|originally\s+)?published|posted|(?:last\s+)?updated|(?:last\s+)?modified)\b\s*(?:on|at)?\s*:?\s*)?
        (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?
        (?:
            (?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})
          | (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH}),?\s+(?P<y2>\d{{4}})
          | (?P<y3>\d{{4}})-(?P<mo3>\d{{2}})-(?P<d3>\d{{2}})
        )
        (?:[\s,|·—–-]*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{{2,5}}|\s*(?:UTC|GMT)[+-]?\d{{0,2}}(?::?\d{{2}})?)?)?
        \s*$"
    ))
    .expect("the date-line pattern is valid")
});

/// Builds the date-line pattern (see [`crate::extract::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&DATE_LINE);
}

/// The date a report's text gives itself, with the 1-based line it stands on.
pub fn text_date(text: &str) -> Option<(Date, usize)> {
    let mut updated: Option<(Date, usize)> = None;
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .take(TOP_LINES);
    for (i, line) in lines {
        if line.len() > MAX_LINE {
            continue;
        }
        let Some(caps) = DATE_LINE.captures(line) else {
            continue;
        };
        let Some(date) = date_of(&caps) else { continue };
        let word = caps.name("word").map(|w| w.as_str().to_ascii_lowercase());
        if word
            .as_deref()
            .is_some_and(|w| w.contains("updated") || w.contains("modified"))
        {
            updated = updated.or(Some((date, i + 1)));
        } else {
            return Some((date, i + 1));
        }
    }
    updated
}

fn date_of(caps: &regex::Captures<'_>) -> Option<Date> {
    let num = |name: &str| caps.name(name)?.as_str().parse::<i16>().ok();
    let (year, month, day) = if let Some(y) = num("y1") {
        (y, month_of(caps.name("m1")?.as_str())?, num("d1")?)
    } else if let Some(y) = num("y2") {
        (y, month_of(caps.name("m2")?.as_str())?, num("d2")?)
    } else {
        (num("y3")?, num("mo3")?, num("d3")?)
    };
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// A month name or abbreviation as the date phrases of claims read it.
fn month_of(word: &str) -> Option<i16> {
    date::month_of(word.trim_end_matches('.').to_ascii_lowercase().as_str()).map(i16::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<(String, usize)> {
        text_date(text).map(|(d, l)| (d.to_string(), l))
    }

    #[test]
    fn date_lines_in_the_forms_pages_use() {
        let cases = [
            (
                "Quake strikes\n- October 5, 2025\nThe quake…",
                "2025-10-05",
                2,
            ),
            ("Published 5 October 2025\nText.", "2025-10-05", 1),
            (
                "Headline\n\nPosted on Oct. 5, 2025 at 10:32 a.m.\n",
                "2025-10-05",
                3,
            ),
            (
                "Headline\nSunday, 5th October 2025, 10:32 BST\n",
                "2025-10-05",
                2,
            ),
            ("Headline\n2025-10-05\n", "2025-10-05", 2),
            ("Published: Sep 30, 2024\n", "2024-09-30", 1),
        ];
        for (text, want, line) in cases {
            assert_eq!(date(text), Some((want.to_string(), line)), "{text:?}");
        }
    }

    #[test]
    fn publication_wins_over_update() {
        let text = "Headline\nUpdated: October 6, 2025 08:00 GMT\nPublished: October 5, 2025\n";
        assert_eq!(date(text), Some(("2025-10-05".to_string(), 3)));
        let text = "Headline\nLast updated October 6, 2025\nBody.";
        assert_eq!(date(text), Some(("2025-10-06".to_string(), 2)));
    }

    #[test]
    fn dates_in_prose_or_without_a_year_are_not_the_report_date() {
        for text in [
            "The quake struck on October 5, 2025, killing 12 people.\n",
            "CAIRO, Oct 5 (Reuters) - Talks resumed on Sunday.\n",
            "Headline\nOctober 5\nBody.\n",
            "Headline\nFebruary 30, 2025\n",
            &format!("{}\nOctober 5, 2025\n", "line\n".repeat(TOP_LINES)),
        ] {
            assert_eq!(date(text), None, "{text:?}");
        }
    }
}
