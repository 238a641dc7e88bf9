/*
 * sanitize.c: the output policy (see sanitize.h).
 *
 * The HTML is parsed, never matched with patterns: what a browser would
 * run is an element or an attribute, and html_clean() writes neither
 * unless the allowlist names it.  Text and attribute values are always
 * written escaped and no raw-text element (script, style, xmp, ...) is
 * ever written, so nothing of the source's bytes can end a tag early or
 * change meaning when a reader parses the output again.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "charset.h"
#include "html.h"
#include "sanitize.h"
#include "text.h"
#include "url.h"
#include "util.h"

#define SANITIZE_OPTS	(HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | \
			 HTML_PARSE_NOWARNING | HTML_PARSE_NONET)

/* Elements whose text a browser reads raw, up to their end tag. */
static const char *const raw_text[] = {
	"iframe", "noembed", "noframes", "noscript", "script", "style",
	"textarea", "title", "xmp", NULL
};

/* The raw-text element s names (a name ends at a blank, '/' or '>'). */
static const char *
sanitize_raw_name(const char *s, const char *end)
{
	size_t	 i, n;

	for (i = 0; raw_text[i] != NULL; i++) {
		n = strlen(raw_text[i]);
		if ((size_t)(end - s) > n && strncase_eq(s, raw_text[i], n) &&
		    (IS_SPACE(s[n]) || s[n] == '/' || s[n] == '>'))
			return raw_text[i];
	}
	return NULL;
}

/* Past this depth of open elements, start and end tags are dropped:
   the parser gives up deeper (and a tree that deep helps no reader). */
#define SANITIZE_MAX_DEPTH	200
/*
 * A start tag with more attributes than this, or longer than this, is
 * written as its bare name: libxml2 checks each attribute against all
 * the others (140,000 of them in one 1 MB tag took it 106 s), and no
 * element the allowlist keeps needs that many.  The length leaves room
 * for what the writer itself writes (a data: picture, a srcset).
 */
#define SANITIZE_MAX_ATTRS	256
#define SANITIZE_MAX_TAG	(64 * 1024)

/* Attributes in the start tag from p ('<') to end (its '>'). */
static size_t
sanitize_tag_attrs(const char *p, const char *end)
{
	size_t	 n = 0;
	int	 blank = 0;
	char	 q;

	for (p++; p < end && *p != '>'; p++) {
		if (*p == '"' || *p == '\'') {
			for (q = *p++; p < end && *p != q; p++)
				;
			if (p == end)
				break;
			blank = 0;
		} else if (IS_SPACE(*p) || *p == '/')
			blank = 1;
		else {
			if (blank && *p != '=')
				n++;
			blank = 0;
		}
	}
	return n;
}

/* 1 when the tag name at s (len n) is one of list. */
static int
sanitize_name_in(const char *s, size_t n, const char *const *list)
{
	size_t	 i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == n && strncase_eq(s, list[i], n))
			return 1;
	return 0;
}

/* Elements with no end tag. */
static const char *const void_elements[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "isindex",
	"keygen", "link", "meta", "param", "source", "track", "wbr", NULL
};

/* Start tags that end an <svg> or a <math> (HTML's "breakout" rule). */
static const char *const breakout[] = {
	"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div",
	"dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head",
	"hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p",
	"pre", "ruby", "s", "small", "span", "strike", "strong", "sub", "sup",
	"table", "tt", "u", "ul", "var", NULL
};

/* Open <svg> and <math> elements the tokenizer follows. */
#define SANITIZE_MAX_FOREIGN	16
static const char *const foreign_names[] = { "svg", "math", NULL };

/* End every open svg and math: an HTML start tag broke out of them. */
static void
sanitize_close_foreign(struct buf *b, const char **foreign, size_t *n)
{
	while (*n > 0) {
		buf_addstr(b, "</");
		buf_addstr(b, foreign[--*n]);
		buf_addc(b, '>');
	}
}

