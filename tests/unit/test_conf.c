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
	check(cf.noutputs == 1);
	check_str_eq(cf.outputs[0].name, "feed");
	check_str_eq(cf.outputs[0].title, "World news digest");
	check_str_eq(cf.outputs[0].id, "tag:example.org,2026:digest");
	check(strstr(cf.outputs[0].file, "/out/digest.atom") != NULL);
	check(strncmp(cf.outputs[0].file, dir, strlen(dir)) == 0);
	check_str_eq(cf.state, "/var/tmp/x.db");
	check(cf.outputs[0].max_entries == 50);
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
	check(cf.outputs[0].max_entries == 200);
	check(cf.refresh == 1800);
	check(cf.concurrency == 16);
	check(cf.timeout == 30);
	check(cf.max_size == 8 * 1024 * 1024);
	check_str_eq(cf.outputs[0].id, "tag:feedmerge.invalid,2026:t");
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
	check(n == 1 && has(e, "t.conf:4: [feed] title: given twice\n"));
	free(e);
	/* Only an indented line is told about indentation (inih takes it
	   for more of the key above it). */
	e = load(GOOD_HEAD "  title = again\n[source \"a\"]\nurl = http://x/\n",
	    &n);
	check(n == 1 && has(e, "[feed] output: given twice (this line is "
	    "indented: an indented line continues the previous key)"));
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

/* Load text into *cf; 0, or -1 with the errors printed (a failed check). */
static int
load_conf(struct conf *cf, const char *text)
{
	char	*e = NULL;
	int	 n;

	if (conf_load(cf, write_file("s.conf", text), &e, &n) == 0)
		return 0;
	fprintf(stderr, "unexpected config errors:\n%s", e);
	free(e);
	return -1;
}

#define SRC_HEAD GOOD_HEAD "[source \"a\"]\nurl = http://x/\n"	/* 5 lines */

static void
test_source_type(void)
{
	struct conf	 cf;
	char		*e;
	int		 n;

	check(load_conf(&cf, SRC_HEAD) == 0);
	check(cf.sources[0].type == SOURCE_AUTO);
	check(cf.sources[0].follow_teasers == 0);
	check(cf.sources[0].item_xpath == NULL &&
	    cf.sources[0].body_xpath == NULL);
	check(cf.sources[0].rules.item == NULL &&
	    cf.sources[0].rules.title == NULL &&
	    cf.sources[0].rules.link == NULL &&
	    cf.sources[0].rules.summary == NULL &&
	    cf.sources[0].rules.date == NULL &&
	    cf.sources[0].rules.body == NULL &&
	    cf.sources[0].rules.exclude == NULL);
	conf_free(&cf);

	check(load_conf(&cf, SRC_HEAD "type = feed\n"
	    "[source \"b\"]\nurl = http://y/\ntype = html\n"
	    "[source \"c\"]\nurl = http://z/\ntype = auto ; the default\n") ==
	    0);
	check(cf.nsources == 3);
	check(cf.sources[0].type == SOURCE_FEED);
	check(cf.sources[1].type == SOURCE_HTML);
	check(cf.sources[2].type == SOURCE_AUTO);
	conf_free(&cf);

	e = load(SRC_HEAD "type = rss\n", &n);
	check(n == 1 && has(e, "t.conf:6: [source \"a\"] type: must be auto, "
	    "feed or html (got \"rss\")\n"));
	free(e);
	e = load(SRC_HEAD "type = HTML\n", &n);
	check(n == 1 && has(e, "t.conf:6: [source \"a\"] type: must be"));
	free(e);
}

