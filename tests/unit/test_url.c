/* test_url.c: resolution, sites (story keys: test_canonical.c). */
#include "config.h"

#include <stdlib.h>

#include "check.h"
#include "url.h"

#define RESOLVE(base, ref, out) do {			\
	char *r_ = url_resolve(base, ref);		\
	check_str_eq(r_, out);				\
	free(r_);					\
} while (0)

int
main(void)
{
	char	*p;

	RESOLVE("http://example.org/feeds/rss.xml", "../a/b.html",
	    "http://example.org/a/b.html");
	RESOLVE("http://example.org/feeds/rss.xml", "/x", "http://example.org/x");
	RESOLVE("http://example.org/feeds/", "?q=1",
	    "http://example.org/feeds/?q=1");
	RESOLVE("http://example.org/feeds/rss.xml", "https://other.net/y",
	    "https://other.net/y");
	RESOLVE(NULL, "rel/x", "rel/x");
	RESOLVE("http://example.org/", "  spaced.html ",
	    "http://example.org/spaced.html");
	check(url_resolve("http://example.org/", "") == NULL);
	check(url_resolve("http://example.org/", NULL) == NULL);

	check(url_is_absolute("tag:example.org,2026:x"));
	check(url_is_absolute("urn:uuid:1234"));
	check(url_is_absolute("http://x/"));
	check(!url_is_absolute("12345"));
	check(!url_is_absolute("not an iri"));
	check(!url_is_absolute("http://x/with space"));
	check(!url_is_absolute("x:"));
	check(url_scheme_len("https://x") == 6);
	check(url_scheme_len("/path") == 0);

	p = url_escape("a b/ü");
	check_str_eq(p, "a%20b/%C3%BC");
	free(p);
	return check_done();
}
