/*
 * shadow.h: what is known of the items the store did not keep.
 *
 * A feed entry dated below the text window (store_text_time()) cannot be
 * shown, yet it still dates the story it is a copy of: a story's date is
 * its earliest copy's.  Rather than storing such entries, the store keeps
 * here, in memory, each one's exact keys (hashes of its canonical links
 * and guid) with its date; a copy stored later that names one of those
 * keys takes that date (store_story_shadow()).  Entries dated far below
 * the window (store_min_sort_time()) are dropped when the table grows:
 * such dates push a story out of the output whatever else it has.
 *
 * Sixteen open-addressed tables of 12-byte slots, owned by the store, which
 * saves what is new in it with each transaction (shadow_pack()) and reads
 * it back when it opens the state (shadow_load()).
 */
#ifndef FEEDMERGE_SHADOW_H
#define FEEDMERGE_SHADOW_H

#include <stddef.h>
#include <stdint.h>

struct shadow;

struct shadow	*shadow_new(void);
void		 shadow_free(struct shadow *);		/* NULL is fine */
/* Remember t for key (the earlier when it has one). */
void		 shadow_note(struct shadow *, uint64_t key, int64_t t);
/* The date noted for key, or INT64_MAX. */
int64_t		 shadow_find(const struct shadow *, uint64_t key);
/* Dates below this are forgotten the next time the table would grow. */
void		 shadow_set_floor(struct shadow *, int64_t floor);
size_t		 shadow_count(const struct shadow *);

/*
 * Saving: the entries noted since shadow_saved() (all: every entry not
 * below the floor) as 16 bytes each (key, date; little-endian), at most
 * SHADOW_PACK_MAX at a time from *pos (0 to start; moved on), into a new
 * buffer *out of the returned length; 0 (and *out NULL) when done.
 */
#define SHADOW_PACK_MAX	65536
size_t		 shadow_pack(const struct shadow *, int all, size_t *pos,
		    unsigned char **out);
void		 shadow_saved(struct shadow *);
/* How many were noted since (some may be below the floor by now). */
size_t		 shadow_pending(const struct shadow *);
/* Note every entry of what shadow_pack() made (a partial last one is
   ignored), without counting them as new. */
void		 shadow_load(struct shadow *, const void *data, size_t len);

#endif
