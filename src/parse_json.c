/*
 * parse_json.c: JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).
 *
 * json-c builds the tree; this file maps it onto items.  Version 1.1
 * "authors" (an array) and 1.0 "author" (an object) are both read,
 * whatever the declared version; ids given as numbers are converted to
 * strings.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "charset.h"
#include "date.h"
#include "item.h"
#include "parse.h"
#include "parse_json.h"
#include "text.h"
#include "url.h"
#include "util.h"

/* Per item: item.c dedups by a linear scan, so keep the lists short. */
#define PJ_MAX_CATEGORIES	256
#define PJ_MAX_ENCLOSURES	64
#define PJ_MAX_CONTAINERS	100000	/* objects + arrays in one document */
/* Deeper than this, nothing of a JSON Feed is read (an item's author is
   at 5): what is nested deeper is read as null, not refused. */
#define PJ_MAX_DEPTH		16

struct pj {
	struct parse_result	*res;
	const char		*base;		/* for relative URLs */
	int			 bad_date_warned;
};

/* A member that is a non-empty string, or NULL. */
static const char *
pj_str(struct json_object *o, const char *key)
{
	struct json_object	*v;
	const char		*s;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	return str_empty(s) ? NULL : s;
}

static char *
pj_url(struct pj *pj, const char *ref)
{
	return text_cut(url_resolve(pj->base, ref));
}

static char *
pj_trimmed(const char *s)
{
	return s != NULL ? text_trimmed(s, strlen(s)) : NULL;
}

static void
pj_date(struct pj *pj, struct json_object *o, const char *key, int64_t *t)
{
	const char	*s = pj_str(o, key);

	if (s == NULL)
		return;
	if (date_parse(s, t) == -1) {
		*t = DATE_NONE;
		if (!pj->bad_date_warned)
			warnings_add(&pj->res->warnings, "unreadable date in %s",
			    key);
		pj->bad_date_warned = 1;
	}
}

/* The first author with a name (1.1 "authors", else 1.0 "author"). */
static void
pj_author(struct pj *pj, struct json_object *o, char **name, char **uri)
{
	struct json_object	*a, *arr;
	const char		*s;
	size_t			 i, n;

	*name = *uri = NULL;
	a = NULL;
	if (json_object_object_get_ex(o, "authors", &arr) &&
	    json_object_is_type(arr, json_type_array)) {
		n = json_object_array_length(arr);
		for (i = 0; i < n; i++) {
			a = json_object_array_get_idx(arr, i);
			if (json_object_is_type(a, json_type_object) &&
			    (pj_str(a, "name") != NULL ||
			    pj_str(a, "url") != NULL))
				break;
			a = NULL;
		}
	}
	if (a == NULL && (!json_object_object_get_ex(o, "author", &a) ||
	    !json_object_is_type(a, json_type_object)))
		return;
	if ((s = pj_str(a, "name")) != NULL)
		*name = text_collapse(s, strlen(s));
	if ((s = pj_str(a, "url")) != NULL)
		*uri = pj_url(pj, s);
}

static void
pj_item(struct pj *pj, struct json_object *o, const char *fname,
    const char *furi)
{
	struct item		*it;
	struct json_object	*v, *a, *sz;
	const char		*s, *type;
	char			*name, *uri;
	size_t			 i, n;
	int64_t			 size;

	it = item_new(ITEM_FEED);
	if (json_object_object_get_ex(o, "id", &v)) {
		if (json_object_is_type(v, json_type_string))
			it->id = pj_trimmed(json_object_get_string(v));
		else if (json_object_is_type(v, json_type_int))
			xasprintf(&it->id, "%lld",
			    (long long)json_object_get_int64(v));
		else if (json_object_is_type(v, json_type_double))
			it->id = pj_trimmed(json_object_get_string(v));
	}
	if ((s = pj_str(o, "url")) != NULL ||
	    (s = pj_str(o, "external_url")) != NULL)
		it->link = pj_url(pj, s);
	if ((s = pj_str(o, "title")) != NULL)
		it->title = text_collapse(s, strlen(s));
	if ((s = pj_str(o, "language")) != NULL)
		it->lang = text_cut_to(xstrdup(s), 64);
	if ((s = pj_str(o, "summary")) != NULL) {
		it->summary = pj_trimmed(s);
		it->summary_type = TEXT_PLAIN;
	}
	if ((s = pj_str(o, "content_html")) != NULL) {
		it->content = pj_trimmed(s);
		it->content_type = TEXT_HTML;
	} else if ((s = pj_str(o, "content_text")) != NULL) {
		it->content = pj_trimmed(s);
		it->content_type = TEXT_PLAIN;
	}
	if ((s = pj_str(o, "image")) != NULL ||
	    (s = pj_str(o, "banner_image")) != NULL)
		it->thumbnail = pj_url(pj, s);
	pj_date(pj, o, "date_published", &it->published);
	pj_date(pj, o, "date_modified", &it->updated);
	pj_author(pj, o, &name, &uri);
	if (name == NULL && uri == NULL && fname != NULL) {
		name = xstrdup(fname);
		uri = furi != NULL ? xstrdup(furi) : NULL;
	}
	it->author = name;
	it->author_uri = uri;
	if (json_object_object_get_ex(o, "tags", &v) &&
	    json_object_is_type(v, json_type_array)) {
		n = json_object_array_length(v);
		for (i = 0; i < n && i < PJ_MAX_CATEGORIES; i++) {
			a = json_object_array_get_idx(v, i);
			if (a != NULL && json_object_is_type(a,
			    json_type_string) && (name = text_collapse(
			    json_object_get_string(a), (size_t)
			    json_object_get_string_len(a))) != NULL) {
				item_add_category(it, name);
				free(name);
			}
		}
	}
	if (json_object_object_get_ex(o, "attachments", &v) &&
	    json_object_is_type(v, json_type_array)) {
		n = json_object_array_length(v);
		for (i = 0; i < n && i < PJ_MAX_ENCLOSURES; i++) {
			a = json_object_array_get_idx(v, i);
			if (a == NULL || !json_object_is_type(a,
			    json_type_object) || (s = pj_str(a, "url")) ==
			    NULL || (uri = pj_url(pj, s)) == NULL)
				continue;
			type = pj_str(a, "mime_type");
			size = -1;
			if (json_object_object_get_ex(a, "size_in_bytes",
			    &sz) && (json_object_is_type(sz, json_type_int) ||
			    json_object_is_type(sz, json_type_double)))
				size = json_object_get_int64(sz);
			if (size < 0)
				size = -1;
			item_add_enclosure(it, uri, type, size);
			free(uri);
		}
	}
	item_list_add(&pj->res->items, it);
}

