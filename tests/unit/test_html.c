/*
 * test_html.c: pages through parse_html(): hostile and broken HTML ends
 * in bounded time with a result or a cause (never a crash, a hang or a
 * leak under the sanitizer build), and a few things every page must get
 * right: a title without the site's name, absolute links in the body, no
 * scripts or handlers in what is published.
 *
 * The time bound (HTML_SECONDS) only catches hangs and quadratic blowups;
 * it is far above what any case takes (each is under a second in a
 * normal build).  TEST_HTML_VERBOSE=1 prints each case's time and result,
 * =2 also the items of the small pages.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "check.h"
#include "parse.h"
#include "parse_html.h"
#include "util.h"

#if defined(__SANITIZE_ADDRESS__)
/* Under ASan every realloc copies: linear growth shows up as seconds. */
#define HTML_SECONDS	60.0
#else
#define HTML_SECONDS	10.0
#endif
#define BASE		"http://site.test/news/story.html"

/* Paragraphs enough for any extractor to see an article. */
#define ARTICLE_BODY \
	"<p>The harbour board voted on Tuesday to rebuild the north pier, " \
	"which has been closed to the public since a storm damaged it two " \
	"winters ago, and work is due to start in the spring.</p>\n" \
	"<p>The new pier will be built of concrete on steel piles, will be " \
	"two metres higher than the old one and will cost about four million " \
	"pounds, most of it from a national coastal fund.</p>\n" \
	"<p>Fishermen who moor along the pier welcomed the decision but asked " \
	"the board to keep one berth open during the work, and the board " \
	"said it would try to do so for most of the year.</p>\n" \
	"<p>The old timber structure will be taken down in sections over the " \
	"summer, and parts of it will be kept for the town museum, which has " \
	"asked for the original lamp posts and the iron railings.</p>\n"

#define ARTICLE \
	"<article><h1>Harbour board to rebuild the north pier</h1>\n" \
	ARTICLE_BODY "</article>\n"

#define HEAD \
	"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" \
	"<title>Harbour board to rebuild the north pier | The Test Times" \
	"</title><meta property=\"og:site_name\" content=\"The Test Times\">" \
	"</head><body>\n"

#define TAIL	"</body></html>\n"

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1 when s is valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF). */
static int
utf8_valid(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c;
	int			 n, i;

	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			n = 1;
			c = *p & 0x1f;
		} else if ((*p & 0xf0) == 0xe0) {
			n = 2;
			c = *p & 0x0f;
		} else if ((*p & 0xf8) == 0xf0) {
			n = 3;
			c = *p & 0x07;
		} else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (p[i] & 0x3f);
		}
		if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) ||
		    (n == 3 && c < 0x10000) || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* Every string of every item is valid UTF-8 and at most max bytes. */
static int
items_sane(const struct parse_result *res, size_t max)
{
	const struct item	*it;
	const char		*f[8];
	size_t			 i, j;

	for (i = 0; i < res->items.n; i++) {
		it = res->items.v[i];
		f[0] = it->title;
		f[1] = it->link;
		f[2] = it->summary;
		f[3] = it->content;
		f[4] = it->author;
		f[5] = it->thumbnail;
		f[6] = it->origin;
		f[7] = it->id;
		for (j = 0; j < 8; j++) {
			if (f[j] == NULL)
				continue;
			if (!utf8_valid(f[j]) || strlen(f[j]) > max) {
				fprintf(stderr, "item %zu field %zu: %s\n", i,
				    j, utf8_valid(f[j]) ? "too long" :
				    "not UTF-8");
				return 0;
			}
		}
	}
	return 1;
}

/*
 * 1 when a tag in s has an on...= attribute, read as a browser reads
 * it: quoted values are passed over, '>' in them ends nothing.
 */
