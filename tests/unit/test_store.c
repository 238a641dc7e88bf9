/*
 * test_store.c: merging items into stories, ids minted once, the lock;
 * a schema-1 state upgraded in place; teasers' origin and cut snippets.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "check.h"
#include "merge.h"
#include "shadow.h"
#include "store.h"
#include "url.h"
#include "util.h"

#define BASE	"tag:example.org,2026:digest"
#define NOW	1800000000LL

static struct item *
mk(const char *id, const char *link, const char *title, const char *summary,
    const char *content, int64_t published)
{
	struct item	*it = item_new(ITEM_FEED);

	it->id = id != NULL ? xstrdup(id) : NULL;
	it->link = link != NULL ? xstrdup(link) : NULL;
	it->title = title != NULL ? xstrdup(title) : NULL;
	it->summary = summary != NULL ? xstrdup(summary) : NULL;
	it->summary_type = TEXT_HTML;
	it->content = content != NULL ? xstrdup(content) : NULL;
	it->content_type = TEXT_HTML;
	it->published = published;
	return it;
}

static enum store_put
put(struct store *s, int64_t src, const char *name, struct item *it)
{
	enum store_put	 what = STORE_UNCHANGED;
	char		*cause = NULL;

	if (merge_put_item(s, NULL, src, name, BASE, it, NOW, &what,
	    &cause) == -1) {
		fprintf(stderr, "put: %s\n", cause);
		free(cause);
		what = (enum store_put)-1;
	}
	item_free(it);
	return what;
}

struct seen {
	int	 n;
	char	 ids[16][256];
	char	 titles[16][256];
	char	 sources[16][64];
	int64_t	 updated[16];
};

static int
collect(const struct store_entry *e, void *arg)
{
	struct seen	*sn = arg;

	if (sn->n < 16) {
		snprintf(sn->ids[sn->n], 256, "%s", e->atom_id);
		snprintf(sn->titles[sn->n], 256, "%s", e->item->title);
		snprintf(sn->sources[sn->n], 64, "%s", e->source_name);
		sn->updated[sn->n] = e->updated;
	}
	sn->n++;
	return 0;
}

static void
entries(struct store *s, struct seen *sn)
{
	char	*cause = NULL;

	memset(sn, 0, sizeof *sn);
	check(store_each_entry(s, 100, collect, sn, &cause) == 0);
	free(cause);
}

/* --- schema 1 to 2, teasers ----------------------------------------------- */

/* The tables of schema 1, as feedmerge wrote them before schema 2. */
static const char schema1[] =
	"CREATE TABLE IF NOT EXISTS meta("
	"  key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE IF NOT EXISTS source("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE, url TEXT,"
	"  feed_title TEXT, feed_link TEXT, feed_id TEXT,"
	"  etag TEXT, last_modified TEXT, body_hash INTEGER,"
	"  last_ok INTEGER, last_error TEXT, last_error_time INTEGER,"
	"  failures INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS story("
	"  id INTEGER PRIMARY KEY,"
	"  atom_id TEXT NOT NULL UNIQUE,"
	"  best_item INTEGER,"
	"  best_richness INTEGER NOT NULL DEFAULT 0,"
	"  first_seen INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  sort_time INTEGER NOT NULL,"
	"  pruned_at INTEGER);"
	"CREATE INDEX IF NOT EXISTS story_by_time ON story(sort_time DESC, id);"
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
	"  UNIQUE(source, source_key));"
	"CREATE INDEX IF NOT EXISTS item_by_story ON item(story);"
	"CREATE TABLE IF NOT EXISTS story_key("
	"  kind INTEGER NOT NULL, value INTEGER NOT NULL,"
	"  story INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,"
	"  PRIMARY KEY(kind, value)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS story_key_by_story ON story_key(story);"
	"INSERT INTO meta(key, value) VALUES ('schema', '1');";

/* Run SQL on a state file with a connection of its own. */
static int
sql_exec(const char *path, const char *sql)
{
	sqlite3	*db;
	char	*err = NULL;
	int	 rc;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fprintf(stderr, "sql_exec: %s\n", err != NULL ? err : "?");
	sqlite3_free(err);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* The first column of the first row of a query, as text ("" if none). */
static void
sql_text(const char *path, const char *sql, char *out, size_t len)
{
	sqlite3		*db;
	sqlite3_stmt	*st;

	snprintf(out, len, "%s", "");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0) != NULL)
			snprintf(out, len, "%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
}

/* The key rows merge_put_item() would have written for an item. */
static void
key_sql(struct buf *b, int kind, const char *value, int story)
{
	buf_printf(b, "INSERT INTO story_key(kind, value, story) VALUES "
	    "(%d, %lld, %d);", kind,
	    (long long)(int64_t)hash64(value, strlen(value)), story);
}

struct teaser_seen {
	int	 n;
	char	 ids[8][128];
	char	 links[8][128];
	char	 titles[8][128];
	char	 origins[8][128];	/* "" when NULL */
	int	 cut[8];
	int	 kind[8];
	char	 sources[8][32];
};

static int
collect_teasers(const struct store_entry *e, void *arg)
{
	struct teaser_seen	*sn = arg;
	const struct item	*it = e->item;

	if (sn->n < 8) {
		snprintf(sn->ids[sn->n], 128, "%s", e->atom_id);
		snprintf(sn->links[sn->n], 128, "%s", it->link != NULL ?
		    it->link : "");
		snprintf(sn->titles[sn->n], 128, "%s", it->title != NULL ?
		    it->title : "");
		snprintf(sn->origins[sn->n], 128, "%s", it->origin != NULL ?
		    it->origin : "");
		sn->cut[sn->n] = it->summary_cut;
		sn->kind[sn->n] = (int)it->kind;
		snprintf(sn->sources[sn->n], 32, "%s", e->source_name);
	}
	sn->n++;
	return 0;
}

static void
teaser_entries(struct store *s, struct teaser_seen *sn)
{
	char	*cause = NULL;

	memset(sn, 0, sizeof *sn);
	check(store_each_entry(s, 100, collect_teasers, sn, &cause) == 0);
	free(cause);
}

static struct item *
mk_teaser(const char *link, const char *title, const char *snippet,
    const char *origin, int cut)
{
	struct item	*it = item_new(ITEM_TEASER);

	it->link = xstrdup(link);
	it->title = xstrdup(title);
	it->summary = xstrdup(snippet);
	it->summary_type = TEXT_PLAIN;
	it->origin = origin != NULL ? xstrdup(origin) : NULL;
	it->summary_cut = cut;
	it->published = DATE_NONE;
	it->updated = DATE_NONE;
	return it;
}

/*
 * A state of schema 1 (two stories of source "old") opened by this
 * feedmerge: upgraded in place, its stories, ids and keys kept; then
 * teasers with an origin and a cut snippet stored and read back.
 */
