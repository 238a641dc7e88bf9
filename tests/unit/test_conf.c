/* test_conf.c: the config loader, good files and every kind of bad. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "conf.h"

static char	 dir[] = "/tmp/test_conf.XXXXXX";

/* Write text to dir/name; return the path (static buffer). */
static const char *
write_file(const char *name, const char *text)
{
	static char	 path[512];
	FILE		*fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Load text; return the error text (caller frees) or NULL when it loaded. */
static char *
load(const char *text, int *nerrors)
{
	struct conf	 cf;
	char		*errors = NULL;

	*nerrors = 0;
	if (conf_load(&cf, write_file("t.conf", text), &errors, nerrors) == 0) {
		conf_free(&cf);
		return NULL;
	}
	return errors;
}

static int
has(const char *errors, const char *needle)
{
	return errors != NULL && strstr(errors, needle) != NULL;
}

#define GOOD_HEAD "[feed]\ntitle = T\noutput = out.atom\n"

static void
test_good(void)
{
	struct conf	 cf;
	char		*errors = NULL, *longurl, *text;
	const char	*path;
	int		 n;

	path = write_file("good.conf",
	    "; comment\n"
	    "[feed]\n"
	    "title = World news digest  ; trailing comment\n"
	    "id = tag:example.org,2026:digest\n"
	    "link = https://example.org/digest.atom\n"
	    "output = out/digest.atom\n"
	    "max_entries = 50\n"
	    "[daemon]\n"
	    "state = /var/tmp/x.db\n"
	    "refresh = 15m\n"
	    "concurrency = 4\n"
	    "timeout = 10s\n"
	    "max_size = 2M\n"
	    "user_agent = test/1 # hash comment\n"
	    "[source \"bbc-world\"]\n"
	    "url = https://feeds.example.net/world.xml\n"
	    "refresh = 1h\n"
	    "title = BBC World\n"
	    "[source \"local\"]\n"
	    "url = feeds/local.xml\n");
	check(conf_load(&cf, path, &errors, &n) == 0);
	check(errors == NULL);
	check_str_eq(cf.title, "World news digest");
	check_str_eq(cf.id, "tag:example.org,2026:digest");
	check(strstr(cf.output, "/out/digest.atom") != NULL);
	check(strncmp(cf.output, dir, strlen(dir)) == 0);
	check_str_eq(cf.state, "/var/tmp/x.db");
	check(cf.max_entries == 50);
	check(cf.refresh == 900);
	check(cf.concurrency == 4);
	check(cf.timeout == 10);
	check(cf.max_size == 2 * 1024 * 1024);
	check_str_eq(cf.user_agent, "test/1");
	check(cf.nsources == 2);
	check_str_eq(cf.sources[0].name, "bbc-world");
	check(cf.sources[0].refresh == 3600);
	check_str_eq(cf.sources[0].title, "BBC World");
	check(cf.sources[1].refresh == 900);	/* the [daemon] default */
	check(strncmp(cf.sources[1].url, "file:///", 8) == 0);
	check(strstr(cf.sources[1].url, "/feeds/local.xml") != NULL);
	check(conf_find_source(&cf, "local") == &cf.sources[1]);
	check(conf_find_source(&cf, "nope") == NULL);
	conf_free(&cf);

	/* Defaults, and an id derived from the title. */
	path = write_file("min.conf", GOOD_HEAD
	    "[source \"a\"]\nurl = http://127.0.0.1/a.xml\n");
	check(conf_load(&cf, path, &errors, &n) == 0);
	check(cf.max_entries == 200);
	check(cf.refresh == 1800);
	check(cf.concurrency == 16);
	check(cf.timeout == 30);
	check(cf.max_size == 8 * 1024 * 1024);
	check_str_eq(cf.id, "tag:feedmerge.invalid,2026:t");
	check(strncmp(cf.user_agent, "feedmerge/", 10) == 0);
	conf_free(&cf);

	/* A URL longer than inih's 200-byte line buffer survives whole. */
	longurl = malloc(600);
	memset(longurl, 'a', 599);
	longurl[599] = '\0';
	memcpy(longurl, "http://h/", 9);
	if (asprintf(&text, GOOD_HEAD "[source \"long\"]\nurl = %s\n",
	    longurl) < 0)
		abort();
	path = write_file("long.conf", text);
	check(conf_load(&cf, path, &errors, &n) == 0);
	check(cf.nsources == 1 && strcmp(cf.sources[0].url, longurl) == 0);
	conf_free(&cf);
	free(text);
	free(longurl);
}

static void
test_bad(void)
{
	char	*e;
	int	 n;

	e = load(GOOD_HEAD "colour = red\n[source \"a\"]\nurl = http://x/\n",
	    &n);
	check(n == 1 && has(e, "t.conf:4: [feed] colour: unknown key"));
	free(e);

	e = load(GOOD_HEAD "[extra]\nk = v\n[source \"a\"]\nurl = http://x/\n",
	    &n);
	check(n == 1 && has(e, "t.conf:4: unknown section [extra]"));
	free(e);

	e = load(GOOD_HEAD "[daemon]\nrefresh = 5x\n"
	    "[source \"a\"]\nurl = http://x/\n", &n);
	check(n == 1 && has(e, "t.conf:5: [daemon] refresh: not a duration"));
	free(e);

	e = load(GOOD_HEAD "[daemon]\nrefresh = 90d\n"
	    "[source \"a\"]\nurl = http://x/\n", &n);
	check(has(e, "[daemon] refresh: must be between 1s and 30d"));
	free(e);

	e = load(GOOD_HEAD "[source \"a\"]\nurl = http://x/\n"
	    "[source \"a\"]\nurl = http://y/\n", &n);
	check(n == 1 && has(e, "t.conf:6:") && has(e, "duplicate source"));
	free(e);

	e = load(GOOD_HEAD "[source \"a\"]\ntitle = no url\n", &n);
	check(n == 1 && has(e, "t.conf:4: [source \"a\"] url: missing"));
	free(e);

	e = load("[feed]\ntitle = T\n[source \"a\"]\nurl = http://x/\n", &n);
	check(n == 1 && has(e, "t.conf:1: [feed] output: missing"));
	free(e);

	e = load(GOOD_HEAD "[source \"a\"]\nurl = ftp://x/f.xml\n", &n);
	check(n == 1 && has(e, "[source \"a\"] url: unsupported scheme"));
	free(e);

	e = load(GOOD_HEAD "[source \"bad name\"]\nurl = http://x/\n", &n);
	check(has(e, "source name must be"));
	free(e);

	e = load(GOOD_HEAD "[daemon]\nconcurrency = 0\nmax_size = 12Q\n"
	    "timeout = 2h\n[source \"a\"]\nurl = http://x/\n", &n);
	check(n == 3 && has(e, "concurrency: must be a number from 1") &&
	    has(e, "max_size: not a size") && has(e, "timeout: must be"));
	free(e);

	e = load(GOOD_HEAD, &n);
	check(n == 1 && has(e, "no [source"));
	free(e);

	e = load(GOOD_HEAD "title = again\n[source \"a\"]\nurl = http://x/\n",
	    &n);
	check(n == 1 && has(e, "[feed] title: given twice"));
	free(e);

	e = load(GOOD_HEAD "this is not ini\n[source \"a\"]\nurl = http://x/\n",
	    &n);
	check(n == 1 && has(e, "t.conf:4: syntax error"));
	free(e);

	e = load(GOOD_HEAD "id = not an iri\n[source \"a\"]\nurl = http://x/\n",
	    &n);
	check(n == 1 && has(e, "[feed] id: must be an absolute IRI"));
	free(e);
}

#define BIG_N	20000

/*
 * BIG_N sources s00001.. after GOOD_HEAD (3 lines): source i's section is
 * at line 2 + 2 * i.  Then tail.  Returns the path (static buffer).
 */
static const char *
write_big(const char *tail)
{
	static char	 path[512];
	FILE		*fp;
	int		 i;

	snprintf(path, sizeof path, "%s/big.conf", dir);
	if ((fp = fopen(path, "w")) == NULL)
		abort();
	fputs(GOOD_HEAD, fp);
	for (i = 1; i <= BIG_N; i++)
		fprintf(fp, "[source \"s%05d\"]\n"
		    "url = http://127.0.0.1:1/feeds/s%05d.xml\n", i, i);
	fputs(tail, fp);
	fclose(fp);
	return path;
}

/* Many sources: all there, found by name, duplicates still caught. */
static void
test_big(void)
{
	struct conf	 cf;
	char		*e = NULL, name[16];
	const char	*path;
	int		 i, n, ok;

	path = write_big("");
	check(conf_load(&cf, path, &e, &n) == 0);
	check(e == NULL);
	check(cf.nsources == BIG_N);
	for (i = 1, ok = 1; i <= BIG_N && cf.nsources == BIG_N; i++) {
		snprintf(name, sizeof name, "s%05d", i);
		if (strcmp(cf.sources[i - 1].name, name) != 0 ||
		    cf.sources[i - 1].line != 2 + 2 * i ||
		    conf_find_source(&cf, name) != &cf.sources[i - 1])
			ok = 0;
	}
	check(ok);
	check(conf_find_source(&cf, "s00000") == NULL);
	check(conf_find_source(&cf, "s20001") == NULL);
	check(conf_find_source(&cf, "") == NULL);
	conf_free(&cf);

	/* A name repeated at the end names the line of the first. */
	path = write_big("[source \"s12345\"]\nurl = http://x/\n");
	check(conf_load(&cf, path, &e, &n) == -1);
	check(n == 1 && has(e, "big.conf:40004: [source \"s12345\"]: "
	    "duplicate source name (first at line 24692)\n"));
	check(cf.sources == NULL && cf.nsources == 0 && cf.names == NULL);
	free(e);

	/* A section given again: its keys count as given twice. */
	path = write_big("[feed]\nmax_entries = 5\ntitle = again\n"
	    "[source \"s00007\"]\nurl = http://y/\n"
	    "[source \"new\"]\nurl = http://z/\nurl = http://z2/\n");
	check(conf_load(&cf, path, &e, &n) == -1);
	check(n == 3 && has(e, "big.conf:40006: [feed] title: given twice") &&
	    has(e, "big.conf:40007: [source \"s00007\"]: duplicate source "
	    "name (first at line 16)") &&
	    has(e, "big.conf:40011: [source \"new\"] url: given twice"));
	free(e);
}

static void
test_missing_file(void)
{
	struct conf	 cf;
	char		*e = NULL;
	int		 n;

	check(conf_load(&cf, "/nonexistent/feedmerge.conf", &e, &n) == -1);
	check(n == 1 && has(e, "/nonexistent/feedmerge.conf: cannot open"));
	free(e);
}

static void
test_units(void)
{
	check(conf_parse_duration("30") == 30);
	check(conf_parse_duration("30s") == 30);
	check(conf_parse_duration("30m") == 1800);
	check(conf_parse_duration("2h") == 7200);
	check(conf_parse_duration("1d") == 86400);
	check(conf_parse_duration("1w") == -1);
	check(conf_parse_duration("m") == -1);
	check(conf_parse_duration("-5s") == -1);
	check(conf_parse_duration("5ms") == -1);
	check(conf_parse_size("8M") == 8 * 1024 * 1024);
	check(conf_parse_size("8MB") == 8 * 1024 * 1024);
	check(conf_parse_size("1k") == 1024);
	check(conf_parse_size("100") == 100);
	check(conf_parse_size("1G") == 1024 * 1024 * 1024);
	check(conf_parse_size("1T") == -1);
	check(conf_parse_size("17179869185G") == -1);	/* overflows */
	check(conf_parse_size("") == -1);
}

int
main(void)
{
	char	 cmd[600];
	int	 ret;

	if (mkdtemp(dir) == NULL)
		return 99;
	test_good();
	test_bad();
	test_big();
	test_missing_file();
	test_units();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ret = check_done();
	if (system(cmd) != 0)
		return 99;
	return ret;
}