static int
has_event_attr(const char *s)
{
	const char	*p = s, *q;
	char		 quote;

	while ((p = strchr(p, '<')) != NULL) {
		for (p++, quote = 0; *p != '\0'; p++) {
			if (quote != 0) {
				if (*p == quote)
					quote = 0;
				continue;
			}
			if (*p == '"' || *p == '\'') {
				quote = *p;
				continue;
			}
			if (*p == '>')
				break;
			if ((p[0] == ' ' || p[0] == '/' || p[0] == '\t') &&
			    (p[1] == 'o' || p[1] == 'O') &&
			    (p[2] == 'n' || p[2] == 'N')) {
				for (q = p + 3; IS_ALPHA(*q); q++)
					;
				if (*q == '=')
					return 1;
			}
		}
		if (*p == '\0')
			break;
	}
	return 0;
}

static const struct item *
story_of(const struct parse_result *res)
{
	size_t	 i;

	for (i = 0; i < res->items.n; i++)
		if (res->items.v[i]->kind == ITEM_FULL)
			return res->items.v[i];
	return NULL;
}

static size_t
count_kind(const struct parse_result *res, enum item_kind k)
{
	size_t	 i, n = 0;

	for (i = 0; i < res->items.n; i++)
		if (res->items.v[i]->kind == k)
			n++;
	return n;
}

/*
 * Parse one page, timed.  Returns parse_html()'s value; on 0 the caller
 * frees *res, on -1 checks *cause (freed by the caller too).  A -1
 * without a cause, or a parse over the time bound, fails here.
 */
static int
run(const char *what, const char *buf, size_t len, const char *ct,
    const struct html_rules *rules, struct parse_result *res, char **cause)
{
	double	 t0 = now_s(), dt;
	int	 rc;

	*cause = NULL;
	rc = parse_html(buf, len, BASE, ct, rules, res, cause);
	dt = now_s() - t0;
	if (dt >= HTML_SECONDS)
		fprintf(stderr, "%s: %.1f s\n", what, dt);
	check(dt < HTML_SECONDS);
	check(rc == 0 || rc == -1);
	if (getenv("TEST_HTML_VERBOSE") != NULL)
		fprintf(stderr, "%s: %zu bytes, %.2f s, %s%s%s, %zu items "
		    "(%zu full)\n", what, len, dt, rc == 0 ? "ok" : "error",
		    rc == -1 ? ": " : "", rc == -1 && *cause != NULL ? *cause :
		    "", res->items.n, count_kind(res, ITEM_FULL));
	if (rc == 0 && len < 100000 && getenv("TEST_HTML_VERBOSE") != NULL &&
	    strcmp(getenv("TEST_HTML_VERBOSE"), "2") == 0)
		parse_dump(stderr, res, 1);
	if (rc == -1) {
		if (*cause == NULL)
			fprintf(stderr, "%s: -1 without a cause\n", what);
		check(*cause != NULL);
		check(res->items.n == 0);
	}
	return rc;
}

/* --- hostile shapes --------------------------------------------------- */

/* 100,000 nested <div>s around text, then an article: bounded. */
static void
test_deep_divs(void)
{
	struct parse_result	 res;
	struct buf		 b;
	char			*cause;
	size_t			 i;

	buf_init(&b);
	buf_addstr(&b, HEAD);
	for (i = 0; i < 100000; i++)
		buf_addstr(&b, "<div>");
	buf_addstr(&b, "<p>At the bottom of the well.</p>");
	for (i = 0; i < 100000; i++)
		buf_addstr(&b, "</div>");
	buf_addstr(&b, ARTICLE TAIL);
	if (run("deep divs", b.data, b.len, NULL, NULL, &res, &cause) == 0) {
		check(items_sane(&res, PARSE_MAX_FIELD));
		parse_result_free(&res);
	}
	free(cause);

	/* The same, never closed. */
	buf_reset(&b);
	buf_addstr(&b, HEAD ARTICLE);
	for (i = 0; i < 100000; i++)
		buf_addstr(&b, "<div class=\"x\">");
	buf_addstr(&b, "<p>Unclosed depths.</p>");
	if (run("deep unclosed divs", b.data, b.len, NULL, NULL, &res,
	    &cause) == 0) {
		check(items_sane(&res, PARSE_MAX_FIELD));
		parse_result_free(&res);
	}
	free(cause);
	buf_free(&b);
}