/*
 * The next '{', '[', '}' or ']' outside strings from *pp on (*pp past
 * it), or 0 at the end.
 */
static int
pj_next(const char **pp, const char *end, int *instr)
{
	const char	*p;

	for (p = *pp; p < end; p++) {
		if (*instr) {
			if (*p == '\\' && p + 1 < end)
				p++;
			else if (*p == '"')
				*instr = 0;
		} else if (*p == '"')
			*instr = 1;
		else if (*p == '{' || *p == '[' || *p == '}' || *p == ']') {
			*pp = p + 1;
			return *p;
		}
	}
	*pp = end;
	return 0;
}

/*
 * json-c builds the whole tree before we can look at it, at some 200
 * bytes per object: an 8 MB body of "{}"s would cost gigabytes.  Count
 * the objects and arrays first (outside strings) and refuse a flood; and
 * see how deep they go.
 */
static int
pj_scan(const char *p, size_t len, int *depth)
{
	const char	*end = p + len;
	size_t		 n = 0;
	int		 instr = 0, d = 0, c;

	*depth = 0;
	while ((c = pj_next(&p, end, &instr)) != 0) {
		if (c == '}' || c == ']') {
			if (d > 0)
				d--;
		} else if (++n > PJ_MAX_CONTAINERS)
			return 1;
		else if (++d > *depth)
			*depth = d;
	}
	return 0;
}

/*
 * A copy of the document with every object or array nested deeper than
 * PJ_MAX_DEPTH written as null (an extension's, which nothing reads):
 * json-c refuses a whole document for one deep value.
 */
static void
pj_prune(const char *p, size_t len, struct buf *out)
{
	const char	*end = p + len, *flushed = p, *start;
	int		 instr = 0, d = 0, skip, c;

	buf_init(out);
	while ((c = pj_next(&p, end, &instr)) != 0) {
		if (c == '}' || c == ']') {
			if (d > 0)
				d--;
			continue;
		}
		if (++d <= PJ_MAX_DEPTH)
			continue;
		/* Skip to its end (or the document's). */
		start = p - 1;
		for (skip = 1; skip > 0 && (c = pj_next(&p, end, &instr)) != 0;)
			skip += c == '{' || c == '[' ? 1 : -1;
		buf_add(out, flushed, (size_t)(start - flushed));
		buf_addstr(out, "null");
		flushed = p;
		d--;
	}
	if (flushed < end)
		buf_add(out, flushed, (size_t)(end - flushed));
}

/*
 * Every string of the tree without C0 controls (a \u001b is one as much
 * as a raw ESC), as the XML path reads them: a title must not carry a
 * terminal escape into a reader, or a log.  depth is bounded by pruning.
 */
