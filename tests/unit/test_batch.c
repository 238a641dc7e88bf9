/*
 * test_batch.c: feed entries held back (batch.c): drained newest first,
 * ties in arrival order; the k-th newest time held, against a sort of
 * them; full at its limits; a failing consumer stops the drain and what
 * is left is freed; a drain without one drops everything.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	s->t[s->n] = e->sort_time;
	strncpy(s->title[s->n], e->it->title, sizeof s->title[0] - 1);
	s->n++;
	return 0;
}

static struct item *
entry(int64_t published, const char *title)
{
	struct item	*it = item_new(ITEM_FEED);

	it->published = published;
	it->title = xstrdup(title);
	return it;
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
	struct item	*it;
	int64_t		 all[2000], sorted[2000];
	size_t		 i;
	int		 full = 0;

	/* Newest first; equal times in arrival order. */
	batch_init(&b, 3);
	check(batch_cutoff(&b) == INT64_MIN);
	batch_add(&b, entry(T + 10, "b"), 1, "s1", T + 100);
	batch_add(&b, entry(T + 30, "a"), 2, "s2", T + 100);
	check(batch_cutoff(&b) == INT64_MIN);	/* fewer than k */
	batch_add(&b, entry(T + 10, "c"), 1, "s1", T + 100);
	batch_add(&b, entry(T + 20, "d"), 3, "s3", T + 100);
	check(batch_count(&b) == 4);
	check(batch_cutoff(&b) == T + 10);	/* 30, 20, 10 */
	memset(&s, 0, sizeof s);
	check(batch_drain(&b, consume, &s) == 0);
	check(s.n == 4);
	check_str_eq(s.title[0], "a");
	check_str_eq(s.title[1], "d");
	check_str_eq(s.title[2], "b");
	check_str_eq(s.title[3], "c");
	check(batch_count(&b) == 0);
	check(batch_cutoff(&b) == INT64_MIN);	/* forgotten with them */

	/* An entry without a date sorts as "now"; one in the future too. */
	batch_add(&b, entry(T + 60, "dated"), 1, "s1", T + 100);
	batch_add(&b, entry(DATE_NONE, "undated"), 1, "s1", T + 100);
	batch_add(&b, entry(T + 900, "future"), 1, "s1", T + 100);
	memset(&s, 0, sizeof s);
	check(batch_drain(&b, consume, &s) == 0);
	check_str_eq(s.title[0], "undated");
	check_str_eq(s.title[1], "future");
	check(s.t[1] == T + 100);
	check_str_eq(s.title[2], "dated");

	/* A consumer that fails: the drain stops, the rest is freed. */
	for (i = 0; i < 5; i++)
		batch_add(&b, entry(T + (int64_t)i, "x"), 1, "s1", T + 100);
	memset(&s, 0, sizeof s);
	s.fail_at = 3;
	check(batch_drain(&b, consume, &s) == -1);
	check(s.n == 2);
	check(batch_count(&b) == 0);
	/* Truncated back (a source that failed): its entries go, the
	   k-th newest is of what is left; the sources held. */
	batch_add(&b, entry(T + 5, "keep1"), 7, "s7", T + 100);
	batch_add(&b, entry(T + 6, "keep2"), 3, "s3", T + 100);
	batch_add(&b, entry(T + 9, "keep3"), 7, "s7", T + 100);
	check(batch_cutoff(&b) == T + 5);
	batch_add(&b, entry(T + 50, "gone1"), 9, "s9", T + 100);
	batch_add(&b, entry(T + 60, "gone2"), 9, "s9", T + 100);
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
	check(batch_drain(&b, consume, &s) == 0);
	check(s.n == 3);
	check_str_eq(s.title[0], "keep3");
	check_str_eq(s.title[2], "keep1");
	/* No consumer: dropped. */
	batch_add(&b, entry(T, "y"), 1, "s1", T + 100);
	check(batch_drain(&b, NULL, NULL) == 0);
	check(batch_count(&b) == 0);
	batch_free(&b);

	/* The k-th newest, as entries come in any order. */
	batch_init(&b, 750);
	srand(7);
	for (i = 0; i < 2000; i++) {
		all[i] = T + rand() % 100000;
		batch_add(&b, entry(all[i], "r"), 1, "s1", T + 200000);
		if (i + 1 == 749)
			check(batch_cutoff(&b) == INT64_MIN);
		if (i + 1 == 750 || i + 1 == 1234 || i + 1 == 2000) {
			memcpy(sorted, all, (i + 1) * sizeof *all);
			qsort(sorted, i + 1, sizeof *sorted, cmp_desc);
			check(batch_cutoff(&b) == sorted[749]);
		}
	}
	batch_free(&b);

	/* Full at BATCH_MAX_ITEMS entries, or BATCH_MAX_BYTES of text. */
	batch_init(&b, 0);
	for (i = 0; i < BATCH_MAX_ITEMS && !full; i++)
		full = batch_add(&b, entry(T, "z"), 1, "s1", T);
	check(full && batch_count(&b) == BATCH_MAX_ITEMS);
	check(batch_cutoff(&b) == INT64_MIN);	/* no window, no cutoff */
	batch_drain(&b, NULL, NULL);
	it = entry(T, "big");
	it->content = xcalloc(1, BATCH_MAX_BYTES);
	memset(it->content, 'a', BATCH_MAX_BYTES - 1);
	check(batch_add(&b, it, 1, "s1", T) == 1);
	batch_free(&b);
	return check_done();
}
