/*
 * test_metrics.c: the Prometheus text file: its exact lines (HELP, TYPE,
 * labels, escaping, order), atomic writes that leave an unchanged file
 * alone and no temp file behind, and the error naming the path.
 *
 *	test_metrics			run the checks
 *	test_metrics --sample PATH	write a file using every series (for
 *					tests/promcheck.py) and exit
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "metrics.h"
#include "outfile.h"
#include "util.h"

static char	 tmpdir[] = "/tmp/test_metrics.XXXXXX";

/* The whole of path, or NULL. */
static char *
slurp(const char *path)
{
	struct buf	 b;
	char		 chunk[4096];
	size_t		 n;
	FILE		*f;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_steal(&b);
}

/* The names in tmpdir, sorted and joined by spaces. */
static char *
listdir(void)
{
	struct dirent	**names;
	struct buf	  b;
	int		  i, n;

	buf_init(&b);
	buf_addstr(&b, "");
	if ((n = scandir(tmpdir, &names, NULL, alphasort)) == -1)
		return buf_steal(&b);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 &&
		    strcmp(names[i]->d_name, "..") != 0)
			buf_printf(&b, "%s%s", b.len > 0 ? " " : "",
			    names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return buf_steal(&b);
}

/* The lines every file starts with, the start time being start. */
static void
head(struct buf *b, int64_t start)
{
	buf_printf(b,
	    "# HELP feedmerge_build_info Always 1; the version is a label.\n"
	    "# TYPE feedmerge_build_info gauge\n"
	    "feedmerge_build_info{version=\"%s\"} 1\n"
	    "# HELP feedmerge_start_time_seconds When the daemon started, "
	    "in unix seconds.\n"
	    "# TYPE feedmerge_start_time_seconds gauge\n"
	    "feedmerge_start_time_seconds %" PRId64 "\n",
	    PACKAGE_VERSION, start);
}

/* The start time the file says (metrics_new() took it from the clock). */
static int64_t
start_of(struct metrics *m)
{
	char		*text = metrics_render(m, -1, -1, -1), *p;
	int64_t		 v = -1;
	const char	*key = "\nfeedmerge_start_time_seconds ";

	if ((p = strstr(text, key)) != NULL)
		v = strtoll(p + strlen(key), NULL, 10);
	free(text);
	return v;
}

static void
test_empty(void)
{
	struct metrics	*m;
	struct buf	 want;
	char		*text;
	int64_t		 before, after, start;

	before = now_seconds();
	m = metrics_new();
	after = now_seconds();
	start = start_of(m);
	check(start >= before && start <= after);

	buf_init(&want);
	head(&want, start);
	buf_addstr(&want,
	    "# HELP feedmerge_rounds_total Rounds finished since the daemon "
	    "started.\n"
	    "# TYPE feedmerge_rounds_total counter\n"
	    "feedmerge_rounds_total 0\n"
	    "# HELP feedmerge_round_duration_seconds How long the last round "
	    "took.\n"
	    "# TYPE feedmerge_round_duration_seconds gauge\n"
	    "feedmerge_round_duration_seconds 0.000000\n"
	    "# HELP feedmerge_last_round_timestamp_seconds When the last round "
	    "finished (0: none yet).\n"
	    "# TYPE feedmerge_last_round_timestamp_seconds gauge\n"
	    "feedmerge_last_round_timestamp_seconds 0\n"
	    "# HELP feedmerge_store_bytes Size of the state database in "
	    "bytes.\n"
	    "# TYPE feedmerge_store_bytes gauge\n"
	    "feedmerge_store_bytes 0\n"
	    "# HELP feedmerge_stories Stories in the state.\n"
	    "# TYPE feedmerge_stories gauge\n"
	    "feedmerge_stories 0\n"
	    "# HELP feedmerge_output_entries Entries in the published feed.\n"
	    "# TYPE feedmerge_output_entries gauge\n"
	    "feedmerge_output_entries 0\n");
	/* No source yet: no per-source family at all. */
	text = metrics_render(m, 0, 0, 0);
	check_str_eq(text, want.data);
	free(text);

	/* An unknown figure (negative) leaves its family out. */
	text = metrics_render(m, -1, 7, -1);
	check(strstr(text, "feedmerge_store_bytes") == NULL);
	check(strstr(text, "feedmerge_output_entries") == NULL);
	check(strstr(text, "\nfeedmerge_stories 7\n") != NULL);
	free(text);

	buf_free(&want);
	metrics_free(m);
	metrics_free(NULL);
}

