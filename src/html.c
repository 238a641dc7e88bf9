/*
 * html.c: HTML fragments out of libxml2 trees (see html.h).
 *
 * html_clean() writes what a reader of the story needs and nothing else.
 * Elements fall in a few roles (the table below): kept with their inline
 * content (p, headings), kept holding blocks or inline content (li,
 * blockquote, td), kept holding only elements (ul, table, tr), kept
 * inline (a, em, code), void (br, hr, img), dropped with everything
 * inside (script, forms, embeds), and the rest unwrapped: their content
 * stays, the tag goes.  Text met directly inside an unwrapped block (a
 * <div> holding text and <br><br> breaks, as div soup does) is wrapped
 * in paragraphs, split at double breaks.  An element that ends up empty
 * is taken back out of the buffer.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "url.h"
#include "util.h"

enum html_role {
	ROLE_UNWRAP,		/* content kept, tag dropped (the default) */
	ROLE_BLOCK_UNWRAP,	/* the same, and a block boundary */
	ROLE_DROP,		/* dropped with its content */
	ROLE_TEXT_BLOCK,	/* kept: inline content (p, h2) */
	ROLE_FLOW,		/* kept: blocks or inline content (li, td) */
	ROLE_CONTAINER,		/* kept: element children only (ul, tr) */
	ROLE_INLINE,		/* kept inline (a, em) */
	ROLE_VOID,		/* kept, no content (br, hr, img) */
	ROLE_PRE		/* kept, whitespace as it is */
};

/* Sorted by name for bsearch. */
static const struct html_elem {
	const char	*name;
	enum html_role	 role;
} html_elems[] = {
	{ "a", ROLE_INLINE }, { "abbr", ROLE_INLINE },
	{ "address", ROLE_BLOCK_UNWRAP }, { "amp-ad", ROLE_DROP },
	{ "amp-analytics", ROLE_DROP }, { "amp-embed", ROLE_DROP },
	{ "amp-iframe", ROLE_DROP }, { "amp-img", ROLE_VOID },
	{ "amp-social-share", ROLE_DROP }, { "applet", ROLE_DROP },
	{ "article", ROLE_BLOCK_UNWRAP }, { "aside", ROLE_BLOCK_UNWRAP },
	{ "audio", ROLE_DROP }, { "b", ROLE_INLINE }, { "base", ROLE_DROP },
	{ "bdi", ROLE_INLINE }, { "bdo", ROLE_INLINE },
	{ "blockquote", ROLE_FLOW }, { "body", ROLE_BLOCK_UNWRAP },
	{ "br", ROLE_VOID }, { "button", ROLE_DROP }, { "canvas", ROLE_DROP },
	{ "caption", ROLE_TEXT_BLOCK }, { "center", ROLE_BLOCK_UNWRAP },
	{ "cite", ROLE_INLINE }, { "code", ROLE_INLINE }, { "col", ROLE_DROP },
	{ "colgroup", ROLE_DROP }, { "datalist", ROLE_DROP },
	{ "dd", ROLE_FLOW }, { "del", ROLE_INLINE },
	{ "details", ROLE_BLOCK_UNWRAP }, { "dfn", ROLE_INLINE },
	{ "dialog", ROLE_DROP }, { "dir", ROLE_BLOCK_UNWRAP },
	{ "div", ROLE_BLOCK_UNWRAP }, { "dl", ROLE_CONTAINER },
	{ "dt", ROLE_TEXT_BLOCK }, { "em", ROLE_INLINE },
	{ "embed", ROLE_DROP }, { "fieldset", ROLE_BLOCK_UNWRAP },
	{ "figcaption", ROLE_TEXT_BLOCK }, { "figure", ROLE_FLOW },
	{ "footer", ROLE_BLOCK_UNWRAP }, { "form", ROLE_BLOCK_UNWRAP },
	{ "frame", ROLE_DROP }, { "frameset", ROLE_DROP },
	{ "h1", ROLE_TEXT_BLOCK }, { "h2", ROLE_TEXT_BLOCK },
	{ "h3", ROLE_TEXT_BLOCK }, { "h4", ROLE_TEXT_BLOCK },
	{ "h5", ROLE_TEXT_BLOCK }, { "h6", ROLE_TEXT_BLOCK },
	{ "head", ROLE_DROP }, { "header", ROLE_BLOCK_UNWRAP },
	{ "hgroup", ROLE_BLOCK_UNWRAP }, { "hr", ROLE_VOID },
	{ "html", ROLE_BLOCK_UNWRAP }, { "i", ROLE_INLINE },
	{ "iframe", ROLE_DROP }, { "img", ROLE_VOID }, { "input", ROLE_DROP },
	{ "ins", ROLE_INLINE }, { "kbd", ROLE_INLINE }, { "label", ROLE_DROP },
	{ "legend", ROLE_DROP }, { "li", ROLE_FLOW }, { "link", ROLE_DROP },
	{ "listing", ROLE_PRE }, { "main", ROLE_BLOCK_UNWRAP },
	{ "map", ROLE_DROP }, { "mark", ROLE_INLINE }, { "math", ROLE_DROP },
	{ "menu", ROLE_BLOCK_UNWRAP }, { "meta", ROLE_DROP },
	{ "meter", ROLE_DROP }, { "nav", ROLE_BLOCK_UNWRAP },
	{ "noembed", ROLE_DROP }, { "noframes", ROLE_DROP },
	{ "noscript", ROLE_DROP }, { "object", ROLE_DROP },
	{ "ol", ROLE_CONTAINER }, { "optgroup", ROLE_DROP },
	{ "option", ROLE_DROP }, { "output", ROLE_DROP }, { "p", ROLE_TEXT_BLOCK },
	{ "param", ROLE_DROP }, { "plaintext", ROLE_PRE }, { "pre", ROLE_PRE },
	{ "progress", ROLE_DROP }, { "q", ROLE_INLINE },
	/* Ruby's readings (furigana) would run into the text they gloss. */
	{ "rp", ROLE_DROP }, { "rt", ROLE_DROP }, { "s", ROLE_INLINE },
	{ "samp", ROLE_INLINE }, { "script", ROLE_DROP },
	{ "section", ROLE_BLOCK_UNWRAP }, { "select", ROLE_DROP },
	{ "small", ROLE_INLINE }, { "source", ROLE_UNWRAP },
	{ "strike", ROLE_INLINE }, { "strong", ROLE_INLINE },
	{ "style", ROLE_DROP }, { "sub", ROLE_INLINE },
	{ "summary", ROLE_TEXT_BLOCK }, { "sup", ROLE_INLINE },
	{ "svg", ROLE_DROP }, { "table", ROLE_CONTAINER },
	{ "tbody", ROLE_CONTAINER }, { "td", ROLE_FLOW },
	{ "template", ROLE_DROP }, { "textarea", ROLE_DROP },
	{ "tfoot", ROLE_CONTAINER }, { "th", ROLE_FLOW },
	{ "thead", ROLE_CONTAINER }, { "time", ROLE_INLINE },
	{ "title", ROLE_DROP }, { "tr", ROLE_CONTAINER },
	{ "track", ROLE_DROP }, { "tt", ROLE_INLINE }, { "u", ROLE_INLINE },
	{ "ul", ROLE_CONTAINER }, { "var", ROLE_INLINE },
	{ "video", ROLE_DROP }, { "wbr", ROLE_DROP }, { "xmp", ROLE_PRE }
};

