//! The HTML report: one self-contained file (inline CSS, a little inline
//! JavaScript, inline SVG; nothing fetched from the network), readable on a laptop
//! and a phone. A header with the corpus at a glance; the findings as cards, the
//! disagreements first, with filters by kind and source; a picture of each conflict;
//! and each report's full text with every claim highlighted by its fate, linked to
//! its finding and back.
//!
//! `check` writes it as findings come ([`HtmlStream`]); a review is written whole
//! ([`write()`]).
//!
//! Every piece of text from a report, a rule or a vocabulary goes through [`esc`]:
//! an article containing `<script>` shows those characters and runs nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};

use rayon::prelude::*;

use super::spill::Spill;
use super::text::{excerpt_parts, location, shorten};
use super::{Report, Shown, Stream, Summary};
use crate::align::{Finding, FindingKind, WordDiff};
use crate::extract::Claim;
use crate::review::{Item, ItemKind, Review};
use crate::source::{SourceStatus, Status};
use crate::value::ClaimKind;

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const KINDS: &[(FindingKind, &str)] = &[
    (FindingKind::Conflict, "conflicts"),
    (FindingKind::Update, "updates"),
    (FindingKind::Attribution, "attributions"),
    (FindingKind::Drift, "drifts"),
    (FindingKind::Variant, "variants"),
    (FindingKind::Compatible, "compatible sets"),
    (FindingKind::Agree, "agreements"),
];

/// Where a claim stands: the most serious finding it supports.
type Fates = BTreeMap<(String, usize, usize), (FindingKind, usize)>;

/// The fates of the claims of `findings`, each given with the number its card has.
fn fates<'f>(findings: impl IntoIterator<Item = (usize, &'f Finding)>) -> Fates {
    let mut fates: Fates = BTreeMap::new();
    for (i, f) in findings {
        // A claim's fate is the most serious part its side takes part in.
        for part in &f.parts {
            for c in part.sides.iter().flat_map(|&s| &f.sides[s].claims) {
                let key = (c.source.to_string(), c.start, c.end);
                let e = fates.entry(key).or_insert((part.kind, i));
                if part.kind < e.0 {
                    *e = (part.kind, i);
                }
            }
        }
        // A value that takes part in nothing stands in its finding's card too.
        for c in f.sides.iter().flat_map(|s| &s.claims) {
            fates
                .entry((c.source.to_string(), c.start, c.end))
                .or_insert((f.kind, i));
        }
    }
    fates
}

fn claim_id(c: &Claim) -> String {
    format!("c-{}-{}-{}", slug(&c.source), c.start, c.end)
}

/// An id-safe form of a source id.
fn slug(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let Some(review) = &report.review else {
        // One layout for every report without a review, as `check` streams it.
        let mut stream = HtmlStream::begin(out);
        stream.findings(&report.findings)?;
        for source in &report.sources {
            stream.source(source)?;
        }
        stream.texts(&report_texts(report))?;
        return stream.end(report.claims);
    };
    let fates = fates(report.findings.iter().enumerate());
    let summary = report.summary();
    let mut html = String::with_capacity(64 * 1024);
    html.push_str(HEAD);
    header_top(&summary, &mut html);
    for src in &report.sources {
        source_row(src, &mut html);
    }
    html.push_str(HEADER_END);
    filters_top(&mut html);
    for src in &report.sources {
        source_filter(src, &mut html);
    }
    html.push_str(FILTERS_END);
    html.push_str("<main>\n");
    review_section(review, &mut html);
    findings_top(&summary, &mut html);
    // The references' own findings come last, under a heading.
    let among = report
        .findings
        .len()
        .saturating_sub(review.reference_findings.len());
    for (i, f) in report.findings.iter().enumerate() {
        if i == among && review.also_references {
            html.push_str("<h3 class=\"among\">Among the references <small>findings the draft takes no part in</small></h3>\n");
        }
        card(f, i, &mut html);
        spill(&mut html, out)?;
    }
    html.push_str("</section>\n");
    let texts = report_texts(report);
    if !texts.is_empty() {
        texts_top(&mut html);
        for shown in &texts {
            article(shown, &fates, &mut html);
            spill(&mut html, out)?;
        }
        html.push_str("</section>\n");
    }
    page_end(&mut html);
    out.write_all(html.as_bytes())
}

