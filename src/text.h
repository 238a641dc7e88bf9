/*
 * text.h: the text helpers every parser shares.
 *
 * Trimming, whitespace collapsing and cutting to a size on a UTF-8
 * boundary; UTF-8 encoding and validation; HTML character references;
 * markup to plain text; an RSS-style author split.  Pure functions on
 * strings: every returned string is the caller's to free.
 */
#ifndef FEEDMERGE_TEXT_H
#define FEEDMERGE_TEXT_H

#include <stddef.h>

#include "util.h"

/* Longer fields are cut to this many bytes. */
#define TEXT_MAX_FIELD		(1024 * 1024)

/* Cut s in place to TEXT_MAX_FIELD (or max) bytes on a UTF-8 boundary. */
char	*text_cut(char *s);
char	*text_cut_to(char *s, size_t max);
/* A trimmed copy of s[0..len), cut to TEXT_MAX_FIELD; NULL if empty. */
char	*text_trimmed(const char *s, size_t len);
/* A copy with whitespace runs made one space, trimmed; NULL if empty. */
char	*text_collapse(const char *s, size_t len);

/* Append code point c as UTF-8; NUL, surrogates and >U+10FFFF: U+FFFD. */
void	 text_add_utf8(struct buf *b, unsigned long c);
/* Length of the valid UTF-8 sequence at p (before end), or 0.  Inline:
   the repair pass calls it for every non-ASCII character. */
static inline size_t
text_utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t	 n, i;

	if (p[0] < 0x80)
		return 1;
	/* The usual cases first: 2 bytes, or 3 bytes with no extra rule. */
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return end - p >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe1 && p[0] <= 0xec && end - p >= 3 &&
	    (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80)
		return 3;
	if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) ||
	    (p[0] == 0xed && p[1] >= 0xa0)))
		return 0;	/* overlong, or a surrogate */
	if (n == 4 && ((p[0] == 0xf0 && p[1] < 0x90) ||
	    (p[0] == 0xf4 && p[1] >= 0x90)))
		return 0;	/* overlong, or past U+10FFFF */
	return n;
}

/*
 * The HTML entity or character reference at s (which starts with '&'):
 * returns its length and sets *c, or 0 when it is not one.
 */
size_t	 text_entity(const char *s, size_t len, unsigned long *c);
/* HTML to plain text: tags dropped, entities decoded, collapsed. */
char	*text_from_html(const char *s, size_t len);
/*
 * s lowercased into out[size] (ASCII, Latin-1, Latin Extended-A,
 * Greek and Cyrillic capitals), with blanks and punctuation trimmed off
 * both ends and blank runs made one space: for comparing labels.
 */
void	 text_label(const char *s, char *out, size_t size);
/*
 * Call fn for each word of s, at most max: runs of letters and digits,
 * lowercased (text_label()'s scripts), a CJK or Hangul character each.
 * Returns the words seen.
 */
size_t	 text_words(const char *s, void (*fn)(const char *w, size_t n,
	    void *arg), void *arg, size_t max);

/*
 * Is label t (from text_label()) one that is never part of a story:
 * "advertisement", "share this", "related stories", "lesen sie auch"...?
 * With prefix, also a label of two words or more that t starts with
 * ("mehr zum thema heizen").
 */
int	 text_boiler_label(const char *t, int prefix);
/* 1 when s has something that looks like an HTML tag. */
int	 text_has_markup(const char *s);

/*
 * Split an RSS-style author ("jane@example.org (Jane Doe)", "Jane Doe
 * <jane@example.org>", a bare address or a name) into a display name
 * (the address when there is no name) and an address (or NULL).
 */
void	 text_author_split(const char *s, char **name, char **email);

#endif
