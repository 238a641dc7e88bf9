/*
 * fuzz.h: what the fuzz targets share.  Each target is one pure entry
 * point of feedmerge fed libFuzzer's bytes (./configure --enable-fuzzing,
 * make fuzz); a property that must hold is checked with fuzz_assert(),
 * which aborts so that libFuzzer keeps the input.
 */
#ifndef FEEDMERGE_FUZZ_H
#define FEEDMERGE_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define fuzz_assert(expr, ...) do {					\
	if (!(expr)) {							\
		fprintf(stderr, "fuzz: %s:%d: %s\n", __FILE__,		\
		    __LINE__, #expr);					\
		fprintf(stderr, __VA_ARGS__);				\
		abort();						\
	}								\
} while (0)

/* The bytes as a NUL-terminated string (NULs inside end it). */
static inline char *
fuzz_string(const uint8_t *data, size_t size)
{
	char	*s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#endif