/* The end of the tag starting at p ('<'), quotes honoured, or end. */
static const char *
sanitize_tag_end(const char *p, const char *end)
{
	char	 q;

	for (p++; p < end && *p != '>'; p++) {
		if (*p != '=')
			continue;
		for (p++; p < end && IS_SPACE(*p); p++)
			;
		if (p < end && (*p == '"' || *p == '\'')) {
			q = *p;
			for (p++; p < end && *p != q; p++)
				;
			if (p == end)
				break;
		} else
			p--;
	}
	return p < end ? p + 1 : end;
}

/*
 * html read the way a browser tokenizes it where libxml2 reads it
 * otherwise, so that the parser sees the tree a reader's browser would:
 * comments end at "-->" or "--!>" and "<!-->" is one; "<![CDATA[...>",
 * "<!...>" and "<?...>" are comments ending at the first '>'; a
 * raw-text element (script, style, textarea, title, iframe, noscript,
 * ...) ends at the first end tag of its name, whatever is between.  All
 * of these are dropped here (an <xmp>'s text becomes a <pre>'s).
 * Nothing depends on this for safety: what comes out of the parser goes
 * through the allowlist whatever it is.
 */
static char *
sanitize_tokenize(const char *html, size_t len)
{
	struct buf	 b;
	const char	*p = html, *end = html + len, *q, *name, *close;
	const char	*foreign[SANITIZE_MAX_FOREIGN];
	const char	*open[SANITIZE_MAX_DEPTH];	/* names of open tags */
	size_t		 openlen[SANITIZE_MAX_DEPTH];
	size_t		 n, k, nforeign = 0, depth = 0, dropped = 0;

	buf_init(&b);
	while (p < end) {
		if (*p != '<') {
			q = memchr(p, '<', (size_t)(end - p));
			q = q != NULL ? q : end;
			buf_add(&b, p, (size_t)(q - p));
			p = q;
		} else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			if (end - p >= 5 && p[4] == '>')
				p += 5;
			else if (end - p >= 6 && memcmp(p + 4, "->", 2) == 0)
				p += 6;
			else {
				for (q = p + 4; q < end; q++)
					if ((end - q >= 3 &&
					    memcmp(q, "-->", 3) == 0) ||
					    (end - q >= 4 &&
					    memcmp(q, "--!>", 4) == 0))
						break;
				p = q >= end ? end : q + (q[2] == '!' ? 4 : 3);
			}
		} else if (end - p >= 2 && (p[1] == '!' || p[1] == '?')) {
			q = memchr(p, '>', (size_t)(end - p));
			p = q != NULL ? q + 1 : end;
		} else if (end - p >= 2 && IS_ALPHA(p[1]) &&
		    (name = sanitize_raw_name(p + 1, end)) != NULL) {
			q = sanitize_tag_end(p, end);
			n = strlen(name);
			for (close = q; close < end; close++)
				if (*close == '<' && end - close > (long)n + 2 &&
				    close[1] == '/' &&
				    strncase_eq(close + 2, name, n) &&
				    (IS_SPACE(close[n + 2]) ||
				    close[n + 2] == '/' || close[n + 2] == '>'))
					break;
			if (strcmp(name, "xmp") == 0) {
				char	*text = xstrndup(q, (size_t)(close - q));

				buf_addstr(&b, "<pre>");
				html_escape(&b, text, 0);
				buf_addstr(&b, "</pre>");
				free(text);
			}
			if (close >= end)
				p = end;
			else {
				q = memchr(close, '>', (size_t)(end - close));
				p = q != NULL ? q + 1 : end;
			}
		} else if (end - p >= 2 && (IS_ALPHA(p[1]) || p[1] == '/')) {
			q = sanitize_tag_end(p, end);
			name = p + (p[1] == '/' ? 2 : 1);
			for (n = 0; name + n < q && (IS_ALNUM(name[n]) ||
			    name[n] == '-' || name[n] == ':'); n++)
				;
			/* "</br>" is a line break to a browser. */
			if (p[1] == '/' && n == 2 && strncase_eq(name, "br", 2)) {
				buf_addstr(&b, "<br>");
				p = q;
				continue;
			}
			if (p[1] == '/') {
				if (dropped > 0) {
					dropped--;
					p = q;
					continue;
				}
				/* Only an end tag of an open element closes
				   something (and what it holds). */
				for (k = depth; k > 0 && !(openlen[k - 1] == n &&
				    strncase_eq(open[k - 1], name, n)); k--)
					;
				if (k > 0)
					depth = k - 1;
				/* </p> breaks out of them too. */
				if (nforeign > 0 && n == 1 && (*name | 32) ==
				    'p')
					sanitize_close_foreign(&b, foreign,
					    &nforeign);
				else if (nforeign > 0 && sanitize_name_in(name,
				    n, foreign_names))
					nforeign--;
			} else if (!sanitize_name_in(name, n, void_elements) &&
			    !(q - p >= 2 && q[-2] == '/')) {
				if (depth >= SANITIZE_MAX_DEPTH) {
					dropped++;
					p = q;
					continue;
				}
				open[depth] = name;
				openlen[depth++] = n;
				if (nforeign > 0 && sanitize_name_in(name, n,
				    breakout))
					sanitize_close_foreign(&b, foreign,
					    &nforeign);
				if (sanitize_name_in(name, n, foreign_names) &&
				    nforeign < SANITIZE_MAX_FOREIGN)
					foreign[nforeign++] = (*name | 32) ==
					    's' ? "svg" : "math";
			} else if (nforeign > 0 && sanitize_name_in(name, n,
			    breakout))
				sanitize_close_foreign(&b, foreign, &nforeign);
			if (p[1] != '/' && (q - p > SANITIZE_MAX_TAG ||
			    sanitize_tag_attrs(p, q) > SANITIZE_MAX_ATTRS)) {
				buf_addc(&b, '<');
				buf_add(&b, name, n);
				buf_addc(&b, '>');
			} else
				buf_add(&b, p, (size_t)(q - p));
			p = q;
		} else {
			buf_addc(&b, '<');
			p++;
		}
	}
	return buf_steal(&b);
}

