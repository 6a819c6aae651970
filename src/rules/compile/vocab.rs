//! The pack's vocabularies built from its files: the gazetteer, people,
//! organizations, titles and hedges, each entry checked (unique ids, known parents,
//! chains without loops, valid intervals).

use foldhash::{HashMap, HashMapExt};

use super::super::error::{RuleError, RuleErrorKind as K};
use super::super::lexicon::{Lexicon, Measure, TriggerClass};
use super::super::locate::Locator;
use super::super::raw::{RawFile, RawHedges, TablePlace};
use super::super::strmap::StrMap;
use super::super::vocab::{
    Gazetteer, Organization, Organizations, People, Person, Place, PlaceRef, Vocabulary,
    normalize_name,
};
use super::PackFile;
use crate::value::{Hedge, HedgeLexicon, Interval, VagueQuantity};

/// Where a place is defined: its file's name, line and column.
#[derive(Clone, Copy)]
struct Defined<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    /// A table's row that no curated entry has added to yet (one may, once).
    open_row: bool,
}

impl<'a> Defined<'a> {
    fn curated(file: &'a str, (line, column): (usize, usize)) -> Self {
        Defined {
            file,
            line,
            column,
            open_row: false,
        }
    }
}

/// The gazetteer: the rows of its tables (moved, not copied: there are tens of
/// thousands), then the places of rule files, which add to a table's place of the
/// same id or stand alone. Every id is unique, every parent known, no `within`
/// chain loops.
pub(super) fn build_gazetteer(
    tables: Vec<(&PackFile, Vec<TablePlace>)>,
    parsed: &[(&PackFile, RawFile)],
    errors: &mut Vec<RuleError>,
) -> Gazetteer {
    let count = tables.iter().map(|(_, rows)| rows.len()).sum::<usize>()
        + parsed
            .iter()
            .map(|(_, raw)| raw.places.len())
            .sum::<usize>();
    let mut places: Vec<Place> = Vec::with_capacity(count);
    // Each place's index by id, and where each is defined.
    let mut by_id: StrMap<usize> = StrMap::with_capacity(count);
    let mut at: Vec<Defined<'_>> = Vec::with_capacity(count);
    // Gazetteer tables first, so that curated entries can add to their places.
    for (file, rows) in tables {
        for row in rows {
            if by_id.contains_key(row.id.as_str()) {
                errors.push(
                    RuleError::new(
                        K::Duplicate,
                        &file.name,
                        format!("duplicate place id `{}`", row.id),
                    )
                    .at((row.line, 1))
                    .in_rule(&row.id),
                );
                continue;
            }
            by_id.insert(&row.id, places.len());
            at.push(Defined {
                file: &file.name,
                line: row.line,
                column: 1,
                open_row: true,
            });
            places.push(Place {
                id: row.id,
                name: row.name,
                aliases: row.aliases,
                within: row.within,
                demonyms: row.demonyms,
                kind: Some(row.kind),
                population: row.population,
                curated: false,
            });
        }
    }
    for (file, raw) in parsed {
        if raw.places.is_empty() {
            continue;
        }
        let locator = Locator::new(&file.text);
        // A duplicate is shown where it is, not where its id first appears.
        let mut nth: HashMap<&str, usize> = HashMap::new();
        for p in &raw.places {
            let n = nth.entry(p.id.as_str()).or_insert(0);
            let pos = locator
                .id_offset(&p.id, *n)
                .map_or((0, 0), |o| locator.line_col(o));
            *n += 1;
            match by_id.get(p.id.as_str()) {
                // A curated entry adds to the table's place of the same id, once.
                Some(&i) if at[i].open_row => {
                    let place = &mut places[i];
                    if place.name != p.name {
                        let old = std::mem::replace(&mut place.name, p.name.clone());
                        place.aliases.push(old);
                    }
                    place.aliases.extend(p.aliases.iter().cloned());
                    place.demonyms.extend(p.demonyms.iter().cloned());
                    if p.within.is_some() {
                        place.within = p.within.clone();
                    }
                    if p.kind.is_some() {
                        place.kind = p.kind;
                    }
                    place.curated = true;
                    at[i] = Defined::curated(&file.name, pos);
                }
                Some(_) => errors.push(
                    RuleError::new(
                        K::Duplicate,
                        &file.name,
                        format!("duplicate place id `{}`", p.id),
                    )
                    .at(pos)
                    .in_rule(&p.id),
                ),
                None => {
                    by_id.insert(&p.id, places.len());
                    at.push(Defined::curated(&file.name, pos));
                    places.push(Place {
                        id: p.id.clone(),
                        name: p.name.clone(),
                        aliases: p.aliases.clone(),
                        within: p.within.clone(),
                        demonyms: p.demonyms.clone(),
                        kind: p.kind,
                        population: 0,
                        curated: true,
                    });
                }
            }
        }
    }
    for (
        place,
        &Defined {
            file, line, column, ..
        },
    ) in places.iter().zip(&at)
    {
        if let Some(parent) = &place.within
            && !by_id.contains_key(parent.as_str())
        {
            errors.push(
                RuleError::new(
                    K::Invalid,
                    file,
                    format!("`within: {parent}` names no place of the gazetteer"),
                )
                .at((line, column))
                .in_rule(&place.id),
            );
        }
    }
    let gazetteer = Gazetteer::with_ids(places, by_id);
    for (
        place,
        &Defined {
            file, line, column, ..
        },
    ) in gazetteer.places().zip(&at)
    {
        let mut seen = vec![place.id()];
        let mut next = place.within();
        while let Some(id) = next {
            if seen.contains(&id) {
                errors.push(
                    RuleError::new(
                        K::Invalid,
                        file,
                        format!("`within` chain loops back: {} → {id}", seen.join(" → ")),
                    )
                    .at((line, column))
                    .in_rule(place.id()),
                );
                break;
            }
            seen.push(id);
            next = gazetteer.get(id).and_then(PlaceRef::within);
        }
    }
    gazetteer
}

