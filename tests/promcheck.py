#!/usr/bin/env python3
"""promcheck.py [--dump] FILE...: check Prometheus text files (format 0.0.4).

Each FILE is read twice.  First by the grammar of the text exposition
format, strictly, with what node_exporter's textfile collector requires
on top: every line a HELP, TYPE or sample line; metric and label names
valid; label values escaped (only \\\\, \\" and \\n); HELP and TYPE once per
family and before its samples; a family's samples together; no series
twice; no timestamps; counters named *_total; a newline at the end.  Then
by prometheus_client's parser (Debian's python3-prometheus-client), which
must read the same families and samples, none of them untyped.

Prints "promcheck: FILE: N families, M samples" and exits 0, or one line
per problem on stderr and exits 1 (2: prometheus_client is missing).
With --dump, every sample as the library read it, one per line:
    NAME LABELS-AS-JSON VALUE
"""
import json
import re
import sys

try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError:
    sys.stderr.write("promcheck: prometheus_client is needed "
                     "(apt-get install python3-prometheus-client)\n")
    sys.exit(2)

METRIC = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"
VALUE = r'"((?:[^"\\\n]|\\[\\"n])*)"'
FLOAT = (r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
         r"|[+-]?Inf|NaN")
SAMPLE = re.compile(r"(%s)(?:\{(.*)\})? (%s)( [0-9-]+)?" % (METRIC, FLOAT))
PAIR = re.compile(r"(%s)=%s(,|$)" % (LABEL, VALUE))
COMMENT = re.compile(r"# (HELP|TYPE) (%s)(?: (.*))?" % METRIC)
TYPES = ("counter", "gauge", "histogram", "summary", "untyped")
UNESCAPE = {"\\\\": "\\", '\\"': '"', "\\n": "\n"}


def unescape(v):
    return re.sub(r'\\[\\"n]', lambda m: UNESCAPE[m.group(0)], v)


def labels_of(text, where, problems):
    """The labels of a sample as a dict, strictly parsed (None: bad)."""
    labels, pos = {}, 0
    while pos < len(text):
        m = PAIR.match(text, pos)
        if not m:
            problems.append("%s: bad labels at %r" % (where, text[pos:]))
            return None
        name, value = m.group(1), unescape(m.group(2))
        if name.startswith("__"):
            problems.append("%s: reserved label name %s" % (where, name))
        if name in labels:
            problems.append("%s: label %s twice" % (where, name))
        labels[name] = value
        pos = m.end()
    return labels


def family_of(name, types):
    """The family a sample name belongs to (histograms and summaries have
    suffixed samples)."""
    for suffix in ("_bucket", "_count", "_sum"):
        base = name[:-len(suffix)]
        if name.endswith(suffix) and types.get(base) in ("histogram",
                                                         "summary"):
            return base
    return name


def strict(path, text):
    """Problems found by the grammar, and the samples read."""
    problems, samples = [], []
    helps, types, done, series, sampled = {}, {}, set(), set(), set()
    current = None
    if text and not text.endswith("\n"):
        problems.append("%s: no newline at the end" % path)
    for n, line in enumerate(text.split("\n")[:-1], 1):
        where = "%s:%d" % (path, n)
        if line.startswith("#"):
            m = COMMENT.fullmatch(line)
            if not m:
                if re.match(r"#\s*(HELP|TYPE)\b", line):
                    problems.append("%s: bad HELP or TYPE line" % where)
                continue
            kind, name, rest = m.group(1), m.group(2), m.group(3) or ""
            seen = helps if kind == "HELP" else types
            if name in seen:
                problems.append("%s: %s %s twice" % (where, kind, name))
            if name in sampled:
                problems.append("%s: %s %s after its samples"
                                % (where, kind, name))
            if kind == "HELP":
                if re.search(r"\\[^\\n]|\\$", rest):
                    problems.append("%s: bad escape in HELP" % where)
                helps[name] = rest
            else:
                if rest not in TYPES:
                    problems.append("%s: unknown type %r" % (where, rest))
                types[name] = rest
            if current is not None and current != name:
                done.add(current)
            current = name
            continue
        if line == "":
            problems.append("%s: empty line" % where)
            continue
        m = SAMPLE.fullmatch(line)
        if not m:
            problems.append("%s: not a sample line: %r" % (where, line))
            continue
        name, labels_text, value, stamp = m.groups()
        family = family_of(name, types)
        if family not in types:
            problems.append("%s: %s has no TYPE" % (where, family))
        if family not in helps:
            problems.append("%s: %s has no HELP" % (where, family))
        if family in done:
            problems.append("%s: %s: samples not together" % (where, family))
        if current is not None and current != family:
            done.add(current)
        current = family
        sampled.add(family)
        if stamp:
            problems.append("%s: a timestamp (node_exporter refuses them)"
                            % where)
        if types.get(family) == "counter" and not name.endswith("_total"):
            problems.append("%s: counter %s not named *_total"
                            % (where, name))
        labels = labels_of(labels_text or "", where, problems)
        if labels is None:
            continue
        key = (name, tuple(sorted(labels.items())))
        if key in series:
            problems.append("%s: series twice: %s" % (where, line))
        series.add(key)
        samples.append((name, labels, float(value)))
    return problems, samples, types


def same(a, b):
    return a == b or (a != a and b != b)  # NaN


def check(path, dump):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        return ["%s: %s" % (path, e)], 0, 0
    problems, samples, types = strict(path, text)
    try:
        families = list(text_string_to_metric_families(text))
    except Exception as e:  # the parser raises whatever it meets
        return problems + ["%s: prometheus_client: %s" % (path, e)], 0, 0
    read = []
    for fam in families:
        if fam.type == "untyped":
            problems.append("%s: prometheus_client read %s as untyped"
                            % (path, fam.name))
        for s in fam.samples:
            read.append((s.name, s.labels, s.value))
            if dump:
                print("%s %s %s" % (s.name, json.dumps(s.labels,
                                                       sort_keys=True),
                                    s.value))
    if len(read) != len(samples) or not all(
            a[0] == b[0] and a[1] == b[1] and same(a[2], b[2])
            for a, b in zip(read, samples)):
        problems.append("%s: prometheus_client read other samples than "
                        "the grammar" % path)
    return problems, len(types), len(samples)


def main(argv):
    dump = False
    if argv and argv[0] == "--dump":
        dump, argv = True, argv[1:]
    if not argv:
        sys.stderr.write("usage: promcheck.py [--dump] FILE...\n")
        return 2
    rc = 0
    for path in argv:
        problems, nfamilies, nsamples = check(path, dump)
        for p in problems:
            sys.stderr.write("promcheck: %s\n" % p)
        if problems:
            rc = 1
        elif not dump:
            print("promcheck: %s: %d families, %d samples"
                  % (path, nfamilies, nsamples))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
