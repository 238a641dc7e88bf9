/*
 * xmlsafe.c: opening untrusted XML with libxml2.
 *
 * Options: XML_PARSE_RECOVER keeps whatever a broken or truncated
 * document still holds; XML_PARSE_NONET and the absence of
 * XML_PARSE_NOENT / XML_PARSE_DTDLOAD / XML_PARSE_DTDATTR mean no
 * external entity or DTD is ever loaded and no entity is substituted.
 * libxml2's own errors go to a structured error handler installed on
 * this parser context only (ctxt->sax->serror; libxml2 hands it
 * ctxt->userData, which is the context, whose _private points at our
 * state), never to the process-wide handler.
 *
 * Before libxml2 sees the bytes, one pass repairs what liberal feed
 * readers are expected to repair: &nbsp; and the rest of the HTML 4
 * entities become numeric references, a bare '&' becomes &amp;, C0
 * control characters other than tab, LF and CR are dropped, and in a
 * document read as UTF-8 each byte that is not part of a valid sequence
 * is read as windows-1252.  A document read as ISO-8859-1, US-ASCII or
 * windows-1252 is converted to UTF-8 in the same pass (ISO-8859-1 is
 * nearly always windows-1252 mislabelled).  The pass reads plain text
 * a block of bytes at a time and copies nothing when nothing needs
 * changing.  Other encodings (UTF-16/32, KOI8-R, Shift_JIS, GB2312,
 * ...) are first converted to UTF-8 with iconv, so libxml2 is always
 * handed UTF-8 and told to ignore the declaration.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "parse.h"
#include "util.h"
#include "xmlsafe.h"

/* libxml2 errors quoted in warnings; the rest are only counted. */
#define XMLSAFE_MAX_QUOTED	2

/* How far to look for the first tag past leading junk. */
#define XMLSAFE_JUNK_MAX	4096

#define XMLSAFE_OPTIONS	(XML_PARSE_RECOVER | XML_PARSE_NONET |	\
	XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT |	\
	XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC)

enum xmlsafe_mode {
	XMLSAFE_UTF8,		/* validate; bad bytes read as windows-1252 */
	XMLSAFE_CP1252,		/* convert every high byte */
	XMLSAFE_OTHER		/* ASCII-compatible, libxml2 converts */
};

/* Per-parse state reachable from the error handler. */
struct xmlsafe_state {
	struct parse_result	*res;
	size_t			 nerrors;
};

/* windows-1252 0x80..0x9f; the five holes keep their C1 code point. */
static const unsigned short xmlsafe_cp1252[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178
};

/* ctxt->sax->serror: count libxml2's complaints, quote the first few. */
static void
xmlsafe_error_cb(void *data, xmlErrorPtr err)
{
	xmlParserCtxtPtr	 ctxt = data;
	struct xmlsafe_state	*st;
	char			 msg[160];
	size_t			 n;

	if (ctxt == NULL || (st = ctxt->_private) == NULL || err == NULL)
		return;
	if (err->level == XML_ERR_WARNING)
		return;
	if (st->nerrors++ >= XMLSAFE_MAX_QUOTED)
		return;
	snprintf(msg, sizeof msg, "%s", err->message != NULL ? err->message :
	    "error");
	n = strlen(msg);
	while (n > 0 && IS_SPACE(msg[n - 1]))
		msg[--n] = '\0';
	parse_result_warn(st->res, "recovered: line %d: %s", err->line, msg);
}

/* Append code point c (< 0x10000) as UTF-8. */
static void
xmlsafe_add_utf8(struct buf *b, unsigned c)
{
	char	 u[3];

	if (c < 0x80)
		buf_addc(b, (int)c);
	else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 2);
	} else {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 3);
	}
}

static unsigned
xmlsafe_cp1252_char(unsigned char c)
{
	if (c >= 0x80 && c < 0xa0)
		return xmlsafe_cp1252[c - 0x80];
	return c;
}

