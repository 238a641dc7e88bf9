/*
 * daemon.h: struct daemon, the one context of a running feedmerge.
 *
 * Holds the loop, the fetcher, the scheduler, the store, the current
 * configuration and the round's counters; every callback reaches it
 * through its user data.  It is the glue of the one-way pipeline:
 * sched -> fetch -> parse -> store -> publish.
 */
#ifndef FEEDMERGE_DAEMON_H
#define FEEDMERGE_DAEMON_H

#include <ev.h>

#include "batch.h"
#include "conf.h"
#include "fetch.h"
#include "parsepool.h"
#include "sched.h"
#include "store.h"
#include "util.h"

/* Counters of one refresh round, for its summary line. */
struct websub;

struct round {
	int		 active;
	int		 sources;	/* fetches finished */
	int		 fetched;	/* parsed a body */
	int		 unchanged;	/* 304 or the same body */
	int		 failed;
	int		 new_items;	/* new stories */
	int		 followed;	/* teasers' pages fetched */
	int64_t		 started;	/* "now" for everything it stores */
	ev_tstamp	 t0;		/* when it started, for its length */
};

struct daemon {
	struct ev_loop	*loop;
	struct conf	 conf;		/* the running configuration */
	struct store	*store;
	struct fetcher	*fetcher;
	struct parsepool *parsepool;
	struct metrics	*metrics;	/* counters for conf.metrics */
	struct sched	 sched;
	int		 once;
	int		 dirty;		/* stories changed, not yet published */
	int		 published;	/* the output was written or is current */
	int		 entries;	/* in the last rendered outputs */
	char		*wrote;		/* what the last publish replaced */
	char		*failed_outputs; /* the outputs it could not write */
	struct websub	*websub;	/* pings to hubs */
	int		 once_over;	/* --once: the round ended */
	int		 publish_failed;
	int64_t		 last_prune;	/* time of the last retention pass */
	int		 txn_sources;	/* sources in the open transaction */
	ev_tstamp	 txn_started;
	struct batch	 batch;		/* its feed entries, held back to be
					   stored newest first */
	struct round	 round;
	struct strmap	 hinted;	/* sources told of their feeds */
	struct store_source restored;	/* daemon_restore()'s, for sched */
	ev_signal	 sigterm, sigint, sighup;
	ev_timer	 watchdog;	/* WATCHDOG=1, when systemd wants it */
	ev_timer	 tick;		/* rounds and commits no transfer ends */
};

/*
 * Set up d from a loaded configuration (taking it over): open the state,
 * check the output directory, create the fetcher.  -1 with *cause.
 */
int	daemon_init(struct daemon *d, struct conf *cf, int once,
	    char **cause);
/* Run until --once is done or a SIGTERM/SIGINT.  Returns the exit code. */
int	daemon_run(struct daemon *d);
void	daemon_free(struct daemon *d);

#endif
