/*
 * decode.h: undoing an HTTP Content-Encoding (gzip, deflate), capped.
 *
 * Owns zlib.  The fetcher hands bodies over as they came off the wire,
 * so that decompressing them is done on a parser thread, beside the
 * parse, and not on the event loop where every transfer waits for it.
 */
#ifndef FEEDMERGE_DECODE_H
#define FEEDMERGE_DECODE_H

#include <stdint.h>

#include "util.h"

/* What fetch_start() offers in Accept-Encoding. */
#define DECODE_ACCEPT	"gzip, deflate"

/*
 * Replace body with its decoded bytes, per the Content-Encoding header
 * value (NULL, "" or "identity": nothing to do).  -1 with *cause when
 * the coding is not one we offered, the data is corrupt, or the decoded
 * body would pass max_size; body is then left as it was.  A stream that
 * stops short is kept up to where it stops: the parser recovers what it
 * can of a truncated document.
 */
int	decode_body(struct buf *body, const char *content_encoding,
	    int64_t max_size, char **cause);

#endif
