/*
 * test_canonical.c: story keys of links (url_canonical), from a table of
 * cases, and two properties over fuzzed URLs: the key of a key is
 * itself, and a key never holds what may not stand in a URL.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "url.h"

/* in, its key (NULL: no key). */
static const struct {
	const char	*in;
	const char	*key;
} cases[] = {
	/* Scheme and host case, http and https as one. */
	{ "http://Example.ORG/a", "https://example.org/a" },
	{ "HTTPS://EXAMPLE.org/A", "https://example.org/A" },
	{ "hTtP://example.org/", "https://example.org/" },
	{ "https://example.org", "https://example.org/" },
	{ "  https://example.org/a  ", "https://example.org/a" },
	/* A leading www. (and more of them), an AMP host. */
	{ "https://www.example.org/a", "https://example.org/a" },
	{ "http://WWW.example.org/a", "https://example.org/a" },
	{ "https://www.www.example.org/a", "https://example.org/a" },
	{ "https://amp.example.org/a", "https://example.org/a" },
	{ "https://www2.example.org/a", "https://www2.example.org/a" },
	{ "https://news.example.org/a", "https://news.example.org/a" },
	{ "https://www/a", "https://www/a" },
	{ "https://example.org./a", "https://example.org/a" },
	/* Ports. */
	{ "http://example.org:80/a", "https://example.org/a" },
	{ "https://example.org:443/a", "https://example.org/a" },
	{ "http://example.org:8080/a", "https://example.org:8080/a" },
	{ "https://example.org:/a", "https://example.org/a" },
	{ "https://example.org:0080/a", "https://example.org/a" },
	{ "https://example.org:99999/a", NULL },
	{ "https://example.org:8x/a", NULL },
	{ "http://:80:80", NULL },
	{ "http://:80/", NULL },
	{ "http:///a", NULL },
	{ "http://", NULL },
	{ "https://exa mple.org/", NULL },
	{ "https://exa..mple.org/", NULL },
	{ "https://.example.org/", NULL },
	/* An IDN host and its ASCII form are one (IDNA, through libidn2);
	   a host libidn2 will not have keeps its bytes. */
	{ "http://b\xc3\xbc" "cher.example/a", "https://xn--bcher-kva.example/a" },
	{ "http://xn--bcher-kva.example/a", "https://xn--bcher-kva.example/a" },
	{ "http://B\xc3\x9c" "CHER.example/a", "https://xn--bcher-kva.example/a" },
	{ "https://www.\xe4\xbe\x8b\xe3\x81\x88.jp/blog/",
	    "https://xn--r8jz45g.jp/blog/" },
	{ "http://a\xe2\x80\x8f" "b.example/x", "https://a\xe2\x80\x8f" "b.example/x" },
	/* User information goes. */
	{ "https://user:pw@example.org/a", "https://example.org/a" },
	/* IPv6 and IPv4 literals. */
	{ "http://[2001:DB8::1]:8080/a", "https://[2001:db8::1]:8080/a" },
	{ "http://[::1]/", "https://[::1]/" },
	{ "http://[]/", NULL },
	{ "http://127.0.0.1:8123/eval/a.html",
	    "https://127.0.0.1:8123/eval/a.html" },
	/* Non-http schemes and non-URLs have no key. */
	{ "ftp://example.org/a", NULL },
	{ "mailto:a@example.org", NULL },
	{ "javascript:alert(1)", NULL },
	{ "/relative/path", NULL },
	{ "example.org/a", NULL },
	{ "", NULL },
	/* Fragments. */
	{ "https://example.org/a#comments", "https://example.org/a" },
	{ "https://example.org/a?b=1#x?y=2", "https://example.org/a?b=1" },
	{ "https://example.org/#/route", "https://example.org/" },
	/* Percent-encoding: unreserved decoded, the rest upper-case. */
	{ "https://example.org/%7Euser/a", "https://example.org/~user/a" },
	{ "https://example.org/%41%62c", "https://example.org/Abc" },
	{ "https://example.org/a%2fb", "https://example.org/a%2Fb" },
	{ "https://example.org/caf%c3%a9", "https://example.org/caf%C3%A9" },
	{ "https://example.org/caf\xc3\xa9", "https://example.org/caf%C3%A9" },
	{ "https://example.org/a b", "https://example.org/a%20b" },
	{ "https://example.org/a%20b", "https://example.org/a%20b" },
	{ "https://example.org/100%", "https://example.org/100%25" },
	{ "https://example.org/%zz", "https://example.org/%25zz" },
	{ "https://example.org/a%2", "https://example.org/a%252" },
	{ "https://example.org/%2E%2E/a", "https://example.org/a" },
	{ "https://example.org/a\"b", "https://example.org/a%22b" },
	{ "https://example.org/a?q=%e2%82%ac", "https://example.org/a?q=%E2%82%AC" },
	{ "https://example.org/a?q=caf\xc3\xa9",
	    "https://example.org/a?q=caf%C3%A9" },
	/* Dot segments. */
	{ "https://example.org/a/./b", "https://example.org/a/b" },
	{ "https://example.org/a/../b", "https://example.org/b" },
	{ "https://example.org/../../b", "https://example.org/b" },
	{ "https://example.org/a/b/..", "https://example.org/a/" },
	{ "https://example.org/a/b/.", "https://example.org/a/b/" },
	{ "https://example.org/./", "https://example.org/" },
	{ "https://example.org//a//b", "https://example.org/a/b" },
	/* Trailing index files. */
	{ "https://example.org/index.html", "https://example.org/" },
	{ "https://example.org/news/index.html", "https://example.org/news/" },
	{ "https://example.org/news/index.htm", "https://example.org/news/" },
	{ "https://example.org/news/index.php", "https://example.org/news/" },
	{ "https://example.org/news/index.html?p=2",
	    "https://example.org/news/?p=2" },
	{ "https://example.org/index.html/a", "https://example.org/index.html/a" },
	{ "https://example.org/myindex.html", "https://example.org/myindex.html" },
	/* Trailing slashes are the site's business. */
	{ "https://example.org/a/", "https://example.org/a/" },
	{ "https://example.org/a", "https://example.org/a" },
	/* AMP copies. */
	{ "https://example.org/2026/story/amp", "https://example.org/2026/story/" },
	{ "https://example.org/2026/story/amp/", "https://example.org/2026/story/" },
	{ "https://example.org/amp/2026/story", "https://example.org/2026/story" },
	{ "https://example.org/amp/2026/story/amp/",
	    "https://example.org/2026/story/" },
	{ "https://example.org/story.amp.html", "https://example.org/story.html" },
	{ "https://example.org/story.amp", "https://example.org/story" },
	{ "https://example.org/story?amp=1", "https://example.org/story" },
	{ "https://example.org/story?amp", "https://example.org/story" },
	{ "https://example.org/story?outputType=amp", "https://example.org/story" },
	{ "https://example.org/story?outputType=print",
	    "https://example.org/story?outputType=print" },
	{ "https://example.org/story?usqp=mq331AQ", "https://example.org/story" },
	{ "https://example.org/amplifier", "https://example.org/amplifier" },
	{ "https://example.org/a.ampersand.html",
	    "https://example.org/a.ampersand.html" },
	/* Tracking parameters (Miniflux's and ClearURLs' global rules). */
	{ "https://example.org/a?utm_source=rss&utm_medium=feed",
	    "https://example.org/a" },
	{ "https://example.org/a?UTM_Campaign=x&id=3", "https://example.org/a?id=3" },
	{ "https://example.org/a?mtm_campaign=x", "https://example.org/a" },
	{ "https://example.org/a?pk_campaign=x&pk_kwd=y", "https://example.org/a" },
	{ "https://example.org/a?fbclid=IwAR0", "https://example.org/a" },
	{ "https://example.org/a?gclid=x&dclid=y&gclsrc=z", "https://example.org/a" },
	{ "https://example.org/a?gbraid=x&wbraid=y", "https://example.org/a" },
	{ "https://example.org/a?msclkid=x", "https://example.org/a" },
	{ "https://example.org/a?yclid=x&twclid=y", "https://example.org/a" },
	{ "https://example.org/a?mc_cid=x&mc_eid=y", "https://example.org/a" },
	{ "https://example.org/a?igshid=x", "https://example.org/a" },
	{ "https://example.org/a?_hsenc=x&_hsmi=y", "https://example.org/a" },
	{ "https://example.org/a?mkt_tok=x", "https://example.org/a" },
	{ "https://example.org/a?srsltid=x", "https://example.org/a" },
	{ "https://example.org/a?spm=a.b.c", "https://example.org/a" },
	{ "https://example.org/a?hsa_acc=1&hsa_cam=2", "https://example.org/a" },
	{ "https://example.org/a?_ga=2.1&_gl=1", "https://example.org/a" },
	{ "https://example.org/a?ocid=x&cmpid=y", "https://example.org/a" },
	{ "https://example.org/a?ref=rss", "https://example.org/a" },
	{ "https://example.org/a/?ref=sidebar", "https://example.org/a/" },
	{ "https://example.org/a?ref=related&x=1", "https://example.org/a?x=1" },
	{ "https://example.org/a?ref=twitter", "https://example.org/a" },
	{ "https://example.org/a?source=newsletter", "https://example.org/a" },
	{ "https://example.org/a?ref=a1b2c3", "https://example.org/a?ref=a1b2c3" },
	{ "https://example.org/a?source=reuters",
	    "https://example.org/a?source=reuters" },
	{ "https://example.org/a?utm_source", "https://example.org/a" },
	/* What names the article stays, sorted. */
	{ "https://example.org/a?p=123", "https://example.org/a?p=123" },
	{ "https://example.org/story.php?id=18842&cat=local",
	    "https://example.org/story.php?cat=local&id=18842" },
	{ "https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2" },
	{ "https://example.org/a?a=2&a=1", "https://example.org/a?a=1&a=2" },
	{ "https://example.org/a?b=1;a=2", "https://example.org/a?a=2&b=1" },
	{ "https://example.org/a?q=a+b", "https://example.org/a?q=a+b" },
	{ "https://example.org/a?", "https://example.org/a" },
	{ "https://example.org/a?&&", "https://example.org/a" },
	{ "https://example.org/a?=x", "https://example.org/a" },
	{ "https://example.org/a?flag", "https://example.org/a?flag" },
	{ "https://example.org/a?x=1&utm_source=rss&y=2",
	    "https://example.org/a?x=1&y=2" },
	/* Judged as decoded: "a%4Dp" is "aMp", an AMP mark (url_fuzzer:
	   the key of its key dropped it). */
	{ "https://example.org/a?a%4Dp=x&b=2", "https://example.org/a?b=2" },
	{ "https://example.org/a?utm%5Fsource=x&b=2",
	    "https://example.org/a?b=2" },
	{ "https://example.org/a?outputType=%61mp&b=2",
	    "https://example.org/a?b=2" },
	/* Everything at once. */
	{ "HTTP://WWW.Example.ORG:80/News/./2026/../2026/Story/amp/?utm_source=x"
	    "&b=2&a=1#top", "https://example.org/News/2026/Story/?a=1&b=2" },
	{ "https://amp.example.co.uk/a/b/index.html?fbclid=1",
	    "https://example.co.uk/a/b/" },
	/* A key is its own key. */
	{ "https://example.org/a%2Fb?a=1&b=2", "https://example.org/a%2Fb?a=1&b=2" },
};

