/*
 * pagemeta.c: JSON-LD, Open Graph, <meta>, microdata and <link> of a
 * page (see pagemeta.h).
 *
 * One pass over the indexed elements.  Where several names say the same
 * thing (a dozen spellings of "published"), a table gives each a rank
 * and the best one found wins, whatever its place in the page.  JSON-LD
 * is read with json-c under the same caps as JSON Feed: a script larger
 * than PAGEMETA_MAX_LD or nested deeper than PAGEMETA_LD_DEPTH is left
 * unread, never half-trusted.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "date.h"
#include "html.h"
#include "item.h"
#include "pagemeta.h"
#include "text.h"
#include "url.h"
#include "util.h"

#define PAGEMETA_MAX_LD		(4 * 1024 * 1024)
#define PAGEMETA_LD_DEPTH	64
#define PAGEMETA_MAX_KEYWORDS	32
#define PAGEMETA_MAX_FIELD	(64 * 1024)

/* Which field a <meta name|property> fills, and how much it is trusted. */
enum pm_field {
	PM_OG_TITLE, PM_OG_DESC, PM_OG_IMAGE, PM_OG_URL, PM_OG_TYPE,
	PM_OG_SITE, PM_TW_TITLE, PM_TW_DESC, PM_TW_IMAGE, PM_DESC,
	PM_AUTHOR, PM_PUBLISHED, PM_MODIFIED, PM_KEYWORDS
};

static const struct pm_meta {
	const char	*name;
	enum pm_field	 field;
	int		 rank;		/* higher wins */
} pm_metas[] = {
	{ "og:title", PM_OG_TITLE, 1 },
	{ "og:description", PM_OG_DESC, 1 },
	{ "og:image", PM_OG_IMAGE, 3 },
	{ "og:image:secure_url", PM_OG_IMAGE, 2 },
	{ "og:image:url", PM_OG_IMAGE, 2 },
	{ "og:url", PM_OG_URL, 1 },
	{ "og:type", PM_OG_TYPE, 1 },
	{ "og:site_name", PM_OG_SITE, 1 },
	{ "twitter:title", PM_TW_TITLE, 1 },
	{ "twitter:description", PM_TW_DESC, 1 },
	{ "twitter:image", PM_TW_IMAGE, 2 },
	{ "twitter:image:src", PM_TW_IMAGE, 1 },
	{ "description", PM_DESC, 3 },
	{ "dc.description", PM_DESC, 2 },
	{ "dcterms.description", PM_DESC, 1 },
	{ "author", PM_AUTHOR, 9 },
	{ "article:author", PM_AUTHOR, 8 },
	{ "parsely-author", PM_AUTHOR, 7 },
	{ "sailthru.author", PM_AUTHOR, 6 },
	{ "dc.creator", PM_AUTHOR, 5 },
	{ "dcterms.creator", PM_AUTHOR, 5 },
	{ "byl", PM_AUTHOR, 4 },
	{ "cxenseparse:author", PM_AUTHOR, 3 },
	{ "twitter:creator", PM_AUTHOR, 0 },
	{ "article:published_time", PM_PUBLISHED, 12 },
	{ "og:article:published_time", PM_PUBLISHED, 11 },
	{ "article:published", PM_PUBLISHED, 10 },
	{ "published_time", PM_PUBLISHED, 10 },
	{ "datepublished", PM_PUBLISHED, 9 },
	{ "parsely-pub-date", PM_PUBLISHED, 8 },
	{ "sailthru.date", PM_PUBLISHED, 7 },
	{ "pubdate", PM_PUBLISHED, 6 },
	{ "publishdate", PM_PUBLISHED, 6 },
	{ "publish-date", PM_PUBLISHED, 6 },
	{ "publish_date", PM_PUBLISHED, 6 },
	{ "dc.date.issued", PM_PUBLISHED, 5 },
	{ "dcterms.issued", PM_PUBLISHED, 5 },
	{ "dcterms.created", PM_PUBLISHED, 4 },
	{ "dc.date", PM_PUBLISHED, 3 },
	{ "date", PM_PUBLISHED, 2 },
	{ "article.published", PM_PUBLISHED, 2 },
	{ "article:modified_time", PM_MODIFIED, 6 },
	{ "og:updated_time", PM_MODIFIED, 5 },
	{ "article:modified", PM_MODIFIED, 4 },
	{ "datemodified", PM_MODIFIED, 4 },
	{ "dcterms.modified", PM_MODIFIED, 3 },
	{ "article.updated", PM_MODIFIED, 2 },
	{ "last-modified", PM_MODIFIED, 1 },
	{ "article:tag", PM_KEYWORDS, 3 },
	{ "news_keywords", PM_KEYWORDS, 2 },
	{ "keywords", PM_KEYWORDS, 1 },
	{ "parsely-tags", PM_KEYWORDS, 1 }
};