/* Length of the valid UTF-8 sequence at p, or 0. */
static size_t
xmlsafe_utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t	 n, i;

	if (p[0] < 0x80)
		return 1;
	/* The usual cases first: 2 bytes, or 3 bytes with no extra rule. */
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return end - p >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe1 && p[0] <= 0xec && end - p >= 3 &&
	    (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80)
		return 3;
	if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) ||
	    (p[0] == 0xed && p[1] >= 0xa0)))
		return 0;	/* overlong, or a surrogate */
	if (n == 4 && ((p[0] == 0xf0 && p[1] < 0x90) ||
	    (p[0] == 0xf4 && p[1] >= 0x90)))
		return 0;	/* overlong, or past U+10FFFF */
	return n;
}

/* The five entities XML defines. */
static int
xmlsafe_xml_entity(const char *name, size_t n)
{
	return (n == 3 && memcmp(name, "amp", 3) == 0) ||
	    (n == 2 && (memcmp(name, "lt", 2) == 0 ||
	    memcmp(name, "gt", 2) == 0)) ||
	    (n == 4 && (memcmp(name, "quot", 4) == 0 ||
	    memcmp(name, "apos", 4) == 0));
}

/* Entities declared in the internal subset that we remember. */
#define XMLSAFE_MAX_DECLARED	64

struct xmlsafe_fix {
	struct buf	 out;
	const char	*flushed;	/* input up to here is in out */
	const char	*end;		/* of the input */
	size_t		 nentities, namps, nctrl, nbad, ndropped, nlt;
	struct {
		const char	*name;	/* in the input, not terminated */
		size_t		 len;
	}		 declared[XMLSAFE_MAX_DECLARED];
	size_t		 ndeclared;
	int		 too_many_attrs;
};

/*
 * libxml2 2.9 checks an element's attributes for duplicates pairwise:
 * 80,000 attributes on one tag (under 1 MB) take seconds, an 8 MB tag
 * many minutes, all of it on the daemon's one thread.  No feed needs more
 * than a handful, so a document with a longer tag is refused.
 */
#define XMLSAFE_MAX_ATTRS	256

/* The bytes xmlsafe_tag_too_wide() stops at outside quotes. */
static const unsigned char xmlsafe_tag_stop[256] = {
	['"'] = 1, ['\''] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1
};

/*
 * 1 when the start tag at p has more than XMLSAFE_MAX_ATTRS attributes:
 * '=' outside quotes, counted up to the first '>' or '<' outside quotes.
 * A quote runs to the next of its kind, wherever that is.
 */
static int
xmlsafe_tag_too_wide(const char *p, const char *end)
{
	size_t	 n = 0;

	for (p++; p < end; p++) {
		while (!xmlsafe_tag_stop[(unsigned char)*p])
			if (++p == end)
				return 0;
		if (*p == '"' || *p == '\'') {
			p = memchr(p + 1, *p, (size_t)(end - p - 1));
			if (p == NULL)
				return 0;
		} else if (*p != '=')
			return 0;
		else if (++n > XMLSAFE_MAX_ATTRS)
			return 1;
	}
	return 0;
}

/* Copy the untouched input before p, then the replacement. */
static void
xmlsafe_replace(struct xmlsafe_fix *fx, const char *p, size_t skip,
    const char *with, size_t wlen)
{
	if (fx->out.data == NULL)
		/* Room for all of it, and some, to spare regrowing. */
		buf_grow(&fx->out, (size_t)(fx->end - fx->flushed) +
		    (size_t)(fx->end - fx->flushed) / 16 + 4096);
	buf_add(&fx->out, fx->flushed, (size_t)(p - fx->flushed));
	buf_add(&fx->out, with, wlen);
	fx->flushed = p + skip;
}

/* Was name declared as a general entity in the internal subset? */
static int
xmlsafe_is_declared(const struct xmlsafe_fix *fx, const char *name,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < fx->ndeclared; i++)
		if (fx->declared[i].len == n &&
		    memcmp(fx->declared[i].name, name, n) == 0)
			return 1;
	return 0;
}

