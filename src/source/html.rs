//! A saved web page read as a report: the article's readable text (Readability, by
//! the `dom_smoothie` crate) and what the page says about itself (publication date,
//! outlet, title, canonical address, byline), read from its JSON-LD and meta tags.
//!
//! The readable text is what claims point into: the page's title, a blank line, then
//! the article's paragraphs separated by blank lines (a list item or a line break on
//! a line of its own). Navigation, related-story lists, cookie banners, footers and
//! scripts are not part of it. Lines and columns count in this text, not in the
//! markup.

use dom_query::{Document, Selection};
use jiff::civil::Date;

use super::dateline;

/// Where a page's publication date was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateField {
    /// `datePublished` of a JSON-LD article (also inside `@graph`).
    JsonLd,
    /// `<meta property="article:published_time">` (or `itemprop="datePublished"`).
    Meta,
    /// `<time datetime>`: one marked as the publication time, else the first in the
    /// article, else the first in the page.
    Time,
}

impl DateField {
    /// As people read it: "JSON-LD datePublished".
    pub fn as_str(self) -> &'static str {
        match self {
            DateField::JsonLd => "JSON-LD datePublished",
            DateField::Meta => "meta article:published_time",
            DateField::Time => "time datetime",
        }
    }
}

/// What a page says about itself; each field `None` when it does not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub published: Option<(Date, DateField)>,
    /// `og:site_name`, else the JSON-LD publisher's name.
    pub outlet: Option<String>,
    /// `og:title`, else the JSON-LD headline, else `<title>` (less a trailing
    /// " | Outlet").
    pub title: Option<String>,
    /// `<link rel="canonical">`, else `og:url`, else the JSON-LD `url`.
    pub url: Option<String>,
    /// The JSON-LD author(s), else `<meta name="author">`, else the byline
    /// Readability finds in the page.
    pub byline: Option<String>,
}

/// A page read: its readable text and what it says about itself.
#[derive(Clone, Debug)]
pub struct Page {
    pub text: String,
    pub meta: PageMeta,
}

/// Why a page gives no report.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PageError {
    /// Readability found no article (a front page, an index, an error page).
    #[error("no article text found in the page")]
    NoArticle,
    /// Elements nested deeper than browsers build them (Chromium's parser stops
    /// nesting at 512): the readers walk a tree by recursion, and such a page is
    /// made to break parsers, not to be read.
    #[error("elements nested more than {MAX_DEPTH} deep (no browser shows such a page)")]
    TooDeep,
    /// The HTML parser or Readability failed on this page (a bug in them, not in the
    /// page): the file is skipped, the run goes on.
    #[error("the page could not be read (the HTML reader failed on it)")]
    ReaderFailed,
}

/// Reads a page's HTML: the article's readable text and the page's metadata.
pub fn read(html: &str) -> Result<Page, PageError> {
    // A page is third-party markup of any shape: a panic in the parser is a page
    // skipped with a reason, never a run stopped.
    std::panic::catch_unwind(|| read_unguarded(html)).unwrap_or(Err(PageError::ReaderFailed))
}

fn read_unguarded(html: &str) -> Result<Page, PageError> {
    if nesting_depth(html) > MAX_DEPTH {
        return Err(PageError::TooDeep);
    }
    let doc = Document::from(html);
    let mut meta = metadata(&doc);
    doc.select(NOT_ARTICLE).remove();
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..dom_smoothie::Config::default()
    };
    let mut reader = dom_smoothie::Readability::with_document(doc, None, Some(config))
        .map_err(|_| PageError::ReaderFailed)?;
    let article = reader.parse().map_err(|_| PageError::NoArticle)?;
    if meta.byline.is_none() {
        meta.byline = article.byline.as_deref().and_then(clean);
    }
    meta.byline = meta.byline.map(|b| without_by(&b));
    let content = Document::from(article.content);
    drop_link_lists(&content);
    let body = paragraphs(&content.select("body").formatted_text());
    if !body.lines().any(is_prose) {
        return Err(PageError::NoArticle);
    }
    // The headline is part of what a report says ("Quake kills 35"); Readability
    // leaves it out of the body when it repeats the title.
    let text = match &meta.title {
        Some(title) if !body.starts_with(title.as_str()) => format!("{title}\n\n{body}\n"),
        _ => format!("{body}\n"),
    };
    Ok(Page { text, meta })
}

