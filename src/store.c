/*
 * store.c: feedmerge's state in SQLite (WAL).
 *
 * Every statement is prepared once in store_open().  The daemon wraps the
 * items of one fetched source in one transaction, so a crash (even
 * SIGKILL) leaves either all or none of a fetch, and published ids never
 * change: they are minted into story.atom_id once.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <sqlite3.h>
#define XXH_STATIC_LINKING_ONLY	/* XXH3_state_t on the stack */
#include <xxhash.h>

#include "date.h"
#include "fingerprint.h"
#include "sanitize.h"
#include "shadow.h"
#include "store.h"
#include "url.h"
#include "util.h"

#define STORE_SCHEMA_VERSION	7
/*
 * How far below the publish window an item is still stored, so that a
 * richer copy of a story near the bottom merges into it: a day covers
 * copies dated hours apart and feeds whose clocks or zones are off by up
 * to 14 hours.  Each day more costs a day of every source's archive in a
 * cold round (at 10,000 sources, 18,000 items stored instead of 52,000
 * with two days).
 */
#define STORE_WINDOW_MARGIN	86400
/*
 * Stories below the publish window that keep their text: half as many
 * again as the window holds (store_text_time()), so that older copies
 * arriving later, which move stories out of the window and let the next
 * ones in, find those next ones stored.  (At most a story in six of the
 * window is a copy of another feed's that could move it so, in the
 * benchmark's feeds; the fewer kept, the less a cold round stores.)
 */
#define STORE_TEXT_EXTRA(window)	((window) / 2)
/*
 * The shadow table's rows are made one again (what has expired left out)
 * past 32 rows when they hold twice what is live, and past 256 anyway.
 */
#define STORE_SHADOW_CHUNKS	32
/*
 * A story's date in ST_STORY_DATES: the earliest of its feed entries'
 * (d.nt) and of its copies not stored (shadow_time), else a teaser's
 * (d.a).
 */
#define STORE_SQL_DATE	"coalesce(min(coalesce(d.nt, story.shadow_time), " \
	"coalesce(story.shadow_time, d.nt)), d.a)"
#define STORE_SHADOW_CHUNKS_MAX	256
/* SQLite's page cache, in KiB: see store_size_cache(). */
#define STORE_CACHE_MIN_KIB	4096
#define STORE_CACHE_MAX_KIB	32768
/* A date before 1995 is no news story's: a clock or a parser got it. */
#define STORE_CREDIBLE_SINCE	788918400

static const char store_schema[] =
	"CREATE TABLE IF NOT EXISTS meta("
	"  key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE IF NOT EXISTS source("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE, url TEXT,"
	"  feed_title TEXT, feed_link TEXT, feed_id TEXT, feed_updated INTEGER,"
	"  etag TEXT, last_modified TEXT, body_hash INTEGER,"
	"  last_ok INTEGER, last_error TEXT, last_error_time INTEGER,"
	"  failures INTEGER NOT NULL DEFAULT 0,"
	"  next_due INTEGER, last_fetch INTEGER, last_status INTEGER,"
	"  ttl INTEGER, moved_from TEXT, moved_to TEXT, redirect_to TEXT,"
	"  redirect_count INTEGER NOT NULL DEFAULT 0, gone_url TEXT);"
	/* A host's Retry-After, kept across restarts. */
	"CREATE TABLE IF NOT EXISTS host("
	"  name TEXT PRIMARY KEY, not_before INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS story("
	"  id INTEGER PRIMARY KEY,"
	"  atom_id TEXT NOT NULL UNIQUE,"
	"  best_item INTEGER,"
	"  best_richness INTEGER NOT NULL DEFAULT 0,"
	"  first_seen INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  sort_time INTEGER NOT NULL,"
	"  pruned_at INTEGER,"
	"  shown_at INTEGER,"		/* first published: the id is fixed */
	"  published INTEGER,"		/* the earliest credible of its items */
	"  shadow_time INTEGER);"	/* ... of its copies not stored */
	/* Ties sort by id text: the same order whatever came first. */
	"DROP INDEX IF EXISTS story_by_time;"
	/* Only the live ones, covering: the window's cutoff and the
	   entries' order read from the index alone. */
	"DROP INDEX IF EXISTS story_by_date;"
	"CREATE INDEX IF NOT EXISTS story_live_by_date ON "
	"  story(sort_time DESC, atom_id, best_item) "
	"  WHERE best_item IS NOT NULL;"
	"CREATE INDEX IF NOT EXISTS story_pruned ON story(pruned_at) "
	"  WHERE best_item IS NULL;"
	"CREATE TABLE IF NOT EXISTS item("
	"  id INTEGER PRIMARY KEY,"
	"  story INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,"
	"  source INTEGER NOT NULL REFERENCES source(id),"
	"  source_key TEXT NOT NULL,"
	"  kind INTEGER NOT NULL, richness INTEGER NOT NULL,"
	"  content_hash INTEGER NOT NULL,"
	"  guid TEXT, permalink INTEGER, link TEXT, title TEXT,"
	"  summary TEXT, summary_type INTEGER,"
	"  content TEXT, content_type INTEGER,"
	"  author TEXT, author_email TEXT, author_uri TEXT,"
	"  published INTEGER, updated INTEGER,"
	"  comments TEXT, thumbnail TEXT, categories TEXT, enclosures TEXT,"
	"  first_seen INTEGER NOT NULL,"
	"  origin TEXT, summary_cut INTEGER NOT NULL DEFAULT 0, lang TEXT,"
	"  reason TEXT, simhash INTEGER,"
	"  UNIQUE(source, source_key));"
	"CREATE INDEX IF NOT EXISTS item_by_story ON item(story);"
	/* value: XXH3 of the key text; 64 bits keep the index small. */
	"CREATE TABLE IF NOT EXISTS story_key("
	"  kind INTEGER NOT NULL, value INTEGER NOT NULL,"
	"  story INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,"
	"  shared INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY(kind, value)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS story_key_by_story ON story_key(story);"
	/* SimHashes of items, by 16-bit band: near copies share one. */
	"CREATE TABLE IF NOT EXISTS story_sketch("
	"  band INTEGER NOT NULL, value INTEGER NOT NULL,"
	"  story INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,"
	"  simhash INTEGER NOT NULL,"
	"  PRIMARY KEY(band, value, story, simhash)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS story_sketch_by_story ON "
	"  story_sketch(story);"
	/* Pages fetched because a source's teasers pointed at them. */
	"CREATE TABLE IF NOT EXISTS page("
	"  source INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
	"  url TEXT NOT NULL, etag TEXT, last_modified TEXT,"
	"  body_hash INTEGER, fetched INTEGER NOT NULL,"
	"  PRIMARY KEY(source, url)) WITHOUT ROWID;"
	/* The shadow (shadow.h), saved a transaction's new keys at a time. */
	"CREATE TABLE IF NOT EXISTS shadow("
	"  chunk INTEGER PRIMARY KEY, data BLOB NOT NULL);";

/*
 * Older schemas to this one, a column at a time (each added only when it
 * is not there): 2, teasers' origin and cut snippets; 3, why an item
 * joined its story and its SimHash, when a story was first shown and the
 * earliest date of its items; 4, text keys two stories have in common;
 * 5, a feed's own date and an item's language (and every stored HTML
 * text sanitized again: store_resanitize()); 6, a source's schedule,
 * last answer, declared ttl, moves and 410s (and the host table); 7, the
 * date of a story's copies not stored (and the shadow table, the index
 * of live stories by date).  New tables come with store_schema.
 */
static const struct {
	const char	*table;
	const char	*column;
	const char	*add;
} store_migrate[] = {
	{ "item", "origin", "ALTER TABLE item ADD COLUMN origin TEXT" },
	{ "item", "summary_cut", "ALTER TABLE item ADD COLUMN summary_cut "
	    "INTEGER NOT NULL DEFAULT 0" },
	{ "item", "reason", "ALTER TABLE item ADD COLUMN reason TEXT" },
	{ "item", "simhash", "ALTER TABLE item ADD COLUMN simhash INTEGER" },
	{ "story", "shown_at", "ALTER TABLE story ADD COLUMN shown_at "
	    "INTEGER" },
	{ "story", "published", "ALTER TABLE story ADD COLUMN published "
	    "INTEGER" },
	{ "story_key", "shared", "ALTER TABLE story_key ADD COLUMN shared "
	    "INTEGER NOT NULL DEFAULT 0" },
	{ "source", "feed_updated", "ALTER TABLE source ADD COLUMN "
	    "feed_updated INTEGER" },
	{ "item", "lang", "ALTER TABLE item ADD COLUMN lang TEXT" },
	{ "story", "shadow_time", "ALTER TABLE story ADD COLUMN shadow_time "
	    "INTEGER" },
	{ "source", "next_due", "ALTER TABLE source ADD COLUMN next_due "
	    "INTEGER" },
	{ "source", "last_fetch", "ALTER TABLE source ADD COLUMN last_fetch "
	    "INTEGER" },
	{ "source", "last_status", "ALTER TABLE source ADD COLUMN "
	    "last_status INTEGER" },
	{ "source", "ttl", "ALTER TABLE source ADD COLUMN ttl INTEGER" },
	{ "source", "moved_from", "ALTER TABLE source ADD COLUMN moved_from "
	    "TEXT" },
	{ "source", "moved_to", "ALTER TABLE source ADD COLUMN moved_to "
	    "TEXT" },
	{ "source", "redirect_to", "ALTER TABLE source ADD COLUMN "
	    "redirect_to TEXT" },
	{ "source", "redirect_count", "ALTER TABLE source ADD COLUMN "
	    "redirect_count INTEGER NOT NULL DEFAULT 0" },
	{ "source", "gone_url", "ALTER TABLE source ADD COLUMN gone_url "
	    "TEXT" }
};

enum stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_SAVEPOINT,
	ST_RELEASE,
	ST_ROLLBACK_TO,
	ST_SOURCE_GET,
	ST_SOURCE_ADD,
	ST_SOURCE_URL,
	ST_SOURCE_REREAD,
	ST_SOURCE_OK,
	ST_SOURCE_OK_KEEP_HASH,
	ST_SOURCE_FAILED,
	ST_SOURCE_META,
	ST_SOURCE_SCHED,
	ST_SOURCE_MOVES,
	ST_HOST_HOLD,
	ST_HOST_PRUNE,
	ST_HOST_LIST,
	ST_ITEM_FIND,
	ST_ITEM_ADD,
	ST_ITEM_UPDATE,
	ST_KEY_FIND,
	ST_KEY_ADD,
	ST_KEY_ADD_TEXT,
	ST_STORY_ADD,
	ST_STORY_HIDE,
	ST_STORY_BEST,
	ST_STORY_DATES,
	ST_STORY_SHADOW,
	ST_STORY_FIRST,
	ST_SHADOW_PUT,
	ST_THIN_KEYS,
	ST_THIN,
	ST_SHADOW_CLEAR,
	ST_STORY_GET,
	ST_STORY_BY_ID,
	ST_STORY_COPIES,
	ST_STORY_ID_TAKEN,
	ST_STORY_SET_ID,
	ST_STORY_TAKE_ID,
	ST_STORY_SHOW,
	ST_STORY_SHOW_ONE,
	ST_STORY_SOURCES,
	ST_STORY_ITEMS,
	ST_STORY_OTHERS,
	ST_MERGE_ITEMS,
	ST_MERGE_KEYS,
	ST_MERGE_KEYS_LEFT,
	ST_MERGE_SKETCHES,
	ST_MERGE_SKETCHES_LEFT,
	ST_MERGE_FIRST_SEEN,
	ST_MERGE_DROP,
	ST_MERGE_BEST,
	ST_SKETCH_ADD,
	ST_SKETCH_FIND,
	ST_ENTRIES,
	ST_NEWEST,
	ST_COUNT,
	ST_CUTOFF,
	ST_PRUNE_MARK,
	ST_PRUNE_ITEMS,
	ST_PRUNE_STORIES,
	ST_PRUNE_PAGES,
	ST_LINK_RICHNESS,
	ST_PAGE_GET,
	ST_PAGE_PUT,
	ST__COUNT
};

