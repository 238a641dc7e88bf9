/*
 * sched.c: per-source timers, per-host queues, the transfer slots.
 *
 * A source becomes due when its timer fires; it joins its host's queue.
 * A host with a queue, a free slot of its own (per_host) and its spacing
 * since its last start behind it is "ready"; ready hosts take the free
 * global slots in turn, so one slow host never holds the others' slots.
 * A source's next timer is armed when its transfer finishes, so a slow
 * source never piles up fetches.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sched.h"
#include "url.h"
#include "util.h"

/* Longest wait after repeated failures (unless the interval is longer). */
#define SCHED_MAX_BACKOFF	(4 * 3600)
/* Intervals are spread by up to this fraction either way. */
#define SCHED_JITTER		0.10
/* First fetches of a start are spread over this many seconds a source. */
#define SCHED_SPREAD_EACH	0.1

struct sched_host {
	char		*name;		/* NULL: the local one */
	int		 running;
	ev_tstamp	 last_start;
	ev_tstamp	 hold_until;	/* Retry-After */
	int		 ready;		/* in sched.rhead */
	struct sched_source *qhead, *qtail;
	struct sched_host *rnext, *rprev;	/* the ready list */
	struct sched_host *next;		/* sched.hosts */
	ev_timer	 timer;		/* its spacing or hold is over */
	struct sched	*sched;
};

static void	sched_pump(struct sched *);
static void	sched_host_update(struct sched *, struct sched_host *);
static int64_t	sched_finish(struct sched *, struct sched_source *,
		    const struct sched_outcome *);

/* A uniform double in [0, 1). */
static double
sched_random(struct sched *s)
{
	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 7;
	s->rng ^= s->rng << 17;
	return (double)(s->rng >> 11) / 9007199254740992.0;
}

static void
sched_host_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sched_host	*h = w->data;

	(void)loop;
	(void)revents;
	sched_host_update(h->sched, h);
	sched_pump(h->sched);
	if (sched_idle(h->sched) && h->sched->idle != NULL)
		h->sched->idle(h->sched->arg);
}

static struct sched_host *
sched_host_new(struct sched *s, const char *name)
{
	struct sched_host	*h;

	h = xcalloc(1, sizeof *h);
	h->name = name != NULL ? xstrdup(name) : NULL;
	h->sched = s;
	h->last_start = -1e9;
	ev_timer_init(&h->timer, sched_host_timer_cb, 0., 0.);
	h->timer.data = h;
	h->next = s->hosts;
	s->hosts = h;
	return h;
}

/* The host of url (found or made); file:// URLs share the local one. */
static struct sched_host *
sched_host_of(struct sched *s, const char *url)
{
	struct sched_host	*h;
	char			 name[256];

	if (url_host(url, name, sizeof name) == -1)
		return s->local;
	/* A few hosts for thousands of sources: a list does. */
	for (h = s->hosts; h != NULL; h = h->next)
		if (h->name != NULL && strcmp(h->name, name) == 0)
			return h;
	return sched_host_new(s, name);
}

static void
sched_ready_remove(struct sched *s, struct sched_host *h)
{
	if (!h->ready)
		return;
	if (h->rprev != NULL)
		h->rprev->rnext = h->rnext;
	else
		s->rhead = h->rnext;
	if (h->rnext != NULL)
		h->rnext->rprev = h->rprev;
	else
		s->rtail = h->rprev;
	h->rnext = h->rprev = NULL;
	h->ready = 0;
}

static void	sched_unqueue(struct sched *, struct sched_source *);
static void	sched_source_free(struct sched *, struct sched_source *);
static void	sched_unlink(struct sched_source **, struct sched_source *,
		    int);

/*
 * --once and h asked for a pause: what waits for it is not fetched this
 * run (a cron job must not sleep for a day), it is counted as held.
 */
