/*
 * page.c: one pass over an HTML tree into struct pnode (see page.h).
 *
 * The walk is iterative (no recursion, whatever the depth) and visits
 * each node once; the sums are then folded from the last node to the
 * first, each into its parent, which pre-order makes a single loop.
 *
 * Class and id words: "articleBody", "post_content" and "share-tools"
 * are split at case changes and non-letters, so one table of words
 * covers the ways CMSes spell them.  A word is read as content-like
 * (article, content, story...), boilerplate-like (share, comments,
 * related, sidebar, ad...) or furniture (byline, date, tags...); the
 * tables are small on purpose: each word in them was seen on many sites.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "page.h"
#include "text.h"
#include "url.h"
#include "util.h"

/* Counters are capped where a page could overflow them. */
#define PAGE_CAP16	65535

static const struct page_tag_name {
	const char	*name;
	enum page_tag	 tag;
	uint32_t	 flags;
} page_tags[] = {
	/* Sorted by name for bsearch. */
	{ "a", TAG_A, 0 }, { "address", TAG_ADDRESS, PN_BLOCK },
	{ "applet", TAG_OTHER, PN_JUNK }, { "article", TAG_ARTICLE, PN_BLOCK },
	{ "aside", TAG_ASIDE, PN_BLOCK }, { "audio", TAG_OTHER, PN_JUNK },
	{ "b", TAG_B, 0 }, { "blockquote", TAG_BLOCKQUOTE, PN_BLOCK },
	{ "body", TAG_BODY, PN_BLOCK }, { "br", TAG_BR, 0 },
	{ "button", TAG_BUTTON, PN_JUNK }, { "canvas", TAG_OTHER, PN_JUNK },
	{ "caption", TAG_CAPTION, PN_BLOCK }, { "center", TAG_CENTER, PN_BLOCK },
	{ "cite", TAG_CITE, 0 }, { "code", TAG_CODE, 0 },
	{ "datalist", TAG_OTHER, PN_JUNK }, { "dd", TAG_DD, PN_BLOCK },
	{ "details", TAG_DETAILS, PN_BLOCK }, { "dialog", TAG_DIALOG, PN_BLOCK },
	{ "dir", TAG_UL, PN_BLOCK }, { "div", TAG_DIV, PN_BLOCK },
	{ "dl", TAG_DL, PN_BLOCK }, { "dt", TAG_DT, PN_BLOCK },
	{ "em", TAG_EM, 0 }, { "embed", TAG_EMBED, PN_JUNK },
	{ "fieldset", TAG_FIELDSET, PN_BLOCK },
	{ "figcaption", TAG_FIGCAPTION, PN_BLOCK },
	{ "figure", TAG_FIGURE, PN_BLOCK }, { "font", TAG_FONT, 0 },
	{ "footer", TAG_FOOTER, PN_BLOCK }, { "form", TAG_FORM, PN_BLOCK },
	{ "frame", TAG_OTHER, PN_JUNK }, { "frameset", TAG_OTHER, PN_JUNK },
	{ "h1", TAG_H1, PN_BLOCK | PN_HEADING },
	{ "h2", TAG_H2, PN_BLOCK | PN_HEADING },
	{ "h3", TAG_H3, PN_BLOCK | PN_HEADING },
	{ "h4", TAG_H4, PN_BLOCK | PN_HEADING },
	{ "h5", TAG_H5, PN_BLOCK | PN_HEADING },
	{ "h6", TAG_H6, PN_BLOCK | PN_HEADING },
	{ "head", TAG_HEAD, PN_BOILER }, { "header", TAG_HEADER, PN_BLOCK },
	{ "hgroup", TAG_HGROUP, PN_BLOCK }, { "hr", TAG_HR, PN_BLOCK },
	{ "html", TAG_HTML, PN_BLOCK }, { "i", TAG_I, 0 },
	{ "iframe", TAG_IFRAME, PN_JUNK }, { "img", TAG_IMG, 0 },
	{ "input", TAG_INPUT, PN_JUNK }, { "label", TAG_LABEL, 0 },
	{ "li", TAG_LI, PN_BLOCK }, { "link", TAG_OTHER, PN_JUNK },
	{ "main", TAG_MAIN, PN_BLOCK }, { "map", TAG_OTHER, PN_JUNK },
	{ "math", TAG_OTHER, PN_JUNK }, { "menu", TAG_MENU, PN_BLOCK },
	{ "meta", TAG_OTHER, PN_JUNK }, { "nav", TAG_NAV, PN_BLOCK },
	{ "noembed", TAG_OTHER, PN_JUNK }, { "noframes", TAG_OTHER, PN_JUNK },
	{ "noscript", TAG_OTHER, PN_JUNK }, { "object", TAG_OBJECT, PN_JUNK },
	{ "ol", TAG_OL, PN_BLOCK }, { "optgroup", TAG_OTHER, PN_JUNK },
	{ "option", TAG_OTHER, PN_JUNK }, { "p", TAG_P, PN_BLOCK },
	{ "param", TAG_OTHER, PN_JUNK }, { "picture", TAG_PICTURE, 0 },
	{ "pre", TAG_PRE, PN_BLOCK }, { "rp", TAG_OTHER, PN_JUNK },
	{ "rt", TAG_OTHER, PN_JUNK }, { "script", TAG_OTHER, PN_JUNK },
	{ "section", TAG_SECTION, PN_BLOCK }, { "select", TAG_SELECT, PN_JUNK },
	/* libxml2 2.9 does not know <source> is void: what follows it
	   (a <picture>'s <img>) ends up inside it. */
	{ "small", TAG_SMALL, 0 }, { "source", TAG_OTHER, 0 },
	{ "span", TAG_SPAN, 0 }, { "strong", TAG_STRONG, 0 },
	{ "style", TAG_OTHER, PN_JUNK }, { "summary", TAG_SUMMARY, PN_BLOCK },
	{ "svg", TAG_OTHER, PN_JUNK }, { "table", TAG_TABLE, PN_BLOCK },
	{ "tbody", TAG_TBODY, PN_BLOCK }, { "td", TAG_TD, PN_BLOCK },
	{ "template", TAG_OTHER, PN_JUNK },
	{ "textarea", TAG_TEXTAREA, PN_JUNK }, { "tfoot", TAG_TFOOT, PN_BLOCK },
	{ "th", TAG_TH, PN_BLOCK }, { "thead", TAG_THEAD, PN_BLOCK },
	{ "time", TAG_TIME, 0 }, { "title", TAG_OTHER, PN_JUNK },
	{ "tr", TAG_TR, PN_BLOCK }, { "ul", TAG_UL, PN_BLOCK },
	{ "video", TAG_VIDEO, PN_JUNK }
};

