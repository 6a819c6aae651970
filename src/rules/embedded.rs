//! The default rule pack, compiled into the binary so that crosscheck works from any
//! folder. The list must name every file under `rules/`; a test checks it does.

use super::compile::PackFile;

/// (path shown in messages, contents), in the order the pack compiles them.
pub const FILES: &[(&str, &str)] = &[
    (
        "rules/vocab/hedges.yaml",
        include_str!("../../rules/vocab/hedges.yaml"),
    ),
    (
        "rules/vocab/places.yaml",
        include_str!("../../rules/vocab/places.yaml"),
    ),
    (
        "rules/vocab/people.yaml",
        include_str!("../../rules/vocab/people.yaml"),
    ),
    ("rules/macros.yaml", include_str!("../../rules/macros.yaml")),
    (
        "rules/casualties.yaml",
        include_str!("../../rules/casualties.yaml"),
    ),
    (
        "rules/figures.yaml",
        include_str!("../../rules/figures.yaml"),
    ),
    ("rules/dates.yaml", include_str!("../../rules/dates.yaml")),
    (
        "rules/durations.yaml",
        include_str!("../../rules/durations.yaml"),
    ),
    ("rules/venues.yaml", include_str!("../../rules/venues.yaml")),
    ("rules/roles.yaml", include_str!("../../rules/roles.yaml")),
];

pub fn files() -> Vec<PackFile> {
    FILES
        .iter()
        .map(|(name, text)| PackFile {
            name: (*name).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_file_is_embedded() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(root.join("rules"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| x == "yaml" || x == "yml")
            })
            .map(|e| {
                e.path()
                    .strip_prefix(root)
                    .unwrap_or(e.path())
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = FILES.iter().map(|(n, _)| (*n).to_string()).collect();
        embedded.sort();
        assert_eq!(
            on_disk, embedded,
            "rules/ and src/rules/embedded.rs list different files"
        );
    }

    #[test]
    fn the_default_pack_compiles() {
        if let Err(e) = super::super::Pack::embedded() {
            panic!("the default pack does not compile:\n{e}");
        }
    }
}