/* Two sources, fed out of order; the rounds. */
static struct metrics *
fed(void)
{
	struct metrics	*m = metrics_new();

	metrics_source_state(m, "zeta", 0, 0, 1800000600);
	metrics_fetch(m, "beta", METRICS_OK, 12345, 200);
	metrics_items(m, "beta", 3, 1);
	metrics_fetch(m, "beta", METRICS_UNCHANGED, 0, 304);
	metrics_fetch(m, "beta", METRICS_ERROR, 100, 503);
	metrics_fetch(m, "beta", METRICS_ERROR, -1, 0);	/* no response */
	metrics_items(m, "beta", 2, 0);
	metrics_items(m, "beta", -1, -5);		/* ignored */
	metrics_source_state(m, "beta", 2, 1800000000, 1800000900);
	metrics_fetch(m, "zeta", METRICS_GONE, 50, 410);
	metrics_source_state(m, "zeta", 1, -3, 1800000600);
	metrics_round(m, 1.5, 1799999000);
	metrics_round(m, 0.25, 1800000100);
	return m;
}

static const char *fed_sources =
    "# HELP feedmerge_fetches_total Fetches of a source by outcome "
    "(ok, unchanged, error, gone).\n"
    "# TYPE feedmerge_fetches_total counter\n"
    "feedmerge_fetches_total{source=\"beta\",outcome=\"ok\"} 1\n"
    "feedmerge_fetches_total{source=\"beta\",outcome=\"unchanged\"} 1\n"
    "feedmerge_fetches_total{source=\"beta\",outcome=\"error\"} 2\n"
    "feedmerge_fetches_total{source=\"beta\",outcome=\"gone\"} 0\n"
    "feedmerge_fetches_total{source=\"zeta\",outcome=\"ok\"} 0\n"
    "feedmerge_fetches_total{source=\"zeta\",outcome=\"unchanged\"} 0\n"
    "feedmerge_fetches_total{source=\"zeta\",outcome=\"error\"} 0\n"
    "feedmerge_fetches_total{source=\"zeta\",outcome=\"gone\"} 1\n"
    "# HELP feedmerge_fetch_bytes_total Bytes received from a source, "
    "as they came (compressed).\n"
    "# TYPE feedmerge_fetch_bytes_total counter\n"
    "feedmerge_fetch_bytes_total{source=\"beta\"} 12445\n"
    "feedmerge_fetch_bytes_total{source=\"zeta\"} 50\n"
    "# HELP feedmerge_items_new_total Items of a source that were new "
    "stories.\n"
    "# TYPE feedmerge_items_new_total counter\n"
    "feedmerge_items_new_total{source=\"beta\"} 5\n"
    "feedmerge_items_new_total{source=\"zeta\"} 0\n"
    "# HELP feedmerge_items_merged_total Items of a source merged into a "
    "story already known.\n"
    "# TYPE feedmerge_items_merged_total counter\n"
    "feedmerge_items_merged_total{source=\"beta\"} 1\n"
    "feedmerge_items_merged_total{source=\"zeta\"} 0\n"
    "# HELP feedmerge_source_consecutive_failures Fetches of a source that "
    "failed in a row.\n"
    "# TYPE feedmerge_source_consecutive_failures gauge\n"
    "feedmerge_source_consecutive_failures{source=\"beta\"} 2\n"
    "feedmerge_source_consecutive_failures{source=\"zeta\"} 1\n"
    "# HELP feedmerge_source_last_success_timestamp_seconds When a fetch "
    "of a source last succeeded (0: never).\n"
    "# TYPE feedmerge_source_last_success_timestamp_seconds gauge\n"
    "feedmerge_source_last_success_timestamp_seconds{source=\"beta\"} "
    "1800000000\n"
    "feedmerge_source_last_success_timestamp_seconds{source=\"zeta\"} 0\n"
    "# HELP feedmerge_source_next_fetch_timestamp_seconds When a source is "
    "fetched next (0: not scheduled).\n"
    "# TYPE feedmerge_source_next_fetch_timestamp_seconds gauge\n"
    "feedmerge_source_next_fetch_timestamp_seconds{source=\"beta\"} "
    "1800000900\n"
    "feedmerge_source_next_fetch_timestamp_seconds{source=\"zeta\"} "
    "1800000600\n"
    "# HELP feedmerge_source_last_http_status HTTP status of the last "
    "fetch of a source (0: no HTTP response).\n"
    "# TYPE feedmerge_source_last_http_status gauge\n"
    "feedmerge_source_last_http_status{source=\"beta\"} 0\n"
    "feedmerge_source_last_http_status{source=\"zeta\"} 410\n";

