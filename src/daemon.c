/*
 * daemon.c: the pipeline's glue, driven by one libev loop.
 *
 * A source due in sched is fetched; its result is parsed and stored in
 * one transaction; when the scheduler has nothing running or queued the
 * round ends: the output is published if any story changed, and one
 * summary line is logged.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "daemon.h"
#include "date.h"
#include "filter.h"
#include "log.h"
#include "merge.h"
#include "metrics.h"
#include "outfile.h"
#include "parse.h"
#include "parsepool.h"
#include "publish.h"
#include "url.h"
#include "util.h"
#include "websub.h"

#define MAX_LOGGED_WARNINGS	5

/*
 * Writes of several sources share one transaction: committed when the
 * round ends, or after this many sources or seconds.  A crash loses at
 * most that much, and nothing that was published: validators and items
 * are lost together, so those sources are simply fetched again.
 */
#define TXN_MAX_SOURCES		1024
#define TXN_MAX_SECONDS		5.0

/* A teaser's page is not fetched again sooner than this after a try. */
#define FOLLOW_RETRY		86400

/* A source due within this many seconds of a round's end is of it. */
#define ROUND_SETTLE		1.0
/* A round ends after this long (or the shortest interval) even when busy. */
#define ROUND_MAX		60.0

/* Permanent redirects to one URL in a row before it replaces the old. */
#define MOVED_GRACE		3

/* One transfer in flight. */
struct daemon_fetch {
	struct parsepool_job	 job;	/* first: the job is the fetch */
	struct daemon		*d;
	struct sched_source	*src;
	char			*url;	/* as fetched: src->url may change */
	char			*logurl;	/* url without user:password@ */
	char			*conf_url;	/* the config's, when it started */
	struct store_source	 ss;
	int			 follow;	/* a page a teaser led to */
	struct store_page	 page;		/* its validators */
	/* Kept from the response while the body is parsed. */
	char			*etag;
	char			*last_modified;
	int64_t			 retry_after;
	long			 status;	/* HTTP; 0: none or file:// */
	int64_t			 max_age;	/* Cache-Control, Expires */
	int64_t			 feed_ttl;	/* declared; -1: not read */
	int			 gone;		/* 410 */
	int			 unchanged;	/* 304, or the same body */
	int64_t			 bytes;		/* received */
	int			 nnew, nmerged;	/* stories, items merged */
};

static void
daemon_notify(const char *state)
{
#ifdef HAVE_SYSTEMD
	sd_notify(0, state);
#else
	(void)state;
#endif
}

/* WatchdogSec= in the unit: tell systemd the loop still turns. */
static void
daemon_watchdog_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	daemon_notify("WATCHDOG=1");
}

static void
daemon_watchdog_start(struct daemon *d)
{
#ifdef HAVE_SYSTEMD
	uint64_t	 usec = 0;

	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return;
	/* Twice per period, as sd_watchdog_enabled(3) advises. */
	ev_timer_init(&d->watchdog, daemon_watchdog_cb, 0.,
	    (double)usec / 2e6);
	ev_timer_again(d->loop, &d->watchdog);
	daemon_notify("WATCHDOG=1");
#else
	(void)d;
#endif
}

static void
daemon_fetch_free(struct daemon_fetch *df)
{
	parsepool_job_clear(&df->job);
	store_source_clear(&df->ss);
	store_page_clear(&df->page);
	free(df->url);
	free(df->logurl);
	free(df->conf_url);
	free(df->etag);
	free(df->last_modified);
	free(df);
}

/* Make sure a transaction is open for the next writes. */
static int
daemon_txn_open(struct daemon *d, char **cause)
{
	if (store_in_transaction(d->store))
		return 0;
	if (store_begin(d->store, cause) == -1)
		return -1;
	d->txn_sources = 0;
	d->txn_started = ev_now(d->loop);
	return 0;
}

/* One entry of the batch, stored (or left out) at last; 1: one spilled
   that its keys do not decide, to be read back (batch.h). */
static int
daemon_flush_one(void *arg, const struct batch_entry *e)
{
	struct daemon	*d = arg;
	enum store_put	 what;
	char		*cause = NULL;

	store_window_update(d->store);
	if (e->it == NULL)
		return merge_left_out(d->store, e->hashes, e->sort_time) ? 0 : 1;
	if (merge_put_item(d->store, &d->conf.dedup, e->source_id, e->source,
	    d->conf.outputs[0].id, e->it, e->now, &what, &cause) == -1) {
		log_errorx("source %s: state: %s", e->source, cause);
		free(cause);
		return -1;
	}
	if (what == STORE_NEW)
		d->round.new_items++;
	if (d->metrics != NULL && (what == STORE_NEW || what == STORE_MERGED))
		metrics_items(d->metrics, e->source, what == STORE_NEW,
		    what == STORE_MERGED);
	if (what != STORE_UNCHANGED && what != STORE_TOO_OLD)
		d->dirty = 1;
	return 0;
}

/*
 * Store the batch, newest first, in the open transaction, in a savepoint
 * of its own.  A failure undoes the savepoint, and the sources it held
 * entries of forget their validators, so that they are read again in
 * full: nothing is lost, and nothing else of the transaction is undone.
 */
static void
daemon_flush(struct daemon *d)
{
	int64_t	*ids = NULL;
	char	*cause = NULL;
	size_t	 n, i;

	if (batch_count(&d->batch) == 0)
		return;
	n = batch_sources(&d->batch, &ids);
	if (daemon_txn_open(d, &cause) == -1 ||
	    store_savepoint(d->store, &cause) == -1) {
		batch_drain(&d->batch, NULL, NULL, NULL);
		goto fail;
	}
	if (batch_drain(&d->batch, daemon_flush_one, d, &cause) == 0 &&
	    store_release(d->store, &cause) == 0) {
		free(ids);
		return;
	}
	store_rollback_savepoint(d->store);
	for (i = 0; i < n; i++)
		if (store_source_reread(d->store, ids[i], &cause) == -1)
			goto fail;
	if (cause != NULL)
		log_errorx("state %s: %s", d->conf.state, cause);
	log_warnx("%zu source%s will be read again in full", n, n == 1 ?
	    "" : "s");
	free(cause);
	free(ids);
	return;
fail:
	/* The state cannot be written: the transaction goes whole. */
	log_errorx("state %s: %s", d->conf.state, cause != NULL ? cause :
	    "cannot store the batch");
	free(cause);
	free(ids);
	store_rollback(d->store);
}

/* Commit the open transaction, if any (and if due, unless force). */
static void
daemon_txn_commit(struct daemon *d, int force)
{
	char	*cause = NULL;

	if (!store_in_transaction(d->store))
		return;
	if (!force && d->txn_sources < TXN_MAX_SOURCES &&
	    ev_now(d->loop) - d->txn_started < TXN_MAX_SECONDS)
		return;
	daemon_flush(d);
	if (!store_in_transaction(d->store))
		return;
	if (store_commit(d->store, &cause) == -1) {
		log_errorx("state %s: commit: %s", d->conf.state, cause);
		free(cause);
	}
}

