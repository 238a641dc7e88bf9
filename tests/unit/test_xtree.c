/*
 * test_xtree.c: the tree parse_xml.c reads (xtree.c), built from
 * libxml2's SAX2 events, against what libxml2's own tree holds for the
 * same bytes: names (an undeclared prefix kept in the name), namespace
 * URIs, attribute values with their references decoded, adjacent text
 * and CDATA as one node, comments left out, xml:lang inherited; an
 * element whose start tag libxml2 gives up has no end and what follows
 * is its parent's; the text of an entity declared in the document stays
 * out; a document cut off keeps the text it had; an item given back as
 * it ends keeps the arena small, and one dropped leaves its parent
 * whole; the libxml2 copy html.c reads.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "check.h"
#include "util.h"
#include "warn.h"
#include "xmlsafe.h"
#include "xtree.h"

struct ends {
	char	 names[64][32];
	size_t	 n;
	int	 free_items;	/* give back each <item> as it ends */
	int	 drop_items;	/* drop each <item> as it ends */
	size_t	 max_bytes;
};

static void
on_end(struct xtree *t, struct xnode *n, void *arg)
{
	struct ends	*e = arg;

	if (e->n < 64)
		snprintf(e->names[e->n], sizeof e->names[0], "%s", n->name);
	e->n++;
	if (xtree_bytes(t) > e->max_bytes)
		e->max_bytes = xtree_bytes(t);
	if (strcmp(n->name, "item") == 0) {
		if (e->drop_items)
			xtree_drop(t, n);
		else if (e->free_items)
			xtree_free_children(t, n);
	}
}

static struct xtree *
parse(const char *doc, struct ends *e, struct warnings *w)
{
	struct xtree	*t = NULL;
	char		*cause = NULL;

	if (xtree_read(&t, doc, strlen(doc), "http://x.test/", NULL, 0,
	    on_end, e, w, &cause) == -1) {
		fprintf(stderr, "xtree_read: %s\n", cause);
		free(cause);
		return NULL;
	}
	return t;
}

static struct xnode *
child(struct xnode *n, const char *name)
{
	struct xnode	*c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static const char *
attr(struct xnode *n, const char *name)
{
	struct xattr	*a;

	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a->value;
	return NULL;
}

static size_t
count_children(struct xnode *n)
{
	struct xnode	*c;
	size_t		 k = 0;

	for (c = n->children; c != NULL; c = c->next)
		k++;
	return k;
}

/* Our tree as a string: elements, namespaces, attributes, text. */
static void
ser_x(struct buf *b, const struct xnode *n)
{
	const struct xattr	*a;
	const struct xnode	*c;

	if (n->type == XML_TEXT_NODE) {
		buf_printf(b, "[%s]", n->content);
		return;
	}
	buf_printf(b, "<%s{%s}", n->name, n->href != NULL ? n->href : "");
	for (a = n->properties; a != NULL; a = a->next)
		buf_printf(b, " %s:%s{%s}=%s", a->prefix != NULL ? a->prefix :
		    "", a->name, a->href != NULL ? a->href : "", a->value);
	buf_addc(b, '>');
	for (c = n->children; c != NULL; c = c->next)
		ser_x(b, c);
	buf_printf(b, "</%s>", n->name);
}

/*
 * libxml2's tree the same way: a run of text and CDATA is one text, a
 * comment, a processing instruction or an entity reference no break.
 */
static void
ser_l(struct buf *b, const xmlNode *n)
{
	const xmlAttr	*a;
	const xmlNode	*c;
	struct buf	 text;
	xmlChar		*v;

	buf_printf(b, "<%s{%s}", (const char *)n->name, n->ns != NULL &&
	    n->ns->href != NULL ? (const char *)n->ns->href : "");
	for (a = n->properties; a != NULL; a = a->next) {
		v = xmlNodeListGetString(n->doc, a->children, 1);
		buf_printf(b, " %s:%s{%s}=%s", a->ns != NULL && a->ns->prefix !=
		    NULL ? (const char *)a->ns->prefix : "",
		    (const char *)a->name, a->ns != NULL && a->ns->href !=
		    NULL ? (const char *)a->ns->href : "",
		    v != NULL ? (const char *)v : "");
		xmlFree(v);
	}
	buf_addc(b, '>');
	buf_init(&text);
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type ==
		    XML_CDATA_SECTION_NODE)
			buf_addstr(&text, (const char *)c->content);
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (text.len > 0)
			buf_printf(b, "[%s]", text.data);
		buf_reset(&text);
		ser_l(b, c);
	}
	if (text.len > 0)
		buf_printf(b, "[%s]", text.data);
	buf_free(&text);
	buf_printf(b, "</%s>", (const char *)n->name);
}

