//! Units of measure: the words and symbols news writes after (or, for money, before)
//! a figure, what they measure, and how to convert them to one base unit per
//! dimension, so that "5 miles" and "8 km" are compared as lengths.

use serde::{Deserialize, Serialize};

/// What a unit measures. Quantities of different dimensions are never compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// Metres.
    Length,
    /// Metres per second.
    Speed,
    /// Square metres.
    Area,
    /// Kilograms.
    Mass,
    /// Degrees Celsius.
    Temperature,
    /// An amount of one currency (no exchange rates: dollars and euros are not
    /// compared).
    Money,
}

/// A unit as written, known by its canonical symbol.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unit {
    /// Shown after the figure ("km", "mi", "mph", "ha", "°C") or, for money, the
    /// currency code ("USD").
    pub symbol: &'static str,
    pub dimension: Dimension,
    /// Base units per unit (1 km = 1000 m).
    pub factor: f64,
}

/// Unit words after a figure, longest first within a dimension where one is a prefix
/// of another.
const AFTER: &[(&[&str], Unit)] = &[
    (
        &[
            "kilometers per hour",
            "kilometres per hour",
            "km/h",
            "kmh",
            "kph",
            "km per hour",
        ],
        Unit {
            symbol: "km/h",
            dimension: Dimension::Speed,
            factor: 1.0 / 3.6,
        },
    ),
    (
        &["miles per hour", "mph", "mi/h"],
        Unit {
            symbol: "mph",
            dimension: Dimension::Speed,
            factor: 0.447_04,
        },
    ),
    (
        &["knots", "knot", "kt", "kts"],
        Unit {
            symbol: "kn",
            dimension: Dimension::Speed,
            factor: 0.514_444,
        },
    ),
    (
        &[
            "square kilometers",
            "square kilometres",
            "sq km",
            "km2",
            "km²",
        ],
        Unit {
            symbol: "km²",
            dimension: Dimension::Area,
            factor: 1e6,
        },
    ),
    (
        &["square miles", "sq mi"],
        Unit {
            symbol: "sq mi",
            dimension: Dimension::Area,
            factor: 2_589_988.11,
        },
    ),
    (
        &["hectares", "hectare", "ha"],
        Unit {
            symbol: "ha",
            dimension: Dimension::Area,
            factor: 1e4,
        },
    ),
    (
        &["acres", "acre"],
        Unit {
            symbol: "acres",
            dimension: Dimension::Area,
            factor: 4_046.856,
        },
    ),
    (
        &[
            "kilometers",
            "kilometres",
            "kilometer",
            "kilometre",
            "km",
            "kms",
        ],
        Unit {
            symbol: "km",
            dimension: Dimension::Length,
            factor: 1000.0,
        },
    ),
    (
        &["miles", "mile", "mi"],
        Unit {
            symbol: "mi",
            dimension: Dimension::Length,
            factor: 1_609.344,
        },
    ),
    (
        &[
            "millimeters",
            "millimetres",
            "millimeter",
            "millimetre",
            "mm",
        ],
        Unit {
            symbol: "mm",
            dimension: Dimension::Length,
            factor: 0.001,
        },
    ),
    (
        &[
            "centimeters",
            "centimetres",
            "centimeter",
            "centimetre",
            "cm",
        ],
        Unit {
            symbol: "cm",
            dimension: Dimension::Length,
            factor: 0.01,
        },
    ),
    (
        &["meters", "metres", "meter", "metre", "m"],
        Unit {
            symbol: "m",
            dimension: Dimension::Length,
            factor: 1.0,
        },
    ),
    (
        &["feet", "foot", "ft"],
        Unit {
            symbol: "ft",
            dimension: Dimension::Length,
            factor: 0.3048,
        },
    ),
    (
        &["inches", "inch", "in"],
        Unit {
            symbol: "in",
            dimension: Dimension::Length,
            factor: 0.0254,
        },
    ),
    (
        &[
            "metric tons",
            "metric tonnes",
            "tonnes",
            "tonne",
            "tons",
            "ton",
            "t",
        ],
        Unit {
            symbol: "t",
            dimension: Dimension::Mass,
            factor: 1000.0,
        },
    ),
    (
        &["kilograms", "kilogrammes", "kilogram", "kg"],
        Unit {
            symbol: "kg",
            dimension: Dimension::Mass,
            factor: 1.0,
        },
    ),
    (
        &["degrees celsius", "degrees centigrade", "°c", "ºc", "c"],
        Unit {
            symbol: "°C",
            dimension: Dimension::Temperature,
            factor: 1.0,
        },
    ),
    (
        &["degrees fahrenheit", "°f", "ºf", "f"],
        Unit {
            symbol: "°F",
            dimension: Dimension::Temperature,
            factor: 5.0 / 9.0,
        },
    ),
    (
        &["us dollars", "u.s. dollars", "dollars", "dollar", "usd"],
        Unit {
            symbol: "USD",
            dimension: Dimension::Money,
            factor: 1.0,
        },
    ),
    (
        &["euros", "euro", "eur"],
        Unit {
            symbol: "EUR",
            dimension: Dimension::Money,
            factor: 1.0,
        },
    ),
    (
        &["pounds sterling", "pounds", "gbp"],
        Unit {
            symbol: "GBP",
            dimension: Dimension::Money,
            factor: 1.0,
        },
    ),
    (
        &["yuan", "renminbi", "rmb", "cny"],
        Unit {
            symbol: "CNY",
            dimension: Dimension::Money,
            factor: 1.0,
        },
    ),
    (
        &["rupees", "rupee", "inr"],
        Unit {
            symbol: "INR",
            dimension: Dimension::Money,
            factor: 1.0,
        },
    ),
    (
        &["yen", "jpy"],
        Unit {
            symbol: "JPY",
            dimension: Dimension::Money,
            factor: 1.0,
        },
    ),
];