static void
test_schema_upgrade(const char *dir)
{
	char			 path[256], v[256], *cause = NULL;
	struct store		*s;
	struct store_source	 old, pages;
	struct teaser_seen	 sn;
	struct buf		 b;
	char			*canon;
	int			 i;

	snprintf(path, sizeof path, "%s/schema1.db", dir);
	buf_init(&b);
	buf_addstr(&b, schema1);
	buf_printf(&b, "INSERT INTO source(id, name, url, feed_title, "
	    "feed_link, etag, last_ok, failures) VALUES (1, 'old', "
	    "'http://old.example/feed', 'Old Feed', 'http://old.example/', "
	    "'\"e1\"', %lld, 0);", (long long)(NOW - 3600));
	buf_printf(&b, "INSERT INTO story(id, atom_id, best_item, "
	    "best_richness, first_seen, updated, sort_time) VALUES "
	    "(1, 'tag:old.example,2025:story-1', 1, 6, %lld, %lld, %lld), "
	    "(2, 'http://old.example/2', 2, 6, %lld, %lld, %lld);",
	    (long long)(NOW - 7200), (long long)(NOW - 7200),
	    (long long)(NOW - 7200), (long long)(NOW - 3600),
	    (long long)(NOW - 3600), (long long)(NOW - 3600));
	buf_printf(&b, "INSERT INTO item(id, story, source, source_key, kind, "
	    "richness, content_hash, guid, permalink, link, title, summary, "
	    "summary_type, published, first_seen) VALUES "
	    "(1, 1, 1, 'g:old-1', 1, 6, 1, 'old-1', 0, "
	    "'http://old.example/1', 'Old one', 'First old <script>x()"
	    "</script>summary<img src=x onerror=y()>', 1, "
	    "%lld, %lld), "
	    "(2, 2, 1, 'g:http://old.example/2', 1, 6, 2, "
	    "'http://old.example/2', 1, 'http://old.example/2', 'Old two', "
	    "'Second old summary', 1, %lld, %lld);",
	    (long long)(NOW - 7200), (long long)(NOW - 7200),
	    (long long)(NOW - 3600), (long long)(NOW - 3600));
	canon = url_canonical("http://old.example/1");
	key_sql(&b, KEY_LINK, canon, 1);
	free(canon);
	canon = url_canonical("http://old.example/2");
	key_sql(&b, KEY_LINK, canon, 2);
	free(canon);
	key_sql(&b, KEY_SOURCE_ITEM, "1 g:old-1", 1);
	key_sql(&b, KEY_SOURCE_ITEM, "1 g:http://old.example/2", 2);
	check(sql_exec(path, b.data) == 0);
	buf_free(&b);
	sql_text(path, "SELECT count(*) FROM pragma_table_info('item') "
	    "WHERE name IN ('origin', 'summary_cut')", v, sizeof v);
	check_str_eq(v, "0");

	/* Opened: upgraded (to schema 4, through 2 and 3). */
	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL) {
		fprintf(stderr, "store_open(schema 1): %s\n", cause);
		free(cause);
		return;
	}
	sql_text(path, "SELECT value FROM meta WHERE key = 'schema'", v,
	    sizeof v);
	check_str_eq(v, "7");
	sql_text(path, "SELECT count(*) FROM pragma_table_info('item') "
	    "WHERE name IN ('origin', 'summary_cut')", v, sizeof v);
	check_str_eq(v, "2");
	sql_text(path, "SELECT count(*) FROM sqlite_master WHERE type = "
	    "'table' AND name = 'page'", v, sizeof v);
	check_str_eq(v, "1");
	/* Schema 5: what older versions stored as the source gave it is
	   sanitized once. */
	sql_text(path, "SELECT summary FROM item WHERE id = 1", v, sizeof v);
	check_str_eq(v, "First old summary<img src=\"http://old.example/x\">");
	/* Old items: no origin, not cut. */
	sql_text(path, "SELECT count(*) FROM item WHERE origin IS NULL AND "
	    "summary_cut = 0", v, sizeof v);
	check_str_eq(v, "2");

	/* Its stories and their ids, in order. */
	check(store_count_stories(s) == 2);
	teaser_entries(s, &sn);
	check(sn.n == 2);
	check_str_eq(sn.ids[0], "http://old.example/2");
	check_str_eq(sn.titles[0], "Old two");
	check_str_eq(sn.ids[1], "tag:old.example,2025:story-1");
	check_str_eq(sn.titles[1], "Old one");
	check_str_eq(sn.sources[1], "old");
	check(sn.cut[0] == 0 && sn.cut[1] == 0);
	check_str_eq(sn.origins[1], "");

	/* The source's validators survived. */
	check(store_source_get(s, "old", &old, &cause) == 0);
	check(old.id == 1);
	check(old.etag != NULL && strcmp(old.etag, "\"e1\"") == 0);

	check(store_begin(s, &cause) == 0);
	/* The same item again, edited: updated in its story, same id. */
	check(put(s, old.id, "old", mk("old-1", "http://old.example/1",
	    "Old one (edited)", "First old summary", NULL, NOW - 7200)) ==
	    STORE_UPDATED);
	/* A teaser for an old story's link (the old link key): merged. */
	check(store_source_get(s, "pages", &pages, &cause) == 0);
	check(put(s, pages.id, "pages", mk_teaser("http://old.example/2"
	    "?utm_source=front", "Two, as the front page says", "Second "
	    "old", "http://old.example/front", 1)) == STORE_UNCHANGED);
	/* A new teaser: origin and cut snippet stored. */
	check(put(s, pages.id, "pages", mk_teaser("http://old.example/3",
	    "Three, a teaser", "The third story begins",
	    "http://old.example/front", 1)) == STORE_NEW);
	check(put(s, pages.id, "pages", mk_teaser("http://old.example/4",
	    "Four, a teaser", "The whole snippet.",
	    "http://old.example/front", 0)) == STORE_NEW);
	check(store_commit(s, &cause) == 0);
	check(store_count_stories(s) == 4);

	teaser_entries(s, &sn);
	check(sn.n == 4);
	for (i = 0; i < sn.n && i < 8; i++) {
		if (strcmp(sn.links[i], "http://old.example/1") == 0) {
			check_str_eq(sn.ids[i],
			    "tag:old.example,2025:story-1");
			check_str_eq(sn.titles[i], "Old one (edited)");
		} else if (strcmp(sn.links[i], "http://old.example/2") == 0) {
			check_str_eq(sn.ids[i], "http://old.example/2");
			check_str_eq(sn.titles[i], "Old two");
			check(sn.kind[i] == ITEM_FEED);
		} else if (strcmp(sn.links[i], "http://old.example/3") == 0) {
			check(sn.kind[i] == ITEM_TEASER);
			check_str_eq(sn.titles[i], "Three, a teaser");
			check_str_eq(sn.origins[i], "http://old.example/front");
			check(sn.cut[i] == 1);
		} else if (strcmp(sn.links[i], "http://old.example/4") == 0) {
			check(sn.kind[i] == ITEM_TEASER);
			check_str_eq(sn.origins[i], "http://old.example/front");
			check(sn.cut[i] == 0);
		} else
			check(!"an entry with an unexpected link");
	}
	store_source_clear(&old);
	store_source_clear(&pages);
	store_close(s);

	/* Opened again: nothing to upgrade, the same entries. */
	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL) {
		fprintf(stderr, "store_open(again): %s\n", cause);
		free(cause);
		return;
	}
	sql_text(path, "SELECT value FROM meta WHERE key = 'schema'", v,
	    sizeof v);
	check_str_eq(v, "7");
	teaser_entries(s, &sn);
	check(sn.n == 4);
	store_close(s);

	/* A state from a newer feedmerge is refused, untouched. */
	check(sql_exec(path, "UPDATE meta SET value = '8' WHERE key = "
	    "'schema'") == 0);
	s = store_open(path, &cause);
	check(s == NULL && cause != NULL && strstr(cause, "newer") != NULL);
	free(cause);
	cause = NULL;
	store_close(s);
	sql_text(path, "SELECT value FROM meta WHERE key = 'schema'", v,
	    sizeof v);
	check_str_eq(v, "8");
}

