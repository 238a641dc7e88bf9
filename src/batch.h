/*
 * batch.h: a transaction's feed entries, held back to be stored newest
 * first.
 *
 * In arrival order, the text window (store.h) rises entry by entry: until
 * it settles, every entry newer than those seen is stored, sanitized,
 * fingerprinted and thinned again (about the window times the log of the
 * entries over it).  Held until the transaction commits (or the batch is
 * full) and stored newest first, the window is full after its first
 * stories and the rest are left out at once.  The order is one network
 * arrival could have given, and one that never stores what a store
 * keeping everything would not publish; but a copy dated more than a
 * day below the window, which an earlier arrival could still have met
 * (feedmerge(1), DEDUPLICATION), now never is.
 */
#ifndef FEEDMERGE_BATCH_H
#define FEEDMERGE_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "item.h"

/* What is held at most before it is stored anyway. */
#define BATCH_MAX_ITEMS		4096
#define BATCH_MAX_BYTES		(8 * 1024 * 1024)

struct batch_entry {
	struct item	*it;		/* owned */
	int64_t		 source_id;
	char		*source;	/* its name (logs, metrics) */
	int64_t		 now;		/* the "now" it was read at */
	int64_t		 sort_time;
	size_t		 seq;		/* arrival: ties keep it */
};

struct batch {
	struct batch_entry	*v;
	size_t			 n, cap;
	size_t			 seq;
	size_t			 bytes;		/* of text held */
	/* The k newest sort times held: a min-heap, for batch_cutoff(). */
	int64_t			*heap;
	size_t			 heap_n;
	size_t			 k;
};

/* k: the text window's stories (store_text_count()), 0: none. */
void	 batch_init(struct batch *, size_t k);
void	 batch_free(struct batch *);		/* frees what it holds */
/* Hold it (taking it over).  1 when the batch is now full. */
int	 batch_add(struct batch *, struct item *, int64_t source_id,
	    const char *source, int64_t now);
size_t	 batch_count(const struct batch *);
/* Free what was added after the first n (a source that failed). */
void	 batch_truncate(struct batch *, size_t n);
/* The distinct sources of what is held, into *ids (caller frees). */
size_t	 batch_sources(const struct batch *, int64_t **ids);
/*
 * The k-th newest sort time held, or INT64_MIN with fewer than k: no
 * later than the text window's cutoff once they are stored (each entry
 * is at most one story), for the parser threads' guess.
 */
int64_t	 batch_cutoff(const struct batch *);
/*
 * Hand every entry to fn, newest first (then in arrival order), and
 * empty the batch.  Stops at the first fn that returns -1 (the rest are
 * freed unseen) and returns -1; else 0.  fn NULL: drop them all.
 */
int	 batch_drain(struct batch *,
	    int (*fn)(void *, const struct batch_entry *), void *arg);

#endif