/// A whole report's texts, in input order, each with its claims.
fn report_texts(report: &Report) -> Vec<Shown<'_>> {
    // Each report's claims, read once (not a pass over all claims per report).
    let mut by_source: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
    for c in &report.all_claims {
        by_source.entry(&*c.source).or_default().push(c);
    }
    report
        .sources
        .iter()
        .filter(|s| s.status == Status::Checked)
        .filter_map(|src| {
            Some(Shown {
                id: &src.id,
                path: &src.path,
                text: report.texts.get(&src.id)?,
                claims: by_source.remove(src.id.as_str()).unwrap_or_default(),
            })
        })
        .collect()
}

/// The page written as findings come (see [`Stream`]): the cards of each kind,
/// the sources' rows and filters, and the texts are each kept aside (see [`Spill`])
/// until the end, when the page is written in its order: the counts and the
/// sources, the filters, the cards kind by kind, the texts. Card numbers follow the
/// order findings come in; a chunk's texts are marked with the fates of that
/// chunk's findings (a story's findings and texts come in one chunk).
pub struct HtmlStream<'w> {
    out: &'w mut dyn Write,
    summary: Summary,
    /// The sources table's rows, and the sources' filters.
    rows: Spill,
    filters: Spill,
    /// The cards, one spill per kind of [`FindingKind::ALL`].
    sections: Vec<Spill>,
    texts: Spill,
    /// The fates of the claims of the last chunk's findings, for its texts.
    fates: Fates,
}

impl<'w> HtmlStream<'w> {
    /// Nothing is written to `out` before [`Stream::end`].
    pub fn begin(out: &'w mut dyn Write) -> Self {
        HtmlStream {
            out,
            summary: Summary::default(),
            rows: Spill::default(),
            filters: Spill::default(),
            sections: FindingKind::ALL.iter().map(|_| Spill::default()).collect(),
            texts: Spill::default(),
            fates: Fates::new(),
        }
    }
}

impl Stream for HtmlStream<'_> {
    /// Lays out a chunk's cards (side by side), each into its kind's section.
    fn findings(&mut self, findings: &[Finding]) -> io::Result<()> {
        let first = self.summary.findings();
        let cards: Vec<String> = findings
            .par_iter()
            .enumerate()
            .map(|(i, f)| {
                let mut html = String::new();
                card(f, first + i, &mut html);
                html
            })
            .collect();
        for (f, html) in findings.iter().zip(cards) {
            self.summary.count_finding(f.kind);
            self.sections[f.kind as usize].write_all(html.as_bytes())?;
        }
        self.fates = fates((first..).zip(findings));
        Ok(())
    }

    fn source(&mut self, status: &SourceStatus) -> io::Result<()> {
        self.summary.count_source(status.status);
        let mut html = String::new();
        source_row(status, &mut html);
        self.rows.write_all(html.as_bytes())?;
        html.clear();
        source_filter(status, &mut html);
        self.filters.write_all(html.as_bytes())
    }

    fn summary(&self) -> &Summary {
        &self.summary
    }

    fn shows_texts(&self) -> bool {
        true
    }

    /// Marks a chunk's texts with the fates of its findings.
    fn texts(&mut self, texts: &[Shown<'_>]) -> io::Result<()> {
        let fates = std::mem::take(&mut self.fates);
        let articles: Vec<String> = texts
            .par_iter()
            .map(|shown| {
                let mut html = String::new();
                article(shown, &fates, &mut html);
                html
            })
            .collect();
        articles
            .iter()
            .try_for_each(|a| self.texts.write_all(a.as_bytes()))
    }

    /// Writes the whole page.
    fn end(&mut self, claims: usize) -> io::Result<()> {
        self.summary.claims = claims;
        let mut html = String::from(HEAD);
        header_top(&self.summary, &mut html);
        self.out.write_all(html.as_bytes())?;
        std::mem::take(&mut self.rows).copy_to(self.out)?;
        let mut html = String::from(HEADER_END);
        filters_top(&mut html);
        self.out.write_all(html.as_bytes())?;
        std::mem::take(&mut self.filters).copy_to(self.out)?;
        let mut html = format!("{FILTERS_END}<main>\n");
        findings_top(&self.summary, &mut html);
        self.out.write_all(html.as_bytes())?;
        for spill in std::mem::take(&mut self.sections) {
            spill.copy_to(self.out)?;
        }
        self.out.write_all(b"</section>\n")?;
        let texts = std::mem::take(&mut self.texts);
        if !texts.is_empty() {
            let mut html = String::new();
            texts_top(&mut html);
            self.out.write_all(html.as_bytes())?;
            texts.copy_to(self.out)?;
            self.out.write_all(b"</section>\n")?;
        }
        let mut html = String::new();
        page_end(&mut html);
        self.out.write_all(html.as_bytes())
    }
}

