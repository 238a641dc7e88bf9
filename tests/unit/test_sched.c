/*
 * test_sched.c: the scheduler on a real libev loop, with a start callback
 * that records each start and finishes it after a given time: per-host
 * slots and spacing, a host held by Retry-After, jitter bounds, backoff,
 * the state's schedule restored, a move while a transfer runs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sched.h"
#include "util.h"

#define MAX_STARTS	256

struct start {
	char		 name[32];
	char		 url[128];
	ev_tstamp	 at;
	ev_tstamp	 ended;
};

struct run {
	struct sched	 s;
	struct ev_loop	*loop;
	struct start	 starts[MAX_STARTS];
	int		 nstarts;
	int		 busy, most_busy;	/* transfers at once */
	double		 hold;		/* how long each transfer takes */
	struct sched_outcome outcome;	/* what each one reports */
	int64_t		 next_due[MAX_STARTS];	/* what sched_done said */
	int		 stop_after;	/* ev_break after this many starts */
	const char	*move_to;	/* sched_set_url while running */
	const struct sched_saved *saved;	/* for every source */
};

struct transfer {
	ev_timer		 timer;
	struct run		*run;
	struct sched_source	*src;
	int			 i;
};

static void
transfer_end(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct transfer	*t = w->data;
	struct run	*r = t->run;

	(void)revents;
	r->busy--;
	r->starts[t->i].ended = ev_now(loop);
	r->next_due[t->i] = sched_done(&r->s, t->src, &r->outcome);
	free(t);
	if (r->nstarts >= r->stop_after && r->busy == 0)
		ev_break(loop, EVBREAK_ALL);
}

static int
start_cb(struct sched_source *src, void *arg)
{
	struct run	*r = arg;
	struct transfer	*t;

	if (r->nstarts >= MAX_STARTS)
		return -1;
	t = xcalloc(1, sizeof *t);
	t->run = r;
	t->src = src;
	t->i = r->nstarts++;
	snprintf(r->starts[t->i].name, sizeof r->starts[t->i].name, "%s",
	    src->name);
	snprintf(r->starts[t->i].url, sizeof r->starts[t->i].url, "%s",
	    src->url);
	r->starts[t->i].at = ev_now(r->loop);
	if (++r->busy > r->most_busy)
		r->most_busy = r->busy;
	if (r->move_to != NULL)
		sched_set_url(&r->s, src, r->move_to);
	ev_timer_init(&t->timer, transfer_end, r->hold, 0.);
	t->timer.data = t;
	ev_timer_start(r->loop, &t->timer);
	return 0;
}

static int
restore_cb(const struct conf_source *cs, struct sched_saved *saved,
    void *arg)
{
	struct run	*r = arg;

	(void)cs;
	if (r->saved == NULL)
		return 0;
	*saved = *r->saved;
	return 1;
}

/* A configuration of n sources, urls "http://HOSTk/i" (host = i % hosts). */
static void
make_conf(struct conf *cf, int n, int hosts, int per_host, int64_t spacing,
    int64_t refresh)
{
	int	 i;

	memset(cf, 0, sizeof *cf);
	cf->concurrency = 16;
	cf->per_host = per_host;
	cf->host_spacing = spacing;
	cf->sources = xcalloc((size_t)n, sizeof *cf->sources);
	cf->nsources = (size_t)n;
	for (i = 0; i < n; i++) {
		xasprintf(&cf->sources[i].name, "s%02d", i);
		if (hosts > 0)
			xasprintf(&cf->sources[i].url, "http://host%d.test/%d",
			    i % hosts, i);
		else
			xasprintf(&cf->sources[i].url, "file:///feeds/%d", i);
		cf->sources[i].refresh = refresh;
	}
}

static void
free_conf(struct conf *cf)
{
	size_t	 i;

	for (i = 0; i < cf->nsources; i++) {
		free(cf->sources[i].name);
		free(cf->sources[i].url);
	}
	free(cf->sources);
}

static void
run_init(struct run *r, int once)
{
	memset(r, 0, sizeof *r);
	r->loop = ev_loop_new(EVFLAG_AUTO);
	sched_init(&r->s, r->loop, once, start_cb, r);
	r->s.restore = restore_cb;
	r->outcome.ok = 1;
	r->outcome.floor = -1;
	r->stop_after = MAX_STARTS;
}

static void
run_free(struct run *r)
{
	sched_free(&r->s);
	ev_loop_destroy(r->loop);
}

/* A safety net: no test may hang. */
static void
deadline_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

static void
run_loop(struct run *r, double limit)
{
	ev_timer	 deadline;

	ev_timer_init(&deadline, deadline_cb, limit, 0.);
	ev_timer_start(r->loop, &deadline);
	ev_run(r->loop, 0);
	ev_timer_stop(r->loop, &deadline);
}

