/*
 * date.c: RFC 822 and ISO 8601 dates, as feeds write them, to Unix time.
 *
 * No locale and no timezone database: month names, day names and zone
 * names are matched against const tables, ASCII only.  Every parser
 * returns -1 on anything it cannot read completely; it never guesses
 * "now".
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "util.h"

#define DATE_MAX_LEN	128

static const char *const date_months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static const char *const date_days[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday"
};

/* Named zones seen in feeds; offsets in minutes east of UTC. */
static const struct {
	const char	*name;
	int		 offset;
} date_zones[] = {
	{ "gmt", 0 }, { "ut", 0 }, { "utc", 0 }, { "z", 0 }, { "wet", 0 },
	{ "edt", -4 * 60 }, { "est", -5 * 60 }, { "cdt", -5 * 60 },
	{ "cst", -6 * 60 }, { "mdt", -6 * 60 }, { "mst", -7 * 60 },
	{ "pdt", -7 * 60 }, { "pst", -8 * 60 }, { "akdt", -8 * 60 },
	{ "akst", -9 * 60 }, { "hst", -10 * 60 }, { "ast", -4 * 60 },
	{ "adt", -3 * 60 }, { "nst", -3 * 60 - 30 }, { "ndt", -2 * 60 - 30 },
	{ "bst", 60 }, { "ist", 5 * 60 + 30 }, { "cet", 60 },
	{ "cest", 2 * 60 }, { "met", 60 }, { "mest", 2 * 60 },
	{ "west", 60 }, { "eet", 2 * 60 }, { "eest", 3 * 60 },
	{ "msk", 3 * 60 }, { "msd", 4 * 60 }, { "jst", 9 * 60 },
	{ "kst", 9 * 60 }, { "hkt", 8 * 60 }, { "sgt", 8 * 60 },
	{ "awst", 8 * 60 }, { "acst", 9 * 60 + 30 }, { "acdt", 10 * 60 + 30 },
	{ "aest", 10 * 60 }, { "aedt", 11 * 60 }, { "nzst", 12 * 60 },
	{ "nzdt", 13 * 60 }
};

static int
date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
date_days_in_month(int y, int m)
{
	static const int	 dim[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && date_is_leap(y))
		return 29;
	return dim[m - 1];
}

/* Howard Hinnant's days_from_civil; mon is 1..12. */
int64_t
date_from_fields(int year, int mon, int mday, int hour, int min, int sec)
{
	int64_t	 y = year, era, yoe, doy, doe, days;
	int	 m = mon;

	if (m <= 2)
		y--;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + mday - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	return days * 86400 + (int64_t)hour * 3600 + (int64_t)min * 60 + sec;
}

/* t as civil fields, UTC (Howard Hinnant's civil_from_days). */
static void
date_civil(int64_t t, int64_t *yp, int64_t *mp_, int64_t *dp, int64_t *sp,
    int64_t *wday)
{
	int64_t	 days, secs, z, era, doe, yoe, y, doy, mp, d, m;

	days = t / 86400;
	secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	/* civil_from_days */
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	*yp = y;
	*mp_ = m;
	*dp = d;
	*sp = secs;
	/* 1970-01-01 was a Thursday (4). */
	*wday = ((days % 7) + 11) % 7;
}

void
date_format_rfc3339(int64_t t, char *buf, size_t len)
{
	int64_t	 y, m, d, secs, wday;

	date_civil(t, &y, &m, &d, &secs, &wday);
	snprintf(buf, len, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
	    (long long)y, (long long)m, (long long)d, (long long)(secs / 3600),
	    (long long)(secs / 60 % 60), (long long)(secs % 60));
}