/* doc gives the same tree as libxml2's for the same bytes. */
static int
same_as_libxml2(const char *doc)
{
	struct xtree	*t = NULL;
	struct warnings	 w1, w2;
	struct buf	 a, b;
	xmlDocPtr	 d;
	char		*cause = NULL;
	int		 same;
	size_t		 i;

	warnings_init(&w1);
	warnings_init(&w2);
	buf_init(&a);
	buf_init(&b);
	if (xtree_read(&t, doc, strlen(doc), "http://x.test/", NULL, 0, NULL,
	    NULL, &w1, &cause) == 0)
		ser_x(&a, xtree_root(t));
	free(cause);
	cause = NULL;
	if ((d = xmlsafe_read(doc, strlen(doc), "http://x.test/", NULL, 0,
	    &w2, &cause)) != NULL)
		ser_l(&b, xmlDocGetRootElement(d));
	free(cause);
	same = (a.data == NULL && b.data == NULL) || (a.data != NULL &&
	    b.data != NULL && strcmp(a.data, b.data) == 0);
	/* The same warnings too. */
	same = same && w1.n == w2.n;
	for (i = 0; same && i < w1.n; i++)
		same = strcmp(w1.v[i], w2.v[i]) == 0;
	if (!same)
		fprintf(stderr, "ours:    %s\nlibxml2: %s\n",
		    a.data != NULL ? a.data : "(none)",
		    b.data != NULL ? b.data : "(none)");
	if (d != NULL)
		xmlFreeDoc(d);
	xtree_free(t);
	buf_free(&a);
	buf_free(&b);
	warnings_free(&w1);
	warnings_free(&w2);
	return same;
}

