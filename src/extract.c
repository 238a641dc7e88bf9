/*
 * extract.c: the main story of an article page (see extract.h).
 *
 * The method is Readability's (Arc90's, as Mozilla keeps it in
 * Readability.js), on the index of page.c instead of a mutable DOM:
 *
 * 1. Leave out what cannot be the story: navigation, footers, asides,
 *    share bars, comments, ads and the like by tag, role, class and id,
 *    unless such an element holds most of the page's prose (a wrapper
 *    named "main-sidebar-wrap" is not a sidebar).
 * 2. Score: every block with 25 characters of its own prose scores
 *    2 + commas + 1 per 100 characters (at most 3), given to its parent
 *    in full, its grandparent by half and three more ancestors by
 *    3 x level; an element's first score starts from its tag and from
 *    its class/id weight.  Scores are then scaled by 1 - link density.
 * 3. Take the best, move up to the common ancestor when several close
 *    runners-up sit under one, up while the parent scores better, and
 *    up through single-child wrappers.
 * 4. Add siblings that score a fifth of the best, share its class, or
 *    are plain paragraphs with few links.
 * 5. Inside, drop headings that are titles or links, blocks that are
 *    only a label ("Advertisement"), paragraphs that are mostly one
 *    link ("Read more: ..."), and conditionally (Readability's
 *    _cleanConditionally) lists, tables, divs and sections that hold
 *    more links, images, list items or form fields than prose.
 * 6. Under 500 characters, try again without the class-based removal
 *    of step 1, then without class weights, then without step 5; keep
 *    the longest.
 * Every counter of step 5 is kept per element and lowered along the
 * ancestors when a block is dropped, so each decision sees the tree as
 * it is by then, as Readability's does, without walking subtrees again.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "html.h"
#include "pagemeta.h"
#include "text.h"
#include "util.h"

/* Heuristics an attempt uses (step 6 turns them off one by one). */
#define EX_STRIP_UNLIKELY	0x1
#define EX_WEIGHT_CLASSES	0x2
#define EX_CLEAN_CONDITIONALLY	0x4

/* Below this much text an attempt is retried with fewer heuristics. */
#define EX_CHAR_THRESHOLD	500
#define EX_MIN_PARAGRAPH	25
#define EX_TOP_CANDIDATES	5
#define EX_ANCESTOR_LEVELS	5

/* Per element, per attempt. */
struct xn {
	float		 score;
	uint8_t		 scored;
	uint8_t		 skip;		/* left out, with its subtree */
	uint8_t		 in_skip;	/* it or an ancestor is */
	uint8_t		 in_part;	/* inside a part of the story */
	/* Live counts over what is not left out. */
	uint32_t	 text;
	uint32_t	 link;
	uint32_t	 heading;
	uint32_t	 p;
	uint32_t	 img;
	uint32_t	 li;
	uint32_t	 input;
	uint32_t	 embed;
	uint32_t	 commas;
};

struct ex {
	struct page		*pg;
	const struct pagemeta	*pm;
	struct xn		*x;
	int			 flags;
	uint32_t		 parts[EXTRACT_MAX_PARTS];
	size_t			 nparts;
};

/* Whole-text labels that are never part of a story. */
static const char *const ex_labels[] = {
	"advertisement", "advertisements", "advertising", "anzeige",
	"werbung", "publicité", "publicidad", "pubblicità", "reklama",
	"advertentie", "sponsored", "sponsored content", "ad", "ads",
	"story continues below advertisement", "continue reading below",
	"article continues below", "scroll to continue with content",
	"skip advertisement", "share", "share this", "share this article",
	"share this story", "share and follow", "tweet", "email", "print",
	"comments", "related", "related articles", "related stories",
	"read more", "more", "see also", "you may also like",
	"recommended", "trending", "most read", "most popular", NULL
};

static int
ex_is_para_tag(int tag)
{
	switch (tag) {
	case TAG_P:
	case TAG_PRE:
	case TAG_TD:
	case TAG_TH:
	case TAG_BLOCKQUOTE:
	case TAG_DD:
	case TAG_LI:
	case TAG_DIV:
	case TAG_SECTION:
	case TAG_ARTICLE:
	case TAG_MAIN:
	case TAG_CENTER:
	case TAG_ADDRESS:
	case TAG_H2:
	case TAG_H3:
	case TAG_H4:
	case TAG_H5:
	case TAG_H6:
	case TAG_DT:
	case TAG_SUMMARY:
	case TAG_DETAILS:
	case TAG_OTHER:
		return 1;
	default:
		return 0;
	}
}