static const char *const store_sql[ST__COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_SAVEPOINT] = "SAVEPOINT source",
	[ST_RELEASE] = "RELEASE source",
	[ST_ROLLBACK_TO] = "ROLLBACK TO source",
	[ST_SOURCE_GET] = "SELECT id, etag, last_modified, body_hash, "
	    "failures, last_ok, url, next_due, ttl, moved_from, moved_to, "
	    "redirect_to, redirect_count, gone_url FROM source WHERE name = ?1",
	[ST_SOURCE_ADD] = "INSERT INTO source(name) VALUES (?1)",
	[ST_SOURCE_URL] = "UPDATE source SET url = ?2, etag = NULL, "
	    "last_modified = NULL, body_hash = NULL WHERE id = ?1",
	[ST_SOURCE_REREAD] = "UPDATE source SET etag = NULL, "
	    "last_modified = NULL, body_hash = NULL WHERE id = ?1",
	[ST_SOURCE_OK] = "UPDATE source SET etag = ?2, last_modified = ?3, "
	    "body_hash = ?4, feed_title = coalesce(?5, feed_title), "
	    "feed_link = coalesce(?6, feed_link), "
	    "feed_id = coalesce(?7, feed_id), feed_updated = ?9, last_ok = ?8, "
	    "failures = 0, last_error = NULL WHERE id = ?1",
	[ST_SOURCE_OK_KEEP_HASH] = "UPDATE source SET etag = ?2, "
	    "last_modified = ?3, last_ok = ?8, failures = 0, "
	    "last_error = NULL WHERE id = ?1",
	[ST_SOURCE_META] = "SELECT feed_title, feed_link, feed_id, "
	    "feed_updated FROM source WHERE id = ?1",
	[ST_SOURCE_FAILED] = "UPDATE source SET failures = failures + 1, "
	    "last_error = ?2, last_error_time = ?3 WHERE id = ?1",
	[ST_SOURCE_SCHED] = "UPDATE source SET next_due = ?2, last_fetch = ?3, "
	    "last_status = ?4, ttl = coalesce(?5, ttl) WHERE id = ?1",
	[ST_SOURCE_MOVES] = "UPDATE source SET moved_from = ?2, moved_to = ?3, "
	    "redirect_to = ?4, redirect_count = ?5, gone_url = ?6 "
	    "WHERE id = ?1",
	[ST_HOST_HOLD] = "INSERT INTO host(name, not_before) VALUES (?1, ?2) "
	    "ON CONFLICT(name) DO UPDATE SET not_before = "
	    "max(not_before, excluded.not_before)",
	[ST_HOST_PRUNE] = "DELETE FROM host WHERE not_before < ?1",
	[ST_HOST_LIST] = "SELECT name, not_before FROM host",
	[ST_ITEM_FIND] = "SELECT item.id, item.story, item.content_hash, "
	    "story.best_item FROM item JOIN story ON story.id = item.story "
	    "WHERE item.source = ?1 AND item.source_key = ?2",
	[ST_ITEM_ADD] = "INSERT INTO item(story, source, source_key, kind, "
	    "richness, content_hash, guid, permalink, link, title, summary, "
	    "summary_type, content, content_type, author, author_email, "
	    "author_uri, published, updated, comments, thumbnail, "
	    "categories, enclosures, first_seen, origin, summary_cut, reason, "
	    "simhash, lang) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
	    "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, "
	    "?29)",
	[ST_ITEM_UPDATE] = "UPDATE item SET kind = ?4, richness = ?5, "
	    "content_hash = ?6, guid = ?7, permalink = ?8, link = ?9, "
	    "title = ?10, summary = ?11, summary_type = ?12, content = ?13, "
	    "content_type = ?14, author = ?15, author_email = ?16, "
	    "author_uri = ?17, published = ?18, updated = ?19, "
	    "comments = ?20, thumbnail = ?21, categories = ?22, "
	    "enclosures = ?23, origin = ?25, summary_cut = ?26, "
	    "simhash = coalesce(?28, simhash), lang = ?29 WHERE id = ?1",
	[ST_KEY_FIND] = "SELECT story_key.story, story.best_item IS NULL, "
	    "story.pruned_at FROM story_key JOIN story ON "
	    "story.id = story_key.story WHERE kind = ?1 AND value = ?2 AND "
	    "NOT shared",
	[ST_KEY_ADD] = "INSERT OR IGNORE INTO story_key(kind, value, story) "
	    "VALUES (?1, ?2, ?3)",
	/* A text key two stories have is no one story's any more. */
	[ST_KEY_ADD_TEXT] = "INSERT INTO story_key(kind, value, story) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT(kind, value) DO UPDATE SET "
	    "shared = 1 WHERE story_key.story != excluded.story",
	[ST_STORY_ADD] = "INSERT INTO story(atom_id, first_seen, updated, "
	    "sort_time) VALUES (?1, ?2, ?3, ?4)",
	[ST_STORY_HIDE] = "UPDATE story SET pruned_at = ?2 WHERE id = ?1",
	/* Until a reader has seen it, a story is as updated as its best
	   copy: not as the first to arrive (which copies of a round meet
	   in which order is chance); after, a new best copy bumps it. */
	[ST_STORY_BEST] = "UPDATE story SET best_item = ?2, "
	    "best_richness = ?3, updated = CASE WHEN shown_at IS NULL "
	    "THEN ?4 ELSE max(updated, ?4) END WHERE id = ?1",
	/* A story's first item: ST_STORY_BEST and ST_STORY_DATES at once. */
	[ST_STORY_FIRST] = "UPDATE story SET best_item = ?2, "
	    "best_richness = ?3, updated = max(updated, ?4), published = "
	    "coalesce(min(coalesce(?5, shadow_time), coalesce(shadow_time, "
	    "?5)), ?7), sort_time = coalesce(min(coalesce(min(coalesce(?5, "
	    "shadow_time), coalesce(shadow_time, ?5)), ?7), ?6), first_seen) "
	    "WHERE id = ?1",
	/*
	 * The story's date is the earliest credible one of its items (not
	 * in the future past ?3, not before ?2); it sorts by that, else by
	 * when it was first seen, never later than now (?4).
	 */
	/* A teaser's date (a card's, often a day without its time) only
	   when no other copy has one. */
	/* A copy not stored (shadow_time) is a feed entry's date. */
	[ST_STORY_DATES] = "UPDATE story SET published = " STORE_SQL_DATE
	    ", sort_time = coalesce(min(" STORE_SQL_DATE ", ?4), "
	    "story.first_seen) FROM "
	    "(SELECT min(CASE WHEN kind != 0 THEN coalesce(published, "
	    "updated) END) AS nt, min(coalesce(published, updated)) AS a "
	    "FROM item WHERE "
	    "story = ?1 AND coalesce(published, updated) BETWEEN ?2 AND ?3) "
	    "AS d WHERE story.id = ?1",
	[ST_SHADOW_PUT] = "INSERT INTO shadow(data) VALUES (?1)",
	[ST_THIN_KEYS] = "SELECT story_key.kind, story_key.value, "
	    "story.sort_time FROM story JOIN story_key ON story_key.story = "
	    "story.id WHERE story.best_item IS NOT NULL AND story.sort_time "
	    "< ?1 AND story_key.kind IN (?2, ?3)",
	[ST_THIN] = "DELETE FROM story WHERE best_item IS NOT NULL AND "
	    "sort_time < ?1",
	[ST_SHADOW_CLEAR] = "DELETE FROM shadow",
	[ST_STORY_SHADOW] = "UPDATE story SET shadow_time = "
	    "min(coalesce(shadow_time, ?2), ?2) WHERE id = ?1",
	[ST_STORY_GET] = "SELECT atom_id, best_richness, shown_at IS NOT NULL, "
	    "best_item IS NULL AND pruned_at IS NOT NULL, (SELECT "
	    "content_hash FROM item WHERE item.id = story.best_item), "
	    "first_seen, updated, published, shown_at "
	    "FROM story WHERE id = ?1",
	[ST_STORY_BY_ID] = "SELECT id FROM story WHERE atom_id = ?1",
	[ST_STORY_COPIES] = "SELECT source.name, item.kind, item.link, "
	    "item.title, item.reason, item.origin, item.published, "
	    "item.first_seen, item.id = story.best_item, "
	    "item.content IS NOT NULL, item.simhash FROM item JOIN source ON "
	    "source.id = item.source JOIN story ON story.id = item.story "
	    "WHERE item.story = ?1 ORDER BY item.first_seen, item.id",
	[ST_STORY_ID_TAKEN] = "SELECT 1 FROM story WHERE atom_id = ?1",
	[ST_STORY_SET_ID] = "UPDATE story SET atom_id = ?2 WHERE id = ?1 AND "
	    "shown_at IS NULL",
	[ST_STORY_TAKE_ID] = "UPDATE story SET atom_id = ?2 WHERE id = ?1",
	[ST_STORY_SHOW] = "UPDATE story SET shown_at = ?1 WHERE shown_at IS "
	    "NULL AND best_item IS NOT NULL AND sort_time >= ?2",
	[ST_STORY_SOURCES] = "SELECT DISTINCT source.name FROM item JOIN source "
	    "ON source.id = item.source WHERE item.story = ?1",
	[ST_STORY_SHOW_ONE] = "UPDATE story SET shown_at = ?1 WHERE id = ?2 "
	    "AND shown_at IS NULL AND best_item IS NOT NULL",
	[ST_STORY_ITEMS] = "SELECT link, source FROM item WHERE story = ?1",
	[ST_STORY_OTHERS] = "SELECT DISTINCT link FROM item WHERE story = ?1 "
	    "AND id != ?2 AND link IS NOT NULL ORDER BY link LIMIT 32",
	[ST_MERGE_ITEMS] = "UPDATE item SET story = ?1 WHERE story = ?2",
	[ST_MERGE_KEYS] = "UPDATE OR IGNORE story_key SET story = ?1 "
	    "WHERE story = ?2",
	[ST_MERGE_KEYS_LEFT] = "DELETE FROM story_key WHERE story = ?2",
	[ST_MERGE_SKETCHES] = "UPDATE OR IGNORE story_sketch SET story = ?1 "
	    "WHERE story = ?2",
	[ST_MERGE_SKETCHES_LEFT] = "DELETE FROM story_sketch WHERE story = ?2",
	[ST_MERGE_FIRST_SEEN] = "UPDATE story SET first_seen = min(first_seen, "
	    "(SELECT first_seen FROM story WHERE id = ?2)), updated = "
	    "max(updated, (SELECT updated FROM story WHERE id = ?2)), "
	    "shadow_time = (SELECT min(coalesce(a.shadow_time, b.shadow_time), "
	    "coalesce(b.shadow_time, a.shadow_time)) FROM story AS a, story "
	    "AS b WHERE a.id = ?1 AND b.id = ?2), "
	    /* Shown if either was: what a reader saw stays seen. */
	    "shown_at = (SELECT min(coalesce(a.shown_at, b.shown_at), "
	    "coalesce(b.shown_at, a.shown_at)) FROM story AS a, story AS b "
	    "WHERE a.id = ?1 AND b.id = ?2) WHERE id = ?1",
	[ST_MERGE_DROP] = "DELETE FROM story WHERE id = ?2",
	[ST_MERGE_BEST] = "UPDATE story SET (best_item, best_richness) = "
	    "(SELECT id, richness FROM item WHERE story = ?1 ORDER BY "
	    "richness DESC, id LIMIT 1) WHERE id = ?1",
	[ST_SKETCH_ADD] = "INSERT OR IGNORE INTO story_sketch(band, value, "
	    "story, simhash) VALUES (?1, ?2, ?3, ?4)",
	[ST_SKETCH_FIND] = "SELECT story, simhash FROM story_sketch WHERE "
	    "band = ?1 AND value = ?2 LIMIT 64",
	[ST_ENTRIES] = "SELECT story.atom_id, story.updated, item.kind, "
	    "item.guid, item.permalink, item.link, item.title, item.summary, "
	    "item.summary_type, item.content, item.content_type, "
	    "item.author, item.author_email, item.author_uri, "
	    "item.published, item.updated, item.comments, item.thumbnail, "
	    "item.categories, item.enclosures, source.name, "
	    "source.feed_title, source.feed_link, source.feed_id, "
	    "item.origin, item.summary_cut, story.published, story.id, "
	    "story.best_item, source.feed_updated, "
	    "item.lang "
	    "FROM story JOIN item ON item.id = story.best_item "
	    "JOIN source ON source.id = item.source "
	    "ORDER BY story.sort_time DESC, story.atom_id LIMIT ?1",
	[ST_NEWEST] = "SELECT max(updated) FROM (SELECT story.updated FROM "
	    "story JOIN item ON item.id = story.best_item "
	    "ORDER BY story.sort_time DESC, story.atom_id LIMIT ?1)",
	[ST_COUNT] = "SELECT count(*) FROM story WHERE best_item IS NOT NULL",
	[ST_CUTOFF] = "SELECT sort_time FROM story WHERE best_item IS NOT NULL "
	    "ORDER BY sort_time DESC, atom_id LIMIT 1 OFFSET ?1",
	[ST_PRUNE_MARK] = "UPDATE story SET best_item = NULL, "
	    "best_richness = 0, pruned_at = ?3 WHERE best_item IS NOT NULL "
	    "AND sort_time < ?1 AND id NOT IN (SELECT id FROM story "
	    "WHERE best_item IS NOT NULL ORDER BY sort_time DESC, atom_id "
	    "LIMIT ?2)",
	[ST_PRUNE_ITEMS] = "DELETE FROM item WHERE story IN (SELECT id FROM "
	    "story WHERE best_item IS NULL AND pruned_at = ?1)",
	[ST_PRUNE_STORIES] = "DELETE FROM story WHERE best_item IS NULL AND "
	    "pruned_at < ?1",
	[ST_PRUNE_PAGES] = "DELETE FROM page WHERE fetched < ?1",
	[ST_LINK_RICHNESS] = "SELECT story.best_richness FROM story_key "
	    "JOIN story ON story.id = story_key.story WHERE kind = ?1 AND "
	    "value = ?2",
	[ST_PAGE_GET] = "SELECT etag, last_modified, body_hash, fetched "
	    "FROM page WHERE source = ?1 AND url = ?2",
	[ST_PAGE_PUT] = "INSERT INTO page(source, url, etag, last_modified, "
	    "body_hash, fetched) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	    "ON CONFLICT(source, url) DO UPDATE SET etag = excluded.etag, "
	    "last_modified = excluded.last_modified, "
	    "body_hash = coalesce(excluded.body_hash, body_hash), "
	    "fetched = excluded.fetched",
};

