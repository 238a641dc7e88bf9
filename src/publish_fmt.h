/*
 * publish_fmt.h: what a renderer is (publish_atom.c, publish_rss.c,
 * publish_json.c, publish_html.c), and the little they share.
 *
 * A renderer turns the selection of publish.c into bytes: a head, one
 * entry at a time, a tail.  It chooses nothing: every entry it is given
 * is shown.  Text of the store is safe HTML already (sanitize.c); links
 * still go through sanitize_url_ok() here, for states an older feedmerge
 * wrote.
 */
#ifndef FEEDMERGE_PUBLISH_FMT_H
#define FEEDMERGE_PUBLISH_FMT_H

#include <stdint.h>

#include "conf.h"
#include "publish.h"
#include "store.h"
#include "util.h"

struct publish_view {
	const struct conf	*cf;
	const struct conf_output *o;
	int64_t			 newest;   /* the latest updated shown, or
					      DATE_NONE */
	int			 n;	   /* entries rendered before */
};

struct publish_format {
	void	(*head)(struct buf *, const struct publish_view *);
	void	(*entry)(struct buf *, const struct publish_view *,
		    const struct store_entry *);
	void	(*tail)(struct buf *, const struct publish_view *);
};

extern const struct publish_format publish_atom, publish_rss, publish_json,
    publish_html;

/* A link a reader may follow (http, https; no credentials). */
int	 publish_url(const char *);
/* The name of the entry's source as the configuration or its feed says. */
const char *publish_source_title(const struct publish_view *,
	    const struct store_entry *);
/* The summary as the entry shows it (a cut teaser says so), or NULL. */
char	*publish_summary(const struct item *);
/* s escaped for HTML: plain text as a reader reads it. */
void	 publish_plain_as_html(struct buf *, const char *s);
/* The entry's date: its own, or when feedmerge first had it. */
int64_t	 publish_date(const struct store_entry *);

#endif