/* A candidate's starting score: its tag, and its class/id. */
static void
ex_init(struct ex *ex, uint32_t i)
{
	const struct pnode	*pn = &ex->pg->v[i];
	float			 s = 0;

	if (ex->x[i].scored)
		return;
	switch (pn->tag) {
	case TAG_DIV:
		s = 5;
		break;
	case TAG_PRE:
	case TAG_TD:
	case TAG_BLOCKQUOTE:
		s = 3;
		break;
	case TAG_ADDRESS:
	case TAG_OL:
	case TAG_UL:
	case TAG_DL:
	case TAG_DD:
	case TAG_DT:
	case TAG_LI:
	case TAG_FORM:
		s = -3;
		break;
	case TAG_H1:
	case TAG_H2:
	case TAG_H3:
	case TAG_H4:
	case TAG_H5:
	case TAG_H6:
	case TAG_TH:
		s = -5;
		break;
	default:
		break;
	}
	if (ex->flags & EX_WEIGHT_CLASSES)
		s += pn->weight;
	ex->x[i].score = s;
	ex->x[i].scored = 1;
}

/* The characters of the page's prose outside links, under i. */
static uint32_t
ex_prose(const struct page *pg, uint32_t i)
{
	return pg->v[i].text - pg->v[i].link_text;
}

/* Step 1: mark what cannot be the story. */
static void
ex_mark_unlikely(struct ex *ex)
{
	struct page	*pg = ex->pg;
	uint32_t	 i, body = pg->body, total;
	uint32_t	 flags;

	total = ex_prose(pg, body);
	for (i = 0; i < pg->n; i++) {
		flags = pg->v[i].flags;
		if (flags & (PN_JUNK | PN_TEASER)) {
			ex->x[i].skip = 1;
			i = pg->v[i].end - 1;
			continue;
		}
		if (pg->v[i].tag == TAG_HEAD) {
			ex->x[i].skip = 1;
			i = pg->v[i].end - 1;
			continue;
		}
		if (!(ex->flags & EX_STRIP_UNLIKELY) || i == body ||
		    i == 0)
			continue;
		/* A wrapper holding most of the prose is no boilerplate. */
		if ((flags & PN_BOILER) && !(flags & PN_ARTICLE_BODY) &&
		    (ex_prose(pg, i) < total / 2 || pg->v[i].tag == TAG_NAV ||
		    pg->v[i].tag == TAG_FOOTER)) {
			ex->x[i].skip = 1;
			i = pg->v[i].end - 1;
			continue;
		}
		if ((flags & PN_META_LINE) && !(flags & PN_ARTICLE_BODY) &&
		    pg->v[i].text < 250) {
			ex->x[i].skip = 1;
			i = pg->v[i].end - 1;
		}
	}
}

/*
 * in_skip, and the live counts over what is not left out: each element
 * starts from its subtree's sums in the index, loses those of every
 * subtree left out below it, and gathers its descendants' tag counts.
 */
