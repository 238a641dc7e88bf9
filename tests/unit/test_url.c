/* test_url.c: resolution and the canonical link used for dedup. */
#include "config.h"

#include <stdlib.h>

#include "check.h"
#include "url.h"

#define CANON(in, out) do {				\
	char *c_ = url_canonical(in);			\
	check_str_eq(c_, out);				\
	free(c_);					\
} while (0)

#define RESOLVE(base, ref, out) do {			\
	char *r_ = url_resolve(base, ref);		\
	check_str_eq(r_, out);				\
	free(r_);					\
} while (0)

int
main(void)
{
	char	*p;

	CANON("http://Example.ORG/a?utm_source=rss&utm_medium=feed",
	    "http://example.org/a");
	CANON("https://example.org/a?id=3&utm_campaign=x#frag",
	    "https://example.org/a?id=3");
	CANON("https://example.org:443/a?fbclid=1&b=2&gclid=z",
	    "https://example.org/a?b=2");
	CANON("http://example.org:80", "http://example.org/");
	CANON("http://example.org:8080/x", "http://example.org:8080/x");
	CANON("  http://example.org/Path/Case", "http://example.org/Path/Case");
	CANON("https://example.org/a?", "https://example.org/a");
	check(url_canonical("ftp://example.org/a") == NULL);
	check(url_canonical("/relative") == NULL);
	check(url_canonical(NULL) == NULL);

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