/* At "<!ENTITY": remember the name of a general entity. */
static void
xmlsafe_entity_decl(struct xmlsafe_fix *fx, const char *p, const char *end)
{
	const char	*q = p + 8, *name;

	while (q < end && IS_SPACE(*q))
		q++;
	if (q >= end || *q == '%' || fx->ndeclared == XMLSAFE_MAX_DECLARED)
		return;
	for (name = q; q < end && (IS_ALNUM(*q) || *q == '_' || *q == '-' ||
	    *q == '.'); q++)
		;
	if (q == name)
		return;
	fx->declared[fx->ndeclared].name = name;
	fx->declared[fx->ndeclared++].len = (size_t)(q - name);
}

/*
 * The repair pass skips plain bytes a block at a time: with SSE2, 16
 * bytes per compare; elsewhere 8, as one 64-bit word.  xmlsafe_maybe()
 * flags each byte of the block at p that may need work: one >= 0x80,
 * one below 0x20 (tab, LF and CR too: the caller's table lets those go)
 * or one equal to the ASCII a or b.  XMLSAFE_LANE() is the index of the
 * first byte flagged in a nonzero mask, XMLSAFE_FROM(i) keeps the flags
 * of bytes i and on.
 */
#if defined(__SSE2__) && defined(__GNUC__)
#define XMLSAFE_BLOCK		16
#define XMLSAFE_LANE(m)		((size_t)__builtin_ctz((unsigned)(m)))
#define XMLSAFE_FROM(i)		(~(uint64_t)0 << (i))

static inline uint64_t
xmlsafe_maybe(const char *p, unsigned char a, unsigned char b)
{
	__m128i	 x = _mm_loadu_si128((const __m128i *)(const void *)p);

	/* A signed compare: below 0x20 is 0x80..0xff and 0x00..0x1f. */
	x = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
	    _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)a)),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8((char)b))));
	return (uint64_t)(unsigned)_mm_movemask_epi8(x);
}
#else
#define XMLSAFE_BLOCK		8
/* The flag of byte i is bit 8i+7: the product puts i in the top byte. */
#define XMLSAFE_LANE(m)		((size_t)((((m) & -(m)) >> 7) *	\
	0x0001020304050607ULL >> 56))
#define XMLSAFE_FROM(i)		(~(uint64_t)0 << (8 * (i)))
#define XMLSAFE_ONES		0x0101010101010101ULL
#define XMLSAFE_HIGHS		(XMLSAFE_ONES * 0x80)

