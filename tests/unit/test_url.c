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

/* RFC 3986 section 5.4: normal and abnormal examples, base
   http://a/b/c/d;p?q; then IRIs (RFC 3987), which resolve alike. */
static const struct {
	const char	*base, *ref, *out;
} resolve_table[] = {
	{ "http://a/b/c/d;p?q", "g:h", "g:h" },
	{ "http://a/b/c/d;p?q", "g", "http://a/b/c/g" },
	{ "http://a/b/c/d;p?q", "./g", "http://a/b/c/g" },
	{ "http://a/b/c/d;p?q", "g/", "http://a/b/c/g/" },
	{ "http://a/b/c/d;p?q", "/g", "http://a/g" },
	{ "http://a/b/c/d;p?q", "//g", "http://g" },
	{ "http://a/b/c/d;p?q", "?y", "http://a/b/c/d;p?y" },
	{ "http://a/b/c/d;p?q", "g?y", "http://a/b/c/g?y" },
	{ "http://a/b/c/d;p?q", "#s", "http://a/b/c/d;p?q#s" },
	{ "http://a/b/c/d;p?q", "g#s", "http://a/b/c/g#s" },
	{ "http://a/b/c/d;p?q", "g?y#s", "http://a/b/c/g?y#s" },
	{ "http://a/b/c/d;p?q", ";x", "http://a/b/c/;x" },
	{ "http://a/b/c/d;p?q", "g;x", "http://a/b/c/g;x" },
	{ "http://a/b/c/d;p?q", "g;x?y#s", "http://a/b/c/g;x?y#s" },
	{ "http://a/b/c/d;p?q", ".", "http://a/b/c/" },
	{ "http://a/b/c/d;p?q", "./", "http://a/b/c/" },
	{ "http://a/b/c/d;p?q", "..", "http://a/b/" },
	{ "http://a/b/c/d;p?q", "../", "http://a/b/" },
	{ "http://a/b/c/d;p?q", "../g", "http://a/b/g" },
	{ "http://a/b/c/d;p?q", "../..", "http://a/" },
	{ "http://a/b/c/d;p?q", "../../", "http://a/" },
	{ "http://a/b/c/d;p?q", "../../g", "http://a/g" },
	{ "http://a/b/c/d;p?q", "../../../g", "http://a/g" },
	{ "http://a/b/c/d;p?q", "../../../../g", "http://a/g" },
	{ "http://a/b/c/d;p?q", "/./g", "http://a/g" },
	{ "http://a/b/c/d;p?q", "/../g", "http://a/g" },
	{ "http://a/b/c/d;p?q", "g.", "http://a/b/c/g." },
	{ "http://a/b/c/d;p?q", ".g", "http://a/b/c/.g" },
	{ "http://a/b/c/d;p?q", "g..", "http://a/b/c/g.." },
	{ "http://a/b/c/d;p?q", "..g", "http://a/b/c/..g" },
	{ "http://a/b/c/d;p?q", "./../g", "http://a/b/g" },
	{ "http://a/b/c/d;p?q", "./g/.", "http://a/b/c/g/" },
	{ "http://a/b/c/d;p?q", "g/./h", "http://a/b/c/g/h" },
	{ "http://a/b/c/d;p?q", "g/../h", "http://a/b/c/h" },
	{ "http://a/b/c/d;p?q", "g;x=1/./y", "http://a/b/c/g;x=1/y" },
	{ "http://a/b/c/d;p?q", "g;x=1/../y", "http://a/b/c/y" },
	{ "http://a/b/c/d;p?q", "g?y/./x", "http://a/b/c/g?y/./x" },
	{ "http://a/b/c/d;p?q", "g?y/../x", "http://a/b/c/g?y/../x" },
	{ "http://a/b/c/d;p?q", "g#s/./x", "http://a/b/c/g#s/./x" },
	{ "http://a/b/c/d;p?q", "g#s/../x", "http://a/b/c/g#s/../x" },
	/* A host with no path; a base with a fragment (never kept). */
	{ "http://a", "g", "http://a/g" },
	{ "http://a", "?q", "http://a?q" },
	{ "http://a/b#f", "c", "http://a/c" },
	/* IRIs: IDN hosts and paths of UTF-8 keep their characters. */
	{ "https://\xe4\xbe\x8b\xe3\x81\x88.jp/blog/", "index.html",
	    "https://\xe4\xbe\x8b\xe3\x81\x88.jp/blog/index.html" },
	{ "https://\xe4\xbe\x8b\xe3\x81\x88.jp/blog/", "//other.host/p",
	    "https://other.host/p" },
	{ "https://\xe4\xbe\x8b\xe3\x81\x88.jp/blog/", "/",
	    "https://\xe4\xbe\x8b\xe3\x81\x88.jp/" },
	{ "http://example.org/\xc3\xbc" "n/c/", "../stra\xc3\x9f" "e?q=\xc3\xa4",
	    "http://example.org/\xc3\xbc" "n/stra\xc3\x9f" "e?q=\xc3\xa4" },
	{ "http://b\xc3\xbc" "cher.example/a/", "\xc3\xa4.html#x",
	    "http://b\xc3\xbc" "cher.example/a/\xc3\xa4.html#x" },
	/* What a URL cannot hold is escaped; a relative base is none. */
	{ "http://a/b/", "x y\"z", "http://a/b/x%20y%22z" },
	{ "http://a/b/", "c\\d", "http://a/b/c%5Cd" },
	{ "b/", "c", "c" },
	{ "urn:x:y", "#f", "urn:x:y#f" },
};

int
main(void)
{
	char	*p;
	size_t	 i;

	for (i = 0; i < sizeof resolve_table / sizeof resolve_table[0]; i++)
		RESOLVE(resolve_table[i].base, resolve_table[i].ref,
		    resolve_table[i].out);

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
	check(url_resolve("http://a/b#f", " ") == NULL);
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
