/*
 * parse_xml.h: RSS 0.90-0.94 and 2.0, RSS 1.0 (RDF), Atom 0.3 and 1.0.
 *
 * Also declares the text helpers in parse.c that both format parsers
 * use (parse_json.c includes this header for them).
 */
#ifndef FEEDMERGE_PARSE_XML_H
#define FEEDMERGE_PARSE_XML_H

#include <stddef.h>

#include "parse.h"

/*
 * Parse an XML feed.  charset is the transport's charset or NULL.
 * Returns 0 with res filled, or -1 with *cause set (caller frees) when
 * the document is not a feed; res may then hold warnings only.
 */
int	parse_xml(const char *buf, size_t len, const char *base_url,
	    const char *charset, struct parse_result *res, char **cause);

/* Text helpers, in parse.c.  Returned strings are the caller's. */
char	*parse_cut(char *);			/* to PARSE_MAX_FIELD */
char	*parse_cut_to(char *, size_t);		/* to a byte count */
char	*parse_trimmed(const char *, size_t);	/* NULL if empty */
char	*parse_collapse(const char *, size_t);	/* NULL if empty */
char	*parse_html_to_text(const char *, size_t); /* NULL if empty */
int	 parse_has_markup(const char *);
size_t	 parse_html_entity(const char *, size_t, unsigned long *);
void	 parse_author_split(const char *, char **, char **);

#endif