/* Class/id words and what they say. */
enum page_word {
	WORD_CONTENT = 1,	/* the story is likely in here */
	WORD_BOILER,		/* not part of any story */
	WORD_FURNITURE,		/* around a story: byline, date, tags */
	WORD_BODY,		/* a CMS's name for the story's body */
	WORD_OVERLAY		/* over the page, never holding its story:
				   a login dialog, a consent popup */
};

static const struct page_word_entry {
	const char	*word;
	enum page_word	 kind;
} page_words[] = {
	/* Sorted by word for bsearch. */
	{ "about", WORD_FURNITURE }, { "ad", WORD_BOILER },
	{ "adblock", WORD_OVERLAY }, { "ads", WORD_BOILER },
	{ "adsbygoogle", WORD_BOILER }, { "adslot", WORD_BOILER },
	{ "advert", WORD_BOILER }, { "advertisement", WORD_BOILER },
	{ "advertising", WORD_BOILER }, { "agegate", WORD_OVERLAY },
	{ "article", WORD_CONTENT }, { "articlebody", WORD_BODY },
	{ "author", WORD_FURNITURE }, { "bajada", WORD_FURNITURE },
	{ "balazo", WORD_FURNITURE }, { "banner", WORD_BOILER },
	{ "bio", WORD_BOILER }, { "biography", WORD_BOILER },
	{ "blog", WORD_CONTENT }, { "body", WORD_CONTENT },
	{ "breadcrumb", WORD_BOILER }, { "breadcrumbs", WORD_BOILER },
	{ "byline", WORD_FURNITURE }, { "callout", WORD_BOILER },
	{ "caption", WORD_FURNITURE }, { "categories", WORD_FURNITURE },
	{ "category", WORD_FURNITURE }, { "chapeau", WORD_FURNITURE },
	{ "chapo", WORD_FURNITURE }, { "combx", WORD_BOILER },
	{ "comment", WORD_BOILER }, { "comments", WORD_BOILER },
	{ "community", WORD_BOILER }, { "consent", WORD_OVERLAY },
	{ "content", WORD_CONTENT }, { "contribute", WORD_BOILER },
	{ "contribution", WORD_BOILER }, { "contributions", WORD_BOILER },
	{ "contributor", WORD_FURNITURE }, { "cookie", WORD_BOILER },
	{ "cookies", WORD_BOILER }, { "copete", WORD_FURNITURE },
	{ "copyright", WORD_BOILER }, { "credit", WORD_FURNITURE },
	{ "credits", WORD_FURNITURE }, { "cta", WORD_BOILER },
	{ "date", WORD_FURNITURE }, { "dateline", WORD_FURNITURE },
	{ "dates", WORD_FURNITURE }, { "deck", WORD_FURNITURE },
	{ "dek", WORD_FURNITURE }, { "dialog", WORD_OVERLAY },
	{ "disclosure", WORD_BOILER }, { "disqus", WORD_BOILER },
	{ "donate", WORD_BOILER }, { "donation", WORD_BOILER },
	{ "donations", WORD_BOILER }, { "email", WORD_BOILER },
	{ "emoji", WORD_BOILER }, { "entradilla", WORD_FURNITURE },
	{ "entry", WORD_CONTENT }, { "excerpt", WORD_FURNITURE },
	{ "eyebrow", WORD_FURNITURE }, { "fb", WORD_BOILER },
	{ "feedback", WORD_BOILER }, { "follow", WORD_BOILER },
	{ "footer", WORD_BOILER }, { "footnotes", WORD_CONTENT },
	{ "gdpr", WORD_OVERLAY }, { "header", WORD_BOILER },
	{ "helpful", WORD_BOILER }, { "hentry", WORD_CONTENT },
	{ "jetpack", WORD_BOILER }, { "keywords", WORD_FURNITURE },
	{ "kicker", WORD_FURNITURE }, { "legal", WORD_BOILER },
	{ "likes", WORD_BOILER }, { "login", WORD_OVERLAY },
	{ "main", WORD_CONTENT }, { "masthead", WORD_BOILER },
	{ "membership", WORD_BOILER }, { "menu", WORD_BOILER },
	{ "meta", WORD_FURNITURE }, { "modal", WORD_OVERLAY },
	{ "nav", WORD_BOILER }, { "navbar", WORD_BOILER },
	{ "navigation", WORD_BOILER }, { "newsletter", WORD_BOILER },
	{ "outbrain", WORD_BOILER }, { "overline", WORD_FURNITURE },
	{ "pager", WORD_BOILER }, { "pagination", WORD_BOILER },
	{ "paywall", WORD_BOILER }, { "photo", WORD_FURNITURE },
	{ "popular", WORD_BOILER }, { "popup", WORD_OVERLAY },
	{ "post", WORD_CONTENT }, { "posted", WORD_FURNITURE },
	{ "print", WORD_BOILER }, { "promo", WORD_BOILER },
	{ "promoted", WORD_BOILER }, { "prose", WORD_CONTENT },
	{ "published", WORD_FURNITURE }, { "rate", WORD_BOILER },
	{ "rating", WORD_BOILER }, { "ratings", WORD_BOILER },
	{ "reactions", WORD_BOILER }, { "recommend", WORD_BOILER },
	{ "recommendation", WORD_BOILER }, { "recommendations", WORD_BOILER },
	{ "recommended", WORD_BOILER }, { "related", WORD_BOILER },
	{ "remark", WORD_BOILER }, { "replies", WORD_BOILER },
	{ "reply", WORD_BOILER }, { "richtext", WORD_BODY },
	{ "rss", WORD_BOILER }, { "rubric", WORD_FURNITURE },
	{ "rubrique", WORD_FURNITURE }, { "share", WORD_BOILER },
	{ "sharedaddy", WORD_BOILER }, { "sharing", WORD_BOILER },
	{ "shopping", WORD_BOILER }, { "shoutbox", WORD_BOILER },
	{ "sidebar", WORD_BOILER }, { "signup", WORD_BOILER },
	{ "skyscraper", WORD_BOILER }, { "social", WORD_BOILER },
	{ "source", WORD_FURNITURE }, { "sources", WORD_FURNITURE },
	{ "sponsor", WORD_BOILER }, { "sponsored", WORD_BOILER },
	{ "standfirst", WORD_FURNITURE }, { "stars", WORD_BOILER },
	{ "story", WORD_CONTENT }, { "strapline", WORD_FURNITURE },
	{ "subhead", WORD_FURNITURE }, { "subheadline", WORD_FURNITURE },
	{ "subscribe", WORD_BOILER }, { "subscription", WORD_BOILER },
	{ "subtitle", WORD_FURNITURE }, { "sumario", WORD_FURNITURE },
	{ "support", WORD_BOILER }, { "supporter", WORD_BOILER },
	{ "taboola", WORD_BOILER }, { "tag", WORD_FURNITURE },
	{ "tagline", WORD_FURNITURE }, { "tags", WORD_FURNITURE },
	{ "text", WORD_CONTENT }, { "timestamp", WORD_FURNITURE },
	{ "toc", WORD_BOILER }, { "toolbar", WORD_BOILER },
	{ "tools", WORD_BOILER }, { "topline", WORD_FURNITURE },
	{ "trending", WORD_BOILER }, { "twitter", WORD_BOILER },
	{ "updated", WORD_FURNITURE }, { "utility", WORD_FURNITURE },
	{ "vote", WORD_BOILER }, { "votes", WORD_BOILER },
	{ "voting", WORD_BOILER }, { "widget", WORD_BOILER },
	{ "widgets", WORD_BOILER }
};

