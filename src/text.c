/*
 * text.c: trimming, collapsing, cutting, UTF-8, HTML character
 * references, markup to text and the author split (see text.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "text.h"
#include "util.h"

/* Cut s (in place) to TEXT_MAX_FIELD bytes at a UTF-8 boundary. */
char *
text_cut(char *s)
{
	return text_cut_to(s, TEXT_MAX_FIELD);
}

/* Cut s in place to at most max bytes, on a UTF-8 boundary. */
char *
text_cut_to(char *s, size_t max)
{
	size_t	 n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n <= max)
		return s;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	s[n] = '\0';
	return s;
}

/*
 * A copy of s[0..len) with leading and trailing whitespace removed and
 * cut to TEXT_MAX_FIELD; NULL when nothing is left.
 */
char *
text_trimmed(const char *s, size_t len)
{
	while (len > 0 && IS_SPACE(*s)) {
		s++;
		len--;
	}
	while (len > 0 && IS_SPACE(s[len - 1]))
		len--;
	if (len == 0)
		return NULL;
	if (len > TEXT_MAX_FIELD) {
		len = TEXT_MAX_FIELD;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	return xstrndup(s, len);
}

/* A copy of s with whitespace runs made one space, trimmed; or NULL. */
char *
text_collapse(const char *s, size_t len)
{
	struct buf	 b;
	size_t		 i;
	int		 sp = 0;

	buf_init(&b);
	buf_grow(&b, len);
	for (i = 0; i < len; i++) {
		if (IS_SPACE(s[i])) {
			sp = 1;
			continue;
		}
		if (sp && b.len > 0)
			buf_addc(&b, ' ');
		sp = 0;
		b.data[b.len++] = s[i];
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	b.data[b.len] = '\0';
	return text_cut(buf_steal(&b));
}

/* Append code point c as UTF-8; bad ones become U+FFFD. */
void
text_add_utf8(struct buf *b, unsigned long c)
{
	char	 u[4];

	if (c == 0 || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		c = 0xfffd;
	if (c < 0x80)
		buf_addc(b, (int)c);
	else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 4);
	}
}

/*
 * The HTML entity or character reference at s (which starts with '&'):
 * returns its length and sets *c, or 0 when it is not one.
 */
size_t
text_entity(const char *s, size_t len, unsigned long *c)
{
	const htmlEntityDesc	*d;
	char			 name[32];
	unsigned long		 v = 0;
	size_t			 i = 1;

	if (len < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		i = 2;
		if (i < len && (s[i] == 'x' || s[i] == 'X')) {
			for (i++; i < len && i < 12; i++) {
				int	 h = TO_LOWER((unsigned char)s[i]);

				if (IS_DIGIT(h))
					v = v * 16 + (unsigned long)(h - '0');
				else if (h >= 'a' && h <= 'f')
					v = v * 16 + (unsigned long)(h - 'a' +
					    10);
				else
					break;
			}
			if (i == 3)
				return 0;
		} else {
			for (; i < len && i < 12 && IS_DIGIT(s[i]); i++)
				v = v * 10 + (unsigned long)(s[i] - '0');
			if (i == 2)
				return 0;
		}
		if (i >= len || s[i] != ';')
			return 0;
		*c = v;
		return i + 1;
	}
	for (; i < len && i < sizeof name && IS_ALNUM(s[i]); i++)
		name[i - 1] = s[i];
	if (i == 1 || i >= len || s[i] != ';' || i >= sizeof name)
		return 0;
	name[i - 1] = '\0';
	if (strcmp(name, "apos") == 0) {
		*c = '\'';
		return i + 1;
	}
	if ((d = htmlEntityLookup((const xmlChar *)name)) == NULL)
		return 0;
	*c = d->value;
	return i + 1;
}

/* Tags whose edges separate words when markup is stripped. */
static int
text_tag_breaks(const char *t, size_t len)
{
	static const char *const names[] = {
		"br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3",
		"h4", "h5", "h6", "blockquote", "ul", "ol", "hr", "dd", "dt",
		NULL
	};
	size_t	 i, n;

	if (len > 0 && *t == '/') {
		t++;
		len--;
	}
	for (n = 0; n < len && IS_ALNUM(t[n]); n++)
		;
	for (i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == n && strncase_eq(t, names[i], n))
			return 1;
	return 0;
}

/*
 * HTML to plain text: tags and comments removed, entities decoded once,
 * whitespace collapsed.  Returns NULL when nothing is left.
 */
/*
 * After the tag [tag, tag + len) (its name first, no '<'): past the end
 * of the script or style element it opens, else after.  Their text is a
 * program's, not the reader's ("safe description", never
 * "location.href=...").
 */
static const char *
text_skip_raw(const char *tag, size_t len, const char *after,
    const char *end)
{
	static const char *const raw[] = { "script", "style" };
	const char	*p;
	size_t		 i, n;

	for (i = 0; i < sizeof raw / sizeof raw[0]; i++) {
		n = strlen(raw[i]);
		if (len < n || strncasecmp(tag, raw[i], n) != 0 ||
		    (len > n && !IS_SPACE(tag[n]) && tag[n] != '/') ||
		    tag[len - 1] == '/')
			continue;
		/* Only up to a real end tag: a title about "the <script>
		   tag" has none, and loses only the tag. */
		for (p = after; p + n + 2 < end; p++)
			if (p[0] == '<' && p[1] == '/' &&
			    strncasecmp(p + 2, raw[i], n) == 0 &&
			    (IS_SPACE(p[n + 2]) || p[n + 2] == '/' ||
			    p[n + 2] == '>')) {
				p = memchr(p, '>', (size_t)(end - p));
				return p != NULL ? p + 1 : end;
			}
		return after;
	}
	return after;
}

char *
text_from_html(const char *s, size_t len)
{
	struct buf	 b;
	const char	*p = s, *end = s + len, *q;
	unsigned long	 c;
	size_t		 n;
	char		*out;

	buf_init(&b);
	while (p < end) {
		if (*p == '<' && p + 1 < end && (IS_ALPHA(p[1]) ||
		    p[1] == '/' || p[1] == '!' || p[1] == '?')) {
			if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
				for (q = p + 4; q + 3 <= end &&
				    memcmp(q, "-->", 3) != 0; q++)
					;
				p = q + 3 <= end ? q + 3 : end;
				continue;
			}
			q = memchr(p, '>', (size_t)(end - p));
			if (q == NULL) {
				p = end;
				break;
			}
			if (text_tag_breaks(p + 1, (size_t)(q - p - 1)))
				buf_addc(&b, ' ');
			p = text_skip_raw(p + 1, (size_t)(q - p - 1), q + 1, end);
			continue;
		}
		if (*p == '&' && (n = text_entity(p, (size_t)(end - p),
		    &c)) > 0) {
			text_add_utf8(&b, c);
			p += n;
			continue;
		}
		buf_addc(&b, *p++);
	}
	if (b.data == NULL)
		return NULL;
	out = text_collapse(b.data, b.len);
	buf_free(&b);
	return out;
}

