/* item.c: struct item and struct item_list lifetimes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "item.h"
#include "util.h"

struct item *
item_new(enum item_kind kind)
{
	struct item	*it = xcalloc(1, sizeof *it);

	it->kind = kind;
	it->id_is_permalink = 1;
	it->published = DATE_NONE;
	it->updated = DATE_NONE;
	return it;
}

void
item_free(struct item *it)
{
	size_t	 i;

	if (it == NULL)
		return;
	free(it->id);
	free(it->link);
	free(it->title);
	free(it->summary);
	free(it->content);
	free(it->author);
	free(it->author_email);
	free(it->author_uri);
	free(it->comments);
	free(it->thumbnail);
	free(it->origin);
	free(it->base);
	free(it->summary_base);
	free(it->content_base);
	free(it->lang);
	free(it->fp_lead);
	free(it->fp_title);
	free(it->fetch_url);
	for (i = 0; i < it->ncategories; i++)
		free(it->categories[i]);
	free(it->categories);
	for (i = 0; i < it->nenclosures; i++) {
		free(it->enclosures[i].url);
		free(it->enclosures[i].type);
	}
	free(it->enclosures);
	for (i = 0; i < it->naliases; i++)
		free(it->aliases[i]);
	free(it->aliases);
	free(it);
}

void
item_set(char **field, char *v)
{
	free(*field);
	*field = v;
}

void
item_add_category(struct item *it, const char *c)
{
	size_t	 i;

	for (i = 0; i < it->ncategories; i++)
		if (strcmp(it->categories[i], c) == 0)
			return;
	it->categories = xreallocarray(it->categories, it->ncategories + 1,
	    sizeof *it->categories);
	it->categories[it->ncategories++] = xstrdup(c);
}

void
item_add_alias(struct item *it, const char *url)
{
	size_t	 i;

	if (url == NULL || *url == '\0' || (it->link != NULL &&
	    strcmp(it->link, url) == 0))
		return;
	for (i = 0; i < it->naliases; i++)
		if (strcmp(it->aliases[i], url) == 0)
			return;
	it->aliases = xreallocarray(it->aliases, it->naliases + 1,
	    sizeof *it->aliases);
	it->aliases[it->naliases++] = xstrdup(url);
}

void
item_add_enclosure(struct item *it, const char *url, const char *type,
    int64_t length)
{
	struct enclosure	*e;
	size_t			 i;

	for (i = 0; i < it->nenclosures; i++)
		if (strcmp(it->enclosures[i].url, url) == 0)
			return;
	it->enclosures = xreallocarray(it->enclosures, it->nenclosures + 1,
	    sizeof *it->enclosures);
	e = &it->enclosures[it->nenclosures++];
	e->url = xstrdup(url);
	e->type = type != NULL ? xstrdup(type) : NULL;
	e->length = length;
}

int64_t
item_sort_time(const struct item *it, int64_t now)
{
	int64_t	 t = it->published != DATE_NONE ? it->published : it->updated;

	return t == DATE_NONE || t > now ? now : t;
}

/* Does the item carry a date of its own (not one in the future)? */
int
item_has_date(const struct item *it, int64_t now)
{
	int64_t	 t = it->published != DATE_NONE ? it->published : it->updated;

	return t != DATE_NONE && t <= now;
}

/*
 * Full article > feed entry with content > feed entry with a summary >
 * teaser; among equals, the longer body.  The store compares ranks only.
 */
int
item_richness(const struct item *it)
{
	int	 r;

	r = (int)it->kind * 4;
	if (!str_empty(it->content))
		r += 3;
	else if (!str_empty(it->summary))
		r += 2;
	else if (!str_empty(it->title))
		r += 1;
	return r;
}

/* --- packed ------------------------------------------------------- */

static void
pack_int(struct buf *b, int64_t v)
{
	buf_add(b, &v, sizeof v);
}

/* Its length plus one (0: NULL), then its bytes. */
static void
pack_str(struct buf *b, const char *s)
{
	size_t	 n = s != NULL ? strlen(s) : 0;

	pack_int(b, s != NULL ? (int64_t)n + 1 : 0);
	if (n > 0)
		buf_add(b, s, n);
}

void
item_pack(const struct item *it, struct buf *b)
{
	char * const	*s[] = {
		&it->id, &it->link, &it->title, &it->summary, &it->content,
		&it->author, &it->author_email, &it->author_uri,
		&it->comments, &it->thumbnail, &it->origin, &it->lang,
		&it->base, &it->summary_base, &it->content_base,
		&it->fetch_url, &it->fp_lead, &it->fp_title,
	};
	int64_t const	 v[] = {
		it->kind, it->id_is_permalink, it->summary_type,
		it->content_type, it->published, it->updated, it->text_raw,
		it->links_raw, it->fp_done, (int64_t)it->fp_simhash,
		it->fp_have_simhash, it->twin, it->summary_cut, it->skeleton,
		(int64_t)it->ncategories, (int64_t)it->nenclosures,
		(int64_t)it->naliases,
	};
	size_t		 i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		pack_int(b, v[i]);
	for (i = 0; i < sizeof s / sizeof s[0]; i++)
		pack_str(b, *s[i]);
	for (i = 0; i < it->ncategories; i++)
		pack_str(b, it->categories[i]);
	for (i = 0; i < it->nenclosures; i++) {
		pack_str(b, it->enclosures[i].url);
		pack_str(b, it->enclosures[i].type);
		pack_int(b, it->enclosures[i].length);
	}
	for (i = 0; i < it->naliases; i++)
		pack_str(b, it->aliases[i]);
}

