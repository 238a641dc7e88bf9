/*
 * parse_html.c: a page's story and teasers as items (see parse_html.h).
 *
 * Each field of the story has a trust order, a table of sources tried
 * in turn (sfeed's fieldmap, in spirit): the title from JSON-LD, Open
 * Graph, the story's own heading, then <title> without the site's name;
 * the link from rel=canonical, og:url, JSON-LD, then where the page came
 * from; and so on.  A value that is plainly the site's name, or a link
 * to the site's home page, is passed over.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "date.h"
#include "extract.h"
#include "html.h"
#include "item.h"
#include "page.h"
#include "pagemeta.h"
#include "parse.h"
#include "parse_html.h"
#include "teaser.h"
#include "text.h"
#include "url.h"
#include "util.h"
#include "xmlsafe.h"
#include "xpath.h"

/*
 * A story needs this much prose (characters outside links): more than
 * a long one always is a story, a short one needs the page to say it is
 * an article or to have few teasers around.
 */
#define PH_MIN_LONG_STORY	1500
#define PH_MIN_STORY		250
#define PH_MIN_SHORT_STORY	80
/* The lead used as a summary, at most. */
#define PH_LEAD_MAX		400

struct ph {
	struct page		 pg;
	struct pagemeta		 pm;
	struct extract_result	 ex;
	const struct html_rules	*rules;
	struct parse_result	*res;
	const char		*base;
	char			*page_url;	/* canonical, else base */
	char			*site;		/* the site's name, or NULL */
	char			*label;		/* its host's (url_site_label) */
	uint32_t		 heading;	/* the story's h1, or PAGE_NONE */
	int			 story;		/* the page has one */
};

/*
 * A URL a story may be published under: http(s), or file: for a page
 * read from a file (a saved copy), never for one from the web.
 */
static int
ph_is_http(const struct ph *ph, const char *u)
{
	return u != NULL && (strncase_eq(u, "http://", 7) ||
	    strncase_eq(u, "https://", 8) || (strncase_eq(u, "file://", 7) &&
	    strncase_eq(ph->base, "file://", 7)));
}

/* The path of an http(s) URL is only "/" (a home page). */
static int
ph_is_root(const char *u)
{
	const char	*p;

	if ((p = strstr(u, "://")) == NULL)
		return 0;
	p += 3;
	p += strcspn(p, "/?#");
	return *p == '\0' || strcmp(p, "/") == 0;
}

/* rel=canonical, og:url, JSON-LD url, else where the page came from. */
static char *
ph_canonical(const struct ph *ph)
{
	const char	*cand[3];
	size_t		 i;

	cand[0] = ph->pm.canonical;
	cand[1] = ph->pm.og_url;
	cand[2] = ph->pm.ld_url;
	for (i = 0; i < 3; i++) {
		if (!ph_is_http(ph, cand[i]))
			continue;
		/* A CMS naming the home page canonical for every page. */
		if (ph_is_root(cand[i]) && !ph_is_root(ph->base))
			continue;
		return xstrdup(cand[i]);
	}
	return xstrdup(ph->base);
}

/* Mark the nodes an XPath selects with flag; returns how many. */
static int
ph_rule_mark(struct ph *ph, const char *expr, uint32_t flag)
{
	xmlNodePtr	 v[XPATH_MAX_NODES];
	uint32_t	 i;
	int		 n, k;

	if ((n = xpath_nodes(ph->pg.doc, NULL, expr, v, XPATH_MAX_NODES)) <=
	    0)
		return 0;
	for (k = 0; k < n; k++)
		if ((i = page_of(v[k])) != PAGE_NONE)
			ph->pg.v[i].flags |= flag;
	return n;
}

/* Is element i inside something left out of everything? */
static int
ph_in_junk(const struct page *pg, uint32_t i)
{
	for (; i != PAGE_NONE; i = pg->v[i].parent)
		if (pg->v[i].flags & PN_JUNK)
			return 1;
	return 0;
}

