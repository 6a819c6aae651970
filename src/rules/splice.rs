//! A pattern's parsed form put together from its macros, each parsed once.
//!
//! The pack's large macros (`{{amount}}` is 4 KB of regex) are written into many
//! patterns, and parsing each pattern's expanded source parsed them again every
//! time: half of building the patterns a run needs. So a pattern also keeps a
//! [`Skeleton`]: its source with each macro reference replaced by a placeholder.
//! Building it parses the skeleton (small), parses each macro once for each set of
//! flags it is used under (in `(?i:…{{m}}…)` it is read case-insensitively), shared
//! by every pattern of the pack, and splices the macros' parsed forms in where the
//! placeholders are. The smart constructors of `regex-syntax` put the pieces
//! together as its parser does, so the result equals the parse of the expanded
//! source (a test checks it for every pattern of the default pack); where a
//! skeleton cannot be used (a macro with a capture group, a placeholder the parser
//! merged into a class), the expanded source is parsed as before.

use regex_syntax::ast::{self, Ast, Flag, FlagsItemKind, GroupKind};
use regex_syntax::hir::{self, Hir, HirKind};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::pattern::compact;

/// Placeholders are pairs of characters of Unicode's private use plane 15 (U+F0000
/// to U+FFFFD): the `k`-th reference of a pattern is `(?:` U+F0000+2k U+F0000+2k+1
/// `)`. Two characters, so that an alternation of them with single characters is
/// not merged into a class; a group, so that a repetition after one applies to the
/// whole macro.
const PLANE: u32 = 0xF0000;
const MAX_REFERENCES: usize = (0xFFFFD - 0xF0000) / 2;

/// The placeholder of a pattern's `k`-th macro reference.
pub fn placeholder(k: usize) -> String {
    let first = char::from_u32(PLANE + 2 * k as u32).expect("a private-use character");
    let second = char::from_u32(PLANE + 2 * k as u32 + 1).expect("a private-use character");
    format!("(?:{first}{second})")
}

/// The flags a macro is parsed under: those in force where it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Flags {
    case_insensitive: bool,
    multi_line: bool,
    dot_matches_new_line: bool,
    swap_greed: bool,
    unicode: bool,
    crlf: bool,
    ignore_whitespace: bool,
}

impl Default for Flags {
    fn default() -> Self {
        Flags {
            case_insensitive: false,
            multi_line: false,
            dot_matches_new_line: false,
            swap_greed: false,
            unicode: true,
            crlf: false,
            ignore_whitespace: false,
        }
    }
}

impl Flags {
    /// These flags with `(?…)`'s items applied.
    fn with(mut self, items: &ast::Flags) -> Flags {
        let mut on = true;
        for item in &items.items {
            let flag = match item.kind {
                FlagsItemKind::Negation => {
                    on = false;
                    continue;
                }
                FlagsItemKind::Flag(flag) => flag,
            };
            match flag {
                Flag::CaseInsensitive => self.case_insensitive = on,
                Flag::MultiLine => self.multi_line = on,
                Flag::DotMatchesNewLine => self.dot_matches_new_line = on,
                Flag::SwapGreed => self.swap_greed = on,
                Flag::Unicode => self.unicode = on,
                Flag::CRLF => self.crlf = on,
                Flag::IgnoreWhitespace => self.ignore_whitespace = on,
            }
        }
        self
    }

    fn parser(self) -> regex_syntax::Parser {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(self.case_insensitive)
            .multi_line(self.multi_line)
            .dot_matches_new_line(self.dot_matches_new_line)
            .swap_greed(self.swap_greed)
            .unicode(self.unicode)
            .crlf(self.crlf)
            .ignore_whitespace(self.ignore_whitespace)
            .build()
    }
}

/// A macro's parsed form under some flags, as written and with its word lists
/// factored (see [`super::factor`]); `None`: it cannot be spliced.
type Parsed = Arc<OnceLock<Option<(Hir, Hir)>>>;

