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
	b->spill_behind_at = BATCH_SPILL_BYTES;
	buf_init(&b->spill_out);
}

static void
batch_clear(struct batch *b)
{
	size_t	 i;

	for (i = 0; i < b->n; i++)
		item_free(b->v[i].it);
	for (i = 0; i < b->nsrcs; i++)
		free(b->srcs[i].name);
	b->nsrcs = 0;
	b->n = 0;
	b->seq = 0;
	b->bytes = 0;
	b->heap_n = 0;
	b->spill_behind_at = BATCH_SPILL_BYTES;
	/* The file stays open, empty, for the next batch. */
	buf_reset(&b->spill_out);
	if (b->spill_size > 0 && ftruncate(b->spill_fd, 0) == -1)
		log_warn("batch: spill file");
	b->spill_size = 0;
	b->spill_full = 0;
	b->spill_failed = 0;
}

void
batch_free(struct batch *b)
{
	batch_clear(b);
	free(b->v);
	free(b->heap);
	free(b->srcs);
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

/* The source of an entry: the last one's, or a new one (a source's
   entries come in a row). */
static uint32_t
batch_src(struct batch *b, int64_t id, const char *name, int64_t now)
{
	struct batch_src	*s;

	if (b->nsrcs > 0) {
		s = &b->srcs[b->nsrcs - 1];
		if (s->id == id && s->now == now && strcmp(s->name, name) == 0)
			return (uint32_t)(b->nsrcs - 1);
	}
	if (b->nsrcs == b->srcs_cap) {
		b->srcs_cap = b->srcs_cap == 0 ? 64 : b->srcs_cap * 2;
		b->srcs = xreallocarray(b->srcs, b->srcs_cap, sizeof *b->srcs);
	}
	s = &b->srcs[b->nsrcs];
	s->name = xstrdup(name);
	s->id = id;
	s->now = now;
	return (uint32_t)b->nsrcs++;
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
		/* Said once; tried again with the next batch. */
		if (!b->spill_warned)
			log_warn("batch: cannot make a spill file in %s "
			    "(entries are held in memory)", b->spill_dir);
		b->spill_warned = 1;
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
	size_t	 i, n = 0;
	int	 saved = errno;

	/* (Any entry may be among them: batch_spill_behind() spills the
	   oldest records last.) */
	for (i = 0; i < b->n; i++) {
		struct batch_rec	*e = &b->v[i];

		if (e->it != NULL || e->len == 0 || e->off < start)
			continue;
		/* What it packs is unpacked as it was. */
		e->it = item_unpack(b->spill_out.data + (e->off - start),
		    e->len);
		if (e->it == NULL)
			fatalx("batch: an entry cannot be taken back");
		e->len = 0;
		b->bytes += batch_text_bytes(e->it);
		n++;
	}
	errno = saved;
	log_warn("batch: writing the spill file (%zu entries taken back "
	    "into memory)", n);
	buf_reset(&b->spill_out);
	/* What a short write left is given back to the disk. */
	if (ftruncate(b->spill_fd, start) == -1)
		log_warn("batch: spill file");
	b->spill_size = start;
	b->spill_full = 1;
}

/*
 * Write the entry's item to the spill file (it is freed).  -1 when it
 * cannot be: it stays in memory.
 */
static int
batch_spill(struct batch *b, struct batch_rec *e)
{
	size_t	 from = b->spill_out.len;

	if (b->spill_full || batch_spill_open(b) == -1)
		return -1;
	item_pack(e->it, &b->spill_out);
	if (b->spill_out.len - from > UINT32_MAX) {
		b->spill_out.len = from;
		return -1;
	}
	e->off = b->spill_size;
	e->len = (uint32_t)(b->spill_out.len - from);
	b->spill_size += (off_t)e->len;
	item_free(e->it);
	e->it = NULL;
	/* (Taken back, it is counted there.) */
	if (b->spill_out.len >= SPILL_WRITE && batch_spill_flush(b) == -1)
		batch_spill_recall(b);
	return 0;
}

/*
 * The text held passed BATCH_SPILL_BYTES: what the k newest left behind
 * since it came goes to the spill file too, so that about k entries
 * keep their text in memory, not k times the log of the entries.
 */
static void
batch_spill_behind(struct batch *b)
{
	int64_t	 cutoff = batch_cutoff(b);
	size_t	 i, bytes;

	for (i = 0; i < b->n && !b->spill_full && !b->spill_failed; i++) {
		struct batch_rec	*e = &b->v[i];

		if (e->it == NULL || e->sort_time >= cutoff)
			continue;
		/* (Taken back by a write that failed, it is counted
		   again there.) */
		bytes = batch_text_bytes(e->it);
		b->bytes -= bytes;
		if (batch_spill(b, e) == -1)
			b->bytes += bytes;
	}
	/* Not again before the text held doubles: a pass is a look at
	   every entry, and the k newest alone may hold that much. */
	b->spill_behind_at = 2 * b->bytes > BATCH_SPILL_BYTES ? 2 * b->bytes :
	    BATCH_SPILL_BYTES;
}

int
batch_add(struct batch *b, struct item *it, const struct merge_hashes *h,
    int64_t source_id, const char *source, int64_t now)
{
	struct batch_rec	*e;

	if (b->n == b->cap) {
		/* Doubling up to the limit, then a little at a time: a
		   feed's entries may take it past. */
		b->cap = b->cap == 0 ? 256 : b->cap < BATCH_MAX_ITEMS ?
		    b->cap * 2 : b->cap + 4096;
		b->v = xreallocarray(b->v, b->cap, sizeof *b->v);
	}
	e = &b->v[b->n++];
	memset(e, 0, sizeof *e);
	e->it = it;
	e->src = batch_src(b, source_id, source, now);
	e->sort_time = item_sort_time(it, now);
	e->seq = b->seq++;
	if (h != NULL && h->complete) {
		e->hashes = *h;
		e->have_hashes = 1;
	}
	batch_heap_offer(b, e->sort_time);
	/* Below the k newest held: it will most likely be left out. */
	if (e->sort_time >= batch_cutoff(b) || batch_spill(b, e) == -1)
		b->bytes += batch_text_bytes(e->it);
	if (b->bytes >= b->spill_behind_at && batch_cutoff(b) != INT64_MIN &&
	    b->spill_dir != NULL && !b->spill_failed && !b->spill_full)
		batch_spill_behind(b);
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
	/* Their sources, but for what is left. */
	while (b->nsrcs > (n > 0 ? b->v[n - 1].src + 1 : 0))
		free(b->srcs[--b->nsrcs].name);
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

	*ids = xreallocarray(NULL, b->nsrcs + 1, sizeof **ids);
	for (i = 0; i < b->nsrcs; i++)
		(*ids)[i] = b->srcs[i].id;
	qsort(*ids, b->nsrcs, sizeof **ids, batch_id_cmp);
	for (i = 0; i < b->nsrcs; i++)
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
batch_rec_cmp(const void *a, const void *b)
{
	const struct batch_rec	*x = a, *y = b;

	if (x->sort_time != y->sort_time)
		return x->sort_time > y->sort_time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Read a spilled entry back into e->it.  -1 with *cause set. */
static int
batch_unspill(struct batch *b, struct batch_rec *e, struct buf *in,
    char **cause)
{
	off_t	 off = e->off;
	size_t	 len = e->len, done = 0;
	ssize_t	 r;

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
		qsort(b->v, b->n, sizeof *b->v, batch_rec_cmp);
	buf_init(&in);
	for (i = 0; fn != NULL && i < b->n && ret == 0; i++) {
		struct batch_rec	*e = &b->v[i];
		struct batch_entry	 view;

		view.source = b->srcs[e->src].name;
		view.source_id = b->srcs[e->src].id;
		view.now = b->srcs[e->src].now;
		view.sort_time = e->sort_time;
		view.hashes = e->have_hashes ? &e->hashes : NULL;
		view.it = e->it;
		/* What its keys decide needs no read. */
		if (view.it != NULL || view.hashes == NULL ||
		    (r = fn(arg, &view)) == 1) {
			if (e->it == NULL && batch_unspill(b, e, &in,
			    cause) == -1) {
				ret = -1;
				break;
			}
			view.it = e->it;
			r = fn(arg, &view);
		}
		if (r != 0)
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
