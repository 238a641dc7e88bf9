/*
 * fingerprint.c: what an item's text says about which story it is.
 *
 * Three fingerprints, all over the words of text.c's splitter:
 * - the title key: a title of five words or more and the day it was
 *   published ("council approves harbour budget ...|20261130");
 * - the lead key: the first FP_LEAD_WORDS words of the story's lead,
 *   which a teaser's cut snippet repeats;
 * - a 64-bit SimHash over three-word shingles of the lead, for copies
 *   of one text under other links (syndication), compared by Hamming
 *   distance and found through its four 16-bit bands.
 * The lead and the SimHash begin past a wire dateline ("LONDON (AP) —"),
 * which a syndicated copy adds and its original has not.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fingerprint.h"
#include "item.h"
#include "text.h"
#include "util.h"

/* Words read, each NUL-terminated in one buffer: no allocation each. */
struct fp_words {
	struct buf	 b;
	struct {
		size_t	 off;		/* at b.data + off */
		size_t	 len;
	}		*w;
	size_t		 n, cap;
};

#define FP_WORD(fw, i)	((fw)->b.data + (fw)->w[i].off)

static void
fp_add_word(const char *w, size_t n, void *arg)
{
	struct fp_words	*fw = arg;

	fw->w = xgrowarray(fw->w, &fw->cap, fw->n + 1, sizeof *fw->w);
	fw->w[fw->n].off = fw->b.len;
	fw->w[fw->n++].len = n;
	buf_add(&fw->b, w, n);
	buf_addc(&fw->b, '\0');
}

static void
fp_words_free(struct fp_words *fw)
{
	buf_free(&fw->b);
	free(fw->w);
}

/*
 * Past a wire copy's dateline, which its original has not: "HARBOUR CITY
 * (AP) — The council ...", "LONDON, Nov 30 (Reuters) - ...".  A dateline
 * is a place in capitals or a credit in parentheses, then a dash, in the
 * first 60 bytes; anything else leaves the text as it is.
 */
static const char *
fp_skip_dateline(const char *text)
{
	static const char *const dashes[] = {
		" \xe2\x80\x94 ", " \xe2\x80\x93 ", " - ", "\xe2\x80\x94",
		" -- ", NULL
	};
	const char	*p, *end = NULL, *best = NULL;
	int		 upper = 0, lower = 0, paren = 0;
	size_t		 i;

	while (*text == ' ' || *text == '\n' || *text == '\t')
		text++;
	for (i = 0; dashes[i] != NULL; i++)
		if ((p = strstr(text, dashes[i])) != NULL && p - text <= 60 &&
		    p > text && (best == NULL || p < best)) {
			best = p;
			end = p + strlen(dashes[i]);
		}
	if (best == NULL)
		return text;
	for (p = text; p < best; p++) {
		if (*p >= 'A' && *p <= 'Z')
			upper++;
		else if (*p >= 'a' && *p <= 'z')
			lower++;
		else if (*p == '(' && memchr(p, ')', (size_t)(best - p)) != NULL)
			paren = 1;
	}
	if (upper < 2 || (lower > 0 && !paren))
		return text;
	while (*end == ' ')
		end++;
	return *end != '\0' ? end : text;
}

/* The words of an HTML or plain text, at most max, past a dateline. */
static void
fp_words_of(const char *text, int html, size_t max, struct fp_words *fw)
{
	char	*plain = NULL;

	memset(fw, 0, sizeof *fw);
	buf_init(&fw->b);
	if (text == NULL)
		return;
	if (html && (plain = text_from_html(text, strlen(text))) == NULL)
		return;
	text_words(fp_skip_dateline(plain != NULL ? plain : text),
	    fp_add_word, fw, max);
	free(plain);
}

/* Words joined by one space, into a new string. */
static char *
fp_join(const struct fp_words *fw, size_t from, size_t n)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b);
	for (i = from; i < from + n && i < fw->n; i++) {
		if (i > from)
			buf_addc(&b, ' ');
		buf_add(&b, FP_WORD(fw, i), fw->w[i].len);
	}
	return buf_steal(&b);
}

