/*
 * websub.h: telling WebSub hubs that an output changed (W3C WebSub, 7.2
 * in the practice hubs follow: POST hub.mode=publish&hub.url=TOPIC).
 *
 * Owns the pings waiting or running: each a transfer on the daemon's
 * fetcher, retried with a doubling delay on the event loop.  A ping for a
 * hub and topic already waiting is not sent twice.
 */
#ifndef FEEDMERGE_WEBSUB_H
#define FEEDMERGE_WEBSUB_H

#include <ev.h>

#include "fetch.h"

struct websub;

/* once: a run that ends after its round: two quick retries, not five
   slow ones. */
struct websub	*websub_new(struct ev_loop *, struct fetcher *, int once);
/* Stops and frees what waits.  After fetcher_free() (which aborts the
   running ones). */
void		 websub_free(struct websub *);
void		 websub_publish(struct websub *, const char *hub,
		    const char *topic, const char *user_agent);
/* Pings waiting or running. */
int		 websub_pending(const struct websub *);
/* cb(arg) each time the last pending ping ends (--once waits for it). */
void		 websub_set_idle(struct websub *, void (*cb)(void *), void *arg);

#endif
