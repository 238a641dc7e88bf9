/*
 * metrics.c: the daemon's counters and their Prometheus text file (see
 * metrics.h).  Owns the per-source and per-round figures; the file is
 * written through outfile.c.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "outfile.h"
#include "util.h"

struct metrics_source {
	char		*name;
	uint64_t	 fetches[METRICS_NOUTCOMES];
	uint64_t	 bytes;
	uint64_t	 items_new;
	uint64_t	 items_merged;
	long		 http_status;	/* of the last fetch; 0: none */
	int64_t		 failures;	/* in a row */
	int64_t		 last_success;
	int64_t		 next_due;
};

struct metrics {
	struct metrics_source	**sources;	/* sorted by name */
	size_t			  nsources;
	size_t			  cap;

	int64_t			  start_time;
	uint64_t		  rounds;
	double			  round_duration;	/* of the last one */
	int64_t			  round_finished;
	int			  have_round_counts;
	int64_t			  round_counts[4];	/* sources, fetched,
							   failed, new items */
};

static const char *metrics_outcomes[METRICS_NOUTCOMES] = {
	"ok", "unchanged", "error", "gone"
};

struct metrics *
metrics_new(void)
{
	struct metrics	*m = xcalloc(1, sizeof *m);

	m->start_time = now_seconds();
	return m;
}

static void
metrics_source_free(struct metrics_source *ms)
{
	free(ms->name);
	free(ms);
}

void
metrics_free(struct metrics *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nsources; i++)
		metrics_source_free(m->sources[i]);
	free(m->sources);
	free(m);
}

/* The index of name in the sorted array, or where it would go (*found 0). */
static size_t
metrics_find(struct metrics *m, const char *name, int *found)
{
	size_t	 lo = 0, hi = m->nsources, mid;
	int	 c;

	*found = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(name, m->sources[mid]->name)) == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The source called name, added with zeroed figures when it is new. */
static struct metrics_source *
metrics_source(struct metrics *m, const char *name)
{
	struct metrics_source	*ms;
	size_t			 i;
	int			 found;

	i = metrics_find(m, name, &found);
	if (found)
		return m->sources[i];
	m->sources = xgrowarray(m->sources, &m->cap, m->nsources + 1,
	    sizeof *m->sources);
	memmove(m->sources + i + 1, m->sources + i,
	    (m->nsources - i) * sizeof *m->sources);
	ms = xcalloc(1, sizeof *ms);
	ms->name = xstrdup(name);
	m->sources[i] = ms;
	m->nsources++;
	return ms;
}

void
metrics_fetch(struct metrics *m, const char *source,
    enum metrics_outcome outcome, int64_t bytes, long http_status)
{
	struct metrics_source	*ms = metrics_source(m, source);

	if ((unsigned)outcome >= METRICS_NOUTCOMES)
		outcome = METRICS_ERROR;
	ms->fetches[outcome]++;
	if (bytes > 0)
		ms->bytes += (uint64_t)bytes;
	ms->http_status = http_status > 0 ? http_status : 0;
}

void
metrics_items(struct metrics *m, const char *source, int new_items,
    int merged_items)
{
	struct metrics_source	*ms = metrics_source(m, source);

	if (new_items > 0)
		ms->items_new += (uint64_t)new_items;
	if (merged_items > 0)
		ms->items_merged += (uint64_t)merged_items;
}

void
metrics_source_state(struct metrics *m, const char *source,
    int consecutive_failures, int64_t last_success, int64_t next_due)
{
	struct metrics_source	*ms = metrics_source(m, source);

	ms->failures = consecutive_failures > 0 ? consecutive_failures : 0;
	ms->last_success = last_success > 0 ? last_success : 0;
	ms->next_due = next_due > 0 ? next_due : 0;
}

void
metrics_round(struct metrics *m, double duration_seconds, int64_t finished_at)
{
	m->rounds++;
	m->round_duration = duration_seconds;
	m->round_finished = finished_at;
}

void
metrics_round_counts(struct metrics *m, int sources, int fetched,
    int failed, int new_items)
{
	m->have_round_counts = 1;
	m->round_counts[0] = sources;
	m->round_counts[1] = fetched;
	m->round_counts[2] = failed;
	m->round_counts[3] = new_items;
}

