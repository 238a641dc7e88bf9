/*
 * test_parse_stream.c: items read as the parser ends them (parse_xml.c,
 * px_stream_end) come out as a walk over the whole tree gave them: the
 * feed's link found after the items, the one date warning, the item
 * limit, namespaces declared on each item; the repair pass run as
 * libxml2 reads; and a large feed is never whole twice in memory.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "parse.h"
#include "util.h"

static int
parse(struct buf *b, struct parse_result *res)
{
	char	*cause = NULL;
	int	 rc;

	rc = parse_feed(b->data, b->len, "http://fetch.test/feed", NULL, res,
	    &cause);
	free(cause);
	return rc;
}

static int
has_warning(const struct parse_result *res, const char *s)
{
	size_t	 i;

	for (i = 0; i < res->warnings.n; i++)
		if (strcmp(res->warnings.v[i], s) == 0)
			return 1;
	return 0;
}

/* Relative links resolve against the channel's link, before or after. */
static void
test_link_after_items(void)
{
	struct parse_result	 res;
	struct buf		 b;
	size_t			 i;

	buf_init(&b);
	buf_addstr(&b, "<rss version=\"2.0\"><channel><title>T</title>\n");
	for (i = 0; i < 5; i++)
		buf_printf(&b, "<item><title>a%zu</title><link>s/%zu</link>"
		    "</item>\n", i, i);
	buf_addstr(&b, "<link>http://late.test/dir/</link>");
	for (i = 0; i < 5; i++)
		buf_printf(&b, "<item><title>b%zu</title><link>t/%zu</link>"
		    "</item>\n", i, i);
	buf_addstr(&b, "</channel></rss>");
	check(parse(&b, &res) == 0);
	check(res.items.n == 10);
	if (res.items.n == 10) {
		check_str_eq(res.items.v[0]->link, "http://late.test/dir/s/0");
		check_str_eq(res.items.v[9]->link, "http://late.test/dir/t/4");
	}
	parse_result_free(&res);

	/* Atom: an alternate link after the entries, a better one later. */
	buf_reset(&b);
	buf_addstr(&b, "<feed xmlns=\"http://www.w3.org/2005/Atom\">"
	    "<title>A</title><link rel=\"self\" href=\"http://self.test/\"/>"
	    "<entry><id>1</id><title>e1</title><link href=\"e/1\"/></entry>"
	    "<entry><id>2</id><title>e2</title>"
	    "<link href=\"http://abs.test/2\"/></entry>"
	    "<link rel=\"alternate\" type=\"application/xml\" "
	    "href=\"http://worse.test/\"/>"
	    "<entry><id>3</id><title>e3</title><link href=\"e/3\"/></entry>"
	    "<link rel=\"alternate\" href=\"http://best.test/x/\"/>"
	    "<entry><id>4</id><title>e4</title><link href=\"e/4\"/></entry>"
	    "</feed>");
	check(parse(&b, &res) == 0);
	check(res.items.n == 4);
	if (res.items.n == 4) {
		check_str_eq(res.items.v[0]->link, "http://best.test/x/e/1");
		check_str_eq(res.items.v[1]->link, "http://abs.test/2");
		check_str_eq(res.items.v[2]->link, "http://best.test/x/e/3");
		check_str_eq(res.items.v[3]->link, "http://best.test/x/e/4");
	}
	check_str_eq(res.link, "http://best.test/x/");
	parse_result_free(&res);
	buf_free(&b);
}

/*
 * 10,005 items, unreadable dates on the 4th and the 10,003rd and on the
 * channel after them: one warning, for the 4th; one for the limit.
 */