/*
 * Roots found inside words run together ("jp-relatedposts" is "jp" and
 * "relatedposts"): long enough not to match by accident.
 */
static const struct page_root {
	const char	*root;
	enum page_word	 kind;
} page_roots[] = {
	{ "related", WORD_BOILER }, { "comment", WORD_BOILER },
	{ "sponsor", WORD_BOILER }, { "advert", WORD_BOILER },
	{ "newsletter", WORD_BOILER }, { "sidebar", WORD_BOILER },
	{ "footer", WORD_BOILER }, { "cookie", WORD_BOILER },
	{ "breadcrumb", WORD_BOILER }, { "pagination", WORD_BOILER },
	{ "widget", WORD_BOILER }, { "disqus", WORD_BOILER },
	{ "outbrain", WORD_BOILER }, { "taboola", WORD_BOILER },
	{ "recommend", WORD_BOILER }, { "social", WORD_BOILER },
	{ "sharing", WORD_BOILER }, { "sharebar", WORD_BOILER },
	{ "sharebutton", WORD_BOILER }, { "shareicon", WORD_BOILER },
	{ "navigation", WORD_BOILER },
	{ "metadata", WORD_FURNITURE }, { "postmeta", WORD_FURNITURE },
	{ "entrymeta", WORD_FURNITURE }, { "byline", WORD_FURNITURE },
	{ "authorbox", WORD_BOILER }, { "authorbio", WORD_BOILER },
	{ NULL, 0 }
};

