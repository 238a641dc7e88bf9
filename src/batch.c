/* batch.c: feed entries held back to be stored newest first (batch.h). */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "log.h"
#include "util.h"

/* Spilled entries are written out in pieces of about this much. */
#define SPILL_WRITE	(256 * 1024)

void
batch_init(struct batch *b, size_t k, const char *dir)
{
	memset(b, 0, sizeof *b);
	b->k = k;
	if (k > 0)
		b->heap = xreallocarray(NULL, k, sizeof *b->heap);
	b->spill_dir = dir != NULL ? xstrdup(dir) : NULL;
	buf_init(&b->spill_out);
}

static void
batch_clear(struct batch *b)
{
	size_t	 i;

	for (i = 0; i < b->n; i++)
		item_free(b->v[i].it);
	for (i = 0; i < b->nnames; i++)
		free(b->names[i]);
	b->nnames = 0;
	b->n = 0;
	b->bytes = 0;
	b->heap_n = 0;
	/* The file stays open, empty, for the next batch. */
	buf_reset(&b->spill_out);
	if (b->spill_size > 0 && ftruncate(b->spill_fd, 0) == -1)
		log_warn("batch: spill file");
	b->spill_size = 0;
	b->spill_full = 0;
}

void
batch_free(struct batch *b)
{
	batch_clear(b);
	free(b->v);
	free(b->heap);
	free(b->names);
	free(b->spill_dir);
	if (b->spill_open)
		close(b->spill_fd);
	buf_free(&b->spill_out);
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

/* The batch's copy of a source's name (a source's entries come in a row). */
static const char *
batch_name(struct batch *b, const char *source)
{
	if (b->nnames > 0 && strcmp(b->names[b->nnames - 1], source) == 0)
		return b->names[b->nnames - 1];
	if ((b->nnames & (b->nnames - 1)) == 0)
		b->names = xreallocarray(b->names, b->nnames == 0 ? 1 :
		    b->nnames * 2, sizeof *b->names);
	b->names[b->nnames] = xstrdup(source);
	return b->names[b->nnames++];
}

/* The spill file, opened when first needed: unlinked, beside the state. */
static int
batch_spill_open(struct batch *b)
{
	char	*path;
	int	 fd = -1;

	if (b->spill_open)
		return 0;
	if (b->spill_failed || b->spill_dir == NULL)
		return -1;
#ifdef O_TMPFILE
	fd = open(b->spill_dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
	if (fd == -1) {
		xasprintf(&path, "%s/.feedmerge-batch.XXXXXX", b->spill_dir);
		if ((fd = mkstemp(path)) != -1) {
			unlink(path);
			(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
		}
		free(path);
	}
	if (fd == -1) {
		log_warn("batch: cannot make a spill file in %s (entries "
		    "are held in memory)", b->spill_dir);
		b->spill_failed = 1;
		return -1;
	}
	b->spill_fd = fd;
	b->spill_open = 1;
	return 0;
}

/* Write out what is buffered.  -1 on an error (errno set). */
static int
batch_spill_flush(struct batch *b)
{
	off_t	 at = b->spill_size - (off_t)b->spill_out.len;
	size_t	 done = 0;
	ssize_t	 w;

	while (done < b->spill_out.len) {
		w = pwrite(b->spill_fd, b->spill_out.data + done,
		    b->spill_out.len - done, at + (off_t)done);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)w;
	}
	buf_reset(&b->spill_out);
	return 0;
}

/*
 * A write failed (a full disk, most likely): the entries it held are
 * taken back into memory from what was to be written, and the rest of
 * the batch stays there (it is full when its text is).  The next batch,
 * in an emptied file, tries again.
 */
static void
batch_spill_recall(struct batch *b)
{
	off_t	 start = b->spill_size - (off_t)b->spill_out.len;
	size_t	 i;

	log_warn("batch: writing the spill file (%zu entries held in "
	    "memory)", b->n);
	for (i = b->n; i-- > 0; ) {
		struct batch_entry	*e = &b->v[i];

		if (e->it != NULL || e->len == 0)
			continue;
		if (e->off < start)
			break;
		/* What it packs is unpacked as it was. */
		e->it = item_unpack(b->spill_out.data + (e->off - start) +
		    e->keys_len, e->len);
		if (e->it == NULL)
			fatalx("batch: an entry cannot be taken back");
		e->len = e->keys_len = 0;
		b->bytes += batch_text_bytes(e->it);
	}
	buf_reset(&b->spill_out);
	b->spill_size = start;
	b->spill_full = 1;
}

/*
 * Write the entry's item to the spill file (it is freed).  -1 when it
 * cannot be: it stays in memory.
 */
static int
batch_spill(struct batch *b, struct batch_entry *e)
{
	size_t	 from = b->spill_out.len;

	if (b->spill_full || batch_spill_open(b) == -1)
		return -1;
	item_pack_keys(e->it, &b->spill_out);
	e->keys_len = (uint32_t)(b->spill_out.len - from);
	item_pack(e->it, &b->spill_out);
	if (b->spill_out.len - from - e->keys_len > UINT32_MAX) {
		b->spill_out.len = from;
		e->keys_len = 0;
		return -1;
	}
	e->off = b->spill_size;
	e->len = (uint32_t)(b->spill_out.len - from - e->keys_len);
	b->spill_size += (off_t)(b->spill_out.len - from);
	item_free(e->it);
	e->it = NULL;
	/* (Taken back, it is counted there.) */
	if (b->spill_out.len >= SPILL_WRITE && batch_spill_flush(b) == -1)
		batch_spill_recall(b);
	return 0;
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
	memset(e, 0, sizeof *e);
	e->it = it;
	e->source_id = source_id;
	e->source = batch_name(b, source);
	e->now = now;
	e->sort_time = item_sort_time(it, now);
	e->seq = b->seq++;
	batch_heap_offer(b, e->sort_time);
	/* Below the k newest held: it will most likely be left out. */
	if (e->sort_time >= batch_cutoff(b) || batch_spill(b, e) == -1)
		b->bytes += batch_text_bytes(e->it);
	return b->n >= BATCH_MAX_ITEMS || b->bytes >= BATCH_MAX_BYTES ||
	    b->spill_size >= BATCH_MAX_SPILL;
}

size_t
batch_count(const struct batch *b)
{
	return b->n;
}

size_t
batch_spilled(const struct batch *b)
{
	size_t	 i, n = 0;

	for (i = 0; i < b->n; i++)
		n += b->v[i].it == NULL;
	return n;
}

void
batch_truncate(struct batch *b, size_t n)
{
	size_t	 i;

	if (n >= b->n)
		return;
	for (i = n; i < b->n; i++) {
		if (b->v[i].it != NULL)
			b->bytes -= batch_text_bytes(b->v[i].it);
		item_free(b->v[i].it);
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

/*
 * Read a spilled entry back into e->it: its keys (a skeleton), or whole.
 * -1 with *cause set.
 */
static int
batch_unspill(struct batch *b, struct batch_entry *e, int whole,
    struct buf *in, char **cause)
{
	off_t	 off = e->off + (whole ? (off_t)e->keys_len : 0);
	size_t	 len = whole ? e->len : e->keys_len, done = 0;
	ssize_t	 r;

	item_free(e->it);
	e->it = NULL;
	buf_reset(in);
	buf_grow(in, len);
	while (done < len) {
		r = pread(b->spill_fd, in->data + done, len - done,
		    off + (off_t)done);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			xasprintf(cause, "reading the batch's spill file: %s",
			    r == 0 ? "cut short" : strerror(errno));
			return -1;
		}
		done += (size_t)r;
	}
	if ((e->it = item_unpack(in->data, len)) == NULL) {
		xasprintf(cause, "the batch's spill file holds no entry at "
		    "%lld", (long long)e->off);
		return -1;
	}
	return 0;
}

int
batch_drain(struct batch *b, int (*fn)(void *, const struct batch_entry *),
    void *arg, char **cause)
{
	struct buf	 in;
	size_t		 i;
	int		 r, ret = 0;

	if (fn != NULL && b->spill_out.len > 0 && batch_spill_flush(b) == -1)
		batch_spill_recall(b);
	if (fn != NULL)
		qsort(b->v, b->n, sizeof *b->v, batch_entry_cmp);
	buf_init(&in);
	for (i = 0; fn != NULL && i < b->n && ret == 0; i++) {
		struct batch_entry	*e = &b->v[i];

		if (e->it == NULL && batch_unspill(b, e, 0, &in, cause) == -1)
			ret = -1;
		else if ((r = fn(arg, e)) == 1 && e->len > 0) {
			if (batch_unspill(b, e, 1, &in, cause) == -1 ||
			    fn(arg, e) != 0)
				ret = -1;
		} else if (r != 0)
			ret = -1;
		if (e->len > 0) {
			/* Back whence it came: freed at once. */
			item_free(e->it);
			e->it = NULL;
		}
	}
	buf_free(&in);
	batch_clear(b);
	return ret;
}