void
metrics_forget(struct metrics *m, const char *source)
{
	size_t	 i;
	int	 found;

	i = metrics_find(m, source, &found);
	if (!found)
		return;
	metrics_source_free(m->sources[i]);
	memmove(m->sources + i, m->sources + i + 1,
	    (m->nsources - i - 1) * sizeof *m->sources);
	m->nsources--;
}

/* --- rendering ------------------------------------------------------------ */

/* A label value: backslash, double quote and newline escaped. */
static void
metrics_label(struct buf *b, const char *v)
{
	for (; *v != '\0'; v++) {
		switch (*v) {
		case '\\':
			buf_addstr(b, "\\\\");
			break;
		case '"':
			buf_addstr(b, "\\\"");
			break;
		case '\n':
			buf_addstr(b, "\\n");
			break;
		default:
			buf_addc(b, *v);
			break;
		}
	}
}

/* The HELP and TYPE lines of a family (help holds no backslash or newline). */
static void
metrics_family(struct buf *b, const char *name, const char *type,
    const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A sample of family name for source: name{source="NAME"} */
static void
metrics_source_name(struct buf *b, const char *name,
    const struct metrics_source *ms)
{
	buf_printf(b, "%s{source=\"", name);
	metrics_label(b, ms->name);
	buf_addc(b, '"');
}

/*
 * A float as Prometheus reads it, to the microsecond: digits and a dot
 * whatever the locale says (printf's %f would follow LC_NUMERIC).
 */
static void
metrics_double(struct buf *b, double v)
{
	int64_t	 us;

	if (isnan(v))	/* a macro: no libm */
		buf_addstr(b, "NaN");
	else if (v >= 9e12 || v <= -9e12)	/* beyond int64 microseconds */
		buf_addstr(b, v > 0 ? "+Inf" : "-Inf");
	else {
		us = (int64_t)((v < 0 ? -v : v) * 1e6 + 0.5);
		buf_printf(b, "%s%" PRId64 ".%06" PRId64, v < 0 ? "-" : "",
		    us / 1000000, us % 1000000);
	}
}

/* A per-source family whose value is an int64 field picked by get. */
static void
metrics_per_source(struct buf *b, const struct metrics *m, const char *name,
    const char *type, const char *help,
    int64_t (*get)(const struct metrics_source *))
{
	size_t	 i;

	metrics_family(b, name, type, help);
	for (i = 0; i < m->nsources; i++) {
		metrics_source_name(b, name, m->sources[i]);
		buf_printf(b, "} %" PRId64 "\n", get(m->sources[i]));
	}
}

static int64_t
get_bytes(const struct metrics_source *ms)
{
	return (int64_t)ms->bytes;
}

static int64_t
get_items_new(const struct metrics_source *ms)
{
	return (int64_t)ms->items_new;
}

static int64_t
get_items_merged(const struct metrics_source *ms)
{
	return (int64_t)ms->items_merged;
}

static int64_t
get_failures(const struct metrics_source *ms)
{
	return ms->failures;
}

static int64_t
get_last_success(const struct metrics_source *ms)
{
	return ms->last_success;
}

static int64_t
get_next_due(const struct metrics_source *ms)
{
	return ms->next_due;
}

static int64_t
get_http_status(const struct metrics_source *ms)
{
	return ms->http_status;
}

static void
metrics_render_sources(struct buf *b, const struct metrics *m)
{
	const char	*name = "feedmerge_fetches_total";
	size_t		 i;
	int		 o;

	metrics_family(b, name, "counter",
	    "Fetches of a source by outcome (ok, unchanged, error, gone).");
	for (i = 0; i < m->nsources; i++) {
		for (o = 0; o < METRICS_NOUTCOMES; o++) {
			metrics_source_name(b, name, m->sources[i]);
			buf_printf(b, ",outcome=\"%s\"} %" PRIu64 "\n",
			    metrics_outcomes[o], m->sources[i]->fetches[o]);
		}
	}
	metrics_per_source(b, m, "feedmerge_fetch_bytes_total", "counter",
	    "Bytes received from a source, as they came (compressed).",
	    get_bytes);
	metrics_per_source(b, m, "feedmerge_items_new_total", "counter",
	    "Items of a source that were new stories.", get_items_new);
	metrics_per_source(b, m, "feedmerge_items_merged_total", "counter",
	    "Items of a source merged into a story already known.",
	    get_items_merged);
	metrics_per_source(b, m, "feedmerge_source_consecutive_failures",
	    "gauge", "Fetches of a source that failed in a row.",
	    get_failures);
	metrics_per_source(b, m,
	    "feedmerge_source_last_success_timestamp_seconds", "gauge",
	    "When a fetch of a source last succeeded (0: never).",
	    get_last_success);
	metrics_per_source(b, m,
	    "feedmerge_source_next_fetch_timestamp_seconds", "gauge",
	    "When a source is fetched next (0: not scheduled).",
	    get_next_due);
	metrics_per_source(b, m, "feedmerge_source_last_http_status", "gauge",
	    "HTTP status of the last fetch of a source (0: no HTTP response).",
	    get_http_status);
}

/* A gauge or counter without labels; a negative gauge is unknown. */
static void
metrics_single(struct buf *b, const char *name, const char *type,
    const char *help, int64_t v)
{
	if (v < 0)
		return;
	metrics_family(b, name, type, help);
	buf_printf(b, "%s %" PRId64 "\n", name, v);
}

static void
metrics_render_buf(struct buf *b, const struct metrics *m,
    int64_t store_bytes, int64_t stories, int64_t entries)
{
	metrics_family(b, "feedmerge_build_info", "gauge",
	    "Always 1; the version is a label.");
	buf_addstr(b, "feedmerge_build_info{version=\"");
	metrics_label(b, PACKAGE_VERSION);
	buf_addstr(b, "\"} 1\n");
	metrics_single(b, "feedmerge_start_time_seconds", "gauge",
	    "When the daemon started, in unix seconds.", m->start_time);
	metrics_single(b, "feedmerge_rounds_total", "counter",
	    "Rounds finished since the daemon started.", (int64_t)m->rounds);
	metrics_family(b, "feedmerge_round_duration_seconds", "gauge",
	    "How long the last round took.");
	buf_addstr(b, "feedmerge_round_duration_seconds ");
	metrics_double(b, m->round_duration);
	buf_addc(b, '\n');
	metrics_single(b, "feedmerge_last_round_timestamp_seconds", "gauge",
	    "When the last round finished (0: none yet).", m->round_finished);
	if (m->have_round_counts) {
		/* The round's summary line, for dashboards and alerts. */
		metrics_single(b, "feedmerge_last_round_sources", "gauge",
		    "Sources fetched in the last round.", m->round_counts[0]);
		metrics_single(b, "feedmerge_last_round_fetched", "gauge",
		    "Sources of the last round that brought a new body.",
		    m->round_counts[1]);
		metrics_single(b, "feedmerge_last_round_failed", "gauge",
		    "Sources that failed in the last round.",
		    m->round_counts[2]);
		metrics_single(b, "feedmerge_last_round_new_items", "gauge",
		    "New stories of the last round.", m->round_counts[3]);
	}
	metrics_single(b, "feedmerge_store_bytes", "gauge",
	    "Size of the state database in bytes.", store_bytes);
	metrics_single(b, "feedmerge_stories", "gauge",
	    "Stories in the state.", stories);
	metrics_single(b, "feedmerge_output_entries", "gauge",
	    "Entries in the published feed.", entries);
	if (m->nsources > 0)
		metrics_render_sources(b, m);
}

char *
metrics_render(struct metrics *m, int64_t store_bytes, int64_t stories,
    int64_t entries)
{
	struct buf	 b;

	buf_init(&b);
	metrics_render_buf(&b, m, store_bytes, stories, entries);
	return buf_steal(&b);
}

int
metrics_write(struct metrics *m, const char *path, int64_t store_bytes,
    int64_t stories, int64_t entries, char **cause)
{
	struct outfile	*of;
	char		*why = NULL, *clear = NULL;
	int		 written;

	if ((of = outfile_open(path, &why)) == NULL) {
		/* Say what is wrong with the directory when that is it. */
		if (path_dir_writable(path, "metrics", &clear) == -1)
			*cause = clear;
		else
			xasprintf(cause, "metrics %s: %s", path, why);
		free(why);
		return -1;
	}
	metrics_render_buf(outfile_buf(of), m, store_bytes, stories, entries);
	if (outfile_commit(of, &written, &why) == -1) {
		xasprintf(cause, "metrics %s: %s", path, why);
		free(why);
		return -1;
	}
	return 0;
}