/// The end of the page, after the texts: the script, which runs once the page is
/// whole.
fn page_end(html: &mut String) {
    html.push_str("</main>\n");
    html.push_str(SCRIPT);
    html.push_str("</body>\n</html>\n");
}

/// How much of the page is built before it is written out.
const SPILL: usize = 1 << 20;

/// Writes out what `html` holds once it passes [`SPILL`]: the page is written as it
/// is built, not held whole (with every text in it, it is twice the corpus).
fn spill(html: &mut String, out: &mut dyn Write) -> io::Result<()> {
    if html.len() >= SPILL {
        out.write_all(html.as_bytes())?;
        html.clear();
    }
    Ok(())
}

/// The top of the page: what was checked, the count of each kind, and the head of
/// the sources table (a [`source_row`] per input follows, then [`HEADER_END`]).
fn header_top(s: &Summary, html: &mut String) {
    let _ = writeln!(
        html,
        "<header>\n<h1>crosscheck report</h1>\n<p class=\"summary\">{} source{} checked · {} claims</p>\n<ul class=\"counts\">",
        s.checked,
        if s.checked == 1 { "" } else { "s" },
        s.claims
    );
    for (kind, label) in KINDS {
        let _ = writeln!(
            html,
            "<li class=\"k-{k}\" data-kind=\"{k}\"><b>{}</b> {label}</li>",
            s.of_kind(*kind),
            k = kind.as_str()
        );
    }
    html.push_str("</ul>\n<div class=\"table-wrap\"><table class=\"sources\"><thead><tr><th>id</th><th>file</th><th>outlet</th><th>title</th><th>published</th><th>claims</th></tr></thead><tbody>\n");
}

const HEADER_END: &str = "</tbody></table></div>\n</header>\n";

/// An input's row in the sources table.
fn source_row(src: &SourceStatus, html: &mut String) {
    let status = match src.status {
        Status::Checked => String::new(),
        _ => format!(
            " <em>{}: {}</em>",
            src.status_word(),
            esc(src.reason.as_deref().unwrap_or(""))
        ),
    };
    let _ = writeln!(
        html,
        "<tr><td><a href=\"#s-{}\">{}</a></td><td>{}{status}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        slug(&src.id),
        esc(&src.id),
        esc(&src.path),
        esc(src.outlet_shown().as_deref().unwrap_or("—")),
        esc(src.title_shown().as_deref().unwrap_or("—")),
        esc(src.published_shown().as_deref().unwrap_or("unknown")),
        src.claims
    );
}

/// The filters by kind, and the head of the filters by source (a
/// [`source_filter`] per checked input follows, then [`FILTERS_END`]).
fn filters_top(html: &mut String) {
    html.push_str(
        "<form class=\"filters\" aria-label=\"filters\">\n<fieldset><legend>Show</legend>\n",
    );
    for (kind, label) in KINDS {
        let _ = writeln!(
            html,
            "<label class=\"k-{k}\"><input type=\"checkbox\" name=\"kind\" value=\"{k}\" checked> {label}</label>",
            k = kind.as_str()
        );
    }
    html.push_str("</fieldset>\n<fieldset><legend>Sources</legend>\n");
}

