/*
 * xtree.c: a compact tree of an XML document from libxml2's SAX2 events.
 *
 * Building libxml2's own tree costs about as much again as parsing: a
 * malloc per node, per attribute and per attribute value, text grown
 * by realloc, namespace lookups, a free per node.  This one takes its
 * nodes from an arena of chunks, in document order, and gives them back
 * by moving the arena's top down: the subtree of an element that has
 * just ended is everything allocated after it (its attributes come
 * before it), so dropping a feed's item as it is read costs nothing.
 * Character data is gathered in one buffer and becomes a node when the
 * next tag comes.
 */
#include "config.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "log.h"
#include "util.h"
#include "xmlsafe.h"
#include "xtree.h"

/*
 * An arena chunk, its header included (a size malloc serves without
 * rounding up); a larger allocation gets a chunk of its own.
 */
#define XTREE_CHUNK	(64 * 1024)
#define XTREE_ROOM	(XTREE_CHUNK - sizeof(struct xchunk))

/* libxml2's own limit on a text node without XML_PARSE_HUGE. */
#define XTREE_MAX_TEXT	XML_MAX_TEXT_LENGTH

struct xchunk {
	struct xchunk	*prev;		/* older */
	size_t		 size, used;
	alignas(max_align_t) char data[];
};

struct xtree {
	struct xchunk	*top;		/* newest chunk */
	struct xchunk	*spare;		/* one given back, kept */
	struct xnode	*root;
	struct xnode	*open;		/* the element being read */
	struct buf	 text;		/* its character data since a tag */
	size_t		 run;		/* of it, since a comment or PI */
	xmlDictPtr	 dict;		/* the names' and URIs' */
	xtree_end_cb	 end;
	void		*arg;
};

#define XTREE_ALIGN(n)	(((n) + alignof(max_align_t) - 1) & \
	~(alignof(max_align_t) - 1))

static void *
xtree_alloc(struct xtree *t, size_t size)
{
	struct xchunk	*c = t->top;
	void		*p;

	size = XTREE_ALIGN(size);
	if (c == NULL || c->size - c->used < size) {
		if (t->spare != NULL && t->spare->size >= size) {
			c = t->spare;
			t->spare = NULL;
		} else {
			c = xmalloc(sizeof *c + (size > XTREE_ROOM ? size :
			    XTREE_ROOM));
			c->size = size > XTREE_ROOM ? size : XTREE_ROOM;
		}
		c->used = 0;
		c->prev = t->top;
		t->top = c;
	}
	p = c->data + c->used;
	c->used += size;
	return p;
}

/* Give back everything allocated from p on (p: an allocation's start). */
static void
xtree_free_from(struct xtree *t, const void *p)
{
	struct xchunk	*c;
	const char	*q = p;

	while ((c = t->top) != NULL) {
		/* (As integers: the chunks are separate blocks.) */
		if ((uintptr_t)q >= (uintptr_t)c->data && (uintptr_t)q <=
		    (uintptr_t)(c->data + c->used)) {
			c->used = (size_t)((uintptr_t)q - (uintptr_t)c->data);
			return;
		}
		t->top = c->prev;
		if (t->spare == NULL && c->size == XTREE_ROOM)
			t->spare = c;
		else
			free(c);
	}
}

static void
xtree_link(struct xnode *parent, struct xnode *n)
{
	n->parent = parent;
	n->prev = parent->last;
	if (parent->last != NULL)
		parent->last->next = n;
	else
		parent->children = n;
	parent->last = n;
}

/* The character data gathered so far, as a text node of the open one. */
static void
xtree_flush(struct xtree *t)
{
	struct xnode	*n;

	if (t->text.len == 0)
		return;
	n = xtree_alloc(t, sizeof *n + t->text.len + 1);
	memset(n, 0, sizeof *n);
	n->type = XML_TEXT_NODE;
	n->content = (char *)(n + 1);
	memcpy(n->content, t->text.data, t->text.len);
	n->content[t->text.len] = '\0';
	xtree_link(t->open, n);
	buf_reset(&t->text);
	t->run = 0;
}

/*
 * An attribute value as libxml2's tree holds it: libxml2 leaves a '&'
 * of the document as "&#38;" (it does not substitute entities), and the
 * tree decodes the references.  A reference to any other entity is kept
 * as written (the repair pass leaves none).
 */
