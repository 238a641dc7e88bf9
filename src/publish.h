/*
 * publish.h: the combined Atom 1.0 file (RFC 4287).
 *
 * Reads the newest stories from the store and writes the file: rendered
 * in memory (one copy), compared with what is on disk a piece at a time
 * (an unchanged feed is not rewritten), else written to a temp file in
 * the same directory, fsynced, renamed over the old one, and the
 * directory fsynced.  Never sees a parser or a transfer.
 */
#ifndef FEEDMERGE_PUBLISH_H
#define FEEDMERGE_PUBLISH_H

#include "conf.h"
#include "store.h"
#include "util.h"

/* Render the feed of cf from st into out.  Sets *nentries. */
int	publish_render(struct store *st, const struct conf *cf,
	    struct buf *out, int *nentries, char **cause);

/*
 * Replace path with data atomically unless it already holds exactly
 * data.  Sets *written to 1 when the file was replaced.
 */
int	publish_write_file(const char *path, const char *data, size_t len,
	    int *written, char **cause);

/* Check at startup that the output's directory exists and is writable. */
int	publish_check_dir(const char *path, char **cause);

#endif
