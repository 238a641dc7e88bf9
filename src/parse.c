/*
 * parse.c: sniff what a fetched body is and hand it to its parser; the
 * parse_result lifetime, the golden dump, and the text helpers both
 * parsers share (whitespace, markup, entities, authors).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "date.h"
#include "item.h"
#include "parse.h"
#include "parse_json.h"
#include "parse_xml.h"
#include "util.h"

/* More than this many warnings for one document are dropped. */
#define PARSE_MAX_WARNINGS	5

void
parse_result_init(struct parse_result *res)
{
	memset(res, 0, sizeof *res);
	res->format = FORMAT_UNKNOWN;
	res->updated = DATE_NONE;
	item_list_init(&res->items);
}

void
parse_result_free(struct parse_result *res)
{
	size_t	 i;

	free(res->title);
	free(res->link);
	free(res->id);
	free(res->author);
	item_list_free(&res->items);
	for (i = 0; i < res->nwarnings; i++)
		free(res->warnings[i]);
	free(res->warnings);
	parse_result_init(res);
}

void
parse_result_warn(struct parse_result *res, const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[512];

	if (res->nwarnings >= PARSE_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof msg, fmt, ap) < 0)
		msg[0] = '\0';
	va_end(ap);
	res->warnings = xreallocarray(res->warnings, res->nwarnings + 1,
	    sizeof *res->warnings);
	res->warnings[res->nwarnings++] = xstrdup(msg);
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
	for (i = 0; i < res->items.n; i++) {
		it = res->items.v[i];
		fprintf(f, "item %zu\n", i + 1);
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
		parse_dump_body(f, "content", it->content, it->content_type,
		    full);
		parse_dump_str(f, "comments", it->comments);
		parse_dump_str(f, "thumbnail", it->thumbnail);
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

/* Cut s (in place) to PARSE_MAX_FIELD bytes at a UTF-8 boundary. */
char *
parse_cut(char *s)
{
	return parse_cut_to(s, PARSE_MAX_FIELD);
}

/* Cut s in place to at most max bytes, on a UTF-8 boundary. */
char *
parse_cut_to(char *s, size_t max)
{
	size_t	 n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n <= max)
		return s;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	s[n] = '\0';
	return s;
}

/*
 * A copy of s[0..len) with leading and trailing whitespace removed and
 * cut to PARSE_MAX_FIELD; NULL when nothing is left.
 */