void
item_pack_keys(const struct item *it, struct buf *b)
{
	struct item	 k;

	memset(&k, 0, sizeof k);
	k.kind = it->kind;
	k.id = it->id;
	k.id_is_permalink = it->id_is_permalink;
	k.link = it->link;
	k.title = it->title;
	/* store_item_key() hashes it when there is neither. */
	if (str_empty(it->id) && str_empty(it->link))
		k.summary = it->summary;
	k.published = it->published;
	k.updated = it->updated;
	k.links_raw = it->links_raw;
	k.fetch_url = it->fetch_url;
	k.twin = it->twin;
	k.aliases = it->aliases;
	k.naliases = it->naliases;
	k.skeleton = 1;
	item_pack(&k, b);
}

struct unpack {
	const char	*p, *end;
	int		 bad;
};

static int64_t
unpack_int(struct unpack *u)
{
	int64_t	 v = 0;

	if ((size_t)(u->end - u->p) < sizeof v) {
		u->bad = 1;
		return 0;
	}
	memcpy(&v, u->p, sizeof v);
	u->p += sizeof v;
	return v;
}

static char *
unpack_str(struct unpack *u)
{
	int64_t	 n = unpack_int(u);
	char	*s;

	if (n == 0 || u->bad)
		return NULL;
	if (n < 0 || (uint64_t)(n - 1) > (uint64_t)(u->end - u->p)) {
		u->bad = 1;
		return NULL;
	}
	s = xstrndup(u->p, (size_t)n - 1);
	u->p += n - 1;
	return s;
}

/* A count of things of at least min bytes each, that the rest can hold. */
static size_t
unpack_count(struct unpack *u, int64_t n, size_t min)
{
	if (n < 0 || (uint64_t)n > (uint64_t)(u->end - u->p) / min) {
		u->bad = 1;
		return 0;
	}
	return (size_t)n;
}

struct item *
item_unpack(const char *data, size_t len)
{
	struct unpack	 u = { data, data + len, 0 };
	struct item	*it = item_new(ITEM_FEED);
	int64_t		 v[17], nc, ne, na;
	char		**s[] = {
		&it->id, &it->link, &it->title, &it->summary, &it->content,
		&it->author, &it->author_email, &it->author_uri,
		&it->comments, &it->thumbnail, &it->origin, &it->lang,
		&it->base, &it->summary_base, &it->content_base,
		&it->fetch_url, &it->fp_lead, &it->fp_title,
	};
	size_t		 i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		v[i] = unpack_int(&u);
	for (i = 0; i < sizeof s / sizeof s[0]; i++)
		*s[i] = unpack_str(&u);
	if (u.bad || v[0] < ITEM_TEASER || v[0] > ITEM_FULL)
		goto bad;
	it->kind = (enum item_kind)v[0];
	it->id_is_permalink = (int)v[1];
	it->summary_type = v[2] == TEXT_HTML ? TEXT_HTML : TEXT_PLAIN;
	it->content_type = v[3] == TEXT_HTML ? TEXT_HTML : TEXT_PLAIN;
	it->published = v[4];
	it->updated = v[5];
	it->text_raw = (int)v[6];
	it->links_raw = (int)v[7];
	it->fp_done = (int)v[8];
	it->fp_simhash = (uint64_t)v[9];
	it->fp_have_simhash = (int)v[10];
	it->twin = (int)v[11];
	it->summary_cut = (int)v[12];
	it->skeleton = (int)v[13];
	/* Each string takes at least its length's 8 bytes. */
	nc = v[14], ne = v[15], na = v[16];
	it->ncategories = unpack_count(&u, nc, 8);
	it->categories = xreallocarray(NULL, it->ncategories + 1,
	    sizeof *it->categories);
	for (i = 0; i < it->ncategories; i++)
		if ((it->categories[i] = unpack_str(&u)) == NULL)
			it->categories[i] = xstrdup(""), u.bad = 1;
	it->nenclosures = unpack_count(&u, ne, 24);
	it->enclosures = xreallocarray(NULL, it->nenclosures + 1,
	    sizeof *it->enclosures);
	for (i = 0; i < it->nenclosures; i++) {
		struct enclosure	*e = &it->enclosures[i];

		if ((e->url = unpack_str(&u)) == NULL)
			e->url = xstrdup(""), u.bad = 1;
		e->type = unpack_str(&u);
		e->length = unpack_int(&u);
	}
	it->naliases = unpack_count(&u, na, 8);
	it->aliases = xreallocarray(NULL, it->naliases + 1,
	    sizeof *it->aliases);
	for (i = 0; i < it->naliases; i++)
		if ((it->aliases[i] = unpack_str(&u)) == NULL)
			it->aliases[i] = xstrdup(""), u.bad = 1;
	if (u.bad || u.p != u.end)
		goto bad;
	return it;
bad:
	item_free(it);
	return NULL;
}

void
item_list_init(struct item_list *l)
{
	l->v = NULL;
	l->n = l->cap = 0;
}

void
item_list_add(struct item_list *l, struct item *it)
{
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = it;
}

void
item_list_free(struct item_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		item_free(l->v[i]);
	free(l->v);
	item_list_init(l);
}
