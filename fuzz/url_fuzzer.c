/*
 * url_fuzzer.c: url_resolve(), url_canonical() (idempotent: the key of a
 * key is itself) and the link check on any string.
 */
#include "config.h"

#include "fuzz.h"
#include "sanitize.h"
#include "url.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s = fuzz_string(data, size), *r, *c, *cc;

	r = url_resolve("https://fuzz.test/dir/page.html?q=1", s);
	c = url_canonical(r != NULL ? r : s);
	if (c != NULL) {
		cc = url_canonical(c);
		fuzz_assert(cc != NULL && strcmp(c, cc) == 0,
		    "key:        %s\nkey of key: %s\n", c, cc != NULL ? cc :
		    "(null)");
		free(cc);
	}
	(void)sanitize_url_ok(s, 1);
	free(c);
	free(r);
	free(s);
	return 0;
}