const FILTERS_END: &str = "</fieldset>\n</form>\n";

/// A checked input's filter (nothing for an input not checked).
fn source_filter(src: &SourceStatus, html: &mut String) {
    if src.status != Status::Checked {
        return;
    }
    let _ = writeln!(
        html,
        "<label><input type=\"checkbox\" name=\"source\" value=\"{}\" checked> {}</label>",
        esc(&src.id),
        esc(&src.id)
    );
}

/// The head of the findings' section (the cards follow, then `</section>`).
fn findings_top(s: &Summary, html: &mut String) {
    html.push_str("<section id=\"findings\"><h2>Findings <small>(<span id=\"shown\"></span> shown)</small></h2>\n");
    if s.findings() == 0 {
        html.push_str("<p>No findings: the reports make no claims that line up.</p>\n");
    }
}

fn card(f: &Finding, i: usize, html: &mut String) {
    let sources: BTreeSet<&str> = f
        .sides
        .iter()
        .flat_map(|s| &s.sources)
        .map(String::as_str)
        .collect();
    let sources_json = serde_json::to_string(&sources).unwrap_or_else(|_| "[]".into());
    let _ = writeln!(
        html,
        "<article class=\"finding k-{k}\" id=\"f{i}\" data-kind=\"{k}\" data-sources=\"{}\">\n<h3><span class=\"badge\">{k}</span> {}</h3>",
        esc(&sources_json),
        esc(&f.title()),
        k = f.kind.as_str()
    );
    if let Some(note) = f.note() {
        let _ = writeln!(html, "<p class=\"note\">{}</p>", esc(note));
    }
    if f.parts.len() > 1 {
        html.push_str("<ul class=\"parts\">\n");
        for part in &f.parts {
            let _ = writeln!(
                html,
                "<li><span class=\"badge k-{k}\">{k}</span> {}</li>",
                esc(&f.part_values(part)),
                k = part.kind.as_str()
            );
        }
        html.push_str("</ul>\n");
    }
    if let Some(conflict) = f.parts.iter().find(|p| p.kind == FindingKind::Conflict) {
        picture(f, &conflict.sides, html);
    }
    let majority = f.majority();
    let outliers = f.outliers();
    for (i, side) in f.sides.iter().enumerate() {
        let mut tags = String::new();
        if majority == Some(i) {
            tags.push_str(" <span class=\"tag\">most reports</span>");
        }
        if outliers.contains(&i) {
            tags.push_str(" <span class=\"tag\">outlier</span>");
        }
        side_div(side, &tags, html);
    }
    if let Some(diff) = &f.diff {
        let _ = writeln!(
            html,
            "<p class=\"diff\"><span>word diff:</span> {}</p>",
            diff_html(diff)
        );
    }
    html.push_str("</article>\n");
}

/// A claim as a list item: its location, linked to its highlight in the source
/// view, and its sentence with the claimed words marked.
/// A side: its value (then `tags`, already HTML), its sources, each shown claim,
/// and how many more there are.
fn side_div(side: &crate::align::Side, tags: &str, html: &mut String) {
    let _ = writeln!(
        html,
        "<div class=\"side\"><h4><span class=\"value\">{}</span>{tags} <span class=\"srcs\">{}</span></h4>\n<ul>",
        esc(&side.value),
        esc(&side.sources_label())
    );
    for c in &side.claims {
        html.push_str(&claim_li(c));
    }
    if side.unshown() > 0 {
        let _ = writeln!(
            html,
            "<li class=\"more\">… and {} more claims from the other reports listed</li>",
            side.unshown()
        );
    }
    html.push_str("</ul></div>\n");
}