char *
parse_trimmed(const char *s, size_t len)
{
	while (len > 0 && IS_SPACE(*s)) {
		s++;
		len--;
	}
	while (len > 0 && IS_SPACE(s[len - 1]))
		len--;
	if (len == 0)
		return NULL;
	if (len > PARSE_MAX_FIELD) {
		len = PARSE_MAX_FIELD;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	return xstrndup(s, len);
}

/* A copy of s with whitespace runs made one space, trimmed; or NULL. */
char *
parse_collapse(const char *s, size_t len)
{
	struct buf	 b;
	size_t		 i;
	int		 sp = 0;

	buf_init(&b);
	buf_grow(&b, len);
	for (i = 0; i < len; i++) {
		if (IS_SPACE(s[i])) {
			sp = 1;
			continue;
		}
		if (sp && b.len > 0)
			buf_addc(&b, ' ');
		sp = 0;
		b.data[b.len++] = s[i];
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	b.data[b.len] = '\0';
	return parse_cut(buf_steal(&b));
}

/* Append code point c as UTF-8; bad ones become U+FFFD. */
static void
parse_add_utf8(struct buf *b, unsigned long c)
{
	char	 u[4];

	if (c == 0 || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		c = 0xfffd;
	if (c < 0x80)
		buf_addc(b, (int)c);
	else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 4);
	}
}

/*
 * The HTML entity or character reference at s (which starts with '&'):
 * returns its length and sets *c, or 0 when it is not one.
 */
size_t
parse_html_entity(const char *s, size_t len, unsigned long *c)
{
	const htmlEntityDesc	*d;
	char			 name[32];
	unsigned long		 v = 0;
	size_t			 i = 1;

	if (len < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		i = 2;
		if (i < len && (s[i] == 'x' || s[i] == 'X')) {
			for (i++; i < len && i < 12; i++) {
				int	 h = TO_LOWER((unsigned char)s[i]);

				if (IS_DIGIT(h))
					v = v * 16 + (unsigned long)(h - '0');
				else if (h >= 'a' && h <= 'f')
					v = v * 16 + (unsigned long)(h - 'a' +
					    10);
				else
					break;
			}
			if (i == 3)
				return 0;
		} else {
			for (; i < len && i < 12 && IS_DIGIT(s[i]); i++)
				v = v * 10 + (unsigned long)(s[i] - '0');
			if (i == 2)
				return 0;
		}
		if (i >= len || s[i] != ';')
			return 0;
		*c = v;
		return i + 1;
	}
	for (; i < len && i < sizeof name && IS_ALNUM(s[i]); i++)
		name[i - 1] = s[i];
	if (i == 1 || i >= len || s[i] != ';' || i >= sizeof name)
		return 0;
	name[i - 1] = '\0';
	if (strcmp(name, "apos") == 0) {
		*c = '\'';
		return i + 1;
	}
	if ((d = htmlEntityLookup((const xmlChar *)name)) == NULL)
		return 0;
	*c = d->value;
	return i + 1;
}

/* Tags whose edges separate words when markup is stripped. */
static int
parse_tag_breaks(const char *t, size_t len)
{
	static const char *const names[] = {
		"br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3",
		"h4", "h5", "h6", "blockquote", "ul", "ol", "hr", "dd", "dt",
		NULL
	};
	size_t	 i, n;

	if (len > 0 && *t == '/') {
		t++;
		len--;
	}
	for (n = 0; n < len && IS_ALNUM(t[n]); n++)
		;
	for (i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == n && strncase_eq(t, names[i], n))
			return 1;
	return 0;
}

/*
 * HTML to plain text: tags and comments removed, entities decoded once,
 * whitespace collapsed.  Returns NULL when nothing is left.
 */
char *
parse_html_to_text(const char *s, size_t len)
{
	struct buf	 b;
	const char	*p = s, *end = s + len, *q;
	unsigned long	 c;
	size_t		 n;
	char		*out;

	buf_init(&b);
	while (p < end) {
		if (*p == '<' && p + 1 < end && (IS_ALPHA(p[1]) ||
		    p[1] == '/' || p[1] == '!' || p[1] == '?')) {
			if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
				for (q = p + 4; q + 3 <= end &&
				    memcmp(q, "-->", 3) != 0; q++)
					;
				p = q + 3 <= end ? q + 3 : end;
				continue;
			}
			q = memchr(p, '>', (size_t)(end - p));
			if (q == NULL) {
				p = end;
				break;
			}
			if (parse_tag_breaks(p + 1, (size_t)(q - p - 1)))
				buf_addc(&b, ' ');
			p = q + 1;
			continue;
		}
		if (*p == '&' && (n = parse_html_entity(p, (size_t)(end - p),
		    &c)) > 0) {
			parse_add_utf8(&b, c);
			p += n;
			continue;
		}
		buf_addc(&b, *p++);
	}
	if (b.data == NULL)
		return NULL;
	out = parse_collapse(b.data, b.len);
	buf_free(&b);
	return out;
}

/* 1 when s has something that looks like an HTML tag. */
int
parse_has_markup(const char *s)
{
	const char	*p;

	for (p = s; (p = strchr(p, '<')) != NULL; p++)
		if (IS_ALPHA(p[1]) || (p[1] == '/' && IS_ALPHA(p[2])) ||
		    (p[1] == '!' && p[2] == '-'))
			return 1;
	return 0;
}