/*
 * Words a feed puts before a headline to say what kind of piece it is,
 * not what it is about: "LIVE: Storm hits coast", "Opinion | ...".
 */
static int
fp_kicker(const char *w)
{
	static const char *const kickers[] = {
		"live", "watch", "video", "opinion", "analysis", "exclusive",
		"breaking", "update", "updated", "photos", "gallery", "podcast",
		"review", "explainer", "listen", "editorial", NULL
	};
	size_t	 i;

	for (i = 0; kickers[i] != NULL; i++)
		if (strcmp(w, kickers[i]) == 0)
			return 1;
	return 0;
}

char *
fp_title_key(const char *title, int64_t published)
{
	struct fp_words	 fw;
	struct tm	 tm;
	time_t		 t;
	size_t		 from = 0;
	char		*words, *key;

	if (title == NULL || published == DATE_NONE)
		return NULL;
	memset(&fw, 0, sizeof fw);
	buf_init(&fw.b);
	text_words(title, fp_add_word, &fw, 64);
	while (from < fw.n && from < 2 && fp_kicker(FP_WORD(&fw, from)))
		from++;
	if (fw.n - from < FP_TITLE_WORDS) {
		fp_words_free(&fw);
		return NULL;
	}
	words = fp_join(&fw, from, fw.n - from);
	fp_words_free(&fw);
	t = (time_t)published;
	gmtime_r(&t, &tm);
	xasprintf(&key, "%s|%04d%02d%02d", words, tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	free(words);
	return key;
}

char *
fp_lead_key(const char *text, int html)
{
	struct fp_words	 fw;
	char		*key = NULL;

	fp_words_of(text, html, FP_LEAD_WORDS, &fw);
	if (fw.n >= FP_LEAD_WORDS)
		key = fp_join(&fw, 0, FP_LEAD_WORDS);
	fp_words_free(&fw);
	return key;
}

/* SimHash of the words read: 0, or -1 when too few. */
static int
fp_simhash_words(const struct fp_words *fw, uint64_t *hash)
{
	int32_t		 acc[64];
	uint64_t	 h, out = 0;
	size_t		 i, j, k, len, n;
	char		 shingle[256];

	if (fw->n < FP_SIM_MIN_WORDS)
		return -1;
	memset(acc, 0, sizeof acc);
	for (i = 0; i + 3 <= fw->n; i++) {
		/* "w1 w2 w3", cut to 255 bytes (what snprintf made). */
		for (k = 0, len = 0; k < 3; k++) {
			if (k > 0 && len < sizeof shingle - 1)
				shingle[len++] = ' ';
			n = fw->w[i + k].len;
			if (n > sizeof shingle - 1 - len)
				n = sizeof shingle - 1 - len;
			memcpy(shingle + len, FP_WORD(fw, i + k), n);
			len += n;
		}
		h = hash64(shingle, len);
		for (j = 0; j < 64; j++)
			acc[j] += (h >> j) & 1 ? 1 : -1;
	}
	for (j = 0; j < 64; j++)
		if (acc[j] > 0)
			out |= (uint64_t)1 << j;
	*hash = out;
	return 0;
}

void
fp_lead_and_simhash(const char *text, int html, char **lead,
    uint64_t *hash, int *have_hash)
{
	struct fp_words	 fw;

	fp_words_of(text, html, FP_SIM_WORDS, &fw);
	*lead = fw.n >= FP_LEAD_WORDS ? fp_join(&fw, 0, FP_LEAD_WORDS) : NULL;
	*have_hash = fp_simhash_words(&fw, hash) == 0;
	fp_words_free(&fw);
}

int
fp_simhash(const char *text, int html, uint64_t *hash)
{
	struct fp_words	 fw;
	int		 rc;

	fp_words_of(text, html, FP_SIM_WORDS, &fw);
	rc = fp_simhash_words(&fw, hash);
	fp_words_free(&fw);
	return rc;
}

int
fp_distance(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}

uint32_t
fp_band(uint64_t hash, int band)
{
	return (uint32_t)((hash >> (16 * band)) & 0xffff);
}
