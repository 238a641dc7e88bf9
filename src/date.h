/*
 * date.h: the date formats feeds use, to Unix seconds (UTC).
 *
 * Pure functions, no locale, no timezone database: RFC 822/1123/2822 with
 * the variations seen in the wild, RFC 3339 / W3CDTF / ISO 8601, and
 * formatting back to RFC 3339.
 */
#ifndef FEEDMERGE_DATE_H
#define FEEDMERGE_DATE_H

#include <stddef.h>
#include <stdint.h>

/* Parse any supported date; returns 0 and sets *t, or -1. */
int	date_parse(const char *s, int64_t *t);
int	date_parse_rfc822(const char *s, int64_t *t);
int	date_parse_iso8601(const char *s, int64_t *t);

/* Days-from-civil: seconds since the epoch of a UTC calendar time. */
int64_t	date_from_fields(int year, int mon, int mday, int hour, int min,
	    int sec);

/* Format as "2026-11-25T09:28:41Z" into buf (at least 32 bytes). */
void	date_format_rfc3339(int64_t t, char *buf, size_t len);
/* "Tue, 01 Dec 2026 21:53:55 +0000" (RFC 822, four-digit year, UTC). */
void	date_format_rfc822(int64_t t, char *buf, size_t len);

#endif