static char *
xtree_value(struct xtree *t, const char *v, const char *end)
{
	const char	*semi;
	char		*out, *o;
	unsigned long	 cp;
	size_t		 n;

	out = o = xtree_alloc(t, (size_t)(end - v) + 1);
	while (v < end) {
		if (*v != '&' || (semi = memchr(v, ';', (size_t)(end - v))) ==
		    NULL) {
			*o++ = *v++;
			continue;
		}
		n = (size_t)(semi - v) + 1;
		cp = 0;
		if (n > 3 && v[1] == '#') {
			char	*e;

			cp = v[2] == 'x' ? strtoul(v + 3, &e, 16) :
			    strtoul(v + 2, &e, 10);
			if (e != semi || cp == 0 || cp > 0x10ffff)
				cp = 0;
		} else if (n == 4 && memcmp(v, "&lt;", 4) == 0)
			cp = '<';
		else if (n == 4 && memcmp(v, "&gt;", 4) == 0)
			cp = '>';
		else if (n == 5 && memcmp(v, "&amp;", 5) == 0)
			cp = '&';
		else if (n == 6 && memcmp(v, "&quot;", 6) == 0)
			cp = '"';
		else if (n == 6 && memcmp(v, "&apos;", 6) == 0)
			cp = '\'';
		if (cp == 0) {
			*o++ = *v++;
			continue;
		}
		/* No longer than the reference: "&#x10000;" is 9, 4 out. */
		if (cp < 0x80)
			*o++ = (char)cp;
		else if (cp < 0x800) {
			*o++ = (char)(0xc0 | (cp >> 6));
			*o++ = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			*o++ = (char)(0xe0 | (cp >> 12));
			*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
			*o++ = (char)(0x80 | (cp & 0x3f));
		} else {
			*o++ = (char)(0xf0 | (cp >> 18));
			*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
			*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
			*o++ = (char)(0x80 | (cp & 0x3f));
		}
		v += n;
	}
	*o = '\0';
	return out;
}

static void
xtree_start(void *arg, const char *name, const char *uri, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct xtree	*t = arg;
	struct xattr	*a, **tail;
	struct xattr	*props = NULL;
	struct xnode	*n;
	const char	*lang = NULL;
	int		 i;

	if (t->open != NULL)
		xtree_flush(t);
	/*
	 * The attributes first, then a default xml:lang: the element is the
	 * last thing before its children, which xtree_free_children()
	 * relies on, and xtree_drop() gives back from the first of these.
	 */
	tail = &props;
	for (i = 0; i < nattrs - ndefaulted; i++) {
		a = xtree_alloc(t, sizeof *a);
		a->next = NULL;
		a->name = (const char *)attrs[5 * i];
		a->prefix = (const char *)attrs[5 * i + 1];
		a->href = (const char *)attrs[5 * i + 2];
		a->value = xtree_value(t, (const char *)attrs[5 * i + 3],
		    (const char *)attrs[5 * i + 4]);
		*tail = a;
		tail = &a->next;
	}
	for (i = nattrs - ndefaulted; i < nattrs; i++)
		if (i >= 0 && attrs[5 * i + 2] != NULL && strcmp((const char *)
		    attrs[5 * i], "lang") == 0 && strcmp((const char *)
		    attrs[5 * i + 2], (const char *)XML_XML_NAMESPACE) == 0)
			lang = xtree_value(t, (const char *)attrs[5 * i + 3],
			    (const char *)attrs[5 * i + 4]);
	n = xtree_alloc(t, sizeof *n);
	memset(n, 0, sizeof *n);
	n->type = XML_ELEMENT_NODE;
	n->name = name;
	n->href = uri;
	n->properties = props;
	n->lang_default = lang;
	if (t->open != NULL)
		xtree_link(t->open, n);
	else if (t->root == NULL)
		t->root = n;
	t->open = n;
}

static void
xtree_end(void *arg)
{
	struct xtree	*t = arg;
	struct xnode	*n = t->open;

	if (n == NULL)
		return;
	xtree_flush(t);
	t->open = n->parent;
	if (t->end != NULL)
		t->end(t, n, t->arg);
}

/* libxml2 gave up the open element: it stays as it is, with no end. */
static void
xtree_lost(void *arg)
{
	struct xtree	*t = arg;

	if (t->open == NULL)
		return;
	xtree_flush(t);
	t->open = t->open->parent;
}

static int
xtree_text(void *arg, const char *s, size_t len)
{
	struct xtree	*t = arg;

	if (t->open == NULL)
		return 0;
	/* libxml2's tree makes a text node of any first run, and adds no
	   more to one past its limit. */
	if (t->run > 0 && t->run + len > XTREE_MAX_TEXT)
		return -1;
	t->run += len;
	/* (Called for every run between references: kept short.) */
	if (t->text.cap - t->text.len <= len)
		buf_grow(&t->text, len);
	memcpy(t->text.data + t->text.len, s, len);
	t->text.len += len;
	return 0;
}

/* A comment or PI: left out, but it ends a text node of libxml2's. */
static void
xtree_split(void *arg)
{
	struct xtree	*t = arg;

	t->run = 0;
}

static const struct xmlsafe_sax xtree_sax = {
	xtree_start, xtree_end, xtree_lost, xtree_text, xtree_split
};