/*
 * In a new state: a teaser round-trips with its origin and cut snippet;
 * the full copy of its story, from the page itself, then wins (no origin,
 * its own title), under the same id.
 */
static void
test_teaser_roundtrip(const char *dir)
{
	char			 path[256], id[128], *cause = NULL;
	struct store		*s;
	struct store_source	 src, other;
	struct teaser_seen	 sn;
	struct item		*full;
	enum store_put		 what;
	int			 i;

	snprintf(path, sizeof path, "%s/teasers.db", dir);
	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL) {
		free(cause);
		return;
	}
	check(store_source_get(s, "site", &src, &cause) == 0);
	check(store_begin(s, &cause) == 0);
	check(put(s, src.id, "site", mk_teaser("http://site.example/b.html",
	    "B, rewritten", "B begins like this", "http://site.example/a.html",
	    1)) == STORE_NEW);
	check(store_commit(s, &cause) == 0);
	check(store_link_has_full(s, "http://site.example/b.html", &cause) ==
	    0);
	teaser_entries(s, &sn);
	check(sn.n == 1);
	check(sn.kind[0] == ITEM_TEASER);
	check_str_eq(sn.titles[0], "B, rewritten");
	check_str_eq(sn.origins[0], "http://site.example/a.html");
	check(sn.cut[0] == 1);
	snprintf(id, sizeof id, "%s", sn.ids[0]);

	/* The same teaser, now whole: updated in place. */
	check(store_begin(s, &cause) == 0);
	check(put(s, src.id, "site", mk_teaser("http://site.example/b.html",
	    "B, rewritten", "B begins like this and ends here.",
	    "http://site.example/a.html", 0)) == STORE_UPDATED);
	check(store_commit(s, &cause) == 0);
	teaser_entries(s, &sn);
	check(sn.n == 1 && sn.cut[0] == 0);

	/*
	 * B's own page, fetched for the same source (follow_teasers): the
	 * full copy wins.
	 */
	full = mk(NULL, "http://site.example/b.html", "B's own headline",
	    "B's summary", "<p>B's body</p>", NOW - 600);
	full->kind = ITEM_FULL;
	check(store_begin(s, &cause) == 0);
	what = put(s, src.id, "site", full);
	check(what == STORE_MERGED || what == STORE_UPDATED);
	check(store_commit(s, &cause) == 0);
	check(store_count_stories(s) == 1);
	check(store_link_has_full(s, "http://site.example/b.html", &cause) ==
	    1);
	teaser_entries(s, &sn);
	check(sn.n == 1);
	check(sn.kind[0] == ITEM_FULL);
	check_str_eq(sn.titles[0], "B's own headline");
	check_str_eq(sn.origins[0], "");
	check(sn.cut[0] == 0);
	check_str_eq(sn.ids[0], id);

	/*
	 * The teaser seen again when its page (a.html) is read again: it
	 * does not displace the full copy.
	 */
	check(store_begin(s, &cause) == 0);
	check(put(s, src.id, "site", mk_teaser("http://site.example/b.html",
	    "B, rewritten again", "B begins", "http://site.example/c.html",
	    1)) == STORE_UNCHANGED);
	check(store_commit(s, &cause) == 0);
	teaser_entries(s, &sn);
	check(sn.n == 1 && sn.kind[0] == ITEM_FULL);
	check_str_eq(sn.titles[0], "B's own headline");
	check(store_link_has_full(s, "http://site.example/b.html", &cause) ==
	    1);

	/* The same with the teaser and the page from two sources. */
	check(store_source_get(s, "front", &other, &cause) == 0);
	check(store_begin(s, &cause) == 0);
	check(put(s, other.id, "front", mk_teaser("http://site.example/d.html",
	    "D, rewritten", "D begins", "http://site.example/", 1)) ==
	    STORE_NEW);
	full = mk(NULL, "http://site.example/d.html", "D's own headline",
	    "D's summary", "<p>D's body</p>", NOW - 500);
	full->kind = ITEM_FULL;
	check(put(s, src.id, "site", full) == STORE_MERGED);
	check(put(s, other.id, "front", mk_teaser("http://site.example/d.html",
	    "D, rewritten again", "D begins", "http://site.example/", 1)) ==
	    STORE_UNCHANGED);
	check(store_commit(s, &cause) == 0);
	check(store_count_stories(s) == 2);
	teaser_entries(s, &sn);
	check(sn.n == 2);
	for (i = 0; i < sn.n && i < 8; i++)
		if (strcmp(sn.links[i], "http://site.example/d.html") == 0)
			break;
	check(i < sn.n && i < 8);
	if (i < sn.n && i < 8) {
		check_str_eq(sn.titles[i], "D's own headline");
		check(sn.kind[i] == ITEM_FULL);
		check_str_eq(sn.origins[i], "");
	}
	store_source_clear(&other);
	store_source_clear(&src);
	store_close(s);
	free(cause);
}

/*
 * A schema-1 state that an older upgrade left half done (one column
 * added, still stamped 1): the upgrade adds what is missing and stamps
 * 2; the state then works and opens again.
 */
static void
test_half_upgrade(const char *dir)
{
	char			 path[256], v[256], *cause = NULL;
	struct store		*s;
	struct store_source	 src;
	struct buf		 b;
	int			 round;

	snprintf(path, sizeof path, "%s/half.db", dir);
	buf_init(&b);
	buf_addstr(&b, schema1);
	buf_addstr(&b, "ALTER TABLE item ADD COLUMN origin TEXT;");
	check(sql_exec(path, b.data) == 0);
	buf_free(&b);
	for (round = 0; round < 2; round++) {
		s = store_open(path, &cause);
		check(s != NULL);
		if (s == NULL) {
			fprintf(stderr, "store_open(half): %s\n", cause);
			free(cause);
			return;
		}
		sql_text(path, "SELECT value FROM meta WHERE key = 'schema'",
		    v, sizeof v);
		check_str_eq(v, "7");
		sql_text(path, "SELECT count(*) FROM pragma_table_info('item') "
		    "WHERE name IN ('origin', 'summary_cut')", v, sizeof v);
		check_str_eq(v, "2");
		check(store_source_get(s, "site", &src, &cause) == 0);
		check(store_begin(s, &cause) == 0);
		check(put(s, src.id, "site", mk_teaser(round == 0 ?
		    "http://site.example/h1.html" :
		    "http://site.example/h2.html", "Half", "Half a snippet",
		    "http://site.example/", 1)) == STORE_NEW);
		check(store_commit(s, &cause) == 0);
		store_close(s);
	}
}

