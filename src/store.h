/*
 * store.h: the SQLite state (WAL): sources, stories, items, dedup keys.
 *
 * Owns the database handle and every prepared statement.  An item is one
 * source's observation; a story is what the output shows, with an Atom id
 * minted once when the story is created and never recomputed.  Keys map
 * (kind, value) to a story: today the canonical link across sources; more
 * kinds (title fingerprints, near-duplicate sketches) slot in beside it.
 */
#ifndef FEEDMERGE_STORE_H
#define FEEDMERGE_STORE_H

#include <stdint.h>

#include "item.h"

struct store;

enum store_key_kind {
	KEY_LINK = 1,		/* url_canonical() of a link the item names
				   for itself (its link, rel=canonical,
				   og:url, a guid that is a URL) */
	KEY_SOURCE_ITEM = 2,	/* "<source id> <item key>": outlives the
				   item, so a pruned one is not new again */
	KEY_GUID = 3,		/* a guid that is a URI but no http(s) URL
				   (tag:, urn:uuid:): a copy keeps it */
	KEY_TITLE = 4,		/* fp_title_key(): title words and day */
	KEY_LEAD = 5		/* fp_lead_key(): the lead's first words */
};

/* What the store remembers of a source between fetches. */
struct store_source {
	int64_t		 id;
	char		*url;		/* what the validators belong to */
	char		*etag;
	char		*last_modified;
	uint64_t	 body_hash;
	int		 have_body_hash;
	int		 failures;	/* consecutive */
	int64_t		 last_ok;
	int64_t		 next_due;	/* Unix seconds, 0: unknown */
	int64_t		 ttl;		/* the feed's declared interval */
	/* Redirects: moved_to replaces moved_from (the configured URL)
	   once redirect_count permanent redirects in a row led there. */
	char		*moved_from;
	char		*moved_to;
	char		*redirect_to;	/* the last permanent redirect */
	int		 redirect_count;
	char		*gone_url;	/* answered 410 Gone */
};

/* The feed-level facts of a parsed source, for atom:source. */
struct store_feed_meta {
	const char	*title;
	const char	*link;
	const char	*id;
	int64_t		 updated;	/* its newest item's date, or
					   DATE_NONE */
};

/* What store_put_item() did. */
enum store_put {
	STORE_UNCHANGED,	/* seen before, same content */
	STORE_NEW,		/* a new story */
	STORE_TOO_OLD,		/* far below the publish window: ignored,
				   or only its keys and date kept (see
				   store_text_time()) */
	STORE_MERGED,		/* a new item of an existing story */
	STORE_UPDATED		/* a known item whose content changed */
};

/* Other copies' links an entry names at most. */
#define STORE_MAX_OTHER	8

/* One published entry, valid during the callback only. */
struct store_entry {
	int64_t		 story;
	const char	*atom_id;
	int64_t		 updated;
	int64_t		 published;	/* or DATE_NONE */
	const struct item *item;	/* the story's best item */
	const char	*source_name;
	const char	*source_title;	/* the feed's title or NULL */
	const char	*source_link;
	const char	*source_feed_id;
	int64_t		 source_updated; /* the feed's date (see
					   store_feed_meta), or DATE_NONE */
	/* The links of the story's other copies (not the shown one's). */
	char		*other[STORE_MAX_OTHER];
	size_t		 nother;
};

/*
 * Open (creating if needed) the state at path and take its lock file.
 * Returns NULL with *cause set when it cannot, e.g. another feedmerge
 * holds it.
 */
struct store	*store_open(const char *path, char **cause);
/* Only to read it, while a daemon may be writing (--explain). */
struct store	*store_open_readonly(const char *path, char **cause);
void		 store_close(struct store *);		/* NULL is fine */

/*
 * Transactions.  The daemon keeps one open across several sources (far
 * fewer page writes) and gives each source a savepoint inside it, so one
 * source's failure undoes only its own writes.
 */
int	store_begin(struct store *, char **cause);
int	store_commit(struct store *, char **cause);
void	store_rollback(struct store *);
int	store_in_transaction(const struct store *);
int	store_savepoint(struct store *, char **cause);
int	store_release(struct store *, char **cause);
void	store_rollback_savepoint(struct store *);

/* Find or create the row of source name; fills *ss (store_source_clear). */
int	store_source_get(struct store *, const char *name,
	    struct store_source *ss, char **cause);
void	store_source_clear(struct store_source *);
/*
 * The source is about to be fetched from url: when that is not the URL
 * its validators and body hash came from, forget them (and remember url),
 * or a new feed could be answered 304 on the old one's ETag for ever.
 */
