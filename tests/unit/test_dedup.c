/*
 * test_dedup.c: the "same story?" decisions over the labelled set of
 * tests/dedup/items.jsonl (its README says how it was made).
 *
 * Every item is stored through merge_put_item(), as the daemon stores
 * what its sources give, in the file's order and again, in a fresh
 * state, in the reverse order.  Then every pair of items is one decision:
 * the same story in the store, and by the labels, or not.  The test
 * prints precision and recall of the "same" decisions (over all pairs,
 * and per kind of pair) and the wrong ones, and fails below precision
 * 0.99 or recall 0.97 in either order, or when the two orders do not
 * group the items alike.
 *
 * Usage: test_dedup [items.jsonl]  (default: $top_srcdir/tests/dedup/)
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "check.h"
#include "date.h"
#include "item.h"
#include "merge.h"
#include "store.h"
#include "util.h"

#define MIN_PRECISION	0.99
#define MIN_RECALL	0.97

struct labelled {
	char		*story;		/* the label */
	char		*source;
	struct item	*item;
	int64_t		 got;		/* its story in the store */
};

struct set {
	struct labelled	*v;
	size_t		 n;
	int64_t		 now;
};

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static char *
jdup(struct json_object *o, const char *key)
{
	const char	*s = jstr(o, key);

	return s != NULL ? xstrdup(s) : NULL;
}

static int
load(const char *path, struct set *set)
{
	FILE			*fp;
	char			*line = NULL;
	size_t			 cap = 0;
	struct json_object	*o, *a;
	struct labelled		*l;
	const char		*kind, *pub;
	int64_t			 t;
	size_t			 i;

	memset(set, 0, sizeof *set);
	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		return -1;
	}
	while (getline(&line, &cap, fp) != -1) {
		if ((o = json_tokener_parse(line)) == NULL)
			continue;
		set->v = xreallocarray(set->v, set->n + 1, sizeof *set->v);
		l = &set->v[set->n++];
		memset(l, 0, sizeof *l);
		l->story = jdup(o, "story");
		l->source = jdup(o, "source");
		kind = jstr(o, "kind");
		l->item = item_new(kind != NULL && strcmp(kind, "full") == 0 ?
		    ITEM_FULL : kind != NULL && strcmp(kind, "teaser") == 0 ?
		    ITEM_TEASER : ITEM_FEED);
		l->item->id = jdup(o, "guid");
		l->item->link = jdup(o, "link");
		l->item->title = jdup(o, "title");
		l->item->summary = jdup(o, "summary");
		l->item->summary_type = TEXT_PLAIN;
		if (l->item->summary != NULL && *l->item->summary == '\0') {
			free(l->item->summary);
			l->item->summary = NULL;
		}
		l->item->content = jdup(o, "content");
		l->item->content_type = TEXT_HTML;
		if (json_object_object_get_ex(o, "summary_cut", &a))
			l->item->summary_cut = json_object_get_boolean(a);
		if (json_object_object_get_ex(o, "aliases", &a) &&
		    json_object_is_type(a, json_type_array))
			for (i = 0; i < json_object_array_length(a); i++)
				item_add_alias(l->item, json_object_get_string(
				    json_object_array_get_idx(a, i)));
		if ((pub = jstr(o, "published")) != NULL &&
		    date_parse(pub, &t) == 0) {
			l->item->published = t;
			if (t + 86400 > set->now)
				set->now = t + 86400;
		}
		json_object_put(o);
	}
	free(line);
	fclose(fp);
	return set->n > 0 ? 0 : -1;
}

/* Store the set (order: +1 file order, -1 reversed); fill v[].got. */
static int
run(struct set *set, const char *dir, int order)
{
	struct store		*s;
	struct store_source	 src;
	struct store_item_ref	 ref;
	enum store_put		 what;
	char			 path[512], *cause = NULL, *key;
	int64_t			*source_ids;
	size_t			 i, k;

	snprintf(path, sizeof path, "%s/dedup-%s.db", dir, order > 0 ?
	    "forward" : "reverse");
	if ((s = store_open(path, &cause)) == NULL) {
		fprintf(stderr, "store_open: %s\n", cause);
		free(cause);
		return -1;
	}
	source_ids = xcalloc(set->n, sizeof *source_ids);
	check(store_begin(s, &cause) == 0);
	for (k = 0; k < set->n; k++) {
		i = order > 0 ? k : set->n - 1 - k;
		if (store_source_get(s, set->v[i].source, &src, &cause) == -1) {
			fprintf(stderr, "source: %s\n", cause);
			free(cause);
			store_close(s);
			free(source_ids);
			return -1;
		}
		source_ids[i] = src.id;
		store_source_clear(&src);
		if (merge_put_item(s, NULL, source_ids[i], set->v[i].source,
		    "tag:dedup.test,2026:f", set->v[i].item, set->now, &what,
		    &cause) == -1) {
			fprintf(stderr, "merge_put_item: %s\n", cause);
			free(cause);
			cause = NULL;
			check(!"an item stored");
		}
	}
	check(store_commit(s, &cause) == 0);
	for (i = 0; i < set->n; i++) {
		key = store_item_key(set->v[i].item);
		set->v[i].got = -1;
		/* Two items of one source with one key are one row. */
		if (store_item_find(s, source_ids[i], key, &ref, &cause) == 1)
			set->v[i].got = ref.story;
		else
			check(!"every item found again");
		free(key);
	}
	free(source_ids);
	store_close(s);
	return 0;
}

