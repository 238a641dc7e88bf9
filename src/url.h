/*
 * url.h: URL resolution and the canonical form used as a dedup key.
 * Pure string functions; every returned string is the caller's to free.
 */
#ifndef FEEDMERGE_URL_H
#define FEEDMERGE_URL_H

#include <stddef.h>

/*
 * Resolve ref against base (RFC 3986).  Returns a new string: the
 * resolved URL, a copy of ref when base is NULL or ref is already
 * absolute, or NULL when ref is NULL/empty.
 */
char	*url_resolve(const char *base, const char *ref);

/* Length of "scheme:" at the start of s (e.g. 5 for "http:"), or 0. */
size_t	 url_scheme_len(const char *s);

/* 1 when s looks like an absolute IRI: a scheme, ':', no whitespace. */
int	 url_is_absolute(const char *s);

/*
 * A link's story key (canonical.c): two links are one story when their
 * keys are equal.  Scheme, "www." and "amp." hosts, default ports,
 * fragments, tracking parameters (utm_*, fbclid, gclid, ...; ref= and
 * source= naming a channel), AMP marks (/amp, ?amp=1, outputType=amp,
 * story.amp.html) and a last index.html go; host case, percent-encoding,
 * dot segments and the order of parameters are normalised.  The key is
 * an https URL, for comparing, not for publishing.  Idempotent.  NULL
 * for NULL, a non-http(s) URL or one without a valid host.
 */
char	*url_canonical(const char *url);

/*
 * 1 when two http(s) URLs are of one site: their hosts share a
 * registrable domain (the Public Suffix List, through libpsl: news.
 * example.co.uk and www.example.co.uk do, a.github.io and b.github.io
 * do not); IP addresses and single names (localhost) must be equal, and
 * so must their ports.  0 otherwise.
 */
int	 url_same_site(const char *a, const char *b);

/*
 * The name a site goes by in its host: the registrable domain's first
 * label ("harbourcourier" for news.harbourcourier.co.uk), or NULL.
 */
char	*url_site_label(const char *url);

/* Percent-encode everything outside RFC 3986 unreserved and "/:@". */
char	*url_escape(const char *s);

/* url without its "user:password@", to be logged or shown (malloc'd). */
char	*url_redact(const char *url);

/* The host of an http(s) URL, lowercased, into h; 0, or -1 (none). */
int	 url_host(const char *url, char *h, size_t size);

#endif
