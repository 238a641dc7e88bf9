/* batch.c: feed entries held back to be stored newest first (batch.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "util.h"

void
batch_init(struct batch *b, size_t k)
{
	memset(b, 0, sizeof *b);
	b->k = k;
	if (k > 0)
		b->heap = xreallocarray(NULL, k, sizeof *b->heap);
}

static void
batch_clear(struct batch *b)
{
	size_t	 i;

	for (i = 0; i < b->n; i++) {
		item_free(b->v[i].it);
		free(b->v[i].source);
	}
	b->n = 0;
	b->bytes = 0;
	b->heap_n = 0;
}

void
batch_free(struct batch *b)
{
	batch_clear(b);
	free(b->v);
	free(b->heap);
	memset(b, 0, sizeof *b);
}

static size_t
batch_text_bytes(const struct item *it)
{
	return (it->title != NULL ? strlen(it->title) : 0) +
	    (it->summary != NULL ? strlen(it->summary) : 0) +
	    (it->content != NULL ? strlen(it->content) : 0) + 256;
}

/* Keep t among the k newest times (a min-heap of them). */
static void
batch_heap_offer(struct batch *b, int64_t t)
{
	int64_t	*h = b->heap;
	size_t	 i, c;

	if (b->k == 0)
		return;
	if (b->heap_n < b->k) {
		/* Up from the last place. */
		for (i = b->heap_n++; i > 0 && h[(i - 1) / 2] > t;
		    i = (i - 1) / 2)
			h[i] = h[(i - 1) / 2];
		h[i] = t;
		return;
	}
	if (t <= h[0])
		return;
	/* The oldest goes: down from the top. */
	for (i = 0; (c = 2 * i + 1) < b->heap_n; i = c) {
		if (c + 1 < b->heap_n && h[c + 1] < h[c])
			c++;
		if (h[c] >= t)
			break;
		h[i] = h[c];
	}
	h[i] = t;
}

int
batch_add(struct batch *b, struct item *it, int64_t source_id,
    const char *source, int64_t now)
{
	struct batch_entry	*e;

	if (b->n == b->cap) {
		b->cap = b->cap == 0 ? 256 : b->cap * 2;
		b->v = xreallocarray(b->v, b->cap, sizeof *b->v);
	}
	e = &b->v[b->n++];
	e->it = it;
	e->source_id = source_id;
	e->source = xstrdup(source);
	e->now = now;
	e->sort_time = item_sort_time(it, now);
	e->seq = b->seq++;
	b->bytes += batch_text_bytes(it);
	batch_heap_offer(b, e->sort_time);
	return b->n >= BATCH_MAX_ITEMS || b->bytes >= BATCH_MAX_BYTES;
}

size_t
batch_count(const struct batch *b)
{
	return b->n;
}

void
batch_truncate(struct batch *b, size_t n)
{
	size_t	 i;

	if (n >= b->n)
		return;
	for (i = n; i < b->n; i++) {
		b->bytes -= batch_text_bytes(b->v[i].it);
		item_free(b->v[i].it);
		free(b->v[i].source);
	}
	b->n = n;
	/* The newest times again, from what is left. */
	b->heap_n = 0;
	for (i = 0; i < b->n; i++)
		batch_heap_offer(b, b->v[i].sort_time);
}

static int
batch_id_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

size_t
batch_sources(const struct batch *b, int64_t **ids)
{
	size_t	 i, n = 0;

	*ids = xreallocarray(NULL, b->n + 1, sizeof **ids);
	for (i = 0; i < b->n; i++)
		(*ids)[i] = b->v[i].source_id;
	qsort(*ids, b->n, sizeof **ids, batch_id_cmp);
	for (i = 0; i < b->n; i++)
		if (n == 0 || (*ids)[n - 1] != (*ids)[i])
			(*ids)[n++] = (*ids)[i];
	return n;
}

int64_t
batch_cutoff(const struct batch *b)
{
	return b->k > 0 && b->heap_n == b->k ? b->heap[0] : INT64_MIN;
}

static int
batch_entry_cmp(const void *a, const void *b)
{
	const struct batch_entry	*x = a, *y = b;

	if (x->sort_time != y->sort_time)
		return x->sort_time > y->sort_time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int
batch_drain(struct batch *b, int (*fn)(void *, const struct batch_entry *),
    void *arg)
{
	size_t	 i;
	int	 ret = 0;

	if (fn != NULL)
		qsort(b->v, b->n, sizeof *b->v, batch_entry_cmp);
	for (i = 0; fn != NULL && i < b->n && ret == 0; i++)
		if (fn(arg, &b->v[i]) == -1)
			ret = -1;
	batch_clear(b);
	return ret;
}
