/*
 * publish.c: what each output shows, and the writing of its files.
 *
 * An output that shows the newest stories of every source is read in
 * one pass of the store, max_entries stories long.  One that selects
 * (sources, include, exclude, max_age, max_per_source) is read twice:
 * first to choose its stories and find the newest date (which the Atom
 * head carries before any entry), then to render what was chosen, in
 * the same order.  See publish.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "filter.h"
#include "outfile.h"
#include "publish.h"
#include "publish_fmt.h"
#include "sanitize.h"
#include "text.h"
#include "xmlout.h"

int
publish_url(const char *u)
{
	return sanitize_url_ok(u, 0);
}

const char *
publish_source_title(const struct publish_view *pv,
    const struct store_entry *e)
{
	const struct conf_source *cs = conf_find_source(pv->cf,
	    e->source_name);
	const char		*title = e->source_title;

	if (cs != NULL && cs->title != NULL)
		title = cs->title;
	if (str_empty(title))
		title = e->source_name;
	return title;
}

char *
publish_summary(const struct item *it)
{
	char	*s;

	if (str_empty(it->summary))
		return NULL;
	if (it->summary_cut && it->summary_type == TEXT_PLAIN) {
		xasprintf(&s, "%s \xe2\x80\xa6", it->summary);
		return s;
	}
	return xstrdup(it->summary);
}

char *
publish_sibling_url(const char *link, const char *ext)
{
	const char	*end, *slash, *dot, *p;
	char		*s;

	if (link == NULL)
		return NULL;
	/* The path ends at the query or the fragment, starts past the
	   authority ("https://host"). */
	end = link + strcspn(link, "?#");
	p = strstr(link, "://");
	p = p != NULL && p < end ? p + 3 : link;
	p += strcspn(p, "/?#");
	if (p >= end || p[1] == '\0' || end[-1] == '/') {
		/* No file name to replace ("https://host", ".../feeds/"). */
		xasprintf(&s, "%.*s%sfeed%s%s", (int)(p >= end ? end - link :
		    end - link), link, p >= end ? "/" : "", ext, end);
		return s;
	}
	slash = dot = NULL;
	for (; p < end; p++)
		if (*p == '/')
			slash = p;
		else if (*p == '.')
			dot = p;
	if (dot == NULL || dot < slash || dot == slash + 1)
		dot = end;
	xasprintf(&s, "%.*s%s%s", (int)(dot - link), link, ext, end);
	return s;
}

void
publish_plain_as_html(struct buf *b, const char *s)
{
	struct buf	 t;

	buf_init(&t);
	xmlout_escape(&t, s);
	buf_add(b, t.data != NULL ? t.data : "", t.len);
	buf_free(&t);
}

int64_t
publish_date(const struct store_entry *e)
{
	return e->published != DATE_NONE ? e->published : e->updated;
}

/* --- the selection -------------------------------------------------- */

static int
publish_selects(const struct conf *cf, const struct conf_output *o)
{
	size_t	 i;

	if (o->nsources > 0 || filter_has_rules(&o->filter) ||
	    o->filter.max_age > 0 || o->filter.max_per_source > 0)
		return 1;
	for (i = 0; i < cf->nsources; i++)
		if (cf->sources[i].filter.max_per_source > 0)
			return 1;
	return 0;
}

struct publish_choose {
	struct store		*st;
	char			**cause;
	int			 failed;
	const struct conf	*cf;
	const struct conf_output *o;
	int64_t			 now;
	int64_t			*ids;
	size_t			 n;
	int64_t			 newest;
	struct strmap		 per_source;	/* name -> stories chosen */
};

static int
publish_has_source_cb(const char *name, void *arg)
{
	return conf_output_has_source(arg, name);
}