/*
 * Whole class names that CMSes give the story's body (the words of one
 * are too common alone): WordPress, Drupal, Ghost, Arc, Blox, Medium...
 */
static const char *const page_body_classes[] = {
	"entry-content", "post-content", "article-content", "article-body",
	"article__body", "article-text", "story-body", "story-content",
	"story-text", "post-body", "post-entry", "entry-body", "field--name-body",
	"field-name-body", "body-text", "article__content", "content-body",
	"article-body-text", "td-post-content", "single-content",
	"post__content", "c-entry-content", "gh-content", "post-full-content",
	"asset-content", "article_body", "articlebody", "story__body",
	"news-text", "node-content", "entry__content", "blog-post-body",
	"rich-text", "article-main", "main-content", "text-content", NULL
};

/*
 * Attributes that name a component the way classes do, on sites built
 * from components (data-component="tag-list", data-testid="byline").
 */
static const char *const page_data_names[] = {
	"data-component", "data-testid", "data-module", "data-gu-name",
	"data-block", NULL
};

/* Raw class names that mean the element is not shown. */
static const char *const page_hidden_classes[] = {
	"hidden", "hide", "d-none", "sr-only", "visually-hidden",
	"visuallyhidden", "screen-reader-text", "screen-reader-only",
	"is-hidden", "u-hidden", "element-invisible", "offscreen", NULL
};

static int
page_tag_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct page_tag_name *)e)->name);
}

static int
page_word_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct page_word_entry *)e)->word);
}

static const struct page_tag_name *
page_tag_lookup(const char *name)
{
	char	 lower[16];
	size_t	 i;

	for (i = 0; name[i] != '\0' && i < sizeof lower - 1; i++)
		lower[i] = (char)TO_LOWER((unsigned char)name[i]);
	if (name[i] != '\0')
		return NULL;
	lower[i] = '\0';
	return bsearch(lower, page_tags, sizeof page_tags / sizeof page_tags[0],
	    sizeof page_tags[0], page_tag_cmp);
}

const char *
page_attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr	 a;

	/* libxml2's HTML parser lowercases attribute names. */
	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, name) == 0)
			return a->children != NULL && a->children->content !=
			    NULL ? (const char *)a->children->content : "";
	return NULL;
}

/*
 * Class names that say what a post is filed under, not what the element
 * is: WordPress's and Ghost's "tag-newsletter", "category-comments".
 */
static int
page_taxonomy_class(const char *s)
{
	static const char *const prefixes[] = {
		"tag-", "category-", "format-", "status-", "type-", "author-",
		"topic-", NULL
	};
	size_t	 i;

	for (i = 0; prefixes[i] != NULL; i++)
		if (strncmp(s, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

/*
 * Call fn for each word of a class or id value: split at anything but
 * letters and digits and at lower-to-upper case changes, lowercased.
 */
static void
page_words_of(const char *s, void (*fn)(const char *, void *), void *arg)
{
	const char	*start = s;
	char		 w[32];
	size_t		 n = 0;
	int		 prev_lower = 0;

	for (;; s++) {
		int	 c = (unsigned char)*s;

		/* At a class name's start: a taxonomy's is no word. */
		if ((s == start || IS_SPACE(s[-1])) &&
		    page_taxonomy_class(s)) {
			while (*s != '\0' && !IS_SPACE(*s))
				s++;
			prev_lower = 0;
			if (*s == '\0')
				break;
			continue;
		}
		int	 split = !IS_ALNUM(c) || (prev_lower && c >= 'A' &&
		    c <= 'Z');

		if (split && n > 0) {
			w[n < sizeof w ? n : sizeof w - 1] = '\0';
			if (n < sizeof w)
				fn(w, arg);
			n = 0;
		}
		if (c == '\0')
			break;
		if (IS_ALNUM(c)) {
			if (n < sizeof w)
				w[n] = (char)TO_LOWER(c);
			n++;
		}
		prev_lower = (c >= 'a' && c <= 'z') || IS_DIGIT(c);
	}
}

struct page_weigh {
	int		 content, boiler, furniture, body, overlay;
	uint32_t	 bits;		/* PW_* */
};

/* The words of PW_* bits; sorted for bsearch. */
static const struct page_bit {
	const char	*word;
	uint32_t	 bit;
} page_bits[] = {
	{ "author", PW_AUTHOR }, { "avatar", PW_AVATAR },
	{ "badge", PW_BADGE }, { "bio", PW_BIO }, { "byline", PW_BYLINE },
	{ "caption", PW_CAPTION }, { "category", PW_CATEGORY },
	{ "comments", PW_COMMENTS }, { "count", PW_COUNT },
	{ "credit", PW_CREDIT }, { "date", PW_DATE },
	{ "duration", PW_DURATION }, { "eyebrow", PW_EYEBROW },
	{ "flag", PW_FLAG }, { "heading", PW_HEADING },
	{ "headline", PW_HEADLINE }, { "hed", PW_HED }, { "kicker", PW_KICKER },
	{ "label", PW_LABEL }, { "meta", PW_META }, { "next", PW_NEXT },
	{ "overline", PW_OVERLINE }, { "read", PW_READ },
	{ "recommended", PW_RECOMMENDED }, { "related", PW_RELATED },
	{ "section", PW_SECTION }, { "tag", PW_TAG }, { "tags", PW_TAGS },
	{ "teaser", PW_TEASER },
	{ "time", PW_TIME }, { "timestamp", PW_TIMESTAMP },
	{ "title", PW_TITLE }, { "writer", PW_AUTHOR }
};

static int
page_bit_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct page_bit *)e)->word);
}

