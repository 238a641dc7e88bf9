/*
 * parse_xml.c: RSS 0.90-0.94 and 2.0, RSS 1.0 (RDF), Atom 0.3 and 1.0,
 * and the Channel Definition Format (CDF) a few old sites still serve.
 *
 * One tree (xtree.c, from libxml2's parse by way of xmlsafe.c), one walk
 * over it, the tree freed right after; but the items are read as the
 * parser ends each one, and their subtrees given back then
 * (px_stream_end), so the tree of a large feed never exists whole.
 * Elements are matched by namespace class and local name: a namespace is
 * classified once per URI (libxml2's dictionary gives one pointer per
 * URI; a small cache on the walk context), names are compared in place,
 * nothing is copied per node.  Where several elements can supply one
 * field (pubDate and dc:date, link and atom:link, ...) each source has a
 * priority and the best one seen wins, whatever the order in the
 * document.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "date.h"
#include "html.h"
#include "item.h"
#include "parse.h"
#include "parse_xml.h"
#include "text.h"
#include "url.h"
#include "util.h"
#include "xmlsafe.h"
#include "xtree.h"

/* Namespace classes. */
enum px_ns {
	NS_NONE,		/* no namespace */
	NS_RSS,			/* RSS 0.90 / 1.0 / userland 2.0 */
	NS_ATOM10,
	NS_ATOM03,
	NS_RDF,
	NS_DC,
	NS_DCTERMS,
	NS_CONTENT,
	NS_MEDIA,
	NS_ITUNES,
	NS_SY,
	NS_XHTML,
	NS_XML,
	NS_OTHER
};

static const struct {
	const char	*href;
	enum px_ns	 ns;
} px_namespaces[] = {
	{ "http://www.w3.org/2005/Atom", NS_ATOM10 },
	{ "http://purl.org/atom/ns#", NS_ATOM03 },
	{ "http://purl.org/rss/1.0/", NS_RSS },
	{ "http://my.netscape.com/rdf/simple/0.9/", NS_RSS },
	{ "http://channel.netscape.com/rdf/simple/0.9/", NS_RSS },
	{ "http://backend.userland.com/rss2", NS_RSS },
	{ "http://blogs.law.harvard.edu/tech/rss", NS_RSS },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF },
	{ "http://purl.org/dc/elements/1.1/", NS_DC },
	{ "http://purl.org/dc/elements/1.0/", NS_DC },
	{ "http://purl.org/dc/terms/", NS_DCTERMS },
	{ "http://purl.org/rss/1.0/modules/content/", NS_CONTENT },
	{ "http://search.yahoo.com/mrss/", NS_MEDIA },
	{ "http://search.yahoo.com/mrss", NS_MEDIA },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES },
	{ "http://www.itunes.com/DTDs/Podcast-1.0.dtd", NS_ITUNES },
	{ "http://purl.org/rss/1.0/modules/syndication/", NS_SY },
	{ "http://www.w3.org/1999/xhtml", NS_XHTML },
	{ "http://www.w3.org/XML/1998/namespace", NS_XML }
};

/* Prefixes used without a declaration, as broken feeds do. */
static const struct {
	const char	*prefix;
	enum px_ns	 ns;
} px_prefixes[] = {
	{ "atom", NS_ATOM10 }, { "content", NS_CONTENT }, { "dc", NS_DC },
	{ "dcterms", NS_DCTERMS }, { "itunes", NS_ITUNES },
	{ "media", NS_MEDIA }, { "rdf", NS_RDF }, { "sy", NS_SY },
	{ "xhtml", NS_XHTML }
};

#define PX_NSCACHE	16

/* Unclosed items nest; how deep we follow them. */
#define PX_MAX_NESTED	64

/* Per item: item.c dedups by a linear scan, so keep the lists short. */
#define PX_MAX_CATEGORIES	256
#define PX_MAX_ENCLOSURES	64

/*
 * An item read while the document was being parsed: what px_item() gave
 * for it (the item, then those nested in it), items [first, first + n)
 * of the stream's.  The element left in its place points at it (xnode
 * _private: its index in the stream's array, plus one).
 */
struct px_early {
	size_t		 first;
	size_t		 n;
};

struct px {
	struct parse_result	*res;
	const char		*fetch_url;
	char			*feed_link;	/* absolute, for resolving */
	int			 early;		/* reading an item as it ends */
	int			 used_base;	/* px_url fell back to feed_link */
	char			*bad_date;	/* early: the warning not given */
	struct px_stream	*stream;	/* early: where items go */
	int			 atom;		/* core elements are Atom */
	int			 atom03;
	struct {
		const char	*href;	/* libxml2's dictionary string */
		enum px_ns	 cls;
	}			 nscache[PX_NSCACHE];
	size_t			 nnscache;
	struct buf		 tmp;		/* scratch */
	char			*fauthor;	/* feed-level author */
	char			*fauthor_email;
	char			*fauthor_uri;
	int			 fauthor_prio;
	int			 fupdated_prio;
	int			 flink_score;
	int			 bad_date_warned;
	int			 too_many;
	size_t			 first_item;	/* this parse's first index */
	int64_t			 sy_period;	/* sy:updatePeriod, seconds */
	long			 sy_frequency;	/* sy:updateFrequency */
};

/* What an item knows while it is being read. */
struct px_item {
	struct item	*it;
	char		*guid;
	int		 guid_permalink;
	int		 link_score;
	int		 author_prio;
	int		 pub_prio;
	int		 upd_prio;
	int		 thumb_prio;
	int		 summary_prio;
	int		 content_prio;
	int		 id_prio;
	int		 title_prio;
	char		*rss_summary;	/* an RSS item's <summary>: its content
					   beside a description, else its
					   summary */
	char		*rss_summary_base; /* the xml:base in scope there */
};

/*
 * Reading items as they end (xmlsafe_read's end callback).  The feed is
 * known by its root element; its items are the RSS items of the first
 * channel (or beside it, RDF) and the Atom entries of the feed, the ones
 * px_rss() and px_atom() read.  Each is read by px_item() as it ends,
 * with the feed's link as known so far, and left as an empty element
 * (children and attributes freed) that px_item() later recognises.
 * Read again from the tree, at the walk, is an item whose reading needed
 * the feed's link while a later <link> could still change it.  Past the
 * item limit an item is dropped unread.
 */
struct px_stream {
	struct px		 px;		/* early: res is scratch */
	struct parse_result	 scratch;	/* its feed link */
	int			 state;		/* 0 not yet, 1 on, -1 off */
	struct xnode		*root;
	struct xnode		*chan;		/* RSS: the channel, once seen */
	struct xnode		*scan;		/* root's children looked at */
	const char		*xbase;		/* in scope in root, chan */
	const char		*cbase;
	char			*xown, *cown;
	size_t			 nitems;	/* items ended so far */
	struct item_list	 items;		/* read early, in order */
	char			**dates;	/* each one's date warning */
	struct px_early		*early;
	size_t			 nearly, earlycap;
};

/* What the root element makes of a document. */
enum px_kind {
	KIND_NONE,
	KIND_RSS,
	KIND_RDF,
	KIND_ATOM,
	KIND_CDF,
	KIND_CHANNEL		/* an RSS channel as the root */
};

/* Atom text construct kinds. */
enum px_text {
	PX_TEXT,
	PX_HTML,
	PX_XHTML,
	PX_B64,		/* another media type: base64, text once decoded */
	PX_SKIP
};

static enum px_ns
px_ns_href(const char *href)
{
	size_t	 i;

	for (i = 0; i < sizeof px_namespaces / sizeof px_namespaces[0]; i++)
		if (strcmp(href, px_namespaces[i].href) == 0)
			return px_namespaces[i].ns;
	return NS_OTHER;
}

/* The namespace class and local name of an element. */
static enum px_ns
px_name(struct px *px, struct xnode *n, const char **local)
{
	const char	*name = (const char *)n->name, *colon;
	enum px_ns	 cls;
	size_t		 i;

	*local = name;
	if (n->href == NULL) {
		if ((colon = strchr(name, ':')) == NULL)
			return NS_NONE;
		*local = colon + 1;
		for (i = 0; i < sizeof px_prefixes / sizeof px_prefixes[0];
		    i++)
			if (strlen(px_prefixes[i].prefix) ==
			    (size_t)(colon - name) && strncmp(name,
			    px_prefixes[i].prefix, (size_t)(colon - name)) == 0)
				return px_prefixes[i].ns;
		return NS_OTHER;
	}
	for (i = 0; i < px->nnscache; i++)
		if (px->nscache[i].href == n->href)
			return px->nscache[i].cls;
	cls = px_ns_href(n->href);
	if (px->nnscache < PX_NSCACHE) {
		px->nscache[px->nnscache].href = n->href;
		px->nscache[px->nnscache++].cls = cls;
	}
	return cls;
}

