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
 * Parse buf as XML.  url names the document (only for libxml2's own
 * bookkeeping: nothing is fetched); charset is the transport's charset
 * or NULL.  Returns a document (the caller frees it with xmlFreeDoc) that
 * has a root element, or NULL with *cause set (caller frees) when there
 * is no XML document to be had.  Problems recovered from are added to
 * warn.
 */
xmlDocPtr	xmlsafe_read(const char *buf, size_t len, const char *url,
		    const char *charset, struct warnings *warn,
		    char **cause);

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