fn claim_li(c: &Claim) -> String {
    let quoted = match excerpt_parts(c) {
        Some((before, words, after)) => format!(
            "{}<mark>{}</mark>{}",
            esc(&before),
            esc(&words),
            esc(&after)
        ),
        None => format!("<mark>{}</mark>", esc(&c.text)),
    };
    format!(
        "<li><a class=\"loc\" href=\"#{}\">{}</a> <q>{quoted}</q></li>\n",
        claim_id(c),
        esc(&location(c))
    )
}

/// The review of a draft against references, before the findings behind it: its
/// problems (the draft's claims, then what the references say), the claims no
/// reference states, and what the references back.
fn review_section(review: &Review, html: &mut String) {
    let _ = writeln!(
        html,
        "<section id=\"review\"><h2>Review of the draft <small>({} against {})</small></h2>",
        esc(&review.draft_sources.join(", ")),
        esc(&crate::align::listed(&review.reference_sources))
    );
    let _ = writeln!(
        html,
        "<h3>Problems <small>where the references say otherwise: {}</small></h3>",
        review.problems.len()
    );
    if review.problems.is_empty() {
        html.push_str("<p>None: no reference contradicts the draft.</p>\n");
    }
    for item in &review.problems {
        review_item(item, html);
    }
    let _ = writeln!(
        html,
        "<h3>Unsupported <small>claims of the draft no reference states: {}</small></h3>\n<ul class=\"unsupported\">",
        review.unsupported.len()
    );
    for c in &review.unsupported {
        let li = claim_li(c);
        let _ = write!(
            html,
            "{}",
            li.replacen(
                "<li>",
                &format!("<li><b>{}: {}</b> ", esc(&c.key), esc(&c.display)),
                1
            )
        );
    }
    let _ = writeln!(
        html,
        "</ul>\n<h3>Agreements <small>what the references back: {}</small></h3>",
        review.agreements.len()
    );
    for item in &review.agreements {
        review_item(item, html);
    }
    html.push_str("</section>\n");
}

fn review_item(item: &Item, html: &mut String) {
    // Shown and filtered as the finding kind it comes from.
    let kind = match item.kind {
        ItemKind::Conflict => FindingKind::Conflict,
        ItemKind::Attribution => FindingKind::Attribution,
        ItemKind::Drift => FindingKind::Drift,
        ItemKind::Outdated | ItemKind::Ahead => FindingKind::Update,
        ItemKind::Variant => FindingKind::Variant,
        ItemKind::Agree => FindingKind::Agree,
        ItemKind::Fits => FindingKind::Compatible,
    }
    .as_str();
    let sources: BTreeSet<&str> = item
        .draft_claims
        .iter()
        .map(|c| &*c.source)
        .chain(
            item.references
                .iter()
                .flat_map(|s| s.sources.iter().map(String::as_str)),
        )
        .collect();
    let sources_json = serde_json::to_string(&sources).unwrap_or_else(|_| "[]".into());
    let _ = writeln!(
        html,
        "<article class=\"finding review k-{kind}\" data-kind=\"{kind}\" data-sources=\"{}\">\n<h3><span class=\"badge\">{}</span> {}</h3>",
        esc(&sources_json),
        item.kind.as_str(),
        esc(&item.key)
    );
    let _ = writeln!(
        html,
        "<div class=\"side draft\"><h4>The draft: <span class=\"value\">{}</span>{}</h4>\n<ul>",
        esc(&item.value),
        if item.backing.is_empty() {
            String::new()
        } else {
            format!(
                " <span class=\"srcs\">also given by {}</span>",
                esc(&item.backing_line())
            )
        }
    );
    for c in &item.draft_claims {
        html.push_str(&claim_li(c));
    }
    html.push_str("</ul></div>\n");
    if let Some(note) = &item.note {
        let _ = writeln!(html, "<p class=\"note\">{}</p>", esc(note));
    }
    for side in &item.references {
        side_div(side, "", html);
    }
    if let Some(diff) = &item.diff {
        let _ = writeln!(
            html,
            "<p class=\"diff\"><span>word diff (reference → draft):</span> {}</p>",
            diff_html(diff)
        );
    }
    html.push_str("</article>\n");
}