int
xtree_read(struct xtree **treep, const char *buf, size_t len,
    const char *url, const char *charset, int flags, xtree_end_cb end,
    void *arg, struct warnings *warn, char **cause)
{
	struct xtree	*t;

	*treep = NULL;
	t = xcalloc(1, sizeof *t);
	buf_init(&t->text);
	t->end = end;
	t->arg = arg;
	if (xmlsafe_read_sax(buf, len, url, charset, flags, &xtree_sax, t,
	    &t->dict, warn, cause) == -1) {
		xtree_free(t);
		return -1;
	}
	/* Cut off inside an element: what it had is in the tree. */
	if (t->open != NULL)
		xtree_flush(t);
	buf_free(&t->text);
	if (t->root == NULL) {
		xtree_free(t);
		*cause = xstrdup("not a feed: no XML element could be read");
		return -1;
	}
	*treep = t;
	return 0;
}

struct xnode *
xtree_root(const struct xtree *t)
{
	return t->root;
}

void
xtree_free(struct xtree *t)
{
	struct xchunk	*c;

	if (t == NULL)
		return;
	while ((c = t->top) != NULL) {
		t->top = c->prev;
		free(c);
	}
	free(t->spare);
	buf_free(&t->text);
	if (t->dict != NULL)
		xmlDictFree(t->dict);
	free(t);
}

void
xtree_free_children(struct xtree *t, struct xnode *n)
{
	n->children = n->last = NULL;
	n->properties = NULL;
	/* (What xtree_alloc() took for it, rounded up.) */
	xtree_free_from(t, (const char *)n + XTREE_ALIGN(sizeof *n));
}

void
xtree_drop(struct xtree *t, struct xnode *n)
{
	struct xnode	*parent = n->parent, *first = n;

	/* The text before n was made before its attributes. */
	if (n->prev != NULL && n->prev->type == XML_TEXT_NODE)
		first = n->prev;
	if (parent != NULL) {
		parent->last = first->prev;
		if (first->prev != NULL)
			first->prev->next = NULL;
		else
			parent->children = NULL;
	} else if (t->root == n)
		t->root = NULL;
	if (first != n)
		xtree_free_from(t, first);
	else if (n->properties != NULL)
		xtree_free_from(t, n->properties);
	else if (n->lang_default != NULL)
		xtree_free_from(t, n->lang_default);
	else
		xtree_free_from(t, n);
}

size_t
xtree_bytes(const struct xtree *t)
{
	const struct xchunk	*c;
	size_t			 n = 0;

	for (c = t->top; c != NULL; c = c->prev)
		n += c->size;
	return n;
}

const char *
xtree_lang(const struct xnode *n)
{
	const struct xattr	*a;

	for (; n != NULL; n = n->parent) {
		for (a = n->properties; a != NULL; a = a->next)
			if (a->href != NULL && strcmp(a->name, "lang") == 0 &&
			    strcmp(a->href, (const char *)XML_XML_NAMESPACE) ==
			    0)
				return a->value;
		if (n->lang_default != NULL)
			return n->lang_default;
	}
	return NULL;
}

/* The XML namespace of xml:base and xml:lang, for html.c's checks. */
static xmlNs	xtree_xml_ns = {
	NULL, XML_NAMESPACE_DECL, XML_XML_NAMESPACE, (const xmlChar *)"xml",
	NULL, NULL
};

static void
xtree_copy_children(const struct xnode *from, xmlNodePtr to)
{
	const struct xnode	*c;
	const struct xattr	*a;
	xmlNodePtr		 n;

	for (c = from->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE)
			n = xmlNewText((const xmlChar *)c->content);
		else {
			n = xmlNewNode(NULL, (const xmlChar *)c->name);
			/* (html.c takes a name with a colon and no namespace
			   for prefix:local.) */
			if (n != NULL && c->href != NULL)
				xmlSetNs(n, xmlNewNs(n,
				    (const xmlChar *)c->href, NULL));
			for (a = c->properties; a != NULL && n != NULL;
			    a = a->next)
				xmlNewNsProp(n, a->prefix != NULL &&
				    strcmp(a->prefix, "xml") == 0 ?
				    &xtree_xml_ns : NULL,
				    (const xmlChar *)a->name,
				    (const xmlChar *)a->value);
			if (n != NULL)
				xtree_copy_children(c, n);
		}
		if (n == NULL)
			fatalx("out of memory");
		xmlAddChild(to, n);
	}
}

xmlNodePtr
xtree_to_libxml(const struct xnode *n)
{
	xmlNodePtr	 copy;

	if ((copy = xmlNewNode(NULL, (const xmlChar *)"copy")) == NULL)
		fatalx("out of memory");
	xtree_copy_children(n, copy);
	return copy;
}
