/*
 * publish_bench.c: time writing the 200-entry output from a big state.
 *
 *	publish_bench STATE OUTPUT [ITEMS [SOURCES [REPS]]]
 *
 * Builds a state of ITEMS items (default 1,000,000) spread over SOURCES
 * sources (default 1,000) with merge_put_item() in transactions of 10,000,
 * the way the daemon stores them, then times, REPS times each:
 *   render           publish_render() alone, into memory
 *   render+write     publish_feed() to a removed file (streamed into the
 *                    temp file as rendered, fsync, rename, dir fsync)
 *   render+same      publish_feed() when the file already holds exactly
 *                    that feed (hashed as rendered, compared, dropped)
 * and the first render after reopening the store (a cold SQLite cache),
 * printing min and median in ms.  Then the largest output allowed,
 * 100,000 entries, published by publish_feed() (the peak RSS after it)
 * and, for comparison, rendered into memory by publish_render() (the
 * peak RSS after that).  Built and run by bench/run.sh publish against
 * the build directory's libfeedmerge.a.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "conf.h"
#include "item.h"
#include "publish.h"
#include "merge.h"
#include "store.h"
#include "util.h"

#define DIE(what, cause)	bench_die("publish_bench", (what), (cause))

#define ID_BASE	"tag:bench.invalid,2026:publish"
#define BATCH	10000

static void
report(const char *what, double *v, int n)
{
	qsort(v, n, sizeof *v, bench_cmp_double);
	printf("%-28s min %8.2f ms   median %8.2f ms   max %8.2f ms   (%d runs)\n",
	    what, v[0], n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2,
	    v[n - 1], n);
}

static const char *words[] = {
	"council", "river", "harbour", "election", "market", "report", "budget",
	"storm", "vaccine", "railway", "bridge", "museum", "festival", "minister",
	"orchestra", "satellite", "reactor", "glacier", "the", "of", "and", "in",
	"new", "after", "over", "plans", "says", "talks", "record", "year"
};
#define NWORDS	(sizeof words / sizeof words[0])

static char *
text(uint64_t h, int nwords, int html)
{
	struct buf	 b;
	int		 i;

	buf_init(&b);
	if (html)
		buf_addstr(&b, "<p>");
	for (i = 0; i < nwords; i++) {
		if (i % 10 == 9)
			h = bench_mix(h);
		if (i > 0)
			buf_addc(&b, ' ');
		buf_addstr(&b, words[(h >> ((i % 10) * 6)) % NWORDS]);
		if (html && i % 40 == 39)
			buf_addstr(&b, ".</p>\n<p>");
	}
	if (html)
		buf_addstr(&b, ".</p>");
	return buf_steal(&b);
}

/* The output's Atom file, as the daemon writes it. */
static int
publish_feed(struct store *st, const struct conf *cf, const char *opath,
    int *nentries, int *written, char **cause)
{
	struct publish_result	 r;
	int			 rc;

	(void)opath;		/* (cf's output writes it) */
	memset(&r, 0, sizeof r);
	rc = publish_output(st, cf, cf->outputs, (int64_t)time(NULL), &r,
	    cause);
	*nentries = r.nentries;
	*written = r.written;
	free(r.shown);
	return rc;
}

/*
 * Milliseconds to publish the feed with publish_output(), which must
 * (fresh) or must not replace the file.
 */
static double
render_write(struct store *st, const struct conf *cf, const char *opath,
    int fresh)
{
	char		*cause = NULL;
	double		 t0, t;
	int		 nentries, written;

	t0 = (bench_now_us() / 1e3);
	if (publish_feed(st, cf, opath, &nentries, &written, &cause) == -1)
		DIE("publish_output", cause);
	t = (bench_now_us() / 1e3) - t0;
	if (written != fresh)
		DIE("publish_feed", fresh ? "did not write a new file" :
		    "rewrote an unchanged file");
	return t;
}

