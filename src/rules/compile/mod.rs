//! From raw rule files to a checked [`Pack`]: macros expanded, regexes compiled,
//! keys checked against captures, vocabularies linked. Every error found is
//! collected, so one run shows all that is wrong with a pack.
//!
//! One file per job: [`io`] reads files, [`vocab`] builds the vocabularies,
//! [`macros`] expands macros, [`rules`] compiles one rule, [`overrides`] applies
//! config and flags; this file runs them: the rule files first, then two chains
//! side by side (the gazetteer and the tagger's names, or both from a cache file;
//! the macros, the rules, then the people's shapes beside the prefilter).

mod io;
mod macros;
mod overrides;
mod rules;
mod vocab;

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

use super::error::{PackErrors, RuleError, RuleErrorKind as K};
use super::locate::Locator;
use super::prefilter::Prefilter;
use super::raw::{RawFile, RawRule};
use super::{Pack, Rule};
use crate::value::ClaimKind;

pub use io::{PackFile, read_dir};
pub(crate) use macros::MACRO_REF;
pub use macros::{QUOTE_TOKEN, ascii_word_boundaries, closest};
pub use overrides::{Overrides, RuleParams};

use io::{is_table, parse_file, parse_table};
use macros::{build_macros, unused_macros};
use overrides::{apply_params, glob};
use rules::{RuleCtx, compile_rule};
use vocab::{build_gazetteer, build_vocab};

use super::facts::{FactCache, digest};
use super::names_cache::NameCache;
use std::path::Path;

/// Compiles a pack from its files, in order.
pub fn compile(files: &[PackFile]) -> Result<Pack, PackErrors> {
    compile_with(files, &Overrides::default())
}

/// Compiles a pack with overrides applied: disabled rules are not compiled at all.
pub fn compile_with(files: &[PackFile], overrides: &Overrides) -> Result<Pack, PackErrors> {
    compile_cached(files, overrides, None)
}

