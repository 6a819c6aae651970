//! Changes to a pack made without editing its files: rules disabled and parameters
//! set by glob, from a project config file or command-line flags.

use super::super::Rule;

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

pub(super) fn glob(pattern: &str) -> Option<globset::GlobMatcher> {
    globset::Glob::new(pattern)
        .ok()
        .map(|g| g.compile_matcher())
}

pub(super) fn apply_params(rules: &mut [Rule], overrides: &Overrides) {
    for (pattern, params) in &overrides.set {
        let Some(g) = glob(pattern) else { continue };
        for rule in rules.iter_mut().filter(|r| g.is_match(&*r.id)) {
            if let Some(w) = params.hedge_width {
                rule.hedge_width = Some(w);
            }
            if let Some(p) = params.priority {
                rule.priority = p;
            }
        }
    }
}
