/*
 * test_date.c: date.c against the dates feeds really write.
 *
 * Every accepted date is checked through date_format_rfc3339(), so a
 * failure shows the instant that was read.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"
#include "item.h"

/* s must parse (with parse) to the instant want (RFC 3339, UTC). */
static void
test_date_ok(int (*parse)(const char *, int64_t *), const char *s,
    const char *want, const char *file, int line)
{
	int64_t	 t = 0;
	char	 got[64];

	if (parse(s, &t) != 0) {
		check_failed++;
		fprintf(stderr, "%s:%d: \"%s\" not parsed (want %s)\n", file,
		    line, s, want);
		return;
	}
	date_format_rfc3339(t, got, sizeof got);
	if (strcmp(got, want) != 0) {
		check_failed++;
		fprintf(stderr, "%s:%d: \"%s\" read as %s, want %s\n", file,
		    line, s, got, want);
		return;
	}
	check_passed++;
}

/* s must be refused, with *t untouched. */
static void
test_date_bad(int (*parse)(const char *, int64_t *), const char *s,
    const char *file, int line)
{
	int64_t	 t = 42;
	char	 got[64];

	if (parse(s, &t) != -1 || t != 42) {
		check_failed++;
		date_format_rfc3339(t, got, sizeof got);
		fprintf(stderr, "%s:%d: \"%s\" accepted (as %s)\n", file, line,
		    s != NULL ? s : "(null)", got);
		return;
	}
	check_passed++;
}

#define OK(s, want)	test_date_ok(date_parse, s, want, __FILE__, __LINE__)
#define BAD(s)		test_date_bad(date_parse, s, __FILE__, __LINE__)
#define OK822(s, want)	test_date_ok(date_parse_rfc822, s, want, __FILE__, \
			    __LINE__)
#define BAD822(s)	test_date_bad(date_parse_rfc822, s, __FILE__, __LINE__)
#define OKISO(s, want)	test_date_ok(date_parse_iso8601, s, want, __FILE__, \
			    __LINE__)
#define BADISO(s)	test_date_bad(date_parse_iso8601, s, __FILE__, \
			    __LINE__)

