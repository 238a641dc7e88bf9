/*
 * metrics.h: the daemon's counters, written as a Prometheus text file.
 *
 * Owns the in-memory counters and gauges since the process started: per
 * source (fetches by outcome, bytes, items, failures, last HTTP status,
 * last success and next fetch) and per round.  It knows nothing of the
 * daemon: the caller reports what happened and, after a round, asks for
 * the file.  metrics_write() renders text exposition format 0.0.4 (the
 * convention of node_exporter's textfile collector, which reads only
 * names ending in .prom) and replaces the file atomically through
 * outfile.h: a temp file beside it, renamed over it, left alone when the
 * bytes are the same.  The temp files of a killed process are removed
 * with outfile_clean(path, ...), as for the Atom output.
 *
 * Sources are written sorted by name, every outcome of a source always
 * present (0 until it happens), so the file changes only when a value
 * does.  A source seen first, or again after metrics_forget(), starts
 * from zero: Prometheus reads that as a counter reset.
 */
#ifndef FEEDMERGE_METRICS_H
#define FEEDMERGE_METRICS_H

#include <stdint.h>

/* How a fetch ended: the outcome="..." label of feedmerge_fetches_total. */
enum metrics_outcome {
	METRICS_OK,		/* "ok": a new body, parsed */
	METRICS_UNCHANGED,	/* "unchanged": 304, or the same body */
	METRICS_ERROR,		/* "error": network, HTTP or parse */
	METRICS_GONE,		/* "gone": HTTP 410, the source says it is gone */
	METRICS_NOUTCOMES
};

struct metrics;

/* Empty counters; feedmerge_start_time_seconds is now. */
struct metrics	*metrics_new(void);
void		 metrics_free(struct metrics *);	/* NULL is fine */

/*
 * One fetch of source: its outcome, the bytes received (as they came, before
 * decompression; negative is taken as 0) and the HTTP status (0 when there
 * was no HTTP response: a local file, a network error).
 */
void	 metrics_fetch(struct metrics *, const char *source,
	    enum metrics_outcome, int64_t bytes, long http_status);

/* Items of one fetch: new stories, and items merged into known ones. */
void	 metrics_items(struct metrics *, const char *source, int new_items,
	    int merged_items);

/*
 * Where source stands: failures in a row, the last success and the next
 * fetch due (unix seconds, 0 when never or not scheduled).  Call it for
 * every configured source, so that each has its series from the start.
 */
void	 metrics_source_state(struct metrics *, const char *source,
	    int consecutive_failures, int64_t last_success, int64_t next_due);

/* A round ended at finished_at (unix seconds), after duration_seconds. */
void	 metrics_round(struct metrics *, double duration_seconds,
	    int64_t finished_at);

/*
 * The last round's summary (its log line): sources fetched, those that
 * brought a new body, those that failed, new stories.  Written as
 * feedmerge_last_round_* gauges once given.
 */
void	 metrics_round_counts(struct metrics *, int sources, int fetched,
	    int failed, int new_items);

/* source left the configuration: its series go.  Unknown names are fine. */
void	 metrics_forget(struct metrics *, const char *source);

/*
 * Write every series to path, atomically; the state's size in bytes, its
 * stories and the entries published come from the caller (a negative one
 * is unknown and left out).  0, or -1 with *cause naming path.  path
 * should end in .prom for node_exporter; any name is written.
 */
int	 metrics_write(struct metrics *, const char *path, int64_t store_bytes,
	    int64_t stories, int64_t entries, char **cause);

/* The file's text, as metrics_write() writes it; the caller frees it. */
char	*metrics_render(struct metrics *, int64_t store_bytes, int64_t stories,
	    int64_t entries);

#endif
