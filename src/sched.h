/*
 * sched.h: when each source is fetched, and how many at once.
 *
 * Owns one ev_timer per source and the queue of due sources waiting for a
 * transfer slot.  Knows intervals and backoff, not HTTP: it calls the
 * start callback when a source may be fetched, and is told by
 * sched_done() how the fetch went.  Later: per-host slots and spacing.
 */
#ifndef FEEDMERGE_SCHED_H
#define FEEDMERGE_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include <ev.h>

#include "conf.h"

struct sched;

struct sched_source {
	char		*name;
	char		*url;
	int64_t		 refresh;	/* seconds */
	int		 failures;	/* consecutive, for backoff */
	int		 queued;	/* waiting for a slot */
	int		 fetching;	/* a transfer is running */
	int		 removed;	/* gone from the config mid-fetch */
	int		 refetch;	/* URL changed mid-fetch: go again */
	int		 oneshot;	/* fetched once, then freed: a page a
					   source's teaser led to (name is
					   the source's, url the page's) */
	ev_tstamp	 due;		/* when it last became due */
	ev_timer	 timer;
	struct sched	*sched;
	struct sched_source *qnext;	/* the due queue; the gone list */
	struct sched_source *qprev;	/* the due queue */
	struct sched_source *onext;	/* sched.oneshots */
};

/* Start a transfer for src; return -1 if it could not start. */
typedef int (*sched_start_cb)(struct sched_source *src, void *arg);

struct sched {
	struct ev_loop	*loop;
	int		 once;		/* fetch each source once, no timers */
	int		 concurrency;
	int		 running;
	struct sched_source **v;	/* the configured sources */
	size_t		 n;
	struct sched_source *qhead, *qtail;
	struct sched_source *gone;	/* removed, still fetching (qnext) */
	struct sched_source *oneshots;	/* queued or fetching (qnext
					   while fetching: onext) */
	sched_start_cb	 start;
	/* Called when a timer left nothing running (every start failed). */
	void		(*idle)(void *arg);
	void		*arg;
};

void	sched_init(struct sched *, struct ev_loop *, int once,
	    sched_start_cb, void *arg);
void	sched_free(struct sched *);

/*
 * Make the scheduled sources those of cf: add the new ones (due now),
 * drop the removed ones, apply changed intervals and URLs.  A source
 * read another way than in old (its type, rules, size limit or teasers
 * to follow; old may be NULL) is due now too.  Counts what changed into
 * the three (optional) counters.
 */
void	sched_apply(struct sched *, const struct conf *cf,
	    const struct conf *old, int *added, int *removed, int *changed);

/*
 * A transfer of src finished.  ok: it answered; transient: try again
 * sooner; retry_after: the server's wish in seconds (0: none).
 */
void	sched_done(struct sched *, struct sched_source *src, int ok,
	    int64_t retry_after);

/*
 * Queue one fetch of url for source name (a page its teasers led to),
 * behind what is due; it takes a slot like any source and is freed when
 * it is done.  Returns 0, or 1 when that fetch is queued or running
 * already.
 */
int	sched_oneshot(struct sched *, const char *name, const char *url);

/* Nothing running or waiting. */
int	sched_idle(const struct sched *);

#endif