/* 1 when s has something that looks like an HTML tag. */
int
text_has_markup(const char *s)
{
	const char	*p;

	for (p = s; (p = strchr(p, '<')) != NULL; p++)
		if (IS_ALPHA(p[1]) || (p[1] == '/' && IS_ALPHA(p[2])) ||
		    (p[1] == '!' && p[2] == '-'))
			return 1;
	return 0;
}

/*
 * Split an RSS-style author: "jane@example.org (Jane Doe)",
 * "Jane Doe <jane@example.org>", "Jane Doe (jane@example.org)",
 * "jane@example.org" or just a name.  *name is the display name, or the
 * address when there is no name; *email is NULL when there is none.
 */
void
text_author_split(const char *s, char **name, char **email)
{
	const char	*p, *lt, *gt, *op, *cp, *at;
	size_t		 len;

	*name = *email = NULL;
	if (s == NULL)
		return;
	while (IS_SPACE(*s))
		s++;
	len = strlen(s);
	while (len > 0 && IS_SPACE(s[len - 1]))
		len--;
	if (len == 0)
		return;
	if (len > 7 && strncase_eq(s, "mailto:", 7)) {
		s += 7;
		len -= 7;
	}
	at = memchr(s, '@', len);
	lt = memchr(s, '<', len);
	gt = lt != NULL ? memchr(lt, '>', len - (size_t)(lt - s)) : NULL;
	op = memchr(s, '(', len);
	cp = op != NULL && s[len - 1] == ')' ? s + len - 1 : NULL;
	if (at != NULL && lt != NULL && gt != NULL && at > lt && at < gt) {
		/* Name <email> */
		*email = text_trimmed(lt + 1, (size_t)(gt - lt - 1));
		*name = text_collapse(s, (size_t)(lt - s));
		if (*name == NULL) {
			p = gt + 1;
			*name = text_collapse(p, len - (size_t)(p - s));
		}
	} else if (at != NULL && op != NULL && cp != NULL) {
		if (at < op) {
			/* email (Name) */
			*email = text_trimmed(s, (size_t)(op - s));
			*name = text_collapse(op + 1, (size_t)(cp - op - 1));
		} else {
			/* Name (email) */
			*name = text_collapse(s, (size_t)(op - s));
			*email = text_trimmed(op + 1, (size_t)(cp - op - 1));
		}
	} else if (at != NULL && memchr(s, ' ', len) == NULL)
		*email = text_trimmed(s, len);
	else
		*name = text_collapse(s, len);
	if (*email != NULL && strncase_eq(*email, "mailto:", 7)) {
		char	*e = xstrdup(*email + 7);

		free(*email);
		*email = e;
	}
	if (*name == NULL && *email != NULL)
		*name = xstrdup(*email);
}


