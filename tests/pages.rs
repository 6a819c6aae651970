//! Saved web pages as reports (tests/pages/): only the article's text yields claims,
//! what a page says about itself (date, outlet, title, address) is read and said to
//! come from the page, and the pages with no manifest report what the same articles
//! as text files with a full manifest report. Also `--files-from`, and pages that are
//! not articles.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{Corpus, code, json_report, root, run, run_in, stderr, stdout};
use crosscheck::report::json::JsonReport;
use crosscheck::source::{Origin, SourceStatus, Status};

const PAGES: &str = "tests/pages/html";
const TEXTS: &str = "tests/pages/txt";
const IDS: [&str; 4] = ["lakeside-voa", "voa", "wikinews-andhra", "wikinews-italy"];

fn check_json(args: &[&str]) -> JsonReport {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    json_report(&run(&all))
}

/// The article as the text file holds it, whitespace made single spaces.
fn article(id: &str) -> String {
    let text = std::fs::read_to_string(root().join(TEXTS).join(format!("{id}.txt")))
        .expect("the article text");
    squash(&text)
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn source<'a>(report: &'a JsonReport, id: &str) -> &'a SourceStatus {
    report
        .sources
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no source {id}: {:?}", report.sources))
}

#[test]
fn a_pages_readable_text_is_its_article_and_nothing_around_it() {
    for id in IDS {
        let html = std::fs::read_to_string(root().join(PAGES).join(format!("{id}.html")))
            .expect("the page");
        let page = crosscheck::source::html::read(&html).expect("an article");
        // Title, then the paragraphs, as the text file (written from the licensed
        // article, not from this tool) holds them.
        let want = std::fs::read_to_string(root().join(TEXTS).join(format!("{id}.txt")))
            .expect("the article text");
        assert_eq!(page.text, want, "{id}");
    }
}