/// Compiles a pack with the cache folder `cache`: the facts of patterns checked
/// before are taken from it, and those of a pack that compiled kept there (see
/// [`FactCache`]); so are the gazetteer and the tagger's names (see [`NameCache`]).
/// A cache that cannot be written only costs the next run its time.
pub fn compile_cached(
    files: &[PackFile],
    overrides: &Overrides,
    cache: Option<&Path>,
) -> Result<Pack, PackErrors> {
    // Each file hashed once, for both caches' names (the gazetteer table is
    // megabytes).
    let digests: Vec<[u8; 32]> = match cache {
        Some(_) => files.par_iter().map(digest).collect(),
        None => Vec::new(),
    };
    let facts = cache.map(|dir| FactCache::open(dir, &digests));
    let facts = facts.as_ref();
    let disable: Vec<(String, globset::GlobMatcher)> = overrides
        .disable
        .iter()
        .filter_map(|p| glob(p).map(|g| (p.clone(), g)))
        .collect();
    // Rule files are parsed first: every later step reads them. Gazetteer tables
    // (tens of thousands of rows) are parsed by the step that makes the gazetteer.
    let mut parse_errors: Vec<(usize, RuleError)> = Vec::new();
    let mut parsed: Vec<(&PackFile, RawFile)> = Vec::new();
    let mut tables: Vec<(usize, &PackFile)> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        if is_table(file) {
            tables.push((i, file));
            continue;
        }
        match parse_file(file) {
            Ok(raw) => parsed.push((file, raw)),
            Err(e) => parse_errors.push((i, *e)),
        }
    }
    let mut vocab_errors = Vec::new();
    let mut vocab = build_vocab(&parsed, &mut vocab_errors);
    // The gazetteer and the tagger's names come from the tables and the places,
    // people and organizations of the YAML files: from a file of an earlier run's
    // when those are the same.
    let name_cache = cache.map(|dir| {
        let sources = files.iter().zip(&digests).filter(|(f, _)| {
            is_table(f)
                || parsed.iter().any(|(p, raw)| {
                    std::ptr::eq(*p, *f)
                        && !(raw.places.is_empty()
                            && raw.people.is_empty()
                            && raw.organizations.is_empty())
                })
        });
        NameCache::open(dir, sources.map(|(_, d)| d))
    });
    let counts = (vocab.people.people().len(), vocab.organizations.all().len());
    // Two chains, side by side, each most of a pack's start-up: the gazetteer and
    // the tagger's table of every name (or both read from the cache file); the
    // macros, the rules (regex compilation), then the tagger's shapes of people
    // beside the prefilter.
    let (places, rules) = rayon::join(
        || {
            let mut errors = Vec::new();
            let cached = name_cache.as_ref().and_then(|c| c.read(counts.0, counts.1));
            if let Some((gazetteer, names)) = cached {
                return (gazetteer, names, errors);
            }
            let mut rows = Vec::new();
            let mut table_errors = false;
            for (i, file) in tables {
                match parse_table(file) {
                    Ok(table) => rows.push((file, table)),
                    Err(e) => {
                        parse_errors.push((i, *e));
                        table_errors = true;
                    }
                }
            }
            let gazetteer = build_gazetteer(rows, &parsed, &mut errors);
            let names = crate::tag::NameTables::of(&gazetteer, &vocab.people, &vocab.organizations);
            // Kept only when whole: a cache that cannot be written only costs the
            // next run its time.
            if let Some(cache) = &name_cache
                && errors.is_empty()
                && !table_errors
            {
                let _ = cache.write(&gazetteer, &names);
            }
            (gazetteer, names, errors)
        },
        || {
            let mut errors = Vec::new();
            let macros = build_macros(&parsed, &vocab, &mut errors);
            let (rules, disabled) =
                compile_rules(&parsed, &macros, &vocab, facts, &disable, &mut errors);
            // The prefilter's automaton beside the shapes: both are a few
            // milliseconds, and the other chain's end frees a core for one.
            let (shapes, scan) = rayon::join(
                || crate::tag::people::Shapes::new(&vocab),
                || scan_parts(&rules),
            );
            (macros, rules, disabled, shapes, scan, errors)
        },
    );
    let (gazetteer, names, place_errors) = places;
    let (macros, mut rules, disabled, shapes, (slots, prefilter, digits), rule_errors) = rules;
    vocab.places = gazetteer;
    let tagger = crate::tag::Tagger::from_parts(names, shapes);
    // Errors in the order of the steps, and of the files within a step.
    parse_errors.sort_by_key(|(i, _)| *i);
    let mut errors: Vec<RuleError> = parse_errors.into_iter().map(|(_, e)| e).collect();
    errors.extend(place_errors);
    errors.extend(vocab_errors);
    errors.extend(rule_errors);
    if !errors.is_empty() {
        for e in &mut errors {
            e.frame = files
                .iter()
                .find(|f| f.name == e.file)
                .and_then(|f| f.text.lines().nth(e.line.checked_sub(1)?))
                .map(str::to_string);
        }
        return Err(PackErrors(errors));
    }
    if let Some(cache) = facts {
        let _ = cache.update(rules.iter().flat_map(|r| &r.patterns));
    }
    let unused_macros = unused_macros(&parsed, &rules);
    apply_params(&mut rules, overrides);
    if let Some(width) = overrides.hedge_width {
        vocab.hedges.width = width;
    }
    let macro_sources: BTreeMap<String, String> = parsed
        .iter()
        .flat_map(|(_, raw)| raw.macros.iter().map(|(k, v)| (k.clone(), v.clone())))
        .collect();
    Ok(Pack {
        rules,
        vocab,
        macros: macros.expanded,
        files: files.iter().map(|f| f.name.clone()).collect(),
        prefilter,
        slots,
        digits,
        tagger: std::sync::OnceLock::from(tagger),
        unused_macros,
        macro_sources,
        disabled,
    })
}

