#!/usr/bin/env python3
"""
gen.py: build the story-deduplication test set (items.jsonl).

    python3 tests/dedup/gen.py            # writes items.jsonl, items.meta.jsonl,
                                          # groups.json; refreshes README counts

Deterministic: every random choice comes from a random.Random seeded with
SEED and the story's key, so the same files give the same output byte for
byte, and editing one story does not change the items of the others.

Inputs:
  stories/*.txt   hand-written stories (format described in README.md)
  this file       the templated series (police log, weather forecast,
                  road closures) and the rules that turn a story into items
                  (page, AMP copy, feed entry, updated entry, teasers,
                  syndicated copies, partner-feed entries)

Outputs (beside this file):
  items.jsonl       one item a line: the data set
  items.meta.jsonl  line for line with items.jsonl: the variations that
                    were applied to that item (for per-variation recall)
  groups.json       the hard-negative groups: which stories, and why
  README.md         the block between the "counts" markers is rewritten
"""
import collections
import datetime as dt
import glob
import html
import json
import os
import random
import re
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261130

EST = dt.timezone(dt.timedelta(hours=-5))
PST = dt.timezone(dt.timedelta(hours=-8))
UTC = dt.timezone.utc

# --------------------------------------------------------------------------
# Publishers and their sources
# --------------------------------------------------------------------------

PUBS = {
    "harbour": dict(
        name="Harbour City Courier", host="www.harbourcitycourier.example",
        oddhost="www.HarbourCityCourier.example", tz=EST,
        feed="harbour-rss", pages=["harbour-pages", "harbour-front"],
        suffix=" - Harbour City Courier", feed_content=False,
        syndicate_to=["coastwire", "bayline", "valley"]),
    "meridian": dict(
        name="Meridian Herald", host="www.meridianherald.example",
        oddhost="WWW.MERIDIANHERALD.EXAMPLE", tz=UTC,
        feed="meridian-rss", pages=["meridian-pages"],
        suffix=" | Meridian Herald", feed_content=False,
        syndicate_to=["coastwire", "bayline"]),
    "bayline": dict(
        name="Bayline Post", host="baylinepost.example",
        oddhost="BaylinePost.example", tz=EST,
        feed="bayline-wp", pages=["bayline-pages"],
        suffix=" – Bayline Post", feed_content=True,
        syndicate_to=["coastwire", "valley"]),
    "ledger": dict(
        name="Circuit Ledger", host="circuitledger.example",
        oddhost="CircuitLedger.EXAMPLE", tz=PST,
        feed="ledger-atom", pages=["ledger-pages"],
        suffix=" · Circuit Ledger", feed_content=True,
        syndicate_to=["coastwire", "bayline"]),
    "valley": dict(
        name="Valley Gazette", host="www.valleygazette.example",
        oddhost="www.ValleyGazette.example", tz=EST,
        feed="valley-json", pages=[],
        suffix=" — Valley Gazette", feed_content=True,
        syndicate_to=["coastwire", "bayline"]),
}

SYNDICATORS = {
    # where a copy goes: (source, kind of item, the sentence a copy may add)
    "coastwire": ("syndicator-atom", "feed",
                  "Distributed by Coastwire on behalf of the {pub}."),
    "bayline": (None, None,
                "This article first appeared in the {pub} and is republished "
                "here with permission."),
    "valley": ("valley-json", "feed",
               "The {pub} contributed to this report."),
}

SOURCES = ["harbour-rss", "harbour-pages", "harbour-front", "meridian-rss",
           "meridian-pages", "bayline-wp", "bayline-pages", "ledger-atom",
           "ledger-pages", "syndicator-atom", "valley-json"]

# --------------------------------------------------------------------------
# Hard-negative groups: different stories that share people, places, words
# --------------------------------------------------------------------------

GROUPS = {
    "airport": "Three different incidents at Harbour City International "
               "Airport on different days (same airport, runway, spokesperson).",
    "police-log": "The weekly 'Police log' column: same template, same "
                  "standfirst and closing paragraph, different weeks and incidents.",
    "weather": "Daily 'Weather forecast for <day>' column: same template "
               "and boilerplate; two of them share the exact title "
               "'Weather forecast for Monday' a week apart.",
    "road-closures": "'Road closures this weekend' on three Fridays: identical "
                     "title, template text, different streets.",
    "council": "One city council meeting (Nov. 24) reported as four stories "
               "about four agenda items, plus an opinion column about one of them.",
    "pier9-court": "Follow-up: 'Judge delays ruling' vs 'Judge rules' in the "
                   "Pier 9 developer case.",
    "port-strike": "Follow-up: port strike talks resume vs strike ends with a deal.",
    "hiker": "Follow-up: search for missing hiker continues vs hiker found alive.",
    "derby": "The same two football clubs, league match and cup tie a week apart.",
    "mayor": "Mayor Ines Carvalho: re-election bid vs opening a library "
             "(same person, same week, same quotes style).",
    "dock-street-fires": "Two different fires on Dock Street eleven days apart, and "
                         "a restaurant-inspection story that mentions the second.",
    "route9": "Two different crashes that closed Route 9 ten days apart.",
    "aldana": "President Aldana meets three different people in Veldra "
              "(UN envoy, Tarnland's prime minister, the opposition leader).",
    "quake": "An earthquake and the aftershock the next day (same coast, "
             "same seismologist).",
    "quayline-pr": "Two Quayline Robotics press releases ending in the same "
                   "'About Quayline Robotics' boilerplate.",
    "fund-footer": "Three Bayline Post stories ending in the same 'This story "
                   "was produced with support from the Coastal Reporting Fund' footer.",
    "bayline-bank": "Bayline Bank: quarterly results vs branch closures.",
    "tern-river": "A flood warning on the Tern River vs the rebuilding of the Tern "
                  "River bridge after the same high water (Valley Gazette).",
}

# --------------------------------------------------------------------------
# Small text helpers
# --------------------------------------------------------------------------

SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to",
               "for", "by", "with", "as", "but", "from", "vs", "vs.", "nor",
               "into", "over", "per"}
