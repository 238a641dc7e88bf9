/*
 * html_bench.c: feedmerge's page extraction on a corpus, in process,
 * beside libxml2's bare HTML parse of the same bytes.
 *
 *   html_bench [-r REPS] MANIFEST
 *
 * MANIFEST has one page a line: "FILE<TAB>BASE-URL" (bench/gen_pages.py
 * writes it; FILE is relative to the manifest's directory unless it starts
 * with '/').  Every file is read into memory first.  Then, REPS times
 * (default 3), alternately:
 *   bare     htmlReadMemory() with the options below, then xmlFreeDoc();
 *   extract  parse_html() with the page's base URL and a UTF-8
 *            Content-Type, no rules, then parse_result_free();
 * each over every page.  The best (least) wall time and, separately, the
 * least CPU time (CLOCK_PROCESS_CPUTIME_ID) of the runs are printed: pages,
 * MB, pages/s and MB/s, items per page, the extraction/bare ratio (wall and
 * CPU) and the peak RSS of the process (which holds the corpus too).
 * Machine-readable lines start with "bare ", "extract ", "ratio ".
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "item.h"
#include "parse.h"
#include "parse_html.h"
#include "util.h"

#define BARE_OPTIONS	(HTML_PARSE_RECOVER | HTML_PARSE_NONET | \
	HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT)
#define CONTENT_TYPE	"text/html; charset=utf-8"

struct page {
	char	*name;
	char	*url;
	char	*data;
	size_t	 len;
};

struct best {
	double	 wall;
	double	 cpu;
};

static double
clock_s(clockid_t id)
{
	struct timespec	 ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static int
slurp(struct page *p, const char *path)
{
	FILE		*fp;
	struct buf	 b;
	char		 chunk[65536];
	size_t		 n;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "html_bench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	p->len = b.len;
	p->data = buf_steal(&b);
	return 0;
}

/* Reads the manifest and every page it names; returns the count. */
static size_t
load(const char *manifest, struct page **pagesp, size_t *bytes)
{
	FILE		*fp;
	struct page	*pages = NULL;
	size_t		 n = 0, cap = 0, dirlen;
	char		*line = NULL, *tab, *path;
	size_t		 linecap = 0;
	ssize_t		 len;
	const char	*slash;

	if ((fp = fopen(manifest, "r")) == NULL) {
		fprintf(stderr, "html_bench: %s: %s\n", manifest,
		    strerror(errno));
		exit(1);
	}
	slash = strrchr(manifest, '/');
	dirlen = slash != NULL ? (size_t)(slash - manifest) + 1 : 0;
	*bytes = 0;
	while ((len = getline(&line, &linecap, fp)) != -1) {
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if ((tab = strchr(line, '\t')) == NULL) {
			fprintf(stderr, "html_bench: %s: no tab in \"%s\"\n",
			    manifest, line);
			exit(1);
		}
		*tab++ = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			pages = xreallocarray(pages, cap, sizeof *pages);
		}
		if (line[0] == '/')
			path = xstrdup(line);
		else
			xasprintf(&path, "%.*s%s", (int)dirlen, manifest, line);
		if (slurp(&pages[n], path) == 0) {
			pages[n].name = path;
			pages[n].url = xstrdup(tab);
			*bytes += pages[n].len;
			n++;
		} else
			free(path);
	}
	free(line);
	fclose(fp);
	*pagesp = pages;
	return n;
}

static void
keep(struct best *b, double w0, double c0)
{
	double	 w = clock_s(CLOCK_MONOTONIC) - w0;
	double	 c = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;

	if (w < b->wall)
		b->wall = w;
	if (c < b->cpu)
		b->cpu = c;
}

static void
run_bare(const struct page *pages, size_t n, struct best *b)
{
	double	 w0, c0;
	size_t	 i;

	xmlSetGenericErrorFunc(NULL, quiet);
	w0 = clock_s(CLOCK_MONOTONIC);
	c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < n; i++) {
		htmlDocPtr doc = htmlReadMemory(pages[i].data,
		    (int)pages[i].len, pages[i].url, "UTF-8", BARE_OPTIONS);

		if (doc != NULL)
			xmlFreeDoc(doc);
	}
	keep(b, w0, c0);
	xmlSetGenericErrorFunc(NULL, NULL);
}

