/*
 * bench.h: what the in-process benchmarks share: a clock, a mixer for
 * deterministic pseudo-random data, a comparison for qsort(), an exit.
 */
#ifndef FEEDMERGE_BENCH_H
#define FEEDMERGE_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* CLOCK_MONOTONIC, in microseconds. */
static inline double
bench_now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* splitmix64's finaliser: every bit of x changes about half of them. */
static inline uint64_t
bench_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static inline int
bench_cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* A benchmark that cannot go on: PROG: WHAT: CAUSE, exit 1. */
static inline void
bench_die(const char *prog, const char *what, const char *cause)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, cause ? cause : "?");
	exit(1);
}

#endif