struct pm {
	struct pagemeta		*pm;
	const struct page	*pg;
	int			 rank[PM_KEYWORDS + 1];
	int			 kw_rank;
	int			 ld_rank;	/* of the object read so far */
};

/* A plain-text copy of s: tags out, entities decoded, collapsed, cut. */
static char *
pm_clean(const char *s)
{
	char	*t;

	if (s == NULL)
		return NULL;
	t = text_has_markup(s) || strchr(s, '&') != NULL ?
	    text_from_html(s, strlen(s)) : text_collapse(s, strlen(s));
	return text_cut_to(t, PAGEMETA_MAX_FIELD);
}

/* An absolute http(s) URL for ref, or NULL. */
static char *
pm_url(const struct pm *p, const char *ref)
{
	char	*u;

	if (str_empty(ref) || (u = url_resolve(p->pg->url, ref)) == NULL)
		return NULL;
	if (strncase_eq(u, "http://", 7) || strncase_eq(u, "https://", 8))
		return text_cut_to(u, 4096);
	free(u);
	return NULL;
}

static void
pm_set(char **field, char *v)
{
	if (v == NULL)
		return;
	free(*field);
	*field = v;
}

static void
pm_date(int64_t *t, const char *s)
{
	int64_t	 v;

	if (s != NULL && date_parse(s, &v) == 0)
		*t = v;
}

static void
pm_add_keywords(struct pagemeta *m, const char *s)
{
	const char	*p, *q;
	char		*k, *dup;
	size_t		 i;

	for (p = s; *p != '\0' && m->nkeywords < PAGEMETA_MAX_KEYWORDS;
	    p = *q != '\0' ? q + 1 : q) {
		q = p + strcspn(p, ",;");
		k = text_collapse(p, (size_t)(q - p));
		if (k == NULL)
			continue;
		dup = NULL;
		for (i = 0; i < m->nkeywords; i++)
			if (strcase_eq(m->keywords[i], k))
				dup = k;
		if (dup != NULL || strlen(k) > 100) {
			free(k);
			continue;
		}
		m->keywords = xreallocarray(m->keywords, m->nkeywords + 1,
		    sizeof *m->keywords);
		m->keywords[m->nkeywords++] = k;
	}
}

static void
pm_meta(struct pm *p, xmlNodePtr n)
{
	struct pagemeta		*m = p->pm;
	const struct pm_meta	*e = NULL;
	const char		*name, *content;
	size_t			 i;
	int64_t			 t;

	if ((content = page_attr(n, "content")) == NULL ||
	    str_empty(content))
		return;
	if ((name = page_attr(n, "property")) == NULL &&
	    (name = page_attr(n, "name")) == NULL &&
	    (name = page_attr(n, "itemprop")) == NULL)
		return;
	for (i = 0; i < sizeof pm_metas / sizeof pm_metas[0]; i++)
		if (strcase_eq(name, pm_metas[i].name)) {
			e = &pm_metas[i];
			break;
		}
	if (e == NULL)
		return;
	if (e->field == PM_KEYWORDS) {
		if (e->rank >= p->kw_rank) {
			p->kw_rank = e->rank;
			pm_add_keywords(m, content);
		}
		return;
	}
	if (p->rank[e->field] >= e->rank + 1)
		return;
	switch (e->field) {
	case PM_OG_TITLE:
		pm_set(&m->og_title, pm_clean(content));
		break;
	case PM_OG_DESC:
		pm_set(&m->og_description, pm_clean(content));
		break;
	case PM_OG_IMAGE:
		pm_set(&m->og_image, pm_url(p, content));
		break;
	case PM_OG_URL:
		pm_set(&m->og_url, pm_url(p, content));
		break;
	case PM_OG_TYPE:
		pm_set(&m->og_type, pm_clean(content));
		break;
	case PM_OG_SITE:
		pm_set(&m->og_site_name, pm_clean(content));
		break;
	case PM_TW_TITLE:
		pm_set(&m->tw_title, pm_clean(content));
		break;
	case PM_TW_DESC:
		pm_set(&m->tw_description, pm_clean(content));
		break;
	case PM_TW_IMAGE:
		pm_set(&m->tw_image, pm_url(p, content));
		break;
	case PM_DESC:
		pm_set(&m->meta_description, pm_clean(content));
		break;
	case PM_AUTHOR:
		/* A profile URL is no name. */
		if (url_scheme_len(content) > 0 || content[0] == '@')
			return;
		pm_set(&m->meta_author, pagemeta_clean_author(content));
		break;
	case PM_PUBLISHED:
		t = DATE_NONE;
		pm_date(&t, content);
		if (t == DATE_NONE)
			return;
		m->meta_published = t;
		break;
	case PM_MODIFIED:
		t = DATE_NONE;
		pm_date(&t, content);
		if (t == DATE_NONE)
			return;
		m->meta_modified = t;
		break;
	case PM_KEYWORDS:
		break;
	}
	p->rank[e->field] = e->rank + 1;
}