static void
page_weigh_word(const char *w, void *arg)
{
	struct page_weigh		*pw = arg;
	const struct page_word_entry	*e;
	const struct page_bit		*b;
	enum page_word			 kind;
	size_t				 i, n;

	if ((b = bsearch(w, page_bits, sizeof page_bits / sizeof page_bits[0],
	    sizeof page_bits[0], page_bit_cmp)) != NULL)
		pw->bits |= b->bit;
	e = bsearch(w, page_words, sizeof page_words / sizeof page_words[0],
	    sizeof page_words[0], page_word_cmp);
	if (e == NULL) {
		/* "relatedposts", "sharebuttons", "postmetadata": words
		   run together are long; the roots are only looked for in
		   those. */
		if ((n = strlen(w)) < 9)
			return;
		for (i = 0; page_roots[i].root != NULL; i++)
			if (strstr(w, page_roots[i].root) != NULL)
				break;
		if (page_roots[i].root == NULL)
			return;
		kind = page_roots[i].kind;
	} else
		kind = e->kind;
	switch (kind) {
	case WORD_CONTENT:
		pw->content = 1;
		break;
	case WORD_BOILER:
		pw->boiler = 1;
		break;
	case WORD_FURNITURE:
		pw->furniture = 1;
		break;
	case WORD_BODY:
		pw->body = 1;
		break;
	case WORD_OVERLAY:
		pw->boiler = pw->overlay = 1;
		break;
	}
}

/* 1 when the space-separated list s holds one of names (any case). */
static int
page_list_has(const char *s, const char *const *names)
{
	const char	*p;
	size_t		 n, i;

	for (p = s; *p != '\0'; p += n) {
		while (IS_SPACE(*p))
			p++;
		for (n = 0; p[n] != '\0' && !IS_SPACE(p[n]); n++)
			;
		for (i = 0; n > 0 && names[i] != NULL; i++)
			if (strlen(names[i]) == n && strncase_eq(p, names[i],
			    n))
				return 1;
	}
	return 0;
}

/* The attributes page_classify() reads, found in one pass. */
struct page_attrs {
	const char	*cls, *id, *role, *itemprop, *style;
	const char	*data[8];	/* page_data_names' values */
	int		 hidden;
};

static const char *
page_attr_value(xmlAttrPtr a)
{
	return a->children != NULL && a->children->content != NULL ?
	    (const char *)a->children->content : "";
}

static void
page_attrs(xmlNodePtr n, struct page_attrs *pa)
{
	xmlAttrPtr	 a;
	const char	*name;
	size_t		 i;

	memset(pa, 0, sizeof *pa);
	for (a = n->properties; a != NULL; a = a->next) {
		name = (const char *)a->name;
		switch (name[0]) {
		case 'c':
			if (strcmp(name, "class") == 0)
				pa->cls = page_attr_value(a);
			break;
		case 'd':
			if (strncmp(name, "data-", 5) != 0)
				break;
			for (i = 0; page_data_names[i] != NULL &&
			    i < sizeof pa->data / sizeof pa->data[0]; i++)
				if (strcmp(name, page_data_names[i]) == 0)
					pa->data[i] = page_attr_value(a);
			break;
		case 'h':
			if (strcmp(name, "hidden") == 0)
				pa->hidden = 1;
			break;
		case 'i':
			if (strcmp(name, "id") == 0)
				pa->id = page_attr_value(a);
			else if (strcmp(name, "itemprop") == 0)
				pa->itemprop = page_attr_value(a);
			break;
		case 'r':
			if (strcmp(name, "role") == 0)
				pa->role = page_attr_value(a);
			break;
		case 's':
			if (strcmp(name, "style") == 0)
				pa->style = page_attr_value(a);
			break;
		}
	}
}