/* 100,000 unclosed <b>, <p> and <li>, each after an article. */
static void
test_unclosed(void)
{
	static const char	*tags[] = { "<b>", "<p>", "<li>", "<table><tr><td>" };
	struct parse_result	 res;
	struct buf		 b;
	char			*cause;
	size_t			 t, i;

	buf_init(&b);
	for (t = 0; t < sizeof tags / sizeof tags[0]; t++) {
		buf_reset(&b);
		buf_addstr(&b, HEAD ARTICLE);
		for (i = 0; i < 100000; i++) {
			buf_addstr(&b, tags[t]);
			buf_addstr(&b, "x ");
		}
		buf_addstr(&b, TAIL);
		if (run(tags[t], b.data, b.len, NULL, NULL, &res,
		    &cause) == 0) {
			check(items_sane(&res, PARSE_MAX_FIELD));
			check(res.items.n <= PARSE_HTML_MAX_ITEMS);
			parse_result_free(&res);
		}
		free(cause);
	}
	buf_free(&b);
}

/* One tag with n attributes, around an article. */
static void
wide_tag(struct buf *b, size_t n)
{
	size_t	 i;

	buf_reset(b);
	buf_addstr(b, HEAD "<div");
	for (i = 0; i < n; i++)
		buf_printf(b, " data-a%zu=\"%zu\"", i, i);
	buf_addstr(b, ">" ARTICLE "</div>" TAIL);
}

/* 10,000 attributes on one tag: refused with a cause; 4,000: read. */
static void
test_attributes(void)
{
	struct parse_result	 res;
	struct buf		 b;
	const struct item	*st;
	char			*cause;

	buf_init(&b);
	wide_tag(&b, 10000);
	check(run("10,000 attributes", b.data, b.len, NULL, NULL, &res,
	    &cause) == -1);
	check(cause != NULL && strstr(cause, "attributes") != NULL);
	free(cause);

	wide_tag(&b, 4000);
	check(run("4,000 attributes", b.data, b.len, NULL, NULL, &res,
	    &cause) == 0);
	if (cause == NULL) {
		check((st = story_of(&res)) != NULL);
		if (st != NULL)
			check(st->content != NULL && strstr(st->content,
			    "north pier") != NULL);
		parse_result_free(&res);
	}
	free(cause);

	/* Attributes inside a script are not a tag's. */
	buf_reset(&b);
	buf_addstr(&b, HEAD "<script>var s = '<div");
	for (size_t i = 0; i < 10000; i++)
		buf_printf(&b, " a%zu=1", i);
	buf_addstr(&b, ">';</script>" ARTICLE TAIL);
	check(run("attributes in a script", b.data, b.len, NULL, NULL, &res,
	    &cause) == 0);
	if (cause == NULL)
		parse_result_free(&res);
	free(cause);
	buf_free(&b);
}