/// Every rule of the pack checked (ids unique, in pack order) and compiled, in
/// parallel (regex compilation is most of it), with the rules left out by
/// `disable` and the override that did it. Errors are collected in pack order.
fn compile_rules(
    parsed: &[(&PackFile, RawFile)],
    macros: &macros::Macros,
    vocab: &super::vocab::Vocabulary,
    facts: Option<&FactCache>,
    disable: &[(String, globset::GlobMatcher)],
    errors: &mut Vec<RuleError>,
) -> (Vec<Rule>, Vec<(String, String)>) {
    let mut disabled: Vec<(String, String)> = Vec::new();
    let locators: Vec<Locator<'_>> = parsed.iter().map(|(f, _)| Locator::new(&f.text)).collect();
    let mut jobs: Vec<Result<(&RawRule, RuleCtx<'_>), RuleError>> = Vec::new();
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    for ((file, raw), locator) in parsed.iter().zip(&locators) {
        let mut nth: HashMap<&str, usize> = HashMap::new();
        for raw_rule in &raw.rules {
            if let Some((pattern, _)) = disable.iter().find(|(_, g)| g.is_match(&raw_rule.id)) {
                disabled.push((raw_rule.id.clone(), pattern.clone()));
                continue;
            }
            let n = nth.entry(raw_rule.id.as_str()).or_insert(0);
            let offset = locator.id_offset(&raw_rule.id, *n);
            *n += 1;
            let ctx = RuleCtx {
                file,
                locator,
                offset,
                macros,
                lexicon: &vocab.lexicon,
                facts,
            };
            let (line, _) = ctx.pos(offset);
            if let Some((first_file, first_line)) = seen.get(&raw_rule.id) {
                jobs.push(Err(ctx
                    .error(
                        K::Duplicate,
                        offset,
                        format!("duplicate rule id `{}`", raw_rule.id),
                    )
                    .in_rule(&raw_rule.id)
                    .hint(format!(
                        "the id is first used at {first_file}:{first_line}; rename one of them"
                    ))));
                continue;
            }
            seen.insert(raw_rule.id.clone(), (file.name.clone(), line));
            jobs.push(Ok((raw_rule, ctx)));
        }
    }
    let compiled: Vec<(Option<Rule>, Vec<RuleError>)> = jobs
        .into_par_iter()
        .map(|job| match job {
            Ok((raw_rule, ctx)) => {
                let mut errors = Vec::new();
                let rule = compile_rule(raw_rule, &ctx, &mut errors);
                (rule, errors)
            }
            Err(e) => (None, vec![e]),
        })
        .collect();
    let mut rules: Vec<Rule> = Vec::new();
    for (rule, errs) in compiled {
        errors.extend(errs);
        rules.extend(rule);
    }
    (rules, disabled)
}

/// What a text is scanned with: the (rule, pattern) of each pattern run on texts,
/// the prefilter of their anchor sets, and whether each needs a digit.
fn scan_parts(rules: &[Rule]) -> (Vec<(usize, usize)>, Prefilter, Vec<bool>) {
    let mut slots = Vec::new();
    for (ri, rule) in rules.iter().enumerate() {
        // Quote rules run on sentences with their quotations masked, not on the text.
        if rule.kind == ClaimKind::Quote {
            continue;
        }
        slots.extend((0..rule.pattern_sources.len()).map(|pi| (ri, pi)));
    }
    let anchor_sets: Vec<Vec<Vec<String>>> = slots
        .iter()
        .map(|&(ri, pi)| rules[ri].patterns[pi].anchors().to_vec())
        .collect();
    let prefilter = Prefilter::new(&anchor_sets);
    let digits = slots
        .iter()
        .map(|&(ri, pi)| rules[ri].patterns[pi].facts().digit)
        .collect();
    (slots, prefilter, digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleError;

    fn pack(text: &str) -> Result<Pack, PackErrors> {
        compile(&[PackFile {
            name: "test.yaml".into(),
            text: text.into(),
        }])
    }

    fn first_error(text: &str) -> RuleError {
        pack(text)
            .expect_err("the pack should not compile")
            .0
            .remove(0)
    }

    const GOOD: &str = "macros:\n  num: '[0-9]+'\nrules:\n  - id: count\n    description: a count\n    kind: quantity\n    patterns:\n      - '(?P<value>{{num}}) people'\n    measure: people\nlexicon:\n  measures:\n    - {id: people, label: people}\n";

    #[test]
    fn a_good_pack_compiles() {
        let pack = pack(GOOD).unwrap();
        assert_eq!(pack.rules.len(), 1);
        assert_eq!(pack.rules[0].line, 4);
        assert_eq!(pack.candidates("about 12 people"), vec![(0, 0)]);
        assert!(pack.candidates("nothing").is_empty());
    }

    /// The good pack with its one pattern replaced by `pattern`.
    fn with_pattern(pattern: &str) -> Pack {
        pack(&GOOD.replace("(?P<value>{{num}}) people", pattern)).unwrap()
    }

    #[test]
    fn a_pattern_runs_only_on_sentences_holding_a_word_of_each_anchor_set() {
        let pack = with_pattern(r"(?P<value>{{num}})\s+people\s+(?i:killed|died)");
        // Three sentences on one line: "people" in the first two, "died" in the
        // second and third.
        let text = "Some people fled. 12 people died there. Others died later.";
        let sentences = [(0, 17), (18, 39), (40, text.len())];
        assert_eq!(pack.plan(text, &sentences), vec![((0, 0), vec![(18, 39)])]);
        // No sentence holds both: the pattern is not run.
        let apart = "Many people. They died.";
        assert!(pack.plan(apart, &[(0, 12), (13, apart.len())]).is_empty());
        // Without sentences, the whole text is one.
        assert_eq!(pack.plan(text, &[]), vec![((0, 0), vec![(0, text.len())])]);
        assert_eq!(
            pack.anchors(0, 0),
            [
                vec!["people".to_string()],
                vec!["died".into(), "killed".into()],
                vec![crate::rules::prefilter::DIGIT.into()]
            ]
        );
    }

    #[test]
    fn a_figure_in_digits_or_words_runs_where_either_is() {
        let pack = with_pattern(r"(?P<value>{{num}}|(?i:five|seven))\s+people\s+(?i:fled|hid)");
        let text = "Five people fled. No people died. 12 people hid. Some people hid.";
        let sentences = [(0, 17), (18, 33), (34, 48), (49, text.len())];
        assert_eq!(
            pack.plan(text, &sentences),
            vec![((0, 0), vec![(0, 17), (34, 48)])]
        );
    }

    #[test]
    fn unknown_field_names_line_column_and_rule() {
        let e = first_error(&GOOD.replace("    measure: people", "    mesure: people"));
        assert_eq!(e.kind, K::Yaml);
        assert_eq!((e.line, e.rule.as_deref()), (9, Some("count")));
        assert!(
            e.message.contains("unknown field `mesure`"),
            "{}",
            e.message
        );
        assert_eq!(e.hint.as_deref(), Some("did you mean `measure`?"));
    }

    #[test]
    fn an_unknown_field_of_an_entry_on_one_line_names_the_entry() {
        let e =
            first_error("people:\n  - {id: ann, name: Ann}\n  - {id: bo, name: Bo, titels: [x]}\n");
        assert_eq!(e.kind, K::Yaml);
        assert_eq!((e.line, e.rule.as_deref()), (3, Some("bo")));
        assert_eq!(e.hint.as_deref(), Some("did you mean `titles`?"));
    }

    #[test]
    fn yaml_syntax_error_is_located() {
        let e = first_error("rules:\n  - id: x\n    patterns: [unclosed\n");
        assert_eq!(e.kind, K::Yaml);
        assert!(e.line >= 3, "{e}");
    }

    #[test]
    fn invalid_regex_points_into_the_pattern() {
        let e =
            first_error(&GOOD.replace("(?P<value>{{num}}) people", "(?P<value>{{num}}) (people"));
        assert_eq!(e.kind, K::Regex);
        assert_eq!((e.line, e.rule.as_deref()), (8, Some("count")));
        // The pattern starts at column 10; the unclosed group at its 20th character.
        assert_eq!(e.column, 10 + 19);
    }

    #[test]
    fn undefined_macro_suggests_the_closest() {
        let e = first_error(&GOOD.replace("{{num}}) people", "{{nun}}) people"));
        assert_eq!(e.kind, K::UndefinedMacro);
        assert_eq!(e.line, 8);
        assert_eq!(e.hint.as_deref(), Some("did you mean `{{num}}`?"));
    }

    #[test]
    fn duplicate_rule_id() {
        let rule = &GOOD[GOOD.find("  - id").unwrap()..GOOD.find("lexicon").unwrap()];
        let twice = GOOD.replace(rule, &format!("{rule}{rule}"));
        let e = first_error(&twice);
        assert_eq!(e.kind, K::Duplicate);
        assert_eq!(e.line, 10);
    }

    #[test]
    fn slots_must_name_captures() {
        let e = first_error(&GOOD.replace(
            "measure: people\n",
            "measure: people\n    slots: {place: '{town}'}\n",
        ));
        assert_eq!(e.kind, K::Invalid);
        assert!(e.message.contains("{town}"), "{e}");
    }

    #[test]
    fn a_measure_must_be_in_the_lexicon() {
        let e = first_error(&GOOD.replace("measure: people", "measure: peple"));
        assert_eq!(e.kind, K::Invalid);
        assert!(e.message.contains("unknown measure `peple`"), "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `people`?"));
    }

    #[test]
    fn macro_cycle() {
        let e = first_error("macros:\n  a: '{{b}}'\n  b: '{{a}}'\n");
        assert_eq!(e.kind, K::MacroCycle);
        assert_eq!((e.line, e.column), (2, 3));
    }

    #[test]
    fn a_bad_macro_is_shown_where_it_is_defined() {
        let bad = |body: &str| {
            first_error(&GOOD.replace(
                "  num: '[0-9]+'\n",
                &format!("  num: '[0-9]+'\n  late: '{body}'\n"),
            ))
        };
        let e = bad("(unclosed");
        assert_eq!((e.kind, e.line, e.column), (K::Regex, 3, 3));
        assert_eq!(e.rule.as_deref(), Some("late"));
        let e = bad("(?P<n>[0-9]+)");
        assert_eq!((e.kind, e.line, e.column), (K::Invalid, 3, 3));
        let e = bad("{{nun}}");
        assert_eq!((e.kind, e.line), (K::UndefinedMacro, 3));
    }

    /// A gazetteer table: its header, a country, then `n` cities in it (`c0` is
    /// on line 3), each with two aliases.
    fn table(n: usize) -> String {
        let mut t = String::from("id\tkind\tname\twithin\tpopulation\taliases\tdemonyms\n");
        t.push_str("land\tcountry\tLandia\t\t5000000\t\tLandian|Landians\n");
        for i in 0..n {
            t.push_str(&format!(
                "c{i}\tcity\tTown Number {i}\tland\t{i}\tTN{i}|Old Town {i}\t\n"
            ));
        }
        t
    }

    fn with_table(table: &str, yaml: &str) -> Result<Pack, PackErrors> {
        compile(&[
            PackFile {
                name: "places.tsv".into(),
                text: table.into(),
            },
            PackFile {
                name: "test.yaml".into(),
                text: yaml.into(),
            },
        ])
    }

    #[test]
    fn a_large_table_is_read_whole_and_tagged() {
        // 5,000 rows, 300 KB: read in several blocks of lines side by side.
        let pack = with_table(&table(5000), GOOD).unwrap();
        let places = &pack.vocab.places;
        assert_eq!(places.places().len(), 5001);
        let city = places.lookup("Old Town 4321").unwrap();
        assert_eq!(city.id(), "c4321");
        assert_eq!(city.name(), "Town Number 4321");
        assert_eq!(city.population(), 4321);
        assert_eq!(places.ancestors(city), ["land"]);
        assert_eq!(places.lookup("Landians").unwrap().id(), "land");
        let text = "Landian officials in Old Town 4999 and TN12 said.";
        let tagged = pack.tagger().tag(text);
        let found: Vec<(&str, &str)> = tagged
            .tags
            .iter()
            .map(|t| {
                let (crate::tag::Entity::Place(i) | crate::tag::Entity::Demonym(i)) = t.entity
                else {
                    panic!("not a place: {t:?}");
                };
                (
                    &text[t.start..t.end],
                    places.place(i as usize).unwrap().id(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("Landian", "land"),
                ("Old Town 4999", "c4999"),
                ("TN12", "c12")
            ]
        );
    }

    #[test]
    fn the_first_bad_row_of_a_large_table_is_located() {
        // Rows c3000 (line 3003) and c4000 are bad; the first in the file is shown.
        let bad = table(5000)
            .replace("c3000\tcity\t", "c3000\tvillage\t")
            .replace("\tland\t4000\t", "\tland\tmany\t");
        let errors = with_table(&bad, GOOD).unwrap_err().0;
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!((e.file.as_str(), e.line, e.column), ("places.tsv", 3003, 7));
        assert!(e.message.contains("unknown place kind `village`"), "{e}");
        let bad = table(5000).replace("\tland\t4000\t", "\tland\tmany\t");
        let e = &with_table(&bad, GOOD).unwrap_err().0[0];
        assert_eq!((e.line, e.column), (4003, 34));
        assert!(e.message.contains("`many` is not a population"), "{e}");
    }

    #[test]
    fn curated_places_add_to_the_table_once() {
        let yaml = format!(
            "{GOOD}places:\n  - {{id: c7, name: Seventh Town, aliases: [Sevens], kind: region}}\n  - {{id: camp, name: Camp One, within: c7}}\n"
        );
        let pack = with_table(&table(10), &yaml).unwrap();
        let places = &pack.vocab.places;
        let c7 = places.get("c7").unwrap();
        assert_eq!(c7.name(), "Seventh Town");
        assert_eq!(
            c7.aliases().collect::<Vec<_>>(),
            ["TN7", "Old Town 7", "Town Number 7", "Sevens"]
        );
        assert!(c7.curated());
        assert_eq!(places.lookup("Town Number 7").unwrap().id(), "c7");
        let camp = places.lookup("Camp One").unwrap();
        assert_eq!(places.ancestors(camp), ["c7", "land"]);

        let twice = format!(
            "{GOOD}places:\n  - {{id: c7, name: Seventh Town}}\n  - {{id: c7, name: Town Seven}}\n  - {{id: x, name: Ex, within: nowhere}}\n"
        );
        let errors = with_table(&table(10), &twice).unwrap_err().0;
        // Entries written on one line are located too, the second `c7` at its own.
        let shown: Vec<(usize, usize, &str)> = errors
            .iter()
            .map(|e| (e.line, e.column, e.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (15, 6, "duplicate place id `c7`"),
                (16, 6, "`within: nowhere` names no place of the gazetteer")
            ]
        );
    }

    #[test]
    fn a_within_loop_is_an_error() {
        let looped = table(3)
            .replace(
                "c1\tcity\tTown Number 1\tland",
                "c1\tcity\tTown Number 1\tc2",
            )
            .replace(
                "c2\tcity\tTown Number 2\tland",
                "c2\tcity\tTown Number 2\tc1",
            );
        let errors = with_table(&looped, GOOD).unwrap_err().0;
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!((errors[0].line, errors[0].rule.as_deref()), (4, Some("c1")));
        assert!(
            errors[0].message.contains("loops back: c1 → c2 → c1"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(ascii_word_boundaries(r"\bx\B"), r"(?-u:\b)x(?-u:\B)");
        assert_eq!(ascii_word_boundaries(r"\\b\d"), r"\\b\d");
    }
}
