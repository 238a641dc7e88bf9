/*
 * canonical.c: a link's story key (url_canonical, declared in url.h).
 *
 * Two links are one story when their keys are equal.  The key keeps
 * what names the article and drops what only says how the reader got
 * there: scheme and "www.", default ports, fragments, tracking
 * parameters (the union of Miniflux's and ClearURLs' global rules), an
 * AMP copy's marks, "index.html".  What remains is normalised so that
 * equal URLs have equal keys: host case and IDNA (an IDN host and its
 * xn-- form are one, through libidn2), percent-encoding (unreserved
 * characters decoded, the rest upper-case hex), dot segments, the order
 * of query parameters.  The key is a URL ("https://host/path?query")
 * but is never published: the output keeps the link its copy gave.
 *
 * url_canonical(url_canonical(u)) == url_canonical(u) for every u; a
 * URL without a valid host has no key.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <idn2.h>

#include "url.h"
#include "util.h"

/* Parameters that are never part of what a link names. */
static const char *const canon_tracking[] = {
	"fbclid", "gclid", "dclid", "gbraid", "wbraid", "gclsrc", "msclkid",
	"yclid", "twclid", "ttclid", "li_fat_id", "igshid", "igsh", "srsltid",
	"mc_cid", "mc_eid", "mkt_tok", "_hsenc", "_hsmi", "__hssc", "__hstc",
	"__hsfp", "hsctatracking", "_openstat", "_ga", "_gl", "spm", "scm",
	"ocid", "cmpid", "ncid", "sr_share", "at_medium", "at_campaign",
	"ref_src", "ref_url", "fb_action_ids", "fb_action_types", "fb_ref",
	"fb_source", "action_object_map", "action_type_map",
	"action_ref_map", "gs_l", "s_cid", "s_kwcid", "ef_id", "elqtrack",
	"elqtrackid", "mbid", "cmp", "wt_mc", "wt.mc_id", "ito", "icid",
	"vero_conv", "vero_id", "nr_email_referer", "oly_anon_id",
	"oly_enc_id", "rb_clickid", "wickedid", "ml_subscriber",
	"ml_subscriber_hash", "_bta_tid", "_bta_c", "trk", "trkcampaign",
	"sc_campaign", "sc_channel", "sc_content", "sc_medium",
	"sc_outcome", "sc_geo", "sc_country", "smid", "smtyp", "share",
	"guccounter", "guce_referrer", "guce_referrer_sig", NULL
};

/* Prefixes of such parameter families: utm_source, pk_campaign... */
static const char *const canon_tracking_prefixes[] = {
	"utm_", "mtm_", "pk_", "piwik_", "matomo_", "hsa_", "itm_", "ga_",
	"stm_", "__s", NULL
};

/* Where the click came from, when ref= or source= says only that. */
static const char *const canon_channels[] = {
	"rss", "feed", "feeds", "atom", "twitter", "tw", "x", "facebook",
	"fb", "linkedin", "newsletter", "email", "mail", "social", "share",
	"homepage", "hp", "home", "app", "ios", "android", "push",
	"whatsapp", "telegram", "reddit", "flipboard", "google", "bing",
	/* a place on the site's own pages */
	"sidebar", "related", "recommended", "nav", "navbar", "menu",
	"footer", "header", "widget", "sidebar-widget", "trending",
	"popular", "most-read", "mostread", "more", "next", "prev", "topnav",
	"breadcrumb", "search", "section", "frontpage", "front",
	NULL
};

/* The names of the "this is the AMP copy" parameters. */
static const char *const canon_amp_params[] = {
	"amp", "_amp", "amp_js_v", "amp_gsa", "usqp", NULL
};

static int
canon_in(const char *const *list, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == n && strncase_eq(s, list[i], n))
			return 1;
	return 0;
}

