/*
 * merge.c: which story an item is, and which copy of a story is shown.
 *
 * An item joins the first story one of these finds, in this order:
 *  1. its own earlier copy from the same source (same guid or link):
 *     updated in place;
 *  2. an exact key: the canonical form of a link it names for itself
 *     (its link, rel=canonical, og:url, a guid that is a URL), a guid
 *     that is a URI of another kind (tag:, urn:uuid:) and that a copy
 *     keeps, its source's key for it (which outlives a pruned story);
 *  3. the first FP_LEAD_WORDS words of its lead (a teaser's snippet
 *     repeats its story's first words);
 *  4. its title of FP_TITLE_WORDS words or more with its day;
 *  5. a story whose text is within near_bits of its SimHash (a
 *     syndicated copy under its own URL), found through the sketch index.
 * Matches 3 to 5 are text, and text alone never joins an item to a story
 * that already has a copy of another article of the same site (another
 * canonical link on the same registrable domain), unless the texts are
 * within identical_bits: two stories of one site are two articles.
 * When the exact keys of one item name two stories, they become one.
 *
 * Before any of that, a feed entry dated below the text window (the
 * publish window and half as many stories again: store_text_time()), or
 * a copy of one that was not stored, is stored only when an exact key
 * names a stored story; otherwise only its links, guid and date go to the
 * shadow (shadow.h), and a copy stored later is dated by it.  A cold
 * round of fresh feeds so stores what can be shown, not every entry.
 *
 * The copy shown is the richest (item_richness(): full article > feed
 * content > feed summary > teaser); the entry's date is the earliest
 * credible date of all copies (store.c).  A story takes its Atom id from
 * the copy whose id sorts first until it is first published, so that
 * the order transfers finish in does not decide it; after that the id
 * never changes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"
#include "log.h"
#include "merge.h"
#include "sanitize.h"
#include "store.h"
#include "url.h"
#include "util.h"

/* The keys of one item, and what its text says. */
struct merge_keys {
	char		*source_key;	/* store_item_key() */
	char		*item_key;	/* "<source id> <source_key>" */
	char		*links[MERGE_MAX_LINKS];	/* canonical */
	size_t		 nlinks;
	char		*guid;		/* a URI that is no http(s) URL */
	char		*lead;
	char		*title;
	uint64_t	 simhash;
	int		 have_simhash;
};

static void
merge_keys_free(struct merge_keys *k)
{
	size_t	 i;

	free(k->source_key);
	free(k->item_key);
	for (i = 0; i < k->nlinks; i++)
		free(k->links[i]);
	free(k->guid);
	free(k->lead);
	free(k->title);
}

static void
merge_add_link(struct merge_keys *k, const char *url)
{
	char	*c;
	size_t	 i;

	if (k->nlinks == MERGE_MAX_LINKS || (c = url_canonical(url)) == NULL)
		return;
	for (i = 0; i < k->nlinks; i++)
		if (strcmp(k->links[i], c) == 0) {
			free(c);
			return;
		}
	k->links[k->nlinks++] = c;
}

/* The text that begins the story: its body, else its summary. */
static const char *
merge_lead(const struct item *it, int *html)
{
	if (!str_empty(it->content)) {
		*html = it->content_type == TEXT_HTML;
		return it->content;
	}
	*html = it->summary_type == TEXT_HTML;
	return it->summary;
}

/* The exact keys: what an item names itself. */
static void
merge_exact_keys_of(const struct item *it, int64_t source,
    struct merge_keys *k)
{
	char		 num[32];
	size_t		 i;

	memset(k, 0, sizeof *k);
	k->source_key = store_item_key(it);
	snprintf(num, sizeof num, "%lld ", (long long)source);
	k->item_key = xstrcat2(num, k->source_key);
	merge_add_link(k, it->link);
	for (i = 0; i < it->naliases; i++)
		merge_add_link(k, it->aliases[i]);
	if (!str_empty(it->id)) {
		if (strncase_eq(it->id, "http://", 7) ||
		    strncase_eq(it->id, "https://", 8))
			merge_add_link(k, it->id);
		else if (url_is_absolute(it->id))
			k->guid = xstrdup(it->id);
	}
}