static inline uint64_t
xmlsafe_maybe(const char *p, unsigned char a, unsigned char b)
{
	const unsigned char	*u = (const unsigned char *)p;
	uint64_t		 x, t, ok;

	/* p[0] in the low byte, whatever the byte order. */
	x = (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 |
	    (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32 |
	    (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48 | (uint64_t)u[7] << 56;

	/*
	 * With t the low 7 bits of each byte, the high bit of a byte of
	 * ok is set when t >= 0x20, t != a and t != b.  No sum carries
	 * into the next byte: 0x7f + 0x7f is 0xfe.
	 */
	t = x & ~XMLSAFE_HIGHS;
	ok = (t + XMLSAFE_ONES * 0x60) &
	    ((t ^ (XMLSAFE_ONES * a)) + XMLSAFE_ONES * 0x7f) &
	    ((t ^ (XMLSAFE_ONES * b)) + XMLSAFE_ONES * 0x7f);
	return (x | ~ok) & XMLSAFE_HIGHS;
}
#endif

/* 1 when the '&' at p starts one of &lt; &gt; &amp; &quot; &apos; */
static inline int
xmlsafe_xml_ref(const char *p, const char *end)
{
	if (end - p >= 4 && p[3] == ';' && p[2] == 't' &&
	    (p[1] == 'l' || p[1] == 'g'))
		return 1;
	if (end - p >= 5 && memcmp(p, "&amp;", 5) == 0)
		return 1;
	return end - p >= 6 && (memcmp(p, "&quot;", 6) == 0 ||
	    memcmp(p, "&apos;", 6) == 0);
}

/*
 * The first byte from p on that special[] marks and that xmlsafe_fix_at()
 * may have work for, or end.  Outside CDATA, a and b are '&' and '<';
 * inside, both are ']' ('&' and '<' do nothing there, nor ']' outside).
 * What xmlsafe_fix_at() would only step over is passed over here, where
 * it is cheaper: XML's own references, the "</" of an end tag and, when
 * utf8 is set, a valid UTF-8 sequence that ends in the block.  Their
 * bytes after the first need no work either (letters, ';', '/', the rest
 * of the sequence), so the scan goes on at the next flagged byte.
 */
static const char *
xmlsafe_skip(const char *p, const char *end, const unsigned char *special,
    unsigned char a, unsigned char b, int utf8)
{
	const char	*q;
	uint64_t	 m;
	size_t		 i, n;

	for (; end - p >= XMLSAFE_BLOCK; p += XMLSAFE_BLOCK) {
		for (m = xmlsafe_maybe(p, a, b); m != 0; m &= m - 1) {
			i = XMLSAFE_LANE(m);
			q = p + i;
			if (!special[(unsigned char)*q])
				continue;
			if (*q == '&' && a == '&') {
				if (!xmlsafe_xml_ref(q, end))
					return q;
			} else if (*q == '<' && a == '&') {
				if (q + 1 == end || q[1] != '/')
					return q;
			} else if ((unsigned char)*q >= 0x80 && utf8) {
				n = xmlsafe_utf8_len((const unsigned char *)q,
				    (const unsigned char *)end);
				if (n < 2 || i + n > XMLSAFE_BLOCK)
					return q;
				/* The loop drops byte i + n - 1 (>= 0x80). */
				m &= XMLSAFE_FROM(i + n - 1);
			} else
				return q;
		}
	}
	while (p < end && !special[(unsigned char)*p])
		p++;
	return p;
}

/*
 * At '&' (outside CDATA): leave XML's own references alone, rewrite HTML
 * named entities as numeric references and anything else as "&amp;".
 * Returns the bytes consumed.
 */
static size_t
xmlsafe_fix_amp(struct xmlsafe_fix *fx, const char *p, const char *end)
{
	const htmlEntityDesc	*d;
	const char		*q = p + 1;
	char			 name[33], num[16];
	size_t			 n;

	if (q < end && *q == '#') {
		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			for (q++, n = 0; q < end && (IS_DIGIT(*q) ||
			    (TO_LOWER((unsigned char)*q) >= 'a' &&
			    TO_LOWER((unsigned char)*q) <= 'f')); q++, n++)
				;
		} else
			for (n = 0; q < end && IS_DIGIT(*q); q++, n++)
				;
		if (n > 0 && q < end && *q == ';')
			return (size_t)(q - p) + 1;
	} else if (q < end && IS_ALPHA(*q)) {
		for (n = 0; q < end && IS_ALNUM(*q) && n < sizeof name - 1;
		    q++, n++)
			name[n] = *q;
		name[n] = '\0';
		if (q < end && *q == ';') {
			if (xmlsafe_xml_entity(name, n))
				return n + 2;
			if (xmlsafe_is_declared(fx, name, n)) {
				/* Never expanded: not even once. */
				xmlsafe_replace(fx, p, n + 2, "", 0);
				fx->ndropped++;
				return n + 2;
			}
			if ((d = htmlEntityLookup((const xmlChar *)name)) !=
			    NULL) {
				snprintf(num, sizeof num, "&#%u;", d->value);
				xmlsafe_replace(fx, p, n + 2, num,
				    strlen(num));
				fx->nentities++;
				return n + 2;
			}
		}
	}
	xmlsafe_replace(fx, p, 1, "&amp;", 5);
	fx->namps++;
	return 1;
}

/*
 * At p, a byte the table marks: repair it, or step over it and what it
 * starts.  Returns where the scan goes on.
 */
static const char *
xmlsafe_fix_at(struct xmlsafe_fix *fx, const char *p, const char *end,
    enum xmlsafe_mode mode, int *incdata)
{
	const unsigned char	*u, *uend = (const unsigned char *)end;
	unsigned char		 c = (unsigned char)*p;
	unsigned		 cp;
	size_t			 n;
	char			 s[2];

	if (c == '<') {
		if (*incdata || p + 1 == end)
			return p + 1;
		if (p[1] == '!') {
			if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
				*incdata = 1;
				return p + 9;
			}
			if (end - p >= 8 && memcmp(p, "<!ENTITY", 8) == 0)
				xmlsafe_entity_decl(fx, p, end);
		} else if (IS_SPACE(p[1]) || IS_DIGIT(p[1]) || p[1] == '=' ||
		    p[1] == '<') {
			/* "a < b": a '<' that starts no tag */
			xmlsafe_replace(fx, p, 1, "&lt;", 4);
			fx->nlt++;
		} else if (IS_ALPHA(p[1]) && xmlsafe_tag_too_wide(p, end))
			fx->too_many_attrs = 1;
		return p + 1;
	}
	if (c == ']') {
		if (*incdata && end - p >= 3 && memcmp(p, "]]>", 3) == 0) {
			*incdata = 0;
			return p + 3;
		}
		return p + 1;
	}
	if (c == '&')
		return *incdata ? p + 1 : p + xmlsafe_fix_amp(fx, p, end);
	if (c < 0x20) {
		xmlsafe_replace(fx, p, 1, "", 0);
		fx->nctrl++;
		return p + 1;
	}
	if (mode == XMLSAFE_UTF8) {
		/* A run of valid sequences is stepped over at once. */
		u = (const unsigned char *)p;
		while ((n = xmlsafe_utf8_len(u, uend)) > 0) {
			u += n;
			if (u == uend || *u < 0x80)
				break;
		}
		if (u != (const unsigned char *)p)
			return (const char *)u;
		xmlsafe_replace(fx, p, 1, "", 0);
		xmlsafe_add_utf8(&fx->out, xmlsafe_cp1252_char(c));
		fx->nbad++;
		return p + 1;
	}
	cp = xmlsafe_cp1252_char(c);
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		xmlsafe_replace(fx, p, 1, s, 2);
	} else {
		xmlsafe_replace(fx, p, 1, "", 0);
		xmlsafe_add_utf8(&fx->out, cp);
	}
	return p + 1;
}

