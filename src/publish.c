/*
 * publish.c: the Atom 1.0 writer (RFC 4287).
 *
 * Renders the newest stories of the store as they are read, one entry at
 * a time, into a buffer its caller drains: outfile.c's temp file for the
 * published feed (memory does not grow with max_entries), or the buffer
 * itself for publish_render().  Strings go out through xmlout.c's
 * escaper; every URL through sanitize_url_ok() again, so that a state
 * written by an older feedmerge publishes no link a reader should not
 * follow.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "outfile.h"
#include "publish.h"
#include "sanitize.h"
#include "text.h"
#include "url.h"
#include "xmlout.h"

#define ATOM_NS		"http://www.w3.org/2005/Atom"
#define MEDIA_NS	"http://search.yahoo.com/mrss/"

struct publish_ctx {
	const struct conf *cf;
	struct buf	*out;		/* entries are appended here */
	struct outfile	*of;		/* drained into it, or NULL */
	int		 n;
	int		 failed;
	char		**cause;
};

static int
publish_url(const char *u)
{
	return sanitize_url_ok(u, 0);
}

static void
publish_text(struct buf *b, const char *name, const char *value,
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
publish_email(const char *e)
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
publish_author(struct buf *b, const struct item *it)
{
	const char	*name = it->author;

	if (str_empty(name))
		name = it->author_email;
	if (str_empty(name))
		return;
	buf_addstr(b, "    <author>\n");
	xmlout_element(b, "      ", "name", name);
	if (publish_email(it->author_email))
		xmlout_element(b, "      ", "email", it->author_email);
	if (sanitize_url_ok(it->author_uri, 1))
		xmlout_element(b, "      ", "uri", it->author_uri);
	buf_addstr(b, "    </author>\n");
}

static void
publish_source(struct buf *b, const struct publish_ctx *pc,
    const struct store_entry *e)
{
	const struct conf_source *cs;
	const char		*title = e->source_title;

	cs = conf_find_source(pc->cf, e->source_name);
	if (cs != NULL && cs->title != NULL)
		title = cs->title;
	if (str_empty(title))
		title = e->source_name;
	buf_addstr(b, "    <source>\n");
	if (url_is_absolute(e->source_feed_id))
		xmlout_element(b, "      ", "id", e->source_feed_id);
	xmlout_element(b, "      ", "title", title);
	if (publish_url(e->source_link))
		xmlout_link(b, "      ", "alternate", e->source_link, NULL, -1);
	xmlout_date(b, "      ", "updated", e->source_updated);
	buf_addstr(b, "    </source>\n");
}

/* The summary as the entry shows it: a cut teaser snippet says so. */
static char *
publish_summary(const struct item *it)
{
	char	*s;

	if (str_empty(it->summary))
		return NULL;
	if (it->summary_cut && it->summary_type == TEXT_PLAIN) {
		xasprintf(&s, "%s \xe2\x80\xa6", it->summary);
		return s;
	}
	return xstrdup(it->summary);
}

/* store_each_entry() callback: one <entry>. */
static int
publish_entry(const struct store_entry *e, void *arg)
{
	struct publish_ctx	*pc = arg;
	struct buf		*b = pc->out;
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
	xmlout_date(b, "    ", "published", e->published != DATE_NONE ?
	    e->published : e->updated);
	publish_author(b, it);
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
		publish_text(b, "summary", summary, it->summary_type);
		publish_text(b, "content", it->content, it->content_type);
	} else if (!alternate) {
		/* Without a link an entry carries its text as content, if
		   only an empty one (RFC 4287, 4.1.1). */
		buf_printf(b, "    <content type=\"%s\">", summary != NULL &&
		    it->summary_type == TEXT_HTML ? "html" : "text");
		if (summary != NULL)
			xmlout_escape(b, summary);
		buf_addstr(b, "</content>\n");
	} else
		publish_text(b, "summary", summary, it->summary_type);
	free(summary);
	publish_source(b, pc, e);
	buf_addstr(b, "  </entry>\n");
	pc->n++;
	if (pc->of != NULL && outfile_flush(pc->of, 0, pc->cause) == -1) {
		pc->failed = 1;
		return 1;
	}
	return 0;
}

/* The feed's head: everything before the first entry. */
static void
publish_head(struct buf *out, const struct conf *cf, int64_t newest)
{
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

/* Render into out, drained into of after every entry when of is set. */
static int
publish_stream(struct store *st, const struct conf *cf, struct buf *out,
    struct outfile *of, int *nentries, char **cause)
{
	struct publish_ctx	 pc;
	int64_t			 newest;

	if (store_newest_update(st, cf->max_entries, &newest, cause) == -1)
		return -1;
	publish_head(out, cf, newest);
	memset(&pc, 0, sizeof pc);
	pc.cf = cf;
	pc.out = out;
	pc.of = of;
	pc.cause = cause;
	if (store_each_entry(st, cf->max_entries, publish_entry, &pc,
	    cause) == -1 || pc.failed)
		return -1;
	buf_addstr(out, "</feed>\n");
	*nentries = pc.n;
	return 0;
}

int
publish_render(struct store *st, const struct conf *cf, struct buf *out,
    int *nentries, char **cause)
{
	buf_reset(out);
	if (publish_stream(st, cf, out, NULL, nentries, cause) == -1) {
		buf_reset(out);
		return -1;
	}
	return 0;
}

int
publish_feed(struct store *st, const struct conf *cf, const char *path,
    int *nentries, int *written, char **cause)
{
	struct outfile	*of;

	*written = 0;
	if ((of = outfile_open(path, cause)) == NULL)
		return -1;
	if (publish_stream(st, cf, outfile_buf(of), of, nentries, cause) ==
	    -1) {
		outfile_abort(of);
		return -1;
	}
	return outfile_commit(of, written, cause);
}