void
merge_fingerprint(struct item *it)
{
	const char	*lead;
	int		 html;

	if (it->fp_done)
		return;
	lead = merge_lead(it, &html);
	fp_lead_and_simhash(lead, html, &it->fp_lead, &it->fp_simhash,
	    &it->fp_have_simhash);
	it->fp_title = fp_title_key(it->title, it->published != DATE_NONE ?
	    it->published : it->updated);
	it->fp_done = 1;
}

/* What its text says: lead, title and day, SimHash (taken from it). */
static void
merge_text_keys_of(struct item *it, struct merge_keys *k)
{
	merge_fingerprint(it);
	k->lead = it->fp_lead;
	k->title = it->fp_title;
	it->fp_lead = it->fp_title = NULL;
	it->fp_done = 0;
	k->simhash = it->fp_simhash;
	k->have_simhash = it->fp_have_simhash;
}

/* --- the same-site guard ------------------------------------------ */

struct merge_guard {
	const struct merge_keys	*k;
	const char		*link;	/* the item's own link */
	int			 conflict;
};

/*
 * 1 when b is a, which has no query, with a query added: the same page
 * with the navigation parameters a site adds to its own links
 * ("?ref=sidebar", "?from=related") that are no tracking we know.  Not
 * when a has a query of its own: "article.php?id=7" and "?id=8" are two.
 */
static int
merge_query_only(const char *a, const char *b)
{
	size_t	 n = strlen(a);

	return strchr(a, '?') == NULL && strncmp(a, b, n) == 0 && b[n] == '?';
}

static void
merge_guard_item(const char *link, int64_t source, void *arg)
{
	struct merge_guard	*g = arg;
	char			*c;
	size_t			 i;
	int			 same = 0;

	(void)source;
	if (g->conflict || g->k->nlinks == 0 || (c = url_canonical(link)) ==
	    NULL)
		return;
	for (i = 0; i < g->k->nlinks && !same; i++)
		same = strcmp(c, g->k->links[i]) == 0 ||
		    merge_query_only(c, g->k->links[i]) ||
		    merge_query_only(g->k->links[i], c);
	if (!same && url_same_site(link, g->link))
		g->conflict = 1;
	free(c);
}

/*
 * Does story hold a copy of another article of the item's site?  Then
 * only near-identical text may join the item to it.  -1 on an error.
 */
static int
merge_other_article(struct store *s, int64_t story, const struct item *it,
    const struct merge_keys *k, char **cause)
{
	struct merge_guard	 g;

	if (str_empty(it->link))
		return 0;
	memset(&g, 0, sizeof g);
	g.k = k;
	g.link = it->link;
	if (store_story_items(s, story, merge_guard_item, &g, cause) == -1)
		return -1;
	return g.conflict;
}

/* --- near copies ---------------------------------------------------- */

struct merge_near {
	uint64_t	 simhash;
	int		 max_bits;
	int64_t		 cand[16];
	int		 dist[16];
	size_t		 ncand;
};

static void
merge_near_cb(int64_t story, uint64_t sketch, void *arg)
{
	struct merge_near	*n = arg;
	int			 d = fp_distance(sketch, n->simhash);
	size_t			 i;

	if (d > n->max_bits)
		return;
	for (i = 0; i < n->ncand; i++)
		if (n->cand[i] == story) {
			if (d < n->dist[i])
				n->dist[i] = d;
			return;
		}
	if (n->ncand < sizeof n->cand / sizeof n->cand[0]) {
		n->cand[n->ncand] = story;
		n->dist[n->ncand++] = d;
	}
}

/* --- ids ---------------------------------------------------------- */

/*
 * The Atom id a story would take from this copy.  RFC 4287 asks that a
 * copied entry keep its id: the source's own id when it is an IRI, else
 * its link; otherwise a tag: URI under the output feed's id that still
 * contains it.
 */
