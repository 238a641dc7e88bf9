/*
 * teaser.c: related-story blocks and their teasers (see teaser.h).
 *
 * 1. Story links: <a href> to another page of the same site whose URL
 *    looks like an article's (a slug of words, a long number, a date,
 *    a .html page) and not like a section, tag, author, search or
 *    pagination page; never inside navigation, footers, share bars,
 *    comments or ads.
 * 2. Cards: from each story link, up through its ancestors while they
 *    hold no link to another story (and stay small): the highest such
 *    element is the link's card.  A card needs a headline: a heading in
 *    it, or a link text of a few words.
 * 3. Blocks: cards are teasers when they sit in a block of cards (the
 *    lowest ancestor holding two or more) whose text is mostly theirs:
 *    a story that links two others in its paragraphs is not a block.
 *    A lone card counts when a "Read next"-like label is near it.
 * Finding the cards in an ancestor's range is a binary search in the
 * story links' (sorted) indices, and whether they are all one story is
 * two lookups in arrays of "where the story changes": linear overall.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "html.h"
#include "item.h"
#include "page.h"
#include "teaser.h"
#include "text.h"
#include "url.h"
#include "util.h"

/* A card holds at most this much text (a headline, a snippet, a date). */
#define TEASER_CARD_MAX_TEXT	1200
/* And at most this much of it outside links (a snippet, not a story). */
#define TEASER_CARD_MAX_PROSE	600
/* How far up from a card a "Read next" label is looked for. */
#define TEASER_LABEL_LEVELS	2

/* One story link. */
struct tlink {
	uint32_t	 node;		/* the <a> */
	uint32_t	 story;		/* index into the distinct URLs */
	uint32_t	 card;		/* its card, or PAGE_NONE */
};

struct tf {
	struct page	*pg;
	const char	*page_url;
	char		*self;		/* url_canonical(page_url) */
	char		*here;		/* url_canonical(pg->url): the AMP
					   copy of a page links itself */
	struct tlink	*links;
	size_t		 nlinks, links_cap;
	char		**urls;		/* absolute, one per story */
	size_t		 nurls, urls_cap;
	struct strmap	 ids;		/* canonical URL -> story */
	size_t		*left;		/* last link before with another */
	size_t		*right;		/* first link after with another */
};

/*
 * Path segments that name pages that are not stories: anywhere in the
 * path (a tag page is one at any depth), or only as the path's only or
 * last segment (/weather/ is a section, /weather/2026/11/30/snow-day/ a
 * story).
 */
static const char *const teaser_not_story[] = {
	"tag", "tags", "topic", "topics", "category", "categories",
	"section", "sections", "label", "labels", "keyword", "keywords",
	"author", "authors", "autor", "autoren", "auteur", "auteurs",
	"autores", "by", "profile", "profiles", "people", "staff", "writer",
	"writers", "contributor", "contributors", "user", "users", "search",
	"login", "signin", "sign-in", "register", "signup", "subscribe",
	"subscription", "subscriptions", "account", "page", "feed", "rss",
	"print", "share", "email", "amp-share", "responses", "series",
	"ads", "adserver", "banners", "goto", "members", "eedition",
	"e-edition", "emissions", "programmes", "sendungen", "login.php",
	"wp-login.php", "wp-admin", "search.php", NULL
};

static const char *const teaser_not_story_last[] = {
	"about", "about-us", "contact", "contact-us", "privacy",
	"privacy-policy", "terms", "legal", "imprint", "impressum",
	"cookies", "cookie-policy", "archive", "archives", "sitemap", "help",
	"faq", "jobs", "careers", "advertise", "shop", "store", "cart",
	"cart.php", "donate", "events", "podcasts", "weather", "newsletter",
	"newsletters", "comments", "comment", "replies", "reply", "digital",
	"e-paper", "epaper", "abo", "abonnement", "abonnieren", "trackback",
	"reactions", "likes", NULL
};

/* Class and id words of places with links that are never teasers. */
static const char *const teaser_excluded_words[] = {
	"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs",
	"pagination", "pager", "share", "sharing", "sharedaddy", "social",
	"comment", "comments", "disqus", "replies", "footer", "cookie",
	"cookies", "consent", "tags", "ad", "ads", "advert",
	"advertisement", "sponsor", "sponsored", "promoted", "byline",
	"author", "login", "newsletter", "breaking", NULL
};

/* How the links to more of a listing start: no headline either. */
static const char *const teaser_more_prefixes[] = {
	"earlier stories", "older stories", "more stories", "older posts",
	"newer posts", "older entries", "newer entries", "more news",
	"more articles", "view all", "see all", "see more", "show more",
	"load more", "all stories", "all news", "previous page", "next page",
	"click to expand", "click here", NULL
};

/* Link texts that are no headline. */
static const char *const teaser_generic[] = {
	"read more", "more", "continue reading", "full story", "read the full "
	"story", "read full article", "read article", "weiterlesen", "mehr",
	"lire la suite", "lire plus", "leer más", "leer mas", "seguir leyendo",
	"leggi tutto", "continua a leggere", "lees meer", "czytaj więcej",
	"read on", "view more", "see more", "learn more", "click here",
	"here", "link", NULL
};

/* Labels above a lone card that make it a teaser. */
static const char *const teaser_labels[] = {
	"read next", "read more", "related", "related story",
	"related stories", "related articles", "related content",
	"related coverage", "related news", "you may also like",
	"you might also like", "more from", "more on this",
	"more stories", "recommended", "recommended for you", "see also",
	"also read", "don't miss", "up next", "next article", "next story",
	"most read", "most popular", "trending", "popular", "top stories",
	"read also", "further reading", "related reading", "more in",
	"you may like", "you might like", "more for you", "recommended by",
	"around the site", "elsewhere on",
	"lesen sie auch", "mehr zum thema", "das könnte sie auch",
	"à lire aussi", "lire aussi", "voir aussi", "sur le même sujet",
	"te puede interesar", "leer también", "lee también", "lea también",
	"noticias relacionadas", "también te puede", "leia também",
	"leia mais", "veja também", "leggi anche", "potrebbe interessarti",
	"lees ook", "czytaj także", "czytaj też", "zobacz też",
	"läs också", "läs även", "читайте также", "関連記事", NULL
};