/* Normalised for comparing headlines: lowercase, letters and digits. */
static char *
ph_norm(const char *s)
{
	struct buf	 b;
	const char	*p;

	buf_init(&b);
	for (p = s; p != NULL && *p != '\0'; p++)
		if (IS_ALNUM(*p) || (unsigned char)*p >= 0x80)
			buf_addc(&b, TO_LOWER((unsigned char)*p));
	if (b.data == NULL)
		buf_addstr(&b, "");
	return buf_steal(&b);
}

/* The story's heading: an h1 in the story, else the last before it. */
static uint32_t
ph_find_heading(const struct ph *ph)
{
	const struct page	*pg = &ph->pg;
	uint32_t		 i, first, best = PAGE_NONE, any = PAGE_NONE;
	size_t			 k;

	first = ph->ex.nparts > 0 ? ph->ex.parts[0] : pg->n;
	for (k = 0; k < ph->ex.nparts; k++)
		for (i = ph->ex.parts[k]; i < pg->v[ph->ex.parts[k]].end; i++)
			if (pg->v[i].tag == TAG_H1 && pg->v[i].text > 0 &&
			    !ph_in_junk(pg, i))
				return i;
	for (i = pg->body; i < pg->n; i++) {
		if (pg->v[i].tag != TAG_H1 || pg->v[i].text == 0 ||
		    ph_in_junk(pg, i))
			continue;
		if (any == PAGE_NONE)
			any = i;
		if (i < first)
			best = i;
	}
	if (best == PAGE_NONE && first < pg->n) {
		/* No h1 at all before it: an h2 just before the story. */
		for (i = pg->body; i < first; i++)
			if (pg->v[i].tag == TAG_H2 && pg->v[i].text >= 10 &&
			    !(pg->v[i].flags & PN_BOILER) &&
			    pg->v[i].link_text * 2 < pg->v[i].text &&
			    !ph_in_junk(pg, i))
				best = i;
	}
	return best != PAGE_NONE ? best : any;
}

static char *
ph_node_text(const struct ph *ph, uint32_t i)
{
	char	*s;

	if (i == PAGE_NONE)
		return NULL;
	s = page_text_dup(&ph->pg, ph->pg.v[i].node, 4096);
	return text_cut_to(s, 2000);
}

/*
 * The title: JSON-LD headline, og:title, Twitter, microdata (each with
 * the site's name cut off), then the story's heading, then <title>.
 * When the heading is the same headline with more or less around it
 * (a suffix the cut missed, a headline truncated for search engines),
 * the heading as the page shows it wins.
 */
static char *
ph_title(struct ph *ph)
{
	const struct pagemeta	*pm = &ph->pm;
	const char		*cands[4];
	char			*h1, *cand = NULL, *nh, *nc, *t;
	size_t			 i;

	cands[0] = pm->ld_rank >= 2 ? pm->ld_headline : NULL;
	cands[1] = pm->og_title;
	cands[2] = pm->tw_title;
	cands[3] = pm->md_headline;
	for (i = 0; i < 4 && cand == NULL; i++) {
		if (str_empty(cands[i]))
			continue;
		cand = pagemeta_strip_site(cands[i], ph->site,
		    ph->label);
		if (cand != NULL && ph->site != NULL &&
		    strcase_eq(cand, ph->site)) {
			free(cand);
			cand = NULL;
		}
	}
	h1 = ph_node_text(ph, ph->heading);
	if (cand == NULL && pm->title != NULL) {
		t = pagemeta_strip_site(pm->title, ph->site, ph->label);
		if (h1 != NULL) {
			nh = ph_norm(h1);
			nc = ph_norm(pm->title);
			/* A heading that is not the title is the site's. */
			if (strstr(nc, nh) == NULL && strlen(nh) < 12) {
				free(h1);
				h1 = NULL;
			}
			free(nh);
			free(nc);
		}
		if (h1 != NULL) {
			free(t);
			return h1;
		}
		return t;
	}
	if (cand == NULL)
		return h1;
	if (h1 != NULL) {
		nh = ph_norm(h1);
		nc = ph_norm(cand);
		if (strlen(nh) >= 8 && strlen(nc) >= 8 &&
		    ((strstr(nc, nh) != NULL && strlen(nh) * 2 >= strlen(nc)) ||
		    (strncmp(nh, nc, strlen(nc)) == 0))) {
			free(cand);
			cand = h1;
			h1 = NULL;
		}
		free(nh);
		free(nc);
	}
	free(h1);
	return cand;
}

