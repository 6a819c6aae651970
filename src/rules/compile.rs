//! From raw rule files to a checked [`Pack`]: macros expanded, regexes compiled,
//! keys checked against captures, vocabularies linked. Every error found is
//! collected, so one run shows all that is wrong with a pack.

use regex::{Regex, RegexBuilder};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::error::{PackErrors, RuleError, RuleErrorKind as K};
use super::locate::Locator;
use super::prefilter::{self, Prefilter};
use super::raw::{PlaceKind, RawFile, RawHedges, RawNameForm, RawRule};
use super::vocab::{Gazetteer, People, Person, Place, Vocabulary, names_pattern, normalize_name};
use super::{CounterExample, Example, Finders, Pack, Rule, Template};
use crate::value::{
    ClaimKind, Hedge, HedgeLexicon, Interval, NameForm, VagueQuantity, date, duration, number,
};

/// Compiled regexes may be large: the place and person macros are alternations of
/// every name in the vocabulary.
const REGEX_SIZE_LIMIT: usize = 64 << 20;

/// A rule file's name (as shown in errors) and text.
#[derive(Clone, Debug)]
pub struct PackFile {
    pub name: String,
    pub text: String,
}

/// Reads every `.yaml`/`.yml` file under `dir`, sorted by path.
pub fn read_dir(dir: &Path) -> Result<Vec<PackFile>, PackErrors> {
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        return Err(PackErrors(vec![
            RuleError::new(K::Io, &shown, "not a directory")
                .hint("--rules takes a directory of .yaml rule files"),
        ]));
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(RuleError::new(K::Io, &shown, e.to_string()));
                continue;
            }
        };
        let path = entry.path();
        let is_yaml = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        if !entry.file_type().is_file() || !is_yaml {
            continue;
        }
        match std::fs::read_to_string(path) {
            Ok(text) => files.push(PackFile {
                name: path.display().to_string(),
                text,
            }),
            Err(e) => errors.push(RuleError::new(
                K::Io,
                &path.display().to_string(),
                e.to_string(),
            )),
        }
    }
    if files.is_empty() && errors.is_empty() {
        errors.push(
            RuleError::new(
                K::Empty,
                &shown,
                "no rule files (.yaml or .yml) in this directory",
            )
            .hint("point --rules at a rule pack such as the repository's rules/ folder"),
        );
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(PackErrors(errors))
    }
}

/// Changes to a pack made without editing its files: from a project config file or
/// command-line flags.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// Rules whose id matches one of these globs are left out.
    pub disable: Vec<String>,
    /// Parameters for the rules whose id matches a glob, applied in order.
    pub set: Vec<(String, RuleParams)>,
    /// The pack-wide width of "about N" and "nearly N".
    pub hedge_width: Option<f64>,
}

/// Rule parameters an override may change.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleParams {
    /// Width of "about N" and "nearly N" (0.1 = 10 %).
    #[serde(default)]
    pub hedge_width: Option<f64>,
    /// Priority when two rules read a value from the same words.
    #[serde(default)]
    pub priority: Option<i32>,
}

fn glob(pattern: &str) -> Option<globset::GlobMatcher> {
    globset::Glob::new(pattern)
        .ok()
        .map(|g| g.compile_matcher())
}

/// Compiles a pack from its files, in order.
pub fn compile(files: &[PackFile]) -> Result<Pack, PackErrors> {
    compile_with(files, &Overrides::default())
}