static char *
merge_candidate_id(const char *source_name, const char *id_base,
    const struct item *it, const char *source_key)
{
	const char	*raw;
	char		*esc, *id;

	/*
	 * An id of its own only when a reader may take it for a link
	 * (feedparser gives an entry its id as its link when it has none):
	 * http(s), or a tag: or urn: that no one follows.
	 */
	if (!str_empty(it->id) && url_is_absolute(it->id) &&
	    (sanitize_url_ok(it->id, 0) || strncase_eq(it->id, "tag:", 4) ||
	    strncase_eq(it->id, "urn:", 4)))
		return xstrdup(it->id);
	if (str_empty(it->id) && url_is_absolute(it->link))
		return xstrdup(it->link);
	raw = !str_empty(it->id) ? it->id : source_key;
	esc = url_escape(raw);
	if (strncmp(id_base, "tag:", 4) == 0)
		xasprintf(&id, "%s/%s/%s", id_base, source_name, esc);
	else
		xasprintf(&id, "tag:feedmerge.invalid,2026:%s/%s", source_name,
		    esc);
	free(esc);
	return id;
}

/* cand, or cand/2, cand/3...: the first no story has. */
static char *
merge_free_id(struct store *s, char *cand)
{
	char	*id;
	int	 n;

	if (!store_id_taken(s, cand))
		return cand;
	for (n = 2; ; n++) {
		xasprintf(&id, "%s/%d", cand, n);
		if (!store_id_taken(s, id))
			break;
		free(id);
	}
	free(cand);
	return id;
}

/*
 * A story not yet published takes the id that sorts first among its
 * copies' ids: the same whatever order they came in.
 */
static int
merge_settle_id(struct store *s, int64_t story, const char *cand,
    char **cause)
{
	struct store_story	 ss;
	int			 rc;

	if ((rc = store_story_get(s, story, &ss, cause)) != 1)
		return rc;
	if (!ss.shown && strcmp(cand, ss.atom_id) < 0 &&
	    !store_id_taken(s, cand))
		rc = store_story_set_id(s, story, cand, cause);
	else
		rc = 0;
	store_story_clear(&ss);
	return rc;
}

/*
 * Stories a and b are one: the older keeps its row, and the id that
 * sorts first of the two when neither was published, else the id of
 * the one that was (the older's, if both were).
 */
static int
merge_stories(struct store *s, int64_t a, int64_t b, int64_t *into,
    char **cause)
{
	struct store_story	 from, to;
	int64_t			 keep = a < b ? a : b, gone = a < b ? b : a;
	int			 rc, kept_shown;

	*into = keep;
	if (a == b)
		return 0;
	if ((rc = store_story_get(s, gone, &from, cause)) != 1)
		return rc == 0 ? 0 : -1;
	if ((rc = store_story_get(s, keep, &to, cause)) != 1) {
		store_story_clear(&from);
		return rc == 0 ? 0 : -1;
	}
	kept_shown = to.shown;
	store_story_clear(&to);
	log_debug("merge: stories %lld and %lld are one", (long long)keep,
	    (long long)gone);
	rc = store_story_merge(s, keep, gone, cause);
	/* Only the other was published: readers know it by its id. */
	if (rc == 0 && from.shown && !kept_shown)
		rc = store_story_take_id(s, keep, from.atom_id, cause);
	else if (rc == 0)
		rc = merge_settle_id(s, keep, from.atom_id, cause);
	store_story_clear(&from);
	return rc;
}

/* --- the decision --------------------------------------------------- */

/* Look one key up; 1 and *story, 0, or -1. */
static int
merge_find(struct store *s, enum store_key_kind kind, const char *value,
    int64_t now, int64_t *story, int *pruned, char **cause)
{
	if (value == NULL)
		return 0;
	return store_key_find(s, kind, value, now, story, pruned, cause);
}

/*
 * The story of an item's exact keys, merging the stories they name when
 * they name more than one.  1 with *story and *why, 0, or -1.
 */