struct store {
	sqlite3		*db;
	sqlite3_stmt	*st[ST__COUNT];
	int		 lockfd;
	int		 in_txn;
	int		 window;	/* max_entries, or 0: keep all */
	int64_t		 cutoff;	/* see store_set_window() */
	int		 cutoff_stale;	/* recompute at the next savepoint */
	int		 above_cutoff;	/* new stories above it since */
	int64_t		 text_cutoff;	/* see store_text_time() */
	struct shadow	*shadow;	/* items not stored: shadow.h */
	int		 shadow_chunks;	/* rows of the shadow table */
	size_t		 shadow_bytes;	/* in them */
	/* Rows saved before the commit (store_release()); when the
	   transaction is undone, all of it is saved again at the next
	   commit. */
	int		 shadow_early;
	int		 shadow_resave;
	/*
	 * A Bloom filter of the exact keys the state has (links, guids,
	 * items by source: store_key_maybe()), so that an entry below the
	 * text window, nearly always unknown, costs no lookup.  Bits only
	 * added (what is deleted stays a false "maybe"); made again from
	 * the state when it holds a tenth of its bits in keys.
	 */
	uint64_t	*bloom;
	size_t		 bloom_bits;	/* a power of two */
	size_t		 bloom_keys;	/* added since made */
	int		 bloom_stale;
	int		 cache_kib;	/* see store_size_cache() */
};

static void	store_size_cache(struct store *);
static sqlite3_stmt	*store_stmt(struct store *, enum stmt);
static int	store_run(struct store *, sqlite3_stmt *, char **, const char *);
static void	store_bloom_make(struct store *);
static void	bind_text(sqlite3_stmt *, int, const char *);

static int
store_fail(struct store *s, char **cause, const char *what)
{
	xasprintf(cause, "%s: %s", what, sqlite3_errmsg(s->db));
	return -1;
}

/*
 * The shadow's new keys, in the transaction about to commit: a row each
 * time, all of it in one row again (without what has expired) now and
 * then (STORE_SHADOW_CHUNKS).
 */
static int
store_shadow_save(struct store *s, char **cause)
{
	sqlite3_stmt	*st;
	unsigned char	*data;
	size_t		 len, pos = 0;
	int		 all, rc;

	if (shadow_pending(s->shadow) == 0 && !s->shadow_resave)
		return 0;
	all = s->shadow_resave || s->shadow_chunks >= STORE_SHADOW_CHUNKS_MAX ||
	    (s->shadow_chunks >= STORE_SHADOW_CHUNKS &&
	    s->shadow_bytes > 2 * 16 * shadow_count(s->shadow));
	if (all) {
		if (store_run(s, store_stmt(s, ST_SHADOW_CLEAR), cause,
		    "saving the shadow") == -1)
			return -1;
		s->shadow_chunks = 0;
		s->shadow_bytes = 0;
	}
	/* A row per SHADOW_PACK_MAX keys, so none is large to read. */
	while ((len = shadow_pack(s->shadow, all, &pos, &data)) > 0) {
		st = store_stmt(s, ST_SHADOW_PUT);
		sqlite3_bind_blob64(st, 1, data, len, free);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_fail(s, cause, "saving the shadow");
		s->shadow_chunks++;
		s->shadow_bytes += len;
	}
	return 0;
}

