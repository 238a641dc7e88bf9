/*
 * dedup_bench.c: what deciding "which story is this item?" costs as the
 * state grows (issue 14: flat within 2x from 10,000 to 1,000,000 stories).
 *
 *	dedup_bench STATE [SIZES [PROBES]]
 *
 * SIZES is a comma-separated list of story counts, growing (default
 * 10000,100000,1000000); PROBES the items timed at each (default 2000).
 * The state is filled with merge_put_item(), in transactions of 10,000,
 * the way the daemon stores a round: feed entries of 1,000 sources, each
 * a story of its own, one in five with a full text of 150-400 words, the
 * others a summary of 30-60 words.  Words are drawn from some 9,000
 * made-up words and 40 function words, so texts share words as real ones
 * do and the SimHash index has candidates to sift.
 *
 * At each size, PROBES items go through merge_put_item() one at a time,
 * each timed alone, a quarter of each kind:
 *   new        a new story's feed entry (every key misses)
 *   teaser     a card on another page of the story's site: a rewritten
 *              headline, the lead's first 20 words and an ellipsis, the
 *              link with internal tracking (joins by its link)
 *   syndicated another site's copy of a full text: its own link and
 *              title, a sentence added at the end, half of them a
 *              dateline before the lead (joins by its lead or SimHash)
 *   refetch    a story's own entry again, unchanged (the commonest call)
 * and prints, per kind, the mean and median microseconds and whether
 * each ended as it should (new, merged, unchanged), then the ratio of
 * every size's mean to the first's.  Commits are outside the timings.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "bench.h"
#include "item.h"
#include "merge.h"
#include "store.h"
#include "url.h"
#include "util.h"

#define DIE(what, cause)	bench_die("dedup_bench", (what), (cause))

#define ID_BASE		"tag:bench.invalid,2026:dedup"
#define BATCH		10000
#define SOURCES		1000
#define MAX_SIZES	8

enum probe { P_NEW, P_TEASER, P_SYNDICATED, P_REFETCH, P_KINDS };

static const char *probe_name[P_KINDS] = {
	"new", "teaser", "syndicated", "refetch"
};

static const char *function_words[] = {
	"the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was",
	"with", "he", "she", "it", "as", "at", "by", "from", "said", "has",
	"have", "will", "after", "over", "its", "their", "this", "but", "not",
	"are", "were", "been", "one", "two", "new", "more", "who", "which",
	"year"
};
static const char *syllables[] = {
	"ba", "ler", "mon", "ti", "ka", "ros", "ven", "di", "sa", "lo", "quen",
	"dar", "mi", "tor", "pel", "ga", "nu", "ris", "vo", "han", "el", "zu",
	"cor", "fi"
};
#define NFUNC	(sizeof function_words / sizeof function_words[0])
#define NSYL	(sizeof syllables / sizeof syllables[0])

/* One word, from h: a third function words, the rest made up. */
static void
add_word(struct buf *b, uint64_t h)
{
	int	 n, i;

	if (h % 3 == 0) {
		buf_addstr(b, function_words[(h >> 2) % NFUNC]);
		return;
	}
	h >>= 2;
	n = 2 + (int)(h % 2);
	for (h >>= 1, i = 0; i < n; i++, h /= NSYL)
		buf_addstr(b, syllables[h % NSYL]);
}

/* nwords words of stream seed, as plain text or <p> paragraphs. */
static char *
words(uint64_t seed, int nwords, int html, const char *tail)
{
	struct buf	 b;
	int		 i;

	buf_init(&b);
	if (html)
		buf_addstr(&b, "<p>");
	for (i = 0; i < nwords; i++) {
		if (i > 0)
			buf_addstr(&b, html && i % 50 == 0 ? ".</p>\n<p>" :
			    i % 12 == 0 ? ". " : " ");
		add_word(&b, bench_mix(seed + (uint64_t)i));
	}
	if (tail != NULL) {
		buf_addstr(&b, html ? ".</p>\n<p>" : ". ");
		buf_addstr(&b, tail);
	}
	if (html)
		buf_addstr(&b, ".</p>");
	else if (tail == NULL)
		buf_addc(&b, '.');
	return buf_steal(&b);
}

/* Story n's words: its seed, length, whether it has a full text. */
#define STORY_SEED(n)	bench_mix((uint64_t)(n) * 7919 + 1)
#define STORY_FULL(n)	(bench_mix((uint64_t)(n)) % 5 == 0)
#define STORY_WORDS(n)	(STORY_FULL(n) ? 150 + (int)(bench_mix((uint64_t)(n) + 3) \
			    % 251) : 30 + (int)(bench_mix((uint64_t)(n) + 3) % 31))

static void
source_name(long k, char *name, size_t size)
{
	snprintf(name, size, "src%04ld", k);
}