/* The whole file of fed(), with the state's figures given. */
static char *
fed_text(struct metrics *m, int64_t store, int64_t stories, int64_t entries)
{
	struct buf	 b;

	buf_init(&b);
	head(&b, start_of(m));
	buf_printf(&b,
	    "# HELP feedmerge_rounds_total Rounds finished since the daemon "
	    "started.\n"
	    "# TYPE feedmerge_rounds_total counter\n"
	    "feedmerge_rounds_total 2\n"
	    "# HELP feedmerge_round_duration_seconds How long the last round "
	    "took.\n"
	    "# TYPE feedmerge_round_duration_seconds gauge\n"
	    "feedmerge_round_duration_seconds 0.250000\n"
	    "# HELP feedmerge_last_round_timestamp_seconds When the last round "
	    "finished (0: none yet).\n"
	    "# TYPE feedmerge_last_round_timestamp_seconds gauge\n"
	    "feedmerge_last_round_timestamp_seconds 1800000100\n"
	    "# HELP feedmerge_store_bytes Size of the state database in "
	    "bytes.\n"
	    "# TYPE feedmerge_store_bytes gauge\n"
	    "feedmerge_store_bytes %" PRId64 "\n"
	    "# HELP feedmerge_stories Stories in the state.\n"
	    "# TYPE feedmerge_stories gauge\n"
	    "feedmerge_stories %" PRId64 "\n"
	    "# HELP feedmerge_output_entries Entries in the published feed.\n"
	    "# TYPE feedmerge_output_entries gauge\n"
	    "feedmerge_output_entries %" PRId64 "\n",
	    store, stories, entries);
	buf_addstr(&b, fed_sources);
	return buf_steal(&b);
}

static void
test_write(void)
{
	struct metrics	*m = fed();
	struct stat	 sb1, sb2;
	char		*path, *text, *want, *names, *cause = NULL;

	xasprintf(&path, "%s/feedmerge.prom", tmpdir);
	check(metrics_write(m, path, 4096, 10, 5, &cause) == 0);
	check(cause == NULL);
	text = slurp(path);
	want = fed_text(m, 4096, 10, 5);
	check_str_eq(text, want);
	free(text);
	/* Readable by node_exporter, whoever it runs as. */
	check(stat(path, &sb1) == 0 && (sb1.st_mode & 0777) == 0644);
	names = listdir();
	check_str_eq(names, "feedmerge.prom");
	free(names);

	/* The same values again: the file is left alone (same inode). */
	check(metrics_write(m, path, 4096, 10, 5, &cause) == 0);
	check(stat(path, &sb2) == 0);
	check(sb1.st_ino == sb2.st_ino);
	text = slurp(path);
	check_str_eq(text, want);
	free(text);
	free(want);
	names = listdir();
	check_str_eq(names, "feedmerge.prom");
	free(names);

	/* A value changed: a new file renamed over the old one. */
	check(metrics_write(m, path, 8192, 10, 5, &cause) == 0);
	check(stat(path, &sb2) == 0);
	check(sb1.st_ino != sb2.st_ino);
	text = slurp(path);
	want = fed_text(m, 8192, 10, 5);
	check_str_eq(text, want);
	free(text);
	free(want);
	names = listdir();
	check_str_eq(names, "feedmerge.prom");
	free(names);

	/* Any name is written (.prom is node_exporter's rule, not ours). */
	free(path);
	xasprintf(&path, "%s/metrics.txt", tmpdir);
	check(metrics_write(m, path, 1, 2, 3, &cause) == 0);
	names = listdir();
	check_str_eq(names, "feedmerge.prom metrics.txt");
	free(names);
	unlink(path);
	free(path);
	xasprintf(&path, "%s/feedmerge.prom", tmpdir);
	unlink(path);
	free(path);
	metrics_free(m);
}

