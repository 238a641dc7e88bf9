/*
 * parse.c: sniff what a fetched body is and hand it to its parser; the
 * parse_result lifetime and the golden dump.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "date.h"
#include "item.h"
#include "parse.h"
#include "parse_html.h"
#include "parse_json.h"
#include "parse_xml.h"
#include "sanitize.h"
#include "util.h"

void
parse_result_init(struct parse_result *res)
{
	memset(res, 0, sizeof *res);
	res->format = FORMAT_UNKNOWN;
	res->updated = DATE_NONE;
	item_list_init(&res->items);
	warnings_init(&res->warnings);
}

void
parse_result_free(struct parse_result *res)
{
	size_t	 i;

	free(res->title);
	free(res->link);
	free(res->id);
	free(res->author);
	free(res->lang);
	item_list_free(&res->items);
	warnings_free(&res->warnings);
	for (i = 0; i < res->nfeeds; i++)
		free(res->feeds[i]);
	free(res->feeds);
	parse_result_init(res);
}

const char *
parse_format_name(enum feed_format f)
{
	switch (f) {
	case FORMAT_RSS090:
		return "rss0.90";
	case FORMAT_RSS091:
		return "rss0.91";
	case FORMAT_RSS092:
		return "rss0.92";
	case FORMAT_RSS093:
		return "rss0.93";
	case FORMAT_RSS094:
		return "rss0.94";
	case FORMAT_RSS20:
		return "rss2.0";
	case FORMAT_RSS10:
		return "rss1.0";
	case FORMAT_ATOM03:
		return "atom0.3";
	case FORMAT_ATOM10:
		return "atom1.0";
	case FORMAT_JSON10:
		return "json1.0";
	case FORMAT_JSON11:
		return "json1.1";
	case FORMAT_CDF:
		return "cdf";
	case FORMAT_HTML:
		return "html";
	case FORMAT_UNKNOWN:
		break;
	}
	return "unknown";
}

/* One "key: value" line, with \ newline tab CR escaped. */
static void
parse_dump_str(FILE *f, const char *key, const char *v)
{
	const char	*p;

	if (v == NULL)
		return;
	fputs(key, f);
	fputs(": ", f);
	for (p = v; *p != '\0'; p++) {
		switch (*p) {
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			putc(*p, f);
			break;
		}
	}
	putc('\n', f);
}

static void
parse_dump_date(FILE *f, const char *key, int64_t t)
{
	char	 buf[64];

	if (t == DATE_NONE)
		return;
	date_format_rfc3339(t, buf, sizeof buf);
	fprintf(f, "%s: %s\n", key, buf);
}

static void
parse_dump_body(FILE *f, const char *key, const char *v, enum text_type type,
    int full)
{
	char	 k[32];

	if (v == NULL)
		return;
	snprintf(k, sizeof k, "%s(%s)", key, type == TEXT_HTML ? "html" :
	    "text");
	if (full)
		parse_dump_str(f, k, v);
	else
		fprintf(f, "%s: %zu bytes\n", k, strlen(v));
}

void
parse_dump(FILE *f, const struct parse_result *res, int full)
{
	const struct item	*it;
	const struct enclosure	*e;
	size_t			 i, j;

	fprintf(f, "format: %s\n", parse_format_name(res->format));
	parse_dump_str(f, "title", res->title);
	parse_dump_str(f, "link", res->link);
	parse_dump_str(f, "id", res->id);
	parse_dump_str(f, "author", res->author);
	parse_dump_date(f, "updated", res->updated);
	for (i = 0; i < res->nfeeds; i++)
		parse_dump_str(f, "offers feed", res->feeds[i]);
	for (i = 0; i < res->items.n; i++) {
		it = res->items.v[i];
		fprintf(f, "item %zu\n", i + 1);
		if (it->kind != ITEM_FEED)
			fprintf(f, "kind: %s\n", it->kind == ITEM_FULL ?
			    "full" : "teaser");
		parse_dump_str(f, "id", it->id);
		if (it->id != NULL && !it->id_is_permalink)
			fputs("permalink: no\n", f);
		parse_dump_str(f, "link", it->link);
		parse_dump_str(f, "title", it->title);
		parse_dump_date(f, "published", it->published);
		parse_dump_date(f, "updated", it->updated);
		parse_dump_str(f, "author", it->author);
		parse_dump_str(f, "author_email", it->author_email);
		parse_dump_str(f, "author_uri", it->author_uri);
		parse_dump_body(f, "summary", it->summary, it->summary_type,
		    full);
		if (it->summary_cut)
			fputs("summary_cut: yes\n", f);
		parse_dump_body(f, "content", it->content, it->content_type,
		    full);
		parse_dump_str(f, "comments", it->comments);
		parse_dump_str(f, "thumbnail", it->thumbnail);
		parse_dump_str(f, "origin", it->origin);
		for (j = 0; j < it->ncategories; j++)
			parse_dump_str(f, "category", it->categories[j]);
		for (j = 0; j < it->nenclosures; j++) {
			e = &it->enclosures[j];
			fputs("enclosure: ", f);
			fputs(e->url, f);
			if (e->type != NULL)
				fprintf(f, " type=%s", e->type);
			if (e->length >= 0)
				fprintf(f, " length=%lld",
				    (long long)e->length);
			putc('\n', f);
		}
	}
}

