/*
 * html.h: libxml2 trees written out as HTML fragments.
 *
 * Owns the one HTML serialiser: feed content given as inline XHTML is
 * written out verbatim (html_fragment), an extracted article through an
 * allowlist (html_clean): only the elements and attributes a story's
 * body needs, URLs made absolute, everything else unwrapped or dropped.
 * sanitize.c's output policy is the same allowlist, without the
 * extraction's judgments (html_clean's sanitize flag).
 */
#ifndef FEEDMERGE_HTML_H
#define FEEDMERGE_HTML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "util.h"

/* Append s escaped as HTML text (&, <, >), or as an attribute (also "). */
void	html_escape(struct buf *, const char *s, int attr);
/* 1 for an element that has no end tag (br, img, ...). */
int	html_void_element(const char *name);

/*
 * Append the children of n as an HTML fragment, as they are: elements by
 * their local names, attributes but xml:*, no namespace declarations.
 * Stops adding once b holds more than max bytes.
 */
void	html_fragment(struct buf *b, xmlNodePtr n, size_t max);
/*
 * The same for XHTML written against base (the xml:base in scope at n,
 * NULL: none); rebased: n itself carries one.  The links of elements
 * under an xml:base of their own (n's or an inner one) are made absolute
 * against it, as the fragment loses those attributes.
 */
void	html_fragment_based(struct buf *b, xmlNodePtr n, size_t max,
	    const char *base, int rebased);

/*
 * The absolute http(s) URL of an <img>'s picture, or NULL: lazy loaders
 * keep it in data-src and friends (or a srcset) behind a placeholder.
 */
char	*html_image_src(xmlNodePtr img, const char *base);

/*
 * The absolute http(s) URL of the picture an element's style paints
 * ("background-image: url('...')"), or NULL.
 */
char	*html_style_image(xmlNodePtr n, const char *base);

/*
 * 1 when <noscript> n holds a story's prose (paragraphs, 300 characters
 * or more): Blogger's dynamic templates put the post there and draw it
 * with a script.  Other noscripts (an image for lazy loading, "enable
 * JavaScript") are no text of the page.
 */
/*
 * 1 when an AMP component (any case) holds the page's own content, as a
 * carousel or an accordion does; the others (ads, players, sidebars,
 * consent) are the page's machinery.
 */
int	 html_amp_container(const char *name);

#define HTML_NOSCRIPT_PROSE	300
int	 html_noscript_prose(xmlNodePtr);

/* The largest data: URL an <img> keeps under the output policy. */
#define HTML_DATA_IMAGE_MAX	(32 * 1024)
/* The longest URL kept, and srcset (what follows is dropped). */
#define HTML_MAX_URL		8192
#define HTML_MAX_SRCSET		16384

/* How html_clean() writes a subtree. */
struct html_clean {
	const char	*base;		/* relative URLs resolve against it */
	size_t		 max;		/* stop at about this many bytes
					   (the open tags still close) */
	/* 1: leave node n (and what it holds) out; NULL: keep all. */
	int		(*skip)(xmlNodePtr n, void *arg);
	void		*arg;
	/*
	 * 1: the output policy (sanitize.c) rather than a page's story:
	 * none of the extraction's judgments (layout tables, link lines,
	 * script controls, a noscript's prose), forms and noscript dropped
	 * with their content, pictures' srcset and small data: images
	 * kept.
	 */
	int		 sanitize;
};

/*
 * Append node n (itself, not only its children) as clean HTML: elements
 * of the allowlist with their allowed attributes (href and src absolute,
 * http/https/mailto only), others unwrapped; script, style, forms,
 * embeds, comments and the like dropped with their content; blank runs
 * collapsed; empty inline elements dropped.
 */
void	html_clean(struct buf *b, xmlNodePtr n, const struct html_clean *);

#endif
