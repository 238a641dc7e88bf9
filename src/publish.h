/*
 * publish.h: the outputs: which stories each shows, and its files.
 *
 * Owns the selection (an output's sources, filters, max_age,
 * max_per_source and max_entries over the store's stories, newest
 * first) and drives the renderers (publish_fmt.h: Atom 1.0, RSS 2.0,
 * JSON Feed 1.1, an HTML page) over it.  Entries are written out as they
 * are read, each file through outfile.c (a temp file beside it, replaced
 * atomically, untouched when the bytes are the same), so that memory
 * does not grow with the number of entries.  Never sees a parser or a
 * transfer.
 */
#ifndef FEEDMERGE_PUBLISH_H
#define FEEDMERGE_PUBLISH_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "store.h"
#include "util.h"

enum publish_format_id {
	PUBLISH_ATOM,
	PUBLISH_RSS,
	PUBLISH_JSON,
	PUBLISH_HTML
};

struct publish_result {
	int		 nentries;
	int		 written;	/* some file was replaced */
	const char	*first_written;	/* the first of them (o's) */
	int		 formats_written; /* CONF_FORMAT_* of the files
					   replaced (WebSub topics) */
	int64_t		*shown;		/* the stories shown (caller frees) */
	size_t		 nshown;
};

/*
 * Write every file of output o: the Atom file, RSS and JSON beside it
 * as its formats ask, its HTML page.  now: for max_age.  r is filled
 * (its shown stories appended to what it holds).
 */
int	publish_output(struct store *st, const struct conf *cf,
	    const struct conf_output *o, int64_t now, struct publish_result *r,
	    char **cause);

/* The URL of a file beside the Atom file's link: its extension replaced
   by ext (".rss"), or NULL without a link.  Caller frees. */
char	*publish_sibling_url(const char *link, const char *ext);

/* One format's bytes into out, in memory (tests, benchmarks). */
int	publish_render(struct store *st, const struct conf *cf,
	    const struct conf_output *o, enum publish_format_id format,
	    int64_t now, struct buf *out, int *nentries, char **cause);

#endif
