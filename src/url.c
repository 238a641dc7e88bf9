/* url.c: resolving relative references; sites (canonical.c: story keys). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpsl.h>

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

/*
 * RFC 3986 section 5.2 on bytes, so that IRIs (RFC 3987: UTF-8 hosts and
 * paths) resolve as URIs do and keep their characters.
 */

/* The parts of a reference (appendix B); a NULL start: absent. */
struct url_parts {
	const char	*scheme, *auth, *path, *query, *frag;
	size_t		 scheme_len, auth_len, path_len, query_len, frag_len;
};

static void
url_split(const char *s, struct url_parts *u)
{
	size_t	 n;

	memset(u, 0, sizeof *u);
	if ((n = url_scheme_len(s)) > 0) {
		u->scheme = s;
		u->scheme_len = n - 1;
		s += n;
	}
	if (s[0] == '/' && s[1] == '/') {
		u->auth = s + 2;
		u->auth_len = strcspn(u->auth, "/?#");
		s = u->auth + u->auth_len;
	}
	u->path = s;
	u->path_len = strcspn(s, "?#");
	s += u->path_len;
	if (*s == '?') {
		u->query = s + 1;
		u->query_len = strcspn(u->query, "#");
		s = u->query + u->query_len;
	}
	if (*s == '#') {
		u->frag = s + 1;
		u->frag_len = strlen(u->frag);
	}
}

/* remove_dot_segments (5.2.4) of in[0..len), appended to out. */
static void
url_add_path(struct buf *out, const char *in, size_t len)
{
	size_t	 start = out->len, seg;

	while (len > 0) {
		if (len >= 3 && memcmp(in, "../", 3) == 0)
			in += 3, len -= 3;
		else if (len >= 2 && memcmp(in, "./", 2) == 0)
			in += 2, len -= 2;
		else if (len >= 3 && memcmp(in, "/./", 3) == 0)
			in += 2, len -= 2;
		else if (len == 2 && memcmp(in, "/.", 2) == 0) {
			in += 1, len -= 1;
			buf_addc(out, '/');
			break;
		} else if ((len >= 4 && memcmp(in, "/../", 4) == 0) ||
		    (len == 3 && memcmp(in, "/..", 3) == 0)) {
			/* Up: the last segment of the output goes. */
			while (out->len > start && out->data[out->len - 1] !=
			    '/')
				out->len--;
			if (out->len > start)
				out->len--;
			if (len == 3) {
				buf_addc(out, '/');
				break;
			}
			in += 3, len -= 3;
		} else if ((len == 1 && in[0] == '.') || (len == 2 &&
		    memcmp(in, "..", 2) == 0))
			break;
		else {
			seg = 1;
			while (seg < len && in[seg] != '/')
				seg++;
			buf_add(out, in, seg);
			in += seg, len -= seg;
		}
	}
	if (out->data != NULL)
		out->data[out->len] = '\0';
}

/* ref with what a URL cannot hold as it is (blanks, '"', '<', ...)
   percent-encoded; bytes of UTF-8 are an IRI's and stay. */
static char *
url_fix_ref(const char *ref)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	struct buf		 b;

	buf_init(&b);
	for (p = (const unsigned char *)ref; *p != '\0'; p++) {
		if (*p <= ' ' || *p == 0x7f || strchr("\"<>\\^`{|}", *p) !=
		    NULL) {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		} else
			buf_addc(&b, (char)*p);
	}
	return buf_steal(&b);
}

char *
url_resolve(const char *base, const char *ref)
{
	struct url_parts	 b, r, *a;
	struct buf		 out, m;
	char			*copy, *fixed;
	const char		*trimmed, *slash, *q;
	size_t			 qlen;

	if (ref == NULL)
		return NULL;
	copy = xstrdup(ref);
	trimmed = str_trim(copy);
	if (*trimmed == '\0') {
		free(copy);
		return NULL;
	}
	if (base == NULL || *base == '\0' || url_is_absolute(trimmed) ||
	    url_scheme_len(base) == 0) {
		fixed = xstrdup(trimmed);
		free(copy);
		return fixed;
	}
	fixed = url_fix_ref(trimmed);
	free(copy);
	url_split(base, &b);
	url_split(fixed, &r);
	buf_init(&out);
	/* The reference's scheme or authority, else the base's. */
	a = r.scheme != NULL || r.auth != NULL ? &r : &b;
	if (r.scheme != NULL)
		buf_add(&out, r.scheme, r.scheme_len + 1);
	else
		buf_add(&out, b.scheme, b.scheme_len + 1);
	if (a->auth != NULL) {
		buf_addstr(&out, "//");
		buf_add(&out, a->auth, a->auth_len);
	}
	q = r.query, qlen = r.query_len;
	if (a == &r || (r.path_len > 0 && r.path[0] == '/'))
		url_add_path(&out, r.path, r.path_len);
	else if (r.path_len == 0) {
		buf_add(&out, b.path, b.path_len);
		if (r.query == NULL)
			q = b.query, qlen = b.query_len;
	} else {
		/* Merge (5.2.3): the base's directory, then the reference;
		   dot segments of both go. */
		buf_init(&m);
		if (b.auth != NULL && b.path_len == 0)
			buf_addc(&m, '/');
		else if ((slash = memrchr(b.path, '/', b.path_len)) != NULL)
			buf_add(&m, b.path, (size_t)(slash - b.path) + 1);
		buf_add(&m, r.path, r.path_len);
		url_add_path(&out, m.data, m.len);
		buf_free(&m);
	}
	if (q != NULL) {
		buf_addc(&out, '?');
		buf_add(&out, q, qlen);
	}
	if (r.frag != NULL) {
		buf_addc(&out, '#');
		buf_add(&out, r.frag, r.frag_len);
	}
	free(fixed);
	return buf_steal(&out);
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
