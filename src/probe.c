/*
 * probe.c: --probe (see probe.h).
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "date.h"
#include "decode.h"
#include "fetch.h"
#include "parse.h"
#include "probe.h"
#include "text.h"
#include "url.h"
#include "util.h"

/* How much of a story's body --probe shows. */
#define PROBE_BODY_WORDS	30

static void
probe_field(const char *key, const char *v)
{
	if (v != NULL)
		printf("%s: %s\n", key, v);
}

static void
probe_date(const char *key, int64_t t)
{
	char	 buf[32];

	if (t == DATE_NONE)
		return;
	date_format_rfc3339(t, buf, sizeof buf);
	printf("%s: %s\n", key, buf);
}

/* "body: N characters" and its first words. */
static void
probe_body(const char *html)
{
	char		*text;
	const char	*p;
	size_t		 chars = 0, words = 0, cut = 0;
	int		 in = 0;

	if (html == NULL || (text = text_from_html(html, strlen(html))) ==
	    NULL) {
		printf("body: none\n");
		return;
	}
	for (p = text; *p != '\0'; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80)
			chars++;
		if (*p == ' ')
			in = 0;
		else if (!in) {
			in = 1;
			if (++words == PROBE_BODY_WORDS + 1)
				cut = (size_t)(p - text);
		}
	}
	printf("body: %zu characters\n", chars);
	if (cut > 0)
		printf("body starts: %.*s...\n", (int)cut - 1, text);
	else
		printf("body starts: %s\n", text);
	free(text);
}

/* A page: its story, then its teasers. */
static void
probe_page(const struct parse_result *res)
{
	const struct item	*it;
	size_t			 i, n = 0;

	printf("format: html\n");
	probe_field("site", res->title);
	probe_field("link", res->link);
	for (i = 0; i < res->nfeeds; i++)
		probe_field("offers feed", res->feeds[i]);
	for (i = 0; i < res->items.n; i++) {
		it = res->items.v[i];
		if (it->kind != ITEM_FULL)
			continue;
		printf("story\n");
		probe_field("title", it->title);
		probe_field("link", it->link);
		probe_field("author", it->author);
		probe_date("published", it->published);
		probe_date("updated", it->updated);
		probe_field("summary", it->summary);
		probe_field("image", it->thumbnail);
		for (size_t j = 0; j < it->ncategories; j++)
			probe_field("category", it->categories[j]);
		probe_body(it->content);
	}
	for (i = 0; i < res->items.n; i++)
		if (res->items.v[i]->kind == ITEM_TEASER)
			n++;
	printf("teasers: %zu\n", n);
	for (i = 0, n = 0; i < res->items.n; i++) {
		it = res->items.v[i];
		if (it->kind != ITEM_TEASER)
			continue;
		printf("teaser %zu\n", ++n);
		probe_field("title", it->title);
		probe_field("link", it->link);
		if (it->summary != NULL)
			printf("snippet: %s%s\n", it->summary,
			    it->summary_cut ? " (cut)" : "");
		probe_field("image", it->thumbnail);
		probe_date("published", it->published);
	}
}

/* One transfer on a loop of its own. */
struct probe {
	int			 done;
	int			 ok;
	struct buf		 body;
	char			*content_type;
	char			*content_encoding;
	char			*url;
	char			*error;
	long			 status;
};

static void
probe_done(struct fetch_result *r, void *arg)
{
	struct probe	*p = arg;

	p->done = 1;
	p->status = r->status;
	if (!r->ok)
		p->error = xstrdup(r->error);
	else if (r->status != 0 && (r->status < 200 || r->status > 299))
		xasprintf(&p->error, "HTTP %ld", r->status);
	else {
		p->ok = 1;
		p->body = r->body;
		buf_init(&r->body);
		if (r->content_type != NULL)
			p->content_type = xstrdup(r->content_type);
		if (r->content_encoding != NULL)
			p->content_encoding = xstrdup(r->content_encoding);
		if (r->effective_url != NULL)
			p->url = xstrdup(r->effective_url);
	}
}

int
probe_run(const char *arg, const struct parse_opts *opts)
{
	struct ev_loop		*loop;
	struct fetcher		*fr;
	struct fetch_request	 req;
	struct parse_result	 res;
	struct probe		 p;
	char			*url, *cause = NULL, resolved[PATH_MAX];
	size_t			 i;
	int			 ret = 1;

	if (url_scheme_len(arg) > 0)
		url = xstrdup(arg);
	else if (realpath(arg, resolved) != NULL)
		xasprintf(&url, "file://%s", resolved);
	else {
		fprintf(stderr, "feedmerge: %s: no such file, and not a URL\n",
		    arg);
		return 1;
	}
	memset(&p, 0, sizeof p);
	buf_init(&p.body);
	loop = ev_loop_new(EVFLAG_AUTO);
	if (loop == NULL || (fr = fetcher_new(loop, &cause)) == NULL) {
		fprintf(stderr, "feedmerge: %s\n", cause != NULL ? cause :
		    "cannot create an event loop");
		free(cause);
		free(url);
		if (loop != NULL)
			ev_loop_destroy(loop);
		return 1;
	}
	memset(&req, 0, sizeof req);
	req.url = url;
	req.timeout = 30;
	req.max_size = 64 * 1024 * 1024;
	req.user_agent = PACKAGE_NAME "/" PACKAGE_VERSION;
	if (fetch_start(fr, &req, probe_done, NULL, &p, &cause) == -1) {
		p.error = cause;
		p.done = 1;
	}
	while (!p.done)
		ev_run(loop, EVRUN_ONCE);
	fetcher_free(fr);
	ev_loop_destroy(loop);

	if (!p.ok) {
		fprintf(stderr, "feedmerge: %s: %s\n", url, p.error);
		goto out;
	}
	if (decode_body(&p.body, p.content_encoding, req.max_size,
	    &cause) == -1 || parse_source(p.body.data, p.body.len,
	    p.url != NULL ? p.url : url, p.content_type, opts, &res,
	    &cause) == -1) {
		fprintf(stderr, "feedmerge: %s: %s\n", url, cause);
		free(cause);
		goto out;
	}
	/* What feedmerge would store and publish. */
	parse_sanitize(&res, p.url != NULL ? p.url : url, INT64_MIN, 0);
	printf("url: %s\n", url);
	if (p.content_type != NULL)
		printf("content-type: %s\n", p.content_type);
	printf("bytes: %zu\n", p.body.len);
	if (res.format == FORMAT_HTML)
		probe_page(&res);
	else {
		printf("items: %zu\n", res.items.n);
		parse_dump(stdout, &res, 0);
	}
	for (i = 0; i < res.warnings.n; i++)
		fprintf(stderr, "warning: %s\n", res.warnings.v[i]);
	parse_result_free(&res);
	ret = 0;
out:
	buf_free(&p.body);
	free(p.content_type);
	free(p.content_encoding);
	free(p.url);
	free(p.error);
	free(url);
	return ret;
}