/// The pack's macros, expanded, and each one's parsed forms once made (shared by
/// every pattern of the pack, and by the threads building them).
#[derive(Debug, Default)]
pub struct MacroTable {
    bodies: Vec<String>,
    index: HashMap<String, usize>,
    parsed: Mutex<HashMap<(usize, Flags), Parsed>>,
}

impl MacroTable {
    /// The table of `(name, expanded body)`; a body is written as the patterns
    /// that use it are (ASCII word boundaries already in place).
    pub fn new(macros: impl IntoIterator<Item = (String, String)>) -> MacroTable {
        let mut table = MacroTable::default();
        for (name, body) in macros {
            table.index.insert(name, table.bodies.len());
            table.bodies.push(body);
        }
        table
    }

    /// A macro parsed under `flags`: once, whichever thread asks first (the others
    /// wait for it). `None` if it holds a capture group, which would take the
    /// place of the pattern's own in their numbering.
    fn parsed(&self, i: usize, flags: Flags) -> Parsed {
        let cell = {
            let mut parsed = self.parsed.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(parsed.entry((i, flags)).or_default())
        };
        cell.get_or_init(|| {
            let hir = flags.parser().parse(&self.bodies[i]).ok()?;
            (hir.properties().explicit_captures_len() == 0).then(|| {
                let hir = compact(hir);
                let factored = super::factor::factor(&hir);
                (hir, factored)
            })
        });
        cell
    }
}

/// A pattern's source with its macro references as placeholders, and the macros
/// they stand for, in order.
#[derive(Clone, Debug)]
pub struct Skeleton {
    source: String,
    macros: Vec<usize>,
    table: Arc<MacroTable>,
}

impl Skeleton {
    /// The skeleton of `source`, whose `k`-th placeholder stands for the macro
    /// `names[k]`; `None` when there is no macro to splice, or it cannot be one
    /// (an unknown macro, too many references, a source already holding the
    /// placeholders' characters).
    pub fn new(source: String, names: &[String], table: &Arc<MacroTable>) -> Option<Skeleton> {
        if names.is_empty() || names.len() > MAX_REFERENCES {
            return None;
        }
        let plane = |c: char| (c as u32) >= PLANE;
        if source.chars().filter(|&c| plane(c)).count() != 2 * names.len() {
            return None;
        }
        let macros = names
            .iter()
            .map(|n| table.index.get(n).copied())
            .collect::<Option<Vec<usize>>>()?;
        Some(Skeleton {
            source,
            macros,
            table: Arc::clone(table),
        })
    }

    /// The parsed form of the pattern, the macros spliced in; `None` when it cannot
    /// be made this way (the caller parses the expanded source instead).
    pub fn hir(&self) -> Option<Hir> {
        self.spliced(false)
    }

    /// As [`Skeleton::hir`], the macros' word lists factored (see
    /// [`super::factor`]): the same matches, a smaller automaton. The form to
    /// build; facts such as anchors are read from the pattern as written.
    pub fn hir_to_build(&self) -> Option<Hir> {
        self.spliced(true)
    }

    fn spliced(&self, factored: bool) -> Option<Hir> {
        let ast = ast::parse::Parser::new().parse(&self.source).ok()?;
        let mut flags = vec![None; self.macros.len()];
        flags_at(&ast, &mut Flags::default(), &mut flags);
        let hir = hir::translate::Translator::new()
            .translate(&self.source, &ast)
            .map(compact)
            .ok()?;
        let parsed: Vec<Parsed> = self
            .macros
            .iter()
            .zip(&flags)
            .map(|(&m, f)| Some(self.table.parsed(m, (*f)?)))
            .collect::<Option<_>>()?;
        let mut found = 0;
        let hir = splice(hir, &parsed, factored, &mut found)?;
        (found == self.macros.len()).then_some(hir)
    }
}