STOP_SLUG = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and",
             "with", "as", "is", "are", "its", "his", "her", "by"}


def title_case(s):
    out = []
    for i, w in enumerate(s.split(" ")):
        core = w.strip("'\"‘’“”(")
        if not core:
            out.append(w)
        elif any(c.isupper() for c in core[1:]) or any(c.isdigit() for c in core):
            out.append(w)
        elif i > 0 and core.lower() in SMALL_WORDS and not out[-1].endswith(":"):
            out.append(w)
        else:
            j = w.index(core[0])
            out.append(w[:j] + w[j].upper() + w[j + 1:])
    return " ".join(out)


def slugify(title, maxwords=8):
    t = title.lower().replace("’", "").replace("'", "")
    words = [w for w in re.split(r"[^a-z0-9]+", t) if w]
    keep = [w for w in words if w not in STOP_SLUG] or words
    return "-".join(keep[:maxwords])


def words(text):
    return len(re.sub(r"<[^>]+>", " ", text).split())


def first_sentence(text):
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    return m.group(1) if m else text


def cut_words(text, n, rng):
    ws = text.split()
    n = min(n, len(ws) - 1)
    s = " ".join(ws[:n]).rstrip(",;:—-")
    return s + rng.choice(["…", "…", "...", " …", " ..."])


def to_html(paras):
    return "\n".join("<p>%s</p>" % html.escape(p, quote=False) for p in paras)


def iso(d, z=False):
    if z and d.utcoffset() == dt.timedelta(0):
        return d.strftime("%Y-%m-%dT%H:%M:%SZ")
    return d.isoformat()


# --------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------

def add_query(url, q):
    base, frag = (url.split("#", 1) + [None])[:2]
    base = base + ("&" if "?" in base else "?") + q
    return base + ("#" + frag if frag else "")


def set_host(url, host):
    return re.sub(r"^(https?://)[^/]+", lambda m: m.group(1) + host, url)


def host_of(url):
    return re.match(r"^https?://([^/]+)", url).group(1)


def amp_url(st, rng):
    """The AMP copy of a story's canonical URL, and the tag saying how."""
    c = st["canonical"]
    p = st["pub"]
    if p == "harbour":
        return c + "amp/", "amp-path"
    if p == "meridian":
        if rng.random() < 0.5:
            return add_query(c, "outputType=amp"), "amp-outputType"
        return set_host(c, "amp.meridianherald.example"), "amp-host"
    if p == "bayline":
        if rng.random() < 0.5:
            return c + "amp/", "amp-path"
        return add_query(c, "amp=1"), "amp-param"
    if p == "ledger":
        if rng.random() < 0.5:
            return add_query(c, "amp=1"), "amp-param"
        return set_host(c, "amp.circuitledger.example"), "amp-host"
    return add_query(c, "amp=1"), "amp-param"


FRAGMENTS = ["comments", "main-content", "top", "story-continues",
             ":~:text=the%20council", "gallery-3", "respond"]


def vary(url, st, rng, menu):
    """Apply one variation from menu (list of (weight, name)) to url."""
    tot = sum(w for w, _ in menu)
    r = rng.random() * tot
    for w, name in menu:
        r -= w
        if r < 0:
            break
    pub = PUBS.get(st["pub"], {})
    if name == "plain":
        return url, []
    if name == "utm-social":
        return add_query(url, rng.choice([
            "utm_source=facebook&utm_medium=social&utm_campaign=fb-post",
            "utm_source=twitter&utm_medium=social",
            "utm_source=newsletter&utm_medium=email&utm_campaign=morning-brief",
            "utm_medium=social&utm_source=bsky&utm_content=link"])), ["utm"]
    if name == "fbclid":
        tok = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
                      for _ in range(40))
        return add_query(url, "fbclid=IwAR" + tok), ["fbclid"]
    if name == "gclid":
        tok = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789")
                      for _ in range(30))
        return add_query(url, "gclid=Cj0KCQ" + tok), ["gclid"]
    if name == "http":
        return "http://" + url[len("https://"):], ["http"]
    if name == "www":
        h = host_of(url)
        if h.startswith("www."):
            return set_host(url, h[4:]), ["www-dropped"]
        return set_host(url, "www." + h), ["www-added"]
    if name == "case":
        return set_host(url, pub.get("oddhost", host_of(url).upper())), ["host-case"]
    if name == "index":
        if url.endswith("/"):
            return url + "index.html", ["index-html"]
        return url + "#" + rng.choice(FRAGMENTS), ["fragment"]
    if name == "fragment":
        return url + "#" + rng.choice(FRAGMENTS), ["fragment"]
    if name == "internal":
        return add_query(url, rng.choice([
            "itm_source=related&itm_medium=card",
            "utm_source=internal&utm_medium=related-stories",
            "icid=more-from-this-site", "ref=homepage", "ito=recirc-rail"])), ["internal-tracking"]
    if name == "amp":
        u, tag = amp_url(st, rng)
        return u, ["teaser-to-amp", tag]
    if name == "combo":
        u, t1 = vary(url, st, rng, [(1, "http"), (1, "case"), (1, "www")])
        u, t2 = vary(u, st, rng, [(1, "fbclid"), (1, "utm-social"), (1, "fragment")])
        return u, t1 + t2
    raise ValueError(name)


PAGE_MENU = [(44, "plain"), (10, "fbclid"), (4, "gclid"), (8, "utm-social"),
             (7, "http"), (6, "www"), (6, "case"), (6, "index"),
             (5, "fragment"), (4, "combo")]
TEASER_MENU = [(38, "plain"), (16, "internal"), (11, "amp"), (6, "http"),
               (5, "www"), (5, "case"), (8, "fragment"), (6, "index"),
               (5, "combo")]