/// Compiles a pack with overrides applied: disabled rules are not compiled at all.
pub fn compile_with(files: &[PackFile], overrides: &Overrides) -> Result<Pack, PackErrors> {
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
    let mut rules: Vec<Rule> = Vec::new();
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    for (file, raw) in &parsed {
        let locator = Locator::new(&file.text);
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
                locator: &locator,
                offset,
                macros: &macros,
            };
            let (line, _) = ctx.pos(offset);
            if let Some((first_file, first_line)) = seen.get(&raw_rule.id) {
                errors.push(
                    ctx.error(
                        K::Duplicate,
                        offset,
                        format!("duplicate rule id `{}`", raw_rule.id),
                    )
                    .in_rule(&raw_rule.id)
                    .hint(format!(
                        "the id is first used at {first_file}:{first_line}; rename one of them"
                    )),
                );
                continue;
            }
            seen.insert(raw_rule.id.clone(), (file.name.clone(), line));
            if let Some(rule) = compile_rule(raw_rule, &ctx, &mut errors) {
                rules.push(rule);
            }
        }
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
    let mut anchor_sets = Vec::new();
    for (ri, rule) in rules.iter().enumerate() {
        // Quote rules run on sentences with their quotations masked, not on the text.
        if rule.kind == ClaimKind::Quote {
            continue;
        }
        for (pi, source) in rule.pattern_sources.iter().enumerate() {
            slots.push((ri, pi));
            anchor_sets.push(
                expand_with(source, &macros.for_anchors).and_then(|p| prefilter::anchors(&p)),
            );
        }
    }
    let prefilter = Prefilter::new(&anchor_sets);
    let finder = |names: Vec<&str>| {
        Regex::new(&ascii_word_boundaries(&names_pattern(names, false))).map_err(|e| {
            PackErrors(vec![RuleError::new(
                K::Regex,
                files.first().map_or("rules", |f| f.name.as_str()),
                format!("the vocabulary's names do not compile: {e}"),
            )])
        })
    };
    let finders = Finders {
        person: finder(vocab.people.names())?,
        organization: finder(vocab.organizations.names())?,
        place: finder(
            vocab
                .places
                .names()
                .into_iter()
                .chain(vocab.places.demonyms())
                .collect(),
        )?,
    };
    Ok(Pack {
        rules,
        vocab,
        macros: macros.expanded,
        files: files.iter().map(|f| f.name.clone()).collect(),
        prefilter,
        slots,
        anchors: anchor_sets,
        finders,
        unused_macros,
        macro_sources,
        disabled,
    })
}

fn parse_file(file: &PackFile) -> Result<RawFile, Box<RuleError>> {
    let only_comments = file.text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    });
    if only_comments {
        return Ok(RawFile::default());
    }
    serde_yaml::from_str::<RawFile>(&file.text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = strip_yaml_position(&e.to_string());
        let mut err = RuleError::new(K::Yaml, &file.name, message).at((line, column));
        if let Some(id) = Locator::new(&file.text).id_before_line(line) {
            err = err.in_rule(&id);
        }
        let hint = if err.message.contains("unknown field") {
            misspelt_field(&err.message)
                .map(|best| format!("did you mean `{best}`?"))
                .unwrap_or_else(|| {
                    "see docs/rules.md for the fields a rule file may have".to_string()
                })
        } else {
            "check the YAML syntax at this position (indentation, quotes, a missing `-`)"
                .to_string()
        };
        Box::new(err.hint(hint))
    })
}

fn apply_params(rules: &mut [Rule], overrides: &Overrides) {
    for (pattern, params) in &overrides.set {
        let Some(g) = glob(pattern) else { continue };
        for rule in rules.iter_mut().filter(|r| g.is_match(&r.id)) {
            if let Some(w) = params.hedge_width {
                rule.hedge_width = Some(w);
            }
            if let Some(p) = params.priority {
                rule.priority = p;
            }
        }
    }
}

/// For serde's "unknown field `kee`, expected one of `id`, `key`, …": the expected
/// field closest to the unknown one, if it is close.
fn misspelt_field(message: &str) -> Option<String> {
    let re = Regex::new(r"`([^`]+)`").ok()?;
    let mut names = re.captures_iter(message).map(|c| c[1].to_string());
    let unknown = names.next()?;
    let expected: Vec<String> = names.collect();
    closest(&unknown, expected.iter()).map(str::to_string)
}

