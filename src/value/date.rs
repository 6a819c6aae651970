//! Calendar dates with their granularity: "October 7, 2023" (a day), "October 2023"
//! (a month), "August" (a month of an unknown year), "Wednesday" (a weekday, resolved
//! against the publication date when it is known), "last month".
//!
//! A date with missing parts is never filled in by guessing: a bare "7 October"
//! keeps an unknown year (event names such as "the 7 October attacks" refer to past
//! years), and a weekday or "last month" in a report without a publication date stays
//! unresolved.

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

use super::Relation;

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A regex alternation (no captures) of month names and their abbreviations.
pub fn month_pattern() -> String {
    "(?:January|February|March|April|May|June|July|August|September|October|November|December\
|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Aug\\.|Sept\\.|Sep\\.|Oct\\.|Nov\\.|Dec\\.)"
        .to_string()
}

/// A regex alternation (no captures) of weekday names.
pub fn weekday_pattern() -> String {
    "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)".to_string()
}

/// A date as precise as the text made it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateValue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<i8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<i8>,
    /// 1 = Monday … 7 = Sunday, when the text named the weekday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday: Option<i8>,
    /// A relative expression that could not be resolved ("last month" without a
    /// publication date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unresolved: Option<String>,
}

/// What a date phrase is read against.
#[derive(Clone, Copy, Debug, Default)]
pub struct DateContext {
    /// The publication date of the report, when known.
    pub published: Option<Date>,
    /// The clause speaks of the future ("will meet on Sunday"): a weekday then means
    /// the next such day, not the last.
    pub future: bool,
    /// Days to add after reading ("Tuesday's second day of talks" → the talks began
    /// one day before Tuesday: -1).
    pub shift_days: i32,
}

impl DateValue {
    /// Reads a date phrase; `None` when it holds no date.
    pub fn parse(text: &str, ctx: &DateContext) -> Option<DateValue> {
        let lowered = text.to_lowercase().replace(['’', '\''], " ");
        let tokens: Vec<String> = lowered
            .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
            .map(|t| t.trim_matches('.').to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let mut value = DateValue::default();
        let mut relative: Option<(&str, &str)> = None;
        let mut numbers: Vec<u32> = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            let t = token.as_str();
            if let Some(m) = month_of(t) {
                value.month = Some(m);
            } else if let Some(w) = WEEKDAYS.iter().position(|d| *d == t) {
                value.weekday = Some(i8::try_from(w + 1).unwrap_or(1));
            } else if matches!(t, "yesterday" | "today" | "tomorrow") {
                relative = Some((t, "day"));
            } else if matches!(t, "last" | "this" | "next" | "past") {
                if let Some(unit) = tokens.get(i + 1).map(String::as_str)
                    && matches!(unit, "month" | "year" | "week")
                {
                    relative = Some((t, unit));
                }
            } else if let Some(n) = leading_number(t) {
                numbers.push(n);
            }
        }
        for n in numbers {
            if (1000..=2200).contains(&n) {
                value.year = i16::try_from(n).ok();
            } else if (1..=31).contains(&n) && value.day.is_none() {
                value.day = i8::try_from(n).ok();
            }
        }
        if value.day.is_some() && value.month.is_none() {
            // "the 7th" alone is not a date we can place.
            value.day = None;
        }
        if let Some((which, unit)) = relative {
            return Some(resolve_relative(which, unit, text, ctx));
        }
        if value.year.is_none() && value.month.is_none() && value.weekday.is_none() {
            return None;
        }
        if let (Some(y), Some(m), Some(d)) = (value.year, value.month, value.day)
            && Date::new(y, m, d).is_err()
        {
            return None;
        }
        if value.weekday.is_some() && value.day.is_none() && value.month.is_none() {
            value = resolve_weekday(value, ctx);
        } else if value.year.is_none()
            && let (Some(month), Some(day), Some(published)) =
                (value.month, value.day, ctx.published)
        {
            value.year = nearest_year(month, day, published, ctx.future);
            if ctx.shift_days != 0 {
                value = shift(value, ctx.shift_days);
            }
        } else if ctx.shift_days != 0 {
            value = shift(value, ctx.shift_days);
        }
        Some(value)
    }