static void
sched_host_skip(struct sched *s, struct sched_host *h)
{
	struct sched_source	*src;
	int64_t			 until;

	until = now_seconds() + (int64_t)(h->hold_until - ev_now(s->loop) +
	    0.999);
	sched_ready_remove(s, h);
	while ((src = h->qhead) != NULL) {
		/* Unlinked by hand: sched_unqueue would come back here. */
		h->qhead = src->qnext;
		if (h->qhead == NULL)
			h->qtail = NULL;
		else
			h->qhead->qprev = NULL;
		src->queued = 0;
		src->qnext = src->qprev = NULL;
		s->nqueued--;
		if (s->held != NULL)
			s->held(src, until, s->arg);
		if (src->oneshot) {
			sched_unlink(&s->oneshots, src, 1);
			sched_source_free(s, src);
		}
	}
}

/*
 * Is h ready to start its next source?  If so it joins the ready list;
 * if only time stands in the way, its timer is set for that time.
 */
static void
sched_host_update(struct sched *s, struct sched_host *h)
{
	ev_tstamp	 now = ev_now(s->loop), at;

	ev_timer_stop(s->loop, &h->timer);
	if (h->qhead == NULL) {
		sched_ready_remove(s, h);
		return;
	}
	if (h != s->local) {
		if (h->running >= s->per_host) {
			sched_ready_remove(s, h);
			return;
		}
		if (s->once && h->hold_until > now) {
			sched_host_skip(s, h);
			return;
		}
		at = h->last_start + s->host_spacing;
		if (h->hold_until > at)
			at = h->hold_until;
		if (at > now) {
			sched_ready_remove(s, h);
			ev_timer_set(&h->timer, at - now, 0.);
			ev_timer_start(s->loop, &h->timer);
			return;
		}
	}
	if (h->ready)
		return;
	h->ready = 1;
	h->rnext = NULL;
	h->rprev = s->rtail;
	if (s->rtail != NULL)
		s->rtail->rnext = h;
	else
		s->rhead = h;
	s->rtail = h;
}

static void
sched_enqueue(struct sched *s, struct sched_source *src)
{
	struct sched_host	*h = src->host;

	if (src->queued || src->fetching || src->removed || src->gone)
		return;
	ev_timer_stop(s->loop, &src->timer);
	src->queued = 1;
	s->nqueued++;
	src->due = ev_now(s->loop);
	src->qnext = NULL;
	src->qprev = h->qtail;
	if (h->qtail != NULL)
		h->qtail->qnext = src;
	else
		h->qhead = src;
	h->qtail = src;
	sched_host_update(s, h);
}

/* Due now, off its schedule: its intervals count from now. */
static void
sched_enqueue_now(struct sched *s, struct sched_source *src)
{
	src->base = ev_now(s->loop);
	sched_enqueue(s, src);
}

/* Doubly linked: a reload removing thousands of queued sources is linear. */
static void
sched_unqueue(struct sched *s, struct sched_source *src)
{
	struct sched_host	*h = src->host;

	if (!src->queued)
		return;
	if (src->qprev != NULL)
		src->qprev->qnext = src->qnext;
	else
		h->qhead = src->qnext;
	if (src->qnext != NULL)
		src->qnext->qprev = src->qprev;
	else
		h->qtail = src->qprev;
	src->queued = 0;
	s->nqueued--;
	src->qnext = src->qprev = NULL;
	sched_host_update(s, h);
}

/* ev_timer: a source is due. */
static void
sched_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sched_source	*src = w->data;
	struct sched		*s = src->sched;

	(void)loop;
	(void)revents;
	sched_enqueue(s, src);
	sched_pump(s);
	if (sched_idle(s) && s->idle != NULL)
		s->idle(s->arg);
}

/* Start queued sources while slots are free, a ready host at a time. */
static void
sched_pump(struct sched *s)
{
	static const struct sched_outcome failed = { .floor = -1 };
	struct sched_source	*src;
	struct sched_host	*h;

	while (s->running < s->concurrency && (h = s->rhead) != NULL) {
		src = h->qhead;
		sched_unqueue(s, src);	/* updates h */
		src->fetching = 1;
		src->run_host = h;
		s->running++;
		h->running++;
		h->last_start = ev_now(s->loop);
		/* To the back of the line: hosts take turns. */
		sched_ready_remove(s, h);
		sched_host_update(s, h);
		if (s->start(src, s->arg) == -1) {
			/* Counted as a failed fetch by the callback. */
			sched_finish(s, src, &failed);
		}
	}
}

