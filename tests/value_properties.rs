//! Properties of value comparison (`src/value/`), checked on generated values:
//! relations are symmetric, every value agrees with itself, an interval is never in
//! conflict with a figure inside it, a figure converted to another unit and rounded
//! agrees with the original, and reading a value back from how it is shown gives
//! the same value.

use std::sync::LazyLock;

use crosscheck::rules::Pack;
use crosscheck::value::number::Number;
use crosscheck::value::{Duration, Hedge, HedgeLexicon, Interval, Quantity, Relation};
use proptest::prelude::*;

/// The default pack's hedge words ("at least", "about", "nearly", …).
static HEDGES: LazyLock<HedgeLexicon> = LazyLock::new(|| {
    Pack::embedded()
        .expect("the default pack")
        .vocab
        .hedges
        .clone()
});

const HEDGES_OF_FIGURES: &[Hedge] = &[
    Hedge::None,
    Hedge::Exact,
    Hedge::AtLeast,
    Hedge::MoreThan,
    Hedge::UpTo,
    Hedge::FewerThan,
    Hedge::Nearly,
    Hedge::About,
];

/// A figure as news writes it: a whole number, a round one, or one with a decimal.
fn figure() -> impl Strategy<Value = Number> {
    prop_oneof![
        (0u32..100_000).prop_map(|n| Number {
            value: f64::from(n),
            granularity: 1.0,
        }),
        (1u32..1000, 1u32..4).prop_map(|(n, zeros)| {
            let g = 10f64.powi(zeros as i32);
            Number {
                value: f64::from(n) * g,
                granularity: g,
            }
        }),
        (0u32..10_000).prop_map(|n| Number {
            value: f64::from(n) / 10.0,
            granularity: 0.1,
        }),
    ]
}

/// A figure with a hedge, as a quantity. Not "fewer than 0": no report counts
/// below zero, and the interval it stands for, [0, 0), holds nothing.
fn quantity() -> impl Strategy<Value = Quantity> {
    (
        figure(),
        proptest::sample::select(HEDGES_OF_FIGURES),
        any::<bool>(),
        0.0f64..0.5,
    )
        .prop_filter("fewer than zero is no figure", |(n, hedge, _, _)| {
            !(*hedge == Hedge::FewerThan && n.value == 0.0)
        })
        .prop_map(|(n, hedge, percent, width)| Quantity::from_number(n, hedge, percent, width))
}

/// A point of `i`: one of its ends when closed, else a point strictly inside.
fn point_in(i: &Interval, t: f64) -> f64 {
    let hi = i.hi.unwrap_or(i.lo + 1_000.0);
    let x = i.lo + (hi - i.lo) * t;
    if (x == i.lo && i.lo_open) || (Some(x) == i.hi && i.hi_open) {
        f64::midpoint(i.lo, hi)
    } else {
        x
    }
}

/// What comparing a quantity reads: its interval, figures, hedge, unit and percent.
fn compared(
    q: &Quantity,
) -> (
    Interval,
    Option<f64>,
    Option<f64>,
    Hedge,
    bool,
    Option<String>,
) {
    (
        q.interval,
        q.nominal,
        q.nominal_hi,
        q.hedge,
        q.percent,
        q.unit.clone(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn relation_is_symmetric(a in quantity(), b in quantity()) {
        prop_assert_eq!(a.relation(&b), b.relation(&a), "{} vs {}", a, b);
    }

    #[test]
    fn every_quantity_agrees_with_itself(a in quantity()) {
        prop_assert_eq!(a.relation(&a), Relation::Agree, "{}", a);
        let copy = a.clone();
        prop_assert_eq!(a.relation(&copy), Relation::Agree);
    }

    #[test]
    fn an_interval_is_compatible_with_a_figure_inside_it(a in quantity(), t in 0.0f64..=1.0) {
        let x = point_in(&a.interval, t);
        prop_assume!(a.interval.contains(&Interval::point(x)));
        let exact = Quantity::from_number(
            Number { value: x, granularity: 1.0 },
            Hedge::Exact,
            a.percent,
            0.1,
        );
        prop_assert!(!a.interval.disjoint(&exact.interval));
        let r = a.relation(&exact);
        prop_assert!(
            matches!(r, Relation::Agree | Relation::Compatible),
            "{} vs exactly {}: {:?}", a, x, r
        );
    }

    #[test]
    fn a_distance_converted_and_rounded_agrees_with_the_original(tenths in 10u32..100_000) {
        // "15.5 km" and "9.6 mi" (15.5 km in miles, to one decimal) are one figure.
        let km = f64::from(tenths) / 10.0;
        let miles = (km / 1.609_344 * 10.0).round() / 10.0;
        prop_assume!(miles >= 1.0);
        let a = Quantity::parse(&format!("{km} km"), &HEDGES).expect("a distance in km");
        let b = Quantity::parse(&format!("{miles} mi"), &HEDGES).expect("a distance in miles");
        prop_assert_eq!(a.relation(&b), Relation::Agree, "{} vs {}", a, b);
        prop_assert_eq!(b.relation(&a), Relation::Agree);
    }

    #[test]
    fn a_quantity_read_back_from_its_display_is_the_same(
        n in figure(),
        hedge in proptest::sample::select(HEDGES_OF_FIGURES),
        percent in any::<bool>(),
        unit in proptest::sample::select(&["", " km", " mi", " mph", " ha"][..]),
    ) {
        // As a report writes it, then as crosscheck shows it, then read again.
        let number = if n.granularity < 1.0 { format!("{:.1}", n.value) } else { format!("{}", n.value) };
        let words = match hedge {
            Hedge::None => String::new(),
            h => format!("{} ", Quantity::from_number(n, h, false, 0.1).to_string().rsplit_once(' ').map_or("", |(w, _)| w)),
        };
        let written = format!("{words}{number}{}", if percent { "%" } else { unit });
        let Some(first) = Quantity::parse(&written, &HEDGES) else {
            return Err(TestCaseError::fail(format!("cannot read {written:?}")));
        };
        let shown = first.to_string();
        let again = Quantity::parse(&shown, &HEDGES);
        // What comparison reads is the same; the precision of the writing may not
        // be ("829.0" is shown as "829": the same point, granularity 1, not 0.1).
        prop_assert_eq!(
            again.as_ref().map(compared),
            Some(compared(&first)),
            "{:?} shown as {:?}", written, shown
        );
        prop_assert_eq!(again.map(|q| q.to_string()), Some(shown));
    }

    #[test]
    fn a_duration_read_back_from_its_display_is_the_same(
        count in 1u32..60,
        unit in proptest::sample::select(&["days", "weeks", "months", "years"][..]),
        hedge in proptest::sample::select(&["", "nearly ", "about ", "more than ", "at least "][..]),
    ) {
        let written = format!("{hedge}{count} {unit}");
        let first = Duration::parse(&written, &HEDGES).expect("a duration");
        let shown = first.to_string();
        let again = Duration::parse(&shown, &HEDGES);
        prop_assert_eq!(again.as_ref(), Some(&first), "{:?} shown as {:?}", written, shown);
        prop_assert_eq!(first.relation(&first), Relation::Agree);
    }
}
