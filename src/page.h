/*
 * page.h: an HTML page's tree, indexed once for the extractors.
 *
 * Owns struct page: every element of the libxml2 tree gets a struct
 * pnode, in document (pre-)order, so a subtree is the index range
 * [i, v[i].end) and "is inside" is two compares.  Each pnode carries
 * what extract.c and teaser.c weigh: the visible text of its subtree (in
 * characters, whitespace runs counted once), how much of it sits in
 * links and in its own inline content, commas, what its tag is, and what
 * its class, id and role say (content-like or boilerplate-like).  Script,
 * style, hidden and similar subtrees are indexed as one node whose text
 * counts for nothing.  Pure: the tree is read, not changed, except that
 * each element's _private points at its pnode.
 */
#ifndef FEEDMERGE_PAGE_H
#define FEEDMERGE_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "util.h"

#define PAGE_NONE	UINT32_MAX

/* The tags the extractors tell apart; anything else is TAG_OTHER. */
enum page_tag {
	TAG_OTHER, TAG_A, TAG_ADDRESS, TAG_ARTICLE, TAG_ASIDE, TAG_B,
	TAG_BLOCKQUOTE, TAG_BODY, TAG_BR, TAG_BUTTON, TAG_CAPTION,
	TAG_CENTER, TAG_CITE, TAG_CODE, TAG_DD, TAG_DETAILS, TAG_DIALOG,
	TAG_DIV, TAG_DL, TAG_DT, TAG_EM, TAG_EMBED, TAG_FIELDSET,
	TAG_FIGCAPTION, TAG_FIGURE, TAG_FONT, TAG_FOOTER, TAG_FORM, TAG_H1,
	TAG_H2, TAG_H3, TAG_H4, TAG_H5, TAG_H6, TAG_HEAD, TAG_HEADER,
	TAG_HGROUP, TAG_HR, TAG_HTML, TAG_I, TAG_IFRAME, TAG_IMG, TAG_INPUT,
	TAG_LABEL, TAG_LI, TAG_MAIN, TAG_MENU, TAG_NAV, TAG_OBJECT, TAG_OL,
	TAG_P, TAG_PICTURE, TAG_PRE, TAG_SECTION, TAG_SELECT, TAG_SMALL,
	TAG_SPAN, TAG_STRONG, TAG_SUMMARY, TAG_TABLE, TAG_TBODY, TAG_TD,
	TAG_TEXTAREA, TAG_TFOOT, TAG_TH, TAG_THEAD, TAG_TIME, TAG_TR,
	TAG_UL, TAG_VIDEO,
	TAG__COUNT
};

/* struct pnode flags. */
#define PN_BLOCK	0x0001	/* a block-level element */
#define PN_JUNK		0x0002	/* script, style, hidden...: no text */
#define PN_HEADING	0x0004	/* h1-h6 */
#define PN_BOILER	0x0008	/* its tag, role, class or id says
				   navigation, footer, share, comments,
				   ads, related stories... */
#define PN_POSITIVE	0x0010	/* class or id says article, content, ... */
#define PN_IN_LINK	0x0020	/* inside an <a href> (or is one) */
#define PN_ARTICLE_BODY	0x0040	/* itemprop=articleBody or a class the
				   common CMSes give the story's body */
#define PN_META_LINE	0x0080	/* class says byline, date, tags, author
				   bio, caption credit: story furniture */
#define PN_SKIP		0x0100	/* set by extractors: out of the body */
#define PN_TEASER	0x0200	/* set by teaser.c: a teaser block */
#define PN_OVERLAY	0x0400	/* a dialog, a popup, a login form: over
				   the page, never its story */

/*
 * Class/id words the extractors ask about often, as bits of
 * pnode.words (set once when the page is indexed).
 */