static int
merge_exact(struct store *s, const struct merge_keys *k, int64_t now,
    int64_t *story, int *pruned, const char **why, char **cause)
{
	int64_t		 found, first = 0;
	int		 p, rc, have = 0;
	size_t		 i;

	*pruned = 0;
	if ((rc = merge_find(s, KEY_SOURCE_ITEM, k->item_key, now, &found, &p,
	    cause)) == -1)
		return -1;
	if (rc == 1) {
		first = found, *pruned = p, have = 1;
		*why = "the source's key for it";
	}
	for (i = 0; i < k->nlinks; i++) {
		if ((rc = merge_find(s, KEY_LINK, k->links[i], now, &found, &p,
		    cause)) == -1)
			return -1;
		if (rc == 0)
			continue;
		if (!have) {
			first = found, *pruned = p, have = 1;
			*why = i == 0 ? "its link" : "a link it names (rel="
			    "canonical, og:url, guid)";
		} else if (found != first && !p && !*pruned) {
			/* One page, two stories: they were one. */
			if (merge_stories(s, first, found, &first, cause) == -1)
				return -1;
		}
	}
	if (!have && (rc = merge_find(s, KEY_GUID, k->guid, now, &found, &p,
	    cause)) != 0) {
		if (rc == -1)
			return -1;
		first = found, *pruned = p, have = 1;
		*why = "its guid";
	}
	*story = first;
	return have;
}

/*
 * The story a text key (lead, title and day) names, when the same-site
 * guard lets the item join it: 1 and *story, 0, or -1.
 */
static int
merge_text_key(struct store *s, enum store_key_kind kind, const char *value,
    const struct item *it, const struct merge_keys *k, int64_t now,
    int64_t *story, char **cause)
{
	int64_t		 found;
	int		 p, rc, other;

	if ((rc = merge_find(s, kind, value, now, &found, &p, cause)) != 1)
		return rc;
	if (p)
		return 0;
	if ((other = merge_other_article(s, found, it, k, cause)) == -1)
		return -1;
	if (other)
		return 0;
	*story = found;
	return 1;
}

/*
 * The story of an item's text: its lead, its title and day, its SimHash,
 * each checked against the same-site guard.  1 with *story and *why
 * (written into reason), 0, or -1.
 */
static int
merge_by_text(struct store *s, const struct merge_opts *o,
    const struct item *it, const struct merge_keys *k, int64_t now,
    int64_t *story, char *reason, size_t size, char **cause)
{
	struct merge_near	 near;
	int			 rc, other, best;
	size_t			 i;

	if ((rc = merge_text_key(s, KEY_LEAD, o->lead ? k->lead : NULL, it,
	    k, now, story, cause)) != 0) {
		if (rc == 1)
			snprintf(reason, size, "its lead begins as the story's: "
			    "\"%s\"", k->lead);
		return rc;
	}
	if ((rc = merge_text_key(s, KEY_TITLE, o->title ? k->title : NULL, it,
	    k, now, story, cause)) != 0) {
		if (rc == 1)
			snprintf(reason, size, "its title and day: \"%s\"",
			    k->title);
		return rc;
	}
	if (!k->have_simhash || o->near_bits <= 0)
		return 0;
	memset(&near, 0, sizeof near);
	near.simhash = k->simhash;
	near.max_bits = o->near_bits;
	if (store_sketch_find(s, k->simhash, merge_near_cb, &near, cause) ==
	    -1)
		return -1;
	/* The nearest that passes the guard. */
	for (;;) {
		best = -1;
		for (i = 0; i < near.ncand; i++)
			if (near.dist[i] >= 0 && (best == -1 ||
			    near.dist[i] < near.dist[best] ||
			    (near.dist[i] == near.dist[best] &&
			    near.cand[i] < near.cand[best])))
				best = (int)i;
		if (best == -1)
			return 0;
		if ((other = merge_other_article(s, near.cand[best], it, k,
		    cause)) == -1)
			return -1;
		if (!other || near.dist[best] <= o->identical_bits) {
			*story = near.cand[best];
			snprintf(reason, size, "its text is %d bits from the "
			    "story's (SimHash)", near.dist[best]);
			return 1;
		}
		near.dist[best] = -1;
	}
}