/* U+FEFF, a byte order mark anywhere: no text (and a parser given one
   at the start takes it for the encoding's mark). */
#define SANITIZE_BOM(p, end)	((end) - (p) >= 3 && (p)[0] == 0xef && \
				 (p)[1] == 0xbb && (p)[2] == 0xbf)

/*
 * Invalid UTF-8 as U+FFFD, before the parser sees it: libxml2 reads a
 * document it finds broken as Latin-1 from some point on, and not the
 * same point again once part of it has been fixed.  U+FEFF goes.
 */
static void
sanitize_utf8(char **s)
{
	const unsigned char	*p = (const unsigned char *)*s, *end;
	struct buf		 out;
	size_t			 k;

	end = p + strlen(*s);
	while (p < end && (*p < 0x80 || (text_utf8_len(p, end) > 0 &&
	    !SANITIZE_BOM(p, end))))
		p += *p < 0x80 ? 1 : text_utf8_len(p, end);
	if (p == end)
		return;
	buf_init(&out);
	buf_add(&out, *s, (size_t)(p - (const unsigned char *)*s));
	while (p < end) {
		if (*p < 0x80)
			k = 1;
		else if (SANITIZE_BOM(p, end)) {
			p += 3;
			continue;
		} else if ((k = text_utf8_len(p, end)) == 0) {
			buf_addstr(&out, "\xef\xbf\xbd");
			p++;
			continue;
		}
		buf_add(&out, p, k);
		p += k;
	}
	free(*s);
	*s = buf_steal(&out);
}

/*
 * C1 controls (U+0080..U+009F) as windows-1252 has those bytes: what
 * "&#146;" means on every page that writes it, and what a browser shows.
 */
static void
sanitize_c1(struct buf *b)
{
	struct buf	 out;
	size_t		 i;

	if (b->len == 0 || memchr(b->data, 0xc2, b->len) == NULL)
		return;
	buf_init(&out);
	for (i = 0; i < b->len; i++) {
		if ((unsigned char)b->data[i] == 0xc2 && i + 1 < b->len &&
		    (unsigned char)b->data[i + 1] >= 0x80 &&
		    (unsigned char)b->data[i + 1] <= 0x9f) {
			text_add_utf8(&out, charset_cp1252(
			    (unsigned char)b->data[++i]));
			continue;
		}
		buf_addc(&out, b->data[i]);
	}
	buf_free(b);
	*b = out;
}

