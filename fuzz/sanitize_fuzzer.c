/*
 * sanitize_fuzzer.c: sanitize_html() on any bytes, and its output is a
 * fixpoint: sanitized again, the same bytes.
 */
#include "config.h"

#include "fuzz.h"
#include "sanitize.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*in = fuzz_string(data, size), *out, *again;

	out = sanitize_html(in, "https://fuzz.test/a/b.html", 0);
	if (out != NULL) {
		again = sanitize_html(out, "https://fuzz.test/a/b.html", 0);
		fuzz_assert(again != NULL && strcmp(again, out) == 0,
		    "once:  %s\ntwice: %s\n", out, again != NULL ? again :
		    "(null)");
		free(again);
	}
	free(out);
	free(in);
	return 0;
}
