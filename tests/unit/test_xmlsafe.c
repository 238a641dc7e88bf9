/*
 * test_xmlsafe.c: the repair pass of xmlsafe_read() gives the same bytes
 * and the same warnings wherever a byte it must look at falls: at each
 * offset around the blocks its fast scan reads (8 or 16 bytes), at the
 * end of the buffer, inside CDATA.  Built twice: as test_xmlsafe and,
 * with __SSE2__ undefined, as test_xmlsafe_swar, so the portable scan is
 * checked on x86 too.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "check.h"
#include "parse.h"
#include "util.h"
#include "xmlsafe.h"

/* Longer than two blocks of the widest scan, and then some. */
#define PAD_MAX	40

struct tcase {
	const char	*in;
	const char	*out;	/* the text libxml2 then reads */
	const char	*warn;	/* the pass's one warning, or NULL */
};

#define NOT_UTF8(n)	\
	"recovered: " #n " bytes not UTF-8, read as windows-1252"

static const struct tcase utf8_cases[] = {
	{ "plain", "plain", NULL },
	{ "&lt;", "<", NULL },
	{ "&gt;", ">", NULL },
	{ "&amp;", "&", NULL },
	{ "&quot;", "\"", NULL },
	{ "&apos;", "'", NULL },
	{ "&#233;", "\xc3\xa9", NULL },
	{ "&#xe9;", "\xc3\xa9", NULL },
	{ "&nbsp;", "\xc2\xa0",
	    "recovered: 1 HTML entities that XML does not define" },
	{ "&amp", "&amp", "recovered: 1 unescaped '&'" },
	{ "&lt", "&lt", "recovered: 1 unescaped '&'" },
	{ "& ", "& ", "recovered: 1 unescaped '&'" },
	{ "&&lt;", "&<", "recovered: 1 unescaped '&'" },
	{ "< 1", "< 1", "recovered: 1 unescaped '<'" },
	{ "<i>x</i>", "x", NULL },
	{ "</x>", "", NULL },	/* a stray end tag: libxml2 recovers */
	{ "\x01", "", "recovered: 1 control characters removed" },
	{ "\x1f\x1f", "", "recovered: 2 control characters removed" },
	{ "\t", "\t", NULL },
	{ "\xc3\xa9", "\xc3\xa9", NULL },
	{ "\xe2\x82\xac", "\xe2\x82\xac", NULL },
	{ "\xef\xbf\xbd", "\xef\xbf\xbd", NULL },
	{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", NULL },
	{ "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xc3\xa9\xe2\x82\xac\xc3\xa9"
	    "\xe2\x82\xac\xc3\xa9", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
	    "\xc3\xa9\xe2\x82\xac\xc3\xa9\xe2\x82\xac\xc3\xa9", NULL },
	{ "\x93", "\xe2\x80\x9c", NOT_UTF8(1) },
	{ "\xc3", "\xc3\x83", NOT_UTF8(1) },
	{ "\xe2\x82", "\xc3\xa2\xe2\x80\x9a", NOT_UTF8(2) },
	{ "\xc0\xaf", "\xc3\x80\xc2\xaf", NOT_UTF8(2) },	/* overlong */
	{ "\xed\xa0\x80", "\xc3\xad\xc2\xa0\xe2\x82\xac", NOT_UTF8(3) },
	{ "\xc3\xa9\x93\xc3\xa9", "\xc3\xa9\xe2\x80\x9c\xc3\xa9",
	    NOT_UTF8(1) },
	{ "<![CDATA[a&b<c]]>", "a&b<c", NULL },
	{ "<![CDATA[&nbsp;]]]>", "&nbsp;]", NULL },
	{ "<![CDATA[\x01\xc3\xa9]]>&nbsp;", "\xc3\xa9\xc2\xa0",
	    "recovered: 1 HTML entities that XML does not define\n"
	    "recovered: 1 control characters removed" },
};

static const struct tcase cp1252_cases[] = {
	{ "plain", "plain", NULL },
	{ "\xe9", "\xc3\xa9", NULL },
	{ "\x80", "\xe2\x82\xac", NULL },
	{ "\x81", "\xc2\x81", NULL },
	{ "\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9"
	    "\xe9\xe9",
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9", NULL },
	{ "&eacute;\x01", "\xc3\xa9",
	    "recovered: 1 HTML entities that XML does not define\n"
	    "recovered: 1 control characters removed" },
};

/* 1 for a warning that quotes ("line N:") or counts libxml2's errors. */
static int
is_libxml2_warning(const char *w)
{
	return strncmp(w, "recovered: line ", 16) == 0 ||
	    strstr(w, "more XML errors") != NULL;
}

/*
 * The warnings, one a line: those of libxml2's errors (libxml2 set), or
 * the repair pass's own (the others, but the truncation note).
 */
static char *
warnings_text(const struct parse_result *res, int libxml2)
{
	struct buf	 b;
	size_t		 i;
	const char	*w;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (i = 0; i < res->warnings.n; i++) {
		w = res->warnings.v[i];
		if (is_libxml2_warning(w) != libxml2 || (!libxml2 &&
		    strstr(w, "truncated inside a tag") != NULL))
			continue;
		if (b.len > 0)
			buf_addc(&b, '\n');
		buf_addstr(&b, w);
	}
	return buf_steal(&b);
}

/*
 * xmlsafe_read() on exactly len bytes (a copy of that size, so a read
 * past the end is caught by the sanitizers).  Returns the text of the
 * root element, or NULL; *warn gets the pass's warnings.
 */
static char *
read_doc(const char *doc, size_t len, const char *charset, char **warn)
{
	struct parse_result	 res;
	xmlDocPtr		 xd;
	xmlChar			*content;
	char			*copy, *cause = NULL, *text = NULL;

	copy = xmalloc(len);
	memcpy(copy, doc, len);
	parse_result_init(&res);
	xd = xmlsafe_read(copy, len, "http://x.test/", charset, 0,
	    &res.warnings, &cause);
	if (xd != NULL) {
		content = xmlNodeGetContent(xmlDocGetRootElement(xd));
		text = xstrdup(content != NULL ? (char *)content : "");
		xmlFree(content);
		xmlFreeDoc(xd);
	}
	*warn = warnings_text(&res, 0);
	parse_result_free(&res);
	free(cause);
	free(copy);
	return text;
}

/*
 * Each case after 0..PAD_MAX bytes of text, inside the root element and
 * also as the very last bytes of the buffer (after the root element, so
 * only the warnings are compared).
 */
static void
sweep(const struct tcase *cases, size_t ncases, const char *charset)
{
	struct buf	 doc, want;
	char		*text, *warn;
	size_t		 c, k, failed;

	buf_init(&doc);
	buf_init(&want);
	for (c = 0; c < ncases; c++) {
		failed = 0;
		for (k = 0; k <= PAD_MAX && failed == 0; k++) {
			buf_reset(&doc);
			buf_reset(&want);
			buf_addstr(&doc, "<r>");
			for (; doc.len < 3 + k; )
				buf_addc(&doc, 'a' + (int)(doc.len % 26));
			buf_add(&want, doc.data + 3, k);
			buf_addstr(&want, cases[c].out);
			buf_addstr(&doc, cases[c].in);
			buf_addstr(&doc, "</r>");
			text = read_doc(doc.data, doc.len, charset, &warn);
			if (text == NULL || strcmp(text, want.data) != 0 ||
			    strcmp(warn, cases[c].warn != NULL ?
			    cases[c].warn : "") != 0) {
				fprintf(stderr, "case %zu (\"%s\") at %zu: "
				    "text \"%s\", warnings \"%s\"\n", c,
				    cases[c].in, k, text != NULL ? text :
				    "(null)", warn);
				failed++;
			}
			free(text);
			free(warn);

			/* The same bytes ending the buffer. */
			buf_reset(&doc);
			buf_addstr(&doc, "<r>x</r>");
			for (; doc.len < 8 + k; )
				buf_addc(&doc, ' ');
			buf_addstr(&doc, cases[c].in);
			text = read_doc(doc.data, doc.len, charset, &warn);
			if (text == NULL || strcmp(warn, cases[c].warn !=
			    NULL ? cases[c].warn : "") != 0) {
				fprintf(stderr, "case %zu (\"%s\") at the end "
				    "after %zu: warnings \"%s\"\n", c,
				    cases[c].in, k, warn);
				failed++;
			}
			free(text);
			free(warn);
		}
		check(failed == 0);
	}
	buf_free(&doc);
	buf_free(&want);
}

/* A lone '<' or '&' as the last byte, wherever the blocks fall. */
static void
test_last_byte(void)
{
	struct buf	 b;
	char		*text, *warn;
	size_t		 k, failed = 0;

	buf_init(&b);
	for (k = 0; k <= PAD_MAX; k++) {
		buf_reset(&b);
		buf_addstr(&b, "<r>x</r>");
		while (b.len < 8 + k)
			buf_addc(&b, ' ');
		buf_addc(&b, '<');
		text = read_doc(b.data, b.len, NULL, &warn);
		failed += text == NULL || strcmp(warn, "") != 0;
		free(text);
		free(warn);

		b.data[b.len - 1] = '&';
		text = read_doc(b.data, b.len, NULL, &warn);
		failed += text == NULL ||
		    strcmp(warn, "recovered: 1 unescaped '&'") != 0;
		free(text);
		free(warn);
	}
	check(failed == 0);
	buf_free(&b);
}

/*
 * The start of markup as the last bytes, inside the root element, where
 * the pass looks past it for a name or an end (read past the buffer's
 * end under the sanitizers if it did not stop there).
 */
static void
test_last_markup(void)
{
	static const char *const tails[] = {
		"<", "<?", "<?x", "</", "</x", "<!", "<!-", "<!--", "<![CDATA[",
		"<![CDATA[x]", "<![CDATA[x]]", "<x", "<x a=", "<x a=\"", "&",
		"&#", "&lt", "\xc3", "\xc3\xa9", "]]"
	};
	struct buf	 b;
	char		*text, *warn;
	size_t		 k, t, failed = 0;

	buf_init(&b);
	for (t = 0; t < sizeof tails / sizeof tails[0]; t++)
		for (k = 0; k <= PAD_MAX; k++) {
			buf_reset(&b);
			buf_addstr(&b, "<r><a>x</a>\xc3\xa9 then plain text ");
			while (b.len < 40 + k)
				buf_addc(&b, 'a' + (int)(b.len % 26));
			buf_addstr(&b, tails[t]);
			text = read_doc(b.data, b.len, NULL, &warn);
			failed += text == NULL;
			free(text);
			free(warn);
		}
	check(failed == 0);
	buf_free(&b);
}

/*
 * A tag with n attributes whose values hold '>', '<' and '=', after pad
 * bytes: more than 256 is refused, 256 is not.
 */
static int
wide_tag(size_t n, size_t pad, const char *quote)
{
	struct buf	 b;
	char		*text, *warn;
	size_t		 i;

	buf_init(&b);
	buf_addstr(&b, "<r>");
	for (i = 0; i < pad; i++)
		buf_addc(&b, 'x');
	buf_addstr(&b, "<e");
	for (i = 0; i < n; i++)
		buf_printf(&b, " a%zu=%s%s%s", i, quote, i % 3 == 0 ? "x>y" :
		    i % 3 == 1 ? "<b=c>" : "", quote);
	buf_addstr(&b, "/>t</r>");
	text = read_doc(b.data, b.len, NULL, &warn);
	buf_free(&b);
	free(warn);
	if (text == NULL)
		return 0;
	free(text);
	return 1;
}

static void
test_wide_tags(void)
{
	size_t	 pad;

	for (pad = 0; pad < 17; pad++) {
		check(wide_tag(256, pad, "\"") == 1);
		check(wide_tag(257, pad, "\"") == 0);
		check(wide_tag(256, pad, "'") == 1);
		check(wide_tag(257, pad, "'") == 0);
	}
}

/*
 * Character data handed over as references (xmlsafe.c, XMLSAFE_REF_GAP)
 * and CDATA sections as character data (XMLSAFE_CDATA_MAX): the whole
 * tree (names, attributes, comments, processing instructions, text) and
 * libxml2's errors are the ones libxml2 reads from the bytes as they are,
 * wherever the blocks of the scan fall: on well-formed documents, and on
 * broken ones where its reading differs (a "]]>" in text, which it keeps
 * when it reads the text before character by character and drops when
 * not; a section with no end or a noncharacter, which it drops; tags
 * broken around a section).
 */
static const char *const same_docs[] = {
	"<r>caf\xc3\xa9 is where we meet every day\xe2\x80\x94" "and stay "
	    "for the whole afternoon.</r>",
	"<r a=\"caf\xc3\xa9 and then some plain text\">x</r>",
	"<r><t\xc3\xadtulo>el t\xc3\xadtulo de la historia, largo</t"
	    "\xc3\xadtulo></r>",
	"<r><x na\xc3\xafve=\"1\" t=\"a > b \xc3\xa9 then plain text\">"
	    "\xc3\xa9 text after a tag with a quoted '>' in it</x></r>",
	"<r><!-- caf\xc3\xa9 > and <b> in a comment, then plain text -->"
	    "\xc3\xa9 after the comment, plain text goes on</r>",
	"<r><?pi caf\xc3\xa9 > then plain text in the instruction ?>"
	    "\xc3\xa9 after it, and plain text goes on here</r>",
	"<r><![CDATA[caf\xc3\xa9 <b> in CDATA, then plain text]]>\xc3\xa9"
	    " after the section, plain text goes on</r>",
	"<r>caf\xc3\xa9 and plain text, then ]]> and more plain text "
	    "to the end</r>",
	"<r>\xc3\xa9 line one of plain text\r\n\xc3\xbc line two of "
	    "plain text\r\nend</r>",
	"<r>\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 "
	    "\xd0\xbc\xd0\xb8\xd1\x80, then plain text goes on and on</r>",
	"<r>\xf0\x9f\x98\x80 an emoji, then plain text goes on and on"
	    "</r>",
	"<!DOCTYPE r [ <!ENTITY e \"caf\xc3\xa9 then plain text\"> ]>"
	    "<r>\xc3\xa9 in the root, then plain text goes on and on</r>",
	"<r><a:b xmlns:a=\"urn:x\">\xc3\xa9 in a prefixed element, "
	    "then plain</a:b></r>",
	"<r><![CDATA[<p>Caf\xc3\xa9 &amp; <a href=\"x?a=1&b=2\">co</a>"
	    " &lt;3 &#233;</p>]]> and plain text after</r>",
	"<r>a]<![CDATA[]>b]]></r>",
	"<r>a]]<![CDATA[>b]]></r>",
	"<r><![CDATA[a]]]]><![CDATA[>b]]>c]</r>",
	"<r><![CDATA[]]><![CDATA[]]]><![CDATA[x]]]]></r>",
	"<r><![CDATA[x]]]]>> y and plain text after</r>",
	"<r><![CDATA[\xc3\xa9 caf\xc3\xa9]]> ]]> plain text after it</r>",
	"<r><![CDATA[\xef\xbf\xbe in a section]]> text</r>",
	"<r><![CDATA[no end, \xc3\xa9 and plain text that goes on</r>",
	"<r><x a=\"1\"b=\"2\"><![CDATA[<b>\xc3\xa9</b> plain]]></x></r>",
	"<r><x a=1><![CDATA[<!-- -->\xc3\xa9 plain text]]></x></r>",
	"<r><x\"<!--\"<y><![CDATA[-->]]></r>",
	"<r></x y><![CDATA[<b>\xc3\xa9</b> then plain text]]></r>",
	/* Where libxml2 reads markup otherwise than the pass would. */
	"<r><? <!-- ?> \xc3\xa9 then plain text goes on --></r>",
	"<r><!--\xef\xbf\xbe<?pi -->\xc3\xa9 then plain text goes on ?></r>",
	"<r><!-- <![CDATA[ --><!-- ]]> \xc3\xa9 then plain text goes on --></r>",
	"<r><!-- <![CDATA[ --><!-- ]]> &amp; --></r>",
	"<r><?p <![CDATA[ ?><!-- ]]> \xc3\xa9 then plain text goes on --></r>",
	"<r>a\r<![CDATA[\nb]]></r>",
	"<r><![CDATA[a\r]]>\nb</r>",
	"<r>a\r<![CDATA[]]>\nb</r>",
	"<r><![CDATA[a\r]]><![CDATA[\nb]]></r>",
	"<r><![CDATA[]]></r>",
	/* '=': as it is, not inside another element. */
	"=<!-- <a> \xc3\xa9 then plain text goes on --><r>\xc3\xa9 then plain"
	    " text goes on</r>",
	"=<!-- <a> &amp; x --><r/>",
	"=<!DOCTYPE r [<!ENTITY e \"<b>x&amp;y\">]><r>\xc3\xa9 then plain "
	    "text goes on</r>",
	"=<!DOCTYPE r [<!ENTITY e \"<b><![CDATA[x<y]]>\">]><r/>",
	"=<r/><![CDATA[]]>",
	"=<r/><![CDATA[\xc3\xa9 then plain text]]>",
	"=<r></a><![CDATA[ ]]><!-- c --><?p x?></r>",
	"=<r></a><![CDATA[\n]]></r>",
	"=<r>x</r><![CDATA[\xc3\xa9 then plain text goes on]]><!-- c -->",
	/* '@': the padding goes there instead, inside the markup. */
	"<r><x p=\"@\" na\xc3\xafve=\"then plain text\" t=\"x\">y</x></r>",
	"<r><t\xc3\xadtulo>t</t\xc3\xadtulo p=\"1\"><x>@</x><x>y</x></r>",
	"<r><!-- @ caf\xc3\xa9 then plain text in the comment -->z</r>",
	"<r><?pi @ caf\xc3\xa9 then plain text in the instruction ?>z</r>",
	"<r><x>@</x></t\xc3\xadtulo_then_a_long_plain_name></r>",
};

/* libxml2's errors as xmlsafe_read() quotes and counts them. */
struct raw_errors {
	struct buf	 quoted;
	size_t		 n;
};

static void
raw_error(void *data, xmlErrorPtr err)
{
	xmlParserCtxtPtr	 ctxt = data;
	struct raw_errors	*e = ctxt->_private;
	char			 msg[160];
	size_t			 n;

	if (err->level == XML_ERR_WARNING)
		return;
	if (e->n++ >= 2)
		return;
	snprintf(msg, sizeof msg, "%s", err->message != NULL ? err->message :
	    "error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	buf_printf(&e->quoted, "%srecovered: line %d: %s", e->quoted.len > 0 ?
	    "\n" : "", err->line, msg);
}

/* libxml2's own reading of doc, and its errors into *errors. */
static xmlDocPtr
raw_read(const char *doc, size_t len, char **errors)
{
	xmlParserCtxtPtr	 ctxt = xmlNewParserCtxt();
	struct raw_errors	 e;
	xmlDocPtr		 xd;

	buf_init(&e.quoted);
	buf_add(&e.quoted, "", 0);
	e.n = 0;
	ctxt->_private = &e;
	ctxt->sax->serror = raw_error;
	ctxt->sax->warning = NULL;
	ctxt->sax->error = NULL;
	xd = xmlCtxtReadMemory(ctxt, doc, (int)len, "http://x.test/", "UTF-8",
	    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (e.n > 2)
		buf_printf(&e.quoted, "\nrecovered: %zu more XML errors",
		    e.n - 2);
	*errors = buf_steal(&e.quoted);
	xmlFreeParserCtxt(ctxt);
	return xd;
}

static char *
dump_doc(xmlDocPtr doc)
{
	xmlChar	*mem = NULL;
	char	*s;
	int	 n = 0;

	if (doc == NULL)
		return NULL;
	xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
	s = xstrdup(mem != NULL ? (char *)mem : "");
	xmlFree(mem);
	xmlFreeDoc(doc);
	return s;
}

static void
test_char_refs(void)
{
	struct parse_result	 res;
	struct buf		 b;
	const char		*at;
	char			*cause, *want, *got, *want_errs, *got_errs;
	size_t			 d, k, i, failed;

	buf_init(&b);
	for (d = 0; d < sizeof same_docs / sizeof same_docs[0]; d++) {
		failed = 0;
		for (k = 0; k <= PAD_MAX && failed == 0; k++) {
			/* k bytes of plain text before the document's own. */
			buf_reset(&b);
			if (same_docs[d][0] == '=') {
				if (k > 0)
					break;	/* once is enough */
				buf_addstr(&b, same_docs[d] + 1);
			} else if ((at = strchr(same_docs[d], '@')) != NULL) {
				buf_add(&b, same_docs[d],
				    (size_t)(at - same_docs[d]));
				for (i = 0; i < k; i++)
					buf_addc(&b, 'a' + (int)(i % 26));
				buf_addstr(&b, at + 1);
			} else if (strncmp(same_docs[d], "<!DOCTYPE", 9) == 0)
				buf_addstr(&b, same_docs[d]);
			else {
				buf_addstr(&b, "<doc>");
				while (b.len < 5 + k)
					buf_addc(&b, 'a' + (int)(b.len % 26));
				buf_addstr(&b, same_docs[d]);
				buf_addstr(&b, "</doc>");
			}
			want = dump_doc(raw_read(b.data, b.len, &want_errs));
			parse_result_init(&res);
			cause = NULL;
			got = dump_doc(xmlsafe_read(b.data, b.len,
			    "http://x.test/", NULL, 0, &res.warnings, &cause));
			got_errs = warnings_text(&res, 1);
			if (want == NULL || got == NULL ||
			    strcmp(want, got) != 0 ||
			    strcmp(want_errs, got_errs) != 0) {
				fprintf(stderr, "document %zu after %zu: "
				    "libxml2 read\n%s%s\nxmlsafe_read()\n%s%s\n",
				    d, k, want != NULL ? want : "(null)",
				    want_errs, got != NULL ? got : "(null)",
				    got_errs);
				failed++;
			}
			free(want);
			free(got);
			free(want_errs);
			free(got_errs);
			free(cause);
			parse_result_free(&res);
		}
		check(failed == 0);
	}
	buf_free(&b);
}

/*
 * libxml2 2.9 drops a reference to an entity, XML's own too, once the
 * document has had an error: after the mismatched end tag, "AT&amp;T"
 * read "ATT".  In character data they are made numeric, which it keeps.
 */
/*
 * Where the pass drops a control character, a "]]" and a '>' meet: the
 * text reads as it did before the pass made references (the slow way,
 * which keeps "]]>"), not as the fast way would.
 */
static const struct {
	const char	*doc, *text;
} dropped_docs[] = {
	{ "<r>\xc3\xa9 then plain text goes on ]]\x01> tail</r>",
	    "\xc3\xa9 then plain text goes on ]]> tail" },
	{ "<r><![CDATA[x]]\x01]]>>y</r>", "x]]>y" },
	{ "<r>a]]<![CDATA[\x01>b]]></r>", "a]]>b" },
};

static void
test_dropped_close(void)
{
	size_t	 i;
	char	*text, *warn;

	for (i = 0; i < sizeof dropped_docs / sizeof dropped_docs[0]; i++) {
		text = read_doc(dropped_docs[i].doc, strlen(dropped_docs[i].doc),
		    NULL, &warn);
		check(text != NULL && strcmp(text, dropped_docs[i].text) == 0);
		if (text != NULL && strcmp(text, dropped_docs[i].text) != 0)
			fprintf(stderr, "dropped %zu: \"%s\"\n", i, text);
		free(text);
		free(warn);
	}
}

static void
test_entities_after_error(void)
{
	static const char	 doc[] = "<r><a>x</b> AT&amp;T &lt;b&gt; "
	    "&quot;q&quot; &apos;s</r>";
	struct parse_result	 res;
	xmlDocPtr		 xd;
	xmlChar			*text;
	char			*cause = NULL, *errs;

	/* What libxml2 makes of it alone: the references are gone. */
	xd = raw_read(doc, sizeof doc - 1, &errs);
	text = xmlNodeGetContent(xmlDocGetRootElement(xd));
	check(text != NULL && strcmp((char *)text, "x ATT b q s") == 0);
	check(strstr(errs, "mismatch") != NULL);
	xmlFree(text);
	xmlFreeDoc(xd);
	free(errs);

	parse_result_init(&res);
	xd = xmlsafe_read(doc, sizeof doc - 1, "http://x.test/", NULL, 0,
	    &res.warnings, &cause);
	check(xd != NULL);
	text = xmlNodeGetContent(xmlDocGetRootElement(xd));
	check(text != NULL &&
	    strcmp((char *)text, "x AT&T <b> \"q\" 's") == 0);
	xmlFree(text);
	xmlFreeDoc(xd);
	free(cause);
	parse_result_free(&res);

	/* And the '&' and '<' the pass escapes itself. */
	text = (xmlChar *)read_doc("<r><a>x</b> AT&T, a < b</r>", 27, NULL,
	    &errs);
	check(text != NULL && strcmp((char *)text, "x AT&T, a < b") == 0);
	free(text);
	free(errs);
}

int
main(void)
{
	xmlInitParser();
	sweep(utf8_cases, sizeof utf8_cases / sizeof utf8_cases[0], NULL);
	sweep(cp1252_cases, sizeof cp1252_cases / sizeof cp1252_cases[0],
	    "windows-1252");
	test_last_byte();
	test_last_markup();
	test_wide_tags();
	test_char_refs();
	test_entities_after_error();
	test_dropped_close();
	xmlCleanupParser();
	return check_done();
}