/*
 * What the store need not keep: max_entries, unless FEEDMERGE_NO_WINDOW is
 * set (every item stored, as without max_entries: what the output would
 * be with nothing left out, to compare).
 */
static void
daemon_set_window(struct daemon *d)
{
	const char	*no = getenv("FEEDMERGE_NO_WINDOW");
	char		*cause = NULL, *dir, *slash;
	int		 lowered;

	store_set_window(d->store, no != NULL && *no != '\0' && strcmp(no,
	    "0") != 0 ? 0 : conf_window(&d->conf));
	/* (Empty here: daemon_reload() stored it first.) */
	batch_free(&d->batch);
	/* Its spill file goes beside the state, which is writable. */
	dir = xstrdup(d->conf.state);
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0';
	batch_init(&d->batch, (size_t)store_text_count(d->store), dir);
	free(dir);
	/* More entries than before: what was left out may be in now. */
	if (store_window_check(d->store, &lowered, &cause) == -1) {
		log_errorx("state: %s", cause);
		free(cause);
	} else if (lowered && conf_window(&d->conf) == 0)
		log_info("an output selects among the stories: every story is "
		    "kept, and every source is read again in full");
	else if (lowered)
		log_info("max_entries raised to %d: every source is read "
		    "again in full", conf_window(&d->conf));
}

/* Tell the output's hub of each of its files that changed. */
static void
daemon_websub(struct daemon *d, const struct conf_output *o, int formats)
{
	char	*topic;

	if (o->hub == NULL || o->link == NULL || d->websub == NULL)
		return;
	if (formats & CONF_FORMAT_ATOM)
		websub_publish(d->websub, o->hub, o->link, d->conf.user_agent);
	if ((formats & CONF_FORMAT_RSS) &&
	    (topic = publish_sibling_url(o->link, ".rss")) != NULL) {
		websub_publish(d->websub, o->hub, topic, d->conf.user_agent);
		free(topic);
	}
	if ((formats & CONF_FORMAT_JSON) &&
	    (topic = publish_sibling_url(o->link, ".json")) != NULL) {
		websub_publish(d->websub, o->hub, topic, d->conf.user_agent);
		free(topic);
	}
}

/* --once: the last ping answered, the run is over. */
static void
daemon_websub_idle(void *arg)
{
	struct daemon	*d = arg;

	if (d->once && d->once_over)
		ev_break(d->loop, EVBREAK_ALL);
}

/* Every file of every output can be written where it goes. */
static int
daemon_outputs_writable(const struct conf *cf, char **cause)
{
	const char	*paths[4];
	size_t		 i, j, n;

	for (i = 0; i < cf->noutputs; i++) {
		n = conf_output_files(&cf->outputs[i], paths, NULL);
		for (j = 0; j < n; j++)
			if (path_dir_writable(paths[j], "output", cause) == -1)
				return -1;
	}
	return 0;
}

/*
 * Render and write every output; returns 1 if a file was replaced.  What
 * was written is said in d->wrote ("a.atom (3 entries), ...").
 */
static int
daemon_publish(struct daemon *d)
{
	struct publish_result	 r;
	struct buf		 wrote, failures;
	char			*cause = NULL;
	int64_t			*shown = NULL;
	size_t			 nshown = 0, i;
	int			 written = 0, total = 0, failed = 0;

	buf_init(&wrote);
	buf_init(&failures);
	for (i = 0; i < d->conf.noutputs; i++) {
		const struct conf_output *o = &d->conf.outputs[i];

		memset(&r, 0, sizeof r);
		r.shown = shown;
		r.nshown = nshown;
		if (publish_output(d->store, &d->conf, o, now_seconds(), &r,
		    &cause) == -1) {
			log_errorx("publish output %s: %s", o->name, cause);
			free(cause);
			cause = NULL;
			failed = 1;
			/* What it rendered no reader has seen. */
			r.nshown = nshown;
			buf_printf(&failures, "%s%s", failures.len > 0 ?
			    ", " : "", o->name);
		}
		shown = r.shown;
		nshown = r.nshown;
		total += r.nentries;
		daemon_websub(d, o, r.formats_written);
		if (r.written) {
			written = 1;
			buf_printf(&wrote, "%s%s (%d entr%s)", wrote.len > 0 ?
			    ", " : "", r.first_written, r.nentries,
			    r.nentries == 1 ? "y" : "ies");
		}
	}
	/* What a reader has seen keeps its id from now on. */
	if (store_mark_shown_ids(d->store, now_seconds(), shown, nshown,
	    &cause) == -1) {
		log_errorx("state: %s", cause);
		free(cause);
	}
	free(shown);
	free(d->wrote);
	d->wrote = buf_steal(&wrote);	/* (NULL when none was) */
	free(d->failed_outputs);
	d->failed_outputs = buf_steal(&failures);
	d->publish_failed = failed;
	if (!failed)
		d->dirty = 0;
	d->published = 1;
	d->entries = total;
	return written;
}

/*
 * Retention, at most hourly: stories older than `keep` and not in the
 * output lose their items; their keys stay twice as long.
 */
static void
daemon_prune(struct daemon *d)
{
	int64_t	 now = now_seconds(), pruned, thinned;
	char	*cause = NULL;

	/* What fell below the text window, at every round: the state
	   holds what could be shown and little more. */
	if (store_thin(d->store, &thinned, &cause) == -1) {
		log_errorx("thinning the state: %s", cause);
		free(cause);
		cause = NULL;
	} else if (thinned > 0)
		log_debug("thinned %lld stories below the window",
		    (long long)thinned);
	if (!d->once && now - d->last_prune < 3600)
		return;
	d->last_prune = now;
	if (store_prune(d->store, now, d->conf.keep, conf_max_entries(&d->conf),
	    &pruned, &cause) == -1) {
		log_errorx("pruning the state: %s", cause);
		free(cause);
		return;
	}
	if (pruned > 0)
		log_info("pruned %lld stories older than %lld days",
		    (long long)pruned, (long long)(d->conf.keep / 86400));
}

