/*
 * xpath.h: XPath 1.0 through libxml2, for per-source overrides.
 *
 * Owns every use of libxml2's XPath engine: checking an expression when
 * the configuration is read (so a typo is a config error with its line,
 * not a silent empty source) and evaluating one on a page, relative to
 * the document or to a node.  libxml2's messages go to a handler on the
 * calling thread only, never to stderr.
 */
#ifndef FEEDMERGE_XPATH_H
#define FEEDMERGE_XPATH_H

#include <stddef.h>

#include <libxml/tree.h>

/* At most this many nodes of one result are used. */
#define XPATH_MAX_NODES		1000

/* 0 when expr compiles, else -1 with *cause (libxml2's reason). */
int	xpath_check(const char *expr, char **cause);

/*
 * The element nodes expr selects, evaluated at ctx (NULL: the document),
 * in document order, into v[0..max); attribute and text nodes count as
 * their parent element.  Returns how many, or -1 when the expression
 * fails (an error, or a result that is not a node-set).
 */
int	xpath_nodes(xmlDocPtr doc, xmlNodePtr ctx, const char *expr,
	    xmlNodePtr *v, size_t max);

/*
 * The string value of expr at ctx: for a node-set its first node's text
 * (an attribute's value for @href), for a string, number or boolean
 * that value.  Returns a new string, or NULL when empty or on error.
 */
char	*xpath_string(xmlDocPtr doc, xmlNodePtr ctx, const char *expr);

#endif