/*
 * The repair pass (see the top of the file).  Returns 1 and fills
 * fx->out when something changed, 0 when buf can be used as it is.
 */
static int
xmlsafe_fix(struct xmlsafe_fix *fx, const char *buf, size_t len,
    enum xmlsafe_mode mode)
{
	unsigned char	 special[256];
	const char	*p = buf, *end = buf + len;
	int		 i, incdata = 0;

	/* Bytes that need a look. */
	for (i = 0; i < 256; i++)
		special[i] = (i < 0x20 && i != '\t' && i != '\n' &&
		    i != '\r') || i == '&' || i == '<' || i == ']' ||
		    (i >= 0x80 && mode != XMLSAFE_OTHER);
	buf_init(&fx->out);
	fx->flushed = buf;
	fx->end = end;
	fx->nentities = fx->namps = fx->nctrl = fx->nbad = 0;
	fx->ndropped = fx->nlt = fx->ndeclared = 0;
	fx->too_many_attrs = 0;
	while (p < end && !fx->too_many_attrs) {
		p = xmlsafe_skip(p, end, special, incdata ? ']' : '&',
		    incdata ? ']' : '<', mode == XMLSAFE_UTF8);
		if (p < end)
			p = xmlsafe_fix_at(fx, p, end, mode, &incdata);
	}
	if (fx->out.data == NULL)
		return 0;
	buf_add(&fx->out, fx->flushed, (size_t)(end - fx->flushed));
	return 1;
}