/* A 20 MB page of one text node: bounded, fields cut. */
static void
test_huge_text(void)
{
	struct parse_result	 res;
	struct buf		 b;
	char			*cause;
	size_t			 i, n;

	buf_init(&b);
	buf_addstr(&b, HEAD "<article><h1>A very long story</h1><p>");
	for (i = 0; b.len < 20 * 1024 * 1024; i++)
		buf_addstr(&b, "word word word word word word word word. ");
	buf_addstr(&b, "</p></article>" TAIL);
	if (run("20 MB text", b.data, b.len, NULL, NULL, &res, &cause) ==
	    0) {
		const struct item	*st = story_of(&res);

		check(items_sane(&res, PARSE_MAX_FIELD));
		/* Cut, but between words and with its paragraph closed. */
		check(st != NULL && st->content != NULL);
		if (st != NULL && st->content != NULL) {
			n = strlen(st->content);
			check(n > 4 && strcmp(st->content + n - 4, "</p>") == 0);
		}
		parse_result_free(&res);
	}
	free(cause);

	/* One word of 20 MB: cut between characters, still closed. */
	buf_reset(&b);
	buf_addstr(&b, HEAD "<article><h1>A very long word</h1><p>");
	while (b.len < 20 * 1024 * 1024)
		buf_addstr(&b, "\xc3\xa9\xe2\x82\xac");
	buf_addstr(&b, "</p></article>" TAIL);
	if (run("20 MB word", b.data, b.len, NULL, NULL, &res, &cause) ==
	    0) {
		const struct item	*st = story_of(&res);

		check(items_sane(&res, PARSE_MAX_FIELD));
		if (st != NULL && st->content != NULL) {
			n = strlen(st->content);
			check(n > 4 && strcmp(st->content + n - 4, "</p>") == 0);
		}
		parse_result_free(&res);
	}
	free(cause);

	/* Not even a tag: 20 MB of text. */
	buf_reset(&b);
	buf_addstr(&b, "<!DOCTYPE html>");
	while (b.len < 20 * 1024 * 1024)
		buf_addstr(&b, "plain text without any markup at all ");
	if (run("20 MB untagged", b.data, b.len, NULL, NULL, &res,
	    &cause) == 0) {
		check(items_sane(&res, PARSE_MAX_FIELD));
		parse_result_free(&res);
	}
	free(cause);
	buf_free(&b);
}

/* 50,000 story cards: the teasers stop at PARSE_HTML_MAX_ITEMS. */
static void
test_many_cards(void)
{
	struct parse_result	 res;
	struct buf		 b;
	char			*cause;
	size_t			 i;

	buf_init(&b);
	buf_addstr(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>Everything | Card Site</title></head><body><main>"
	    "<h1>All the news</h1><div class=\"cards\">\n");
	for (i = 0; i < 50000; i++)
		buf_printf(&b, "<div class=\"card\"><h2 class=\"card__title\">"
		    "<a href=\"/2026/11/story-number-%zu.html\">Council "
		    "hears plan number %zu for the harbour</a></h2><p "
		    "class=\"card__snippet\">The plan would change the "
		    "harbour in a new way, the %zuth so far.</p></div>\n",
		    i, i, i);
	buf_addstr(&b, "</div></main>" TAIL);
	check(run("50,000 cards", b.data, b.len, NULL, NULL, &res, &cause) ==
	    0);
	if (cause == NULL) {
		check(res.items.n <= PARSE_HTML_MAX_ITEMS);
		check(count_kind(&res, ITEM_TEASER) == PARSE_HTML_MAX_ITEMS);
		/* A listing: the cards past the cap are not a story. */
		check(count_kind(&res, ITEM_FULL) == 0);
		check(items_sane(&res, PARSE_MAX_FIELD));
		parse_result_free(&res);
	}
	free(cause);
	buf_free(&b);
}

/* Bytes that are not UTF-8, and NULs, in a page that says UTF-8. */
static void
test_bad_bytes(void)
{
	static const char	 page[] = HEAD
	    "<article><h1>Bad \xff\xfe bytes \xc3 in \xed\xa0\x80 the title</h1>"
	    ARTICLE_BODY "<p>Caf\xc3\xa9 \x80\x81 and a NUL \0 here, then "
	    "the last paragraph goes on after it for a while, so that it is "
	    "text a reader would see: the end of the story.</p></article>"
	    TAIL;
	struct parse_result	 res;
	const struct item	*st;
	char			*cause;

	check(run("bad bytes", page, sizeof page - 1, "text/html; "
	    "charset=utf-8", NULL, &res, &cause) == 0);
	if (cause != NULL) {
		free(cause);
		return;
	}
	check(items_sane(&res, PARSE_MAX_FIELD));
	check((st = story_of(&res)) != NULL);
	if (st != NULL) {
		check(st->title != NULL && strstr(st->title, "Bad") != NULL &&
		    strstr(st->title, "the title") != NULL);
		check(st->content != NULL && strstr(st->content,
		    "Caf\xc3\xa9") != NULL);
		/* A NUL does not end the page. */
		check(st->content != NULL && strstr(st->content,
		    "the end of the story") != NULL);
	}
	parse_result_free(&res);
}