static void
test_date_rfc822(void)
{
	/* The canonical forms. */
	OK822("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z");
	OK822("Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01Z");
	OK822("Sun, 19 May 2002 15:21:36 +0000", "2002-05-19T15:21:36Z");
	OK("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z");

	/* Named zones. */
	OK("Mon, 02 Jan 2006 15:04:05 UT", "2006-01-02T15:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 UTC", "2006-01-02T15:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 Z", "2006-01-02T15:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 EST", "2006-01-02T20:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 EDT", "2006-01-02T19:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 CST", "2006-01-02T21:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 CDT", "2006-01-02T20:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 MST", "2006-01-02T22:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 MDT", "2006-01-02T21:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 PST", "2006-01-02T23:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 PDT", "2006-01-02T22:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 gmt", "2006-01-02T15:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 CEST", "2006-01-02T13:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 GMT+0100", "2006-01-02T14:04:05Z");

	/* Military zones, as RFC 822 writes them. */
	OK("Mon, 02 Jan 2006 15:04:05 A", "2006-01-02T16:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 M", "2006-01-03T03:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 N", "2006-01-02T14:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 Y", "2006-01-02T03:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 K", "2006-01-03T01:04:05Z");
	BAD("Mon, 02 Jan 2006 15:04:05 J");

	/* Numeric offsets. */
	OK("Mon, 02 Jan 2006 15:04:05 +0100", "2006-01-02T14:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 -0700", "2006-01-02T22:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 -0000", "2006-01-02T15:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 +0530", "2006-01-02T09:34:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 +05:30", "2006-01-02T09:34:05Z");
	OK("Mon, 02 Jan 2006 15:04:05 -03", "2006-01-02T18:04:05Z");
	OK("Sat, 31 Dec 2005 23:30:00 -0100", "2006-01-01T00:30:00Z");
	OK("Sun, 01 Jan 2006 00:30:00 +0100", "2005-12-31T23:30:00Z");
	BAD("Mon, 02 Jan 2006 15:04:05 +2500");
	BAD("Mon, 02 Jan 2006 15:04:05 +0199");

	/* No zone: UTC. */
	OK("Mon, 02 Jan 2006 15:04:05", "2006-01-02T15:04:05Z");

	/* Missing pieces. */
	OK("02 Jan 2006 15:04:05 GMT", "2006-01-02T15:04:05Z");
	OK("Mon, 02 Jan 2006 15:04 GMT", "2006-01-02T15:04:00Z");
	OK("Mon 02 Jan 2006 15:04:05 GMT", "2006-01-02T15:04:05Z");
	OK("Mon, 02 Jan 2006", "2006-01-02T00:00:00Z");
	OK("2 Jan 2006 5:04:05 GMT", "2006-01-02T05:04:05Z");
	OK("Mon, 2 Jan 2006 15:04:05 GMT", "2006-01-02T15:04:05Z");

	/* Two- and three-digit years. */
	OK("Mon, 02 Jan 06 15:04:05 GMT", "2006-01-02T15:04:05Z");
	OK("Thu, 02 Jan 99 15:04:05 GMT", "1999-01-02T15:04:05Z");
	OK("Sat, 01 Jan 00 00:00:00 GMT", "2000-01-01T00:00:00Z");
	OK("Fri, 01 Jan 49 00:00:00 GMT", "2049-01-01T00:00:00Z");
	OK("Sat, 01 Jan 50 00:00:00 GMT", "1950-01-01T00:00:00Z");
	OK("Mon, 02 Jan 106 15:04:05 GMT", "2006-01-02T15:04:05Z");

	/* Spacing, case, names. */
	OK("  Mon,  02   Jan  2006   15:04:05   GMT  ",
	    "2006-01-02T15:04:05Z");
	OK("Mon,02 Jan 2006 15:04:05 GMT", "2006-01-02T15:04:05Z");
	OK("mon, 02 jan 2006 15:04:05 gmt", "2006-01-02T15:04:05Z");
	OK("MON, 02 JAN 2006 15:04:05 GMT", "2006-01-02T15:04:05Z");
	OK("Monday, 02 January 2006 15:04:05 GMT", "2006-01-02T15:04:05Z");
	OK("Thursday, 14 September 2006 10:00:00 GMT",
	    "2006-09-14T10:00:00Z");
	OK("Thu, 14 Sept 2006 10:00:00 GMT", "2006-09-14T10:00:00Z");
	OK("Tues, 02 Jan 2007 10:00:00 GMT", "2007-01-02T10:00:00Z");
	OK("Mon, 02-Jan-2006 15:04:05 GMT", "2006-01-02T15:04:05Z");
	OK("Mon, 02 Jan 2006 15:04:05.123 GMT", "2006-01-02T15:04:05Z");
	OK("Mon, 02 Jan 2006 03:04:05 PM GMT", "2006-01-02T15:04:05Z");
	OK("Mon, 02 Jan 2006 12:04:05 AM GMT", "2006-01-02T00:04:05Z");
	/* A wrong day name is ignored: the date is what counts. */
	OK("Fri, 02 Jan 2006 15:04:05 GMT", "2006-01-02T15:04:05Z");
	/* RFC 822 comments. */
	OK("Fri, 02 Jan 2026 03:04:05 +0000 (UTC)", "2026-01-02T03:04:05Z");
	OK("Fri, 02 Jan 2026 03:04:05 -0500 (EST)", "2026-01-02T08:04:05Z");
	OK("Fri, 02 Jan 2026 03:04:05 GMT (unterminated",
	    "2026-01-02T03:04:05Z");
	/* asctime order. */
	OK("Mon Jan  2 15:04:05 2006", "2006-01-02T15:04:05Z");
	OK("Jan 2, 2006 15:04:05 GMT", "2006-01-02T15:04:05Z");

	/* Every month, short and long. */
	OK("1 Jan 2026", "2026-01-01T00:00:00Z");
	OK("1 Feb 2026", "2026-02-01T00:00:00Z");
	OK("1 Mar 2026", "2026-03-01T00:00:00Z");
	OK("1 Apr 2026", "2026-04-01T00:00:00Z");
	OK("1 May 2026", "2026-05-01T00:00:00Z");
	OK("1 Jun 2026", "2026-06-01T00:00:00Z");
	OK("1 Jul 2026", "2026-07-01T00:00:00Z");
	OK("1 Aug 2026", "2026-08-01T00:00:00Z");
	OK("1 Sep 2026", "2026-09-01T00:00:00Z");
	OK("1 Oct 2026", "2026-10-01T00:00:00Z");
	OK("1 Nov 2026", "2026-11-01T00:00:00Z");
	OK("1 Dec 2026", "2026-12-01T00:00:00Z");
	OK("1 February 2026", "2026-02-01T00:00:00Z");
	OK("1 december 2026", "2026-12-01T00:00:00Z");

	/* Leap years and month lengths. */
	OK("Thu, 29 Feb 2024 12:00:00 GMT", "2024-02-29T12:00:00Z");
	OK("Tue, 29 Feb 2000 12:00:00 GMT", "2000-02-29T12:00:00Z");
	BAD("29 Feb 2023 12:00:00 GMT");
	BAD("29 Feb 1900 12:00:00 GMT");
	BAD("31 Apr 2026 12:00:00 GMT");
	BAD("32 Jan 2026 12:00:00 GMT");
	BAD("0 Jan 2026 12:00:00 GMT");
	OK("31 Dec 2026 23:59:59 GMT", "2026-12-31T23:59:59Z");
	OK("30 Jun 2015 23:59:60 GMT", "2015-06-30T23:59:59Z");

	/* Bad times. */
	BAD("Mon, 02 Jan 2006 25:04:05 GMT");
	BAD("Mon, 02 Jan 2006 15:61:05 GMT");
	BAD("Mon, 02 Jan 2006 15:04:61 GMT");
	BAD("Mon, 02 Jan 2006 15:4:05 GMT");
	BAD("Mon, 02 Jan 2006 13:04:05 PM GMT");

	/* Not dates. */
	BAD822("Mon, 02 Foo 2006 15:04:05 GMT");
	BAD822("Mon, 02 Jan 2006 15:04:05 Nowhere");
	BAD822("02 2006 15:04:05");
	BAD822("Jan 2006");
	BAD822("2006-01-02");
	BAD822("");
	BAD822(NULL);
}

