/*
 * check.h: the smallest unit-test harness that says where it failed.
 * check(expr) prints file:line and the expression when expr is false;
 * check_done() prints "# N passed, N failed" and gives the exit status.
 */
#ifndef FEEDMERGE_CHECK_H
#define FEEDMERGE_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define check(expr) do {						\
	if (expr)							\
		check_passed++;						\
	else {								\
		check_failed++;						\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
		    __FILE__, __LINE__, #expr);				\
	}								\
} while (0)

#define check_str_eq(a, b) do {						\
	const char *check_a_ = (a), *check_b_ = (b);			\
	if (check_a_ != NULL && check_b_ != NULL &&			\
	    strcmp(check_a_, check_b_) == 0)				\
		check_passed++;						\
	else {								\
		check_failed++;						\
		fprintf(stderr, "%s:%d: check failed: %s == %s\n"	\
		    "  got:      \"%s\"\n  expected: \"%s\"\n",		\
		    __FILE__, __LINE__, #a, #b,				\
		    check_a_ != NULL ? check_a_ : "(null)",		\
		    check_b_ != NULL ? check_b_ : "(null)");		\
	}								\
} while (0)

static inline int
check_done(void)
{
	printf("# %d passed, %d failed\n", check_passed, check_failed);
	return check_failed == 0 ? 0 : 1;
}

#endif