/* Is s the site's name ("Tidewater Gazette" on tidewatergazette.org)? */
static int
ph_is_site_name(const struct ph *ph, const char *s)
{
	char	*n, *l;
	int	 yes;

	if (ph->site != NULL && strcase_eq(s, ph->site))
		return 1;
	if (ph->label == NULL || strlen(ph->label) < 4)
		return 0;
	n = ph_norm(s);
	l = ph_norm(ph->label);
	yes = strcmp(n, l) == 0 || (strlen(n) > strlen(l) &&
	    strstr(n, l) != NULL && strlen(n) <= strlen(l) + 10);
	free(n);
	free(l);
	return yes;
}

/* The text of node n up to its first <br>, collapsed, into b. */
static void
ph_text_to_br(const struct ph *ph, xmlNodePtr top, struct buf *b)
{
	xmlNodePtr	 n = top->children;

	while (n != NULL && b->len < 512) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcase_eq((const char *)n->name, "br"))
			return;
		if (n->type == XML_TEXT_NODE && n->content != NULL)
			buf_addstr(b, (const char *)n->content);
		if (n->type == XML_ELEMENT_NODE && n->children != NULL &&
		    page_of(n) != PAGE_NONE &&
		    !(ph->pg.v[page_of(n)].flags & PN_JUNK)) {
			n = n->children;
			continue;
		}
		while (n->next == NULL && n->parent != top)
			n = n->parent;
		n = n->next;
	}
}

/* No-break spaces (U+00A0) in s become plain ones, in place. */
static void
ph_unbreak(char *s)
{
	char	*w = s;

	for (; *s != '\0'; s++) {
		if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0) {
			*w++ = ' ';
			s++;
		} else
			*w++ = *s;
	}
	*w = '\0';
}

/*
 * A byline in the page, between the story's heading and its first
 * paragraphs: rel=author, an element classed byline or author, or a
 * short line that starts "By ...".
 */
static char *
ph_byline(const struct ph *ph)
{
	const struct page	*pg = &ph->pg;
	uint32_t		 i, from, to, seen = 0;
	const char		*rel, *by;
	struct buf		 b;
	char			*s, *cut, *a;
	int			 classed;

	from = ph->heading != PAGE_NONE ? ph->heading : pg->body;
	to = ph->ex.nparts > 0 ? pg->v[ph->ex.parts[ph->ex.nparts -
	    1]].end : pg->n;
	for (i = from; i < to && seen < 200; i++, seen++) {
		if (ph_in_junk(pg, i) || pg->v[i].text == 0 ||
		    pg->v[i].text > 160)
			continue;
		rel = page_attr(pg->v[i].node, "rel");
		classed = (rel != NULL && strcase_eq(rel, "author")) ||
		    (pg->v[i].words & PW_BYLINE) ||
		    ((pg->v[i].words & PW_AUTHOR) &&
		    !(pg->v[i].words & (PW_BIO | PW_AVATAR)));
		if (!classed && !(pg->v[i].flags & PN_BLOCK) &&
		    pg->v[i].tag != TAG_I && pg->v[i].tag != TAG_EM &&
		    pg->v[i].tag != TAG_FONT && pg->v[i].tag != TAG_SPAN)
			continue;
		buf_init(&b);
		ph_text_to_br(ph, pg->v[i].node, &b);
		s = b.data != NULL ? text_collapse(b.data, b.len) : NULL;
		buf_free(&b);
		if (s == NULL)
			continue;
		ph_unbreak(s);
		by = pagemeta_byline_start(s);
		if (!classed && by == NULL) {
			free(s);
			continue;
		}
		/* "By Jane Doe | 30 November 2026": the name part. */
		if ((cut = strstr(by != NULL ? by : s, " | ")) != NULL ||
		    (cut = strstr(by != NULL ? by : s, " \xe2\x80\xa2 ")) !=
		    NULL || (cut = strstr(by != NULL ? by : s,
		    " \xc2\xb7 ")) != NULL)
			*cut = '\0';
		a = pagemeta_clean_author(by != NULL ? by : s);
		free(s);
		if (a != NULL && strlen(a) >= 3 && strlen(a) <= 100 &&
		    !ph_is_site_name(ph, a) && pagemeta_is_names(a))
			return a;
		free(a);
	}
	return NULL;
}