/// Macros of the pack's files that no pattern and no other macro uses: (name, file,
/// line).
fn unused_macros(parsed: &[(&PackFile, RawFile)], rules: &[Rule]) -> Vec<(String, String, usize)> {
    let re = &*MACRO_REF;
    let mut used: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut mark = |text: &str| {
        for c in re.captures_iter(text) {
            used.insert(c[1].to_string());
        }
    };
    for rule in rules {
        rule.pattern_sources.iter().for_each(|p| mark(p));
    }
    for (_, raw) in parsed {
        raw.macros.values().for_each(|body| mark(body));
    }
    let mut unused = Vec::new();
    for (file, raw) in parsed {
        let locator = Locator::new(&file.text);
        for name in raw.macros.keys().filter(|n| !used.contains(*n)) {
            let line = locator
                .key_offset(name)
                .map_or(0, |o| locator.line_col(o).0);
            unused.push((name.clone(), file.name.clone(), line));
        }
    }
    unused
}

/// serde_yaml ends its messages with "at line L column C"; the error already says so.
fn strip_yaml_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn build_vocab(parsed: &[(&PackFile, RawFile)], errors: &mut Vec<RuleError>) -> Vocabulary {
    let mut places: Vec<Place> = Vec::new();
    let mut place_at: HashMap<String, (String, usize, usize)> = HashMap::new();
    let mut people: Vec<Person> = Vec::new();
    let mut organizations: Vec<Person> = Vec::new();
    let mut person_ids: HashMap<String, String> = HashMap::new();
    let mut titles: Vec<String> = Vec::new();
    let mut hedges: Option<(&PackFile, &RawHedges)> = None;
    for (file, raw) in parsed {
        let locator = Locator::new(&file.text);
        for p in &raw.places {
            let pos = locator
                .id_offset(&p.id, 0)
                .map_or((0, 0), |o| locator.line_col(o));
            if place_at.contains_key(&p.id) {
                errors.push(
                    RuleError::new(
                        K::Duplicate,
                        &file.name,
                        format!("duplicate place id `{}`", p.id),
                    )
                    .at(pos)
                    .in_rule(&p.id),
                );
                continue;
            }
            place_at.insert(p.id.clone(), (file.name.clone(), pos.0, pos.1));
            places.push(Place {
                id: p.id.clone(),
                name: p.name.clone(),
                aliases: p.aliases.clone(),
                within: p.within.clone(),
                demonyms: p.demonyms.clone(),
                kind: p.kind,
            });
        }
        for p in &raw.people {
            if let Some(first) = person_ids.get(&p.id) {
                let pos = locator
                    .id_offset(&p.id, 0)
                    .map_or((0, 0), |o| locator.line_col(o));
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
            if person_ids.contains_key(&o.id) {
                let pos = locator
                    .id_offset(&o.id, 0)
                    .map_or((0, 0), |x| locator.line_col(x));
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
            organizations.push(Person {
                id: o.id.clone(),
                name: o.name.clone(),
                aliases: o.aliases.clone(),
                titles: o.within.iter().cloned().collect(),
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
    for place in &places {
        if let Some(parent) = &place.within
            && !place_at.contains_key(parent)
        {
            let (file, line, column) = &place_at[&place.id];
            errors.push(
                RuleError::new(
                    K::Invalid,
                    file,
                    format!("`within: {parent}` names no place of the gazetteer"),
                )
                .at((*line, *column))
                .in_rule(&place.id),
            );
        }
    }
    let gazetteer = Gazetteer::new(places);
    for place in gazetteer.places() {
        let mut seen = vec![place.id.clone()];
        let mut next = place.within.clone();
        while let Some(id) = next {
            if seen.contains(&id) {
                let (file, line, column) = &place_at[&place.id];
                errors.push(
                    RuleError::new(
                        K::Invalid,
                        file,
                        format!("`within` chain loops back: {} → {id}", seen.join(" → ")),
                    )
                    .at((*line, *column))
                    .in_rule(&place.id),
                );
                break;
            }
            seen.push(id.clone());
            next = gazetteer.get(&id).and_then(|p| p.within.clone());
        }
    }
    let lexicon = match hedges {
        Some((file, h)) => build_hedges(file, h, errors),
        None => HedgeLexicon::default(),
    };
    titles.sort();
    titles.dedup();
    Vocabulary {
        places: gazetteer,
        people: People::new(people),
        organizations: People::new(organizations),
        titles,
        hedges: lexicon,
    }
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
fn parse_interval(text: &str) -> Option<Interval> {
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

/// Built-in and user macros, expanded.
struct Macros {
    expanded: BTreeMap<String, String>,
    /// The same with every built-in (vocabulary) macro read as "any text", for
    /// deriving the prefilter's anchors.
    for_anchors: BTreeMap<String, String>,
}

fn builtin_macros(vocab: &Vocabulary) -> BTreeMap<String, String> {
    let words = |p: String| format!("(?i-u:\\b{p}\\b)");
    let hedge_words =
        |list: &[(String, Hedge)]| names_pattern(list.iter().map(|(w, _)| w.as_str()), true);
    let mut m = BTreeMap::new();
    m.insert("place".into(), names_pattern(vocab.places.names(), false));
    m.insert(
        "city".into(),
        names_pattern(vocab.places.names_of_kind(PlaceKind::City), false),
    );
    m.insert(
        "demonym".into(),
        names_pattern(vocab.places.demonyms(), false),
    );
    m.insert("person".into(), names_pattern(vocab.people.names(), false));
    m.insert(
        "organization".into(),
        names_pattern(vocab.organizations.names(), false),
    );
    // In a quote rule, a quotation of the sentence (see `extract::speech`).
    m.insert("quote".into(), QUOTE_TOKEN.to_string());
    m.insert(
        "title".into(),
        names_pattern(vocab.titles.iter().map(String::as_str), true),
    );
    m.insert("hedge".into(), hedge_words(&vocab.hedges.prefixes));
    m.insert("hedge_after".into(), hedge_words(&vocab.hedges.suffixes));
    m.insert(
        "vague_quantity".into(),
        names_pattern(vocab.hedges.vague.iter().map(|v| v.phrase.as_str()), true),
    );
    m.insert("number_word".into(), words(number::number_word_pattern()));
    m.insert("ordinal_word".into(), words(number::ordinal_word_pattern()));
    m.insert("month".into(), format!("\\b{}", date::month_pattern()));
    m.insert(
        "weekday".into(),
        format!("\\b{}\\b", date::weekday_pattern()),
    );
    m.insert(
        "duration_unit".into(),
        format!("(?i:\\b{}\\b)", duration::unit_pattern()),
    );
    m
}

/// What `{{quote}}` stands for: the token a quotation is replaced with in the text
/// quote rules run on. Quote rules capture its number as `quote`.
pub const QUOTE_TOKEN: &str = "⟦[0-9]+⟧";
const QUOTE_CAPTURE: &str = "⟦(?P<quote>[0-9]+)⟧";

/// A macro reference, `{{name}}`, with the name as group 1.
pub(crate) static MACRO_REF: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
        .expect("the macro reference pattern is valid")
});

fn build_macros(
    parsed: &[(&PackFile, RawFile)],
    vocab: &Vocabulary,
    errors: &mut Vec<RuleError>,
) -> Macros {
    let builtins = builtin_macros(vocab);
    let mut raw: BTreeMap<String, (String, &PackFile)> = BTreeMap::new();
    for (file, rf) in parsed {
        let locator = Locator::new(&file.text);
        for (name, body) in &rf.macros {
            let pos = locator
                .key_offset(name)
                .map_or((0, 0), |o| locator.line_col(o));
            if builtins.contains_key(name) {
                errors.push(
                    RuleError::new(
                        K::Duplicate,
                        &file.name,
                        format!("macro `{name}` is built in"),
                    )
                    .at(pos)
                    .in_rule(name)
                    .hint("built-in macros come from the vocabularies; choose another name"),
                );
            } else if let Some((_, first)) = raw.get(name) {
                errors.push(
                    RuleError::new(
                        K::Duplicate,
                        &file.name,
                        format!("macro `{name}` is defined twice"),
                    )
                    .at(pos)
                    .in_rule(name)
                    .hint(format!("the first definition is in {}", first.name)),
                );
            } else {
                raw.insert(name.clone(), (body.clone(), file));
            }
        }
    }
    let re = &*MACRO_REF;
    let mut expanded = builtins.clone();
    for (name, (_, file)) in &raw {
        let locator = Locator::new(&file.text);
        let pos = locator
            .key_offset(name)
            .map_or((0, 0), |o| locator.line_col(o));
        let mut stack = Vec::new();
        match expand_macro(name, &raw, re, &mut stack, &mut expanded) {
            Ok(body) => {
                if let Err(e) = RegexBuilder::new(&body)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                {
                    errors.push(
                        RuleError::new(
                            K::Regex,
                            &file.name,
                            format!("macro is not a valid regex: {}", short(&e.to_string())),
                        )
                        .at(pos)
                        .in_rule(name),
                    );
                } else if body.contains("(?P<") || body.contains("(?<") {
                    errors.push(
                        RuleError::new(
                            K::Invalid,
                            &file.name,
                            "a macro may not contain named captures",
                        )
                        .at(pos)
                        .in_rule(name)
                        .hint("name captures in the rule's pattern: (?P<value>{{macro}})"),
                    );
                }
            }
            Err(MacroError::Undefined(missing)) => {
                errors.push(undefined_macro(
                    &file.name,
                    pos,
                    name,
                    &missing,
                    expanded.keys().chain(raw.keys()),
                ));
            }
            Err(MacroError::Cycle(chain)) => errors.push(
                RuleError::new(
                    K::MacroCycle,
                    &file.name,
                    format!("macros include each other: {}", chain.join(" → ")),
                )
                .at(pos)
                .in_rule(name),
            ),
        }
    }
    let mut for_anchors: BTreeMap<String, String> = builtins
        .keys()
        .map(|k| (k.clone(), "(?su:.*)".to_string()))
        .collect();
    for name in raw.keys() {
        // Errors were reported above; a macro that fails here is simply left out.
        let _ = expand_macro(name, &raw, re, &mut Vec::new(), &mut for_anchors);
    }
    Macros {
        expanded,
        for_anchors,
    }
}

enum MacroError {
    Undefined(String),
    Cycle(Vec<String>),
}

fn expand_macro(
    name: &str,
    raw: &BTreeMap<String, (String, &PackFile)>,
    re: &Regex,
    stack: &mut Vec<String>,
    done: &mut BTreeMap<String, String>,
) -> Result<String, MacroError> {
    if let Some(body) = done.get(name) {
        return Ok(body.clone());
    }
    if stack.iter().any(|s| s == name) {
        let mut chain = stack.clone();
        chain.push(name.to_string());
        return Err(MacroError::Cycle(chain));
    }
    let Some((body, _)) = raw.get(name) else {
        return Err(MacroError::Undefined(name.to_string()));
    };
    stack.push(name.to_string());
    let mut out = String::new();
    let mut last = 0;
    for caps in re.captures_iter(body) {
        let whole = caps.get(0).expect("group 0 always participates");
        out.push_str(&body[last..whole.start()]);
        let inner = expand_macro(&caps[1], raw, re, stack, done)?;
        out.push_str("(?:");
        out.push_str(&inner);
        out.push(')');
        last = whole.end();
    }
    out.push_str(&body[last..]);
    stack.pop();
    done.insert(name.to_string(), out.clone());
    Ok(out)
}

/// `\\b` and `\\B` as ASCII word boundaries. The regex crate's fast engines cannot
/// apply a Unicode word boundary to text with non-ASCII characters (every report with
/// curly quotes) and fall back to one about seven times slower; an ASCII boundary
/// costs nothing. Letters with accents then count as non-word characters, which
/// matters only at the very edge of a word.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(b @ ('b' | 'B')) => {
                out.push_str("(?-u:\\");
                out.push(b);
                out.push(')');
            }
            // Any other escape (including an escaped backslash) is kept whole.
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A pattern with its macros replaced from `macros`; `None` if one is missing.
fn expand_with(source: &str, macros: &BTreeMap<String, String>) -> Option<String> {
    let re = &*MACRO_REF;
    let mut missing = false;
    let out = re.replace_all(source, |caps: &regex::Captures<'_>| {
        match macros.get(&caps[1]) {
            Some(body) => format!("(?:{body})"),
            None => {
                missing = true;
                String::new()
            }
        }
    });
    (!missing).then(|| out.into_owned())
}

fn undefined_macro<'a>(
    file: &str,
    pos: (usize, usize),
    within: &str,
    missing: &str,
    known: impl Iterator<Item = &'a String>,
) -> RuleError {
    let mut err = RuleError::new(
        K::UndefinedMacro,
        file,
        format!("undefined macro `{{{{{missing}}}}}`"),
    )
    .at(pos)
    .in_rule(within);
    if let Some(best) = closest(missing, known) {
        err = err.hint(format!("did you mean `{{{{{best}}}}}`?"));
    } else {
        err = err.hint("define it under `macros:` in any file of the pack");
    }
    err
}

/// The closest candidate by edit distance, when close enough to be a likely typo.
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(wanted, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min()
        .map(|(_, c)| c.as_str())
}

fn short(message: &str) -> String {
    const MAX: usize = 400;
    if message.len() <= MAX {
        message.to_string()
    } else {
        let cut = (0..=MAX)
            .rev()
            .find(|i| message.is_char_boundary(*i))
            .unwrap_or(0);
        format!("{}…", &message[..cut])
    }
}

struct RuleCtx<'a> {
    file: &'a PackFile,
    locator: &'a Locator<'a>,
    /// Byte offset of the rule's `id`.
    offset: Option<usize>,
    macros: &'a Macros,
}

impl RuleCtx<'_> {
    fn pos(&self, offset: Option<usize>) -> (usize, usize) {
        offset.map_or((0, 0), |o| self.locator.line_col(o))
    }

    fn error(&self, kind: K, offset: Option<usize>, message: impl Into<String>) -> RuleError {
        RuleError::new(kind, &self.file.name, message).at(self.pos(offset.or(self.offset)))
    }
}

/// Captures each kind of rule must have in every pattern.
fn required_captures(kind: ClaimKind) -> &'static [&'static str] {
    match kind {
        ClaimKind::Role => &["person", "title"],
        ClaimKind::Quote => &["speaker"],
        _ => &["value"],
    }
}

