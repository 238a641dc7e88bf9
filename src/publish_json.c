/*
 * publish_json.c: the JSON Feed 1.1 renderer (jsonfeed.org/version/1.1).
 *
 * Strings are escaped by json-c; the document is written as it goes, an
 * item at a time, like the others.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "date.h"
#include "publish_fmt.h"
#include "sanitize.h"
#include "text.h"

static void
json_str(struct buf *b, const char *s)
{
	struct json_object	*o = json_object_new_string(s != NULL ? s : "");

	buf_addstr(b, json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* ,"key":"value" (or the first: no comma), when value is set. */
static void
json_member(struct buf *b, int *first, const char *key, const char *value)
{
	if (value == NULL)
		return;
	if (!*first)
		buf_addc(b, ',');
	*first = 0;
	json_str(b, key);
	buf_addc(b, ':');
	json_str(b, value);
}

static void
json_date(struct buf *b, int *first, const char *key, int64_t t)
{
	char	 d[64];

	if (t == DATE_NONE)
		return;
	date_format_rfc3339(t, d, sizeof d);
	json_member(b, first, key, d);
}

static void
json_head(struct buf *b, const struct publish_view *pv)
{
	const struct conf_output *o = pv->o;
	char			*self = publish_sibling_url(o->link, ".json");
	int			 first = 1;

	buf_addc(b, '{');
	json_member(b, &first, "version", "https://jsonfeed.org/version/1.1");
	json_member(b, &first, "title", o->title);
	json_member(b, &first, "home_page_url", o->home);
	json_member(b, &first, "feed_url", self);
	json_member(b, &first, "description", o->subtitle);
	json_member(b, &first, "icon", o->logo);
	json_member(b, &first, "favicon", o->icon);
	buf_addstr(b, ",\"authors\":[{");
	first = 1;
	json_member(b, &first, "name", o->title);
	buf_addstr(b, "}]");
	if (o->hub != NULL) {
		buf_addstr(b, ",\"hubs\":[{");
		first = 1;
		json_member(b, &first, "type", "WebSub");
		json_member(b, &first, "url", o->hub);
		buf_addstr(b, "}]");
	}
	buf_addstr(b, ",\"items\":[\n");
	free(self);
}

static void
json_entry(struct buf *b, const struct publish_view *pv,
    const struct store_entry *e)
{
	const struct item	*it = e->item;
	char			*summary = publish_summary(it), *plain = NULL;
	size_t			 i;
	int			 first = 1;

	if (pv->n > 0)
		buf_addstr(b, ",\n");
	buf_addc(b, '{');
	json_member(b, &first, "id", e->atom_id);
	if (publish_url(it->link))
		json_member(b, &first, "url", it->link);
	json_member(b, &first, "title", !str_empty(it->title) ? it->title :
	    "(untitled)");
	/* Every item has content_html or content_text. */
	if (!str_empty(it->content))
		json_member(b, &first, it->content_type == TEXT_HTML ?
		    "content_html" : "content_text", it->content);
	else if (summary != NULL)
		json_member(b, &first, it->summary_type == TEXT_HTML ?
		    "content_html" : "content_text", summary);
	else
		json_member(b, &first, "content_text", "");
	/* A summary is plain text in JSON Feed. */
	if (summary != NULL && !str_empty(it->content)) {
		if (it->summary_type == TEXT_HTML)
			plain = text_from_html(summary, strlen(summary));
		json_member(b, &first, "summary", plain != NULL ? plain :
		    summary);
	}
	if (publish_url(it->thumbnail))
		json_member(b, &first, "image", it->thumbnail);
	json_date(b, &first, "date_published", publish_date(e));
	json_date(b, &first, "date_modified", e->updated);
	if (!str_empty(it->author)) {
		int	 f = 1;

		buf_addstr(b, ",\"authors\":[{");
		json_member(b, &f, "name", it->author);
		if (sanitize_url_ok(it->author_uri, 1))
			json_member(b, &f, "url", it->author_uri);
		buf_addstr(b, "}]");
	}
	if (it->ncategories > 0) {
		buf_addstr(b, ",\"tags\":[");
		for (i = 0; i < it->ncategories; i++) {
			if (i > 0)
				buf_addc(b, ',');
			json_str(b, it->categories[i]);
		}
		buf_addc(b, ']');
	}
	json_member(b, &first, "language", !str_empty(it->lang) ? it->lang :
	    NULL);
	for (i = 0; i < it->nenclosures; i++)
		if (publish_url(it->enclosures[i].url))
			break;
	if (i < it->nenclosures) {
		int	 any = 0;

		buf_addstr(b, ",\"attachments\":[");
		for (i = 0; i < it->nenclosures; i++) {
			const struct enclosure *en = &it->enclosures[i];
			int	 f = 1;

			if (!publish_url(en->url))
				continue;
			if (any++)
				buf_addc(b, ',');
			buf_addc(b, '{');
			json_member(b, &f, "url", en->url);
			json_member(b, &f, "mime_type",
			    sanitize_media_type(en->type) ? en->type :
			    "application/octet-stream");
			if (en->length > 0)
				buf_printf(b, ",\"size_in_bytes\":%lld",
				    (long long)en->length);
			buf_addc(b, '}');
		}
		buf_addc(b, ']');
	}
	/* Where it came from, as an extension (JSON Feed's "_" keys). */
	buf_addstr(b, ",\"_feedmerge\":{");
	first = 1;
	json_member(b, &first, "source", publish_source_title(pv, e));
	if (publish_url(e->source_link))
		json_member(b, &first, "source_url", e->source_link);
	buf_addstr(b, "}}");
	free(plain);
	free(summary);
}

static void
json_tail(struct buf *b, const struct publish_view *pv)
{
	(void)pv;
	buf_addstr(b, "\n]}\n");
}

const struct publish_format publish_json = {
	json_head, json_entry, json_tail
};
