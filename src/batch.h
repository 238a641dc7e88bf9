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
 *
 * A transaction (daemon.c) may span a whole cold round, tens of
 * thousands of entries: what is below the k newest held when it comes
 * is written to a spill file, and only its exact keys' hashes are kept
 * (merge_hashes): most are left out on those alone, the rest are read
 * back whole.
 */
#ifndef FEEDMERGE_BATCH_H
#define FEEDMERGE_BATCH_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "item.h"
#include "merge.h"
#include "util.h"

/*
 * What is held at most before it is stored anyway: entries, the text of
 * those held in memory, and the spill file's size.  An entry below the
 * k-th newest held (batch_cutoff()) when it comes is not kept in memory
 * but written to the spill file (an unlinked file beside the state):
 * nearly all of a cold round's entries are, as nearly all are below the
 * window.  So a batch holds a whole transaction in about 80 bytes an
 * entry, and the text of some k of them.
 */
#define BATCH_MAX_ITEMS		49152
#define BATCH_MAX_BYTES		(8 * 1024 * 1024)
/* Held text past which what fell below the k newest is spilled too. */
#define BATCH_SPILL_BYTES	(2 * 1024 * 1024)
#define BATCH_MAX_SPILL		((off_t)512 * 1024 * 1024)

/* An entry, as batch_drain() hands it over. */
struct batch_entry {
	struct item	*it;		/* NULL: spilled, see hashes */
	const struct merge_hashes *hashes;
	const char	*source;	/* its name (logs, metrics) */
	int64_t		 source_id;
	int64_t		 now;		/* the "now" it was read at */
	int64_t		 sort_time;
};

/* What the batch keeps of one: 80 bytes. */
struct batch_rec {
	struct item	*it;		/* owned; NULL while spilled */
	int64_t		 sort_time;
	off_t		 off;		/* spilled: where, how long */
	uint32_t	 len;
	uint32_t	 src;		/* in srcs[] */
	uint32_t	 seq;		/* arrival: ties keep it */
	uint32_t	 have_hashes;
	struct merge_hashes hashes;
};

/* The sources of what is held (one a row of entries). */
struct batch_src {
	char		*name;
	int64_t		 id;
	int64_t		 now;
};

struct batch {
	struct batch_rec	*v;
	size_t			 n, cap;
	uint32_t		 seq;
	size_t			 bytes;		/* of text held in memory */
	size_t			 spill_behind_at; /* batch_spill_behind() */
	/* The k newest sort times held: a min-heap, for batch_cutoff(). */
	int64_t			*heap;
	size_t			 heap_n;
	size_t			 k;
	struct batch_src	*srcs;
	size_t			 nsrcs, srcs_cap;
	/* The spill file, opened when needed.  When it cannot be made,
	   or a write to it failed (a full disk), the rest of the batch is
	   held in memory; the next batch tries again. */
	char			*spill_dir;
	int			 spill_open;
	int			 spill_fd;
	int			 spill_failed;
	int			 spill_warned;
	int			 spill_full;
	off_t			 spill_size;	/* written and buffered */
	struct buf		 spill_out;	/* not written yet */
};

/*
 * k: the text window's stories (store_text_count()), 0: none.  dir: where
 * the spill file goes (NULL: nothing is spilled).
 */
void	 batch_init(struct batch *, size_t k, const char *dir);
void	 batch_free(struct batch *);		/* frees what it holds */
/*
 * Hold it (taking it over).  hashes: its exact keys' (merge_hashes_of()),
 * or NULL; kept if it is spilled.  1 when the batch is now full.
 */
int	 batch_add(struct batch *, struct item *, const struct merge_hashes *,
	    int64_t source_id, const char *source, int64_t now);
size_t	 batch_count(const struct batch *);
/* How many of them are spilled (tests, logs). */
size_t	 batch_spilled(const struct batch *);
/* Free what was added after the first n (a source that failed). */
void	 batch_truncate(struct batch *, size_t n);
/* The distinct sources of what is held, into *ids (caller frees). */
size_t	 batch_sources(const struct batch *, int64_t **ids);
/*
 * The k-th newest sort time held, or INT64_MIN with fewer than k: what
 * comes below it is spilled.  (Not the text window's cutoff once they
 * are stored: entries of one story make fewer than k stories.)
 */
int64_t	 batch_cutoff(const struct batch *);
/*
 * Hand every entry to fn, newest first (then in arrival order), and
 * empty the batch.  A spilled entry with hashes comes without its item
 * first: when fn returns 1 for it, it is read back and handed again.
 * Stops at the first fn that returns -1, or at an entry that cannot be
 * read back (*cause set, caller frees), and returns -1 (the rest are
 * freed unseen); else 0.  fn NULL: drop them all.
 */
int	 batch_drain(struct batch *,
	    int (*fn)(void *, const struct batch_entry *), void *arg,
	    char **cause);

#endif
