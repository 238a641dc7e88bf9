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
 * a block of bytes at a time, and runs as libxml2 reads: libxml2 is
 * handed its output a piece at a time, so neither a repaired copy nor
 * libxml2's own copy of the document is ever whole.  Other encodings
 * (UTF-16/32, KOI8-R, Shift_JIS, GB2312, ...) are first converted to
 * UTF-8 with iconv, so libxml2 is always handed UTF-8 and told to
 * ignore the declaration.
 *
 * The same pass hands libxml2 the document in the form it reads fastest
 * and loses least, with the same text (xmlsafe_text_ref() and on): in
 * character data, a non-ASCII character followed by plain ASCII becomes
 * a numeric reference, and so do XML's five entities; a CDATA section
 * becomes character data.  It stops at the first markup libxml2 reads
 * with an error, past which it cannot tell what libxml2 will make of the
 * bytes.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "charset.h"
#include "text.h"
#include "util.h"
#include "warn.h"
#include "xmlsafe.h"

/* libxml2 errors quoted in warnings; the rest are only counted. */
#define XMLSAFE_MAX_QUOTED	2

/* How far to look for the first tag past leading junk. */
#define XMLSAFE_JUNK_MAX	4096

#define XMLSAFE_OPTIONS	(XML_PARSE_RECOVER | XML_PARSE_NONET |	\
	XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT |	\
	XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC)

/* Per-parse state reachable from the error handler. */
struct xmlsafe_state {
	struct warnings	*warn;
	xmlDictPtr		 dict;		/* sax: the names' */
	size_t			 nerrors;
	const struct xmlsafe_sax	*sax;	/* or NULL: libxml2's tree */
	void			*arg;
	int			 depth;		/* sax: elements open */
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
	warnings_add(st->warn, "recovered: line %d: %s", err->line, msg);
}

/* An error of our own, counted and quoted as libxml2's are. */
static void
xmlsafe_error(struct xmlsafe_state *st, int line, const char *msg)
{
	if (st->nerrors++ < XMLSAFE_MAX_QUOTED)
		warnings_add(st->warn, "recovered: line %d: %s", line, msg);
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
		char		 name[33];	/* its first 32 bytes */
		size_t		 len;
	}		 declared[XMLSAFE_MAX_DECLARED];
	size_t		 ndeclared;
	int		 too_many_attrs;
	/* Character data (see xmlsafe_text_ref()): from here to the next
	   '<', once the root element has begun. */
	const char	*text_from;
	int		 root_seen;
	/* Character data checked for "]]>" up to its next '<': none before
	   clean_until; one before dirty_until. */
	const char	*clean_until, *dirty_until;
	/* A CDATA section read as character data (XMLSAFE_CDATA_TEXT):
	   where its "]]>" is, or NULL. */
	const char	*cdata_end;
	/* Markup libxml2 reads with an error was met (xmlsafe_tag_clean()),
	   or the root element ended: libxml2 may not read on as the pass
	   thinks, so from there on nothing is changed for speed. */
	int		 lost;
	size_t		 depth;		/* elements open, as the pass counts */
};

/*
 * libxml2 2.9 checks an element's attributes for duplicates pairwise:
 * 80,000 attributes on one tag (under 1 MB) take seconds, an 8 MB tag
 * many minutes, all of it on the daemon's one thread.  No feed needs more
 * than a handful, so a document with a longer tag is refused.
 */
#define XMLSAFE_MAX_ATTRS	256
/*
 * HTML pages do carry hundreds (data-* galore); the pairwise check costs
 * about 25 ms at this many, and a tag past it is refused.
 */
#define XMLSAFE_HTML_MAX_ATTRS	5000

/* The bytes xmlsafe_tag_too_wide() stops at outside quotes. */
static const unsigned char xmlsafe_tag_stop[256] = {
	['"'] = 1, ['\''] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1
};

/*
 * The start tag at p: 1 when it has more than max attributes ('=' outside
 * quotes, counted up to the first '>' or '<' outside quotes), else 0.
 * A quote runs to the next of its kind, wherever that is.  *tag_end (if
 * not NULL) is set past its '>', at the '<' that cut it short, or at end.
 */
static int
xmlsafe_tag_scan(const char *p, const char *end, size_t max,
    const char **tag_end)
{
	const char	*stop = end;
	size_t		 n = 0;
	int		 wide = 0;

	for (p++; p < end; p++) {
		while (p < end && !xmlsafe_tag_stop[(unsigned char)*p])
			p++;
		if (p == end)
			break;
		if (*p == '"' || *p == '\'') {
			if ((p = memchr(p + 1, *p, (size_t)(end - p - 1))) ==
			    NULL)
				break;
		} else if (*p != '=') {
			stop = *p == '>' ? p + 1 : p;
			break;
		} else if (++n > max) {
			wide = 1;
			break;
		}
	}
	if (tag_end != NULL)
		*tag_end = stop;
	return wide;
}

static int
xmlsafe_tag_too_wide(const char *p, const char *end, size_t max)
{
	return xmlsafe_tag_scan(p, end, max, NULL);
}

/* Copy the untouched input before p, then the replacement (one growth
   for both: the pass makes a replacement every few words). */
static void
xmlsafe_replace(struct xmlsafe_fix *fx, const char *p, size_t skip,
    const char *with, size_t wlen)
{
	struct buf	*b = &fx->out;
	size_t		 run = (size_t)(p - fx->flushed);

	buf_grow(b, run + wlen);
	memcpy(b->data + b->len, fx->flushed, run);
	memcpy(b->data + b->len + run, with, wlen);
	b->len += run + wlen;
	b->data[b->len] = '\0';
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
		    n < sizeof fx->declared[i].name &&
		    memcmp(fx->declared[i].name, name, n) == 0)
			return 1;
	return 0;
}

/* At "<!ENTITY": remember the name of a general entity. */
static void
xmlsafe_entity_decl(struct xmlsafe_fix *fx, const char *p, const char *end)
{
	const char	*q = p + 8, *name;
	size_t		 n;

	while (q < end && IS_SPACE(*q))
		q++;
	if (q >= end || *q == '%' || fx->ndeclared == XMLSAFE_MAX_DECLARED)
		return;
	for (name = q; q < end && (IS_ALNUM(*q) || *q == '_' || *q == '-' ||
	    *q == '.'); q++)
		;
	if (q == name)
		return;
	/* Copied: the input may be given back as it is read. */
	n = (size_t)(q - name) < sizeof fx->declared[0].name - 1 ?
	    (size_t)(q - name) : sizeof fx->declared[0].name - 1;
	memcpy(fx->declared[fx->ndeclared].name, name, n);
	fx->declared[fx->ndeclared].name[n] = '\0';
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
 * of the sequence), so the scan goes on at the next flagged byte.  Once
 * character data is told apart (text_from, see xmlsafe_text_ref()), an
 * end tag, a reference and a sequence from text_from on are
 * xmlsafe_fix_at()'s; in a CDATA section read as text (escape), every '&'
 * is.
 */