/* What html_clean() keeps between nodes. */
struct html_writer {
	struct buf		*b;
	const struct html_clean	*opts;
	int			 block;		/* inline text needs a <p> */
	int			 implicit_p;	/* a <p> we opened is open */
	size_t			 p_start;	/* where it starts in b */
	int			 space;		/* b ends in a blank (or a
						   block edge): skip blanks */
	int			 pre;		/* inside <pre> */
	int			 inline_depth;	/* inside a kept <a>, <em>... */
	int			 text_depth;	/* inside a kept <p>, <h2>... */
	int			 depth;		/* kept elements open */
	int			 links;		/* kept <a>s open */
	const char		*parent;	/* the innermost kept element */
};

/*
 * Kept elements nested deeper than this are unwrapped: no reader needs
 * them, and an output far below every parser's depth limit reads back
 * as the same tree.
 */
#define HTML_MAX_DEPTH	100

static void	html_clean_node(struct html_writer *, xmlNodePtr);

void
html_escape(struct buf *b, const char *s, int attr)
{
	const char	*p, *run = s;

	for (p = s; *p != '\0'; p++) {
		const char	*rep = NULL;

		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			if (attr)
				rep = "&quot;";
			break;
		}
		if (rep != NULL) {
			buf_add(b, run, (size_t)(p - run));
			buf_addstr(b, rep);
			run = p + 1;
		}
	}
	buf_add(b, run, (size_t)(p - run));
}

int
html_void_element(const char *name)
{
	static const char *const v[] = {
		"area", "base", "br", "col", "embed", "hr", "img", "input",
		"link", "meta", "param", "source", "track", "wbr", NULL
	};
	int	 i;

	for (i = 0; v[i] != NULL; i++)
		if (strcasecmp(name, v[i]) == 0)
			return 1;
	return 0;
}

/* An element's name without a namespace prefix. */
static const char *
html_local(xmlNodePtr n)
{
	const char	*name = (const char *)n->name, *colon;

	if (n->ns == NULL && (colon = strchr(name, ':')) != NULL)
		return colon + 1;
	return name;
}

static void	html_fragment_in(struct buf *, xmlNodePtr, size_t,
		    const char *, int);

/* An attribute that holds a URL. */
static int
html_url_attr(const char *name)
{
	static const char *const names[] = {
		"action", "background", "cite", "data", "formaction", "href",
		"longdesc", "poster", "src", NULL
	};
	size_t	 i;

	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* A srcset's candidates ("URL [descriptor], ...") against base. */
static void
html_rebase_srcset(struct buf *b, const char *base, const char *v)
{
	const char	*p = v, *u, *d, *e;
	char		*ref, *abs, *desc;
	size_t		 ulen;
	int		 first = 1;

	while (*p != '\0') {
		while (IS_SPACE(*p) || *p == ',')
			p++;
		if (*p == '\0')
			break;
		for (u = p; *p != '\0' && !IS_SPACE(*p); p++)
			;
		ulen = (size_t)(p - u);
		d = e = p;
		if (u[ulen - 1] == ',')
			ulen--;		/* no descriptor */
		else {
			while (*p != '\0' && *p != ',')
				p++;
			for (e = p; e > d && IS_SPACE(e[-1]); e--)
				;
			while (d < e && IS_SPACE(*d))
				d++;
		}
		if (!first)
			buf_addstr(b, ", ");
		first = 0;
		ref = xstrndup(u, ulen);
		abs = url_resolve(base, ref);
		html_escape(b, abs != NULL ? abs : ref, 1);
		free(abs);
		free(ref);
		if (d < e) {
			buf_addc(b, ' ');
			desc = xstrndup(d, (size_t)(e - d));
			html_escape(b, desc, 1);
			free(desc);
		}
	}
}

/* xml:base on n, or NULL. */
static const char *
html_xml_base(xmlNodePtr n)
{
	xmlAttrPtr	 a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->ns != NULL && a->ns->prefix != NULL &&
		    strcmp((const char *)a->ns->prefix, "xml") == 0 &&
		    strcmp((const char *)a->name, "base") == 0 &&
		    a->children != NULL && a->children->content != NULL)
			return (const char *)a->children->content;
	return NULL;
}

static void
html_fragment_element(struct buf *b, xmlNodePtr n, size_t max,
    const char *base, int rebased)
{
	const char	*local = html_local(n), *xb;
	xmlAttrPtr	 a;
	xmlNodePtr	 c;
	struct buf	 v;
	char		*own = NULL, *u;

	/* (An empty one is the base in scope.) */
	if ((xb = html_xml_base(n)) != NULL &&
	    (own = url_resolve(base, xb)) != NULL) {
		base = own;
		rebased = 1;
	}
	buf_addc(b, '<');
	buf_addstr(b, local);
	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns != NULL && a->ns->prefix != NULL &&
		    strcmp((const char *)a->ns->prefix, "xml") == 0)
			continue;
		buf_addc(b, ' ');
		buf_addstr(b, (const char *)a->name);
		buf_addstr(b, "=\"");
		buf_init(&v);
		for (c = a->children; c != NULL; c = c->next)
			if (c->content != NULL)
				buf_addstr(&v, (const char *)c->content);
		if (v.data != NULL) {
			if (rebased && base != NULL &&
			    strcasecmp((const char *)a->name, "srcset") == 0)
				html_rebase_srcset(b, base, v.data);
			else if (rebased && base != NULL &&
			    html_url_attr((const char *)a->name) &&
			    (u = url_resolve(base, v.data)) != NULL) {
				html_escape(b, u, 1);
				free(u);
			} else
				html_escape(b, v.data, 1);
		}
		buf_free(&v);
		buf_addc(b, '"');
	}
	buf_addc(b, '>');
	if (n->children != NULL || !html_void_element(local)) {
		html_fragment_in(b, n, max, base, rebased);
		buf_addstr(b, "</");
		buf_addstr(b, local);
		buf_addc(b, '>');
	}
	free(own);
}