/* windows-1252 bytes, no declaration anywhere: read as windows-1252. */
static void
test_cp1252_undeclared(void)
{
	static const char	 page[] =
	    "<!DOCTYPE html>\n<html><head><title>Caf\xe9 on the quay closes"
	    "</title></head><body><article><h1>Caf\xe9 on the quay closes"
	    "</h1>"
	    "<p>The \x93" "Blue Door\x94 caf\xe9 will close at the end of the "
	    "month after thirty years, its owner said on Monday \x96 the rent "
	    "has doubled since the spring.</p>"
	    "<p>Regulars have started a petition, and the council says it "
	    "will meet the landlord next week to talk about the lease and "
	    "what the building could be used for.</p>"
	    "<p>The caf\xe9 is known for its cr\xe8me br\xfbl\xe9" "e and for "
	    "the murals painted by pupils of the school across the road in "
	    "the nineteen-nineties.</p></article></body></html>\n";
	struct parse_result	 res;
	const struct item	*st;
	char			*cause;

	check(run("windows-1252", page, sizeof page - 1, NULL, NULL, &res,
	    &cause) == 0);
	if (cause != NULL) {
		free(cause);
		return;
	}
	check(items_sane(&res, PARSE_MAX_FIELD));
	check((st = story_of(&res)) != NULL);
	if (st != NULL) {
		check_str_eq(st->title, "Caf\xc3\xa9 on the quay closes");
		check(st->content != NULL && strstr(st->content,
		    "\xe2\x80\x9c" "Blue Door\xe2\x80\x9d caf\xc3\xa9") != NULL);
		check(st->content != NULL && strstr(st->content,
		    "cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e") != NULL);
	}
	parse_result_free(&res);
}

/* A UTF-16LE page with a BOM (and one in UTF-16BE). */
static void
test_utf16(void)
{
	static const char	 src[] = "<!DOCTYPE html>\n<html><head>"
	    "<meta charset=\"utf-16\"><title>Zo\xc3\xab wins the "
	    "regatta</title></head><body><article><h1>Zo\xc3\xab wins the "
	    "regatta</h1>" ARTICLE_BODY "</article></body></html>\n";
	struct parse_result	 res;
	const struct item	*st;
	struct buf		 b;
	char			*cause;
	const unsigned char	*p;
	uint32_t		 c;
	int			 be;

	buf_init(&b);
	for (be = 0; be <= 1; be++) {
		buf_reset(&b);
		buf_addstr(&b, be ? "\xfe\xff" : "\xff\xfe");
		/* src is ASCII but for one two-byte sequence (U+00EB). */
		for (p = (const unsigned char *)src; *p != '\0'; p++) {
			c = *p;
			if ((c & 0xe0) == 0xc0) {
				c = ((c & 0x1f) << 6) | (p[1] & 0x3f);
				p++;
			}
			if (be) {
				buf_addc(&b, (int)(c >> 8));
				buf_addc(&b, (int)(c & 0xff));
			} else {
				buf_addc(&b, (int)(c & 0xff));
				buf_addc(&b, (int)(c >> 8));
			}
		}
		check(run(be ? "UTF-16BE" : "UTF-16LE", b.data, b.len, NULL,
		    NULL, &res, &cause) == 0);
		if (cause != NULL) {
			fprintf(stderr, "UTF-16: %s\n", cause);
			free(cause);
			continue;
		}
		check(items_sane(&res, PARSE_MAX_FIELD));
		check((st = story_of(&res)) != NULL);
		if (st != NULL) {
			check_str_eq(st->title, "Zo\xc3\xab wins the regatta");
			check(st->content != NULL && strstr(st->content,
			    "north pier") != NULL);
		}
		parse_result_free(&res);
	}
	buf_free(&b);
}

