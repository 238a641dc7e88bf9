/*
 * parse_bench.c: feedmerge's parser on a corpus, in process.
 *
 *   parse_bench [-r REPS] FILE...
 *
 * Reads every file into memory first, then runs parse_feed() over all of
 * them REPS times (default 3) and prints the best run: bytes, items,
 * seconds, MB/s and items/s; then the same for a bare libxml2 parse
 * (xmlReadMemory + xmlFreeDoc with the same options xmllint --noout uses)
 * so the ratio is measured on the same bytes in the same process.
 * bench/parse.sh also times `xmllint --noout` itself.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "parse.h"
#include "util.h"

struct file {
	char	*name;
	char	*data;
	size_t	 len;
};

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
slurp(struct file *f, const char *name)
{
	FILE		*fp;
	struct buf	 b;
	char		 chunk[65536];
	size_t		 n;

	if ((fp = fopen(name, "rb")) == NULL) {
		perror(name);
		return -1;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	f->name = xstrdup(name);
	f->len = b.len;
	f->data = buf_steal(&b);
	return 0;
}

int
main(int argc, char **argv)
{
	struct file		*files;
	struct parse_result	 res;
	char			*cause;
	size_t			 nfiles = 0, bytes = 0, items, i;
	double			 t0, best = 1e30, bestxml = 1e30, bestsan = 1e30;
	double			 mb;
	int			 reps = 3, r, errors;

	if (argc > 2 && strcmp(argv[1], "-r") == 0) {
		reps = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc < 2 || reps < 1) {
		fprintf(stderr, "usage: parse_bench [-r REPS] FILE...\n");
		return 2;
	}
	files = xcalloc((size_t)argc, sizeof *files);
	for (i = 1; i < (size_t)argc; i++) {
		if (slurp(&files[nfiles], argv[i]) == 0)
			bytes += files[nfiles++].len;
	}
	xmlInitParser();

	items = 0;
	errors = 0;
	for (r = 0; r < reps; r++) {
		size_t	 n = 0;

		t0 = now();
		for (i = 0; i < nfiles; i++) {
			cause = NULL;
			if (parse_feed(files[i].data, files[i].len,
			    "http://bench.test/feed", NULL, &res, &cause) == -1) {
				if (r == 0)
					errors++;
				free(cause);
				continue;
			}
			n += res.items.n;
			parse_result_free(&res);
		}
		if (now() - t0 < best)
			best = now() - t0;
		items = n;
	}
	/* The same, and every item through the output policy, as the daemon
	   does with every item it may publish. */
	for (r = 0; r < reps; r++) {
		t0 = now();
		for (i = 0; i < nfiles; i++) {
			cause = NULL;
			if (parse_feed(files[i].data, files[i].len,
			    "http://bench.test/feed", NULL, &res, &cause) == -1) {
				free(cause);
				continue;
			}
			parse_sanitize(&res, "http://bench.test/feed", INT64_MIN, 0);
			parse_result_free(&res);
		}
		if (now() - t0 < bestsan)
			bestsan = now() - t0;
	}
	for (r = 0; r < reps; r++) {
		t0 = now();
		for (i = 0; i < nfiles; i++) {
			xmlDocPtr doc = xmlReadMemory(files[i].data,
			    (int)files[i].len, files[i].name, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR |
			    XML_PARSE_NOWARNING);

			xmlFreeDoc(doc);
		}
		if (now() - t0 < bestxml)
			bestxml = now() - t0;
	}

	mb = (double)bytes / (1024.0 * 1024.0);
	printf("files         %zu (%d not feeds)\n", nfiles, errors);
	printf("bytes         %zu (%.1f MB)\n", bytes, mb);
	printf("items         %zu\n", items);
	printf("feedmerge     %.3f s  %.1f MB/s  %.0f items/s\n", best,
	    mb / best, (double)items / best);
	printf("libxml2 bare  %.3f s  %.1f MB/s\n", bestxml, mb / bestxml);
	printf("speed ratio   %.2fx of libxml2's bare parse (target >= 0.7x)\n",
	    bestxml / best);
	printf("+ sanitize    %.3f s  %.1f MB/s: every item's HTML through "
	    "parse_sanitize() (%.2fx of the bare parse)\n", bestsan,
	    mb / bestsan, bestxml / bestsan);

	for (i = 0; i < nfiles; i++) {
		free(files[i].name);
		free(files[i].data);
	}
	free(files);
	xmlCleanupParser();
	return 0;
}
