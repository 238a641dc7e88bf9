/*
 * test_parse_limits.c: hostile bodies cost bounded memory and time.
 * Each case is built in memory at a size that would hurt without its cap.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "check.h"
#include "parse.h"
#include "util.h"

/* 1 MB feed author, 2,000 items without one: the copy must be cut. */
static void
test_inherited_author(void)
{
	struct parse_result	 res;
	struct buf		 b;
	char			*cause = NULL;
	size_t			 i, longest = 0;
	int			 rc;

	buf_init(&b);
	buf_addstr(&b, "<rss version=\"2.0\"><channel><title>T</title>"
	    "<managingEditor>");
	for (i = 0; i < 1024 * 1024; i++)
		buf_addc(&b, 'a' + (int)(i % 26));
	buf_addstr(&b, "</managingEditor>");
	for (i = 0; i < 2000; i++)
		buf_printf(&b, "<item><title>i%zu</title></item>", i);
	buf_addstr(&b, "</channel></rss>");
	rc = parse_feed(b.data, b.len, "http://x.test/", NULL, &res, &cause);
	check(rc == 0);
	if (rc == 0) {
		check(res.items.n == 2000);
		for (i = 0; i < res.items.n; i++)
			if (res.items.v[i]->author != NULL &&
			    strlen(res.items.v[i]->author) > longest)
				longest = strlen(res.items.v[i]->author);
		check(longest > 0 && longest <= PARSE_MAX_INHERITED);
		parse_result_free(&res);
	}
	free(cause);
	buf_free(&b);
}

/* Millions of "{}" in an unused member: refused before json-c sees it. */
static void
test_json_flood(void)
{
	struct parse_result	 res;
	struct buf		 b;
	char			*cause = NULL;
	size_t			 i;

	buf_init(&b);
	buf_addstr(&b, "{\"version\": \"https://jsonfeed.org/version/1.1\", "
	    "\"title\": \"T\", \"junk\": [");
	for (i = 0; i < 500000; i++)
		buf_addstr(&b, i == 0 ? "{}" : ",{}");
	buf_addstr(&b, "], \"items\": []}");
	check(parse_feed(b.data, b.len, "http://x.test/", NULL, &res,
	    &cause) == -1);
	check(cause != NULL && strstr(cause, "objects and arrays") != NULL);
	free(cause);
	cause = NULL;

	/* Braces inside strings are text, not containers. */
	buf_reset(&b);
	buf_addstr(&b, "{\"version\": \"https://jsonfeed.org/version/1\", "
	    "\"title\": \"");
	for (i = 0; i < 300000; i++)
		buf_addstr(&b, "{[");
	buf_addstr(&b, "\", \"items\": [{\"id\": \"1\", "
	    "\"content_text\": \"x\"}]}");
	check(parse_feed(b.data, b.len, "http://x.test/", NULL, &res,
	    &cause) == 0);
	if (cause == NULL) {
		check(res.items.n == 1);
		parse_result_free(&res);
	}
	free(cause);
	buf_free(&b);
}

/* One tag with 80,000 attributes: libxml2 2.9 is quadratic on it. */
static void
test_wide_tag(void)
{
	struct parse_result	 res;
	struct buf		 b;
	char			*cause = NULL;
	size_t			 i;

	buf_init(&b);
	buf_addstr(&b, "<rss version=\"2.0\"><channel><title>T</title><item");
	for (i = 0; i < 80000; i++)
		buf_printf(&b, " a%zu=\"v\"", i);
	buf_addstr(&b, "><title>x</title></item></channel></rss>");
	check(parse_feed(b.data, b.len, "http://x.test/", NULL, &res,
	    &cause) == -1);
	check(cause != NULL && strstr(cause, "attributes") != NULL);
	free(cause);
	cause = NULL;

	/* A dozen attributes, and '=' inside quoted values, are fine. */
	buf_reset(&b);
	buf_addstr(&b, "<rss version=\"2.0\"><channel><title>T</title><item>"
	    "<enclosure url=\"http://x.test/a?b=1&amp;c=2\" length=\"1\" "
	    "type=\"audio/mpeg\"/><title>x</title></item></channel></rss>");
	check(parse_feed(b.data, b.len, "http://x.test/", NULL, &res,
	    &cause) == 0);
	if (cause == NULL) {
		check(res.items.n == 1 && res.items.v[0]->nenclosures == 1);
		parse_result_free(&res);
	}
	free(cause);
	buf_free(&b);
}

int
main(void)
{
	xmlInitParser();
	test_inherited_author();
	test_json_flood();
	test_wide_tag();
	xmlCleanupParser();
	return check_done();
}