#[test]
fn no_claim_comes_from_the_boilerplate_around_the_article() {
    let out = run(&["extract", PAGES]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let claims: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a claim"))
        .collect();
    assert!(claims.len() > 40, "{} claims", claims.len());
    let articles: Vec<(&str, String)> = IDS.iter().map(|id| (*id, article(id))).collect();
    for claim in &claims {
        let id = claim["source"].as_str().expect("a source id");
        let (_, text) = articles
            .iter()
            .find(|(a, _)| *a == id)
            .expect("a known page");
        let words = squash(claim["text"].as_str().expect("claim words"));
        assert!(
            text.contains(&words),
            "{id}: «{words}» is not in the article"
        );
        let sentence = squash(claim["sentence"].as_str().unwrap_or(""));
        assert!(
            text.contains(&sentence),
            "{id}: the sentence of «{words}» is not in the article: {sentence}"
        );
    }
    // The figures of menus, "most read" lists, teasers, banners and footers, which
    // the rules would read if they were text of the report.
    let joined: String = claims
        .iter()
        .map(|c| c["text"].as_str().unwrap_or("").to_string())
        .collect::<Vec<_>>()
        .join("\n");
    for boilerplate in [
        "57 dead",
        "kill 45",
        "61 people",
        "kills 48",
        "73,000",
        "30,000",
        "Eleven people",
        "kills 9",
        "100 people killed",
        "Kills at Least 44",
        "Kills 41",
        "150,000",
        "Kills 29",
        "8 dead",
        "1,600",
        "6 firefighters",
        "12 missing",
        "5.9",
    ] {
        assert!(
            !joined.contains(boilerplate),
            "a claim from the page's boilerplate: {boilerplate}"
        );
    }
}

#[test]
fn dates_outlets_titles_and_addresses_are_read_from_the_page_and_said_to_be() {
    let report = check_json(&[PAGES]);
    // What a person reads on each page (tests/pages/README.md).
    let want = [
        (
            "lakeside-voa",
            "2022-10-03",
            "The Lakeside Courier",
            "Indonesia: Stampede After Football Match in East Java",
            "https://lakeside-courier.example/world/2022/10/03/indonesia-stampede-east-java",
        ),
        (
            "voa",
            "2022-10-02",
            "Voice of America",
            "Deadly Stampede at Indonesian Soccer Stadium",
            "https://www.voazimbabwe.com/a/6772635.html",
        ),
        (
            "wikinews-andhra",
            "2005-10-29",
            "Wikinews",
            "Major train wreck in Southern India",
            "https://en.wikinews.org/wiki/Major_train_wreck_in_Southern_India",
        ),
        (
            "wikinews-italy",
            "2009-04-06",
            "Wikinews",
            "Major magnitude 6.3 earthquake strikes central Italy",
            "https://en.wikinews.org/wiki/Major_magnitude_6.3_earthquake_strikes_central_Italy",
        ),
    ];
    for (id, published, outlet, title, url) in want {
        let s = source(&report, id);
        assert_eq!(s.status, Status::Checked, "{id}");
        assert_eq!(s.published.as_deref(), Some(published), "{id}");
        assert_eq!(s.outlet.as_deref(), Some(outlet), "{id}");
        assert_eq!(s.title.as_deref(), Some(title), "{id}");
        assert_eq!(s.url.as_deref(), Some(url), "{id}");
        let from = [s.published_from, s.outlet_from, s.title_from, s.url_from];
        assert_eq!(from, [Some(Origin::Page); 4], "{id}");
        assert_eq!(s.published_line, None, "{id}");
    }
    assert_eq!(
        source(&report, "voa").byline.as_deref(),
        Some("Eva Mazrieva")
    );
    assert_eq!(
        source(&report, "lakeside-voa").byline.as_deref(),
        Some("Eva Mazrieva, Voice of America")
    );
    let text = stdout(&run(&["check", PAGES]));
    assert!(
        text.contains("voa.html  published 2022-10-02 (from the page)"),
        "{text}"
    );
    assert!(
        text.contains(
            "“Deadly Stampede at Indonesian Soccer Stadium” · Voice of America · https://www.voazimbabwe.com/a/6772635.html (from the page)"
        ),
        "{text}"
    );
    let md = stdout(&run(&["check", PAGES, "--format", "md"]));
    assert!(
        md.contains("| Voice of America (from the page) | Deadly Stampede at Indonesian Soccer Stadium (from the page) | 2022-10-02 (from the page) |"),
        "{md}"
    );
}

#[test]
fn the_html_report_shows_a_pages_readable_text() {
    let corpus = Corpus::new();
    let file = corpus.join("report.html");
    let out = run(&["check", PAGES, "--format", "html", "-o", &file]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let html = std::fs::read_to_string(&file).expect("the report");
    assert!(
        html.contains("tests/pages/html/voa.html · the page's readable text"),
        "no note on the source view"
    );
    // The article's words are there, the boilerplate's are not.
    assert!(html.contains("The angry crowd also burned"));
    for boilerplate in [
        "Most Viewed",
        "Cholera Outbreak",
        "This website uses cookies",
    ] {
        assert!(!html.contains(boilerplate), "{boilerplate}");
    }
}

#[test]
fn a_folder_mixes_texts_markdown_and_pages() {
    let read = |dir: &str, name: &str| std::fs::read(root().join(dir).join(name)).expect("a file");
    let corpus = Corpus::new()
        .file("a.txt", read(TEXTS, "voa.txt"))
        .file("b.md", read(TEXTS, "wikinews-italy.txt"))
        .file("c.html", read(PAGES, "wikinews-andhra.html"))
        .file("d.HTM", read(PAGES, "lakeside-voa.html"))
        .file("e.pdf", b"%PDF-1.4 not read");
    let report = json_report(&run(&["check", &corpus.join(""), "--format", "json"]));
    let rows: Vec<(&str, Status)> = report
        .sources
        .iter()
        .map(|s| (s.id.as_str(), s.status))
        .collect();
    assert_eq!(
        rows,
        [
            ("a", Status::Checked),
            ("b", Status::Checked),
            ("c", Status::Checked),
            ("d", Status::Checked),
            ("e", Status::Skipped),
        ]
    );
    assert_eq!(
        source(&report, "e").reason.as_deref(),
        Some("not a report (.pdf); crosscheck reads .txt, .md and .html files in folders")
    );
}

#[test]
fn the_manifest_wins_over_the_page() {
    let page = std::fs::read(root().join(PAGES).join("voa.html")).expect("the page");
    let corpus = Corpus::new().file("voa.html", page).file(
        "sources.yaml",
        "sources:\n  - file: voa.html\n    id: voa-zim\n    published: 2022-10-05\n    outlet: VOA Zimbabwe\n",
    );
    let report = json_report(&run(&["check", &corpus.join(""), "--format", "json"]));
    let s = source(&report, "voa-zim");
    assert_eq!(
        (s.published.as_deref(), s.published_from),
        (Some("2022-10-05"), None)
    );
    assert_eq!(
        (s.outlet.as_deref(), s.outlet_from),
        (Some("VOA Zimbabwe"), None)
    );
    // What the manifest does not give still comes from the page.
    assert_eq!(
        (s.title.as_deref(), s.title_from),
        (
            Some("Deadly Stampede at Indonesian Soccer Stadium"),
            Some(Origin::Page)
        )
    );
}

/// A side as compared: its value and its sources.
type Side = (String, Vec<String>);

/// Each part of each finding as the done-when compares them: kind, key, and each
/// side's value and sources.
fn findings(report: &JsonReport) -> Vec<(String, String, Vec<Side>)> {
    report
        .findings
        .iter()
        .flat_map(|f| f.split())
        .map(|f| {
            let sides = f
                .sides
                .iter()
                .map(|s| (s.value.clone(), s.sources.clone()))
                .collect();
            (f.kind.clone(), f.key.clone(), sides)
        })
        .collect()
}

#[test]
fn pages_without_a_manifest_report_what_the_texts_with_one_report() {
    let pages = check_json(&[PAGES]);
    let texts = check_json(&[TEXTS]);
    assert_eq!(findings(&pages), findings(&texts));
    for (p, t) in pages.sources.iter().zip(&texts.sources) {
        assert_eq!(
            (&p.id, &p.published, &p.outlet, &p.title, &p.url, p.claims),
            (&t.id, &t.published, &t.outlet, &t.title, &t.url, t.claims)
        );
    }
    // Not an empty agreement: by hand, the stampede toll of the two copies of the
    // VOA report conflicts with the quake's, and the dates the pages give order the
    // tolls as a timeline.
    let got = findings(&pages);
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(got.contains(&(
        "conflict".to_string(),
        "people killed · stampede".to_string(),
        vec![
            ("at least 125".to_string(), s(&["lakeside-voa", "voa"])),
            ("at least 150".to_string(), s(&["wikinews-italy"])),
        ]
    )));
    let parts: Vec<_> = pages.findings.iter().flat_map(|f| f.split()).collect();
    let update = parts
        .iter()
        .find(|f| f.kind == "update")
        .expect("an update");
    let dates: Vec<Option<&str>> = update.sides.iter().map(|s| s.as_of.as_deref()).collect();
    assert_eq!(
        dates,
        [Some("2005-10-29"), Some("2009-04-06"), Some("2022-10-02")]
    );
}

#[test]
fn files_from_reads_a_list_of_paths_each_reported_once() {
    let page = std::fs::read(root().join(PAGES).join("voa.html")).expect("the page");
    let text = std::fs::read(root().join(TEXTS).join("wikinews-italy.txt")).expect("a text");
    let corpus = Corpus::new()
        .file("pages/voa.html", page)
        .file("texts/wikinews-italy.txt", text)
        .file("texts/photo.jpg", b"\xff\xd8\xff\xe0 not a report")
        .file(
            "list.txt",
            "# today's reading\npages/voa.html\n\ntexts/wikinews-italy.txt\ntexts/photo.jpg\ngone/missing.html\n  # an indented comment\npages/voa.html\n",
        );
    let out = run_in(
        Some(corpus.path()),
        &["check", "--files-from", "list.txt", "--format", "json"],
    );
    // The missing file is an input that could not be read: exit code 2, the others
    // checked.
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let report = json_report(&out);
    let rows: Vec<(&str, Status, Option<&str>)> = report
        .sources
        .iter()
        .map(|s| (s.path.as_str(), s.status, s.reason.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            ("pages/voa.html", Status::Checked, None),
            ("texts/wikinews-italy.txt", Status::Checked, None),
            (
                "texts/photo.jpg",
                Status::Skipped,
                Some("not a report (.jpg); crosscheck reads .txt, .md and .html files")
            ),
            (
                "gone/missing.html",
                Status::Error,
                Some("no such file or folder")
            ),
        ]
    );
    assert!(
        stderr(&out).contains("error: gone/missing.html: no such file or folder"),
        "{}",
        stderr(&out)
    );

    // The same list on standard input, for `extract` too; paths given besides the
    // list are read first.
    for args in [
        &["check", "texts", "--files-from", "-", "--format", "json"][..],
        &["extract", "texts", "--files-from", "-"],
    ] {
        let command = args[0];
        let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .args(args)
            .current_dir(corpus.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("crosscheck runs");
        child
            .stdin
            .take()
            .expect("a stdin")
            .write_all(b"pages/voa.html\r\ngone/missing.html\n")
            .expect("the list is written");
        let out = child.wait_with_output().expect("crosscheck ends");
        assert_eq!(code(&out), 2, "{command}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("gone/missing.html: no such file or folder"),
            "{err}"
        );
        assert!(
            err.contains("texts/photo.jpg: not a report (.jpg)"),
            "{err}"
        );
        let stdout = stdout(&out);
        for id in ["voa", "wikinews-italy"] {
            assert!(stdout.contains(&format!("\"{id}\"")), "{command}: {stdout}");
        }
    }

    // A list that cannot be read stops the run.
    let out = run_in(
        Some(corpus.path()),
        &["check", "--files-from", "nolist.txt"],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("nolist.txt: cannot read the list of files"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn pages_that_are_not_articles_are_skipped_with_the_reason() {
    let article = std::fs::read(root().join(PAGES).join("voa.html")).expect("the page");
    // A page cut off half-way through its article, unclosed tags and all.
    let cut = &article[..article.len() * 3 / 4];
    let corpus = Corpus::new()
        .file("article.html", &article)
        .file("cut.htm", cut)
        .file("junk.html", b"\x00\x01\x02\x7fELF\x00\x00binary")
        .file(
            "front.html",
            "<html><head><title>Home | Example News</title></head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><ul><li><a href='/a'>Quake kills 35</a></li><li><a href='/b'>Flood toll rises to 120</a></li></ul><footer>© 2024</footer></body></html>",
        )
        .file("noise.html", "<<<<>>>> &&& \u{fffd} <p <div </ <script>");
    let report = json_report(&run(&["check", &corpus.join(""), "--format", "json"]));
    let row = |name: &str| {
        report
            .sources
            .iter()
            .find(|s| s.path.ends_with(name))
            .unwrap_or_else(|| panic!("no row for {name}: {:?}", report.sources))
    };
    assert_eq!(row("article.html").status, Status::Checked);
    let cut = row("cut.htm");
    assert_eq!(cut.status, Status::Checked, "{cut:?}");
    assert!(cut.claims > 3, "{cut:?}");
    for (name, reason) in [
        ("junk.html", "binary file (contains NUL bytes)"),
        ("front.html", "no article text found in the page"),
        ("noise.html", "no article text found in the page"),
    ] {
        let r = row(name);
        assert_eq!(
            (r.status, r.reason.as_deref()),
            (Status::Skipped, Some(reason)),
            "{name}"
        );
    }
}

#[test]
fn an_html_report_of_crosscheck_in_a_folder_is_not_read_as_a_page() {
    let corpus = Corpus::new().file(
        "voa.html",
        std::fs::read(root().join(PAGES).join("voa.html")).expect("the page"),
    );
    let earlier = corpus.join("earlier-report.html");
    let out = run(&["check", PAGES, "--format", "html", "-o", &earlier]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = json_report(&run(&["check", &corpus.join(""), "--format", "json"]));
    let row = report
        .sources
        .iter()
        .find(|s| s.path.ends_with("earlier-report.html"))
        .expect("the earlier report is listed");
    assert_eq!(
        (row.status, row.reason.as_deref()),
        (
            Status::Skipped,
            Some("a crosscheck report, not a news report")
        )
    );
}
