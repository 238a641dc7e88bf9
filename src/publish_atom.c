/*
 * publish_atom.c: the Atom 1.0 renderer (RFC 4287).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "publish_fmt.h"
#include "sanitize.h"
#include "text.h"
#include "url.h"
#include "xmlout.h"

#define ATOM_NS		"http://www.w3.org/2005/Atom"
#define MEDIA_NS	"http://search.yahoo.com/mrss/"

static void
atom_text(struct buf *b, const char *name, const char *value,
    enum text_type type)
{
	if (str_empty(value))
		return;
	buf_printf(b, "    <%s type=\"%s\">", name,
	    type == TEXT_HTML ? "html" : "text");
	xmlout_escape(b, value);
	buf_printf(b, "</%s>\n", name);
}

/* An address as Atom has it: something, '@', something, no blanks. */
static int
atom_email(const char *e)
{
	const char	*at;

	if (str_empty(e) || (at = strchr(e, '@')) == NULL || at == e ||
	    at[1] == '\0')
		return 0;
	for (; *e != '\0'; e++)
		if ((unsigned char)*e <= ' ')
			return 0;
	return 1;
}

static void
atom_author(struct buf *b, const struct item *it)
{
	const char	*name = it->author;

	if (str_empty(name))
		name = it->author_email;
	if (str_empty(name))
		return;
	buf_addstr(b, "    <author>\n");
	xmlout_element(b, "      ", "name", name);
	if (atom_email(it->author_email))
		xmlout_element(b, "      ", "email", it->author_email);
	if (sanitize_url_ok(it->author_uri, 1))
		xmlout_element(b, "      ", "uri", it->author_uri);
	buf_addstr(b, "    </author>\n");
}

static void
atom_source(struct buf *b, const struct publish_view *pv,
    const struct store_entry *e)
{
	buf_addstr(b, "    <source>\n");
	if (url_is_absolute(e->source_feed_id))
		xmlout_element(b, "      ", "id", e->source_feed_id);
	xmlout_element(b, "      ", "title", publish_source_title(pv, e));
	if (publish_url(e->source_link))
		xmlout_link(b, "      ", "alternate", e->source_link, NULL, -1);
	xmlout_date(b, "      ", "updated", e->source_updated);
	buf_addstr(b, "    </source>\n");
}

/* One <entry>. */
static void
atom_entry(struct buf *b, const struct publish_view *pv,
    const struct store_entry *e)
{
	const struct item	*it = e->item;
	char			*summary;
	size_t			 i;
	int			 alternate;

	buf_addstr(b, "  <entry");
	if (!str_empty(it->lang))
		xmlout_attr(b, "xml:lang", it->lang);
	buf_addstr(b, ">\n");
	xmlout_element(b, "    ", "id", e->atom_id);
	xmlout_element(b, "    ", "title", !str_empty(it->title) ? it->title :
	    "(untitled)");
	if ((alternate = publish_url(it->link)))
		xmlout_link(b, "    ", "alternate", it->link, NULL, -1);
	for (i = 0; i < it->nenclosures; i++)
		if (publish_url(it->enclosures[i].url))
			xmlout_link(b, "    ", "enclosure",
			    it->enclosures[i].url,
			    sanitize_media_type(it->enclosures[i].type) ?
			    it->enclosures[i].type : NULL,
			    it->enclosures[i].length);
	if (publish_url(it->comments))
		xmlout_link(b, "    ", "replies", it->comments, "text/html", -1);
	/* A teaser: the page it was found on (RFC 4287's "via"). */
	if (publish_url(it->origin))
		xmlout_link(b, "    ", "via", it->origin, "text/html", -1);
	/* The story's other copies: their sources' links. */
	for (i = 0; i < e->nother; i++)
		if (publish_url(e->other[i]))
			xmlout_link(b, "    ", "via", e->other[i], NULL, -1);
	xmlout_date(b, "    ", "updated", e->updated);
	/* No date of its own: when feedmerge first had it. */
	xmlout_date(b, "    ", "published", publish_date(e));
	atom_author(b, it);
	for (i = 0; i < it->ncategories; i++) {
		buf_addstr(b, "    <category");
		xmlout_attr(b, "term", it->categories[i]);
		buf_addstr(b, "/>\n");
	}
	if (publish_url(it->thumbnail)) {
		buf_addstr(b, "    <media:thumbnail");
		xmlout_attr(b, "url", it->thumbnail);
		buf_addstr(b, "/>\n");
	}
	summary = publish_summary(it);
	if (!str_empty(it->content)) {
		atom_text(b, "summary", summary, it->summary_type);
		atom_text(b, "content", it->content, it->content_type);
	} else if (!alternate) {
		/* Without a link an entry carries its text as content, if
		   only an empty one (RFC 4287, 4.1.1). */
		buf_printf(b, "    <content type=\"%s\">", summary != NULL &&
		    it->summary_type == TEXT_HTML ? "html" : "text");
		if (summary != NULL)
			xmlout_escape(b, summary);
		buf_addstr(b, "</content>\n");
	} else
		atom_text(b, "summary", summary, it->summary_type);
	free(summary);
	atom_source(b, pv, e);
	buf_addstr(b, "  </entry>\n");
}

/* The feed's head: everything before the first entry. */
static void
atom_head(struct buf *out, const struct publish_view *pv)
{
	const struct conf_output *cf = pv->o;
	int64_t			 newest = pv->newest;

	buf_addstr(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"" ATOM_NS "\" xmlns:media=\"" MEDIA_NS "\">\n");
	xmlout_element(out, "  ", "id", cf->id);
	xmlout_element(out, "  ", "title", cf->title);
	xmlout_element(out, "  ", "subtitle", cf->subtitle);
	/* The newest entry's date, not "now": an unchanged set of entries
	   renders to the same bytes and is not rewritten. */
	xmlout_date(out, "  ", "updated", newest != DATE_NONE ? newest : 0);
	if (cf->link != NULL)
		xmlout_link(out, "  ", "self", cf->link, "application/atom+xml",
		    -1);
	if (cf->hub != NULL)
		xmlout_link(out, "  ", "hub", cf->hub, NULL, -1);
	if (cf->home != NULL)
		xmlout_link(out, "  ", "alternate", cf->home, "text/html", -1);
	xmlout_element(out, "  ", "icon", cf->icon);
	xmlout_element(out, "  ", "logo", cf->logo);
	buf_addstr(out, "  <author>\n");
	xmlout_element(out, "    ", "name", cf->title);
	buf_addstr(out, "  </author>\n");
	buf_addstr(out, "  <generator version=\"" PACKAGE_VERSION "\">"
	    "feedmerge</generator>\n");
}

static void
atom_tail(struct buf *out, const struct publish_view *pv)
{
	(void)pv;
	buf_addstr(out, "</feed>\n");
}

const struct publish_format publish_atom = {
	atom_head, atom_entry, atom_tail
};
