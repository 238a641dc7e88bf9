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
