/*
 * extract.h: the main story of an article page.
 *
 * Owns the choice of the page's story body: which element holds it,
 * which of its siblings continue it, and which parts inside it are not
 * the story (share bars, related links, ads, bylines, captions of
 * promos...).  Found on pages never seen before by scoring, after
 * Readability: paragraphs score for their length and commas and give
 * their score to their ancestors; the best-scoring element, corrected
 * for link density and class/id hints, is the story; siblings with
 * enough score or plain prose join it; inside it, blocks that look like
 * boilerplate (mostly links, images without text, form fields) go.
 * When the result is thin, it tries again trusting class names less.
 * Pure: reads the page, marks PN_SKIP on it, allocates only its result.
 */
#ifndef FEEDMERGE_EXTRACT_H
#define FEEDMERGE_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "page.h"
#include "util.h"

struct pagemeta;

#define EXTRACT_MAX_PARTS	64

struct extract_result {
	uint32_t	 parts[EXTRACT_MAX_PARTS];	/* the story's elements,
							   in page order */
	size_t		 nparts;
	uint32_t	 text;		/* characters of story text */
	uint32_t	 paragraphs;	/* of at least 80 characters */
	uint32_t	 link_text;	/* of which inside links */
};

/*
 * Find the story of pg.  Returns 1 with *res filled and the parts'
 * boilerplate marked PN_SKIP, or 0 when the page holds no story (too
 * little prose anywhere).
 */
int	extract_main(struct page *pg, const struct pagemeta *pm,
	    struct extract_result *res);

/*
 * Use these elements as the story (an XPath override): marks their
 * boilerplate as extract_main() would.  n is at most EXTRACT_MAX_PARTS.
 */
void	extract_given(struct page *pg, const uint32_t *parts, size_t n,
	    struct extract_result *res);

/* The story's body as clean HTML (html_clean), NULL if empty. */
char	*extract_body_html(const struct page *pg,
	    const struct extract_result *res, size_t max);
/* The story's text, blocks separated by newlines, NULL if empty. */
char	*extract_body_text(const struct page *pg,
	    const struct extract_result *res, size_t max);

/* 1 when page element i is left out of the body. */
int	extract_skipped(const struct page *pg, uint32_t i);

#endif