/// The deepest nesting of elements a page may have (Chromium's HTML parser nests
/// no deeper).
pub const MAX_DEPTH: usize = 512;

/// How deep a page's elements nest, as its tags say, counted up to a little past
/// [`MAX_DEPTH`]: start tags open an element, end tags close one; void elements,
/// self-closed tags and elements whose end tag may be left out (`p`, `li`, `td`…)
/// are not counted, nor are comments, scripts and styles. An estimate of the
/// depth of the tree the parser builds, close to it for the pages this guards
/// against: thousands of unclosed `<div>`s nest as deep in the tree.
fn nesting_depth(html: &str) -> usize {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "thead",
        "tbody", "tfoot", "option", "optgroup", "rb", "rt", "rp", "colgroup", "caption", "html",
        "head", "body",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<') {
        i += at + 1;
        let rest = &html[i..];
        if rest.starts_with("!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 {
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let self_closed = rest[..end].ends_with("/>");
        i += end;
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closed {
            if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
                i += end_tag(&html[i..], &name);
                continue;
            }
            depth += 1;
            deepest = deepest.max(depth);
            if deepest > MAX_DEPTH {
                break;
            }
        }
    }
    deepest
}

/// The offset in `text` of the end tag of `name` (`</script`, any case), or its
/// length when there is none.
fn end_tag(text: &str, name: &str) -> usize {
    let mut from = 0;
    while let Some(at) = text[from..].find("</") {
        let start = from + at;
        let tag = text.as_bytes().get(start + 2..start + 2 + name.len());
        if tag.is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes())) {
            return start;
        }
        from = start + 2;
    }
    text.len()
}

/// Parts of a page that are never its article, dropped before Readability looks for
/// it: navigation, asides (related stories, "most read"), footers, dialogs and
/// cookie or consent notices (Readability keeps a notice that sits beside the
/// article's paragraphs). Not forms: some sites wrap the whole page in one.
const NOT_ARTICLE: &str = "nav, aside, footer, dialog, noscript, [role='navigation'], \
    [role='complementary'], [role='contentinfo'], [role='dialog'], [role='alertdialog'], \
    [id*='cookie' i], [class*='cookie' i], [id*='consent' i], [class*='consent' i], \
    [id*='gdpr' i], [class*='gdpr' i]";