int	store_source_set_url(struct store *, struct store_source *ss,
	    const char *url, char **cause);
/* A fetch answered: remember validators and body hash (NULL hash: none). */
int	store_source_ok(struct store *, int64_t id, const char *etag,
	    const char *last_modified, const uint64_t *body_hash,
	    const struct store_feed_meta *meta, int64_t now, char **cause);
/* 1 when storing meta would change what entries say of their source. */
int	store_source_meta_changed(struct store *, int64_t id,
	    const struct store_feed_meta *meta);
/* Forget its validators and body hash: it is read again in full. */
int	store_source_reread(struct store *, int64_t id, char **cause);
int	store_source_failed(struct store *, int64_t id, const char *error,
	    int64_t now, char **cause);
/*
 * After a fetch: when it is due next (0: not), when it was fetched, the
 * HTTP status (0: none), the feed's declared ttl (-1: keep the last).
 */
int	store_source_sched(struct store *, int64_t id, int64_t next_due,
	    int64_t fetched, long status, int64_t ttl, char **cause);
/* Store ss's moved_*, redirect_* and gone_url. */
int	store_source_moves(struct store *, const struct store_source *ss,
	    char **cause);
/* A source as --status shows it (strings valid during the callback). */
struct store_source_row {
	const char	*name;
	const char	*url;		/* its validators' key */
	const char	*moved_to;	/* fetched instead of moved_from */
	const char	*moved_from;
	const char	*gone_url;	/* answered 410 */
	const char	*last_error;
	int64_t		 last_fetch;	/* Unix seconds; 0: never */
	int64_t		 last_ok;
	int64_t		 last_error_time;
	int64_t		 next_due;
	long		 last_status;	/* HTTP; 0: none */
	int		 failures;
	int64_t		 items;
};

/* Every source of the state, by name. */
int	store_source_rows(struct store *,
	    void (*cb)(const struct store_source_row *, void *), void *arg,
	    char **cause);

/* A host asked for no requests before until (Retry-After). */
int	store_host_hold(struct store *, const char *host, int64_t until,
	    char **cause);
/* Each host pause not over yet (those over are deleted). */
int	store_host_holds(struct store *,
	    void (*cb)(const char *host, int64_t until, void *), void *arg,
	    char **cause);

/*
 * The primitives merge.c decides with.  Those that look something up
 * answer 1 (found), 0 (not found) or -1 (an error, with *cause): an
 * error is never taken for "new".
 */

/* What an item's row says about it. */
struct store_item_ref {
	int64_t		 id;
	int64_t		 story;
	int64_t		 best_item;	/* of its story */
	uint64_t	 hash;		/* store_item_hash() when stored */
};

/* The item's identity within its source: guid, link, or a hash. */
char	*store_item_key(const struct item *);
/* What decides whether a known item changed: every field stored. */
uint64_t store_item_hash(const struct item *);

int	store_item_find(struct store *, int64_t source, const char *key,
	    struct store_item_ref *, char **cause);
/* reason: why it joined its story (for --explain); simhash may be NULL. */
int	store_item_add(struct store *, int64_t story, int64_t source,
	    const char *key, const struct item *, const char *reason,
	    const uint64_t *simhash, int64_t now, int64_t *item, char **cause);
int	store_item_update(struct store *, int64_t item, const struct item *,
	    const uint64_t *simhash, char **cause);

/*
 * A key's story (*pruned: it is a tombstone).  A lead or title key that
 * two stories came to have names neither: 0.
 */
int	store_key_find(struct store *, enum store_key_kind, const char *value,
	    int64_t now, int64_t *story, int *pruned, char **cause);
int	store_key_add(struct store *, enum store_key_kind, const char *value,
	    int64_t story, char **cause);
/*
 * 0 when the state has certainly no such exact key (KEY_LINK, KEY_GUID,
 * KEY_SOURCE_ITEM), else 1: perhaps (store_key_find() says).
 */
int	store_key_maybe(struct store *, enum store_key_kind,
	    const char *value);

/* A story, as merge.c sees it. */
struct store_story {
	int64_t		 id;
	char		*atom_id;
	int		 best_richness;
	int		 shown;		/* published once: its id is fixed */
	int		 pruned;
	uint64_t	 best_hash;	/* its best copy's store_item_hash() */
	int64_t		 first_seen;
	int64_t		 updated;
	int64_t		 published;	/* or DATE_NONE */
	int64_t		 shown_at;	/* or DATE_NONE */
};

