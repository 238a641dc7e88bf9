/* test_util.c: the string-keyed hash map. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"

#define MANY	100000

static void
test_strmap_basic(void)
{
	struct strmap	 m, zero;
	char		 key[8];
	size_t		 v;

	/* A zeroed map is empty, like an initialised one. */
	memset(&zero, 0, sizeof zero);
	check(strmap_get(&zero, "a", &v) == 0);
	strmap_free(&zero);

	strmap_init(&m);
	check(m.n == 0);
	check(strmap_get(&m, "a", &v) == 0);
	check(strmap_get(&m, "", NULL) == 0);

	check(strmap_put(&m, "a", 1) == 1);
	check(strmap_put(&m, "b", 2) == 1);
	check(strmap_put(&m, "", 3) == 1);	/* the empty key is a key */
	check(m.n == 3);
	v = 0;
	check(strmap_get(&m, "a", &v) == 1 && v == 1);
	check(strmap_get(&m, "b", &v) == 1 && v == 2);
	check(strmap_get(&m, "", &v) == 1 && v == 3);
	check(strmap_get(&m, "b", NULL) == 1);
	check(strmap_get(&m, "c", &v) == 0 && v == 3);	/* untouched */
	check(strmap_get(&m, "A", NULL) == 0);		/* case matters */
	check(strmap_get(&m, "ab", NULL) == 0);

	/* Putting a key again replaces its value, adds nothing. */
	check(strmap_put(&m, "a", 10) == 0);
	check(m.n == 3);
	check(strmap_get(&m, "a", &v) == 1 && v == 10);

	/* Keys are copied: the caller's buffer may change. */
	snprintf(key, sizeof key, "key");
	check(strmap_put(&m, key, 4) == 1);
	key[0] = 'h';
	check(strmap_get(&m, "key", &v) == 1 && v == 4);
	check(strmap_get(&m, key, NULL) == 0);

	strmap_free(&m);
	check(m.n == 0 && m.cap == 0 && m.slots == NULL);
	check(strmap_get(&m, "a", NULL) == 0);

	/* Usable again after strmap_free. */
	check(strmap_put(&m, "a", 5) == 1);
	check(strmap_get(&m, "a", &v) == 1 && v == 5);
	strmap_free(&m);
}

/* Enough keys to double many times; every one still found. */
static void
test_strmap_many(void)
{
	struct strmap	 m;
	char		 key[32];
	size_t		 i, v;
	int		 ok;

	strmap_init(&m);
	for (i = 0, ok = 1; i < MANY; i++) {
		snprintf(key, sizeof key, "source-%zu", i);
		if (strmap_put(&m, key, i) != 1)
			ok = 0;
	}
	check(ok);
	check(m.n == MANY);
	check(m.cap >= MANY && (m.cap & (m.cap - 1)) == 0);
	check(m.n * 4 <= m.cap * 3);
	for (i = 0, ok = 1; i < MANY; i++) {
		snprintf(key, sizeof key, "source-%zu", i);
		if (strmap_get(&m, key, &v) != 1 || v != i)
			ok = 0;
	}
	check(ok);
	for (i = MANY, ok = 1; i < 2 * MANY; i++) {
		snprintf(key, sizeof key, "source-%zu", i);
		if (strmap_get(&m, key, NULL) != 0)
			ok = 0;
	}
	check(ok);
	/* Replace every other one. */
	for (i = 0, ok = 1; i < MANY; i += 2) {
		snprintf(key, sizeof key, "source-%zu", i);
		if (strmap_put(&m, key, i + 1) != 0)
			ok = 0;
	}
	check(ok);
	check(m.n == MANY);
	for (i = 0, ok = 1; i < MANY; i++) {
		snprintf(key, sizeof key, "source-%zu", i);
		if (strmap_get(&m, key, &v) != 1 || v != (i % 2 ? i : i + 1))
			ok = 0;
	}
	check(ok);
	strmap_free(&m);
}

static void
test_xstrcat2(void)
{
	char	*s;

	s = xstrcat2("g:", "tag:x,2026:1");
	check_str_eq(s, "g:tag:x,2026:1");
	free(s);
	s = xstrcat2("", "");
	check_str_eq(s, "");
	free(s);
	s = xstrcat2("12 ", "");
	check_str_eq(s, "12 ");
	free(s);
}

int
main(void)
{
	test_strmap_basic();
	test_strmap_many();
	test_xstrcat2();
	return check_done();
}
