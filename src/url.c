/* url.c: resolving relative references; sites (canonical.c: story keys). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpsl.h>
#include <libxml/uri.h>

#include "url.h"
#include "util.h"

size_t
url_scheme_len(const char *s)
{
	const char	*p;

	if (s == NULL || !IS_ALPHA(*s))
		return 0;
	for (p = s + 1; IS_ALNUM(*p) || *p == '+' || *p == '-' || *p == '.';
	    p++)
		;
	return *p == ':' ? (size_t)(p - s) + 1 : 0;
}

int
url_is_absolute(const char *s)
{
	const char	*p;
	size_t		 n;

	if ((n = url_scheme_len(s)) == 0 || s[n] == '\0')
		return 0;
	for (p = s + n; *p != '\0'; p++)
		if (IS_SPACE(*p))
			return 0;
	return 1;
}

/* "/path" or "//host/path" against an http(s) base, or NULL. */
static char *
url_resolve_root(const char *base, const char *ref)
{
	const char	*p, *q;
	char		*out;
	size_t		 n;

	if (strncase_eq(base, "http://", 7))
		p = base + 7;
	else if (strncase_eq(base, "https://", 8))
		p = base + 8;
	else
		return NULL;
	/* Only plain references: nothing libxml2 would have to fix. */
	for (q = ref; *q != '\0'; q++)
		if ((unsigned char)*q <= ' ' || *q == '\\' || *q == '"' ||
		    *q == '<' || *q == '>' || (unsigned char)*q >= 0x7f)
			return NULL;
	if (strstr(ref, "/./") != NULL || strstr(ref, "/../") != NULL)
		return NULL;
	if (ref[1] == '/') {
		/* Protocol-relative: the base's scheme. */
		xasprintf(&out, "%.*s%s", (int)(p - base - 2), base, ref);
		return out;
	}
	n = strcspn(p, "/?#");
	xasprintf(&out, "%.*s%s", (int)(p - base + n), base, ref);
	return out;
}

char *
url_resolve(const char *base, const char *ref)
{
	xmlChar	*r;
	char	*copy, *trimmed, *esc, *out;

	if (ref == NULL)
		return NULL;
	copy = xstrdup(ref);
	trimmed = str_trim(copy);
	if (*trimmed == '\0') {
		free(copy);
		return NULL;
	}
	if (base == NULL || *base == '\0' || url_is_absolute(trimmed)) {
		out = xstrdup(trimmed);
		free(copy);
		return out;
	}
	/*
	 * The common cases of a page's links, without libxml2's general
	 * parse: "/path" and "//host/path" against an http(s) base.
	 */
	if (trimmed[0] == '/' && (out = url_resolve_root(base, trimmed)) !=
	    NULL) {
		free(copy);
		return out;
	}
	r = xmlBuildURI((const xmlChar *)trimmed, (const xmlChar *)base);
	if (r == NULL) {
		/* libxml2 refuses some references: retry once escaped. */
		esc = url_escape(trimmed);
		r = xmlBuildURI((const xmlChar *)esc, (const xmlChar *)base);
		free(esc);
	}
	out = xstrdup(r != NULL ? (const char *)r : trimmed);
	xmlFree(r);
	free(copy);
	return out;
}

char *
url_escape(const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	struct buf		 b;
	const unsigned char	*p;

	buf_init(&b);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (IS_ALNUM(*p) || strchr("-._~/:@!$&'()*+,;=?#%[]", *p) != NULL)
			buf_addc(&b, *p);
		else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		}
	}
	return buf_steal(&b);
}

int
url_host(const char *url, char *h, size_t size)
{
	const char	*p, *end;
	size_t		 n = 0;

	if (url == NULL)
		return -1;
	if (strncase_eq(url, "http://", 7))
		p = url + 7;
	else if (strncase_eq(url, "https://", 8))
		p = url + 8;
	else
		return -1;
	end = p + strcspn(p, "/?#");
	/* user:pass@ */
	for (const char *at = p; at < end; at++)
		if (*at == '@')
			p = at + 1;
	if (p < end && *p == '[') {
		/* An IPv6 literal, brackets and all. */
		while (p < end && *p != ']' && n < size - 2)
			h[n++] = *p++;
		if (p < end)
			h[n++] = *p;
	} else
		for (; p < end && *p != ':' && n < size - 1; p++)
			h[n++] = (char)TO_LOWER((unsigned char)*p);
	h[n] = '\0';
	while (n > 0 && h[n - 1] == '.')
		h[--n] = '\0';
	return n > 0 ? 0 : -1;
}

/* The port of an http(s) URL (the scheme's default when none). */
static int
url_port(const char *url)
{
	const char	*p, *end, *colon;
	int		 https = strncase_eq(url, "https://", 8);

	p = url + (https ? 8 : 7);
	end = p + strcspn(p, "/?#");
	if (p < end && *p == '[' && (p = memchr(p, ']', (size_t)(end - p))) ==
	    NULL)
		return https ? 443 : 80;
	if ((colon = memchr(p, ':', (size_t)(end - p))) == NULL ||
	    colon + 1 == end)
		return https ? 443 : 80;
	return atoi(colon + 1);
}

static int
url_is_ip(const char *h)
{
	const char	*p;

	if (h[0] == '[')
		return 1;
	for (p = h; *p != '\0'; p++)
		if (!IS_DIGIT(*p) && *p != '.')
			return 0;
	return 1;
}

int
url_same_site(const char *a, const char *b)
{
	char		 ha[256], hb[256];
	const char	*ra, *rb;
	const psl_ctx_t	*psl = psl_builtin();

	/* Local files are all of one place. */
	if (a != NULL && b != NULL && strncase_eq(a, "file://", 7) &&
	    strncase_eq(b, "file://", 7))
		return 1;
	if (url_host(a, ha, sizeof ha) == -1 ||
	    url_host(b, hb, sizeof hb) == -1)
		return 0;
	/* Servers on one address are sites of their own: its ports. */
	if (url_is_ip(ha) || url_is_ip(hb) || strchr(ha, '.') == NULL)
		return strcmp(ha, hb) == 0 && url_port(a) == url_port(b);
	if (strcmp(ha, hb) == 0)
		return 1;
	if (psl == NULL)
		return 0;
	ra = psl_registrable_domain(psl, ha);
	rb = psl_registrable_domain(psl, hb);
	return ra != NULL && rb != NULL && strcmp(ra, rb) == 0;
}

char *
url_site_label(const char *url)
{
	char		 h[256];
	const char	*r, *dot;
	const psl_ctx_t	*psl = psl_builtin();

	if (url_host(url, h, sizeof h) == -1 || url_is_ip(h))
		return NULL;
	r = psl != NULL ? psl_registrable_domain(psl, h) : NULL;
	if (r == NULL)
		r = h;
	if ((dot = strchr(r, '.')) == NULL)
		return xstrdup(r);
	return xstrndup(r, (size_t)(dot - r));
}

char *
url_redact(const char *url)
{
	const char	*p, *end, *at;
	char		*out;

	if (url == NULL)
		return NULL;
	if ((p = strstr(url, "://")) == NULL)
		return xstrdup(url);
	p += 3;
	end = p + strcspn(p, "/?#");
	for (at = end; at > p && at[-1] != '@'; at--)
		;
	if (at == p)
		return xstrdup(url);
	xasprintf(&out, "%.*s%s", (int)(p - url), url, at);
	return out;
}