/* Is this namespace the format's core (RSS elements, or Atom's)? */
static int
px_core_rss(struct px *px, enum px_ns ns)
{
	return !px->atom && (ns == NS_NONE || ns == NS_RSS);
}

static int
px_core_atom(struct px *px, enum px_ns ns)
{
	return ns == NS_ATOM10 || ns == NS_ATOM03 || (px->atom &&
	    ns == NS_NONE);
}

/* An attribute's value (not copied), or NULL; ignores namespaces. */
static const char *
px_attr(struct xnode *n, const char *name)
{
	struct xattr	*a;

	for (a = n->properties; a != NULL; a = a->next) {
		if (strcmp(a->name, name) != 0)
			continue;
		if (a->prefix != NULL && strcmp(a->prefix, "xml") == 0 &&
		    strcmp(name, "base") != 0 && strcmp(name, "lang") != 0)
			continue;
		return a->value;
	}
	return NULL;
}

/* xml:base on n, or NULL. */
static const char *
px_xml_base(struct xnode *n)
{
	struct xattr	*a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->href != NULL && strcmp(a->name, "base") == 0 &&
		    strcmp(a->href, (const char *)XML_XML_NAMESPACE) == 0)
			return a->value;
	return NULL;
}

/*
 * The xml:base in scope inside n, given the one outside (NULL: none).
 * Returns outer, or a new string the caller frees through *owned.
 */
static const char *
px_base_in(struct px *px, struct xnode *n, const char *outer, char **owned)
{
	const char	*b = px_xml_base(n);

	*owned = NULL;
	if (b == NULL)
		return outer;
	*owned = url_resolve(outer != NULL ? outer : px->fetch_url, b);
	return *owned != NULL ? *owned : outer;
}

/* The feed's link, once no later link can beat it (px_feed_link). */
static int
px_feed_link_final(const struct px *px)
{
	return px->flink_score >= (px->atom ? 2 : 3);
}

/* An absolute URL for ref: xml:base, else the feed's link, else fetch. */
static char *
px_url(struct px *px, const char *xbase, const char *ref)
{
	const char	*base = xbase;
	char		*t;

	if (base == NULL) {
		base = px->feed_link != NULL ? px->feed_link : px->fetch_url;
		if (px->early && !px->used_base && ref != NULL &&
		    !px_feed_link_final(px)) {
			/* Would another feed link give another URL? */
			t = xstrdup(ref);
			px->used_base = *str_trim(t) != '\0' &&
			    !url_is_absolute(str_trim(t));
			free(t);
		}
	}
	return text_cut(url_resolve(base, ref));
}

/* Append the text of n and its descendants to b. */
static void
px_text_add(struct xnode *n, struct buf *b)
{
	struct xnode	*c;

	for (c = n->children; c != NULL; c = c->next) {
		if (b->len > PARSE_MAX_FIELD)
			return;
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content != NULL)
				buf_addstr(b, (const char *)c->content);
			break;
		case XML_ELEMENT_NODE:
			px_text_add(c, b);
			break;
		default:
			break;
		}
	}
}

/* The text of n in the scratch buffer (valid until the next call). */
static const char *
px_text(struct px *px, struct xnode *n)
{
	struct xnode	*c = n->children;

	buf_reset(&px->tmp);
	/* The common case, one text node: no copy. */
	if (c != NULL && c->next == NULL && (c->type == XML_TEXT_NODE ||
	    c->type == XML_CDATA_SECTION_NODE) && c->content != NULL)
		return (const char *)c->content;
	px_text_add(n, &px->tmp);
	return px->tmp.data != NULL ? px->tmp.data : "";
}

static int
px_has_elements(struct xnode *n)
{
	struct xnode	*c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/*
 * The inner HTML of n, the xhtml div wrapper (if any) unwrapped; xbase:
 * the xml:base in scope at n (an inner one is applied to its links).
 */
static char *
px_xhtml(struct px *px, struct xnode *n, const char *xbase)
{
	struct xnode	*c, *div = NULL;
	const char	*local, *dbase;
	struct buf	 b;
	char		*s, *own = NULL;
	xmlNodePtr	 copy;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			if (div != NULL) {
				div = NULL;
				break;
			}
			px_name(px, c, &local);
			if (strcmp(local, "div") != 0)
				break;
			div = c;
		} else if (c->type == XML_TEXT_NODE && c->content != NULL &&
		    !str_empty((const char *)c->content)) {
			div = NULL;
			break;
		}
	}
	buf_init(&b);
	/* html.c reads libxml2 trees: a copy (inline markup is rare). */
	if (div != NULL) {
		dbase = px_base_in(px, div, xbase, &own);
		copy = xtree_to_libxml(div);
		html_fragment_based(&b, copy, PARSE_MAX_FIELD, dbase,
		    own != NULL);
		free(own);
	} else {
		copy = xtree_to_libxml(n);
		html_fragment_based(&b, copy, PARSE_MAX_FIELD, xbase, 0);
	}
	xmlFreeNode(copy);
	if (b.data == NULL)
		return NULL;
	s = text_trimmed(b.data, b.len);
	buf_free(&b);
	return s;
}

/* An RSS description-like body: HTML, escaped or (wrongly) inline. */
static char *
px_rss_html(struct px *px, struct xnode *n, const char *xbase)
{
	const char	*t;

	if (px_has_elements(n))
		return px_xhtml(px, n, xbase);
	t = px_text(px, n);
	return text_trimmed(t, strlen(t));
}

/* Decode base64 (Atom 0.3 mode="base64"); NULL on garbage. */
static char *
px_base64(const char *s)
{
	struct buf	 b;
	unsigned	 acc = 0;
	int		 bits = 0, v;
	const char	*p;

	buf_init(&b);
	for (p = s; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			v = *p - 'A';
		else if (*p >= 'a' && *p <= 'z')
			v = *p - 'a' + 26;
		else if (IS_DIGIT(*p))
			v = *p - '0' + 52;
		else if (*p == '+' || *p == '-')
			v = 62;
		else if (*p == '/' || *p == '_')
			v = 63;
		else if (*p == '=' || IS_SPACE(*p))
			continue;
		else {
			buf_free(&b);
			return NULL;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(&b, (int)((acc >> bits) & 0xff));
		}
	}
	if (b.data == NULL || memchr(b.data, '\0', b.len) != NULL) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* An XML media type: application/xml, text/xml, anything +xml. */
static int
px_xml_type(const char *type)
{
	size_t	 n = strcspn(type, "; \t");

	return (n >= 4 && strncasecmp(type + n - 4, "/xml", 4) == 0) ||
	    (n >= 4 && strncasecmp(type + n - 4, "+xml", 4) == 0);
}

/* Decoded base64 that is text: valid UTF-8, no controls but blanks. */
static int
px_is_text(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + strlen(s);
	size_t			 n;

	while (p < end) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return 0;
		if ((n = text_utf8_len(p, end)) == 0)
			return 0;
		p += n;
	}
	return 1;
}

/*
 * An Atom text construct (1.0 type=text|html|xhtml, or a MIME type; 0.3
 * type + mode=xml|escaped|base64) as a string and its kind.
 */
static char *
px_atom_text(struct px *px, struct xnode *n, const char *xbase,
    enum px_text *kind)
{
	const char	*type = px_attr(n, "type"), *mode = px_attr(n, "mode");
	const char	*t;
	char		*s, *dec;

	*kind = PX_TEXT;
	if (type != NULL)
		type += strspn(type, " \t\r\n");
	if (type == NULL || strchr(type, '/') == NULL) {
		/* text, an empty type or one no spec names: text */
		if (type != NULL && strcasecmp(type, "html") == 0)
			*kind = PX_HTML;
		else if (type != NULL && strcasecmp(type, "xhtml") == 0)
			*kind = PX_XHTML;
	} else if (strncasecmp(type, "text/html", 9) == 0 &&
	    strchr("; \t", type[9]) != NULL)
		*kind = PX_HTML;
	else if (strncasecmp(type, "application/xhtml+xml", 21) == 0 &&
	    strchr("; \t", type[21]) != NULL)
		*kind = PX_XHTML;
	else if (strncasecmp(type, "text/", 5) == 0)
		*kind = PX_TEXT;
	else if (px_has_elements(n))
		*kind = PX_XHTML;
	else if (px_xml_type(type))
		*kind = PX_TEXT;
	else if (mode == NULL || strcasecmp(mode, "base64") == 0) {
		/* Any other media type is base64 (RFC 4287 4.1.3.3): read
		   it if it is text, skip it if it is binary. */
		mode = "base64";
		*kind = PX_B64;
	} else {
		*kind = PX_SKIP;	/* out of line */
		return NULL;
	}
	if (px_attr(n, "src") != NULL && !px_has_elements(n) &&
	    str_empty(px_text(px, n))) {
		*kind = PX_SKIP;
		return NULL;
	}