#define PW_TITLE	0x00000001u
#define PW_HEADLINE	0x00000002u
#define PW_HED		0x00000004u
#define PW_HEADING	0x00000008u
#define PW_BYLINE	0x00000010u
#define PW_AUTHOR	0x00000020u
#define PW_BIO		0x00000040u
#define PW_AVATAR	0x00000080u
#define PW_DATE		0x00000100u
#define PW_TIME		0x00000200u
#define PW_META		0x00000400u
#define PW_CATEGORY	0x00000800u
#define PW_SECTION	0x00001000u
#define PW_KICKER	0x00002000u
#define PW_EYEBROW	0x00004000u
#define PW_LABEL	0x00008000u
#define PW_TAG		0x00010000u
#define PW_TAGS		0x00020000u
#define PW_TIMESTAMP	0x00040000u
#define PW_CREDIT	0x00080000u
#define PW_CAPTION	0x00100000u
#define PW_COMMENTS	0x00200000u
#define PW_COUNT	0x00400000u
#define PW_READ		0x00800000u
#define PW_DURATION	0x01000000u
#define PW_FLAG		0x02000000u
#define PW_BADGE	0x04000000u
#define PW_OVERLINE	0x08000000u
#define PW_RELATED	0x10000000u
#define PW_RECOMMENDED	0x20000000u
#define PW_NEXT		0x40000000u
#define PW_TEASER	0x80000000u	/* "article-embed--teaser" */

struct pnode {
	xmlNodePtr	 node;
	uint32_t	 parent;	/* PAGE_NONE at the root */
	uint32_t	 end;		/* one past its last descendant */
	uint16_t	 depth;
	uint8_t		 tag;		/* enum page_tag */
	int8_t		 weight;	/* class/id/role: -50..50 */
	uint32_t	 flags;
	uint32_t	 words;		/* PW_* of its class, id, data-* */
	uint32_t	 text;		/* visible characters in the subtree */
	uint32_t	 link_text;	/* of which inside links */
	uint32_t	 inline_text;	/* in its own inline content (not in
					   block descendants) */
	uint32_t	 inline_link;	/* of which inside links */
	uint16_t	 commas;	/* in the subtree (capped) */
	uint16_t	 inline_commas;
	uint16_t	 nlinks;	/* <a href> in the subtree (capped) */
	uint16_t	 nimages;	/* (capped) */
	float		 score;		/* extract.c's */
};

struct page {
	xmlDocPtr	 doc;
	const char	*url;		/* links resolve against it: <base>,
					   else where the page came from */
	char		*base_own;	/* url, when <base> gave it */
	struct pnode	*v;
	uint32_t	 n;
	uint32_t	 body;		/* index of <body>, or 0 */
	uint32_t	 total_text;	/* visible characters of the page */
};

/*
 * Index doc, fetched from url.  Returns 0, or -1 with *cause when the
 * page has no elements at all.  The page borrows doc and url.
 */
int	page_index(struct page *, xmlDocPtr doc, const char *url,
	    char **cause);
void	page_free(struct page *);

/* The pnode index of an element, or PAGE_NONE (not indexed). */
static inline uint32_t
page_of(const xmlNode *n)
{
	return n != NULL && n->_private != NULL ?
	    (uint32_t)((uintptr_t)n->_private - 1) : PAGE_NONE;
}

/* 1 when j is i or inside it. */
static inline int
page_within(const struct page *pg, uint32_t j, uint32_t i)
{
	return j >= i && j < pg->v[i].end;
}

/* Visible characters and commas of a text, blank runs counted once. */
void	page_count_text(const char *s, uint32_t *chars, uint32_t *commas);

/* An attribute's value (not copied), or NULL. */
const char *page_attr(xmlNodePtr, const char *name);

/*
 * The visible text of node n, whitespace collapsed, appended to b: JUNK
 * subtrees and those for which skip() says 1 are left out; block edges
 * and <br> become one space.  Stops past max bytes.
 */
void	page_text(const struct page *, xmlNodePtr n, struct buf *b,
	    size_t max, int (*skip)(const struct page *, uint32_t, void *),
	    void *arg);
/* page_text() of n as a new string, NULL if empty. */
char	*page_text_dup(const struct page *, xmlNodePtr n, size_t max);

/* 1 when the lowercase word w is one of the class/id words of node i. */
int	page_has_class_word(const struct page *, uint32_t i, const char *w);

#endif
