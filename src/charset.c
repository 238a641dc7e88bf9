/*
 * charset.c: charset declarations, windows-1252, iconv (see charset.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "text.h"
#include "util.h"

/* How far into an HTML page a <meta> charset is looked for. */
#define CHARSET_PRESCAN		8192

/* windows-1252 0x80..0x9f; the five holes keep their C1 code point. */
const unsigned short charset_cp1252_table[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178
};

/*
 * Labels that browsers read as a larger encoding (the WHATWG Encoding
 * standard): a page labelled gb2312 is GBK, one labelled euc-kr is
 * windows-949, and so on.  Anything else is handed to iconv as it is.
 */
static const struct {
	const char	*label;
	const char	*enc;
} charset_aliases[] = {
	{ "gb2312", "GBK" }, { "gb_2312-80", "GBK" }, { "x-gbk", "GBK" },
	{ "chinese", "GBK" }, { "csgb2312", "GBK" },
	{ "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" },
	{ "ks_c_5601-1989", "CP949" }, { "korean", "CP949" },
	{ "x-sjis", "SHIFT_JIS" }, { "shift-jis", "SHIFT_JIS" },
	{ "sjis", "SHIFT_JIS" }, { "ms_kanji", "SHIFT_JIS" },
	{ "windows-31j", "CP932" }, { "big5", "BIG5-HKSCS" },
	{ "x-x-big5", "BIG5-HKSCS" }, { "iso-8859-9", "WINDOWS-1254" },
	{ "latin5", "WINDOWS-1254" }, { "tis-620", "WINDOWS-874" },
	{ "iso-8859-11", "WINDOWS-874" }, { "x-mac-roman", "MACINTOSH" },
	{ "unicode-1-1-utf-8", "UTF-8" }, { "utf8", "UTF-8" }
};

/* Copy a charset name from p (up to a delimiter) into enc, mapped. */
static void
charset_copy_name(const char *p, const char *end, char *enc, size_t size)
{
	size_t	 n, i;

	while (p < end && (IS_SPACE(*p) || *p == '"' || *p == '\''))
		p++;
	for (n = 0; p + n < end && n < size - 1 && (IS_ALNUM(p[n]) ||
	    p[n] == '-' || p[n] == '_' || p[n] == '.' || p[n] == ':'); n++)
		enc[n] = p[n];
	enc[n] = '\0';
	for (i = 0; i < sizeof charset_aliases / sizeof charset_aliases[0];
	    i++)
		if (strcase_eq(enc, charset_aliases[i].label)) {
			snprintf(enc, size, "%s", charset_aliases[i].enc);
			break;
		}
}

void
charset_content_type(const char *ct, char *enc, size_t size)
{
	const char	*cs;

	enc[0] = '\0';
	if (ct == NULL || (cs = strcasestr(ct, "charset")) == NULL)
		return;
	for (cs += 7; IS_SPACE(*cs); cs++)
		;
	if (*cs == '=')
		charset_copy_name(cs + 1, cs + strlen(cs), enc, size);
}

/* The value of attribute name in the tag at p (up to end), or NULL. */
static const char *
charset_attr(const char *p, const char *end, const char *name,
    const char **vend)
{
	size_t		 n = strlen(name);
	const char	*q;
	char		 quote;

	for (q = p; q + n < end; q++) {
		if (!strncase_eq(q, name, n) || IS_ALNUM(q[-1]) ||
		    q[-1] == '-')
			continue;
		q += n;
		while (q < end && IS_SPACE(*q))
			q++;
		if (q >= end || *q != '=')
			continue;
		q++;
		while (q < end && IS_SPACE(*q))
			q++;
		if (q < end && (*q == '"' || *q == '\'')) {
			quote = *q++;
			*vend = memchr(q, quote, (size_t)(end - q));
			if (*vend == NULL)
				*vend = end;
		} else
			for (*vend = q; *vend < end && !IS_SPACE(**vend) &&
			    **vend != '>'; (*vend)++)
				;
		return q;
	}
	return NULL;
}