static void
sched_arm(struct sched *s, struct sched_source *src, double delay)
{
	ev_timer_stop(s->loop, &src->timer);
	if (s->once || src->gone)
		return;
	ev_timer_set(&src->timer, delay > 0 ? delay : 0., 0.);
	ev_timer_start(s->loop, &src->timer);
}

static void
sched_source_free(struct sched *s, struct sched_source *src)
{
	ev_timer_stop(s->loop, &src->timer);
	free(src->name);
	free(src->url);
	free(src->conf_url);
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
	s->per_host = CONF_DEFAULT_PER_HOST;
	s->host_spacing = CONF_DEFAULT_HOST_SPACING;
	s->start = start;
	s->arg = arg;
	s->rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^
	    0x9e3779b97f4a7c15ULL;
	s->local = sched_host_new(s, NULL);
}

void
sched_free(struct sched *s)
{
	struct sched_source	*src;
	struct sched_host	*h;
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
	while ((h = s->hosts) != NULL) {
		s->hosts = h->next;
		ev_timer_stop(s->loop, &h->timer);
		free(h->name);
		free(h);
	}
	s->v = NULL;
	s->n = 0;
	s->local = s->rhead = s->rtail = NULL;
	s->nqueued = 0;
}

/* The interval of src: its refresh, or the floor it set. */
static double
sched_interval(const struct sched_source *src)
{
	if (!src->refresh_set && src->floor > src->refresh)
		return (double)(src->floor < SCHED_MAX_FLOOR ? src->floor :
		    SCHED_MAX_FLOOR);
	return (double)src->refresh;
}

/* Up to SCHED_JITTER of interval, either way. */
static double
sched_jitter(struct sched *s, double interval)
{
	return interval * SCHED_JITTER * (2. * sched_random(s) - 1.);
}

/*
 * A source's first timer: when the state says it is due, or, new or
 * overdue, soon: all of them spread over a tenth of a second each (at
 * most a tenth of the interval), so a start does not fire them at once.
 */
static void
sched_first(struct sched *s, struct sched_source *src, int64_t next_due,
    size_t nsources)
{
	double	 spread = SCHED_SPREAD_EACH * (double)nsources, delay, most;

	if (s->once) {
		sched_enqueue(s, src);
		return;
	}
	if (spread > SCHED_JITTER * (double)src->refresh)
		spread = SCHED_JITTER * (double)src->refresh;
	delay = next_due > 0 ? (double)(next_due - now_seconds()) : 0.;
	/* Never later than its interval (or backoff) allows now: the
	   config may have shortened it, a clock may have been wrong. */
	most = sched_interval(src);
	if (src->failures > 0 && most < SCHED_MAX_BACKOFF)
		most = SCHED_MAX_BACKOFF;
	most *= 1. + SCHED_JITTER;
	if (delay > most)
		delay = most;
	if (delay <= 0)
		delay = spread * sched_random(s);
	src->base = ev_now(s->loop) + delay;
	if (delay <= 0)
		sched_enqueue(s, src);
	else
		sched_arm(s, src, delay);
}

static struct sched_source *
sched_add(struct sched *s, const struct conf_source *cs, size_t nsources)
{
	struct sched_source	*src;
	struct sched_saved	 saved;

	src = xcalloc(1, sizeof *src);
	src->name = xstrdup(cs->name);
	src->conf_url = xstrdup(cs->url);
	src->refresh = cs->refresh;
	src->refresh_set = cs->refresh_set;
	src->sched = s;
	ev_timer_init(&src->timer, sched_timer_cb, 0., 0.);
	src->timer.data = src;
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->v[s->n++] = src;

	memset(&saved, 0, sizeof saved);
	if (s->restore == NULL || !s->restore(cs, &saved, s->arg))
		memset(&saved, 0, sizeof saved);
	src->url = xstrdup(saved.url != NULL ? saved.url : cs->url);
	src->host = sched_host_of(s, src->url);
	src->failures = saved.failures;
	src->gone = saved.gone;
	src->floor = saved.floor;
	if (!src->gone)
		sched_first(s, src, saved.next_due, nsources);
	return src;
}