static long
peak_rss_kb(void)
{
	struct rusage	 ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int
main(int argc, char **argv)
{
	struct store		*st;
	struct store_source	 ss;
	struct store_feed_meta	 meta;
	struct conf		 cf;
	struct conf_output	 o;
	struct buf		 out;
	enum store_put		 what;
	char			*cause = NULL, name[32], title[64], link[96];
	char			 id[96], buf[128], *path, *opath;
	int64_t			*sid, now, base, total_new = 0;
	long			 items = 1000000, sources = 1000, reps = 15;
	long			 i, k, rss0;
	struct stat		 sb;
	int			 nentries, written;
	double			 t0, t1, *v;

	if (argc < 3) {
		fprintf(stderr, "usage: publish_bench STATE OUTPUT [ITEMS "
		    "[SOURCES [REPS]]]\n");
		return 2;
	}
	path = argv[1];
	opath = argv[2];
	if (argc > 3)
		items = atol(argv[3]);
	if (argc > 4)
		sources = atol(argv[4]);
	if (argc > 5)
		reps = atol(argv[5]);
	if (items < 1 || sources < 1 || reps < 1)
		return 2;
	v = xcalloc(reps, sizeof *v);

	if ((st = store_open(path, &cause)) == NULL)
		DIE("store_open", cause);
	now = now_seconds();
	base = now - 365 * 86400;

	/* Sources. */
	sid = xcalloc(sources, sizeof *sid);
	if (store_begin(st, &cause) == -1)
		DIE("begin", cause);
	for (k = 0; k < sources; k++) {
		snprintf(name, sizeof name, "src%05ld", k);
		snprintf(title, sizeof title, "Bench source %ld", k);
		snprintf(link, sizeof link, "https://site%ld.example/", k);
		snprintf(id, sizeof id, "tag:site%ld.example,2026:feed", k);
		if (store_source_get(st, name, &ss, &cause) == -1)
			DIE("store_source_get", cause);
		sid[k] = ss.id;
		store_source_clear(&ss);
		meta.title = title;
		meta.link = link;
		meta.id = id;
		meta.updated = DATE_NONE;
		if (store_source_ok(st, sid[k], "\"etag\"", NULL, NULL, &meta,
		    now, &cause) == -1)
			DIE("store_source_ok", cause);
	}
	if (store_commit(st, &cause) == -1)
		DIE("commit", cause);

	/*
	 * Items: source k gets items k, k + sources, ...; dates spread over a
	 * year in no particular order, so the newest 200 are found by the
	 * index and not by the insertion order.  One in ten has a full HTML
	 * content, the others a summary of 40-80 words.
	 */
	t0 = (bench_now_us() / 1e3);
	for (i = 0; i < items; i++) {
		struct item	*it;
		uint64_t	 h = bench_mix((uint64_t)i);

		if (i % BATCH == 0 && store_begin(st, &cause) == -1)
			DIE("begin", cause);
		k = i % sources;
		snprintf(name, sizeof name, "src%05ld", k);
		it = item_new(ITEM_FEED);
		snprintf(buf, sizeof buf, "tag:site%ld.example,2026:item/%ld",
		    k, i);
		it->id = xstrdup(buf);
		it->id_is_permalink = 0;
		snprintf(buf, sizeof buf,
		    "https://site%ld.example/2026/story-%ld.html", k, i);
		it->link = xstrdup(buf);
		it->title = text(h, 6 + h % 8, 0);
		it->summary = text(bench_mix(h), 40 + h % 41, 1);
		it->summary_type = TEXT_HTML;
		if (h % 10 == 0) {
			it->content = text(bench_mix(h + 1), 300 + h % 300, 1);
			it->content_type = TEXT_HTML;
		}
		it->author = xstrdup("Bench Author");
		it->published = base + (int64_t)(h % (365 * 86400));
		it->updated = it->published;
		item_add_category(it, "bench");
		if (merge_put_item(st, NULL, sid[k], name, ID_BASE, it, now, &what,
		    &cause) == -1)
			DIE("merge_put_item", cause);
		if (what == STORE_NEW)
			total_new++;
		item_free(it);
		if ((i + 1) % BATCH == 0 || i + 1 == items) {
			if (store_commit(st, &cause) == -1)
				DIE("commit", cause);
		}
	}
	t1 = (bench_now_us() / 1e3);
	printf("state: %ld items over %ld sources (%lld new stories) stored in "
	    "%.1f s (%.0f items/s, transactions of %d)\n", items, sources,
	    (long long)total_new, (t1 - t0) / 1e3, items / ((t1 - t0) / 1e3),
	    BATCH);
	printf("stories in state: %lld\n", (long long)store_count_stories(st));

	memset(&cf, 0, sizeof cf);
	memset(&o, 0, sizeof o);
	o.name = "feed";
	o.title = "feedmerge publish benchmark";
	o.id = ID_BASE;
	o.link = "https://bench.invalid/digest.atom";
	o.file = (char *)opath;
	o.formats = CONF_FORMAT_ATOM;
	o.max_entries = CONF_DEFAULT_MAX_ENTRIES;
	cf.outputs = &o;
	cf.noutputs = 1;

	/* First render after reopening: SQLite's page cache is empty. */
	store_close(st);
	if ((st = store_open(path, &cause)) == NULL)
		DIE("store_open", cause);
	buf_init(&out);
	t0 = (bench_now_us() / 1e3);
	if (publish_render(st, &cf, &o, PUBLISH_ATOM, (int64_t)time(NULL), &out, &nentries, &cause) == -1)
		DIE("publish_render", cause);
	t1 = (bench_now_us() / 1e3);
	printf("output: %d entries, %zu bytes\n", nentries, out.len);
	printf("%-28s %8.2f ms\n", "render after reopen", t1 - t0);
	buf_free(&out);

	for (i = 0; i < reps; i++) {
		buf_init(&out);
		t0 = (bench_now_us() / 1e3);
		if (publish_render(st, &cf, &o, PUBLISH_ATOM, (int64_t)time(NULL), &out, &nentries, &cause) == -1)
			DIE("publish_render", cause);
		v[i] = (bench_now_us() / 1e3) - t0;
		buf_free(&out);
	}
	report("render", v, reps);

	for (i = 0; i < reps; i++) {
		unlink(opath);
		v[i] = render_write(st, &cf, opath, 1);
	}
	report("render+write (new file)", v, reps);
	for (i = 0; i < reps; i++)
		v[i] = render_write(st, &cf, opath, 0);
	report("render+same (unchanged)", v, reps);
	printf("target: 200 entries from 1,000,000 items in < 50 ms "
	    "(this state: %ld items)\n", items);

	/* The largest output allowed, streamed, then in memory. */
	o.max_entries = CONF_MAX_ENTRIES_MAX;
	rss0 = peak_rss_kb();
	unlink(opath);
	t0 = (bench_now_us() / 1e3);
	if (publish_feed(st, &cf, opath, &nentries, &written, &cause) == -1)
		DIE("publish_feed", cause);
	t1 = (bench_now_us() / 1e3);
	if (stat(opath, &sb) == -1)
		DIE("stat", xstrdup(opath));
	printf("publish_feed, max_entries %d: %d entries, %.1f MB in %.0f ms; "
	    "peak RSS %.1f MB (before: %.1f MB)\n", o.max_entries, nentries,
	    sb.st_size / 1e6, t1 - t0, peak_rss_kb() / 1024.0, rss0 / 1024.0);
	printf("target: publishing 100,000 entries keeps the process under "
	    "64 MB: %s\n", peak_rss_kb() < 64 * 1024 ? "PASS" : "FAIL");
	rss0 = peak_rss_kb();
	buf_init(&out);
	t0 = (bench_now_us() / 1e3);
	if (publish_render(st, &cf, &o, PUBLISH_ATOM, (int64_t)time(NULL), &out, &nentries, &cause) == -1)
		DIE("publish_render", cause);
	t1 = (bench_now_us() / 1e3);
	printf("for comparison, publish_render into memory: %zu bytes in "
	    "%.0f ms; peak RSS %.1f MB\n", out.len, t1 - t0,
	    peak_rss_kb() / 1024.0);
	buf_free(&out);

	store_close(st);
	free(sid);
	free(v);
	return 0;
}
