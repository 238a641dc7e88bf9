/*
 * publish.h: the combined Atom 1.0 file (RFC 4287).
 *
 * Reads the newest stories from the store and writes them out as they
 * are read: to the output through outfile.c (a temp file beside it,
 * replaced atomically, untouched when the bytes are the same), so that
 * memory does not grow with the number of entries.  Never sees a parser
 * or a transfer.
 */
#ifndef FEEDMERGE_PUBLISH_H
#define FEEDMERGE_PUBLISH_H

#include "conf.h"
#include "store.h"
#include "util.h"

/*
 * Write the feed of cf from st to path, replacing it unless it already
 * holds the same bytes.  Sets *nentries, and *written to 1 when the
 * file was replaced.
 */
int	publish_feed(struct store *st, const struct conf *cf, const char *path,
	    int *nentries, int *written, char **cause);

/* The same bytes into out, in memory (tests, benchmarks). */
int	publish_render(struct store *st, const struct conf *cf,
	    struct buf *out, int *nentries, char **cause);

#endif