static void
ex_live_counts(struct ex *ex)
{
	const struct page	*pg = ex->pg;
	const struct pnode	*pn;
	struct xn		*x = ex->x, *xp;
	uint32_t		 i, par, a;

	for (i = 0; i < pg->n; i++) {
		pn = &pg->v[i];
		par = pn->parent;
		x[i].in_skip = x[i].skip || (par != PAGE_NONE &&
		    x[par].in_skip);
		x[i].heading = x[i].p = x[i].img = x[i].li = 0;
		x[i].input = x[i].embed = 0;
		if (x[i].in_skip) {
			x[i].text = x[i].link = x[i].commas = 0;
			continue;
		}
		x[i].text = pn->text;
		x[i].link = pn->link_text;
		x[i].commas = pn->commas;
	}
	/* Subtrees left out: off every live ancestor. */
	for (i = 0; i < pg->n; i++) {
		if (!x[i].skip || (pg->v[i].parent != PAGE_NONE &&
		    x[pg->v[i].parent].in_skip)) {
			if (x[i].in_skip)
				i = pg->v[i].end - 1;
			continue;
		}
		pn = &pg->v[i];
		for (a = pn->parent; a != PAGE_NONE; a = pg->v[a].parent) {
			x[a].text -= pn->text < x[a].text ? pn->text :
			    x[a].text;
			x[a].link -= pn->link_text < x[a].link ?
			    pn->link_text : x[a].link;
			x[a].commas -= pn->commas < x[a].commas ?
			    pn->commas : x[a].commas;
		}
		i = pn->end - 1;
	}
	/* Tag counts, children before parents. */
	for (i = pg->n; i-- > 0; ) {
		if (x[i].in_skip)
			continue;
		pn = &pg->v[i];
		switch (pn->tag) {
		case TAG_P:
			x[i].p++;
			break;
		case TAG_IMG:
			x[i].img++;
			break;
		case TAG_LI:
			x[i].li++;
			break;
		case TAG_INPUT:
		case TAG_SELECT:
		case TAG_TEXTAREA:
		case TAG_BUTTON:
			x[i].input++;
			break;
		case TAG_IFRAME:
		case TAG_EMBED:
		case TAG_OBJECT:
		case TAG_VIDEO:
			x[i].embed++;
			break;
		default:
			break;
		}
		if (pn->flags & PN_HEADING)
			x[i].heading = x[i].text;
		if ((par = pn->parent) == PAGE_NONE)
			continue;
		xp = &x[par];
		xp->heading += x[i].heading;
		xp->p += x[i].p;
		xp->img += x[i].img;
		xp->li += x[i].li;
		xp->input += x[i].input;
		xp->embed += x[i].embed;
	}
}

static float
ex_link_density(const struct xn *x)
{
	return x->text > 0 ? (float)x->link / (float)x->text : 0;
}

/* Step 2: paragraphs give their score to their ancestors. */
static void
ex_score(struct ex *ex)
{
	const struct page	*pg = ex->pg;
	const struct pnode	*pn;
	uint32_t		 i, a, level;
	float			 s;

	for (i = 0; i < pg->n; i++) {
		if (ex->x[i].skip) {
			i = pg->v[i].end - 1;
			continue;
		}
		pn = &pg->v[i];
		if (!(pn->flags & PN_BLOCK) || !ex_is_para_tag(pn->tag) ||
		    pn->inline_text < EX_MIN_PARAGRAPH)
			continue;
		/* A "paragraph" that is a link ("Read more: ...") is not. */
		if (pn->inline_link * 2 > pn->inline_text)
			continue;
		s = 2.0f + (float)pn->inline_commas +
		    (float)(pn->inline_text / 100 < 3 ? pn->inline_text / 100 :
		    3);
		/* A <li> of prose scores, one of a menu does not much. */
		if (pn->tag == TAG_LI)
			s /= 2;
		for (a = pn->parent, level = 0; a != PAGE_NONE &&
		    level < EX_ANCESTOR_LEVELS; a = pg->v[a].parent, level++) {
			if (pg->v[a].tag == TAG_HTML)
				break;
			ex_init(ex, a);
			ex->x[a].score += level == 0 ? s : level == 1 ? s / 2 :
			    s / (float)(level * 3);
		}
	}
}

static uint32_t
ex_element_children(const struct page *pg, uint32_t i)
{
	uint32_t	 j, n = 0;

	for (j = i + 1; j < pg->v[i].end; j = pg->v[j].end)
		n++;
	return n;
}