/* Nothing to read: an empty body, blanks, only a script. */
static void
test_nothing(void)
{
	static const char	 script[] = "<!DOCTYPE html><html><head>"
	    "<title>App</title></head><body><script>document.write("
	    "'<article><h1>Injected story</h1><p>' + 'x'.repeat(500) + "
	    "'</p></article>');</script></body></html>";
	struct parse_result	 res;
	char			*cause;

	check(run("empty", "", 0, NULL, NULL, &res, &cause) == -1);
	free(cause);
	check(run("NULL", NULL, 0, NULL, NULL, &res, &cause) == -1);
	free(cause);
	check(run("blanks", " \n\t\n ", 5, NULL, NULL, &res, &cause) == -1);
	free(cause);
	check(run("script only", script, sizeof script - 1, NULL, NULL, &res,
	    &cause) == -1);
	check(cause != NULL && strcmp(cause, "not a feed, and no story or "
	    "teasers found on the page") == 0);
	free(cause);
}

/* --- what every page must get right ------------------------------------ */

/* <title> "Story | Site" with og:site_name "Site": the title is "Story". */
static void
test_title_without_site(void)
{
	static const char	 page[] = "<!DOCTYPE html>\n<html><head>"
	    "<meta charset=\"utf-8\"><title>Harbour board to rebuild the "
	    "north pier | The Test Times</title><meta property="
	    "\"og:site_name\" content=\"The Test Times\"></head><body>"
	    "<main><div class=\"entry-content\">" ARTICLE_BODY
	    "</div></main></body></html>\n";
	struct parse_result	 res;
	const struct item	*st;
	char			*cause;

	check(run("title", page, sizeof page - 1, NULL, NULL, &res,
	    &cause) == 0);
	if (cause != NULL) {
		free(cause);
		return;
	}
	check_str_eq(res.title, "The Test Times");
	check((st = story_of(&res)) != NULL);
	if (st != NULL)
		check_str_eq(st->title, "Harbour board to rebuild the north "
		    "pier");
	parse_result_free(&res);

	/* The same with an <h1>, and the name before the story. */
	static const char	 page2[] = "<!DOCTYPE html>\n<html><head>"
	    "<meta charset=\"utf-8\"><title>The Test Times - Harbour board "
	    "to rebuild the north pier</title><meta property="
	    "\"og:site_name\" content=\"The Test Times\"></head><body>"
	    ARTICLE "</body></html>\n";

	check(run("title 2", page2, sizeof page2 - 1, NULL, NULL, &res,
	    &cause) == 0);
	if (cause != NULL) {
		free(cause);
		return;
	}
	check((st = story_of(&res)) != NULL);
	if (st != NULL)
		check_str_eq(st->title, "Harbour board to rebuild the north "
		    "pier");
	parse_result_free(&res);
}

