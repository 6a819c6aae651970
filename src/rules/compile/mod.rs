//! From raw rule files to a checked [`Pack`]: macros expanded, regexes compiled,
//! keys checked against captures, vocabularies linked. Every error found is
//! collected, so one run shows all that is wrong with a pack.
//!
//! One file per job: [`io`] reads files, [`vocab`] builds the vocabularies,
//! [`macros`] expands macros, [`rules`] compiles one rule, [`overrides`] applies
//! config and flags; this file runs them in order.

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

use io::parse_file;
use macros::{build_macros, unused_macros};
use overrides::{apply_params, glob};
use rules::{RuleCtx, compile_rule};
use vocab::build_vocab;

use super::facts::FactCache;

/// Compiles a pack from its files, in order.
pub fn compile(files: &[PackFile]) -> Result<Pack, PackErrors> {
    compile_with(files, &Overrides::default())
}

/// Compiles a pack with overrides applied: disabled rules are not compiled at all.
pub fn compile_with(files: &[PackFile], overrides: &Overrides) -> Result<Pack, PackErrors> {
    compile_cached(files, overrides, None)
}

/// Compiles a pack, taking the facts of patterns checked before from `facts` and
/// keeping there those of a pack that compiled (a cache that cannot be written only
/// costs the next run its time).
pub fn compile_cached(
    files: &[PackFile],
    overrides: &Overrides,
    facts: Option<&FactCache>,
) -> Result<Pack, PackErrors> {
    let disable: Vec<(String, globset::GlobMatcher)> = overrides
        .disable
        .iter()
        .filter_map(|p| glob(p).map(|g| (p.clone(), g)))
        .collect();
    let mut disabled: Vec<(String, String)> = Vec::new();
    let mut errors = Vec::new();
    let mut parsed: Vec<(&PackFile, RawFile)> = Vec::new();
    for file in files {
        match parse_file(file) {
            Ok(raw) => parsed.push((file, raw)),
            Err(e) => errors.push(*e),
        }
    }
    let vocab = build_vocab(&parsed, &mut errors);
    let macros = build_macros(&parsed, &vocab, &mut errors);
    // Rules are checked in pack order (ids, duplicates), then compiled in parallel
    // (regex compilation is most of a pack's start-up), and their errors collected in
    // pack order.
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
                macros: &macros,
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
    // The entity tagger (an automaton of every name of the vocabularies) is built
    // alongside: most runs tag text, and on two cores the build hides behind the
    // rules' compilation.
    let (compiled, tagger): (Vec<(Option<Rule>, Vec<RuleError>)>, _) = rayon::join(
        || {
            jobs.into_par_iter()
                .map(|job| match job {
                    Ok((raw_rule, ctx)) => {
                        let mut errors = Vec::new();
                        let rule = compile_rule(raw_rule, &ctx, &mut errors);
                        (rule, errors)
                    }
                    Err(e) => (None, vec![e]),
                })
                .collect()
        },
        || crate::tag::Tagger::new(&vocab),
    );
    let mut rules: Vec<Rule> = Vec::new();
    for (rule, errs) in compiled {
        errors.extend(errs);
        rules.extend(rule);
    }
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
    let mut vocab = vocab;
    if let Some(width) = overrides.hedge_width {
        vocab.hedges.width = width;
    }
    let macro_sources: BTreeMap<String, String> = parsed
        .iter()
        .flat_map(|(_, raw)| raw.macros.iter().map(|(k, v)| (k.clone(), v.clone())))
        .collect();
    let mut slots = Vec::new();
    for (ri, rule) in rules.iter().enumerate() {
        // Quote rules run on sentences with their quotations masked, not on the text.
        if rule.kind == ClaimKind::Quote {
            continue;
        }
        slots.extend((0..rule.pattern_sources.len()).map(|pi| (ri, pi)));
    }
    let anchor_sets: Vec<Option<Vec<String>>> = slots
        .iter()
        .map(|&(ri, pi)| rules[ri].patterns[pi].anchors().map(<[String]>::to_vec))
        .collect();
    let prefilter = Prefilter::new(&anchor_sets);
    let digits = slots
        .iter()
        .map(|&(ri, pi)| rules[ri].patterns[pi].facts().digit)
        .collect();
    Ok(Pack {
        rules,
        vocab,
        macros: macros.expanded,
        files: files.iter().map(|f| f.name.clone()).collect(),
        prefilter,
        slots,
        anchors: anchor_sets,
        digits,
        tagger: std::sync::OnceLock::from(tagger),
        unused_macros,
        macro_sources,
        disabled,
    })
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
    }

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(ascii_word_boundaries(r"\bx\B"), r"(?-u:\b)x(?-u:\B)");
        assert_eq!(ascii_word_boundaries(r"\\b\d"), r"\\b\d");
    }
}