static char *
ph_author(const struct ph *ph)
{
	const char	*cands[3];
	size_t		 i;

	cands[0] = ph->pm.ld_author;
	cands[1] = ph->pm.meta_author;
	cands[2] = ph->pm.md_author;
	/*
	 * A Person named like the site: a personal blog's author (but not
	 * the publisher's own name given as a Person).
	 */
	if (!str_empty(cands[0]) && ph->pm.ld_author_person &&
	    (ph->pm.ld_publisher == NULL ||
	    !strcase_eq(cands[0], ph->pm.ld_publisher)))
		return xstrdup(cands[0]);
	for (i = 0; i < 3; i++)
		if (!str_empty(cands[i]) && !ph_is_site_name(ph, cands[i]))
			return xstrdup(cands[i]);
	return ph_byline(ph);
}

/* A <time datetime> in the story or just before it. */
static int64_t
ph_time_element(const struct ph *ph)
{
	const struct page	*pg = &ph->pg;
	uint32_t		 i, from, to;
	const char		*v;
	int64_t			 t;

	from = ph->heading != PAGE_NONE ? ph->heading : pg->body;
	to = ph->ex.nparts > 0 ? pg->v[ph->ex.parts[ph->ex.nparts -
	    1]].end : pg->n;
	for (i = from; i < to; i++)
		if (pg->v[i].tag == TAG_TIME && !ph_in_junk(pg, i) &&
		    (v = page_attr(pg->v[i].node, "datetime")) != NULL &&
		    date_parse(v, &t) == 0)
			return t;
	return DATE_NONE;
}

/* The first paragraph of the story, cut at a word. */
static char *
ph_lead(const struct ph *ph)
{
	const struct page	*pg = &ph->pg;
	uint32_t		 i;
	size_t			 k, n;
	char			*s;

	for (k = 0; k < ph->ex.nparts; k++)
		for (i = ph->ex.parts[k]; i < pg->v[ph->ex.parts[k]].end;
		    i++) {
			if (extract_skipped(pg, i)) {
				i = pg->v[i].end - 1;
				continue;
			}
			if (!(pg->v[i].flags & PN_BLOCK) ||
			    pg->v[i].inline_text < 60 ||
			    (pg->v[i].flags & PN_HEADING))
				continue;
			s = page_text_dup(pg, pg->v[i].node, 8192);
			if (s == NULL)
				continue;
			if ((n = strlen(s)) > PH_LEAD_MAX) {
				n = PH_LEAD_MAX;
				while (n > 0 && s[n] != ' ')
					n--;
				s[n > 0 ? n : PH_LEAD_MAX] = '\0';
			}
			return text_cut(s);
		}
	return NULL;
}

/* A picture big enough to stand for a story (not an icon, a pixel). */
static char *
ph_picture(const struct page *pg, uint32_t i)
{
	const char	*w = page_attr(pg->v[i].node, "width");

	if (w != NULL && atoi(w) > 0 && atoi(w) < 100)
		return NULL;
	return html_image_src(pg->v[i].node, pg->url);
}

/*
 * The story's first picture: in its text, else between its headline
 * and its text (the lead picture a CMS sets above the body).
 */
