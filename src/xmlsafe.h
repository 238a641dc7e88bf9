/*
 * xmlsafe.h: the only place libxml2 documents are opened (XML feeds and
 * HTML pages).
 *
 * Owns the parser options (recover, no network, no entity substitution,
 * no DTD loading), the size cap, the choice of character encoding (the
 * transport's charset, else a BOM, else the XML declaration; ISO-8859-1
 * and US-ASCII read as windows-1252) and a byte-level repair pass for
 * what real feeds get wrong: HTML entities that XML does not define,
 * bare '&', stray control characters, bytes that are not UTF-8 in a
 * UTF-8 document, junk before the first tag.  Repairs and libxml2's
 * recovered errors become warnings.
 */
#ifndef FEEDMERGE_XMLSAFE_H
#define FEEDMERGE_XMLSAFE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "warn.h"

/* Larger documents are refused. */
#define XMLSAFE_MAX_SIZE	(256 * 1024 * 1024)

/*
 * Called as each element of an XML document ends, while the document
 * is still being read: the element is complete (its subtree and its
 * ancestors are in the tree, its later siblings not yet).  It may free
 * what it has read of the element (its children, its attributes) or
 * unlink and free it, nothing else of the tree.
 */
typedef void	(*xmlsafe_end_cb)(xmlNodePtr, void *);

/*
 * xmlsafe_read flags.  XMLSAFE_DISCARD: the caller never reads buf again
 * (it frees it next), so its pages may be given back to the system as
 * they are read (they may read as zeros after).
 */
#define XMLSAFE_DISCARD		0x1

/*
 * Parse buf as XML.  url names the document (only for libxml2's own
 * bookkeeping: nothing is fetched); charset is the transport's charset
 * or NULL; flags as above; end, when not NULL, is called with arg as
 * each element ends.
 * Returns a document (the caller frees it with xmlFreeDoc) that has a
 * root element, or NULL with *cause set (caller frees) when there is no
 * XML document to be had.  Problems recovered from are added to warn.
 */
xmlDocPtr	xmlsafe_read(const char *buf, size_t len, const char *url,
		    const char *charset, int flags, xmlsafe_end_cb end,
		    void *arg, struct warnings *warn, char **cause);

/* HTML trees are cut to this depth and this many nodes. */
#define XMLSAFE_HTML_DEPTH	256
#define XMLSAFE_HTML_NODES	1000000

/*
 * Parse buf as an HTML page with libxml2's HTML parser: the charset from
 * a BOM, the transport (charset, or NULL), a <meta>, an XML declaration,
 * else UTF-8 with stray bytes read as windows-1252.  Returns a document
 * with a root element (the caller frees it with xmlFreeDoc), or NULL with
 * *cause set.  Subtrees past the depth and node caps are dropped.
 */
xmlDocPtr	xmlsafe_read_html(const char *buf, size_t len,
		    const char *url, const char *charset,
		    struct warnings *warn, char **cause);

#endif
