/* status.c: --status and --status --json (see status.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "date.h"
#include "status.h"
#include "store.h"
#include "url.h"
#include "util.h"

/* One configured source, with what the state says of it (or nothing). */
struct status_source {
	const struct conf_source *cs;
	struct store_source_row	 row;	/* its figures; strings: below */
	char			*moved_to, *last_error;
	int			 gone;		/* 410 at the config's url */
	int			 known;
};

struct status {
	const struct conf	*cf;
	struct status_source	*v;	/* by cf->sources */
};

static char *
status_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
status_row(const struct store_source_row *r, void *arg)
{
	struct status		*st = arg;
	const struct conf_source *cs;
	struct status_source	*ss;

	if ((cs = conf_find_source(st->cf, r->name)) == NULL)
		return;		/* left the configuration */
	ss = &st->v[cs - st->cf->sources];
	ss->row = *r;
	/* A move or a 410 of another URL than the config's is history. */
	ss->moved_to = r->moved_from != NULL && strcmp(r->moved_from,
	    cs->url) == 0 ? status_dup(r->moved_to) : NULL;
	ss->gone = r->gone_url != NULL && strcmp(r->gone_url, cs->url) == 0;
	ss->last_error = r->failures > 0 ? status_dup(r->last_error) : NULL;
	/* The row's own strings die with the statement. */
	ss->row.name = ss->row.url = ss->row.moved_to = NULL;
	ss->row.moved_from = ss->row.gone_url = ss->row.last_error = NULL;
	ss->known = 1;
}

/* "3m ago", "in 2h", "never": how far t is from now. */
static void
status_when(int64_t t, int64_t now, char *buf, size_t len)
{
	int64_t	 d = t > now ? t - now : now - t;
	char	 n[24];

	if (t <= 0) {
		snprintf(buf, len, "-");
		return;
	}
	if (d < 60)
		snprintf(n, sizeof n, "%llds", (long long)d);
	else if (d < 3600)
		snprintf(n, sizeof n, "%lldm", (long long)(d / 60));
	else if (d < 2 * 86400)
		snprintf(n, sizeof n, "%lldh%02lldm", (long long)(d / 3600),
		    (long long)(d % 3600 / 60));
	else
		snprintf(n, sizeof n, "%lldd", (long long)(d / 86400));
	if (t > now)
		snprintf(buf, len, "in %s", n);
	else
		snprintf(buf, len, "%s ago", n);
}

static const char *
status_state(const struct status_source *ss, int64_t now)
{
	if (!ss->known || ss->row.last_fetch == 0)
		return "new";
	if (ss->gone)
		return "gone";
	if (ss->row.failures > 0)
		return "failing";
	if (ss->row.next_due > 0 && ss->row.next_due < now - 60)
		return "overdue";
	return "ok";
}

static void
status_table(const struct status *st, FILE *out)
{
	const struct status_source *ss;
	char		 fetched[40], ok[40], next[40], http[24], items[24];
	char		*url;
	int64_t		 now = now_seconds();
	size_t		 i, w = 6;

	for (i = 0; i < st->cf->nsources; i++)
		if (strlen(st->cf->sources[i].name) > w)
			w = strlen(st->cf->sources[i].name);
	fprintf(out, "%-*s  %-7s  %-11s  %-11s  %4s  %6s  %5s  %-11s  %s\n",
	    (int)w, "SOURCE", "STATE", "LAST FETCH", "LAST OK", "HTTP",
	    "ITEMS", "FAILS", "NEXT", "LAST ERROR");
	for (i = 0; i < st->cf->nsources; i++) {
		ss = &st->v[i];
		status_when(ss->row.last_fetch, now, fetched, sizeof fetched);
		status_when(ss->row.last_ok, now, ok, sizeof ok);
		if (ss->gone)
			snprintf(next, sizeof next, "never");
		else if (ss->row.next_due > 0 && ss->row.next_due <= now)
			snprintf(next, sizeof next, "due");
		else
			status_when(ss->row.next_due, now, next, sizeof next);
		if (ss->row.last_status > 0)
			snprintf(http, sizeof http, "%ld", ss->row.last_status);
		else
			snprintf(http, sizeof http, "-");
		snprintf(items, sizeof items, "%lld", (long long)ss->row.items);
		fprintf(out, "%-*s  %-7s  %-11s  %-11s  %4s  %6s  %5d  %-11s  "
		    "%s\n", (int)w, ss->cs->name, status_state(ss, now),
		    fetched, ok, http, items, ss->row.failures, next,
		    ss->last_error != NULL ? ss->last_error : "");
		if (ss->moved_to != NULL) {
			url = url_redact(ss->moved_to);
			fprintf(out, "%-*s  moved for good to %s: set url = %s\n",
			    (int)w, "", url, url);
			free(url);
		}
	}
}