static void
html_fragment_in(struct buf *b, xmlNodePtr n, size_t max, const char *base,
    int rebased)
{
	xmlNodePtr	 c;

	for (c = n->children; c != NULL; c = c->next) {
		if (b->len > max)
			return;
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content != NULL)
				html_escape(b, (const char *)c->content, 0);
			break;
		case XML_ELEMENT_NODE:
			html_fragment_element(b, c, max, base, rebased);
			break;
		default:
			break;
		}
	}
}

void
html_fragment(struct buf *b, xmlNodePtr n, size_t max)
{
	html_fragment_in(b, n, max, NULL, 0);
}

void
html_fragment_based(struct buf *b, xmlNodePtr n, size_t max,
    const char *base, int rebased)
{
	html_fragment_in(b, n, max, base, rebased);
}

static int
html_elem_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct html_elem *)elem)->name);
}

int
html_amp_container(const char *name)
{
	static const char *const containers[] = {
		"amp-accordion", "amp-carousel", "amp-fit-text", "amp-layout",
		"amp-selector", "amp-truncate-text", NULL
	};
	size_t	 i;

	for (i = 0; containers[i] != NULL; i++)
		if (strcasecmp(name, containers[i]) == 0)
			return 1;
	return 0;
}

static enum html_role
html_role(xmlNodePtr n)
{
	const struct html_elem	*e;
	char			 lower[32];
	const char		*name = html_local(n);
	size_t			 i;

	for (i = 0; name[i] != '\0' && i < sizeof lower - 1; i++)
		lower[i] = (char)TO_LOWER((unsigned char)name[i]);
	if (name[i] != '\0')
		return ROLE_UNWRAP;
	lower[i] = '\0';
	e = bsearch(lower, html_elems, sizeof html_elems / sizeof html_elems[0],
	    sizeof html_elems[0], html_elem_cmp);
	if (e != NULL)
		return e->role;
	/* AMP's other components are players, menus, consent: UI. */
	if (strncmp(lower, "amp-", 4) == 0)
		return html_amp_container(lower) ? ROLE_BLOCK_UNWRAP :
		    ROLE_DROP;
	return ROLE_UNWRAP;
}

/* An attribute's value, or NULL. */
static const char *
html_attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr	 a;

	for (a = n->properties; a != NULL; a = a->next)
		if (strcasecmp((const char *)a->name, name) == 0)
			return a->children != NULL && a->children->content !=
			    NULL ? (const char *)a->children->content : "";
	return NULL;
}

/* Does u hold a byte no URL may hold as it is (blanks, controls, <)? */
static int
html_url_bad(const char *u)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)u; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f || strchr("<>\"{}|\\^`", *p) != NULL)
			return 1;
	return 0;
}

/* ref made absolute, when its scheme is one a reader may follow. */
static char *
html_url(const struct html_clean *o, const char *ref, int mailto)
{
	char	*u;

	if (str_empty(ref) || (u = url_resolve(o->base, ref)) == NULL)
		return NULL;
	/* What a URL cannot hold, percent-encoded: read again, it is
	   absolute as it is and stays the same. */
	if (html_url_bad(u)) {
		char	*esc = url_escape(u);

		free(u);
		u = esc;
	}
	/* Longer is no address anyone wrote. */
	if (strlen(u) > HTML_MAX_URL) {
		free(u);
		return NULL;
	}
	if (strncase_eq(u, "http://", 7) || strncase_eq(u, "https://", 8) ||
	    (mailto && strncase_eq(u, "mailto:", 7)))
		return u;
	free(u);
	return NULL;
}

/*
 * An image's real source (see html.h): lazy loaders keep it in data-src and
 * friends and put a placeholder (a data: pixel, nothing) in src.
 */
static char	*html_srcset(const struct html_clean *, const char *);

char *
html_image_src(xmlNodePtr n, const char *base)
{
	static const char *const lazy[] = {
		"data-src", "data-lazy-src", "data-original", "data-url",
		"data-hi-res-src", "data-full-src", NULL
	};
	struct html_clean	 o;
	const char		*src = html_attr(n, "src");
	char			*first, *u;
	int			 i;

	memset(&o, 0, sizeof o);
	o.base = base;
	for (i = 0; lazy[i] != NULL; i++)
		if ((u = html_url(&o, html_attr(n, lazy[i]), 0)) != NULL)
			return u;
	if (src != NULL && !strncase_eq(src, "data:", 5) &&
	    (u = html_url(&o, src, 0)) != NULL)
		return u;
	/* The first candidate a reader may load ("URL[ desc], ..."). */
	if ((first = html_srcset(&o, html_attr(n, "data-srcset"))) == NULL)
		first = html_srcset(&o, html_attr(n, "srcset"));
	if (first == NULL)
		return NULL;
	first[strcspn(first, " ")] = '\0';
	if (first[0] != '\0' && first[strlen(first) - 1] == ',')
		first[strlen(first) - 1] = '\0';
	return first;
}

char *
html_style_image(xmlNodePtr n, const char *base)
{
	struct html_clean	 o;
	const char		*style, *p, *end;
	char			*ref, *u;
	size_t			 len;

	if ((style = html_attr(n, "style")) == NULL ||
	    (p = strcasestr(style, "background")) == NULL ||
	    (p = strcasestr(p, "url(")) == NULL)
		return NULL;
	p += 4;
	while (IS_SPACE(*p))
		p++;
	if (*p == '\'' || *p == '"') {
		if ((end = strchr(p + 1, *p)) == NULL)
			return NULL;
		p++;
	} else if ((end = strchr(p, ')')) == NULL)
		return NULL;
	len = (size_t)(end - p);
	while (len > 0 && IS_SPACE(p[len - 1]))
		len--;
	if (len == 0 || strncase_eq(p, "data:", 5))
		return NULL;
	ref = xstrndup(p, len);
	memset(&o, 0, sizeof o);
	o.base = base;
	u = html_url(&o, ref, 0);
	free(ref);
	return u;
}

static void
html_add_attr(struct buf *b, const char *name, const char *v)
{
	if (v == NULL)
		return;
	buf_addc(b, ' ');
	buf_addstr(b, name);
	buf_addstr(b, "=\"");
	html_escape(b, v, 1);
	buf_addc(b, '"');
}