/* Copy the encoding="..." of an XML declaration at p into enc. */
static void
xmlsafe_declared(const char *p, const char *end, char *enc, size_t size)
{
	const char	*q, *decl_end;
	char		 quote;
	size_t		 n;

	enc[0] = '\0';
	if (end - p < 6 || memcmp(p, "<?xml", 5) != 0)
		return;
	decl_end = memchr(p, '>', (size_t)(end - p) < 512 ?
	    (size_t)(end - p) : 512);
	if (decl_end == NULL)
		return;
	for (q = p + 5; q + 8 < decl_end; q++)
		if (memcmp(q, "encoding", 8) == 0)
			break;
	if (q + 8 >= decl_end)
		return;
	for (q += 8; q < decl_end && (IS_SPACE(*q) || *q == '='); q++)
		;
	if (q >= decl_end || (*q != '"' && *q != '\''))
		return;
	quote = *q++;
	for (n = 0; q < decl_end && *q != quote && n < size - 1; q++)
		enc[n++] = *q;
	enc[n] = '\0';
}

/* Which pass an encoding name calls for. */
static enum xmlsafe_mode
xmlsafe_mode_of(const char *enc)
{
	static const char *const cp1252[] = {
		"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1",
		"l1", "cp819", "ibm819", "us-ascii", "ascii", "ansi_x3.4-1968",
		"windows-1252", "cp1252", "x-cp1252", "iso-ir-100", NULL
	};
	int	 i;

	if (enc[0] == '\0' || strcase_eq(enc, "utf-8") ||
	    strcase_eq(enc, "utf8"))
		return XMLSAFE_UTF8;
	for (i = 0; cp1252[i] != NULL; i++)
		if (strcase_eq(enc, cp1252[i]))
			return XMLSAFE_CP1252;
	return XMLSAFE_OTHER;
}