/* The metrics file, after a round. */
static void
daemon_write_metrics(struct daemon *d)
{
	struct stat	 sb;
	char		*cause = NULL, *wal;
	int64_t		 bytes = -1;

	if (d->conf.metrics == NULL || d->metrics == NULL)
		return;
	/* The database and its write-ahead log: what it takes on disk. */
	if (stat(d->conf.state, &sb) == 0)
		bytes = (int64_t)sb.st_size;
	xasprintf(&wal, "%s-wal", d->conf.state);
	if (bytes >= 0 && stat(wal, &sb) == 0)
		bytes += (int64_t)sb.st_size;
	free(wal);
	metrics_round(d->metrics, d->round.active ? ev_time() -
	    d->round.t0 : 0., now_seconds());
	metrics_round_counts(d->metrics, d->round.sources, d->round.fetched,
	    d->round.failed, d->round.new_items);
	if (metrics_write(d->metrics, d->conf.metrics, bytes,
	    (int64_t)store_count_stories(d->store), d->entries, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
	}
}

static void
daemon_round_start(struct daemon *d)
{
	memset(&d->round, 0, sizeof d->round);
	d->round.active = 1;
	d->round.started = now_seconds();
	d->round.t0 = ev_time();
}

static void
daemon_round_end(struct daemon *d)
{
	struct round	*r = &d->round;
	int		 written = 0, nothing;
	char		*status, counts[160];

	daemon_txn_commit(d, 1);

	if (r->followed > 0)
		log_info("round: followed %d teaser%s to %s page%s",
		    r->followed, r->followed == 1 ? "" : "s",
		    r->followed == 1 ? "its" : "their",
		    r->followed == 1 ? "" : "s");
	/* No source answered and nothing is stored: an empty feed would
	   say "no news" where the truth is "no feed could be read". */
	nothing = r->failed == r->sources && store_count_stories(d->store) == 0;
	if (nothing)
		d->entries = 0;
	else if (d->dirty || !d->published)
		written = daemon_publish(d);
	daemon_prune(d);
	snprintf(counts, sizeof counts, "%d source%s, %d fetched, %d "
	    "unchanged, %d failed, %d new item%s", r->sources,
	    r->sources == 1 ? "" : "s", r->fetched, r->unchanged, r->failed,
	    r->new_items, r->new_items == 1 ? "" : "s");
	if (nothing)
		log_info("round: %s; output NOT written (nothing to publish)",
		    counts);
	else if (d->publish_failed && d->conf.noutputs == 1)
		log_info("round: %s; output NOT written", counts);
	else if (d->publish_failed)
		log_info("round: %s; %s%s%soutput%s NOT written: %s", counts,
		    written ? "wrote " : "", written ? d->wrote : "",
		    written ? "; " : "", strchr(d->failed_outputs, ',') !=
		    NULL ? "s" : "", d->failed_outputs);
	else if (written)
		log_info("round: %s; wrote %s", counts, d->wrote);
	else
		log_info("round: %s; output unchanged", counts);
	xasprintf(&status, "STATUS=last round: %d source%s, %d failed, "
	    "%d new item%s", r->sources, r->sources == 1 ? "" : "s",
	    r->failed, r->new_items, r->new_items == 1 ? "" : "s");
	daemon_notify(status);
	free(status);
	daemon_write_metrics(d);
	if (d->once) {
		/* A hub told of the change first: it is what --once is for. */
		d->once_over = 1;
		if (websub_pending(d->websub) == 0)
			ev_break(d->loop, EVBREAK_ALL);
	} else {
		memset(r, 0, sizeof *r);
		/* Transfers still running are the next round's. */
		if (d->sched.running > 0)
			daemon_round_start(d);
	}
}

static void
daemon_source_failed(struct daemon *d, struct daemon_fetch *df,
    const char *why)
{
	char	*cause = NULL;

	if (df->follow) {
		/* A teaser's page: the source itself is fine.  Tried again
		   in FOLLOW_RETRY, not at every round. */
		log_info("source %s: following a teaser: %s (%s)",
		    df->src->name, why, df->logurl);
		if (daemon_txn_open(d, &cause) == -1 ||
		    store_page_ok(d->store, df->ss.id, df->url, NULL, NULL,
		    NULL, now_seconds(), &cause) == -1) {
			log_errorx("source %s: state: %s", df->src->name,
			    cause);
			free(cause);
		}
		return;
	}
	log_warnx("source %s: %s (%s)", df->src->name, why, df->logurl);
	d->round.failed++;
	if (daemon_txn_open(d, &cause) == -1 ||
	    store_source_failed(d->store, df->ss.id, why, now_seconds(),
	    &cause) == -1) {
		log_errorx("source %s: state: %s", df->src->name, cause);
		free(cause);
	}
}

/* The configured source of a fetch (NULL: gone from the config). */
static const struct conf_source *
daemon_conf_source(struct daemon *d, struct daemon_fetch *df)
{
	return conf_find_source(&d->conf, df->src->name);
}

/*
 * A page of an auto source that advertises feeds: say once (per run)
 * that the feed is the cheaper source.
 */
static void
daemon_feed_hint(struct daemon *d, struct daemon_fetch *df,
    const struct parse_result *res)
{
	const struct conf_source	*cs = daemon_conf_source(d, df);

	if (res->nfeeds == 0 || cs == NULL || cs->type != SOURCE_AUTO ||
	    !strmap_put(&d->hinted, df->src->name, 0))
		return;
	log_info("source %s: page offers feed %s; set url = %s for a "
	    "cheaper source", df->src->name, res->feeds[0], res->feeds[0]);
}

/* Does the source's include, exclude and max_age keep this item? */
static int
daemon_source_keeps(const struct conf_source *cs, const struct item *it,
    int64_t now)
{
	if (filter_too_old(&cs->filter, item_sort_time(it, now), now))
		return 0;
	return filter_match(&cs->filter, it);
}

/*
 * follow_teasers = N: fetch up to N of the page's teasers whose story
 * has no full copy yet and whose page was not tried lately, on the
 * source's own site, through the scheduler like any source.
 */
static void
daemon_follow(struct daemon *d, struct daemon_fetch *df,
    const struct parse_result *res)
{
	const struct conf_source	*cs = daemon_conf_source(d, df);
	const struct item		*it;
	struct store_page		 sp;
	struct strmap			 seen;
	char				*cause = NULL;
	size_t				 i;
	int				 n = 0, known, tried;
	int64_t				 now = now_seconds();

	if (cs == NULL || cs->follow_teasers == 0)
		return;
	strmap_init(&seen);
	for (i = 0; i < res->items.n && n < cs->follow_teasers; i++) {
		it = res->items.v[i];
		if (it->kind != ITEM_TEASER || it->link == NULL ||
		    !url_same_site(it->link, df->url) ||
		    !daemon_source_keeps(cs, it, now) ||
		    !strmap_put(&seen, it->link, 0))
			continue;
		if ((known = store_link_has_full(d->store, it->link,
		    &cause)) != 0 || (tried = store_page_get(d->store,
		    df->ss.id, it->link, &sp, &cause)) == -1) {
			if (known == -1 || cause != NULL) {
				log_errorx("source %s: state: %s",
				    df->src->name, cause);
				free(cause);
				cause = NULL;
			}
			continue;
		}
		if (tried && sp.fetched > now - FOLLOW_RETRY) {
			store_page_clear(&sp);
			continue;
		}
		store_page_clear(&sp);
		/* One being followed already counts, but only once. */
		if (sched_oneshot(&d->sched, df->src->name, it->link) == 0)
			log_debug("source %s: following teaser %s",
			    df->src->name, it->link);
		n++;
	}
	strmap_free(&seen);
}

/*
 * What the validators of a source belong to: its URL, and how it is
 * read, so that new rules are not answered with "304, as before".
 */
static char *
daemon_validator_key(const struct conf_source *cs, const char *url)
{
	struct buf	 b;
	char		*key;
	size_t		 i;

	if (cs == NULL || (cs->type == SOURCE_AUTO &&
	    html_rules_empty(&cs->rules) && !filter_has_rules(&cs->filter) &&
	    cs->filter.max_age == 0))
		return xstrdup(url);
	buf_init(&b);
	buf_printf(&b, "%d", (int)cs->type);
#define DAEMON_RULE(r)	do {						\
	buf_addc(&b, '\n');						\
	if ((r) != NULL)						\
		buf_addstr(&b, (r));					\
} while (0)
	DAEMON_RULE(cs->rules.item);
	DAEMON_RULE(cs->rules.title);
	DAEMON_RULE(cs->rules.link);
	DAEMON_RULE(cs->rules.summary);
	DAEMON_RULE(cs->rules.date);
	DAEMON_RULE(cs->rules.body);
	DAEMON_RULE(cs->rules.exclude);
	/* What is stored of it too: a new filter reads it again. */
	for (i = 0; i < cs->filter.ninclude; i++)
		DAEMON_RULE(cs->filter.include[i].spec);
	buf_addstr(&b, "\n-");
	for (i = 0; i < cs->filter.nexclude; i++)
		DAEMON_RULE(cs->filter.exclude[i].spec);
	buf_printf(&b, "\n%lld", (long long)cs->filter.max_age);
#undef DAEMON_RULE
	xasprintf(&key, "%s#feedmerge-rules-%016llx", url,
	    (unsigned long long)hash64(b.data, b.len));
	buf_free(&b);
	return key;
}