	if (mode != NULL && strcasecmp(mode, "base64") == 0) {
		if ((dec = px_base64(px_text(px, n))) == NULL ||
		    !px_is_text(dec)) {
			free(dec);
			*kind = PX_SKIP;
			return NULL;
		}
		s = text_trimmed(dec, strlen(dec));
		free(dec);
		if (*kind == PX_XHTML)
			*kind = PX_HTML;
		else if (*kind == PX_B64)
			*kind = PX_TEXT;
		return s;
	}
	if (mode != NULL && strcasecmp(mode, "escaped") == 0) {
		if (*kind == PX_XHTML)
			*kind = PX_HTML;
		t = px_text(px, n);
		return text_trimmed(t, strlen(t));
	}
	if (*kind == PX_XHTML || px_has_elements(n)) {
		/* Inline markup, whatever the type says. */
		*kind = PX_XHTML;
		return px_xhtml(px, n, xbase);
	}
	t = px_text(px, n);
	return text_trimmed(t, strlen(t));
}

/* A title as plain text, whitespace collapsed. */
static char *
px_title(struct px *px, struct xnode *n, int atom)
{
	enum px_text	 kind;
	const char	*t;
	char		*s, *out;

	if (atom) {
		s = px_atom_text(px, n, NULL, &kind);
		if (s == NULL)
			return NULL;
		if (kind == PX_TEXT) {
			out = text_collapse(s, strlen(s));
			free(s);
			return out;
		}
		out = text_from_html(s, strlen(s));
		free(s);
		return out;
	}
	/* RSS: element children already lose their tags here. */
	t = px_text(px, n);
	if (text_has_markup(t))
		return text_from_html(t, strlen(t));
	return text_collapse(t, strlen(t));
}

static void
px_warn_date(struct px *px, const char *s)
{
	char	 q[48];
	size_t	 i;

	if (px->bad_date_warned || (px->early && px->bad_date != NULL))
		return;
	for (i = 0; i < sizeof q - 1 && s[i] != '\0'; i++)
		q[i] = s[i];
	q[i] = '\0';
	if (px->early) {
		/* Given (or not) when the walk comes to the item. */
		xasprintf(&px->bad_date, "unreadable date \"%s\"",
		    str_trim(q));
		return;
	}
	px->bad_date_warned = 1;
	warnings_add(&px->res->warnings, "unreadable date \"%s\"", str_trim(q));
}

/* Set *t from n's text when prio is not below *have. */
static void
px_date(struct px *px, struct xnode *n, int64_t *t, int *have, int prio)
{
	const char	*s;
	int64_t		 v;

	/* The same element twice: the last one read wins, as in Universal
	   Feed Parser (an unreadable one does not). */
	if (prio < *have)
		return;
	s = px_text(px, n);
	if (str_empty(s))
		return;
	if (date_parse(s, &v) == -1) {
		px_warn_date(px, s);
		return;
	}
	*t = v;
	*have = prio;
}

static void
px_set(char **field, char *v)
{
	if (v == NULL)
		return;
	item_set(field, v);
}

/* Atom person construct: name, email, uri (0.3: url). */
static void
px_person(struct px *px, struct xnode *n, const char *xbase, char **name,
    char **email, char **uri)
{
	struct xnode	*c;
	const char	*local, *t;
	enum px_ns	 ns;

	*name = *email = *uri = NULL;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		ns = px_name(px, c, &local);
		if (!px_core_atom(px, ns) && ns != NS_NONE)
			continue;
		t = px_text(px, c);
		if (strcmp(local, "name") == 0 && *name == NULL)
			*name = text_collapse(t, strlen(t));
		else if (strcmp(local, "email") == 0 && *email == NULL)
			*email = text_trimmed(t, strlen(t));
		else if ((strcmp(local, "uri") == 0 ||
		    strcmp(local, "url") == 0) && *uri == NULL)
			*uri = px_url(px, xbase, t);
	}
	if (*name == NULL && *email != NULL)
		*name = xstrdup(*email);
	if (*name == NULL && *email == NULL && !px_has_elements(n)) {
		/* <author>Jane</author>, as some write it. */
		t = px_text(px, n);
		text_author_split(t, name, email);
	}
}

static void
px_item_author(struct px_item *pi, int prio, char *name, char *email,
    char *uri)
{
	if (prio <= pi->author_prio || (name == NULL && email == NULL)) {
		free(name);
		free(email);
		free(uri);
		return;
	}
	item_set(&pi->it->author, name);
	item_set(&pi->it->author_email, email);
	item_set(&pi->it->author_uri, uri);
	pi->author_prio = prio;
}

static void
px_feed_author(struct px *px, int prio, char *name, char *email, char *uri)
{
	if (prio <= px->fauthor_prio || (name == NULL && email == NULL)) {
		free(name);
		free(email);
		free(uri);
		return;
	}
	item_set(&px->fauthor, name);
	item_set(&px->fauthor_email, email);
	item_set(&px->fauthor_uri, uri);
	px->fauthor_prio = prio;
}

