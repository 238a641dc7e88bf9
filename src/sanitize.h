/*
 * sanitize.h: what may leave feedmerge as HTML, and which links.
 *
 * Owns the output policy.  Every summary and content an item carries is
 * read with libxml2's HTML parser and written again through html.c's
 * allowlist before the store sees it: elements a reader needs with the
 * attributes they need, URLs made absolute and only http, https and
 * mailto (a small data: picture in an <img>); scripts, styles, frames,
 * embeds, forms, SVG and MathML dropped with what they hold; comments
 * and processing instructions dropped; everything else unwrapped to its
 * text.  Its output reads back the same: sanitizing it again gives the
 * same bytes.  Every URL an item carries outside its text passes the
 * same scheme check, or is dropped with a warning.
 */
#ifndef FEEDMERGE_SANITIZE_H
#define FEEDMERGE_SANITIZE_H

#include <stddef.h>

#include "item.h"
#include "warn.h"

/*
 * html as clean HTML, relative URLs resolved against base (NULL: left
 * out), cut at about max bytes (0: TEXT_MAX_FIELD).  NULL when nothing
 * a reader would see is left.  The caller frees.
 */
char	*sanitize_html(const char *html, const char *base, size_t max);

/* 1 when url is absolute http(s) (or, with mailto, a mailto: URL). */
int	 sanitize_url_ok(const char *url, int mailto);

/* 1 when t is a MIME type ("audio/mpeg", "text/html; charset=utf-8"). */
int	 sanitize_media_type(const char *t);

/*
 * Make one item safe to publish: its HTML summary and content through
 * sanitize_html() (relative URLs against the item's xml:base, its link,
 * then source_url), its links (alternate, comments, thumbnail, origin,
 * aliases, enclosures, the author's URI) through sanitize_url_ok().  A
 * link dropped is a warning in w naming it; the item stays.
 */
void	 sanitize_item(struct item *, const char *source_url,
	    struct warnings *w);
/*
 * The same in two halves: the links (and the language tag; the item
 * remembers what its text resolves against), then the text when the item
 * is to be stored with it.  sanitize_item_text() does nothing for an item
 * whose text is done.
 */
void	 sanitize_item_links(struct item *, const char *source_url,
	    struct warnings *w);
void	 sanitize_item_text(struct item *);

#endif