/* Step 3: the best candidate, and the element the story really is. */
static uint32_t
ex_top(struct ex *ex)
{
	const struct page	*pg = ex->pg;
	struct xn		*x = ex->x;
	uint32_t		 top[EX_TOP_CANDIDATES], i, j, k, p, body;
	uint32_t		 alts[EX_TOP_CANDIDATES], nalt = 0, count;
	float			 last, threshold;
	size_t			 ntop = 0;

	body = pg->body;
	for (i = 0; i < pg->n; i++) {
		if (!x[i].scored || x[i].in_skip)
			continue;
		x[i].score *= 1.0f - ex_link_density(&x[i]);
		for (j = 0; j < EX_TOP_CANDIDATES; j++) {
			if (j < ntop && x[top[j]].score >= x[i].score)
				continue;
			if (ntop < EX_TOP_CANDIDATES)
				ntop++;
			for (k = (uint32_t)ntop - 1; k > j; k--)
				top[k] = top[k - 1];
			top[j] = i;
			break;
		}
	}
	if (ntop == 0 || top[0] == body)
		return body;
	/* Several runners-up under one ancestor: the story is all of it. */
	for (j = 1; j < ntop; j++)
		if (x[top[j]].score >= 0.75f * x[top[0]].score)
			alts[nalt++] = top[j];
	i = top[0];
	if (nalt >= 3) {
		for (p = pg->v[i].parent; p != PAGE_NONE && p != body;
		    p = pg->v[p].parent) {
			for (count = 0, k = 0; k < nalt; k++)
				if (page_within(pg, alts[k], p))
					count++;
			if (count >= 3) {
				i = p;
				break;
			}
		}
	}
	ex_init(ex, i);
	/* Up while the parent scores better. */
	last = x[i].score;
	threshold = last / 3;
	for (p = pg->v[i].parent; p != PAGE_NONE && p != body &&
	    pg->v[p].tag != TAG_HTML; p = pg->v[p].parent) {
		if (!x[p].scored)
			continue;
		if (x[p].score < threshold)
			break;
		if (x[p].score > last) {
			i = p;
			break;
		}
		last = x[p].score;
	}
	/* Up through wrappers of one. */
	for (p = pg->v[i].parent; p != PAGE_NONE && p != body &&
	    pg->v[p].tag != TAG_HTML && ex_element_children(pg, p) == 1;
	    p = pg->v[p].parent)
		i = p;
	ex_init(ex, i);
	return i;
}

/* 1 when the text of element i ends a sentence somewhere. */
static int
ex_has_sentence_end(const struct page *pg, uint32_t i)
{
	struct buf	 b;
	const char	*p;
	int		 yes = 0;

	buf_init(&b);
	page_text(pg, pg->v[i].node, &b, 4096, NULL, NULL);
	if (b.data != NULL)
		for (p = b.data; (p = strchr(p, '.')) != NULL; p++)
			if (p[1] == '\0' || p[1] == ' ') {
				yes = 1;
				break;
			}
	buf_free(&b);
	return yes;
}

static int
ex_same_class(const struct page *pg, uint32_t a, uint32_t b)
{
	const char	*ca = page_attr(pg->v[a].node, "class");
	const char	*cb = page_attr(pg->v[b].node, "class");

	return ca != NULL && cb != NULL && *ca != '\0' && strcmp(ca, cb) == 0;
}

/* Step 4: the siblings that continue the story. */
static void
ex_siblings(struct ex *ex, uint32_t top)
{
	const struct page	*pg = ex->pg;
	struct xn		*x = ex->x;
	uint32_t		 parent = pg->v[top].parent, s;
	float			 threshold, bonus, ld;
	int			 add;

	ex->nparts = 0;
	if (parent == PAGE_NONE || top == pg->body) {
		ex->parts[ex->nparts++] = top;
		return;
	}
	threshold = x[top].score * 0.2f;
	if (threshold < 10)
		threshold = 10;
	for (s = parent + 1; s < pg->v[parent].end; s = pg->v[s].end) {
		if (ex->nparts == EXTRACT_MAX_PARTS)
			break;
		if (s == top) {
			ex->parts[ex->nparts++] = s;
			continue;
		}
		if (x[s].in_skip)
			continue;
		add = 0;
		bonus = ex_same_class(pg, s, top) ? x[top].score * 0.2f : 0;
		if (x[s].scored && x[s].score + bonus >= threshold)
			add = 1;
		else if (pg->v[s].tag == TAG_P || (pg->v[s].inline_text ==
		    pg->v[s].text && (pg->v[s].flags & PN_BLOCK) &&
		    ex_is_para_tag(pg->v[s].tag))) {
			ld = ex_link_density(&x[s]);
			if (x[s].text > 80 && ld < 0.25f)
				add = 1;
			else if (x[s].text > 0 && x[s].text <= 80 && ld == 0 &&
			    ex_has_sentence_end(pg, s))
				add = 1;
		}
		if (add)
			ex->parts[ex->nparts++] = s;
	}
}

