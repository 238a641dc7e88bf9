/*
 * publish_html.c: a static HTML page of an output's entries, for a person
 * who opens the feed's address in a browser (html = PATH).
 *
 * The entries' text is the sanitizer's (sanitize.c); the page says so to
 * the browser too: a Content-Security-Policy that runs no script and
 * loads nothing but pictures and the page's own style.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "publish_fmt.h"
#include "xmlout.h"

static const char html_style[] =
    "body{font:16px/1.5 system-ui,sans-serif;max-width:46em;margin:0 auto;"
    "padding:1em;color:#222;background:#fff}"
    "header{border-bottom:1px solid #ccc;margin-bottom:1em}"
    "h1{font-size:1.6em;margin:.2em 0}"
    "article{border-bottom:1px solid #eee;padding:.6em 0 1em}"
    "h2{font-size:1.2em;margin:.2em 0}"
    "a{color:#0645ad}.meta{color:#666;font-size:.9em;margin:0}"
    ".text img,.text video{max-width:100%;height:auto}"
    ".text{overflow-wrap:anywhere}"
    "footer{color:#666;font-size:.85em;margin-top:2em}";

/* The file's own name, for links beside the page. */
static const char *
html_basename(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

static void
html_feed_link(struct buf *b, const char *type, const char *path,
    const char *label, int *any)
{
	if (path == NULL)
		return;
	buf_addstr(b, *any ? " · " : "Subscribe: ");
	*any = 1;
	buf_addstr(b, "<a");
	xmlout_attr(b, "type", type);
	xmlout_attr(b, "href", html_basename(path));
	buf_addc(b, '>');
	buf_addstr(b, label);
	buf_addstr(b, "</a>");
}

static void
html_head(struct buf *b, const struct publish_view *pv)
{
	const struct conf_output *o = pv->o;
	int			 any = 0;

	buf_addstr(b, "<!DOCTYPE html>\n<html>\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; img-src http: https: data:; "
	    "media-src http: https:; style-src 'unsafe-inline'\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"generator\" content=\"feedmerge " PACKAGE_VERSION
	    "\">\n");
	xmlout_element(b, "", "title", o->title);
	if (o->formats & CONF_FORMAT_ATOM) {
		buf_addstr(b, "<link rel=\"alternate\" "
		    "type=\"application/atom+xml\"");
		xmlout_attr(b, "href", html_basename(o->file));
		xmlout_attr(b, "title", o->title);
		buf_addstr(b, ">\n");
	}
	buf_printf(b, "<style>%s</style>\n</head>\n<body>\n<header>\n",
	    html_style);
	xmlout_element(b, "", "h1", o->title);
	if (o->subtitle != NULL)
		xmlout_element(b, "", "p", o->subtitle);
	buf_addstr(b, "<p>");
	if (o->formats & CONF_FORMAT_ATOM)
		html_feed_link(b, "application/atom+xml", o->file, "Atom",
		    &any);
	html_feed_link(b, "application/rss+xml", o->rss_file, "RSS", &any);
	html_feed_link(b, "application/feed+json", o->json_file,
	    "JSON Feed", &any);
	buf_addstr(b, "</p>\n</header>\n<main>\n");
}

static void
html_entry(struct buf *b, const struct publish_view *pv,
    const struct store_entry *e)
{
	const struct item	*it = e->item;
	const char		*text = it->content;
	enum text_type		 type = it->content_type;
	char			*summary = publish_summary(it), d[64];
	int64_t			 t = publish_date(e);

	buf_addstr(b, "<article>\n<h2>");
	if (publish_url(it->link)) {
		buf_addstr(b, "<a");
		xmlout_attr(b, "href", it->link);
		buf_addc(b, '>');
		xmlout_escape(b, !str_empty(it->title) ? it->title :
		    "(untitled)");
		buf_addstr(b, "</a>");
	} else
		xmlout_escape(b, !str_empty(it->title) ? it->title :
		    "(untitled)");
	buf_addstr(b, "</h2>\n<p class=\"meta\">");
	xmlout_escape(b, publish_source_title(pv, e));
	if (!str_empty(it->author)) {
		buf_addstr(b, " · ");
		xmlout_escape(b, it->author);
	}
	if (t != DATE_NONE) {
		date_format_rfc3339(t, d, sizeof d);
		buf_addstr(b, " · <time");
		xmlout_attr(b, "datetime", d);
		buf_addc(b, '>');
		/* "2026-12-01 21:53 UTC" */
		d[10] = ' ';
		d[16] = '\0';
		buf_printf(b, "%s UTC</time>", d);
	}
	buf_addstr(b, "</p>\n");
	if (str_empty(text)) {
		text = summary;
		type = it->summary_type;
	}
	if (!str_empty(text)) {
		buf_addstr(b, "<div class=\"text\">");
		if (type == TEXT_HTML)
			buf_addstr(b, text);	/* sanitized when stored */
		else {
			buf_addstr(b, "<p>");
			xmlout_escape(b, text);
			buf_addstr(b, "</p>");
		}
		buf_addstr(b, "</div>\n");
	}
	buf_addstr(b, "</article>\n");
	free(summary);
}

static void
html_tail(struct buf *b, const struct publish_view *pv)
{
	char	 d[64];

	buf_addstr(b, "</main>\n<footer>");
	if (pv->n == 0)
		buf_addstr(b, "<p>No entries yet.</p>");
	buf_printf(b, "%d entr%s", pv->n, pv->n == 1 ? "y" : "ies");
	if (pv->newest != DATE_NONE) {
		date_format_rfc3339(pv->newest, d, sizeof d);
		buf_printf(b, ", the newest updated %s", d);
	}
	buf_addstr(b, "; made by feedmerge " PACKAGE_VERSION ".</footer>\n"
	    "</body>\n</html>\n");
}

const struct publish_format publish_html = {
	html_head, html_entry, html_tail
};