/// Drops from the article what is mostly links: lists and tables of other stories
/// ("Related news", a list of sources), a paragraph that is a teaser ("Read more:
/// …"); then headings left with nothing under them. Readability keeps a table
/// with header cells as data, and a list inside the article's container.
fn drop_link_lists(content: &Document) {
    let chars = |text: &str| text.chars().filter(|c| !c.is_whitespace()).count();
    for node in content.select("ul, ol, dl, table, p").nodes() {
        let all = chars(&node.text());
        let linked = chars(&Selection::from(*node).select("a").text());
        if all > 0 && linked * 2 >= all {
            node.remove_from_parent();
        }
    }
    let headings = content.select("h1, h2, h3, h4, h5, h6");
    for node in headings.nodes().iter().rev() {
        let orphan = node.next_element_sibling().is_none_or(|next| {
            next.node_name()
                .is_some_and(|n| matches!(&*n, "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
        });
        if orphan {
            node.remove_from_parent();
        }
    }
}

/// A byline without its "By ".
fn without_by(byline: &str) -> String {
    match byline.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => byline[3..].trim().to_string(),
        _ => byline.to_string(),
    }
}

/// Whether a line of the readable text is prose, a sentence at least: Readability
/// returns its best try on any page, and on a page with no article (a front page,
/// an index) that is menus and link text, which is not a report.
fn is_prose(line: &str) -> bool {
    line.split_whitespace().count() >= MIN_WORDS
        && line
            .trim_end_matches(['"', '\'', '”', '’', ')'])
            .ends_with(['.', '!', '?', ':'])
}

/// Words in the shortest line that counts as prose.
const MIN_WORDS: usize = 8;

/// The body's text with every line trimmed, runs of blank lines made one.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// A value as shown: whitespace made single spaces; `None` when nothing is left.
fn clean(value: &str) -> Option<String> {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    (!value.is_empty()).then_some(value)
}

/// The `content` of the first `<meta>` matching `selector` that has one.
fn meta_content(doc: &Document, selector: &str) -> Option<String> {
    doc.select(selector)
        .nodes()
        .iter()
        .find_map(|n| n.attr("content").and_then(|c| clean(&c)))
}

/// The first `attr` of the elements matching `selector`.
fn first_attr(sel: &Selection<'_>, attr: &str) -> Option<String> {
    sel.nodes()
        .iter()
        .find_map(|n| n.attr(attr).and_then(|c| clean(&c)))
}

fn metadata(doc: &Document) -> PageMeta {
    let ld = json_ld(doc);
    let published = ld
        .date
        .map(|d| (d, DateField::JsonLd))
        .or_else(|| {
            meta_content(
                doc,
                "meta[property='article:published_time'], meta[name='article:published_time'], meta[itemprop='datePublished']",
            )
            .and_then(|v| date_of(&v))
            .map(|d| (d, DateField::Meta))
        })
        .or_else(|| time_date(doc).map(|d| (d, DateField::Time)));
    let outlet = meta_content(doc, "meta[property='og:site_name']").or(ld.publisher);
    let title_tag = doc.select("head title").text();
    let title = meta_content(doc, "meta[property='og:title']")
        .or(ld.headline)
        .or_else(|| clean(&title_tag).map(|t| without_outlet(t, outlet.as_deref())));
    let url = first_attr(&doc.select("link[rel='canonical']"), "href")
        .or_else(|| meta_content(doc, "meta[property='og:url']"))
        .or(ld.url);
    let byline = ld
        .author
        .or_else(|| meta_content(doc, "meta[name='author']"));
    PageMeta {
        published,
        outlet,
        title,
        url,
        byline,
    }
}

/// A `<title>` less the outlet's name after a separator ("Talks resume | Example
/// News").
fn without_outlet(title: String, outlet: Option<&str>) -> String {
    let Some(outlet) = outlet else { return title };
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(head) = title.strip_suffix(outlet).and_then(|t| t.strip_suffix(sep))
            && !head.trim().is_empty()
        {
            return head.trim().to_string();
        }
    }
    title
}

/// The date of a `<time datetime>`: one marked as the publication time, else the
/// first within the article, else the first in the page.
fn time_date(doc: &Document) -> Option<Date> {
    [
        "time[itemprop~='datePublished'][datetime], time[pubdate][datetime]",
        "article time[datetime]",
        "time[datetime]",
    ]
    .iter()
    .find_map(|selector| first_attr(&doc.select(selector), "datetime").and_then(|v| date_of(&v)))
}

/// The calendar date a metadata value gives: an ISO date or timestamp
/// (`2022-10-02`, `2022-10-02T14:05:00-04:00`: the day as written, in the page's
/// own offset), or a date as a date line writes it ("October 2, 2022").
fn date_of(value: &str) -> Option<Date> {
    let v = value.trim();
    if let Some(head) = v.get(..10)
        && head.as_bytes().get(4) == Some(&b'-')
        && let Ok(date) = head.parse::<Date>()
        && v[10..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, 'T' | 't' | ' '))
    {
        return Some(date);
    }
    dateline::text_date(v).map(|(d, _)| d)
}

/// What the JSON-LD article of a page gives.
#[derive(Default)]
struct LinkedData {
    date: Option<Date>,
    publisher: Option<String>,
    headline: Option<String>,
    url: Option<String>,
    author: Option<String>,
}

/// schema.org types of a news article and its kin.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BackgroundNewsArticle",
    "LiveBlogPosting",
    "BlogPosting",
    "Report",
];