static void
test_escape(void)
{
	struct metrics	*m = metrics_new();
	char		*text;

	metrics_fetch(m, "a\"b\\c\nd", METRICS_OK, 1, 200);
	metrics_fetch(m, "plain", 99, 1, 200);	/* no such outcome: error */
	text = metrics_render(m, 0, 0, 0);
	check(strstr(text, "\nfeedmerge_fetches_total{source=\"a\\\"b\\\\c\\nd\","
	    "outcome=\"ok\"} 1\n") != NULL);
	check(strstr(text, "\nfeedmerge_fetch_bytes_total"
	    "{source=\"a\\\"b\\\\c\\nd\"} 1\n") != NULL);
	check(strstr(text, "\nfeedmerge_fetches_total{source=\"plain\","
	    "outcome=\"error\"} 1\n") != NULL);
	/* No raw newline inside a line: every line starts as it should. */
	check(strstr(text, "\nd\"") == NULL);
	free(text);
	metrics_free(m);
}

static void
test_forget(void)
{
	struct metrics	*m = fed();
	char		*text;

	metrics_forget(m, "beta");
	metrics_forget(m, "beta");		/* twice is fine */
	metrics_forget(m, "nonesuch");
	text = metrics_render(m, 0, 0, 0);
	check(strstr(text, "beta") == NULL);
	check(strstr(text, "{source=\"zeta\",outcome=\"gone\"} 1\n") != NULL);
	free(text);

	/* Back again: from zero. */
	metrics_fetch(m, "beta", METRICS_OK, 10, 200);
	text = metrics_render(m, 0, 0, 0);
	check(strstr(text, "{source=\"beta\",outcome=\"ok\"} 1\n") != NULL);
	check(strstr(text, "{source=\"beta\",outcome=\"error\"} 0\n") != NULL);
	check(strstr(text, "feedmerge_fetch_bytes_total{source=\"beta\"} 10\n")
	    != NULL);
	/* Still sorted: beta before zeta. */
	check(strstr(text, "source=\"beta\"") < strstr(text, "source=\"zeta\""));
	free(text);

	/* The last source gone: no per-source family left. */
	metrics_forget(m, "beta");
	metrics_forget(m, "zeta");
	text = metrics_render(m, 0, 0, 0);
	check(strstr(text, "source=") == NULL);
	check(strstr(text, "feedmerge_fetches_total") == NULL);
	free(text);
	metrics_free(m);
}

/* Many sources, added in a scrambled order, come out sorted. */
static void
test_order(void)
{
	struct metrics	*m = metrics_new();
	char		*text, name[16], *p, *prev = NULL;
	int		 i, n = 0;

	for (i = 0; i < 500; i++) {
		snprintf(name, sizeof name, "s%03d", (i * 337) % 500);
		metrics_source_state(m, name, 0, 0, 0);
	}
	text = metrics_render(m, 0, 0, 0);
	for (p = strstr(text, "feedmerge_source_last_http_status{");
	    p != NULL; p = strstr(p + 1, "feedmerge_source_last_http_status{")) {
		p = strchr(p, '"') + 1;
		if (prev != NULL && strncmp(prev, p, 4) >= 0)
			break;
		prev = p;
		n++;
	}
	check(n == 500);
	free(text);
	metrics_free(m);
}