static int
tf_word_in(const char *w, const char *const *list)
{
	size_t	 i;

	/* The first letter first: most words differ there. */
	for (i = 0; list[i] != NULL; i++)
		if (list[i][0] == w[0] && strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

/* Does query q (from its '?') have the key name? */
static int
tf_query_key(const char *q, const char *name)
{
	size_t	 n = strlen(name);
	const char *p;

	for (p = q; *p != '\0' && *p != '#'; p++)
		if ((*p == '?' || *p == '&' || *p == ';') &&
		    strncase_eq(p + 1, name, n) && p[1 + n] == '=')
			return 1;
	return 0;
}

/*
 * Scripts that do something to a story rather than show one:
 * email_story.php, print.asp, click.cgi.
 */
static const char *const teaser_tool_scripts[] = {
	"email", "mail", "print", "printer", "share", "send", "sendto",
	"click", "redirect", "vote", "poll", "rate", NULL
};

static int
tf_tool_script(const char *w)
{
	static const char *const ext[] = {
		".php", ".asp", ".aspx", ".cgi", ".jsp", ".pl", NULL
	};
	const char	*dot = strrchr(w, '.');
	char		 first[32];
	size_t		 n, k;

	if (dot == NULL)
		return 0;
	for (k = 0; ext[k] != NULL && strcmp(dot, ext[k]) != 0; k++)
		;
	if (ext[k] == NULL)
		return 0;
	n = strcspn(w, "_-.");
	if (n >= sizeof first)
		return 0;
	memcpy(first, w, n);
	first[n] = '\0';
	if (tf_word_in(first, teaser_tool_scripts))
		return 1;
	/* emailstory.aspx, printarticle.php: a tool's verb run in. */
	return strncmp(first, "email", 5) == 0 ||
	    strncmp(first, "print", 5) == 0 ||
	    strncmp(first, "share", 5) == 0;
}

/* A document or a medium, not a page: report.pdf, photo.jpg. */
static int
tf_file_name(const char *w)
{
	static const char *const ext[] = {
		".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg",
		".mp3", ".mp4", ".m4a", ".mov", ".zip", ".doc", ".docx",
		".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".epub", ".csv",
		NULL
	};
	const char	*dot = strrchr(w, '.');

	return dot != NULL && tf_word_in(dot, ext);
}

/* Does a URL look like an article of the site, not a section or tag? */
static int
tf_story_url(const char *url)
{
	const char	*p, *seg, *q;
	char		 w[64];
	size_t		 n, i, depth = 0, digits = 0, maxdigits = 0, alldigits;
	int		 words = 0, maxwords = 0, html = 0, opaque = 0;

	if ((p = strstr(url, "://")) == NULL)
		return 0;
	p += 3;
	/* An ad server's host. */
	if (strncase_eq(p, "ads.", 4) || strncase_eq(p, "ad.", 3))
		return 0;
	p += strcspn(p, "/?#");
	if (*p != '/')
		return 0;
	q = p + strcspn(p, "?#");
	for (seg = p + 1; seg < q; seg += n + 1) {
		n = strcspn(seg, "/");
		if (seg + n > q)
			n = (size_t)(q - seg);
		if (n == 0)
			continue;
		depth++;
		for (i = 0; i < n && i < sizeof w - 1; i++)
			w[i] = (char)TO_LOWER((unsigned char)seg[i]);
		w[i] = '\0';
		if (tf_word_in(w, teaser_not_story) || (seg + n >= q &&
		    tf_word_in(w, teaser_not_story_last)))
			return 0;
		if (strncmp(w, "wp-", 3) == 0 || tf_tool_script(w) ||
		    tf_file_name(w))
			return 0;
		if (depth > 1 && strcmp(w, "page") == 0)
			return 0;
		/* Words of a slug, digits of an id. */
		words = 1;
		digits = alldigits = 0;
		for (i = 0; i < n; i++) {
			if (seg[i] == '-' || seg[i] == '_' || seg[i] == '+')
				words++;
			if (IS_DIGIT(seg[i])) {
				alldigits++;
				if (++digits > maxdigits)
					maxdigits = digits;
			} else
				digits = 0;
		}
		/* An opaque id of letters and digits: c7gq2w9e0zzo. */
		opaque = words == 1 && n >= 8 && n <= 40 && alldigits >= 3 &&
		    alldigits < n && strspn(w, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789") == n;
		if (words > maxwords)
			maxwords = words;
		if ((n > 5 && (strncase_eq(seg + n - 5, ".html", 5) ||
		    strncase_eq(seg + n - 6, ".shtml", 6))) ||
		    (n > 4 && (strncase_eq(seg + n - 4, ".htm", 4) ||
		    strncase_eq(seg + n - 4, ".php", 4) ||
		    strncase_eq(seg + n - 4, ".asp", 4) ||
		    strncase_eq(seg + n - 5, ".aspx", 5))))
			html = !(strncase_eq(seg, "index.", 6));
	}
	if (depth == 0)
		return 0;
	/* The print or the mail view of a story: ?print=1, ?view=print. */
	if (*q == '?' && (tf_query_key(q, "print") || strstr(q, "=print") !=
	    NULL || tf_query_key(q, "email") || tf_query_key(q, "share")))
		return 0;
	/* ?p=123, ?id=..., ?article=...: a CMS's article query. */
	if (*q == '?' && (tf_query_key(q, "p") || tf_query_key(q, "id") ||
	    tf_query_key(q, "article") || tf_query_key(q, "articleid") ||
	    tf_query_key(q, "story") || tf_query_key(q, "storyid") ||
	    tf_query_key(q, "nid")) && !tf_query_key(q, "page"))
		return 1;
	/* /tides.html is a page of the site, /stories/tides.html a story. */
	return maxwords >= 3 || maxdigits >= 5 || (html && (depth >= 2 ||
	    maxwords >= 2 || maxdigits >= 2)) ||
	    (depth >= 3 && maxdigits >= 2) || (opaque && depth >= 2);
}

/* A <nav> labelled as a list of posts ("Recent Posts", "Related"). */
static int
tf_posts_nav(xmlNodePtr n)
{
	static const char *const words[] = {
		"post", "related", "recent", "popular", "stories", "articles",
		"news", "read", NULL
	};
	const char	*label = page_attr(n, "aria-label");
	char		 t[128];
	size_t		 k;

	if (label == NULL)
		return 0;
	text_label(label, t, sizeof t);
	for (k = 0; words[k] != NULL; k++)
		if (strstr(t, words[k]) != NULL)
			return 1;
	return 0;
}

/* Words of a class/id, through page.c's splitter. */
static int
tf_excluded_node(const struct page *pg, uint32_t i)
{
	const struct pnode	*pn = &pg->v[i];
	const char		*role;
	size_t			 k;

	if (pn->flags & PN_JUNK)
		return 1;
	switch (pn->tag) {
	case TAG_NAV:
		/* WordPress wraps "Recent Posts" and "Related Posts" so. */
		return !tf_posts_nav(pn->node);
	case TAG_FOOTER:
	case TAG_MENU:
	case TAG_HEAD:
	case TAG_DIALOG:
		return 1;
	default:
		break;
	}
	if ((role = page_attr(pn->node, "role")) != NULL &&
	    (strcase_eq(role, "navigation") || strcase_eq(role, "menu") ||
	    strcase_eq(role, "menubar") || strcase_eq(role, "search") ||
	    strcase_eq(role, "contentinfo")))
		return 1;
	if (!(pn->flags & (PN_BOILER | PN_META_LINE)))
		return 0;
	for (k = 0; teaser_excluded_words[k] != NULL; k++)
		if (page_has_class_word(pg, i, teaser_excluded_words[k])) {
			/*
			 * "td_with_ajax_pagination": a block of cards
			 * that can be paged, not the page numbers.
			 */
			if ((strcmp(teaser_excluded_words[k], "pagination") ==
			    0 || strcmp(teaser_excluded_words[k], "pager") ==
			    0) && pn->text > 300)
				continue;
			return 1;
		}
	return 0;
}

/* 1 when element i or an ancestor is a place teasers never are. */
static int
tf_excluded(const struct page *pg, uint32_t i, uint8_t *memo)
{
	uint32_t	 a, path[512];
	size_t		 n = 0;
	int		 r = 0;

	/* memo: 0 unknown, 1 excluded, 2 fine. */
	for (a = i; a != PAGE_NONE && n < sizeof path / sizeof path[0];
	    a = pg->v[a].parent) {
		if (memo[a] != 0) {
			r = memo[a] == 1;
			break;
		}
		path[n++] = a;
		if (tf_excluded_node(pg, a)) {
			r = 1;
			break;
		}
	}
	while (n > 0)
		memo[path[--n]] = r ? 1 : 2;
	return r;
}

/* Lowercased, trimmed text of a node, or "" when longer than size. */
static void
tf_lower_text(const struct page *pg, uint32_t i, char *out, size_t size)
{
	struct buf	 b;

	out[0] = '\0';
	if (pg->v[i].text >= size)
		return;
	buf_init(&b);
	page_text(pg, pg->v[i].node, &b, size, NULL, NULL);
	if (b.data != NULL)
		text_label(b.data, out, size);
	buf_free(&b);
}

/* Does s read as a headline: a few words, or a few CJK characters? */
static int
tf_headline(const char *s)
{
	const unsigned char	*p;
	size_t			 chars = 0, words = 0, wide = 0;
	int			 in = 0, letters = 0;
	char			 low[48], label[128];
	size_t			 i;

	if (s == NULL)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;
		chars++;
		if (*p >= 0xe3 && *p <= 0xed)
			wide++;		/* CJK and Hangul: no spaces */
		if (IS_SPACE(*p)) {
			in = 0;
			letters = 0;
		} else if (!in) {
			in = 1;
		}
		/* A word is one with a letter: "Eldon Weiss, 84" has two. */
		if (in && !letters && (IS_ALPHA(*p) || *p >= 0x80)) {
			letters = 1;
			words++;
		}
	}
	for (i = 0; s[i] != '\0' && i < sizeof low - 1; i++)
		low[i] = (char)TO_LOWER((unsigned char)s[i]);
	low[i] = '\0';
	if (tf_word_in(low, teaser_generic))
		return 0;
	/* "Folgen Sie uns", "Newsletter": a box's label, no headline. */
	if (chars <= 48) {
		text_label(s, label, sizeof label);
		if (text_boiler_label(label, 0))
			return 0;
	}
	for (i = 0; teaser_more_prefixes[i] != NULL; i++)
		if (strncmp(low, teaser_more_prefixes[i],
		    strlen(teaser_more_prefixes[i])) == 0)
			return 0;
	if (wide * 2 >= chars)
		return chars >= 8;
	/* "Shqip", "Sport", "Weather today": menu words, no headline. */
	return words >= 3 && chars >= 12;
}

/* The text of element i, collapsed, as a new string (or NULL). */
static char *
tf_text(const struct page *pg, uint32_t i)
{
	char	*s = page_text_dup(pg, pg->v[i].node, 8192);

	return text_cut_to(s, 2000);
}

/*
 * A link inside a sentence ("... told <a>Variety</a> that ...") is part
 * of prose, not a headline: its block's own text is mostly not it.
 */
static int
tf_inline_link(const struct page *pg, uint32_t a)
{
	uint32_t	 b, chars, commas, c;
	xmlNodePtr	 n;

	for (b = pg->v[a].parent; b != PAGE_NONE && !(pg->v[b].flags &
	    PN_BLOCK); b = pg->v[b].parent)
		;
	if (b == PAGE_NONE || pg->v[b].inline_text <= 60 ||
	    pg->v[a].text * 2 >= pg->v[b].inline_text)
		return 0;
	/*
	 * A card's headline leads its block, with a blurb after it; a link
	 * in a sentence has words before it on its line.  Count them, up
	 * to a few.
	 */
	chars = 0;
	for (n = pg->v[b].node; n != NULL && n != pg->v[a].node; ) {
		if ((n->type == XML_TEXT_NODE) && n->content != NULL &&
		    chars < 15) {
			page_count_text((const char *)n->content, &c,
			    &commas);
			chars += c;
		}
		/* A line break starts another line: "Other stories:<br>". */
		if (n->type == XML_ELEMENT_NODE && page_of(n) != PAGE_NONE &&
		    pg->v[page_of(n)].tag == TAG_BR)
			chars = 0;
		/* Other links' text is no sentence around this one. */
		if (n->children != NULL && n->type == XML_ELEMENT_NODE &&
		    page_of(n) != PAGE_NONE && !(pg->v[page_of(n)].flags &
		    PN_JUNK) && pg->v[page_of(n)].tag != TAG_A) {
			n = n->children;
			continue;
		}
		while (n->next == NULL && n != pg->v[b].node)
			n = n->parent;
		if (n == pg->v[b].node)
			break;
		n = n->next;
	}
	return chars >= 15;
}

/* Collect the story links and give each story an id. */
static void
tf_links(struct tf *tf)
{
	struct page	*pg = tf->pg;
	uint8_t		*memo;
	const char	*href;
	char		*abs, *canon;
	uint32_t	 i;
	size_t		 id;

	memo = xcalloc(pg->n, 1);
	for (i = 0; i < pg->n; i++) {
		if (pg->v[i].tag != TAG_A ||
		    (href = page_attr(pg->v[i].node, "href")) == NULL ||
		    *href == '#' || str_empty(href))
			continue;
		/* "#comment-123", "#respond": a comment, not the story. */
		if (strstr(href, "#comment") != NULL || strstr(href,
		    "#respond") != NULL || strstr(href, "#disqus") != NULL)
			continue;
		if (page_attr(pg->v[i].node, "rel") != NULL) {
			const char *rel = page_attr(pg->v[i].node, "rel");

			if (strcasestr(rel, "author") != NULL ||
			    strcasestr(rel, "tag") != NULL ||
			    strcasestr(rel, "next") != NULL ||
			    strcasestr(rel, "prev") != NULL ||
			    strcasestr(rel, "sponsored") != NULL)
				continue;
		}
		if (tf_inline_link(pg, i))
			continue;
		if ((abs = url_resolve(pg->url, href)) == NULL)
			continue;
		if (!url_same_site(abs, tf->page_url) || !tf_story_url(abs) ||
		    (canon = url_canonical(abs)) == NULL) {
			free(abs);
			continue;
		}
		if ((tf->self != NULL && strcmp(canon, tf->self) == 0) ||
		    (tf->here != NULL && strcmp(canon, tf->here) == 0) ||
		    tf_excluded(pg, i, memo)) {
			free(canon);
			free(abs);
			continue;
		}
		if (!strmap_get(&tf->ids, canon, &id)) {
			id = tf->nurls;
			strmap_put(&tf->ids, canon, id);
			tf->urls = xgrowarray(tf->urls, &tf->urls_cap,
			    tf->nurls + 1, sizeof *tf->urls);
			tf->urls[tf->nurls++] = abs;
		} else
			free(abs);
		free(canon);
		tf->links = xgrowarray(tf->links, &tf->links_cap,
		    tf->nlinks + 1, sizeof *tf->links);
		tf->links[tf->nlinks].node = i;
		tf->links[tf->nlinks].story = (uint32_t)id;
		tf->links[tf->nlinks].card = PAGE_NONE;
		tf->nlinks++;
	}
	free(memo);
}

/* First link at or after node index i. */
static size_t
tf_lower_bound(const struct tf *tf, uint32_t i)
{
	size_t	 lo = 0, hi = tf->nlinks, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (tf->links[mid].node < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Do the links inside element a all go to link k's story? */
static int
tf_only_story(const struct tf *tf, uint32_t a, size_t k)
{
	size_t	 lo = tf_lower_bound(tf, a);
	size_t	 hi = tf_lower_bound(tf, tf->pg->v[a].end);

	return (tf->left[k] == SIZE_MAX || tf->left[k] < lo) &&
	    tf->right[k] >= hi;
}

/* Step 2: each link's card. */
static void
tf_cards(struct tf *tf)
{
	const struct page	*pg = tf->pg;
	size_t			 k;
	uint32_t		 a, card, p;

	tf->left = xreallocarray(NULL, tf->nlinks + 1, sizeof *tf->left);
	tf->right = xreallocarray(NULL, tf->nlinks + 1, sizeof *tf->right);
	for (k = 0; k < tf->nlinks; k++)
		tf->left[k] = k == 0 ? SIZE_MAX : tf->links[k - 1].story !=
		    tf->links[k].story ? k - 1 : tf->left[k - 1];
	for (k = tf->nlinks; k-- > 0; )
		tf->right[k] = k + 1 == tf->nlinks ? tf->nlinks :
		    tf->links[k + 1].story != tf->links[k].story ? k + 1 :
		    tf->right[k + 1];
	for (k = 0; k < tf->nlinks; k++) {
		a = tf->links[k].node;
		card = a;
		for (p = pg->v[a].parent; p != PAGE_NONE && p != pg->body &&
		    pg->v[p].tag != TAG_HTML; p = pg->v[p].parent) {
			if (pg->v[p].text > TEASER_CARD_MAX_TEXT ||
			    pg->v[p].text - pg->v[p].link_text >
			    TEASER_CARD_MAX_PROSE ||
			    (pg->v[p].flags & PN_ARTICLE_BODY) ||
			    !tf_only_story(tf, p, k))
				break;
			card = p;
		}
		tf->links[k].card = card;
	}
}

static int
tf_is_heading(const struct page *pg, uint32_t i)
{
	return (pg->v[i].flags & PN_HEADING) != 0;
}

/* Strip a trailing ellipsis (and a "Read more" after it); 1 if cut. */
static int
tf_strip_ellipsis(char *s)
{
	size_t	 n = strlen(s), k;
	int	 cut = 0;
	static const char *const tails[] = {
		"read more", "read more \xc2\xbb", "more", "continue reading",
		"weiterlesen", "lire la suite", "leer más", "[…]", "[...]",
		"»", NULL
	};

	for (;;) {
		while (n > 0 && IS_SPACE(s[n - 1]))
			n--;
		s[n] = '\0';
		if (n >= 3 && memcmp(s + n - 3, "\xe2\x80\xa6", 3) == 0) {
			n -= 3;		/* U+2026 */
			cut = 1;
			continue;
		}
		if (n >= 3 && memcmp(s + n - 3, "...", 3) == 0) {
			while (n > 0 && s[n - 1] == '.')
				n--;
			cut = 1;
			continue;
		}
		for (k = 0; tails[k] != NULL; k++) {
			size_t	 t = strlen(tails[k]);

			if (n > t && strncase_eq(s + n - t, tails[k], t) &&
			    (IS_SPACE(s[n - t - 1]) || s[n - t - 1] == '.' ||
			    (unsigned char)s[n - t - 1] >= 0x80)) {
				if (tails[k][0] == '[')
					cut = 1;
				n -= t;
				break;
			}
		}
		if (tails[k] == NULL)
			break;
	}
	while (n > 0 && IS_SPACE(s[n - 1]))
		n--;
	s[n] = '\0';
	return cut;
}

/* Is element i card furniture: a date, a byline, a label, a kicker? */
static int
tf_furniture(const struct page *pg, uint32_t i)
{
	if (pg->v[i].tag == TAG_TIME || pg->v[i].tag == TAG_FIGCAPTION)
		return 1;
	/* "read-time" is furniture, "read-next__link" the card's link. */
	if ((pg->v[i].words & PW_READ) && (pg->v[i].words & (PW_NEXT |
	    PW_RELATED | PW_RECOMMENDED)))
		return 0;
	return (pg->v[i].words & (PW_DATE | PW_TIME | PW_BYLINE | PW_AUTHOR |
	    PW_META | PW_CATEGORY | PW_SECTION | PW_KICKER | PW_EYEBROW |
	    PW_LABEL | PW_TAG | PW_TAGS | PW_TIMESTAMP | PW_CREDIT |
	    PW_CAPTION | PW_COMMENTS | PW_COUNT | PW_READ | PW_DURATION |
	    PW_FLAG | PW_BADGE | PW_OVERLINE)) != 0;
}

/*
 * The text of element i as a title: a rank number in an element of its
 * own at the start ("<span>3</span> Headline", a most-read list) is no
 * part of it.
 */
static char *
tf_title_text(const struct page *pg, uint32_t i)
{
	uint32_t	 j;
	char		*s, *r;
	size_t		 n;

	s = tf_text(pg, i);
	for (j = i + 1; s != NULL && j < pg->v[i].end; j = pg->v[j].end) {
		if (pg->v[j].text == 0)
			continue;
		/* The first child with text: all digits? */
		r = tf_text(pg, j);
		n = r != NULL ? strlen(r) : 0;
		if (n > 0 && n <= 3 && strspn(r, "0123456789.") == n &&
		    strncmp(s, r, n) == 0) {
			char	*rest = text_collapse(s + n, strlen(s + n));

			free(s);
			s = rest;
		}
		free(r);
		break;
	}
	return s;
}

/* Does s look like a date, a time or a reading time, not a snippet? */
static int
tf_datelike(const char *s)
{
	size_t	 digits = 0, letters = 0, words = 0, n = 0;
	int	 in = 0;

	for (; s[n] != '\0'; n++) {
		if (IS_DIGIT(s[n]))
			digits++;
		else if (IS_ALPHA(s[n]) || (unsigned char)s[n] >= 0x80)
			letters++;
		if (IS_SPACE(s[n]))
			in = 0;
		else if (!in) {
			in = 1;
			words++;
		}
	}
	return words < 5 || (digits > 0 && words <= 8 && strstr(s, "read") !=
	    NULL) || (digits * 3 > letters && words <= 8);
}

/* An element whose class names it the headline. */
static int
tf_headline_class(const struct page *pg, uint32_t i)
{
	return (pg->v[i].words & (PW_TITLE | PW_HEADLINE | PW_HED |
	    PW_HEADING)) != 0;
}

/* Does element i hold (or is it) a link to url? */
static int
tf_links_to(const struct page *pg, uint32_t i, const char *url)
{
	const char	*href;
	char		*a, *ca, *cu;
	uint32_t	 j;
	int		 yes = 0;

	cu = url_canonical(url);
	for (j = i; j < pg->v[i].end && !yes && cu != NULL; j++) {
		if (pg->v[j].tag != TAG_A ||
		    (href = page_attr(pg->v[j].node, "href")) == NULL ||
		    (a = url_resolve(pg->url, href)) == NULL)
			continue;
		ca = url_canonical(a);
		yes = ca != NULL && strcmp(ca, cu) == 0;
		free(ca);
		free(a);
	}
	/* Or inside one (a card that is one big link). */
	for (j = pg->v[i].parent; !yes && cu != NULL && j != PAGE_NONE;
	    j = pg->v[j].parent)
		if (pg->v[j].tag == TAG_A) {
			yes = 1;
			break;
		}
	free(cu);
	return yes;
}

/*
 * Does element i belong to a link elsewhere than url: inside one, or
 * holding one and none to url?  (A widget's card of ours beside its
 * sponsored ones takes none of their headlines.)
 */
static int
tf_elsewhere(const struct page *pg, uint32_t i, const char *url)
{
	const char	*href = NULL;
	char		*abs, *ca, *cu;
	uint32_t	 a;
	int		 other;

	for (a = i; a != PAGE_NONE && href == NULL; a = pg->v[a].parent)
		if (pg->v[a].tag == TAG_A)
			href = page_attr(pg->v[a].node, "href");
	if (href == NULL)
		return pg->v[i].nlinks > 0 && !tf_links_to(pg, i, url);
	if ((abs = url_resolve(pg->url, href)) == NULL)
		return 1;
	ca = url_canonical(abs);
	cu = url_canonical(url);
	other = ca == NULL || cu == NULL || strcmp(ca, cu) != 0;
	free(ca);
	free(cu);
	free(abs);
	return other;
}

/*
 * The headline of card c: a heading that links to the story, else any
 * heading that reads as a headline, else an element classed as the
 * title, else the longest link text, else an image's alt text.
 */
static char *
tf_card_title(const struct page *pg, uint32_t c, const char *url,
    uint32_t *node)
{
	uint32_t	 i, pass, best = PAGE_NONE, best_len = 0;
	char		*s;

	for (pass = 0; pass < 3; pass++)
		for (i = c; i < pg->v[c].end; i++) {
			if (pg->v[i].flags & PN_JUNK) {
				i = pg->v[i].end - 1;
				continue;
			}
			if (pg->v[i].text == 0 || (pass < 2 &&
			    !tf_is_heading(pg, i)) || (pass == 2 &&
			    !tf_headline_class(pg, i)) ||
			    tf_furniture(pg, i) || (pass == 0 &&
			    !tf_links_to(pg, i, url)) || (pass > 0 &&
			    tf_elsewhere(pg, i, url)))
				continue;
			s = tf_title_text(pg, i);
			if (tf_headline(s)) {
				*node = i;
				return s;
			}
			free(s);
		}
	for (i = c; i < pg->v[c].end; i++) {
		if (pg->v[i].tag != TAG_A || pg->v[i].text <= best_len ||
		    (pg->v[i].flags & PN_JUNK) || tf_elsewhere(pg, i, url))
			continue;
		best = i;
		best_len = pg->v[i].text;
	}
	if (best != PAGE_NONE) {
		/* A card that is one link: its first block is the headline,
		   the ones after it the snippet. */
		for (i = best + 1; i < pg->v[best].end; i++)
			if ((pg->v[i].flags & PN_BLOCK) && pg->v[i].text > 0 &&
			    pg->v[i].text < pg->v[best].text &&
			    !tf_furniture(pg, i)) {
				s = tf_title_text(pg, i);
				if (tf_headline(s)) {
					*node = i;
					return s;
				}
				free(s);
				break;
			}
		s = tf_title_text(pg, best);
		if (tf_headline(s)) {
			*node = best;
			return s;
		}
		free(s);
	}
	for (i = c; i < pg->v[c].end; i++) {
		const char	*alt;

		if (pg->v[i].tag == TAG_IMG && (alt = page_attr(pg->v[i].node,
		    "alt")) != NULL && tf_headline(alt) &&
		    !tf_elsewhere(pg, i, url)) {
			*node = PAGE_NONE;
			return text_collapse(alt, strlen(alt));
		}
	}
	return NULL;
}

/* Is element i a candidate snippet of a card whose title is at tn? */
static int
tf_snippet_block(const struct page *pg, uint32_t i, uint32_t c, uint32_t tn)
{
	const struct pnode	*pn = &pg->v[i];

	if (i == c || !(pn->flags & PN_BLOCK) || pn->inline_text < 20)
		return 0;
	if (tn != PAGE_NONE && (page_within(pg, i, tn) ||
	    page_within(pg, tn, i)))
		return 0;
	/* A heading below the title is a subtitle: a snippet too. */
	if ((pn->flags & PN_HEADING) && pn->inline_text < 40)
		return 0;
	return 1;
}

struct tf_skip {
	uint32_t	 card, title;
};

/* page_text() skip: the title and the furniture of a card. */
/* Is element i a date and nothing else ("Nov. 30, 2026")?  Into *d. */
static int
tf_date_element(const struct page *pg, uint32_t i, int64_t *d)
{
	char	*s;
	int	 rc;

	if (pg->v[i].text < 6 || pg->v[i].text > 40 || pg->v[i].nlinks > 0 ||
	    pg->v[i].tag == TAG_A)
		return 0;
	s = tf_text(pg, i);
	rc = s != NULL && strpbrk(s, "0123456789") != NULL &&
	    date_parse(s, d) == 0;
	free(s);
	return rc;
}

static int
tf_snippet_skip(const struct page *pg, uint32_t i, void *arg)
{
	const struct tf_skip	*sk = arg;
	int64_t			 d;

	return i == sk->title || (i != sk->card && (tf_furniture(pg, i) ||
	    pg->v[i].tag == TAG_IMG || tf_date_element(pg, i, &d)));
}

/* Read the teaser of card c about url. */
static int
tf_read_card(const struct page *pg, uint32_t c, const char *url,
    struct teaser *t)
{
	struct buf	 b;
	uint32_t	 i, title_node = PAGE_NONE, best = PAGE_NONE;
	uint32_t	 best_len = 0;
	const char	*v;
	int64_t		 d;

	memset(t, 0, sizeof *t);
	t->card = c;
	t->dek = PAGE_NONE;
	t->published = DATE_NONE;
	if ((t->title = tf_card_title(pg, c, url, &title_node)) == NULL) {
		teaser_clear(t);
		return -1;
	}
	t->link = xstrdup(url);
	for (i = c; i < pg->v[c].end; i++) {
		if (pg->v[i].flags & PN_JUNK) {
			i = pg->v[i].end - 1;
			continue;
		}
		if (pg->v[i].tag == TAG_TIME && t->published == DATE_NONE &&
		    (v = page_attr(pg->v[i].node, "datetime")) != NULL &&
		    date_parse(v, &d) == 0)
			t->published = d;
		if (pg->v[i].tag == TAG_IMG && t->image == NULL)
			t->image = html_image_src(pg->v[i].node, pg->url);
		/* Themes paint a card's picture as a CSS background. */
		if (t->image == NULL && pg->v[i].tag != TAG_IMG)
			t->image = html_style_image(pg->v[i].node, pg->url);
		/* A line that is a date: the card's, and no snippet. */
		if (i != c && tf_date_element(pg, i, &d)) {
			if (t->published == DATE_NONE)
				t->published = d;
			i = pg->v[i].end - 1;
			continue;
		}
		/* Furniture: not what holds the headline ("meta-info"). */
		if (i != c && tf_furniture(pg, i) && (title_node == PAGE_NONE ||
		    !page_within(pg, title_node, i))) {
			i = pg->v[i].end - 1;
			continue;
		}
		if (tf_snippet_block(pg, i, c, title_node) &&
		    pg->v[i].inline_text > best_len) {
			best = i;
			best_len = pg->v[i].inline_text;
		}
	}
	/* A flat list (<h2><a>..</a></h2><p>dek</p>): the next sibling. */
	if (best == PAGE_NONE && tf_is_heading(pg, c) &&
	    (i = pg->v[c].end) < pg->n &&
	    pg->v[i].parent == pg->v[c].parent && pg->v[i].tag == TAG_P &&
	    pg->v[i].nlinks == 0 && pg->v[i].inline_text >= 20 &&
	    !tf_furniture(pg, i)) {
		best = i;
		t->dek = i;
	}
	buf_init(&b);
	if (best != PAGE_NONE)
		page_text(pg, pg->v[best].node, &b, 4096, NULL, NULL);
	else {
		/* No block of its own: what the card says besides its
		   headline ("<a>Headline</a><br><span>blurb</span>"). */
		struct tf_skip	 sk = { c, title_node };

		page_text(pg, pg->v[c].node, &b, 4096, tf_snippet_skip, &sk);
	}
	if (b.data != NULL) {
		t->cut = tf_strip_ellipsis(b.data);
		b.len = strlen(b.data);
		if (b.len >= 10 && strcmp(b.data, t->title) != 0 &&
		    !tf_datelike(b.data))
			t->snippet = text_cut_to(buf_steal(&b), 2000);
	}
	buf_free(&b);
	if (t->snippet == NULL)
		t->cut = 0;
	return 0;
}

/* Is a "Read next"-like label near card c (in its block's heading)? */
static int
tf_labelled(const struct page *pg, uint32_t c)
{
	uint32_t	 a, i, level;
	char		 t[64];
	size_t		 k;

	for (a = c, level = 0; a != PAGE_NONE && level <=
	    TEASER_LABEL_LEVELS; a = pg->v[a].parent, level++) {
		/* The box of the card, not the story around it. */
		if (pg->v[a].text > pg->v[c].text * 2 + 100)
			break;
		for (i = a; i < pg->v[a].end; i++) {
			if (!tf_is_heading(pg, i) && !(pg->v[i].tag ==
			    TAG_SPAN || pg->v[i].tag == TAG_DIV ||
			    pg->v[i].tag == TAG_P || pg->v[i].tag == TAG_STRONG))
				continue;
			if (pg->v[i].text == 0 || pg->v[i].text > 40)
				continue;
			tf_lower_text(pg, i, t, sizeof t);
			for (k = 0; teaser_labels[k] != NULL; k++)
				if (strncmp(t, teaser_labels[k],
				    strlen(teaser_labels[k])) == 0)
					return 1;
		}
		if (pg->v[a].words & (PW_RELATED | PW_RECOMMENDED | PW_NEXT |
		    PW_TEASER))
			return 1;
	}
	return 0;
}

/* The lowest element holding both a and b. */
static uint32_t
tf_common(const struct page *pg, uint32_t a, uint32_t b)
{
	while (a != PAGE_NONE && !page_within(pg, b, a))
		a = pg->v[a].parent;
	return a;
}

struct tf_card {
	uint32_t	 node;
	uint32_t	 story;
};

static int
tf_card_cmp(const void *a, const void *b)
{
	uint32_t	 x = ((const struct tf_card *)a)->node;
	uint32_t	 y = ((const struct tf_card *)b)->node;

	return x < y ? -1 : x > y;
}

/*
 * Does element c hold links to three others stories than s, or more?
 * The story's two entries in a "most read" and a "most commented" list
 * have both lists in common, and that is no card of it; a hero card's
 * two sublinks to follow-ups do not make it another story's.
 */
static int
tf_links_other(const struct tf *tf, uint32_t c, uint32_t s)
{
	size_t	 lo = 0, hi = tf->nlinks, mid, others = 0;
	uint32_t end = tf->pg->v[c].end;

	/* The first link at or after c: links are in document order. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tf->links[mid].node < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < tf->nlinks && tf->links[lo].node < end; lo++)
		if (tf->links[lo].story != s && ++others >= 3)
			return 1;
	return 0;
}

/*
 * One card per story: the element holding all its links' cards when
 * that is still a card's size (an image link and a headline link of a
 * hero story, with its standfirst between), else its first link's (its
 * first with a picture).
 */
static size_t
tf_story_cards(struct tf *tf, struct tf_card *cards)
{
	const struct page	*pg = tf->pg;
	uint32_t		*first, *lca, c, s;
	size_t			 k, n = 0;

	first = xreallocarray(NULL, tf->nurls + 1, sizeof *first);
	lca = xreallocarray(NULL, tf->nurls + 1, sizeof *lca);
	for (s = 0; s < tf->nurls; s++)
		first[s] = lca[s] = PAGE_NONE;
	for (k = 0; k < tf->nlinks; k++) {
		s = tf->links[k].story;
		c = tf->links[k].card;
		if (first[s] == PAGE_NONE)
			first[s] = lca[s] = c;
		else {
			if (lca[s] != PAGE_NONE)
				lca[s] = tf_common(pg, lca[s], c);
			/* Linked twice apart: the copy with a picture. */
			if (pg->v[first[s]].nimages == 0 &&
			    pg->v[c].nimages > 0)
				first[s] = c;
		}
	}
	for (s = 0; s < tf->nurls; s++) {
		c = lca[s];
		if (c == PAGE_NONE || c == pg->body || pg->v[c].tag ==
		    TAG_HTML || pg->v[c].text > 2 * TEASER_CARD_MAX_TEXT ||
		    pg->v[c].text - pg->v[c].link_text > 2 *
		    TEASER_CARD_MAX_PROSE || tf_links_other(tf, c, s))
			c = first[s];
		cards[n].node = c;
		cards[n++].story = s;
	}
	free(first);
	free(lca);
	qsort(cards, n, sizeof *cards, tf_card_cmp);
	return n;
}

/* A block's label: short, and not a card's. */
static int
tf_is_label(const struct page *pg, uint32_t i)
{
	return pg->v[i].text > 0 && pg->v[i].text <= 60 &&
	    !(pg->v[i].flags & PN_TEASER) && pg->v[i].nlinks <= 1;
}

/*
 * The label of a block of teasers ("Other Stories", "Related") goes
 * with it: what comes before its first card inside it, else the
 * heading just before it.
 */
static void
tf_mark_label(struct page *pg, uint32_t b, uint32_t first)
{
	uint32_t	 c, par, prev;

	for (c = b + 1; c < pg->v[b].end && !page_within(pg, first, c);
	    c = pg->v[c].end)
		if (tf_is_label(pg, c)) {
			pg->v[c].flags |= PN_TEASER;
			return;
		}
	if ((par = pg->v[b].parent) == PAGE_NONE)
		return;
	prev = PAGE_NONE;
	for (c = par + 1; c < pg->v[par].end && c != b; c = pg->v[c].end)
		prev = c;
	if (prev != PAGE_NONE && tf_is_heading(pg, prev) &&
	    tf_is_label(pg, prev))
		pg->v[prev].flags |= PN_TEASER;
}

/*
 * The text a card stands for: its own, and in a flat list
 * (<h2><a>..</a></h2><p>dek</p>) its heading's dek.
 */
static uint32_t
tf_card_extent(const struct page *pg, uint32_t c)
{
	uint32_t	 text = pg->v[c].text, d = pg->v[c].end;

	if (tf_is_heading(pg, c) && d < pg->n &&
	    pg->v[d].parent == pg->v[c].parent && pg->v[d].tag == TAG_P &&
	    pg->v[d].nlinks == 0)
		text += pg->v[d].text;
	return text;
}

/*
 * A block of cards most of which have no headline is a menu ("Village
 * Hall", "Hall Bookings", ... among the one "Wrenford Wanderer
 * Magazine"): none of its cards is a teaser.
 */
static int
tf_menu_block(const struct page *pg, const struct tf_card *cards, size_t lo,
    size_t hi)
{
	size_t		 j, heads = 0;
	uint32_t	 c;
	char		*s;

	if (hi - lo < 4)
		return 0;
	for (j = lo; j < hi; j++) {
		c = cards[j].node;
		if (pg->v[c].text > 150) {
			heads++;
			continue;
		}
		s = tf_text(pg, c);
		heads += tf_headline(s);
		free(s);
	}
	return heads * 2 < hi - lo;
}

/* Step 3: keep the cards that sit in blocks; mark and read them. */
static void
tf_blocks(struct tf *tf, struct teaser_list *out)
{
	struct page	*pg = tf->pg;
	struct tf_card	*cards;
	uint32_t	 c, b, a, card_text;
	size_t		 ncards, k, j, lo = 0, hi, n;
	uint32_t	 labelled = PAGE_NONE, judged = PAGE_NONE;
	size_t		 block_n = 1, out_cap = out->n;
	int		 menu = 0;
	struct teaser	 t;

	cards = xreallocarray(NULL, tf->nurls + 1, sizeof *cards);
	ncards = tf_story_cards(tf, cards);
	for (k = 0; k < ncards; k++) {
		c = cards[k].node;
		/* The lowest ancestor that holds another card. */
		b = PAGE_NONE;
		for (a = pg->v[c].parent; a != PAGE_NONE; a = pg->v[a].parent) {
			if ((k > 0 && page_within(pg, cards[k - 1].node, a)) ||
			    (k + 1 < ncards && page_within(pg,
			    cards[k + 1].node, a))) {
				b = a;
				break;
			}
		}
		n = 1;
		if (b != PAGE_NONE && b != judged) {
			/*
			 * Its cards: a run around k (cards are sorted),
			 * found once for the block.
			 */
			for (lo = k; lo > 0 && page_within(pg,
			    cards[lo - 1].node, b); lo--)
				;
			for (hi = k + 1; hi < ncards && page_within(pg,
			    cards[hi].node, b); hi++)
				;
			block_n = hi - lo;
			card_text = 0;
			for (j = lo; j < hi; j++)
				card_text += tf_card_extent(pg,
				    cards[j].node);
			/*
			 * Cards that are a small part of what holds them
			 * are links in a story's text, or a kicker's link
			 * beside a box of teasers further down.
			 */
			if (card_text * 3 < pg->v[b].text)
				block_n = 1;
			menu = tf_menu_block(pg, cards, lo, hi);
			judged = b;
		}
		if (b != PAGE_NONE) {
			if (menu)
				continue;
			n = block_n;
		}
		if (n < 2 && (pg->v[c].tag == TAG_P || !tf_labelled(pg, c)))
			continue;
		/* A "card" that is a paragraph of prose is a story's. */
		if (pg->v[c].tag == TAG_P && pg->v[c].text > 300)
			continue;
		/* Past the cap, cards are still no story: only not read. */
		if (out->n >= TEASER_MAX) {
			pg->v[c].flags |= PN_TEASER;
			continue;
		}
		if (tf_read_card(pg, c, tf->urls[cards[k].story], &t) == -1)
			continue;
		pg->v[c].flags |= PN_TEASER;
		if (t.dek != PAGE_NONE)
			pg->v[t.dek].flags |= PN_TEASER;
		if (n >= 2 && b != labelled) {
			tf_mark_label(pg, b, cards[lo].node);
			labelled = b;
		}
		out->v = xgrowarray(out->v, &out_cap, out->n + 1,
		    sizeof *out->v);
		out->v[out->n++] = t;
	}
	free(cards);
}

void
teaser_find(struct page *pg, const char *page_url, struct teaser_list *out)
{
	struct tf	 tf;
	size_t		 i;

	memset(&tf, 0, sizeof tf);
	tf.pg = pg;
	tf.page_url = page_url;
	tf.self = url_canonical(page_url);
	tf.here = url_canonical(pg->url);
	strmap_init(&tf.ids);
	tf_links(&tf);
	if (tf.nlinks > 0) {
		tf_cards(&tf);
		tf_blocks(&tf, out);
	}
	for (i = 0; i < tf.nurls; i++)
		free(tf.urls[i]);
	free(tf.urls);
	free(tf.links);
	free(tf.left);
	free(tf.right);
	free(tf.self);
	free(tf.here);
	strmap_free(&tf.ids);
}

int
teaser_read(const struct page *pg, uint32_t i, struct teaser *t)
{
	const char	*href;
	char		*abs;
	uint32_t	 j;
	int		 rc;

	/* Its first link with an http(s) target. */
	for (j = i; j < pg->v[i].end; j++) {
		if (pg->v[j].tag != TAG_A || (href = page_attr(pg->v[j].node,
		    "href")) == NULL)
			continue;
		if ((abs = url_resolve(pg->url, href)) == NULL)
			continue;
		if (strncase_eq(abs, "http://", 7) ||
		    strncase_eq(abs, "https://", 8)) {
			rc = tf_read_card(pg, i, abs, t);
			free(abs);
			if (rc == 0)
				return 0;
			/* No headline of a few words: take its text. */
			memset(t, 0, sizeof *t);
			t->published = DATE_NONE;
			t->card = i;
			t->link = url_resolve(pg->url, href);
			t->title = tf_text(pg, j);
			return t->title != NULL ? 0 : (teaser_clear(t), -1);
		}
		free(abs);
	}
	return -1;
}

void
teaser_clear(struct teaser *t)
{
	free(t->link);
	free(t->title);
	free(t->snippet);
	free(t->image);
	memset(t, 0, sizeof *t);
	t->published = DATE_NONE;
}

void
teaser_list_free(struct teaser_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		teaser_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
