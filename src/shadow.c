/*
 * shadow.c: keys of items not stored, with their dates (see shadow.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shadow.h"
#include "util.h"

#define SHADOW_MIN_SLOTS	1024	/* a power of two */

struct shadow_slot {
	uint64_t	 key;		/* 0: empty */
	int64_t		 t;
};

struct shadow {
	struct shadow_slot	*slot;
	size_t			 nslots;	/* a power of two */
	size_t			 used;
	int64_t			 floor;		/* see shadow_set_floor() */
	struct shadow_slot	*pend;		/* noted since saved */
	size_t			 npend, pendcap;
	int			 loading;	/* shadow_load(): not new */
};

struct shadow *
shadow_new(void)
{
	struct shadow	*sh = xcalloc(1, sizeof *sh);

	sh->nslots = SHADOW_MIN_SLOTS;
	sh->slot = xcalloc(sh->nslots, sizeof *sh->slot);
	sh->floor = INT64_MIN;
	return sh;
}

void
shadow_free(struct shadow *sh)
{
	if (sh == NULL)
		return;
	free(sh->slot);
	free(sh->pend);
	free(sh);
}

/* 0 marks an empty slot: no key is 0. */
static uint64_t
shadow_key(uint64_t key)
{
	return key != 0 ? key : 1;
}

static struct shadow_slot *
shadow_slot(const struct shadow *sh, uint64_t key)
{
	size_t	 mask = sh->nslots - 1, i;

	/* The keys are hashes already: their low bits are as good. */
	for (i = (size_t)key & mask;; i = (i + 1) & mask)
		if (sh->slot[i].key == key || sh->slot[i].key == 0)
			return &sh->slot[i];
}

/* Into a table of nslots, without what is below the floor. */
static void
shadow_rehash(struct shadow *sh, size_t nslots)
{
	struct shadow_slot	*old = sh->slot, *to;
	size_t			 i, n = sh->nslots;

	sh->slot = xcalloc(nslots, sizeof *sh->slot);
	sh->nslots = nslots;
	sh->used = 0;
	for (i = 0; i < n; i++) {
		if (old[i].key == 0 || old[i].t < sh->floor)
			continue;
		to = shadow_slot(sh, old[i].key);
		*to = old[i];
		sh->used++;
	}
	free(old);
}

/* To be saved with the next transaction. */
static void
shadow_pend(struct shadow *sh, uint64_t key, int64_t t)
{
	if (sh->loading)
		return;
	if (sh->npend == sh->pendcap) {
		sh->pendcap = sh->pendcap ? sh->pendcap * 2 : 256;
		sh->pend = xreallocarray(sh->pend, sh->pendcap,
		    sizeof *sh->pend);
	}
	sh->pend[sh->npend].key = key;
	sh->pend[sh->npend++].t = t;
}

void
shadow_note(struct shadow *sh, uint64_t key, int64_t t)
{
	struct shadow_slot	*sl;
	size_t			 live, i;

	key = shadow_key(key);
	sl = shadow_slot(sh, key);
	if (sl->key == key) {
		if (t < sl->t) {
			sl->t = t;
			shadow_pend(sh, key, t);
		}
		return;
	}
	if (t < sh->floor)
		return;
	shadow_pend(sh, key, t);
	/* At most 3/4 full: grow, unless forgetting the dates below the
	   floor leaves it half empty. */
	if ((sh->used + 1) * 4 > sh->nslots * 3) {
		for (i = live = 0; i < sh->nslots; i++)
			live += sh->slot[i].key != 0 &&
			    sh->slot[i].t >= sh->floor;
		shadow_rehash(sh, live * 2 < sh->nslots ? sh->nslots :
		    sh->nslots * 2);
		sl = shadow_slot(sh, key);
	}
	sl->key = key;
	sl->t = t;
	sh->used++;
}

int64_t
shadow_find(const struct shadow *sh, uint64_t key)
{
	const struct shadow_slot	*sl;

	key = shadow_key(key);
	sl = shadow_slot(sh, key);
	return sl->key == key ? sl->t : INT64_MAX;
}

void
shadow_set_floor(struct shadow *sh, int64_t floor)
{
	sh->floor = floor;
}

size_t
shadow_count(const struct shadow *sh)
{
	return sh->used;
}

static void
shadow_put64(unsigned char *p, uint64_t v)
{
	int	 i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
shadow_get64(const unsigned char *p)
{
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

size_t
shadow_pack(const struct shadow *sh, int all, unsigned char **out)
{
	const struct shadow_slot	*v = all ? sh->slot : sh->pend;
	size_t				 n = all ? sh->nslots : sh->npend;
	size_t				 i, len = 0;
	unsigned char			*p;

	*out = NULL;
	for (i = 0; i < n; i++)
		len += v[i].key != 0 && v[i].t >= sh->floor;
	if (len == 0)
		return 0;
	*out = p = xreallocarray(NULL, len, 16);
	for (i = 0; i < n; i++) {
		if (v[i].key == 0 || v[i].t < sh->floor)
			continue;
		shadow_put64(p, v[i].key);
		shadow_put64(p + 8, (uint64_t)v[i].t);
		p += 16;
	}
	return len * 16;
}

void
shadow_saved(struct shadow *sh)
{
	sh->npend = 0;
	if (sh->pendcap > 4096) {	/* after a cold round */
		free(sh->pend);
		sh->pend = NULL;
		sh->pendcap = 0;
	}
}

void
shadow_load(struct shadow *sh, const void *data, size_t len)
{
	const unsigned char	*p = data;
	size_t			 i;

	sh->loading = 1;
	for (i = 0; i + 16 <= len; i += 16)
		shadow_note(sh, shadow_get64(p + i),
		    (int64_t)shadow_get64(p + i + 8));
	sh->loading = 0;
}