    /// A weekday with no calendar date: "Wednesday" in a report of unknown date.
    fn is_bare_weekday(&self) -> bool {
        self.weekday.is_some() && self.year.is_none() && self.month.is_none() && self.day.is_none()
    }

    fn full_date(&self) -> Option<Date> {
        Date::new(self.year?, self.month?, self.day?).ok()
    }

    /// The weekday, as written or as implied by a full date.
    fn effective_weekday(&self) -> Option<i8> {
        self.weekday
            .or_else(|| self.full_date().map(|d| d.weekday().to_monday_one_offset()))
    }

    /// How two dates of one key relate: a conflict when a part both know differs.
    pub fn relation(&self, other: &DateValue) -> Relation {
        if self.unresolved.is_some() || other.unresolved.is_some() {
            return if self == other {
                Relation::Agree
            } else {
                Relation::Unrelated
            };
        }
        // Two weekdays of undated reports may lie in different weeks: the same name
        // agrees, different names are not known to contradict each other.
        if self.is_bare_weekday() && other.is_bare_weekday() {
            return if self.weekday == other.weekday {
                Relation::Agree
            } else {
                Relation::Unrelated
            };
        }
        let differ = |a: Option<i8>, b: Option<i8>| matches!((a, b), (Some(x), Some(y)) if x != y);
        if matches!((self.year, other.year), (Some(x), Some(y)) if x != y)
            || differ(self.month, other.month)
            || differ(self.day, other.day)
            || differ(self.effective_weekday(), other.effective_weekday())
        {
            return Relation::Conflict;
        }
        if self.year == other.year
            && self.month == other.month
            && self.day == other.day
            && (self.weekday == other.weekday || self.day.is_some())
        {
            return Relation::Agree;
        }
        Relation::Compatible
    }
}

pub(crate) fn month_of(token: &str) -> Option<i8> {
    // Full names and abbreviations of three letters or more ("oct", "sept"), lower
    // case.
    let idx = MONTHS
        .iter()
        .position(|m| *m == token || (token.len() >= 3 && m.starts_with(token)))?;
    i8::try_from(idx + 1).ok()
}

fn leading_number(token: &str) -> Option<u32> {
    let digits: String = token.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let rest = &token[digits.len()..];
    if !(rest.is_empty() || matches!(rest, "st" | "nd" | "rd" | "th" | "s")) {
        return None;
    }
    digits.parse().ok()
}

fn resolve_weekday(mut value: DateValue, ctx: &DateContext) -> DateValue {
    let Some(wd) = value.weekday else {
        return value;
    };
    let Some(published) = ctx.published else {
        if ctx.shift_days != 0 {
            let shifted = (i32::from(wd) - 1 + ctx.shift_days).rem_euclid(7) + 1;
            value.weekday = i8::try_from(shifted).ok();
        }
        return value;
    };
    let target = Weekday::from_monday_one_offset(wd).unwrap_or(Weekday::Monday);
    let resolved = if published.weekday() == target {
        Some(published)
    } else if ctx.future {
        published.nth_weekday(1, target).ok()
    } else {
        published.nth_weekday(-1, target).ok()
    };
    let Some(date) = resolved else { return value };
    let date = date
        .checked_add(jiff::Span::new().days(ctx.shift_days))
        .unwrap_or(date);
    from_date(date, true)
}

/// The year of a day and month written without one ("Sept. 27"): the year that puts
/// it nearest the publication date, in the past unless the clause speaks of the
/// future (a report of 3 January giving "30 December" means the last one).
fn nearest_year(month: i8, day: i8, published: Date, future: bool) -> Option<i16> {
    let year = published.year();
    let candidates = [year - 1, year, year + 1]
        .into_iter()
        .filter_map(|y| Date::new(y, month, day).ok())
        .filter(|d| {
            if future {
                *d >= published
            } else {
                *d <= published
            }
        });
    let nearest = if future {
        candidates.min()
    } else {
        candidates.max()
    }?;
    // Further than half a year away, the year is left unknown.
    let gap = (nearest - published).get_days().abs();
    (gap <= 183).then(|| nearest.year())
}