char *
sanitize_html(const char *html, const char *base, size_t max)
{
	struct html_clean	 o;
	struct buf		 b;
	htmlDocPtr		 doc;
	xmlNodePtr		 root;
	char			*copy;
	size_t			 len;

	if (html == NULL || (len = strlen(html)) == 0)
		return NULL;
	if (len > TEXT_MAX_FIELD)
		len = TEXT_MAX_FIELD;
	copy = sanitize_tokenize(html, len);
	if (*copy == '\0') {
		free(copy);
		return NULL;
	}
	sanitize_utf8(&copy);
	/* The bytes are UTF-8 already: a <meta charset> in them is no
	   reason to read them otherwise. */
	doc = htmlReadMemory(copy, (int)strlen(copy), NULL, "UTF-8",
	    SANITIZE_OPTS);
	free(copy);
	if (doc == NULL)
		return NULL;
	buf_init(&b);
	if ((root = xmlDocGetRootElement(doc)) != NULL) {
		memset(&o, 0, sizeof o);
		o.base = base;
		o.max = max > 0 ? max : TEXT_MAX_FIELD;
		o.sanitize = 1;
		html_clean(&b, root, &o);
	}
	xmlFreeDoc(doc);
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	sanitize_c1(&b);
	/*
	 * Loose text comes out as one paragraph (the parser reads it as
	 * one): give it back as it came, as text, unless it came as a
	 * paragraph.  Both read back the same, so the output stays a
	 * fixpoint.
	 */
	while (IS_SPACE(*html))
		html++;
	if (!(strncase_eq(html, "<p", 2) && (html[2] == '>' ||
	    IS_SPACE(html[2]) || html[2] == '/')) &&
	    b.len >= 7 && memcmp(b.data, "<p>", 3) == 0 &&
	    memcmp(b.data + b.len - 4, "</p>", 4) == 0 &&
	    memmem(b.data + 3, b.len - 7, "<p>", 3) == NULL &&
	    memmem(b.data + 3, b.len - 7, "</p>", 4) == NULL &&
	    /* (loose text splits at "<br><br>" and sheds a last <br>) */
	    memmem(b.data + 3, b.len - 7, "<br>", 4) == NULL) {
		memmove(b.data, b.data + 3, b.len - 7);
		b.len -= 7;
		b.data[b.len] = '\0';
	}
	return buf_steal(&b);
}

int
sanitize_url_ok(const char *url, int mailto)
{
	const unsigned char	*p;
	size_t			 n;

	if (url == NULL)
		return 0;
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f)
			return 0;
	if (mailto && strncase_eq(url, "mailto:", 7))
		return url[7] != '\0';
	if (strncase_eq(url, "http://", 7))
		n = 7;
	else if (strncase_eq(url, "https://", 8))
		n = 8;
	else
		return 0;
	/* A host, not "http:///path". */
	return url[n] != '\0' && strchr("/?#", url[n]) == NULL;
}

/* The first bytes of s, printable, for a log line. */
static void
sanitize_show(const char *s, char *out, size_t size)
{
	size_t	 i;

	for (i = 0; s[i] != '\0' && i + 4 < size; i++)
		out[i] = (unsigned char)s[i] < ' ' || s[i] == 0x7f ? '?' : s[i];
	if (s[i] != '\0' && i >= 3)
		memcpy(out + i - 3, "...", 3);
	out[i] = '\0';
}

/*
 * Keep *field only when it is a link a reader may follow; written as an
 * IRI (spaces, quotes and the like percent-encoded).
 */
static void
sanitize_link(const struct item *it, char **field, const char *what,
    int mailto, struct warnings *w)
{
	static const char	 bad[] = "<>\"{}|\\^`";
	const unsigned char	*p;
	char			 shown[80], owner[80];

	if (*field == NULL)
		return;
	if (!sanitize_url_ok(*field, mailto)) {
		sanitize_show(*field, shown, sizeof shown);
		sanitize_show(it->link != NULL && field != &it->link ?
		    it->link : it->title != NULL ? it->title : it->id != NULL ?
		    it->id : "(untitled)", owner, sizeof owner);
		warnings_add(w, "item \"%s\": %s \"%s\" dropped: not an "
		    "http(s)%s link", owner, what, shown, mailto ?
		    " or mailto" : "");
		free(*field);
		*field = NULL;
		return;
	}
	for (p = (const unsigned char *)*field; *p != '\0'; p++)
		if (strchr(bad, *p) != NULL)
			break;
	if (*p != '\0')
		item_set(field, url_escape(*field));
}