int
main(void)
{
	struct ends	 e;
	struct warnings	 w;
	struct xtree	*t;
	struct xnode	*root, *n, *m;
	struct buf	 big;
	xmlNodePtr	 copy, c;
	char		*cause = NULL;
	size_t		 i;

	/* Names, namespaces, attributes, text. */
	memset(&e, 0, sizeof e);
	warnings_init(&w);
	t = parse("<?xml version=\"1.0\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"de\" "
	    "xmlns:m=\"urn:m\">"
	    "<link href=\"/p?a=1&amp;b=2&#38;c=&#233;&#x263A;&lt;&quot;\" "
	    "m:size=\"3\" u:what=\"x\"/>"
	    "<entry><title>a &amp; b<![CDATA[ <c> ]]>d<!-- no -->e</title>"
	    "<u:thing>t</u:thing><m:n/></entry></feed>", &e, &w);
	check(t != NULL);
	root = xtree_root(t);
	check_str_eq(root->name, "feed");
	check_str_eq(root->href, "http://www.w3.org/2005/Atom");
	check(root->parent == NULL);
	n = child(root, "link");
	check(n != NULL);
	check_str_eq(attr(n, "href"), "/p?a=1&b=2&c=\xc3\xa9\xe2\x98\xba<\"");
	check_str_eq(attr(n, "size"), "3");
	check(n->properties->next->prefix != NULL &&
	    strcmp(n->properties->next->prefix, "m") == 0);
	check_str_eq(n->properties->next->href, "urn:m");
	/* An undeclared prefix: in the name, as libxml2's tree has it. */
	check_str_eq(attr(n, "u:what"), "x");
	check(n->properties->next->next->prefix == NULL &&
	    n->properties->next->next->href == NULL);
	m = child(root, "entry");
	check(m != NULL && child(m, "title") != NULL);
	n = child(m, "title");
	/* One text node: text, a reference, CDATA, around a comment. */
	check(count_children(n) == 1);
	check(n->children->type == XML_TEXT_NODE);
	check_str_eq(n->children->content, "a & b <c> de");
	check(child(m, "u:thing") != NULL && child(m, "u:thing")->href ==
	    NULL);
	check(child(m, "n") != NULL);
	check_str_eq(child(m, "n")->href, "urn:m");
	check_str_eq(xtree_lang(n), "de");
	/* Ends in document order, each after its subtree. */
	check(e.n == 6);
	check_str_eq(e.names[0], "link");
	check_str_eq(e.names[1], "title");
	check_str_eq(e.names[4], "entry");
	check_str_eq(e.names[5], "feed");
	check(w.n == 2);	/* the undeclared prefix u, twice */

	/* The copy html.c reads. */
	copy = xtree_to_libxml(m);
	check(copy != NULL && copy->children != NULL);
	c = copy->children;
	check(strcmp((const char *)c->name, "title") == 0 && c->ns != NULL &&
	    strcmp((const char *)c->ns->href, "http://www.w3.org/2005/Atom") ==
	    0);
	check(strcmp((const char *)c->children->content, "a & b <c> de") ==
	    0);
	c = c->next;
	check(strcmp((const char *)c->name, "u:thing") == 0 && c->ns == NULL);
	xmlFreeNode(copy);
	xtree_free(t);
	warnings_free(&w);

	/* xml:base and xml:lang go over to the copy in the XML namespace. */
	memset(&e, 0, sizeof e);
	warnings_init(&w);
	t = parse("<c><p xml:base=\"/x/\" xml:lang=\"fr\"><a href=\"y\">l"
	    "</a></p></c>", &e, &w);
	check(t != NULL);
	copy = xtree_to_libxml(xtree_root(t));
	c = copy->children;
	check(c->properties != NULL && c->properties->ns != NULL &&
	    strcmp((const char *)c->properties->ns->prefix, "xml") == 0 &&
	    strcmp((const char *)c->properties->name, "base") == 0);
	check_str_eq(xtree_lang(child(child(xtree_root(t), "p"), "a")),
	    "fr");
	xmlFreeNode(copy);
	xtree_free(t);
	warnings_free(&w);

	/* A start tag libxml2 cannot finish: popped without an end. */
	memset(&e, 0, sizeof e);
	warnings_init(&w);
	t = parse("<r><a><b x=\"1\" <c>text</c></a></r>", &e, &w);
	check(t != NULL);
	root = xtree_root(t);
	n = child(root, "a");
	check(n != NULL && child(n, "b") != NULL && child(n, "c") != NULL);
	check(child(n, "b") != NULL && child(n, "b")->children == NULL);
	for (i = 0; i < e.n && i < 64; i++)
		check(strcmp(e.names[i], "b") != 0);
	check(w.n > 0);
	xtree_free(t);
	warnings_free(&w);

	/* The same tree as libxml2's, on what feeds get wrong. */
	check(same_as_libxml2("<?xml version=\"1.0\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"de\" "
	    "xmlns:m=\"urn:m\"><link href=\"a&amp;b&#233;\" m:x=\"1\" "
	    "u:y=\"2\"/><entry><title>a &amp; b<![CDATA[ <c> ]]>d<!-- no -->"
	    "e<?pi x?>f</title><u:t>t</u:t><m:n xmlns:m=\"urn:n\"/></entry>"
	    "</feed>"));
	check(same_as_libxml2("<r><a><b x=\"1\" <c>text</c></a><d>&nbsp;"
	    "&eacute; & &bogus; </d></r>"));
	check(same_as_libxml2("<!DOCTYPE r [<!ENTITY e \"<b>x</b>\">]>"
	    "<r a=\"&e;\">a&e;b</r>"));
	check(same_as_libxml2("<r><x:a xmlns:x=\"urn:x\"><x:b/>t</x:a>"
	    "<ttps:>//</ttps:><c xmlns=\"\">d</c></r>"));
	check(same_as_libxml2("<r><a>one</b>two</a>three</r>"));
	check(same_as_libxml2("<rss><channel><item><title>cut <b>mid"));
	buf_init(&big);
	buf_addstr(&big, "<!DOCTYPE r [");
	for (i = 0; i < 70; i++)
		buf_printf(&big, "<!ENTITY e%zu \"<b>x%zu</b>\">", i, i);
	buf_addstr(&big, "]><r>a&e69;b&e1;c</r>");
	check(same_as_libxml2(big.data));
	buf_free(&big);

	/* Cut off inside an element: the text it had is there. */
	memset(&e, 0, sizeof e);
	warnings_init(&w);
	t = parse("<rss><channel><item><title>one</title><description>"
	    "cut mid", &e, &w);
	check(t != NULL);
	n = child(child(child(xtree_root(t), "channel"), "item"),
	    "description");
	check(n != NULL && n->children != NULL);
	check_str_eq(n != NULL && n->children != NULL ? n->children->content
	    : NULL, "cut mid");
	xtree_free(t);
	warnings_free(&w);

	/*
	 * 2,000 items of 8 KB each, each given back as it ends: the arena
	 * stays at a few chunks, against 16 MB for them all.
	 */
	buf_init(&big);
	buf_addstr(&big, "<rss><channel><title>t</title>");
	for (i = 0; i < 2000; i++) {
		buf_printf(&big, "<item><title>n%zu</title><description>",
		    i);
		for (size_t k = 0; k < 8192 / 16; k++)
			buf_addstr(&big, "0123456789abcde ");
		buf_addstr(&big, "</description></item>\n");
	}
	buf_addstr(&big, "</channel></rss>");
	memset(&e, 0, sizeof e);
	e.free_items = 1;
	warnings_init(&w);
	t = parse(big.data, &e, &w);
	check(t != NULL);
	check(e.max_bytes < 1024 * 1024);	/* the 2,000 left empty */
	n = child(xtree_root(t), "channel");
	/* The items stay, empty, in their places. */
	check(count_children(n) == 1 + 2 * 2000);
	check(child(n, "item") != NULL && child(n, "item")->children ==
	    NULL && child(n, "item")->properties == NULL);
	xtree_free(t);
	warnings_free(&w);
	/* Not given back: all of it is there. */
	memset(&e, 0, sizeof e);
	warnings_init(&w);
	t = parse(big.data, &e, &w);
	check(t != NULL && e.max_bytes > 16 * 1000 * 1000);
	xtree_free(t);
	warnings_free(&w);
	/* Dropped: the channel keeps its title and what comes after. */
	memset(&e, 0, sizeof e);
	e.drop_items = 1;
	warnings_init(&w);
	buf_reset(&big);
	buf_addstr(&big, "<rss><channel><title>t</title> <item a=\"1\">"
	    "<title>x</title></item> <item><title>y</title></item>"
	    "<link>l</link> tail</channel></rss>");
	t = parse(big.data, &e, &w);
	check(t != NULL);
	n = child(xtree_root(t), "channel");
	check(child(n, "item") == NULL && child(n, "title") != NULL &&
	    child(n, "link") != NULL);
	check(count_children(n) == 3);		/* title, link, " tail" */
	check(n->last != NULL && n->last->type == XML_TEXT_NODE &&
	    strcmp(n->last->content, " tail") == 0);
	check(n->children->prev == NULL && n->children->next ==
	    child(n, "link") && child(n, "link")->prev == n->children);
	xtree_free(t);
	warnings_free(&w);

	/* Text past libxml2's 10 MB: the parse stops there, and says so. */
	buf_reset(&big);
	buf_addstr(&big, "<r><a>");
	for (i = 0; i < 11 * 1024; i++)
		buf_addstr(&big, "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef");
	buf_addstr(&big, "</a><b>after</b></r>");
	memset(&e, 0, sizeof e);
	warnings_init(&w);
	t = parse(big.data, &e, &w);
	check(t != NULL);
	check(child(xtree_root(t), "b") == NULL);
	check(w.n >= 1 && strstr(w.v[0], "huge text node") != NULL);
	xtree_free(t);
	warnings_free(&w);
	check(same_as_libxml2(big.data));
	/* A comment ends a text node of libxml2's: 2 x 6 MB pass. */
	buf_reset(&big);
	buf_addstr(&big, "<r><a>");
	for (i = 0; i < 6 * 1024 * 1024 / 64; i++)
		buf_addstr(&big, "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef");
	buf_addstr(&big, "<!-- c -->");
	for (i = 0; i < 6 * 1024 * 1024 / 64; i++)
		buf_addstr(&big, "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef");
	buf_addstr(&big, "</a><b>after</b></r>");
	memset(&e, 0, sizeof e);
	warnings_init(&w);
	t = parse(big.data, &e, &w);
	check(t != NULL && child(xtree_root(t), "b") != NULL && w.n == 0);
	xtree_free(t);
	warnings_free(&w);
	check(same_as_libxml2(big.data));
	buf_free(&big);

	/*
	 * Attributes the document's DTD gives by default are not in
	 * libxml2's tree, but for xml:lang, which xmlNodeGetLang() reads
	 * from the DTD.
	 */
	{
		const char	*doc = "<!DOCTYPE rss [<!ATTLIST item xml:base "
		    "CDATA \"http://other.example/dir/\"><!ATTLIST guid "
		    "isPermaLink CDATA \"false\"><!ATTLIST item xml:lang "
		    "CDATA \"fr\">]><rss><channel><item><link>rel</link>"
		    "<guid>abc</guid></item><item xml:lang=\"de\"><title>t"
		    "</title></item></channel></rss>";
		xmlDocPtr	 d;
		xmlChar		*lang;

		check(same_as_libxml2(doc));
		memset(&e, 0, sizeof e);
		warnings_init(&w);
		t = parse(doc, &e, &w);
		check(t != NULL);
		n = child(child(xtree_root(t), "channel"), "item");
		check(n != NULL && n->properties == NULL);
		check(child(n, "guid") != NULL &&
		    child(n, "guid")->properties == NULL);
		check_str_eq(xtree_lang(child(n, "link")), "fr");
		check_str_eq(xtree_lang(n->next), "de");
		d = xmlsafe_read(doc, strlen(doc), "http://x.test/", NULL, 0,
		    &w, &cause);
		check(d != NULL);
		lang = d != NULL ? xmlNodeGetLang(xmlDocGetRootElement(d)->
		    children->children->children) : NULL;
		check(lang != NULL && strcmp((const char *)lang, "fr") == 0);
		xmlFree(lang);
		free(cause);
		cause = NULL;
		if (d != NULL)
			xmlFreeDoc(d);
		xtree_free(t);
		warnings_free(&w);
	}

	/* No element at all. */
	warnings_init(&w);
	check(xtree_read(&t, "<?xml version=\"1.0\"?>", 21, "http://x.test/",
	    NULL, 0, NULL, NULL, &w, &cause) == -1 && t == NULL);
	check(cause != NULL && strstr(cause, "not a feed") != NULL);
	free(cause);
	warnings_free(&w);
	return check_done();
}
