/*
 * shadow.c: keys of items not stored, with their dates (see shadow.h).
 */
#include "config.h"

#include <sys/mman.h>

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "shadow.h"
#include "util.h"

#define SHADOW_MIN_SLOTS	1024	/* a power of two */
/*
 * Dates are kept as seconds since 1995 in 32 bits (to 2131), so that a
 * slot is 12 bytes: at 10,000 fresh feeds the table holds some 700,000
 * keys.  An earlier date is kept as 1995: a story that old is never
 * shown, whatever its date is.
 */
#define SHADOW_EPOCH		788918400

struct shadow_slot {
	uint32_t	 key_lo, key_hi;	/* 0, 0: empty */
	uint32_t	 t;
};

/* A key noted since the last save, and its date. */
struct shadow_new {
	uint64_t	 key;
	int64_t		 t;
};

/*
 * Sixteen tables by the key's top bits, each grown on its own: growing
 * one copies a sixteenth of the keys, and needs a sixteenth more memory
 * for it, not all of it again.
 */
#define SHADOW_PARTS		16

struct shadow_part {
	struct shadow_slot	*slot;
	size_t			 nslots;	/* a power of two */
	size_t			 used;
};

struct shadow {
	struct shadow_part	 part[SHADOW_PARTS];
	int64_t			 floor;		/* see shadow_set_floor() */
	struct shadow_new	*pend;		/* noted since saved */
	size_t			 npend, pendcap;
	int			 loading;	/* shadow_load(): not new */
};

static uint32_t
shadow_t32(int64_t t)
{
	if (t <= SHADOW_EPOCH)
		return 0;
	if (t - SHADOW_EPOCH >= (int64_t)UINT32_MAX)
		return UINT32_MAX;
	return (uint32_t)(t - SHADOW_EPOCH);
}

static int64_t
shadow_t64(uint32_t t)
{
	return (int64_t)t + SHADOW_EPOCH;
}

static uint64_t
shadow_slot_key(const struct shadow_slot *sl)
{
	return (uint64_t)sl->key_hi << 32 | sl->key_lo;
}

/*
 * The table's memory straight from the kernel, and back to it when the
 * table grows: a freed table of megabytes kept by the allocator for
 * reuse would count in the daemon's memory as much as the live one.
 */