/* The source's URL is changed (by the config, or a move). */
static void
sched_change_url(struct sched *s, struct sched_source *src, const char *url)
{
	sched_unqueue(s, src);
	free(src->url);
	src->url = xstrdup(url);
	src->host = sched_host_of(s, url);
}

void
sched_apply(struct sched *s, const struct conf *cf, const struct conf *old,
    int *added, int *removed, int *changed)
{
	struct sched_source	*src;
	struct sched_host	*h;
	const struct conf_source *cs, *was;
	struct strmap		 names;		/* name -> index in s->v */
	size_t			 i, j, keep;
	int			 nadd = 0, nrem = 0, nchg = 0;

	ev_now_update(s->loop);	/* the state's due times are wall clock */
	s->concurrency = cf->concurrency;
	s->per_host = cf->per_host;
	s->host_spacing = (double)cf->host_spacing;

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

	/* Update the ones that stay, add the new ones. */
	strmap_init(&names);
	for (i = 0; i < s->n; i++)
		strmap_put(&names, s->v[i]->name, i);
	for (j = 0; j < cf->nsources; j++) {
		cs = &cf->sources[j];
		if (!strmap_get(&names, cs->name, &i)) {
			src = sched_add(s, cs, cf->nsources);
			strmap_put(&names, src->name, s->n - 1);
			nadd++;
			continue;
		}
		src = s->v[i];
		was = old != NULL ? conf_find_source(old, cs->name) : NULL;
		if (strcmp(src->conf_url, cs->url) != 0 || (was != NULL &&
		    strcmp(was->url, cs->url) == 0 &&
		    !conf_source_same_but_timing(was, cs))) {
			/* A new URL forgets where the old one moved. */
			if (strcmp(src->conf_url, cs->url) != 0) {
				free(src->conf_url);
				src->conf_url = xstrdup(cs->url);
				sched_change_url(s, src, cs->url);
				src->gone = 0;
			}
			src->failures = 0;
			nchg++;
			if (src->fetching)
				src->refetch = 1;
			else
				sched_enqueue_now(s, src);
		} else if (src->refresh != cs->refresh ||
		    src->refresh_set != cs->refresh_set) {
			src->refresh = cs->refresh;
			src->refresh_set = cs->refresh_set;
			nchg++;
			if (!src->fetching && !src->queued) {
				src->base = ev_now(s->loop) +
				    sched_interval(src);
				sched_arm(s, src, src->base - ev_now(s->loop) +
				    sched_jitter(s, sched_interval(src)));
			}
		}
		src->refresh = cs->refresh;
		src->refresh_set = cs->refresh_set;
	}
	strmap_free(&names);
	s->shortest = 0;
	for (i = 0; i < s->n; i++)
		if (s->shortest == 0 || (double)s->v[i]->refresh < s->shortest)
			s->shortest = (double)s->v[i]->refresh;
	/* New limits apply to the hosts waiting. */
	for (h = s->hosts; h != NULL; h = h->next)
		sched_host_update(s, h);
	if (added != NULL)
		*added = nadd;
	if (removed != NULL)
		*removed = nrem;
	if (changed != NULL)
		*changed = nchg;
	sched_pump(s);
}

/* Unlink src from the list at *pp (linked through qnext or onext). */
static void
sched_unlink(struct sched_source **pp, struct sched_source *src, int onext)
{
	for (; *pp != NULL; pp = onext ? &(*pp)->onext : &(*pp)->qnext)
		if (*pp == src) {
			*pp = onext ? src->onext : src->qnext;
			return;
		}
}