static void
test_date_iso8601(void)
{
	OKISO("2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z");
	OK("2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z");
	OK("2026-01-02t03:04:05z", "2026-01-02T03:04:05Z");
	OK("2026-01-02T03:04:05+01:00", "2026-01-02T02:04:05Z");
	OK("2026-01-02T03:04:05-05:00", "2026-01-02T08:04:05Z");
	OK("2026-01-02T03:04:05+0100", "2026-01-02T02:04:05Z");
	OK("2026-01-02T03:04:05+01", "2026-01-02T02:04:05Z");
	OK("2026-01-02T03:04:05+05:30", "2026-01-01T21:34:05Z");
	OK("2026-01-02T03:04:05-00:00", "2026-01-02T03:04:05Z");
	OK("2026-01-02T03:04:05.123Z", "2026-01-02T03:04:05Z");
	OK("2026-01-02T03:04:05.999999999+02:00", "2026-01-02T01:04:05Z");
	OK("2026-01-02T03:04:05,5Z", "2026-01-02T03:04:05Z");
	OK("2026-01-02T03:04Z", "2026-01-02T03:04:00Z");
	OK("2026-01-02T03:04+01:00", "2026-01-02T02:04:00Z");
	OK("2026-01-02T03:04:05", "2026-01-02T03:04:05Z");
	OK("2026-01-02 03:04:05", "2026-01-02T03:04:05Z");
	OK("2026-01-02 03:04:05 +0000", "2026-01-02T03:04:05Z");
	OK("2026-01-02 03:04:05 UTC", "2026-01-02T03:04:05Z");
	OK("2026-01-02", "2026-01-02T00:00:00Z");
	OK("2026-01", "2026-01-01T00:00:00Z");
	OK("2026", "2026-01-01T00:00:00Z");
	OK("20260102T030405Z", "2026-01-02T03:04:05Z");
	OK("20260102", "2026-01-02T00:00:00Z");
	OK("  2026-01-02T03:04:05Z  ", "2026-01-02T03:04:05Z");
	OK("2026-01-02T24:00:00Z", "2026-01-03T00:00:00Z");
	OK("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z");
	OK("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z");
	OK("1900-01-01T00:00:00Z", "1900-01-01T00:00:00Z");
	OK("2999-12-31T23:59:59Z", "2999-12-31T23:59:59Z");
	OK("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z");

	BADISO("2023-02-29T00:00:00Z");
	BADISO("2026-13-01T00:00:00Z");
	BADISO("2026-00-01T00:00:00Z");
	BADISO("2026-01-32T00:00:00Z");
	BADISO("2026-01-02T25:00:00Z");
	BADISO("2026-01-02T03:60:00Z");
	BADISO("2026-01-02T24:30:00Z");
	BADISO("2026-1-2");
	OK("2026-01-02T03", "2026-01-02T03:00:00Z");	/* hour only */
	BADISO("2026-01-02T03:04:05+25:00");
	BADISO("2026-01-02T03:04:05 garbage");
	BADISO("2026-01-02X");
	BADISO("26-01-02");
	BADISO("");
	BADISO(NULL);
	/* Years outside 0001-9999, also when only the offset pushes them
	   out: the output could not write them as four digits. */
	BADISO("0000-01-01T00:00:00Z");
	BADISO("0001-01-01T00:00:00+01:00");
	BADISO("9999-12-31T23:00:00-02:00");
}