/// The flags in force at each placeholder of `ast`, walked in order: `(?i)`
/// holds to the end of its group, alternatives included; a group's own flags
/// `(?i:…)` hold inside it.
fn flags_at(ast: &Ast, flags: &mut Flags, found: &mut [Option<Flags>]) {
    match ast {
        Ast::Flags(set) => *flags = flags.with(&set.flags),
        Ast::Literal(lit) => {
            let c = lit.c as u32;
            if c >= PLANE
                && (c - PLANE).is_multiple_of(2)
                && let Some(slot) = found.get_mut(((c - PLANE) / 2) as usize)
            {
                *slot = Some(*flags);
            }
        }
        Ast::Group(group) => {
            let mut inner = match &group.kind {
                GroupKind::NonCapturing(set) => flags.with(set),
                _ => *flags,
            };
            flags_at(&group.ast, &mut inner, found);
        }
        Ast::Repetition(rep) => flags_at(&rep.ast, flags, found),
        Ast::Alternation(alt) => {
            for a in &alt.asts {
                flags_at(a, flags, found);
            }
        }
        Ast::Concat(concat) => {
            for a in &concat.asts {
                flags_at(a, flags, found);
            }
        }
        Ast::Empty(_)
        | Ast::Dot(_)
        | Ast::Assertion(_)
        | Ast::ClassUnicode(_)
        | Ast::ClassPerl(_)
        | Ast::ClassBracketed(_) => {}
    }
}

/// `hir` with each placeholder replaced by its macro's parsed form, built again
/// with the smart constructors on the way up (as the parser builds the expanded
/// source); each macro as written or `factored`; `found` counts the placeholders
/// replaced. `None` if a macro cannot be spliced.
fn splice(hir: Hir, parsed: &[Parsed], factored: bool, found: &mut usize) -> Option<Hir> {
    if !holds_placeholder(&hir) {
        return Some(hir);
    }
    Some(match hir.into_kind() {
        HirKind::Literal(hir::Literal(bytes)) => {
            let text = std::str::from_utf8(&bytes).ok()?;
            let mut parts = Vec::new();
            let mut last = 0;
            let mut chars = text.char_indices().peekable();
            while let Some((at, c)) = chars.next() {
                let code = c as u32;
                if code < PLANE {
                    continue;
                }
                // The first of a pair, then the second.
                let k = ((code - PLANE) / 2) as usize;
                let second = chars.next()?;
                if !(code - PLANE).is_multiple_of(2) || second.1 as u32 != code + 1 {
                    return None;
                }
                if last < at {
                    parts.push(Hir::literal(&bytes[last..at]));
                }
                let cell = parsed.get(k)?;
                let (plain, factored_form) = cell.get()?.as_ref()?;
                parts.push(if factored { factored_form } else { plain }.clone());
                *found += 1;
                last = second.0 + second.1.len_utf8();
            }
            if last < text.len() {
                parts.push(Hir::literal(&bytes[last..]));
            }
            Hir::concat(parts)
        }
        HirKind::Capture(mut c) => {
            c.sub = Box::new(splice(*c.sub, parsed, factored, found)?);
            Hir::capture(c)
        }
        HirKind::Repetition(mut r) => {
            r.sub = Box::new(splice(*r.sub, parsed, factored, found)?);
            Hir::repetition(r)
        }
        HirKind::Concat(parts) => Hir::concat(
            parts
                .into_iter()
                .map(|p| splice(p, parsed, factored, found))
                .collect::<Option<_>>()?,
        ),
        HirKind::Alternation(parts) => Hir::alternation(
            parts
                .into_iter()
                .map(|p| splice(p, parsed, factored, found))
                .collect::<Option<_>>()?,
        ),
        HirKind::Empty | HirKind::Look(_) | HirKind::Class(_) => {
            unreachable!("they hold no placeholder")
        }
    })
}