static int
store_shadow_load(struct store *s, const char *path, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "SELECT data FROM shadow ORDER BY "
	    "chunk", -1, &st, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, sqlite3_errmsg(s->db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		shadow_load(s->shadow, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
		s->shadow_chunks++;
		s->shadow_bytes += (size_t)sqlite3_column_bytes(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		xasprintf(cause, "%s: reading the shadow: %s", path,
		    sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

/* Take the lock file beside the database: one feedmerge per state. */
static int
store_lock(struct store *s, const char *path, char **cause)
{
	char	*lockpath;

	xasprintf(&lockpath, "%s.lock", path);
	s->lockfd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (s->lockfd == -1) {
		if (path_dir_writable(path, "state", cause) == 0)
			xasprintf(cause, "%s: %s", lockpath, strerror(errno));
		free(lockpath);
		return -1;
	}
	if (flock(s->lockfd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			xasprintf(cause, "%s is in use by another feedmerge "
			    "(lock %s held)", path, lockpath);
		else
			xasprintf(cause, "%s: %s", lockpath, strerror(errno));
		free(lockpath);
		return -1;
	}
	free(lockpath);
	return 0;
}

/* Does table have column? */
static int
store_has_column(struct store *s, const char *table, const char *column)
{
	sqlite3_stmt	*st;
	char		 sql[128];

	snprintf(sql, sizeof sql, "SELECT %s FROM %s LIMIT 0", column, table);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_finalize(st);
	return 1;
}

/*
 * Bring an older (or a new, empty) state to this schema in one
 * transaction: a crash half-way leaves schema 1 as it was, never a
 * schema 2 without its columns.
 */
/*
 * Schema 3 keys links by a new canonical form (http and https, www.,
 * AMP copies as one): every item's link and URL guid keyed again.  The
 * stories there are have been published: their ids are fixed.
 */
static int
store_rekey_links(struct store *s, char **err)
{
	sqlite3_stmt	*st, *add;
	const char	*u[2];
	char		*canon;
	int		 rc, k;

	if (sqlite3_prepare_v2(s->db, "SELECT story, link, guid FROM item",
	    -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO story_key(kind, "
	    "value, story) VALUES (?1, ?2, ?3)", -1, &add, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		u[0] = (const char *)sqlite3_column_text(st, 1);
		u[1] = (const char *)sqlite3_column_text(st, 2);
		for (k = 0; k < 2; k++) {
			if ((canon = url_canonical(u[k])) == NULL)
				continue;
			sqlite3_bind_int(add, 1, KEY_LINK);
			sqlite3_bind_int64(add, 2, (sqlite3_int64)hash64(canon,
			    strlen(canon)));
			sqlite3_bind_int64(add, 3, sqlite3_column_int64(st, 0));
			free(canon);
			if (sqlite3_step(add) != SQLITE_DONE)
				rc = SQLITE_ERROR;
			sqlite3_reset(add);
		}
		if (rc == SQLITE_ERROR)
			break;
	}
	sqlite3_finalize(add);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	return sqlite3_exec(s->db, "UPDATE story SET shown_at = first_seen "
	    "WHERE shown_at IS NULL; UPDATE story SET published = (SELECT "
	    "min(coalesce(item.published, item.updated)) FROM item WHERE "
	    "item.story = story.id)", NULL, NULL, err) == SQLITE_OK ? 0 : -1;
}

/*
 * Schema 5 sanitizes every summary and content before it is stored
 * (sanitize.c): what older versions stored went out as the source gave
 * it, so it is sanitized once, here, against the item's link.
 */
static int
store_resanitize(struct store *s, char **err)
{
	sqlite3_stmt	*st, *set;
	char		*text[2];
	int		 rc, k;

	if (sqlite3_prepare_v2(s->db, "SELECT id, link, summary, "
	    "summary_type, content, content_type FROM item WHERE "
	    "summary_type = 1 OR content_type = 1", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(s->db, "UPDATE item SET summary = ?2, "
	    "content = ?3 WHERE id = ?1", -1, &set, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (k = 0; k < 2; k++) {
			const char *v = (const char *)sqlite3_column_text(st,
			    2 + 2 * k);

			text[k] = sqlite3_column_int(st, 3 + 2 * k) ==
			    TEXT_HTML ? sanitize_html(v, (const char *)
			    sqlite3_column_text(st, 1), 0) : v != NULL ?
			    xstrdup(v) : NULL;
		}
		sqlite3_bind_int64(set, 1, sqlite3_column_int64(st, 0));
		bind_text(set, 2, text[0]);
		bind_text(set, 3, text[1]);
		if (sqlite3_step(set) != SQLITE_DONE)
			rc = SQLITE_ERROR;
		sqlite3_reset(set);
		free(text[0]);
		free(text[1]);
		if (rc == SQLITE_ERROR)
			break;
	}
	sqlite3_finalize(set);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && err != NULL && *err == NULL)
		*err = sqlite3_mprintf("sanitizing stored items: %s",
		    sqlite3_errmsg(s->db));
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
store_upgrade(struct store *s, int version, const char *path, char **cause)
{
	char	*err = NULL, stamp[128];
	size_t	 i;

	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, &err) !=
	    SQLITE_OK)
		goto fail;
	for (i = 0; i < sizeof store_migrate / sizeof store_migrate[0]; i++)
		if (!store_has_column(s, store_migrate[i].table,
		    store_migrate[i].column) && sqlite3_exec(s->db,
		    store_migrate[i].add, NULL, NULL, &err) != SQLITE_OK)
			goto fail;
	if (version > 0 && version < 3 && store_rekey_links(s, &err) == -1)
		goto fail;
	if (version > 0 && version < 5 && store_resanitize(s, &err) == -1)
		goto fail;
	snprintf(stamp, sizeof stamp, "INSERT OR REPLACE INTO meta(key, "
	    "value) VALUES ('schema', '%d'); COMMIT", STORE_SCHEMA_VERSION);
	if (sqlite3_exec(s->db, stamp, NULL, NULL, &err) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	xasprintf(cause, "%s: upgrading the state: %s", path, err != NULL ?
	    err : sqlite3_errmsg(s->db));
	sqlite3_free(err);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/*
 * Open the state: to write (the lock taken, the schema set up or
 * upgraded) or only to read it, beside a running daemon (no lock; a
 * state of an older schema is refused, not upgraded).
 */
static struct store *
store_open_as(const char *path, int readonly, char **cause)
{
	struct store	*s;
	sqlite3_stmt	*st;
	char		*err = NULL;
	int		 i, version = 0;

	s = xcalloc(1, sizeof *s);
	s->shadow = shadow_new();
	s->lockfd = -1;
	s->cutoff = INT64_MIN + STORE_WINDOW_MARGIN;
	s->text_cutoff = INT64_MIN;
	if (!readonly && store_lock(s, path, cause) == -1)
		goto fail;
	if (readonly && access(path, R_OK) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (sqlite3_open_v2(path, &s->db, (readonly ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		if (s->db == NULL)
			xasprintf(cause, "%s: cannot open", path);
		else
			xasprintf(cause, "%s: %s", path,
			    sqlite3_errmsg(s->db));
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 5000);
	/* The page cache: store_size_cache(), at every transaction. */
	/*
	 * A new state gives the pages store_thin() frees back to the file
	 * system (an older one keeps them for reuse: converting it would
	 * rewrite it whole).
	 */
	if (!readonly && (sqlite3_exec(s->db, "PRAGMA auto_vacuum=INCREMENTAL;"
	    "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
	    "PRAGMA temp_store=MEMORY;", NULL, NULL,
	    &err) != SQLITE_OK ||
	    sqlite3_exec(s->db, store_schema, NULL, NULL, &err) !=
	    SQLITE_OK)) {
		xasprintf(cause, "%s: %s", path, err != NULL ? err :
		    "cannot set up the schema");
		sqlite3_free(err);
		goto fail;
	}
	if (!readonly)
		store_size_cache(s);
	/* A state from a newer feedmerge is not ours to rewrite. */
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = "
	    "'schema'", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (version > STORE_SCHEMA_VERSION) {
		xasprintf(cause, "%s: state schema %d is newer than this "
		    "feedmerge understands (%d)", path, version,
		    STORE_SCHEMA_VERSION);
		goto fail;
	}
	if (readonly && version != STORE_SCHEMA_VERSION) {
		xasprintf(cause, "%s: state schema %d, not %d: run feedmerge "
		    "on it once first", path, version, STORE_SCHEMA_VERSION);
		goto fail;
	}
	if (version < STORE_SCHEMA_VERSION &&
	    store_upgrade(s, version, path, cause) == -1)
		goto fail;
	if (!readonly && store_shadow_load(s, path, cause) == -1)
		goto fail;
	if (!readonly)
		store_bloom_make(s);
	for (i = 0; i < ST__COUNT; i++) {
		if (sqlite3_prepare_v3(s->db, store_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK) {
			xasprintf(cause, "%s: preparing statement %d: %s",
			    path, i, sqlite3_errmsg(s->db));
			goto fail;
		}
	}
	return s;

fail:
	store_close(s);
	return NULL;
}

struct store *
store_open(const char *path, char **cause)
{
	return store_open_as(path, 0, cause);
}

struct store *
store_open_readonly(const char *path, char **cause)
{
	return store_open_as(path, 1, cause);
}

void
store_close(struct store *s)
{
	int	 i;

	if (s == NULL)
		return;
	for (i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(s->st[i]);
	if (s->db != NULL)
		sqlite3_close(s->db);
	if (s->lockfd != -1)
		close(s->lockfd);
	free(s->bloom);
	shadow_free(s->shadow);
	free(s);
}

/* Reset a statement for reuse and return it. */
static sqlite3_stmt *
store_stmt(struct store *s, enum stmt which)
{
	sqlite3_stmt	*st = s->st[which];

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

static void
bind_text(sqlite3_stmt *st, int col, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, col);
	else
		sqlite3_bind_text(st, col, v, -1, SQLITE_STATIC);
}

static void
bind_date(sqlite3_stmt *st, int col, int64_t v)
{
	if (v == DATE_NONE)
		sqlite3_bind_null(st, col);
	else
		sqlite3_bind_int64(st, col, v);
}

static char *
column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *v = sqlite3_column_text(st, col);

	return v != NULL ? xstrdup((const char *)v) : NULL;
}

static int64_t
column_date(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return DATE_NONE;
	return sqlite3_column_int64(st, col);
}

/* Run a statement that returns no rows. */
static int
store_run(struct store *s, sqlite3_stmt *st, char **cause, const char *what)
{
	int	 rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, cause, what);
	return 0;
}

/*
 * SQLite's page cache, sized to the state: a forty-eighth of it, 4 to
 * 32 MB.  The B-trees' inner pages are about a hundredth of the file;
 * while they stay in memory a key costs one leaf read however large the
 * state grows (bench/dedup.sh: 8 MB made a lookup in a million stories
 * twice as dear as in ten thousand).  A small state keeps 4 MB, and the
 * cache fills only as pages are read: 8 MB took a cold round of 10,000
 * feeds (a 20 MB state) to 62-63 MB of peak RSS, 4 MB to 58 MB, in
 * the same CPU time.
 */
static void
store_size_cache(struct store *s)
{
	sqlite3_stmt	*st;
	int64_t		 bytes = 0;
	int		 kib;
	char		 sql[64];

	if (sqlite3_prepare_v2(s->db, "SELECT page_count * page_size FROM "
	    "pragma_page_count(), pragma_page_size()", -1, &st, NULL) !=
	    SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW)
		bytes = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	kib = (int)(bytes / 1024 / 48 > STORE_CACHE_MAX_KIB ?
	    STORE_CACHE_MAX_KIB : bytes / 1024 / 48);
	if (kib < STORE_CACHE_MIN_KIB)
		kib = STORE_CACHE_MIN_KIB;
	if (kib == s->cache_kib)
		return;
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d;", kib);
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		s->cache_kib = kib;
}

int
store_begin(struct store *s, char **cause)
{
	/* Outside a transaction the state's size is settled. */
	store_size_cache(s);
	if (store_run(s, store_stmt(s, ST_BEGIN), cause, "begin") == -1)
		return -1;
	s->in_txn = 1;
	return 0;
}

int
store_commit(struct store *s, char **cause)
{
	if (store_shadow_save(s, cause) == -1 ||
	    store_run(s, store_stmt(s, ST_COMMIT), cause, "commit") == -1) {
		store_rollback(s);
		return -1;
	}
	shadow_saved(s->shadow);
	s->in_txn = 0;
	s->shadow_early = s->shadow_resave = 0;
	return 0;
}

void
store_rollback(struct store *s)
{
	char	*cause = NULL;

	if (!s->in_txn)
		return;
	if (store_run(s, store_stmt(s, ST_ROLLBACK), &cause, "rollback") ==
	    -1)
		free(cause);
	s->in_txn = 0;
	s->cutoff_stale = 1;	/* stories it added are gone again */
	if (s->shadow_early)
		s->shadow_resave = 1;
	s->shadow_early = 0;
}

int
store_in_transaction(const struct store *s)
{
	return s->in_txn;
}

/* The sort time below which a new story can never be published. */
static void
store_update_cutoff(struct store *s)
{
	sqlite3_stmt	*st;

	s->cutoff_stale = 0;
	s->above_cutoff = 0;
	s->cutoff = INT64_MIN + STORE_WINDOW_MARGIN;
	s->text_cutoff = INT64_MIN;
	if (s->window <= 0)
		return;
	st = store_stmt(s, ST_CUTOFF);
	sqlite3_bind_int(st, 1, s->window - 1);
	if (sqlite3_step(st) == SQLITE_ROW)
		s->cutoff = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	/* As many stories again below the window keep their text. */
	st = store_stmt(s, ST_CUTOFF);
	sqlite3_bind_int(st, 1, s->window + STORE_TEXT_EXTRA(s->window) - 1);
	if (sqlite3_step(st) == SQLITE_ROW)
		s->text_cutoff = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	shadow_set_floor(s->shadow, store_min_sort_time(s));
}

int64_t
store_text_time(const struct store *s)
{
	return s->text_cutoff;
}

int
store_text_count(const struct store *s)
{
	return s->window > 0 ? s->window + STORE_TEXT_EXTRA(s->window) : 0;
}

void
store_window_update(struct store *s)
{
	if (s->cutoff_stale)
		store_update_cutoff(s);
}

/*
 * A key row's hash (story_key.value: hash64() of the key) told apart by
 * kind: what the shadow and the Bloom filter hold, made from a key or
 * read back from its row (store_thin(), store_bloom_make()).
 */
static uint64_t
store_kind_hash(int kind, uint64_t row)
{
	return row ^ (uint64_t)kind * 0x9e3779b97f4a7c15ULL;
}

static uint64_t
store_shadow_key(enum store_key_kind kind, const char *value)
{
	return store_kind_hash((int)kind, hash64(value, strlen(value)));
}

void
store_shadow_note(struct store *s, enum store_key_kind kind,
    const char *value, int64_t t)
{
	shadow_note(s->shadow, store_shadow_key(kind, value), t);
}

uint64_t
store_key_hash(enum store_key_kind kind, const char *value)
{
	return store_shadow_key(kind, value);
}

void
store_shadow_note_hash(struct store *s, uint64_t key, int64_t t)
{
	shadow_note(s->shadow, key, t);
}

int64_t
store_shadow_find_hash(struct store *s, uint64_t key)
{
	return shadow_find(s->shadow, key);
}

int64_t
store_shadow_find(struct store *s, enum store_key_kind kind,
    const char *value)
{
	return shadow_find(s->shadow, store_shadow_key(kind, value));
}

size_t
store_shadow_count(const struct store *s)
{
	return shadow_count(s->shadow);
}

int
store_story_shadow(struct store *s, int64_t story, int64_t t, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_STORY_SHADOW);

	sqlite3_bind_int64(st, 1, story);
	sqlite3_bind_int64(st, 2, t);
	/* A story moved down: the window may be lower now. */
	s->cutoff_stale = 1;
	return store_run(s, st, cause, "dating story");
}

int64_t
store_min_sort_time(const struct store *s)
{
	return s->cutoff - STORE_WINDOW_MARGIN;
}

void
store_set_window(struct store *s, int max_entries)
{
	s->window = max_entries;
	store_update_cutoff(s);
}

int
store_savepoint(struct store *s, char **cause)
{
	if (s->cutoff_stale)
		store_update_cutoff(s);
	return store_run(s, store_stmt(s, ST_SAVEPOINT), cause, "savepoint");
}

int
store_release(struct store *s, char **cause)
{
	/*
	 * A transaction of a thousand feeds notes a hundred thousand keys
	 * in the shadow: what is new is saved a row at a time as it comes,
	 * in the savepoint that noted it, not held until the commit.
	 */
	if (s->in_txn && shadow_pending(s->shadow) >= SHADOW_PACK_MAX) {
		if (store_shadow_save(s, cause) == -1)
			return -1;
		shadow_saved(s->shadow);
		s->shadow_early = 1;
		s->shadow_resave = 0;	/* that was all of it */
	}
	return store_run(s, store_stmt(s, ST_RELEASE), cause, "release");
}

/* Undo everything since the savepoint, and end it. */
void
store_rollback_savepoint(struct store *s)
{
	char	*cause = NULL;

	if (store_run(s, store_stmt(s, ST_ROLLBACK_TO), &cause,
	    "rollback to savepoint") == -1 ||
	    store_run(s, store_stmt(s, ST_RELEASE), &cause, "release") == -1)
		free(cause);
	s->cutoff_stale = 1;
}

int
store_source_get(struct store *s, const char *name, struct store_source *ss,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(ss, 0, sizeof *ss);
	st = store_stmt(s, ST_SOURCE_GET);
	bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ss->id = sqlite3_column_int64(st, 0);
		ss->etag = column_dup(st, 1);
		ss->last_modified = column_dup(st, 2);
		if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
			ss->body_hash = (uint64_t)sqlite3_column_int64(st, 3);
			ss->have_body_hash = 1;
		}
		ss->failures = sqlite3_column_int(st, 4);
		ss->last_ok = sqlite3_column_int64(st, 5);
		ss->url = column_dup(st, 6);
		ss->next_due = sqlite3_column_int64(st, 7);
		ss->ttl = sqlite3_column_int64(st, 8);
		ss->moved_from = column_dup(st, 9);
		ss->moved_to = column_dup(st, 10);
		ss->redirect_to = column_dup(st, 11);
		ss->redirect_count = sqlite3_column_int(st, 12);
		ss->gone_url = column_dup(st, 13);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, cause, "reading source");
	st = store_stmt(s, ST_SOURCE_ADD);
	bind_text(st, 1, name);
	if (store_run(s, st, cause, "adding source") == -1)
		return -1;
	ss->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_source_set_url(struct store *s, struct store_source *ss,
    const char *url, char **cause)
{
	sqlite3_stmt	*st;

	if (ss->url != NULL && strcmp(ss->url, url) == 0)
		return 0;
	st = store_stmt(s, ST_SOURCE_URL);
	sqlite3_bind_int64(st, 1, ss->id);
	bind_text(st, 2, url);
	if (store_run(s, st, cause, "updating source") == -1)
		return -1;
	str_set(&ss->url, xstrdup(url));
	str_set(&ss->etag, NULL);
	str_set(&ss->last_modified, NULL);
	ss->have_body_hash = 0;
	ss->body_hash = 0;
	return 0;
}

void
store_source_clear(struct store_source *ss)
{
	free(ss->url);
	free(ss->etag);
	free(ss->last_modified);
	free(ss->moved_from);
	free(ss->moved_to);
	free(ss->redirect_to);
	free(ss->gone_url);
	memset(ss, 0, sizeof *ss);
}

int
store_source_sched(struct store *s, int64_t id, int64_t next_due,
    int64_t fetched, long status, int64_t ttl, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_SOURCE_SCHED);

	sqlite3_bind_int64(st, 1, id);
	if (next_due > 0)
		sqlite3_bind_int64(st, 2, next_due);
	sqlite3_bind_int64(st, 3, fetched);
	if (status > 0)
		sqlite3_bind_int64(st, 4, status);
	if (ttl >= 0)
		sqlite3_bind_int64(st, 5, ttl);
	return store_run(s, st, cause, "updating source");
}

int
store_source_moves(struct store *s, const struct store_source *ss,
    char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_SOURCE_MOVES);

	sqlite3_bind_int64(st, 1, ss->id);
	bind_text(st, 2, ss->moved_from);
	bind_text(st, 3, ss->moved_to);
	bind_text(st, 4, ss->redirect_to);
	sqlite3_bind_int(st, 5, ss->redirect_count);
	bind_text(st, 6, ss->gone_url);
	return store_run(s, st, cause, "updating source");
}

int
store_source_rows(struct store *s,
    void (*cb)(const struct store_source_row *, void *), void *arg,
    char **cause)
{
	struct store_source_row	 r;
	sqlite3_stmt		*st;
	int			 rc;

	if (sqlite3_prepare_v2(s->db, "SELECT name, url, moved_to, "
	    "moved_from, gone_url, last_error, last_fetch, last_ok, "
	    "last_error_time, next_due, last_status, failures, (SELECT "
	    "count(*) FROM item WHERE item.source = source.id) FROM source "
	    "ORDER BY name", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, cause, "reading sources");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.name = (const char *)sqlite3_column_text(st, 0);
		r.url = (const char *)sqlite3_column_text(st, 1);
		r.moved_to = (const char *)sqlite3_column_text(st, 2);
		r.moved_from = (const char *)sqlite3_column_text(st, 3);
		r.gone_url = (const char *)sqlite3_column_text(st, 4);
		r.last_error = (const char *)sqlite3_column_text(st, 5);
		r.last_fetch = sqlite3_column_int64(st, 6);
		r.last_ok = sqlite3_column_int64(st, 7);
		r.last_error_time = sqlite3_column_int64(st, 8);
		r.next_due = sqlite3_column_int64(st, 9);
		r.last_status = (long)sqlite3_column_int64(st, 10);
		r.failures = sqlite3_column_int(st, 11);
		r.items = sqlite3_column_int64(st, 12);
		cb(&r, arg);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, cause, "reading sources");
	return 0;
}

int
store_host_hold(struct store *s, const char *host, int64_t until,
    char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_HOST_HOLD);

	bind_text(st, 1, host);
	sqlite3_bind_int64(st, 2, until);
	return store_run(s, st, cause, "updating host");
}

int
store_host_holds(struct store *s, void (*cb)(const char *, int64_t, void *),
    void *arg, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_HOST_PRUNE);
	int		 rc;

	/* Pauses that are over are of no use: the table stays small. */
	sqlite3_bind_int64(st, 1, now_seconds());
	if (store_run(s, st, cause, "pruning hosts") == -1)
		return -1;
	st = store_stmt(s, ST_HOST_LIST);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		cb((const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1), arg);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, cause, "reading hosts");
	return 0;
}

int
store_source_ok(struct store *s, int64_t id, const char *etag,
    const char *last_modified, const uint64_t *body_hash,
    const struct store_feed_meta *meta, int64_t now, char **cause)
{
	sqlite3_stmt	*st;

	st = store_stmt(s, body_hash != NULL ? ST_SOURCE_OK :
	    ST_SOURCE_OK_KEEP_HASH);
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, etag);
	bind_text(st, 3, last_modified);
	if (body_hash != NULL) {
		sqlite3_bind_int64(st, 4, (sqlite3_int64)*body_hash);
		if (meta != NULL) {
			bind_text(st, 5, meta->title);
			bind_text(st, 6, meta->link);
			bind_text(st, 7, meta->id);
			if (meta->updated != DATE_NONE)
				sqlite3_bind_int64(st, 9, meta->updated);
		}
	}
	sqlite3_bind_int64(st, 8, now);
	return store_run(s, st, cause, "updating source");
}

/* NULL-safe: does the stored text differ from v (NULL keeps it)? */
static int
store_differs(sqlite3_stmt *st, int col, const char *v)
{
	const char	*old = (const char *)sqlite3_column_text(st, col);

	return v != NULL && (old == NULL || strcmp(old, v) != 0);
}

int
store_source_meta_changed(struct store *s, int64_t id,
    const struct store_feed_meta *meta)
{
	sqlite3_stmt	*st = store_stmt(s, ST_SOURCE_META);
	int		 changed = 0;

	if (meta == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		changed = store_differs(st, 0, meta->title) ||
		    store_differs(st, 1, meta->link) ||
		    store_differs(st, 2, meta->id) ||
		    (meta->updated != DATE_NONE ? (sqlite3_column_type(st, 3) ==
		    SQLITE_NULL || sqlite3_column_int64(st, 3) !=
		    meta->updated) : sqlite3_column_type(st, 3) != SQLITE_NULL);
	sqlite3_reset(st);
	return changed;
}

int
store_source_reread(struct store *s, int64_t id, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_SOURCE_REREAD);

	sqlite3_bind_int64(st, 1, id);
	return store_run(s, st, cause, "updating source");
}

int
store_source_failed(struct store *s, int64_t id, const char *error,
    int64_t now, char **cause)
{
	sqlite3_stmt	*st;

	st = store_stmt(s, ST_SOURCE_FAILED);
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, error);
	sqlite3_bind_int64(st, 3, now);
	return store_run(s, st, cause, "updating source");
}

/*
 * The item's identity within its source: guid, else link, else a hash
 * of its title, date and summary, and its place among twins.
 * A teaser of a link is another observation than the story read at
 * that link (a page source follows its teasers): "t:" keeps them apart.
 */
char *
store_item_key(const struct item *it)
{
	char	*key;
	char	 date[32];
	struct buf b;

	if (!str_empty(it->id))
		key = xstrcat2("g:", it->id);
	else if (it->kind == ITEM_TEASER && !str_empty(it->link))
		key = xstrcat2("t:", it->link);
	else if (!str_empty(it->link))
		key = xstrcat2("l:", it->link);
	else {
		buf_init(&b);
		buf_addstr(&b, it->title != NULL ? it->title : "");
		snprintf(date, sizeof date, "|%lld", (long long)
		    (it->published != DATE_NONE ? it->published : it->updated));
		buf_addstr(&b, date);
		buf_addstr(&b, it->summary != NULL ? it->summary : "");
		/* (The first of twins keeps the key of before.) */
		if (it->twin > 0)
			buf_printf(&b, "\036%d", it->twin);
		xasprintf(&key, "h:%016llx",
		    (unsigned long long)hash64(b.data, b.len));
		buf_free(&b);
	}
	return key;
}

/* Feed one field, and a separator, to the content hash. */
static void
hash_field(XXH3_state_t *h, const char *v)
{
	static const char	 sep = '\037';

	if (v != NULL)
		XXH3_64bits_update(h, v, strlen(v));
	XXH3_64bits_update(h, &sep, 1);
}

/* The lists of an item, flattened to one text column each. */
static char *
store_join_categories(const struct item *it)
{
	struct buf	 b;
	size_t		 i;

	if (it->ncategories == 0)
		return NULL;
	buf_init(&b);
	for (i = 0; i < it->ncategories; i++) {
		if (i > 0)
			buf_addc(&b, '\n');
		buf_addstr(&b, it->categories[i]);
	}
	return buf_steal(&b);
}

static char *
store_join_enclosures(const struct item *it)
{
	struct buf	 b;
	size_t		 i;

	if (it->nenclosures == 0)
		return NULL;
	buf_init(&b);
	for (i = 0; i < it->nenclosures; i++) {
		const struct enclosure *e = &it->enclosures[i];

		buf_printf(&b, "%s%s\t%s\t%lld", i > 0 ? "\n" : "", e->url,
		    e->type != NULL ? e->type : "", (long long)e->length);
	}
	return buf_steal(&b);
}

static uint64_t
store_content_hash(const struct item *it, const char *cats,
    const char *encs)
{
	XXH3_state_t	 h;
	int64_t		 nums[5];

	XXH3_64bits_reset(&h);
	hash_field(&h, it->id);
	hash_field(&h, it->link);
	hash_field(&h, it->title);
	hash_field(&h, it->summary);
	hash_field(&h, it->content);
	hash_field(&h, it->author);
	hash_field(&h, it->author_email);
	hash_field(&h, it->author_uri);
	hash_field(&h, it->comments);
	hash_field(&h, it->thumbnail);
	hash_field(&h, it->origin);
	hash_field(&h, cats);
	hash_field(&h, encs);
	nums[0] = it->published;
	nums[1] = it->updated;
	nums[2] = it->summary_type;
	nums[3] = it->content_type;
	nums[4] = ((int64_t)it->kind * 2 + it->id_is_permalink) * 2 +
	    (it->summary_cut != 0);
	XXH3_64bits_update(&h, nums, sizeof nums);
	return XXH3_64bits_digest(&h);
}

uint64_t
store_item_hash(const struct item *it)
{
	char		*cats = store_join_categories(it);
	char		*encs = store_join_enclosures(it);
	uint64_t	 h = store_content_hash(it, cats, encs);

	free(cats);
	free(encs);
	return h;
}

/* Bind columns 4..23, 25, 26 shared by ST_ITEM_ADD and ST_ITEM_UPDATE. */
static void
store_bind_item(sqlite3_stmt *st, const struct item *it, uint64_t hash,
    const char *cats, const char *encs)
{
	sqlite3_bind_int(st, 4, (int)it->kind);
	sqlite3_bind_int(st, 5, item_richness(it));
	sqlite3_bind_int64(st, 6, (sqlite3_int64)hash);
	bind_text(st, 7, it->id);
	sqlite3_bind_int(st, 8, it->id_is_permalink);
	bind_text(st, 9, it->link);
	bind_text(st, 10, it->title);
	bind_text(st, 11, it->summary);
	sqlite3_bind_int(st, 12, (int)it->summary_type);
	bind_text(st, 13, it->content);
	sqlite3_bind_int(st, 14, (int)it->content_type);
	bind_text(st, 15, it->author);
	bind_text(st, 16, it->author_email);
	bind_text(st, 17, it->author_uri);
	bind_date(st, 18, it->published);
	bind_date(st, 19, it->updated);
	bind_text(st, 20, it->comments);
	bind_text(st, 21, it->thumbnail);
	bind_text(st, 22, cats);
	bind_text(st, 23, encs);
	bind_text(st, 25, it->origin);
	sqlite3_bind_int(st, 26, it->summary_cut != 0);
	bind_text(st, 29, it->lang);
}

static void
bind_simhash(sqlite3_stmt *st, int col, const uint64_t *simhash)
{
	if (simhash != NULL)
		sqlite3_bind_int64(st, col, (sqlite3_int64)*simhash);
	else
		sqlite3_bind_null(st, col);
}

/* The date the output shows as atom:updated, clamped to now. */
static int64_t
store_item_updated(const struct item *it, int64_t now)
{
	int64_t	 t = it->updated != DATE_NONE ? it->updated : it->published;

	return t == DATE_NONE || t > now ? now : t;
}

/* A step that should give one row or none: 1, 0, or -1 with *cause. */
static int
store_step_row(struct store *s, sqlite3_stmt *st, char **cause,
    const char *what)
{
	int	 rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(s, cause, what);
	sqlite3_reset(st);
	return -1;
}

int
store_id_taken(struct store *s, const char *atom_id)
{
	sqlite3_stmt	*st = store_stmt(s, ST_STORY_ID_TAKEN);
	int		 rc;

	bind_text(st, 1, atom_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}

/* Mark a story a tombstone as of now (errors are harmless: logged by
   the next statement that fails for the same reason). */
static void
store_hide_story(struct store *s, int64_t story, int64_t now)
{
	sqlite3_stmt	*st = store_stmt(s, ST_STORY_HIDE);

	sqlite3_bind_int64(st, 1, story);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_step(st);
	sqlite3_reset(st);
}

/*
 * A pruned story mentioned again is kept a while longer (its pruned_at
 * moves to now, at most once a day to spare the writes).
 */
int
store_key_find(struct store *s, enum store_key_kind kind, const char *value,
    int64_t now, int64_t *story, int *pruned, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_KEY_FIND);
	int64_t		 pruned_at = 0;
	int		 rc;

	sqlite3_bind_int(st, 1, (int)kind);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)hash64(value, strlen(value)));
	if ((rc = store_step_row(s, st, cause, "finding a key")) != 1)
		return rc;
	*story = sqlite3_column_int64(st, 0);
	*pruned = sqlite3_column_int(st, 1);
	pruned_at = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	if (*pruned && pruned_at < now - 86400)
		store_hide_story(s, *story, now);
	return 1;
}

/* --- the Bloom filter of exact keys ------------------------------------ */

static int
store_bloom_kind(enum store_key_kind kind)
{
	return kind == KEY_LINK || kind == KEY_GUID || kind == KEY_SOURCE_ITEM;
}

/*
 * The three bits of a key row's hash (store_kind_hash()): set (add) or
 * tested; 1 when all were set before.
 */
static int
store_bloom_bits(uint64_t *bloom, size_t nbits, uint64_t h, int add)
{
	uint64_t	 a = h, b = (h >> 29 | h << 35) | 1, bit;
	size_t		 i, w;
	int		 all = 1;

	for (i = 0; i < 3; i++, a += b) {
		w = (size_t)(a & (nbits - 1)) >> 6;
		bit = (uint64_t)1 << (a & 63);
		all &= (bloom[w] & bit) != 0;
		if (add)
			bloom[w] |= bit;
	}
	return all;
}

static void
store_bloom_add(struct store *s, int kind, uint64_t row)
{
	if (s->bloom == NULL)
		return;
	store_bloom_bits(s->bloom, s->bloom_bits, store_kind_hash(kind, row),
	    1);
	if (++s->bloom_keys > s->bloom_bits / 10)
		s->bloom_stale = 1;
}

/* (Again) from the state's key rows and items; NULL (every key a
   "maybe") when it cannot be read. */
static void
store_bloom_make(struct store *s)
{
	sqlite3_stmt	*st;
	size_t		 n = 0, bits;
	char		*key;

	free(s->bloom);
	s->bloom = NULL;
	s->bloom_stale = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT (SELECT count(*) FROM "
	    "story_key) + (SELECT count(*) FROM item)", -1, &st, NULL) !=
	    SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* 20 bits a key now: room to grow to 10 before made again. */
	for (bits = (size_t)1 << 20; bits < n * 20; bits *= 2)
		;
	s->bloom_bits = bits;
	s->bloom = xcalloc(bits / 64, sizeof *s->bloom);
	s->bloom_keys = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT kind, value FROM story_key "
	    "WHERE kind IN (1, 2, 3)", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while (sqlite3_step(st) == SQLITE_ROW)
		store_bloom_add(s, sqlite3_column_int(st, 0),
		    (uint64_t)sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	/* Items by their source's key (store_item_find()), as
	   KEY_SOURCE_ITEM names them, in case a key row is missing. */
	if (sqlite3_prepare_v2(s->db, "SELECT source, source_key FROM item",
	    -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while (sqlite3_step(st) == SQLITE_ROW) {
		xasprintf(&key, "%lld %s", (long long)sqlite3_column_int64(st,
		    0), (const char *)sqlite3_column_text(st, 1));
		store_bloom_add(s, KEY_SOURCE_ITEM, hash64(key, strlen(key)));
		free(key);
	}
	sqlite3_finalize(st);
	s->bloom_keys = 0;
	return;
fail:
	free(s->bloom);
	s->bloom = NULL;
}

int
store_key_maybe(struct store *s, enum store_key_kind kind, const char *value)
{
	return store_hash_maybe(s, store_shadow_key(kind, value));
}

int
store_hash_maybe(struct store *s, uint64_t key)
{
	if (s->bloom_stale && !s->in_txn)
		store_bloom_make(s);
	if (s->bloom == NULL)
		return 1;
	return store_bloom_bits(s->bloom, s->bloom_bits, key, 0);
}

int
store_key_add(struct store *s, enum store_key_kind kind, const char *value,
    int64_t story, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, kind == KEY_LEAD ||
	    kind == KEY_TITLE ? ST_KEY_ADD_TEXT : ST_KEY_ADD);
	uint64_t	 row = hash64(value, strlen(value));

	if (store_bloom_kind(kind))
		store_bloom_add(s, (int)kind, row);
	sqlite3_bind_int(st, 1, (int)kind);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)row);
	sqlite3_bind_int64(st, 3, story);
	return store_run(s, st, cause, "adding key");
}

int
store_item_find(struct store *s, int64_t source, const char *key,
    struct store_item_ref *ref, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_ITEM_FIND);
	int		 rc;

	sqlite3_bind_int64(st, 1, source);
	bind_text(st, 2, key);
	if ((rc = store_step_row(s, st, cause, "finding item")) != 1)
		return rc;
	ref->id = sqlite3_column_int64(st, 0);
	ref->story = sqlite3_column_int64(st, 1);
	ref->hash = (uint64_t)sqlite3_column_int64(st, 2);
	ref->best_item = sqlite3_column_int64(st, 3);
	sqlite3_reset(st);
	return 1;
}

int
store_item_add(struct store *s, int64_t story, int64_t source,
    const char *key, const struct item *it, const char *reason,
    const uint64_t *simhash, int64_t now, int64_t *item, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_ITEM_ADD);
	char		*cats = store_join_categories(it);
	char		*encs = store_join_enclosures(it);
	int		 rc;

	sqlite3_bind_int64(st, 1, story);
	sqlite3_bind_int64(st, 2, source);
	bind_text(st, 3, key);
	store_bind_item(st, it, store_content_hash(it, cats, encs), cats,
	    encs);
	sqlite3_bind_int64(st, 24, now);
	bind_text(st, 27, reason);
	bind_simhash(st, 28, simhash);
	rc = store_run(s, st, cause, "adding item");
	free(cats);
	free(encs);
	if (rc == 0)
		*item = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int
store_item_update(struct store *s, int64_t item, const struct item *it,
    const uint64_t *simhash, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_ITEM_UPDATE);
	char		*cats = store_join_categories(it);
	char		*encs = store_join_enclosures(it);
	int		 rc;

	sqlite3_bind_int64(st, 1, item);
	store_bind_item(st, it, store_content_hash(it, cats, encs), cats,
	    encs);
	bind_simhash(st, 28, simhash);
	rc = store_run(s, st, cause, "updating item");
	free(cats);
	free(encs);
	return rc;
}

