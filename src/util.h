/*
 * util.h: small helpers every module uses.  Owns nothing.
 *
 * Allocation wrappers that abort on out-of-memory (the only fatal error
 * after startup: there is nothing useful left to do), a growable byte
 * buffer, ASCII-only character classes, a 64-bit hash and a string-keyed
 * hash map.
 */
#ifndef FEEDMERGE_UTIL_H
#define FEEDMERGE_UTIL_H

#include <stddef.h>
#include <stdint.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
void	*xgrowarray(void *, size_t *cap, size_t need, size_t size);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* a then b, a new string (xasprintf's "%s%s" without a format pass). */
char	*xstrcat2(const char *a, const char *b);

/* A growable byte buffer, always NUL-terminated when data != NULL. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);		/* len = 0, keeps memory */
void	 buf_grow(struct buf *, size_t);	/* room for n more bytes */
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_addstr(struct buf *, const char *);
void	 buf_addc_grow(struct buf *, int);
/* One byte: inline, as text is copied a byte at a time in places. */
static inline void
buf_addc(struct buf *b, int c)
{
	if (b->len + 2 <= b->cap) {
		b->data[b->len++] = (char)c;
		b->data[b->len] = '\0';
	} else
		buf_addc_grow(b, c);
}
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
char	*buf_steal(struct buf *);		/* caller frees; buf emptied */

/*
 * ASCII-only classes: locale-independent, safe on any byte.  libxml2's
 * parserInternals.h has an IS_DIGIT of its own (Unicode): ours wins in
 * files that include util.h after it.
 */
#undef IS_DIGIT
#undef IS_ALPHA
#undef IS_ALNUM
#undef IS_SPACE
#define IS_DIGIT(c)	((unsigned)(c) - '0' < 10)
#define IS_ALPHA(c)	(((unsigned)(c) | 32) - 'a' < 26)
#define IS_ALNUM(c)	(IS_DIGIT(c) || IS_ALPHA(c))
#define IS_SPACE(c)	((c) == ' ' || (c) == '\t' || (c) == '\n' || \
			    (c) == '\r' || (c) == '\f' || (c) == '\v')
/* A function, so that TO_LOWER(*p++) reads *p once. */
static inline int
util_lower(int c)
{
	return (unsigned)c - 'A' < 26 ? c | 32 : c;
}
#define TO_LOWER(c)	util_lower((int)(c))

int	 strcase_eq(const char *, const char *);	/* ASCII, NULL-safe */
int	 strncase_eq(const char *, const char *, size_t);
int	 str_empty(const char *);		/* NULL or only spaces */
char	*str_trim(char *);			/* in place; returns start */
/* Replace *field with v (owned from now on), freeing the old value. */
void	 str_set(char **field, char *v);

/* XXH3, 64 bits: fast change detection, not for security. */
uint64_t hash64(const void *, size_t);

/*
 * A hash map from strings to size_t (an index, usually): open addressing
 * with linear probing, doubled when 3/4 full.  Keys are copied and owned
 * by the map.  No removal.  A zeroed struct strmap is an empty map.
 */
struct strmap_slot {
	char		*key;		/* NULL: empty */
	uint64_t	 hash;
	size_t		 value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t		 cap;		/* 0 or a power of two */
	size_t		 n;
};

void	 strmap_init(struct strmap *);
void	 strmap_free(struct strmap *);	/* frees the keys; map emptied */
/* 1 and *value (if not NULL) set when key is there, else 0. */
int	 strmap_get(const struct strmap *, const char *key, size_t *value);
/* Set key to value; 1 if key was new, 0 if an old value was replaced. */
int	 strmap_put(struct strmap *, const char *key, size_t value);

/* Wall-clock seconds since the epoch. */
int64_t	 now_seconds(void);

/*
 * The directory a file at path goes in exists and may be written: 0, or
 * -1 with *cause saying so, and what to do ("output /x/f.atom: directory
 * /x does not exist: create it (mkdir -p /x)").  what names the file.
 */
int	 path_dir_writable(const char *path, const char *what, char **cause);

#endif
