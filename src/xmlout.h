/*
 * xmlout.h: writing XML text, the one escaper of what leaves feedmerge.
 *
 * Every string written here came from the network: the escaper is also
 * where invalid UTF-8 becomes U+FFFD and the characters XML 1.0 forbids
 * (controls, U+FFFE, U+FFFF) are dropped, so the output is well-formed
 * whatever a source sent.  Written by hand rather than with libxml2's
 * xmlTextWriter for that reason, and to append to a struct buf the
 * caller flushes as it goes.
 */
#ifndef FEEDMERGE_XMLOUT_H
#define FEEDMERGE_XMLOUT_H

#include <stdint.h>

#include "util.h"

/* Append s escaped for XML text or an attribute value ("). */
void	xmlout_escape(struct buf *, const char *s);

/* INDENT<NAME>escaped value</NAME>\n; nothing when value is NULL. */
void	xmlout_element(struct buf *, const char *indent, const char *name,
	    const char *value);

/* INDENT<NAME>RFC 3339 UTC date</NAME>\n; nothing for DATE_NONE. */
void	xmlout_date(struct buf *, const char *indent, const char *name,
	    int64_t t);

/* INDENT<link rel= href= [type=] [length=]/>\n (length < 0: none). */
void	xmlout_link(struct buf *, const char *indent, const char *rel,
	    const char *href, const char *type, int64_t length);

/* " NAME=\"escaped value\"" */
void	xmlout_attr(struct buf *, const char *name, const char *value);

#endif