/* Where the body starts: after a UTF-8 BOM and whitespace. */
static const char *
parse_skip_space(const char *buf, size_t len)
{
	const char	*p = buf, *end = buf + len;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && (IS_SPACE(*p) || *p == '\0'))
		p++;
	return p;
}

static int
parse_is_utf16(const char *buf, size_t len)
{
	const unsigned char	*u = (const unsigned char *)buf;

	if (len < 2)
		return 0;
	return (u[0] == 0xfe && u[1] == 0xff) || (u[0] == 0xff &&
	    u[1] == 0xfe) || (u[0] == 0 && u[1] == '<') ||
	    (u[0] == '<' && u[1] == 0);
}

void
parse_sanitize(struct parse_result *res, const char *base_url,
    int64_t text_time, int64_t now)
{
	size_t	 i;

	for (i = 0; i < res->items.n; i++) {
		struct item	*it = res->items.v[i];

		if (it->lang == NULL && res->lang != NULL)
			it->lang = xstrdup(res->lang);
		/* Below the text window most are not stored: all of it is
		   left for when one is (merge_put_item()). */
		if (it->kind != ITEM_TEASER &&
		    item_sort_time(it, now) < text_time) {
			it->links_raw = it->text_raw = 1;
			it->fetch_url = base_url != NULL ? xstrdup(base_url) :
			    NULL;
			continue;
		}
		sanitize_item_links(it, base_url, &res->warnings);
		sanitize_item_text(it);
	}
}

struct parse_twin {
	uint64_t	 hash;
	size_t		 index;
};

static int
parse_twin_cmp(const void *a, const void *b)
{
	const struct parse_twin	*x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * Number the items without an id that repeat an earlier one's title,
 * date and summary (item.twin): two such entries of a feed are two
 * stories (a daily "Note" with no link), not one.  Those with a link
 * too, which the output policy may yet drop.
 */
static void
parse_number_twins(struct parse_result *res)
{
	struct parse_twin	*t;
	struct item		*it;
	struct buf		 b;
	size_t			 i, n = 0;

	t = xreallocarray(NULL, res->items.n + 1, sizeof *t);
	for (i = 0; i < res->items.n; i++) {
		it = res->items.v[i];
		if (!str_empty(it->id))
			continue;
		buf_init(&b);
		buf_printf(&b, "%s\037%lld\037%s",
		    it->title != NULL ? it->title : "",
		    (long long)(it->published != DATE_NONE ? it->published :
		    it->updated), it->summary != NULL ? it->summary : "");
		t[n].hash = hash64(b.data, b.len);
		t[n++].index = i;
		buf_free(&b);
	}
	qsort(t, n, sizeof *t, parse_twin_cmp);
	for (i = 1; i < n; i++)
		if (t[i].hash == t[i - 1].hash)
			res->items.v[t[i].index]->twin =
			    res->items.v[t[i - 1].index]->twin + 1;
	free(t);
}

/* parse_feed(); discard as in parse_opts. */
static int
parse_feed_discard(const char *buf, size_t len, const char *base_url,
    const char *content_type, int discard, struct parse_result *res,
    char **cause)
{
	const char	*p, *end = buf + len;
	char		 charset[64];
	int		 ret;

	parse_result_init(res);
	*cause = NULL;
	if (buf == NULL || len == 0) {
		*cause = xstrdup("not a feed: empty body");
		return -1;
	}

	charset_content_type(content_type, charset, sizeof charset);
	p = parse_skip_space(buf, len);
	if (parse_is_utf16(buf, len))
		ret = parse_xml(buf, len, base_url, charset[0] != '\0' ?
		    charset : NULL, discard, res, cause);
	else if (p == end) {
		*cause = xstrdup("not a feed: empty body");
		ret = -1;
	} else if (*p == '{')
		ret = parse_json(p, (size_t)(end - p), base_url, res, cause);
	else if (*p == '[') {
		*cause = xstrdup("not a feed: JSON array, not a JSON Feed");
		ret = -1;
	} else
		ret = parse_xml(buf, len, base_url, charset[0] != '\0' ?
		    charset : NULL, discard, res, cause);
	if (ret == -1) {
		parse_result_free(res);
		if (*cause == NULL)
			*cause = xstrdup("not a feed");
	} else
		parse_number_twins(res);
	return ret;
}

int
parse_feed(const char *buf, size_t len, const char *base_url,
    const char *content_type, struct parse_result *res, char **cause)
{
	return parse_feed_discard(buf, len, base_url, content_type, 0, res,
	    cause);
}

/* Skip a BOM, blanks, comments, an XML declaration and a doctype. */
static const char *
parse_skip_prolog(const char *p, const char *end)
{
	const char	*q;

	if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (;;) {
		while (p < end && IS_SPACE(*p))
			p++;
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			for (q = p + 4; q + 3 <= end && memcmp(q, "-->", 3) != 0;
			    q++)
				;
			p = q + 3 <= end ? q + 3 : end;
		} else if (end - p >= 2 && p[0] == '<' && p[1] == '?') {
			q = memchr(p, '>', (size_t)(end - p));
			p = q != NULL ? q + 1 : end;
		} else
			return p;
	}
}