/* Leave out element i: its counts come off every ancestor in the part. */
static void
ex_drop(struct ex *ex, uint32_t i, uint32_t root)
{
	const struct page	*pg = ex->pg;
	struct xn		*x = ex->x, d;
	uint32_t		 a;

	if (x[i].skip || x[i].in_skip)
		return;
	d = x[i];
	x[i].skip = 1;
	x[i].in_skip = 1;
	if (i == root)
		return;
	for (a = pg->v[i].parent; a != PAGE_NONE; a = pg->v[a].parent) {
		x[a].text -= d.text < x[a].text ? d.text : x[a].text;
		x[a].link -= d.link < x[a].link ? d.link : x[a].link;
		x[a].heading -= d.heading < x[a].heading ? d.heading :
		    x[a].heading;
		x[a].p -= d.p < x[a].p ? d.p : x[a].p;
		x[a].img -= d.img < x[a].img ? d.img : x[a].img;
		x[a].li -= d.li < x[a].li ? d.li : x[a].li;
		x[a].input -= d.input < x[a].input ? d.input : x[a].input;
		x[a].embed -= d.embed < x[a].embed ? d.embed : x[a].embed;
		x[a].commas -= d.commas < x[a].commas ? d.commas :
		    x[a].commas;
		if (a == root)
			break;
	}
}

/* The text of i lowercased and trimmed, if short; "" otherwise. */
static void
ex_short_text(const struct page *pg, uint32_t i, char *out, size_t size)
{
	struct buf	 b;
	size_t		 n, k;

	out[0] = '\0';
	if (pg->v[i].text >= size / 2)
		return;
	buf_init(&b);
	page_text(pg, pg->v[i].node, &b, size, NULL, NULL);
	if (b.data != NULL && b.len < size) {
		for (n = 0, k = 0; k < b.len; k++)
			out[n++] = (char)TO_LOWER((unsigned char)b.data[k]);
		while (n > 0 && (out[n - 1] == ':' || out[n - 1] == '.' ||
		    IS_SPACE(out[n - 1])))
			n--;
		out[n] = '\0';
	}
	buf_free(&b);
}

static int
ex_is_label(const struct page *pg, uint32_t i)
{
	char	 t[64];
	int	 k;

	if (pg->v[i].text == 0 || pg->v[i].text > 40)
		return 0;
	ex_short_text(pg, i, t, sizeof t);
	for (k = 0; ex_labels[k] != NULL; k++)
		if (strcmp(t, ex_labels[k]) == 0)
			return 1;
	return 0;
}

/* A table of data (kept) rather than one of layout (cleaned). */
static int
ex_data_table(const struct page *pg, uint32_t i)
{
	uint32_t	 j, rows = 0;

	for (j = i + 1; j < pg->v[i].end; j++) {
		switch (pg->v[j].tag) {
		case TAG_TABLE:
			return 0;	/* nested: layout */
		case TAG_TH:
		case TAG_THEAD:
		case TAG_CAPTION:
			return 1;
		case TAG_TR:
			rows++;
			break;
		default:
			break;
		}
	}
	return rows >= 10;
}

/* Readability's _cleanConditionally, for one element. */
static int
ex_suspicious(struct ex *ex, uint32_t i)
{
	const struct page	*pg = ex->pg;
	const struct pnode	*pn = &pg->v[i];
	const struct xn		*x = &ex->x[i];
	float			 weight, ld, hd;
	long			 li;
	int			 list;

	if (pn->tag == TAG_TABLE && ex_data_table(pg, i))
		return 0;
	if (pn->flags & PN_ARTICLE_BODY)
		return 0;
	weight = (ex->flags & EX_WEIGHT_CLASSES) ? pn->weight : 0;
	if (weight + (x->scored ? x->score : 0) < 0)
		return 1;
	if (x->commas >= 10)
		return 0;
	list = pn->tag == TAG_UL || pn->tag == TAG_OL || pn->tag == TAG_DL;
	li = (long)x->li - 100;
	ld = ex_link_density(x);
	hd = x->text > 0 ? (float)x->heading / (float)x->text : 0;
	if (x->img > 1 && (float)x->p / (float)x->img < 0.5f &&
	    pn->tag != TAG_FIGURE)
		return 1;
	if (!list && li > (long)x->p)
		return 1;
	if (x->input > x->p / 3)
		return 1;
	if (!list && hd < 0.9f && x->text < 25 && (x->img == 0 ||
	    x->img > 2) && ld > 0)
		return 1;
	if (!list && weight < 25 && ld > 0.2f)
		return 1;
	if (weight >= 25 && ld > 0.5f)
		return 1;
	if ((x->embed == 1 && x->text < 75) || x->embed > 1)
		return 1;
	/* A list of links: a menu or a list of other stories. */
	if (list && ld > 0.5f)
		return 1;
	return 0;
}