fn from_date(date: Date, with_weekday: bool) -> DateValue {
    DateValue {
        year: Some(date.year()),
        month: Some(date.month()),
        day: Some(date.day()),
        weekday: with_weekday.then(|| date.weekday().to_monday_one_offset()),
        unresolved: None,
    }
}

fn shift(value: DateValue, days: i32) -> DateValue {
    match value.full_date() {
        Some(date) => date
            .checked_add(jiff::Span::new().days(days))
            .map(|d| from_date(d, value.weekday.is_some()))
            .unwrap_or(value),
        None => value,
    }
}

fn resolve_relative(which: &str, unit: &str, text: &str, ctx: &DateContext) -> DateValue {
    let unresolved = || DateValue {
        unresolved: Some(text.trim().to_lowercase()),
        ..DateValue::default()
    };
    let Some(p) = ctx.published else {
        return unresolved();
    };
    let step = match which {
        "yesterday" => -1,
        "tomorrow" => 1,
        "last" | "past" => -1,
        "next" => 1,
        _ => 0,
    };
    match unit {
        "day" => p
            .checked_add(jiff::Span::new().days(step + ctx.shift_days))
            .map(|d| from_date(d, false))
            .unwrap_or_else(|_| unresolved()),
        "month" => {
            let first = p.first_of_month();
            match first.checked_add(jiff::Span::new().months(step)) {
                Ok(d) => DateValue {
                    year: Some(d.year()),
                    month: Some(d.month()),
                    ..DateValue::default()
                },
                Err(_) => unresolved(),
            }
        }
        "year" => DateValue {
            year: Some(p.year() + i16::try_from(step).unwrap_or(0)),
            ..DateValue::default()
        },
        // A week is not a calendar unit we compare; keep the words.
        _ => unresolved(),
    }
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(text) = &self.unresolved {
            return write!(f, "{text} (unresolved)");
        }
        let mut parts: Vec<String> = Vec::new();
        if let Some(w) = self.weekday {
            let name = WEEKDAYS[usize::try_from(w - 1).unwrap_or(0) % 7];
            parts.push(capitalize(name));
        }
        if let Some(d) = self.day {
            parts.push(d.to_string());
        }
        if let Some(m) = self.month {
            parts.push(capitalize(MONTHS[usize::try_from(m - 1).unwrap_or(0) % 12]));
        }
        if let Some(y) = self.year {
            parts.push(y.to_string());
        }
        if self.weekday.is_some() && parts.len() > 1 {
            parts[0].push(',');
        }
        write!(f, "{}", parts.join(" "))
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> DateValue {
        DateValue::parse(text, &DateContext::default())
            .unwrap_or_else(|| panic!("no date in {text:?}"))
    }

    fn on(text: &str, published: Date) -> DateValue {
        let ctx = DateContext {
            published: Some(published),
            ..DateContext::default()
        };
        DateValue::parse(text, &ctx).unwrap_or_else(|| panic!("no date in {text:?}"))
    }

    #[test]
    fn absolute_and_partial_dates() {
        assert_eq!(d("October 7, 2023").to_string(), "7 October 2023");
        assert_eq!(d("7 October 2023").to_string(), "7 October 2023");
        assert_eq!(d("Oct. 7th").to_string(), "7 October");
        assert_eq!(d("October 2023").to_string(), "October 2023");
        assert_eq!(d("August").to_string(), "August");
        assert_eq!(d("Sept. 11, 2001").to_string(), "11 September 2001");
        assert_eq!(
            DateValue::parse("February 30, 2024", &DateContext::default()),
            None
        );
        assert_eq!(DateValue::parse("the 7th", &DateContext::default()), None);
    }

    #[test]
    fn partial_dates_are_compatible_with_full_ones() {
        assert_eq!(
            d("7 October").relation(&d("October 7, 2023")),
            Relation::Compatible
        );
        assert_eq!(
            d("October 2023").relation(&d("October 7, 2023")),
            Relation::Compatible
        );
        assert_eq!(
            d("August").relation(&d("August 2025")),
            Relation::Compatible
        );
        assert_eq!(
            d("October 7, 2023").relation(&d("7 October 2023")),
            Relation::Agree
        );
        assert_eq!(d("October 7").relation(&d("October 8")), Relation::Conflict);
        assert_eq!(
            d("August 2024").relation(&d("August 2025")),
            Relation::Conflict
        );
        // A month is never its first day.
        assert_eq!(
            d("October 2023").relation(&d("1 October 2023")),
            Relation::Compatible
        );
    }

    #[test]
    fn weekdays_without_publication_date_stay_weekdays() {
        assert_eq!(d("early Wednesday").to_string(), "Wednesday");
        assert_eq!(d("Wednesday").relation(&d("on Wednesday")), Relation::Agree);
        // Undated reports: different weekdays may be different weeks, never a conflict.
        assert_eq!(
            d("Tuesday night").relation(&d("Wednesday")),
            Relation::Unrelated
        );
        // 7 October 2023 was a Saturday.
        assert_eq!(
            d("Saturday").relation(&d("October 7, 2023")),
            Relation::Compatible
        );
        assert_eq!(
            d("Friday").relation(&d("October 7, 2023")),
            Relation::Conflict
        );
    }

    #[test]
    fn weekdays_resolve_against_the_publication_date() {
        let sunday = Date::new(2025, 10, 5).unwrap();
        assert_eq!(
            on("Wednesday", sunday).to_string(),
            "Wednesday, 1 October 2025"
        );
        assert_eq!(
            on("on Sunday", sunday).to_string(),
            "Sunday, 5 October 2025"
        );
        let future = DateContext {
            published: Some(sunday),
            future: true,
            shift_days: 0,
        };
        assert_eq!(
            DateValue::parse("Wednesday", &future).unwrap().to_string(),
            "Wednesday, 8 October 2025"
        );
    }

    #[test]
    fn a_day_and_month_take_the_year_nearest_the_report() {
        let published = jiff::civil::date(2024, 10, 3);
        assert_eq!(nearest_year(9, 27, published, false), Some(2024));
        assert_eq!(
            nearest_year(12, 30, jiff::civil::date(2025, 1, 3), false),
            Some(2024)
        );
        assert_eq!(
            nearest_year(1, 5, jiff::civil::date(2024, 12, 30), true),
            Some(2025)
        );
        // Far from the report's date, the year stays unknown.
        assert_eq!(nearest_year(11, 1, published, false), None);
    }

    #[test]
    fn shifted_weekdays() {
        let ctx = DateContext {
            shift_days: -1,
            ..DateContext::default()
        };
        assert_eq!(
            DateValue::parse("Tuesday’s", &ctx).unwrap().to_string(),
            "Monday"
        );
        let ctx = DateContext {
            shift_days: -1,
            published: Some(Date::new(2025, 10, 9).unwrap()),
            future: false,
        };
        assert_eq!(
            DateValue::parse("Tuesday", &ctx).unwrap().to_string(),
            "Monday, 6 October 2025"
        );
    }

    #[test]
    fn relative_dates_need_a_publication_date() {
        let last = d("last month");
        assert_eq!(last.to_string(), "last month (unresolved)");
        assert_eq!(last.relation(&d("September 2025")), Relation::Unrelated);
        let published = Date::new(2025, 10, 5).unwrap();
        assert_eq!(on("last month", published).to_string(), "September 2025");
        assert_eq!(on("yesterday", published).to_string(), "4 October 2025");
        assert_eq!(on("last year", published).to_string(), "2024");
    }
}