fn diff_html(diff: &[WordDiff]) -> String {
    let last = diff.len().saturating_sub(1);
    diff.iter()
        .enumerate()
        .map(|(i, d)| match d.op.as_str() {
            "equal" => esc(&shorten(&d.old, i == 0, i == last)),
            "delete" => format!("<del>{}</del>", esc(&d.old)),
            "insert" => format!("<ins>{}</ins>", esc(&d.new)),
            _ => format!("<del>{}</del> <ins>{}</ins>", esc(&d.old), esc(&d.new)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sides of a conflict and the sources behind each, drawn in SVG.
fn picture(f: &Finding, shown: &[usize], html: &mut String) {
    const W: usize = 210;
    let sides: Vec<&crate::align::Side> = shown.iter().map(|&i| &f.sides[i]).collect();
    let width = 20 + sides.len() * (W + 30);
    let _ = writeln!(
        html,
        "<svg class=\"picture\" viewBox=\"0 0 {width} 150\" width=\"{width}\" height=\"150\" role=\"img\" aria-label=\"{}\">",
        esc(&format!(
            "{}: {}",
            f.key,
            sides
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>()
                .join(" against ")
        ))
    );
    for (i, side) in sides.iter().enumerate() {
        let x = 20 + i * (W + 30);
        let label: String = side.value.chars().take(28).collect();
        let _ = writeln!(
            html,
            "<rect x=\"{x}\" y=\"14\" width=\"{W}\" height=\"40\" rx=\"8\" class=\"side-box\"/><text x=\"{}\" y=\"39\" text-anchor=\"middle\" class=\"side-label\">{}</text>",
            x + W / 2,
            esc(&label)
        );
        // A dot per source, the first few of a long list, the last dot the rest.
        const DOTS: usize = 6;
        let more = side.sources.len().saturating_sub(DOTS);
        let mut labels: Vec<String> = side
            .sources
            .iter()
            .take(if more > 0 { DOTS - 1 } else { DOTS })
            .map(|s| s.chars().take(8).collect())
            .collect();
        if more > 0 {
            labels.push(format!("+{}", more + 1));
        }
        let n = labels.len().max(1);
        for (j, short) in labels.iter().enumerate() {
            let cx = x + (j + 1) * W / (n + 1);
            let _ = writeln!(
                html,
                "<line x1=\"{cx}\" y1=\"54\" x2=\"{cx}\" y2=\"96\" class=\"support\"/><circle cx=\"{cx}\" cy=\"110\" r=\"14\" class=\"source-dot\"/><text x=\"{cx}\" y=\"140\" text-anchor=\"middle\" class=\"source-label\">{}</text>",
                esc(short)
            );
        }
        if i + 1 < sides.len() {
            let _ = writeln!(
                html,
                "<text x=\"{}\" y=\"42\" text-anchor=\"middle\" class=\"versus\">≠</text>",
                x + W + 15
            );
        }
    }
    html.push_str("</svg>\n");
}

/// The head of the texts' section (an [`article`] per text follows, then
/// `</section>`).
fn texts_top(html: &mut String) {
    html.push_str("<section id=\"texts\"><h2>Reports</h2>\n<p class=\"legend\">Highlights: ");
    for (kind, label) in KINDS {
        let _ = write!(
            html,
            "<mark class=\"fate-{k}\">{label}</mark> ",
            k = kind.as_str()
        );
    }
    html.push_str("<mark class=\"fate-none\">no finding</mark></p>\n");
}

/// A report's text, every claim highlighted by its fate and linked to its finding.
fn article(shown: &Shown<'_>, fates: &Fates, html: &mut String) {
    let _ = write!(
        html,
        "<article class=\"source\" id=\"s-{}\" data-source=\"{}\"><h3>{} <small>{}{}</small></h3>\n<div class=\"text\">",
        slug(shown.id),
        esc(shown.id),
        esc(shown.id),
        esc(shown.path),
        // A saved page is shown as the text its claims point into.
        if crate::source::is_page_name(std::path::Path::new(shown.path)) {
            " · the page's readable text (lines and columns count in it)"
        } else {
            ""
        }
    );
    let mut claims: Vec<&Claim> = shown
        .claims
        .iter()
        .copied()
        // Names matter only where they are a variant.
        .filter(|c| {
            c.kind != ClaimKind::Name || fates.contains_key(&(c.source.to_string(), c.start, c.end))
        })
        .collect();
    claims.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    marked_text(shown.text, &claims, fates, html);
    html.push_str("</div></article>\n");
}

/// The text with claims as nested `<mark>`s. A claim that would cross the edge of
/// an open mark (marks must nest) gets an empty anchor at its start instead, so that
/// links to it still arrive.
fn marked_text(text: &str, claims: &[&Claim], fates: &Fates, html: &mut String) {
    let mut open: Vec<usize> = Vec::new(); // ends of the open marks
    let mut at = 0;
    for c in claims {
        // Claims read back by `align` may say anything: an end before the start
        // is no span to mark (found by fuzzing).
        if c.start < at
            || c.end < c.start
            || c.end > text.len()
            || !text.is_char_boundary(c.start)
            || !text.is_char_boundary(c.end)
        {
            continue;
        }
        // Close the marks that end before this claim starts.
        while let Some(&end) = open.last() {
            if end > c.start {
                break;
            }
            html.push_str(&esc(&text[at..end]));
            html.push_str("</mark>");
            at = end;
            open.pop();
        }
        html.push_str(&esc(&text[at..c.start]));
        at = c.start;
        if open.last().is_some_and(|&end| c.end > end) {
            let _ = write!(
                html,
                "<span class=\"anchor\" id=\"{}\"></span>",
                claim_id(c)
            );
            continue;
        }
        let fate = fates.get(&(c.source.to_string(), c.start, c.end));
        let class = fate.map_or("none", |(k, _)| k.as_str());
        let link = fate.map_or_else(String::new, |(_, i)| {
            format!("<a class=\"ref\" href=\"#f{i}\" title=\"to the finding\">↗</a>")
        });
        let _ = write!(
            html,
            "<mark class=\"fate-{class}\" id=\"{}\" title=\"{}\">{link}",
            claim_id(c),
            esc(&format!("{}: {} ({})", c.key, c.display, c.rule))
        );
        open.push(c.end);
    }
    while let Some(end) = open.pop() {
        html.push_str(&esc(&text[at..end]));
        html.push_str("</mark>");
        at = end;
    }
    html.push_str(&esc(&text[at..]));
}

const HEAD: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>crosscheck report</title>
<style>
:root { --conflict:#c62828; --attribution:#e65100; --drift:#6a1b9a; --variant:#00796b; --compatible:#1565c0; --agree:#2e7d32; --none:#9e9e9e; --ink:#1c1c1c; --muted:#666; --line:#ddd; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fafafa; }
header, main, .filters { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
h1 { margin: 1rem 0 .25rem; font-size: 1.6rem; }
h2 { margin-top: 2rem; border-bottom: 2px solid var(--line); }
.summary { color: var(--muted); margin: 0 0 .5rem; }
.counts { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.counts li { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--c); border-radius: 6px; padding: .25rem .75rem; }
.counts b { font-size: 1.2rem; }
.table-wrap { overflow-x: auto; max-width: 100%; }
table.sources { border-collapse: collapse; width: 100%; font-size: .9rem; background: #fff; }
.sources th, .sources td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
.filters { position: sticky; top: 0; background: #fafafaee; padding-top: .5rem; padding-bottom: .5rem; z-index: 1; border-bottom: 1px solid var(--line); }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.filters legend { font-weight: 600; float: left; margin-right: .5rem; }
.finding { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--c); border-radius: 8px; padding: .5rem 1rem; margin: 1rem 0; overflow-wrap: anywhere; }
.finding h3 { margin: .25rem 0 .5rem; font-size: 1.1rem; }
.badge { display: inline-block; color: #fff; background: var(--c); border-radius: 4px; padding: 0 .4rem; font-size: .8rem; vertical-align: middle; text-transform: uppercase; letter-spacing: .03em; }
.tag { font-size: .75rem; border: 1px solid currentColor; border-radius: 4px; padding: 0 .3rem; margin-left: .3rem; color: #555; font-weight: normal; }
.parts { margin: .3rem 0 .6rem; padding-left: 1.1rem; }
.parts .badge { font-size: .7rem; }
li.more { color: #666; font-style: italic; }
.side h4 { margin: .5rem 0 .25rem; }
.side .value { font-size: 1.05rem; }
.srcs { color: var(--muted); font-weight: normal; font-size: .9rem; }
.side ul { margin: 0; padding-left: 1.2rem; }
.side li { margin: .2rem 0; }
.loc { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .8rem; color: var(--muted); }
q { quotes: none; }
.finding mark { background: color-mix(in srgb, var(--c) 18%, #fff); border-bottom: 2px solid var(--c); padding: 0 .1em; }
.diff del { background: #fde0e0; color: var(--conflict); }
.diff ins { background: #dff5e1; color: var(--agree); text-decoration: none; border-bottom: 2px solid var(--agree); }
.diff span { color: var(--muted); }
svg.picture { display: block; max-width: 100%; height: auto; margin: .25rem 0; }
.side-box { fill: #fff; stroke: var(--conflict); stroke-width: 2; }
.side-label { font: 600 14px system-ui, sans-serif; fill: var(--ink); }
.versus { font: 700 22px system-ui, sans-serif; fill: var(--conflict); }
.support { stroke: var(--muted); stroke-width: 1.5; }
.source-dot { fill: #eceff1; stroke: var(--muted); }
.source-label { font: 12px ui-monospace, monospace; fill: var(--ink); }
.source { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .5rem 1rem; margin: 1rem 0; }
.source .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.source mark { background: color-mix(in srgb, var(--f) 16%, #fff); border-bottom: 2px solid var(--f); padding: 0 .05em; }
.source mark mark { border-bottom-style: double; }
.ref { text-decoration: none; font-size: .75em; vertical-align: super; color: var(--f); }
.legend mark { border-bottom: 2px solid var(--f); background: color-mix(in srgb, var(--f) 16%, #fff); }
:target { outline: 3px solid #ffb300; outline-offset: 2px; }
.k-conflict { --c: var(--conflict); } .k-attribution { --c: var(--attribution); } .k-drift { --c: var(--drift); }
.k-variant { --c: var(--variant); } .k-compatible { --c: var(--compatible); } .k-agree { --c: var(--agree); }
.fate-conflict { --f: var(--conflict); } .fate-attribution { --f: var(--attribution); } .fate-drift { --f: var(--drift); }
.fate-variant { --f: var(--variant); } .fate-compatible { --f: var(--compatible); } .fate-agree { --f: var(--agree); } .fate-none { --f: var(--none); }
[hidden] { display: none !important; }
@media (max-width: 40rem) { body { font-size: 15px; } .finding, .source { padding: .5rem; } }
</style>
</head>
<body>
"#;

const SCRIPT: &str = r#"<script>
(function () {
  var boxes = document.querySelectorAll('.filters input');
  function checked(name) {
    var set = {};
    document.querySelectorAll('.filters input[name=' + name + ']:checked').forEach(function (b) { set[b.value] = true; });
    return set;
  }
  function apply() {
    var kinds = checked('kind'), sources = checked('source'), shown = 0;
    document.querySelectorAll('.finding').forEach(function (card) {
      var ids = JSON.parse(card.getAttribute('data-sources'));
      var visible = !!kinds[card.getAttribute('data-kind')] && ids.some(function (s) { return !!sources[s]; });
      card.hidden = !visible;
      if (visible) { shown += 1; }
    });
    document.querySelectorAll('.source').forEach(function (article) {
      article.hidden = !sources[article.getAttribute('data-source')];
    });
    document.getElementById('shown').textContent = String(shown);
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  apply();
})();
</script>
"#;