/// Whether a literal of `hir` holds a character of the placeholders' plane. (One
/// that a class took in is not replaced, and [`Skeleton::hir`] sees it missing.)
fn holds_placeholder(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Literal(hir::Literal(bytes)) => {
            // UTF-8 of U+F0000 to U+FFFFF: F3 B0–BF, then two continuation bytes.
            bytes.windows(2).any(|w| w[0] == 0xF3 && w[1] >= 0xB0)
        }
        HirKind::Class(_) | HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Capture(c) => holds_placeholder(&c.sub),
        HirKind::Repetition(r) => holds_placeholder(&r.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(holds_placeholder),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `pattern` (macros written `{{name}}`) built from its skeleton, and its
    /// expanded source parsed.
    fn both(pattern: &str, macros: &[(&str, &str)]) -> (Option<Hir>, Hir) {
        let table = Arc::new(MacroTable::new(
            macros.iter().map(|(n, b)| (n.to_string(), b.to_string())),
        ));
        let mut skeleton = pattern.to_string();
        let mut expanded = pattern.to_string();
        let mut names = Vec::new();
        while let Some(start) = skeleton.find("{{") {
            let end = start + skeleton[start..].find("}}").unwrap() + 2;
            let name = skeleton[start + 2..end - 2].to_string();
            skeleton.replace_range(start..end, &placeholder(names.len()));
            let at = expanded.find(&format!("{{{{{name}}}}}")).unwrap();
            let body = macros.iter().find(|(n, _)| *n == name).unwrap().1;
            expanded.replace_range(at..at + name.len() + 4, &format!("(?:{body})"));
            names.push(name);
        }
        let skeleton = Skeleton::new(skeleton, &names, &table).expect("a skeleton");
        let parsed = compact(regex_syntax::Parser::new().parse(&expanded).unwrap());
        (skeleton.hir(), parsed)
    }

    fn same(pattern: &str, macros: &[(&str, &str)]) {
        let (spliced, parsed) = both(pattern, macros);
        assert_eq!(spliced, Some(parsed), "{pattern}");
    }

    #[test]
    fn a_macro_is_read_under_the_flags_where_it_stands() {
        let city = [("city", "paris|rome")];
        same("(?i:in {{city}})", &city);
        // `(?i)` holds to the end of its group, the next alternative included.
        same("a(?i)b|{{city}}", &city);
        same("(?i:x(?-i:{{city}})y)", &city);
        same("(?x) in \\s {{city}}", &[("city", "new york")]);
        let (spliced, _) = both("(?i:in {{city}})", &city);
        let re = regex_automata::meta::Regex::builder()
            .build_from_hir(&spliced.unwrap())
            .unwrap();
        assert!(re.is_match("IN ROME"));
        let (spliced, _) = both("in {{city}}", &city);
        let re = regex_automata::meta::Regex::builder()
            .build_from_hir(&spliced.unwrap())
            .unwrap();
        assert!(!re.is_match("in ROME"));
    }

    #[test]
    fn a_macro_stays_whole_in_repetitions_alternations_and_literals() {
        same("{{m}}+", &[("m", "ab")]);
        same("x|{{m}}", &[("m", "y")]);
        same("ab{{m}}cd{{m}}", &[("m", "x|y")]);
        same("(?P<value>{{n}}) (?:dead|{{n}} hurt)", &[("n", "[0-9]+")]);
        same("{{outer}}", &[("outer", "(?:a|b)c")]);
    }

    #[test]
    fn a_macro_that_cannot_be_spliced_leaves_the_source_to_be_parsed() {
        // A capture group would take a number from the pattern's own.
        assert_eq!(both("(?P<v>{{m}})", &[("m", "(a)b")]).0, None);
        // A reference inside a class is not a macro but characters.
        assert_eq!(both("[{{m}}]", &[("m", "ab")]).0, None);
        let table = Arc::new(MacroTable::new([("m".to_string(), "a".to_string())]));
        assert!(Skeleton::new("x".into(), &[], &table).is_none());
        assert!(Skeleton::new(placeholder(0), &["other".into()], &table).is_none());
        assert!(
            Skeleton::new(
                format!("\u{F0005}{}", placeholder(0)),
                &["m".into()],
                &table
            )
            .is_none()
        );
    }
}
