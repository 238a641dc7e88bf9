/*
 * sched.c: per-source timers, a FIFO of due sources, a concurrency cap.
 *
 * A source becomes due when its timer fires; it is queued, and started
 * when fewer than `concurrency` transfers run.  Its next timer is armed
 * when its transfer finishes, so a slow source never piles up fetches.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched.h"
#include "util.h"

/* Longest wait after repeated failures (unless the interval is longer). */
#define SCHED_MAX_BACKOFF	(4 * 3600)

static void	sched_pump(struct sched *);
static void	sched_finish(struct sched *, struct sched_source *, int,
		    int64_t);

static void
sched_enqueue(struct sched *s, struct sched_source *src)
{
	if (src->queued || src->fetching || src->removed)
		return;
	src->queued = 1;
	src->due = ev_now(s->loop);
	src->qnext = NULL;
	src->qprev = s->qtail;
	if (s->qtail != NULL)
		s->qtail->qnext = src;
	else
		s->qhead = src;
	s->qtail = src;
}

/* Doubly linked: a reload removing thousands of queued sources is linear. */
static void
sched_unqueue(struct sched *s, struct sched_source *src)
{
	if (!src->queued)
		return;
	if (src->qprev != NULL)
		src->qprev->qnext = src->qnext;
	else
		s->qhead = src->qnext;
	if (src->qnext != NULL)
		src->qnext->qprev = src->qprev;
	else
		s->qtail = src->qprev;
	src->queued = 0;
	src->qnext = src->qprev = NULL;
}

/* ev_timer: a source is due. */
static void
sched_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sched_source	*src = w->data;
	struct sched		*s = src->sched;

	sched_enqueue(s, src);
	sched_pump(s);
	if (sched_idle(s) && s->idle != NULL)
		s->idle(s->arg);
}

/* Start queued sources while slots are free. */
static void
sched_pump(struct sched *s)
{
	struct sched_source	*src;

	while (s->running < s->concurrency && s->qhead != NULL) {
		src = s->qhead;
		sched_unqueue(s, src);
		src->fetching = 1;
		s->running++;
		if (s->start(src, s->arg) == -1) {
			/* Counted as a failed fetch by the callback. */
			sched_finish(s, src, 0, 0);
		}
	}
}

static void
sched_arm(struct sched *s, struct sched_source *src, double delay)
{
	ev_timer_stop(s->loop, &src->timer);
	if (s->once)
		return;
	ev_timer_set(&src->timer, delay, 0.);
	ev_timer_start(s->loop, &src->timer);
}

static void
sched_source_free(struct sched *s, struct sched_source *src)
{
	ev_timer_stop(s->loop, &src->timer);
	free(src->name);
	free(src->url);
	free(src);
}

void
sched_init(struct sched *s, struct ev_loop *loop, int once,
    sched_start_cb start, void *arg)
{
	memset(s, 0, sizeof *s);
	s->loop = loop;
	s->once = once;
	s->concurrency = 1;
	s->start = start;
	s->arg = arg;
}

