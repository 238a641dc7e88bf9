/*
 * parse_html.h: an HTML page as the items a reader sees on it.
 *
 * An article page gives its main story as an item of kind full (title,
 * canonical link, dates, byline, summary, image and the clean body) and
 * each related-story teaser as an item of kind teaser; a listing page
 * (a section front: story links, no story) gives teasers only.  The
 * page's metadata is read by pagemeta.c, the story by extract.c, the
 * teasers by teaser.c; this file chooses among what they found and
 * applies a source's XPath overrides.
 */
#ifndef FEEDMERGE_PARSE_HTML_H
#define FEEDMERGE_PARSE_HTML_H

#include <stddef.h>

#include "parse.h"

/* Items of one page at most (its teasers, and the story). */
#define PARSE_HTML_MAX_ITEMS	500

/*
 * Parse a page fetched from base_url with this Content-Type (or NULL),
 * with rules (or NULL).  Returns 0 with res filled (format FORMAT_HTML;
 * res->title is the site's name, res->link the page, res->feeds what it
 * advertises), or -1 with *cause when no HTML could be read or the page
 * holds neither a story nor teasers.
 */
int	parse_html(const char *buf, size_t len, const char *base_url,
	    const char *content_type, const struct html_rules *rules,
	    struct parse_result *res, char **cause);

#endif
