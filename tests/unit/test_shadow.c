/*
 * test_shadow.c: the table of keys of items not stored (shadow.c): the
 * earliest date kept, absent keys, the key 0, growth past many keys,
 * dates below the floor forgotten when the table would grow, and saving
 * and loading.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "shadow.h"

/* Dates as the store has them: Unix seconds of this century. */
#define T	1764547200

int
main(void)
{
	struct shadow	*sh = shadow_new();
	uint64_t	 k;
	int		 ok;

	check(shadow_find(sh, 42) == INT64_MAX);
	shadow_note(sh, 42, T + 1000);
	check(shadow_find(sh, 42) == T + 1000);
	/* The earlier date stays. */
	shadow_note(sh, 42, T + 2000);
	check(shadow_find(sh, 42) == T + 1000);
	shadow_note(sh, 42, T + 500);
	check(shadow_find(sh, 42) == T + 500);
	check(shadow_count(sh) == 1);
	/* 0 is a key like another. */
	shadow_note(sh, 0, T + 7);
	check(shadow_find(sh, 0) == T + 7);
	/* Before 1995: kept as 1995 (never shown either way). */
	shadow_note(sh, 5, 1000);
	check(shadow_find(sh, 5) == 788918400);
	check(shadow_find(sh, 43) == INT64_MAX);

	/* 100,000 keys (spread as hashes are), all found. */
	for (k = 1; k <= 100000; k++)
		shadow_note(sh, k * 0x9e3779b97f4a7c15ULL, T + (int64_t)k);
	ok = 1;
	for (k = 1; k <= 100000; k++)
		ok &= shadow_find(sh, k * 0x9e3779b97f4a7c15ULL) ==
		    T + (int64_t)k;
	check(ok);
	check(shadow_count(sh) == 100003);

	/*
	 * Below the floor: not noted, and forgotten when the table next
	 * grows; the table does not grow while forgetting makes room.
	 */
	shadow_set_floor(sh, T + 100001);
	shadow_note(sh, 77, T + 5);
	check(shadow_find(sh, 77) == INT64_MAX);
	for (k = 1; k <= 200000; k++)
		shadow_note(sh, (k + 200000) * 0xc2b2ae3d27d4eb4fULL,
		    T + (int64_t)(100000 + k));
	check(shadow_find(sh, 1 * 0x9e3779b97f4a7c15ULL) == INT64_MAX);
	check(shadow_find(sh, 200001 * 0xc2b2ae3d27d4eb4fULL) == T + 100001);
	check(shadow_find(sh, 42) == INT64_MAX);
	check(shadow_find(sh, 200002 * 0xc2b2ae3d27d4eb4fULL) == T + 100002);
	check(shadow_find(sh, 400000 * 0xc2b2ae3d27d4eb4fULL) == T + 300000);
	check(shadow_count(sh) <= 200000);
	/* Saved and read back: what was noted since the last save, then
	   all that is live, SHADOW_PACK_MAX at a time. */
	{
		struct shadow	*back = shadow_new();
		unsigned char	*data;
		size_t		 len, pos = 0, total = 0, parts = 0;

		while ((len = shadow_pack(sh, 0, &pos, &data)) > 0) {
			check(len <= SHADOW_PACK_MAX * 16);
			total += len;
			parts++;
			free(data);
		}
		check(data == NULL);
		check(total == 200000 * 16 && parts == 4);
		shadow_saved(sh);
		pos = 0;
		check(shadow_pack(sh, 0, &pos, &data) == 0 && data == NULL);
		shadow_note(sh, 99, T + 200000);
		pos = 0;
		check(shadow_pack(sh, 0, &pos, &data) == 16);
		free(data);
		pos = total = 0;
		while ((len = shadow_pack(sh, 1, &pos, &data)) > 0) {
			total += len;
			shadow_load(back, data, len);
			free(data);
		}
		check(total == (200000 + 1) * 16);
		check(shadow_count(back) == 200001);
		check(shadow_find(back, 99) == T + 200000);
		check(shadow_find(back, 400000 * 0xc2b2ae3d27d4eb4fULL) ==
		    T + 300000);
		/* A partial last record is left out. */
		{
			struct shadow	*part = shadow_new();

			pos = 0;
			len = shadow_pack(sh, 1, &pos, &data);
			shadow_load(part, data, 2 * 16 + 7);
			free(data);
			check(shadow_count(part) == 2);
			shadow_free(part);
		}
		/* Loaded entries are not new. */
		pos = 0;
		check(shadow_pack(back, 0, &pos, &data) == 0);
		shadow_free(back);
	}
	shadow_free(sh);
	shadow_free(NULL);
	return check_done();
}