static void
test_limit_and_dates(void)
{
	struct parse_result	 res;
	struct buf		 b;
	size_t			 i, n;

	buf_init(&b);
	buf_addstr(&b, "<rss version=\"2.0\"><channel><title>T</title>"
	    "<link>http://l.test/</link>\n");
	for (i = 0; i < PARSE_MAX_ITEMS + 5; i++) {
		buf_printf(&b, "<item><title>i%zu</title><link>/%zu</link>",
		    i, i);
		if (i == 3 || i == PARSE_MAX_ITEMS + 2)
			buf_printf(&b, "<pubDate>bad %zu</pubDate>", i);
		buf_addstr(&b, "</item>\n");
	}
	buf_addstr(&b, "<lastBuildDate>bad channel</lastBuildDate>"
	    "</channel></rss>");
	check(parse(&b, &res) == 0);
	check(res.items.n == PARSE_MAX_ITEMS);
	check(res.warnings.n == 2);
	check(has_warning(&res, "unreadable date \"bad 3\""));
	check(has_warning(&res, "more than 10000 items, the rest ignored"));
	if (res.items.n == PARSE_MAX_ITEMS) {
		check_str_eq(res.items.v[0]->link, "http://l.test/0");
		check_str_eq(res.items.v[PARSE_MAX_ITEMS - 1]->title,
		    "i9999");
	}
	parse_result_free(&res);

	/* The channel's bad date first: that is the one quoted. */
	buf_reset(&b);
	buf_addstr(&b, "<rss version=\"2.0\"><channel><title>T</title>"
	    "<pubDate>first bad</pubDate>\n");
	for (i = 0; i < 3; i++)
		buf_printf(&b, "<item><title>i%zu</title><link>http://x/%zu"
		    "</link><pubDate>item bad</pubDate></item>\n", i, i);
	buf_addstr(&b, "</channel></rss>");
	check(parse(&b, &res) == 0);
	check(res.items.n == 3);
	check(res.warnings.n == 1 &&
	    has_warning(&res, "unreadable date \"first bad\""));
	parse_result_free(&res);

	/* Nested (unclosed) items count towards the limit. */
	buf_reset(&b);
	buf_addstr(&b, "<rss version=\"2.0\"><channel><title>T</title>\n");
	for (i = 0; i < PARSE_MAX_ITEMS - 2; i++)
		buf_printf(&b, "<item><title>i%zu</title></item>\n", i);
	buf_addstr(&b, "<item><title>outer</title><item><title>n1</title>"
	    "</item><item><title>n2</title><pubDate>n2 bad</pubDate></item>"
	    "</item>\n<item><title>after</title></item></channel></rss>");
	check(parse(&b, &res) == 0);
	n = res.items.n;
	check(n == PARSE_MAX_ITEMS);
	if (n == PARSE_MAX_ITEMS) {
		check_str_eq(res.items.v[n - 2]->title, "outer");
		check_str_eq(res.items.v[n - 1]->title, "n1");
	}
	check(!has_warning(&res, "unreadable date \"n2 bad\""));
	check(has_warning(&res, "more than 10000 items, the rest ignored"));
	parse_result_free(&res);
	buf_free(&b);
}

/* Namespaces declared on each item, freed with it, are read on each. */
static void
test_namespaces_on_items(void)
{
	struct parse_result	 res;
	struct buf		 b;
	size_t			 i;
	int			 ok = 1;
	char			 want[32];

	buf_init(&b);
	buf_addstr(&b, "<rss version=\"2.0\"><channel><title>T</title>\n");
	for (i = 0; i < 200; i++)
		buf_printf(&b, "<item xmlns:dc=\"http://purl.org/dc/elements/"
		    "1.1/\" xmlns:o%zu=\"http://other.test/%zu\"><title>t%zu"
		    "</title><dc:creator>C%zu</dc:creator><o%zu:x>y</o%zu:x>"
		    "<link>http://n.test/%zu</link></item>\n", i, i, i, i, i,
		    i, i);
	buf_addstr(&b, "</channel></rss>");
	check(parse(&b, &res) == 0);
	check(res.items.n == 200);
	for (i = 0; i < res.items.n; i++) {
		snprintf(want, sizeof want, "C%zu", i);
		if (res.items.v[i]->author == NULL ||
		    strcmp(res.items.v[i]->author, want) != 0)
			ok = 0;
	}
	check(ok);
	parse_result_free(&res);
	buf_free(&b);
}