static struct shadow_slot *
shadow_slots_new(size_t n)
{
	void	*p;

	p = mmap(NULL, n * sizeof(struct shadow_slot), PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		fatalx("out of memory (a table of %zu keys)", n);
	return p;
}

static void
shadow_slots_free(struct shadow_slot *v, size_t n)
{
	if (v != NULL)
		munmap(v, n * sizeof *v);
}

struct shadow *
shadow_new(void)
{
	struct shadow	*sh = xcalloc(1, sizeof *sh);
	int		 i;

	for (i = 0; i < SHADOW_PARTS; i++) {
		sh->part[i].nslots = SHADOW_MIN_SLOTS;
		sh->part[i].slot = shadow_slots_new(SHADOW_MIN_SLOTS);
	}
	sh->floor = INT64_MIN;
	return sh;
}

void
shadow_free(struct shadow *sh)
{
	int	 i;

	if (sh == NULL)
		return;
	for (i = 0; i < SHADOW_PARTS; i++)
		shadow_slots_free(sh->part[i].slot, sh->part[i].nslots);
	free(sh->pend);
	free(sh);
}

/* 0 marks an empty slot: no key is 0. */
static uint64_t
shadow_key(uint64_t key)
{
	return key != 0 ? key : 1;
}

static struct shadow_part *
shadow_part(struct shadow *sh, uint64_t key)
{
	return &sh->part[key >> 60];
}

static struct shadow_slot *
shadow_slot(const struct shadow_part *sp, uint64_t key)
{
	size_t	 mask = sp->nslots - 1, i;

	/*
	 * The high bits of a multiple: keys coming in the order of their
	 * low bits (a table saved slot by slot) would otherwise pile up.
	 */
	i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
	for (;; i = (i + 1) & mask)
		if (shadow_slot_key(&sp->slot[i]) == key ||
		    (sp->slot[i].key_lo == 0 && sp->slot[i].key_hi == 0))
			return &sp->slot[i];
}

static int
shadow_live(const struct shadow *sh, const struct shadow_slot *sl)
{
	return (sl->key_lo != 0 || sl->key_hi != 0) &&
	    shadow_t64(sl->t) >= sh->floor;
}

/* Into a table of nslots, without what is below the floor. */
static void
shadow_rehash(struct shadow *sh, struct shadow_part *sp, size_t nslots)
{
	struct shadow_slot	*old = sp->slot, *to;
	size_t			 i, n = sp->nslots;

	sp->slot = shadow_slots_new(nslots);
	sp->nslots = nslots;
	sp->used = 0;
	for (i = 0; i < n; i++) {
		if (!shadow_live(sh, &old[i]))
			continue;
		to = shadow_slot(sp, shadow_slot_key(&old[i]));
		*to = old[i];
		sp->used++;
	}
	shadow_slots_free(old, n);
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
	struct shadow_part	*sp;
	struct shadow_slot	*sl;
	size_t			 live, i;
	uint32_t		 t32 = shadow_t32(t);

	key = shadow_key(key);
	sp = shadow_part(sh, key);
	sl = shadow_slot(sp, key);
	if (shadow_slot_key(sl) == key) {
		if (t32 < sl->t) {
			sl->t = t32;
			shadow_pend(sh, key, t);
		}
		return;
	}
	if (t < sh->floor)
		return;
	shadow_pend(sh, key, t);
	/* At most 3/4 full: grow, unless forgetting the dates below the
	   floor leaves it half empty. */
	if ((sp->used + 1) * 4 > sp->nslots * 3) {
		for (i = live = 0; i < sp->nslots; i++)
			live += shadow_live(sh, &sp->slot[i]);
		shadow_rehash(sh, sp, live * 2 < sp->nslots ? sp->nslots :
		    sp->nslots * 2);
		sl = shadow_slot(sp, key);
	}
	sl->key_lo = (uint32_t)key;
	sl->key_hi = (uint32_t)(key >> 32);
	sl->t = t32;
	sp->used++;
}

int64_t
shadow_find(const struct shadow *sh, uint64_t key)
{
	const struct shadow_slot	*sl;

	key = shadow_key(key);
	sl = shadow_slot(&sh->part[key >> 60], key);
	/* Below the floor it is forgotten, whether or not it is gone yet:
	   what a table's growth removes does not change an answer. */
	if (shadow_slot_key(sl) != key || shadow_t64(sl->t) < sh->floor)
		return INT64_MAX;
	return shadow_t64(sl->t);
}

void
shadow_set_floor(struct shadow *sh, int64_t floor)
{
	sh->floor = floor;
}

size_t
shadow_count(const struct shadow *sh)
{
	size_t	 n = 0;
	int	 i;

	for (i = 0; i < SHADOW_PARTS; i++)
		n += sh->part[i].used;
	return n;
}

/* Slot pos of the parts one after the other, or NULL past the last. */
static const struct shadow_slot *
shadow_nth(const struct shadow *sh, size_t pos)
{
	int	 i;

	for (i = 0; i < SHADOW_PARTS; i++) {
		if (pos < sh->part[i].nslots)
			return &sh->part[i].slot[pos];
		pos -= sh->part[i].nslots;
	}
	return NULL;
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
shadow_pack(const struct shadow *sh, int all, size_t *pos,
    unsigned char **out)
{
	const struct shadow_slot	*sl;
	size_t				 i, len = 0, cap = 0;
	unsigned char			*p;
	uint64_t			 key;
	int64_t				 t;

	*out = p = NULL;
	for (i = *pos; len < SHADOW_PACK_MAX; i++) {
		if (all) {
			if ((sl = shadow_nth(sh, i)) == NULL)
				break;
			if (!shadow_live(sh, sl))
				continue;
			key = shadow_slot_key(sl);
			t = shadow_t64(sl->t);
		} else {
			if (i >= sh->npend)
				break;
			if (sh->pend[i].t < sh->floor)
				continue;
			key = sh->pend[i].key;
			t = sh->pend[i].t;
		}
		if (len == cap) {
			cap = cap == 0 ? 1024 : cap * 2;
			*out = p = xreallocarray(p, cap, 16);
		}
		shadow_put64(p + 16 * len, key);
		shadow_put64(p + 16 * len + 8, (uint64_t)t);
		len++;
	}
	*pos = i;
	return len * 16;
}

size_t
shadow_pending(const struct shadow *sh)
{
	return sh->npend;
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
	int			 j;

	/* Room for them all at once (each part a sixteenth). */
	for (j = 0; j < SHADOW_PARTS; j++) {
		struct shadow_part	*sp = &sh->part[j];

		for (i = sp->nslots; (sp->used + len / 16 / SHADOW_PARTS) * 4 >
		    i * 3; i *= 2)
			;
		if (i != sp->nslots)
			shadow_rehash(sh, sp, i);
	}
	sh->loading = 1;
	for (i = 0; i + 16 <= len; i += 16)
		shadow_note(sh, shadow_get64(p + i),
		    (int64_t)shadow_get64(p + i + 8));
	sh->loading = 0;
}