/* Relative links and images in the body come out absolute. */
static void
test_absolute_links(void)
{
	static const char	 page[] = HEAD "<article><h1>Harbour board to "
	    "rebuild the north pier</h1>" ARTICLE_BODY
	    "<p>The plans are on the <a href=\"/harbour/plans.html\">board's "
	    "site</a>, with <a href=\"drawings/pier.pdf\">the drawings</a> "
	    "and <a href=\"../about/board.html?id=3#members\">the members"
	    "</a>; the consultation is open until March.</p>"
	    "<figure><img src=\"img/pier.jpg\" alt=\"The pier\"><figcaption>"
	    "The old pier in 2024.</figcaption></figure>"
	    "<p>Comments can also be sent by post to the harbour office, on "
	    "the quay, until the end of the consultation.</p></article>" TAIL;
	struct parse_result	 res;
	const struct item	*st;
	char			*cause;

	check(run("links", page, sizeof page - 1, NULL, NULL, &res,
	    &cause) == 0);
	if (cause != NULL) {
		free(cause);
		return;
	}
	check((st = story_of(&res)) != NULL);
	if (st != NULL && st->content != NULL) {
		check(strstr(st->content,
		    "href=\"http://site.test/harbour/plans.html\"") != NULL);
		check(strstr(st->content,
		    "href=\"http://site.test/news/drawings/pier.pdf\"") !=
		    NULL);
		check(strstr(st->content, "href=\"http://site.test/about/"
		    "board.html?id=3#members\"") != NULL);
		check(strstr(st->content,
		    "src=\"http://site.test/news/img/pier.jpg\"") != NULL);
		check(strstr(st->content, "href=\"/") == NULL);
		check(strstr(st->content, "href=\"drawings") == NULL);
		check(strstr(st->content, "src=\"img/") == NULL);
	} else
		check(!"a story with content");
	check_str_eq(st != NULL ? st->link : NULL, BASE);
	parse_result_free(&res);
}

/* A page from the web cannot move itself to file: with <base>. */
static void
test_file_base(void)
{
	static const char	 page[] = "<!DOCTYPE html>\n<html><head>"
	    "<meta charset=\"utf-8\"><base href=\"file:///etc/\">"
	    "<link rel=\"canonical\" href=\"file:///etc/passwd\">"
	    "<title>Harbour board to rebuild the north pier</title></head>"
	    "<body><article><h1>Harbour board to rebuild the north pier</h1>"
	    ARTICLE_BODY "<p>The plans are on the <a href=\"plans.html\">"
	    "board's site</a>, open until March, with the drawings.</p>"
	    "</article>" TAIL;
	struct parse_result	 res;
	const struct item	*st;
	char			*cause;

	check(run("file base", page, sizeof page - 1, NULL, NULL, &res,
	    &cause) == 0);
	if (cause != NULL) {
		free(cause);
		return;
	}
	check((st = story_of(&res)) != NULL);
	check_str_eq(st != NULL ? st->link : NULL, BASE);
	if (st != NULL && st->content != NULL) {
		check(strstr(st->content, "file:") == NULL);
		check(strstr(st->content,
		    "href=\"http://site.test/news/plans.html\"") != NULL);
	}
	parse_result_free(&res);
}