fn compile_rule(raw: &RawRule, ctx: &RuleCtx<'_>, errors: &mut Vec<RuleError>) -> Option<Rule> {
    let before = errors.len();
    let id = raw.id.as_str();
    if raw.patterns.is_empty() {
        errors.push(
            ctx.error(K::Invalid, None, "a rule needs at least one pattern")
                .in_rule(id),
        );
    }
    let macro_ref = &*MACRO_REF;
    let mut patterns = Vec::new();
    let mut from = ctx.offset.unwrap_or(0);
    for source in &raw.patterns {
        let at = ctx.locator.value_offset(source, from);
        if let Some(a) = at {
            from = a;
        }
        let quote_rule = raw.kind == ClaimKind::Quote;
        if quote_rule
            && macro_ref
                .captures_iter(source)
                .filter(|c| &c[1] == "quote")
                .count()
                != 1
        {
            errors.push(
                ctx.error(
                    K::Invalid,
                    at,
                    "a quote rule's pattern names `{{quote}}` exactly once",
                )
                .in_rule(id)
                .hint("`{{quote}}` stands for the quotation the rule attributes"),
            );
            continue;
        }
        if let Some(re) = compile_pattern(source, at, quote_rule, id, ctx, macro_ref, errors) {
            patterns.push(re);
        }
    }
    let key = Template::parse(&raw.key);
    let qualifiers: Vec<(String, Template)> = raw
        .qualifiers
        .iter()
        .map(|(name, t)| (name.clone(), Template::parse(t)))
        .collect();
    if errors.len() == before {
        check_captures(raw, &patterns, &key, &qualifiers, ctx, errors);
    }
    let examples = raw
        .examples
        .iter()
        .filter_map(|ex| {
            let offset = ctx.locator.value_offset(&ex.text, ctx.offset.unwrap_or(0));
            let published = match &ex.published {
                None => None,
                Some(p) => match p.parse::<jiff::civil::Date>() {
                    Ok(d) => Some(d),
                    Err(_) => {
                        errors.push(
                            ctx.error(
                                K::Invalid,
                                offset,
                                format!("`published: {p}` is not a date"),
                            )
                            .in_rule(id)
                            .hint("write dates as YYYY-MM-DD"),
                        );
                        return None;
                    }
                },
            };
            Some(Example {
                text: ex.text.clone(),
                key: ex.key.clone(),
                value: ex.value.clone(),
                matched: ex.matched.clone(),
                published,
                speaker: ex.speaker.clone(),
                todo: ex.todo.clone(),
                line: ctx.pos(offset).0,
            })
        })
        .collect();
    let counter_examples = raw
        .counter_examples
        .iter()
        .map(|c| CounterExample {
            text: c.text().to_string(),
            line: ctx
                .pos(ctx.locator.value_offset(c.text(), ctx.offset.unwrap_or(0)))
                .0,
            todo: c.todo().map(str::to_string),
        })
        .collect();
    let normalize = raw
        .normalize
        .iter()
        .map(|(capture, map)| {
            let entries = map
                .iter()
                .map(|(canonical, variants)| {
                    let mut all: Vec<String> = variants.iter().map(|v| normalize_name(v)).collect();
                    all.push(normalize_name(canonical));
                    (canonical.clone(), all)
                })
                .collect();
            (capture.clone(), entries)
        })
        .collect();
    if errors.len() != before {
        return None;
    }
    Some(Rule {
        id: raw.id.clone(),
        description: raw.description.clone(),
        kind: raw.kind,
        patterns,
        pattern_sources: raw.patterns.clone(),
        key,
        qualifiers,
        normalize,
        priority: raw.priority,
        hedge_width: None,
        name_form: match raw.form {
            Some(RawNameForm::Description) => NameForm::Description,
            _ => NameForm::Spelling,
        },
        unlisted_only: raw.form == Some(RawNameForm::Unlisted),
        examples,
        counter_examples,
        file: ctx.file.name.clone(),
        line: ctx.pos(ctx.offset).0,
    })
}

