/*
 * teaser.h: the related-story teasers of a page.
 *
 * Owns the finding of teaser blocks ("You May Also Like", "Related",
 * "More from", card grids with or without a heading, the story list of
 * a section front) and the reading of each teaser: its link, headline,
 * snippet (and whether the page cut it with an ellipsis), image and
 * date.  A teaser links to another article of the same site (the same
 * registrable domain); menus, tag and section lists, share links,
 * pagination, author pages, footers, comments and ads never are.
 * Pure: reads the page and marks PN_TEASER on the blocks it found.
 */
#ifndef FEEDMERGE_TEASER_H
#define FEEDMERGE_TEASER_H

#include <stddef.h>
#include <stdint.h>

#include "page.h"

/* More teasers than this on one page are ignored. */
#define TEASER_MAX	500

struct teaser {
	uint32_t	 card;		/* the card's element */
	uint32_t	 dek;		/* its snippet beside it, or PAGE_NONE */
	char		*link;		/* absolute */
	char		*title;
	char		*snippet;	/* plain text, or NULL */
	int		 cut;		/* the snippet ended in an ellipsis */
	char		*image;		/* absolute, or NULL */
	int64_t		 published;	/* or DATE_NONE */
};

struct teaser_list {
	struct teaser	*v;
	size_t		 n;
};

/*
 * Find pg's teaser blocks (page_url: where the page is, its canonical
 * URL preferably: a link to it is no teaser).  Appends to *out; marks
 * the blocks PN_TEASER.
 */
void	teaser_find(struct page *pg, const char *page_url,
	    struct teaser_list *out);

/*
 * Read one card at element i (an item_xpath match): the link, title,
 * snippet, image and date of what it holds.  Returns 0, or -1 when it
 * holds no link.  t is the caller's to clear with teaser_clear().
 */
int	teaser_read(const struct page *pg, uint32_t i, struct teaser *t);

void	teaser_clear(struct teaser *);
void	teaser_list_free(struct teaser_list *);

#endif