/* Is key daemon_validator_key()'s for url? */
static int
daemon_key_of(const char *key, const char *url)
{
	size_t	 n = strlen(url);

	return strncmp(key, url, n) == 0 && (key[n] == '\0' ||
	    strncmp(key + n, "#feedmerge-rules-", 17) == 0);
}

/* Parse a body and store its items in one transaction. */
static int
daemon_store_body(struct daemon *d, struct daemon_fetch *df)
{
	struct parse_result	*res = &df->job.res;
	const struct conf_source *cs = daemon_conf_source(d, df);
	struct store_feed_meta	 meta;
	enum store_put		 what;
	char			*cause = NULL;
	size_t			 i, held = 0;
	int			 nnew = 0, nheld = 0, changed = 0, full = 0;
	/*
	 * One time for the whole round: what was first seen in it was seen
	 * at once, so undated stories sort by id, not by which transfer
	 * finished first.
	 */
	int64_t			 now = d->round.active ? d->round.started :
	    now_seconds();

	if (df->job.rc == -1) {
		daemon_source_failed(d, df, df->job.cause);
		return -1;
	}
	df->feed_ttl = res->ttl;
	for (i = 0; i < res->warnings.n && i < MAX_LOGGED_WARNINGS; i++)
		log_warnx("source %s: %s", df->src->name,
		    res->warnings.v[i]);

	meta.title = res->title;
	meta.link = res->link;
	meta.id = res->id;
	/*
	 * The feed is as new as its newest item: not its own date, which
	 * many feeds set to the time of the request, nor the fetch's (an
	 * unchanged feed would change the output every round).
	 */
	meta.updated = DATE_NONE;
	for (i = 0; i < res->items.n; i++) {
		int64_t	 t = item_sort_time(res->items.v[i], now);

		if (item_has_date(res->items.v[i], now) &&
		    (meta.updated == DATE_NONE || t > meta.updated))
			meta.updated = t;
	}
	if (daemon_txn_open(d, &cause) == -1)
		goto fail_txn;
	if (store_savepoint(d->store, &cause) == -1)
		goto fail_txn;
	held = batch_count(&d->batch);
	for (i = 0; i < res->items.n; i++) {
		struct item	*it = res->items.v[i];

		/* From a teaser's page only its story: its own teasers
		   would lead on and on. */
		if (df->follow && it->kind != ITEM_FULL)
			continue;
		/* What the source's include, exclude and max_age leave out
		   is never stored. */
		if (cs != NULL && !daemon_source_keeps(cs, it, now))
			continue;
		/* A feed entry that may be in the text window waits for
		   the others of the transaction (batch.h); without a window
		   too, so that copies meet in the same order. */
		if (!df->follow && it->kind == ITEM_FEED &&
		    item_sort_time(it, now) >= store_text_time(d->store)) {
			struct merge_hashes	 h;

			/*
			 * Its keys' hashes, which decide most of what is
			 * spilled without a read: what is held now may be
			 * spilled later, when newer entries pass it.
			 */
			merge_hashes_of(it, df->ss.id, &h);
			res->items.v[i] = NULL;
			full |= batch_add(&d->batch, it, &h, df->ss.id,
			    df->src->name, now);
			nheld++;
			continue;
		}
		if (merge_put_item(d->store, &d->conf.dedup, df->ss.id,
		    df->src->name, d->conf.outputs[0].id, it, now, &what,
		    &cause) == -1)
			goto fail;
		if (what == STORE_NEW)
			nnew++;
		else if (what == STORE_MERGED)
			df->nmerged++;
		if (what != STORE_UNCHANGED && what != STORE_TOO_OLD)
			changed = 1;
	}
	/* A new title or date of the feed shows in its entries. */
	if (!df->follow && store_source_meta_changed(d->store, df->ss.id,
	    &meta))
		changed = 1;
	if (df->follow) {
		if (store_page_ok(d->store, df->ss.id, df->url, df->etag,
		    df->last_modified, &df->job.hash, now, &cause) == -1)
			goto fail;
	} else if (store_source_ok(d->store, df->ss.id, df->etag,
	    df->last_modified, &df->job.hash, &meta, now, &cause) == -1)
		goto fail;
	if (store_release(d->store, &cause) == -1)
		goto fail;
	d->txn_sources++;
	if (full)
		daemon_flush(d);
	log_debug("source %s: %s, %zu items, %d new, %d held to be stored "
	    "newest first%s", df->src->name, parse_format_name(res->format),
	    res->items.n, nnew, nheld, df->follow ? " (a teaser's page)" : "");
	if (!df->follow)
		d->round.fetched++;
	d->round.new_items += nnew;
	df->nnew = nnew;
	if (changed)
		d->dirty = 1;
	if (!df->follow && res->format == FORMAT_HTML) {
		daemon_feed_hint(d, df, res);
		daemon_follow(d, df, res);
	}
	return 0;

fail:
	/* All or nothing: what it put in the batch goes too. */
	batch_truncate(&d->batch, held);
	store_rollback_savepoint(d->store);
fail_txn:
	log_errorx("source %s: state: %s", df->src->name, cause);
	d->round.failed++;
	free(cause);
	return -1;
}

/*
 * How long the source says it stays the same: the larger of its feed's
 * ttl (this parse's, or the one stored) and the response's caching.
 */
