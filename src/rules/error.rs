//! Errors in rule packs. Each names the file, line and column, the rule when there
//! is one, what is wrong, and what to do about it.

use std::fmt;

/// What went wrong in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleErrorKind {
    /// The file could not be read.
    Io,
    /// The YAML does not parse, or does not have the rule-file shape (this covers
    /// unknown fields, missing fields, wrong types).
    Yaml,
    /// A pattern or macro is not a valid regex.
    Regex,
    /// A pattern or macro names a macro that no file defines.
    UndefinedMacro,
    /// Macros that include each other in a cycle.
    MacroCycle,
    /// Two rules, places, people or macros share an id.
    Duplicate,
    /// Anything else the compiler rejects: a key that names a capture the pattern
    /// lacks, a place whose parent does not exist, a bad interval.
    Invalid,
    /// A directory given as a rule pack holds no rule file.
    Empty,
}

impl RuleErrorKind {
    /// A stable short name, for tests and machine-readable output.
    pub fn code(&self) -> &'static str {
        match self {
            RuleErrorKind::Io => "io",
            RuleErrorKind::Yaml => "yaml",
            RuleErrorKind::Regex => "regex",
            RuleErrorKind::UndefinedMacro => "undefined-macro",
            RuleErrorKind::MacroCycle => "macro-cycle",
            RuleErrorKind::Duplicate => "duplicate",
            RuleErrorKind::Invalid => "invalid",
            RuleErrorKind::Empty => "empty",
        }
    }
}

/// An error in a rule pack, located in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub kind: RuleErrorKind,
    /// The file as given (a path, or `rules/…` for the embedded pack).
    pub file: String,
    /// 1-based; 0 when the error concerns the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    /// The id of the rule (or macro, place, person) the error is in.
    pub rule: Option<String>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The file's line the error is on, for a code frame.
    pub frame: Option<String>,
}

impl RuleError {
    pub fn new(kind: RuleErrorKind, file: &str, message: impl Into<String>) -> Self {
        RuleError {
            kind,
            file: file.to_string(),
            line: 0,
            column: 0,
            rule: None,
            message: message.into(),
            hint: None,
            frame: None,
        }
    }

    pub fn at(mut self, (line, column): (usize, usize)) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn in_rule(mut self, rule: &str) -> Self {
        self.rule = Some(rule.to_string());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": ")?;
        if let Some(rule) = &self.rule {
            write!(f, "in `{rule}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(line) = &self.frame {
            // A code frame: the line, and a caret under the column.
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            write!(f, "\n {pad} |\n {number} | {line}")?;
            if self.column > 0 {
                let indent: String = line
                    .chars()
                    .take(self.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n {pad} | {indent}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleError {}

/// Every error found while loading a pack; loading reports them all at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackErrors(pub Vec<RuleError>);

impl fmt::Display for PackErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PackErrors {}
