/*
 * xpath.c: libxml2's XPath engine, checked and bounded (see xpath.h).
 *
 * libxml2 reports XPath errors through the thread's structured error
 * handler: it is pointed at a local collector for the duration of each
 * call and put back after, so the daemon's other threads are untouched
 * (libxml2 keeps that handler per thread).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "text.h"
#include "util.h"
#include "xpath.h"

struct xpath_err {
	char	 msg[160];
};

static void
xpath_error_cb(void *data, xmlErrorPtr err)
{
	struct xpath_err	*e = data;
	size_t			 n;

	if (e == NULL || err == NULL || e->msg[0] != '\0')
		return;
	snprintf(e->msg, sizeof e->msg, "%s", err->message != NULL ?
	    err->message : "invalid expression");
	n = strlen(e->msg);
	while (n > 0 && IS_SPACE(e->msg[n - 1]))
		e->msg[--n] = '\0';
}

/* Run fn with libxml2's errors collected into *e. */
#define XPATH_QUIET(e, stmt) do {					\
	xmlStructuredErrorFunc	 old_ = xmlStructuredError;		\
	void			*olddata_ = xmlStructuredErrorContext;	\
									\
	(e)->msg[0] = '\0';						\
	xmlSetStructuredErrorFunc((e), xpath_error_cb);			\
	stmt;								\
	xmlSetStructuredErrorFunc(olddata_, old_);			\
} while (0)

int
xpath_check(const char *expr, char **cause)
{
	struct xpath_err	 e;
	xmlXPathCompExprPtr	 comp;

	XPATH_QUIET(&e, comp = xmlXPathCompile((const xmlChar *)expr));
	if (comp == NULL) {
		xasprintf(cause, "invalid XPath: %s", e.msg[0] != '\0' ? e.msg :
		    "cannot compile");
		return -1;
	}
	xmlXPathFreeCompExpr(comp);
	return 0;
}

static xmlXPathObjectPtr
xpath_eval(xmlDocPtr doc, xmlNodePtr ctx, const char *expr)
{
	struct xpath_err	 e;
	xmlXPathContextPtr	 xc;
	xmlXPathObjectPtr	 r = NULL;

	if ((xc = xmlXPathNewContext(doc)) == NULL)
		return NULL;
	xc->node = ctx != NULL ? ctx : (xmlNodePtr)doc;
	XPATH_QUIET(&e, r = xmlXPathEvalExpression((const xmlChar *)expr,
	    xc));
	xmlXPathFreeContext(xc);
	return r;
}

int
xpath_nodes(xmlDocPtr doc, xmlNodePtr ctx, const char *expr, xmlNodePtr *v,
    size_t max)
{
	xmlXPathObjectPtr	 r;
	xmlNodePtr		 n;
	size_t			 i, k = 0;
	int			 j;

	if ((r = xpath_eval(doc, ctx, expr)) == NULL)
		return -1;
	if (r->type != XPATH_NODESET) {
		xmlXPathFreeObject(r);
		return -1;
	}
	for (j = 0; r->nodesetval != NULL && j < r->nodesetval->nodeNr &&
	    k < max; j++) {
		n = r->nodesetval->nodeTab[j];
		if (n->type == XML_ATTRIBUTE_NODE || n->type == XML_TEXT_NODE)
			n = n->parent;
		if (n == NULL || n->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; i < k && v[i] != n; i++)
			;
		if (i == k)
			v[k++] = n;
	}
	xmlXPathFreeObject(r);
	return (int)k;
}

char *
xpath_string(xmlDocPtr doc, xmlNodePtr ctx, const char *expr)
{
	xmlXPathObjectPtr	 r;
	xmlChar			*s = NULL;
	char			*out = NULL;

	if ((r = xpath_eval(doc, ctx, expr)) == NULL)
		return NULL;
	if (r->type == XPATH_NODESET) {
		if (r->nodesetval != NULL && r->nodesetval->nodeNr > 0)
			s = xmlNodeGetContent(r->nodesetval->nodeTab[0]);
	} else
		s = xmlXPathCastToString(r);
	if (s != NULL)
		out = text_collapse((const char *)s, strlen((const char *)s));
	xmlFree(s);
	xmlXPathFreeObject(r);
	return out;
}