static int64_t
px_length(const char *s)
{
	int64_t	 v = 0;

	if (s == NULL)
		return -1;
	while (IS_SPACE(*s))
		s++;
	if (!IS_DIGIT(*s))
		return -1;
	for (; IS_DIGIT(*s); s++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static void
px_enclosure(struct px *px, struct px_item *pi, const char *xbase,
    const char *href, const char *type, const char *length)
{
	char	*url, *t = NULL;

	if (pi->it->nenclosures >= PX_MAX_ENCLOSURES ||
	    (url = px_url(px, xbase, href)) == NULL)
		return;
	if (type != NULL)
		t = text_trimmed(type, strlen(type));
	item_add_enclosure(pi->it, url, t, px_length(length));
	free(t);
	free(url);
}

/* The rank of an Atom link as an item's (or feed's) alternate. */
static int
px_alternate_score(const char *rel, const char *type)
{
	if (rel != NULL && strcasecmp(rel, "alternate") != 0)
		return 0;
	if (type == NULL || strcasecmp(type, "text/html") == 0)
		return 2;
	if (strcasecmp(type, "application/xhtml+xml") == 0)
		return 2;
	return 1;
}

/* atom:link in an entry, or in an RSS item; xbase includes its own. */
static void
px_item_link(struct px *px, struct px_item *pi, struct xnode *n,
    const char *xbase)
{
	const char	*rel = px_attr(n, "rel"), *type = px_attr(n, "type");
	const char	*href = px_attr(n, "href");
	char		*u;
	int		 score;

	if (href == NULL)
		href = px_text(px, n);	/* Atom 0.3 drafts, RSS-ish */
	if (str_empty(href))
		return;
	if (rel != NULL && strcasecmp(rel, "enclosure") == 0)
		px_enclosure(px, pi, xbase, href, type, px_attr(n, "length"));
	else if (rel != NULL && strcasecmp(rel, "replies") == 0) {
		if (pi->it->comments == NULL && (type == NULL ||
		    strcasecmp(type, "text/html") == 0))
			pi->it->comments = px_url(px, xbase, href);
	} else if ((score = px_alternate_score(rel, type)) > pi->link_score) {
		if ((u = px_url(px, xbase, href)) != NULL) {
			item_set(&pi->it->link, u);
			pi->link_score = score;
		}
	}
}

static void
px_thumbnail(struct px *px, struct px_item *pi, const char *xbase,
    const char *url, int prio)
{
	char	*u;

	if (prio <= pi->thumb_prio || str_empty(url))
		return;
	if ((u = px_url(px, xbase, url)) != NULL) {
		item_set(&pi->it->thumbnail, u);
		pi->thumb_prio = prio;
	}
}

/* Where an item's title comes from, best first (a nested one, last). */
enum px_title_prio {
	PX_TITLE_MEDIA_NESTED = 1,	/* media:title in media:content */
	PX_TITLE_MEDIA,			/* media:title */
	PX_TITLE_DC,			/* dc:title */
	PX_TITLE_OWN			/* <title>, atom:title */
};

static void
px_item_title(struct px *px, struct px_item *pi, struct xnode *n, int atom,
    int prio)
{
	char	*t;

	if (pi->title_prio >= prio || (t = px_title(px, n, atom)) == NULL)
		return;
	item_set(&pi->it->title, t);
	pi->title_prio = prio;
}

/* A media: element of an item (nested: inside a media:group). */
static void
px_media(struct px *px, struct px_item *pi, struct xnode *n, const char *local,
    const char *xbase, int nested)
{
	const char	*medium, *type;
	struct xnode	*c;
	const char	*cl;

	if (strcmp(local, "thumbnail") == 0)
		px_thumbnail(px, pi, xbase, px_attr(n, "url"), 3);
	else if (strcmp(local, "content") == 0) {
		medium = px_attr(n, "medium");
		type = px_attr(n, "type");
		if ((medium != NULL && strcasecmp(medium, "image") == 0) ||
		    (medium == NULL && type != NULL &&
		    strncasecmp(type, "image/", 6) == 0))
			px_thumbnail(px, pi, xbase, px_attr(n, "url"), 2);
		for (c = n->children; c != NULL; c = c->next) {
			if (c->type != XML_ELEMENT_NODE || px_name(px, c,
			    &cl) != NS_MEDIA)
				continue;
			if (strcmp(cl, "thumbnail") == 0)
				px_thumbnail(px, pi, xbase, px_attr(c, "url"),
				    3);
			else if (strcmp(cl, "title") == 0)
				px_item_title(px, pi, c, 0,
				    PX_TITLE_MEDIA_NESTED);
		}
	} else if (strcmp(local, "title") == 0)
		px_item_title(px, pi, n, 0, nested ? PX_TITLE_MEDIA_NESTED :
		    PX_TITLE_MEDIA);
	else if (strcmp(local, "group") == 0) {
		for (c = n->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE && px_name(px, c,
			    &cl) == NS_MEDIA)
				px_media(px, pi, c, cl, xbase, 1);
	}
}

static void
px_category(struct px_item *pi, const char *s)
{
	char	*c;

	if (s == NULL || pi->it->ncategories >= PX_MAX_CATEGORIES ||
	    (c = text_collapse(s, strlen(s))) == NULL)
		return;
	item_add_category(pi->it, c);
	free(c);
}

/* An RSS element inside an item. */
static void
px_rss_child(struct px *px, struct px_item *pi, struct xnode *n,
    const char *local, const char *xbase)
{
	struct item	*it = pi->it;
	const char	*t, *v;
	char		*name, *email;

	switch (local[0]) {
	case 'a':
		if (strcmp(local, "author") == 0) {
			text_author_split(px_text(px, n), &name, &email);
			px_item_author(pi, 4, name, email, NULL);
		}
		break;
	case 'c':
		if (strcmp(local, "category") == 0)
			px_category(pi, px_text(px, n));
		else if (strcmp(local, "comments") == 0 && it->comments ==
		    NULL)
			it->comments = px_url(px, xbase, px_text(px, n));
		break;
	case 'd':
		if (strcmp(local, "description") == 0 &&
		    pi->summary_prio < 2) {
			px_set(&it->summary, px_rss_html(px, n, xbase));
			it->summary_type = TEXT_HTML;
			pi->summary_prio = 2;
		}
		break;
	case 'e':
		if (strcmp(local, "enclosure") == 0 &&
		    (v = px_attr(n, "url")) != NULL)
			px_enclosure(px, pi, xbase, v, px_attr(n, "type"),
			    px_attr(n, "length"));
		break;
	case 'g':
		if (strcmp(local, "guid") == 0 && pi->guid == NULL) {
			t = px_text(px, n);
			pi->guid = text_trimmed(t, strlen(t));
			v = px_attr(n, "isPermaLink");
			pi->guid_permalink = 1;
			if (v != NULL) {
				while (IS_SPACE(*v))
					v++;
				pi->guid_permalink =
				    !strncase_eq(v, "false", 5);
			}
		}
		break;
	case 'l':
		if (strcmp(local, "link") == 0 && pi->link_score < 3) {
			t = px_attr(n, "href");	/* <link href=...> */
			if (t == NULL)
				t = px_text(px, n);
			if ((name = px_url(px, xbase, t)) != NULL) {
				item_set(&it->link, name);
				pi->link_score = 3;
			}
		}
		break;
	case 'p':
		if (strcmp(local, "pubDate") == 0)
			px_date(px, n, &it->published, &pi->pub_prio, 3);
		break;
	case 's':
		if (strcmp(local, "summary") == 0 && pi->rss_summary ==
		    NULL && (pi->rss_summary = px_rss_html(px, n, xbase)) !=
		    NULL && xbase != NULL)
			pi->rss_summary_base = xstrdup(xbase);
		break;
	case 't':
		if (strcmp(local, "title") == 0)
			px_item_title(px, pi, n, 0, PX_TITLE_OWN);
		break;
	}
	/* Bodies of old RSS dialects, when there is no content:encoded. */
	if ((strcmp(local, "body") == 0 || strcmp(local, "fullitem") == 0) &&
	    pi->content_prio < 1) {
		px_set(&it->content, px_rss_html(px, n, xbase));
		it->content_type = TEXT_HTML;
		pi->content_prio = 1;
	}
}

/* An Atom element inside an entry (or an RSS item). */
static void
px_atom_child(struct px *px, struct px_item *pi, struct xnode *n,
    const char *local, const char *xbase)
{
	struct item	*it = pi->it;
	enum px_text	 kind;
	const char	*t;
	char		*name, *email, *uri, *s;

	switch (local[0]) {
	case 'a':
		if (strcmp(local, "author") == 0) {
			px_person(px, n, xbase, &name, &email, &uri);
			px_item_author(pi, 3, name, email, uri);
		}
		break;
	case 'c':
		if (strcmp(local, "category") == 0) {
			if ((t = px_attr(n, "term")) == NULL || str_empty(t))
				t = px_attr(n, "label");
			if (t == NULL && !px_has_elements(n))
				t = px_text(px, n);
			px_category(pi, t);
		} else if (strcmp(local, "content") == 0 &&
		    pi->content_prio < 2) {
			s = px_atom_text(px, n, xbase, &kind);
			if (s != NULL) {
				item_set(&it->content, s);
				it->content_type = kind == PX_TEXT ?
				    TEXT_PLAIN : TEXT_HTML;
				pi->content_prio = 2;
			}
		} else if (strcmp(local, "created") == 0)
			px_date(px, n, &it->published, &pi->pub_prio, 1);
		break;
	case 'i':
		if (strcmp(local, "id") == 0 && pi->id_prio < 2) {
			t = px_text(px, n);
			if ((s = text_trimmed(t, strlen(t))) != NULL) {
				item_set(&it->id, s);
				pi->id_prio = 2;
			}
		} else if (strcmp(local, "issued") == 0)
			px_date(px, n, &it->published, &pi->pub_prio, 3);
		break;
	case 'l':
		if (strcmp(local, "link") == 0)
			px_item_link(px, pi, n, xbase);
		break;
	case 'm':
		if (strcmp(local, "modified") == 0)
			px_date(px, n, &it->updated, &pi->upd_prio, 3);
		break;
	case 'p':
		if (strcmp(local, "published") == 0)
			px_date(px, n, &it->published, &pi->pub_prio, 3);
		break;
	case 's':
		if (strcmp(local, "summary") == 0 && pi->summary_prio < 2) {
			s = px_atom_text(px, n, xbase, &kind);
			if (s != NULL) {
				item_set(&it->summary, s);
				it->summary_type = kind == PX_TEXT ?
				    TEXT_PLAIN : TEXT_HTML;
				pi->summary_prio = 2;
			}
		}
		break;
	case 't':
		if (strcmp(local, "title") == 0)
			px_item_title(px, pi, n, 1, PX_TITLE_OWN);
		break;
	case 'u':
		if (strcmp(local, "updated") == 0)
			px_date(px, n, &it->updated, &pi->upd_prio, 3);
		break;
	}
}

static void	px_ext_child(struct px *, struct px_item *, struct xnode *,
		    enum px_ns, const char *, const char *);

/* Any element inside an item or entry (xbase: the item's xml:base). */
static void
px_item_child(struct px *px, struct px_item *pi, struct xnode *n,
    const char *xbase)
{
	struct item	*it = pi->it;
	const char	*local;
	char		*own;
	enum px_ns	 ns;
	int		 summary_prio = pi->summary_prio;
	int		 content_prio = pi->content_prio;

	ns = px_name(px, n, &local);
	xbase = px_base_in(px, n, xbase, &own);
	if (px_core_rss(px, ns))
		px_rss_child(px, pi, n, local, xbase);
	else if (px_core_atom(px, ns))
		px_atom_child(px, pi, n, local, xbase);
	else
		px_ext_child(px, pi, n, ns, local, xbase);
	/* A text read from this element is written against its own
	   xml:base, if it has one (else the item's). */
	if (pi->summary_prio != summary_prio)
		item_set(&it->summary_base, own != NULL ? xstrdup(xbase) :
		    NULL);
	if (pi->content_prio != content_prio)
		item_set(&it->content_base, own != NULL ? xstrdup(xbase) :
		    NULL);
	free(own);
}

/* An element of another namespace inside an item or entry. */
static void
px_ext_child(struct px *px, struct px_item *pi, struct xnode *n, enum px_ns ns,
    const char *local, const char *xbase)
{
	struct item	*it = pi->it;
	const char	*t;
	char		*name, *email;

	switch (ns) {
	case NS_CONTENT:
		if (strcmp(local, "encoded") == 0 && pi->content_prio < 3) {
			px_set(&it->content, px_rss_html(px, n, xbase));
			it->content_type = TEXT_HTML;
			pi->content_prio = 3;
		}
		break;
	case NS_DC:
		if (strcmp(local, "creator") == 0 ||
		    strcmp(local, "author") == 0) {
			text_author_split(px_text(px, n), &name, &email);
			px_item_author(pi, 2, name, email, NULL);
		} else if (strcmp(local, "date") == 0)
			px_date(px, n, &it->published, &pi->pub_prio, 2);
		else if (strcmp(local, "subject") == 0)
			px_category(pi, px_text(px, n));
		else if (strcmp(local, "identifier") == 0 && pi->id_prio < 1) {
			t = px_text(px, n);
			if ((name = text_trimmed(t, strlen(t))) != NULL) {
				item_set(&it->id, name);
				pi->id_prio = 1;
			}
		} else if (strcmp(local, "title") == 0)
			px_item_title(px, pi, n, 0, PX_TITLE_DC);
		else if (strcmp(local, "description") == 0 &&
		    pi->summary_prio < 1) {
			px_set(&it->summary, px_rss_html(px, n, xbase));
			it->summary_type = TEXT_HTML;
			pi->summary_prio = 1;
		}
		break;
	case NS_DCTERMS:
		if (strcmp(local, "issued") == 0 ||
		    strcmp(local, "created") == 0)
			px_date(px, n, &it->published, &pi->pub_prio, 1);
		else if (strcmp(local, "modified") == 0)
			px_date(px, n, &it->updated, &pi->upd_prio, 2);
		break;
	case NS_MEDIA:
		px_media(px, pi, n, local, xbase, 0);
		break;
	case NS_XHTML:
		if (strcmp(local, "body") == 0 && pi->content_prio < 1) {
			px_set(&it->content, px_xhtml(px, n, xbase));
			it->content_type = TEXT_HTML;
			pi->content_prio = 1;
		}
		break;
	case NS_ITUNES:
		if (strcmp(local, "author") == 0) {
			text_author_split(px_text(px, n), &name, &email);
			px_item_author(pi, 1, name, email, NULL);
		} else if (strcmp(local, "image") == 0)
			px_thumbnail(px, pi, xbase, px_attr(n, "href"), 1);
		else if (strcmp(local, "summary") == 0 &&
		    pi->summary_prio < 1) {
			t = px_text(px, n);
			px_set(&it->summary, text_trimmed(t, strlen(t)));
			it->summary_type = TEXT_PLAIN;
			pi->summary_prio = 1;
		}
		break;
	default:
		break;
	}
}

/* An RSS item or an Atom entry? */
static int
px_is_item(struct px *px, struct xnode *n)
{
	const char	*local;
	enum px_ns	 ns = px_name(px, n, &local);

	if (px->atom)
		return px_core_atom(px, ns) && strcmp(local, "entry") == 0;
	return px_core_rss(px, ns) && strcmp(local, "item") == 0;
}

/* At the item limit (said once)? */
static int
px_too_many(struct px *px)
{
	if (px->res->items.n - px->first_item < PARSE_MAX_ITEMS)
		return 0;
	if (!px->too_many)
		warnings_add(&px->res->warnings, "more than %d items, the "
		    "rest ignored", PARSE_MAX_ITEMS);
	px->too_many = 1;
	return 1;
}

/* Early: the item, and the date warning its reading would have given. */
static void
px_early_add(struct px *px, struct item *it)
{
	struct px_stream	*ps = px->stream;

	item_list_add(&ps->items, it);
	ps->dates = xreallocarray(ps->dates, ps->items.cap,
	    sizeof *ps->dates);
	ps->dates[ps->items.n - 1] = px->bad_date;
	px->bad_date = NULL;
}

/*
 * The walk at an item read early: what px_item() would have done, item
 * by item (the limit, the one date warning).
 */
static void
px_replay(struct px *px, void *mark)
{
	struct px_stream	*ps = px->stream;
	struct px_early		*e = &ps->early[(uintptr_t)mark - 1];
	size_t			 i;

	for (i = e->first; i < e->first + e->n; i++) {
		if (px_too_many(px))
			item_free(ps->items.v[i]);
		else {
			if (ps->dates[i] != NULL && !px->bad_date_warned) {
				px->bad_date_warned = 1;
				warnings_add(&px->res->warnings, "%s",
				    ps->dates[i]);
			}
			item_list_add(&px->res->items, ps->items.v[i]);
		}
		ps->items.v[i] = NULL;
		free(ps->dates[i]);
		ps->dates[i] = NULL;
	}
	e->n = 0;
}

/* Read one item or entry into res (then the items nested in it). */
static void
px_item(struct px *px, struct xnode *n, const char *xbase, int depth)
{
	struct px_item	 pi;
	struct xnode	*c;
	const char	*lang, *about;
	char		*own;
	int		 nested = 0;

	if (!px->early && n->_private != NULL) {
		px_replay(px, n->_private);
		return;
	}
	if (!px->early && px_too_many(px))
		return;
	memset(&pi, 0, sizeof pi);
	pi.it = item_new(ITEM_FEED);
	xbase = px_base_in(px, n, xbase, &own);
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (px_is_item(px, c)) {
			/* An unclosed item swallowed the next ones. */
			nested = 1;
			continue;
		}
		px_item_child(px, &pi, c, xbase);
	}

	if (pi.guid != NULL && pi.id_prio < 3) {
		item_set(&pi.it->id, pi.guid);
		pi.it->id_is_permalink = pi.guid_permalink;
		pi.guid = NULL;
	}
	if (pi.it->id == NULL && (about = px_attr(n, "about")) != NULL)
		pi.it->id = text_trimmed(about, strlen(about));
	if (pi.it->link == NULL && pi.it->id != NULL &&
	    pi.it->id_is_permalink && pi.link_score == 0 && !px->atom &&
	    (strncase_eq(pi.it->id, "http://", 7) ||
	    strncase_eq(pi.it->id, "https://", 8)))
		pi.it->link = px_url(px, xbase, pi.it->id);
	free(pi.guid);
	/* An RSS <summary> beside a description is the longer text. */
	if (pi.rss_summary != NULL && pi.it->summary != NULL &&
	    pi.it->content == NULL) {
		pi.it->content = pi.rss_summary;
		pi.it->content_type = TEXT_HTML;
		item_set(&pi.it->content_base, pi.rss_summary_base);
	} else if (pi.rss_summary != NULL && pi.it->summary == NULL) {
		pi.it->summary = pi.rss_summary;
		pi.it->summary_type = TEXT_HTML;
		item_set(&pi.it->summary_base, pi.rss_summary_base);
	} else {
		free(pi.rss_summary);
		free(pi.rss_summary_base);
	}
	pi.rss_summary = pi.rss_summary_base = NULL;
	/* Relative URLs in its text resolve against it (sanitize.c). */
	if (pi.it->base == NULL && xbase != NULL)
		pi.it->base = xstrdup(xbase);
	/* xml:lang on it or around it. */
	if ((lang = xtree_lang(n)) != NULL)
		pi.it->lang = xstrdup(lang);
	if (px->early)
		px_early_add(px, pi.it);
	else
		item_list_add(&px->res->items, pi.it);
	if (nested && depth < PX_MAX_NESTED)
		for (c = n->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE && px_is_item(px, c))
				px_item(px, c, xbase, depth + 1);
	free(own);
}

/* A declared interval of n units, in seconds, into res->ttl. */
static void
px_ttl(struct parse_result *res, const char *v, int64_t unit)
{
	long long	 n;
	char		*end;

	v += strspn(v, " \t\r\n");
	n = strtoll(v, &end, 10);
	if (end == v || n <= 0 || n > 366LL * 86400)
		return;
	if (n * unit > res->ttl)
		res->ttl = n * unit;
}

/* sy:updatePeriod and sy:updateFrequency (RSS 1.0's syndication). */
static void
px_sy(struct px *px, const char *local, const char *v)
{
	static const struct {
		const char	*name;
		int64_t		 seconds;
	} periods[] = {
		{ "hourly", 3600 }, { "daily", 86400 }, { "weekly", 7 * 86400 },
		{ "monthly", 30 * 86400 }, { "yearly", 365 * 86400 }
	};
	char		*t;
	size_t		 i;

	if (strcmp(local, "updatePeriod") == 0) {
		t = text_collapse(v, strlen(v));
		for (i = 0; i < sizeof periods / sizeof periods[0]; i++)
			if (strcase_eq(t, periods[i].name))
				px->sy_period = periods[i].seconds;
		free(t);
	} else if (strcmp(local, "updateFrequency") == 0)
		px->sy_frequency = strtol(v + strspn(v, " \t\r\n"), NULL,
		    10);
}

/* The feed-level children of an RSS channel (or an RDF root). */
static void
px_rss_channel_child(struct px *px, struct xnode *n, const char *local,
    enum px_ns ns, const char *xbase)
{
	struct parse_result	*res = px->res;
	char			*name, *email, *uri, *own;
	enum px_text		 kind;

	if (px_core_rss(px, ns)) {
		if (strcmp(local, "title") == 0 && res->title == NULL)
			res->title = px_title(px, n, 0);
		else if (strcmp(local, "managingEditor") == 0) {
			text_author_split(px_text(px, n), &name, &email);
			px_feed_author(px, 4, name, email, NULL);
		} else if (strcmp(local, "lastBuildDate") == 0)
			px_date(px, n, &res->updated, &px->fupdated_prio, 3);
		else if (strcmp(local, "language") == 0 && res->lang == NULL)
			res->lang = text_cut_to(text_collapse(px_text(px, n),
			    strlen(px_text(px, n))), 64);
		else if (strcmp(local, "pubDate") == 0)
			px_date(px, n, &res->updated, &px->fupdated_prio, 2);
		else if (strcmp(local, "ttl") == 0)
			px_ttl(res, px_text(px, n), 60);
	} else if (ns == NS_SY) {
		px_sy(px, local, px_text(px, n));
	} else if (ns == NS_DC) {
		if (strcmp(local, "creator") == 0 ||
		    strcmp(local, "author") == 0) {
			text_author_split(px_text(px, n), &name, &email);
			px_feed_author(px, 3, name, email, NULL);
		} else if (strcmp(local, "date") == 0)
			px_date(px, n, &res->updated, &px->fupdated_prio, 1);
		else if (strcmp(local, "language") == 0 && res->lang == NULL)
			res->lang = text_cut_to(text_collapse(px_text(px, n),
			    strlen(px_text(px, n))), 64);
	} else if (ns == NS_ITUNES && strcmp(local, "author") == 0) {
		text_author_split(px_text(px, n), &name, &email);
		px_feed_author(px, 1, name, email, NULL);
	} else if (ns == NS_ATOM10 || ns == NS_ATOM03) {
		if (strcmp(local, "author") == 0) {
			xbase = px_base_in(px, n, xbase, &own);
			px_person(px, n, xbase, &name, &email, &uri);
			px_feed_author(px, 2, name, email, uri);
			free(own);
		} else if (strcmp(local, "updated") == 0)
			px_date(px, n, &res->updated, &px->fupdated_prio, 1);
		else if (strcmp(local, "title") == 0 && res->title == NULL) {
			char	*s = px_atom_text(px, n, xbase, &kind);

			if (s != NULL) {
				res->title = kind == PX_TEXT ?
				    text_collapse(s, strlen(s)) :
				    text_from_html(s, strlen(s));
				free(s);
			}
		}
	}
}

/*
 * The feed's own link, read before the items so that their relative
 * links can be resolved against it: RSS <link> (best), else an Atom
 * link rel=alternate.
 */
static void
px_feed_link_one(struct px *px, struct xnode *c, const char *xbase)
{
	const char	*local, *t, *rel, *type;
	enum px_ns	 ns;
	char		*u, *own;
	int		 score;

	if (c->type != XML_ELEMENT_NODE)
		return;
	ns = px_name(px, c, &local);
	if (strcmp(local, "link") != 0)
		return;
	if (px_core_rss(px, ns)) {
		if (px->flink_score >= 3)
			return;
		t = px_attr(c, "href");
		if (t == NULL)
			t = px_text(px, c);
		score = 3;
	} else if (px_core_atom(px, ns)) {
		rel = px_attr(c, "rel");
		type = px_attr(c, "type");
		if ((score = px_alternate_score(rel, type)) == 0 ||
		    score <= px->flink_score)
			return;
		t = px_attr(c, "href");
		if (t == NULL)
			t = px_text(px, c);
	} else
		return;
	xbase = px_base_in(px, c, xbase, &own);
	u = url_resolve(xbase != NULL ? xbase : px->fetch_url, t);
	free(own);
	if (u != NULL) {
		item_set(&px->res->link, text_cut(u));
		px->flink_score = score;
	}
}

/* The link found so far is the one relative URLs resolve against. */
static void
px_feed_link_set(struct px *px)
{
	free(px->feed_link);
	px->feed_link = px->res->link != NULL &&
	    url_is_absolute(px->res->link) ? xstrdup(px->res->link) : NULL;
}

static void
px_feed_link(struct px *px, struct xnode *parent, const char *xbase)
{
	struct xnode	*c;

	for (c = parent->children; c != NULL; c = c->next)
		px_feed_link_one(px, c, xbase);
	px_feed_link_set(px);
}

/* RSS 0.9x / 2.0 channel, or the RDF root of RSS 0.90 / 1.0. */
static void
px_rss(struct px *px, struct xnode *root)
{
	struct xnode	*chan = NULL, *c, *cc;
	const char	*local, *xbase, *cbase;
	char		*own, *cown = NULL;
	enum px_ns	 ns;

	xbase = px_base_in(px, root, NULL, &own);
	for (c = root->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    px_core_rss(px, px_name(px, c, &local)) &&
		    strcmp(local, "channel") == 0) {
			chan = c;
			break;
		}
	cbase = xbase;
	if (chan != NULL) {
		cbase = px_base_in(px, chan, xbase, &cown);
		px_feed_link(px, chan, cbase);
	} else
		px_feed_link(px, root, xbase);

	/* Items inside the channel (RSS 2.0) or beside it (RDF). */
	for (c = root->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		ns = px_name(px, c, &local);
		if (c == chan) {
			for (cc = chan->children; cc != NULL; cc = cc->next) {
				if (cc->type != XML_ELEMENT_NODE)
					continue;
				ns = px_name(px, cc, &local);
				if (px_core_rss(px, ns) &&
				    strcmp(local, "item") == 0)
					px_item(px, cc, cbase, 0);
				else
					px_rss_channel_child(px, cc, local, ns,
					    cbase);
			}
		} else if (px_core_rss(px, ns) && strcmp(local, "item") == 0)
			px_item(px, c, xbase, 0);
		else if (chan == NULL)
			px_rss_channel_child(px, c, local, ns, xbase);
	}
	free(cown);
	free(own);
}

/* Atom 0.3 / 1.0 feed. */
static void
px_atom(struct px *px, struct xnode *root)
{
	struct parse_result	*res = px->res;
	struct xnode		*c;
	const char		*local, *xbase, *t;
	char			*own, *cown, *name, *email, *uri, *s;
	enum px_text		 kind;
	enum px_ns		 ns;

	xbase = px_base_in(px, root, NULL, &own);
	px_feed_link(px, root, xbase);
	for (c = root->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		ns = px_name(px, c, &local);
		if (!px_core_atom(px, ns)) {
			if (ns == NS_DC || ns == NS_ITUNES)
				px_rss_channel_child(px, c, local, ns, xbase);
			continue;
		}
		if (strcmp(local, "entry") == 0)
			px_item(px, c, xbase, 0);
		else if (strcmp(local, "title") == 0 && res->title == NULL) {
			if ((s = px_atom_text(px, c, NULL, &kind)) != NULL) {
				res->title = kind == PX_TEXT ?
				    text_collapse(s, strlen(s)) :
				    text_from_html(s, strlen(s));
				free(s);
			}
		} else if (strcmp(local, "id") == 0 && res->id == NULL) {
			t = px_text(px, c);
			res->id = text_trimmed(t, strlen(t));
		} else if (strcmp(local, "author") == 0) {
			px_base_in(px, c, xbase, &cown);
			px_person(px, c, cown != NULL ? cown : xbase, &name,
			    &email, &uri);
			px_feed_author(px, 4, name, email, uri);
			free(cown);
		} else if (strcmp(local, "updated") == 0 ||
		    strcmp(local, "modified") == 0)
			px_date(px, c, &res->updated, &px->fupdated_prio, 3);
	}
	free(own);
}

/* A CDF attribute, in its usual capitals or not. */
static const char *
px_cdf_attr(struct xnode *n, const char *upper, const char *lower)
{
	const char	*v = px_attr(n, upper);

	return v != NULL ? v : px_attr(n, lower);
}

/* A CDF element's child's text (TITLE, ABSTRACT), collapsed, or NULL. */
static char *
px_cdf_text(struct px *px, struct xnode *n, const char *name)
{
	struct xnode	*c;
	const char	*t;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && c->href == NULL &&
		    strcasecmp((const char *)c->name, name) == 0) {
			t = px_text(px, c);
			return text_has_markup(t) ? text_from_html(t,
			    strlen(t)) : text_collapse(t, strlen(t));
		}
	return NULL;
}