/* One copy of a story, for --explain (valid during the callback). */
struct store_copy {
	const char	*source_name;
	enum item_kind	 kind;
	const char	*link;
	const char	*title;
	const char	*reason;	/* why it joined, or NULL (older) */
	const char	*origin;
	int64_t		 published;	/* or DATE_NONE */
	int64_t		 first_seen;
	int		 best;		/* the copy shown */
	int		 has_content;
	uint64_t	 simhash;
	int		 have_simhash;
};

/* The story with that Atom id, or of that link: 1 and *story, 0, -1. */
int	store_story_lookup(struct store *, const char *id_or_url,
	    int64_t now, int64_t *story, char **cause);
/* fn for each copy of story, in the order they came. */
int	store_story_copies(struct store *, int64_t story,
	    void (*fn)(const struct store_copy *, void *), void *arg,
	    char **cause);

int	store_story_add(struct store *, const char *atom_id, int64_t now,
	    int64_t *story, char **cause);
int	store_story_get(struct store *, int64_t story, struct store_story *,
	    char **cause);
void	store_story_clear(struct store_story *);
/* 1 when a story has that Atom id already. */
int	store_id_taken(struct store *, const char *atom_id);
/* A story not yet published takes another id. */
int	store_story_set_id(struct store *, int64_t story, const char *atom_id,
	    char **cause);
/* A story merged with a published one takes its id (which is free). */
int	store_story_take_id(struct store *, int64_t story, const char *atom_id,
	    char **cause);
/*
 * Item joined story (or changed): it becomes the best copy when it is at
 * least as rich (force: it is the best copy and changed); the story's
 * dates follow its items (store_each_entry()).  *became_best says.
 */
int	store_story_offer(struct store *, int64_t story, int64_t item,
	    const struct item *, int64_t now, int force, int *became_best,
	    char **cause);
/* The first item of a story just added: what store_story_offer() does
   for it, in one statement. */
int	store_story_first(struct store *, int64_t story, int64_t item,
	    const struct item *, int64_t now, char **cause);
/*
 * Story from joins story into: its items, keys and sketches move; it is
 * gone.  into keeps its id.
 */
int	store_story_merge(struct store *, int64_t into, int64_t from,
	    char **cause);
/* Call fn for each item of story: its link and source. */
int	store_story_items(struct store *, int64_t story,
	    void (*fn)(const char *link, int64_t source, void *), void *arg,
	    char **cause);

/* The SimHash index: a story's items' sketches, found by band. */
int	store_sketch_add(struct store *, int64_t story, uint64_t simhash,
	    char **cause);
/* fn(story, simhash) for each sketch sharing a band with simhash. */
int	store_sketch_find(struct store *, uint64_t simhash,
	    void (*fn)(int64_t story, uint64_t sketch, void *), void *arg,
	    char **cause);

/*
 * Where an item's date puts it against the publish window: 1 when it is
 * far below it (it can never be shown: not stored), else 0.
 */
int	store_below_window(const struct store *, int64_t sort_time);
/* A new story at sort_time (it may move the window). */
void	store_note_story(struct store *, int64_t sort_time);
/* The stories now in the window were published: their ids are fixed. */
int	store_mark_shown(struct store *, int64_t now, char **cause);
/* cb(name) for each source with a copy of story; stops at cb != 0.
   1 when one stopped it, 0 when none did, -1 on an error. */
int	store_story_sources(struct store *, int64_t story,
	    int (*cb)(const char *, void *), void *arg, char **cause);
/* These stories were published (several outputs, or a selection). */
int	store_mark_shown_ids(struct store *, int64_t now, const int64_t *ids,
	    size_t n, char **cause);

/*
 * The publish window: with max_entries set, an item dated more than a
 * day before the max_entries-th newest story can never be published
 * (the window only moves forward), so it is not stored at all: at 10,000
 * sources most items of a cold round are such archive entries.  0 (the
 * default) keeps everything.  The cutoff is recomputed at each
 * store_savepoint().  Raising max_entries later does not bring back what
 * was skipped.
 */
void	store_set_window(struct store *, int max_entries);
/* Items that sort before this are ignored (INT64_MIN: none). */
int64_t	store_min_sort_time(const struct store *);
/*
 * The window may be lower than what was left out was judged against
 * (max_entries raised, sources forgotten): forget the shadow and every
 * source's validators and body hash, so that the next round reads every
 * feed again and stores what it now must.  Inside a transaction of the
 * caller's (store_forget_sources() calls it).
 */