/// Every vocabulary but the gazetteer (see [`build_gazetteer`]): people,
/// organizations, titles, hedges and the lexicon.
pub(super) fn build_vocab(
    parsed: &[(&PackFile, RawFile)],
    errors: &mut Vec<RuleError>,
) -> Vocabulary {
    let mut people: Vec<Person> = Vec::new();
    let mut organizations: Vec<Organization> = Vec::new();
    let mut person_ids: HashMap<String, String> = HashMap::new();
    let mut titles: Vec<String> = Vec::new();
    let mut hedges: Option<(&PackFile, &RawHedges)> = None;
    for (file, raw) in parsed {
        let locator = Locator::new(&file.text);
        // People and organizations share ids; a duplicate is shown where it is.
        let mut nth: HashMap<&str, usize> = HashMap::new();
        let mut position = |id| {
            let n = nth.entry(id).or_insert(0);
            *n += 1;
            locator
                .id_offset(id, *n - 1)
                .map_or((0, 0), |o| locator.line_col(o))
        };
        for p in &raw.people {
            let pos = position(&p.id);
            if let Some(first) = person_ids.get(&p.id) {
                errors.push(
                    RuleError::new(
                        K::Duplicate,
                        &file.name,
                        format!("duplicate person id `{}`", p.id),
                    )
                    .at(pos)
                    .in_rule(&p.id)
                    .hint(format!("first defined in {first}")),
                );
                continue;
            }
            person_ids.insert(p.id.clone(), file.name.clone());
            people.push(Person {
                id: p.id.clone(),
                name: p.name.clone(),
                aliases: p.aliases.clone(),
                titles: p.titles.clone(),
            });
        }
        for o in &raw.organizations {
            let pos = position(&o.id);
            if person_ids.contains_key(&o.id) {
                errors.push(
                    RuleError::new(
                        K::Duplicate,
                        &file.name,
                        format!("duplicate organization id `{}`", o.id),
                    )
                    .at(pos)
                    .in_rule(&o.id),
                );
                continue;
            }
            person_ids.insert(o.id.clone(), file.name.clone());
            organizations.push(Organization {
                id: o.id.clone(),
                name: o.name.clone(),
                aliases: o.aliases.clone(),
                within: o.within.clone(),
            });
        }
        titles.extend(raw.titles.iter().cloned());
        if let Some(h) = &raw.hedges {
            if let Some((first, _)) = hedges {
                let pos = locator
                    .key_offset("hedges")
                    .map_or((0, 0), |o| locator.line_col(o));
                errors.push(
                    RuleError::new(K::Duplicate, &file.name, "a second `hedges` section")
                        .at(pos)
                        .hint(format!(
                            "the pack's hedges are already set in {}; keep one",
                            first.name
                        )),
                );
            } else {
                hedges = Some((file, h));
            }
        }
    }
    let lexicon = match hedges {
        Some((file, h)) => build_hedges(file, h, errors),
        None => HedgeLexicon::default(),
    };
    titles.sort();
    titles.dedup();
    Vocabulary {
        people: People::new(people),
        organizations: Organizations::new(organizations),
        titles,
        hedges: lexicon,
        lexicon: build_lexicon(parsed, errors),
        ..Vocabulary::default()
    }
}

