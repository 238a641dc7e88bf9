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
#define EX_ALT_LEVELS		6
/* Longer headings are leads, not section titles. */
#define EX_TITLE_MAX		100
/* The commas a paragraph scores for, at most. */
#define EX_MAX_COMMAS		15
/*
 * Readability's alternative candidates: at least EX_ALT_MIN others
 * scoring EX_ALT_RATIO of the best, sharing an ancestor, make it the top.
 */
#define EX_ALT_RATIO		0.5f
#define EX_ALT_MIN		2

/* Per element, per attempt. */
struct xn {
	float		 score;
	int8_t		 tag_score;	/* what its tag alone gave */
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
	uint32_t		 ld_top;	/* matches articleBody */
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
	ex->x[i].tag_score = (int8_t)s;
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

/*
 * A caption that is the story's text: a gallery's slides tell it in
 * theirs, paragraphs long.
 */
static int
ex_long_caption(const struct page *pg, uint32_t i)
{
	uint32_t	 c, paras = 0;

	if (pg->v[i].text >= 300)
		return 1;
	for (c = i + 1; c < pg->v[i].end; c = pg->v[c].end)
		if (pg->v[c].tag == TAG_P && pg->v[c].text >= 40)
			paras++;
	return paras >= 2;
}

/*
 * A picture's caption without <figcaption>: the short text in a
 * <figure>, or the one block of short text beside the only picture of
 * a box ("<div><img><div>Flames consume...</div></div>").
 */
static int
ex_caption(const struct page *pg, uint32_t i, uint32_t total)
{
	uint32_t	 par = pg->v[i].parent, c, blocks = 0;

	if (par == PAGE_NONE || pg->v[i].text == 0 || pg->v[i].text >= 200 ||
	    pg->v[i].nimages != 0)
		return 0;
	if (pg->v[par].tag == TAG_FIGURE)
		return pg->v[i].text < 150;
	/* A block, or the line in a <p> under its picture (<font><i>). */
	if ((!(pg->v[i].flags & PN_BLOCK) && !((pg->v[par].tag == TAG_P ||
	    pg->v[par].tag == TAG_DIV) && (pg->v[i].tag == TAG_FONT ||
	    pg->v[i].tag == TAG_I || pg->v[i].tag == TAG_EM ||
	    pg->v[i].tag == TAG_SMALL || pg->v[i].tag == TAG_SPAN))) ||
	    pg->v[par].nimages != 1 || pg->v[par].text != pg->v[i].text ||
	    pg->v[i].text * 4 > total)
		return 0;
	for (c = par + 1; c < pg->v[par].end; c = pg->v[c].end)
		if (pg->v[c].flags & PN_BLOCK)
			blocks++;
	return blocks <= 2;
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
		if (flags & (PN_JUNK | PN_TEASER | PN_OVERLAY)) {
			ex->x[i].skip = 1;
			i = pg->v[i].end - 1;
			continue;
		}
		/*
		 * Captions and credits describe a picture, not the story:
		 * the figure stays, its caption goes.
		 */
		if ((pg->v[i].tag == TAG_FIGCAPTION && !ex_long_caption(pg,
		    i)) || ex_caption(pg, i, total)) {
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
		pn = &pg->v[i];
		if (x[i].in_skip) {
			/* Form fields and embeds are junk to the text, not
			   to step 5's counts. */
			par = pn->parent;
			if (!(pn->flags & PN_JUNK) || par == PAGE_NONE ||
			    x[par].in_skip)
				continue;
			if (pn->tag == TAG_INPUT || pn->tag == TAG_SELECT ||
			    pn->tag == TAG_TEXTAREA || pn->tag == TAG_BUTTON)
				x[par].input++;
			else if (pn->tag == TAG_IFRAME || pn->tag == TAG_EMBED ||
			    pn->tag == TAG_OBJECT || pn->tag == TAG_VIDEO)
				x[par].embed++;
			continue;
		}
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

static uint32_t
ex_element_children(const struct page *pg, uint32_t i)
{
	uint32_t	 j, n = 0;

	for (j = i + 1; j < pg->v[i].end; j = pg->v[j].end)
		n++;
	return n;
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
		/* Nor is a short cell beside others: a table's data. */
		if ((pn->tag == TAG_TD || pn->tag == TAG_TH) &&
		    pn->inline_text < 100 && pn->parent != PAGE_NONE &&
		    ex_element_children(pg, pn->parent) >= 2)
			continue;
		/*
		 * Commas count up to what a long paragraph has: a list of
		 * names ("Jane Doe, Yale University<br>...") is no essay.
		 */
		s = 2.0f + (float)(pn->inline_commas < EX_MAX_COMMAS ?
		    pn->inline_commas : EX_MAX_COMMAS) +
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

/* Step 3: the best candidate, and the element the story really is. */
static uint32_t
ex_top(struct ex *ex)
{
	const struct page	*pg = ex->pg;
	struct xn		*x = ex->x;
	uint32_t		 top[EX_TOP_CANDIDATES], i, j, k, p, body;
	uint32_t		 alts[EX_TOP_CANDIDATES], nalt = 0, count, level;
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
	/*
	 * Several runners-up under one ancestor: the story is all of it
	 * (split into sections, each in a wrapper of its own).  Only
	 * those beside the best count, not its own wrappers or parts.
	 */
	i = top[0];
	for (j = 1; j < ntop; j++)
		if (x[top[j]].score >= EX_ALT_RATIO * x[top[0]].score &&
		    !page_within(pg, top[j], i) && !page_within(pg, i, top[j]))
			alts[nalt++] = top[j];
	if (nalt >= EX_ALT_MIN) {
		for (p = pg->v[i].parent, level = 0; p != PAGE_NONE &&
		    p != body && level < EX_ALT_LEVELS; p = pg->v[p].parent,
		    level++) {
			for (count = 0, k = 0; k < nalt; k++)
				if (page_within(pg, alts[k], p))
					count++;
			if (count >= EX_ALT_MIN) {
				if (ex_link_density(&x[p]) < 0.35f)
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
		/*
		 * What its paragraphs earned: a sidebar of a heading, a
		 * weather line and a poll is no continuation of the story
		 * for being a <div>.
		 */
		bonus = ex_same_class(pg, s, top) ? x[top].score * 0.2f : 0;
		if (x[s].tag_score > 0)
			bonus -= x[s].tag_score;
		if (x[s].scored && x[s].score + bonus >= threshold)
			add = 1;
		/*
		 * A block of the same class as the story's, with paragraphs
		 * and few links: the next section of a story set in
		 * <section class="textblock"> after <section class=
		 * "textblock">, however deep their paragraphs sit.
		 */
		else if (ex_same_class(pg, s, top) && x[s].p > 0 &&
		    x[s].text >= 100 && ex_link_density(&x[s]) < 0.25f)
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

/*
 * Is element i's text a boilerplate label (prefix: or does it start with
 * one of two words or more, for a heading)?
 */
static int
ex_is_label(const struct page *pg, uint32_t i, int prefix)
{
	struct buf	 b;
	char		 t[128];

	if (pg->v[i].text == 0 || pg->v[i].text > (prefix ? 100 : 60))
		return 0;
	buf_init(&b);
	page_text(pg, pg->v[i].node, &b, 512, NULL, NULL);
	if (b.data != NULL)
		text_label(b.data, t, sizeof t);
	else
		t[0] = '\0';
	buf_free(&b);
	return text_boiler_label(t, prefix);
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
			/* The title. */
			ex_drop(ex, i, root);
			continue;
		}
		if ((pn->flags & PN_HEADING) && i != root &&
		    (((ex->flags & EX_WEIGHT_CLASSES) && pn->weight < 0) ||
		    ex_link_density(&x[i]) > 0.33f)) {
			ex_drop(ex, i, root);
			continue;
		}
		if (i != root && (pn->flags & PN_BLOCK) && ex_is_label(pg, i,
		    (pn->flags & PN_HEADING) != 0)) {
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
		/* What holds most of the story is the story. */
		if (x[i].text * 2 >= x[root].text && x[i].p >= 2 &&
		    ex_link_density(&x[i]) < 0.5f)
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

/* Letters and digits of s, lowercased (ASCII), into out[size]. */
static void
ex_norm(const char *s, char *out, size_t size)
{
	size_t	 n = 0;

	for (; s != NULL && *s != '\0' && n < size - 1; s++)
		if (IS_ALNUM(*s) || (unsigned char)*s >= 0x80)
			out[n++] = (char)TO_LOWER((unsigned char)*s);
	out[n] = '\0';
}

/* Is the word w (lowercase, n bytes) a month's name or abbreviation? */
static int
ex_month_word(const char *w, size_t n)
{
	static const char *const months[] = {
		"jan", "january", "feb", "february", "mar", "march", "apr",
		"april", "may", "jun", "june", "jul", "july", "aug", "august",
		"sep", "sept", "september", "oct", "october", "nov", "november",
		"dec", "december", "janv", "janvier", "févr", "février", "mars",
		"avril", "mai", "juin", "juil", "juillet", "août", "sept",
		"septembre", "octobre", "novembre", "décembre", "januar",
		"februar", "märz", "mär", "juni", "juli", "okt", "oktober",
		"dez", "dezember", "ene", "enero", "febrero", "marzo", "abr",
		"abril", "mayo", "junio", "julio", "ago", "agosto", "septiembre",
		"octubre", "noviembre", "dic", "diciembre", NULL
	};
	size_t	 i;

	for (i = 0; months[i] != NULL; i++)
		if (strlen(months[i]) == n && memcmp(months[i], w, n) == 0)
			return 1;
	return 0;
}

/* Does s look like a date line ("Posted: 04/24/2026 8:05 AM")? */
static int
ex_dateline(const char *s)
{
	size_t	 digits = 0, i, n = strlen(s), w;
	char	 low[128];
	int	 month = 0;

	if (n > 100)
		return 0;
	for (i = 0; i < n; i++)
		if (IS_DIGIT(s[i]))
			digits++;
	/* Lowercase, words kept apart: "March", not "Marker". */
	for (i = w = 0; s[i] != '\0' && w < sizeof low - 1; i++)
		low[w++] = (char)TO_LOWER((unsigned char)s[i]);
	low[w] = '\0';
	for (i = 0; low[i] != '\0' && !month; ) {
		if (!IS_ALPHA(low[i]) && (unsigned char)low[i] < 0x80) {
			i++;
			continue;
		}
		for (w = i; low[w] != '\0' && (IS_ALPHA(low[w]) ||
		    (unsigned char)low[w] >= 0x80); w++)
			;
		month = ex_month_word(low + i, w - i);
		i = w;
	}
	/* "5 min read", "Lesezeit: 4 Min." */
	if (digits >= 1 && digits <= 3 && n < 40 && strstr(low, "min") != NULL)
		return 1;
	return digits >= 4 || (digits >= 1 && month);
}

/*
 * The top of a story carries its title (again, when the page sets it as
 * a styled <div>), its byline, its date, a kicker or a reading time
 * before the first paragraph of prose: those lines go, up to that
 * paragraph.
 */
static void
ex_drop_head(struct ex *ex, uint32_t root)
{
	const struct page	*pg = ex->pg;
	const struct pagemeta	*pm = ex->pm;
	struct xn		*x = ex->x;
	struct buf		 b;
	char			 t[512], title[3][512];
	const char		*cands[3];
	uint32_t		 i, seen = 0;
	int			 k, drop;

	cands[0] = pm != NULL ? pm->og_title : NULL;
	cands[1] = pm != NULL ? pm->ld_headline : NULL;
	cands[2] = pm != NULL ? pm->title : NULL;
	for (k = 0; k < 3; k++)
		ex_norm(cands[k], title[k], sizeof title[k]);
	for (i = root + 1; i < pg->v[root].end && seen < 12; i++) {
		if (x[i].in_skip) {
			i = pg->v[i].end - 1;
			continue;
		}
		/* A kicker naming the section ("Local News"). */
		if ((pg->v[i].words & (PW_SECTION | PW_KICKER | PW_EYEBROW |
		    PW_CATEGORY | PW_OVERLINE)) && x[i].text > 0 &&
		    x[i].text < 60 && !(pg->v[i].flags & PN_HEADING) &&
		    pg->v[i].inline_text == pg->v[i].text &&
		    pg->v[i].nlinks <= 1) {
			ex_drop(ex, i, root);
			i = pg->v[i].end - 1;
			continue;
		}
		if (!(pg->v[i].flags & PN_BLOCK) || x[i].text == 0 ||
		    (pg->v[i].inline_text == 0 &&
		    !(pg->v[i].flags & PN_HEADING)))
			continue;
		seen++;
		buf_init(&b);
		page_text(pg, pg->v[i].node, &b, 600, NULL, NULL);
		if (b.data == NULL) {
			buf_free(&b);
			continue;
		}
		/* The first paragraph of prose ends the head. */
		if (b.len >= 150 || (b.len >= 80 && !(pg->v[i].flags &
		    PN_HEADING) && strpbrk(b.data, ".!?") != NULL)) {
			buf_free(&b);
			break;
		}
		ex_norm(b.data, t, sizeof t);
		drop = 0;
		for (k = 0; k < 3 && !drop; k++)
			if (strlen(t) >= 10 && title[k][0] != '\0' &&
			    (strcmp(t, title[k]) == 0 || (k == 2 &&
			    strstr(title[k], t) != NULL)))
				drop = 1;
		if (!drop && pagemeta_byline_start(b.data) == b.data)
			drop = 1;
		if (!drop && ex_dateline(b.data))
			drop = 1;
		buf_free(&b);
		if (drop) {
			ex_drop(ex, i, root);
			i = pg->v[i].end - 1;
		}
	}
}

/*
 * What a story's last lines say about the page, not the story: its
 * copyright, where it ran in print, a call for tips by e-mail.
 */
static int
ex_tail_line(const struct page *pg, uint32_t i, const char *t)
{
	static const char *const starts[] = {
		"copyright", "\xc2\xa9", "c) 1", "c) 2",
		"a version of this article appears",
		"a version of this story appears",
		"this article appeared in print", NULL
	};
	static const char *const has[] = {
		"all rights reserved", "may not be published, broadcast",
		"may not be reproduced",
		/* A paywall's or an app's call after the free part. */
		"please subscribe", "subscribe now", "subscribe today",
		"subscribe to read", "subscribe to continue",
		"already a subscriber", "first-time subscribers",
		"become a subscriber", "to view the full story",
		"for the full story", "to continue reading",
		"download the app", "apps for ios and android",
		/* A column's disclaimer. */
		"opinions expressed are those of",
		"views expressed are those of",
		"do not necessarily reflect the views", NULL
	};
	size_t		 len = strlen(t), k;
	uint32_t	 j;
	const char	*href, *at;

	if (len < 400) {
		for (k = 0; starts[k] != NULL; k++)
			if (strncmp(t, starts[k], strlen(starts[k])) == 0)
				return 1;
		for (k = 0; has[k] != NULL; k++)
			if (strstr(t, has[k]) != NULL)
				return 1;
	}
	/* "Got a story? Email tips@...": a question and an address. */
	if (len < 250 && strchr(t, '?') != NULL) {
		if ((at = strchr(t, '@')) != NULL && at > t &&
		    !IS_SPACE(at[-1]) && strchr(at, '.') != NULL &&
		    (strstr(t, "email") != NULL || strstr(t, "e-mail") !=
		    NULL || strstr(t, "contact") != NULL))
			return 1;
		for (j = i; j < pg->v[i].end; j++)
			if (pg->v[j].tag == TAG_A && (href =
			    page_attr(pg->v[j].node, "href")) != NULL &&
			    strncase_eq(href, "mailto:", 7))
				return 1;
	}
	return 0;
}

/*
 * A rule (<hr>) and after it boxes, not paragraphs, at the end of a
 * story: the page's notices ("The parish magazine is delivered free...").
 */
static void
ex_drop_after_rule(struct ex *ex, uint32_t root)
{
	const struct page	*pg = ex->pg;
	struct xn		*x = ex->x;
	uint32_t		 c, rule = PAGE_NONE, after = 0, j;

	for (c = root + 1; c < pg->v[root].end; c = pg->v[c].end)
		if (pg->v[c].tag == TAG_HR && !x[c].in_skip)
			rule = c;
	if (rule == PAGE_NONE)
		return;
	for (c = pg->v[rule].end; c < pg->v[root].end; c = pg->v[c].end) {
		if (x[c].in_skip)
			continue;
		for (j = c; j < pg->v[c].end; j++)
			if (pg->v[j].tag == TAG_P && !x[j].in_skip &&
			    x[j].text >= 80)
				return;
		after += x[c].text;
	}
	if (after == 0 || after * 3 > x[root].text)
		return;
	for (c = pg->v[rule].end; c < pg->v[root].end; c = pg->v[c].end)
		if (!x[c].in_skip)
			ex_drop(ex, c, root);
}

/* Lowercased text of block i (text_label), and its length. */
static void
ex_block_label(const struct page *pg, uint32_t i, char *t, size_t size,
    size_t *len)
{
	struct buf	 b;

	buf_init(&b);
	page_text(pg, pg->v[i].node, &b, 500, NULL, NULL);
	text_label(b.data != NULL ? b.data : "", t, size);
	*len = b.len;
	buf_free(&b);
}

/* Does a paywall's pitch start here? */
static int
ex_paywall_line(const char *t)
{
	static const char *const has[] = {
		"to view the full story", "for the full story",
		"to continue reading", "subscribe to read",
		"subscribe to continue", "to read the full article",
		"to read the full story", NULL
	};
	size_t	 k;

	for (k = 0; has[k] != NULL; k++)
		if (strstr(t, has[k]) != NULL)
			return 1;
	return 0;
}

/* The story's last blocks of text, while they are such lines. */
static void
ex_drop_tail(struct ex *ex, uint32_t root)
{
	const struct page	*pg = ex->pg;
	struct xn		*x = ex->x;
	uint32_t		 i, last[8];
	size_t			 n = 0, k, len;
	char			 t[512];
	int			 drop;

	/* The last few blocks with text of their own, in order. */
	for (i = root + 1; i < pg->v[root].end; i++) {
		if (x[i].in_skip) {
			i = pg->v[i].end - 1;
			continue;
		}
		if (!(pg->v[i].flags & PN_BLOCK) || x[i].text == 0 ||
		    pg->v[i].inline_text == 0)
			continue;
		if (n == sizeof last / sizeof last[0]) {
			memmove(last, last + 1, (n - 1) * sizeof *last);
			n--;
		}
		last[n++] = i;
		i = pg->v[i].end - 1;
	}
	/*
	 * A paywall's pitch runs several paragraphs from "To view the full
	 * story, please subscribe": all of it goes.
	 */
	for (k = 0; k < n; k++) {
		ex_block_label(pg, last[k], t, sizeof t, &len);
		if (len < 500 && ex_paywall_line(t)) {
			for (; k < n; k++)
				ex_drop(ex, last[k], root);
			break;
		}
	}
	for (k = n; k > 0; k--) {
		i = last[k - 1];
		if (x[i].in_skip)
			continue;
		ex_block_label(pg, i, t, sizeof t, &len);
		/* <p>&nbsp;</p>: spacing, not a line. */
		if (t[0] == '\0')
			continue;
		drop = len < 500 && ex_tail_line(pg, i, t);
		if (!drop)
			break;
		ex_drop(ex, i, root);
	}
}

/*
 * A heading that heads nothing any more (the block after it was left
 * out, another heading follows, or the story ends) was the title of
 * something that is gone: "Related", "More on this story".
 */
static void
ex_drop_orphan_headings(struct ex *ex, uint32_t root)
{
	const struct page	*pg = ex->pg;
	struct xn		*x = ex->x;
	uint32_t		 i, pending = PAGE_NONE, s, a;

	for (i = root + 1; i < pg->v[root].end; i++) {
		if (x[i].in_skip) {
			i = pg->v[i].end - 1;
			continue;
		}
		if ((pg->v[i].flags & PN_HEADING) &&
		    pg->v[i].text > EX_TITLE_MAX) {
			/* A "heading" of a sentence or two: a lead. */
			pending = PAGE_NONE;
			i = pg->v[i].end - 1;
			continue;
		}
		if (pg->v[i].flags & PN_HEADING) {
			if (pending != PAGE_NONE)
				ex_drop(ex, pending, root);
			pending = x[i].text > 0 ? i : PAGE_NONE;
			/* Its next sibling, or its wrapper's, went. */
			for (a = i; a != root && pg->v[a].end ==
			    pg->v[pg->v[a].parent].end; a = pg->v[a].parent)
				;
			s = pg->v[a].end;
			if (a != root && s < pg->v[root].end &&
			    pg->v[s].parent == pg->v[a].parent &&
			    x[s].skip && pg->v[s].text >= 40) {
				ex_drop(ex, i, root);
				pending = PAGE_NONE;
			}
			i = pg->v[i].end - 1;
			continue;
		}
		if (pg->v[i].inline_text > 0 && x[i].text > 0 &&
		    (pg->v[i].flags & PN_BLOCK))
			pending = PAGE_NONE;
	}
	if (pending != PAGE_NONE)
		ex_drop(ex, pending, root);
}

/*
 * JSON-LD's articleBody, when the page has one, is the story as its
 * CMS knows it: the element whose text matches it best (F1 of word
 * trigrams, each text node's trigrams looked up once in a hash set of
 * the articleBody's, summed up the tree) is the story, if the match is
 * good.  Words: runs of letters and digits (any non-ASCII byte counts
 * as a letter), lowercased.
 */
#define EX_LD_MAX_WORDS		50000
#define EX_LD_SET_SIZE		131072	/* a power of two, > 2 x the words */
#define EX_LD_MIN_F1		0.6f

struct ex_trigrams {
	uint64_t	*set;		/* open addressing; 0 = empty */
	size_t		 cap;
	size_t		 n;
};

/* Call fn for each word trigram's hash in s. */
static void
ex_trigrams_of(const char *s, void (*fn)(uint64_t, void *), void *arg,
    size_t *nwords)
{
	uint64_t	 w[3] = { 0, 0, 0 }, h;
	size_t		 have = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0' && *nwords < EX_LD_MAX_WORDS) {
		while (*p != '\0' && !(IS_ALNUM(*p) || *p >= 0x80))
			p++;
		if (*p == '\0')
			break;
		h = 1469598103934665603ULL;
		while (*p != '\0' && (IS_ALNUM(*p) || *p >= 0x80)) {
			h = (h ^ (uint64_t)TO_LOWER(*p)) * 1099511628211ULL;
			p++;
		}
		w[0] = w[1];
		w[1] = w[2];
		w[2] = h;
		(*nwords)++;
		if (++have >= 3)
			fn(((w[0] * 31 + w[1]) * 31 + w[2]) | 1, arg);
	}
}

static void
ex_trigram_add(uint64_t h, void *arg)
{
	struct ex_trigrams	*t = arg;
	size_t			 i;

	if (t->n * 2 >= t->cap)
		return;		/* full: sized for EX_LD_MAX_WORDS */
	for (i = h & (t->cap - 1); t->set[i] != 0; i = (i + 1) &
	    (t->cap - 1))
		if (t->set[i] == h)
			return;
	t->set[i] = h;
	t->n++;
}

struct ex_count {
	const struct ex_trigrams *t;
	uint32_t	 hits, total;
};

static void
ex_trigram_count(uint64_t h, void *arg)
{
	struct ex_count	*c = arg;
	size_t		 i;

	c->total++;
	for (i = h & (c->t->cap - 1); c->t->set[i] != 0; i = (i + 1) &
	    (c->t->cap - 1))
		if (c->t->set[i] == h) {
			c->hits++;
			return;
		}
}

static uint32_t
ex_ld_match(struct ex *ex)
{
	const struct page	*pg = ex->pg;
	struct ex_trigrams	 t;
	struct ex_count		 c;
	uint32_t		*hits, *total, i, par, best = PAGE_NONE;
	xmlNodePtr		 n;
	size_t			 words = 0;
	float			 p, r, f, bestf = 0;

	if (ex->pm == NULL || ex->pm->ld_body == NULL)
		return PAGE_NONE;
	memset(&t, 0, sizeof t);
	t.cap = EX_LD_SET_SIZE;
	t.set = xcalloc(t.cap, sizeof *t.set);
	ex_trigrams_of(ex->pm->ld_body, ex_trigram_add, &t, &words);
	if (t.n < 20) {
		free(t.set);
		return PAGE_NONE;
	}
	hits = xcalloc(pg->n, sizeof *hits);
	total = xcalloc(pg->n, sizeof *total);
	for (i = 0; i < pg->n; i++) {
		if (pg->v[i].flags & PN_JUNK)
			continue;
		for (n = pg->v[i].node->children; n != NULL; n = n->next) {
			if (n->type != XML_TEXT_NODE || n->content == NULL)
				continue;
			c.t = &t;
			c.hits = c.total = 0;
			words = 0;
			ex_trigrams_of((const char *)n->content,
			    ex_trigram_count, &c, &words);
			hits[i] += c.hits;
			total[i] += c.total;
		}
	}
	for (i = pg->n; i-- > 1; ) {
		if ((par = pg->v[i].parent) == PAGE_NONE)
			continue;
		hits[par] += hits[i];
		total[par] += total[i];
	}
	for (i = 0; i < pg->n; i++) {
		if (hits[i] == 0 || total[i] == 0)
			continue;
		p = (float)hits[i] / (float)total[i];
		r = (float)hits[i] / (float)t.n;
		f = 2 * p * r / (p + r);
		if (f > bestf) {
			bestf = f;
			best = i;
		}
	}
	free(hits);
	free(total);
	free(t.set);
	return bestf >= EX_LD_MIN_F1 ? best : PAGE_NONE;
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
	/*
	 * The CMS's own copy of the story says where it is, unless that
	 * copy is only its start (some give the first paragraph only).
	 */
	if (ex->ld_top != PAGE_NONE && !ex->x[ex->ld_top].in_skip &&
	    (page_within(pg, top, ex->ld_top) || ex->x[ex->ld_top].text * 2 >=
	    ex->x[top].text)) {
		top = ex->ld_top;
		ex_init(ex, top);
	}
	ex_siblings(ex, top);
	for (k = 0; k < ex->nparts; k++) {
		ex_clean(ex, ex->parts[k]);
		if (k == 0)
			ex_drop_head(ex, ex->parts[k]);
		if (k + 1 == ex->nparts) {
			ex_drop_after_rule(ex, ex->parts[k]);
			ex_drop_tail(ex, ex->parts[k]);
		}
		ex_drop_orphan_headings(ex, ex->parts[k]);
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
	ex.ld_top = ex_ld_match(&ex);
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
	ex.ld_top = PAGE_NONE;
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

/*
 * A part of the story that is only its date line ("Published 10:30
 * a.m. ET Nov. 27, 2026"), taken in as a sibling of the story's body:
 * the date is the story's metadata, not its first paragraph.
 */
static int
ex_dateline_part(const struct page *pg, uint32_t i)
{
	struct buf	 b;
	int		 line;

	if (pg->v[i].text == 0 || pg->v[i].text > 100 ||
	    (pg->v[i].flags & PN_HEADING))
		return 0;
	static const char *const stamps[] = {
		"published", "updated", "posted", "last updated",
		"first published", "modified", "veröffentlicht", "publié",
		"publicado", "aktualisiert", "mis à jour", NULL
	};
	const char	*t;
	size_t		 k;

	buf_init(&b);
	page_text(pg, pg->v[i].node, &b, 200, NULL, NULL);
	line = 0;
	if (b.data != NULL && b.len < 100 && ex_dateline(b.data)) {
		for (t = b.data; IS_SPACE(*t); t++)
			;
		for (k = 0; stamps[k] != NULL && !line; k++)
			line = strncasecmp(t, stamps[k], strlen(stamps[k])) ==
			    0;
	}
	buf_free(&b);
	return line;
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
	/* Room for the end tags of what is open when the text stops. */
	o.max = max > 8192 ? max - 4096 : max / 2;
	o.skip = ex_clean_skip;
	o.arg = (void *)(uintptr_t)pg;
	buf_init(&b);
	for (k = 0; k < res->nparts; k++)
		if (!ex_dateline_part(pg, res->parts[k]))
			html_clean(&b, pg->v[res->parts[k]].node, &o);
	if (b.data == NULL || b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	/* Past max only when thousands of elements are open: cut then. */
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