/// Currency signs before a figure.
const BEFORE: &[(&str, &str)] = &[
    ("us$", "USD"),
    ("u.s.$", "USD"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
];

impl Unit {
    /// The unit of a symbol or currency code, as [`Unit::symbol`] gives it.
    pub fn by_symbol(symbol: &str) -> Option<Unit> {
        AFTER.iter().map(|(_, u)| *u).find(|u| u.symbol == symbol)
    }

    /// A value in this unit in the dimension's base unit.
    pub fn to_base(&self, x: f64) -> f64 {
        match self.symbol {
            "°F" => (x - 32.0) * self.factor,
            _ => x * self.factor,
        }
    }
}

/// Splits a unit off the end of a lower-cased figure ("10 km" → ("10", km)); the
/// unit must follow the figure (with or without a space).
pub fn split_after(text: &str) -> Option<(&str, Unit)> {
    for (words, unit) in AFTER {
        for w in *words {
            let Some(rest) = text.strip_suffix(w) else {
                continue;
            };
            // "10km" and "10 km", never a word ending in the unit's letters.
            let attached = rest.ends_with(|c: char| c.is_ascii_digit());
            let spaced = rest.ends_with(' ') && !rest.trim_end().is_empty();
            if attached || spaced {
                return Some((rest.trim_end(), *unit));
            }
        }
    }
    None
}

/// Splits a currency sign off the start of a lower-cased figure ("$15 billion").
pub fn split_before(text: &str) -> Option<(&str, Unit)> {
    BEFORE.iter().find_map(|(sign, code)| {
        let rest = text.strip_prefix(sign)?;
        Some((rest.trim_start(), Unit::by_symbol(code)?))
    })
}

/// A regex alternation (no captures) of every unit word, for the built-in
/// `{{unit}}` macro; longest first.
pub fn unit_pattern() -> String {
    let mut words: Vec<&str> = AFTER
        .iter()
        .flat_map(|(ws, _)| ws.iter().copied())
        .collect();
    // Single letters ("m", "t", "c", "f") stand for units only right after digits,
    // which the macro cannot see: leave them to the value reader.
    words.retain(|w| w.chars().count() > 1);
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let body: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    format!("(?i-u:{})", body.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_after_figures() {
        assert_eq!(
            split_after("10 km").map(|(r, u)| (r, u.symbol)),
            Some(("10", "km"))
        );
        assert_eq!(
            split_after("15.5km").map(|(r, u)| (r, u.symbol)),
            Some(("15.5", "km"))
        );
        assert_eq!(
            split_after("6 miles").map(|(r, u)| (r, u.symbol)),
            Some(("6", "mi"))
        );
        assert_eq!(
            split_after("120 mph").map(|(r, u)| (r, u.symbol)),
            Some(("120", "mph"))
        );
        assert_eq!(
            split_after("2,750 tonnes").map(|(r, u)| (r, u.symbol)),
            Some(("2,750", "t"))
        );
        assert_eq!(split_after("seven"), None);
        assert_eq!(split_after("two thousand"), None);
    }

    #[test]
    fn currencies_before_figures() {
        assert_eq!(
            split_before("$15 billion").map(|(r, u)| (r, u.symbol)),
            Some(("15 billion", "USD"))
        );
        assert_eq!(split_before("15 billion"), None);
    }

    #[test]
    fn conversions_to_base_units() {
        let mi = Unit::by_symbol("mi").unwrap();
        assert!((mi.to_base(5.0) - 8_046.72).abs() < 1e-6);
        let f = Unit::by_symbol("°F").unwrap();
        assert!((f.to_base(212.0) - 100.0).abs() < 1e-9);
    }
}