/* All the keys of an item, for its story. */
static int
merge_add_keys(struct store *s, const struct merge_keys *k, int64_t story,
    char **cause)
{
	size_t	 i;

	if (store_key_add(s, KEY_SOURCE_ITEM, k->item_key, story, cause) == -1)
		return -1;
	for (i = 0; i < k->nlinks; i++)
		if (store_key_add(s, KEY_LINK, k->links[i], story, cause) == -1)
			return -1;
	if (k->guid != NULL &&
	    store_key_add(s, KEY_GUID, k->guid, story, cause) == -1)
		return -1;
	if (k->lead != NULL &&
	    store_key_add(s, KEY_LEAD, k->lead, story, cause) == -1)
		return -1;
	if (k->title != NULL &&
	    store_key_add(s, KEY_TITLE, k->title, story, cause) == -1)
		return -1;
	if (k->have_simhash &&
	    store_sketch_add(s, story, k->simhash, cause) == -1)
		return -1;
	return 0;
}

/* --- below the text window ----------------------------------------- */

static void
merge_hashes_from(const struct merge_keys *k, struct merge_hashes *h)
{
	size_t	 i;

	memset(h, 0, sizeof *h);
	h->item = store_key_hash(KEY_SOURCE_ITEM, k->item_key);
	h->complete = k->nlinks + (k->guid != NULL) <= MERGE_MAX_HASHES;
	if (k->guid != NULL && h->complete)
		h->dated[h->ndated++] = store_key_hash(KEY_GUID, k->guid);
	for (i = 0; i < k->nlinks && h->complete; i++)
		h->dated[h->ndated++] = store_key_hash(KEY_LINK, k->links[i]);
}

void
merge_hashes_of(const struct item *it, int64_t source_id,
    struct merge_hashes *h)
{
	struct merge_keys	 k;

	merge_exact_keys_of(it, source_id, &k);
	merge_hashes_from(&k, h);
	h->kind = (uint8_t)it->kind;
	merge_keys_free(&k);
}

int
merge_left_out(struct store *s, const struct merge_hashes *h, int64_t t)
{
	int	 teaser = h->kind == ITEM_TEASER;
	int64_t	 shadow = INT64_MAX, u;
	size_t	 i;

	if (!h->complete)
		return 0;
	/* A copy of what the store may have: looked up, by the item. */
	if (store_hash_maybe(s, h->item))
		return 0;
	for (i = 0; i < h->ndated; i++)
		if (store_hash_maybe(s, h->dated[i]))
			return 0;
	/* As merge_put_item() decides, when merge_known() finds none. */
	if (store_below_window(s, t))
		return 1;
	for (i = 0; i < h->ndated; i++)
		if ((u = store_shadow_find_hash(s, h->dated[i])) < shadow)
			shadow = u;
	if ((!teaser && t < store_text_time(s)) ||
	    shadow < store_text_time(s)) {
		if (!teaser)
			for (i = 0; i < h->ndated; i++)
				store_shadow_note_hash(s, h->dated[i], t);
		return 1;
	}
	return 0;
}

/*
 * Does the store know the item by an exact key (its own earlier copy, a
 * link, its guid)?  1, 0, or -1 on an error.  (Not by its source's key
 * of a pruned story: stored or not, such an item is not shown.)
 */
static int
merge_known(struct store *s, const struct merge_keys *k, int64_t source,
    int64_t now, char **cause)
{
	struct store_item_ref	 ref;
	int64_t			 story;
	size_t			 i;
	int			 rc, pruned, maybe;

	/* Nearly always none: then no lookup at all. */
	maybe = store_key_maybe(s, KEY_SOURCE_ITEM, k->item_key) ||
	    (k->guid != NULL && store_key_maybe(s, KEY_GUID, k->guid));
	for (i = 0; i < k->nlinks && !maybe; i++)
		maybe = store_key_maybe(s, KEY_LINK, k->links[i]);
	if (!maybe)
		return 0;
	if ((rc = store_item_find(s, source, k->source_key, &ref,
	    cause)) != 0)
		return rc;
	for (i = 0; i < k->nlinks; i++)
		if ((rc = store_key_find(s, KEY_LINK, k->links[i], now,
		    &story, &pruned, cause)) != 0)
			return rc;
	if (k->guid != NULL)
		return store_key_find(s, KEY_GUID, k->guid, now, &story,
		    &pruned, cause);
	return 0;
}