static void
px_cdf_date(struct px *px, struct xnode *n, int64_t *t)
{
	const char	*v = px_cdf_attr(n, "LASTMOD", "lastmod");

	if (v != NULL && !str_empty(v) && date_parse(v, t) == -1) {
		*t = DATE_NONE;
		px_warn_date(px, v);
	}
}

/*
 * A CDF CHANNEL: its ITEMs (title, abstract, href, lastmod), then those
 * of the channels nested in it; BASE resolves their HREFs.
 */
static void
px_cdf(struct px *px, struct xnode *chan, const char *base, int depth)
{
	struct item	*it;
	struct xnode	*c;
	const char	*b, *href;
	char		*own = NULL;

	/* (The top channel's BASE is in base already.) */
	if (depth > 0 && (b = px_cdf_attr(chan, "BASE", "base")) != NULL &&
	    !str_empty(b))
		base = own = url_resolve(base, b);
	for (c = chan->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->href != NULL)
			continue;
		if (strcasecmp((const char *)c->name, "channel") == 0 &&
		    depth < PX_MAX_NESTED)
			px_cdf(px, c, base, depth + 1);
		if (strcasecmp((const char *)c->name, "item") != 0 ||
		    px_too_many(px))
			continue;
		it = item_new(ITEM_FEED);
		if ((href = px_cdf_attr(c, "HREF", "href")) != NULL)
			it->link = text_cut(url_resolve(base, href));
		it->title = px_cdf_text(px, c, "title");
		if ((it->summary = px_cdf_text(px, c, "abstract")) != NULL)
			it->summary_type = TEXT_PLAIN;
		px_cdf_date(px, c, &it->updated);
		item_list_add(&px->res->items, it);
	}
	free(own);
}