static int
canon_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = TO_LOWER(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int
canon_unreserved(int c)
{
	return IS_ALNUM(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/*
 * Append s[0..n) with its percent-encoding normalised: %XX of an
 * unreserved character decoded, other %XX upper-case, a byte that may
 * not stand in a URL (space, control, non-ASCII, '"', '<'...) encoded.
 * keep lists the reserved characters this part may hold as they are.
 */
static void
canon_add_encoded(struct buf *b, const char *s, size_t n, const char *keep)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 i;
	int			 c, hi, lo;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n && (hi = canon_hex((unsigned char)
		    s[i + 1])) >= 0 && (lo = canon_hex((unsigned char)
		    s[i + 2])) >= 0) {
			c = hi * 16 + lo;
			i += 2;
			if (canon_unreserved(c))
				buf_addc(b, (char)c);
			else {
				buf_addc(b, '%');
				buf_addc(b, hex[c >> 4]);
				buf_addc(b, hex[c & 15]);
			}
			continue;
		}
		if (canon_unreserved(c) || (c != 0 && strchr(keep, c) != NULL))
			buf_addc(b, (char)c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/*
 * "story.amp.html" -> "story.html", "story.amp" -> "story", in place:
 * 1 when s changed.  Not when nothing real would be left of it
 * ("..amp", ".amp").
 */
static int
canon_unamp(char *s)
{
	char		*amp = strstr(s, ".amp");
	const char	*q;

	if (amp == NULL || (amp[4] != '\0' && (amp[4] != '.' ||
	    strchr(amp + 5, '.') != NULL)))
		return 0;
	for (q = s; q < amp && *q == '.'; q++)
		;
	if (q == amp)
		return 0;
	memmove(amp, amp + 4, strlen(amp + 4) + 1);
	return 1;
}

static int
canon_is_index(const char *s)
{
	return strcmp(s, "index.html") == 0 || strcmp(s, "index.htm") == 0 ||
	    strcmp(s, "index.php") == 0;
}

/*
 * The path from b->data + start (it begins with '/'), rebuilt in place:
 * dot segments removed (RFC 3986, 5.2.4), empty segments dropped, an
 * AMP copy's marks ("/amp/..." first, ".../amp" last, "story.amp.html")
 * and a last "index.html" (.htm, .php) taken off, until none is left.
 */
static void
canon_path(struct buf *b, size_t start)
{
	char		*seg[256], *s, *e;
	struct buf	 out;
	size_t		 nseg = 0, i;
	int		 slash_end, changed;

	slash_end = b->len > start + 1 && b->data[b->len - 1] == '/';
	for (s = b->data + start + 1; ; s = e + 1) {
		if ((e = strchr(s, '/')) != NULL)
			*e = '\0';
		if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0) {
			if (s[1] == '.' && nseg > 0)
				nseg--;
			/* "a/b/.." ends in a directory. */
			if (e == NULL)
				slash_end = 1;
		} else if (*s != '\0' && nseg < sizeof seg / sizeof seg[0])
			seg[nseg++] = s;
		if (e == NULL)
			break;
	}
	do {
		changed = 0;
		if (nseg > 0 && canon_unamp(seg[nseg - 1]))
			changed = 1;
		if (nseg > 0 && strcmp(seg[0], "amp") == 0) {
			memmove(seg, seg + 1, (nseg - 1) * sizeof *seg);
			nseg--;
			changed = 1;
		}
		if (nseg > 0 && (strcmp(seg[nseg - 1], "amp") == 0 ||
		    canon_is_index(seg[nseg - 1]))) {
			nseg--;
			slash_end = 1;
			changed = 1;
		}
	} while (changed);
	/* A scratch copy: the segments point into b. */
	buf_init(&out);
	for (i = 0; i < nseg; i++) {
		buf_addc(&out, '/');
		buf_addstr(&out, seg[i]);
	}
	if (nseg == 0 || slash_end)
		buf_addc(&out, '/');
	b->len = start;
	buf_add(b, out.data, out.len);
	buf_free(&out);
}

struct canon_param {
	const char	*s;		/* name[=value], normalised */
	size_t		 n;
};

static int
canon_param_cmp(const void *a, const void *b)
{
	const struct canon_param	*x = a, *y = b;
	size_t				 n = x->n < y->n ? x->n : y->n;
	int				 c = memcmp(x->s, y->s, n);

	return c != 0 ? c : (x->n > y->n) - (x->n < y->n);
}

/* Is parameter name=value one the key leaves out? */
static int
canon_dropped(const char *name, size_t n, const char *value, size_t vn)
{
	size_t	 i;

	if (n == 0)
		return 1;
	for (i = 0; canon_tracking_prefixes[i] != NULL; i++)
		if (n > strlen(canon_tracking_prefixes[i]) && strncase_eq(name,
		    canon_tracking_prefixes[i],
		    strlen(canon_tracking_prefixes[i])))
			return 1;
	if (canon_in(canon_tracking, name, n))
		return 1;
	/* ?amp, ?amp=1, outputType=amp: the AMP copy. */
	if (n == 10 && strncase_eq(name, "outputtype", 10))
		return vn == 3 && strncase_eq(value, "amp", 3);
	if (canon_in(canon_amp_params, name, n))
		return 1;
	/* ref=rss, source=twitter: tracking; ref=a1b2: maybe not. */
	if (((n == 3 && strncase_eq(name, "ref", 3)) || (n == 6 &&
	    strncase_eq(name, "source", 6)) || (n == 3 && strncase_eq(name,
	    "src", 3)) || (n == 4 && strncase_eq(name, "from", 4))) &&
	    canon_in(canon_channels, value, vn))
		return 1;
	return 0;
}

/*
 * Append the query q[0..n) (after its '?'): parameters normalised,
 * the dropped ones left out, the rest sorted.
 */
static void
canon_query(struct buf *b, const char *q, size_t n)
{
	struct canon_param	 v[128];
	struct buf		 norm;
	size_t			 nv = 0, i, *offs, len, namelen;
	const char		*p = q, *end = q + n, *amp, *eq, *param;

	buf_init(&norm);
	offs = xreallocarray(NULL, sizeof v / sizeof v[0], sizeof *offs);
	while (p < end && nv < sizeof v / sizeof v[0]) {
		amp = p + strcspn(p, "&;");
		if (amp > end)
			amp = end;
		len = (size_t)(amp - p);
		eq = memchr(p, '=', len);
		namelen = eq != NULL ? (size_t)(eq - p) : len;
		/*
		 * Normalised first, judged after: "a%6Dp" is "amp", and a
		 * key read again must come out the same (url_fuzzer).
		 */
		offs[nv] = norm.len;
		canon_add_encoded(&norm, p, namelen, "!$'()*+,:@/?");
		namelen = norm.len - offs[nv];
		if (eq != NULL) {
			buf_addc(&norm, '=');
			canon_add_encoded(&norm, eq + 1, len - (size_t)(eq -
			    p) - 1, "!$'()*+,:@/?=");
		}
		param = norm.data != NULL ? norm.data + offs[nv] : "";
		if (canon_dropped(param, namelen, eq != NULL ? param +
		    namelen + 1 : "", eq != NULL ? norm.len - offs[nv] -
		    namelen - 1 : 0))
			norm.len = offs[nv];	/* dropped: taken back */
		else {
			v[nv].n = norm.len - offs[nv];
			nv++;
		}
		p = amp + 1;
	}
	for (i = 0; i < nv; i++)
		v[i].s = norm.data + offs[i];
	qsort(v, nv, sizeof *v, canon_param_cmp);
	for (i = 0; i < nv; i++) {
		buf_addc(b, i == 0 ? '?' : '&');
		buf_add(b, v[i].s, v[i].n);
	}
	free(offs);
	buf_free(&norm);
}

/*
 * An IDN host's ASCII form (RFC 5891, UTS #46 non-transitional, as
 * browsers have it), or NULL when libidn2 will not have it: its bytes
 * are then the key.
 */
static char *
canon_idn(const char *host, size_t n)
{
	char	*in, *out = NULL, *copy = NULL;

	in = xstrndup(host, n);
	if (idn2_to_ascii_8z(in, &out, IDN2_NFC_INPUT |
	    IDN2_NONTRANSITIONAL) == IDN2_OK && out != NULL)
		copy = xstrdup(out);
	idn2_free(out);
	free(in);
	return copy;
}

/* Append the host of [p, end) as a key; -1 when there is no valid one. */
static int
canon_host(struct buf *b, const char *p, const char *end)
{
	const char	*at, *colon, *h;
	char		*idn = NULL;
	size_t		 hn, i;
	int		 c;

	/* user:pass@ goes. */
	for (at = p; at < end; at++)
		if (*at == '@')
			p = at + 1;
	if (p < end && *p == '[') {
		/* An IPv6 literal: hex, ':' and '.', lowercased. */
		if ((h = memchr(p, ']', (size_t)(end - p))) == NULL || h == p + 1)
			return -1;
		for (i = 0; p + i <= h; i++) {
			c = (unsigned char)p[i];
			if (!(IS_ALNUM(c) || c == ':' || c == '.' || c == '[' ||
			    c == ']'))
				return -1;
			buf_addc(b, (char)TO_LOWER(c));
		}
		colon = h + 1;
	} else {
		colon = memchr(p, ':', (size_t)(end - p));
		h = colon != NULL ? colon : end;
		for (i = 0; p + i < h && (unsigned char)p[i] < 0x80; i++)
			;
		if (p + i < h && (idn = canon_idn(p, (size_t)(h - p))) !=
		    NULL) {
			p = idn;
			h = idn + strlen(idn);
		}
		/* Trailing dots ("example.com.") name the same host. */
		while (h > p && h[-1] == '.')
			h--;
		hn = (size_t)(h - p);
		/* Leading "www." and an AMP host's "amp." go. */
		for (;;) {
			if (hn > 4 && strncase_eq(p, "www.", 4))
				p += 4, hn -= 4;
			else if (hn > 4 && strncase_eq(p, "amp.", 4))
				p += 4, hn -= 4;
			else
				break;
		}
		for (i = 0; i < hn; i++) {
			c = (unsigned char)p[i];
			if (!(IS_ALNUM(c) || c == '-' || c == '.' || c == '_' ||
			    c >= 0x80) || (c == '.' && (i == 0 || p[i - 1] ==
			    '.')))
				break;
			buf_addc(b, (char)TO_LOWER(c));
		}
		free(idn);
		if (hn == 0 || i < hn)
			return -1;
	}
	if (colon != NULL && colon < end) {
		/* A port: digits; the default ones go. */
		const char	*d;
		long		 port = 0;

		if (*colon != ':')
			return -1;
		for (d = colon + 1; d < end; d++) {
			if (!IS_DIGIT(*d) || port > 65535)
				return -1;
			port = port * 10 + (*d - '0');
		}
		if (d > colon + 1 && port != 80 && port != 443) {
			if (port == 0 || port > 65535)
				return -1;
			buf_printf(b, ":%ld", port);
		}
	}
	return 0;
}

char *
url_canonical(const char *url)
{
	struct buf	 b;
	const char	*p, *end, *hostend, *path, *query, *frag;
	size_t		 start;

	if (url == NULL)
		return NULL;
	while (IS_SPACE(*url))
		url++;
	end = url + strlen(url);
	while (end > url && IS_SPACE(end[-1]))
		end--;
	if (end - url > 7 && strncase_eq(url, "http://", 7))
		p = url + 7;
	else if (end - url > 8 && strncase_eq(url, "https://", 8))
		p = url + 8;
	else
		return NULL;
	for (hostend = p; hostend < end && strchr("/?#\\", *hostend) ==
	    NULL; hostend++)
		;
	path = hostend;
	if ((frag = memchr(path, '#', (size_t)(end - path))) == NULL)
		frag = end;
	if ((query = memchr(path, '?', (size_t)(frag - path))) == NULL)
		query = frag;

	buf_init(&b);
	/* The http and the https copy of a story are one. */
	buf_addstr(&b, "https://");
	if (canon_host(&b, p, hostend) == -1) {
		buf_free(&b);
		return NULL;
	}
	start = b.len;
	buf_addc(&b, '/');
	p = path < query && (*path == '/' || *path == '\\') ? path + 1 : path;
	canon_add_encoded(&b, p, (size_t)(query - p), "/!$&'()*+,;=:@");
	canon_path(&b, start);
	if (query < frag)
		canon_query(&b, query + 1, (size_t)(frag - query - 1));
	return buf_steal(&b);
}