/* 1 when iconv can read enc (an ASCII-compatible encoding). */
static int
xmlsafe_known(const char *enc)
{
	iconv_t	 cd;

	if (strncase_eq(enc, "utf-16", 6) || strncase_eq(enc, "utf-32", 6) ||
	    strncase_eq(enc, "ucs", 3))
		return 0;	/* not for an ASCII-compatible body */
	if ((cd = iconv_open("UTF-8", enc)) == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

/* The UTF-16/32 flavour of a body, from its BOM or "<" pattern. */
static const char *
xmlsafe_wide(const unsigned char *u, size_t len, size_t *bom)
{
	*bom = 0;
	if (len < 4)
		return NULL;
	if (u[0] == 0 && u[1] == 0 && u[2] == 0xfe && u[3] == 0xff) {
		*bom = 4;
		return "UTF-32BE";
	}
	if (u[0] == 0xff && u[1] == 0xfe && u[2] == 0 && u[3] == 0) {
		*bom = 4;
		return "UTF-32LE";
	}
	if (u[0] == 0xfe && u[1] == 0xff) {
		*bom = 2;
		return "UTF-16BE";
	}
	if (u[0] == 0xff && u[1] == 0xfe) {
		*bom = 2;
		return "UTF-16LE";
	}
	if (u[0] == 0 && u[1] == 0 && u[2] == 0 && u[3] == '<')
		return "UTF-32BE";
	if (u[0] == '<' && u[1] == 0 && u[2] == 0 && u[3] == 0)
		return "UTF-32LE";
	if (u[0] == 0 && u[1] == '<')
		return "UTF-16BE";
	if (u[0] == '<' && u[1] == 0)
		return "UTF-16LE";
	return NULL;
}

/*
 * Convert buf from enc to UTF-8 into out with iconv; a sequence iconv
 * rejects becomes U+FFFD (counted in *nbad) and the conversion goes on,
 * a truncated one at the end is dropped.  Returns -1 when iconv does not
 * know enc.  Doing this here rather than in libxml2 keeps going past bad
 * bytes and keeps libxml2's context-less encoding errors off stderr.
 */
static int
xmlsafe_iconv(const char *enc, const char *buf, size_t len, size_t unit,
    struct buf *out, size_t *nbad)
{
	iconv_t	 cd;
	char	*in = (char *)(uintptr_t)buf, *o;
	size_t	 inleft = len, oleft, r;

	if ((cd = iconv_open("UTF-8", enc)) == (iconv_t)-1)
		return -1;
	buf_init(out);
	buf_grow(out, len + len / 2 + 16);
	while (inleft > 0) {
		buf_grow(out, inleft + 16);
		o = out->data + out->len;
		oleft = out->cap - out->len - 1;
		r = iconv(cd, &in, &inleft, &o, &oleft);
		out->len = (size_t)(o - out->data);
		out->data[out->len] = '\0';
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			buf_grow(out, inleft * 2 + 16);
		else if (errno == EILSEQ) {
			buf_add(out, "\xef\xbf\xbd", 3);
			(*nbad)++;
			r = inleft < unit ? inleft : unit;
			in += r;
			inleft -= r;
		} else
			break;	/* EINVAL: cut short at the end */
	}
	iconv_close(cd);
	if (out->data == NULL)
		buf_add(out, "", 0);
	return 0;
}

/*
 * A document cut off inside a tag ("<link href="http://exa") would give
 * libxml2 a half attribute to recover; end it before that tag instead.
 * Returns the length to parse.
 */
static size_t
xmlsafe_tail(const char *buf, size_t len, struct parse_result *res)
{
	size_t	 i;

	for (i = len; i > 0; i--) {
		if (buf[i - 1] == '>')
			return len;
		if (buf[i - 1] == '<')
			break;
	}
	if (i <= 1)
		return len;
	parse_result_warn(res, "recovered: document truncated inside a tag");
	return i - 1;
}

/* Run libxml2 on the final bytes, UTF-8 by now. */
static xmlDocPtr
xmlsafe_parse(const char *buf, size_t len, const char *url,
    struct parse_result *res, char **cause)
{
	xmlParserCtxtPtr	 ctxt;
	struct xmlsafe_state	 st;
	xmlDocPtr		 doc;

	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		*cause = xstrdup("cannot create an XML parser");
		return NULL;
	}
	st.res = res;
	st.nerrors = 0;
	ctxt->_private = &st;
	ctxt->sax->serror = xmlsafe_error_cb;
	ctxt->sax->warning = NULL;
	ctxt->sax->error = NULL;
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, url, "UTF-8",
	    XMLSAFE_OPTIONS);
	if (st.nerrors > XMLSAFE_MAX_QUOTED)
		parse_result_warn(res, "recovered: %zu more XML errors",
		    st.nerrors - XMLSAFE_MAX_QUOTED);
	ctxt->_private = NULL;
	xmlFreeParserCtxt(ctxt);
	if (doc != NULL && xmlDocGetRootElement(doc) == NULL) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (doc == NULL)
		*cause = xstrdup("not a feed: no XML element could be read");
	return doc;
}

