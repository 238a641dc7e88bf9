/*
 * parse_xml.h: RSS 0.90-0.94 and 2.0, RSS 1.0 (RDF), Atom 0.3 and 1.0.
 */
#ifndef FEEDMERGE_PARSE_XML_H
#define FEEDMERGE_PARSE_XML_H

#include <stddef.h>

#include "parse.h"

/*
 * Parse an XML feed.  charset is the transport's charset or NULL;
 * discard set: buf is never read again by the caller (its pages may be
 * given back as they are read, XMLSAFE_DISCARD).  Returns 0 with res
 * filled, or -1 with *cause set (caller frees) when the document is not
 * a feed; res may then hold warnings only.
 */
int	parse_xml(const char *buf, size_t len, const char *base_url,
	    const char *charset, int discard, struct parse_result *res,
	    char **cause);

#endif
