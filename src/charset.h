/*
 * charset.h: which character encoding a body is in, and UTF-8 out of it.
 *
 * Owns the reading of every charset declaration (the transport's
 * Content-Type, a byte order mark, an XML declaration, an HTML <meta>),
 * the names they use, windows-1252 (what ISO-8859-1 and US-ASCII labels
 * nearly always mean, and what a byte that is not UTF-8 most likely is)
 * and the iconv conversions for everything else.  Pure functions.
 */
#ifndef FEEDMERGE_CHARSET_H
#define FEEDMERGE_CHARSET_H

#include <stddef.h>

#include "util.h"

/* How a body in an encoding is made UTF-8. */
enum charset_mode {
	CHARSET_UTF8,		/* validate; bad bytes read as windows-1252 */
	CHARSET_CP1252,		/* convert every high byte */
	CHARSET_OTHER		/* through iconv */
};

extern const unsigned short charset_cp1252_table[32];

/* The code point of a windows-1252 byte (the five holes keep theirs). */
static inline unsigned
charset_cp1252(unsigned char c)
{
	if (c >= 0x80 && c < 0xa0)
		return charset_cp1252_table[c - 0x80];
	return c;
}

/* The pass an encoding name calls for ("" is UTF-8). */
enum charset_mode charset_mode(const char *enc);
/* 1 when iconv can read enc as an ASCII-compatible encoding. */
int	charset_known(const char *enc);
/* The UTF-16/32 flavour of a body from its BOM or "<" pattern, or NULL;
   *bom is the BOM's length. */
const char *charset_wide(const unsigned char *u, size_t len, size_t *bom);

/*
 * Declarations, each copied into enc[size] ("" when there is none): the
 * charset parameter of a Content-Type value; the encoding of an XML
 * declaration at p; the first <meta charset> or <meta http-equiv=
 * "Content-Type" content="...; charset=..."> in the first bytes of an
 * HTML page (the HTML standard's prescan, a little more patient).  Names
 * browsers treat as another encoding are mapped to it (gb2312 -> GBK,
 * x-sjis -> Shift_JIS, ...).
 */
void	charset_content_type(const char *ct, char *enc, size_t size);
void	charset_xml_declared(const char *p, const char *end, char *enc,
	    size_t size);
void	charset_html_meta(const char *p, size_t len, char *enc, size_t size);

/*
 * Convert buf from enc to UTF-8 into out with iconv; a sequence iconv
 * rejects becomes U+FFFD (counted in *nbad), a truncated one at the end
 * is dropped.  unit is the size of a code unit (1, 2 or 4).  Returns -1
 * when iconv does not know enc (out is then untouched).
 */
int	charset_iconv(const char *enc, const char *buf, size_t len,
	    size_t unit, struct buf *out, size_t *nbad);

/*
 * Make buf (in mode CHARSET_UTF8 or CHARSET_CP1252) valid UTF-8 without
 * C0 controls other than tab, LF, CR and FF.  Returns 0 when buf is that
 * already (out untouched), else 1 with the result in out; *nbad counts
 * the bytes of a UTF-8 body that were read as windows-1252.
 */
int	charset_to_utf8(const char *buf, size_t len, enum charset_mode,
	    struct buf *out, size_t *nbad);

#endif