int
parse_sniff_html(const char *buf, size_t len)
{
	const char	*end = buf + (len < 4096 ? len : 4096), *p;

	p = parse_skip_prolog(buf, end);
	if (end - p >= 14 && strncase_eq(p, "<!doctype html", 14))
		return 1;
	if (end - p >= 9 && strncase_eq(p, "<!doctype", 9)) {
		/* <!DOCTYPE HTML PUBLIC ...> or an XHTML doctype */
		const char *q = memchr(p, '>', (size_t)(end - p));

		if (q != NULL && memmem(p, (size_t)(q - p), "html", 4) != NULL)
			return 1;
		if (q != NULL && memmem(p, (size_t)(q - p), "HTML", 4) != NULL)
			return 1;
		if (q != NULL)
			p = parse_skip_prolog(q + 1, end);
	}
	return end - p >= 5 && (strncase_eq(p, "<html", 5) ||
	    strncase_eq(p, "<head", 5) || strncase_eq(p, "<body", 5));
}

int
parse_source(const char *buf, size_t len, const char *base_url,
    const char *content_type, const struct parse_opts *opts,
    struct parse_result *res, char **cause)
{
	enum source_type	 type = opts != NULL ? opts->type :
	    SOURCE_AUTO;
	const struct html_rules	*rules = opts != NULL ? opts->rules : NULL;

	if (type == SOURCE_HTML || (type == SOURCE_AUTO && buf != NULL &&
	    parse_sniff_html(buf, len)))
		return parse_html(buf, len, base_url, content_type, rules, res,
		    cause);
	return parse_feed_discard(buf, len, base_url, content_type,
	    opts != NULL && opts->discard, res, cause);
}

static char *
parse_dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
html_rules_copy(struct html_rules *dst, const struct html_rules *src)
{
	memset(dst, 0, sizeof *dst);
	if (src == NULL)
		return;
	dst->item = parse_dup_or_null(src->item);
	dst->title = parse_dup_or_null(src->title);
	dst->link = parse_dup_or_null(src->link);
	dst->summary = parse_dup_or_null(src->summary);
	dst->date = parse_dup_or_null(src->date);
	dst->body = parse_dup_or_null(src->body);
	dst->exclude = parse_dup_or_null(src->exclude);
}

void
html_rules_clear(struct html_rules *r)
{
	free((char *)(uintptr_t)r->item);
	free((char *)(uintptr_t)r->title);
	free((char *)(uintptr_t)r->link);
	free((char *)(uintptr_t)r->summary);
	free((char *)(uintptr_t)r->date);
	free((char *)(uintptr_t)r->body);
	free((char *)(uintptr_t)r->exclude);
	memset(r, 0, sizeof *r);
}

int
html_rules_empty(const struct html_rules *r)
{
	return r == NULL || (r->item == NULL && r->title == NULL &&
	    r->link == NULL && r->summary == NULL && r->date == NULL &&
	    r->body == NULL && r->exclude == NULL);
}