static void
test_date_garbage(void)
{
	static const char *const junk[] = {
		"", " ", "now", "yesterday", "0", "-1", "12345",
		"TBD", "n/a", "2026/99/99", "::::", "+0000", "GMT",
		"Mon, ", ",,,,", "Jan", "31 Foo", "99999999999999999999",
		"2026-01-02T03:04:05Z2026", "\x01\x02\x03", "\xff\xfe",
		"Mon, 02 Jan 2006 15:04:05 GMT GMT",
		"Mon, 02 Jan 2006 15:04:05 15:04:05",
		"Mon, 02 Jan 2006 2007 15:04:05",
		"Mon, 02 Jan Feb 2006",
		NULL
	};
	char	 big[4096];
	int64_t	 t;
	int	 i, j;

	for (i = 0; junk[i] != NULL; i++)
		BAD(junk[i]);
	BAD(NULL);

	/* Long input: refused, not overrun. */
	memset(big, '9', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	BAD(big);
	memset(big, ' ', sizeof big - 1);
	memcpy(big + 100, "Mon, 02 Jan 2006", 16);
	BAD822(big);

	/* Every prefix of good dates: no crash, no out-of-bounds read. */
	{
		static const char *const good[] = {
			"Mon, 02 Jan 2006 15:04:05 -0700",
			"2026-01-02T03:04:05.123+01:00",
			NULL
		};
		char	 pre[64];

		for (i = 0; good[i] != NULL; i++)
			for (j = 0; j <= (int)strlen(good[i]); j++) {
				memcpy(pre, good[i], (size_t)j);
				pre[j] = '\0';
				(void)date_parse(pre, &t);
			}
	}
	check_passed++;
}

static void
test_date_format(void)
{
	char	 buf[64];

	date_format_rfc3339(0, buf, sizeof buf);
	check_str_eq(buf, "1970-01-01T00:00:00Z");
	date_format_rfc3339(-1, buf, sizeof buf);
	check_str_eq(buf, "1969-12-31T23:59:59Z");
	date_format_rfc3339(951782400, buf, sizeof buf);
	check_str_eq(buf, "2000-02-29T00:00:00Z");
	date_format_rfc3339(1798190921, buf, sizeof buf);
	check_str_eq(buf, "2026-12-25T09:28:41Z");
	date_format_rfc3339(253402300799LL, buf, sizeof buf);
	check_str_eq(buf, "9999-12-31T23:59:59Z");
	date_format_rfc3339(-2208988800LL, buf, sizeof buf);
	check_str_eq(buf, "1900-01-01T00:00:00Z");

	check(date_from_fields(1970, 1, 1, 0, 0, 0) == 0);
	check(date_from_fields(2000, 3, 1, 0, 0, 0) == 951868800);
	check(date_from_fields(2026, 11, 25, 9, 28, 41) == 1795598921);
	check(date_from_fields(1969, 12, 31, 23, 59, 59) == -1);

	/* Round trip, one day at a time over four centuries' edges. */
	{
		int64_t	 t, back;
		int	 bad = 0;

		for (t = -2208988800LL; t < 4102444800LL; t += 86400 * 7 +
		    3661) {
			date_format_rfc3339(t, buf, sizeof buf);
			if (date_parse(buf, &back) != 0 || back != t)
				bad++;
		}
		check(bad == 0);
	}
	check(DATE_NONE == INT64_MIN);
}

int
main(void)
{
	test_date_rfc822();
	test_date_iso8601();
	test_date_garbage();
	test_date_format();
	return check_done();
}