int
store_story_add(struct store *s, const char *atom_id, int64_t now,
    int64_t *story, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_STORY_ADD);

	/* updated and sort_time come with its first item (offer). */
	bind_text(st, 1, atom_id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, 0);
	sqlite3_bind_int64(st, 4, now);
	if (store_run(s, st, cause, "adding story") == -1)
		return -1;
	*story = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_story_get(struct store *s, int64_t story, struct store_story *ss,
    char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_STORY_GET);
	int		 rc;

	memset(ss, 0, sizeof *ss);
	sqlite3_bind_int64(st, 1, story);
	if ((rc = store_step_row(s, st, cause, "reading story")) != 1)
		return rc;
	ss->id = story;
	ss->atom_id = column_dup(st, 0);
	ss->best_richness = sqlite3_column_int(st, 1);
	ss->shown = sqlite3_column_int(st, 2);
	ss->pruned = sqlite3_column_int(st, 3);
	ss->best_hash = (uint64_t)sqlite3_column_int64(st, 4);
	ss->first_seen = sqlite3_column_int64(st, 5);
	ss->updated = sqlite3_column_int64(st, 6);
	ss->published = column_date(st, 7);
	ss->shown_at = column_date(st, 8);
	sqlite3_reset(st);
	return 1;
}

int
store_story_lookup(struct store *s, const char *what, int64_t now,
    int64_t *story, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_STORY_BY_ID);
	char		*canon;
	int		 rc, pruned;

	bind_text(st, 1, what);
	if ((rc = store_step_row(s, st, cause, "finding a story")) == -1)
		return -1;
	if (rc == 1) {
		*story = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 1;
	}
	if ((canon = url_canonical(what)) == NULL)
		return 0;
	rc = store_key_find(s, KEY_LINK, canon, now, story, &pruned, cause);
	free(canon);
	return rc;
}