/* Story n as its own source's feed entry. */
static struct item *
story_entry(long n, int64_t base)
{
	struct item	*it = item_new(ITEM_FEED);
	uint64_t	 seed = STORY_SEED(n);
	long		 k = n % SOURCES;
	char		 buf[128];

	snprintf(buf, sizeof buf, "site%ld-%ld", k, n);
	it->id = xstrdup(buf);
	snprintf(buf, sizeof buf, "https://site%ld.example/news/2026/story-"
	    "%ld/?utm_source=rss&utm_medium=feed", k, n);
	it->link = xstrdup(buf);
	it->title = words(seed ^ 0x7469746c65ULL, 6 + (int)(seed % 7), 0,
	    NULL);
	if (STORY_FULL(n)) {
		it->content = words(seed, STORY_WORDS(n), 1, NULL);
		it->content_type = TEXT_HTML;
		it->summary = words(seed, 30, 0, NULL);
	} else
		it->summary = words(seed, STORY_WORDS(n), 0, NULL);
	it->summary_type = TEXT_PLAIN;
	it->published = base + (int64_t)(seed % (180 * 86400));
	it->updated = it->published;
	return it;
}

/* A related-story card for story n on another page of its site. */
static struct item *
story_teaser(long n)
{
	struct item	*it = item_new(ITEM_TEASER);
	uint64_t	 seed = STORY_SEED(n);
	char		 buf[128], *lead;

	snprintf(buf, sizeof buf, "https://www.site%ld.example/news/2026/"
	    "story-%ld/?itm_source=related&itm_medium=card", n % SOURCES, n);
	it->link = xstrdup(buf);
	it->title = words(bench_mix(seed), 7, 0, NULL);
	lead = words(seed, 20, 0, NULL);
	lead[strlen(lead) - 1] = '\0';
	xasprintf(&it->summary, "%s \xe2\x80\xa6", lead);
	free(lead);
	it->summary_type = TEXT_PLAIN;
	it->summary_cut = 1;
	return it;
}

/*
 * Another site's copy of story n (a full text): own link, own title, a
 * sentence added; with a dateline, its lead no longer begins as the
 * story's and only the SimHash finds it.
 */
static struct item *
story_copy(long n, long copier, int dateline, int64_t base)
{
	struct item	*it = item_new(ITEM_FEED);
	uint64_t	 seed = STORY_SEED(n);
	char		 buf[128], *text;

	snprintf(buf, sizeof buf, "tag:site%ld.example,2026:wire/%ld",
	    copier, n);
	it->id = xstrdup(buf);
	snprintf(buf, sizeof buf, "https://site%ld.example/wire/copy-%ld",
	    copier, n);
	it->link = xstrdup(buf);
	it->title = words(bench_mix(seed + 11), 8, 0, NULL);
	text = words(seed, STORY_WORDS(n), 1, "This story first appeared "
	    "elsewhere and is republished with permission");
	if (dateline) {
		xasprintf(&it->content, "<p>HARBOUR CITY (Wire) \xe2\x80\x94 %s",
		    text + 3);
		free(text);
	} else
		it->content = text;
	it->content_type = TEXT_HTML;
	it->published = base + (int64_t)(seed % (180 * 86400)) + 7200;
	it->updated = it->published;
	return it;
}

static void
put(struct store *st, const int64_t *sid, long source, struct item *it,
    int64_t now, enum store_put *what)
{
	char	 name[32], *cause = NULL;

	source_name(source, name, sizeof name);
	if (merge_put_item(st, NULL, sid[source], name, ID_BASE, it, now,
	    what, &cause) == -1)
		DIE("merge_put_item", cause);
	item_free(it);
}

static void
begin(struct store *st)
{
	char	*cause = NULL;

	if (store_begin(st, &cause) == -1)
		DIE("begin", cause);
}

static void
commit(struct store *st)
{
	char	*cause = NULL;

	if (store_commit(st, &cause) == -1)
		DIE("commit", cause);
}

