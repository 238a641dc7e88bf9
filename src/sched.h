/*
 * sched.h: when each source is fetched, and how many at once.
 *
 * Owns one ev_timer per source, and per host a queue of due sources
 * waiting for a transfer slot: at most `concurrency` transfers in all,
 * `per_host` on one host, and starts on one host `host_spacing` apart
 * (or later, when the host asked for a pause with Retry-After).  Knows
 * intervals, jitter, backoff and floors, not HTTP: it calls the start
 * callback when a source may be fetched, and is told by sched_done() how
 * the fetch went.
 */
#ifndef FEEDMERGE_SCHED_H
#define FEEDMERGE_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include <ev.h>

#include "conf.h"

/* The longest floor a feed's ttl or caching headers can set. */
#define SCHED_MAX_FLOOR		86400

struct sched;
struct sched_host;

struct sched_source {
	char		*name;
	char		*url;		/* what is fetched */
	char		*conf_url;	/* what the config says (url may be
					   where it moved to for good) */
	int64_t		 refresh;	/* seconds */
	int64_t		 floor;		/* seconds the source said it stays
					   the same (its ttl, caching) */
	int		 refresh_set;	/* the config's refresh wins */
	int		 failures;	/* consecutive, for backoff */
	int		 gone;		/* 410: not fetched again */
	int		 queued;	/* waiting for a slot */
	int		 fetching;	/* a transfer is running */
	int		 removed;	/* gone from the config mid-fetch */
	int		 refetch;	/* URL changed mid-fetch: go again */
	int		 oneshot;	/* fetched once, then freed: a page a
					   source's teaser led to (name is
					   the source's, url the page's) */
	ev_tstamp	 due;		/* when it last became due */
	ev_tstamp	 base;		/* when it is due next, before the
					   jitter: intervals after it count
					   from here, so jitter never drifts */
	ev_timer	 timer;
	struct sched	*sched;
	struct sched_host *host;	/* of url */
	struct sched_host *run_host;	/* of the transfer running (url may
					   change meanwhile: a move, a reload) */
	struct sched_source *qnext;	/* its host's queue; the gone list */
	struct sched_source *qprev;	/* its host's queue */
	struct sched_source *onext;	/* sched.oneshots */
};

/* What the state remembers of a source (sched_restore_cb). */
struct sched_saved {
	int64_t		 next_due;	/* Unix seconds, 0: never fetched */
	int		 failures;
	int		 gone;
	int64_t		 floor;
	const char	*url;		/* where it moved to, or NULL */
};

/* Start a transfer for src; return -1 if it could not start. */
typedef int (*sched_start_cb)(struct sched_source *src, void *arg);
/* Fill *saved for a source being added; 0 when nothing is known. */
typedef int (*sched_restore_cb)(const struct conf_source *cs,
	    struct sched_saved *saved, void *arg);

struct sched {
	struct ev_loop	*loop;
	int		 once;		/* fetch each source once, no timers */
	int		 concurrency;
	int		 per_host;
	double		 host_spacing;
	int		 running;
	int		 nqueued;
	double		 shortest;	/* the shortest refresh; 0: none */
	struct sched_source **v;	/* the configured sources */
	size_t		 n;
	struct sched_host *hosts;	/* every host seen (list) */
	struct sched_host *local;	/* file:// URLs: no limits */
	struct sched_host *rhead, *rtail; /* hosts that may start now */
	struct sched_source *gone;	/* removed, still fetching (qnext) */
	struct sched_source *oneshots;	/* queued or fetching (qnext
					   while fetching: onext) */
	uint64_t	 rng;		/* jitter: xorshift64 */
	sched_start_cb	 start;
	sched_restore_cb restore;	/* or NULL */
	/* Called when a timer left nothing running (every start failed). */
	void		(*idle)(void *arg);
	/*
	 * --once: src is not fetched this run, its host asked for a pause
	 * (Retry-After) until then (Unix seconds).  src is done with.
	 */
	void		(*held)(struct sched_source *src, int64_t until,
			    void *arg);
	void		*arg;
};

void	sched_init(struct sched *, struct ev_loop *, int once,
	    sched_start_cb, void *arg);
void	sched_free(struct sched *);

/*
 * Make the scheduled sources those of cf: add the new ones (due as the
 * state says, or soon), drop the removed ones, apply changed intervals
 * and URLs.  A source read another way than in old (its type, rules,
 * size limit, request or teasers to follow; old may be NULL) is due now
 * too.  Counts what changed into the three (optional) counters.
 */
void	sched_apply(struct sched *, const struct conf *cf,
	    const struct conf *old, int *added, int *removed, int *changed);

/* How a transfer went, for sched_done(). */
struct sched_outcome {
	int		 ok;		/* it answered, and was read */
	int64_t		 retry_after;	/* the server's wish, seconds */
	int		 hold_host;	/* 429/503: retry_after is the host's */
	int		 gone;		/* 410: stop polling */
	int64_t		 floor;		/* seconds; -1: keep the last one */
};

/*
 * A transfer of src finished.  Returns when it is due next (Unix
 * seconds), or 0 when it is not (a teaser's page, a source removed or
 * gone, --once).  src may be freed here.
 */
int64_t	sched_done(struct sched *, struct sched_source *src,
	    const struct sched_outcome *);

/* Fetch src from url from now on (it moved for good). */
void	sched_set_url(struct sched *, struct sched_source *src,
	    const char *url);

/*
 * No request to host before until (Unix seconds): it answered 429 or
 * 503 with Retry-After, now or before a restart.
 */
void	sched_hold_host(struct sched *, const char *host, int64_t until);

/*
 * Queue one fetch of url for source name (a page its teasers led to),
 * behind what is due; it takes a slot like any source and is freed when
 * it is done.  Returns 0, or 1 when that fetch is queued or running
 * already.
 */
int	sched_oneshot(struct sched *, const char *name, const char *url);

/* Nothing running or waiting. */
int	sched_idle(const struct sched *);
/*
 * Nothing running, and what waits, waits for a host's pause of more than
 * settle seconds: a round need not wait for those.
 */
int	sched_quiet(const struct sched *, double settle);
/* Seconds until the next source is due (-1: none); a scan of them all. */
double	sched_next_due(const struct sched *);

#endif