/* Six sources of one host, per_host 2: two at a time, never three. */
static void
test_per_host(void)
{
	struct run	 r;
	struct conf	 cf;

	run_init(&r, 1);
	r.hold = 0.05;
	r.stop_after = 6;
	make_conf(&cf, 6, 1, 2, 0, 3600);
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	run_loop(&r, 5);
	check(r.nstarts == 6);
	check(r.most_busy == 2);
	check(sched_idle(&r.s));
	run_free(&r);
	free_conf(&cf);
}

/* Two hosts, 3 slots, per_host 2: the second host is never starved. */
static void
test_hosts_take_turns(void)
{
	struct run	 r;
	struct conf	 cf;
	int		 i, first_host1 = -1;

	run_init(&r, 1);
	r.hold = 0.05;
	r.stop_after = 8;
	/* s00..s05 on host0, s06, s07 on host1: listed after host0's. */
	make_conf(&cf, 8, 1, 2, 0, 3600);
	free(cf.sources[6].url);
	free(cf.sources[7].url);
	cf.sources[6].url = xstrdup("http://other.test/6");
	cf.sources[7].url = xstrdup("http://other.test/7");
	cf.concurrency = 3;
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	run_loop(&r, 5);
	check(r.nstarts == 8);
	for (i = 0; i < r.nstarts; i++)
		if (strstr(r.starts[i].url, "other.test") != NULL) {
			first_host1 = i;
			break;
		}
	/* Hosts take turns: host1 second, not after host0's queue. */
	check(first_host1 == 1);
	/* And host0 never had more than its two. */
	check(r.most_busy == 3);
	run_free(&r);
	free_conf(&cf);
}

/* host_spacing: starts on one host at least that far apart. */
static void
test_spacing(void)
{
	struct run	 r;
	struct conf	 cf;
	int		 i;

	run_init(&r, 1);
	r.hold = 0.01;
	r.stop_after = 3;
	make_conf(&cf, 3, 1, 2, 1, 3600);
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	run_loop(&r, 10);
	check(r.nstarts == 3);
	for (i = 1; i < r.nstarts; i++)
		check(r.starts[i].at - r.starts[i - 1].at >= 0.99);
	run_free(&r);
	free_conf(&cf);
}

/* file:// sources have no host: no slots, no spacing. */
static void
test_local_unlimited(void)
{
	struct run	 r;
	struct conf	 cf;

	run_init(&r, 1);
	r.hold = 0.05;
	r.stop_after = 6;
	make_conf(&cf, 6, 0, 1, 1, 3600);
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	run_loop(&r, 5);
	check(r.nstarts == 6);
	check(r.most_busy == 6);
	run_free(&r);
	free_conf(&cf);
}

static int	held_count;

static void
held_cb(struct sched_source *src, int64_t until, void *arg)
{
	(void)src;
	(void)arg;
	if (until > now_seconds())
		held_count++;
}

/*
 * --once: what waits for a held host is not fetched this run (a cron
 * job must not sleep until the pause is over); it is reported held.
 */
static void
test_hold_once(void)
{
	struct run	 r;
	struct conf	 cf;

	run_init(&r, 1);
	r.s.held = held_cb;
	held_count = 0;
	make_conf(&cf, 3, 1, 2, 0, 3600);
	sched_hold_host(&r.s, "host0.test", now_seconds() + 600);
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	check(r.nstarts == 0);
	check(held_count == 3);
	check(sched_idle(&r.s));
	run_free(&r);
	free_conf(&cf);

	/* A 429 in the run holds what is still queued on that host. */
	run_init(&r, 1);
	r.s.held = held_cb;
	held_count = 0;
	r.hold = 0.01;
	r.stop_after = 1;
	r.outcome.ok = 0;
	r.outcome.hold_host = 1;
	r.outcome.retry_after = 60;
	make_conf(&cf, 3, 1, 1, 0, 3600);
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	run_loop(&r, 5);
	check(r.nstarts == 1);
	check(held_count == 2);
	check(sched_idle(&r.s));
	run_free(&r);
	free_conf(&cf);
}

/* A host held (Retry-After) starts nothing until then. */
static void
test_hold(void)
{
	struct run	 r;
	struct conf	 cf;
	ev_tstamp	 t0;

	run_init(&r, 0);
	r.hold = 0.01;
	r.stop_after = 2;
	make_conf(&cf, 2, 1, 2, 0, 3600);
	t0 = ev_time();
	sched_hold_host(&r.s, "host0.test", now_seconds() + 2);
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	check(r.nstarts == 0);
	run_loop(&r, 10);
	check(r.nstarts == 2);
	check(r.starts[0].at - t0 >= 0.9);
	run_free(&r);
	free_conf(&cf);
}

