/*
 * xmlout.c: XML text out of strings from anywhere (see xmlout.h).
 */
#include "config.h"

#include <string.h>

#include "date.h"
#include "item.h"
#include "text.h"
#include "xmlout.h"

/*
 * Length of a valid UTF-8 sequence at p (at most n bytes) that XML 1.0
 * allows, or 0: U+FFFE and U+FFFF are not characters.
 */
static size_t
xmlout_utf8_seq(const unsigned char *p, size_t n)
{
	size_t	 len = text_utf8_len(p, p + n);

	if (len == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe)
		return 0;
	return len;
}

void
xmlout_escape(struct buf *b, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), k;

	while (n > 0) {
		switch (*p) {
		case '<':
			buf_addstr(b, "&lt;");
			break;
		case '>':
			buf_addstr(b, "&gt;");
			break;
		case '&':
			buf_addstr(b, "&amp;");
			break;
		case '"':
			buf_addstr(b, "&quot;");
			break;
		case '\t':
		case '\n':
		case '\r':
			buf_addc(b, *p);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				break;		/* not allowed in XML 1.0 */
			if ((k = xmlout_utf8_seq(p, n)) == 0) {
				buf_addstr(b, "\xef\xbf\xbd");	/* U+FFFD */
				break;
			}
			buf_add(b, p, k);
			p += k;
			n -= k;
			continue;
		}
		p++;
		n--;
	}
}

void
xmlout_element(struct buf *b, const char *indent, const char *name,
    const char *value)
{
	if (value == NULL)
		return;
	buf_printf(b, "%s<%s>", indent, name);
	xmlout_escape(b, value);
	buf_printf(b, "</%s>\n", name);
}

void
xmlout_date(struct buf *b, const char *indent, const char *name, int64_t t)
{
	char	 d[32];

	if (t == DATE_NONE)
		return;
	date_format_rfc3339(t, d, sizeof d);
	buf_printf(b, "%s<%s>%s</%s>\n", indent, name, d, name);
}

void
xmlout_attr(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, " %s=\"", name);
	xmlout_escape(b, value);
	buf_addc(b, '"');
}

void
xmlout_link(struct buf *b, const char *indent, const char *rel,
    const char *href, const char *type, int64_t length)
{
	buf_printf(b, "%s<link", indent);
	xmlout_attr(b, "rel", rel);
	xmlout_attr(b, "href", href);
	if (type != NULL)
		xmlout_attr(b, "type", type);
	if (length >= 0)
		buf_printf(b, " length=\"%lld\"", (long long)length);
	buf_addstr(b, "/>\n");
}