/* Hidden by an inline style, the hidden attribute, ARIA or a class. */
static int
page_hidden(const struct page_attrs *pa)
{
	const char	*style = pa->style, *cls = pa->cls, *p;

	/* Not aria-hidden: it hides from screen readers what sighted
	   readers see (the image link of a card beside its headline). */
	if (pa->hidden)
		return 1;
	if (cls != NULL && page_list_has(cls, page_hidden_classes))
		return 1;
	if (style == NULL)
		return 0;
	/* The skip past the word moves on; no step past the NUL after it. */
	for (p = style; (p = strcasestr(p, "display")) != NULL; ) {
		for (p += 7; IS_SPACE(*p) || *p == ':'; p++)
			;
		if (strncase_eq(p, "none", 4))
			return 1;
	}
	for (p = style; (p = strcasestr(p, "visibility")) != NULL; ) {
		for (p += 10; IS_SPACE(*p) || *p == ':'; p++)
			;
		if (strncase_eq(p, "hidden", 6))
			return 1;
	}
	return 0;
}

/* Roles that are not the story. */
static int
page_boiler_role(const char *role)
{
	static const char *const roles[] = {
		"navigation", "banner", "contentinfo", "complementary",
		"search", "dialog", "alertdialog", "menu", "menubar",
		"toolbar", "tablist", NULL
	};

	return role != NULL && page_list_has(role, roles);
}

/* Flags and weight from an element's tag, role, class and id. */
static void
page_classify(struct pnode *pn, xmlNodePtr n)
{
	struct page_weigh	 pw, pwid;
	struct page_attrs	 pa;
	const char		*cls, *id, *role, *itemprop;
	size_t			 i;
	int			 w = 0;

	if (n->properties == NULL) {
		/* Most elements: no class, no id; only the tag speaks. */
		memset(&pa, 0, sizeof pa);
	} else
		page_attrs(n, &pa);
	cls = pa.cls;
	id = pa.id;
	role = pa.role;
	itemprop = pa.itemprop;
	if (page_hidden(&pa)) {
		pn->flags |= PN_JUNK;
		return;
	}
	memset(&pw, 0, sizeof pw);
	memset(&pwid, 0, sizeof pwid);
	if (cls != NULL)
		page_words_of(cls, page_weigh_word, &pw);
	/*
	 * The class speaks louder than the id: "sharedaddy likes-widget"
	 * with id "like-post-wrapper-12" is a widget, not a post.
	 */
	if (id != NULL) {
		page_words_of(id, page_weigh_word, &pwid);
		pw.bits |= pwid.bits;
		pw.furniture |= pwid.furniture;
		pw.body |= pwid.body && !pw.boiler;
		pw.content |= pwid.content && !pw.boiler;
		pw.boiler |= pwid.boiler && !pw.content && !pw.body;
		pw.overlay |= pwid.overlay && !pw.content && !pw.body;
	}
	for (i = 0; i < sizeof pa.data / sizeof pa.data[0]; i++)
		if (pa.data[i] != NULL)
			page_words_of(pa.data[i], page_weigh_word, &pw);
	if (pw.content || pw.body)
		w += 25;
	if (pw.boiler)
		w -= 25;
	if (pw.furniture && !pw.content && !pw.body)
		w -= 10;
	if ((cls != NULL && page_list_has(cls, page_body_classes)) ||
	    (id != NULL && page_list_has(id, page_body_classes)) || pw.body ||
	    (itemprop != NULL && strcase_eq(itemprop, "articleBody"))) {
		pn->flags |= PN_ARTICLE_BODY;
		w += 25;
	}
	/* A control ("Show 3 new updates"): what it says is no text. */
	if (role != NULL && strcase_eq(role, "button")) {
		pn->flags |= PN_JUNK;
		return;
	}
	if (role != NULL) {
		if (page_boiler_role(role))
			pn->flags |= PN_BOILER;
		else if (strcase_eq(role, "main") || strcase_eq(role,
		    "article"))
			w += 25;
	}
	switch (pn->tag) {
	case TAG_NAV:
	case TAG_FOOTER:
	case TAG_ASIDE:
	case TAG_MENU:
		pn->flags |= PN_BOILER;
		break;
	case TAG_DIALOG:
		pn->flags |= PN_BOILER | PN_OVERLAY;
		break;
	case TAG_ARTICLE:
	case TAG_MAIN:
		w += 10;
		break;
	default:
		break;
	}
	if (pw.boiler && !pw.content && !pw.body &&
	    !(pn->flags & PN_ARTICLE_BODY))
		pn->flags |= PN_BOILER | (pw.overlay ? PN_OVERLAY : 0);
	/* "story__byline": small, so it goes; a WordPress post's "tag-x"
	   class on a large wrapper does not make it a byline. */
	if (pw.furniture)
		pn->flags |= PN_META_LINE;
	/* <body class="fixed-nav">: the page itself is never boilerplate. */
	if (pn->tag == TAG_BODY || pn->tag == TAG_HTML)
		pn->flags &= ~(PN_BOILER | PN_OVERLAY | PN_META_LINE);
	if (pw.content)
		pn->flags |= PN_POSITIVE;
	pn->words = pw.bits;
	if (w > 50)
		w = 50;
	if (w < -50)
		w = -50;
	pn->weight = (int8_t)w;
}