static void
pj_clean(struct json_object *o)
{
	struct json_object_iterator	 it, end;
	const unsigned char		*s;
	struct buf			 b;
	size_t				 i, n;

	switch (json_object_get_type(o)) {
	case json_type_object:
		it = json_object_iter_begin(o);
		end = json_object_iter_end(o);
		for (; !json_object_iter_equal(&it, &end);
		    json_object_iter_next(&it))
			pj_clean(json_object_iter_peek_value(&it));
		break;
	case json_type_array:
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			pj_clean(json_object_array_get_idx(o, i));
		break;
	case json_type_string:
		s = (const unsigned char *)json_object_get_string(o);
		n = (size_t)json_object_get_string_len(o);
		for (i = 0; i < n; i++)
			if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' &&
			    s[i] != '\r')
				break;
		if (i == n)
			break;
		buf_init(&b);
		for (i = 0; i < n; i++)
			if (s[i] >= 0x20 || s[i] == '\t' || s[i] == '\n' ||
			    s[i] == '\r')
				buf_addc(&b, s[i]);
		json_object_set_string_len(o, b.data != NULL ? b.data : "",
		    (int)b.len);
		buf_free(&b);
		break;
	default:
		break;
	}
}

int
parse_json(const char *buf, size_t len, const char *base_url,
    struct parse_result *res, char **cause)
{
	struct json_tokener	*tok;
	struct json_object	*root, *items, *o;
	struct pj		 pj;
	enum json_tokener_error	 jerr;
	const char		*version, *s;
	char			*fname = NULL, *furi = NULL, *home = NULL;
	struct buf		 utf8, pruned;
	size_t			 i, n, nbad = 0;
	int			 depth;

	*cause = NULL;
	if (len > (size_t)INT32_MAX) {
		*cause = xstrdup("not a feed: JSON document too large");
		return -1;
	}
	if (pj_scan(buf, len, &depth)) {
		xasprintf(cause, "not a feed: JSON document with more than %d "
		    "objects and arrays", PJ_MAX_CONTAINERS);
		return -1;
	}
	/* Valid UTF-8 without raw controls, as the XML path makes its
	   bodies (a byte that is not UTF-8 read as windows-1252). */
	buf_init(&utf8);
	if (charset_to_utf8(buf, len, CHARSET_UTF8, &utf8, &nbad)) {
		buf = utf8.data;
		len = utf8.len;
	}
	buf_init(&pruned);
	if (depth > PJ_MAX_DEPTH) {
		pj_prune(buf, len, &pruned);
		buf = pruned.data;
		len = pruned.len;
		warnings_add(&res->warnings, "recovered: values nested "
		    "deeper than %d levels read as null", PJ_MAX_DEPTH);
	}
	if (nbad > 0)
		warnings_add(&res->warnings, "recovered: %zu bytes not "
		    "UTF-8, read as windows-1252", nbad);
	if ((tok = json_tokener_new()) == NULL) {
		buf_free(&utf8);
		buf_free(&pruned);
		*cause = xstrdup("cannot create a JSON parser");
		return -1;
	}
	root = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	json_tokener_free(tok);
	buf_free(&utf8);
	buf_free(&pruned);
	if (root != NULL)
		pj_clean(root);
	if (root == NULL) {
		xasprintf(cause, "not a feed: invalid JSON (%s)",
		    jerr == json_tokener_continue ? "truncated" :
		    json_tokener_error_desc(jerr));
		return -1;
	}
	version = pj_str(root, "version");
	if (!json_object_is_type(root, json_type_object) || version == NULL ||
	    strstr(version, "jsonfeed.org/version/1") == NULL) {
		json_object_put(root);
		*cause = xstrdup("not a feed: JSON document that is not a "
		    "JSON Feed (no jsonfeed.org version)");
		return -1;
	}
	s = strstr(version, "jsonfeed.org/version/1");
	res->format = strncmp(s + 22, ".1", 2) == 0 ? FORMAT_JSON11 :
	    FORMAT_JSON10;

	memset(&pj, 0, sizeof pj);
	pj.res = res;
	pj.base = base_url;
	if ((s = pj_str(root, "home_page_url")) != NULL) {
		home = text_cut(url_resolve(base_url, s));
		res->link = home != NULL ? xstrdup(home) : NULL;
		if (home != NULL && url_is_absolute(home))
			pj.base = home;
	}
	if ((s = pj_str(root, "title")) != NULL)
		res->title = text_collapse(s, strlen(s));
	if ((s = pj_str(root, "language")) != NULL)
		res->lang = text_cut_to(xstrdup(s), 64);
	pj_author(&pj, root, &fname, &furi);
	text_cut_to(fname, PARSE_MAX_INHERITED);
	text_cut_to(furi, PARSE_MAX_INHERITED);
	if (fname != NULL)
		res->author = xstrdup(fname);
	if (json_object_object_get_ex(root, "items", &items) &&
	    json_object_is_type(items, json_type_array)) {
		n = json_object_array_length(items);
		if (n > PARSE_MAX_ITEMS) {
			warnings_add(&res->warnings, "more than %d items, the rest "
			    "ignored", PARSE_MAX_ITEMS);
			n = PARSE_MAX_ITEMS;
		}
		for (i = 0; i < n; i++) {
			o = json_object_array_get_idx(items, i);
			if (o != NULL && json_object_is_type(o,
			    json_type_object))
				pj_item(&pj, o, fname, furi);
		}
	} else
		warnings_add(&res->warnings, "JSON Feed without an items array");
	free(fname);
	free(furi);
	free(home);
	json_object_put(root);
	return 0;
}