static const char *
kind_name(enum item_kind k)
{
	return k == ITEM_FULL ? "full" : k == ITEM_TEASER ? "teaser" : "feed";
}

/* Pairs: precision and recall of "same"; the wrong ones printed. */
static void
score(const struct set *set, const char *what, double *p, double *r)
{
	size_t	 i, j, tp = 0, fp = 0, fn = 0, shown = 0;
	size_t	 ktp[3][3], kfn[3][3];
	int	 same, got, a, b;

	memset(ktp, 0, sizeof ktp);
	memset(kfn, 0, sizeof kfn);
	for (i = 0; i < set->n; i++)
		for (j = i + 1; j < set->n; j++) {
			same = strcmp(set->v[i].story, set->v[j].story) == 0;
			got = set->v[i].got == set->v[j].got &&
			    set->v[i].got != -1;
			a = (int)set->v[i].item->kind;
			b = (int)set->v[j].item->kind;
			if (a > b) {
				int	 t = a;

				a = b;
				b = t;
			}
			if (same && got) {
				tp++;
				ktp[a][b]++;
			} else if (same) {
				fn++;
				kfn[a][b]++;
			} else if (got)
				fp++;
			if (same != got && shown++ < 12)
				fprintf(stderr, "%s: %s %s (%s) \"%s\" | %s (%s) "
				    "\"%s\"\n", what, got ? "merged" : "split",
				    set->v[i].story, kind_name(set->v[i].item->
				    kind), set->v[i].item->title != NULL ?
				    set->v[i].item->title : "", set->v[j].story,
				    kind_name(set->v[j].item->kind),
				    set->v[j].item->title != NULL ?
				    set->v[j].item->title : "");
		}
	*p = tp + fp > 0 ? (double)tp / (double)(tp + fp) : 1;
	*r = tp + fn > 0 ? (double)tp / (double)(tp + fn) : 1;
	printf("# %s: %zu items, same-story pairs %zu: found %zu, missed %zu; "
	    "wrongly merged pairs %zu; precision %.4f recall %.4f\n", what,
	    set->n, tp + fn, tp, fn, fp, *p, *r);
	for (a = 0; a < 3; a++)
		for (b = a; b < 3; b++)
			if (ktp[a][b] + kfn[a][b] > 0)
				printf("#   %s-%s pairs: recall %.4f (%zu of "
				    "%zu)\n", kind_name((enum item_kind)a),
				    kind_name((enum item_kind)b),
				    (double)ktp[a][b] / (double)(ktp[a][b] +
				    kfn[a][b]), ktp[a][b], ktp[a][b] +
				    kfn[a][b]);
}

int
main(int argc, char **argv)
{
	struct set	 set;
	char		 path[512], dir[] = "/tmp/test_dedup.XXXXXX", cmd[600];
	const char	*top = getenv("top_srcdir");
	int64_t		*forward;
	double		 p, r;
	size_t		 i, j;
	int		 agree = 1, ret;

	if (argc > 1)
		snprintf(path, sizeof path, "%s", argv[1]);
	else
		snprintf(path, sizeof path, "%s/tests/dedup/items.jsonl",
		    top != NULL ? top : ".");
	if (load(path, &set) == -1) {
		fprintf(stderr, "%s: no items\n", path);
		return 99;
	}
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	check(run(&set, dir, 1) == 0);
	score(&set, "file order", &p, &r);
	check(p >= MIN_PRECISION);
	check(r >= MIN_RECALL);
	forward = xcalloc(set.n, sizeof *forward);
	for (i = 0; i < set.n; i++)
		forward[i] = set.v[i].got;
	check(run(&set, dir, -1) == 0);
	score(&set, "reverse order", &p, &r);
	check(p >= MIN_PRECISION);
	check(r >= MIN_RECALL);
	/* The same grouping whatever the order. */
	for (i = 0; i < set.n && agree; i++)
		for (j = i + 1; j < set.n && agree; j++)
			if ((forward[i] == forward[j]) !=
			    (set.v[i].got == set.v[j].got)) {
				fprintf(stderr, "order matters: %s \"%s\" and "
				    "%s \"%s\"\n", set.v[i].story,
				    set.v[i].item->title, set.v[j].story,
				    set.v[j].item->title);
				agree = 0;
			}
	check(agree);
	free(forward);
	for (i = 0; i < set.n; i++) {
		free(set.v[i].story);
		free(set.v[i].source);
		item_free(set.v[i].item);
	}
	free(set.v);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ret = check_done();
	if (system(cmd) != 0)
		return 99;
	return ret;
}