/* A CDF file: the top CHANNEL is the feed. */
static void
px_cdf_feed(struct px *px, struct xnode *root)
{
	const char	*href, *b;
	char		*base;

	b = px_cdf_attr(root, "BASE", "base");
	base = url_resolve(px->fetch_url, b != NULL && !str_empty(b) ? b :
	    NULL);
	if (base == NULL && px->fetch_url != NULL)
		base = xstrdup(px->fetch_url);
	if ((href = px_cdf_attr(root, "HREF", "href")) != NULL)
		px->res->link = text_cut(url_resolve(base, href));
	px->res->title = px_cdf_text(px, root, "title");
	px_cdf_date(px, root, &px->res->updated);
	px_cdf(px, root, base, 0);
	free(base);
}

/*
 * A CHANNEL root is CDF's when it or an ITEM in it has CDF's attributes
 * (HREF, BASE, LASTMOD), or when it is written in CDF's capitals.
 */
static int
px_cdf_like(struct xnode *root)
{
	static const char *const attrs[] = { "href", "base", "lastmod" };
	struct xnode	*c;
	struct xattr	*a;
	size_t		 i;

	if (strcmp((const char *)root->name, "CHANNEL") == 0)
		return 1;
	for (c = root; c != NULL; c = c == root ? root->children : c->next) {
		if (c->type != XML_ELEMENT_NODE || (c != root &&
		    strcasecmp((const char *)c->name, "item") != 0))
			continue;
		for (a = c->properties; a != NULL; a = a->next)
			for (i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
				if (a->href == NULL && strcasecmp(a->name,
				    attrs[i]) == 0)
					return 1;
	}
	return 0;
}

/* What the root says the document is. */
static enum px_kind
px_kind(struct px *px, struct xnode *root)
{
	const char	*local;
	enum px_ns	 ns = px_name(px, root, &local);

	if (strcmp(local, "rss") == 0 && (ns == NS_NONE || ns == NS_RSS ||
	    ns == NS_OTHER))
		return KIND_RSS;
	if (strcmp(local, "RDF") == 0 && (ns == NS_RDF || ns == NS_NONE))
		return KIND_RDF;
	if (strcmp(local, "feed") == 0 && (ns == NS_ATOM10 ||
	    ns == NS_ATOM03 || ns == NS_NONE))
		return KIND_ATOM;
	/* A bare <channel>: CDF's, or an RSS channel without <rss>. */
	if (strcasecmp(local, "channel") == 0 && ns == NS_NONE)
		return px_cdf_like(root) ? KIND_CDF : KIND_CHANNEL;
	return KIND_NONE;
}

/*
 * The feed's links among parent's children that have ended: all those
 * before the one that holds n (or is n).
 */
static void
px_stream_links(struct px_stream *ps, struct xnode *parent, const char *xbase,
    struct xnode *n)
{
	struct xnode	*c, *stop = n;

	while (stop != NULL && stop->parent != parent)
		stop = stop->parent;
	for (c = parent->children; c != NULL && c != stop; c = c->next)
		px_feed_link_one(&ps->px, c, xbase);
	px_feed_link_set(&ps->px);
}

/* The first element to end: what the root is. */
static void
px_stream_start(struct px_stream *ps, struct xtree *t, struct xnode *n)
{
	enum px_kind	 kind;

	ps->state = -1;
	if ((ps->root = xtree_root(t)) == NULL)
		return;
	/* (A CDF file or a bare channel is read from the tree.) */
	if ((kind = px_kind(&ps->px, ps->root)) == KIND_NONE ||
	    kind == KIND_CDF || kind == KIND_CHANNEL)
		return;
	ps->state = 1;
	ps->px.atom = kind == KIND_ATOM;
	ps->xbase = px_base_in(&ps->px, ps->root, NULL, &ps->xown);
	if (ps->px.atom)
		px_stream_links(ps, ps->root, ps->xbase, n);
}

/* RSS: px_rss()'s channel, the first on the root, once it is there. */
static void
px_stream_chan(struct px_stream *ps, struct xnode *n)
{
	struct xnode	*c;
	const char	*local;

	c = ps->scan != NULL ? ps->scan->next : ps->root->children;
	for (; c != NULL; c = c->next) {
		ps->scan = c;
		if (c->type == XML_ELEMENT_NODE &&
		    px_core_rss(&ps->px, px_name(&ps->px, c, &local)) &&
		    strcmp(local, "channel") == 0) {
			ps->chan = c;
			ps->cbase = px_base_in(&ps->px, c, ps->xbase,
			    &ps->cown);
			px_stream_links(ps, c, ps->cbase, n);
			return;
		}
	}
}

/* Read item n now, into ps->items; or leave it to the walk. */
static void
px_stream_item(struct px_stream *ps, struct xnode *n, const char *xbase)
{
	struct px	*px = &ps->px;
	struct px_early	*e;
	size_t		 first = ps->items.n, i;

	px->used_base = 0;
	px_item(px, n, xbase, 0);
	if (px->used_base && !px_feed_link_final(px)) {
		/* A link further on may yet change it. */
		for (i = first; i < ps->items.n; i++) {
			item_free(ps->items.v[i]);
			free(ps->dates[i]);
		}
		ps->items.n = first;
		return;
	}
	ps->early = xgrowarray(ps->early, &ps->earlycap, ps->nearly + 1,
	    sizeof *ps->early);
	e = &ps->early[ps->nearly++];
	e->first = first;
	e->n = ps->items.n - first;
	n->_private = (void *)(uintptr_t)ps->nearly;
}

/*
 * Unlink and give back item n, which has just ended, and the text before
 * it (no walk reads the text of a channel or feed), so that items past
 * the limit leave nothing behind (xtree_drop).
 */
static void
px_stream_drop(struct px_stream *ps, struct xtree *t, struct xnode *n)
{
	struct xnode	*c = n->prev;

	/* (It and a text before it go: scan may not be left on them.) */
	if (c != NULL && c->type == XML_TEXT_NODE)
		c = c->prev;
	if (ps->scan == n || (ps->scan != NULL && ps->scan == n->prev))
		ps->scan = c;
	xtree_drop(t, n);
}

/*
 * xtree_end_cb: an element of the document has ended.  Its subtree is
 * complete and the later siblings are not there yet: an item is read,
 * and its children and attributes freed.
 */
static void
px_stream_end(struct xtree *t, struct xnode *n, void *arg)
{
	struct px_stream	*ps = arg;
	struct xnode		*parent = n->parent;
	const char		*local, *xbase;
	enum px_ns		 ns;

	if (ps->state == 0)
		px_stream_start(ps, t, n);
	if (ps->state != 1 || parent == NULL)
		return;
	if (!ps->px.atom && ps->chan == NULL)
		px_stream_chan(ps, n);
	if (parent == ps->root)
		xbase = ps->xbase;
	else if (parent == ps->chan && ps->chan != NULL)
		xbase = ps->cbase;
	else
		return;
	ns = px_name(&ps->px, n, &local);
	if (ps->px.atom ? !px_core_atom(&ps->px, ns) ||
	    strcmp(local, "entry") != 0 : !px_core_rss(&ps->px, ns) ||
	    strcmp(local, "item") != 0) {
		/* The feed's link is read from the channel (Atom: root). */
		if (strcmp(local, "link") == 0 && (ps->px.atom ||
		    parent == ps->chan)) {
			px_feed_link_one(&ps->px, n, xbase);
			px_feed_link_set(&ps->px);
		}
		return;
	}
	/*
	 * Each item the walk comes to adds one at least, so past the limit
	 * it drops them all: the first it meets empty (it says so), the
	 * others not at all.
	 */
	if (ps->nitems++ > PARSE_MAX_ITEMS) {
		px_stream_drop(ps, t, n);
		return;
	}
	/* RSS: an item before the channel is read by the walk. */
	if (ps->nitems <= PARSE_MAX_ITEMS && (ps->px.atom ||
	    ps->chan != NULL))
		px_stream_item(ps, n, xbase);
	if (n->_private != NULL || ps->nitems > PARSE_MAX_ITEMS)
		xtree_free_children(t, n);
}

static void
px_stream_init(struct px_stream *ps, const char *base_url)
{
	memset(ps, 0, sizeof *ps);
	parse_result_init(&ps->scratch);
	ps->px.res = &ps->scratch;
	ps->px.fetch_url = base_url;
	ps->px.early = 1;
	ps->px.stream = ps;
	buf_init(&ps->px.tmp);
	item_list_init(&ps->items);
}

static void
px_stream_free(struct px_stream *ps)
{
	size_t	 i;

	for (i = 0; i < ps->items.n; i++) {
		item_free(ps->items.v[i]);
		free(ps->dates[i]);
	}
	ps->items.n = 0;
	item_list_free(&ps->items);
	free(ps->dates);
	free(ps->early);
	free(ps->xown);
	free(ps->cown);
	free(ps->px.bad_date);
	free(ps->px.feed_link);
	buf_free(&ps->px.tmp);
	parse_result_free(&ps->scratch);
}

/* Items without an author take the feed's. */
static void
px_inherit_author(struct px *px)
{
	struct item	*it;
	size_t		 i;

	if (px->fauthor == NULL)
		return;
	text_cut_to(px->fauthor, PARSE_MAX_INHERITED);
	text_cut_to(px->fauthor_email, PARSE_MAX_INHERITED);
	text_cut_to(px->fauthor_uri, PARSE_MAX_INHERITED);
	px->res->author = xstrdup(px->fauthor);
	for (i = px->first_item; i < px->res->items.n; i++) {
		it = px->res->items.v[i];
		if (it->author != NULL || it->author_email != NULL)
			continue;
		it->author = xstrdup(px->fauthor);
		if (px->fauthor_email != NULL)
			it->author_email = xstrdup(px->fauthor_email);
		if (px->fauthor_uri != NULL)
			it->author_uri = xstrdup(px->fauthor_uri);
	}
}

/* "not a feed: ..." for a root element that is no feed's. */
static char *
px_not_a_feed(struct xnode *root)
{
	const char	*name = (const char *)root->name, *colon;
	char		 clean[40];
	size_t		 i;
	char		*cause;

	if ((colon = strchr(name, ':')) != NULL)
		name = colon + 1;
	for (i = 0; i < sizeof clean - 1 && name[i] != '\0'; i++)
		clean[i] = IS_ALNUM(name[i]) || name[i] == '-' ||
		    name[i] == '_' || name[i] == '.' ? name[i] : '?';
	clean[i] = '\0';
	if (strcasecmp(clean, "html") == 0)
		return xstrdup("not a feed: HTML document (<html> root)");
	xasprintf(&cause, "not a feed: XML document with a <%s> root", clean);
	return cause;
}

static enum feed_format
px_rss_version(const char *v)
{
	if (v == NULL)
		return FORMAT_RSS20;
	while (IS_SPACE(*v))
		v++;
	if (strncmp(v, "0.90", 4) == 0)
		return FORMAT_RSS090;
	if (strncmp(v, "0.91", 4) == 0)
		return FORMAT_RSS091;
	if (strncmp(v, "0.92", 4) == 0)
		return FORMAT_RSS092;
	if (strncmp(v, "0.93", 4) == 0)
		return FORMAT_RSS093;
	if (strncmp(v, "0.94", 4) == 0)
		return FORMAT_RSS094;
	return FORMAT_RSS20;
}

/* A quick look at the start: an HTML page need not be parsed as XML. */
static int
px_looks_html(const char *buf, size_t len)
{
	const char	*p = buf, *end = buf + len;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && IS_SPACE(*p))
		p++;
	if (end - p >= 14 && strncase_eq(p, "<!doctype html", 14))
		return 1;
	if (end - p >= 6 && strncase_eq(p, "<html", 5) &&
	    (IS_SPACE(p[5]) || p[5] == '>'))
		return 1;
	return 0;
}