/* A 429 with Retry-After from one source holds its host's others. */
static void
test_hold_from_outcome(void)
{
	struct run	 r;
	struct conf	 cf;

	run_init(&r, 0);
	r.hold = 0.01;
	r.stop_after = 2;
	r.outcome.ok = 0;
	r.outcome.hold_host = 1;
	r.outcome.retry_after = 1;
	make_conf(&cf, 2, 1, 1, 0, 3600);
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	run_loop(&r, 10);
	check(r.nstarts == 2);
	check(r.starts[1].at - r.starts[0].ended >= 0.95);
	run_free(&r);
	free_conf(&cf);
}

/* Next due: the interval give or take 10%; failures double it. */
static void
test_intervals(void)
{
	struct run	 r;
	struct conf	 cf;
	int64_t		 now;
	int		 i;

	run_init(&r, 0);
	r.hold = 0.001;
	r.stop_after = 1;
	make_conf(&cf, 40, 0, 2, 0, 1000);
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	/* First fetches spread over 0.1 s each: 4 s for 40 sources. */
	r.stop_after = 40;
	run_loop(&r, 10);
	check(r.nstarts == 40);
	for (i = 0; i < 40; i++) {
		check(r.starts[i].at - r.starts[0].at <= 4.1);
		/* An interval after it was due, give or take 10%. */
		check((double)r.next_due[i] - r.starts[i].at >= 898 &&
		    (double)r.next_due[i] - r.starts[i].at <= 1102);
	}
	run_free(&r);

	/* A failing source: 1000 s, 2000 s, 4000 s (cap 4 h), with jitter. */
	run_init(&r, 0);
	r.hold = 0.001;
	r.outcome.ok = 0;
	r.stop_after = 1;
	free_conf(&cf);
	make_conf(&cf, 1, 0, 2, 0, 1000);
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	run_loop(&r, 5);
	check(r.nstarts == 1);
	check(r.s.v[0]->failures == 1);
	now = now_seconds();
	check(r.next_due[0] >= now + 898 && r.next_due[0] <= now + 1101);
	r.s.v[0]->failures = 3;
	ev_timer_stop(r.loop, &r.s.v[0]->timer);
	ev_feed_event(r.loop, &r.s.v[0]->timer, EV_TIMER);
	r.stop_after = 2;
	run_loop(&r, 5);
	check(r.nstarts == 2);
	check(r.s.v[0]->failures == 4);
	now = now_seconds();
	/* 1000 * 2^3 = 8000, less the 10% of jitter of 1000 at most. */
	check(r.next_due[1] >= now + 7898 && r.next_due[1] <= now + 8101);
	run_free(&r);
	free_conf(&cf);
}

/* The state's next_due is kept; a gone source is never started. */
static void
test_restore(void)
{
	struct run		 r;
	struct conf		 cf;
	struct sched_saved	 saved;

	run_init(&r, 0);
	memset(&saved, 0, sizeof saved);
	saved.next_due = now_seconds() + 600;
	saved.failures = 2;
	r.saved = &saved;
	make_conf(&cf, 3, 1, 2, 0, 3600);
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	check(r.nstarts == 0);
	check(r.s.v[0]->failures == 2);
	check(ev_is_active(&r.s.v[0]->timer));
	check(ev_timer_remaining(r.loop, &r.s.v[0]->timer) > 590);
	run_free(&r);

	run_init(&r, 1);
	saved.gone = 1;
	saved.url = "http://moved.test/feed";
	r.saved = &saved;
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	check(r.nstarts == 0);
	check(sched_idle(&r.s));
	check_str_eq(r.s.v[0]->url, "http://moved.test/feed");
	check_str_eq(r.s.v[0]->conf_url, "http://host0.test/0");
	run_free(&r);
	free_conf(&cf);
}

/* A move while the transfer runs frees the slot of the host it ran on. */
static void
test_move_while_running(void)
{
	struct run	 r;
	struct conf	 cf;

	run_init(&r, 1);
	r.hold = 0.02;
	r.stop_after = 4;
	r.move_to = "http://new.test/feed";
	make_conf(&cf, 4, 1, 1, 0, 3600);
	sched_apply(&r.s, &cf, NULL, NULL, NULL, NULL);
	run_loop(&r, 5);
	/* One at a time on host0, each slot given back to host0. */
	check(r.nstarts == 4);
	check(r.most_busy == 1);
	check(sched_idle(&r.s));
	run_free(&r);
	free_conf(&cf);
}

int
main(void)
{
	test_per_host();
	test_hosts_take_turns();
	test_spacing();
	test_local_unlimited();
	test_hold();
	test_hold_once();
	test_hold_from_outcome();
	test_intervals();
	test_restore();
	test_move_while_running();
	return check_done();
}