/*
 * A data: URL a reader may show as a picture: PNG, GIF, JPEG or WebP
 * (never SVG, which can hold scripts), up to HTML_DATA_IMAGE_MAX bytes.
 */
static int
html_data_image(const char *u)
{
	static const char *const types[] = {
		"data:image/png", "data:image/gif", "data:image/jpeg",
		"data:image/jpg", "data:image/webp", NULL
	};
	size_t	 i, n;

	if (u == NULL || strlen(u) > HTML_DATA_IMAGE_MAX)
		return 0;
	for (i = 0; types[i] != NULL; i++) {
		n = strlen(types[i]);
		if (strncase_eq(u, types[i], n) && (u[n] == ';' || u[n] == ','))
			return 1;
	}
	return 0;
}

/* The picture an <img> shows, as html_image_src(), or a data: image. */
static char *
html_img_src(struct html_writer *w, xmlNodePtr n)
{
	char		*u = html_image_src(n, w->opts->base);
	const char	*src;

	if (u == NULL && w->opts->sanitize &&
	    html_data_image(src = html_attr(n, "src")))
		u = xstrdup(src);
	return u;
}

/*
 * A srcset with only the candidates a reader may load: each URL made
 * absolute (http, https), its descriptor ("2x", "640w") kept when it is
 * one; NULL when none is left.
 */