/* n items of about 200 bytes, from "<rss ...><channel>" on. */
static void
rss_items(struct buf *b, size_t n)
{
	size_t	 i;

	buf_addstr(b, "<rss version=\"2.0\"><channel><title>T</title>"
	    "<link>http://r.test/</link>\n");
	for (i = 0; i < n; i++)
		buf_printf(b, "<item><title>Item %zu</title><link>/%zu</link>"
		    "<description>&lt;p&gt;some words of text for the item, "
		    "some more words&lt;/p&gt;</description></item>\n", i, i);
}

/*
 * The repair pass runs as libxml2 reads: past libxml2's first reads it
 * repairs as before, and what follows the end of the document, which
 * libxml2 never reads, is still repaired (counted) or refused.
 */
static void
test_repair_as_read(void)
{
	struct parse_result	 res;
	struct buf		 b;
	size_t			 i;
	char			*cause = NULL;

	buf_init(&b);
	rss_items(&b, 1500);
	buf_addstr(&b, "<item><title>a&nbsp;b &amp; c & d</title></item>"
	    "</channel></rss>");
	check(b.len > 150000);
	check(parse(&b, &res) == 0);
	check(res.items.n == 1501);
	if (res.items.n == 1501)
		check_str_eq(res.items.v[1500]->title,
		    "a\xc2\xa0" "b & c & d");
	check(has_warning(&res, "recovered: 1 HTML entities that XML does "
	    "not define"));
	check(has_warning(&res, "recovered: 1 unescaped '&'"));
	parse_result_free(&res);

	/* After the root element: libxml2 stops, the repairs do not. */
	buf_reset(&b);
	rss_items(&b, 10);
	buf_addstr(&b, "</channel></rss>\n<!-- ");
	for (i = 0; i < 200000; i++)
		buf_addc(&b, 'x');
	buf_addstr(&b, " --><p>&nbsp;</p>");
	check(parse(&b, &res) == 0);
	check(res.items.n == 10);
	check(has_warning(&res, "recovered: 1 HTML entities that XML does "
	    "not define"));
	parse_result_free(&res);

	buf_reset(&b);
	rss_items(&b, 10);
	buf_addstr(&b, "</channel></rss>\n<!-- ");
	for (i = 0; i < 200000; i++)
		buf_addc(&b, 'x');
	buf_addstr(&b, " --><p");
	for (i = 0; i < 300; i++)
		buf_printf(&b, " a%zu=\"1\"", i);
	buf_addstr(&b, ">");
	check(parse_feed(b.data, b.len, "http://fetch.test/feed", NULL, &res,
	    &cause) == -1);
	check(cause != NULL && strstr(cause, "attributes") != NULL);
	free(cause);
	cause = NULL;

	/* Cut off inside a tag, far into the document. */
	buf_reset(&b);
	rss_items(&b, 1500);
	buf_addstr(&b, "<item><title>last</title><link href=\"http://exa");
	check(parse(&b, &res) == 0);
	check(res.items.n == 1501);
	check(has_warning(&res, "recovered: document truncated inside a "
	    "tag"));
	parse_result_free(&res);
	buf_free(&b);
}

/* parse_source() as the daemon calls it: the body is not read again. */
static int
parse_discard(struct buf *b, struct parse_result *res)
{
	struct parse_opts	 opts;
	char			*cause = NULL;
	int			 rc;

	memset(&opts, 0, sizeof opts);
	opts.type = SOURCE_FEED;
	opts.discard = 1;
	rc = parse_source(b->data, b->len, "http://fetch.test/feed", NULL,
	    &opts, res, &cause);
	free(cause);
	return rc;
}

/*
 * Given back as it is read, a 3 MB body reads as it does kept: the
 * entities its doctype declares (names copied) are still dropped at the
 * end, where the start of the body is gone.
 */