static int64_t
daemon_floor(const struct daemon_fetch *df)
{
	int64_t	 ttl = df->feed_ttl >= 0 ? df->feed_ttl : df->ss.ttl;

	return ttl > df->max_age ? ttl : df->max_age;
}

/*
 * Is a source due in a moment?  Then it is of this round: jitter spreads
 * sources that were due together over a little time, and they should
 * still make one round, one summary, one write.
 */
static int
daemon_due_soon(struct daemon *d)
{
	double	 next, settle = ROUND_SETTLE;

	if (d->once)
		return 0;
	if (d->sched.shortest > 0 && d->sched.shortest / 4 < settle)
		settle = d->sched.shortest / 4;
	next = sched_next_due(&d->sched);
	return next >= 0 && next < settle;
}

/*
 * Has the round run long enough to end without waiting for the
 * scheduler to be idle?  Many sources spread by jitter may keep it busy
 * for ever; what they brought is published at least this often (and a
 * transfer still running counts in the next round).
 */
static int
daemon_round_too_long(struct daemon *d)
{
	double	 most = ROUND_MAX;

	if (d->once || !d->round.active)
		return 0;
	if (d->sched.shortest > 0 && d->sched.shortest < most)
		most = d->sched.shortest;
	return ev_now(d->loop) - d->round.t0 >= most;
}

/*
 * End the round when nothing runs and nothing waits but for a host's
 * long pause, unless a source is due in a moment; or when it has run
 * long enough.  Otherwise commit what is due.
 */
static void
daemon_round_check(struct daemon *d)
{
	if ((d->once ? sched_idle(&d->sched) :
	    sched_quiet(&d->sched, ROUND_SETTLE)) && !daemon_due_soon(d))
		daemon_round_end(d);
	else if (daemon_round_too_long(d))
		daemon_round_end(d);
	else
		daemon_txn_commit(d, 0);
}

/*
 * Every second: a round whose end no transfer will bring (what waits,
 * waits for a paused host) ends, and an open transaction is committed
 * when due.
 */
static void
daemon_tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct daemon	*d = w->data;

	(void)loop;
	(void)revents;
	if (d->round.active)
		daemon_round_check(d);
	else
		daemon_txn_commit(d, 0);
}

/* The source's transfer (and parse) is over: next fetch, round end. */
static void
daemon_fetch_end(struct daemon *d, struct daemon_fetch *df, int ok)
{
	struct sched_outcome	 o;
	char			*cause = NULL, host[256];
	int64_t			 next;
	int			 record = !df->follow && !df->src->removed &&
				    df->ss.id != 0;

	memset(&o, 0, sizeof o);
	o.ok = ok;
	o.retry_after = df->retry_after;
	o.hold_host = df->status == 429 || df->status == 503;
	o.gone = df->gone;
	o.floor = df->follow ? -1 : daemon_floor(df);
	/* Kept in whole seconds, rounded up: never over before it is. */
	if (o.hold_host && o.retry_after > 0 &&
	    url_host(df->url, host, sizeof host) == 0) {
		log_info("source %s: %s asks for a pause of %llds (HTTP %ld, "
		    "Retry-After): no requests to it until then", df->src->name,
		    host, (long long)o.retry_after, df->status);
		if (daemon_txn_open(d, &cause) == -1 ||
		    store_host_hold(d->store, host, now_seconds() + 1 +
		    (o.retry_after < SCHED_MAX_FLOOR ? o.retry_after :
		    SCHED_MAX_FLOOR), &cause) == -1) {
			log_errorx("state: %s", cause);
			free(cause);
			cause = NULL;
		}
	}
	next = sched_done(&d->sched, df->src, &o);	/* src may be gone */
	if (record && d->metrics != NULL) {
		metrics_fetch(d->metrics, df->src->name,
		    df->gone ? METRICS_GONE : !ok ? METRICS_ERROR :
		    df->unchanged ? METRICS_UNCHANGED : METRICS_OK, df->bytes,
		    df->status);
		metrics_items(d->metrics, df->src->name, df->nnew,
		    df->nmerged);
		metrics_source_state(d->metrics, df->src->name, ok ? 0 :
		    df->ss.failures + 1, ok ? now_seconds() : df->ss.last_ok,
		    next);
	}
	if (record && (daemon_txn_open(d, &cause) == -1 ||
	    store_source_sched(d->store, df->ss.id, next, now_seconds(),
	    df->status, df->feed_ttl, &cause) == -1)) {
		log_errorx("state: %s", cause);
		free(cause);
	}
	daemon_fetch_free(df);
	daemon_round_check(d);
}

/*
 * A 304, or the same body as last time: nothing to parse, only the
 * validators (etag, last_modified) are recorded.
 */
static void
daemon_store_unchanged(struct daemon *d, struct daemon_fetch *df,
    const char *etag, const char *last_modified)
{
	char	*cause = NULL;
	int	 rc;

	if (!df->follow)
		d->round.unchanged++;
	df->unchanged = 1;
	if ((rc = daemon_txn_open(d, &cause)) == 0)
		rc = df->follow ? store_page_ok(d->store, df->ss.id, df->url,
		    etag, last_modified, NULL, now_seconds(), &cause) :
		    store_source_ok(d->store, df->ss.id, etag, last_modified,
		    NULL, NULL, now_seconds(), &cause);
	if (rc == -1) {
		log_errorx("source %s: state: %s", df->src->name, cause);
		free(cause);
	}
}

/* parsepool: a body came back parsed; store it, on the loop thread. */
static void
daemon_parse_done(struct parsepool_job *job)
{
	struct daemon_fetch	*df = (struct daemon_fetch *)job;
	struct daemon		*d = df->d;
	int			 ok = 0;

	if (df->src->removed)
		;
	else if (job->rc == 0 && job->unchanged) {
		daemon_store_unchanged(d, df, df->etag, df->last_modified);
		ok = 1;
	} else if (daemon_store_body(d, df) == 0)
		ok = 1;
	daemon_fetch_end(d, df, ok);
}

/* parsepool freed at shutdown with this job still in it. */
static void
daemon_parse_abort(struct parsepool_job *job)
{
	daemon_fetch_free((struct daemon_fetch *)job);
}

/*
 * A response after redirects: while the leading ones were permanent
 * (301, 308) to the same URL MOVED_GRACE fetches in a row, that URL is
 * fetched from then on, and the log says to update the config.
 */