/*
 * A teaser has no date: its story sorts at the time it was seen.  Once
 * the story's own page is read, the full copy's date places it.
 */
static void
test_best_copy_date(const char *dir)
{
	char			 path[256], *cause = NULL;
	struct store		*s;
	struct store_source	 src;
	struct teaser_seen	 sn;
	struct item		*full;

	snprintf(path, sizeof path, "%s/bestdate.db", dir);
	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL) {
		free(cause);
		return;
	}
	check(store_source_get(s, "site", &src, &cause) == 0);
	check(store_begin(s, &cause) == 0);
	check(put(s, src.id, "site", mk(NULL, "http://site.example/d.html",
	    "D", "D's summary", NULL, NOW - 3600)) == STORE_NEW);
	check(put(s, src.id, "site", mk_teaser("http://site.example/c.html",
	    "C, teased", "C begins", "http://site.example/d.html", 1)) ==
	    STORE_NEW);
	check(store_commit(s, &cause) == 0);
	teaser_entries(s, &sn);
	check(sn.n == 2);
	check_str_eq(sn.titles[0], "C, teased");
	check_str_eq(sn.titles[1], "D");

	full = mk(NULL, "http://site.example/c.html", "C", "C's summary",
	    "<p>C's body</p>", NOW - 7200);
	full->kind = ITEM_FULL;
	check(store_begin(s, &cause) == 0);
	put(s, src.id, "site", full);
	check(store_commit(s, &cause) == 0);
	teaser_entries(s, &sn);
	check(sn.n == 2);
	check_str_eq(sn.titles[0], "D");
	check_str_eq(sn.titles[1], "C");
	store_close(s);
}

/*
 * The key of an item with neither id nor link is what it was before
 * twins were numbered (states written then keep their items); a twin's
 * differs by its place.
 */
static void
test_hash_key(void)
{
	struct item	*it = mk(NULL, NULL, "Four", "s4", NULL, NOW - 50);
	char		 in[64], want[32], *key;

	snprintf(in, sizeof in, "Four|%lld%s", NOW - 50, "s4");
	snprintf(want, sizeof want, "h:%016llx",
	    (unsigned long long)hash64(in, strlen(in)));
	key = store_item_key(it);
	check_str_eq(key, want);
	free(key);
	it->twin = 1;
	key = store_item_key(it);
	check(key != NULL && strncmp(key, "h:", 2) == 0 &&
	    strcmp(key, want) != 0);
	free(key);
	item_free(it);
}

/*
 * Two stories found to be one, of which only the newer (the row that
 * goes) was published: the story keeps the id readers know, and counts
 * as shown.
 */
static void
test_merge_shown(const char *dir)
{
	char			 path[256], *cause = NULL;
	struct store		*s;
	struct store_source	 a, b;
	struct seen		 sn;
	struct item		*both;

	snprintf(path, sizeof path, "%s/mergeshown.db", dir);
	if ((s = store_open(path, &cause)) == NULL) {
		check(s != NULL);
		free(cause);
		return;
	}
	store_set_window(s, 1);
	check(store_source_get(s, "a", &a, &cause) == 0);
	check(store_begin(s, &cause) == 0);
	check(put(s, a.id, "a", mk(NULL, "http://m.example/1", "Older",
	    "one", NULL, NOW - 7200)) == STORE_NEW);
	check(put(s, a.id, "a", mk(NULL, "http://m.example/2", "Newer",
	    "two", NULL, NOW - 3600)) == STORE_NEW);
	check(store_commit(s, &cause) == 0);
	/* The window is one entry: only the newer is shown. */
	check(store_mark_shown(s, NOW, &cause) == 0);
	/* Another source's copy naming both links: the two are one. */
	both = mk(NULL, "http://m.example/1", "Both", "one and two", NULL,
	    NOW - 3600);
	item_add_alias(both, "http://m.example/2");
	check(store_source_get(s, "b", &b, &cause) == 0);
	check(store_begin(s, &cause) == 0);
	put(s, b.id, "b", both);
	check(store_commit(s, &cause) == 0);
	store_set_window(s, 10);
	entries(s, &sn);
	check(sn.n == 1);
	check_str_eq(sn.ids[0], "http://m.example/2");
	store_source_clear(&a);
	store_source_clear(&b);
	store_close(s);
}

/*
 * A story not yet shown is as updated as its best copy, whichever copy
 * came first (copies of a round meet in any order); once shown, a new
 * best copy bumps it.
 */
static void
test_updated_order(const char *dir)
{
	char			 path[256], *cause = NULL;
	struct store		*s;
	struct store_source	 a, b, c;
	struct seen		 sn;
	struct item		*page;
	int			 order;

	for (order = 0; order < 2; order++) {
		snprintf(path, sizeof path, "%s/updated%d.db", dir, order);
		if ((s = store_open(path, &cause)) == NULL) {
			check(s != NULL);
			free(cause);
			return;
		}
		check(store_source_get(s, "poor", &a, &cause) == 0);
		check(store_source_get(s, "rich", &b, &cause) == 0);
		check(store_begin(s, &cause) == 0);
		if (order == 0)
			put(s, a.id, "poor", mk("p1", "http://w.example/s",
			    "Story", "short", NULL, NOW - 600));
		put(s, b.id, "rich", mk("r1", "http://w.example/s", "Story",
		    "short", "<p>the whole story</p>", NOW - 3600));
		if (order == 1)
			put(s, a.id, "poor", mk("p1", "http://w.example/s",
			    "Story", "short", NULL, NOW - 600));
		check(store_commit(s, &cause) == 0);
		entries(s, &sn);
		check(sn.n == 1);
		check_str_eq(sn.sources[0], "rich");
		check(sn.updated[0] == NOW - 3600);
		store_source_clear(&a);
		store_source_clear(&b);
		if (order == 1) {
			/* Shown: a richer copy now is an update. */
			check(store_mark_shown(s, NOW, &cause) == 0);
			check(store_source_get(s, "richer", &c, &cause) == 0);
			check(store_begin(s, &cause) == 0);
			/* (The article page itself: a richer kind.) */
			page = mk(NULL, "http://w.example/s", "Story",
			    "short", "<p>the whole story</p>", NOW - 60);
			page->kind = ITEM_FULL;
			put(s, c.id, "richer", page);
			check(store_commit(s, &cause) == 0);
			entries(s, &sn);
			check_str_eq(sn.sources[0], "richer");
			check(sn.updated[0] == NOW - 60);
			store_source_clear(&c);
		}
		store_close(s);
	}
}