static void
status_add_time(json_object *o, const char *key, int64_t t)
{
	char	 buf[32];

	if (t <= 0) {
		json_object_object_add(o, key, NULL);
		return;
	}
	date_format_rfc3339(t, buf, sizeof buf);
	json_object_object_add(o, key, json_object_new_string(buf));
}

static void
status_add_str(json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, v != NULL ?
	    json_object_new_string(v) : NULL);
}

static void
status_json(const struct status *st, FILE *out)
{
	const struct status_source *ss;
	json_object	*root, *list, *o;
	int64_t		 now = now_seconds();
	char		*url;
	size_t		 i;

	root = json_object_new_object();
	status_add_time(root, "now", now);
	status_add_str(root, "state", st->cf->state);
	list = json_object_new_array();
	for (i = 0; i < st->cf->nsources; i++) {
		ss = &st->v[i];
		o = json_object_new_object();
		status_add_str(o, "name", ss->cs->name);
		url = url_redact(ss->cs->url);
		status_add_str(o, "url", url);
		free(url);
		url = url_redact(ss->moved_to);
		status_add_str(o, "moved_to", url);
		free(url);
		status_add_str(o, "state", status_state(ss, now));
		status_add_time(o, "last_fetch", ss->row.last_fetch);
		status_add_time(o, "last_success", ss->row.last_ok);
		json_object_object_add(o, "http_status",
		    ss->row.last_status > 0 ?
		    json_object_new_int((int)ss->row.last_status) : NULL);
		json_object_object_add(o, "items",
		    json_object_new_int64(ss->row.items));
		json_object_object_add(o, "failures",
		    json_object_new_int(ss->row.failures));
		status_add_time(o, "next_due", ss->gone ? 0 :
		    ss->row.next_due);
		status_add_str(o, "last_error", ss->last_error);
		status_add_time(o, "last_error_time", ss->last_error != NULL ?
		    ss->row.last_error_time : 0);
		json_object_array_add(list, o);
	}
	json_object_object_add(root, "sources", list);
	fprintf(out, "%s\n", json_object_to_json_string_ext(root,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

int
status_run(const struct conf *cf, int json, FILE *out)
{
	struct store	*s;
	struct status	 st;
	char		*cause = NULL;
	size_t		 i;
	int		 rc;

	if ((s = store_open_readonly(cf->state, &cause)) == NULL) {
		fprintf(stderr, "feedmerge: %s\n", cause);
		free(cause);
		return 1;
	}
	st.cf = cf;
	st.v = xcalloc(cf->nsources > 0 ? cf->nsources : 1, sizeof *st.v);
	for (i = 0; i < cf->nsources; i++)
		st.v[i].cs = &cf->sources[i];
	rc = store_source_rows(s, status_row, &st, &cause);
	store_close(s);
	if (rc == -1) {
		fprintf(stderr, "feedmerge: %s: %s\n", cf->state, cause);
		free(cause);
	} else if (json)
		status_json(&st, out);
	else
		status_table(&st, out);
	for (i = 0; i < cf->nsources; i++) {
		free(st.v[i].moved_to);
		free(st.v[i].last_error);
	}
	free(st.v);
	return rc == -1 ? 1 : 0;
}