int
main(int argc, char **argv)
{
	struct store		*st;
	struct store_source	 ss;
	struct stat		 sb;
	struct rusage		 ru;
	enum store_put		 what;
	const char		*sizes_arg = "10000,100000,1000000";
	char			*cause = NULL, name[32], *list, *tok, *save;
	char			 wal[4096];
	long			 sizes[MAX_SIZES], nsizes = 0, probes = 2000;
	long			 have = 0, fresh, n, i, k, good[P_KINDS];
	long			 cnt[P_KINDS];
	int64_t			 sid[SOURCES], now, base;
	double			 t0, t, *v[P_KINDS], mean[MAX_SIZES];
	double			 sum[P_KINDS], all;
	int			 p;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: dedup_bench STATE [SIZES [PROBES]]\n");
		return 2;
	}
	if (argc > 2)
		sizes_arg = argv[2];
	if (argc > 3 && (probes = atol(argv[3])) < P_KINDS)
		return 2;
	list = xstrdup(sizes_arg);
	for (tok = strtok_r(list, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (nsizes == MAX_SIZES || (n = atol(tok)) < 1 ||
		    (nsizes > 0 && n <= sizes[nsizes - 1])) {
			fprintf(stderr, "dedup_bench: sizes: growing counts, "
			    "at most %d\n", MAX_SIZES);
			return 2;
		}
		sizes[nsizes++] = n;
	}
	free(list);
	for (p = 0; p < P_KINDS; p++)
		v[p] = xcalloc((size_t)probes, sizeof *v[p]);

	if ((st = store_open(argv[1], &cause)) == NULL)
		DIE("store_open", cause);
	now = now_seconds();
	/* Fixed: every run stores the same entries with the same dates. */
	base = 1767225600;	/* 2026-01-01 */
	begin(st);
	for (k = 0; k < SOURCES; k++) {
		source_name(k, name, sizeof name);
		if (store_source_get(st, name, &ss, &cause) == -1)
			DIE("store_source_get", cause);
		sid[k] = ss.id;
		store_source_clear(&ss);
	}
	commit(st);

	/* Probes' new stories are numbered past every fill story. */
	fresh = sizes[nsizes - 1] + 1;
	printf("%-10s %-11s %9s %9s %9s  %s\n", "stories", "kind", "mean us",
	    "median us", "max us", "ended as it should");
	for (i = 0; i < nsizes; i++) {
		t0 = bench_now_us();
		for (n = have; n < sizes[i]; n++) {
			if ((n - have) % BATCH == 0)
				begin(st);
			put(st, sid, n % SOURCES, story_entry(n, base), now,
			    &what);
			if ((n - have + 1) % BATCH == 0 || n + 1 == sizes[i])
				commit(st);
		}
		t = bench_now_us() - t0;
		fprintf(stderr, "filled %ld stories in %.1f s\n", sizes[i] -
		    have, t / 1e6);
		have = sizes[i];

		memset(good, 0, sizeof good);
		memset(cnt, 0, sizeof cnt);
		memset(sum, 0, sizeof sum);
		all = 0;
		begin(st);
		for (k = 0; k < probes; k++) {
			struct item	*it;
			long		 src;
			enum store_put	 want;

			p = (int)(k % P_KINDS);
			/* A story of the state, one with a full text for
			   the copies. */
			n = (long)(bench_mix((uint64_t)k * 31 + (uint64_t)i) %
			    (uint64_t)have);
			while (p == P_SYNDICATED && !STORY_FULL(n))
				n = (n + 1) % have;
			src = n % SOURCES;
			switch (p) {
			case P_NEW:
				n = fresh++;
				src = n % SOURCES;
				it = story_entry(n, base);
				want = STORE_NEW;
				break;
			case P_TEASER:
				it = story_teaser(n);
				want = STORE_MERGED;
				break;
			case P_SYNDICATED:
				src = (src + 1 + k % 7) % SOURCES;
				it = story_copy(n, src, (int)(k / P_KINDS % 2),
				    base);
				want = STORE_MERGED;
				break;
			default:
				it = story_entry(n, base);
				want = STORE_UNCHANGED;
				break;
			}
			t0 = bench_now_us();
			put(st, sid, src, it, now, &what);
			t = bench_now_us() - t0;
			v[p][cnt[p]++] = t;
			sum[p] += t;
			all += t;
			/* A poorer copy merges quietly: as good as merged. */
			if (what == want || (want == STORE_MERGED &&
			    what == STORE_UNCHANGED))
				good[p]++;
			if ((k + 1) % 500 == 0) {
				commit(st);
				begin(st);
			}
		}
		commit(st);
		for (p = 0; p < P_KINDS; p++) {
			qsort(v[p], (size_t)cnt[p], sizeof *v[p], bench_cmp_double);
			printf("%-10ld %-11s %9.1f %9.1f %9.1f  %ld/%ld\n",
			    have, probe_name[p], sum[p] / (double)cnt[p],
			    v[p][cnt[p] / 2], v[p][cnt[p] - 1], good[p],
			    cnt[p]);
		}
		mean[i] = all / (double)probes;
		printf("%-10ld %-11s %9.1f\n", have, "all", mean[i]);
		fflush(stdout);
	}
	printf("\nmean cost per item, as a ratio of %ld stories':\n",
	    sizes[0]);
	for (i = 0; i < nsizes; i++)
		printf("  %8ld stories  %7.1f us  %5.2fx\n", sizes[i], mean[i],
		    mean[i] / mean[0]);
	getrusage(RUSAGE_SELF, &ru);
	snprintf(wal, sizeof wal, "%s-wal", argv[1]);
	printf("state: %lld stories, %.0f MB (+ %.0f MB WAL); peak RSS %ld "
	    "MB\n", (long long)store_count_stories(st),
	    stat(argv[1], &sb) == 0 ? sb.st_size / 1e6 : 0.0,
	    stat(wal, &sb) == 0 ? sb.st_size / 1e6 : 0.0, ru.ru_maxrss / 1024);
	printf("target: flat within 2x: %s (%.2fx at %ld stories)\n",
	    mean[nsizes - 1] <= 2 * mean[0] ? "PASS" : "FAIL",
	    mean[nsizes - 1] / mean[0], sizes[nsizes - 1]);
	store_close(st);
	for (p = 0; p < P_KINDS; p++)
		free(v[p]);
	return mean[nsizes - 1] <= 2 * mean[0] ? 0 : 1;
}