static char *
html_srcset(const struct html_clean *o, const char *s)
{
	struct buf	 b;
	const char	*url, *d;
	char		*ref, *u;
	size_t		 ulen, dlen, k;
	int		 ok;

	if (s == NULL)
		return NULL;
	buf_init(&b);
	while (*s != '\0') {
		while (IS_SPACE(*s) || *s == ',')
			s++;
		if (*s == '\0')
			break;
		url = s;
		while (*s != '\0' && !IS_SPACE(*s))
			s++;
		ulen = (size_t)(s - url);
		/* "a.jpg," : the comma ends the candidate, not the URL. */
		while (ulen > 0 && url[ulen - 1] == ',')
			ulen--;
		d = s;
		if (ulen == (size_t)(s - url)) {
			while (IS_SPACE(*s))
				s++;
			for (d = s; *s != '\0' && *s != ','; s++)
				;
		}
		dlen = (size_t)(s - d);
		while (dlen > 0 && IS_SPACE(d[dlen - 1]))
			dlen--;
		/* A descriptor is a number and w, x or h. */
		ok = dlen == 0;
		if (dlen > 1 && dlen < 16 && (d[dlen - 1] == 'w' ||
		    d[dlen - 1] == 'x' || d[dlen - 1] == 'h')) {
			ok = 1;
			for (k = 0; k + 1 < dlen; k++)
				if (!((d[k] >= '0' && d[k] <= '9') ||
				    d[k] == '.'))
					ok = 0;
		}
		ref = xstrndup(url, ulen);
		u = ok ? html_url(o, ref, 0) : NULL;
		free(ref);
		/* A comma in a URL (an image CDN's "w_400,c_fill") is
		   read right only before a descriptor. */
		if (u == NULL || (strchr(u, ',') != NULL && dlen == 0) ||
		    strchr(u, ' ')) {
			free(u);
			continue;
		}
		if (b.len + strlen(u) > HTML_MAX_SRCSET) {
			free(u);
			break;
		}
		if (b.len > 0)
			buf_addstr(&b, ", ");
		buf_addstr(&b, u);
		if (dlen > 0) {
			buf_addc(&b, ' ');
			buf_add(&b, d, dlen);
		}
		free(u);
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* The allowed attributes of a kept element, after its name. */
static void
html_clean_attrs(struct html_writer *w, xmlNodePtr n, const char *name)
{
	static const char *const plain[] = {
		"alt", "title", "width", "height", "colspan", "rowspan",
		"datetime", "lang", "dir", "start", NULL
	};
	const char	*v;
	char		*u;
	int		 i;

	if (strcmp(name, "a") == 0) {
		u = html_url(w->opts, html_attr(n, "href"), 1);
		html_add_attr(w->b, "href", u);
		free(u);
	} else if (strcmp(name, "img") == 0) {
		u = html_img_src(w, n);
		html_add_attr(w->b, "src", u);
		free(u);
	} else if (strcmp(name, "blockquote") == 0 || strcmp(name, "q") == 0 ||
	    (w->opts->sanitize && (strcmp(name, "del") == 0 ||
	    strcmp(name, "ins") == 0))) {
		u = html_url(w->opts, html_attr(n, "cite"), 0);
		html_add_attr(w->b, "cite", u);
		free(u);
	}
	if (w->opts->sanitize && (strcmp(name, "img") == 0 ||
	    strcmp(name, "source") == 0)) {
		u = html_srcset(w->opts, html_attr(n, "srcset"));
		html_add_attr(w->b, "srcset", u);
		free(u);
	}
	if (w->opts->sanitize && strcmp(name, "source") == 0) {
		/* A MIME type and a media query: words, no URLs. */
		if ((v = html_attr(n, "type")) != NULL && strlen(v) < 64 &&
		    strncase_eq(v, "image/", 6) && strpbrk(v, "\"'<>&(") ==
		    NULL)
			html_add_attr(w->b, "type", v);
		if ((v = html_attr(n, "media")) != NULL && strlen(v) < 256 &&
		    strcasestr(v, "url") == NULL)
			html_add_attr(w->b, "media", v);
	}
	if (w->opts->sanitize && strcmp(name, "details") == 0 &&
	    html_attr(n, "open") != NULL)
		html_add_attr(w->b, "open", "");
	for (i = 0; plain[i] != NULL; i++)
		if ((v = html_attr(n, plain[i])) != NULL && *v != '\0' &&
		    strlen(v) < 256)
			html_add_attr(w->b, plain[i], v);
}

/* Drop the blanks b ends in. */
static void
html_trim_end(struct buf *b)
{
	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
}

/* 1 when b from off on holds nothing but blanks and <br>s. */
static int
html_blank_since(const struct buf *b, size_t off)
{
	const char	*p = b->data + off, *end = b->data + b->len;

	while (p < end) {
		if (*p == ' ')
			p++;
		else if (end - p >= 4 && memcmp(p, "<br>", 4) == 0)
			p += 4;
		else
			return 0;
	}
	return 1;
}

/*
 * 1 when b from off on is a line of links and nothing else: two links
 * or more, with only separators ("|", "·", "-", blanks) between them.
 * "E-mail this story | Printer-friendly version" is no paragraph.
 */
static int
html_nav_line(const struct buf *b, size_t off)
{
	const unsigned char	*p = (const unsigned char *)b->data + off;
	const unsigned char	*end = (const unsigned char *)b->data + b->len;
	int			 links = 0, depth = 0;

	while (p < end) {
		if (*p == '<') {
			if (end - p >= 3 && p[1] == 'a' && (p[2] == ' ' ||
			    p[2] == '>')) {
				if (depth++ == 0)
					links++;
			} else if (end - p >= 4 && memcmp(p, "</a>", 4) == 0)
				depth--;
			else if (end - p >= 4 && memcmp(p, "<img", 4) == 0)
				return 0;
			while (p < end && *p != '>')
				p++;
			p++;
			continue;
		}
		if (depth > 0 || *p == ' ' || *p == '|' || *p == '-' ||
		    *p == '/' || *p == '*') {
			p++;
			continue;
		}
		/* Breadcrumbs' "Home > News". */
		if (end - p >= 4 && (memcmp(p, "&gt;", 4) == 0 ||
		    memcmp(p, "&lt;", 4) == 0)) {
			p += 4;
			continue;
		}
		/* U+00A0, and the dots, dashes and guillemets of UTF-8. */
		if (end - p >= 2 && p[0] == 0xc2 && (p[1] == 0xa0 ||
		    p[1] == 0xb7 || p[1] == 0xbb || p[1] == 0xab)) {
			p += 2;
			continue;
		}
		if (end - p >= 3 && p[0] == 0xe2 && p[1] == 0x80 &&
		    (p[2] == 0xa2 || p[2] == 0x93 || p[2] == 0x94 ||
		    p[2] == 0xba || p[2] == 0xb9)) {
			p += 3;
			continue;
		}
		return 0;
	}
	return links >= 2;
}

/* Close the paragraph opened for loose text, or take it back out. */
static void
html_close_implicit(struct html_writer *w)
{
	struct buf	*b = w->b;

	/*
	 * No paragraph ends inside a kept <a> or <em>: what it wrote since
	 * the paragraph began is not ours to take back.
	 */
	if (!w->implicit_p || w->inline_depth > 0)
		return;
	w->implicit_p = 0;
	w->depth--;
	w->space = 1;
	/* Trailing breaks and blanks end no paragraph. */
	for (;;) {
		html_trim_end(b);
		if (b->len >= w->p_start + 3 + 4 &&
		    memcmp(b->data + b->len - 4, "<br>", 4) == 0)
			b->data[b->len -= 4] = '\0';
		else
			break;
	}
	if (html_blank_since(b, w->p_start + 3) ||
	    (!w->opts->sanitize && html_nav_line(b, w->p_start + 3))) {
		b->len = w->p_start;
		b->data[b->len] = '\0';
		return;
	}
	buf_addstr(b, "</p>");
}

/* Before inline content: at block level, open a paragraph for it. */
static void
html_need_inline(struct html_writer *w)
{
	if (!w->block || w->implicit_p)
		return;
	w->p_start = w->b->len;
	buf_addstr(w->b, "<p>");
	w->implicit_p = 1;
	w->depth++;		/* as deep as the <p> it will read back as */
	w->space = 1;
}

/* A text node: escaped, blanks collapsed (but in <pre>). */
static void
html_clean_text(struct html_writer *w, const char *s)
{
	struct buf	*b = w->b;
	const char	*p, *run;

	if (w->pre) {
		/* Full: cut between characters. */
		size_t	 room = b->len < w->opts->max ? w->opts->max - b->len :
		    0, len = strlen(s);
		char	*cut;

		if (len <= room) {
			html_escape(b, s, 0);
			return;
		}
		while (room > 0 && ((unsigned char)s[room] & 0xc0) == 0x80)
			room--;
		cut = xstrndup(s, room);
		html_escape(b, cut, 0);
		free(cut);
		return;
	}
	if (w->block && !w->implicit_p) {
		for (p = s; IS_SPACE(*p); p++)
			;
		if (*p == '\0')
			return;
		html_need_inline(w);
	}
	for (p = s; *p != '\0'; ) {
		/* Full: the text stops between words, the tags still close. */
		if (b->len > w->opts->max)
			return;
		if (IS_SPACE(*p)) {
			if (!w->space)
				buf_addc(b, ' ');
			w->space = 1;
			while (IS_SPACE(*p))
				p++;
			continue;
		}
		for (run = p; *p != '\0' && !IS_SPACE(*p) && *p != '&' &&
		    *p != '<' && *p != '>' && *p != '"'; p++)
			;
		/* A word past the room left: cut between characters. */
		if ((size_t)(p - run) > w->opts->max - b->len) {
			p = run + (w->opts->max - b->len);
			while (p > run && ((unsigned char)*p & 0xc0) == 0x80)
				p--;
			buf_add(b, run, (size_t)(p - run));
			return;
		}
		buf_add(b, run, (size_t)(p - run));
		/* '"' too: text is never an attribute's end, whatever else
		   goes wrong. */
		if (*p == '&' || *p == '<' || *p == '>' || *p == '"') {
			buf_addstr(b, *p == '&' ? "&amp;" : *p == '<' ?
			    "&lt;" : *p == '>' ? "&gt;" : "&quot;");
			p++;
		}
		w->space = 0;
	}
}

static void
html_clean_children(struct html_writer *w, xmlNodePtr n)
{
	xmlNodePtr	 c;

	for (c = n->children; c != NULL; c = c->next) {
		if (w->b->len > w->opts->max)
			return;
		html_clean_node(w, c);
	}
}

/* Does <a> n have an href html_clean_attrs() keeps? */
static int
html_kept_href(struct html_writer *w, xmlNodePtr n)
{
	char	*u = html_url(w->opts, html_attr(n, "href"), 1);

	free(u);
	return u != NULL;
}

/*
 * b from start holds "<name>" just written after "</name>": take both
 * out, so that what follows goes on inside the element that ended.
 */
static int
html_reopens(struct buf *b, size_t start, const char *name)
{
	size_t	 n = strlen(name);

	if (b->len - start != n + 2 || start < n + 3 ||
	    memcmp(b->data + start - (n + 3), "</", 2) != 0 ||
	    memcmp(b->data + start - (n + 1), name, n) != 0 ||
	    b->data[start - 1] != '>')
		return 0;
	b->len = start - (n + 3);
	b->data[b->len] = '\0';
	return 1;
}

/* The children of kept element n (named lower), one level deeper. */
static void
html_clean_inside(struct html_writer *w, xmlNodePtr n, const char *lower)
{
	const char	*parent = w->parent;
	int		 link = strcmp(lower, "a") == 0;

	w->depth++;
	w->links += link;
	w->parent = lower;
	html_clean_children(w, n);
	w->parent = parent;
	w->links -= link;
	w->depth--;
}

/* A kept element: tag, allowed attributes, content, end tag. */
static void
html_clean_kept(struct html_writer *w, xmlNodePtr n, enum html_role role)
{
	struct buf	*b = w->b;
	const char	*name = html_local(n);
	char		 lower[16];
	size_t		 start, inner, i;
	int		 block = w->block, pre = w->pre, blockish;

	for (i = 0; name[i] != '\0' && i < sizeof lower - 1; i++)
		lower[i] = (char)TO_LOWER((unsigned char)name[i]);
	lower[i] = '\0';
	if (strcmp(lower, "amp-img") == 0)
		snprintf(lower, sizeof lower, "img");
	/* Raw-text elements of old: their text is written escaped, as in
	   a <pre> (an <xmp> would show the escapes). */
	if (strcmp(lower, "xmp") == 0 || strcmp(lower, "listing") == 0 ||
	    strcmp(lower, "plaintext") == 0)
		snprintf(lower, sizeof lower, "pre");
	blockish = role != ROLE_INLINE && !(role == ROLE_VOID &&
	    strcmp(lower, "hr") != 0);

	if (blockish) {
		html_close_implicit(w);
		html_trim_end(b);
	} else
		html_need_inline(w);
	if (role == ROLE_VOID) {
		if (strcmp(lower, "img") == 0) {
			char	*src = html_img_src(w, n);

			if (src == NULL)
				return;		/* nothing to show */
			free(src);
		}
		if (strcmp(lower, "br") == 0 && w->block &&
		    w->implicit_p && w->inline_depth == 0 && b->len >= 4 &&
		    memcmp(b->data + b->len - 4, "<br>", 4) == 0) {
			/* <br><br> in loose text: a paragraph break. */
			b->data[b->len -= 4] = '\0';
			html_close_implicit(w);
			return;
		}
		buf_addc(b, '<');
		buf_addstr(b, lower);
		html_clean_attrs(w, n, lower);
		buf_addc(b, '>');
		w->space = strcmp(lower, "img") != 0;
		/* libxml2 knows no <source>: what follows it became its
		   children. */
		if (n->children != NULL)
			html_clean_children(w, n);
		return;
	}
	/* A link that goes nowhere we keep is only its text. */
	if (strcmp(lower, "a") == 0 && !html_kept_href(w, n)) {
		html_clean_children(w, n);
		return;
	}
	start = b->len;
	buf_addc(b, '<');
	buf_addstr(b, lower);
	html_clean_attrs(w, n, lower);
	buf_addc(b, '>');
	inner = b->len;
	/*
	 * "<strong>a</strong><strong>b</strong>" is one: a tag between the
	 * halves of a word splits it for whatever reads the text.
	 */
	if (role == ROLE_INLINE && html_reopens(b, start, lower)) {
		/* Open again, as deep as before. */
		w->block = 0;
		w->inline_depth++;
		html_clean_inside(w, n, lower);
		w->inline_depth--;
		w->block = block;
		buf_addstr(b, "</");
		buf_addstr(b, lower);
		buf_addc(b, '>');
		return;
	}
	if (blockish)
		w->space = 1;
	w->block = role == ROLE_CONTAINER;
	/* <b> in a <pre> keeps its spaces too. */
	w->pre = role == ROLE_PRE || (role == ROLE_INLINE && pre);
	if (role == ROLE_INLINE)
		w->inline_depth++;
	/* No block goes in a paragraph or a <pre> (a parser would end
	   them there). */
	if (role == ROLE_TEXT_BLOCK || role == ROLE_PRE)
		w->text_depth++;
	html_clean_inside(w, n, lower);
	if (role == ROLE_INLINE)
		w->inline_depth--;
	if (role == ROLE_TEXT_BLOCK || role == ROLE_PRE)
		w->text_depth--;
	if (blockish)
		html_close_implicit(w);
	w->block = block;
	w->pre = pre;
	if (blockish)
		html_trim_end(b);
	if ((html_blank_since(b, inner) && strcmp(lower, "td") != 0 &&
	    strcmp(lower, "th") != 0) || (strcmp(lower, "p") == 0 &&
	    !w->opts->sanitize && html_nav_line(b, inner))) {
		/* Nothing inside: leave it out altogether. */
		if (start <= b->len) {
			b->len = start;
			b->data[b->len] = '\0';
		}
		return;
	}
	buf_addstr(b, "</");
	buf_addstr(b, lower);
	buf_addc(b, '>');
	if (blockish)
		w->space = 1;
}

/* 1 when n holds an <img>. */
static int
html_has_img(xmlNodePtr n)
{
	xmlNodePtr	 c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    (strcasecmp(html_local(c), "img") == 0 || html_has_img(c)))
			return 1;
	return 0;
}

/*
 * The text of n, counted up to max bytes; *blocks set when n holds
 * paragraphs, divisions, lists, headings or tables.
 */
static size_t
html_cell_text(xmlNodePtr n, size_t max, int *blocks)
{
	static const char *const block_tags[] = { "p", "div", "ul", "ol",
	    "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", NULL };
	xmlNodePtr	 c;
	size_t		 len = 0, i;

	for (c = n->children; c != NULL && len <= max; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content != NULL)
			len += strlen((const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE) {
			for (i = 0; block_tags[i] != NULL; i++)
				if (strcasecmp(html_local(c), block_tags[i]) == 0)
					*blocks = 1;
			len += html_cell_text(c, max - len, blocks);
		}
	}
	return len;
}

/*
 * A table that lays out a page rather than holding data (what
 * Readability asks too): a table role of presentation, a table in it, a
 * cell of paragraphs or of a long text, or a single row or column.  A
 * caption, a header cell or column groups make it data.
 */
static int
html_layout_table(xmlNodePtr t)
{
	const char	*role = html_attr(t, "role");
	xmlNodePtr	 sect, row, cell, first;
	size_t		 nrows = 0, cols, maxcols = 0;
	int		 blocks = 0;

	if (role != NULL && (strcasecmp(role, "presentation") == 0 ||
	    strcasecmp(role, "none") == 0))
		return 1;
	/* Its rows: straight in it, or in its sections. */
	for (sect = t->children; sect != NULL; sect = sect->next) {
		if (sect->type != XML_ELEMENT_NODE)
			continue;
		if (strcasecmp(html_local(sect), "caption") == 0 ||
		    strcasecmp(html_local(sect), "thead") == 0 ||
		    strcasecmp(html_local(sect), "colgroup") == 0)
			return 0;
		if (strcasecmp(html_local(sect), "tr") == 0)
			first = sect;
		else if (strcasecmp(html_local(sect), "tbody") == 0 ||
		    strcasecmp(html_local(sect), "tfoot") == 0)
			first = sect->children;
		else
			continue;
		for (row = first; row != NULL; row = row == sect ? NULL :
		    row->next) {
			if (row->type != XML_ELEMENT_NODE ||
			    strcasecmp(html_local(row), "tr") != 0)
				continue;
			nrows++;
			cols = 0;
			for (cell = row->children; cell != NULL;
			    cell = cell->next) {
				if (cell->type != XML_ELEMENT_NODE)
					continue;
				if (strcasecmp(html_local(cell), "th") == 0)
					return 0;
				if (strcasecmp(html_local(cell), "td") != 0)
					continue;
				cols++;
				if (html_cell_text(cell, 400, &blocks) > 400 ||
				    blocks)
					return 1;
			}
			if (cols > maxcols)
				maxcols = cols;
		}
	}
	return nrows < 2 || maxcols < 2;
}

/*
 * A layout table's cells are blocks of the page: what they hold goes
 * out as if the table were not there.
 */
static void
html_clean_layout(struct html_writer *w, xmlNodePtr n)
{
	xmlNodePtr	 c;
	const char	*name;
	int		 block = w->block;

	w->block = 1;
	for (c = n->children; c != NULL; c = c->next) {
		if (w->b->len > w->opts->max)
			break;
		if (c->type != XML_ELEMENT_NODE ||
		    (w->opts->skip != NULL && w->opts->skip(c, w->opts->arg))) {
			if (c->type == XML_ELEMENT_NODE)
				continue;
			html_clean_node(w, c);
			continue;
		}
		name = html_local(c);
		if (strcasecmp(name, "tbody") == 0 ||
		    strcasecmp(name, "tfoot") == 0 ||
		    strcasecmp(name, "tr") == 0)
			html_clean_layout(w, c);
		else if (strcasecmp(name, "td") == 0 ||
		    strcasecmp(name, "th") == 0) {
			html_close_implicit(w);
			html_clean_children(w, c);
			html_close_implicit(w);
		} else
			html_clean_node(w, c);
	}
	w->block = block;
}

int
html_noscript_prose(xmlNodePtr n)
{
	int	 blocks = 0;

	return html_cell_text(n, HTML_NOSCRIPT_PROSE, &blocks) >=
	    HTML_NOSCRIPT_PROSE && blocks;
}

/*
 * <a href="javascript:..."> with no picture in it that says what a
 * control says ("Click to enlarge", "Print", "E-mail this story"): the
 * words of a story that open a dictionary (NHK's) are no control.
 */
static int
html_script_link(xmlNodePtr n)
{
	static const char *const controls[] = {
		"print", "mail", "enlarge", "zoom", "share", "close", "click",
		"larger", "gallery", "comment", "send", "bookmark", "font",
		"text size", "subscribe", "login", "log in", "sign in", NULL
	};
	const char	*href;
	xmlChar		*text;
	size_t		 i;
	int		 control = 0;

	if (strcasecmp(html_local(n), "a") != 0 ||
	    (href = html_attr(n, "href")) == NULL)
		return 0;
	while (IS_SPACE(*href))
		href++;
	if (!strncase_eq(href, "javascript:", 11) || html_has_img(n))
		return 0;
	if ((text = xmlNodeGetContent(n)) == NULL)
		return 0;
	for (i = 0; controls[i] != NULL && !control; i++)
		control = strcasestr((const char *)text, controls[i]) != NULL;
	xmlFree(text);
	return control;
}

/*
 * What the output policy makes of an element beyond html_role(): forms
 * and their controls go with what they hold (a page's form is unwrapped
 * by the extraction, which needs ASP.NET's page-wide one), as does every
 * noscript; a picture keeps its sources, a details element is kept.
 */
static enum html_role
html_policy_role(const struct html_writer *w, xmlNodePtr n,
    enum html_role role)
{
	static const char *const dropped[] = {
		"button", "datalist", "fieldset", "form", "input", "isindex",
		"keygen", "label", "legend", "menuitem", "noscript", "optgroup",
		"option", "output", "select", "textarea", NULL
	};
	const char	*name = html_local(n);
	size_t		 i;

	for (i = 0; dropped[i] != NULL; i++)
		if (strcasecmp(name, dropped[i]) == 0)
			return ROLE_DROP;
	if (strcasecmp(name, "picture") == 0 ||
	    strcasecmp(name, "details") == 0)
		return ROLE_FLOW;
	/* (libxml2 nests a second <source> in the first: the picture is
	   the kept element they are in.) */
	if (strcasecmp(name, "source") == 0)
		return w->parent != NULL && strcmp(w->parent, "picture") == 0 ?
		    ROLE_VOID : ROLE_DROP;
	return role;
}

/*
 * 1 when an HTML parser would not leave n where it is in what we write:
 * a link in a link, a list item outside a list, a cell outside a row...
 * (it would end the outer element or move this one, and the output
 * would not read back the same).  Such an element is unwrapped.
 */
static int
html_misplaced(const struct html_writer *w, xmlNodePtr n)
{
	static const struct {
		const char	*name;
		const char	*parents;	/* space-separated */
	} rules[] = {
		{ "caption", "table" }, { "dd", "dl" }, { "dt", "dl" },
		{ "figcaption", "figure" }, { "li", "ul ol" },
		{ "summary", "details" }, { "tbody", "table" },
		{ "td", "tr table tbody thead tfoot" }, { "tfoot", "table" },
		{ "th", "tr table tbody thead tfoot" },
		{ "thead", "table" }, { "tr", "table thead tbody tfoot" }
	};
	const char	*name = html_local(n), *p;
	size_t		 i, len;

	if (strcasecmp(name, "a") == 0)
		return w->links > 0;
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		if (strcasecmp(name, rules[i].name) != 0)
			continue;
		if (w->parent == NULL)
			return 1;
		len = strlen(w->parent);
		for (p = rules[i].parents; *p != '\0'; p += strcspn(p, " "),
		    p += *p == ' ')
			if (strncmp(p, w->parent, len) == 0 &&
			    (p[len] == ' ' || p[len] == '\0'))
				return 0;
		return 1;
	}
	return 0;
}