static void
daemon_moved(struct daemon *d, struct daemon_fetch *df,
    const struct conf_source *cs, const struct fetch_result *r)
{
	struct store_source	*ss = &df->ss;
	char			*cause = NULL, *to;
	int			 answered = r->status < 300 || r->status == 304;

	if (r->moved_to != NULL && answered &&
	    strcmp(r->moved_to, df->url) != 0) {
		if (ss->redirect_to != NULL &&
		    strcmp(ss->redirect_to, r->moved_to) == 0)
			ss->redirect_count++;
		else {
			str_set(&ss->redirect_to, xstrdup(r->moved_to));
			ss->redirect_count = 1;
		}
		to = url_redact(r->moved_to);
		if (ss->redirect_count >= MOVED_GRACE) {
			log_warnx("source %s: %s has moved permanently to %s "
			    "(%d fetches in a row): fetching that from now "
			    "on; set url = %s in %s", df->src->name,
			    df->logurl, to, ss->redirect_count, to,
			    d->conf.path);
			str_set(&ss->moved_from, xstrdup(cs->url));
			str_set(&ss->moved_to, xstrdup(r->moved_to));
			str_set(&ss->redirect_to, NULL);
			ss->redirect_count = 0;
			sched_set_url(&d->sched, df->src, ss->moved_to);
		} else
			log_info("source %s: %s redirects permanently to %s "
			    "(%d of %d fetches before it is followed for "
			    "good)", df->src->name, df->logurl, to,
			    ss->redirect_count, MOVED_GRACE);
		free(to);
	} else if (ss->redirect_to != NULL) {
		/* It did not hold: start counting again next time. */
		str_set(&ss->redirect_to, NULL);
		ss->redirect_count = 0;
	} else
		return;
	if (daemon_txn_open(d, &cause) == -1 ||
	    store_source_moves(d->store, ss, &cause) == -1) {
		log_errorx("source %s: state: %s", df->src->name, cause);
		free(cause);
	}
}

/* 410 Gone: the source is not polled again (until its url changes). */
static void
daemon_gone(struct daemon *d, struct daemon_fetch *df)
{
	char	*cause = NULL;

	df->gone = 1;
	str_set(&df->ss.gone_url, xstrdup(df->conf_url));
	if (daemon_txn_open(d, &cause) == -1 ||
	    store_source_moves(d->store, &df->ss, &cause) == -1) {
		log_errorx("source %s: state: %s", df->src->name, cause);
		free(cause);
	}
}

/* fetch_done_cb: one transfer finished. */
static void
daemon_fetch_done(struct fetch_result *r, void *arg)
{
	struct daemon_fetch	*df = arg;
	struct daemon		*d = df->d;
	char			*why;
	int			 ok = 0, stale;

	const struct conf_source *cs = daemon_conf_source(d, df);

	if (df->follow)
		d->round.followed++;
	else
		d->round.sources++;
	df->status = r->status;
	df->max_age = r->max_age;
	df->bytes = (int64_t)r->body.len;
	/* An answer for the URL of before a reload says nothing of the
	   new one: it is fetched again at once (src->refetch). */
	stale = cs != NULL && !df->follow && (df->src->refetch ||
	    strcmp(df->conf_url, cs->url) != 0);
	if (r->ok && !df->follow && cs != NULL && !df->src->removed &&
	    !stale)
		daemon_moved(d, df, cs, r);
	if (df->src->removed || cs == NULL || stale)
		;	/* gone from the config, or changed, meanwhile */
	else if (!r->ok)
		daemon_source_failed(d, df, r->error);
	else if (r->status == 410 && !df->follow) {
		daemon_source_failed(d, df, "HTTP 410 Gone: not fetched "
		    "again; take the source out of the configuration or give "
		    "it a new url");
		daemon_gone(d, df);
	}
	else if (r->not_modified) {
		/* A 304 may leave out the validators it confirms. */
		daemon_store_unchanged(d, df, r->etag != NULL ? r->etag :
		    df->follow ? df->page.etag : df->ss.etag,
		    r->last_modified != NULL ? r->last_modified : df->follow ?
		    df->page.last_modified : df->ss.last_modified);
		ok = 1;
	} else if (r->status != 0 && (r->status < 200 || r->status > 299)) {
		xasprintf(&why, "HTTP %ld", r->status);
		daemon_source_failed(d, df, why);
		free(why);
	} else {
		/*
		 * To a parser thread, which decodes and hashes the body and
		 * parses it unless it is the one parsed last time (a server
		 * that ignores validators); stored when it comes back.
		 */
		df->retry_after = r->retry_after;
		df->etag = r->etag;
		df->last_modified = r->last_modified;
		r->etag = r->last_modified = NULL;
		df->job.body = r->body;
		buf_init(&r->body);
		df->job.base_url = xstrdup(r->effective_url != NULL ?
		    r->effective_url : df->url);
		df->job.content_type = r->content_type;
		r->content_type = NULL;
		df->job.content_encoding = r->content_encoding;
		r->content_encoding = NULL;
		df->job.max_size = cs->max_size > 0 ? cs->max_size :
		    d->conf.max_size;
		/* A teaser's page is a page, whatever the source is. */
		df->job.type = df->follow ? SOURCE_HTML : cs->type;
		if (!df->follow)
			html_rules_copy(&df->job.rules, &cs->rules);
		df->job.have_last_hash = df->follow ?
		    df->page.have_body_hash : df->ss.have_body_hash;
		df->job.last_hash = df->follow ? df->page.body_hash :
		    df->ss.body_hash;
		df->job.min_sort_time = store_min_sort_time(d->store);
		/*
		 * What is below the text window the parser threads leave
		 * raw.  With a window, a feed's entries wait in the batch,
		 * where most of a cold round's are left out when it is
		 * stored (four in five at 1,000 feeds): all are left raw,
		 * and made safe when stored.  A page's items are stored
		 * at once.
		 */
		df->job.text_time = store_text_time(d->store);
		if (store_text_count(d->store) > 0 && !df->follow &&
		    cs->type != SOURCE_HTML)
			df->job.text_time = INT64_MAX;
		df->job.now = now_seconds();
		df->job.done = daemon_parse_done;
		df->job.abort = daemon_parse_abort;
		parsepool_submit(d->parsepool, &df->job);
		return;
	}
	df->retry_after = r->retry_after;
	daemon_fetch_end(d, df, ok);
}

/* The fetcher was freed with this transfer still running. */
static void
daemon_fetch_abort(void *arg)
{
	struct daemon_fetch	*df = arg;

	daemon_fetch_free(df);
}

/* sched: --once, and src's host asked for a pause: not fetched this run. */
static void
daemon_held(struct sched_source *src, int64_t until, void *arg)
{
	struct daemon	*d = arg;
	char		 when[32], host[256];

	if (src->oneshot)
		return;
	if (!d->round.active)
		daemon_round_start(d);
	d->round.sources++;
	d->round.failed++;
	date_format_rfc3339(until, when, sizeof when);
	if (url_host(src->url, host, sizeof host) == -1)
		snprintf(host, sizeof host, "its host");
	log_warnx("source %s: not fetched: %s asked for a pause until %s "
	    "(Retry-After)", src->name, host, when);
}

/* A timer found nothing could start: close the round all the same. */
static void
daemon_sched_idle(void *arg)
{
	struct daemon	*d = arg;

	if (d->round.active)
		daemon_round_end(d);
}

/*
 * Moves and a 410 are of the URL the config gave: with another one
 * there (edited, reloaded), they are forgotten.
 */