void
sched_free(struct sched *s)
{
	struct sched_source	*src;
	size_t			 i;

	while ((src = s->gone) != NULL) {
		s->gone = src->qnext;
		sched_source_free(s, src);
	}
	while ((src = s->oneshots) != NULL) {
		s->oneshots = src->onext;
		sched_source_free(s, src);
	}
	for (i = 0; i < s->n; i++)
		sched_source_free(s, s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
	s->qhead = s->qtail = NULL;
}

static struct sched_source *
sched_add(struct sched *s, const struct conf_source *cs)
{
	struct sched_source	*src;

	src = xcalloc(1, sizeof *src);
	src->name = xstrdup(cs->name);
	src->url = xstrdup(cs->url);
	src->refresh = cs->refresh;
	src->sched = s;
	ev_timer_init(&src->timer, sched_timer_cb, 0., 0.);
	src->timer.data = src;
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->v[s->n++] = src;
	return src;
}

void
sched_apply(struct sched *s, const struct conf *cf, const struct conf *old,
    int *added, int *removed, int *changed)
{
	struct sched_source	*src;
	const struct conf_source *cs, *was;
	struct strmap		 names;		/* name -> index in s->v */
	size_t			 i, j, keep;
	int			 nadd = 0, nrem = 0, nchg = 0;

	s->concurrency = cf->concurrency;

	/* Drop the sources that are gone. */
	for (i = 0, keep = 0; i < s->n; i++) {
		src = s->v[i];
		if (conf_find_source(cf, src->name) != NULL) {
			s->v[keep++] = src;
			continue;
		}
		nrem++;
		sched_unqueue(s, src);
		ev_timer_stop(s->loop, &src->timer);
		if (src->fetching) {
			/* Freed when its transfer ends, or by sched_free. */
			src->removed = 1;
			src->qnext = s->gone;
			s->gone = src;
		} else
			sched_source_free(s, src);
	}
	s->n = keep;

	/* Update the ones that stay, add the new ones (due now). */
	strmap_init(&names);
	for (i = 0; i < s->n; i++)
		strmap_put(&names, s->v[i]->name, i);
	for (j = 0; j < cf->nsources; j++) {
		cs = &cf->sources[j];
		if (!strmap_get(&names, cs->name, &i)) {
			src = sched_add(s, cs);
			strmap_put(&names, src->name, s->n - 1);
			sched_enqueue(s, src);
			nadd++;
			continue;
		}
		src = s->v[i];
		was = old != NULL ? conf_find_source(old, cs->name) : NULL;
		if (strcmp(src->url, cs->url) != 0 || (was != NULL &&
		    strcmp(was->url, cs->url) == 0 &&
		    !conf_source_same_but_timing(was, cs))) {
			free(src->url);
			src->url = xstrdup(cs->url);
			src->failures = 0;
			nchg++;
			if (src->fetching)
				src->refetch = 1;
			else {
				ev_timer_stop(s->loop, &src->timer);
				sched_enqueue(s, src);
			}
		} else if (src->refresh != cs->refresh) {
			nchg++;
			if (!src->fetching && !src->queued)
				sched_arm(s, src, (double)cs->refresh);
		}
		src->refresh = cs->refresh;
	}
	strmap_free(&names);
	if (added != NULL)
		*added = nadd;
	if (removed != NULL)
		*removed = nrem;
	if (changed != NULL)
		*changed = nchg;
	sched_pump(s);
}

/* Re-arm src after a transfer; does not start others (no recursion). */
static void
sched_finish(struct sched *s, struct sched_source *src, int ok,
    int64_t retry_after)
{
	struct sched_source	**pp;
	double			 delay;
	int64_t			 cap;
	int			 shift;

	src->fetching = 0;
	s->running--;
	if (src->oneshot) {
		for (pp = &s->oneshots; *pp != NULL; pp = &(*pp)->onext)
			if (*pp == src) {
				*pp = src->onext;
				break;
			}
		sched_source_free(s, src);
		return;
	}
	if (src->removed) {
		for (pp = &s->gone; *pp != NULL; pp = &(*pp)->qnext)
			if (*pp == src) {
				*pp = src->qnext;
				break;
			}
		sched_source_free(s, src);
		return;
	}
	if (src->refetch) {
		/* What finished was the old URL: fetch the new one now. */
		src->refetch = 0;
		src->failures = 0;
		sched_enqueue(s, src);
		return;
	}
	delay = (double)src->refresh;
	if (ok)
		src->failures = 0;
	else {
		/* Back off: the interval doubled per failure, capped. */
		src->failures++;
		shift = src->failures - 1 < 6 ? src->failures - 1 : 6;
		cap = src->refresh > SCHED_MAX_BACKOFF ? src->refresh :
		    SCHED_MAX_BACKOFF;
		delay = (double)src->refresh * (double)(1 << shift);
		if (delay > (double)cap)
			delay = (double)cap;
	}
	if (retry_after > 0 && (double)retry_after > delay)
		delay = (double)(retry_after < 86400 ? retry_after : 86400);
	/*
	 * Counted from when the source became due, not from when its
	 * transfer ended: sources due together stay together, so a round
	 * (and its one summary line and one write) covers them all.
	 */
	delay -= ev_now(s->loop) - src->due;
	sched_arm(s, src, delay > 0 ? delay : 0);
}

void
sched_done(struct sched *s, struct sched_source *src, int ok,
    int64_t retry_after)
{
	sched_finish(s, src, ok, retry_after);
	sched_pump(s);
}

int
sched_oneshot(struct sched *s, const char *name, const char *url)
{
	struct sched_source	*src;

	/* Queued or running already (its page read again meanwhile). */
	for (src = s->oneshots; src != NULL; src = src->onext)
		if (strcmp(src->name, name) == 0 && strcmp(src->url, url) == 0)
			return 1;
	src = xcalloc(1, sizeof *src);
	src->name = xstrdup(name);
	src->url = xstrdup(url);
	src->oneshot = 1;
	src->sched = s;
	ev_timer_init(&src->timer, sched_timer_cb, 0., 0.);
	src->timer.data = src;
	src->onext = s->oneshots;
	s->oneshots = src;
	sched_enqueue(s, src);
	/* It may have been started, and even finished and freed, here. */
	sched_pump(s);
	return 0;
}

int
sched_idle(const struct sched *s)
{
	return s->running == 0 && s->qhead == NULL;
}
