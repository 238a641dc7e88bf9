/*
 * parsecheck.c: run one file through parse_feed() and print the golden
 * dump (tests/parse/FORMAT.md).
 *
 * usage: parsecheck FILE [--base URL] [--content-type CT]
 *                   [--type feed|html|auto]
 * The base URL defaults to http://fixture.test/NAME/feed, NAME being
 * the file's name without directory and extension.  On a parse error
 * prints "error" (and the cause on stderr) and exits 1.
 *
 * Built by make check; by hand, without autotools, from the top of the
 * tree (/tmp/pcfg/config.h holding "#define _GNU_SOURCE 1"):
 *   gcc -std=gnu11 -O2 -Wall -Wextra -I src -I /tmp/pcfg \
 *     $(pkg-config --cflags libxml-2.0 json-c) src/parse.c \
 *     src/parse_xml.c src/parse_json.c src/date.c src/xmlsafe.c \
 *     src/item.c src/util.c src/url.c src/log.c tests/parsecheck.c \
 *     -o parsecheck $(pkg-config --libs libxml-2.0 json-c)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

static void
parsecheck_usage(void)
{
	fprintf(stderr, "usage: parsecheck FILE [--base URL] "
	    "[--content-type CT] [--type feed|html|auto]\n");
	exit(2);
}

/* The whole file, or NULL. */
static char *
parsecheck_read(const char *path, size_t *len)
{
	FILE	*f;
	char	*data = NULL;
	size_t	 n = 0, cap = 0, r;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap == 0 ? 65536 : cap * 2;
			data = xrealloc(data, cap);
		}
		r = fread(data + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		fclose(f);
		free(data);
		return NULL;
	}
	fclose(f);
	*len = n;
	return data;
}

int
main(int argc, char **argv)
{
	struct parse_result	 res;
	struct parse_opts	 opts;
	const char		*path = NULL, *base = NULL, *ct = NULL;
	const char		*name, *dot;
	char			*data, *defbase = NULL, *cause = NULL;
	size_t			 len, i;
	int			 a;

	memset(&opts, 0, sizeof opts);
	opts.type = SOURCE_FEED;
	opts.discard = 1;	/* as the daemon: data is not read again */
	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--base") == 0 && a + 1 < argc)
			base = argv[++a];
		else if (strcmp(argv[a], "--content-type") == 0 &&
		    a + 1 < argc)
			ct = argv[++a];
		else if (strcmp(argv[a], "--type") == 0 && a + 1 < argc) {
			a++;
			if (strcmp(argv[a], "html") == 0)
				opts.type = SOURCE_HTML;
			else if (strcmp(argv[a], "auto") == 0)
				opts.type = SOURCE_AUTO;
			else if (strcmp(argv[a], "feed") == 0)
				opts.type = SOURCE_FEED;
			else
				parsecheck_usage();
		}
		else if (argv[a][0] == '-' && argv[a][1] != '\0')
			parsecheck_usage();
		else if (path == NULL)
			path = argv[a];
		else
			parsecheck_usage();
	}
	if (path == NULL)
		parsecheck_usage();
	if ((data = parsecheck_read(path, &len)) == NULL) {
		perror(path);
		return 2;
	}
	if (base == NULL) {
		name = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 :
		    path;
		dot = strrchr(name, '.');
		xasprintf(&defbase, "http://fixture.test/%.*s/feed",
		    (int)(dot != NULL && dot != name ? (size_t)(dot - name) :
		    strlen(name)), name);
		base = defbase;
	}
	if (parse_source(data, len, base, ct, &opts, &res, &cause) == -1) {
		printf("error\n");
		fprintf(stderr, "parsecheck: %s\n", cause);
		free(cause);
		free(data);
		free(defbase);
		return 1;
	}
	/* What the daemon stores: sanitized. */
	parse_sanitize(&res, base, INT64_MIN, 0);
	parse_dump(stdout, &res, 1);
	for (i = 0; i < res.warnings.n; i++)
		fprintf(stderr, "warning: %s\n", res.warnings.v[i]);
	parse_result_free(&res);
	free(data);
	free(defbase);
	return 0;
}