static void
test_xpath_keys(void)
{
	static const char *const keys[] = {
		"item_xpath", "title_xpath", "link_xpath", "summary_xpath",
		"date_xpath", "body_xpath", "exclude_xpath"
	};
	struct conf		 cf;
	const struct conf_source *src;
	char			*e, *text, want[200];
	size_t			 i;
	int			 n;

	check(load_conf(&cf, SRC_HEAD
	    "type = html\n"
	    "item_xpath = //article\n"
	    "title_xpath = .//h2\n"
	    "link_xpath = .//a/@href\n"
	    "summary_xpath = string(.//p[1])\n"
	    "date_xpath = .//time/@datetime\n"
	    "body_xpath = //div[@id='story']\n"
	    "exclude_xpath = //aside | //nav\n") == 0);
	src = &cf.sources[0];
	check_str_eq(src->item_xpath, "//article");
	check_str_eq(src->title_xpath, ".//h2");
	check_str_eq(src->link_xpath, ".//a/@href");
	check_str_eq(src->summary_xpath, "string(.//p[1])");
	check_str_eq(src->date_xpath, ".//time/@datetime");
	check_str_eq(src->body_xpath, "//div[@id='story']");
	check_str_eq(src->exclude_xpath, "//aside | //nav");
	/* The rules are those very strings, for the parser. */
	check(src->rules.item == src->item_xpath);
	check(src->rules.title == src->title_xpath);
	check(src->rules.link == src->link_xpath);
	check(src->rules.summary == src->summary_xpath);
	check(src->rules.date == src->date_xpath);
	check(src->rules.body == src->body_xpath);
	check(src->rules.exclude == src->exclude_xpath);
	conf_free(&cf);

	/* Only some given: the others stay automatic (NULL). */
	check(load_conf(&cf, SRC_HEAD "body_xpath = //main\n") == 0);
	check(cf.sources[0].type == SOURCE_AUTO);
	check_str_eq(cf.sources[0].rules.body, "//main");
	check(cf.sources[0].rules.item == NULL &&
	    cf.sources[0].rules.title == NULL);
	conf_free(&cf);

	/* Each key, invalid: the key, its line and the expression. */
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (asprintf(&text, SRC_HEAD "title = T\n%s = //div[\n",
		    keys[i]) < 0)
			abort();
		e = load(text, &n);
		snprintf(want, sizeof want, "t.conf:7: [source \"a\"] %s: "
		    "invalid XPath: ", keys[i]);
		check(n == 1 && has(e, want) && has(e, "(got \"//div[\")\n"));
		if (!has(e, want))
			fprintf(stderr, "  for %s: %s", keys[i], e);
		free(e);
		free(text);
	}
	e = load(SRC_HEAD "item_xpath = //a[@href\nbody_xpath = )(\n"
	    "title_xpath = .//h2\n", &n);
	check(n == 2 && has(e, "t.conf:6: [source \"a\"] item_xpath: invalid "
	    "XPath: ") && has(e, "t.conf:7: [source \"a\"] body_xpath: "
	    "invalid XPath: "));
	free(e);

	/* With type = feed, in either order; html and auto take them. */
	e = load(SRC_HEAD "type = feed\nbody_xpath = //main\n", &n);
	check(n == 1 && has(e, "t.conf:7: [source \"a\"] body_xpath: only for "
	    "type = html or auto"));
	free(e);
	e = load(SRC_HEAD "item_xpath = //li\nlink_xpath = a/@href\n"
	    "type = feed\n[source \"b\"]\nurl = http://y/\n"
	    "item_xpath = //li\n", &n);
	check(n == 2 && has(e, "t.conf:6: [source \"a\"] item_xpath: only for "
	    "type = html or auto") && has(e, "t.conf:7: [source \"a\"] "
	    "link_xpath: only for type = html or auto"));
	free(e);
	e = load(SRC_HEAD "exclude_xpath = //nav\ntype = feed\n", &n);
	check(n == 1 && has(e, "t.conf:6: [source \"a\"] exclude_xpath: only "
	    "for type = html or auto"));	/* at the end of the file */
	free(e);
	check(load_conf(&cf, SRC_HEAD "type = html\nexclude_xpath = //nav\n"
	    "[source \"b\"]\nurl = http://y/\ntype = auto\n"
	    "exclude_xpath = //nav\n") == 0);
	conf_free(&cf);
}