static void
merge_shadow_note(struct store *s, const struct merge_keys *k, int64_t t)
{
	size_t	 i;

	for (i = 0; i < k->nlinks; i++)
		store_shadow_note(s, KEY_LINK, k->links[i], t);
	if (k->guid != NULL)
		store_shadow_note(s, KEY_GUID, k->guid, t);
}

/* The earliest date of a copy not stored, or INT64_MAX. */
static int64_t
merge_shadow_time(struct store *s, const struct merge_keys *k)
{
	int64_t	 t = INT64_MAX, u;
	size_t	 i;

	for (i = 0; i < k->nlinks; i++)
		if ((u = store_shadow_find(s, KEY_LINK, k->links[i])) < t)
			t = u;
	if (k->guid != NULL &&
	    (u = store_shadow_find(s, KEY_GUID, k->guid)) < t)
		t = u;
	return t;
}

/* A copy of story that was not stored dates it. */
static int
merge_shadow_apply(struct store *s, const struct merge_keys *k,
    int64_t story, char **cause)
{
	int64_t	 t = merge_shadow_time(s, k);

	if (t == INT64_MAX)
		return 0;
	return store_story_shadow(s, story, t, cause);
}

void
merge_opts_default(struct merge_opts *o)
{
	o->near_bits = MERGE_NEAR_BITS;
	o->identical_bits = MERGE_IDENTICAL_BITS;
	o->lead = 1;
	o->title = 1;
}

int
merge_put_item(struct store *s, const struct merge_opts *opts,
    int64_t source_id, const char *source_name, const char *id_base,
    struct item *it, int64_t now, enum store_put *what, char **cause)
{
	struct merge_opts	 defaults;
	struct store_item_ref	 ref;
	struct merge_keys	 k;
	struct merge_hashes	 h;
	const char		*why = NULL;
	char			 reason[512], text[512], *id = NULL;
	int64_t			 story = 0, other, item;
	int			 rc, pruned = 0, became_best, ret = -1;

	*what = STORE_UNCHANGED;
	if (opts == NULL) {
		merge_opts_default(&defaults);
		opts = &defaults;
	}
	merge_exact_keys_of(it, source_id, &k);
	/* Nearly always: no copy of anything stored, and left out. */
	merge_hashes_from(&k, &h);
	h.kind = (uint8_t)it->kind;
	if (merge_left_out(s, &h, item_sort_time(it, now))) {
		*what = STORE_TOO_OLD;
		ret = 0;
		goto out;
	}
	/*
	 * Below any window it could reach: not stored, unless it is a copy
	 * of a stored story, which it then dates, as a store keeping every
	 * item would (stored newest first, copies come after their story).
	 */
	if (store_below_window(s, item_sort_time(it, now))) {
		if ((rc = merge_known(s, &k, source_id, now, cause)) != 1) {
			*what = STORE_TOO_OLD;
			ret = rc == -1 ? -1 : 0;
			goto out;
		}
	}
	/*
	 * Below the text window, by its date or by a copy of it that was not
	 * stored (its story sorts no later than that copy): stored only as
	 * a copy of a story the store has, else its keys go to the shadow.
	 */
	if ((it->kind != ITEM_TEASER &&
	    item_sort_time(it, now) < store_text_time(s)) ||
	    merge_shadow_time(s, &k) < store_text_time(s)) {
		if ((rc = merge_known(s, &k, source_id, now, cause)) == -1)
			goto out;
		if (rc == 0) {
			/* (A teaser's date is no story's.) */
			if (it->kind != ITEM_TEASER)
				merge_shadow_note(s, &k,
				    item_sort_time(it, now));
			*what = STORE_TOO_OLD;
			ret = 0;
			goto out;
		}
	}
	/* Stored: made safe now if the parser left it (and keyed again:
	   a link may be gone). */
	if (it->links_raw) {
		struct warnings	 w;
		size_t		 i;

		warnings_init(&w);
		sanitize_item_links(it, it->fetch_url, &w);
		it->links_raw = 0;
		for (i = 0; i < w.n; i++)
			log_warnx("source %s: %s", source_name, w.v[i]);
		warnings_free(&w);
		merge_keys_free(&k);
		merge_exact_keys_of(it, source_id, &k);
	}
	if (it->text_raw) {
		sanitize_item_text(it);
		/* An item with neither id nor link is known by its text:
		   made safe, as when the parser thread did it. */
		if (str_empty(it->id) && str_empty(it->link)) {
			merge_keys_free(&k);
			merge_exact_keys_of(it, source_id, &k);
		}
	}
	merge_text_keys_of(it, &k);

