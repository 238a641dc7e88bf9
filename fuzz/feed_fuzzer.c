/* feed_fuzzer.c: parse_feed() and parse_sanitize() on any bytes. */
#include "config.h"

#include "fuzz.h"
#include "parse.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_result	 res;
	char			*cause = NULL;

	if (parse_feed((const char *)data, size, "http://fuzz.test/feed.xml",
	    NULL, &res, &cause) == 0) {
		parse_sanitize(&res, "http://fuzz.test/feed.xml", INT64_MIN, 0);
		parse_result_free(&res);
	}
	free(cause);
	return 0;
}
