/*
 * test_batch.c: feed entries held back (batch.c): drained newest first,
 * ties in arrival order; the k-th newest time held, against a sort of
 * them; full at its limits; a failing consumer stops the drain and what
 * is left is freed; a drain without one drops everything; entries below
 * the k newest spilled to a file and read back whole (every field of an
 * item packed and unpacked), held in memory when no file can be made,
 * and a drain that fails when a write to the file did.
 */
#include "config.h"

#include <sys/resource.h>

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "check.h"
#include "util.h"

#define T	1764547200

struct seen {
	int64_t	 t[64];
	char	 title[64][16];
	size_t	 n;
	size_t	 fail_at;	/* 0: never */
};

static int
consume(void *arg, const struct batch_entry *e)
{
	struct seen	*s = arg;

	if (s->fail_at != 0 && s->n + 1 == s->fail_at)
		return -1;
	/* Spilled: the whole of it, please. */
	if (e->it == NULL)
		return 1;
	s->t[s->n] = e->sort_time;
	strncpy(s->title[s->n], e->it->title, sizeof s->title[0] - 1);
	s->n++;
	return 0;
}

/* Held without hashes: spilled, it is read back whole. */
static int
add(struct batch *b, struct item *it, int64_t source_id, const char *source,
    int64_t now)
{
	return batch_add(b, it, NULL, source_id, source, now);
}

/* With hashes (its date, as a stand-in). */
static int
add_h(struct batch *b, struct item *it, int64_t source_id,
    const char *source, int64_t now)
{
	struct merge_hashes	 h;

	memset(&h, 0, sizeof h);
	h.item = (uint64_t)item_sort_time(it, now);
	h.complete = 1;
	return batch_add(b, it, &h, source_id, source, now);
}

static struct item *
entry(int64_t published, const char *title)
{
	struct item	*it = item_new(ITEM_FEED);

	it->published = published;
	it->title = xstrdup(title);
	return it;
}

/* An item with every field set. */
static struct item *
rich(int64_t published, const char *title)
{
	struct item	*it = entry(published, title);

	it->kind = ITEM_FULL;
	it->id = xstrdup("tag:x,2026:1");
	it->id_is_permalink = 0;
	it->link = xstrdup("http://example.org/a");
	it->summary = xstrdup("<p>sum</p>");
	it->summary_type = TEXT_HTML;
	it->content = xstrdup("content");
	it->author = xstrdup("A. Writer");
	it->author_email = xstrdup("a@example.org");
	it->author_uri = xstrdup("http://example.org/~a");
	it->updated = published + 1;
	it->comments = xstrdup("http://example.org/a#c");
	it->thumbnail = xstrdup("http://example.org/a.png");
	it->origin = xstrdup("http://example.org/");
	it->lang = xstrdup("en");
	it->base = xstrdup("http://example.org/b/");
	it->content_base = xstrdup("http://example.org/c/");
	it->text_raw = 1;
	it->links_raw = 1;
	it->fetch_url = xstrdup("http://example.org/feed");
	it->fp_done = 1;
	it->fp_lead = xstrdup("lead words");
	it->fp_simhash = UINT64_MAX - 5;
	it->fp_have_simhash = 1;
	it->twin = 2;
	it->summary_cut = 1;
	item_add_category(it, "one");
	item_add_category(it, "");
	item_add_enclosure(it, "http://example.org/a.mp3", "audio/mpeg",
	    12345);
	item_add_enclosure(it, "http://example.org/b.mp3", NULL, -1);
	item_add_alias(it, "http://example.org/?p=1");
	return it;
}

