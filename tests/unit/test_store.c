/* test_store.c: merging items into stories, ids minted once, the lock. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store.h"
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

	if (store_put_item(s, src, name, BASE, it, NOW, &what, &cause) == -1) {
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
	check(strncmp(sn.ids[1], BASE "/alpha/h%3A", 0) == 0 &&
	    strstr(sn.ids[1], "/alpha/") != NULL);

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

		check(store_prune(s, NOW, 60, 2, &pruned, &cause) == 0);
		check(pruned == 3);
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
	check(put(s, a.id, "alpha", mk("m2", "http://w.example/m2", "M2", "s",
	    NULL, NOW - 86400 - 5)) == STORE_NEW);
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
	check(store_count_stories(s) == 7);

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
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ret = check_done();
	if (system(cmd) != 0)
		return 99;
	return ret;
}