/*
 * A text key (lead, title and day) that a second story comes to have
 * names neither any more: a third copy must not join the first by it.
 * Links keep naming their first story.
 */
static void
test_shared_text_key(const char *dir)
{
	char		 path[256], *cause = NULL;
	struct store	*s;
	int64_t		 a, b, found;
	int		 pruned;

	snprintf(path, sizeof path, "%s/shared.db", dir);
	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL) {
		free(cause);
		return;
	}
	check(store_begin(s, &cause) == 0);
	check(store_story_add(s, "tag:t,2026:a", NOW, &a, &cause) == 0);
	check(store_story_add(s, "tag:t,2026:b", NOW, &b, &cause) == 0);
	check(store_key_add(s, KEY_LEAD, "at a five hour meeting", a,
	    &cause) == 0);
	check(store_key_find(s, KEY_LEAD, "at a five hour meeting", NOW,
	    &found, &pruned, &cause) == 1 && found == a);
	/* The same story again: still its key. */
	check(store_key_add(s, KEY_LEAD, "at a five hour meeting", a,
	    &cause) == 0);
	check(store_key_find(s, KEY_LEAD, "at a five hour meeting", NOW,
	    &found, &pruned, &cause) == 1);
	check(store_key_add(s, KEY_LEAD, "at a five hour meeting", b,
	    &cause) == 0);
	check(store_key_find(s, KEY_LEAD, "at a five hour meeting", NOW,
	    &found, &pruned, &cause) == 0);
	check(store_key_add(s, KEY_TITLE, "weather forecast|20261116", a,
	    &cause) == 0);
	check(store_key_add(s, KEY_TITLE, "weather forecast|20261116", b,
	    &cause) == 0);
	check(store_key_find(s, KEY_TITLE, "weather forecast|20261116", NOW,
	    &found, &pruned, &cause) == 0);
	check(store_key_add(s, KEY_LINK, "https://a.example/x", a,
	    &cause) == 0);
	check(store_key_add(s, KEY_LINK, "https://a.example/x", b,
	    &cause) == 0);
	check(store_key_find(s, KEY_LINK, "https://a.example/x", NOW,
	    &found, &pruned, &cause) == 1 && found == a);
	check(store_commit(s, &cause) == 0);
	store_close(s);
}

/*
 * The text window: with max_entries 2, the 3rd newest story bounds what
 * is stored with its text.  A feed entry below it is not stored, but its
 * keys and date are: a copy stored later by another source (same link,
 * tracking parameters aside) sorts where the story would with both, so
 * that the output is the one a store keeping everything shows.  A copy
 * of a stored story, a teaser, and anything while fewer stories are
 * known are stored as before; text left raw is sanitized when stored.
 */
static void
test_text_window(const char *dir)
{
	struct store_source	 a, b;
	struct store		*s;
	struct seen		 sn;
	struct item		*it;
	char			 path[512], *cause = NULL;
	int			 i;

	snprintf(path, sizeof path, "%s/textwindow.db", dir);
	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL)
		return;
	store_set_window(s, 2);
	check(store_source_get(s, "alpha", &a, &cause) == 0);
	check(store_source_get(s, "beta", &b, &cause) == 0);
	check(store_begin(s, &cause) == 0);
	check(store_savepoint(s, &cause) == 0);
	check(store_text_time(s) == INT64_MIN);
	for (i = 0; i < 4; i++) {
		char	id[16], link[64];

		snprintf(id, sizeof id, "t%d", i);
		snprintf(link, sizeof link, "http://t.example/%d", i);
		check(put(s, a.id, "alpha", mk(id, link, id, "s", NULL,
		    NOW - 100 + i)) == STORE_NEW);
	}
	check(store_release(s, &cause) == 0);
	check(store_savepoint(s, &cause) == 0);
	/* The 3rd newest is t1. */
	check(store_text_time(s) == NOW - 99);
	/* The filter of exact keys knows t0's link and its item. */
	{
		char	*c = url_canonical("http://t.example/0");

		check(c != NULL && store_key_maybe(s, KEY_LINK, c) == 1);
		free(c);
		check(store_key_maybe(s, KEY_LINK,
		    "http://nowhere.example/x") == 0);
		check(store_key_maybe(s, KEY_GUID, "tag:nowhere,2026:x") ==
		    0);
	}
	check(store_min_sort_time(s) == NOW - 98 - 86400);

	/* Below it: neither stored nor new, its link and date noted. */
	check(put(s, a.id, "alpha", mk("old", "http://t.example/old", "Old",
	    "s", NULL, NOW - 3600)) == STORE_TOO_OLD);
	check(store_shadow_count(s) == 1);
	check(put(s, a.id, "alpha", mk("tag:t.example,2026:old2",
	    "http://t.example/old2", "Old 2", "s", NULL, NOW - 7200)) ==
	    STORE_TOO_OLD);
	check(store_shadow_count(s) == 3);	/* its link and its guid */
	/* Its copy, newer than the window, from another source: its story
	   sorts no later than the older copy, below the window: not stored
	   either. */
	check(put(s, b.id, "beta", mk("copy", "http://t.example/old?"
	    "utm_source=x", "Copy", "s", NULL, NOW - 1)) == STORE_TOO_OLD);
	check(store_shadow_count(s) == 3);
	/* A copy of a stored story below the text window is stored. */
	check(put(s, b.id, "beta", mk("t3copy", "http://t.example/3",
	    "T3 copy", "s", "<p>the full text</p>", NOW - 3000)) ==
	    STORE_MERGED);
	/* So is a teaser. */
	it = mk(NULL, "http://t.example/teaser", "Teaser", "s", NULL,
	    NOW - 3000);
	it->kind = ITEM_TEASER;
	check(put(s, a.id, "alpha", it) == STORE_NEW);
	/* So are links the parser left, against the URL it was read from. */
	it = mk("late", "http://t.example/late", "Late", "<p><a href=\"rel\">"
	    "r</a></p>", NULL, NOW - 1);
	it->thumbnail = xstrdup("javascript:alert(1)");
	it->links_raw = it->text_raw = 1;
	it->fetch_url = xstrdup("http://t.example/feed.xml");
	check(put(s, a.id, "alpha", it) == STORE_NEW);
	/* Raw text of a stored item is sanitized when stored. */
	it = mk("raw", "http://t.example/raw", "Raw", "<p>ok</p><script>"
	    "alert(1)</script>", NULL, NOW);
	it->text_raw = 1;
	check(put(s, a.id, "alpha", it) == STORE_NEW);
	check(store_release(s, &cause) == 0);
	check(store_commit(s, &cause) == 0);

	entries(s, &sn);
	check(sn.n == 7);
	check_str_eq(sn.titles[0], "Raw");
	check_str_eq(sn.titles[1], "Late");
	/* t2 comes next now that t3 moved down with its older full copy. */
	check_str_eq(sn.titles[2], "t2");
	check_str_eq(sn.titles[3], "t1");
	check_str_eq(sn.titles[4], "t0");
	{
		char	v[256];

		sql_text(path, "SELECT summary FROM item WHERE title = 'Raw'",
		    v, sizeof v);
		check(strstr(v, "ok") != NULL && strstr(v, "script") == NULL &&
		    strstr(v, "alert") == NULL);
		sql_text(path, "SELECT count(*) FROM item WHERE title IN "
		    "('Old', 'Old 2', 'Copy')", v, sizeof v);
		check_str_eq(v, "0");
		sql_text(path, "SELECT coalesce(thumbnail, 'none') || ' ' || "
		    "summary FROM item WHERE title = 'Late'", v, sizeof v);
		check(strncmp(v, "none ", 5) == 0 &&
		    strstr(v, "http://t.example/rel") != NULL);
	}
	/*
	 * What was noted is in the state: after a restart a copy of Old 2
	 * (by its guid) is known below the window still; with a window
	 * raised so far that it is stored, its story sorts at Old 2's date.
	 */
	store_close(s);
	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL)
		return;
	check(store_shadow_count(s) == 3);
	/* Made again from the state's rows when it opens. */
	{
		char	*c = url_canonical("http://t.example/2");

		check(c != NULL && store_key_maybe(s, KEY_LINK, c) == 1);
		free(c);
		check(store_key_maybe(s, KEY_LINK,
		    "http://nowhere.example/x") == 0);
	}
	store_set_window(s, 2);
	check(store_begin(s, &cause) == 0);
	check(store_savepoint(s, &cause) == 0);
	check(put(s, b.id, "beta", mk("tag:t.example,2026:old2",
	    "http://other.example/old2", "Old 2 copy", "s", NULL, NOW)) ==
	    STORE_TOO_OLD);
	store_set_window(s, 100);
	check(store_text_time(s) == INT64_MIN);
	check(put(s, b.id, "beta", mk("tag:t.example,2026:old2",
	    "http://other.example/old2", "Old 2 copy", "s", NULL, NOW)) ==
	    STORE_NEW);
	check(store_release(s, &cause) == 0);
	check(store_commit(s, &cause) == 0);
	store_set_window(s, 2);
	{
		char	v[256];

		sql_text(path, "SELECT story.sort_time - story.shadow_time FROM "
		    "story JOIN item ON item.story = story.id WHERE "
		    "item.title = 'Old 2 copy'", v, sizeof v);
		check_str_eq(v, "0");
	}
	entries(s, &sn);
	check_str_eq(sn.titles[0], "Raw");

	/*
	 * Thinned: below the 3rd newest (t2) every story goes (t1, t0, T3
	 * copy, Teaser, Old 2 copy), its links and guid to the shadow; a
	 * copy of t0 arriving now is not stored either.
	 */
	{
		int64_t	 thinned;

		check(store_thin(s, &thinned, &cause) == 0);
		check(thinned == 5);
		check(store_count_stories(s) == 3);
		check(store_thin(s, &thinned, &cause) == 0 && thinned == 0);
	}
	check(store_begin(s, &cause) == 0);
	check(store_savepoint(s, &cause) == 0);
	check(put(s, b.id, "beta", mk("t0 again", "https://t.example/0",
	    "t0 again", "s", NULL, NOW)) == STORE_TOO_OLD);
	check(store_release(s, &cause) == 0);
	check(store_commit(s, &cause) == 0);
	entries(s, &sn);
	check(sn.n == 3);
	check_str_eq(sn.titles[0], "Raw");
	check_str_eq(sn.titles[1], "Late");
	check_str_eq(sn.titles[2], "t2");
	store_source_clear(&a);
	store_source_clear(&b);
	store_close(s);
}

