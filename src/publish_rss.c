/*
 * publish_rss.c: the RSS 2.0 renderer (RSS Advisory Board's 2.0.11).
 *
 * The channel's required title, link and description; each item's title,
 * link, description (its summary, or its text), content:encoded for a
 * full text, a guid that is the entry's Atom id (isPermaLink="false":
 * a tag: URI is no page), RFC 822 dates, the source it came from.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "publish_fmt.h"
#include "sanitize.h"
#include "url.h"
#include "xmlout.h"

#define ATOM_NS		"http://www.w3.org/2005/Atom"
#define CONTENT_NS	"http://purl.org/rss/1.0/modules/content/"
#define DC_NS		"http://purl.org/dc/elements/1.1/"

static void
rss_date(struct buf *b, const char *indent, const char *name, int64_t t)
{
	char	 d[64];

	if (t == DATE_NONE)
		return;
	date_format_rfc822(t, d, sizeof d);
	xmlout_element(b, indent, name, d);
}

/* Text as RSS carries it: HTML, escaped once more for XML. */
static void
rss_html(struct buf *b, const char *name, const char *s, enum text_type type)
{
	struct buf	 h;

	buf_init(&h);
	if (type == TEXT_HTML)
		buf_addstr(&h, s);
	else
		publish_plain_as_html(&h, s);
	xmlout_element(b, "      ", name, h.data != NULL ? h.data : "");
	buf_free(&h);
}

static void
rss_head(struct buf *b, const struct publish_view *pv)
{
	const struct conf_output *o = pv->o;
	char			*self = publish_sibling_url(o->link, ".rss");

	buf_addstr(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<rss version=\"2.0\" xmlns:atom=\"" ATOM_NS "\" "
	    "xmlns:content=\"" CONTENT_NS "\" xmlns:dc=\"" DC_NS "\">\n"
	    "  <channel>\n");
	xmlout_element(b, "    ", "title", o->title);
	/* A channel's link is a web page; without one, the feed's own. */
	xmlout_element(b, "    ", "link", o->home != NULL ? o->home :
	    o->link != NULL ? o->link : o->id);
	xmlout_element(b, "    ", "description", o->subtitle != NULL ?
	    o->subtitle : o->title);
	rss_date(b, "    ", "lastBuildDate", pv->newest);
	buf_addstr(b, "    <generator>feedmerge " PACKAGE_VERSION
	    "</generator>\n");
	buf_addstr(b, "    <docs>https://www.rssboard.org/rss-specification"
	    "</docs>\n");
	if (self != NULL) {
		buf_addstr(b, "    <atom:link");
		xmlout_attr(b, "rel", "self");
		xmlout_attr(b, "type", "application/rss+xml");
		xmlout_attr(b, "href", self);
		buf_addstr(b, "/>\n");
	}
	if (o->hub != NULL) {
		buf_addstr(b, "    <atom:link");
		xmlout_attr(b, "rel", "hub");
		xmlout_attr(b, "href", o->hub);
		buf_addstr(b, "/>\n");
	}
	if (o->logo != NULL || o->icon != NULL) {
		buf_addstr(b, "    <image>\n");
		xmlout_element(b, "      ", "url", o->logo != NULL ? o->logo :
		    o->icon);
		xmlout_element(b, "      ", "title", o->title);
		xmlout_element(b, "      ", "link", o->home != NULL ? o->home :
		    o->link != NULL ? o->link : o->id);
		buf_addstr(b, "    </image>\n");
	}
	free(self);
}

static void
rss_entry(struct buf *b, const struct publish_view *pv,
    const struct store_entry *e)
{
	const struct item	*it = e->item;
	const struct conf_source *cs;
	char			*summary = publish_summary(it);
	size_t			 i;

	buf_addstr(b, "    <item>\n");
	xmlout_element(b, "      ", "title", !str_empty(it->title) ?
	    it->title : "(untitled)");
	if (publish_url(it->link))
		xmlout_element(b, "      ", "link", it->link);
	if (summary != NULL)
		rss_html(b, "description", summary, it->summary_type);
	else if (!str_empty(it->content))
		rss_html(b, "description", it->content, it->content_type);
	if (summary != NULL && !str_empty(it->content)) {
		struct buf	 h;

		buf_init(&h);
		if (it->content_type == TEXT_HTML)
			buf_addstr(&h, it->content);
		else
			publish_plain_as_html(&h, it->content);
		buf_addstr(b, "      <content:encoded>");
		xmlout_escape(b, h.data != NULL ? h.data : "");
		buf_addstr(b, "</content:encoded>\n");
		buf_free(&h);
	}
	free(summary);
	buf_addstr(b, "      <guid isPermaLink=\"false\">");
	xmlout_escape(b, e->atom_id);
	buf_addstr(b, "</guid>\n");
	rss_date(b, "      ", "pubDate", publish_date(e));
	/* RSS's author is an address; a name goes in dc:creator. */
	if (!str_empty(it->author))
		xmlout_element(b, "      ", "dc:creator", it->author);
	for (i = 0; i < it->ncategories; i++)
		xmlout_element(b, "      ", "category", it->categories[i]);
	if (publish_url(it->comments))
		xmlout_element(b, "      ", "comments", it->comments);
	/* RSS allows one enclosure, with a length and a type. */
	for (i = 0; i < it->nenclosures; i++) {
		const struct enclosure *en = &it->enclosures[i];
		char		 len[32];

		if (!publish_url(en->url))
			continue;
		snprintf(len, sizeof len, "%lld", (long long)(en->length > 0 ?
		    en->length : 0));
		buf_addstr(b, "      <enclosure");
		xmlout_attr(b, "url", en->url);
		xmlout_attr(b, "length", len);
		xmlout_attr(b, "type", sanitize_media_type(en->type) ?
		    en->type : "application/octet-stream");
		buf_addstr(b, "/>\n");
		break;
	}
	cs = conf_find_source(pv->cf, e->source_name);
	if (cs != NULL && publish_url(cs->url)) {
		buf_addstr(b, "      <source");
		xmlout_attr(b, "url", cs->url);
		buf_addc(b, '>');
		xmlout_escape(b, publish_source_title(pv, e));
		buf_addstr(b, "</source>\n");
	}
	buf_addstr(b, "    </item>\n");
}

static void
rss_tail(struct buf *b, const struct publish_view *pv)
{
	(void)pv;
	buf_addstr(b, "  </channel>\n</rss>\n");
}

const struct publish_format publish_rss = {
	rss_head, rss_entry, rss_tail
};
