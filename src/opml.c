/*
 * opml.c: OPML 2.0 in and out (opml.h; http://opml.org/spec2.opml).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "date.h"
#include "opml.h"
#include "text.h"
#include "xmlout.h"

/* An OPML file is a small document: what is larger is no subscription
   list. */
#define OPML_MAX_BYTES	(16 * 1024 * 1024)
#define OPML_MAX_DEPTH	32
#define OPML_NAME_MAX	48

struct opml_import {
	const struct conf	*taken;
	struct buf		*out;
	struct strmap		 names;
	char			*path[OPML_MAX_DEPTH];	/* categories */
	int			 depth;
	int			 n, skipped;
};

static char *
opml_attr(xmlNodePtr n, const char *name)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)name);
	char	*t;

	if (v == NULL)
		return NULL;
	/* One line, no surrounding blanks: a value of the config. */
	t = text_collapse((const char *)v, strlen((const char *)v));
	xmlFree(v);
	if (t != NULL && *t == '\0') {
		free(t);
		return NULL;
	}
	return t;
}

/* "Ars Technica: All" -> "ars-technica-all", unique. */
static char *
opml_name(struct opml_import *oi, const char *title, const char *url)
{
	struct buf	 b;
	const char	*p = title != NULL ? title : url;
	char		*base, *name;
	int		 dash = 0, k;

	/* A URL names its host: "https://feeds.example.org/x" -> its host. */
	if (title == NULL && (p = strstr(url, "://")) != NULL)
		p += 3;
	else if (title == NULL)
		p = url;
	buf_init(&b);
	for (; *p != '\0' && b.len < OPML_NAME_MAX; p++) {
		if (IS_ALNUM(*p)) {
			if (dash && b.len > 0)
				buf_addc(&b, '-');
			buf_addc(&b, TO_LOWER((unsigned char)*p));
			dash = 0;
		} else if (title == NULL && *p == '/')
			break;
		else
			dash = 1;
	}
	if (b.len == 0)
		buf_addstr(&b, "feed");
	base = buf_steal(&b);
	name = xstrdup(base);
	for (k = 2; strmap_get(&oi->names, name, NULL) ||
	    (oi->taken != NULL && conf_find_source(oi->taken, name) != NULL);
	    k++) {
		free(name);
		xasprintf(&name, "%s-%d", base, k);
	}
	free(base);
	strmap_put(&oi->names, name, 0);
	return name;
}

/*
 * A value as the configuration reads it back: a '#' or ';' after a blank
 * would start a comment there, so that blank becomes a no-break space.
 */
static void
opml_value(struct buf *b, const char *v)
{
	const char	*p;

	for (p = v; *p != '\0'; p++) {
		if (*p == ' ' && (p[1] == '#' || p[1] == ';'))
			buf_addstr(b, "\xc2\xa0");
		else
			buf_addc(b, *p);
	}
}

static void opml_outline(struct opml_import *, xmlNodePtr);

/* Each <outline> element of a list of nodes. */
static void
opml_outlines(struct opml_import *oi, xmlNodePtr n)
{
	for (; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrcasecmp(n->name, (const xmlChar *)"outline") == 0)
			opml_outline(oi, n);
}