/* Are the keys test_shadow_early() noted, 0 to n - 1, all known? */
static int
shadow_all_found(struct store *s, size_t n)
{
	char	 key[64];
	size_t	 i;

	for (i = 0; i < n; i++) {
		snprintf(key, sizeof key, "http://s.example/%zu", i);
		if (store_shadow_find(s, KEY_LINK, key) != NOW - 3600)
			return 0;
	}
	return 1;
}

/*
 * The shadow's new keys are saved as they come in a long transaction
 * (at a savepoint's release once SHADOW_PACK_MAX are new); those of an
 * undone savepoint stay known and are saved at the commit; when the
 * transaction is undone after such a save, all of it is saved again at
 * the next commit: after a restart every key noted is known.
 */
static void
test_shadow_early(const char *dir)
{
	struct store	*s;
	char		 path[512], key[64], *cause = NULL;
	size_t		 i, n = 0, counted;

	snprintf(path, sizeof path, "%s/shadowearly.db", dir);
	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL)
		return;
	store_set_window(s, 2);
	/* Saved early, at the release of a savepoint. */
	check(store_begin(s, &cause) == 0);
	check(store_savepoint(s, &cause) == 0);
	for (i = 0; i < SHADOW_PACK_MAX + 10; i++, n++) {
		snprintf(key, sizeof key, "http://s.example/%zu", n);
		store_shadow_note(s, KEY_LINK, key, NOW - 3600);
	}
	check(store_release(s, &cause) == 0);
	/* Noted in one undone. */
	check(store_savepoint(s, &cause) == 0);
	for (i = 0; i < SHADOW_PACK_MAX; i++, n++) {
		snprintf(key, sizeof key, "http://s.example/%zu", n);
		store_shadow_note(s, KEY_LINK, key, NOW - 3600);
	}
	store_rollback_savepoint(s);
	check(store_commit(s, &cause) == 0);
	check(store_shadow_count(s) == n);
	store_close(s);
	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL)
		return;
	store_set_window(s, 2);
	check(shadow_all_found(s, n));
	/* Saved early in a transaction undone whole. */
	check(store_begin(s, &cause) == 0);
	check(store_savepoint(s, &cause) == 0);
	for (i = 0; i < SHADOW_PACK_MAX + 5; i++, n++) {
		snprintf(key, sizeof key, "http://s.example/%zu", n);
		store_shadow_note(s, KEY_LINK, key, NOW - 3600);
	}
	check(store_release(s, &cause) == 0);
	store_rollback(s);
	check(store_begin(s, &cause) == 0);
	snprintf(key, sizeof key, "http://s.example/%zu", n++);
	store_shadow_note(s, KEY_LINK, key, NOW - 3600);
	check(store_commit(s, &cause) == 0);
	counted = store_shadow_count(s);
	check(counted == n);
	store_close(s);

	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL)
		return;
	check(store_shadow_count(s) == counted);
	check(shadow_all_found(s, n));
	store_close(s);
}

