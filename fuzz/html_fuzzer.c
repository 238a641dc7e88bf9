/* html_fuzzer.c: a page's story and teasers (parse_html()), sanitized. */
#include "config.h"

#include "fuzz.h"
#include "parse.h"
#include "parse_html.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_result	 res;
	char			*cause = NULL;

	if (parse_html((const char *)data, size,
	    "https://fuzz.test/2026/12/01/story.html", "text/html", NULL, &res,
	    &cause) == 0) {
		parse_sanitize(&res, "https://fuzz.test/2026/12/01/story.html",
		    INT64_MIN, 0);
		parse_result_free(&res);
	}
	free(cause);
	return 0;
}