static void
test_discard(void)
{
	struct parse_result	 res, res2;
	struct buf		 b, copy;
	size_t			 i;

	buf_init(&b);
	buf_addstr(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
	    "<!ENTITY declaredone \"x\">\n]>\n");
	rss_items(&b, 25000);
	buf_addstr(&b, "<item><title>end &declaredone; &nbsp;</title>"
	    "</item></channel></rss>");
	check(b.len > 3 * 1024 * 1024);
	buf_init(&copy);
	buf_add(&copy, b.data, b.len);
	check(parse(&copy, &res) == 0);
	check(parse_discard(&b, &res2) == 0);
	check(res.items.n == res2.items.n && res.items.n == PARSE_MAX_ITEMS);
	check(res.warnings.n == res2.warnings.n);
	for (i = 0; i < res.warnings.n && i < res2.warnings.n; i++)
		check_str_eq(res.warnings.v[i], res2.warnings.v[i]);
	check(has_warning(&res2, "recovered: 1 references to entities "
	    "declared in the document dropped"));
	for (i = 0; i < res.items.n && i < res2.items.n; i++)
		if (strcmp(res.items.v[i]->title, res2.items.v[i]->title) !=
		    0 || strcmp(res.items.v[i]->link, res2.items.v[i]->link) !=
		    0)
			break;
	check(i == res.items.n);
	parse_result_free(&res);
	parse_result_free(&res2);
	buf_free(&copy);
	buf_free(&b);
}

/*
 * The peak RSS (VmHWM) in bytes, started again from the current RSS when
 * reset is set; 0 where Linux's /proc does not tell.
 */
static size_t
peak_rss(int reset)
{
	FILE	*f;
	char	 line[256];
	size_t	 kb = 0;

	if (reset) {
		if ((f = fopen("/proc/self/clear_refs", "w")) == NULL)
			return 0;
		if (fputs("5", f) == EOF) {
			fclose(f);
			return 0;
		}
		if (fclose(f) != 0)
			return 0;
	}
	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmHWM: %zu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

/*
 * A 24 MB feed of 40,000 items, parsed as the daemon does: the parse
 * (libxml2's input, the tree, the 10,000 items kept) adds less than a
 * quarter of the body (3.5 MB; nothing once the body's pages are given
 * back as they are read).
 * It added seven times the body (184 MB) when libxml2 copied its input
 * twice, the repairs (the &nbsp; in it) made a third copy and the whole
 * tree was built before any item was read.
 */
static void
test_big_feed_memory(void)
{
	struct parse_result	 res;
	struct buf		 b;
	size_t			 i, j, before, after;

	buf_init(&b);
	buf_addstr(&b, "<rss version=\"2.0\"><channel><title>T&nbsp;</title>"
	    "<link>http://big.test/</link>\n");
	for (i = 0; i < 40000; i++) {
		buf_printf(&b, "<item>\n<title>Item %zu</title>\n"
		    "<link>http://big.test/%zu</link>\n<guid>g%zu</guid>\n"
		    "<pubDate>Mon, 01 Dec 2025 10:00:00 GMT</pubDate>\n"
		    "<description>", i, i, i);
		for (j = 0; j < 12; j++)
			buf_addstr(&b, "&lt;p&gt;word &amp;amp; more&lt;/p&gt;");
		buf_addstr(&b, "</description>\n</item>\n");
	}
	buf_addstr(&b, "</channel></rss>");
	before = peak_rss(1);
	check(parse_discard(&b, &res) == 0);
	after = peak_rss(0);
	/* The counters lag a little: the peak may read below the start. */
	after = after > before ? after : before;
	check(res.items.n == PARSE_MAX_ITEMS);
#if !defined(__SANITIZE_ADDRESS__)
	if (before > 0 && after > 0) {
		check(after - before < b.len / 4);
		if (after - before >= b.len / 4)
			fprintf(stderr, "body %zu bytes, peak grew by %zu\n",
			    b.len, after - before);
	}
#endif
	parse_result_free(&res);
	buf_free(&b);
}

int
main(void)
{
	test_link_after_items();
	test_limit_and_dates();
	test_namespaces_on_items();
	test_repair_as_read();
	test_discard();
	test_big_feed_memory();
	return check_done();
}
