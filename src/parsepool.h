/*
 * parsepool.h: parsing off the event loop.
 *
 * Owns a few worker threads and two queues.  The loop hands a fetched
 * body over as a job; a worker decompresses it, hashes it, and unless it
 * is the body parsed last time runs parse_source() on it (all pure, so safe
 * on any thread); the job comes back on the loop thread through an
 * ev_async, where it is stored.  So a long parse never stalls the other
 * transfers, and on a multi-core machine parsing runs beside fetching
 * and SQLite.  Jobs are bounded by the scheduler's concurrency: a source
 * counts as busy until its job is back.
 */
#ifndef FEEDMERGE_PARSEPOOL_H
#define FEEDMERGE_PARSEPOOL_H

#include <ev.h>

#include "parse.h"
#include "util.h"

struct parsepool;

struct parsepool_job {
	/* In: owned by the job once submitted. */
	struct buf	 body;		/* as fetched, maybe compressed */
	char		*content_encoding;	/* undone first (decode.h) */
	int64_t		 max_size;	/* for the decoded body */
	char		*base_url;
	char		*content_type;
	enum source_type type;		/* how the body is read */
	struct html_rules rules;	/* owned copies (html_rules_copy) */
	int64_t		 min_sort_time;	/* drop items sorting before this */
	int64_t		 text_time;	/* see parse_sanitize() */
	int64_t		 now;		/* for item_sort_time() */
	int		 have_last_hash;
	uint64_t	 last_hash;	/* of the last decoded body parsed */
	/* Out, on the loop thread in done(). */
	uint64_t	 hash;		/* of the decoded body */
	int		 unchanged;	/* hash == last_hash: not parsed */
	int		 parsed;	/* rc, res and cause are set */
	int		 rc;		/* parse_source()'s, or -1 when the
					   body could not be decoded */
	struct parse_result res;
	char		*cause;
	/* Called on the loop thread; or abort() if the pool is freed
	   first.  Either owns the job from then on. */
	void		(*done)(struct parsepool_job *);
	void		(*abort)(struct parsepool_job *);
	struct parsepool_job *next;
};

/* nthreads 0: one per CPU, at least two, at most four. */
struct parsepool *parsepool_new(struct ev_loop *, int nthreads,
		    char **cause);
void		 parsepool_submit(struct parsepool *, struct parsepool_job *);
/* Stop the workers; jobs not yet done get abort(). */
void		 parsepool_free(struct parsepool *);
/* Free what the job owns (not the job itself). */
void		 parsepool_job_clear(struct parsepool_job *);

#endif