int
parse_xml(const char *buf, size_t len, const char *base_url,
    const char *charset, int discard, struct parse_result *res,
    char **cause)
{
	struct px		 px;
	struct px_stream	 ps;
	struct xtree		*doc;
	struct xnode		*root, *c;
	const char		*local, *v;
	enum px_kind		 kind;
	enum px_ns		 ns;
	int			 ret = 0;

	*cause = NULL;
	if (px_looks_html(buf, len)) {
		*cause = xstrdup("not a feed: HTML document (<html> root)");
		return -1;
	}
	px_stream_init(&ps, base_url);
	if (xtree_read(&doc, buf, len, base_url, charset, discard ?
	    XMLSAFE_DISCARD : 0, px_stream_end, &ps, &res->warnings,
	    cause) == -1) {
		px_stream_free(&ps);
		return -1;
	}
	memset(&px, 0, sizeof px);
	px.res = res;
	px.fetch_url = base_url;
	px.first_item = res->items.n;
	px.stream = &ps;
	buf_init(&px.tmp);
	root = xtree_root(doc);
	kind = px_kind(&px, root);
	ns = px_name(&px, root, &local);

	if (kind == KIND_RSS) {
		res->format = px_rss_version(px_attr(root, "version"));
		px_rss(&px, root);
	} else if (kind == KIND_RDF) {
		res->format = FORMAT_RSS10;
		for (c = root->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE && c->href != NULL &&
			    strstr(c->href, "netscape.com/rdf/simple/0.9") !=
			    NULL) {
				res->format = FORMAT_RSS090;
				break;
			}
		px_rss(&px, root);
	} else if (kind == KIND_ATOM) {
		v = px_attr(root, "version");
		if (ns == NS_ATOM03 || (ns == NS_NONE && v != NULL &&
		    strncmp(v, "0.", 2) == 0))
			res->format = FORMAT_ATOM03;
		else
			res->format = FORMAT_ATOM10;
		px.atom = 1;
		px.atom03 = res->format == FORMAT_ATOM03;
		px_atom(&px, root);
	} else if (kind == KIND_CDF) {
		res->format = FORMAT_CDF;
		px_cdf_feed(&px, root);
	} else if (kind == KIND_CHANNEL) {
		/* Its items and feed elements are the root's children. */
		res->format = FORMAT_RSS20;
		px_rss(&px, root);
	} else {
		*cause = px_not_a_feed(root);
		ret = -1;
	}
	xtree_free(doc);
	px_stream_free(&ps);
	if (ret == 0)
		px_inherit_author(&px);
	/* "Updated hourly, twice": every 30 minutes at most. */
	if (px.sy_period > 0 && px.sy_period / (px.sy_frequency > 0 ?
	    px.sy_frequency : 1) > res->ttl)
		res->ttl = px.sy_period / (px.sy_frequency > 0 ?
		    px.sy_frequency : 1);
	buf_free(&px.tmp);
	free(px.feed_link);
	free(px.fauthor);
	free(px.fauthor_email);
	free(px.fauthor_uri);
	return ret;
}