static int
str_same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static int
same(const struct item *a, const struct item *b)
{
	size_t	 i;

	if (a->kind != b->kind || a->id_is_permalink != b->id_is_permalink ||
	    a->summary_type != b->summary_type ||
	    a->content_type != b->content_type ||
	    a->published != b->published || a->updated != b->updated ||
	    a->text_raw != b->text_raw || a->links_raw != b->links_raw ||
	    a->fp_done != b->fp_done || a->fp_simhash != b->fp_simhash ||
	    a->fp_have_simhash != b->fp_have_simhash || a->twin != b->twin ||
	    a->summary_cut != b->summary_cut ||
	    a->ncategories != b->ncategories ||
	    a->nenclosures != b->nenclosures || a->naliases != b->naliases)
		return 0;
	if (!str_same(a->id, b->id) || !str_same(a->link, b->link) ||
	    !str_same(a->title, b->title) ||
	    !str_same(a->summary, b->summary) ||
	    !str_same(a->content, b->content) ||
	    !str_same(a->author, b->author) ||
	    !str_same(a->author_email, b->author_email) ||
	    !str_same(a->author_uri, b->author_uri) ||
	    !str_same(a->comments, b->comments) ||
	    !str_same(a->thumbnail, b->thumbnail) ||
	    !str_same(a->origin, b->origin) || !str_same(a->lang, b->lang) ||
	    !str_same(a->base, b->base) ||
	    !str_same(a->summary_base, b->summary_base) ||
	    !str_same(a->content_base, b->content_base) ||
	    !str_same(a->fetch_url, b->fetch_url) ||
	    !str_same(a->fp_lead, b->fp_lead) ||
	    !str_same(a->fp_title, b->fp_title))
		return 0;
	for (i = 0; i < a->ncategories; i++)
		if (!str_same(a->categories[i], b->categories[i]))
			return 0;
	for (i = 0; i < a->nenclosures; i++)
		if (!str_same(a->enclosures[i].url, b->enclosures[i].url) ||
		    !str_same(a->enclosures[i].type, b->enclosures[i].type) ||
		    a->enclosures[i].length != b->enclosures[i].length)
			return 0;
	for (i = 0; i < a->naliases; i++)
		if (!str_same(a->aliases[i], b->aliases[i]))
			return 0;
	return 1;
}

/*
 * Counts what it is handed: each a copy of rich(), newest first.  A
 * spilled one comes with its hashes (here: its date) first: one of an
 * even date is asked for whole, one of an odd date is done with.
 */
struct counted {
	size_t	 n, bad, order, skeletons, unread;
	int64_t	 last;
};

static int
count(void *arg, const struct batch_entry *e)
{
	struct counted	*c = arg;
	struct item	*want;

	if (e->it == NULL) {
		if (e->hashes == NULL || e->hashes->item !=
		    (uint64_t)e->sort_time)
			c->bad++;
		c->skeletons++;
		if (e->sort_time % 2 != 0) {
			c->unread++;
			if (c->n > 0 && e->sort_time >= c->last)
				c->order++;
			c->last = e->sort_time;
			c->n++;
			return 0;
		}
		return 1;
	}

	want = rich(e->it->published, e->it->title);
	if (!same(want, e->it) || e->now != T + 2000000 ||
	    e->source_id != (int64_t)(e->sort_time == T + 1000000 ? 5 :
	    (T - e->sort_time) % 3) || strcmp(e->source, e->source_id == 0 ?
	    "s0" : e->source_id == 5 ? "s5" : "s1") != 0)
		c->bad++;
	if (c->n > 0 && e->sort_time >= c->last)
		c->order++;
	c->last = e->sort_time;
	c->n++;
	item_free(want);
	return 0;
}

/* An entry with 300 KB of content. */
static struct item *
big(int64_t published)
{
	struct item	*it = rich(published, "big");

	free(it->content);
	it->content = xcalloc(1, 300 * 1024);
	memset(it->content, 'b', 300 * 1024 - 1);
	return it;
}

/* batch.c's count of an entry's text. */
static size_t
batch_text_size(const struct item *it)
{
	return (it->title != NULL ? strlen(it->title) : 0) +
	    (it->summary != NULL ? strlen(it->summary) : 0) +
	    (it->content != NULL ? strlen(it->content) : 0) + 256;
}

