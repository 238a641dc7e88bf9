/* date_fuzzer.c: the date parsers, and what they give formats. */
#include "config.h"

#include "date.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s = fuzz_string(data, size), out[64];
	int64_t	 t;

	if (date_parse(s, &t) == 0)
		date_format_rfc3339(t, out, sizeof out);
	(void)date_parse_rfc822(s, &t);
	(void)date_parse_iso8601(s, &t);
	free(s);
	return 0;
}