void
charset_html_meta(const char *buf, size_t len, char *enc, size_t size)
{
	const char	*p = buf, *end, *tag_end, *v, *vend, *cs;

	enc[0] = '\0';
	end = buf + (len < CHARSET_PRESCAN ? len : CHARSET_PRESCAN);
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			/* Comments hide what they hold. */
			for (p += 4; p + 3 <= end && memcmp(p, "-->", 3) != 0;
			    p++)
				;
			continue;
		}
		if (end - p < 6 || !strncase_eq(p + 1, "meta", 4) ||
		    !(IS_SPACE(p[5]) || p[5] == '/')) {
			p++;
			continue;
		}
		if ((tag_end = memchr(p, '>', (size_t)(end - p))) == NULL)
			return;
		if ((v = charset_attr(p + 5, tag_end, "charset", &vend)) !=
		    NULL) {
			charset_copy_name(v, vend, enc, size);
			if (enc[0] != '\0')
				return;
		}
		if ((v = charset_attr(p + 5, tag_end, "http-equiv", &vend)) !=
		    NULL && vend - v == 12 && strncase_eq(v, "content-type",
		    12) && (v = charset_attr(p + 5, tag_end, "content",
		    &vend)) != NULL) {
			for (cs = v; cs + 7 < vend; cs++)
				if (strncase_eq(cs, "charset", 7))
					break;
			for (cs += 7; cs < vend && IS_SPACE(*cs); cs++)
				;
			if (cs < vend && *cs == '=')
				charset_copy_name(cs + 1, vend, enc, size);
			if (enc[0] != '\0')
				return;
		}
		p = tag_end;
	}
}

void
charset_xml_declared(const char *p, const char *end, char *enc, size_t size)
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

enum charset_mode
charset_mode(const char *enc)
{
	static const char *const cp1252[] = {
		"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1",
		"l1", "cp819", "ibm819", "us-ascii", "ascii", "ansi_x3.4-1968",
		"windows-1252", "cp1252", "x-cp1252", "iso-ir-100", NULL
	};
	int	 i;

	if (enc[0] == '\0' || strcase_eq(enc, "utf-8") ||
	    strcase_eq(enc, "utf8"))
		return CHARSET_UTF8;
	for (i = 0; cp1252[i] != NULL; i++)
		if (strcase_eq(enc, cp1252[i]))
			return CHARSET_CP1252;
	return CHARSET_OTHER;
}

int
charset_known(const char *enc)
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

const char *
charset_wide(const unsigned char *u, size_t len, size_t *bom)
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

/* Doing this here rather than in libxml2 keeps going past bad bytes and
   keeps libxml2's context-less encoding errors off stderr. */
int
charset_iconv(const char *enc, const char *buf, size_t len, size_t unit,
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


int
charset_to_utf8(const char *buf, size_t len, enum charset_mode mode,
    struct buf *out, size_t *nbad)
{
	const unsigned char	*p = (const unsigned char *)buf;
	const unsigned char	*end = p + len, *flushed = p;
	size_t			 n;
	int			 changed = 0;

	while (p < end) {
		if (*p >= 0x20 && *p < 0x80) {
			p++;
			continue;
		}
		if (*p < 0x80) {
			if (*p == '\t' || *p == '\n' || *p == '\r' ||
			    *p == '\f') {
				p++;
				continue;
			}
			n = 0;		/* a control character: dropped */
		} else if (mode == CHARSET_UTF8 &&
		    (n = text_utf8_len(p, end)) > 0) {
			p += n;
			continue;
		} else
			n = 1;
		if (!changed) {
			buf_init(out);
			buf_grow(out, len + len / 8 + 16);
			changed = 1;
		}
		buf_add(out, flushed, (size_t)(p - flushed));
		if (n == 1) {
			text_add_utf8(out, charset_cp1252(*p));
			if (mode == CHARSET_UTF8)
				(*nbad)++;
		}
		flushed = ++p;
	}
	if (changed)
		buf_add(out, flushed, (size_t)(end - flushed));
	return changed;
}