/* Counts whole entries of any title, newest first. */
static int
count_any(void *arg, const struct batch_entry *e)
{
	struct counted	*c = arg;

	if (e->it == NULL)
		return 1;
	if (e->it->title == NULL || e->it->content == NULL)
		c->bad++;
	if (c->n > 0 && e->sort_time >= c->last)
		c->order++;
	c->last = e->sort_time;
	c->n++;
	return 0;
}

static int
cmp_desc(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x > y ? -1 : x < y;
}

int
main(void)
{
	struct batch	 b;
	struct seen	 s;
	struct counted	 c;
	struct item	*it;
	char		 dir[] = "/tmp/test_batch.XXXXXX", *cause = NULL;
	int64_t		 all[2000], sorted[2000];
	size_t		 i;
	int		 full = 0;

	check(mkdtemp(dir) != NULL);
	/* Newest first; equal times in arrival order. */
	batch_init(&b, 3, NULL);
	check(batch_cutoff(&b) == INT64_MIN);
	add(&b, entry(T + 10, "b"), 1, "s1", T + 100);
	add(&b, entry(T + 30, "a"), 2, "s2", T + 100);
	check(batch_cutoff(&b) == INT64_MIN);	/* fewer than k */
	add(&b, entry(T + 10, "c"), 1, "s1", T + 100);
	add(&b, entry(T + 20, "d"), 3, "s3", T + 100);
	check(batch_count(&b) == 4);
	check(batch_cutoff(&b) == T + 10);	/* 30, 20, 10 */
	memset(&s, 0, sizeof s);
	check(batch_drain(&b, consume, &s, NULL) == 0);
	check(s.n == 4);
	check_str_eq(s.title[0], "a");
	check_str_eq(s.title[1], "d");
	check_str_eq(s.title[2], "b");
	check_str_eq(s.title[3], "c");
	check(batch_count(&b) == 0);
	check(batch_cutoff(&b) == INT64_MIN);	/* forgotten with them */

	/* An entry without a date sorts as "now"; one in the future too. */
	add(&b, entry(T + 60, "dated"), 1, "s1", T + 100);
	add(&b, entry(DATE_NONE, "undated"), 1, "s1", T + 100);
	add(&b, entry(T + 900, "future"), 1, "s1", T + 100);
	memset(&s, 0, sizeof s);
	check(batch_drain(&b, consume, &s, NULL) == 0);
	check_str_eq(s.title[0], "undated");
	check_str_eq(s.title[1], "future");
	check(s.t[1] == T + 100);
	check_str_eq(s.title[2], "dated");

	/* A consumer that fails: the drain stops, the rest is freed. */
	for (i = 0; i < 5; i++)
		add(&b, entry(T + (int64_t)i, "x"), 1, "s1", T + 100);
	memset(&s, 0, sizeof s);
	s.fail_at = 3;
	check(batch_drain(&b, consume, &s, NULL) == -1);
	check(s.n == 2);
	check(batch_count(&b) == 0);
	/* Truncated back (a source that failed): its entries go, the
	   k-th newest is of what is left; the sources held. */
	add(&b, entry(T + 5, "keep1"), 7, "s7", T + 100);
	add(&b, entry(T + 6, "keep2"), 3, "s3", T + 100);
	add(&b, entry(T + 9, "keep3"), 7, "s7", T + 100);
	check(batch_cutoff(&b) == T + 5);
	add(&b, entry(T + 50, "gone1"), 9, "s9", T + 100);
	add(&b, entry(T + 60, "gone2"), 9, "s9", T + 100);
	check(batch_cutoff(&b) == T + 9);
	{
		int64_t	*ids;
		size_t	 n = batch_sources(&b, &ids);

		check(n == 3 && ids[0] == 3 && ids[1] == 7 && ids[2] == 9);
		free(ids);
	}
	batch_truncate(&b, 3);
	check(batch_count(&b) == 3);
	check(batch_cutoff(&b) == T + 5);
	memset(&s, 0, sizeof s);
	check(batch_drain(&b, consume, &s, NULL) == 0);
	check(s.n == 3);
	check_str_eq(s.title[0], "keep3");
	check_str_eq(s.title[2], "keep1");
	/* No consumer: dropped. */
	add(&b, entry(T, "y"), 1, "s1", T + 100);
	check(batch_drain(&b, NULL, NULL, NULL) == 0);
	check(batch_count(&b) == 0);
	batch_free(&b);

	/* The k-th newest, as entries come in any order. */
	batch_init(&b, 750, NULL);
	srand(7);
	for (i = 0; i < 2000; i++) {
		all[i] = T + rand() % 100000;
		add(&b, entry(all[i], "r"), 1, "s1", T + 200000);
		if (i + 1 == 749)
			check(batch_cutoff(&b) == INT64_MIN);
		if (i + 1 == 750 || i + 1 == 1234 || i + 1 == 2000) {
			memcpy(sorted, all, (i + 1) * sizeof *all);
			qsort(sorted, i + 1, sizeof *sorted, cmp_desc);
			check(batch_cutoff(&b) == sorted[749]);
		}
	}
	batch_free(&b);

	/* Full at BATCH_MAX_BYTES of text held in memory (no window: none
	   is spilled). */
	batch_init(&b, 0, dir);
	for (i = 0; i < BATCH_MAX_ITEMS && !full; i++)
		full = add(&b, entry(T, "z"), 1, "s1", T);
	check(full && batch_count(&b) < BATCH_MAX_ITEMS);
	check(batch_spilled(&b) == 0);
	check(batch_cutoff(&b) == INT64_MIN);	/* no window, no cutoff */
	batch_drain(&b, NULL, NULL, NULL);
	it = entry(T, "big");
	it->content = xcalloc(1, BATCH_MAX_BYTES);
	memset(it->content, 'a', BATCH_MAX_BYTES - 1);
	check(add(&b, it, 1, "s1", T) == 1);
	batch_free(&b);

	/*
	 * Below the k newest: spilled, and read back whole, newest first;
	 * full at BATCH_MAX_ITEMS entries.
	 */
	batch_init(&b, 2, dir);
	add_h(&b, rich(T + 1000000, "top"), 5, "s5", T + 2000000);
	full = 0;
	for (i = 1; i < BATCH_MAX_ITEMS && !full; i++)
		full = add_h(&b, rich(T - (int64_t)i, "low"), i % 3, i % 3 ?
		    "s1" : "s0", T + 2000000);
	check(full && batch_count(&b) == BATCH_MAX_ITEMS);
	check(batch_spilled(&b) == BATCH_MAX_ITEMS - 2);
	memset(&c, 0, sizeof c);
	check(batch_drain(&b, count, &c, &cause) == 0);
	check(c.n == BATCH_MAX_ITEMS && c.bad == 0 && c.order == 0);
	/* All but the two held came by their hashes; half were read. */
	check(c.skeletons == BATCH_MAX_ITEMS - 2);
	check(c.unread == (BATCH_MAX_ITEMS - 2) / 2);
	check(batch_count(&b) == 0);
	/* The file is emptied for the next batch, and used again. */
	add(&b, rich(T + 10, "a"), 1, "s1", T + 100);
	add(&b, rich(T + 20, "b"), 1, "s1", T + 100);
	add(&b, rich(T + 5, "c"), 1, "s1", T + 100);
	check(batch_spilled(&b) == 1);
	memset(&s, 0, sizeof s);
	check(batch_drain(&b, consume, &s, &cause) == 0);
	check(s.n == 3);
	check_str_eq(s.title[2], "c");
	batch_free(&b);

	/*
	 * A write to the spill file that fails (here: past RLIMIT_FSIZE, as
	 * a full disk): what it held is taken back into memory, the rest
	 * stays there, and nothing is lost.  The last write, at the drain,
	 * too.
	 */
	{
		struct rlimit	 rl, old;

		signal(SIGXFSZ, SIG_IGN);
		check(getrlimit(RLIMIT_FSIZE, &old) == 0);
		rl = old;
		rl.rlim_cur = 4096;
		check(setrlimit(RLIMIT_FSIZE, &rl) == 0);
		batch_init(&b, 1, dir);
		add(&b, rich(T + 1000000, "top"), 5, "s5", T + 2000000);
		full = 0;
		for (i = 1; i < 3000 && !full; i++)
			full = add(&b, rich(T - (int64_t)i, "low"), i % 3,
			    i % 3 ? "s1" : "s0", T + 2000000);
		check(!full && b.spill_full && batch_spilled(&b) == 0);
		memset(&c, 0, sizeof c);
		check(batch_drain(&b, count, &c, &cause) == 0);
		check(c.n == 3000 && c.bad == 0 && c.order == 0);
		/* Emptied, it spills again; the drain's write fails. */
		add(&b, rich(T + 1000000, "top"), 5, "s5", T + 2000000);
		for (i = 1; i < 10; i++)
			add(&b, rich(T - (int64_t)i, "low"), i % 3, i % 3 ?
			    "s1" : "s0", T + 2000000);
		check(!b.spill_full && batch_spilled(&b) == 9);
		rl.rlim_cur = 0;
		check(setrlimit(RLIMIT_FSIZE, &rl) == 0);
		memset(&c, 0, sizeof c);
		check(batch_drain(&b, count, &c, &cause) == 0);
		check(c.n == 10 && c.bad == 0 && c.skeletons == 0);
		batch_free(&b);

		/*
		 * The write that fails holds entries spilled behind (the
		 * first ones, now below the k newest) after later ones:
		 * every one of them is taken back, and counted once.
		 */
		check(setrlimit(RLIMIT_FSIZE, &old) == 0);
		batch_init(&b, 10, dir);
		for (i = 0; i < 10; i++)
			add(&b, big(T + 100 + (int64_t)i), 5, "s5",
			    T + 2000000);
		for (i = 1; i <= 1000; i++)
			add(&b, rich(T - (int64_t)i, "low"), i % 3,
			    i % 3 ? "s1" : "s0", T + 2000000);
		check(batch_spilled(&b) == 1000 &&
		    (off_t)b.spill_out.len < b.spill_size);
		rl.rlim_cur = (rlim_t)(b.spill_size - b.spill_out.len);
		check(setrlimit(RLIMIT_FSIZE, &rl) == 0);
		full = 0;
		for (i = 0; i < 10 && !full; i++)
			full = add(&b, big(T + 1000 + (int64_t)i), 5, "s5",
			    T + 2000000);
		check(b.spill_full && batch_spilled(&b) < 1000);
		{
			size_t	 j, held = 0;

			for (j = 0; j < b.n; j++)
				if (b.v[j].it != NULL)
					held += batch_text_size(b.v[j].it);
			check(held == b.bytes);
		}
		memset(&c, 0, sizeof c);
		check(batch_drain(&b, count_any, &c, &cause) == 0);
		check(c.n == 1020 && c.bad == 0 && c.order == 0);
		batch_free(&b);
		check(setrlimit(RLIMIT_FSIZE, &old) == 0);
	}

	/* No spill file to be had: held in memory. */
	batch_init(&b, 1, "/nonexistent/feedmerge");
	add(&b, entry(T + 10, "a"), 1, "s1", T + 100);
	add(&b, entry(T + 5, "b"), 1, "s1", T + 100);
	check(batch_spilled(&b) == 0 && batch_count(&b) == 2);
	memset(&s, 0, sizeof s);
	check(batch_drain(&b, consume, &s, &cause) == 0);
	check(s.n == 2);
	batch_free(&b);

	/* Packed and unpacked: every field; cut short: none. */
	{
		struct buf	 pb;
		struct item	*x = rich(T, "whole"), *y;

		buf_init(&pb);
		item_pack(x, &pb);
		y = item_unpack(pb.data, pb.len);
		check(y != NULL && same(x, y));
		item_free(y);
		check(item_unpack(pb.data, pb.len - 1) == NULL);
		check(item_unpack(pb.data, 7) == NULL);
		buf_add(&pb, "x", 1);
		check(item_unpack(pb.data, pb.len) == NULL);
		buf_free(&pb);
		item_free(x);
	}
	rmdir(dir);
	return check_done();
}