int
store_story_copies(struct store *s, int64_t story,
    void (*fn)(const struct store_copy *, void *), void *arg, char **cause)
{
	sqlite3_stmt		*st = store_stmt(s, ST_STORY_COPIES);
	struct store_copy	 c;
	int			 rc;

	sqlite3_bind_int64(st, 1, story);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&c, 0, sizeof c);
		c.source_name = (const char *)sqlite3_column_text(st, 0);
		c.kind = (enum item_kind)sqlite3_column_int(st, 1);
		c.link = (const char *)sqlite3_column_text(st, 2);
		c.title = (const char *)sqlite3_column_text(st, 3);
		c.reason = (const char *)sqlite3_column_text(st, 4);
		c.origin = (const char *)sqlite3_column_text(st, 5);
		c.published = column_date(st, 6);
		c.first_seen = sqlite3_column_int64(st, 7);
		c.best = sqlite3_column_int(st, 8);
		c.has_content = sqlite3_column_int(st, 9);
		c.have_simhash = sqlite3_column_type(st, 10) != SQLITE_NULL;
		c.simhash = (uint64_t)sqlite3_column_int64(st, 10);
		fn(&c, arg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, cause,
	    "reading a story's copies");
}

void
store_story_clear(struct store_story *ss)
{
	free(ss->atom_id);
	memset(ss, 0, sizeof *ss);
}

/* Bind (story, atom id) and run one renaming statement. */
static int
store_story_rename(struct store *s, enum stmt which, int64_t story,
    const char *atom_id, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, which);

	sqlite3_bind_int64(st, 1, story);
	bind_text(st, 2, atom_id);
	return store_run(s, st, cause, "renaming story");
}

int
store_story_set_id(struct store *s, int64_t story, const char *atom_id,
    char **cause)
{
	return store_story_rename(s, ST_STORY_SET_ID, story, atom_id, cause);
}

int
store_story_take_id(struct store *s, int64_t story, const char *atom_id,
    char **cause)
{
	return store_story_rename(s, ST_STORY_TAKE_ID, story, atom_id, cause);
}