/* Pass 1: is this story shown?  Stops once max_entries are. */
static int
publish_choose_cb(const struct store_entry *e, void *arg)
{
	struct publish_choose	*pc = arg;
	const struct conf_source *cs;
	size_t			 count = 0;
	int			 limit = pc->o->filter.max_per_source, rc;

	if (filter_too_old(&pc->o->filter, publish_date(e), pc->now) ||
	    !filter_match(&pc->o->filter, e->item))
		return 0;
	/* One of its sources carries it, if not the one it is shown from. */
	if (!conf_output_has_source(pc->o, e->source_name)) {
		rc = store_story_sources(pc->st, e->story,
		    publish_has_source_cb, (void *)pc->o, pc->cause);
		if (rc == -1) {
			pc->failed = 1;
			return 1;
		}
		if (rc == 0)
			return 0;
	}
	cs = conf_find_source(pc->cf, e->source_name);
	if (cs != NULL && cs->filter.max_per_source > 0 &&
	    (limit == 0 || cs->filter.max_per_source < limit))
		limit = cs->filter.max_per_source;
	if (limit > 0) {
		(void)strmap_get(&pc->per_source, e->source_name, &count);
		if (count >= (size_t)limit)
			return 0;
		strmap_put(&pc->per_source, e->source_name, count + 1);
	}
	pc->ids = xreallocarray(pc->ids, pc->n + 1, sizeof *pc->ids);
	pc->ids[pc->n++] = e->story;
	if (pc->newest == DATE_NONE || e->updated > pc->newest)
		pc->newest = e->updated;
	return pc->n >= (size_t)pc->o->max_entries;
}

/* --- rendering --------------------------------------------------------- */

struct publish_sink {
	const struct publish_format *fmt;
	const char		*path;
	struct outfile		*of;	/* or NULL: into buf */
	struct buf		*buf;
};

struct publish_run {
	struct publish_view	 view;
	struct publish_sink	 sinks[4];
	size_t			 nsinks;
	int			 chosen; /* pass 1 chose ids[nids] */
	const int64_t		*ids;
	size_t			 nids, next;
	struct publish_result	*r;
	int			 failed;
	char			**cause;
};

/* Pass 2 (or the one pass): render each entry shown, to every sink. */
static int
publish_entry_cb(const struct store_entry *e, void *arg)
{
	struct publish_run	*pr = arg;
	size_t			 i;

	if (pr->chosen) {
		if (pr->next >= pr->nids)
			return 1;
		if (e->story != pr->ids[pr->next])
			return 0;
		pr->next++;
	}
	for (i = 0; i < pr->nsinks; i++) {
		struct publish_sink *sk = &pr->sinks[i];

		sk->fmt->entry(sk->buf, &pr->view, e);
		if (sk->of != NULL && outfile_flush(sk->of, 0,
		    pr->cause) == -1) {
			pr->failed = 1;
			return 1;
		}
	}
	pr->view.n++;
	if (pr->r != NULL) {
		pr->r->shown = xreallocarray(pr->r->shown, pr->r->nshown + 1,
		    sizeof *pr->r->shown);
		pr->r->shown[pr->r->nshown++] = e->story;
	}
	return pr->chosen && pr->next >= pr->nids;
}

static const struct publish_format *
publish_format_of(enum publish_format_id id)
{
	switch (id) {
	case PUBLISH_RSS:
		return &publish_rss;
	case PUBLISH_JSON:
		return &publish_json;
	case PUBLISH_HTML:
		return &publish_html;
	default:
		return &publish_atom;
	}
}