def canonical_url(st):
    d = st["date"]
    slug = st["slug"]
    p = st["pub"]
    if p == "harbour":
        return "https://www.harbourcitycourier.example/%s/%s/%s/" % (
            st["section"], d.strftime("%Y/%m/%d"), slug)
    if p == "meridian":
        return "https://www.meridianherald.example/%s/%s/%s" % (
            st["section"], d.strftime("%Y/%m/%d"), slug)
    if p == "bayline":
        return "https://baylinepost.example/%s/%s/" % (d.strftime("%Y/%m/%d"), slug)
    if p == "ledger":
        return "https://circuitledger.example/%s/%s-%d" % (st["section"], slug, st["num"])
    if p == "valley":
        return "https://www.valleygazette.example/%s/%s/%s.html" % (
            st["section"], d.strftime("%Y/%m"), slug)
    raise ValueError(p)


# --------------------------------------------------------------------------
# Reading the hand-written stories
# --------------------------------------------------------------------------

def load_stories():
    stories = []
    for path in sorted(glob.glob(os.path.join(HERE, "stories", "*.txt"))):
        cur = None
        with open(path, encoding="utf-8") as f:
            for ln, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                where = "%s:%d" % (os.path.basename(path), ln)
                if line.startswith("== "):
                    parts = [p.strip() for p in line[3:].split("|")]
                    key, pub, section, date = parts[:4]
                    flags = set(f for f in (parts[4].split(",") if len(parts) > 4 else []) if f)
                    cur = dict(key=key, pub=pub, section=section,
                               date=dt.datetime.fromisoformat(date).replace(
                                   tzinfo=PUBS[pub]["tz"]),
                               flags={f.strip() for f in flags}, group=None,
                               title=None, alts=[], update=None, update_para=None,
                               prefix=None, standfirst=None, paras=[], where=where)
                    stories.append(cur)
                    continue
                tag, _, text = line.partition(" ")
                text = text.strip()
                if cur is None:
                    sys.exit("%s: text before the first story" % where)
                if tag == "G":
                    cur["group"] = text
                elif tag == "T":
                    cur["title"] = text
                elif tag == "A":
                    cur["alts"].append(text)
                elif tag == "U":
                    cur["update"] = text
                elif tag == "V":
                    cur["update_para"] = text
                elif tag == "X":
                    cur["prefix"] = text
                elif tag == "D":
                    cur["standfirst"] = text
                elif tag == "P":
                    cur["paras"].append(text)
                else:
                    sys.exit("%s: unknown line tag %r" % (where, tag))
    return stories


# --------------------------------------------------------------------------
# Templated series
# --------------------------------------------------------------------------