#[allow(clippy::too_many_arguments)] // one call site; the pieces are distinct
fn compile_pattern(
    source: &str,
    at: Option<usize>,
    quote_rule: bool,
    id: &str,
    ctx: &RuleCtx<'_>,
    macro_ref: &Regex,
    errors: &mut Vec<RuleError>,
) -> Option<Regex> {
    // 1. Every macro it names exists.
    let mut ok = true;
    for caps in macro_ref.captures_iter(source) {
        let name = &caps[1];
        if !ctx.macros.expanded.contains_key(name) {
            let whole = caps.get(0).expect("group 0 always participates");
            let offset = at.map(|a| a + whole.start());
            let mut err = ctx
                .error(
                    K::UndefinedMacro,
                    offset,
                    format!("undefined macro `{{{{{name}}}}}`"),
                )
                .in_rule(id);
            err.hint = Some(match closest(name, ctx.macros.expanded.keys()) {
                Some(best) => format!("did you mean `{{{{{best}}}}}`?"),
                None => "define it under `macros:` in any file of the pack".to_string(),
            });
            errors.push(err);
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    // 2. The pattern as written is valid regex syntax. Each macro reference is
    // replaced by a group of the same length, so positions stay those of the file.
    let placeholder = macro_ref.replace_all(source, |caps: &regex::Captures<'_>| {
        let len = caps[0].len();
        format!("(?:{})", "x".repeat(len.saturating_sub(4)))
    });
    if let Err(e) = regex_syntax::ast::parse::Parser::new().parse(&placeholder) {
        let offset = at.map(|a| a + e.span().start.offset);
        errors.push(
            ctx.error(K::Regex, offset, format!("invalid regex: {}", e.kind()))
                .in_rule(id)
                .hint(format!("in the pattern `{source}`")),
        );
        return None;
    }
    // 3. The expanded pattern compiles. In a quote rule, `{{quote}}` captures the
    // number of the quotation.
    let expanded = macro_ref.replace_all(source, |caps: &regex::Captures<'_>| {
        if quote_rule && &caps[1] == "quote" {
            QUOTE_CAPTURE.to_string()
        } else {
            format!("(?:{})", ctx.macros.expanded[&caps[1]])
        }
    });
    let expanded = ascii_word_boundaries(&expanded);
    match RegexBuilder::new(&expanded)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
    {
        Ok(re) => Some(re),
        Err(e) => {
            errors.push(
                ctx.error(
                    K::Regex,
                    at,
                    format!("invalid regex: {}", short(&e.to_string())),
                )
                .in_rule(id),
            );
            None
        }
    }
}

