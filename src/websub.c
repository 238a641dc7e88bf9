/*
 * websub.c: pings to WebSub hubs (websub.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"
#include "websub.h"

#define WEBSUB_TIMEOUT		30	/* seconds per attempt */
#define WEBSUB_RETRIES		5
#define WEBSUB_FIRST_DELAY	30.	/* then doubled */
#define WEBSUB_ONCE_RETRIES	2
#define WEBSUB_ONCE_DELAY	1.

struct websub_ping {
	struct websub		*ws;
	char			*hub, *topic, *user_agent, *body;
	int			 attempts;
	int			 running;	/* a transfer, not a timer */
	int			 again;		/* changed again meanwhile */
	ev_timer		 retry;
	struct websub_ping	*prev, *next;
};

struct websub {
	struct ev_loop		*loop;
	struct fetcher		*fetcher;
	int			 once;
	struct websub_ping	*pings;
	int			 n;
	void			(*idle)(void *);
	void			*idle_arg;
};

struct websub *
websub_new(struct ev_loop *loop, struct fetcher *fetcher, int once)
{
	struct websub	*ws = xcalloc(1, sizeof *ws);

	ws->loop = loop;
	ws->fetcher = fetcher;
	ws->once = once;
	return ws;
}

static void
websub_ping_free(struct websub_ping *p)
{
	struct websub	*ws = p->ws;

	ev_timer_stop(ws->loop, &p->retry);
	if (p->prev != NULL)
		p->prev->next = p->next;
	else
		ws->pings = p->next;
	if (p->next != NULL)
		p->next->prev = p->prev;
	ws->n--;
	free(p->hub);
	free(p->topic);
	free(p->user_agent);
	free(p->body);
	free(p);
}

/* The ping is over: freed, and the idle callback told if none is left. */
static void
websub_ping_done(struct websub_ping *p)
{
	struct websub	*ws = p->ws;

	websub_ping_free(p);
	if (ws->n == 0 && ws->idle != NULL)
		ws->idle(ws->idle_arg);
}

void
websub_free(struct websub *ws)
{
	if (ws == NULL)
		return;
	while (ws->pings != NULL)
		websub_ping_free(ws->pings);
	free(ws);
}

int
websub_pending(const struct websub *ws)
{
	return ws != NULL ? ws->n : 0;
}

void
websub_set_idle(struct websub *ws, void (*cb)(void *), void *arg)
{
	ws->idle = cb;
	ws->idle_arg = arg;
}

/* application/x-www-form-urlencoded: all but the unreserved escaped. */
static void
websub_form_value(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";

	for (; *s != '\0'; s++) {
		unsigned char	 c = (unsigned char)*s;

		if (IS_ALNUM(c) || c == '-' || c == '.' || c == '_' ||
		    c == '~')
			buf_addc(b, (char)c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

static void	websub_send(struct websub_ping *);

static void
websub_retry_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	websub_send(w->data);
}

static void
websub_abort_cb(void *arg)
{
	websub_ping_free(arg);
}

static void
websub_done_cb(struct fetch_result *r, void *arg)
{
	struct websub_ping	*p = arg;
	struct websub		*ws = p->ws;
	int			 retries = ws->once ? WEBSUB_ONCE_RETRIES :
				    WEBSUB_RETRIES;
	double			 delay;
	char			 why[256];

	p->running = 0;
	if (r->ok && r->status >= 200 && r->status < 300) {
		log_info("websub: told %s of %s (HTTP %ld)", p->hub, p->topic,
		    r->status);
		if (p->again) {
			/* The hub may have read the file before it changed. */
			p->again = 0;
			p->attempts = 0;
			websub_send(p);
			return;
		}
		websub_ping_done(p);
		return;
	}
	if (r->ok)
		snprintf(why, sizeof why, "HTTP %ld", r->status);
	else
		snprintf(why, sizeof why, "%s", r->error != NULL ? r->error :
		    "transfer failed");
	if (p->attempts > retries) {
		log_warnx("websub: hub %s: %s; gave up after %d attempts",
		    p->hub, why, p->attempts);
		websub_ping_done(p);
		return;
	}
	delay = (ws->once ? WEBSUB_ONCE_DELAY : WEBSUB_FIRST_DELAY) *
	    (double)(1 << (p->attempts - 1));
	log_warnx("websub: hub %s: %s; again in %.0f s", p->hub, why, delay);
	ev_timer_set(&p->retry, delay, 0.);
	ev_timer_start(ws->loop, &p->retry);
}

static void
websub_send(struct websub_ping *p)
{
	struct fetch_request	 req;
	char			*cause = NULL;

	memset(&req, 0, sizeof req);
	req.url = p->hub;
	req.timeout = WEBSUB_TIMEOUT;
	req.max_size = 64 * 1024;
	req.user_agent = p->user_agent;
	req.post = p->body;
	p->attempts++;
	p->running = 1;
	if (fetch_start(p->ws->fetcher, &req, websub_done_cb, websub_abort_cb,
	    p, &cause) == -1) {
		log_warnx("websub: hub %s: %s", p->hub, cause);
		free(cause);
		websub_ping_done(p);
	}
}

void
websub_publish(struct websub *ws, const char *hub, const char *topic,
    const char *user_agent)
{
	struct websub_ping	*p;
	struct buf		 b;

	for (p = ws->pings; p != NULL; p = p->next)
		if (strcmp(p->hub, hub) == 0 && strcmp(p->topic, topic) == 0) {
			/* One waiting will say it; one running, once more. */
			if (p->running)
				p->again = 1;
			return;
		}
	p = xcalloc(1, sizeof *p);
	p->ws = ws;
	p->hub = xstrdup(hub);
	p->topic = xstrdup(topic);
	p->user_agent = xstrdup(user_agent);
	buf_init(&b);
	buf_addstr(&b, "hub.mode=publish&hub.url=");
	websub_form_value(&b, topic);
	p->body = buf_steal(&b);
	ev_timer_init(&p->retry, websub_retry_cb, 0., 0.);
	p->retry.data = p;
	p->next = ws->pings;
	if (ws->pings != NULL)
		ws->pings->prev = p;
	ws->pings = p;
	ws->n++;
	websub_send(p);
}