/* XPath values keep quotes, '=', ';' and '#'; comments still go. */
static void
test_xpath_syntax(void)
{
	struct conf		 cf;
	const struct conf_source *src;
	char			*text, *longx;
	int			 n;

#define XP_ITEM "//div[@class=\"a ; b\" and @id='x # y']"
#define XP_LINK "a[contains(@href, \"?p=1;q=2#top\") or @rel = 'x ;y']/@href"
#define XP_TITLE "//h1[@data-x=\"=\"] | //h2[@k='a=b']"
#define XP_BODY "//article[@class=\"post #1\"]"
#define XP_SUMMARY "//p[.//a[@title=\"[x] ; y\"]]"
	check(load_conf(&cf, SRC_HEAD
	    "item_xpath = " XP_ITEM "\n"
	    "link_xpath = " XP_LINK "   ; a comment\n"
	    "title_xpath=" XP_TITLE "\n"
	    "body_xpath = " XP_BODY " # main text\n"
	    "summary_xpath = " XP_SUMMARY " ; \"quoted\" [comment]\n"
	    "date_xpath = //time ;x\n"
	    "exclude_xpath = //*[@id='a;b']\n"
	    "title = Don't panic ; an apostrophe is not a quote here\n") == 0);
	src = &cf.sources[0];
	check_str_eq(src->item_xpath, XP_ITEM);
	check_str_eq(src->link_xpath, XP_LINK);
	check_str_eq(src->title_xpath, XP_TITLE);
	check_str_eq(src->body_xpath, XP_BODY);
	check_str_eq(src->summary_xpath, XP_SUMMARY);
	check_str_eq(src->date_xpath, "//time");
	check_str_eq(src->exclude_xpath, "//*[@id='a;b']");
	check_str_eq(src->title, "Don't panic");
	check(src->rules.link == src->link_xpath);
	conf_free(&cf);

	/* The same past inih's line length (the value is moved aside). */
	longx = malloc(400);
	memset(longx, 0, 400);
	strcpy(longx, "//div[@class=\"x ; y\"]");
	while (strlen(longx) < 300)
		strcat(longx, " | //p[@x='# ; =']");
	if (asprintf(&text, SRC_HEAD "type = html\nbody_xpath = %s ; c\n",
	    longx) < 0)
		abort();
	check(load_conf(&cf, text) == 0);
	check_str_eq(cf.sources[0].body_xpath, longx);
	conf_free(&cf);
	free(text);
	free(longx);

	/* Other values keep their behaviour: comments after a blank. */
	check(load_conf(&cf, SRC_HEAD "title = \"Quoted ; title\" ; c\n") ==
	    0);
	check_str_eq(cf.sources[0].title, "\"Quoted");
	conf_free(&cf);
	check(load_conf(&cf, GOOD_HEAD "[source \"a\"]\n"
	    "url = http://x/a?b=1;c=2#frag ; comment\n") == 0);
	check_str_eq(cf.sources[0].url, "http://x/a?b=1;c=2#frag");
	conf_free(&cf);

	/* A value that is all comment is empty. */
	text = load(SRC_HEAD "body_xpath = ; nothing\n", &n);
	check(n == 1 && has(text, "t.conf:6: [source \"a\"] body_xpath: "
	    "empty value"));
	free(text);
}

static void
test_follow_teasers(void)
{
	struct conf	 cf;
	char		*e;
	int		 n;

	check(load_conf(&cf, SRC_HEAD "follow_teasers = 10\n"
	    "[source \"b\"]\nurl = http://y/\ntype = html\n"
	    "follow_teasers = 100\n[source \"c\"]\nurl = http://z/\n"
	    "follow_teasers = 0\n") == 0);
	check(cf.sources[0].follow_teasers == 10);
	check(cf.sources[1].follow_teasers == 100);
	check(cf.sources[2].follow_teasers == 0);
	conf_free(&cf);

	e = load(SRC_HEAD "follow_teasers = 101\n", &n);
	check(n == 1 && has(e, "t.conf:6: [source \"a\"] follow_teasers: must "
	    "be a number from 0 to 100 (got \"101\")"));
	free(e);
	e = load(SRC_HEAD "follow_teasers = -1\n", &n);
	check(n == 1 && has(e, "t.conf:6: [source \"a\"] follow_teasers: must "
	    "be a number from 0 to 100"));
	free(e);
	e = load(SRC_HEAD "follow_teasers = 5x\n", &n);
	check(n == 1 && has(e, "follow_teasers: must be a number"));
	free(e);
	e = load(SRC_HEAD "follow_teasers = 3\ntype = feed\n", &n);
	check(n == 1 && has(e, "t.conf:6: [source \"a\"] follow_teasers: only "
	    "for type = html or auto"));
	free(e);
}

static void
test_source_max_size(void)
{
	struct conf	 cf;
	char		*e;
	int		 n;

	/* Given, else the [daemon] one, wherever [daemon] is. */
	check(load_conf(&cf, SRC_HEAD "max_size = 512K\n"
	    "[source \"b\"]\nurl = http://y/\ntype = feed\nmax_size = 1G\n"
	    "[source \"c\"]\nurl = http://z/\n"
	    "[daemon]\nmax_size = 2M\n") == 0);
	check(cf.max_size == 2 * 1024 * 1024);
	check(cf.sources[0].max_size == 512 * 1024);
	check(cf.sources[1].max_size == 1024 * 1024 * 1024);
	check(cf.sources[2].max_size == 2 * 1024 * 1024);
	conf_free(&cf);
	check(load_conf(&cf, SRC_HEAD) == 0);
	check(cf.sources[0].max_size == CONF_DEFAULT_MAX_SIZE);
	conf_free(&cf);

	e = load(SRC_HEAD "max_size = 12Q\n", &n);
	check(n == 1 && has(e, "t.conf:6: [source \"a\"] max_size: not a "
	    "size"));
	free(e);
	e = load(SRC_HEAD "max_size = 100\n", &n);
	check(n == 1 && has(e, "t.conf:6: [source \"a\"] max_size: must be "
	    "between 1K and 1G (got \"100\")"));
	free(e);
	e = load(SRC_HEAD "max_size = 2G\n", &n);
	check(n == 1 && has(e, "[source \"a\"] max_size: must be between"));
	free(e);
}