/* Step 5, inside one part. */
static void
ex_clean(struct ex *ex, uint32_t root)
{
	const struct page	*pg = ex->pg;
	const struct pnode	*pn;
	struct xn		*x = ex->x;
	uint32_t		 i;
	float			 ld;

	for (i = pg->v[root].end; i-- > root; ) {
		if (x[i].in_skip)
			continue;
		pn = &pg->v[i];
		if (pn->tag == TAG_H1 && i != root) {
			ex_drop(ex, i, root);
			continue;
		}
		if ((pn->flags & PN_HEADING) && i != root &&
		    (((ex->flags & EX_WEIGHT_CLASSES) && pn->weight < 0) ||
		    ex_link_density(&x[i]) > 0.33f)) {
			ex_drop(ex, i, root);
			continue;
		}
		if (i != root && (pn->flags & PN_BLOCK) && ex_is_label(pg, i)) {
			ex_drop(ex, i, root);
			continue;
		}
		/* "Read more: <a>Another story</a>" */
		if (i != root && (pn->tag == TAG_P || pn->tag == TAG_LI ||
		    pn->tag == TAG_DIV) && x[i].text > 0 &&
		    x[i].text < 300 && pn->inline_text * 2 >= pn->text) {
			ld = ex_link_density(&x[i]);
			if (ld > 0.6f && !(pn->tag == TAG_LI &&
			    ex->flags == 0)) {
				ex_drop(ex, i, root);
				continue;
			}
		}
		if (!(ex->flags & EX_CLEAN_CONDITIONALLY) || i == root)
			continue;
		switch (pn->tag) {
		case TAG_TABLE:
		case TAG_UL:
		case TAG_OL:
		case TAG_DL:
		case TAG_DIV:
		case TAG_SECTION:
		case TAG_FORM:
		case TAG_FIELDSET:
		case TAG_ASIDE:
		case TAG_ARTICLE:
		case TAG_HEADER:
		case TAG_FOOTER:
		case TAG_NAV:
			if (ex_suspicious(ex, i))
				ex_drop(ex, i, root);
			break;
		default:
			break;
		}
	}
}

/* One attempt with the given heuristics; returns the story's text. */
static uint32_t
ex_attempt(struct ex *ex, int flags)
{
	struct page	*pg = ex->pg;
	uint32_t	 top, total = 0;
	size_t		 k;

	memset(ex->x, 0, pg->n * sizeof *ex->x);
	ex->flags = flags;
	ex->nparts = 0;
	ex_mark_unlikely(ex);
	ex_live_counts(ex);
	ex_score(ex);
	top = ex_top(ex);
	ex_siblings(ex, top);
	for (k = 0; k < ex->nparts; k++) {
		ex_clean(ex, ex->parts[k]);
		total += ex->x[ex->parts[k]].text;
	}
	return total;
}

/* Copy an attempt's choices onto the page and into res. */
static void
ex_commit(struct ex *ex, struct extract_result *res)
{
	struct page	*pg = ex->pg;
	uint32_t	 i, j;
	size_t		 k;

	memset(res, 0, sizeof *res);
	for (i = 0; i < pg->n; i++)
		if (ex->x[i].skip)
			pg->v[i].flags |= PN_SKIP;
	for (k = 0; k < ex->nparts; k++) {
		i = ex->parts[k];
		res->parts[res->nparts++] = i;
		res->text += ex->x[i].text;
		res->link_text += ex->x[i].link;
		for (j = i; j < pg->v[i].end; j++) {
			if (ex->x[j].in_skip && j != i)
				continue;
			if ((pg->v[j].tag == TAG_P || pg->v[j].inline_text >=
			    80) && ex->x[j].text >= 80 &&
			    pg->v[j].inline_text >= 80)
				res->paragraphs++;
		}
	}
}