	/* 1. Seen before from this source: the same item, perhaps changed. */
	if ((rc = store_item_find(s, source_id, k.source_key, &ref,
	    cause)) == -1)
		goto out;
	if (rc == 1) {
		if (ref.hash == store_item_hash(it)) {
			ret = 0;
			goto out;
		}
		if (store_item_update(s, ref.id, it, k.have_simhash ?
		    &k.simhash : NULL, cause) == -1 ||
		    merge_add_keys(s, &k, ref.story, cause) == -1 ||
		    store_story_offer(s, ref.story, ref.id, it, now,
		    ref.best_item == ref.id, &became_best, cause) == -1)
			goto out;
		*what = became_best ? STORE_UPDATED : STORE_UNCHANGED;
		ret = 0;
		goto out;
	}

	/* 2. An exact key; 3-5. its text. */
	reason[0] = '\0';
	if ((rc = merge_exact(s, &k, now, &story, &pruned, &why,
	    cause)) == -1)
		goto out;
	if (rc == 1) {
		/* A pruned story stays pruned: an old item still listed by
		   its feed is not news again. */
		if (pruned) {
			ret = 0;
			goto out;
		}
		snprintf(reason, sizeof reason, "%s", why);
		/*
		 * Its text may know the story under another: a syndicated
		 * copy that came first, with no key in common.
		 */
		if ((rc = merge_by_text(s, opts, it, &k, now, &other, text,
		    sizeof text, cause)) == -1)
			goto out;
		if (rc == 1 && other != story) {
			log_debug("merge: %s: %s", it->link != NULL ?
			    it->link : "an item", text);
			if (merge_stories(s, story, other, &story, cause) == -1)
				goto out;
		}
		rc = 1;
	} else if ((rc = merge_by_text(s, opts, it, &k, now, &story, reason,
	    sizeof reason, cause)) == -1)
		goto out;
	id = merge_candidate_id(source_name, id_base, it, k.source_key);
	if (rc == 1) {
		*what = STORE_MERGED;
		if (merge_settle_id(s, story, id, cause) == -1)
			goto out;
	} else {
		id = merge_free_id(s, id);
		if (store_story_add(s, id, now, &story, cause) == -1)
			goto out;
		snprintf(reason, sizeof reason, "a story of its own");
		*what = STORE_NEW;
		store_note_story(s, item_sort_time(it, now));
	}
	if (*what == STORE_MERGED)
		log_debug("merge: %s (%s) joins story %lld: %s", it->link != NULL ?
		    it->link : "an item", source_name, (long long)story,
		    reason);
	if (store_item_add(s, story, source_id, k.source_key, it, reason,
	    k.have_simhash ? &k.simhash : NULL, now, &item, cause) == -1 ||
	    merge_add_keys(s, &k, story, cause) == -1 ||
	    merge_shadow_apply(s, &k, story, cause) == -1)
		goto out;
	if (*what == STORE_NEW) {
		if (store_story_first(s, story, item, it, now, cause) == -1)
			goto out;
		became_best = 1;
	} else if (store_story_offer(s, story, item, it, now, 0,
	    &became_best, cause) == -1)
		goto out;
	if (*what == STORE_MERGED && !became_best)
		*what = STORE_UNCHANGED;
	ret = 0;
out:
	free(id);
	merge_keys_free(&k);
	return ret;
}