static const char *
xmlsafe_skip(const char *p, const char *end, const unsigned char *special,
    unsigned char a, unsigned char b, int utf8, const char *text_from,
    int escape)
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
				if (escape || !xmlsafe_xml_ref(q, end) ||
				    (text_from != NULL && q >= text_from))
					return q;
			} else if (*q == '<' && a == '&') {
				if (q + 1 == end || q[1] != '/' ||
				    text_from != NULL)
					return q;
			} else if ((unsigned char)*q >= 0x80 && utf8 &&
			    (text_from == NULL || q < text_from)) {
				n = text_utf8_len((const unsigned char *)q,
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
 * At '&' (outside CDATA): leave XML's own references alone (in character
 * data, text, made numeric: see below), rewrite HTML named entities as
 * numeric references and anything else as "&amp;".  Returns the bytes
 * consumed.
 *
 * libxml2 2.9 drops every reference to an entity, XML's own too, once
 * the document has had an error (xmlParseReference() returns when it is
 * not well-formed): a mismatched end tag early in a feed took every "&amp;"
 * and "&lt;" out of the text after it.  A numeric reference it keeps, and
 * reads for less.
 */
static size_t
xmlsafe_fix_amp(struct xmlsafe_fix *fx, const char *p, const char *end,
    int text)
{
	const htmlEntityDesc	*d;
	const char		*q = p + 1;
	char			 name[33], num[16];
	size_t			 n;

	if (q < end && *q == '#') {
		unsigned long	 v = 0;
		int		 hex = 0, c;

		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			hex = 1;
			for (q++, n = 0; q < end && (IS_DIGIT(*q) ||
			    (TO_LOWER((unsigned char)*q) >= 'a' &&
			    TO_LOWER((unsigned char)*q) <= 'f')); q++, n++) {
				c = TO_LOWER((unsigned char)*q);
				if (v <= 0x10ffff)
					v = v * 16 + (unsigned long)(IS_DIGIT(c) ?
					    c - '0' : c - 'a' + 10);
			}
		} else
			for (n = 0; q < end && IS_DIGIT(*q); q++, n++)
				if (v <= 0x10ffff)
					v = v * 10 + (unsigned long)(*q - '0');
		if (n > 0 && q < end && *q == ';') {
			n = (size_t)(q - p) + 1;
			/* What XML has no character for (a control, a
			   surrogate, past U+10FFFF) goes, as a raw one would;
			   "&#X" is HTML's spelling, libxml2 wants "&#x". */
			if ((v < 0x20 && v != '\t' && v != '\n' && v != '\r') ||
			    (v >= 0xd800 && v <= 0xdfff) || v == 0xfffe ||
			    v == 0xffff || v > 0x10ffff) {
				xmlsafe_replace(fx, p, n, "", 0);
				fx->nctrl++;
			} else if (hex && p[2] == 'X')
				xmlsafe_replace(fx, p, 3, "&#x", 3);
			return n;
		}
	} else if (q < end && IS_ALPHA(*q)) {
		for (n = 0; q < end && IS_ALNUM(*q) && n < sizeof name - 1;
		    q++, n++)
			name[n] = *q;
		name[n] = '\0';
		if (q < end && *q == ';') {
			if (xmlsafe_xml_entity(name, n)) {
				if (text)
					xmlsafe_replace(fx, p, n + 2, name[0] ==
					    'l' ? "&#60;" : name[0] == 'g' ?
					    "&#62;" : name[1] == 'm' ? "&#38;" :
					    name[0] == 'q' ? "&#34;" : "&#39;", 5);
				return n + 2;
			}
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
	if (text)
		xmlsafe_replace(fx, p, 1, "&#38;", 5);
	else
		xmlsafe_replace(fx, p, 1, "&amp;", 5);
	fx->namps++;
	return 1;
}

/*
 * libxml2 2.9 reads character data a byte at a time through its fast
 * loop only while the bytes are ASCII: from the first other byte of a run
 * of text to the next '<' or '&', it decodes character by character,
 * some ten times slower.  A feed in a Latin script has an accented
 * letter, a curly quote or a dash every few words, so nearly all its text
 * took the slow way.  In character data, such a character followed by
 * XMLSAFE_REF_GAP plain ASCII bytes is handed over as a character
 * reference instead ("&#233;"): the same text, and the slow way ends at
 * its '&'.  Text dense in other characters (Cyrillic, CJK) is left as it
 * is, where a reference for each would cost more than it saves.
 * Character data runs from past the end of a tag, comment or processing
 * instruction (fx->text_from) to the next '<', once the root element has
 * begun; never in a CDATA section, a name or an attribute value.
 *
 * The two ways differ on a "]]>" in character data (an error): the slow
 * one keeps the text, the fast one drops what it had read of it.  So no
 * reference is made where the fast way could then meet one (a ']' before
 * a '>' up to the next '<', xmlsafe_close_risk()).
 */
#define XMLSAFE_REF_GAP		16

#if !defined(__SSE2__) || !defined(__GNUC__)
/* The bytes libxml2's fast loop takes, but '<' and '&' (which end it). */
static const unsigned char xmlsafe_plain[256] = {
	['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
	[' '] = 1, ['!'] = 1, ['"'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1,
	['\''] = 1, ['('] = 1, [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1,
	['-'] = 1, ['.'] = 1, ['/'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1,
	['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
	['9'] = 1, [':'] = 1, [';'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1,
	['@'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1,
	['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1,
	['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,
	['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1,
	['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['['] = 1, ['\\'] = 1, [']'] = 1,
	['^'] = 1, ['_'] = 1, ['`'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1,
	['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
	['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1,
	['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['{'] = 1,
	['|'] = 1, ['}'] = 1, ['~'] = 1, [0x7f] = 1
};
#endif

/* 1 when the XMLSAFE_REF_GAP bytes at q are all plain. */
static inline int
xmlsafe_plain_gap(const char *q)
{
#if defined(__SSE2__) && defined(__GNUC__)
	__m128i	 x = _mm_loadu_si128((const __m128i *)(const void *)q);
	__m128i	 ws, bad;

	_Static_assert(XMLSAFE_REF_GAP == 16, "the gap is one SSE2 load");

	/* Below 0x20 or from 0x80 (a signed compare), but tab, LF, CR. */
	ws = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\t')),
	    _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));
	bad = _mm_andnot_si128(ws, _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)));
	bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(x,
	    _mm_set1_epi8('<')), _mm_cmpeq_epi8(x, _mm_set1_epi8('&'))));
	return _mm_movemask_epi8(bad) == 0;
#else
	size_t	 i;

	for (i = 0; i < XMLSAFE_REF_GAP; i++)
		if (!xmlsafe_plain[(unsigned char)q[i]])
			return 0;
	return 1;
#endif
}

/* Where the scan is: in a CDATA section left as it is, or read as text. */
#define XMLSAFE_CDATA		1
#define XMLSAFE_CDATA_TEXT	2

static int
xmlsafe_in_text(const struct xmlsafe_fix *fx, const char *p, int incdata)
{
	return fx->root_seen && !fx->lost && incdata != XMLSAFE_CDATA &&
	    p >= fx->text_from;
}

/*
 * 1 when [p, lt) has a ']' with a '>' after it: with what the pass drops
 * between them (a control, a reference to a declared entity), they may
 * reach libxml2 as "]]>".  The end of a CDATA section read as text
 * (skip, or NULL), which goes, does not count.
 */
static int
xmlsafe_close_risk(const char *p, const char *lt, const char *skip)
{
	const char	*r, *gt;

	for (r = p; (r = memchr(r, ']', (size_t)(lt - r))) != NULL; r++) {
		if (skip != NULL && r >= skip && r < skip + 3)
			continue;
		for (gt = r + 1; (gt = memchr(gt, '>', (size_t)(lt - gt))) !=
		    NULL; gt++)
			if (skip == NULL || gt != skip + 2)
				return 1;
		return 0;
	}
	return 0;
}

/*
 * The character cp, at [p, p + n) of the input in character data: as a
 * reference when the next XMLSAFE_REF_GAP bytes are plain (1), else
 * left (0).  XML's noncharacters U+FFFE and U+FFFF stay as they are, for
 * libxml2 to refuse as it would.
 */
static int
xmlsafe_text_ref(struct xmlsafe_fix *fx, const char *p, size_t n,
    unsigned cp, const char *end)
{
	const char	*q = p + n;
	char		 num[16];
	size_t		 len;

	if (end - q < XMLSAFE_REF_GAP || cp == 0xfffe || cp == 0xffff ||
	    !xmlsafe_plain_gap(q))
		return 0;
	if (q >= fx->clean_until) {
		const char	*lt;

		if (q < fx->dirty_until)
			return 0;
		if ((lt = memchr(q, '<', (size_t)(end - q))) == NULL)
			lt = end;
		if (xmlsafe_close_risk(q, lt, fx->cdata_end)) {
			fx->dirty_until = lt;
			return 0;
		}
		fx->clean_until = lt;
	}
	/* "&#" and the digits, written from the end. */
	len = sizeof num;
	num[--len] = ';';
	do {
		num[--len] = (char)('0' + cp % 10);
		cp /= 10;
	} while (cp > 0);
	num[--len] = '#';
	num[--len] = '&';
	xmlsafe_replace(fx, p, n, num + len, sizeof num - len);
	return 1;
}

/* The code point of the valid UTF-8 sequence of n bytes at p. */
static unsigned
xmlsafe_utf8_cp(const unsigned char *p, size_t n)
{
	if (n == 2)
		return (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
	if (n == 3)
		return (unsigned)(p[0] & 0x0f) << 12 |
		    (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
	return (unsigned)(p[0] & 0x07) << 18 | (unsigned)(p[1] & 0x3f) << 12 |
	    (unsigned)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
}

/* Where markup that starts at p ends: past close, or at end. */
static const char *
xmlsafe_past(const char *p, const char *end, const char *close)
{
	size_t		 n = strlen(close);
	const char	*q;

	q = n == 1 ? memchr(p, close[0], (size_t)(end - p)) :
	    memmem(p, (size_t)(end - p), close, n);
	return q != NULL ? q + n : end;
}

/*
 * libxml2 2.9 reads a CDATA section a character at a time, every byte of
 * it: a feed's HTML in content:encoded went the slow way whole.  A
 * section after the root element's start is handed over as character
 * data instead, '<' and '&' escaped, the same text (libxml2 is told to
 * make text of CDATA anyway): its ASCII then goes through the fast loop.
 * Only a section libxml2 would read whole: one that ends, within
 * XMLSAFE_CDATA_MAX bytes (past 10 MB libxml2 drops it), and that holds
 * no U+FFFE or U+FFFF (at one, it drops the section), and only where
 * the text around it reads as before (xmlsafe_cdata_as_text()).  A ']'
 * or '>' that begins it and a ']' that ends it are references, so that
 * no "]]>" is made with the bytes around it.
 */
#define XMLSAFE_CDATA_MAX	(1024 * 1024)

/* A name's bytes, as xmlsafe_tag_clean() takes them: ASCII letters,
   digits, '_', ':', '-' and '.' (libxml2 takes some others too, by
   Unicode ranges the pass does not follow). */
static const unsigned char xmlsafe_name_bytes[128] = {
	['-'] = 1, ['.'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1,
	['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	[':'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1,
	['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1,
	['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,
	['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1,
	['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['_'] = 1, ['a'] = 1, ['b'] = 1,
	['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
	['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1
};

static inline int
xmlsafe_name_byte(unsigned char c)
{
	return c < 0x80 && xmlsafe_name_bytes[c];
}

/*
 * 1 when the start tag [p, e) is one libxml2 reads without an error: a
 * name, attributes of a name, '=' and a quoted value with no '<' in it,
 * spaces between, and "/>" or '>' (e is past it).  After any other,
 * libxml2's recovery may not read on as the repair pass thinks.
 */
static int
xmlsafe_tag_clean(const char *p, const char *e)
{
	const char	*q = p + 1, *close;

	if (e[-1] != '>')
		return 0;	/* cut short by a '<', or by the end */
	e--;			/* at its '>' */
	if (q < e && !IS_ALPHA(*q) && *q != '_' && *q != ':')
		return 0;
	while (q < e && xmlsafe_name_byte((unsigned char)*q))
		q++;
	for (;;) {
		if (q < e && !IS_SPACE(*q))
			break;
		while (q < e && IS_SPACE(*q))
			q++;
		if (q == e || (*q == '/' && q + 1 == e))
			return 1;
		if (!IS_ALPHA(*q) && *q != '_' && *q != ':')
			return 0;
		while (q < e && xmlsafe_name_byte((unsigned char)*q))
			q++;
		while (q < e && IS_SPACE(*q))
			q++;
		if (q == e || *q++ != '=')
			return 0;
		while (q < e && IS_SPACE(*q))
			q++;
		if (q == e || (*q != '"' && *q != '\''))
			return 0;
		if ((close = memchr(q + 1, *q, (size_t)(e - q - 1))) == NULL ||
		    memchr(q + 1, '<', (size_t)(close - q - 1)) != NULL)
			return 0;
		q = close + 1;
	}
	return q == e || (*q == '/' && q + 1 == e);
}

/* 1 when the end tag [p, e) is "</name>", spaces before the '>' allowed. */
static int
xmlsafe_end_tag_clean(const char *p, const char *e)
{
	const char	*q = p + 2;

	if (e[-1] != '>' || q == e - 1 || (!IS_ALPHA(*q) && *q != '_' &&
	    *q != ':'))
		return 0;
	while (q < e - 1 && xmlsafe_name_byte((unsigned char)*q))
		q++;
	while (q < e - 1 && IS_SPACE(*q))
		q++;
	return q == e - 1;
}

/* A control character the pass drops (all but tab, LF and CR). */
static int
xmlsafe_dropped(unsigned char c)
{
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

/*
 * 1 when a comment or PI [p, e) is one libxml2 reads to its end: under
 * XMLSAFE_CDATA_MAX bytes (past 10 MB it stops), with no U+FFFE or
 * U+FFFF (where it stops too).
 */
static int
xmlsafe_markup_plain(const char *p, const char *e)
{
	const char	*r;

	if (e - p > XMLSAFE_CDATA_MAX)
		return 0;
	for (r = p; (r = memchr(r, 0xef, (size_t)(e - r))) != NULL; r++)
		if (e - r >= 3 && (unsigned char)r[1] == 0xbf &&
		    ((unsigned char)r[2] == 0xbe || (unsigned char)r[2] == 0xbf))
			return 0;
	return 1;
}

/*
 * The "]]>" of the section at p ("<![CDATA["), if it is one to read as
 * text; else NULL.  Not one libxml2 would not read whole (see above);
 * not an empty one (libxml2 makes an empty text node of it); not one
 * with a control character in it (dropped, it could leave a "]]>" or
 * join a ']' to the bytes around); not one that ends in a CR or that
 * begins with a LF after one (as one text, the two would make one line
 * end); and not when the text after it, to the next '<', has a ']' with
 * a '>' after it (read afresh, the fast way; as part of the section's
 * text, perhaps the slow way: see xmlsafe_text_ref()).
 */
static const char *
xmlsafe_cdata_as_text(const char *p, const char *end)
{
	const char	*from = p + 9, *e, *r, *lt;
	size_t		 max;

	max = (size_t)(end - from) < XMLSAFE_CDATA_MAX + 3 ?
	    (size_t)(end - from) : XMLSAFE_CDATA_MAX + 3;
	if ((e = memmem(from, max, "]]>", 3)) == NULL || e == from ||
	    e[-1] == '\r' || !xmlsafe_markup_plain(from, e) ||
	    (*from == '\n' && (p[-1] == '\r' ||
	    xmlsafe_dropped((unsigned char)p[-1]))))
		return NULL;
	for (r = from; r < e; r++)
		if (xmlsafe_dropped((unsigned char)*r))
			return NULL;
	if ((lt = memchr(e + 3, '<', (size_t)(end - e - 3))) == NULL)
		lt = end;
	if (xmlsafe_close_risk(e + 3, lt, NULL))
		return NULL;
	return e;
}

/*
 * At p, a byte the table marks: repair it, or step over it and what it
 * starts.  Returns where the scan goes on.
 */
static const char *
xmlsafe_fix_at(struct xmlsafe_fix *fx, const char *p, const char *end,
    enum charset_mode mode, int *incdata)
{
	const unsigned char	*u, *uend = (const unsigned char *)end;
	unsigned char		 c = (unsigned char)*p;
	unsigned		 cp;
	size_t			 n;
	char			 s[2];

	if (*incdata == XMLSAFE_CDATA_TEXT) {
		if (p == fx->cdata_end) {
			/* Its last ']' could make "]]>" with what follows (a
			   section read as text holds no control to drop). */
			if (p[-1] == ']' && p - 1 >= fx->flushed)
				xmlsafe_replace(fx, p - 1, 1, "&#93;", 5);
			xmlsafe_replace(fx, p, 3, "", 0);
			fx->cdata_end = NULL;
			*incdata = 0;
			return p + 3;
		}
		/* (Not "&lt;": once the document has an error, libxml2
		   2.9 drops a reference to an entity, even XML's own.) */
		if (c == '<' || c == '&') {
			xmlsafe_replace(fx, p, 1, c == '<' ? "&#60;" : "&#38;",
			    5);
			return p + 1;
		}
	}
	if (c == '<') {
		/* Markup from here (but inside markup already seen). */
		int	 markup = p >= fx->text_from;

		if (*incdata || p + 1 == end)
			return p + 1;
		if (p[1] == '!') {
			if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
				const char	*e = NULL;

				/* (In what the pass takes for a comment, a
				   PI or a tag: it cannot follow libxml2.) */
				if (!markup)
					fx->lost = 1;
				else if (fx->root_seen && !fx->lost)
					e = xmlsafe_cdata_as_text(p, end);
				if (e == NULL) {
					*incdata = XMLSAFE_CDATA;
					return p + 9;
				}
				*incdata = XMLSAFE_CDATA_TEXT;
				fx->cdata_end = e;
				xmlsafe_replace(fx, p, 9, "", 0);
				/* (Its first ']' or '>': see above.) */
				if (p[9] == ']' || p[9] == '>') {
					xmlsafe_replace(fx, p + 9, 1, p[9] == ']' ?
					    "&#93;" : "&#62;", 5);
					return p + 10;
				}
				return p + 9;
			}
			if (end - p >= 8 && memcmp(p, "<!ENTITY", 8) == 0)
				xmlsafe_entity_decl(fx, p, end);
			if (!markup)
				return p + 1;
			if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
				fx->text_from = xmlsafe_past(p + 4, end, "-->");
				fx->lost |= !xmlsafe_markup_plain(p, fx->text_from);
			} else {
				/*
				 * Before the root, a DOCTYPE with no internal
				 * subset; nothing else that the pass follows
				 * (a subset holds declarations, quoted '>').
				 */
				fx->text_from = xmlsafe_past(p + 2, end, ">");
				if (fx->root_seen || end - p < 9 ||
				    memcmp(p, "<!DOCTYPE", 9) != 0 ||
				    memchr(p, '[', (size_t)(fx->text_from - p)) !=
				    NULL)
					fx->lost = 1;
			}
		} else if (IS_SPACE(p[1]) || IS_DIGIT(p[1]) || p[1] == '=' ||
		    p[1] == '<') {
			/* "a < b": a '<' that starts no tag (numeric in text:
			   see xmlsafe_fix_amp()) */
			if (xmlsafe_in_text(fx, p, *incdata))
				xmlsafe_replace(fx, p, 1, "&#60;", 5);
			else
				xmlsafe_replace(fx, p, 1, "&lt;", 4);
			fx->nlt++;
		} else if (p[1] == '?') {
			if (markup) {
				/* A target that is a name, as libxml2 wants. */
				fx->text_from = xmlsafe_past(p + 2, end, "?>");
				if (end - p < 3 || (!IS_ALPHA(p[2]) &&
				    p[2] != '_' && p[2] != ':') ||
				    !xmlsafe_markup_plain(p, fx->text_from))
					fx->lost = 1;
			}
		} else if (p[1] == '/') {
			if (markup) {
				fx->text_from = xmlsafe_past(p + 2, end, ">");
				/* Past the root's end, all is an error. */
				if (!xmlsafe_end_tag_clean(p, fx->text_from) ||
				    fx->depth <= 1)
					fx->lost = 1;
				if (fx->depth > 0)
					fx->depth--;
			}
		} else if (markup && !IS_ALPHA(p[1]) && p[1] != '_' &&
		    p[1] != ':') {
			/* No name libxml2 reads for sure: it reads on from
			   the next byte, or stops. */
			fx->text_from = p + 1;
			fx->lost = 1;
		} else if (markup) {
			/* A start tag: character data follows it. */
			if (fx->root_seen && fx->depth == 0)
				fx->lost = 1;	/* a second root */
			fx->root_seen = 1;
			if (xmlsafe_tag_scan(p, end, IS_ALPHA(p[1]) ?
			    XMLSAFE_MAX_ATTRS : SIZE_MAX, &fx->text_from))
				fx->too_many_attrs = 1;
			else if (fx->lost)
				;
			else if (!xmlsafe_tag_clean(p, fx->text_from))
				fx->lost = 1;
			else if (fx->text_from[-2] != '/')
				fx->depth++;
			else if (fx->depth == 0)
				fx->lost = 1;	/* the root, empty */
		} else if (IS_ALPHA(p[1]) && xmlsafe_tag_too_wide(p, end,
		    XMLSAFE_MAX_ATTRS))
			fx->too_many_attrs = 1;
		return p + 1;
	}
	if (c == ']') {
		if (*incdata == XMLSAFE_CDATA && end - p >= 3 &&
		    memcmp(p, "]]>", 3) == 0) {
			*incdata = 0;
			return p + 3;
		}
		return p + 1;
	}
	if (c == '&') {
		int	 text;

		if (*incdata)
			return p + 1;
		text = xmlsafe_in_text(fx, p, *incdata);
		/* XML's own, in text: as xmlsafe_fix_amp() would. */
		if (text && xmlsafe_xml_ref(p, end)) {
			n = p[1] == 'l' || p[1] == 'g' ? 4 : p[2] == 'm' ? 5 : 6;
			xmlsafe_replace(fx, p, n, p[1] == 'l' ? "&#60;" :
			    p[1] == 'g' ? "&#62;" : p[2] == 'm' ? "&#38;" :
			    p[1] == 'q' ? "&#34;" : "&#39;", 5);
			return p + n;
		}
		return p + xmlsafe_fix_amp(fx, p, end, text);
	}
	if (c < 0x20) {
		xmlsafe_replace(fx, p, 1, "", 0);
		fx->nctrl++;
		return p + 1;
	}
	if (mode == CHARSET_UTF8) {
		const unsigned char	*last = NULL;

		/* A run of valid sequences is stepped over at once: only
		   its last may be followed by plain bytes. */
		u = (const unsigned char *)p;
		while ((n = text_utf8_len(u, uend)) > 0) {
			last = u;
			u += n;
			if (u == uend || *u < 0x80)
				break;
		}
		if (u != (const unsigned char *)p) {
			if (xmlsafe_in_text(fx, p, *incdata))
				(void)xmlsafe_text_ref(fx, (const char *)last,
				    (size_t)(u - last), xmlsafe_utf8_cp(last,
				    (size_t)(u - last)), end);
			return (const char *)u;
		}
		xmlsafe_replace(fx, p, 1, "", 0);
		text_add_utf8(&fx->out, charset_cp1252(c));
		fx->nbad++;
		return p + 1;
	}
	cp = charset_cp1252(c);
	if (xmlsafe_in_text(fx, p, *incdata) && xmlsafe_text_ref(fx, p, 1, cp,
	    end))
		return p + 1;
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		xmlsafe_replace(fx, p, 1, s, 2);
	} else {
		xmlsafe_replace(fx, p, 1, "", 0);
		text_add_utf8(&fx->out, cp);
	}
	return p + 1;
}

/* Input one turn of the repair pass reads (xmlsafe_fix_step). */
#define XMLSAFE_STEP	(64 * 1024)

/* Input read between two givings back (XMLSAFE_DISCARD). */
#define XMLSAFE_DISCARD_STEP	(1024 * 1024)

/*
 * The repair pass (see the top of the file), run as libxml2 reads: its
 * output in fx.out is handed over a piece at a time and dropped, so no
 * repaired copy of the document is ever whole.  Held back at the end of
 * fx.out, from ready on, is what a document cut off inside a tag
 * ("<link href="http://exa") loses: the last '<' with no '>' after it
 * and what follows, which would give libxml2 a half attribute to recover;
 * the document ends before that tag instead.
 */
struct xmlsafe_stream {
	struct xmlsafe_fix	 fx;
	unsigned char		 special[256];	/* bytes that need a look */
	const char		*p;		/* the input read so far */
	enum charset_mode	 mode;
	int			 incdata;
	size_t			 sent;		/* of fx.out, handed over */
	size_t			 ready;		/* of fx.out, not held back */
	size_t			 base;		/* output before fx.out */
	int			 done;
	int			 truncated;	/* a cut tag was dropped */
	int			 discard;	/* XMLSAFE_DISCARD */
	const char		*discarded;	/* input given back so far */
};

/*
 * Give the whole pages of [from, to) back to the system (their bytes
 * read as zeros from then on, where madvise does that).  Returns where
 * the pages given back end, or from.
 */
static const char *
xmlsafe_discard(const char *from, const char *to)
{
#ifdef MADV_DONTNEED
	uintptr_t	 pg = (uintptr_t)sysconf(_SC_PAGESIZE), a, b;

	if (pg == 0 || (pg & (pg - 1)) != 0)
		return from;
	a = ((uintptr_t)from + pg - 1) & ~(pg - 1);
	b = (uintptr_t)to & ~(pg - 1);
	if (b > a && madvise((void *)a, b - a, MADV_DONTNEED) == 0)
		return (const char *)b;
#else
	(void)to;
#endif
	return from;
}

static void
xmlsafe_fix_init(struct xmlsafe_stream *xs, const char *buf, size_t len,
    enum charset_mode mode)
{
	int	 i;

	memset(xs, 0, sizeof *xs);
	for (i = 0; i < 256; i++)
		xs->special[i] = (i < 0x20 && i != '\t' && i != '\n' &&
		    i != '\r') || i == '&' || i == '<' || i == ']' ||
		    (i >= 0x80 && mode != CHARSET_OTHER);
	buf_init(&xs->fx.out);
	xs->fx.flushed = xs->fx.text_from = buf;
	xs->fx.clean_until = xs->fx.dirty_until = buf;
	xs->fx.end = buf + len;
	xs->p = xs->discarded = buf;
	xs->mode = mode;
}

/* One turn: up to XMLSAFE_STEP more bytes of input into fx.out. */
static void
xmlsafe_fix_step(struct xmlsafe_stream *xs)
{
	struct xmlsafe_fix	*fx = &xs->fx;
	const char		*p = xs->p, *end = fx->end, *stop;
	size_t			 i, from = fx->out.len;

	/* The scan stops at stop, the repairs look as far as they need. */
	stop = (size_t)(end - p) > XMLSAFE_STEP ? p + XMLSAFE_STEP : end;
	while (p < stop && !fx->too_many_attrs) {
		int		 cdata = xs->incdata == XMLSAFE_CDATA;
		const char	*lim = stop;

		/* A section read as text ends at its "]]>". */
		if (xs->incdata == XMLSAFE_CDATA_TEXT && fx->cdata_end < lim)
			lim = fx->cdata_end;
		p = xmlsafe_skip(p, lim, xs->special, cdata ? ']' : '&',
		    cdata ? ']' : '<', xs->mode == CHARSET_UTF8,
		    fx->root_seen && !fx->lost ? fx->text_from : NULL,
		    xs->incdata == XMLSAFE_CDATA_TEXT);
		if (p < lim || p == fx->cdata_end)
			p = xmlsafe_fix_at(fx, p, end, xs->mode, &xs->incdata);
	}
	if (fx->too_many_attrs) {
		xs->done = 1;
		return;
	}
	buf_add(&fx->out, fx->flushed, (size_t)(p - fx->flushed));
	fx->flushed = xs->p = p;
	for (i = fx->out.len; i > from; i--)
		if (fx->out.data[i - 1] == '>' || fx->out.data[i - 1] == '<')
			break;
	if (i > from)
		xs->ready = fx->out.data[i - 1] == '>' ? fx->out.len : i - 1;
	else if (xs->ready == from)
		xs->ready = fx->out.len;
	if (p < end)
		return;
	/* A tag cut off by the end, unless the document is only that. */
	if (xs->ready < fx->out.len) {
		if (xs->base + xs->ready == 0)
			xs->ready = fx->out.len;
		else {
			fx->out.len = xs->ready;
			xs->truncated = 1;
		}
	}
	xs->done = 1;
}

/*
 * xmlInputReadCallback: libxml2 reads the repaired document.  It is
 * given all it asks for but at the end: libxml2 2.9 looks ahead in what
 * one read gave it and takes a short read for the end of its lookahead.
 */
static int
xmlsafe_fix_read(void *arg, char *buf, int len)
{
	struct xmlsafe_stream	*xs = arg;
	struct buf		*out = &xs->fx.out;
	size_t			 n;

	if (len <= 0)
		return 0;
	while (xs->ready - xs->sent < (size_t)len && !xs->done) {
		if (xs->sent > 0) {
			/* Drop what was handed over. */
			memmove(out->data, out->data + xs->sent,
			    out->len - xs->sent);
			out->len -= xs->sent;
			xs->base += xs->sent;
			xs->ready -= xs->sent;
			xs->sent = 0;
		}
		xmlsafe_fix_step(xs);
	}
	/* What is read is in fx.out (the declared names copied). */
	if (xs->discard && (size_t)(xs->p - xs->discarded) >=
	    XMLSAFE_DISCARD_STEP)
		xs->discarded = xmlsafe_discard(xs->discarded, xs->p);
	if (xs->fx.too_many_attrs)
		return 0;
	n = xs->ready - xs->sent;
	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, out->data + xs->sent, n);
	xs->sent += n;
	return (int)n;
}

/* enc from the transport's charset (Content-Type), when we can read it. */
static void
xmlsafe_transport_charset(const char *charset, char *enc, size_t size,
    struct warnings *warn)
{
	if (charset == NULL || charset[0] == '\0')
		return;
	snprintf(enc, size, "%s", charset);
	if (charset_mode(enc) == CHARSET_OTHER && !charset_known(enc)) {
		warnings_add(warn, "unknown charset \"%s\" in Content-Type, "
		    "ignored", charset);
		enc[0] = '\0';
	}
}

/*
 * A declared encoding iconv does not know is read as UTF-8 (with a
 * warning, but for "utf-16" said in ASCII bytes: that text is no UTF-16).
 */
static void
xmlsafe_forget_unknown(char *enc, struct warnings *warn)
{
	if (enc[0] == '\0' || charset_mode(enc) != CHARSET_OTHER ||
	    charset_known(enc))
		return;
	if (!strncase_eq(enc, "utf-16", 6))
		warnings_add(warn, "unknown encoding \"%s\", read as UTF-8",
		    enc);
	enc[0] = '\0';
}

/*
 * KOI8-R, Shift_JIS, GB2312, ...: [*p, *end) to UTF-8 in conv (and
 * *p, *end moved there).  Returns the mode the bytes are now in.
 */
static enum charset_mode
xmlsafe_to_utf8(const char *enc, const char **p, const char **end,
    struct buf *conv, size_t *nbad)
{
	enum charset_mode	 mode = charset_mode(enc);

	if (mode != CHARSET_OTHER)
		return mode;
	charset_iconv(enc, *p, (size_t)(*end - *p), 1, conv, nbad);
	*p = conv->data;
	*end = conv->data + conv->len;
	return CHARSET_UTF8;
}

/*
 * SAX2 handlers that hand the document to st->sax.  ctxt->userData is
 * the context (the structured error handler needs it so).
 *
 * Two things libxml2 does around its own tree builder are done here for
 * the caller's.  A start tag it cannot finish ("Couldn't find end of
 * Start Tag") is popped without an end event, so what follows goes to
 * the parent: seen as ctxt->nameNr below the elements we have open,
 * each such one is handed over as lost.  And the text of an entity
 * declared in the document, parsed when it is first referred to, goes
 * to a tree apart, never the document's: ctxt->depth counts the
 * entities being parsed, and their events are dropped.  (The repair
 * pass leaves libxml2 no such reference, dropping those it remembers
 * and escaping the rest: this holds should one get through.)
 */
static int
xmlsafe_sax_sync(xmlParserCtxtPtr ctxt, struct xmlsafe_state *st)
{
	if (ctxt->depth > 0)
		return -1;
	while (st->depth > ctxt->nameNr) {
		st->depth--;
		st->sax->lost(st->arg);
	}
	return 0;
}

static void
xmlsafe_sax_start(void *data, const xmlChar *localname,
    const xmlChar *prefix, const xmlChar *uri, int nns,
    const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr	 ctxt = data;
	struct xmlsafe_state	*st = ctxt->_private;
	const xmlChar		*name = localname, *q, **copy = NULL;
	int			 i;

	(void)nns;
	(void)ns;
	/* A prefix never declared: libxml2's tree names it so, and so
	   does ours. */
	if (prefix != NULL && uri == NULL &&
	    (name = xmlDictQLookup(ctxt->dict, prefix, localname)) == NULL)
		name = localname;
	if (xmlsafe_sax_sync(ctxt, st) == -1)
		return;
	st->depth++;
	for (i = 0; i < nattrs; i++)
		if (attrs[5 * i + 1] != NULL && attrs[5 * i + 2] == NULL)
			break;
	if (i < nattrs) {
		/* The same for an attribute (rare: a copy). */
		copy = xreallocarray(NULL, (size_t)nattrs * 5, sizeof *copy);
		memcpy(copy, attrs, (size_t)nattrs * 5 * sizeof *copy);
		for (; i < nattrs; i++)
			if (copy[5 * i + 1] != NULL && copy[5 * i + 2] ==
			    NULL && (q = xmlDictQLookup(ctxt->dict,
			    copy[5 * i + 1], copy[5 * i])) != NULL) {
				copy[5 * i] = q;
				copy[5 * i + 1] = NULL;
			}
		attrs = copy;
	}
	st->sax->start(st->arg, (const char *)name, (const char *)uri,
	    nattrs, ndefaulted, attrs);
	free(copy);
}

static void
xmlsafe_sax_end(void *data, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	xmlParserCtxtPtr	 ctxt = data;
	struct xmlsafe_state	*st = ctxt->_private;

	(void)localname;
	(void)prefix;
	(void)uri;
	if (xmlsafe_sax_sync(ctxt, st) == -1 || st->depth == 0)
		return;
	st->depth--;
	st->sax->end(st->arg);
}

static void
xmlsafe_sax_text(void *data, const xmlChar *s, int len)
{
	xmlParserCtxtPtr	 ctxt = data;
	struct xmlsafe_state	*st = ctxt->_private;

	if ((ctxt->depth > 0 || st->depth > ctxt->nameNr) &&
	    xmlsafe_sax_sync(ctxt, st) == -1)
		return;
	if (len > 0 && st->sax->text(st->arg, (const char *)s, (size_t)len) ==
	    -1) {
		/* What libxml2's tree builder says and does then. */
		xmlsafe_error(st, xmlSAX2GetLineNumber(ctxt),
		    "xmlSAX2Characters: huge text node");
		ctxt->errNo = XML_ERR_NO_MEMORY;
		ctxt->instate = XML_PARSER_EOF;
		ctxt->disableSAX = 1;
	}
}

/* A comment or a processing instruction: in libxml2's tree, text around
   it is two text nodes. */
static void
xmlsafe_sax_comment(void *data, const xmlChar *text)
{
	xmlParserCtxtPtr	 ctxt = data;
	struct xmlsafe_state	*st = ctxt->_private;

	(void)text;
	if ((ctxt->depth > 0 || st->depth > ctxt->nameNr) &&
	    xmlsafe_sax_sync(ctxt, st) == -1)
		return;
	st->sax->split(st->arg);
}

static void
xmlsafe_sax_pi(void *data, const xmlChar *target, const xmlChar *text)
{
	(void)target;
	xmlsafe_sax_comment(data, text);
}

/*
 * Run libxml2 on the repaired bytes, UTF-8 by now, read from xs a piece
 * at a time: a memory document libxml2 would copy whole (and, told it is
 * UTF-8, convert the copy whole), two more bodies beside ours.
 */
static xmlDocPtr
xmlsafe_parse(struct xmlsafe_stream *xs, const char *url,
    const struct xmlsafe_sax *sax, void *arg, xmlDictPtr *dictp,
    struct warnings *warn, char **cause)
{
	xmlParserCtxtPtr	 ctxt;
	struct xmlsafe_state	 st;
	xmlDocPtr		 doc;

	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		*cause = xstrdup("cannot create an XML parser");
		return NULL;
	}
	st.warn = warn;
	st.nerrors = 0;
	st.sax = sax;
	st.arg = arg;
	st.dict = NULL;
	st.depth = 0;
	ctxt->_private = &st;
	ctxt->sax->serror = xmlsafe_error_cb;
	ctxt->sax->warning = NULL;
	ctxt->sax->error = NULL;
	if (sax != NULL) {
		/* No tree: what builds it, and what it would hold, goes. */
		ctxt->sax->startElementNs = xmlsafe_sax_start;
		ctxt->sax->endElementNs = xmlsafe_sax_end;
		ctxt->sax->characters = xmlsafe_sax_text;
		ctxt->sax->ignorableWhitespace = xmlsafe_sax_text;
		ctxt->sax->cdataBlock = NULL;	/* as characters */
		ctxt->sax->reference = NULL;
		ctxt->sax->comment = xmlsafe_sax_comment;
		ctxt->sax->processingInstruction = xmlsafe_sax_pi;
	}
	/*
	 * No encoding named: told "UTF-8", libxml2 2.9 runs its UTF-8 to
	 * UTF-8 converter over every byte.  Unnamed, it detects UTF-8 from
	 * the first bytes (ours start with '<', hold no NUL, and are UTF-8
	 * throughout) and reads them as they are; XML_PARSE_IGNORE_ENC
	 * has it ignore the declaration either way.
	 */
	doc = xmlCtxtReadIO(ctxt, xmlsafe_fix_read, NULL, xs, url, NULL,
	    XMLSAFE_OPTIONS);
	if (st.nerrors > XMLSAFE_MAX_QUOTED)
		warnings_add(warn, "recovered: %zu more XML errors",
		    st.nerrors - XMLSAFE_MAX_QUOTED);
	if (sax != NULL && ctxt->dict != NULL &&
	    xmlDictReference(ctxt->dict) == 0)
		st.dict = ctxt->dict;
	ctxt->_private = NULL;
	xmlFreeParserCtxt(ctxt);
	if (sax != NULL) {
		*dictp = st.dict;
		/* The elements went to sax; this holds the DTD, if any. */
		if (doc != NULL)
			xmlFreeDoc(doc);
		return NULL;
	}
	if (doc != NULL && xmlDocGetRootElement(doc) == NULL) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (doc == NULL)
		*cause = xstrdup("not a feed: no XML element could be read");
	return doc;
}

/*
 * xmlsafe_read() and xmlsafe_read_sax(): the tree (NULL on failure, or
 * with sax), *cause set on failure.
 */
static xmlDocPtr
xmlsafe_run(const char *buf, size_t len, const char *url,
    const char *charset, int flags, const struct xmlsafe_sax *sax,
    void *arg, xmlDictPtr *dict, struct warnings *warn, char **cause)
{
	const char		*p = buf, *end = buf + len, *q, *wide;
	struct xmlsafe_stream	 xs;
	struct xmlsafe_fix	*fx = &xs.fx;
	struct warnings		 errs;
	struct buf		 conv;
	enum charset_mode	 mode;
	char			 enc[64];
	xmlDocPtr		 doc;
	size_t			 bom, i, nbad = 0;
	char			 tail[16384];

	*cause = NULL;
	buf_init(&conv);
	if (len > XMLSAFE_MAX_SIZE) {
		xasprintf(cause, "document too large (%zu bytes)", len);
		return NULL;
	}
	enc[0] = '\0';
	if ((wide = charset_wide((const unsigned char *)buf, len, &bom)) !=
	    NULL) {
		/* UTF-16 or UTF-32: the BOM (or "<" pattern) wins. */
		charset_iconv(wide, buf + bom, len - bom, wide[4] == '3' ? 4 :
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
		warnings_add(warn, "recovered: skipped %zu bytes before "
		    "the first tag", (size_t)(q - p));
		p = q;
	}

	/* The transport wins, then a BOM, then the declaration. */
	if (enc[0] == '\0')
		xmlsafe_transport_charset(charset, enc, sizeof enc, warn);
	if (enc[0] == '\0') {
		charset_xml_declared(p, end, enc, sizeof enc);
		xmlsafe_forget_unknown(enc, warn);
	}
	mode = xmlsafe_to_utf8(enc, &p, &end, &conv, &nbad);
	if ((flags & XMLSAFE_DISCARD) && conv.data != NULL)
		/* Converted: only the copy is read from now on. */
		xmlsafe_discard(buf, buf + len);
	if (nbad > 0)
		warnings_add(warn, "recovered: %zu bytes not valid %s "
		    "replaced", nbad, wide != NULL ? wide : enc);

	/* libxml2's errors come after the repairs, as they come later. */
	xmlsafe_fix_init(&xs, p, (size_t)(end - p), mode);
	xs.discard = (flags & XMLSAFE_DISCARD) != 0;
	warnings_init(&errs);
	doc = xmlsafe_parse(&xs, url, sax, arg, dict, &errs, cause);
	/* What libxml2 gave up before is repaired too: counted, or refused. */
	while (xmlsafe_fix_read(&xs, tail, sizeof tail) > 0)
		;
	buf_free(&fx->out);
	buf_free(&conv);
	if (fx->too_many_attrs) {
		/* Refused, however far libxml2 had read. */
		if (doc != NULL)
			xmlFreeDoc(doc);
		free(*cause);
		warnings_free(&errs);
		xasprintf(cause, "not a feed: a tag with more than %d "
		    "attributes", XMLSAFE_MAX_ATTRS);
		return NULL;
	}
	if (fx->nentities > 0)
		warnings_add(warn, "recovered: %zu HTML entities that XML "
		    "does not define", fx->nentities);
	if (fx->namps > 0)
		warnings_add(warn, "recovered: %zu unescaped '&'",
		    fx->namps);
	if (fx->nlt > 0)
		warnings_add(warn, "recovered: %zu unescaped '<'", fx->nlt);
	if (fx->ndropped > 0)
		warnings_add(warn, "recovered: %zu references to entities "
		    "declared in the document dropped", fx->ndropped);
	if (fx->nctrl > 0)
		warnings_add(warn, "recovered: %zu control characters "
		    "removed", fx->nctrl);
	if (fx->nbad > 0)
		warnings_add(warn, "recovered: %zu bytes not UTF-8, read "
		    "as windows-1252", fx->nbad);
	if (xs.truncated)
		warnings_add(warn, "recovered: document truncated inside a "
		    "tag");
	for (i = 0; i < errs.n; i++)
		warnings_add(warn, "%s", errs.v[i]);
	warnings_free(&errs);
	return doc;
}

xmlDocPtr
xmlsafe_read(const char *buf, size_t len, const char *url,
    const char *charset, int flags, struct warnings *warn, char **cause)
{
	return xmlsafe_run(buf, len, url, charset, flags, NULL, NULL, NULL,
	    warn, cause);
}

int
xmlsafe_read_sax(const char *buf, size_t len, const char *url,
    const char *charset, int flags, const struct xmlsafe_sax *sax,
    void *arg, xmlDictPtr *dict, struct warnings *warn, char **cause)
{
	*cause = NULL;
	*dict = NULL;
	(void)xmlsafe_run(buf, len, url, charset, flags, sax, arg, dict,
	    warn, cause);
	return *cause == NULL ? 0 : -1;
}

/*
 * HTML pages.  libxml2's HTML parser decodes HTML's entities itself and
 * loads nothing; its errors are expected on every real page and only
 * silenced.  What it cannot be trusted with is bounded first: a tag
 * with too many attributes (checked pairwise, as in XML), and after the
 * parse the tree's depth and size (our walks recurse; a 100,000-deep
 * nest of <div>s is a few hundred KB).
 */
#define XMLSAFE_HTML_OPTIONS	(HTML_PARSE_RECOVER | HTML_PARSE_NONET | \
	HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT | \
	HTML_PARSE_IGNORE_ENC)

/*
 * libxml2 2.9 lets an end tag close only elements of lower "end
 * priority" (its own table: div 150, table 190, the rest 100), so in
 *	<header> ... <div class=logo> ... </header> <article> ...
 * the unclosed <div> keeps <header> open and the whole story ends up
 * inside the header.  HTML5 pops to the header there.  libxml2 reports
 * such an end tag as a name mismatch before it gives up on it: for the
 * end tags that HTML5 closes that way, the handler closes what is open
 * above the element (within HTML5's scope, through the parser's own SAX
 * end-element callback), so the end tag then closes the element itself.
 */
static const char *const xmlsafe_html_closers[] = {
	"address", "article", "aside", "blockquote", "center", "details",
	"dialog", "dir", "dl", "fieldset", "figcaption", "figure", "footer",
	"header", "hgroup", "main", "menu", "nav", "ol", "section",
	"summary", "ul", NULL
};

/* libxml2's htmlGetEndPriority(), which it does not export. */
static int
xmlsafe_html_priority(const char *name)
{
	static const struct {
		const char	*name;
		int		 priority;
	} t[] = {
		{ "div", 150 }, { "td", 160 }, { "th", 160 }, { "tr", 170 },
		{ "thead", 180 }, { "tbody", 180 }, { "tfoot", 180 },
		{ "table", 190 }, { "head", 200 }, { "body", 200 },
		{ "html", 220 }
	};
	size_t	 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(name, t[i].name) == 0)
			return t[i].priority;
	return 100;
}

/* HTML5's "has an element in scope" boundaries. */
static int
xmlsafe_html_scope_edge(const char *name)
{
	return strcmp(name, "table") == 0 || strcmp(name, "td") == 0 ||
	    strcmp(name, "th") == 0 || strcmp(name, "caption") == 0 ||
	    strcmp(name, "html") == 0 || strcmp(name, "object") == 0 ||
	    strcmp(name, "template") == 0 || strcmp(name, "applet") == 0 ||
	    strcmp(name, "marquee") == 0;
}

static void
xmlsafe_html_close_to(htmlParserCtxtPtr ctxt, const char *tag)
{
	int	 i, priority = xmlsafe_html_priority(tag), higher = 0;

	for (i = 0; xmlsafe_html_closers[i] != NULL; i++)
		if (strcmp(tag, xmlsafe_html_closers[i]) == 0)
			break;
	if (xmlsafe_html_closers[i] == NULL)
		return;
	/* Is tag open, in scope, behind something libxml2 will not close? */
	for (i = ctxt->nameNr - 1; i >= 0; i--) {
		const char	*name = (const char *)ctxt->nameTab[i];

		if (strcmp(name, tag) == 0)
			break;
		if (xmlsafe_html_scope_edge(name))
			return;
		if (xmlsafe_html_priority(name) > priority)
			higher = 1;
	}
	if (i < 0 || !higher || ctxt->sax == NULL ||
	    ctxt->sax->endElement == NULL)
		return;
	while (ctxt->nameNr > i + 1) {
		ctxt->sax->endElement(ctxt->userData, ctxt->name);
		ctxt->nameTab[--ctxt->nameNr] = NULL;
		ctxt->name = ctxt->nameTab[ctxt->nameNr - 1];
	}
}

/* ctxt->sax->serror for HTML: every page has errors; none is news. */
static void
xmlsafe_html_error_cb(void *data, xmlErrorPtr err)
{
	htmlParserCtxtPtr	 ctxt = data;

	if (ctxt != NULL && err != NULL &&
	    err->code == XML_ERR_TAG_NAME_MISMATCH && err->str1 != NULL &&
	    ctxt->nameNr > 0 && ctxt->nameNr < 10000)
		xmlsafe_html_close_to(ctxt, err->str1);
}

/* Drop element n's subtree beyond the caps; returns nodes kept. */
static size_t
xmlsafe_html_bound(xmlNodePtr root, size_t *dropped)
{
	xmlNodePtr	 n = root, next;
	size_t		 depth = 0, count = 0;

	*dropped = 0;
	while (n != NULL) {
		count++;
		if (n->children != NULL && (depth + 1 >= XMLSAFE_HTML_DEPTH ||
		    count >= XMLSAFE_HTML_NODES)) {
			/* Too deep or too many: what it holds goes. */
			while (n->children != NULL) {
				next = n->children;
				xmlUnlinkNode(next);
				xmlFreeNode(next);
				(*dropped)++;
			}
		}
		if (n->children != NULL) {
			n = n->children;
			depth++;
			continue;
		}
		while (n != root && n->next == NULL) {
			n = n->parent;
			depth--;
		}
		if (n == root)
			break;
		n = n->next;
	}
	return count;
}

/* The end of what follows p up to the first (case-blind) "</tag". */
static const char *
xmlsafe_html_skip_raw(const char *p, const char *end, const char *tag,
    size_t len)
{
	for (; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
		if (end - p > (ptrdiff_t)len + 1 && p[1] == '/' &&
		    strncase_eq(p + 2, tag, len))
			return p;
	return end;
}

/*
 * 1 when some start tag in buf has more than XMLSAFE_HTML_MAX_ATTRS
 * attributes.  Scripts, styles and comments are passed over: what they
 * hold is no tag ("if (a<b && c=d)").
 */
static int
xmlsafe_html_too_wide(const char *p, const char *end)
{
	const char	*q;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			for (q = p + 4; q + 3 <= end && memcmp(q, "-->", 3) != 0;
			    q++)
				;
			p = q;
			continue;
		}
		if (end - p > 7 && strncase_eq(p + 1, "script", 6))
			p = xmlsafe_html_skip_raw(p + 7, end, "script", 6);
		else if (end - p > 6 && strncase_eq(p + 1, "style", 5))
			p = xmlsafe_html_skip_raw(p + 6, end, "style", 5);
		else if (p + 1 < end && IS_ALPHA(p[1]) &&
		    xmlsafe_tag_too_wide(p, end, XMLSAFE_HTML_MAX_ATTRS))
			return 1;
		else
			p++;
		if (p >= end)
			break;
	}
	return 0;
}

/*
 * The '/' of the first "<script .../>" or "<style .../>" at or after p,
 * or NULL.  HTML has no self-closing scripts: a browser reads on to
 * </script>, libxml2 would end the element there and show the code.
 */
static const char *
xmlsafe_html_selfclosed_raw(const char *p, const char *end)
{
	const char	*q;
	char		 quote;
	size_t		 n;

	for (; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
		if (end - p > 7 && strncase_eq(p + 1, "script", 6))
			n = 7;
		else if (end - p > 6 && strncase_eq(p + 1, "style", 5))
			n = 6;
		else
			continue;
		if (!IS_SPACE(p[n]) && p[n] != '/' && p[n] != '>')
			continue;
		/* The tag's end, past quoted attribute values. */
		for (q = p + n, quote = 0; q < end; q++) {
			if (quote != 0) {
				if (*q == quote)
					quote = 0;
			} else if (*q == '"' || *q == '\'')
				quote = *q;
			else if (*q == '>')
				break;
		}
		if (q >= end)
			return NULL;
		if (q[-1] == '/')
			return q - 1;
		p = q;
	}
	return NULL;
}

xmlDocPtr
xmlsafe_read_html(const char *buf, size_t len, const char *url,
    const char *charset, struct warnings *warn, char **cause)
{
	htmlParserCtxtPtr	 ctxt;
	xmlStructuredErrorFunc	 old_handler;
	void			*old_data;
	const char		*p = buf, *end = buf + len, *wide, *slash;
	struct buf		 conv, fixed, raw;
	enum charset_mode	 mode;
	char			 enc[64];
	xmlDocPtr		 doc;
	size_t			 bom, nbad = 0, dropped, off;

	*cause = NULL;
	buf_init(&conv);
	buf_init(&fixed);
	buf_init(&raw);
	if (len > XMLSAFE_MAX_SIZE) {
		xasprintf(cause, "page too large (%zu bytes)", len);
		return NULL;
	}
	enc[0] = '\0';
	if ((wide = charset_wide((const unsigned char *)buf, len, &bom)) !=
	    NULL && bom > 0) {
		charset_iconv(wide, buf + bom, len - bom, wide[4] == '3' ? 4 :
		    2, &conv, &nbad);
		p = conv.data;
		end = conv.data + conv.len;
		snprintf(enc, sizeof enc, "UTF-8");
	} else if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		snprintf(enc, sizeof enc, "UTF-8");
	}
	/* The transport, then the page's <meta>, then an XML declaration. */
	if (enc[0] == '\0')
		xmlsafe_transport_charset(charset, enc, sizeof enc, warn);
	if (enc[0] == '\0')
		charset_html_meta(p, (size_t)(end - p), enc, sizeof enc);
	if (enc[0] == '\0')
		charset_xml_declared(p, end, enc, sizeof enc);
	xmlsafe_forget_unknown(enc, warn);
	mode = xmlsafe_to_utf8(enc, &p, &end, &conv, &nbad);
	if (charset_to_utf8(p, (size_t)(end - p), mode, &fixed, &nbad)) {
		p = fixed.data;
		end = fixed.data + fixed.len;
	}
	if (nbad > 0)
		warnings_add(warn, "recovered: %zu bytes not valid %s replaced",
		    nbad, enc[0] != '\0' ? enc : "UTF-8");
	if ((slash = xmlsafe_html_selfclosed_raw(p, end)) != NULL) {
		/* A copy in which each such tag is a start tag. */
		off = (size_t)(slash - p);
		buf_add(&raw, p, (size_t)(end - p));
		p = raw.data;
		end = raw.data + raw.len;
		for (slash = p + off; slash != NULL;
		    slash = xmlsafe_html_selfclosed_raw(slash + 1, end))
			raw.data[slash - p] = ' ';
	}
	if (xmlsafe_html_too_wide(p, end)) {
		xasprintf(cause, "a tag with more than %d attributes",
		    XMLSAFE_HTML_MAX_ATTRS);
		doc = NULL;
		goto out;
	}
	if ((ctxt = htmlNewParserCtxt()) == NULL) {
		*cause = xstrdup("cannot create an HTML parser");
		doc = NULL;
		goto out;
	}
	/*
	 * The HTML parser's handler is not marked SAX2, so libxml2 skips
	 * its serror and uses the thread's structured handler: set that
	 * (per thread in libxml2) for this parse only.
	 */
	old_handler = xmlStructuredError;
	old_data = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(ctxt, xmlsafe_html_error_cb);
	ctxt->sax->warning = NULL;
	ctxt->sax->error = NULL;
	doc = htmlCtxtReadMemory(ctxt, p, (int)(end - p), url, "UTF-8",
	    XMLSAFE_HTML_OPTIONS);
	xmlSetStructuredErrorFunc(old_data, old_handler);
	htmlFreeParserCtxt(ctxt);
	if (doc != NULL && xmlDocGetRootElement(doc) == NULL) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (doc == NULL) {
		*cause = xstrdup("no HTML could be read");
		goto out;
	}
	xmlsafe_html_bound(xmlDocGetRootElement(doc), &dropped);
	if (dropped > 0)
		warnings_add(warn, "page nested deeper than %d or larger than "
		    "%d nodes: %zu subtrees dropped", XMLSAFE_HTML_DEPTH,
		    XMLSAFE_HTML_NODES, dropped);
out:
	buf_free(&conv);
	buf_free(&fixed);
	buf_free(&raw);
	return doc;
}