static char *
ph_first_image(const struct ph *ph)
{
	const struct page	*pg = &ph->pg;
	uint32_t		 i, first, par, from;
	size_t			 k;
	char			*u;

	for (k = 0; k < ph->ex.nparts; k++)
		for (i = ph->ex.parts[k]; i < pg->v[ph->ex.parts[k]].end;
		    i++) {
			if (extract_skipped(pg, i)) {
				i = pg->v[i].end - 1;
				continue;
			}
			if (pg->v[i].tag == TAG_IMG &&
			    (u = ph_picture(pg, i)) != NULL)
				return u;
		}
	if (ph->ex.nparts == 0)
		return NULL;
	first = ph->ex.parts[0];
	/* No headline found: what stands just before the text. */
	if (ph->heading == PAGE_NONE || first <= ph->heading) {
		if ((par = pg->v[first].parent) == PAGE_NONE)
			return NULL;
		/* Its previous sibling. */
		for (i = par + 1, from = PAGE_NONE; i < first;
		    i = pg->v[i].end)
			from = i;
		if (from == PAGE_NONE)
			return NULL;
	} else
		from = ph->heading;
	for (i = from; i < first; i++) {
		if (pg->v[i].flags & PN_JUNK) {
			i = pg->v[i].end - 1;
			continue;
		}
		if (pg->v[i].tag == TAG_IMG && (u = ph_picture(pg, i)) != NULL)
			return u;
	}
	return NULL;
}

static char *
ph_dup(const char *s)
{
	return str_empty(s) ? NULL : xstrdup(s);
}

/* An XPath rule's string, evaluated at node (NULL: the document). */
static char *
ph_rule_string(struct ph *ph, const char *expr, xmlNodePtr at)
{
	return expr != NULL ? xpath_string(ph->pg.doc, at, expr) : NULL;
}

static char *
ph_rule_url(struct ph *ph, const char *expr, xmlNodePtr at)
{
	char	*s, *u;

	if ((s = ph_rule_string(ph, expr, at)) == NULL)
		return NULL;
	u = url_resolve(ph->pg.url, s);
	free(s);
	if (u != NULL && !ph_is_http(ph, u)) {
		free(u);
		u = NULL;
	}
	return u;
}

static int64_t
ph_rule_date(struct ph *ph, const char *expr, xmlNodePtr at)
{
	char	*s;
	int64_t	 t = DATE_NONE;

	if ((s = ph_rule_string(ph, expr, at)) != NULL &&
	    date_parse(s, &t) == -1)
		t = DATE_NONE;
	free(s);
	return t;
}

/* The story as an item of kind full. */
/* An http(s) name of the story (a home page's only on a home page). */
static void
ph_add_alias(const struct ph *ph, struct item *it, const char *url)
{
	if (url != NULL && (strncase_eq(url, "http://", 7) ||
	    strncase_eq(url, "https://", 8)) && (!ph_is_root(url) ||
	    ph_is_root(ph->base)))
		item_add_alias(it, url);
}