static void
opml_outline(struct opml_import *oi, xmlNodePtr n)
{
	char	*url, *title, *text, *html, *name;
	int	 i;

	url = opml_attr(n, "xmlUrl");
	if (url == NULL)
		url = opml_attr(n, "xmlurl");
	title = opml_attr(n, "title");
	text = opml_attr(n, "text");
	if (title == NULL) {
		title = text;
		text = NULL;
	}
	if (url == NULL) {
		int	 pushed = 0;

		/* A category: its outlines sit in it. */
		if (oi->depth < OPML_MAX_DEPTH) {
			oi->path[oi->depth++] = title;
			title = NULL;
			pushed = 1;
		}
		opml_outlines(oi, n->children);
		if (pushed)
			free(oi->path[--oi->depth]);
		free(title);
		free(text);
		return;
	}
	if (!strncase_eq(url, "http://", 7) &&
	    !strncase_eq(url, "https://", 8)) {
		buf_addstr(oi->out, "# skipped (not http or https): ");
		opml_value(oi->out, url);
		buf_addc(oi->out, '\n');
		oi->skipped++;
		goto out;
	}
	html = opml_attr(n, "htmlUrl");
	name = opml_name(oi, title, url);
	buf_addc(oi->out, '\n');
	if (oi->depth > 0) {
		buf_addstr(oi->out, "# ");
		for (i = 0; i < oi->depth; i++) {
			if (i > 0)
				buf_addstr(oi->out, " / ");
			opml_value(oi->out, oi->path[i] != NULL ?
			    oi->path[i] : "(untitled)");
		}
		buf_addc(oi->out, '\n');
	}
	if (html != NULL) {
		buf_addstr(oi->out, "# site: ");
		opml_value(oi->out, html);
		buf_addc(oi->out, '\n');
	}
	buf_printf(oi->out, "[source \"%s\"]\nurl = ", name);
	opml_value(oi->out, url);
	buf_addc(oi->out, '\n');
	if (title != NULL) {
		buf_addstr(oi->out, "title = ");
		opml_value(oi->out, title);
		buf_addc(oi->out, '\n');
	}
	oi->n++;
	free(name);
	free(html);
out:
	free(url);
	free(title);
	free(text);
}

int
opml_import(const char *path, const struct conf *taken, struct buf *out,
    int *n, int *skipped, char **cause)
{
	struct opml_import	 oi;
	struct stat		 sb;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, c;

	*n = *skipped = 0;
	if (stat(path, &sb) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size > OPML_MAX_BYTES) {
		xasprintf(cause, "%s: not a file of at most %d MB", path,
		    OPML_MAX_BYTES / (1024 * 1024));
		return -1;
	}
	/* No DTD, no entities from outside, no network; broken markup is
	   read as far as it goes. */
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_RECOVER |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL) {
		xasprintf(cause, "%s: cannot read it as XML", path);
		return -1;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || xmlStrcasecmp(root->name,
	    (const xmlChar *)"opml") != 0) {
		xasprintf(cause, "%s: not OPML (the root element is <%s>)",
		    path, root != NULL ? (const char *)root->name : "none");
		xmlFreeDoc(doc);
		return -1;
	}
	memset(&oi, 0, sizeof oi);
	oi.taken = taken;
	oi.out = out;
	strmap_init(&oi.names);
	for (c = root->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    xmlStrcasecmp(c->name, (const xmlChar *)"body") == 0)
			opml_outlines(&oi, c->children);
	strmap_free(&oi.names);
	xmlFreeDoc(doc);
	*n = oi.n;
	*skipped = oi.skipped;
	return 0;
}

void
opml_export(const struct conf *cf, struct buf *out)
{
	char	 d[64];
	size_t	 i;

	date_format_rfc822(now_seconds(), d, sizeof d);
	buf_addstr(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<opml version=\"2.0\">\n  <head>\n");
	xmlout_element(out, "    ", "title", cf->noutputs > 0 ?
	    cf->outputs[0].title : "feedmerge sources");
	xmlout_element(out, "    ", "dateCreated", d);
	xmlout_element(out, "    ", "docs", "http://opml.org/spec2.opml");
	buf_addstr(out, "  </head>\n  <body>\n");
	for (i = 0; i < cf->nsources; i++) {
		const struct conf_source *cs = &cf->sources[i];
		const char	*title = cs->title != NULL ? cs->title :
				    cs->name;

		buf_addstr(out, "    <outline");
		xmlout_attr(out, "text", title);
		if (cs->title != NULL)
			xmlout_attr(out, "title", cs->title);
		/* A page without a feed is a link, not a subscription. */
		if (cs->type == SOURCE_HTML) {
			xmlout_attr(out, "type", "link");
			xmlout_attr(out, "url", cs->url);
		} else {
			xmlout_attr(out, "type", "rss");
			xmlout_attr(out, "xmlUrl", cs->url);
		}
		buf_addstr(out, "/>\n");
	}
	buf_addstr(out, "  </body>\n</opml>\n");
}