/* The lowercase of code point u, for the scripts text_label() knows. */
static unsigned long
text_lower_cp(unsigned long u)
{
	if (u < 0x80)
		return TO_LOWER(u);
	if ((u >= 0xc0 && u <= 0xde && u != 0xd7) || (u >= 0x391 &&
	    u <= 0x3ab) || (u >= 0x410 && u <= 0x42f))
		return u + 0x20;
	if (u >= 0x400 && u <= 0x40f)
		return u + 0x50;
	if (u >= 0x100 && u <= 0x17f && (u & 1) == 0 && u != 0x130 &&
	    u != 0x138)
		return u + 1;
	return u;
}

/* A code point ends a label's trimmed part: punctuation, blanks. */
static int
text_label_edge(unsigned long u)
{
	return u < 0x80 ? !IS_ALNUM(u) : u == 0xa0 || u == 0xab ||
	    u == 0xbb || (u >= 0x2000 && u <= 0x206f);
}

/* The code point of the n-byte UTF-8 sequence at p. */
static unsigned long
text_cp(const unsigned char *p, size_t n)
{
	if (n == 2)
		return (unsigned long)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
	if (n == 3)
		return (unsigned long)(p[0] & 0x0f) << 12 |
		    (unsigned long)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
	if (n == 4)
		return (unsigned long)(p[0] & 0x07) << 18 |
		    (unsigned long)(p[1] & 0x3f) << 12 |
		    (unsigned long)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
	return p[0];
}

/* Kana, CJK ideographs, Hangul: a word each, as no spaces part them. */
static int
text_cjk(unsigned long u)
{
	return (u >= 0x3040 && u <= 0x30ff) || (u >= 0x3400 && u <= 0x9fff) ||
	    (u >= 0xac00 && u <= 0xd7af) || (u >= 0xf900 && u <= 0xfaff);
}

/* A letter or a digit (ASCII, or beyond the punctuation blocks). */
static int
text_word_cp(unsigned long u)
{
	if (u < 0x80)
		return IS_ALNUM(u);
	return !(u <= 0xbf || u == 0xd7 || u == 0xf7 || (u >= 0x2000 &&
	    u <= 0x2bff) || (u >= 0x3000 && u <= 0x303f) || (u >= 0xfe30 &&
	    u <= 0xfe4f) || (u >= 0xff00 && u <= 0xff0f) || u == 0xfeff);
}

size_t
text_words(const char *s, void (*fn)(const char *, size_t, void *),
    void *arg, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + strlen(s);
	struct buf		 w;
	unsigned long		 u;
	size_t			 n, count = 0;

	buf_init(&w);
	while (p < end && count < max) {
		if ((n = text_utf8_len(p, end)) == 0) {
			p++;
			continue;
		}
		u = text_cp(p, n);
		p += n;
		if (text_word_cp(u) && !text_cjk(u)) {
			text_add_utf8(&w, text_lower_cp(u));
			continue;
		}
		if (w.len > 0) {
			fn(w.data, w.len, arg);
			count++;
			buf_reset(&w);
		}
		if (text_cjk(u) && count < max) {
			text_add_utf8(&w, u);
			fn(w.data, w.len, arg);
			count++;
			buf_reset(&w);
		}
	}
	if (w.len > 0 && count < max) {
		fn(w.data, w.len, arg);
		count++;
	}
	buf_free(&w);
	return count;
}