int
main(void)
{
	char			 dir[] = "/tmp/test_store.XXXXXX", path[256];
	char			 cmd[300], *cause = NULL;
	struct store		*s, *s2;
	struct store_source	 a, b;
	struct seen		 sn, sn2;
	uint64_t		 hash = 42;
	int			 i, ret;

	if (mkdtemp(dir) == NULL)
		return 99;
	snprintf(path, sizeof path, "%s/state.db", dir);
	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL)
		return check_done();

	/* One feedmerge per state. */
	s2 = store_open(path, &cause);
	check(s2 == NULL && cause != NULL && strstr(cause, "in use") != NULL);
	free(cause);
	cause = NULL;

	check(store_source_get(s, "alpha", &a, &cause) == 0);
	check(store_source_get(s, "beta", &b, &cause) == 0);
	check(a.id != b.id && !a.have_body_hash && a.etag == NULL);
	check(store_begin(s, &cause) == 0);

	/* New stories: IRI guid kept, non-IRI guid wrapped, no guid: link. */
	check(put(s, a.id, "alpha", mk("http://a.example/1", "http://a.example/1",
	    "One", "s1", NULL, NOW - 300)) == STORE_NEW);
	check(put(s, a.id, "alpha", mk("12345", "http://a.example/2", "Two",
	    "s2", NULL, NOW - 200)) == STORE_NEW);
	check(put(s, a.id, "alpha", mk(NULL, "http://a.example/3", "Three",
	    "s3", NULL, NOW - 100)) == STORE_NEW);
	/* No guid, no link: identity from title and date. */
	check(put(s, a.id, "alpha", mk(NULL, NULL, "Four", "s4", NULL,
	    NOW - 50)) == STORE_NEW);
	check(put(s, a.id, "alpha", mk(NULL, NULL, "Four", "s4", NULL,
	    NOW - 50)) == STORE_UNCHANGED);

	/* The same item again changes nothing; changed content updates. */
	check(put(s, a.id, "alpha", mk("12345", "http://a.example/2", "Two",
	    "s2", NULL, NOW - 200)) == STORE_UNCHANGED);
	check(put(s, a.id, "alpha", mk("12345", "http://a.example/2",
	    "Two (corrected)", "s2", NULL, NOW - 200)) == STORE_UPDATED);

	/* Another source with the same link and tracking junk: merged, and
	   the richer copy (with content) becomes the story's best item. */
	check(put(s, b.id, "beta", mk("b-1",
	    "http://A.example/1?utm_source=rss&utm_medium=feed#top",
	    "One, full", "s1", "<p>full text</p>", NOW - 300)) ==
	    STORE_MERGED);
	/* A poorer copy elsewhere merges silently. */
	check(put(s, b.id, "beta", mk("b-3", "http://a.example/3", NULL,
	    NULL, NULL, DATE_NONE)) == STORE_UNCHANGED);
	/* A future date is clamped to now for ordering. */
	check(put(s, b.id, "beta", mk("b-9", "http://b.example/9", "Future",
	    "f", NULL, NOW + 86400 * 365)) == STORE_NEW);
	check(store_source_ok(s, a.id, "\"etag-1\"", "Mon, 01 Jan 2026 "
	    "00:00:00 GMT", &hash, NULL, NOW, &cause) == 0);
	check(store_commit(s, &cause) == 0);
	check(store_count_stories(s) == 5);

	entries(s, &sn);
	check(sn.n == 5);
	check_str_eq(sn.titles[0], "Future");
	check(sn.updated[0] == NOW);
	check_str_eq(sn.titles[1], "Four");
	check_str_eq(sn.titles[2], "Three");
	check_str_eq(sn.ids[2], "http://a.example/3");
	check_str_eq(sn.titles[3], "Two (corrected)");
	check_str_eq(sn.ids[3], BASE "/alpha/12345");
	check_str_eq(sn.titles[4], "One, full");
	check_str_eq(sn.sources[4], "beta");
	check_str_eq(sn.ids[4], "http://a.example/1");
	/* No id, no link: a hash of its text, under the source's name. */
	check(strncmp(sn.ids[1], BASE "/alpha/h:", sizeof BASE "/alpha/h:" -
	    1) == 0 && strlen(sn.ids[1]) == sizeof BASE "/alpha/h:" - 1 + 16 &&
	    strspn(sn.ids[1] + sizeof BASE "/alpha/h:" - 1,
	    "0123456789abcdef") == 16);

	/* Validators persist, for the URL they came from only. */
	store_source_clear(&a);
	check(store_source_get(s, "alpha", &a, &cause) == 0);
	check(store_source_set_url(s, &a, "http://a.example/feed", &cause) ==
	    0);
	check(a.etag == NULL && !a.have_body_hash);	/* no URL known yet */
	check(store_source_ok(s, a.id, "\"etag-1\"", "Mon, 01 Jan 2026 "
	    "00:00:00 GMT", &hash, NULL, NOW, &cause) == 0);
	store_source_clear(&a);
	check(store_source_get(s, "alpha", &a, &cause) == 0);
	check(store_source_set_url(s, &a, "http://a.example/feed", &cause) ==
	    0);
	check(a.etag != NULL && strcmp(a.etag, "\"etag-1\"") == 0);
	check(a.have_body_hash && a.body_hash == 42);
	check(store_source_set_url(s, &a, "http://b.example/feed", &cause) ==
	    0);
	check(a.etag == NULL && a.last_modified == NULL && !a.have_body_hash);
	store_source_clear(&a);
	check(store_source_get(s, "alpha", &a, &cause) == 0);
	check(a.etag == NULL && !a.have_body_hash);

	/* After a restart, the same ids, the same order. */
	store_close(s);
	s = store_open(path, &cause);
	check(s != NULL);
	entries(s, &sn2);
	check(sn2.n == sn.n);
	check(memcmp(sn.ids, sn2.ids, sizeof sn.ids) == 0);

	/*
	 * Retention: keep the newest 2; the three older ones (older than the
	 * cutoff) lose their items, and an item of theirs fetched again is
	 * not a new story.
	 */
	{
		int64_t	 pruned = -1;

		struct store_page	 sp;

		/* Two pages a teaser led to: one fetched long ago. */
		check(store_page_ok(s, a.id, "http://a.example/old-page",
		    NULL, NULL, NULL, NOW - 120, &cause) == 0);
		check(store_page_ok(s, a.id, "http://a.example/new-page",
		    NULL, NULL, NULL, NOW - 10, &cause) == 0);
		check(store_prune(s, NOW, 60, 2, &pruned, &cause) == 0);
		check(pruned == 3);
		check(store_page_get(s, a.id, "http://a.example/old-page", &sp,
		    &cause) == 0);
		check(store_page_get(s, a.id, "http://a.example/new-page", &sp,
		    &cause) == 1);
		store_page_clear(&sp);
		check(store_count_stories(s) == 2);
		entries(s, &sn);
		check(sn.n == 2);
		check_str_eq(sn.titles[0], "Future");
		check_str_eq(sn.titles[1], "Four");
		check(store_begin(s, &cause) == 0);
		check(put(s, a.id, "alpha", mk(NULL, "http://a.example/3",
		    "Three", "s3", NULL, NOW - 100)) == STORE_UNCHANGED);
		/* Another source's copy of a pruned story: not new either. */
		check(put(s, b.id, "beta", mk("zz", "http://a.example/1",
		    "One again", "s1", NULL, NOW - 300)) == STORE_UNCHANGED);
		check(store_commit(s, &cause) == 0);
		check(store_count_stories(s) == 2);
		/* A tombstone goes once unmentioned for `keep`. */
		check(store_prune(s, NOW + 30, 60, 2, &pruned, &cause) == 0);
		check(pruned == 0);
		check(store_begin(s, &cause) == 0);
		check(put(s, a.id, "alpha", mk(NULL, "http://a.example/3",
		    "Three", "s3", NULL, NOW - 100)) == STORE_UNCHANGED);
		check(store_commit(s, &cause) == 0);
		check(store_prune(s, NOW + 61, 60, 2, &pruned, &cause) == 0);
		check(store_begin(s, &cause) == 0);
		check(put(s, a.id, "alpha", mk(NULL, "http://a.example/3",
		    "Three", "s3", NULL, NOW - 100)) == STORE_NEW);
		check(store_commit(s, &cause) == 0);
	}

	store_source_clear(&a);
	store_source_clear(&b);
	store_close(s);

	/*
	 * The publish window: with max_entries 2, an item dated well before
	 * the second newest story can never be shown: it is not stored.
	 */
	snprintf(path, sizeof path, "%s/window.db", dir);
	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL)
		return check_done();
	store_set_window(s, 2);
	check(store_source_get(s, "alpha", &a, &cause) == 0);
	check(store_begin(s, &cause) == 0);
	check(store_savepoint(s, &cause) == 0);
	check(put(s, a.id, "alpha", mk("w1", "http://w.example/1", "W1", "s",
	    NULL, NOW - 100)) == STORE_NEW);
	check(put(s, a.id, "alpha", mk("w2", "http://w.example/2", "W2", "s",
	    NULL, NOW - 50)) == STORE_NEW);
	check(store_release(s, &cause) == 0);
	check(store_savepoint(s, &cause) == 0);	/* recomputes the cutoff */
	check(put(s, a.id, "alpha", mk("w0", "http://w.example/0", "W0", "s",
	    NULL, NOW - 10 * 86400)) == STORE_TOO_OLD);
	check(put(s, a.id, "alpha", mk("w0", "http://w.example/0", "W0", "s",
	    NULL, NOW - 10 * 86400)) == STORE_TOO_OLD);
	/* Just below the window it is still stored (a richer copy of a
	   story near the bottom must be able to merge). */
	check(put(s, a.id, "alpha", mk("w00", "http://w.example/00", "W00",
	    "s", NULL, NOW - 1000)) == STORE_NEW);
	/* An item without a date is "now": always inside. */
	check(put(s, a.id, "alpha", mk("wn", "http://w.example/n", "WN", "s",
	    NULL, DATE_NONE)) == STORE_NEW);
	check(put(s, a.id, "alpha", mk("w3", "http://w.example/3", "W3", "s",
	    NULL, NOW - 10)) == STORE_NEW);
	/* A savepoint undone takes its items with it. */
	check(store_release(s, &cause) == 0);
	check(store_savepoint(s, &cause) == 0);
	check(put(s, a.id, "alpha", mk("w4", "http://w.example/4", "W4", "s",
	    NULL, NOW - 5)) == STORE_NEW);
	store_rollback_savepoint(s);
	check(store_commit(s, &cause) == 0);
	check(store_count_stories(s) == 5);
	entries(s, &sn);
	check(sn.n == 5);
	check_str_eq(sn.titles[0], "WN");
	check_str_eq(sn.titles[1], "W3");

	/*
	 * The margin is a day below the cutoff (here W3's NOW - 10); a
	 * story newer than the cutoff moves it at the next savepoint, an
	 * older one does not.
	 */
	check(store_begin(s, &cause) == 0);
	check(store_savepoint(s, &cause) == 0);
	check(store_min_sort_time(s) == NOW - 10 - 86400);
	check(put(s, a.id, "alpha", mk("m1", "http://w.example/m1", "M1", "s",
	    NULL, NOW - 86400 - 11)) == STORE_TOO_OLD);
	/* Within the margin, but below the text window (the 3rd newest,
	   W2's NOW - 50): only its keys and date are kept. */
	check(put(s, a.id, "alpha", mk("m2", "http://w.example/m2", "M2", "s",
	    NULL, NOW - 86400 - 5)) == STORE_TOO_OLD);
	check(store_shadow_count(s) == 1);
	check(store_release(s, &cause) == 0);
	check(store_savepoint(s, &cause) == 0);
	check(store_min_sort_time(s) == NOW - 10 - 86400);
	check(put(s, a.id, "alpha", mk("m3", "http://w.example/m3", "M3", "s",
	    NULL, NOW - 1)) == STORE_NEW);
	check(store_release(s, &cause) == 0);
	check(store_savepoint(s, &cause) == 0);
	check(store_min_sort_time(s) == NOW - 1 - 86400);
	check(put(s, a.id, "alpha", mk("m4", "http://w.example/m4", "M4", "s",
	    NULL, NOW - 86400 - 5)) == STORE_TOO_OLD);
	check(store_release(s, &cause) == 0);
	check(store_commit(s, &cause) == 0);
	check(store_count_stories(s) == 6);

	store_source_clear(&a);
	store_close(s);

	/*
	 * A window of 20: the cutoff is found again only once 20 / 10 = 2
	 * stories above it came in (finding it reads the whole window).
	 */
	snprintf(path, sizeof path, "%s/window20.db", dir);
	s = store_open(path, &cause);
	check(s != NULL);
	if (s == NULL)
		return check_done();
	store_set_window(s, 20);
	check(store_source_get(s, "alpha", &a, &cause) == 0);
	check(store_begin(s, &cause) == 0);
	for (i = 0; i < 22; i++) {
		char	id[16], link[64];

		snprintf(id, sizeof id, "v%d", i);
		snprintf(link, sizeof link, "http://w.example/v%d", i);
		check(store_savepoint(s, &cause) == 0);
		if (i == 20)	/* the 20th newest is v0 */
			check(store_min_sort_time(s) == NOW - 1000 - 86400);
		if (i == 21)	/* v20 alone did not move it */
			check(store_min_sort_time(s) == NOW - 1000 - 86400);
		check(put(s, a.id, "alpha", mk(id, link, "V", "s", NULL,
		    i < 20 ? NOW - 1000 + i : NOW - 500 + i)) == STORE_NEW);
		check(store_release(s, &cause) == 0);
	}
	check(store_savepoint(s, &cause) == 0);
	/* v20 and v21: found again; the 20th newest is now v2. */
	check(store_min_sort_time(s) == NOW - 998 - 86400);
	check(store_release(s, &cause) == 0);
	check(store_commit(s, &cause) == 0);
	store_source_clear(&a);
	store_close(s);

	test_schema_upgrade(dir);
	test_teaser_roundtrip(dir);
	test_best_copy_date(dir);
	test_updated_order(dir);
	test_hash_key();
	test_merge_shown(dir);
	test_shared_text_key(dir);
	test_half_upgrade(dir);
	test_text_window(dir);
	test_shadow_early(dir);

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ret = check_done();
	if (system(cmd) != 0)
		return 99;
	return ret;
}
