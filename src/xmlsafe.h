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
 * xmlsafe_read flags.  XMLSAFE_DISCARD: the caller never reads buf again
 * (it frees it next), so its pages may be given back to the system as
 * they are read (they may read as zeros after).
 */
#define XMLSAFE_DISCARD		0x1

/*
 * Parse buf as XML.  url names the document (only for libxml2's own
 * bookkeeping: nothing is fetched); charset is the transport's charset
 * or NULL; flags as above.
 * Returns a document (the caller frees it with xmlFreeDoc) that has a
 * root element, or NULL with *cause set (caller frees) when there is no
 * XML document to be had.  Problems recovered from are added to warn.
 */
xmlDocPtr	xmlsafe_read(const char *buf, size_t len, const char *url,
		    const char *charset, int flags, struct warnings *warn,
		    char **cause);

/*
 * What xmlsafe_read_sax() hands a tree of the caller's own instead of
 * building libxml2's, each call with the caller's arg.  start: an
 * element, named as libxml2's tree names it (its local name, or
 * "prefix:local" for a prefix never declared, then uri NULL), with
 * nattrs attributes as libxml2's SAX2 gives them (five pointers each:
 * local name, prefix, URI, value, end of value; '&' in a value is still
 * a reference), an undeclared prefix named as for an element; the last
 * ndefaulted of them are defaults from the document's own DTD, which
 * libxml2's tree leaves out (but for xml:lang, which xmlNodeGetLang()
 * reads from the DTD).  end: the open element ends.  lost: libxml2 gave
 * up the open element (a start tag it could not finish): no end comes
 * for it, what follows is its parent's.  text: character data of the
 * open element (CDATA sections included), never outside the root;
 * returns -1 when the text node it makes would be longer than
 * libxml2's tree takes (XML_MAX_TEXT_LENGTH), and the parse stops
 * there as libxml2's does.  split: a comment or a processing
 * instruction, left out, between two runs of text that libxml2's tree
 * would keep as two text nodes.
 */
struct xmlsafe_sax {
	void	(*start)(void *arg, const char *name, const char *uri,
		    int nattrs, int ndefaulted, const xmlChar **attrs);
	void	(*end)(void *arg);
	void	(*lost)(void *arg);
	int	(*text)(void *arg, const char *s, size_t len);
	void	(*split)(void *arg);
};

/*
 * xmlsafe_read() without libxml2's tree: the same repairs, checks and
 * warnings, the document handed to sax as it is read.  Returns 0, or -1
 * with *cause set (caller frees) when there is no XML document to be
 * had (the events handed over until then stand, for the caller to drop).
 * Whether there was an element at all is for the caller to say.  The
 * names and URIs handed over are strings of libxml2's dictionary: *dict
 * is set to it, or NULL, and outlives the parse (xmlDictFree).
 */
int		xmlsafe_read_sax(const char *buf, size_t len, const char *url,
		    const char *charset, int flags,
		    const struct xmlsafe_sax *sax, void *arg,
		    xmlDictPtr *dict, struct warnings *warn, char **cause);

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