int
extract_main(struct page *pg, const struct pagemeta *pm,
    struct extract_result *res)
{
	static const int attempts[] = {
		EX_STRIP_UNLIKELY | EX_WEIGHT_CLASSES | EX_CLEAN_CONDITIONALLY,
		EX_WEIGHT_CLASSES | EX_CLEAN_CONDITIONALLY,
		EX_CLEAN_CONDITIONALLY,
		0
	};
	struct ex	 ex, best;
	uint32_t	 text, best_text = 0;
	size_t		 a;
	int		 have = 0;

	memset(res, 0, sizeof *res);
	if (pg->n == 0 || pg->body == 0)
		return 0;
	memset(&ex, 0, sizeof ex);
	ex.pg = pg;
	ex.pm = pm;
	ex.x = xcalloc(pg->n, sizeof *ex.x);
	memset(&best, 0, sizeof best);
	for (a = 0; a < sizeof attempts / sizeof attempts[0]; a++) {
		text = ex_attempt(&ex, attempts[a]);
		if (!have || text > best_text) {
			free(best.x);
			best = ex;
			best.x = xmalloc(pg->n * sizeof *best.x);
			memcpy(best.x, ex.x, pg->n * sizeof *ex.x);
			best_text = text;
			have = 1;
		}
		if (text >= EX_CHAR_THRESHOLD)
			break;
	}
	free(ex.x);
	ex_commit(&best, res);
	free(best.x);
	return res->text > 0;
}

void
extract_given(struct page *pg, const uint32_t *parts, size_t n,
    struct extract_result *res)
{
	struct ex	 ex;
	uint32_t	 a;
	size_t		 k;

	memset(&ex, 0, sizeof ex);
	ex.pg = pg;
	ex.x = xcalloc(pg->n > 0 ? pg->n : 1, sizeof *ex.x);
	ex.flags = EX_WEIGHT_CLASSES;
	ex_mark_unlikely(&ex);
	/* What the user chose is kept, wherever it sits. */
	for (k = 0; k < n && k < EXTRACT_MAX_PARTS; k++)
		for (a = parts[k]; a != PAGE_NONE; a = pg->v[a].parent)
			ex.x[a].skip = 0;
	ex_live_counts(&ex);
	for (k = 0; k < n && k < EXTRACT_MAX_PARTS; k++) {
		ex.parts[ex.nparts++] = parts[k];
		ex_clean(&ex, parts[k]);
	}
	ex_commit(&ex, res);
	free(ex.x);
}

int
extract_skipped(const struct page *pg, uint32_t i)
{
	return (pg->v[i].flags & (PN_SKIP | PN_JUNK)) != 0;
}

/* html_clean and page_text skip callbacks. */
static int
ex_clean_skip(xmlNodePtr n, void *arg)
{
	const struct page	*pg = arg;
	uint32_t		 i = page_of(n);

	return i == PAGE_NONE || extract_skipped(pg, i);
}

static int
ex_text_skip(const struct page *pg, uint32_t i, void *arg)
{
	return extract_skipped(pg, i);
}

char *
extract_body_html(const struct page *pg, const struct extract_result *res,
    size_t max)
{
	struct html_clean	 o;
	struct buf		 b;
	size_t			 k;

	memset(&o, 0, sizeof o);
	o.base = pg->url;
	o.max = max;
	o.skip = ex_clean_skip;
	o.arg = (void *)(uintptr_t)pg;
	buf_init(&b);
	for (k = 0; k < res->nparts; k++)
		html_clean(&b, pg->v[res->parts[k]].node, &o);
	if (b.data == NULL || b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return text_cut_to(buf_steal(&b), max);
}

char *
extract_body_text(const struct page *pg, const struct extract_result *res,
    size_t max)
{
	struct buf	 b;
	size_t		 k;

	buf_init(&b);
	for (k = 0; k < res->nparts; k++)
		page_text(pg, pg->v[res->parts[k]].node, &b, max,
		    ex_text_skip, NULL);
	if (b.data == NULL || b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}