/*
 * Nothing in a key that may not stand in a URL; raw UTF-8 only in the
 * host (an international name, kept as it is).
 */
static int
key_chars_ok(const char *k)
{
	const unsigned char	*p, *path;

	path = (const unsigned char *)strchr(k + 8, '/');
	for (p = (const unsigned char *)k; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f || (*p >= 0x80 && p >= path) ||
		    *p == '"' || *p == '<' || *p == '>' || *p == '#' ||
		    *p == '\\')
			return 0;
	return path != NULL;
}

/* A small deterministic generator (xorshift), for the fuzzed URLs. */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void
fuzz(void)
{
	static const char *const parts[] = {
		"http://", "https://", "HTTP://", "www.", "WWW.", "amp.", "a",
		"B", ".", "..", "/", "//", "?", "&", ";", "=", "#", ":", ":80",
		":443", ":8080", "%", "%2", "%2e", "%2F", "%41", "%c3%a9",
		"\xc3\xa9", " ", "\t", "amp", "/amp", "amp/", "index.html",
		"utm_source=x", "fbclid=1", "ref=rss", "outputType=amp", "@",
		"[", "]", "::1", "\"", "<", "\\", "+", "0", "99999", "x.amp",
		".amp.html", "id=3", "a=1", "b=2",
	};
	char		 url[256];
	char		*k1, *k2;
	uint64_t	 seed = 0x9e3779b97f4a7c15ULL;
	size_t		 i, n, len, np = sizeof parts / sizeof parts[0];
	int		 bad = 0, keys = 0;

	for (i = 0; i < 200000 && bad < 5; i++) {
		/* Most start like a URL, to get past the scheme. */
		len = 0;
		url[0] = '\0';
		if (next(&seed) % 4 != 0) {
			strcpy(url, next(&seed) % 2 ? "http://" : "https://");
			len = strlen(url);
		}
		for (n = next(&seed) % 12 + 1; n > 0; n--) {
			const char	*p = parts[next(&seed) % np];

			if (len + strlen(p) >= sizeof url)
				break;
			memcpy(url + len, p, strlen(p) + 1);
			len += strlen(p);
		}
		if ((k1 = url_canonical(url)) == NULL)
			continue;
		keys++;
		k2 = url_canonical(k1);
		if (k2 == NULL || strcmp(k1, k2) != 0 || !key_chars_ok(k1)) {
			fprintf(stderr, "fuzz: \"%s\" -> \"%s\" -> \"%s\"\n",
			    url, k1, k2 != NULL ? k2 : "(null)");
			bad++;
		}
		free(k2);
		free(k1);
	}
	check(bad == 0);
	/* The generator reached keys, not only refusals. */
	if (keys <= 5000)
		fprintf(stderr, "fuzz: only %d keys\n", keys);
	check(keys > 5000);
}

int
main(void)
{
	size_t	 i;
	char	*k, *kk;

	check(sizeof cases / sizeof cases[0] >= 100);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		k = url_canonical(cases[i].in);
		if (cases[i].key == NULL) {
			if (k != NULL)
				fprintf(stderr, "\"%s\": want no key, got "
				    "\"%s\"\n", cases[i].in, k);
			check(k == NULL);
		} else {
			if (k == NULL || strcmp(k, cases[i].key) != 0)
				fprintf(stderr, "\"%s\": want \"%s\", got "
				    "\"%s\"\n", cases[i].in, cases[i].key,
				    k != NULL ? k : "(null)");
			check_str_eq(k, cases[i].key);
			/* The key of a key is itself. */
			kk = url_canonical(k);
			check_str_eq(kk, k);
			free(kk);
		}
		free(k);
	}
	check(url_canonical(NULL) == NULL);
	fuzz();
	return check_done();
}