/*
 * Split an RSS-style author: "jane@example.org (Jane Doe)",
 * "Jane Doe <jane@example.org>", "Jane Doe (jane@example.org)",
 * "jane@example.org" or just a name.  *name is the display name, or the
 * address when there is no name; *email is NULL when there is none.
 */
void
parse_author_split(const char *s, char **name, char **email)
{
	const char	*p, *lt, *gt, *op, *cp, *at;
	size_t		 len;

	*name = *email = NULL;
	if (s == NULL)
		return;
	while (IS_SPACE(*s))
		s++;
	len = strlen(s);
	while (len > 0 && IS_SPACE(s[len - 1]))
		len--;
	if (len == 0)
		return;
	if (len > 7 && strncase_eq(s, "mailto:", 7)) {
		s += 7;
		len -= 7;
	}
	at = memchr(s, '@', len);
	lt = memchr(s, '<', len);
	gt = lt != NULL ? memchr(lt, '>', len - (size_t)(lt - s)) : NULL;
	op = memchr(s, '(', len);
	cp = op != NULL && s[len - 1] == ')' ? s + len - 1 : NULL;
	if (at != NULL && lt != NULL && gt != NULL && at > lt && at < gt) {
		/* Name <email> */
		*email = parse_trimmed(lt + 1, (size_t)(gt - lt - 1));
		*name = parse_collapse(s, (size_t)(lt - s));
		if (*name == NULL) {
			p = gt + 1;
			*name = parse_collapse(p, len - (size_t)(p - s));
		}
	} else if (at != NULL && op != NULL && cp != NULL) {
		if (at < op) {
			/* email (Name) */
			*email = parse_trimmed(s, (size_t)(op - s));
			*name = parse_collapse(op + 1, (size_t)(cp - op - 1));
		} else {
			/* Name (email) */
			*name = parse_collapse(s, (size_t)(op - s));
			*email = parse_trimmed(op + 1, (size_t)(cp - op - 1));
		}
	} else if (at != NULL && memchr(s, ' ', len) == NULL)
		*email = parse_trimmed(s, len);
	else
		*name = parse_collapse(s, len);
	if (*email != NULL && strncase_eq(*email, "mailto:", 7)) {
		char	*e = xstrdup(*email + 7);

		free(*email);
		*email = e;
	}
	if (*name == NULL && *email != NULL)
		*name = xstrdup(*email);
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

int
parse_feed(const char *buf, size_t len, const char *base_url,
    const char *content_type, struct parse_result *res, char **cause)
{
	const char	*p, *end = buf + len;
	char		 charset[64];
	const char	*cs;
	size_t		 n;
	int		 ret;

	parse_result_init(res);
	*cause = NULL;
	if (buf == NULL || len == 0) {
		*cause = xstrdup("not a feed: empty body");
		return -1;
	}

	/* The transport's charset, if any. */
	charset[0] = '\0';
	if (content_type != NULL && (cs = strstr(content_type, "charset")) !=
	    NULL) {
		for (cs += 7; IS_SPACE(*cs); cs++)
			;
		if (*cs == '=') {
			for (cs++; IS_SPACE(*cs) || *cs == '"' || *cs == '\'';
			    cs++)
				;
			for (n = 0; n < sizeof charset - 1 && (IS_ALNUM(cs[n]) ||
			    cs[n] == '-' || cs[n] == '_' || cs[n] == '.' ||
			    cs[n] == ':'); n++)
				charset[n] = cs[n];
			charset[n] = '\0';
		}
	}

	p = parse_skip_space(buf, len);
	if (parse_is_utf16(buf, len))
		ret = parse_xml(buf, len, base_url, charset[0] != '\0' ?
		    charset : NULL, res, cause);
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
		    charset : NULL, res, cause);
	if (ret == -1) {
		parse_result_free(res);
		if (*cause == NULL)
			*cause = xstrdup("not a feed");
	}
	return ret;
}