int	store_window_lowered(struct store *, char **cause);
/*
 * The window set (store_set_window()) against the one the state was
 * kept under last time: when it keeps more, store_window_lowered() and
 * *lowered = 1.  Its own transaction, unless one is open.
 */
int	store_window_check(struct store *, int *lowered, char **cause);
/*
 * The text window: a feed entry (no teaser) dated before this is far
 * enough below the publish window that it cannot be shown (INT64_MIN:
 * no such entry).  One that is no copy of a stored story is not stored;
 * its exact keys and date go to the shadow (shadow.h), so that a copy of
 * it stored later is dated as its story would be.
 */
int64_t	store_text_time(const struct store *);
/* The stories the text window holds: max_entries and half again (0: no
   window). */
int	store_text_count(const struct store *);
/* Find the windows' cutoffs again if stories enough came in since. */
void	store_window_update(struct store *);
void	store_shadow_note(struct store *, enum store_key_kind,
	    const char *value, int64_t t);
/* The date noted for a key, or INT64_MAX. */
int64_t	store_shadow_find(struct store *, enum store_key_kind,
	    const char *value);
/*
 * The same three by a key's hash (store_key_hash()): what the shadow and
 * the filter of exact keys hold, so that a batch keeps only that of an
 * entry it wrote out (batch.h).
 */
uint64_t store_key_hash(enum store_key_kind, const char *value);
int	store_hash_maybe(struct store *, uint64_t);
void	store_shadow_note_hash(struct store *, uint64_t, int64_t t);
int64_t	store_shadow_find_hash(struct store *, uint64_t);
size_t	store_shadow_count(const struct store *);
/* Story has a copy dated t that is not stored: it sorts no later. */
int	store_story_shadow(struct store *, int64_t story, int64_t t,
	    char **cause);

/*
 * Forget every source whose name keep() refuses (one gone from the
 * configuration): its items and pages go; its stories leave the output
 * unless another source carries them too (then shown from that one,
 * updated).  forgot() (or NULL) hears of each with the items and
 * stories removed.  Inside a transaction of the caller's.
 */
int	store_forget_sources(struct store *, int (*keep)(const char *, void *),
	    void *arg, void (*forgot)(const char *, int, int, void *),
	    char **cause);

/*
 * Stories below the text window (store_text_time()) can never be shown:
 * they go, items, keys and all, and their links and guids go to the
 * shadow with their date, as an entry below it would have.  Sets
 * *thinned to the stories removed.  Its own transaction.
 */
int	store_thin(struct store *, int64_t *thinned, char **cause);

/* The latest updated of the newest limit stories, or DATE_NONE. */
int	store_newest_update(struct store *, int limit, int64_t *t,
	    char **cause);
/* Call cb for the newest limit stories, newest first; stops on cb != 0. */
int	store_each_entry(struct store *, int limit,
	    int (*cb)(const struct store_entry *, void *), void *arg,
	    char **cause);

/*
 * Retention.  Stories whose date is more than keep seconds before now
 * and that are not among the newest keep_top lose their items: they
 * become tombstones, whose keys stop them coming back as new while a
 * feed still lists them.  A tombstone goes, with its keys, once no
 * source has mentioned it for keep seconds; so does what is known of a
 * page a teaser led to (page table) once it has not been fetched for as
 * long.  Sets *pruned to the stories thinned.
 */
int	store_prune(struct store *, int64_t now, int64_t keep, int keep_top,
	    int64_t *pruned, char **cause);

/*
 * 1 when the story that link (canonically) belongs to has a full copy
 * (an article page's), 0 when it has none or there is no such story,
 * -1 with *cause on an error.
 */
int	store_link_has_full(struct store *, const char *link, char **cause);

/* A page fetched for a source's teasers: its validators, when fetched. */
struct store_page {
	char		*etag;
	char		*last_modified;
	uint64_t	 body_hash;
	int		 have_body_hash;
	int64_t		 fetched;
};

/* 1 with *sp filled (store_page_clear), 0 when unknown, -1 on error. */
int	store_page_get(struct store *, int64_t source, const char *url,
	    struct store_page *sp, char **cause);
/* The page was fetched now (body_hash NULL: keep the old one). */
int	store_page_ok(struct store *, int64_t source, const char *url,
	    const char *etag, const char *last_modified,
	    const uint64_t *body_hash, int64_t now, char **cause);
void	store_page_clear(struct store_page *);

/* Number of live stories (for logs and tests). */
int64_t	store_count_stories(struct store *);

#endif