fn check_captures(
    raw: &RawRule,
    patterns: &[Regex],
    key: &Template,
    qualifiers: &[(String, Template)],
    ctx: &RuleCtx<'_>,
    errors: &mut Vec<RuleError>,
) {
    let id = raw.id.as_str();
    let names = |re: &Regex| {
        re.capture_names()
            .flatten()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let in_all = |c: &str| patterns.iter().all(|re| names(re).iter().any(|n| n == c));
    let in_any = |c: &str| patterns.iter().any(|re| names(re).iter().any(|n| n == c));
    for (i, re) in patterns.iter().enumerate() {
        let have = names(re);
        for required in required_captures(raw.kind) {
            if !have.iter().any(|n| n == required) {
                let offset = ctx
                    .locator
                    .value_offset(&raw.patterns[i], ctx.offset.unwrap_or(0));
                errors.push(
                    ctx.error(
                        K::Invalid,
                        offset,
                        format!("pattern {} has no `{required}` capture", i + 1),
                    )
                    .in_rule(id)
                    .hint(format!(
                        "a {} rule captures its value as (?P<{required}>…) in every pattern",
                        raw.kind
                    )),
                );
            }
        }
    }
    for capture in key.captures() {
        if !in_all(capture) {
            errors.push(
                ctx.error(
                    K::Invalid,
                    None,
                    format!("the key uses `{{{capture}}}`, which not every pattern captures"),
                )
                .in_rule(id)
                .hint("capture it in every pattern, or make it a qualifier"),
            );
        }
    }
    for (name, template) in qualifiers {
        for capture in template.captures() {
            if !in_any(capture) {
                errors.push(
                    ctx.error(
                        K::Invalid,
                        None,
                        format!(
                            "qualifier `{name}` uses `{{{capture}}}`, which no pattern captures"
                        ),
                    )
                    .in_rule(id),
                );
            }
        }
    }
    for capture in raw.normalize.keys() {
        if !in_any(capture) {
            errors.push(
                ctx.error(
                    K::Invalid,
                    None,
                    format!("`normalize` names `{capture}`, which no pattern captures"),
                )
                .in_rule(id),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    const GOOD: &str = "macros:\n  num: '[0-9]+'\nrules:\n  - id: count\n    description: a count\n    kind: quantity\n    patterns:\n      - '(?P<value>{{num}}) people'\n    key: people\n";

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
        let e = first_error(&GOOD.replace("    key: people", "    kee: people"));
        assert_eq!(e.kind, K::Yaml);
        assert_eq!((e.line, e.rule.as_deref()), (9, Some("count")));
        assert!(e.message.contains("unknown field `kee`"), "{}", e.message);
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
        let twice = format!("{GOOD}{}", &GOOD[GOOD.find("  - id").unwrap()..]);
        let e = first_error(&twice);
        assert_eq!(e.kind, K::Duplicate);
        assert_eq!(e.line, 10);
    }

    #[test]
    fn key_must_name_captures() {
        let e = first_error(&GOOD.replace("key: people", "key: 'people / {place}'"));
        assert_eq!(e.kind, K::Invalid);
        assert!(e.message.contains("{place}"));
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