/// The first article object in the page's JSON-LD blocks (a block may be one
/// object, an array of them, or a `@graph`); a block that is not JSON is passed
/// over.
fn json_ld(doc: &Document) -> LinkedData {
    let blocks = doc.select("script[type='application/ld+json']");
    let values: Vec<serde_json::Value> = blocks
        .nodes()
        .iter()
        .filter_map(|node| {
            let text = node.text();
            let text = text
                .trim()
                .trim_start_matches("<![CDATA[")
                .trim_end_matches("]]>");
            serde_json::from_str(text).ok()
        })
        .collect();
    let mut all = Vec::new();
    for value in &values {
        collect_objects(value, &mut all, 0);
    }
    let string = |v: Option<&serde_json::Value>| v.and_then(ld_text);
    let article = all.iter().find(|o| is_article(o));
    // The publisher of the article, else of the page (a graph without an article).
    let publisher = article
        .and_then(|a| a.get("publisher"))
        .or_else(|| all.iter().find_map(|o| o.get("publisher")))
        .and_then(|p| {
            // A publisher may be a reference (`{"@id": "#org"}`) to an object of the graph.
            let p = match p.get("@id").and_then(|id| id.as_str()) {
                Some(id) if p.get("name").is_none() => all
                    .iter()
                    .find(|o| o.get("@id").and_then(|i| i.as_str()) == Some(id))
                    .copied()
                    .unwrap_or(p),
                _ => p,
            };
            string(p.get("name")).or_else(|| ld_text(p))
        });
    let Some(article) = article else {
        return LinkedData {
            publisher,
            ..LinkedData::default()
        };
    };
    let author = article.get("author").and_then(|a| {
        let names: Vec<String> = match a {
            serde_json::Value::Array(items) => items
                .iter()
                .filter_map(|i| string(i.get("name")).or_else(|| ld_text(i)))
                .collect(),
            _ => string(a.get("name"))
                .or_else(|| ld_text(a))
                .into_iter()
                .collect(),
        };
        (!names.is_empty()).then(|| names.join(", "))
    });
    LinkedData {
        date: string(article.get("datePublished")).and_then(|d| date_of(&d)),
        publisher,
        headline: string(article.get("headline")).or_else(|| string(article.get("name"))),
        url: string(article.get("url")).or_else(|| {
            article
                .get("mainEntityOfPage")
                .and_then(|m| string(m.get("@id")).or_else(|| ld_text(m)))
        }),
        author,
    }
}

/// Every object of a JSON-LD value that has a `@type`, in document order: top-level
/// objects, items of arrays, members of `@graph`. Nesting is bounded.
fn collect_objects<'a>(
    value: &'a serde_json::Value,
    out: &mut Vec<&'a serde_json::Value>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    match value {
        serde_json::Value::Array(items) => {
            for item in items {
                collect_objects(item, out, depth + 1);
            }
        }
        serde_json::Value::Object(map) => {
            if map.contains_key("@type") {
                out.push(value);
            }
            if let Some(graph) = map.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Whether a JSON-LD object is an article (`@type` a string or a list of them).
fn is_article(object: &serde_json::Value) -> bool {
    let is = |t: &serde_json::Value| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t));
    match object.get("@type") {
        Some(serde_json::Value::Array(types)) => types.iter().any(is),
        Some(t) => is(t),
        None => false,
    }
}

