/*
 * outfile.h: an output file replaced atomically, and only when it changed.
 *
 * Owns the temp file: created beside the target (same directory, so the
 * rename is atomic), written as the caller renders (a piece at a time,
 * never the whole file in memory), hashed as it goes.  At the end the
 * hash and size are compared with the file on disk: the same bytes drop
 * the temp file and leave the target untouched; other bytes are fsynced,
 * renamed over the target, and the directory fsynced.
 */
#ifndef FEEDMERGE_OUTFILE_H
#define FEEDMERGE_OUTFILE_H

#include <stddef.h>

#include "util.h"

/* Bytes held before they go to the temp file. */
#define OUTFILE_CHUNK	(64 * 1024)

struct outfile;

/* Start replacing path; NULL with *cause when no temp file is possible. */
struct outfile	*outfile_open(const char *path, char **cause);

/* The buffer to render into; outfile_flush() empties it. */
struct buf	*outfile_buf(struct outfile *);

/* Write the buffer out once it holds OUTFILE_CHUNK (always with force). */
int		 outfile_flush(struct outfile *, int force, char **cause);

/*
 * Finish: replace the target unless it holds the same bytes (*written
 * says which), free of.  On error the temp file is removed.
 */
int		 outfile_commit(struct outfile *of, int *written, char **cause);

/* Give up: remove the temp file, free of.  NULL is fine. */
void		 outfile_abort(struct outfile *);

/*
 * Remove the temp files a killed process left beside path (mkstemp's
 * "path.tmp.XXXXXX"); removed(name, arg), or NULL, hears of each.  Only
 * while no outfile of path is open.
 */
void		 outfile_clean(const char *path,
		    void (*removed)(const char *, void *), void *arg);

/* Replace path with data (an outfile written in one go). */
int		 outfile_write(const char *path, const char *data, size_t len,
		    int *written, char **cause);

#endif
