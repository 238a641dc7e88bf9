/*
 * explain.c: --explain (see explain.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explain.h"
#include "item.h"
#include "store.h"
#include "util.h"

/* "2026-11-30T14:05:00Z", or "-". */
static const char *
explain_date(int64_t t, char *buf, size_t size)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if (t == DATE_NONE || gmtime_r(&tt, &tm) == NULL)
		return "-";
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

static const char *
explain_kind(enum item_kind k)
{
	switch (k) {
	case ITEM_FULL:
		return "full page";
	case ITEM_TEASER:
		return "teaser";
	default:
		return "feed entry";
	}
}

struct explain_walk {
	FILE	*out;
	int	 n;
};

static void
explain_copy(const struct store_copy *c, void *arg)
{
	struct explain_walk	*w = arg;
	char			 d1[32], d2[32];

	w->n++;
	fprintf(w->out, "copy %d%s\n", w->n, c->best ? " (shown)" : "");
	fprintf(w->out, "  source: %s\n", c->source_name);
	fprintf(w->out, "  kind: %s%s\n", explain_kind(c->kind),
	    c->has_content ? ", with its text" : "");
	if (c->link != NULL)
		fprintf(w->out, "  link: %s\n", c->link);
	if (c->origin != NULL)
		fprintf(w->out, "  found on: %s\n", c->origin);
	if (c->title != NULL)
		fprintf(w->out, "  title: %s\n", c->title);
	fprintf(w->out, "  published: %s\n", explain_date(c->published, d1,
	    sizeof d1));
	fprintf(w->out, "  first seen: %s\n", explain_date(c->first_seen, d2,
	    sizeof d2));
	if (c->have_simhash)
		fprintf(w->out, "  simhash: %016llx\n",
		    (unsigned long long)c->simhash);
	fprintf(w->out, "  joined: %s\n", c->reason != NULL ? c->reason :
	    "(stored by an older feedmerge)");
}

int
explain_run(const char *state, const char *what, FILE *out)
{
	struct store		*s;
	struct store_story	 ss;
	struct explain_walk	 w;
	char			*cause = NULL, d[4][32];
	int64_t			 story;
	int			 rc;

	if ((s = store_open_readonly(state, &cause)) == NULL) {
		fprintf(stderr, "feedmerge: %s\n", cause);
		free(cause);
		return 1;
	}
	if ((rc = store_story_lookup(s, what, now_seconds(), &story,
	    &cause)) != 1 || (rc = store_story_get(s, story, &ss,
	    &cause)) != 1) {
		if (rc == 0)
			fprintf(stderr, "feedmerge: no story with the id or "
			    "a copy linking %s in %s\n", what, state);
		else
			fprintf(stderr, "feedmerge: %s\n", cause);
		free(cause);
		store_close(s);
		return 1;
	}
	fprintf(out, "story: %s\n", ss.atom_id);
	fprintf(out, "first seen: %s\n", explain_date(ss.first_seen, d[0],
	    sizeof d[0]));
	fprintf(out, "published: %s (the earliest of its copies)\n",
	    explain_date(ss.published, d[1], sizeof d[1]));
	fprintf(out, "updated: %s\n", explain_date(ss.updated, d[2],
	    sizeof d[2]));
	fprintf(out, "shown since: %s%s\n", explain_date(ss.shown_at, d[3],
	    sizeof d[3]), ss.shown_at != DATE_NONE ? " (its id is fixed)" :
	    "");
	if (ss.pruned)
		fprintf(out, "pruned: its copies are gone, its keys remain\n");
	store_story_clear(&ss);
	memset(&w, 0, sizeof w);
	w.out = out;
	rc = store_story_copies(s, story, explain_copy, &w, &cause);
	if (rc == -1) {
		fprintf(stderr, "feedmerge: %s\n", cause);
		free(cause);
	}
	store_close(s);
	return rc == -1 ? 1 : 0;
}