void
date_format_rfc822(int64_t t, char *buf, size_t len)
{
	static const char *const wdays[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t	 y, m, d, secs, wday;

	date_civil(t, &y, &m, &d, &secs, &wday);
	snprintf(buf, len, "%s, %02lld %s %04lld %02lld:%02lld:%02lld +0000",
	    wdays[wday], (long long)d, months[m - 1], (long long)y,
	    (long long)(secs / 3600), (long long)(secs / 60 % 60),
	    (long long)(secs % 60));
}

/* Read up to max digits at *pp; returns the count read (0: none). */
static int
date_digits(const char **pp, int max, int *v)
{
	const char	*p = *pp;
	int		 n = 0, val = 0;

	while (n < max && IS_DIGIT(*p)) {
		val = val * 10 + (*p - '0');
		p++;
		n++;
	}
	*pp = p;
	*v = val;
	return n;
}

/* Check the fields and compute the time; offset in minutes east. */
static int
date_finish(int year, int mon, int mday, int hour, int min, int sec,
    int offset, int64_t *t)
{
	int64_t	 v;

	if (year < 1 || year > 9999 || mon < 1 || mon > 12 || mday < 1 ||
	    mday > date_days_in_month(year, mon))
		return -1;
	if (hour == 24 && min == 0 && sec == 0)
		;	/* end of day: the next midnight */
	else if (hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 ||
	    sec > 60)
		return -1;
	if (sec == 60)
		sec = 59;	/* a leap second, read as the second before */
	v = date_from_fields(year, mon, mday, hour, min, sec) -
	    (int64_t)offset * 60;
	/* An offset must not push it out of four-digit years. */
	if (v < date_from_fields(1, 1, 1, 0, 0, 0) ||
	    v > date_from_fields(9999, 12, 31, 23, 59, 59))
		return -1;
	*t = v;
	return 0;
}

/*
 * A numeric zone at p: "+hh:mm", "+hhmm", "+hh", "-..."; returns the
 * characters used (0: none) and the offset in minutes east.
 */
static int
date_numeric_zone(const char *p, int *offset)
{
	const char	*s = p + 1;
	int		 sign, hh, mm = 0, n;

	if (*p != '+' && *p != '-')
		return 0;
	sign = *p == '-' ? -1 : 1;
	n = date_digits(&s, 4, &hh);
	if (n == 4) {
		mm = hh % 100;
		hh /= 100;
	} else if (n == 3) {
		mm = hh % 100;	/* "+100": an hour with one digit */
		hh /= 100;
	} else if (n == 2 || n == 1) {
		if (*s == ':') {
			s++;
			if (date_digits(&s, 2, &mm) != 2)
				return 0;
		}
	} else
		return 0;
	if (hh > 23 || mm > 59 || IS_DIGIT(*s))
		return 0;
	*offset = sign * (hh * 60 + mm);
	return (int)(s - p);
}

/*
 * RFC 3339, W3CDTF and the ISO 8601 forms feeds use: YYYY, YYYY-MM,
 * YYYY-MM-DD, YYYYMMDD, then 'T' or ' ', hh:mm[:ss[.frac]] or hhmmss,
 * then Z, +hh:mm, +hhmm, +hh or nothing (UTC).
 */
int
date_parse_iso8601(const char *s, int64_t *t)
{
	const char	*p = s;
	int		 year, mon = 1, mday = 1, hour = 0, min = 0, sec = 0;
	int		 offset = 0, n, basic;

	if (s == NULL)
		return -1;
	while (IS_SPACE(*p))
		p++;
	if (date_digits(&p, 4, &year) != 4)
		return -1;
	basic = IS_DIGIT(*p);
	if (basic) {
		if (date_digits(&p, 2, &mon) != 2 ||
		    date_digits(&p, 2, &mday) != 2)
			return -1;
	} else if (*p == '-') {
		p++;
		if (date_digits(&p, 2, &mon) != 2)
			return -1;
		if (*p == '-') {
			p++;
			if (date_digits(&p, 2, &mday) != 2)
				return -1;
		}
	}
	if (*p == 'T' || *p == 't' || (*p == ' ' && IS_DIGIT(p[1]))) {
		p++;
		if (date_digits(&p, 2, &hour) != 2)
			return -1;
		if (*p == ':') {
			p++;
			if (date_digits(&p, 2, &min) != 2)
				return -1;
			if (*p == ':') {
				p++;
				if (date_digits(&p, 2, &sec) != 2)
					return -1;
			}
		} else if (IS_DIGIT(*p)) {
			if (date_digits(&p, 2, &min) != 2)
				return -1;
			if (IS_DIGIT(*p) && date_digits(&p, 2, &sec) != 2)
				return -1;
		}
		if ((*p == '.' || *p == ',') && IS_DIGIT(p[1])) {
			p++;
			while (IS_DIGIT(*p))
				p++;
		}
		if (*p == ' ' && (p[1] == '+' || p[1] == '-' || p[1] == 'Z'))
			p++;
		if (*p == 'Z' || *p == 'z')
			p++;
		else if ((n = date_numeric_zone(p, &offset)) > 0)
			p += n;
		else if (*p == ' ') {
			/* "2026-01-02 03:04:05 UTC" and similar */
			const char	*w = p;
			size_t		 i, len;

			while (*w == ' ')
				w++;
			for (len = 0; IS_ALPHA(w[len]); len++)
				;
			for (i = 0; i < sizeof date_zones / sizeof
			    date_zones[0]; i++)
				if (strlen(date_zones[i].name) == len &&
				    strncase_eq(w, date_zones[i].name, len))
					break;
			if (len > 0 && i < sizeof date_zones /
			    sizeof date_zones[0]) {
				offset = date_zones[i].offset;
				p = w + len;
			}
		}
	}
	while (IS_SPACE(*p))
		p++;
	if (*p != '\0')
		return -1;
	return date_finish(year, mon, mday, hour, min, sec, offset, t);
}

/* Index of a month name or abbreviation (0..11), or -1. */
static int
date_month(const char *w, size_t len)
{
	int	 i;

	if (len < 3)
		return -1;
	if (len == 4 && strncase_eq(w, "sept", 4))
		return 8;
	for (i = 0; i < 12; i++)
		if (len <= strlen(date_months[i]) &&
		    strncase_eq(w, date_months[i], len))
			return i;
	return -1;
}

static int
date_is_day(const char *w, size_t len)
{
	int	 i;

	if (len < 2)
		return 0;
	if (len == 4 && (strncase_eq(w, "tues", 4) || strncase_eq(w, "thur",
	    4)))
		return 1;
	for (i = 0; i < 7; i++)
		if (len <= strlen(date_days[i]) &&
		    strncase_eq(w, date_days[i], len))
			return len == 3 || len == strlen(date_days[i]);
	return 0;
}

/* A zone name, or a military letter; offset in minutes east. */
static int
date_zone_name(const char *w, size_t len, int *offset)
{
	size_t	 i;
	int	 c;

	for (i = 0; i < sizeof date_zones / sizeof date_zones[0]; i++)
		if (strlen(date_zones[i].name) == len &&
		    strncase_eq(w, date_zones[i].name, len)) {
			*offset = date_zones[i].offset;
			return 0;
		}
	if (len != 1)
		return -1;
	/*
	 * RFC 822 military zones: A-I = -1..-9, K-M = -10..-12 (skipping
	 * J), N-Y = +1..+12, Z = 0.  RFC 1123 notes the signs in RFC 822
	 * are backwards; feeds that use them follow RFC 822 as written.
	 */
	c = TO_LOWER((unsigned char)*w);
	if (c >= 'a' && c <= 'i')
		*offset = -(c - 'a' + 1) * 60;
	else if (c >= 'k' && c <= 'm')
		*offset = -(c - 'k' + 10) * 60;
	else if (c >= 'n' && c <= 'y')
		*offset = (c - 'n' + 1) * 60;
	else if (c == 'z')
		*offset = 0;
	else
		return -1;
	return 0;
}

/*
 * RFC 822 / 1123 / 2822 and the variants feeds write: optional (full or
 * abbreviated) day name, day, month name (any case, full or short),
 * two-, three- or four-digit year, hh:mm[:ss], zone as a name, a
 * military letter, a numeric offset or nothing (UTC).  Extra spaces and
 * commas, "02-Jan-2006" and asctime order ("Jan 2 15:04:05 2006") are
 * accepted, and so are comments in parentheses.  Unknown words fail the
 * parse.
 */
int
date_parse_rfc822(const char *s, int64_t *t)
{
	const char	*p;
	int		 year = -1, mon = -1, mday = -1, hour = -1, min = 0;
	int		 sec = 0, offset = 0, zone = 0, pm = -1, v, n, ylen = 0;

	if (s == NULL || strlen(s) > DATE_MAX_LEN)
		return -1;
	for (p = s; *p != '\0';) {
		if (IS_SPACE(*p) || *p == ',' || *p == '.' || *p == '/') {
			p++;
			continue;
		}
		if (*p == '(') {	/* an RFC 822 comment: "(UTC)" */
			while (*p != '\0' && *p != ')')
				p++;
			if (*p == ')')
				p++;
			continue;
		}
		if (IS_ALPHA(*p)) {
			const char	*w = p;
			size_t		 len;
			int		 m;

			while (IS_ALPHA(*p))
				p++;
			len = (size_t)(p - w);
			if (mon < 0 && (m = date_month(w, len)) >= 0)
				mon = m + 1;
			else if (hour < 0 && mday < 0 && date_is_day(w, len))
				;
			else if (hour >= 0 && len == 2 &&
			    strncase_eq(w, "am", 2))
				pm = 0;
			else if (hour >= 0 && len == 2 &&
			    strncase_eq(w, "pm", 2))
				pm = 1;
			else if (!zone && date_zone_name(w, len, &offset) == 0) {
				zone = 1;
				/* "GMT+0100", "UTC-5" */
				if ((n = date_numeric_zone(p, &v)) > 0) {
					offset = v;
					p += n;
				}
			} else
				return -1;
			continue;
		}
		if ((*p == '+' || *p == '-') && IS_DIGIT(p[1]) && !zone &&
		    (hour >= 0 || (year >= 0 && mday >= 0 && mon > 0))) {
			if ((n = date_numeric_zone(p, &offset)) == 0)
				return -1;
			zone = 1;
			p += n;
			continue;
		}
		if (*p == '-') {	/* "02-Jan-2006" */
			p++;
			continue;
		}
		if (!IS_DIGIT(*p))
			return -1;
		n = date_digits(&p, 9, &v);
		if (*p == ':') {
			if (hour >= 0 || n > 2)
				return -1;
			hour = v;
			p++;
			if (date_digits(&p, 2, &min) != 2)
				return -1;
			if (*p == ':') {
				p++;
				if (date_digits(&p, 2, &sec) != 2)
					return -1;
				if (*p == '.' && IS_DIGIT(p[1]))
					for (p++; IS_DIGIT(*p); p++)
						;
			}
			continue;
		}
		if (n >= 3 && n <= 4 && year < 0) {
			year = v;
			ylen = n;
		} else if (n <= 2 && mday < 0)
			mday = v;
		else if (n <= 2 && year < 0 && mon > 0) {
			year = v;
			ylen = n;
		} else
			return -1;
	}
	if (year < 0 || mon < 0 || mday < 0)
		return -1;
	if (ylen == 2)
		year += year < 50 ? 2000 : 1900;
	else if (ylen == 3)
		year += 1900;
	if (hour < 0)
		hour = 0;
	if (pm >= 0) {
		if (hour < 1 || hour > 12)
			return -1;
		if (pm && hour < 12)
			hour += 12;
		else if (!pm && hour == 12)
			hour = 0;
	}
	return date_finish(year, mon, mday, hour, min, sec, offset, t);
}

int
date_parse(const char *s, int64_t *t)
{
	const char	*p;

	if (s == NULL)
		return -1;
	for (p = s; IS_SPACE(*p); p++)
		;
	if (*p == '\0')
		return -1;
	if (IS_DIGIT(p[0]) && IS_DIGIT(p[1]) && IS_DIGIT(p[2]) &&
	    IS_DIGIT(p[3]) && date_parse_iso8601(p, t) == 0)
		return 0;
	return date_parse_rfc822(p, t);
}