xmlDocPtr
xmlsafe_read(const char *buf, size_t len, const char *url,
    const char *charset, struct parse_result *res, char **cause)
{
	const char		*p = buf, *end = buf + len, *q, *wide;
	struct xmlsafe_fix	 fx;
	struct buf		 conv;
	enum xmlsafe_mode	 mode;
	char			 enc[64];
	xmlDocPtr		 doc;
	size_t			 bom, nbad = 0;
	int			 changed;

	*cause = NULL;
	buf_init(&conv);
	if (len > XMLSAFE_MAX_SIZE) {
		xasprintf(cause, "document too large (%zu bytes)", len);
		return NULL;
	}
	enc[0] = '\0';
	if ((wide = xmlsafe_wide((const unsigned char *)buf, len, &bom)) !=
	    NULL) {
		/* UTF-16 or UTF-32: the BOM (or "<" pattern) wins. */
		xmlsafe_iconv(wide, buf + bom, len - bom, wide[4] == '3' ? 4 :
		    2, &conv, &nbad);
		p = conv.data;
		end = conv.data + conv.len;
		snprintf(enc, sizeof enc, "UTF-8");
	} else if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		snprintf(enc, sizeof enc, "UTF-8");
	}
	while (p < end && (IS_SPACE(*p) || *p == '\0'))
		p++;
	if (p == end) {
		buf_free(&conv);
		*cause = xstrdup("not a feed: empty body");
		return NULL;
	}
	if (*p != '<') {
		/* A junk line before the document: find the first tag. */
		size_t	 max = (size_t)(end - p) < XMLSAFE_JUNK_MAX ?
		    (size_t)(end - p) : XMLSAFE_JUNK_MAX;

		for (q = p; (q = memchr(q, '<', max - (size_t)(q - p))) !=
		    NULL; q++)
			if (q + 1 < end && (IS_ALPHA(q[1]) || q[1] == '?' ||
			    q[1] == '!'))
				break;
		if (q == NULL) {
			buf_free(&conv);
			*cause = xstrdup("not a feed: plain text, no XML");
			return NULL;
		}
		parse_result_warn(res, "recovered: skipped %zu bytes before "
		    "the first tag", (size_t)(q - p));
		p = q;
	}

	/* The transport wins, then a BOM, then the declaration. */
	if (enc[0] == '\0' && charset != NULL && charset[0] != '\0') {
		snprintf(enc, sizeof enc, "%s", charset);
		if (xmlsafe_mode_of(enc) == XMLSAFE_OTHER &&
		    !xmlsafe_known(enc)) {
			parse_result_warn(res, "unknown charset \"%s\" in "
			    "Content-Type, ignored", charset);
			enc[0] = '\0';
		}
	}
	if (enc[0] == '\0') {
		xmlsafe_declared(p, end, enc, sizeof enc);
		if (xmlsafe_mode_of(enc) == XMLSAFE_OTHER &&
		    !xmlsafe_known(enc)) {
			if (!strncase_eq(enc, "utf-16", 6))
				parse_result_warn(res, "unknown encoding "
				    "\"%s\", read as UTF-8", enc);
			enc[0] = '\0';
		}
	}
	mode = xmlsafe_mode_of(enc);
	if (mode == XMLSAFE_OTHER) {
		/* KOI8-R, Shift_JIS, GB2312, ...: to UTF-8 first. */
		xmlsafe_iconv(enc, p, (size_t)(end - p), 1, &conv, &nbad);
		p = conv.data;
		end = conv.data + conv.len;
		mode = XMLSAFE_UTF8;
	}
	if (nbad > 0)
		parse_result_warn(res, "recovered: %zu bytes not valid %s "
		    "replaced", nbad, wide != NULL ? wide : enc);

	changed = xmlsafe_fix(&fx, p, (size_t)(end - p), mode);
	if (fx.too_many_attrs) {
		buf_free(&fx.out);
		buf_free(&conv);
		xasprintf(cause, "not a feed: a tag with more than %d "
		    "attributes", XMLSAFE_MAX_ATTRS);
		return NULL;
	}
	if (fx.nentities > 0)
		parse_result_warn(res, "recovered: %zu HTML entities that XML "
		    "does not define", fx.nentities);
	if (fx.namps > 0)
		parse_result_warn(res, "recovered: %zu unescaped '&'",
		    fx.namps);
	if (fx.nlt > 0)
		parse_result_warn(res, "recovered: %zu unescaped '<'", fx.nlt);
	if (fx.ndropped > 0)
		parse_result_warn(res, "recovered: %zu references to entities "
		    "declared in the document dropped", fx.ndropped);
	if (fx.nctrl > 0)
		parse_result_warn(res, "recovered: %zu control characters "
		    "removed", fx.nctrl);
	if (fx.nbad > 0)
		parse_result_warn(res, "recovered: %zu bytes not UTF-8, read "
		    "as windows-1252", fx.nbad);
	if (changed) {
		buf_free(&conv);
		fx.out.len = xmlsafe_tail(fx.out.data, fx.out.len, res);
		doc = xmlsafe_parse(fx.out.data, fx.out.len, url, res, cause);
		buf_free(&fx.out);
	} else {
		doc = xmlsafe_parse(p, xmlsafe_tail(p, (size_t)(end - p), res),
		    url, res, cause);
		buf_free(&conv);
	}
	return doc;
}