STREETS = ["Market Street", "Quayside Road", "Dock Street", "Lantern Avenue",
           "Beacon Hill Road", "Ferry Lane", "Gull Terrace", "Old Mill Road",
           "Harbour Boulevard", "Cannery Row", "Saltworks Lane", "Chapel Street",
           "Pier 3", "Eastside Avenue", "Rope Walk", "Northgate Road"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

POLICE_INCIDENTS = [
    ("stolen bikes", "{day}, {time}, {street}: Two bicycles were reported stolen from a rack outside an apartment building. The owner told officers both had been locked with cable locks, which were found cut on the pavement."),
    ("a bar fight", "{day}, {time}, {street}: Officers broke up a fight outside a bar and arrested a {age}-year-old man on a charge of assault. A second man was treated at the scene for a cut above his eye."),
    ("a loose goat", "{day}, {time}, {street}: A caller reported a goat walking in the roadway. Officers and an animal control worker returned it to a nearby backyard, where a gate had been left open."),
    ("a car break-in", "{day}, {time}, {street}: A resident reported that a car window had been smashed overnight and a laptop bag taken from the back seat. No suspect was identified."),
    ("a shoplifting arrest", "{day}, {time}, {street}: A store manager reported a man leaving without paying for cosmetics worth about ${amount}. Officers found him two blocks away and issued a summons."),
    ("fireworks complaints", "{day}, {time}, {street}: Several callers complained about fireworks being set off in a parking lot. Officers found spent casings but no one in the area."),
    ("a catalytic converter theft", "{day}, {time}, {street}: The owner of a delivery van reported its catalytic converter had been sawn off while it was parked overnight. Police said it was the {nth} such theft in the area this month."),
    ("a drunk-driving arrest", "{day}, {time}, {street}: Officers stopped a car that was drifting across lanes and arrested the {age}-year-old driver on a charge of driving under the influence after a breath test."),
    ("a scam call", "{day}, {time}, {street}: An elderly resident reported receiving a call from someone claiming to be a grandson in jail and asking for ${amount} in gift cards. She did not pay and called police."),
    ("graffiti", "{day}, {time}, {street}: A business owner reported fresh graffiti on a loading-bay door. Public works crews were notified to remove it."),
    ("a lost wallet returned", "{day}, {time}, {street}: A passer-by handed in a wallet containing ${amount} in cash. Officers contacted the owner, who collected it the same afternoon."),
    ("a noise complaint", "{day}, {time}, {street}: Neighbours complained about a loud party. Officers asked the host to turn down the music and no further calls were received."),
    ("a package theft", "{day}, {time}, {street}: A resident reported that three parcels had been taken from a front porch. A doorbell camera recorded a person in a grey hoodie, and the footage was passed to detectives."),
    ("a boat theft", "{day}, {time}, {street}: A marina worker reported that an outboard motor had been removed from a small aluminium boat tied up at the public dock. The motor was valued at ${amount}."),
]


def police_series():
    weeks = [(dt.date(2026, 11, 2), 214), (dt.date(2026, 11, 9), 198),
             (dt.date(2026, 11, 16), 231), (dt.date(2026, 11, 23), 187)]
    out = []
    for i, (start, calls) in enumerate(weeks):
        rng = random.Random("%s:police:%d" % (SEED, i))
        end = start + dt.timedelta(days=6)
        rng2 = random.Random("%s:police-pick:%d" % (SEED, i))
        picked = rng2.sample(POLICE_INCIDENTS, 6)
        streets = rng2.sample(STREETS, 6)
        days = sorted(rng2.sample(range(7), 6))
        rng2.shuffle(days)
        span = "Nov. %d to Nov. %d" % (start.day, end.day)
        paras = ["Harbour City police logged %d calls for service in the week from %s, "
                 "according to the department's weekly summary. Here are some of the "
                 "incidents officers responded to." % (calls, span)]
        for (tag, tmpl), street, day in zip(picked, streets, days):
            h = rng.choice([1, 2, 3, 6, 7, 8, 9, 10, 11])
            paras.append(tmpl.format(
                day=DAYS[day], street=street,
                time="%d:%02d %s" % (h, rng.choice([5, 10, 20, 35, 40, 50]),
                                      rng.choice(["a.m.", "p.m."])),
                age=rng.randint(19, 58), amount=rng.choice([60, 120, 240, 350, 900, 1200]),
                nth=rng.choice(["third", "fourth", "fifth"])))
        paras.append("The police log is compiled from the department's public dispatch "
                     "records. An arrest or a citation is an accusation, not a finding of "
                     "guilt. Anyone with information about these incidents can call the "
                     "non-emergency line at 555-0142 or leave a tip anonymously on the "
                     "department's website.")
        tags = [p[0] for p in picked]
        out.append(dict(
            key="police-log-%s" % start.isoformat(), pub="harbour", section="news",
            date=dt.datetime.combine(end + dt.timedelta(days=1), dt.time(7, 30), EST),
            flags=set(), group="police-log",
            title="Police log: Nov. %d–%d" % (start.day, end.day),
            alts=["%s, %s and %s: this week's police log" % (tags[0].capitalize(), tags[1], tags[2]),
                  "Police log", "Harbour City police log for the week of Nov. %d" % start.day],
            update=None, update_para=None, prefix=None,
            standfirst="A selection of incidents reported to Harbour City police this week.",
            paras=paras, where="gen.py:police"))
    return out


WEATHER = [
    # date published (evening before), day, condition, hi, lo, wind, rain %, tide
    (dt.date(2026, 11, 15), "Monday", "rain", 11, 6, "south-west", 80),
    (dt.date(2026, 11, 16), "Tuesday", "showers", 9, 4, "west", 50),
    (dt.date(2026, 11, 22), "Monday", "sun", 8, 1, "north", 5),
    (dt.date(2026, 11, 24), "Wednesday", "fog", 7, 3, "light and variable", 20),
    (dt.date(2026, 11, 25), "Thursday", "wind", 10, 5, "north-east", 40),
]
WX = {
    "rain": ("a soaking day", "Steady rain arrives before dawn and lasts into the evening, "
             "with 15 to 25 millimetres expected across the city and more on Beacon Hill.",
             "Ponding is likely on Harbour Boulevard and the low end of Market Street, where "
             "drains back up at high tide."),
    "showers": ("a mix of sun and showers", "Bands of showers move through from the west, "
                "each lasting twenty minutes or so, with bright spells in between.",
                "A rumble of thunder is possible over the bay in the early afternoon."),
    "sun": ("a bright, cold day", "High pressure settles over the coast, giving clear skies "
            "from morning to night after a frosty start.",
            "Frost will linger on untreated pavements and in the shade of the Old Mill Road "
            "cutting until mid-morning."),
    "fog": ("a grey, murky day", "Dense fog forms over the harbour overnight and is slow to "
            "lift, with visibility below 200 metres at the waterfront until late morning.",
            "Ferries to Gull Island may run late, and the airport warns of possible delays "
            "to early departures."),
    "wind": ("a blustery day", "A deepening low passes to the north, bringing gusts of 60 to "
             "70 km/h along the seafront and occasional rain.",
             "Loose garden furniture and bins should be secured, and the Swing Bridge may "
             "close to high-sided vehicles."),
}


def weather_series():
    out = []
    for i, (pubdate, day, cond, hi, lo, wind, rain) in enumerate(WEATHER):
        rng = random.Random("%s:weather:%d" % (SEED, i))
        target = pubdate + dt.timedelta(days=1)
        what, main, extra = WX[cond]
        sunrise = "7:%02d a.m." % (1 + target.day)
        sunset = "4:%02d p.m." % (45 - target.day // 2)
        hw = "%d:%02d" % (rng.randint(1, 11), rng.choice([4, 12, 27, 38, 51]))
        paras = [
            "%s, %s %d, looks like %s in Harbour City, with a high near %d°C and an "
            "overnight low around %d°C. Winds will come from the %s." % (
                day, "November", target.day, what, hi, lo, wind),
            main + " " + extra,
            "Morning: %s. Afternoon: temperatures peak near %d°C around 2 p.m. Evening: "
            "%s, falling to %d°C by midnight. The chance of rain is %d percent." % (
                {"rain": "wet from the start", "showers": "cloudy with a shower or two",
                 "sun": "clear and cold", "fog": "fog, thick at the waterfront",
                 "wind": "breezy with a few spots of rain"}[cond],
                hi, {"rain": "rain easing late", "showers": "clearing skies",
                     "sun": "a starry night", "fog": "fog returning after dark",
                     "wind": "winds slowly dropping"}[cond], lo + 1, rain),
            "On the water: %s. High tide at the harbour is at %s a.m. and again about "
            "12 hours and 25 minutes later. Sunrise is at %s and sunset at %s" % (
                {"rain": "south-westerly 15 to 25 knots, seas one to two metres",
                 "showers": "westerly 10 to 20 knots, a moderate chop",
                 "sun": "northerly 5 to 10 knots, calm in the inner harbour",
                 "fog": "light winds, visibility poor in fog patches",
                 "wind": "north-easterly 25 to 35 knots, a small-craft advisory in force"}[cond],
                hw, sunrise, sunset),
            "Looking ahead: %s" % rng.choice([
                "the rest of the week stays unsettled, with another front due on Friday.",
                "drier weather builds in for the weekend, though nights turn colder.",
                "temperatures climb slightly by the weekend as winds turn southerly.",
                "a chance of the season's first snow flurries on Beacon Hill by Saturday."]),
            "The Courier's forecast is prepared by the weather desk using National "
            "Weather Service data and readings from the harbour station. For warnings "
            "and hourly updates, see the weather page or follow the desk on social media.",
        ]
        out.append(dict(
            key="weather-%s" % target.isoformat(), pub="harbour", section="weather",
            date=dt.datetime.combine(pubdate, dt.time(17, 0), EST), flags=set(),
            group="weather", title="Weather forecast for %s" % day,
            alts=["%s weather: %s, high of %d°C" % (day, {
                      "rain": "rain all day", "showers": "sun and showers",
                      "sun": "bright and cold", "fog": "fog to start",
                      "wind": "blustery, gusts to 70 km/h"}[cond], hi),
                  "Harbour City weather for %s, Nov. %d" % (day, target.day)],
            update=None, update_para=None, prefix=None,
            standfirst="Your daily forecast for Harbour City and the bay.",
            paras=paras, where="gen.py:weather"))
    return out


CLOSURES = [
    ("Quayside Road", "between Ferry Lane and Pier 3", "for water main replacement",
     "from 7 p.m. Friday to 5 a.m. Monday", "Traffic will be diverted along Harbour Boulevard."),
    ("Market Street", "from Chapel Street to Rope Walk", "for the Christmas market set-up",
     "from 6 a.m. Saturday to midnight Sunday", "Buses 4 and 11 will use Eastside Avenue."),
    ("Beacon Hill Road", "at the Northgate Road junction", "for resurfacing",
     "from 8 a.m. to 6 p.m. Saturday", "One lane will stay open under temporary signals."),
    ("the Old Swing Bridge", "in both directions", "for a structural inspection",
     "from 10 p.m. Friday to 6 a.m. Saturday", "Drivers should use the Northgate crossing."),
    ("Lantern Avenue", "between Gull Terrace and Cannery Row", "for a film shoot",
     "from 5 a.m. to 9 p.m. Sunday", "Residents' access will be maintained."),
    ("Dock Street", "east of Saltworks Lane", "for crane work at a construction site",
     "from 6 a.m. Saturday to 6 p.m. Sunday", "Pedestrians will be directed across the street."),
    ("Old Mill Road", "from the cutting to the recycling centre", "for tree felling",
     "from 9 a.m. to 3 p.m. Saturday", "The recycling centre stays open via the north gate."),
    ("Harbour Boulevard", "northbound at Cannery Row", "for the Harbour Lights parade",
     "from 4 p.m. to 9 p.m. Saturday", "Parking on the boulevard is suspended from noon."),
    ("Eastside Avenue", "between Chapel Street and the library", "for gas-line repairs",
     "from 7 a.m. Saturday to 7 p.m. Sunday", "Local traffic only; follow the signed detour."),
]


def closures_series():
    out = []
    fridays = [dt.date(2026, 11, 6), dt.date(2026, 11, 13), dt.date(2026, 11, 20)]
    for i, fri in enumerate(fridays):
        rng = random.Random("%s:closures:%d" % (SEED, i))
        picks = CLOSURES[i * 3:(i + 1) * 3]
        sat = fri + dt.timedelta(days=1)
        paras = ["Drivers in Harbour City should plan extra time this weekend, Nov. %d-%d, "
                 "with %s closed %s and work on %s and %s." % (
                     sat.day, sat.day + 1, picks[0][0], picks[0][2], picks[1][0], picks[2][0])]
        for road, where, why, when, note in picks:
            paras.append("%s will be closed %s %s, %s. %s" % (
                road[0].upper() + road[1:], where, why, when, note))
        paras.append("Cyclists and pedestrians can pass all work sites except where crews "
                     "are lifting heavy equipment; flaggers will be on hand.")
        paras.append("Closures can change at short notice because of weather or "
                     "emergencies. The city's live traffic map shows current closures, "
                     "and the public works department posts updates on its website. "
                     "Questions can be directed to the public works hotline at 555-0199.")
        out.append(dict(
            key="road-closures-%s" % fri.isoformat(), pub="harbour", section="traffic",
            date=dt.datetime.combine(fri, dt.time(rng.choice([9, 10, 11]), 15), EST),
            flags=set(), group="road-closures", title="Road closures this weekend",
            alts=["%s shut for the weekend: what drivers need to know" % picks[0][0].replace("the Old", "Old"),
                  "Weekend road closures in Harbour City, Nov. %d-%d" % (sat.day, sat.day + 1)],
            update=None, update_para=None, prefix=None,
            standfirst="Where the roadworks and closures are in Harbour City this weekend.",
            paras=paras, where="gen.py:closures"))
    return out


# --------------------------------------------------------------------------
# Turning a story into items
# --------------------------------------------------------------------------

def guid_for(source, st, rng):
    """A feed entry's guid as the given source writes them."""
    d = st["date"]
    if source == "harbour-rss":
        r = rng.random()
        if r < 0.05:
            return None, ["no-guid"]
        if r < 0.12:
            return st["canonical"], ["url-guid"]
        return "harbour-%s-%d" % (d.strftime("%Y-%m-%d"), rng.randint(4000, 4999)), ["non-url-guid"]
    if source == "meridian-rss":
        if rng.random() < 0.1:
            return st["canonical"], ["url-guid"]
        return "urn:uuid:%s" % uuid.UUID(int=rng.getrandbits(128), version=4), ["non-url-guid"]
    if source == "bayline-wp":
        return "https://baylinepost.example/?p=%d" % rng.randint(18000, 24999), ["wordpress-guid"]
    if source == "ledger-atom":
        return "tag:circuitledger.example,2026:post-%d" % rng.randint(5000, 5999), ["non-url-guid"]
    if source == "valley-json":
        return str(rng.randint(48000, 48999)), ["non-url-guid"]
    if source == "syndicator-atom":
        return "tag:coastwire.example,2026-11:wire/%d" % rng.randint(110000, 129999), ["non-url-guid"]
    raise ValueError(source)


FEED_TRACKING = {
    "harbour-rss": ["utm_source=rss&utm_medium=feed&utm_campaign=local",
                    "utm_source=rss&utm_medium=feed", "ref=rss"],
    "meridian-rss": ["utm_source=rss&utm_medium=rss&utm_campaign=world", "ref=rss",
                     "utm_source=feedburner&utm_medium=feed&utm_campaign=Feed%3A+meridian-top"],
    "bayline-wp": ["utm_source=rss&utm_medium=rss&utm_campaign={slug}", ""],
    "ledger-atom": ["utm_source=atom&utm_medium=feed", "ref=feed", ""],
    "valley-json": ["utm_source=jsonfeed", ""],
    "syndicator-atom": ["", "utm_source=coastwire&utm_medium=syndication"],
}


def feed_link(source, url, st, rng, force_tracking=False):
    opts = FEED_TRACKING[source]
    q = rng.choice([o for o in opts if o] if force_tracking else opts)
    if not q:
        return url, []
    q = q.format(slug=st["slug"])
    tag = "ref-rss" if q.startswith("ref=") else "utm"
    return add_query(url, q), [tag, "feed-tracking"]


def page_aliases(canon, rng, own=True):
    r = rng.random()
    if r < 0.62:
        return [canon], ["aliases-canonical"]
    if r < 0.80:
        og = rng.choice(["http://" + canon[len("https://"):],
                         canon.rstrip("/") if canon.endswith("/") else canon + "/",
                         add_query(canon, "ref=og")])
        return [canon, og], ["aliases-og-differs"]
    if r < 0.90:
        return [canon], ["aliases-og-only"]
    if r < 0.95:
        return [canon, set_host(canon, host_of(canon).replace("www.", "m.", 1)
                                if host_of(canon).startswith("www.") else "m." + host_of(canon))], \
            ["aliases-mobile"]
    return [], ["no-aliases"]


def item(story, source, kind, guid, link, aliases, title, summary, cut,
         content, published, tags):
    return dict(story=story["label"], source=source, kind=kind, guid=guid,
                link=link, aliases=aliases, title=title, summary=summary,
                summary_cut=cut, content=content,
                published=published), tags


def og_description(st, rng):
    if st["standfirst"] and rng.random() < 0.7:
        return st["standfirst"], False
    lead = st["paras"][0]
    if len(lead) > 170 and rng.random() < 0.5:
        return cut_words(lead, 24, rng), True
    return first_sentence(lead), False


def teaser_title(st, rng):
    t = st["title"]
    r = rng.random()
    if st["alts"] and r < 0.58:
        return rng.choice(st["alts"]), ["rewritten-headline"]
    if r < 0.70 and len(t) > 52:
        cut = t[:48].rsplit(" ", 1)[0].rstrip(",:;")
        return cut + "…", ["title-truncated"]
    if r < 0.78:
        return title_case(t), ["title-case-changed"]
    if st["prefix"] and r < 0.9:
        return "%s %s" % (st["prefix"].rstrip(":|").strip().upper(), t), ["title-prefix"]
    return t, []


def teaser_snippet(st, rng):
    r = rng.random()
    if r < 0.05:
        return "", False, ["snippet-none"]
    if r < 0.25:
        sf = st["standfirst"] or first_sentence(st["paras"][1])
        return sf, False, ["snippet-standfirst"]
    return cut_words(st["paras"][0], rng.randint(15, 30), rng), True, ["snippet-cut"]


def syndicate(st, rng, to, items):
    """A copy of st on another site: own URL, own guid, lightly edited."""
    pub = PUBS[st["pub"]]
    paras = list(st["paras"])
    tags = ["syndicated", "syndicated-to-" + to]
    if len(paras) > 3 and rng.random() < 0.55:
        i = rng.randrange(1, len(paras) - 1)
        if words(" ".join(paras[:i] + paras[i + 1:])) >= 150:
            del paras[i]
            tags.append("syn-paragraph-dropped")
    sentence = SYNDICATORS[to][2].format(pub=pub["name"])
    if rng.random() < 0.7:
        paras.append(sentence)
        tags.append("syn-sentence-added")
    if "syn-paragraph-dropped" not in tags and "syn-sentence-added" not in tags:
        paras[-1] = paras[-1] + " " + sentence
        tags.append("syn-sentence-added")
    title = title_case(st["title"])
    if title != st["title"]:
        tags.append("syn-casing-changed")
    elif st["alts"]:
        title = st["alts"][0]
        tags.append("syn-headline-changed")
    content = to_html(paras)
    when = st["date"] + dt.timedelta(minutes=rng.randint(110, 420))
    d = st["date"]
    if to == "coastwire":
        num = rng.randint(110000, 129999)
        own = "https://coastwire.example/stories/%s/%s-%d" % (d.strftime("%Y/%m/%d"), st["slug"], num)
        link, lt = feed_link("syndicator-atom", own, st, rng)
        guid = "tag:coastwire.example,2026-11:wire/%d" % num
        items.append(item(st, "syndicator-atom", "feed", guid, link, [], title,
                          first_sentence(paras[0]), False, content,
                          iso(when.astimezone(UTC), z=True), tags + lt + ["non-url-guid"]))
    elif to == "valley":
        own = "https://www.valleygazette.example/wire/%s/%s.html" % (d.strftime("%Y/%m"), st["slug"])
        link, lt = feed_link("valley-json", own, st, rng)
        items.append(item(st, "valley-json", "feed", str(rng.randint(48000, 48999)), link, [],
                          title, st["standfirst"] or first_sentence(paras[0]), False, content,
                          iso(when.astimezone(EST)), tags + lt + ["non-url-guid"]))
    elif to == "bayline":
        own = "https://baylinepost.example/%s/%s/" % (
            when.astimezone(EST).strftime("%Y/%m/%d"), st["slug"])
        if rng.random() < 0.5:
            link, lt = feed_link("bayline-wp", own, st, rng)
            wp = content + "\n<p>The post <a href=\"%s\">%s</a> appeared first on " \
                           "<a href=\"https://baylinepost.example\">Bayline Post</a>.</p>" % (
                               own, html.escape(title))
            items.append(item(st, "bayline-wp", "feed",
                              "https://baylinepost.example/?p=%d" % rng.randint(18000, 24999),
                              link, [], title, cut_words(paras[0], 40, rng).rstrip(".… ") + " […]",
                              True, wp, iso(when.astimezone(EST)),
                              tags + lt + ["wordpress-guid", "wp-footer"]))
        else:
            if rng.random() < 0.45:
                aliases, at = [st["canonical"], own], ["syn-cross-canonical"]
            else:
                aliases, at = [own], ["aliases-canonical"]
            link, lt = vary(own, dict(st, pub="bayline"), rng, PAGE_MENU)
            items.append(item(st, "bayline-pages", "full", None, link, aliases, title,
                              first_sentence(paras[0]), False, content,
                              iso(when.astimezone(EST)), tags + lt + at))
            return own
    return None


def build_items(st):
    rng = random.Random("%s:%s" % (SEED, st["key"]))
    pub = PUBS[st["pub"]]
    flags = st["flags"]
    out = []
    canon = st["canonical"]
    pubtime = st["date"]
    content = to_html(st["paras"])
    single = next((f for f in flags if f.startswith("single-")), None)

    def page():
        link, lt = vary(canon, st, rng, PAGE_MENU)
        aliases, at = page_aliases(canon, rng)
        title, tt = st["title"], []
        if rng.random() < 0.1:
            title, tt = title + pub["suffix"], ["site-suffix"]
        summ, cut = og_description(st, rng)
        out.append(item(st, pub["pages"][0], "full", None, link, aliases, title, summ, cut,
                        content, iso(pubtime), lt + at + tt))

    def amp():
        link, at = amp_url(st, rng)
        aliases = [canon] if rng.random() < 0.8 else [canon, add_query(canon, "ref=amp")]
        summ, cut = og_description(st, rng)
        out.append(item(st, pub["pages"][0], "full", None, link, aliases, st["title"], summ,
                        cut, content, iso(pubtime), ["amp-copy", at]))

    def feed(force_tracking=False):
        src = pub["feed"]
        guid, gt = guid_for(src, st, rng)
        link, lt = feed_link(src, canon, st, rng, force_tracking or gt == ["non-url-guid"]
                             and rng.random() < 0.8)
        title, tt = st["title"], []
        if st["prefix"]:
            title, tt = "%s %s" % (st["prefix"], title), ["title-prefix"]
        elif rng.random() < 0.12:
            title, tt = title + pub["suffix"], ["site-suffix"]
        if src == "bayline-wp":
            summ, cut = cut_words(st["paras"][0], 40, rng).rstrip(".… ") + " […]", True
        elif st["standfirst"] and rng.random() < 0.5:
            summ, cut = st["standfirst"], False
        else:
            summ, cut = st["paras"][0], False
        c = None
        if pub["feed_content"]:
            c = content
            if src == "bayline-wp":
                c += "\n<p>The post <a href=\"%s\">%s</a> appeared first on " \
                     "<a href=\"https://baylinepost.example\">Bayline Post</a>.</p>" % (
                         canon, html.escape(st["title"]))
                tt = tt + ["wp-footer"]
        when = pubtime + dt.timedelta(minutes=rng.randint(0, 25))
        out.append(item(st, src, "feed", guid, link, [], title, summ, cut, c, iso(when),
                        gt + lt + tt))
        return guid, link, summ, cut

    def update(g):
        guid, link, summ, cut = g
        src = pub["feed"]
        c = None
        paras = list(st["paras"])
        if st["update_para"]:
            paras.insert(1, st["update_para"])
        if pub["feed_content"]:
            c = to_html(paras)
        if st["update_para"] and not cut:
            summ = st["update_para"]
        when = pubtime + dt.timedelta(minutes=rng.randint(70, 420))
        out.append(item(st, src, "feed", guid, link, [], st["update"], summ, cut, c, iso(when),
                        ["feed-update", "title-changed"] +
                        (["non-url-guid"] if guid and not guid.startswith("http") else [])))

    def teaser(on_amp_page=False):
        src = rng.choice(pub["pages"]) if pub["pages"] else None
        if src is None:
            return
        menu = TEASER_MENU
        if on_amp_page:
            menu = [(1, "amp")]
        link, lt = vary(canon, st, rng, menu)
        title, tt = teaser_title(st, rng)
        summ, cut, stt = teaser_snippet(st, rng)
        pubd = None
        if rng.random() < 0.22:
            pubd = iso(pubtime)
            stt = stt + ["teaser-dated"]
        out.append(item(st, src, "teaser", None, link, [], title, summ, cut, None, pubd,
                        lt + tt + stt))

    def partner():
        # Another site's feed carrying a link to this story (no copy of its own).
        src = {"meridian": "harbour-rss", "ledger": "bayline-wp",
               "harbour": "valley-json", "bayline": "harbour-rss",
               "valley": "harbour-rss"}[st["pub"]]
        link, lt = feed_link(src, canon, st, rng, True)
        if src == "harbour-rss":
            guid = "hcc-wire-%d" % rng.randint(80000, 89999)
        elif src == "bayline-wp":
            guid = "https://baylinepost.example/?p=%d" % rng.randint(18000, 24999)
        else:
            guid = str(rng.randint(48000, 48999))
        summ = "From our partners at the %s: %s" % (pub["name"], first_sentence(st["paras"][0]))
        when = pubtime + dt.timedelta(minutes=rng.randint(40, 300))
        out.append(item(st, src, "feed", guid, link, [], st["title"], summ, False, None,
                        iso(when.astimezone(PUBS["harbour"]["tz"])),
                        lt + ["partner-link", "non-url-guid" if not guid.startswith("http")
                              else "wordpress-guid"]))

    if single:
        what = single.split("-", 1)[1]
        if what == "page":
            page()
        elif what == "feed":
            feed()
        elif what == "teaser":
            teaser()
        elif what == "syn":
            syndicate(st, rng, pub["syndicate_to"][0], out)
        for x in out:
            x[1].append("singleton")
        return out

    has_pages = bool(pub["pages"])
    if has_pages and "nopage" not in flags and rng.random() < 0.93:
        page()
        if "amp" in flags or ("noamp" not in flags and rng.random() < 0.26):
            amp()
    g = None
    if "nofeed" not in flags and (rng.random() < 0.9 or not out or st["update"]):
        g = feed()
        if st["update"]:
            update(g)
    n = rng.choices([0, 1, 2, 3, 4], weights=[8, 28, 32, 20, 12])[0]
    if "many" in flags:
        n = max(n, 3)
    if has_pages:
        amp_page = any("amp-copy" in t for _, t in out) and rng.random() < 0.3
        for i in range(n):
            teaser(on_amp_page=amp_page and i == 0)
    p_syn = 0.36 if has_pages else 0.8
    if "syn" in flags or ("nosyn" not in flags and rng.random() < p_syn):
        dests = list(pub["syndicate_to"])
        rng.shuffle(dests)
        k = 2 if rng.random() < 0.2 else 1
        for to in dests[:k]:
            own = syndicate(st, rng, to, out)
            if own and rng.random() < 0.5:
                # A teaser on the syndicating site pointing at its own copy.
                title, tt = teaser_title(st, rng)
                summ, cut, stt = teaser_snippet(st, rng)
                out.append(item(st, "bayline-pages", "teaser", None, own, [], title, summ, cut,
                                None, None, tt + stt + ["teaser-to-syndicated-copy"]))
    if "partner" in flags or rng.random() < (0.1 if has_pages else 0.4):
        partner()
    while len(out) < 3 and has_pages:
        teaser()
    while len(out) > 8:
        for i in range(len(out) - 1, -1, -1):
            if out[i][0]["kind"] == "teaser":
                del out[i]
                break
        else:
            break
    return out


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def check_story(st):
    err = []
    if not st["title"]:
        err.append("no title")
    if len(st["paras"]) < 3:
        err.append("fewer than 3 paragraphs")
    w = words(" ".join(st["paras"]))
    lo = 150
    if {"single-teaser"} & st["flags"] or ("single-feed" in st["flags"]
                                         and not PUBS[st["pub"]]["feed_content"]):
        lo = 90     # no item of this story carries its text
    if not lo <= w <= 560:
        err.append("body is %d words" % w)
    if len(st["paras"][0].split()) < 25:
        err.append("lead is only %d words" % len(st["paras"][0].split()))
    if st["group"] and st["group"] not in GROUPS:
        err.append("unknown group %s" % st["group"])
    return err


def main():
    stories = load_stories() + police_series() + weather_series() + closures_series()
    errors = []
    for i, st in enumerate(stories):
        st["label"] = "s%03d" % (i + 1)
        st["num"] = random.Random("%s:num:%s" % (SEED, st["key"])).randint(1000, 9999)
        st["slug"] = slugify(st["title"])
        st["canonical"] = canonical_url(st)
        for e in check_story(st):
            errors.append("%s (%s): %s" % (st["key"], st["where"], e))
    keys = collections.Counter(s["key"] for s in stories)
    errors += ["duplicate key %s" % k for k, n in keys.items() if n > 1]
    canons = collections.Counter(s["canonical"] for s in stories)
    errors += ["duplicate canonical %s" % k for k, n in canons.items() if n > 1]
    if errors:
        sys.exit("\n".join(errors))

    pairs = []
    for st in stories:
        pairs += build_items(st)
    rng = random.Random("%s:order" % SEED)
    rng.shuffle(pairs)

    with open(os.path.join(HERE, "items.jsonl"), "w", encoding="utf-8") as f:
        for it, _ in pairs:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "items.meta.jsonl"), "w", encoding="utf-8") as f:
        for n, (it, tags) in enumerate(pairs, 1):
            f.write(json.dumps(dict(line=n, story=it["story"], tags=sorted(set(tags))),
                               ensure_ascii=False) + "\n")
    groups = collections.OrderedDict()
    for g, desc in GROUPS.items():
        members = [dict(story=s["label"], title=s["title"], published=iso(s["date"]))
                   for s in stories if s["group"] == g]
        groups[g] = dict(description=desc, stories=members)
    with open(os.path.join(HERE, "groups.json"), "w", encoding="utf-8") as f:
        json.dump(groups, f, ensure_ascii=False, indent=1)
        f.write("\n")
    write_counts(stories, pairs, groups)