/* Choose (if it selects), then render into every sink of pr. */
static int
publish_run(struct store *st, const struct conf *cf,
    const struct conf_output *o, int64_t now, struct publish_run *pr,
    char **cause)
{
	struct publish_choose	 pc;
	size_t			 i;
	int			 rc = -1;

	memset(&pc, 0, sizeof pc);
	pc.newest = DATE_NONE;
	strmap_init(&pc.per_source);
	pr->view.cf = cf;
	pr->view.o = o;
	pr->cause = cause;
	if (publish_selects(cf, o)) {
		pc.st = st;
		pc.cause = cause;
		pc.cf = cf;
		pc.o = o;
		pc.now = now;
		if (store_each_entry(st, -1, publish_choose_cb, &pc,
		    cause) == -1 || pc.failed)
			goto out;
		pr->view.newest = pc.newest;
		pr->chosen = 1;
		pr->ids = pc.ids;
		pr->nids = pc.n;
	} else if (store_newest_update(st, o->max_entries, &pr->view.newest,
	    cause) == -1)
		goto out;
	for (i = 0; i < pr->nsinks; i++)
		pr->sinks[i].fmt->head(pr->sinks[i].buf, &pr->view);
	if (!pr->chosen || pr->nids > 0)
		if (store_each_entry(st, pr->chosen ? -1 : o->max_entries,
		    publish_entry_cb, pr, cause) == -1 || pr->failed)
			goto out;
	for (i = 0; i < pr->nsinks; i++)
		pr->sinks[i].fmt->tail(pr->sinks[i].buf, &pr->view);
	rc = 0;
out:
	free(pc.ids);
	pr->ids = NULL;
	pr->chosen = 0;
	strmap_free(&pc.per_source);
	return rc;
}

int
publish_render(struct store *st, const struct conf *cf,
    const struct conf_output *o, enum publish_format_id format, int64_t now,
    struct buf *out, int *nentries, char **cause)
{
	struct publish_run	 pr;

	memset(&pr, 0, sizeof pr);
	buf_reset(out);
	pr.sinks[0].fmt = publish_format_of(format);
	pr.sinks[0].buf = out;
	pr.nsinks = 1;
	if (publish_run(st, cf, o, now, &pr, cause) == -1) {
		buf_reset(out);
		return -1;
	}
	*nentries = pr.view.n;
	return 0;
}

static void
publish_add_sink(struct publish_run *pr, enum publish_format_id id,
    const char *path)
{
	struct publish_sink	*sk = &pr->sinks[pr->nsinks++];

	sk->fmt = publish_format_of(id);
	sk->path = path;
}

int
publish_output(struct store *st, const struct conf *cf,
    const struct conf_output *o, int64_t now, struct publish_result *r,
    char **cause)
{
	struct publish_run	 pr;
	size_t			 i;
	int			 written, rc = -1;

	memset(&pr, 0, sizeof pr);
	if (o->formats & CONF_FORMAT_ATOM)
		publish_add_sink(&pr, PUBLISH_ATOM, o->file);
	if (o->rss_file != NULL)
		publish_add_sink(&pr, PUBLISH_RSS, o->rss_file);
	if (o->json_file != NULL)
		publish_add_sink(&pr, PUBLISH_JSON, o->json_file);
	if (o->html != NULL)
		publish_add_sink(&pr, PUBLISH_HTML, o->html);
	for (i = 0; i < pr.nsinks; i++) {
		if ((pr.sinks[i].of = outfile_open(pr.sinks[i].path,
		    cause)) == NULL)
			goto out;
		pr.sinks[i].buf = outfile_buf(pr.sinks[i].of);
	}
	pr.r = r;
	if (publish_run(st, cf, o, now, &pr, cause) == -1)
		goto out;
	r->nentries = pr.view.n;
	for (i = 0; i < pr.nsinks; i++) {
		struct outfile	*of = pr.sinks[i].of;

		pr.sinks[i].of = NULL;
		if (outfile_commit(of, &written, cause) == -1)
			goto out;
		if (written) {
			if (!r->written)
				r->first_written = pr.sinks[i].path;
			r->written = 1;
			if (pr.sinks[i].fmt == &publish_atom)
				r->formats_written |= CONF_FORMAT_ATOM;
			else if (pr.sinks[i].fmt == &publish_rss)
				r->formats_written |= CONF_FORMAT_RSS;
			else if (pr.sinks[i].fmt == &publish_json)
				r->formats_written |= CONF_FORMAT_JSON;
		}
	}
	rc = 0;
out:
	for (i = 0; i < pr.nsinks; i++)
		if (pr.sinks[i].of != NULL)
			outfile_abort(pr.sinks[i].of);
	return rc;
}
