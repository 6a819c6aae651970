//! Writes a benchmark corpus derived from the seed reports, deterministically.
//!
//! ```sh
//! cargo run --release --example gen-corpus -- OUT --bytes 200MB [--seed 42] [--events]
//! ```
//!
//! Reports are grouped into stories of five. Each report is a seed report rewritten:
//! figures kept, moved within their hedge, or moved beyond it; the venue city and the
//! weekdays swapped among real gazetteer entries; quotes reworded; paragraphs
//! reordered; bylines and named people replaced by generated names. Each story also
//! adds sentences about its own places (local tolls, aid trucks, troops, strikes,
//! polls), so that claims spread over thousands of keys. The proportions used are
//! printed at the end; the corpus is the same for the same seed and size.
//!
//! All stories tell of the seeds' one event, so a folder of them without its
//! manifest is one story to `--story-by auto`. With `--events`, each story is an
//! event of its own: the seeds' places and people (the parties, the mediators, the
//! territory) are replaced by the story's own, drawn from the gazetteer and from
//! generated names, so that the folder is many events, as a desk's archive is.

use std::fmt::Write as _;
use std::path::PathBuf;

const SEEDS: &[&str] = &[
    include_str!("../seeds/000_ee5da1ed71b78aa9.txt"),
    include_str!("../seeds/001_459522c8cf174e29.txt"),
    include_str!("../seeds/002_aef8a3b9ca76e6de.txt"),
    include_str!("../seeds/003_7b46891325f9c359.txt"),
    include_str!("../seeds/004_aedb8158f972869a.txt"),
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Quote words and what a rewording puts in their place.
const REWORDS: &[(&str, &str)] = &[
    ("ensuring", "the assurance that"),
    ("possibility", "real chance"),
    ("tough", "difficult"),
    ("attitude", "approach"),
    ("decision", "choice"),
    ("guarantees", "assurances"),
    ("obstacles", "barriers"),
    ("really good", "very good"),
    ("immediately", "at once"),
];

/// The seeds' places and people that make their event theirs, replaced by a story's
/// own with `--events`: (words, a place or a person, and for a person the entry
/// whose surname this is).
const CAST: &[(&str, Role)] = &[
    ("Gaza Strip", Role::Place(0)),
    ("Gaza City", Role::Place(1)),
    ("Gaza", Role::Place(0)),
    ("Israel", Role::Place(2)),
    ("Egypt", Role::Place(3)),
    ("Qatar", Role::Place(4)),
    ("Doha", Role::Place(5)),
    ("Turkey", Role::Place(6)),
    ("Jerusalem", Role::Place(7)),
    ("Middle East", Role::Place(8)),
    ("United States", Role::Place(9)),
    ("U.S.", Role::Place(9)),
    ("US", Role::Place(9)),
    ("Washington", Role::Place(10)),
    // Demonyms by their place ("the Aonla government").
    ("Israelis", Role::Place(2)),
    ("Israeli", Role::Place(2)),
    ("Palestinians", Role::Place(0)),
    ("Palestinian", Role::Place(0)),
    ("Egyptian", Role::Place(3)),
    ("Qatari", Role::Place(4)),
    ("Turkish", Role::Place(6)),
    ("Sheikh Mohammed bin Abdulrahman Al Thani", Role::Person(6)),
    ("Sheikh Mohammed bin Abdul Rahman Al Thani", Role::Person(6)),
    ("Al Thani", Role::Surname(6)),
    ("António Guterres", Role::Person(7)),
    ("Hamas", Role::Group),
    ("Jared Kushner", Role::Person(0)),
    ("Kushner", Role::Surname(0)),
    ("Steve Witkoff", Role::Person(1)),
    ("Witkoff", Role::Surname(1)),
    ("Donald Trump", Role::Person(2)),
    ("Trump", Role::Surname(2)),
    ("Benjamin Netanyahu", Role::Person(3)),
    ("Netanyahu", Role::Surname(3)),
    ("Khalil al-Hayya", Role::Person(4)),
    ("Abdel Fattah el-Sisi", Role::Person(5)),
];

#[derive(Clone, Copy)]
enum Role {
    Place(usize),
    Person(usize),
    Surname(usize),
    Group,
}

/// Chances, in percent, of each variation.
const FIGURE_MOVED_WITHIN: u32 = 15;
const FIGURE_MOVED_BEYOND: u32 = 8;
const VENUE_SWAPPED: u32 = 20;
const WEEKDAY_SWAPPED: u32 = 10;
const QUOTE_REWORDED: u32 = 15;

const SYLLABLES: &[&str] = &[
    "ka", "ro", "mi", "ta", "le", "su", "na", "vo", "ri", "da", "el", "mo", "sa", "ti", "lu", "ne",
    "ha", "zo", "fi", "ga",
];

fn name(rng: &mut fastrand::Rng) -> String {
    let mut word = |n: usize| {
        let mut w: String = (0..n)
            .map(|_| SYLLABLES[rng.usize(..SYLLABLES.len())])
            .collect();
        if let Some(first) = w.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        w
    };
    format!("{} {}", word(2), word(3))
}

#[derive(Default)]
struct Stats {
    reports: usize,
    stories: usize,
    bytes: usize,
    figures: usize,
    within: usize,
    beyond: usize,
    venues: usize,
    venue_swaps: usize,
    weekdays: usize,
    weekday_swaps: usize,
    quotes: usize,
    rewords: usize,
    story_sentences: usize,
}

/// A figure such as "67,173" or "1,200" changed as a report might change it.
fn vary_figure(digits: &str, rng: &mut fastrand::Rng, stats: &mut Stats) -> String {
    let value: f64 = digits.replace(',', "").parse().unwrap_or(0.0);
    stats.figures += 1;
    let roll = rng.u32(..100);
    let varied = if roll < FIGURE_MOVED_WITHIN {
        stats.within += 1;
        value * (1.0 + (rng.f64() - 0.5) * 0.04)
    } else if roll < FIGURE_MOVED_WITHIN + FIGURE_MOVED_BEYOND {
        stats.beyond += 1;
        value * (1.3 + rng.f64())
    } else {
        value
    };
    let n = varied.round().max(1.0) as u64;
    if digits.contains(',') || n >= 10_000 {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else {
        n.to_string()
    }
}

struct World {
    /// Finds the words of [`CAST`] (longest first, whole words).
    cast: regex::Regex,
    cities: Vec<String>,
    places: Vec<String>,
    demonyms: Vec<String>,
}

fn world() -> World {
    let pack = crosscheck::rules::Pack::embedded().expect("the default pack compiles");
    let places = &pack.vocab.places;
    let cities = places
        .places()
        .filter(|p| p.kind() == Some(crosscheck::rules::raw::PlaceKind::City))
        .map(|p| p.name().to_string())
        .collect();
    // Each word ends at a word boundary, but one ending in a dot ("U.S.") ends
    // there: no boundary stands between its dot and the space after it.
    let words: Vec<String> = CAST
        .iter()
        .map(|(w, _)| {
            let end = if w.ends_with(char::is_alphanumeric) {
                r"\b"
            } else {
                ""
            };
            format!("{}{end}", regex::escape(w))
        })
        .collect();
    World {
        cast: regex::Regex::new(&format!(r"\b(?:{})", words.join("|")))
            .expect("the cast's words make a regex"),
        cities,
        places: places.places().map(|p| p.name().to_string()).collect(),
        demonyms: places
            .places()
            .filter_map(|p| p.demonyms().last().map(str::to_string))
            .collect(),
    }
}

/// One report: a seed rewritten for its story.
fn report(
    story: &Story,
    index: usize,
    rng: &mut fastrand::Rng,
    world: &World,
    stats: &mut Stats,
) -> String {
    let seed = SEEDS[index % SEEDS.len()];
    let mut paragraphs: Vec<String> = seed.split('\n').map(str::to_string).collect();
    // Reorder the body (keep the first line, the headline).
    if paragraphs.len() > 3 {
        let body = &mut paragraphs[1..];
        rng.shuffle(body);
    }
    let mut text = paragraphs.join("\n");
    // The event's own places and people.
    if let Some(cast) = &story.cast {
        text = world
            .cast
            .replace_all(&text, |found: &regex::Captures| {
                let word = &found[0];
                let role = CAST
                    .iter()
                    .find(|(w, _)| *w == word)
                    .map(|(_, r)| *r)
                    .expect("the regex finds only the cast's words");
                cast.name(role)
            })
            .into_owned();
    }
    // Venues.
    for city in ["Cairo", "Sharm el-Sheikh"] {
        let n = text.matches(city).count();
        stats.venues += n;
        if n > 0 {
            let to = if rng.u32(..100) < VENUE_SWAPPED {
                stats.venue_swaps += n;
                world.cities[rng.usize(..world.cities.len())].as_str()
            } else {
                story.venue.as_str()
            };
            text = text.replace(city, to);
        }
    }
    // Weekdays.
    for day in WEEKDAYS {
        let n = text.matches(day).count();
        stats.weekdays += n;
        if n > 0 && rng.u32(..100) < WEEKDAY_SWAPPED {
            stats.weekday_swaps += n;
            text = text.replace(day, WEEKDAYS[rng.usize(..WEEKDAYS.len())]);
        }
    }
    // Quotes.
    for (from, to) in REWORDS {
        if text.contains(from) {
            stats.quotes += 1;
            if rng.u32(..100) < QUOTE_REWORDED {
                stats.rewords += 1;
                text = text.replacen(from, to, 1);
            }
        }
    }
    // Names of people the vocabulary does not list.
    for person in [
        "Felicia Schwartz",
        "Esther Imonmion",
        "Robert Greenway",
        "Fawzi Barhoum",
        "Gage Skidmore",
    ] {
        text = text.replace(person, &story.names[rng.usize(..story.names.len())]);
    }
    // Figures: digits with thousands separators, and plain figures of two or more digits.
    let mut out = String::with_capacity(text.len() + 512);
    let mut rest = text.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let len = rest[start..]
            .find(|c: char| !(c.is_ascii_digit() || c == ','))
            .unwrap_or(rest.len() - start);
        let mut digits = &rest[start..start + len];
        while digits.ends_with(',') {
            digits = &digits[..digits.len() - 1];
        }
        let year = digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"));
        if digits.replace(',', "").len() >= 2 && !year {
            out.push_str(&vary_figure(digits, rng, stats));
        } else {
            out.push_str(digits);
        }
        rest = &rest[start + digits.len()..];
    }
    out.push_str(rest);
    // The story's own places and figures.
    for _ in 0..3 {
        stats.story_sentences += 1;
        let place = &story.places[rng.usize(..story.places.len())];
        let city = &story.cities[rng.usize(..story.cities.len())];
        let n = if rng.u32(..100) < FIGURE_MOVED_BEYOND {
            story.figure * 2
        } else {
            story.figure
        };
        let day = WEEKDAYS[rng.usize(..WEEKDAYS.len())];
        let sentence = match rng.u32(..5) {
            0 => format!("At least {n} people have been killed in {city}, local officials said."),
            1 => format!(
                "Some {} aid trucks entered {place} on {day}, the UN said.",
                n / 3 + 10
            ),
            2 => format!(
                "About {} troops were deployed to {place} this week.",
                n / 2 + 20
            ),
            3 => format!("A drone strike in {city} on {day} hit a market, residents said."),
            _ => format!(
                "A poll found that {}% of {} support the agreement.",
                40 + (story.figure % 40),
                story.demonym
            ),
        };
        let _ = write!(out, "\n{sentence}");
    }
    let _ = write!(
        out,
        "\nReporting by {}.",
        story.names[index % story.names.len()]
    );
    out
}

/// Who and where a story's event is, with `--events`.
struct Cast {
    places: Vec<String>,
    people: Vec<String>,
    group: String,
}

impl Cast {
    fn name(&self, role: Role) -> String {
        match role {
            Role::Place(i) => self.places[i].clone(),
            Role::Person(i) => self.people[i].clone(),
            Role::Surname(i) => self.people[i]
                .rsplit(' ')
                .next()
                .unwrap_or_default()
                .to_string(),
            Role::Group => self.group.clone(),
        }
    }
}

/// What the reports of one story share.
struct Story {
    cast: Option<Cast>,
    venue: String,
    cities: Vec<String>,
    places: Vec<String>,
    demonym: String,
    names: Vec<String>,
    figure: u64,
}

fn story(rng: &mut fastrand::Rng, world: &World, events: bool) -> Story {
    let pick = |rng: &mut fastrand::Rng, v: &[String], n: usize| {
        (0..n)
            .map(|_| v[rng.usize(..v.len())].clone())
            .collect::<Vec<_>>()
    };
    let cast = events.then(|| Cast {
        places: pick(rng, &world.places, 11),
        people: (0..8).map(|_| name(rng)).collect(),
        group: name(rng).replace(' ', ""),
    });
    Story {
        cast,
        venue: world.cities[rng.usize(..world.cities.len())].clone(),
        cities: pick(rng, &world.cities, 3),
        places: pick(rng, &world.places, 3),
        demonym: world.demonyms[rng.usize(..world.demonyms.len())].clone(),
        names: (0..4).map(|_| name(rng)).collect(),
        figure: 20 + rng.u64(..400),
    }
}

fn parse_size(text: &str) -> Option<usize> {
    let t = text.trim().to_ascii_uppercase();
    let (digits, factor) = if let Some(n) = t.strip_suffix("GB") {
        (n, 1 << 30)
    } else if let Some(n) = t.strip_suffix("MB") {
        (n, 1 << 20)
    } else if let Some(n) = t.strip_suffix("KB") {
        (n, 1 << 10)
    } else {
        (t.as_str(), 1)
    };
    digits
        .trim()
        .parse::<f64>()
        .ok()
        .map(|n| (n * factor as f64) as usize)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen-corpus OUT --bytes SIZE [--seed N] [--events]   (SIZE like 100MB)";
    let mut out: Option<PathBuf> = None;
    let mut bytes = 100 << 20;
    let mut seed = 42u64;
    let mut events = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--bytes" => {
                bytes = args
                    .get(i + 1)
                    .and_then(|s| parse_size(s))
                    .unwrap_or_else(|| panic!("{usage}"));
                i += 1;
            }
            "--seed" => {
                seed = args
                    .get(i + 1)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| panic!("{usage}"));
                i += 1;
            }
            "--events" => events = true,
            other if out.is_none() => out = Some(PathBuf::from(other)),
            _ => panic!("{usage}"),
        }
        i += 1;
    }
    let out = out.unwrap_or_else(|| panic!("{usage}"));
    std::fs::create_dir_all(&out).expect("create the corpus folder");
    let world = world();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut stats = Stats::default();
    let mut current = story(&mut rng, &world, events);
    // The manifest tells crosscheck which reports tell one story.
    let mut manifest = String::from(
        "# Generated by gen-corpus: reports of one story are cross-checked together.\nsources:\n",
    );
    while stats.bytes < bytes {
        if stats.reports % 5 == 0 && stats.reports > 0 {
            current = story(&mut rng, &world, events);
            stats.stories += 1;
        }
        let text = report(&current, stats.reports, &mut rng, &world, &mut stats);
        // Folders of 1,000 reports, as a newsroom archive might hold them.
        let dir = out.join(format!("{:04}", stats.reports / 1000));
        if stats.reports % 1000 == 0 {
            std::fs::create_dir_all(&dir).expect("create a folder");
        }
        let file = format!("r{:07}.txt", stats.reports);
        std::fs::write(dir.join(&file), &text).expect("write a report");
        let _ = writeln!(
            manifest,
            "  - {{file: {:04}/{file}, id: r{:07}, story: s{:06}}}",
            stats.reports / 1000,
            stats.reports,
            stats.reports / 5
        );
        stats.bytes += text.len();
        stats.reports += 1;
    }
    stats.stories += 1;
    std::fs::write(out.join("sources.yaml"), manifest).expect("write the manifest");
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!(
        "wrote {} reports ({:.1} MB) in {} stories to {}",
        stats.reports,
        stats.bytes as f64 / 1e6,
        stats.stories,
        out.display()
    );
    println!(
        "figures:   {} — {:.1} % moved within their hedge, {:.1} % moved beyond it",
        stats.figures,
        pct(stats.within, stats.figures),
        pct(stats.beyond, stats.figures)
    );
    println!(
        "venues:    {} mentions — {:.1} % swapped to another city",
        stats.venues,
        pct(stats.venue_swaps, stats.venues)
    );
    println!(
        "weekdays:  {} mentions — {:.1} % swapped",
        stats.weekdays,
        pct(stats.weekday_swaps, stats.weekdays)
    );
    println!(
        "quotes:    {} rewordable — {:.1} % reworded (drift)",
        stats.quotes,
        pct(stats.rewords, stats.quotes)
    );
    println!(
        "story sentences: {} (local tolls, aid trucks, troops, strikes, polls over {} cities and {} places)",
        stats.story_sentences,
        world.cities.len(),
        world.places.len()
    );
}
