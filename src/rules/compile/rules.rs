//! One rule compiled: patterns checked at the exact column and compiled with macros
//! expanded, captures checked against the key, examples read.

use regex::Regex;

use super::super::error::{RuleError, RuleErrorKind as K};
use super::super::facts::FactCache;
use super::super::lexicon::Lexicon;
use super::super::locate::Locator;
use super::super::raw::{RawNameForm, RawRule};
use super::super::splice::{self, Skeleton};
use super::super::vocab::normalize_name;
use super::super::{CounterExample, Example, Pattern, Rule, Template};
use super::PackFile;
use super::macros::{MACRO_REF, Macros, QUOTE_CAPTURE, ascii_word_boundaries, closest};
use crate::value::{ClaimKind, NameForm};

pub(super) fn short(message: &str) -> String {
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

pub(super) struct RuleCtx<'a> {
    pub(super) file: &'a PackFile,
    pub(super) locator: &'a Locator<'a>,
    /// Byte offset of the rule's `id`.
    pub(super) offset: Option<usize>,
    pub(super) macros: &'a Macros,
    pub(super) lexicon: &'a Lexicon,
    /// Facts of patterns checked by an earlier run.
    pub(super) facts: Option<&'a FactCache>,
}

impl RuleCtx<'_> {
    pub(super) fn pos(&self, offset: Option<usize>) -> (usize, usize) {
        offset.map_or((0, 0), |o| self.locator.line_col(o))
    }

    pub(super) fn error(
        &self,
        kind: K,
        offset: Option<usize>,
        message: impl Into<String>,
    ) -> RuleError {
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

pub(super) fn compile_rule(
    raw: &RawRule,
    ctx: &RuleCtx<'_>,
    errors: &mut Vec<RuleError>,
) -> Option<Rule> {
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
    if let Some(m) = &raw.measure
        && ctx.lexicon.measure(m).is_none()
    {
        let offset = ctx.locator.value_offset(m, ctx.offset.unwrap_or(0));
        let mut err = ctx
            .error(K::Invalid, offset, format!("unknown measure `{m}`"))
            .in_rule(id);
        let ids: Vec<String> = ctx
            .lexicon
            .measures()
            .iter()
            .map(|x| x.id.to_string())
            .collect();
        err.hint = Some(match closest(m, ids.iter()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "add it to a `lexicon:` section (see docs/rules.md)".to_string(),
        });
        errors.push(err);
    }
    let slots = slot_templates(raw, &patterns);
    if errors.len() == before {
        check_captures(raw, &patterns, &slots, ctx, errors);
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
        id: raw.id.as_str().into(),
        description: raw.description.clone(),
        kind: raw.kind,
        patterns,
        pattern_sources: raw.patterns.clone(),
        measure: raw.measure.clone(),
        slots,
        part: raw.part,
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
) -> Option<Pattern> {
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
    // 3. The expanded pattern is valid (it is compiled on first use). In a quote rule,
    // `{{quote}}` captures the number of the quotation. The skeleton is the same
    // with each other macro as a placeholder, to build it from the macros parsed
    // once each.
    let (mut expanded, mut skeleton) = (String::new(), String::new());
    let mut names = Vec::new();
    let mut last = 0;
    for caps in macro_ref.captures_iter(source) {
        let whole = caps.get(0).expect("group 0 always participates");
        for out in [&mut expanded, &mut skeleton] {
            out.push_str(&source[last..whole.start()]);
        }
        if quote_rule && &caps[1] == "quote" {
            expanded.push_str(QUOTE_CAPTURE);
            skeleton.push_str(QUOTE_CAPTURE);
        } else {
            expanded.push_str(&format!("(?:{})", ctx.macros.expanded[&caps[1]]));
            skeleton.push_str(&splice::placeholder(names.len()));
            names.push(caps[1].to_string());
        }
        last = whole.end();
    }
    for out in [&mut expanded, &mut skeleton] {
        out.push_str(&source[last..]);
    }
    let expanded = ascii_word_boundaries(&expanded);
    let skeleton = Skeleton::new(ascii_word_boundaries(&skeleton), &names, &ctx.macros.table);
    if let Some(known) = ctx.facts.and_then(|c| c.get(&expanded)) {
        return Some(Pattern::checked(expanded, known.clone()).with_skeleton(skeleton));
    }
    match Pattern::new(expanded) {
        Ok(re) => Some(re.with_skeleton(skeleton)),
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

/// The slots a rule fills: its `slots:` templates, and by default each capture named
/// like a slot (`person` for `subject`).
fn slot_templates(raw: &RawRule, patterns: &[Pattern]) -> Vec<(String, Template)> {
    let captured = |c: &str| patterns.iter().any(|re| re.capture_names().any(|n| n == c));
    let mut slots: Vec<(String, Template)> = raw
        .slots
        .iter()
        .map(|(name, t)| (name.clone(), Template::parse(t)))
        .collect();
    for slot in SLOTS {
        if slots.iter().any(|(n, _)| n == slot) {
            continue;
        }
        let from = if captured(slot) {
            Some(*slot)
        } else if *slot == "subject" && captured("person") {
            Some("person")
        } else if *slot == "place" && captured("site") {
            Some("site")
        } else {
            None
        };
        if let Some(capture) = from {
            slots.push((slot.to_string(), Template::parse(&format!("{{{capture}}}"))));
        }
    }
    slots
}

/// The slots a claim has (see `extract::claim::Slots`).
pub(super) const SLOTS: &[&str] = &["subject", "group", "place", "event", "source"];

fn check_captures(
    raw: &RawRule,
    patterns: &[Pattern],
    slots: &[(String, Template)],
    ctx: &RuleCtx<'_>,
    errors: &mut Vec<RuleError>,
) {
    let id = raw.id.as_str();
    let names = |re: &Pattern| re.capture_names().map(str::to_string).collect::<Vec<_>>();
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
    if raw.measure.is_none() && raw.kind != ClaimKind::Quote && !raw.part && !in_all("trigger") {
        errors.push(
            ctx.error(K::Invalid, None, "the rule names no measure")
                .in_rule(id)
                .hint("give it `measure:`, or capture the trigger words as (?P<trigger>{{state}}) in every pattern"),
        );
    }
    for (name, template) in slots {
        if !SLOTS.contains(&name.as_str()) {
            errors.push(
                ctx.error(K::Invalid, None, format!("unknown slot `{name}`"))
                    .in_rule(id)
                    .hint(format!("slots are {}", SLOTS.join(", "))),
            );
        }
        for capture in template.captures() {
            if !in_any(capture) {
                errors.push(
                    ctx.error(
                        K::Invalid,
                        None,
                        format!("slot `{name}` uses `{{{capture}}}`, which no pattern captures"),
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