/* 1 when n's text is blank (or it has none). */
static int
html_blank_text(xmlNodePtr n)
{
	const char	*p;

	for (p = (const char *)n->content; p != NULL && *p != '\0'; p++)
		if (!IS_SPACE(*p))
			return 0;
	return 1;
}

/*
 * 1 when table t holds what no table may hold where it is: text or an
 * element other than rows, sections and captions in it or its sections,
 * other than cells in a row.  A browser moves that out of the table; so
 * written, it would not read back the same, and the table is written
 * as its cells' text instead.
 */
static int
html_table_stray(xmlNodePtr t, int depth)
{
	/* (A cell without its row: a browser makes the row, libxml2
	   leaves it, both read our output back the same.) */
	static const char *const in_table[] = {
		"caption", "col", "colgroup", "tbody", "td", "tfoot", "th",
		"thead", "tr", NULL
	};
	xmlNodePtr	 c;
	const char	*name;
	size_t		 i;
	int		 ok;

	for (c = t->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE) {
			if (!html_blank_text(c))
				return 1;
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		name = html_local(c);
		if (depth == 2) {
			/* In a row: cells only. */
			if (strcasecmp(name, "td") != 0 &&
			    strcasecmp(name, "th") != 0)
				return 1;
			continue;
		}
		for (ok = 0, i = 0; in_table[i] != NULL && !ok; i++)
			ok = strcasecmp(name, in_table[i]) == 0;
		if (!ok)
			return 1;
		if (strcasecmp(name, "tr") == 0 ? html_table_stray(c, 2) :
		    (depth == 0 && (strcasecmp(name, "tbody") == 0 ||
		    strcasecmp(name, "thead") == 0 ||
		    strcasecmp(name, "tfoot") == 0) && html_table_stray(c, 1)))
			return 1;
	}
	return 0;
}