def write_counts(stories, pairs, groups):
    items = [p[0] for p in pairs]
    per_story = collections.Counter(i["story"] for i in items)
    kinds = collections.Counter(i["kind"] for i in items)
    sources = collections.Counter(i["source"] for i in items)
    tags = collections.Counter(t for _, ts in pairs for t in set(ts))
    same = sum(n * (n - 1) // 2 for n in per_story.values())
    total = len(items) * (len(items) - 1) // 2
    sizes = collections.Counter(per_story.values())
    hn = [m["story"] for g in groups.values() for m in g["stories"]]
    lines = [
        "| what | count |", "| --- | --- |",
        "| items | %d |" % len(items),
        "| stories | %d |" % len(stories),
        "| same-story pairs | %d |" % same,
        "| different-story pairs | %d |" % (total - same),
        "| hard-negative groups | %d |" % len(groups),
        "| stories in hard-negative groups | %d |" % len(hn),
        "| sources | %d |" % len(sources),
        "",
        "Items per kind: " + ", ".join("%s %d" % kv for kv in sorted(kinds.items())) + ".",
        "",
        "Items per source: " + ", ".join("%s %d" % kv for kv in sorted(sources.items())) + ".",
        "",
        "Stories by number of items: " + ", ".join(
            "%d item%s: %d" % (k, "" if k == 1 else "s", v) for k, v in sorted(sizes.items())) + ".",
        "",
        "Items carrying each variation (an item can carry several; see items.meta.jsonl):",
        "",
        "| variation | items |", "| --- | --- |",
    ]
    lines += ["| %s | %d |" % kv for kv in sorted(tags.items())]
    lines += ["", "Hard-negative groups:", "", "| group | stories | what |", "| --- | --- | --- |"]
    for g, v in groups.items():
        lines.append("| %s | %s | %s |" % (g, " ".join(m["story"] for m in v["stories"]),
                                           v["description"]))
    block = "\n".join(lines)
    path = os.path.join(HERE, "README.md")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        b, e = "<!-- counts:begin -->", "<!-- counts:end -->"
        if b in text and e in text:
            text = text[:text.index(b) + len(b)] + "\n" + block + "\n" + text[text.index(e):]
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    print(block)


if __name__ == "__main__":
    main()