struct counts {
	size_t	 items;
	size_t	 full;		/* pages whose story was found */
	size_t	 teasers;
	size_t	 failed;	/* parse_html() said -1 */
	size_t	 warned;	/* pages with warnings */
};

static void
run_extract(const struct page *pages, size_t n, struct best *b,
    struct counts *k)
{
	struct parse_result	 res;
	char			*cause;
	double			 w0, c0;
	size_t			 i, j;

	memset(k, 0, sizeof *k);
	w0 = clock_s(CLOCK_MONOTONIC);
	c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < n; i++) {
		cause = NULL;
		if (parse_html(pages[i].data, pages[i].len, pages[i].url,
		    CONTENT_TYPE, NULL, &res, &cause) == -1) {
			k->failed++;
			free(cause);
			continue;
		}
		k->items += res.items.n;
		for (j = 0; j < res.items.n; j++) {
			if (res.items.v[j]->kind == ITEM_FULL)
				k->full++;
			else if (res.items.v[j]->kind == ITEM_TEASER)
				k->teasers++;
		}
		if (res.warnings.n > 0)
			k->warned++;
		parse_result_free(&res);
	}
	keep(b, w0, c0);
}

static void
report(const char *what, const struct best *b, size_t n, double mb)
{
	printf("%-8s %8.3f s wall %8.3f s CPU  %8.1f pages/s %7.1f MB/s"
	    "  (CPU: %.1f pages/s %.1f MB/s)\n", what, b->wall, b->cpu,
	    (double)n / b->wall, mb / b->wall, (double)n / b->cpu,
	    mb / b->cpu);
}

int
main(int argc, char **argv)
{
	struct page	*pages;
	struct best	 bare = { 1e30, 1e30 }, ext = { 1e30, 1e30 };
	struct counts	 k, k0;
	struct rusage	 ru;
	size_t		 n, bytes, i;
	double		 mb;
	int		 reps = 3, r, ch;

	while ((ch = getopt(argc, argv, "r:")) != -1) {
		switch (ch) {
		case 'r':
			reps = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 1 || reps < 1) {
usage:
		fprintf(stderr, "usage: html_bench [-r REPS] MANIFEST\n");
		return 2;
	}
	n = load(argv[optind], &pages, &bytes);
	if (n == 0) {
		fprintf(stderr, "html_bench: no pages in %s\n", argv[optind]);
		return 1;
	}
	xmlInitParser();
	mb = (double)bytes / (1024.0 * 1024.0);

	/* Alternated, so a machine whose speed drifts slows both alike. */
	for (r = 0; r < reps; r++) {
		run_bare(pages, n, &bare);
		run_extract(pages, n, &ext, &k);
		if (r == 0)
			k0 = k;
		else if (memcmp(&k, &k0, sizeof k) != 0) {
			fprintf(stderr, "html_bench: run %d found other items"
			    " than run 1\n", r + 1);
			return 1;
		}
	}
	getrusage(RUSAGE_SELF, &ru);

	printf("pages    %zu (%.1f MB, %.1f KB a page; best of %d)\n", n, mb,
	    (double)bytes / 1024.0 / (double)n, reps);
	report("bare", &bare, n, mb);
	report("extract", &ext, n, mb);
	printf("items    %zu: %.2f a page (%zu stories on %zu pages, %.2f "
	    "teasers a page); %zu pages failed, %zu with warnings\n",
	    k.items, (double)k.items / (double)n, k.full, n,
	    (double)k.teasers / (double)n, k.failed, k.warned);
	printf("ratio    extract/bare %.2fx wall, %.2fx CPU\n",
	    ext.wall / bare.wall, ext.cpu / bare.cpu);
	printf("rss      %ld KB peak (the corpus held in memory: %.0f KB)\n",
	    ru.ru_maxrss, (double)bytes / 1024.0);

	for (i = 0; i < n; i++) {
		free(pages[i].name);
		free(pages[i].url);
		free(pages[i].data);
	}
	free(pages);
	xmlCleanupParser();
	return 0;
}
