/*
 * opml.h: moving in from another reader and out to one (OPML 2.0).
 *
 * Owns reading an OPML subscription list into configuration sections,
 * and writing the configured sources as one.  Reads no network: an
 * outline's xmlUrl is copied, not fetched.
 */
#ifndef FEEDMERGE_OPML_H
#define FEEDMERGE_OPML_H

#include "conf.h"
#include "util.h"

/*
 * [source "NAME"] sections for every outline of the file with an http(s)
 * xmlUrl, into out: names made from the titles (valid and unique, and
 * unlike any of taken, a configuration's, or NULL), the title kept, the
 * categories the outline sits in as a comment.  Sets *n to the sources
 * and *skipped to outlines left out.  -1 with *cause on a file that is
 * no OPML.
 */
int	opml_import(const char *path, const struct conf *taken,
	    struct buf *out, int *n, int *skipped, char **cause);

/* The configured sources as an OPML 2.0 document, into out. */
void	opml_export(const struct conf *, struct buf *out);

#endif