static int
daemon_moves_current(struct daemon *d, struct daemon_fetch *df,
    const struct conf_source *cs, char **cause)
{
	struct store_source	*ss = &df->ss;
	int			 stale = 0;

	if (ss->moved_from != NULL && strcmp(ss->moved_from, cs->url) != 0) {
		str_set(&ss->moved_from, NULL);
		str_set(&ss->moved_to, NULL);
		stale = 1;
	}
	if (ss->gone_url != NULL && strcmp(ss->gone_url, cs->url) != 0) {
		str_set(&ss->gone_url, NULL);
		stale = 1;
	}
	return stale ? store_source_moves(d->store, ss, cause) : 0;
}

/*
 * sched_restore_cb: what the state knows of a source being scheduled:
 * when it is due, its failures, where it moved, whether it is gone.
 */
static int
daemon_restore(const struct conf_source *cs, struct sched_saved *saved,
    void *arg)
{
	struct daemon		*d = arg;
	struct store_source	*ss = &d->restored;
	char			*cause = NULL;

	store_source_clear(ss);
	if (daemon_txn_open(d, &cause) == -1 ||
	    store_source_get(d->store, cs->name, ss, &cause) == -1) {
		log_errorx("source %s: state: %s", cs->name, cause);
		free(cause);
		return 0;
	}
	/* A source whose URL changed while stopped starts afresh. */
	if (ss->url != NULL && !daemon_key_of(ss->url, cs->url) &&
	    (ss->moved_to == NULL || !daemon_key_of(ss->url, ss->moved_to)))
		return 0;
	saved->failures = ss->failures;
	saved->floor = ss->ttl;
	if (d->metrics != NULL)
		metrics_source_state(d->metrics, cs->name, ss->failures,
		    ss->last_ok, ss->next_due);
	saved->next_due = ss->next_due;
	if (ss->moved_from != NULL && strcmp(ss->moved_from, cs->url) == 0)
		saved->url = ss->moved_to;
	saved->gone = ss->gone_url != NULL &&
	    strcmp(ss->gone_url, cs->url) == 0;
	if (saved->gone) {
		char	*url = url_redact(cs->url);

		log_info("source %s: answered 410 Gone at %s: not fetched "
		    "(give it a new url to fetch it again)", cs->name, url);
		free(url);
	}
	return 1;
}

static void
daemon_hold_host(const char *host, int64_t until, void *arg)
{
	struct daemon	*d = arg;

	if (until > now_seconds())
		sched_hold_host(&d->sched, host, until);
}

/* sched_start_cb: a source may be fetched now. */
static int
daemon_fetch_start(struct sched_source *src, void *arg)
{
	struct daemon		*d = arg;
	struct daemon_fetch	*df;
	struct fetch_request	 req;
	const struct conf_source *cs;
	char			*cause = NULL, *key;
	int			 rc;

	if (!d->round.active)
		daemon_round_start(d);
	df = xcalloc(1, sizeof *df);
	df->d = d;
	df->src = src;
	df->url = xstrdup(src->url);
	df->logurl = url_redact(src->url);
	df->conf_url = xstrdup(src->conf_url);
	df->follow = src->oneshot;
	df->feed_ttl = -1;
	if ((cs = daemon_conf_source(d, df)) == NULL) {
		cause = xstrdup("the source left the configuration");
		goto fail;
	}
	if (daemon_txn_open(d, &cause) == -1 ||
	    store_source_get(d->store, src->name, &df->ss, &cause) == -1)
		goto fail;
	if (df->follow)
		rc = store_page_get(d->store, df->ss.id, df->url, &df->page,
		    &cause);
	else {
		key = daemon_validator_key(cs, src->url);
		rc = store_source_set_url(d->store, &df->ss, key, &cause);
		free(key);
		if (rc == 0)
			rc = daemon_moves_current(d, df, cs, &cause);
	}
	if (rc == -1)
		goto fail;
	memset(&req, 0, sizeof req);
	req.url = df->url;
	req.etag = df->follow ? df->page.etag : df->ss.etag;
	req.last_modified = df->follow ? df->page.last_modified :
	    df->ss.last_modified;
	req.timeout = (long)d->conf.timeout;
	req.max_size = cs->max_size > 0 ? cs->max_size : d->conf.max_size;
	req.user_agent = cs->user_agent != NULL ? cs->user_agent :
	    d->conf.user_agent;
	req.recv_buffer = fetch_recv_buffer(d->conf.concurrency);
	req.headers = cs->headers;
	req.username = cs->username;
	req.password = cs->password;
	req.proxy = cs->proxy != NULL ? cs->proxy : d->conf.proxy;
	log_debug("source %s: fetching %s", src->name, df->logurl);
	if (fetch_start(d->fetcher, &req, daemon_fetch_done,
	    daemon_fetch_abort, df, &cause) == -1)
		goto fail;
	return 0;

fail:
	log_warnx("source %s: cannot start: %s (%s)", src->name, cause,
	    df->logurl);
	free(cause);
	if (!df->follow) {
		d->round.sources++;
		d->round.failed++;
	}
	daemon_fetch_free(df);
	return -1;
}

static void
daemon_removed_tmp(const char *path, void *arg)
{
	(void)arg;
	log_info("removed %s, left by a feedmerge that was stopped while "
	    "writing", path);
}

static int
daemon_keep_source(const char *name, void *arg)
{
	struct daemon	*d = arg;

	return conf_find_source(&d->conf, name) != NULL;
}

static void
daemon_forgot_source(const char *name, int nitems, int nstories, void *arg)
{
	struct daemon	*d = arg;

	log_info("source %s is no longer in the configuration: %d item%s "
	    "forgotten, %d stor%s left the output", name, nitems,
	    nitems == 1 ? "" : "s", nstories, nstories == 1 ? "y" : "ies");
	d->dirty = 1;
	if (d->metrics != NULL)
		metrics_forget(d->metrics, name);
}

/*
 * Sources in the state but not in the configuration: their entries
 * leave the output (a story others carry stays, shown from them).
 */
static int
daemon_forget_removed(struct daemon *d, char **cause)
{
	/* In a savepoint of its own: a failure undoes only this. */
	daemon_flush(d);
	if (daemon_txn_open(d, cause) == -1 ||
	    store_savepoint(d->store, cause) == -1)
		return -1;
	if (store_forget_sources(d->store, daemon_keep_source, d,
	    daemon_forgot_source, cause) == -1) {
		store_rollback_savepoint(d->store);
		return -1;
	}
	if (store_release(d->store, cause) == -1)
		return -1;
	daemon_txn_commit(d, 1);
	return 0;
}