static void
html_clean_node(struct html_writer *w, xmlNodePtr n)
{
	enum html_role	 role;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL)
			html_clean_text(w, (const char *)n->content);
		return;
	}
	if (n->type != XML_ELEMENT_NODE)
		return;		/* comments, processing instructions */
	if (w->opts->skip != NULL && w->opts->skip(n, w->opts->arg))
		return;
	role = html_role(n);
	if (w->opts->sanitize)
		role = html_policy_role(w, n, role);
	/* A rule inside a link or an emphasis: nothing a reader misses. */
	if (w->inline_depth > 0 && role == ROLE_VOID &&
	    strcasecmp(html_local(n), "hr") == 0)
		return;
	/* A script's link ("Click to enlarge", "Print") is a control. */
	if (role == ROLE_INLINE && !w->opts->sanitize && html_script_link(n))
		return;
	/*
	 * A block inside a link (a card) or a paragraph: only its text,
	 * spaced.  (An HTML parser would end the paragraph at the block:
	 * written inside it, the output would not read back the same.)
	 */
	if ((w->inline_depth > 0 || w->text_depth > 0) &&
	    (role == ROLE_TEXT_BLOCK || role == ROLE_FLOW ||
	    role == ROLE_CONTAINER || role == ROLE_PRE ||
	    (role == ROLE_VOID && strcasecmp(html_local(n), "hr") == 0)))
		role = w->inline_depth > 0 && role == ROLE_VOID ? ROLE_DROP :
		    ROLE_BLOCK_UNWRAP;
	if ((role == ROLE_TEXT_BLOCK || role == ROLE_FLOW ||
	    role == ROLE_CONTAINER || role == ROLE_INLINE) &&
	    html_misplaced(w, n))
		role = role == ROLE_INLINE ? ROLE_UNWRAP : ROLE_BLOCK_UNWRAP;
	if (w->depth >= HTML_MAX_DEPTH && (role == ROLE_TEXT_BLOCK ||
	    role == ROLE_FLOW || role == ROLE_CONTAINER || role == ROLE_PRE ||
	    role == ROLE_INLINE))
		role = role == ROLE_INLINE ? ROLE_UNWRAP : ROLE_BLOCK_UNWRAP;
	/* A page that shows its story only without scripts. */
	if (role == ROLE_DROP && !w->opts->sanitize &&
	    strcasecmp(html_local(n), "noscript") == 0 &&
	    html_noscript_prose(n))
		role = ROLE_BLOCK_UNWRAP;
	if (w->opts->sanitize && role == ROLE_CONTAINER &&
	    strcasecmp(html_local(n), "table") == 0 && html_table_stray(n, 0))
		role = ROLE_BLOCK_UNWRAP;
	if (role == ROLE_CONTAINER && w->inline_depth == 0 &&
	    !w->opts->sanitize &&
	    strcasecmp(html_local(n), "table") == 0 && html_layout_table(n)) {
		html_close_implicit(w);
		html_clean_layout(w, n);
		html_close_implicit(w);
		return;
	}
	switch (role) {
	case ROLE_DROP:
		/* libxml2 gives some void elements (<embed>, <keygen>) what
		   follows them as children: it is no part of them. */
		if (n->children != NULL && (html_void_element(html_local(n)) ||
		    strcasecmp(html_local(n), "keygen") == 0 ||
		    strcasecmp(html_local(n), "isindex") == 0))
			html_clean_children(w, n);
		return;
	case ROLE_UNWRAP:
		html_clean_children(w, n);
		return;
	case ROLE_BLOCK_UNWRAP:
		/* A block boundary, whatever the level. */
		if (w->inline_depth == 0)
			html_close_implicit(w);
		if (!w->block && !w->space) {
			buf_addc(w->b, ' ');
			w->space = 1;
		}
		html_clean_children(w, n);
		if (w->inline_depth == 0)
			html_close_implicit(w);
		if (!w->block && !w->space) {
			buf_addc(w->b, ' ');
			w->space = 1;
		}
		return;
	default:
		html_clean_kept(w, n, role);
		return;
	}
}

void
html_clean(struct buf *b, xmlNodePtr n, const struct html_clean *opts)
{
	struct html_writer	 w;
	enum html_role		 role;

	memset(&w, 0, sizeof w);
	w.b = b;
	w.opts = opts;
	w.block = 1;
	w.space = 1;
	role = n->type == XML_ELEMENT_NODE ? html_role(n) : ROLE_UNWRAP;
	/* The root is a container of what it holds, whatever it is. */
	if (role == ROLE_FLOW || role == ROLE_CONTAINER ||
	    role == ROLE_BLOCK_UNWRAP || role == ROLE_UNWRAP)
		html_clean_children(&w, n);
	else
		html_clean_node(&w, n);
	html_close_implicit(&w);
	html_trim_end(b);
}