/* Re-arm src after a transfer; does not start others (no recursion). */
static int64_t
sched_finish(struct sched *s, struct sched_source *src,
    const struct sched_outcome *o)
{
	struct sched_host	*h = src->run_host;
	double			 delay, cap, retry, interval;
	ev_tstamp		 now;
	int			 shift;

	src->fetching = 0;
	s->running--;
	h->running--;
	if (o->hold_host && o->retry_after > 0 && h != s->local) {
		retry = (double)(o->retry_after < SCHED_MAX_FLOOR ?
		    o->retry_after : SCHED_MAX_FLOOR);
		if (ev_now(s->loop) + retry > h->hold_until)
			h->hold_until = ev_now(s->loop) + retry;
	}
	sched_host_update(s, h);
	if (src->oneshot) {
		sched_unlink(&s->oneshots, src, 1);
		sched_source_free(s, src);
		return 0;
	}
	if (src->removed) {
		sched_unlink(&s->gone, src, 0);
		sched_source_free(s, src);
		return 0;
	}
	if (src->refetch) {
		/* What finished was the old URL: fetch the new one now. */
		src->refetch = 0;
		src->failures = 0;
		sched_enqueue_now(s, src);
		return now_seconds();
	}
	if (o->floor >= 0)
		src->floor = o->floor;
	if (o->gone) {
		src->gone = 1;
		return 0;
	}
	interval = sched_interval(src);
	now = ev_now(s->loop);
	if (o->ok && o->retry_after <= 0) {
		/* On time: the next one an interval after this one was due. */
		src->failures = 0;
		src->base += interval;
		if (src->base < now)
			src->base = now;	/* it fell behind: from now */
	} else {
		delay = interval;
		if (o->ok)
			src->failures = 0;
		else {
			/* Back off: the interval doubled per failure, capped. */
			src->failures++;
			shift = src->failures - 1 < 6 ? src->failures - 1 : 6;
			cap = interval > SCHED_MAX_BACKOFF ? interval :
			    SCHED_MAX_BACKOFF;
			delay *= (double)(1 << shift);
			if (delay > cap)
				delay = cap;
		}
		if (o->retry_after > 0 && (double)o->retry_after > delay)
			delay = (double)(o->retry_after < SCHED_MAX_FLOOR ?
			    o->retry_after : SCHED_MAX_FLOOR);
		/* Counted from when it became due, as on time. */
		src->base = src->due + delay;
		if (src->base < now)
			src->base = now;
	}
	delay = src->base + sched_jitter(s, interval) - now;
	if (delay < 0)
		delay = 0;
	/* --once arms nothing, but says when a daemon should come next. */
	sched_arm(s, src, delay);
	return now_seconds() + (int64_t)(delay + 0.5);
}

int64_t
sched_done(struct sched *s, struct sched_source *src,
    const struct sched_outcome *o)
{
	int64_t	 next = sched_finish(s, src, o);

	sched_pump(s);
	return next;
}

void
sched_set_url(struct sched *s, struct sched_source *src, const char *url)
{
	int	 queued = src->queued;

	sched_change_url(s, src, url);
	if (queued)
		sched_enqueue(s, src);
}

void
sched_hold_host(struct sched *s, const char *host, int64_t until)
{
	struct sched_host	*h;
	ev_tstamp		 at;

	for (h = s->hosts; h != NULL; h = h->next)
		if (h->name != NULL && strcmp(h->name, host) == 0)
			break;
	if (h == NULL)
		h = sched_host_new(s, host);
	/* At start the loop's time is as old as the startup's work. */
	ev_now_update(s->loop);
	at = ev_now(s->loop) + (double)(until - now_seconds());
	if (at > h->hold_until)
		h->hold_until = at;
	sched_host_update(s, h);
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
	src->conf_url = xstrdup(url);
	src->oneshot = 1;
	src->sched = s;
	src->host = sched_host_of(s, url);
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
	return s->running == 0 && s->nqueued == 0;
}

int
sched_quiet(const struct sched *s, double settle)
{
	const struct sched_host	*h;
	ev_tstamp		 now = ev_now(s->loop);

	if (s->running > 0)
		return 0;
	for (h = s->hosts; h != NULL; h = h->next)
		if (h->qhead != NULL && h->hold_until - now <= settle)
			return 0;
	return 1;
}

double
sched_next_due(const struct sched *s)
{
	double	 next = -1, left;
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		if (!ev_is_active(&s->v[i]->timer))
			continue;
		left = ev_timer_remaining(s->loop, &s->v[i]->timer);
		if (next < 0 || left < next)
			next = left;
	}
	return next;
}