/* The story's dates from its items (ST_STORY_DATES). */
static int
store_story_dates(struct store *s, int64_t story, int64_t now, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_STORY_DATES);

	sqlite3_bind_int64(st, 1, story);
	sqlite3_bind_int64(st, 2, STORE_CREDIBLE_SINCE);
	sqlite3_bind_int64(st, 3, now + 86400);
	sqlite3_bind_int64(st, 4, now);
	return store_run(s, st, cause, "dating story");
}

int
store_story_offer(struct store *s, int64_t story, int64_t item,
    const struct item *it, int64_t now, int force, int *became_best,
    char **cause)
{
	struct store_story	 ss;
	sqlite3_stmt		*st;
	int			 rc, best, tie;

	*became_best = 0;
	if ((rc = store_story_get(s, story, &ss, cause)) != 1)
		return rc == 0 ? store_fail(s, cause, "reading story") : -1;
	best = ss.best_richness;
	/* An older copy moves the story down: the window may be lower. */
	if (item_has_date(it, now) && ss.published != DATE_NONE &&
	    item_sort_time(it, now) < ss.published)
		s->cutoff_stale = 1;
	/*
	 * Among equals (teasers of one story on several pages) the one
	 * whose content hashes lower, until the story is shown: the copy
	 * shown does not depend on which came first.
	 */
	tie = !ss.shown && item_richness(it) == best &&
	    store_item_hash(it) < ss.best_hash;
	store_story_clear(&ss);
	if (force || item_richness(it) > best || tie) {
		st = store_stmt(s, ST_STORY_BEST);
		sqlite3_bind_int64(st, 1, story);
		sqlite3_bind_int64(st, 2, item);
		sqlite3_bind_int(st, 3, item_richness(it));
		sqlite3_bind_int64(st, 4, store_item_updated(it, now));
		if (store_run(s, st, cause, "updating story") == -1)
			return -1;
		*became_best = 1;
	}
	return store_story_dates(s, story, now, cause);
}

int
store_story_first(struct store *s, int64_t story, int64_t item,
    const struct item *it, int64_t now, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_STORY_FIRST);
	int64_t		 p = it->published != DATE_NONE ? it->published :
	    it->updated;

	sqlite3_bind_int64(st, 1, story);
	sqlite3_bind_int64(st, 2, item);
	sqlite3_bind_int(st, 3, item_richness(it));
	sqlite3_bind_int64(st, 4, store_item_updated(it, now));
	/* What ST_STORY_DATES finds credible: ?5 a feed entry's, ?7 a
	   teaser's date. */
	if (p != DATE_NONE && p >= STORE_CREDIBLE_SINCE && p <= now + 86400)
		sqlite3_bind_int64(st, it->kind == ITEM_TEASER ? 7 : 5, p);
	sqlite3_bind_int64(st, 6, now);
	return store_run(s, st, cause, "updating story");
}

/* Bind (into, from) and run one statement of a merge. */
static int
store_merge_step(struct store *s, enum stmt which, int64_t into,
    int64_t from, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, which);

	sqlite3_bind_int64(st, 1, into);
	sqlite3_bind_int64(st, 2, from);
	return store_run(s, st, cause, "merging stories");
}

/*
 * Forget one source: its items, its pages; a story it alone carried goes
 * (keys and sketches with it), one others carry too shows their best
 * copy from now on, updated, dated again from what is left.
 */
static int
store_forget_source(struct store *s, int64_t id, int64_t now, int *nitems,
    int *nstories, char **cause)
{
	static const char *const steps[] = {
		/* The stories it touched, before its items go. */
		"CREATE TEMP TABLE IF NOT EXISTS forget(story INTEGER PRIMARY "
		    "KEY, lost_best INTEGER NOT NULL); DELETE FROM forget;",
		"INSERT OR IGNORE INTO forget(story, lost_best) SELECT "
		    "item.story, story.best_item IN (SELECT id FROM item AS i "
		    "WHERE i.source = ?1) FROM item JOIN story ON story.id = "
		    "item.story WHERE item.source = ?1",
		"DELETE FROM item WHERE source = ?1",
		"DELETE FROM page WHERE source = ?1",
		"DELETE FROM source WHERE id = ?1",
		/* Alone: gone.  With others: their best copy. */
		"DELETE FROM story WHERE id IN (SELECT story FROM forget) AND "
		    "NOT EXISTS (SELECT 1 FROM item WHERE item.story = "
		    "story.id)",
		"UPDATE story SET (best_item, best_richness) = (SELECT id, "
		    "richness FROM item WHERE item.story = story.id ORDER BY "
		    "richness DESC, id LIMIT 1), updated = ?2 WHERE id IN "
		    "(SELECT story FROM forget WHERE lost_best) AND "
		    "best_item IS NOT NULL",
	};
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc;

	*nitems = *nstories = 0;
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (i == 0) {
			if (sqlite3_exec(s->db, steps[0], NULL, NULL, NULL) !=
			    SQLITE_OK)
				return store_fail(s, cause, "forgetting a "
				    "source");
			continue;
		}
		if (sqlite3_prepare_v2(s->db, steps[i], -1, &st, NULL) !=
		    SQLITE_OK)
			return store_fail(s, cause, "forgetting a source");
		if (sqlite3_bind_parameter_count(st) >= 1)
			sqlite3_bind_int64(st, 1, id);
		if (sqlite3_bind_parameter_count(st) >= 2)
			sqlite3_bind_int64(st, 2, now);
		rc = sqlite3_step(st);
		if (i == 2)
			*nitems = sqlite3_changes(s->db);
		if (i == 5)
			*nstories = sqlite3_changes(s->db);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return store_fail(s, cause, "forgetting a source");
	}
	/* The dates of the stories that are left. */
	if (sqlite3_prepare_v2(s->db, "SELECT story FROM forget WHERE story "
	    "IN (SELECT id FROM story)", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, cause, "forgetting a source");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (store_story_dates(s, sqlite3_column_int64(st, 0), now,
		    cause) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, cause,
	    "forgetting a source");
}

int
store_forget_sources(struct store *s, int (*keep)(const char *, void *),
    void *arg, void (*forgot)(const char *, int, int, void *), char **cause)
{
	sqlite3_stmt	*st;
	int64_t		*ids = NULL, now = now_seconds();
	char		**names = NULL;
	size_t		 n = 0, i;
	int		 rc, nitems, nstories, ret = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT id, name FROM source", -1, &st,
	    NULL) != SQLITE_OK)
		return store_fail(s, cause, "reading sources");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);

		if (name == NULL || keep(name, arg))
			continue;
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		names = xreallocarray(names, n + 1, sizeof *names);
		ids[n] = sqlite3_column_int64(st, 0);
		names[n++] = xstrdup(name);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		ret = store_fail(s, cause, "reading sources");
	for (i = 0; ret == 0 && i < n; i++) {
		if (store_forget_source(s, ids[i], now, &nitems, &nstories,
		    cause) == -1)
			ret = -1;
		else if (forgot != NULL)
			forgot(names[i], nitems, nstories, arg);
	}
	/* What it dated and what it pushed below the window come back. */
	if (ret == 0 && n > 0)
		ret = store_window_lowered(s, cause);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(ids);
	return ret;
}

int
store_story_merge(struct store *s, int64_t into, int64_t from, char **cause)
{
	static const enum stmt	 steps[] = {
		ST_MERGE_ITEMS, ST_MERGE_KEYS, ST_MERGE_KEYS_LEFT,
		ST_MERGE_SKETCHES, ST_MERGE_SKETCHES_LEFT, ST_MERGE_FIRST_SEEN,
		ST_MERGE_DROP, ST_MERGE_BEST
	};
	size_t			 i;
	int64_t			 now;

	if (into == from)
		return 0;
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (store_merge_step(s, steps[i], into, from, cause) == -1)
			return -1;
	now = now_seconds();
	return store_story_dates(s, into, now, cause);
}

int
store_story_items(struct store *s, int64_t story,
    void (*fn)(const char *, int64_t, void *), void *arg, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_STORY_ITEMS);
	int		 rc;

	sqlite3_bind_int64(st, 1, story);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1), arg);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, cause,
	    "reading a story's items");
}

int
store_sketch_add(struct store *s, int64_t story, uint64_t simhash,
    char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_SKETCH_ADD);
	int		 band;

	for (band = 0; band < FP_BANDS; band++) {
		sqlite3_bind_int(st, 1, band);
		sqlite3_bind_int(st, 2, (int)fp_band(simhash, band));
		sqlite3_bind_int64(st, 3, story);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)simhash);
		if (store_run(s, st, cause, "adding a sketch") == -1)
			return -1;
	}
	return 0;
}

int
store_sketch_find(struct store *s, uint64_t simhash,
    void (*fn)(int64_t, uint64_t, void *), void *arg, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_SKETCH_FIND);
	int		 band, rc;

	for (band = 0; band < FP_BANDS; band++) {
		sqlite3_bind_int(st, 1, band);
		sqlite3_bind_int(st, 2, (int)fp_band(simhash, band));
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			fn(sqlite3_column_int64(st, 0),
			    (uint64_t)sqlite3_column_int64(st, 1), arg);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_fail(s, cause, "finding sketches");
	}
	return 0;
}

int
store_below_window(const struct store *s, int64_t sort_time)
{
	/*
	 * Far below the publish window: whatever it is, it can never be
	 * shown (the window only moves forward).  The margin lets a richer
	 * copy of a story near the bottom still merge.
	 */
	return sort_time < s->cutoff - STORE_WINDOW_MARGIN;
}

void
store_note_story(struct store *s, int64_t sort_time)
{
	/*
	 * Only a story at or above the cutoff moves it.  Finding the cutoff
	 * reads max_entries index entries, so it is redone once a tenth of
	 * the window is new: until then it is a little low, which only
	 * keeps a few more items.
	 */
	if (sort_time >= s->cutoff &&
	    ++s->above_cutoff >= (s->window > 10 ? s->window / 10 : 1))
		s->cutoff_stale = 1;
}

int
store_mark_shown(struct store *s, int64_t now, char **cause)
{
	sqlite3_stmt	*st;
	int64_t		 last = INT64_MIN;
	int		 rc;

	/* The oldest story of the window: the window-th newest. */
	if (s->window > 0) {
		st = store_stmt(s, ST_CUTOFF);
		sqlite3_bind_int(st, 1, s->window - 1);
		if ((rc = store_step_row(s, st, cause, "finding the window")) ==
		    -1)
			return -1;
		if (rc == 1)
			last = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	st = store_stmt(s, ST_STORY_SHOW);
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, last);
	return store_run(s, st, cause, "marking stories shown");
}

int
store_story_sources(struct store *s, int64_t story,
    int (*cb)(const char *, void *), void *arg, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_STORY_SOURCES);
	int		 rc, stop = 0;

	sqlite3_bind_int64(st, 1, story);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		stop = cb((const char *)sqlite3_column_text(st, 0), arg);
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE)
		return store_fail(s, cause, "reading a story's sources");
	return stop;
}

int
store_mark_shown_ids(struct store *s, int64_t now, const int64_t *ids,
    size_t n, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_STORY_SHOW_ONE);
	size_t		 i;
	int		 own = !store_in_transaction(s);

	if (own && store_begin(s, cause) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, ids[i]);
		if (store_run(s, st, cause, "marking stories shown") == -1) {
			if (own)
				store_rollback(s);
			return -1;
		}
	}
	return own ? store_commit(s, cause) : 0;
}

/* Rebuild the item lists flattened by store_join_*(). */
static void
store_split_lists(struct item *it, const char *cats, const char *encs)
{
	const char	*p, *nl;
	char		*line, *type, *len;

	for (p = cats; p != NULL && *p != '\0'; p = nl + 1) {
		nl = p + strcspn(p, "\n");
		line = xstrndup(p, (size_t)(nl - p));
		item_add_category(it, line);
		free(line);
		if (*nl == '\0')
			break;
	}
	for (p = encs; p != NULL && *p != '\0'; p = nl + 1) {
		nl = p + strcspn(p, "\n");
		line = xstrndup(p, (size_t)(nl - p));
		if ((type = strchr(line, '\t')) != NULL) {
			*type++ = '\0';
			if ((len = strchr(type, '\t')) != NULL)
				*len++ = '\0';
			item_add_enclosure(it, line, *type != '\0' ? type :
			    NULL, len != NULL ? strtoll(len, NULL, 10) : -1);
		}
		free(line);
		if (*nl == '\0')
			break;
	}
}