int
sanitize_media_type(const char *t)
{
	const char	*slash;
	size_t		 i;

	if (t == NULL || (slash = strchr(t, '/')) == NULL || slash == t ||
	    slash[1] == '\0' || strlen(t) > 127)
		return 0;
	for (i = 0; t[i] != '\0'; i++)
		if (!IS_ALNUM(t[i]) && strchr("/!#$&^_.+-;=\" ", t[i]) == NULL)
			return 0;
	return strchr(slash + 1, '/') == NULL;
}

/* An HTML text field through sanitize_html(); plain text stays. */
static void
sanitize_text(char **field, enum text_type type, const char *base)
{
	if (*field == NULL || type != TEXT_HTML)
		return;
	item_set(field, sanitize_html(*field, base, 0));
}

/*
 * A language tag as Atom's xml:lang takes it ("en", "pt-BR"): '_' read
 * as '-', anything else not a tag dropped.
 */
static void
sanitize_lang(char **lang)
{
	char	*p, *t;
	size_t	 run = 0;

	if (*lang == NULL)
		return;
	t = text_trimmed(*lang, strlen(*lang));
	for (p = t; p != NULL && *p != '\0'; p++) {
		if (*p == '_')
			*p = '-';
		if (*p == '-') {
			if (run == 0 || p == t)
				break;
			run = 0;
		} else if ((IS_ALPHA(*p) || (IS_ALNUM(*p) &&
		    strchr(t, '-') != NULL && strchr(t, '-') < p)) &&
		    ++run <= 8)
			continue;
		else
			break;
	}
	if (t == NULL || *p != '\0' || run == 0 || p - t > 35) {
		free(t);
		t = NULL;
	}
	item_set(lang, t);
}

void
sanitize_item(struct item *it, const char *source_url, struct warnings *w)
{
	sanitize_item_links(it, source_url, w);
	sanitize_item_text(it);
}

void
sanitize_item_text(struct item *it)
{
	/* The xml:base in scope where each was written, then the link. */
	const char	*base = it->base != NULL ? it->base : it->link;

	if (!it->text_raw)
		return;
	sanitize_text(&it->summary, it->summary_type,
	    it->summary_base != NULL ? it->summary_base : base);
	sanitize_text(&it->content, it->content_type,
	    it->content_base != NULL ? it->content_base : base);
	it->text_raw = 0;
}

void
sanitize_item_links(struct item *it, const char *source_url,
    struct warnings *w)
{
	size_t	 i, j;

	sanitize_lang(&it->lang);
	sanitize_link(it, &it->link, "link", 0, w);
	/* What the text's relative URLs resolve against, for later. */
	if (it->base == NULL && it->link == NULL && source_url != NULL)
		it->base = xstrdup(source_url);
	it->text_raw = 1;
	sanitize_link(it, &it->comments, "comments link", 0, w);
	sanitize_link(it, &it->thumbnail, "thumbnail", 0, w);
	sanitize_link(it, &it->origin, "origin", 0, w);
	sanitize_link(it, &it->author_uri, "author URI", 1, w);
	for (i = j = 0; i < it->naliases; i++) {
		sanitize_link(it, &it->aliases[i], "alias", 0, w);
		if (it->aliases[i] != NULL)
			it->aliases[j++] = it->aliases[i];
	}
	it->naliases = j;
	for (i = j = 0; i < it->nenclosures; i++) {
		sanitize_link(it, &it->enclosures[i].url, "enclosure", 0, w);
		/* A MIME type, or none (it is stored between separators). */
		if (it->enclosures[i].type != NULL &&
		    !sanitize_media_type(it->enclosures[i].type))
			item_set(&it->enclosures[i].type, NULL);
		if (it->enclosures[i].url != NULL)
			it->enclosures[j++] = it->enclosures[i];
		else
			free(it->enclosures[i].type);
	}
	it->nenclosures = j;
}
