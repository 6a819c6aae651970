#!/usr/bin/env python3
"""The Python reference for bench/run.sh: what a developer writes in an afternoon with
`re` and two processes to do crosscheck's job roughly.

It reads every .txt report under a folder (the stories of its sources.yaml, when there
is one), finds the same kinds of claims as crosscheck's pack, more crudely (casualty and
other counts next to a measure word, tolls that rose to a figure, percentages,
magnitudes, weekdays of an event, venues of talks, quotations and who said them),
normalizes the figures, and groups the claims by story and key: a key with more than
one value is a conflict. Each claim carries its sentence back from the worker, as
crosscheck's claims carry theirs. It prints one line of counts.

    bench/reference.py DIR [--processes N]

It is a yardstick for speed, not for quality: no hedges, no units, no time, no
tagging of places or people, no alignment beyond equal keys.
"""

import os
import re
import sys
from collections import defaultdict
from multiprocessing import Pool

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "thousand": 1000,
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}

NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:thousand|million|billion))?"
    r"|(?:" + "|".join(WORDS) + r")"
)
HEDGE = r"(?:at\s+least|more\s+than|over|about|around|nearly|almost|some|up\s+to)"
MEASURE = (
    r"(killed|dead|died|injured|wounded|hurt|missing|displaced|evacuated|rescued"
    r"|arrested|detained|held|released|homeless|affected|aboard|on\s+board)"
)
PEOPLE = r"(?:\s+(?:[a-z]+\s+){0,2}?(?:people|persons|civilians|children|soldiers"
PEOPLE += r"|passengers|residents|workers|others|hostages|prisoners|migrants))?"

COUNT = re.compile(
    r"\b(?:" + HEDGE + r"\s+)?(" + NUMBER + r")" + PEOPLE
    + r"\s+(?:(?:were|have\s+been|had\s+been|are|was|remain|remained)\s+)?" + MEASURE + r"\b",
    re.I,
)
TOLL = re.compile(
    r"\b(death\s+toll|number\s+of\s+(?:dead|deaths|injured|missing|displaced))\b[^.;]{0,60}?"
    r"\b(?:rose|risen|climbed|reached|stood|stands|hit|is|was)\s+(?:to\s+|at\s+)?(?:"
    + HEDGE + r"\s+)?(" + NUMBER + r")",
    re.I,
)
PERCENT = re.compile(r"\b([a-z]+)\s+(?:of\s+)?(" + NUMBER + r")\s*(?:%|per\s?cent\b)", re.I)
MAGNITUDE = re.compile(r"\bmagnitude[\s-]+(\d(?:\.\d)?)\b|\b(\d\.\d)[\s-]+magnitude\b", re.I)
WEEKDAY = re.compile(
    r"\b(struck|hit|crashed|began|started|arrived|met|opened|held|voted)\s+"
    r"(?:[a-z]+\s+){0,3}?on\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
VENUE = re.compile(
    r"\b(talks|negotiations|meetings?|summit|sessions|discussions)\s+(?:were\s+|are\s+)?"
    r"(?:held\s+)?(?:in|at)\s+([A-Z][\w'-]+(?:\s+(?:el-|al-)?[A-Z][\w'-]+){0,3})"
)
QUOTE = re.compile(
    r"[\"“]([^\"”]{20,400})[\"”],?\s+(?:said|says|told\s+\w+|added)\s+"
    r"((?:the\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3})"
)
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def number(text):
    """A figure's value: digits with commas, a scale word, or a number word."""
    words = text.lower().split()
    head = words[0].replace(",", "")
    if head in WORDS:
        return WORDS[head]
    try:
        value = float(head)
    except ValueError:
        return None
    if len(words) > 1:
        value *= SCALES.get(words[1], 1)
    return value


def claims_of(path):
    """(key, value, sentence) of every claim in one report."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    out = []
    for sentence in SENTENCE.split(text):
        if not sentence:
            continue
        for m in COUNT.finditer(sentence):
            v = number(m.group(1))
            if v is not None:
                out.append(("people " + m.group(2).lower(), v, sentence))
        for m in TOLL.finditer(sentence):
            v = number(m.group(2))
            if v is not None:
                out.append((m.group(1).lower(), v, sentence))
        for m in PERCENT.finditer(sentence):
            v = number(m.group(2))
            if v is not None:
                out.append(("percent " + m.group(1).lower(), v, sentence))
        for m in MAGNITUDE.finditer(sentence):
            out.append(("magnitude", float(m.group(1) or m.group(2)), sentence))
        for m in WEEKDAY.finditer(sentence):
            out.append(("day " + m.group(1).lower(), m.group(2), sentence))
        for m in VENUE.finditer(sentence):
            out.append(("venue of the " + m.group(1).lower(), m.group(2), sentence))
        for m in QUOTE.finditer(sentence):
            out.append(("speaker of " + m.group(1).lower()[:60], m.group(2), sentence))
    return path, out


def stories_of(folder):
    """Each report's story from sources.yaml (one `- {file: F, ..., story: S}` per
    line, as the bench generator writes it), or one story for the whole folder."""
    stories = {}
    manifest = os.path.join(folder, "sources.yaml")
    if os.path.exists(manifest):
        line_re = re.compile(r"file:\s*([^,}]+).*?story:\s*([^,}]+)")
        with open(manifest, encoding="utf-8") as f:
            for line in f:
                m = line_re.search(line)
                if m:
                    stories[os.path.join(folder, m.group(1).strip())] = m.group(2).strip()
    return stories


def main():
    args = sys.argv[1:]
    processes = 2
    if "--processes" in args:
        i = args.index("--processes")
        processes = int(args[i + 1])
        del args[i : i + 2]
    if len(args) != 1:
        sys.exit("usage: bench/reference.py DIR [--processes N]")
    folder = args[0]
    paths = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(folder)
        for name in names
        if name.endswith(".txt")
    )
    stories = stories_of(folder)
    values = defaultdict(set)
    claims = 0
    with Pool(processes) as pool:
        for path, found in pool.imap_unordered(claims_of, paths, chunksize=64):
            story = stories.get(path, "")
            for key, value, _sentence in found:
                values[(story, key)].add(value)
            claims += len(found)
    conflicts = sum(1 for v in values.values() if len(v) > 1)
    print(f"files {len(paths)} claims {claims} keys {len(values)} conflicts {conflicts}")


if __name__ == "__main__":
    main()