/* <link rel=canonical|alternate ...> */
static void
pm_link(struct pm *p, xmlNodePtr n)
{
	struct pagemeta	*m = p->pm;
	const char	*rel = page_attr(n, "rel"), *type, *href;
	char		*u;
	size_t		 i;

	if (rel == NULL || (href = page_attr(n, "href")) == NULL)
		return;
	if (strcase_eq(rel, "canonical")) {
		if (m->canonical == NULL)
			m->canonical = pm_url(p, href);
		return;
	}
	if (strcasestr(rel, "alternate") == NULL ||
	    (type = page_attr(n, "type")) == NULL)
		return;
	if (!strcase_eq(type, "application/rss+xml") &&
	    !strcase_eq(type, "application/atom+xml") &&
	    !strcase_eq(type, "application/feed+json") &&
	    !strcase_eq(type, "application/rdf+xml"))
		return;
	if (m->nfeeds == PAGEMETA_MAX_FEEDS || (u = pm_url(p, href)) == NULL)
		return;
	for (i = 0; i < m->nfeeds; i++)
		if (strcmp(m->feeds[i], u) == 0) {
			free(u);
			return;
		}
	m->feeds[m->nfeeds++] = u;
}

/* --- JSON-LD --------------------------------------------------------- */

static const char *
pm_ld_str(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	if (json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return NULL;
}

/* 1 when @type (a string or an array of them) names an Article kind. */
static int
pm_ld_is_article(struct json_object *o, int *rank)
{
	struct json_object	*t, *e;
	const char		*s;
	size_t			 i, n, len;
	int			 r = 0, best = 0;

	if (!json_object_object_get_ex(o, "@type", &t))
		return 0;
	n = json_object_is_type(t, json_type_array) ?
	    json_object_array_length(t) : 1;
	for (i = 0; i < n && i < 8; i++) {
		e = json_object_is_type(t, json_type_array) ?
		    json_object_array_get_idx(t, i) : t;
		if (!json_object_is_type(e, json_type_string))
			continue;
		s = json_object_get_string(e);
		len = strlen(s);
		r = 0;
		if (strcase_eq(s, "NewsArticle") || (len > 11 &&
		    strcase_eq(s + len - 11, "NewsArticle")))
			r = 4;
		else if (len >= 7 && strcase_eq(s + len - 7, "Article"))
			r = 3;
		else if (strcase_eq(s, "BlogPosting") ||
		    strcase_eq(s, "LiveBlogPosting") ||
		    strcase_eq(s, "Report") || (len >= 7 &&
		    strcase_eq(s + len - 7, "Posting")))
			r = 3;
		else if (strcase_eq(s, "VideoObject") ||
		    strcase_eq(s, "AudioObject") || strcase_eq(s, "Recipe") ||
		    strcase_eq(s, "HowTo") || strcase_eq(s, "Review") ||
		    strcase_eq(s, "PodcastEpisode"))
			r = 2;
		else if (strcase_eq(s, "WebPage") ||
		    strcase_eq(s, "ItemPage") || strcase_eq(s, "WebSite"))
			r = 1;
		if (r > best)
			best = r;
	}
	*rank = best;
	return best > 0;
}

/* The names of a schema.org author: a string, a Person, or an array. */
static void
pm_ld_author(struct json_object *v, struct buf *b, int depth, int *person)
{
	const char	*s = NULL, *type;
	char		*c;
	size_t		 i;

	if (depth > 2 || v == NULL)
		return;
	if (json_object_is_type(v, json_type_array)) {
		for (i = 0; i < json_object_array_length(v) && i < 16; i++)
			pm_ld_author(json_object_array_get_idx(v, i), b,
			    depth + 1, person);
		return;
	}
	if (json_object_is_type(v, json_type_string))
		s = json_object_get_string(v);
	else if (json_object_is_type(v, json_type_object)) {
		s = pm_ld_str(v, "name");
		if ((type = pm_ld_str(v, "@type")) != NULL &&
		    strcase_eq(type, "Person"))
			*person = 1;
	}
	if (s == NULL || url_scheme_len(s) > 0)
		return;
	if ((c = pagemeta_clean_author(s)) == NULL)
		return;
	if (b->len > 0)
		buf_addstr(b, ", ");
	buf_addstr(b, c);
	free(c);
}

/* A schema.org image: a URL, an ImageObject, or an array of them. */
static const char *
pm_ld_image(struct json_object *v, int depth)
{
	if (v == NULL || depth > 2)
		return NULL;
	if (json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	if (json_object_is_type(v, json_type_array))
		return json_object_array_length(v) > 0 ?
		    pm_ld_image(json_object_array_get_idx(v, 0), depth + 1) :
		    NULL;
	if (json_object_is_type(v, json_type_object))
		return pm_ld_str(v, "url") != NULL ? pm_ld_str(v, "url") :
		    pm_ld_str(v, "contentUrl");
	return NULL;
}

/* Take the fields of an Article-like object (rank: how article-like). */
static void
pm_ld_article(struct pm *p, struct json_object *o, int rank)
{
	struct pagemeta		*m = p->pm;
	struct json_object	*v;
	struct buf		 b;
	const char		*s;
	int			 person;

	if (rank <= p->ld_rank)
		return;
	p->ld_rank = rank;
	if (rank >= 3)
		m->ld_article = 1;
	if ((s = pm_ld_str(o, "headline")) == NULL && rank >= 2)
		s = pm_ld_str(o, "name");
	if (rank >= 2 || m->ld_headline == NULL)
		pm_set(&m->ld_headline, pm_clean(s));
	if (rank >= 2)
		m->ld_rank = rank;
	pm_set(&m->ld_description, pm_clean(pm_ld_str(o, "description")));
	if (json_object_object_get_ex(o, "author", &v)) {
		buf_init(&b);
		person = 0;
		pm_ld_author(v, &b, 0, &person);
		if (b.data != NULL) {
			pm_set(&m->ld_author, buf_steal(&b));
			m->ld_author_person = person;
		}
		buf_free(&b);
	}
	if (json_object_object_get_ex(o, "image", &v))
		pm_set(&m->ld_image, pm_url(p, pm_ld_image(v, 0)));
	if ((s = pm_ld_str(o, "url")) != NULL)
		pm_set(&m->ld_url, pm_url(p, s));
	else if (json_object_object_get_ex(o, "mainEntityOfPage", &v)) {
		if (json_object_is_type(v, json_type_string))
			pm_set(&m->ld_url, pm_url(p,
			    json_object_get_string(v)));
		else if (json_object_is_type(v, json_type_object))
			pm_set(&m->ld_url, pm_url(p, pm_ld_str(v, "@id")));
	}
	if ((s = pm_ld_str(o, "articleBody")) != NULL && rank >= 3)
		pm_set(&m->ld_body, text_from_html(s, strlen(s)));
	if (json_object_object_get_ex(o, "publisher", &v) &&
	    json_object_is_type(v, json_type_object))
		pm_set(&m->ld_publisher, pm_clean(pm_ld_str(v, "name")));
	pm_date(&m->ld_published, pm_ld_str(o, "datePublished"));
	if (m->ld_published == DATE_NONE)
		pm_date(&m->ld_published, pm_ld_str(o, "dateCreated"));
	if (m->ld_published == DATE_NONE)
		pm_date(&m->ld_published, pm_ld_str(o, "uploadDate"));
	pm_date(&m->ld_modified, pm_ld_str(o, "dateModified"));
	if (json_object_object_get_ex(o, "keywords", &v) &&
	    json_object_is_type(v, json_type_string) && p->kw_rank < 2) {
		p->kw_rank = 2;
		pm_add_keywords(m, json_object_get_string(v));
	}
}

/* Look for Article-like objects: top level, @graph, mainEntity. */
static void
pm_ld_walk(struct pm *p, struct json_object *o, int depth)
{
	struct json_object	*v;
	size_t			 i;
	int			 rank;

	if (o == NULL || depth > 4)
		return;
	if (json_object_is_type(o, json_type_array)) {
		for (i = 0; i < json_object_array_length(o) && i < 64; i++)
			pm_ld_walk(p, json_object_array_get_idx(o, i),
			    depth + 1);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	if (pm_ld_is_article(o, &rank))
		pm_ld_article(p, o, rank);
	else if (json_object_object_get_ex(o, "@type", &v) &&
	    json_object_is_type(v, json_type_string) &&
	    (strcase_eq(json_object_get_string(v), "CollectionPage") ||
	    strcase_eq(json_object_get_string(v), "SearchResultsPage") ||
	    strcase_eq(json_object_get_string(v), "ProfilePage")))
		p->pm->ld_listing = 1;
	else if (json_object_object_get_ex(o, "@type", &v) &&
	    json_object_is_type(v, json_type_string) &&
	    (strcase_eq(json_object_get_string(v), "Organization") ||
	    strcase_eq(json_object_get_string(v), "NewsMediaOrganization")) &&
	    p->pm->ld_publisher == NULL)
		pm_set(&p->pm->ld_publisher, pm_clean(pm_ld_str(o, "name")));
	if (json_object_object_get_ex(o, "@graph", &v))
		pm_ld_walk(p, v, depth + 1);
	if (json_object_object_get_ex(o, "mainEntity", &v))
		pm_ld_walk(p, v, depth + 1);
}

static void
pm_ld_script(struct pm *p, xmlNodePtr n)
{
	struct json_tokener	*tok;
	struct json_object	*o;
	struct buf		 b;
	xmlNodePtr		 c;

	buf_init(&b);
	for (c = n->children; c != NULL; c = c->next)
		if ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && c->content != NULL) {
			buf_addstr(&b, (const char *)c->content);
			if (b.len > PAGEMETA_MAX_LD) {
				buf_free(&b);
				return;
			}
		}
	if (b.data == NULL)
		return;
	if ((tok = json_tokener_new_ex(PAGEMETA_LD_DEPTH)) != NULL) {
		o = json_tokener_parse_ex(tok, b.data, (int)b.len);
		if (o != NULL) {
			pm_ld_walk(p, o, 0);
			json_object_put(o);
		}
		json_tokener_free(tok);
	}
	buf_free(&b);
}

/* --- microdata ------------------------------------------------------- */

/* The value of an itemprop element: content, datetime, or its text. */
static char *
pm_md_value(const struct page *pg, xmlNodePtr n)
{
	const char	*v;

	if ((v = page_attr(n, "content")) != NULL ||
	    (v = page_attr(n, "datetime")) != NULL)
		return pm_clean(v);
	/* Microformats' <abbr title="2026-04-07T19:48:00-05:00">. */
	if (strcase_eq((const char *)n->name, "abbr") &&
	    (v = page_attr(n, "title")) != NULL)
		return pm_clean(v);
	return text_cut_to(page_text_dup(pg, n, PAGEMETA_MAX_FIELD),
	    PAGEMETA_MAX_FIELD);
}

static void
pm_itemprop(struct pm *p, uint32_t i, const char *prop)
{
	struct pagemeta	*m = p->pm;
	xmlNodePtr	 n = p->pg->v[i].node, c;
	char		*v;
	uint32_t	 j;

	if (strcase_eq(prop, "headline") && m->md_headline == NULL)
		m->md_headline = pm_md_value(p->pg, n);
	else if (strcase_eq(prop, "image") && m->md_image == NULL) {
		/* <img>, <meta content>, <link href>, or an ImageObject. */
		if (p->pg->v[i].tag == TAG_IMG)
			m->md_image = html_image_src(n, p->pg->url);
		else if ((v = (char *)page_attr(n, "content")) != NULL ||
		    (v = (char *)page_attr(n, "href")) != NULL)
			m->md_image = pm_url(p, v);
		else
			for (j = i + 1; j < p->pg->v[i].end &&
			    m->md_image == NULL; j++) {
				c = p->pg->v[j].node;
				if (p->pg->v[j].tag == TAG_IMG)
					m->md_image = html_image_src(c,
					    p->pg->url);
				else if ((v = (char *)page_attr(c,
				    "itemprop")) != NULL && (strcase_eq(v,
				    "url") || strcase_eq(v, "contentUrl")) &&
				    ((v = (char *)page_attr(c, "content")) !=
				    NULL || (v = (char *)page_attr(c,
				    "href")) != NULL))
					m->md_image = pm_url(p, v);
			}
	} else if (strcase_eq(prop, "author") && m->md_author == NULL) {
		/* An itemscope Person: its name. */
		if (page_attr(n, "itemscope") != NULL) {
			for (j = i + 1; j < p->pg->v[i].end; j++) {
				c = p->pg->v[j].node;
				if ((v = (char *)page_attr(c, "itemprop")) !=
				    NULL && strcase_eq(v, "name")) {
					v = pm_md_value(p->pg, c);
					m->md_author =
					    pagemeta_clean_author(v);
					free(v);
					return;
				}
			}
		}
		v = pm_md_value(p->pg, n);
		if (v != NULL && strlen(v) < 200)
			m->md_author = pagemeta_clean_author(v);
		free(v);
	} else if (strcase_eq(prop, "datePublished") &&
	    m->md_published == DATE_NONE) {
		v = pm_md_value(p->pg, n);
		pm_date(&m->md_published, v);
		free(v);
	} else if (strcase_eq(prop, "dateModified") &&
	    m->md_modified == DATE_NONE) {
		v = pm_md_value(p->pg, n);
		pm_date(&m->md_modified, v);
		free(v);
	}
}

void
pagemeta_read(struct pagemeta *m, const struct page *pg)
{
	struct pm	 p;
	xmlNodePtr	 n;
	const char	*name, *v;
	uint32_t	 i;

	memset(m, 0, sizeof *m);
	m->ld_published = m->ld_modified = DATE_NONE;
	m->meta_published = m->meta_modified = DATE_NONE;
	m->md_published = m->md_modified = DATE_NONE;
	memset(&p, 0, sizeof p);
	p.pm = m;
	p.pg = pg;
	if (pg->n > 0 && (v = page_attr(pg->v[0].node, "lang")) != NULL &&
	    !str_empty(v))
		m->lang = text_cut_to(text_collapse(v, strlen(v)), 32);
	for (i = 0; i < pg->n; i++) {
		n = pg->v[i].node;
		name = (const char *)n->name;
		if (strcase_eq(name, "meta"))
			pm_meta(&p, n);
		else if (strcase_eq(name, "link"))
			pm_link(&p, n);
		else if (strcase_eq(name, "title") && m->title == NULL &&
		    (pg->body == 0 || !page_within(pg, i, pg->body))) {
			/* Junk to the text index: read it here. */
			xmlChar	*t = xmlNodeGetContent(n);

			if (t != NULL)
				m->title = pm_clean((char *)t);
			xmlFree(t);
		} else if (strcase_eq(name, "script") &&
		    (v = page_attr(n, "type")) != NULL &&
		    strcase_eq(v, "application/ld+json"))
			pm_ld_script(&p, n);
		if ((v = page_attr(n, "itemprop")) != NULL &&
		    !strcase_eq(name, "meta"))
			pm_itemprop(&p, i, v);
	}
}

void
pagemeta_free(struct pagemeta *m)
{
	size_t	 i;

	free(m->ld_headline);
	free(m->ld_description);
	free(m->ld_author);
	free(m->ld_image);
	free(m->ld_url);
	free(m->ld_body);
	free(m->ld_publisher);
	free(m->og_title);
	free(m->og_description);
	free(m->og_image);
	free(m->og_url);
	free(m->og_type);
	free(m->og_site_name);
	free(m->tw_title);
	free(m->tw_description);
	free(m->tw_image);
	free(m->meta_description);
	free(m->meta_author);
	free(m->md_headline);
	free(m->md_author);
	free(m->md_image);
	free(m->title);
	free(m->canonical);
	free(m->lang);
	for (i = 0; i < m->nkeywords; i++)
		free(m->keywords[i]);
	free(m->keywords);
	for (i = 0; i < m->nfeeds; i++)
		free(m->feeds[i]);
	memset(m, 0, sizeof *m);
}

/* --- titles and bylines ---------------------------------------------- */

static int	pm_words(const char *, size_t);

static const char *const pm_separators[] = {
	" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ", " \xc2\xbb ",
	" \xc2\xb7 ", " \xe2\x80\xa2 ", " / ", " ~ ", " || ", NULL
};

/* Words in s[0..len). */
static int
pm_words(const char *s, size_t len)
{
	size_t	 i;
	int	 n = 0, in = 0;

	for (i = 0; i < len; i++) {
		if (IS_SPACE(s[i]))
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/* The first (first = 1) or last separator in s: its offset and length. */
static int
pm_find_sep(const char *s, int first, size_t *at, size_t *seplen)
{
	const char	*p;
	size_t		 i, best = 0, blen = 0, n;
	int		 found = 0;

	for (i = 0; pm_separators[i] != NULL; i++) {
		n = strlen(pm_separators[i]);
		for (p = s; (p = strstr(p, pm_separators[i])) != NULL;
		    p += n) {
			if (!found || (first ? (size_t)(p - s) < best :
			    (size_t)(p - s) > best)) {
				best = (size_t)(p - s);
				blen = n;
				found = 1;
			}
			if (first)
				break;
		}
	}
	*at = best;
	*seplen = blen;
	return found;
}

/* Does s[0..len) name the site whose host label is label? */
static int
pm_is_site(const char *s, size_t len, const char *label)
{
	char	 t[256];
	size_t	 i, n = 0;

	if (label == NULL || strlen(label) < 4)
		return 0;
	for (i = 0; i < len && n < sizeof t - 1; i++)
		if (IS_ALNUM(s[i]))
			t[n++] = (char)TO_LOWER((unsigned char)s[i]);
	t[n] = '\0';
	return strstr(t, label) != NULL || (n >= 4 && strstr(label, t) !=
	    NULL);
}

char *
pagemeta_strip_site(const char *title, const char *site, const char *label)
{
	size_t	 len, slen, at, seplen, i, n;

	if (title == NULL)
		return NULL;
	len = strlen(title);
	/* "The Prairie Gazette Online - Headline", on prairiegazette.com */
	if (pm_find_sep(title, 1, &at, &seplen) && pm_is_site(title, at,
	    label) && pm_words(title + at + seplen, len - at - seplen) >= 3)
		return text_collapse(title + at + seplen, len - at - seplen);
	if (pm_find_sep(title, 0, &at, &seplen) && pm_is_site(title + at +
	    seplen, len - at - seplen, label) && pm_words(title, at) >= 3)
		return text_collapse(title, at);
	if (site != NULL && (slen = strlen(site)) > 0 && slen + 3 < len) {
		for (i = 0; pm_separators[i] != NULL; i++) {
			n = strlen(pm_separators[i]);
			if (len > slen + n && strcase_eq(title + len - slen,
			    site) && strncmp(title + len - slen - n,
			    pm_separators[i], n) == 0)
				return text_collapse(title, len - slen - n);
			if (len > slen + n && strncase_eq(title, site, slen) &&
			    strncmp(title + slen, pm_separators[i], n) == 0)
				return text_collapse(title + slen + n,
				    len - slen - n);
		}
		if (len > slen + 2 && strncase_eq(title, site, slen) &&
		    title[slen] == ':' && title[slen + 1] == ' ')
			return text_collapse(title + slen + 2, len - slen - 2);
	}
	/* Headline | Section | Site: keep the left side of the last bar
	   when what follows it is short and the rest reads as a headline. */
	if (pm_find_sep(title, 0, &at, &seplen) &&
	    pm_words(title + at + seplen, len - at - seplen) <= 4 &&
	    pm_words(title, at) >= 3) {
		char	*left = text_collapse(title, at), *again;

		/* Both sides of "A | Section | Site" may be site names. */
		if (left != NULL && pm_find_sep(left, 0, &at, &seplen) &&
		    pm_words(left + at + seplen, strlen(left) - at - seplen) <=
		    2 && pm_words(left, at) >= 4) {
			again = text_collapse(left, at);
			free(left);
			left = again;
		}
		return left;
	}
	/* Site | Headline */
	if (pm_find_sep(title, 1, &at, &seplen) && pm_words(title, at) <= 3 &&
	    pm_words(title + at + seplen, len - at - seplen) >= 4)
		return text_collapse(title + at + seplen, len - at - seplen);
	return text_collapse(title, len);
}

/* Job titles that follow a name in a byline ("Jane Doe, Staff Writer"). */
static const char *const pm_job_words[] = {
	"staff", "writer", "reporter", "correspondent", "editor", "editors",
	"contributor", "columnist", "photographer", "producer", "intern",
	"journalist", "clerk", "secretary", "redakteur", "redakteurin",
	"korrespondent",
	"journaliste", "rédacteur", "rédactrice", "periodista", "redacción",
	"redaktion", "special", "senior", "chief", "associate", "freelance",
	NULL
};

/* 1 when the words of s[0..len) are all job-title words or "for". */
static int
pm_is_job(const char *s, size_t len)
{
	const char	*p = s, *end = s + len;
	size_t		 n, i;
	int		 words = 0;

	while (p < end) {
		while (p < end && (IS_SPACE(*p) || *p == ',' || *p == '-'))
			p++;
		for (n = 0; p + n < end && !IS_SPACE(p[n]) && p[n] != ','; n++)
			;
		if (n == 0)
			break;
		for (i = 0; pm_job_words[i] != NULL; i++)
			if (strlen(pm_job_words[i]) == n &&
			    strncase_eq(p, pm_job_words[i], n))
				break;
		if (pm_job_words[i] == NULL && !(n == 3 &&
		    strncase_eq(p, "for", 3)) && !(n == 3 &&
		    strncase_eq(p, "the", 3)))
			return 0;
		words++;
		p += n;
	}
	return words > 0;
}

/*
 * After a separator, a job title: short, ending in a job word ("Gazette
 * Staff Writer", "Parish Clerk"), not another name.
 */
static int
pm_job_tail(const char *s, size_t len)
{
	size_t	 k = len;

	while (k > 0 && IS_SPACE(s[k - 1]))
		k--;
	len = k;
	while (k > 0 && !IS_SPACE(s[k - 1]))
		k--;
	return pm_words(s, len) <= 4 && len > k && pm_is_job(s + k, len - k);
}

/* One name: job titles after it cut off; NULL when it is no name. */
static char *
pm_one_name(const char *s, size_t n)
{
	static const char *const seps[] = {
		" \xe2\x80\x93 ", " \xe2\x80\x94 ", " - ", ", ", " | ", NULL
	};
	const char	*f;
	size_t		 i, k, letters = 0;
	int		 cut;

	do {
		cut = 0;
		for (i = 0; seps[i] != NULL; i++) {
			k = strlen(seps[i]);
			for (f = s; f + k <= s + n && (f = memmem(f,
			    (size_t)(s + n - f), seps[i], k)) != NULL; f++)
				if (pm_job_tail(f + k, (size_t)(s + n - f - k))) {
					n = (size_t)(f - s);
					cut = 1;
					break;
				}
		}
	} while (cut);
	/* A title alone ("Staff", "Redaktion") is no name. */
	if (pm_is_job(s, n))
		return NULL;
	/* "Nora Castellano Staff Writer": trailing title words. */
	for (;;) {
		while (n > 0 && IS_SPACE(s[n - 1]))
			n--;
		for (k = n; k > 0 && !IS_SPACE(s[k - 1]); k--)
			;
		if (k == 0 || !pm_is_job(s + k, n - k))
			break;
		n = k;
	}
	while (n > 0 && (IS_SPACE(s[n - 1]) || s[n - 1] == ',' ||
	    s[n - 1] == '|'))
		n--;
	for (i = 0; i < n; i++)
		if (IS_ALPHA(s[i]) || (unsigned char)s[i] >= 0x80)
			letters++;
	/* "1:34", "©", a lone initial: no name. */
	if (letters < 2)
		return NULL;
	return text_collapse(s, n);
}

/* Take the parentheses (ASCII or full-width) around all of s off. */
static void
pm_unparen(char *s)
{
	size_t	 n = strlen(s), open = 0, close = 0;

	if (n >= 2 && s[0] == '(' && s[n - 1] == ')')
		open = close = 1;
	else if (n >= 6 && memcmp(s, "\xef\xbc\x88", 3) == 0 &&
	    memcmp(s + n - 3, "\xef\xbc\x89", 3) == 0)
		open = close = 3;
	if (open == 0 || memchr(s + open, ')', n - open - close) != NULL)
		return;
	memmove(s, s + open, n - open - close);
	s[n - open - close] = '\0';
}

char *
pagemeta_clean_author(const char *s)
{
	static const char *const prefixes[] = {
		"by:", "by ", "von ", "par ", "por ", "door ", "di ", "av ",
		"de ", "written by ", "posted by ", "author:", "autor:",
		"auteur:", "text:", "texte:", NULL
	};
	static const char *const ands[] = {
		" and ", " & ", " und ", " et ", " y ", " e ", "; ", NULL
	};
	struct buf	 b;
	const char	*q, *sep, *f;
	char		*t, *p, *one, *out;
	size_t		 i, n, k;

	if (s == NULL || (t = text_from_html(s, strlen(s))) == NULL)
		return NULL;
	p = t;
	for (i = 0; prefixes[i] != NULL; i++) {
		n = strlen(prefixes[i]);
		if (strncase_eq(p, prefixes[i], n)) {
			p += n;
			while (IS_SPACE(*p))
				p++;
			break;
		}
	}
	/* "（田中健一）", "(Jane Doe)": a name in parentheses. */
	pm_unparen(p);
	/* "Jane Doe and John Roe": names joined as a list. */
	buf_init(&b);
	for (q = p; *q != '\0'; q = sep + k) {
		sep = NULL;
		k = 0;
		for (i = 0; ands[i] != NULL; i++)
			if ((f = strstr(q, ands[i])) != NULL && (sep == NULL ||
			    f < sep)) {
				sep = f;
				k = strlen(ands[i]);
			}
		n = sep != NULL ? (size_t)(sep - q) : strlen(q);
		if ((one = pm_one_name(q, n)) != NULL) {
			if (b.len > 0)
				buf_addstr(&b, ", ");
			buf_addstr(&b, one);
			free(one);
		}
		if (sep == NULL)
			break;
	}
	out = b.data != NULL ? text_collapse(b.data, b.len) : NULL;
	buf_free(&b);
	free(t);
	if (out != NULL && strlen(out) > 300) {
		free(out);
		return NULL;
	}
	return out;
}

/* "By Jane Doe" in a text: where the name starts, or NULL. */
const char *
pagemeta_byline_start(const char *s)
{
	static const char *const by[] = {
		"By ", "BY ", "by ", "Von ", "Par ", "Por ", "Door ", "Av ",
		"Di ", "Text: ", "Texto: ", NULL
	};
	const char	*p;
	size_t		 i, n;

	for (i = 0; by[i] != NULL; i++) {
		n = strlen(by[i]);
		if (strncmp(s, by[i], n) == 0)
			return s;
		/* "Posted 12 March · By Jane Doe" */
		for (p = s; (p = strstr(p, by[i])) != NULL; p++)
			if (p > s + 1 && (p[-1] == ' ' && (p[-2] == '|' ||
			    (unsigned char)p[-2] >= 0x80 || p[-2] == '-' ||
			    p[-2] == ',')))
				return p;
	}
	return NULL;
}

/*
 * Does s read as names ("Jane Doe, Juan de la Cruz"), not a sentence
 * ("continuing to browse this site you agree...")?  Each word starts
 * with a capital letter (or is not Latin), but for particles.
 */
int
pagemeta_is_names(const char *s)
{
	static const char *const particles[] = {
		"de", "da", "di", "du", "del", "della", "der", "den", "van",
		"von", "la", "le", "al", "el", "bin", "ibn", "y", "e", "zu",
		"and", "und", "et", "of", NULL
	};
	const char	*p = s;
	size_t		 n, i;
	int		 words = 0, lower = 0;

	while (*p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		for (n = 0; p[n] != '\0' && p[n] != ' ' && p[n] != ','; n++)
			;
		if (n == 0)
			break;
		words++;
		if (*p >= 'a' && *p <= 'z') {
			for (i = 0; particles[i] != NULL; i++)
				if (strlen(particles[i]) == n &&
				    strncmp(p, particles[i], n) == 0)
					break;
			if (particles[i] == NULL)
				lower++;
		}
		p += n;
	}
	return words > 0 && words <= 12 && lower == 0;
}
