//! The default rule pack, compiled into the binary so that crosscheck works from any
//! folder. The list must name every rule file and gazetteer table under `rules/`; a
//! test checks it does.

use super::compile::PackFile;

/// (path shown in messages, contents) of a file under `rules/`.
macro_rules! embed {
    ($file:literal) => {
        (
            concat!("rules/", $file),
            include_str!(concat!("../../rules/", $file)),
        )
    };
}

/// (path shown in messages, contents), in the order the pack compiles them.
pub const FILES: &[(&str, &str)] = &[
    embed!("gazetteer/places.tsv"),
    embed!("vocab/hedges.yaml"),
    embed!("vocab/places.yaml"),
    embed!("vocab/people.yaml"),
    embed!("vocab/organizations.yaml"),
    embed!("lexicon.yaml"),
    embed!("macros.yaml"),
    embed!("counts.yaml"),
    embed!("physical.yaml"),
    embed!("elections.yaml"),
    embed!("aboard.yaml"),
    embed!("structures.yaml"),
    embed!("figures.yaml"),
    embed!("dates.yaml"),
    embed!("durations.yaml"),
    embed!("venues.yaml"),
    embed!("roles.yaml"),
    embed!("quotes.yaml"),
    embed!("names.yaml"),
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
                    .is_some_and(|x| x == "yaml" || x == "yml" || x == "tsv")
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