/* Scripts, event handlers and javascript: links never reach the output. */
static void
test_no_scripts(void)
{
	static const char	 page[] = HEAD "<article><h1>Harbour board to "
	    "rebuild the north pier</h1>"
	    "<p onclick=\"stealCookies()\" onmouseover=\"track()\">The "
	    "harbour board voted on Tuesday to rebuild the north pier, which "
	    "has been closed since a storm damaged it two winters ago.</p>"
	    "<script>var evilScript = 1; document.write('<p>injected</p>');"
	    "</script>"
	    "<p>The new pier will cost about four million pounds; see <a "
	    "href=\"javascript:alert(document.cookie)\">the figures</a> and "
	    "<a href=\" JaVaScRiPt:alert(2)\">the map</a> and <a href=\"java"
	    "&#x09;script:alert(3)\">the plan</a>.</p>"
	    "<img src=\"x.jpg\" onerror=\"evilHandler()\" alt=\"pier\">"
	    "<noscript><p>noscriptText</p></noscript>"
	    "<iframe src=\"javascript:alert(4)\"></iframe>"
	    "<form action=\"javascript:alert(5)\"><input name=\"q\"></form>"
	    "<p style=\"background:url(javascript:alert(6))\">Fishermen who "
	    "moor along the pier welcomed the decision but asked the board "
	    "to keep one berth open during the work.</p>"
	    "<p>The old timber structure will be taken down in sections over "
	    "the summer, and parts of it will be kept for the museum.</p>"
	    "<svg><script>svgEvil()</script></svg>"
	    /* Styles ending in the word they are looked up by (read past
	       their end once, which AddressSanitizer sees). */
	    "<div style=\"display\">-</div><span style=\"visibility:\">"
	    "-</span>"
	    /* No such thing as a self-closed script: it runs to </script>. */
	    "<script type=\"text/javascript\"/>var selfClosedScript = "
	    "'a>b';</script><style/>.selfClosedStyle{}</style>"
	    "<p>The town museum has asked for the lamp posts and the iron "
	    "railings of the old pier, which date from 1890.</p>"
	    "</article>" TAIL;
	struct parse_result	 res;
	const struct item	*st, *it;
	const char		*f[4];
	char			*cause;
	size_t			 i, j;

	check(run("scripts", page, sizeof page - 1, NULL, NULL, &res,
	    &cause) == 0);
	if (cause != NULL) {
		free(cause);
		return;
	}
	check((st = story_of(&res)) != NULL);
	check(st != NULL && st->content != NULL &&
	    strstr(st->content, "welcomed the decision") != NULL);
	for (i = 0; i < res.items.n; i++) {
		it = res.items.v[i];
		f[0] = it->content;
		f[1] = it->summary;
		f[2] = it->title;
		f[3] = it->thumbnail;
		for (j = 0; j < 4; j++) {
			if (f[j] == NULL)
				continue;
			check(strcasestr(f[j], "<script") == NULL);
			check(strstr(f[j], "evilScript") == NULL);
			check(strstr(f[j], "svgEvil") == NULL);
			check(strstr(f[j], "selfClosedScript") == NULL);
			check(strstr(f[j], "selfClosedStyle") == NULL);
			check(strstr(f[j], "injected") == NULL);
			check(strcasestr(f[j], "onclick") == NULL);
			check(strcasestr(f[j], "onmouseover") == NULL);
			check(!has_event_attr(f[j]));
			check(strcasestr(f[j], "onerror") == NULL);
			check(strstr(f[j], "stealCookies") == NULL);
			check(strstr(f[j], "evilHandler") == NULL);
			check(strcasestr(f[j], "javascript") == NULL);
			check(strcasestr(f[j], "<iframe") == NULL);
			check(strcasestr(f[j], "<form") == NULL);
			check(strcasestr(f[j], "style=") == NULL);
		}
	}
	parse_result_free(&res);
}

/*
 * A rule in a link ended the paragraph there, the writer took back more
 * than the link had written, and the text after it landed inside an
 * attribute of what was left: the quote in it ended the attribute.
 */
static void
test_rule_in_link(void)
{
	static const char	 page[] = HEAD "<article><p>Some long story "
	    "text here so that there is a story to extract from the page at "
	    "all, with words.</p><div><a href=\"http://x.example/1\">x</a> "
	    "<a href=\"http://x.example/2\"><hr><img src=\"http://x.example/"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"><br><br><br></a>\" onerror="
	    "alert(1);// </div><p>More of the story text here so that there "
	    "is a story to extract from the page at all.</p></article>" TAIL;
	struct parse_result	 res;
	const struct item	*st;
	char			*cause;

	check(run("rule in a link", page, sizeof page - 1, NULL, NULL, &res,
	    &cause) == 0);
	if (cause != NULL) {
		free(cause);
		return;
	}
	check((st = story_of(&res)) != NULL);
	if (st != NULL && st->content != NULL) {
		check(!has_event_attr(st->content));
		check(strstr(st->content, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\">") !=
		    NULL);
	}
	parse_result_free(&res);
}

int
main(void)
{
	xmlInitParser();
	test_deep_divs();
	test_unclosed();
	test_attributes();
	test_huge_text();
	test_many_cards();
	test_bad_bytes();
	test_cp1252_undeclared();
	test_utf16();
	test_nothing();
	test_title_without_site();
	test_absolute_links();
	test_file_base();
	test_no_scripts();
	test_rule_in_link();
	xmlCleanupParser();
	return check_done();
}