/* Characters and commas of a text node, blank runs counted once. */
void
page_count_text(const char *s, uint32_t *chars, uint32_t *commas)
{
	const unsigned char	*p = (const unsigned char *)s;
	int			 space = 1;

	*chars = *commas = 0;
	for (; *p != '\0'; p++) {
		if (IS_SPACE(*p)) {
			if (!space)
				(*chars)++;
			space = 1;
			continue;
		}
		space = 0;
		if ((*p & 0xc0) == 0x80)
			continue;	/* a continuation byte */
		(*chars)++;
		if (*p == ',')
			(*commas)++;
		else if (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8c)
			(*commas)++;	/* U+FF0C fullwidth comma */
		else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x81)
			(*commas)++;	/* U+3001 ideographic comma */
		else if (p[0] == 0xd8 && p[1] == 0x8c)
			(*commas)++;	/* U+060C Arabic comma */
	}
}

static uint16_t
page_add16(uint32_t a, uint32_t b)
{
	return a + b > PAGE_CAP16 ? PAGE_CAP16 : (uint16_t)(a + b);
}

/* Append an element's pnode; returns its index. */
static uint32_t
page_add(struct page *pg, size_t *cap, xmlNodePtr n, uint32_t parent,
    uint16_t depth)
{
	const struct page_tag_name	*t;
	struct pnode			*pn;

	if (pg->n == *cap) {
		*cap = *cap == 0 ? 1024 : *cap * 2;
		pg->v = xreallocarray(pg->v, *cap, sizeof *pg->v);
	}
	pn = &pg->v[pg->n];
	memset(pn, 0, sizeof *pn);
	pn->node = n;
	pn->parent = parent;
	pn->depth = depth;
	t = page_tag_lookup((const char *)n->name);
	if (t != NULL) {
		pn->tag = (uint8_t)t->tag;
		pn->flags = t->flags;
	} else if (strncase_eq((const char *)n->name, "amp-", 4)) {
		/*
		 * AMP's components: images are images, carousels and
		 * accordions hold the page's own content, the rest is UI.
		 */
		if (strcase_eq((const char *)n->name, "amp-img"))
			pn->tag = TAG_IMG;
		else if (html_amp_container((const char *)n->name))
			pn->flags = PN_BLOCK;
		else
			pn->flags = PN_JUNK;
	}
	if ((pn->flags & PN_JUNK) && strcase_eq((const char *)n->name,
	    "noscript") && html_noscript_prose(n))
		pn->flags = PN_BLOCK;
	if (!(pn->flags & PN_JUNK))
		page_classify(pn, n);
	if (parent != PAGE_NONE && (pg->v[parent].flags & PN_IN_LINK))
		pn->flags |= PN_IN_LINK;
	if (pn->tag == TAG_A && page_attr(n, "href") != NULL) {
		pn->flags |= PN_IN_LINK;
		pn->nlinks = 1;
	}
	if (pn->tag == TAG_IMG)
		pn->nimages = 1;
	n->_private = (void *)(uintptr_t)(pg->n + 1);
	return pg->n++;
}

/* <base href>, resolved against where the page came from. */
static void
page_base(struct page *pg, xmlNodePtr root)
{
	xmlNodePtr	 head, c;
	const char	*href;

	for (head = root->children; head != NULL; head = head->next)
		if (head->type == XML_ELEMENT_NODE &&
		    strcase_eq((const char *)head->name, "head"))
			break;
	if (head == NULL)
		return;
	for (c = head->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcase_eq((const char *)c->name, "base") &&
		    (href = page_attr(c, "href")) != NULL && *href != '\0') {
			/* file: only for a page read from a file. */
			pg->base_own = url_resolve(pg->url, href);
			if (pg->base_own != NULL &&
			    (strncase_eq(pg->base_own, "http://", 7) ||
			    strncase_eq(pg->base_own, "https://", 8) ||
			    (strncase_eq(pg->base_own, "file://", 7) &&
			    strncase_eq(pg->url, "file://", 7))))
				pg->url = pg->base_own;
			return;
		}
}