void
text_label(const char *s, char *out, size_t size)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + strlen(s);
	struct buf		 b;
	unsigned long		 u;
	size_t			 n, keep = 0;
	int			 space = 0;

	out[0] = '\0';
	buf_init(&b);
	while (p < end) {
		if ((n = text_utf8_len(p, end)) == 0) {
			p++;
			continue;
		}
		u = text_cp(p, n);
		p += n;
		if (IS_SPACE(u) || u == 0xa0) {
			space = b.len > 0;
			continue;
		}
		if (text_label_edge(u) && b.len == 0)
			continue;
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		text_add_utf8(&b, text_lower_cp(u));
		if (!text_label_edge(u))
			keep = b.len;
		if (b.len >= size)
			break;
	}
	if (b.data != NULL && keep < size) {
		memcpy(out, b.data, keep);
		out[keep] = '\0';
	}
	buf_free(&b);
}

/*
 * Whole-text labels that are never part of a story (a block that says
 * only this goes), in the languages of the pages we see most; the ones
 * of two words or more also end a heading's story when they start it
 * ("Mehr zum Thema Heizen").  Lowercase, as text_label() makes them.
 */
static const char *const text_labels[] = {
	/* English */
	"advertisement", "advertisements", "advertising", "ad", "ads",
	"sponsored", "sponsored content", "promoted", "partner content",
	"story continues below advertisement", "continue reading below",
	"article continues below", "article continues below this ad",
	"story continues below this ad", "article continues after ad",
	"article continues after this ad", "continue reading below this ad",
	"scroll to continue with content",
	"skip advertisement", "share", "share this", "share this article",
	"share this story", "share this post", "share and follow",
	"share on facebook", "follow us", "tweet", "email", "print",
	"comments", "leave a comment", "post a comment", "add a comment",
	"related", "related articles", "related stories", "related posts",
	"related content", "related news", "related coverage",
	"read more", "read next", "more", "more from", "see also",
	"also read", "you may also like", "you might also like",
	"recommended", "recommended for you", "trending", "most read",
	"most popular", "popular", "latest", "latest news", "top stories",
	"more stories", "more news", "editor's picks", "don't miss",
	"subscribe", "sign up", "newsletter", "like this", "loading",
	"tags", "topics", "categories", "filed under", "about the author",
	/* German */
	"anzeige", "werbung", "weiterlesen", "mehr zum thema",
	"das könnte sie auch interessieren",
	"das könnte dich auch interessieren", "ähnliche beiträge",
	"ähnliche artikel", "verwandte artikel", "empfohlene beiträge",
	"empfehlungen aus der redaktion", "die meistgelesenen artikel",
	"meistgelesen", "meistgelesene artikel", "meistdiskutierte artikel",
	"meistkommentiert", "lesen sie auch", "auch interessant", "teilen",
	"teilen sie dies mit", "gefällt mir", "kommentare",
	"kommentar verfassen", "keine kommentare", "schlagwörter",
	"über den autor", "folgen sie uns", "mehr dazu", "mehr artikel",
	"inhaltsverzeichnis",
	"wird geladen",
	/* French */
	"publicité", "lire aussi", "à lire aussi", "lire la suite",
	"voir aussi", "sur le même sujet", "partager", "commentaires",
	"articles similaires", "articles liés", "dans la même rubrique",
	"les plus lus", "à découvrir aussi", "suivez-nous",
	/* Spanish, Portuguese, Italian */
	"publicidad", "lee también", "leer más", "te puede interesar",
	"también te puede interesar", "noticias relacionadas", "compartir",
	"comentarios", "lo más leído", "publicidade", "leia também",
	"leia mais", "compartilhe", "comentários", "pubblicità",
	"leggi anche", "condividi", "commenti", "articoli correlati",
	"potrebbe interessarti", "síguenos", "seguici",
	/* Indonesian, Turkish */
	"baca juga", "simak video", "simak juga", "lihat juga",
	"berita terkait", "ayrıca okuyun", "ilgili haberler",
	"bunlar da ilginizi çekebilir",
	/* Dutch, Polish */
	"advertentie", "lees ook", "lees meer", "gerelateerde artikelen",
	"reklama", "czytaj także", "czytaj też", "zobacz też",
	"udostępnij", "komentarze", "polecamy",
	NULL
};

int
text_boiler_label(const char *t, int prefix)
{
	size_t	 k, n;

	for (k = 0; text_labels[k] != NULL; k++) {
		n = strlen(text_labels[k]);
		if (strcmp(t, text_labels[k]) == 0)
			return 1;
		if (prefix && strchr(text_labels[k], ' ') != NULL &&
		    strncmp(t, text_labels[k], n) == 0 && t[n] == ' ')
			return 1;
	}
	return 0;
}