static struct item *
ph_story_item(struct ph *ph)
{
	const struct pagemeta	*pm = &ph->pm;
	const struct html_rules	*r = ph->rules;
	struct item		*it = item_new(ITEM_FULL);
	char			*s;
	size_t			 i;

	it->link = r != NULL && r->link != NULL && r->item == NULL ?
	    ph_rule_url(ph, r->link, NULL) : NULL;
	if (it->link == NULL)
		it->link = xstrdup(ph->page_url);
	/* The other names the page gives itself: one story, whichever
	   of them another copy links. */
	ph_add_alias(ph, it, ph->base);
	ph_add_alias(ph, it, pm->canonical);
	ph_add_alias(ph, it, pm->og_url);
	ph_add_alias(ph, it, pm->ld_url);
	if (r != NULL && r->title != NULL && r->item == NULL)
		it->title = ph_rule_string(ph, r->title, NULL);
	if (it->title == NULL)
		it->title = ph_title(ph);
	it->author = ph_author(ph);
	if (r != NULL && r->date != NULL && r->item == NULL)
		it->published = ph_rule_date(ph, r->date, NULL);
	if (it->published == DATE_NONE)
		it->published = pm->ld_published != DATE_NONE ?
		    pm->ld_published : pm->meta_published != DATE_NONE ?
		    pm->meta_published : pm->md_published != DATE_NONE ?
		    pm->md_published : ph_time_element(ph);
	it->updated = pm->ld_modified != DATE_NONE ? pm->ld_modified :
	    pm->meta_modified != DATE_NONE ? pm->meta_modified :
	    pm->md_modified;
	if (it->updated != DATE_NONE && it->published != DATE_NONE &&
	    it->updated < it->published)
		it->updated = DATE_NONE;
	if (r != NULL && r->summary != NULL && r->item == NULL)
		it->summary = ph_rule_string(ph, r->summary, NULL);
	if (it->summary == NULL) {
		const char *d = !str_empty(pm->og_description) ?
		    pm->og_description : !str_empty(pm->meta_description) ?
		    pm->meta_description : !str_empty(pm->tw_description) ?
		    pm->tw_description : pm->ld_description;

		it->summary = d != NULL ? ph_dup(d) : ph_lead(ph);
	}
	it->summary_type = TEXT_PLAIN;
	it->thumbnail = ph_dup(pm->og_image);
	if (it->thumbnail == NULL)
		it->thumbnail = ph_dup(pm->tw_image);
	if (it->thumbnail == NULL)
		it->thumbnail = ph_dup(pm->ld_image);
	if (it->thumbnail == NULL)
		it->thumbnail = ph_dup(pm->md_image);
	if (it->thumbnail == NULL)
		it->thumbnail = ph_first_image(ph);
	it->content = extract_body_html(&ph->pg, &ph->ex, PARSE_MAX_FIELD);
	it->content_type = TEXT_HTML;
	for (i = 0; i < pm->nkeywords && i < 32; i++)
		item_add_category(it, pm->keywords[i]);
	if ((s = it->title) != NULL)
		text_cut_to(s, 2000);
	return it;
}

/* A teaser as an item of kind teaser. */
static struct item *
ph_teaser_item(struct ph *ph, struct teaser *t)
{
	struct item	*it = item_new(ITEM_TEASER);

	it->link = t->link;
	it->title = t->title;
	it->summary = t->snippet;
	it->summary_type = TEXT_PLAIN;
	it->summary_cut = t->cut && t->snippet != NULL;
	it->thumbnail = t->image;
	it->published = t->published;
	it->origin = xstrdup(ph->page_url);
	t->link = t->title = t->snippet = t->image = NULL;
	return it;
}

/* item_xpath: one teaser per node, fields by rule where given. */
static void
ph_rule_items(struct ph *ph, struct teaser_list *tl)
{
	const struct html_rules	*r = ph->rules;
	xmlNodePtr		 v[XPATH_MAX_NODES];
	struct teaser		 t;
	uint32_t		 i;
	char			*s;
	int			 n, k;
	int64_t			 d;

	n = xpath_nodes(ph->pg.doc, NULL, r->item, v, XPATH_MAX_NODES);
	for (k = 0; k < n && tl->n < TEASER_MAX; k++) {
		if ((i = page_of(v[k])) == PAGE_NONE ||
		    ph_in_junk(&ph->pg, i))
			continue;
		memset(&t, 0, sizeof t);
		t.published = DATE_NONE;
		if (teaser_read(&ph->pg, i, &t) == -1)
			memset(&t, 0, sizeof t), t.published = DATE_NONE;
		if ((s = ph_rule_url(ph, r->link, v[k])) != NULL)
			str_set(&t.link, s);
		if ((s = ph_rule_string(ph, r->title, v[k])) != NULL)
			str_set(&t.title, s);
		if ((s = ph_rule_string(ph, r->summary, v[k])) != NULL) {
			str_set(&t.snippet, s);
			t.cut = 0;
		}
		if (r->date != NULL && (d = ph_rule_date(ph, r->date, v[k])) !=
		    DATE_NONE)
			t.published = d;
		if (t.link == NULL || t.title == NULL) {
			teaser_clear(&t);
			continue;
		}
		t.card = i;
		tl->v = xreallocarray(tl->v, tl->n + 1, sizeof *tl->v);
		tl->v[tl->n++] = t;
	}
}