static void
daemon_reload(struct daemon *d)
{
	struct conf	 cf, old;
	char		*errors = NULL, *line, *next, *cause = NULL;
	int		 nerrors, added, removed, changed;

	daemon_notify("RELOADING=1");
	/* What is held was read under the running configuration. */
	daemon_flush(d);
	if (conf_load(&cf, d->conf.path, &errors, &nerrors) == -1) {
		for (line = errors; line != NULL && *line != '\0';
		    line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			log_errorx("%s", line);
		}
		free(errors);
		goto refused;
	}
	/* What daemon_init would refuse, refused here too. */
	if (daemon_outputs_writable(&cf, &cause) == -1 ||
	    (cf.metrics != NULL && (d->conf.metrics == NULL ||
	    strcmp(cf.metrics, d->conf.metrics) != 0) &&
	    path_dir_writable(cf.metrics, "metrics", &cause) == -1)) {
		log_errorx("%s", cause);
		free(cause);
		conf_free(&cf);
		goto refused;
	}
	if (strcmp(cf.state, d->conf.state) != 0) {
		log_warnx("reload: state path changes need a restart "
		    "(still using %s)", d->conf.state);
		free(cf.state);
		cf.state = xstrdup(d->conf.state);
	}
	/* The old one stays until the scheduler has compared the two. */
	old = d->conf;
	d->conf = cf;
	d->dirty = 1;		/* titles and limits may have changed */
	daemon_set_window(d);
	sched_apply(&d->sched, &d->conf, &old, &added, &removed, &changed);
	conf_free(&old);
	log_info("reloaded %s: +%d added, -%d removed, %d changed",
	    d->conf.path, added, removed, changed);
	if (removed > 0 && daemon_forget_removed(d, &cause) == -1) {
		log_errorx("state: %s", cause);
		free(cause);
		cause = NULL;
	}
	daemon_notify("READY=1");
	if (sched_idle(&d->sched))
		daemon_publish(d);
	return;

refused:
	log_errorx("reload failed, keeping the running configuration");
	daemon_notify("READY=1");
}

static void
daemon_signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct daemon	*d = w->data;

	if (w->signum == SIGHUP) {
		daemon_reload(d);
		return;
	}
	/* Writes are synchronous: none is half done when we get here. */
	log_info("shutting down");
	daemon_notify("STOPPING=1");
	ev_break(loop, EVBREAK_ALL);
}

int
daemon_init(struct daemon *d, struct conf *cf, int once, char **cause)
{
	size_t	 i;

	memset(d, 0, sizeof *d);
	strmap_init(&d->hinted);
	d->conf = *cf;
	memset(cf, 0, sizeof *cf);
	d->once = once;
	if ((d->loop = ev_default_loop(EVFLAG_AUTO)) == NULL) {
		*cause = xstrdup("cannot initialise the event loop");
		return -1;
	}
	if (daemon_outputs_writable(&d->conf, cause) == -1)
		return -1;
	if ((d->store = store_open(d->conf.state, cause)) == NULL)
		return -1;
	/* The state's lock is ours: no other feedmerge writes this output
	   (one state, one output), so a temp file beside it is a leftover. */
	for (i = 0; i < d->conf.noutputs; i++) {
		const char	*paths[4];
		size_t		 j, n;

		n = conf_output_files(&d->conf.outputs[i], paths, NULL);
		for (j = 0; j < n; j++)
			outfile_clean(paths[j], daemon_removed_tmp, NULL);
	}
	if (d->conf.metrics != NULL) {
		if (path_dir_writable(d->conf.metrics, "metrics", cause) == -1)
			return -1;
		outfile_clean(d->conf.metrics, daemon_removed_tmp, NULL);
	}
	d->metrics = metrics_new();
	daemon_set_window(d);
	/* A source taken out of the configuration while it was stopped. */
	if (daemon_forget_removed(d, cause) == -1)
		return -1;
	if ((d->fetcher = fetcher_new(d->loop, cause)) == NULL)
		return -1;
	d->websub = websub_new(d->loop, d->fetcher, once);
	websub_set_idle(d->websub, daemon_websub_idle, d);
	if ((d->parsepool = parsepool_new(d->loop, 0, cause)) == NULL)
		return -1;
	sched_init(&d->sched, d->loop, once, daemon_fetch_start, d);
	d->sched.idle = daemon_sched_idle;
	d->sched.restore = daemon_restore;
	d->sched.held = daemon_held;
	if (store_host_holds(d->store, daemon_hold_host, d, cause) == -1)
		return -1;

	ev_signal_init(&d->sigterm, daemon_signal_cb, SIGTERM);
	ev_signal_init(&d->sigint, daemon_signal_cb, SIGINT);
	ev_signal_init(&d->sighup, daemon_signal_cb, SIGHUP);
	d->sigterm.data = d->sigint.data = d->sighup.data = d;
	ev_signal_start(d->loop, &d->sigterm);
	ev_signal_start(d->loop, &d->sigint);
	if (!once)
		ev_signal_start(d->loop, &d->sighup);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int
daemon_run(struct daemon *d)
{
	if (d->conf.noutputs == 1)
		log_info("feedmerge %s starting: %zu sources, output %s",
		    PACKAGE_VERSION, d->conf.nsources, d->conf.outputs[0].file);
	else
		log_info("feedmerge %s starting: %zu sources, %zu outputs",
		    PACKAGE_VERSION, d->conf.nsources, d->conf.noutputs);
	sched_apply(&d->sched, &d->conf, NULL, NULL, NULL, NULL);
	/* No transfer could even start, and none is waiting for a timer. */
	if (sched_idle(&d->sched) && (d->once ||
	    sched_next_due(&d->sched) < 0))
		daemon_round_end(d);
	if (!d->once) {
		daemon_notify("READY=1");
		daemon_watchdog_start(d);
		ev_timer_init(&d->tick, daemon_tick_cb, 1., 1.);
		d->tick.data = d;
		ev_timer_start(d->loop, &d->tick);
	}
	/* ev_run() forgets an ev_break() made before it started. */
	if (!d->once || !sched_idle(&d->sched))
		ev_run(d->loop, 0);
	if (!d->once)
		return 0;
	if (d->publish_failed || !d->published)
		return 1;
	/* Every source failed and there is nothing to show. */
	if (d->entries == 0 && d->round.failed == d->round.sources)
		return 1;
	return 0;
}

void
daemon_free(struct daemon *d)
{
	free(d->wrote);
	free(d->failed_outputs);
	if (d->loop != NULL) {
		ev_signal_stop(d->loop, &d->sigterm);
		ev_signal_stop(d->loop, &d->sigint);
		ev_signal_stop(d->loop, &d->sighup);
		ev_timer_stop(d->loop, &d->watchdog);
		ev_timer_stop(d->loop, &d->tick);
	}
	/* Transfers and parses go first: they point at sched sources. */
	fetcher_free(d->fetcher);
	websub_free(d->websub);
	parsepool_free(d->parsepool);
	sched_free(&d->sched);
	store_source_clear(&d->restored);
	if (d->store != NULL)
		daemon_txn_commit(d, 1);
	batch_free(&d->batch);
	store_close(d->store);
	conf_free(&d->conf);
	strmap_free(&d->hinted);
	metrics_free(d->metrics);
	if (d->loop != NULL)
		ev_loop_destroy(d->loop);
	memset(d, 0, sizeof *d);
}
