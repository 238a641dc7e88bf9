/*
 * xtree.h: a compact tree of an XML document, built from libxml2's SAX2
 * events (xmlsafe_read_sax) rather than by libxml2's own tree builder.
 *
 * Owns the nodes.  They come from one arena per document, handed out in
 * document order and given back from a point on: an element that has
 * just ended gives back its subtree at no cost (xtree_free_children),
 * which is how a feed's items are dropped as they are read.  A node has
 * libxml2's shape where parse_xml.c reads it (type, name, children,
 * next, ...), but no per-node allocation, no attribute text nodes and no
 * namespace structures: element and attribute names and namespace URIs
 * are libxml2's dictionary strings, so within one document the same URI
 * is the same pointer.  Adjacent character data (CDATA included) is one
 * text node, as in libxml2's tree; comments and processing instructions
 * are left out (but end a text node for libxml2's limit on one), and so
 * are attributes the document's DTD gives by default.
 */
#ifndef FEEDMERGE_XTREE_H
#define FEEDMERGE_XTREE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "warn.h"

struct xattr {
	struct xattr	*next;
	const char	*name;		/* local name */
	const char	*prefix;	/* or NULL */
	const char	*href;		/* its namespace's URI, or NULL */
	const char	*value;		/* references decoded */
};

struct xnode {
	xmlElementType	 type;		/* XML_ELEMENT_NODE, XML_TEXT_NODE */
	/* An element's local name; "prefix:local" when the prefix was
	   never declared (then href is NULL), as libxml2 names it. */
	const char	*name;
	const char	*href;		/* an element's namespace URI */
	struct xnode	*parent, *children, *last, *prev, *next;
	struct xattr	*properties;	/* an element's, in order */
	char		*content;	/* a text node's, NUL-terminated */
	/* An xml:lang the document's DTD gives the element by default
	   (not among its properties, as in libxml2's tree). */
	const char	*lang_default;
	void		*_private;	/* the caller's */
};

struct xtree;

/*
 * Called as each element ends, while the document is still being read:
 * its subtree and its ancestors are in the tree, its later siblings not
 * yet.  It may give back the element's subtree (xtree_free_children) or
 * the element itself (xtree_drop), nothing else.
 */
typedef void	(*xtree_end_cb)(struct xtree *, struct xnode *, void *);

/*
 * Parse buf (xmlsafe_read_sax: the same repairs, options and warnings as
 * xmlsafe_read) into *treep, calling end with arg as each element ends.
 * Returns 0 with a tree that has a root element (free it with
 * xtree_free), or -1 with *cause set (caller frees).
 */
int		 xtree_read(struct xtree **treep, const char *buf, size_t len,
		    const char *url, const char *charset, int flags,
		    xtree_end_cb end, void *arg, struct warnings *warn,
		    char **cause);
struct xnode	*xtree_root(const struct xtree *);
void		 xtree_free(struct xtree *);

/* n has just ended: give back its children and attributes. */
void		 xtree_free_children(struct xtree *, struct xnode *n);

/*
 * n has just ended and is the last child of its parent: unlink it and
 * the text just before it, and give them back.
 */
void		 xtree_drop(struct xtree *, struct xnode *n);

/* The bytes the tree's arena holds now (its chunks). */
size_t		 xtree_bytes(const struct xtree *);

/* xml:lang in scope at n, or NULL (not copied): as xmlNodeGetLang(),
   a default from the document's DTD included. */
const char	*xtree_lang(const struct xnode *n);

/*
 * A libxml2 copy of n's children, as children of a new element (free it
 * with xmlFreeNode), for code that reads libxml2 trees (html.c): names,
 * namespaces (an attribute's: only xml:'s), attributes and text.
 */
xmlNodePtr	 xtree_to_libxml(const struct xnode *n);

#endif
