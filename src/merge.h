/*
 * merge.h: which story an item is, and which copy is shown (merge.c);
 * the SQL underneath is store.c's.
 */
#ifndef FEEDMERGE_MERGE_H
#define FEEDMERGE_MERGE_H

#include <stdint.h>

#include "item.h"
#include "store.h"

/* Links an item may name for itself (its link, canonical, og:url...). */
#define MERGE_MAX_LINKS		8

/* The thresholds of the near-copy match ([dedup] in the config). */
struct merge_opts {
	int	 near_bits;	/* SimHashes this close are one text (3) */
	int	 identical_bits; /* this close, even against another article
				   of the same site (1) */
	int	 lead;		/* match teasers by their lead (1) */
	int	 title;		/* match by title and day (1) */
};

#define MERGE_NEAR_BITS		3
#define MERGE_IDENTICAL_BITS	1

void	merge_opts_default(struct merge_opts *);
/*
 * What dedup reads in an item's text (its lead's first words, its title
 * and day, its SimHash), into the item: merge_put_item() does it when
 * this was not done, which a parser thread may do for it beforehand
 * (a function of the item alone).  Call after sanitize_item_text().
 */
void	merge_fingerprint(struct item *);

/*
 * Record one item of source (id, name), as a new story or a copy of one
 * it is (merge.c's header says how that is decided).  id_base is the
 * prefix of minted Atom ids (the output feed's id).  opts NULL: the
 * defaults.  Sets *what.  Dates in the future are clamped to now for
 * ordering.  An item whose text parse_sanitize() left raw (text_raw) has
 * it sanitized here when it is stored.  A feed entry below the text
 * window (store_text_time()), or any copy of an item not stored that was
 * (its story sorts no later), that is no copy of a stored story by an
 * exact key is not stored: STORE_TOO_OLD, its keys and date go to the
 * shadow, and a copy stored later takes its story's date from there.
 */
int	merge_put_item(struct store *, const struct merge_opts *,
	    int64_t source_id, const char *source_name, const char *id_base,
	    struct item *, int64_t now, enum store_put *what, char **cause);

/*
 * An item's exact keys as the store hashes them (store_key_hash()): what
 * merge_put_item() reads first, and all it reads of most entries of a
 * cold round, which are left out.  A batch keeps this much of an entry
 * it wrote out (batch.h).
 */
#define MERGE_MAX_HASHES	3
struct merge_hashes {
	uint64_t	 item;		/* its source's key for it */
	uint64_t	 dated[MERGE_MAX_HASHES]; /* its guid and links */
	uint8_t		 ndated;
	uint8_t		 complete;	/* 0: more than that (undecided) */
	uint8_t		 kind;		/* the item's (enum item_kind) */
};

void	merge_hashes_of(const struct item *, int64_t source_id,
	    struct merge_hashes *);
/*
 * Whether merge_put_item() would leave out the item dated sort_time that
 * has these keys, and is no copy of what the store has (as its filter of
 * exact keys says): 1, and its keys go to the shadow as merge_put_item()
 * would note them; 0: the item itself decides.
 */
int	merge_left_out(struct store *, const struct merge_hashes *,
	    int64_t sort_time);

#endif
