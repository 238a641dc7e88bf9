/*
 * test_shadow.c: the table of keys of items not stored (shadow.c): the
 * earliest date kept, absent keys, the key 0, growth past many keys, and
 * dates below the floor forgotten when the table would grow.
 */
#include "config.h"

#include <stdint.h>

#include "check.h"
#include "shadow.h"

int
main(void)
{
	struct shadow	*sh = shadow_new();
	uint64_t	 k;
	int		 ok;

	check(shadow_find(sh, 42) == INT64_MAX);
	shadow_note(sh, 42, 1000);
	check(shadow_find(sh, 42) == 1000);
	/* The earlier date stays. */
	shadow_note(sh, 42, 2000);
	check(shadow_find(sh, 42) == 1000);
	shadow_note(sh, 42, 500);
	check(shadow_find(sh, 42) == 500);
	check(shadow_count(sh) == 1);
	/* 0 is a key like another. */
	shadow_note(sh, 0, 7);
	check(shadow_find(sh, 0) == 7);
	check(shadow_find(sh, 43) == INT64_MAX);

	/* 100,000 keys (spread as hashes are), all found. */
	for (k = 1; k <= 100000; k++)
		shadow_note(sh, k * 0x9e3779b97f4a7c15ULL, (int64_t)k);
	ok = 1;
	for (k = 1; k <= 100000; k++)
		ok &= shadow_find(sh, k * 0x9e3779b97f4a7c15ULL) == (int64_t)k;
	check(ok);
	check(shadow_count(sh) == 100002);

	/*
	 * Below the floor: not noted, and forgotten when the table next
	 * grows; the table does not grow while forgetting makes room.
	 */
	shadow_set_floor(sh, 100001);
	shadow_note(sh, 77, 5);
	check(shadow_find(sh, 77) == INT64_MAX);
	for (k = 1; k <= 200000; k++)
		shadow_note(sh, (k + 200000) * 0xc2b2ae3d27d4eb4fULL,
		    (int64_t)(100000 + k));
	check(shadow_find(sh, 1 * 0x9e3779b97f4a7c15ULL) == INT64_MAX);
	check(shadow_find(sh, 200001 * 0xc2b2ae3d27d4eb4fULL) == 100001);
	check(shadow_find(sh, 42) == INT64_MAX);
	check(shadow_find(sh, 200002 * 0xc2b2ae3d27d4eb4fULL) == 100002);
	check(shadow_find(sh, 400000 * 0xc2b2ae3d27d4eb4fULL) == 300000);
	check(shadow_count(sh) <= 200000);
	shadow_free(sh);
	shadow_free(NULL);
	return check_done();
}