static void
test_source_same(void)
{
	struct conf		 c1, c2;
	struct conf_source	 a, b;
	const char		*text = SRC_HEAD "type = html\n"
	    "item_xpath = //li\nlink_xpath = a/@href\nfollow_teasers = 5\n"
	    "max_size = 1M\nrefresh = 1h\ntitle = A\n";
	char			 other[] = "//ul/li";

	check(load_conf(&c1, text) == 0);
	check(load_conf(&c2, text) == 0);
	a = c1.sources[0];
	check(conf_source_same(&a, &c2.sources[0]));
	check(conf_source_same(&a, &a));

	b = a;
	b.title = NULL;		/* display only */
	check(conf_source_same(&a, &b));
	b = a;
	b.url = "http://other/";
	check(!conf_source_same(&a, &b));
	b = a;
	b.name = "b";
	check(!conf_source_same(&a, &b));
	b = a;
	b.type = SOURCE_AUTO;
	check(!conf_source_same(&a, &b));
	b = a;
	b.item_xpath = other;
	check(!conf_source_same(&a, &b));
	b = a;
	b.link_xpath = NULL;
	check(!conf_source_same(&a, &b) && !conf_source_same(&b, &a));
	b = a;
	b.body_xpath = other;
	check(!conf_source_same(&a, &b) && !conf_source_same(&b, &a));
	b = a;
	b.follow_teasers = 6;
	check(!conf_source_same(&a, &b));
	b = a;
	b.max_size = 2 * 1024 * 1024;
	check(!conf_source_same(&a, &b));
	b = a;
	b.refresh = 60;
	check(!conf_source_same(&a, &b));
	conf_free(&c2);

	/* Each new key changed in the file. */
	check(load_conf(&c2, SRC_HEAD "type = html\n"
	    "item_xpath = //li\nlink_xpath = a/@href\nfollow_teasers = 5\n"
	    "max_size = 1M\nrefresh = 1h\ntitle = A\n"
	    "exclude_xpath = //nav\n") == 0);
	check(!conf_source_same(&c1.sources[0], &c2.sources[0]));
	conf_free(&c2);
	check(load_conf(&c2, SRC_HEAD "type = html\n"
	    "item_xpath = //li\nlink_xpath = a/@href\nfollow_teasers = 5\n"
	    "refresh = 1h\ntitle = A\n[daemon]\nmax_size = 1M\n") == 0);
	check(conf_source_same(&c1.sources[0], &c2.sources[0]));
	conf_free(&c2);
	conf_free(&c1);
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

/* [feed] subtitle, home, icon, logo: http(s) URLs only. */
static void
test_feed_pictures(void)
{
	struct conf	 cf;
	char		*errors = NULL;
	int		 n;

	check(conf_load(&cf, write_file("pic.conf", GOOD_HEAD
	    "subtitle = Every story, once\nhome = https://example.org/\n"
	    "icon = https://example.org/i.png\nlogo = http://example.org/l.png\n"
	    "[source \"a\"]\nurl = https://a.example/feed\n"),
	    &errors, &n) == 0);
	check_str_eq(cf.outputs[0].subtitle, "Every story, once");
	check_str_eq(cf.outputs[0].home, "https://example.org/");
	check_str_eq(cf.outputs[0].icon, "https://example.org/i.png");
	check_str_eq(cf.outputs[0].logo, "http://example.org/l.png");
	conf_free(&cf);
	errors = load(GOOD_HEAD "icon = javascript:alert(1)\n"
	    "logo = logo.png\nhome = file:///etc/passwd\n"
	    "[source \"a\"]\nurl = https://a.example/feed\n", &n);
	check(n == 3);
	check(has(errors, "t.conf:4: [feed] icon: must be an absolute http(s) "
	    "URL (got \"javascript:alert(1)\")"));
	check(has(errors, "[feed] logo: must be an absolute http(s) URL"));
	check(has(errors, "[feed] home: must be an absolute http(s) URL"));
	free(errors);
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
	test_source_type();
	test_xpath_keys();
	test_xpath_syntax();
	test_follow_teasers();
	test_source_max_size();
	test_source_same();
	test_big();
	test_missing_file();
	test_units();
	test_feed_pictures();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ret = check_done();
	if (system(cmd) != 0)
		return 99;
	return ret;
}