/// A JSON-LD value as text: a string, or the first string of a list.
fn ld_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => clean(s),
        serde_json::Value::Array(items) => items.iter().find_map(ld_text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str, body: &str) -> String {
        format!("<!doctype html><html><head>{head}</head><body>{body}</body></html>")
    }

    const ARTICLE: &str = "<article><h1>Quake kills 35</h1><p>A strong earthquake struck the region on Tuesday, killing at least 35 people and injuring more than 200, officials said. Rescue teams worked through the night to reach villages cut off by landslides, and the army sent helicopters with food and tents.</p><p>The quake had a magnitude of 6.1, the national seismology centre said. It struck at a depth of 10 km, about 40 km from the provincial capital, where buildings swayed for several seconds.</p></article>";

    #[test]
    fn dates_from_json_ld_in_a_graph_meta_tags_and_time_elements() {
        let graph = r##"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","datePublished":"2020-01-01"},{"@type":"NewsArticle","datePublished":"2022-10-02T14:05:00-04:00","publisher":{"@id":"#org"}},{"@type":"Organization","@id":"#org","name":"Example News"}]}</script>"##;
        let meta = metadata(&Document::from(page(graph, ARTICLE).as_str()));
        assert_eq!(
            meta.published,
            Some((Date::constant(2022, 10, 2), DateField::JsonLd))
        );
        assert_eq!(meta.outlet.as_deref(), Some("Example News"));

        let tag = r#"<meta property="article:published_time" content="2009-04-06T05:12:00Z">"#;
        let meta = metadata(&Document::from(page(tag, ARTICLE).as_str()));
        assert_eq!(
            meta.published,
            Some((Date::constant(2009, 4, 6), DateField::Meta))
        );

        let body = format!(
            r#"<aside><time datetime="2001-02-03">old</time></aside>{}"#,
            ARTICLE.replace("<h1>", r#"<time datetime="2005-10-29">Saturday</time><h1>"#)
        );
        let meta = metadata(&Document::from(page("", &body).as_str()));
        assert_eq!(
            meta.published,
            Some((Date::constant(2005, 10, 29), DateField::Time))
        );
    }

    #[test]
    fn title_outlet_url_and_byline() {
        let head = r#"<title>Quake kills 35 | Example News</title><meta property="og:site_name" content="Example News"><link rel="canonical" href="https://example.org/quake"><meta name="author" content="A. Reporter">"#;
        let meta = metadata(&Document::from(page(head, ARTICLE).as_str()));
        assert_eq!(meta.title.as_deref(), Some("Quake kills 35"));
        assert_eq!(meta.outlet.as_deref(), Some("Example News"));
        assert_eq!(meta.url.as_deref(), Some("https://example.org/quake"));
        assert_eq!(meta.byline.as_deref(), Some("A. Reporter"));
    }

    #[test]
    fn the_readable_text_is_the_title_then_the_paragraphs() {
        let head = r#"<title>Quake kills 35</title>"#;
        let body = format!(
            "<nav><ul><li><a href='/'>Top 10 stories</a></li><li><a href='/x'>5 things to know</a></li></ul></nav>{ARTICLE}<footer>© 2024 Example News. 120 Main St.</footer><script>var n = 42;</script>"
        );
        let page = read(&page(head, &body)).expect("an article");
        let paragraphs: Vec<&str> = page.text.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 3, "{:?}", page.text);
        assert_eq!(paragraphs[0], "Quake kills 35");
        assert!(paragraphs[1].starts_with("A strong earthquake struck"));
        assert!(!page.text.contains("Top 10") && !page.text.contains("120 Main"));
    }

    #[test]
    fn nesting_is_counted_as_the_parser_nests() {
        assert_eq!(nesting_depth("<div><div><p>a<p>b</div><br><img/></div>"), 2);
        assert_eq!(
            nesting_depth("<!-- <div><div> --><script>'<div>'</script><span>x"),
            1
        );
        let deep = format!("{}<p>Too deep to read.</p>", "<div>".repeat(MAX_DEPTH + 1));
        assert!(nesting_depth(&deep) > MAX_DEPTH);
        assert_eq!(read(&deep).map(|_| ()), Err(PageError::TooDeep));
        let p = "<p>Dozens were hurt when a crowd surged at the concert hall.</p>";
        assert_eq!(nesting_depth(&p.repeat(10_000)), 0);
    }

    #[test]
    fn bad_dates_are_not_dates() {
        for v in ["2022-13-40", "yesterday", "", "20221002", "2022-10-02x"] {
            assert_eq!(date_of(v), None, "{v:?}");
        }
        assert_eq!(
            date_of("October 2, 2022"),
            Some(Date::constant(2022, 10, 2))
        );
    }

    #[test]
    fn pages_without_an_article_or_not_html_are_refused_not_panicked_on() {
        for html in [
            "",
            "<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "\u{1}\u{2}<<<>>>&&&;;",
            "<script type='application/ld+json'>{not json</script>",
        ] {
            assert!(read(html).is_err(), "{html:?}");
        }
    }
}