/* body_xpath: the story is what it selects. */
static void
ph_rule_body(struct ph *ph)
{
	xmlNodePtr	 v[EXTRACT_MAX_PARTS];
	uint32_t	 parts[EXTRACT_MAX_PARTS], i;
	size_t		 np = 0;
	int		 n, k;

	n = xpath_nodes(ph->pg.doc, NULL, ph->rules->body, v,
	    EXTRACT_MAX_PARTS);
	for (k = 0; k < n; k++) {
		if ((i = page_of(v[k])) == PAGE_NONE)
			continue;
		/* Nested matches: the outer one holds the inner. */
		if (np > 0 && page_within(&ph->pg, i, parts[np - 1]))
			continue;
		parts[np++] = i;
	}
	extract_given(&ph->pg, parts, np, &ph->ex);
}

/*
 * Is what extract.c found a story, or is this a listing?  Enough prose
 * is a story; a page that says it is an article needs less; a page
 * whose teasers beside the story hold more than twice its prose is a
 * listing.
 */
static int
ph_has_story(const struct ph *ph, const struct teaser_list *tl)
{
	const struct pagemeta	*pm = &ph->pm;
	uint32_t		 prose, near = 0, anc;
	size_t			 i;
	int			 says_article;

	if (ph->ex.nparts == 0)
		return 0;
	prose = ph->ex.text - (ph->ex.link_text < ph->ex.text ?
	    ph->ex.link_text : ph->ex.text);
	/* Teasers beside the story (in its grandparent) or elsewhere. */
	anc = ph->ex.parts[0];
	for (i = 0; i < 2 && ph->pg.v[anc].parent != PAGE_NONE; i++)
		anc = ph->pg.v[anc].parent;
	for (i = 0; i < tl->n; i++)
		if (page_within(&ph->pg, tl->v[i].card, anc))
			near += ph->pg.v[tl->v[i].card].text;
	/* A CollectionPage's og:type "article" (Yoast's) is no article. */
	says_article = pm->ld_article || (!pm->ld_listing &&
	    pm->og_type != NULL && strcasestr(pm->og_type, "article") != NULL);
	/* Nor is what little prose sits among its teasers a story. */
	if (pm->ld_listing && !pm->ld_article && tl->n >= 3 &&
	    prose < PH_MIN_LONG_STORY)
		return 0;
	if (ph->ex.link_text * 2 > ph->ex.text)
		return 0;
	/* An archive's description among its teasers ("article" or not). */
	if (tl->n >= 5 && near > 4 * prose && prose < PH_MIN_STORY * 2)
		return 0;
	if (says_article && prose >= PH_MIN_SHORT_STORY)
		return 1;
	if (prose >= PH_MIN_LONG_STORY)
		return 1;
	/* Paragraphs of prose together: a story, however many teasers. */
	if ((ph->ex.paragraphs >= 3 && prose >= 2 * PH_MIN_STORY) ||
	    (ph->ex.paragraphs >= 2 && prose >= PH_MIN_LONG_STORY / 2))
		return 1;
	/* Many teasers around little prose: a section front. */
	if (tl->n >= 8 && near > 2 * prose)
		return 0;
	if (prose >= PH_MIN_STORY && ph->ex.paragraphs >= 1)
		return 1;
	return prose >= PH_MIN_SHORT_STORY && tl->n < 3;
}

int
parse_html(const char *buf, size_t len, const char *base_url,
    const char *content_type, const struct html_rules *rules,
    struct parse_result *res, char **cause)
{
	struct ph		 ph;
	struct teaser_list	 tl;
	xmlDocPtr		 doc;
	char			 charset[64];
	struct strmap		 seen;
	char			*self;
	size_t			 i;

