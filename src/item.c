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

/*
 * Every number is a LEB128 varint (zigzag for the signed), every string
 * its length plus one (0: NULL) then its bytes: some 20 bytes besides
 * the text of an item.
 */
#define PACK_STRINGS	18
#define PACK_NUMBERS	16
#define PACK_VARINT	10		/* bytes of a 64-bit varint at most */

static char *
pack_u64(char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (char)v;
	return p;
}

static char *
pack_i64(char *p, int64_t v)
{
	return pack_u64(p, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static char *
pack_str(char *p, const char *s, size_t n)
{
	p = pack_u64(p, s != NULL ? (uint64_t)n + 1 : 0);
	if (n > 0)
		memcpy(p, s, n);
	return p + n;
}

/* The strings of an item, in the order they are packed. */
static void
pack_strings(const struct item *it, const char *s[PACK_STRINGS])
{
	s[0] = it->id, s[1] = it->link, s[2] = it->title;
	s[3] = it->summary, s[4] = it->content, s[5] = it->author;
	s[6] = it->author_email, s[7] = it->author_uri;
	s[8] = it->comments, s[9] = it->thumbnail, s[10] = it->origin;
	s[11] = it->lang, s[12] = it->base, s[13] = it->summary_base;
	s[14] = it->content_base, s[15] = it->fetch_url;
	s[16] = it->fp_lead, s[17] = it->fp_title;
}

void
item_pack(const struct item *it, struct buf *b)
{
	const char	*s[PACK_STRINGS];
	size_t		 len[PACK_STRINGS], need, i;
	int64_t const	 v[PACK_NUMBERS] = {
		it->kind, it->id_is_permalink, it->summary_type,
		it->content_type, it->published, it->updated, it->text_raw,
		it->links_raw, it->fp_done, (int64_t)it->fp_simhash,
		it->fp_have_simhash, it->twin, it->summary_cut,
		(int64_t)it->ncategories, (int64_t)it->nenclosures,
		(int64_t)it->naliases,
	};
	char		*p;

	/* Room for all of it at once. */
	pack_strings(it, s);
	need = (PACK_NUMBERS + PACK_STRINGS) * PACK_VARINT;
	for (i = 0; i < PACK_STRINGS; i++)
		need += len[i] = s[i] != NULL ? strlen(s[i]) : 0;
	for (i = 0; i < it->ncategories; i++)
		need += PACK_VARINT + strlen(it->categories[i]);
	for (i = 0; i < it->nenclosures; i++)
		need += 3 * PACK_VARINT + strlen(it->enclosures[i].url) +
		    (it->enclosures[i].type != NULL ?
		    strlen(it->enclosures[i].type) : 0);
	for (i = 0; i < it->naliases; i++)
		need += PACK_VARINT + strlen(it->aliases[i]);
	buf_grow(b, need);
	p = b->data + b->len;
	for (i = 0; i < PACK_NUMBERS; i++)
		p = pack_i64(p, v[i]);
	for (i = 0; i < PACK_STRINGS; i++)
		p = pack_str(p, s[i], len[i]);
	for (i = 0; i < it->ncategories; i++)
		p = pack_str(p, it->categories[i], strlen(it->categories[i]));
	for (i = 0; i < it->nenclosures; i++) {
		const struct enclosure	*e = &it->enclosures[i];

		p = pack_str(p, e->url, strlen(e->url));
		p = pack_str(p, e->type, e->type != NULL ? strlen(e->type) :
		    0);
		p = pack_i64(p, e->length);
	}
	for (i = 0; i < it->naliases; i++)
		p = pack_str(p, it->aliases[i], strlen(it->aliases[i]));
	b->len = (size_t)(p - b->data);
	b->data[b->len] = '\0';
}

struct unpack {
	const unsigned char	*p, *end;
	int			 bad;
};

static uint64_t
unpack_u64(struct unpack *u)
{
	uint64_t	 v = 0;
	unsigned	 shift;

	for (shift = 0; shift < 64; shift += 7) {
		if (u->p == u->end) {
			u->bad = 1;
			return 0;
		}
		v |= (uint64_t)(*u->p & 0x7f) << shift;
		if ((*u->p++ & 0x80) == 0)
			return v;
	}
	u->bad = 1;
	return 0;
}

static int64_t
unpack_i64(struct unpack *u)
{
	uint64_t	 v = unpack_u64(u);

	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static char *
unpack_str(struct unpack *u)
{
	uint64_t	 n = unpack_u64(u);
	char		*s;

	if (n == 0 || u->bad)
		return NULL;
	if (n - 1 > (uint64_t)(u->end - u->p)) {
		u->bad = 1;
		return NULL;
	}
	s = xstrndup((const char *)u->p, (size_t)n - 1);
	u->p += n - 1;
	return s;
}

/* A count of things of at least one byte each, that the rest can hold. */
static size_t
unpack_count(struct unpack *u, int64_t n)
{
	if (n < 0 || (uint64_t)n > (uint64_t)(u->end - u->p)) {
		u->bad = 1;
		return 0;
	}
	return (size_t)n;
}

struct item *
item_unpack(const char *data, size_t len)
{
	struct unpack	 u;
	struct item	*it = item_new(ITEM_FEED);
	int64_t		 v[PACK_NUMBERS];
	char		**s[PACK_STRINGS] = {
		&it->id, &it->link, &it->title, &it->summary, &it->content,
		&it->author, &it->author_email, &it->author_uri,
		&it->comments, &it->thumbnail, &it->origin, &it->lang,
		&it->base, &it->summary_base, &it->content_base,
		&it->fetch_url, &it->fp_lead, &it->fp_title,
	};
	size_t		 i;

	u.p = (const unsigned char *)data;
	u.end = u.p + len;
	u.bad = 0;
	for (i = 0; i < PACK_NUMBERS; i++)
		v[i] = unpack_i64(&u);
	for (i = 0; i < PACK_STRINGS; i++)
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
	/* Each string takes at least its length's byte. */
	it->ncategories = unpack_count(&u, v[13]);
	it->categories = xreallocarray(NULL, it->ncategories + 1,
	    sizeof *it->categories);
	for (i = 0; i < it->ncategories; i++)
		if ((it->categories[i] = unpack_str(&u)) == NULL)
			it->categories[i] = xstrdup(""), u.bad = 1;
	it->nenclosures = unpack_count(&u, v[14]);
	it->enclosures = xreallocarray(NULL, it->nenclosures + 1,
	    sizeof *it->enclosures);
	for (i = 0; i < it->nenclosures; i++) {
		struct enclosure	*e = &it->enclosures[i];

		if ((e->url = unpack_str(&u)) == NULL)
			e->url = xstrdup(""), u.bad = 1;
		e->type = unpack_str(&u);
		e->length = unpack_i64(&u);
	}
	it->naliases = unpack_count(&u, v[15]);
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
