/*
 * pagemeta.h: what a page says about itself.
 *
 * Owns the reading of an HTML page's metadata: JSON-LD (schema.org
 * Article and its kin, through json-c), Open Graph and Twitter cards,
 * <meta name=...> (description, author, dates under a dozen names),
 * microdata (itemprop), <link rel=canonical|alternate|amphtml>, and the
 * feeds the page advertises.  Every value is kept per source so the
 * caller can apply its own trust order; URLs are absolute.
 */
#ifndef FEEDMERGE_PAGEMETA_H
#define FEEDMERGE_PAGEMETA_H

#include <stddef.h>
#include <stdint.h>

#include "page.h"

/* A page advertises at most this many feeds that we keep. */
#define PAGEMETA_MAX_FEEDS	8

struct pagemeta {
	/* JSON-LD, from the Article-like object (else a WebPage) */
	char		*ld_headline;
	char		*ld_description;
	char		*ld_author;	/* names, ", "-joined */
	int		 ld_author_person; /* given as a Person */
	char		*ld_image;
	char		*ld_url;
	char		*ld_body;	/* articleBody, plain text */
	char		*ld_publisher;	/* the site's name */
	int64_t		 ld_published;
	int64_t		 ld_modified;
	int		 ld_article;	/* an Article-like @type was seen */
	int		 ld_listing;	/* a CollectionPage (a tag or section
					   page), a SearchResultsPage... */
	int		 ld_rank;	/* 3 Article-like, 2 a video, recipe,
					   review..., 1 a WebPage */
	/* Open Graph, Twitter, <meta name> */
	char		*og_title;
	char		*og_description;
	char		*og_image;
	char		*og_url;
	char		*og_type;
	char		*og_site_name;
	char		*tw_title;
	char		*tw_description;
	char		*tw_image;
	char		*meta_description;
	char		*meta_author;
	int64_t		 meta_published;
	int64_t		 meta_modified;
	/* microdata */
	char		*md_headline;
	char		*md_author;
	char		*md_image;
	int64_t		 md_published;
	int64_t		 md_modified;
	/* the document */
	char		*title;		/* <title>, collapsed */
	char		*canonical;	/* <link rel=canonical> */
	char		*lang;
	char		**keywords;	/* article:tag, keywords, ... */
	size_t		 nkeywords;
	char		*feeds[PAGEMETA_MAX_FEEDS];
	size_t		 nfeeds;
};

/* Read pg's metadata into pm (pagemeta_free() it). */
void	pagemeta_read(struct pagemeta *pm, const struct page *pg);
void	pagemeta_free(struct pagemeta *pm);

/*
 * title with a site name cut off its end or start (" | Site", " - Site",
 * "Site: "): the side that names the site's host (label, from
 * url_site_label()), the known name (site), else the shorter side of
 * the last separator when the rest still reads as a headline.  site and
 * label may be NULL.  Returns a new string.
 */
char	*pagemeta_strip_site(const char *title, const char *site,
	    const char *label);

/*
 * Where the name of a byline starts in s ("By Jane Doe", "Posted 30
 * Nov · By Jane Doe", "Von ...", "Par ..."), or NULL when s has none.
 */
const char *pagemeta_byline_start(const char *s);
/* 1 when s reads as names (capitalised words, particles), no sentence. */
int	pagemeta_is_names(const char *s);

/* "By Jane Doe and John Roe" -> "Jane Doe, John Roe"; NULL if none. */
char	*pagemeta_clean_author(const char *s);

#endif