int
page_index(struct page *pg, xmlDocPtr doc, const char *url, char **cause)
{
	xmlNodePtr	 root, n;
	uint32_t	 cur = PAGE_NONE, i, chars, commas;
	uint16_t	 depth = 0;
	size_t		 cap = 0;
	struct pnode	*pn, *pp;

	memset(pg, 0, sizeof *pg);
	pg->doc = doc;
	pg->url = url;
	if ((root = xmlDocGetRootElement(doc)) == NULL) {
		*cause = xstrdup("no HTML element in the page");
		return -1;
	}
	page_base(pg, root);
	/* Pre-order: an element's children follow it before its sibling. */
	for (n = root; n != NULL; ) {
		if (n->type == XML_ELEMENT_NODE) {
			i = page_add(pg, &cap, n, cur, depth);
			if (pg->v[i].tag == TAG_BODY && pg->body == 0)
				pg->body = i;
			if (n->children != NULL &&
			    !(pg->v[i].flags & PN_JUNK)) {
				cur = i;
				depth++;
				n = n->children;
				continue;
			}
			pg->v[i].end = i + 1;
		} else if ((n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) && cur != PAGE_NONE &&
		    n->content != NULL) {
			page_count_text((const char *)n->content, &chars,
			    &commas);
			pn = &pg->v[cur];
			pn->text += chars;
			pn->inline_text += chars;
			pn->commas = page_add16(pn->commas, commas);
			pn->inline_commas = page_add16(pn->inline_commas,
			    commas);
			if (pn->flags & PN_IN_LINK) {
				pn->link_text += chars;
				pn->inline_link += chars;
			}
		}
		/* Next: the sibling, else the nearest ancestor's. */
		while (n != root && n->next == NULL) {
			n = n->parent;		/* the element cur indexes */
			pg->v[cur].end = pg->n;
			cur = pg->v[cur].parent;
			depth--;
		}
		if (n == root)
			break;
		n = n->next;
	}
	if (pg->n == 0) {
		*cause = xstrdup("no HTML element in the page");
		return -1;
	}
	/* Fold each subtree's sums into its parent, last to first. */
	for (i = pg->n; i-- > 1; ) {
		pn = &pg->v[i];
		if (pn->parent == PAGE_NONE)
			continue;
		pp = &pg->v[pn->parent];
		pp->text += pn->text;
		pp->link_text += pn->link_text;
		pp->commas = page_add16(pp->commas, pn->commas);
		pp->nlinks = page_add16(pp->nlinks, pn->nlinks);
		pp->nimages = page_add16(pp->nimages, pn->nimages);
		if (!(pn->flags & PN_BLOCK)) {
			pp->inline_text += pn->inline_text;
			pp->inline_link += pn->inline_link;
			pp->inline_commas = page_add16(pp->inline_commas,
			    pn->inline_commas);
		}
	}
	pg->total_text = pg->v[0].text;
	return 0;
}

void
page_free(struct page *pg)
{
	uint32_t	 i;

	for (i = 0; i < pg->n; i++)
		pg->v[i].node->_private = NULL;
	free(pg->v);
	free(pg->base_own);
	memset(pg, 0, sizeof *pg);
}

struct page_text_walk {
	const struct page	*pg;
	struct buf		*b;
	size_t			 max;
	int			 space;
	int			 (*skip)(const struct page *, uint32_t, void *);
	void			*arg;
};

static void
page_text_add(struct page_text_walk *tw, const char *s)
{
	const char	*run;

	while (*s != '\0' && tw->b->len <= tw->max) {
		if (IS_SPACE(*s)) {
			tw->space = 1;
			s++;
			continue;
		}
		if (tw->space && tw->b->len > 0)
			buf_addc(tw->b, ' ');
		tw->space = 0;
		/* A word at a time. */
		for (run = s; *s != '\0' && !IS_SPACE(*s); s++)
			;
		buf_add(tw->b, run, (size_t)(s - run));
	}
}

void
page_text(const struct page *pg, xmlNodePtr top, struct buf *b, size_t max,
    int (*skip)(const struct page *, uint32_t, void *), void *arg)
{
	struct page_text_walk	 tw;
	xmlNodePtr		 n = top;
	uint32_t		 i;
	int			 descend;

	memset(&tw, 0, sizeof tw);
	tw.pg = pg;
	tw.b = b;
	tw.max = max;
	tw.space = b->len > 0;
	while (n != NULL) {
		descend = 0;
		if (b->len > max)
			return;
		if (n->type == XML_ELEMENT_NODE) {
			i = page_of(n);
			if (i != PAGE_NONE && !(pg->v[i].flags & PN_JUNK) &&
			    (skip == NULL || n == top || !skip(pg, i, arg))) {
				if ((pg->v[i].flags & PN_BLOCK) ||
				    pg->v[i].tag == TAG_BR)
					tw.space = 1;
				descend = n->children != NULL;
			}
		} else if ((n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) && n->content != NULL)
			page_text_add(&tw, (const char *)n->content);
		if (descend) {
			n = n->children;
			continue;
		}
		if (n == top)
			break;
		while (n->next == NULL) {
			n = n->parent;
			if (n == NULL || n == top)
				return;
			i = page_of(n);
			if (i != PAGE_NONE && (pg->v[i].flags & PN_BLOCK))
				tw.space = 1;
		}
		n = n->next;
	}
}

char *
page_text_dup(const struct page *pg, xmlNodePtr n, size_t max)
{
	struct buf	 b;

	buf_init(&b);
	page_text(pg, n, &b, max, NULL, NULL);
	if (b.data == NULL)
		return NULL;
	return buf_steal(&b);
}

struct page_word_find {
	const char	*want;
	int		 found;
};

static void
page_find_word(const char *w, void *arg)
{
	struct page_word_find	*f = arg;

	if (strcmp(w, f->want) == 0)
		f->found = 1;
}

int
page_has_class_word(const struct page *pg, uint32_t i, const char *w)
{
	struct page_word_find	 f;
	const char		*s;
	size_t			 k;

	f.want = w;
	f.found = 0;
	if ((s = page_attr(pg->v[i].node, "class")) != NULL)
		page_words_of(s, page_find_word, &f);
	if (!f.found && (s = page_attr(pg->v[i].node, "id")) != NULL)
		page_words_of(s, page_find_word, &f);
	for (k = 0; !f.found && page_data_names[k] != NULL; k++)
		if ((s = page_attr(pg->v[i].node, page_data_names[k])) != NULL)
			page_words_of(s, page_find_word, &f);
	return f.found;
}