/// The measures, groups and events of every file's `lexicon` section. A measure id
/// is defined once; a trigger word names one measure.
fn build_lexicon(parsed: &[(&PackFile, RawFile)], errors: &mut Vec<RuleError>) -> Lexicon {
    let mut measures: Vec<Measure> = Vec::new();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut events: Vec<(String, Vec<String>)> = Vec::new();
    let mut trigger_of: HashMap<String, String> = HashMap::new();
    for (file, raw) in parsed {
        let Some(lex) = &raw.lexicon else { continue };
        let locator = Locator::new(&file.text);
        let at = |needle: &str| {
            locator
                .id_offset(needle, 0)
                .or_else(|| locator.value_offset(needle, 0))
                .map_or((0, 0), |o| locator.line_col(o))
        };
        for m in &lex.measures {
            if measures.iter().any(|x| *x.id == *m.id) {
                errors.push(
                    RuleError::new(
                        K::Duplicate,
                        &file.name,
                        format!("duplicate measure `{}`", m.id),
                    )
                    .at(at(&m.id))
                    .in_rule(&m.id),
                );
                continue;
            }
            let mut triggers = Vec::new();
            for (class, words) in [
                (TriggerClass::State, &m.states),
                (TriggerClass::Verb, &m.verbs),
                (TriggerClass::Toll, &m.nouns),
                (TriggerClass::Count, &m.counts),
            ] {
                for w in words {
                    let key = normalize_name(w);
                    match trigger_of.get(&key) {
                        Some(other) if *other != m.id => errors.push(
                            RuleError::new(
                                K::Duplicate,
                                &file.name,
                                format!("trigger `{w}` names two measures: `{other}` and `{}`", m.id),
                            )
                            .at(at(w))
                            .in_rule(&m.id)
                            .hint("a trigger word must say which measure a claim states; keep it in one"),
                        ),
                        _ => {
                            trigger_of.insert(key, m.id.clone());
                            triggers.push((class, w.clone()));
                        }
                    }
                }
            }
            measures.push(Measure {
                id: m.id.as_str().into(),
                label: m.label.clone(),
                trend: m.trend,
                triggers,
                of_event: m.of_event,
            });
        }
        groups.extend(lex.groups.iter().map(|(k, v)| (k.clone(), v.clone())));
        events.extend(lex.events.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    Lexicon::new(measures, groups, events)
}

fn build_hedges(file: &PackFile, raw: &RawHedges, errors: &mut Vec<RuleError>) -> HedgeLexicon {
    let locator = Locator::new(&file.text);
    let at = |needle: &str| {
        locator
            .key_offset(needle)
            .or_else(|| locator.value_offset(needle, 0))
            .map_or((0, 0), |o| locator.line_col(o))
    };
    let mut lexicon = HedgeLexicon {
        width: raw.width.unwrap_or(0.1),
        ..HedgeLexicon::default()
    };
    if !(0.0..1.0).contains(&lexicon.width) {
        errors.push(
            RuleError::new(
                K::Invalid,
                &file.name,
                format!("hedge width {} is not between 0 and 1", lexicon.width),
            )
            .at(at("width")),
        );
    }
    let words_allowed = |h: &Hedge| !matches!(h, Hedge::None | Hedge::Range | Hedge::Vague);
    for (list, target) in [
        (&raw.before, &mut lexicon.prefixes),
        (&raw.after, &mut lexicon.suffixes),
    ] {
        for (hedge, words) in list {
            if !words_allowed(hedge) {
                errors.push(
                    RuleError::new(
                        K::Invalid,
                        &file.name,
                        format!("hedge `{hedge:?}` cannot be given words"),
                    )
                    .at(at("before"))
                    .hint("use at_least, more_than, up_to, fewer_than, nearly, about or exact"),
                );
                continue;
            }
            target.extend(words.iter().map(|w| (w.trim().to_lowercase(), *hedge)));
        }
    }
    for (phrase, notation) in &raw.vague {
        match parse_interval(notation) {
            Some(interval) => lexicon.vague.push(VagueQuantity {
                phrase: phrase.trim().to_lowercase(),
                interval,
            }),
            None => errors.push(
                RuleError::new(
                    K::Invalid,
                    &file.name,
                    format!("`{notation}` is not an interval"),
                )
                .at(at(phrase))
                .in_rule(phrase)
                .hint("write intervals as \"[20000, 100000)\", \"[3, 9]\" or \"(1000, inf)\""),
            ),
        }
    }
    lexicon.sort();
    lexicon
}

/// "[20000, 100000)", "[3, 9]", "(1000, inf)".
pub(super) fn parse_interval(text: &str) -> Option<Interval> {
    let t = text.trim();
    let lo_open = match t.chars().next()? {
        '[' => false,
        '(' => true,
        _ => return None,
    };
    let hi_open = match t.chars().last()? {
        ']' => false,
        ')' => true,
        _ => return None,
    };
    let inner = &t[1..t.len() - 1];
    let (a, b) = inner.split_once(',')?;
    let num = |s: &str| s.trim().replace('_', "").parse::<f64>().ok();
    let lo = num(a)?;
    let hi = match b.trim() {
        "inf" | "∞" => None,
        s => Some(num(s)?),
    };
    if hi.is_some_and(|h| h < lo) {
        return None;
    }
    Some(Interval {
        lo,
        hi,
        lo_open,
        hi_open: hi_open || hi.is_none(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals() {
        assert_eq!(
            parse_interval("[20000, 100000)"),
            Some(Interval::half_open(20_000.0, 100_000.0))
        );
        assert_eq!(
            parse_interval("(1000, inf)"),
            Some(Interval::above(1000.0, true))
        );
        assert_eq!(parse_interval("[9, 3]"), None);
        assert_eq!(parse_interval("20000"), None);
    }
}