static void
test_duration(void)
{
	struct metrics	*m = metrics_new();
	char		*text;

	metrics_round_counts(m, 12, 9, 1, 23);
	text = metrics_render(m, -1, -1, -1);
	check(strstr(text, "# TYPE feedmerge_last_round_sources gauge\n"
	    "feedmerge_last_round_sources 12\n") != NULL);
	check(strstr(text, "\nfeedmerge_last_round_fetched 9\n") != NULL);
	check(strstr(text, "\nfeedmerge_last_round_failed 1\n") != NULL);
	check(strstr(text, "\nfeedmerge_last_round_new_items 23\n") != NULL);
	free(text);
	metrics_round(m, 1.0000004, 1);
	text = metrics_render(m, 0, 0, 0);
	check(strstr(text, "\nfeedmerge_round_duration_seconds 1.000000\n"));
	free(text);
	metrics_round(m, 12.3456789, 2);
	text = metrics_render(m, 0, 0, 0);
	check(strstr(text, "\nfeedmerge_round_duration_seconds 12.345679\n"));
	check(strstr(text, "\nfeedmerge_rounds_total 2\n"));
	check(strstr(text, "\nfeedmerge_last_round_timestamp_seconds 2\n"));
	free(text);
	metrics_round(m, -0.5, 3);
	text = metrics_render(m, 0, 0, 0);
	check(strstr(text, "\nfeedmerge_round_duration_seconds -0.500000\n"));
	free(text);
	metrics_round(m, NAN, 4);
	text = metrics_render(m, 0, 0, 0);
	check(strstr(text, "\nfeedmerge_round_duration_seconds NaN\n"));
	free(text);
	metrics_round(m, INFINITY, 5);
	text = metrics_render(m, 0, 0, 0);
	check(strstr(text, "\nfeedmerge_round_duration_seconds +Inf\n"));
	free(text);
	metrics_free(m);
}

static void
test_errors(void)
{
	struct metrics	*m = fed();
	char		*path, *file, *names, *cause = NULL;
	int		 written;

	/* A directory that is not there. */
	xasprintf(&path, "%s/nonesuch/feedmerge.prom", tmpdir);
	check(metrics_write(m, path, 0, 0, 0, &cause) == -1);
	check(cause != NULL && strstr(cause, path) != NULL);
	check(cause != NULL && strstr(cause, "does not exist") != NULL);
	check(cause != NULL && strncmp(cause, "metrics ", 8) == 0);
	free(cause);
	cause = NULL;
	free(path);

	/* A file where the directory should be. */
	xasprintf(&file, "%s/plain", tmpdir);
	check(outfile_write(file, "x", 1, &written, &cause) == 0);
	xasprintf(&path, "%s/feedmerge.prom", file);
	check(metrics_write(m, path, 0, 0, 0, &cause) == -1);
	check(cause != NULL && strstr(cause, path) != NULL);
	check(cause != NULL && strstr(cause, "is not a directory") != NULL);
	free(cause);
	cause = NULL;
	free(path);
	unlink(file);
	free(file);

	/* A directory where the file should be: the rename fails, and the
	   temp file goes. */
	xasprintf(&path, "%s/dir.prom", tmpdir);
	check(mkdir(path, 0755) == 0);
	check(metrics_write(m, path, 0, 0, 0, &cause) == -1);
	check(cause != NULL && strncmp(cause, "metrics ", 8) == 0);
	check(cause != NULL && strstr(cause, path) != NULL);
	check(cause != NULL && strstr(cause, "rename") != NULL);
	free(cause);
	names = listdir();
	check_str_eq(names, "dir.prom");
	free(names);
	rmdir(path);
	free(path);
	metrics_free(m);
}

int
main(int argc, char **argv)
{
	struct metrics	*m;
	char		*cause = NULL;

	if (argc == 3 && strcmp(argv[1], "--sample") == 0) {
		m = fed();
		metrics_fetch(m, "quote\"back\\slash\nnewline", METRICS_OK,
		    1, 200);
		metrics_source_state(m, "a.b_c-D9", 0, 1800000000, 1800000300);
		if (metrics_write(m, argv[2], 1 << 20, 42, 40, &cause) == -1) {
			fprintf(stderr, "test_metrics: %s\n", cause);
			return 1;
		}
		metrics_free(m);
		return 0;
	}
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_empty();
	test_write();
	test_escape();
	test_forget();
	test_order();
	test_duration();
	test_errors();
	check(rmdir(tmpdir) == 0);	/* nothing left behind */
	return check_done();
}