/*
 * The links of a story's copies other than the shown one, one per story
 * key (the same article under utm_ or AMP links is named once).
 */
static int
store_others(struct store *s, int64_t story, int64_t best, const char *link,
    struct store_entry *e, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_STORY_OTHERS);
	char		*keys[STORE_MAX_OTHER + 1], *k;
	size_t		 nkeys = 0, i;
	int		 rc;

	e->nother = 0;
	if ((keys[0] = url_canonical(link)) != NULL)
		nkeys = 1;
	sqlite3_bind_int64(st, 1, story);
	sqlite3_bind_int64(st, 2, best);
	while (e->nother < STORE_MAX_OTHER &&
	    (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char	*l = (const char *)sqlite3_column_text(st, 0);

		if ((k = url_canonical(l)) == NULL)
			continue;
		for (i = 0; i < nkeys && strcmp(keys[i], k) != 0; i++)
			;
		if (i < nkeys) {
			free(k);
			continue;
		}
		keys[nkeys++] = k;
		e->other[e->nother++] = xstrdup(l);
	}
	if (e->nother == STORE_MAX_OTHER)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	return rc == SQLITE_DONE ? 0 : store_fail(s, cause,
	    "reading a story's copies");
}

int
store_newest_update(struct store *s, int limit, int64_t *t, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_NEWEST);
	int		 rc;

	*t = DATE_NONE;
	sqlite3_bind_int(st, 1, limit);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*t = column_date(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, cause, "reading entries");
	return 0;
}

int
store_each_entry(struct store *s, int limit,
    int (*cb)(const struct store_entry *, void *), void *arg, char **cause)
{
	sqlite3_stmt		*st;
	struct store_entry	 e;
	struct item		*it;
	size_t			 i;
	int			 rc, stop = 0;

	st = store_stmt(s, ST_ENTRIES);
	sqlite3_bind_int(st, 1, limit);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		it = item_new((enum item_kind)sqlite3_column_int(st, 2));
		it->id = column_dup(st, 3);
		it->id_is_permalink = sqlite3_column_int(st, 4);
		it->link = column_dup(st, 5);
		it->title = column_dup(st, 6);
		it->summary = column_dup(st, 7);
		it->summary_type = (enum text_type)sqlite3_column_int(st, 8);
		it->content = column_dup(st, 9);
		it->content_type = (enum text_type)sqlite3_column_int(st, 10);
		it->author = column_dup(st, 11);
		it->author_email = column_dup(st, 12);
		it->author_uri = column_dup(st, 13);
		it->published = column_date(st, 14);
		it->updated = column_date(st, 15);
		it->comments = column_dup(st, 16);
		it->thumbnail = column_dup(st, 17);
		store_split_lists(it, (const char *)sqlite3_column_text(st, 18),
		    (const char *)sqlite3_column_text(st, 19));

		memset(&e, 0, sizeof e);
		e.story = sqlite3_column_int64(st, 27);
		e.atom_id = (const char *)sqlite3_column_text(st, 0);
		e.updated = sqlite3_column_int64(st, 1);
		/* The story's date: the earliest credible of its copies. */
		e.published = sqlite3_column_type(st, 26) != SQLITE_NULL ?
		    sqlite3_column_int64(st, 26) : it->published;
		e.item = it;
		e.source_name = (const char *)sqlite3_column_text(st, 20);
		e.source_title = (const char *)sqlite3_column_text(st, 21);
		e.source_link = (const char *)sqlite3_column_text(st, 22);
		e.source_feed_id = (const char *)sqlite3_column_text(st, 23);
		it->origin = column_dup(st, 24);
		it->summary_cut = sqlite3_column_int(st, 25);
		e.source_updated = column_date(st, 29);
		it->lang = column_dup(st, 30);
		if (store_others(s, sqlite3_column_int64(st, 27),
		    sqlite3_column_int64(st, 28), it->link, &e, cause) == -1) {
			item_free(it);
			sqlite3_reset(st);
			return -1;
		}
		stop = cb(&e, arg);
		for (i = 0; i < e.nother; i++)
			free(e.other[i]);
		item_free(it);
	}
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE)
		return store_fail(s, cause, "reading entries");
	return 0;
}

int
store_window_lowered(struct store *s, char **cause)
{
	static const char	 sql[] =
	    "DELETE FROM shadow;"
	    "UPDATE source SET etag = NULL, last_modified = NULL, "
	    "  body_hash = NULL;"
	    "UPDATE page SET etag = NULL, last_modified = NULL, "
	    "  body_hash = NULL;";
	sqlite3_stmt		*st;
	int64_t			*ids = NULL, now = now_seconds();
	size_t			 n = 0, i;
	int			 rc;

	s->cutoff_stale = 1;
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, cause, "forgetting the shadow");
	shadow_free(s->shadow);
	s->shadow = shadow_new();
	s->shadow_chunks = 0;
	s->shadow_bytes = 0;
	/* Stories dated by copies not stored are dated by their own. */
	if (sqlite3_prepare_v2(s->db, "SELECT id FROM story WHERE "
	    "shadow_time IS NOT NULL", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, cause, "forgetting the shadow");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return store_fail(s, cause, "forgetting the shadow");
	}
	if (sqlite3_exec(s->db, "UPDATE story SET shadow_time = NULL WHERE "
	    "shadow_time IS NOT NULL", NULL, NULL, NULL) != SQLITE_OK) {
		free(ids);
		return store_fail(s, cause, "forgetting the shadow");
	}
	for (i = 0; i < n; i++)
		if (store_story_dates(s, ids[i], now, cause) == -1) {
			free(ids);
			return -1;
		}
	free(ids);
	return 0;
}

int
store_window_check(struct store *s, int *lowered, char **cause)
{
	sqlite3_stmt	*st;
	int		 old = -1, own = !s->in_txn, rc;
	char		 sql[96];

	*lowered = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = "
	    "'window'", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, cause, "reading the window");
	if (sqlite3_step(st) == SQLITE_ROW)
		old = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (old == s->window)
		return 0;
	if (own && store_begin(s, cause) == -1)
		return -1;
	/* Keeping more than before (0: everything): what was left out
	   may belong now. */
	if (old > 0 && (s->window == 0 || s->window > old)) {
		if (store_window_lowered(s, cause) == -1)
			goto fail;
		*lowered = 1;
	}
	snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO meta(key, value) "
	    "VALUES ('window', '%d')", s->window);
	rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		store_fail(s, cause, "recording the window");
		goto fail;
	}
	return own ? store_commit(s, cause) : 0;
fail:
	if (own)
		store_rollback(s);
	return -1;
}

/* PRAGMA name's value, or 0. */
static int64_t
store_pragma_int(struct store *s, const char *name)
{
	sqlite3_stmt	*st;
	char		 sql[64];
	int64_t		 v = 0;

	snprintf(sql, sizeof sql, "PRAGMA %s", name);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
store_thin(struct store *s, int64_t *thinned, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*thinned = 0;
	if (s->window <= 0)
		return 0;
	store_update_cutoff(s);
	if (s->text_cutoff == INT64_MIN)
		return 0;
	if (store_begin(s, cause) == -1)
		return -1;
	st = store_stmt(s, ST_THIN_KEYS);
	sqlite3_bind_int64(st, 1, s->text_cutoff);
	sqlite3_bind_int(st, 2, KEY_LINK);
	sqlite3_bind_int(st, 3, KEY_GUID);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		shadow_note(s->shadow, store_kind_hash(sqlite3_column_int(st, 0),
		    (uint64_t)sqlite3_column_int64(st, 1)),
		    sqlite3_column_int64(st, 2));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, cause, "thinning the state");
		goto fail;
	}
	/* Items, keys and sketches go with their story. */
	st = store_stmt(s, ST_THIN);
	sqlite3_bind_int64(st, 1, s->text_cutoff);
	if (store_run(s, st, cause, "thinning the state") == -1)
		goto fail;
	*thinned = sqlite3_changes(s->db);
	if (store_commit(s, cause) == -1)
		return -1;
	/* Pages mostly free (after a cold round): give them back. */
	if (*thinned > 0 && store_pragma_int(s, "freelist_count") * 2 >
	    store_pragma_int(s, "page_count") && sqlite3_exec(s->db,
	    "PRAGMA incremental_vacuum;", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, cause, "giving free pages back");
	return 0;
fail:
	store_rollback(s);
	return -1;
}

int
store_prune(struct store *s, int64_t now, int64_t keep, int keep_top,
    int64_t *pruned, char **cause)
{
	sqlite3_stmt	*st;

	*pruned = 0;
	if (store_begin(s, cause) == -1)
		return -1;
	st = store_stmt(s, ST_PRUNE_MARK);
	sqlite3_bind_int64(st, 1, now - keep);
	sqlite3_bind_int(st, 2, keep_top);
	sqlite3_bind_int64(st, 3, now);
	if (store_run(s, st, cause, "pruning stories") == -1)
		goto fail;
	*pruned = sqlite3_changes(s->db);
	st = store_stmt(s, ST_PRUNE_ITEMS);
	sqlite3_bind_int64(st, 1, now);
	if (store_run(s, st, cause, "pruning items") == -1)
		goto fail;
	st = store_stmt(s, ST_PRUNE_STORIES);
	sqlite3_bind_int64(st, 1, now - keep);
	if (store_run(s, st, cause, "pruning keys") == -1)
		goto fail;
	/* Followed pages not fetched for as long: a teaser to one still
	   on its page is followed again. */
	st = store_stmt(s, ST_PRUNE_PAGES);
	sqlite3_bind_int64(st, 1, now - keep);
	if (store_run(s, st, cause, "pruning pages") == -1)
		goto fail;
	return store_commit(s, cause);
fail:
	store_rollback(s);
	return -1;
}

int64_t
store_count_stories(struct store *s)
{
	sqlite3_stmt	*st = store_stmt(s, ST_COUNT);
	int64_t		 n = -1;

	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

int
store_link_has_full(struct store *s, const char *link, char **cause)
{
	sqlite3_stmt	*st;
	char		*canon;
	int		 rc, richness = 0;

	if ((canon = url_canonical(link)) == NULL)
		return 0;
	st = store_stmt(s, ST_LINK_RICHNESS);
	sqlite3_bind_int(st, 1, KEY_LINK);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)hash64(canon, strlen(canon)));
	free(canon);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		richness = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, cause, "looking up a link");
	return richness >= (int)ITEM_FULL * 4;
}

int
store_page_get(struct store *s, int64_t source, const char *url,
    struct store_page *sp, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_PAGE_GET);
	int		 rc;

	memset(sp, 0, sizeof *sp);
	sqlite3_bind_int64(st, 1, source);
	bind_text(st, 2, url);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		sp->etag = column_dup(st, 0);
		sp->last_modified = column_dup(st, 1);
		sp->have_body_hash = sqlite3_column_type(st, 2) != SQLITE_NULL;
		sp->body_hash = (uint64_t)sqlite3_column_int64(st, 2);
		sp->fetched = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(s, cause, "reading a page");
}

int
store_page_ok(struct store *s, int64_t source, const char *url,
    const char *etag, const char *last_modified, const uint64_t *body_hash,
    int64_t now, char **cause)
{
	sqlite3_stmt	*st = store_stmt(s, ST_PAGE_PUT);

	sqlite3_bind_int64(st, 1, source);
	bind_text(st, 2, url);
	bind_text(st, 3, etag);
	bind_text(st, 4, last_modified);
	if (body_hash != NULL)
		sqlite3_bind_int64(st, 5, (sqlite3_int64)*body_hash);
	sqlite3_bind_int64(st, 6, now);
	return store_run(s, st, cause, "recording a page");
}

void
store_page_clear(struct store_page *sp)
{
	free(sp->etag);
	free(sp->last_modified);
	memset(sp, 0, sizeof *sp);
}
