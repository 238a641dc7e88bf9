/*
 * warn.h: a sink for the problems a parser recovered from.
 *
 * Parsers and xmlsafe.c add to it; the daemon logs what it holds under
 * the source's name.  Bounded: past WARN_MAX messages more are dropped.
 */
#ifndef FEEDMERGE_WARN_H
#define FEEDMERGE_WARN_H

#include <stddef.h>

#define WARN_MAX	5

struct warnings {
	char	**v;
	size_t	  n;
};

void	warnings_init(struct warnings *);
void	warnings_free(struct warnings *);	/* and init again */
void	warnings_add(struct warnings *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