	parse_result_init(res);
	*cause = NULL;
	if (buf == NULL || len == 0) {
		*cause = xstrdup("empty page");
		return -1;
	}
	charset_content_type(content_type, charset, sizeof charset);
	if ((doc = xmlsafe_read_html(buf, len, base_url, charset[0] != '\0' ?
	    charset : NULL, &res->warnings, cause)) == NULL) {
		parse_result_free(res);
		return -1;
	}
	memset(&ph, 0, sizeof ph);
	ph.rules = rules;
	ph.res = res;
	ph.base = base_url;
	ph.heading = PAGE_NONE;
	if (page_index(&ph.pg, doc, base_url, cause) == -1) {
		xmlFreeDoc(doc);
		parse_result_free(res);
		return -1;
	}
	pagemeta_read(&ph.pm, &ph.pg);
	if (ph.pm.lang != NULL)
		res->lang = xstrdup(ph.pm.lang);
	ph.page_url = ph_canonical(&ph);
	/*
	 * A page read from a file is a saved copy of the page it names as
	 * canonical: its relative links are that site's.
	 */
	if (strncase_eq(base_url, "file://", 7) && ph.pg.base_own == NULL &&
	    !strncase_eq(ph.page_url, "file://", 7))
		ph.pg.url = ph.page_url;
	ph.site = ph_dup(ph.pm.og_site_name != NULL ? ph.pm.og_site_name :
	    ph.pm.ld_publisher);
	ph.label = url_site_label(ph.page_url);
	if (rules != NULL && rules->exclude != NULL)
		ph_rule_mark(&ph, rules->exclude, PN_JUNK);

	memset(&tl, 0, sizeof tl);
	if (rules != NULL && rules->item != NULL)
		ph_rule_items(&ph, &tl);
	else
		teaser_find(&ph.pg, ph.page_url, &tl);

	if (rules != NULL && rules->body != NULL)
		ph_rule_body(&ph);
	else if (rules == NULL || rules->item == NULL)
		extract_main(&ph.pg, &ph.pm, &ph.ex);
	ph.story = rules != NULL && rules->body != NULL ? ph.ex.text > 0 :
	    rules != NULL && rules->item != NULL ? 0 :
	    ph_has_story(&ph, &tl);
	ph.heading = ph_find_heading(&ph);

	res->format = FORMAT_HTML;
	res->link = xstrdup(ph.page_url);
	res->title = ph_dup(ph.site);
	for (i = 0; i < ph.pm.nfeeds; i++) {
		res->feeds = xreallocarray(res->feeds, res->nfeeds + 1,
		    sizeof *res->feeds);
		res->feeds[res->nfeeds++] = xstrdup(ph.pm.feeds[i]);
	}
	if (ph.story)
		item_list_add(&res->items, ph_story_item(&ph));
	/* Teasers: not of this page, each link once. */
	strmap_init(&seen);
	if ((self = url_canonical(ph.page_url)) != NULL)
		strmap_put(&seen, self, 0);
	free(self);
	for (i = 0; i < tl.n && res->items.n < PARSE_HTML_MAX_ITEMS; i++) {
		char	*c = url_canonical(tl.v[i].link);

		if (c != NULL && strmap_put(&seen, c, 0))
			item_list_add(&res->items, ph_teaser_item(&ph,
			    &tl.v[i]));
		free(c);
	}
	strmap_free(&seen);
	teaser_list_free(&tl);
	free(ph.page_url);
	free(ph.site);
	free(ph.label);
	pagemeta_free(&ph.pm);
	page_free(&ph.pg);
	xmlFreeDoc(doc);
	if (res->items.n == 0) {
		/* Nothing a reader would see: an error page, a page of
		   only scripts, a feed URL that now serves HTML. */
		parse_result_free(res);
		*cause = xstrdup("not a feed, and no story or teasers found "
		    "on the page");
		return -1;
	}
	return 0;
}
