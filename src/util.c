/*
 * util.c: allocation wrappers, byte buffers, ASCII string helpers, a
 * string-keyed hash map.
 */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xxhash.h>

#include "log.h"
#include "util.h"

void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		fatalx("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if ((p = calloc(nmemb == 0 ? 1 : nmemb, size == 0 ? 1 : size)) == NULL)
		fatalx("out of memory (%zu x %zu bytes)", nmemb, size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n == 0 ? 1 : n)) == NULL)
		fatalx("out of memory (%zu bytes)", n);
	return p;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		fatalx("allocation overflow (%zu x %zu)", nmemb, size);
	return xrealloc(p, nmemb * size);
}

/* Room for need elements in p, whose room is *cap: doubled, not by one. */
void *
xgrowarray(void *p, size_t *cap, size_t need, size_t size)
{
	size_t	 n = *cap;

	if (need <= n)
		return p;
	if (n < 16)
		n = 16;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	p = xreallocarray(p, n, size);
	*cap = n;
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	n = strnlen(s, n);
	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrcat2(const char *a, const char *b)
{
	size_t	 na = strlen(a), nb = strlen(b);
	char	*s;

	s = xmalloc(na + nb + 1);
	memcpy(s, a, na);
	memcpy(s + na, b, nb + 1);
	return s;
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatalx("out of memory (asprintf)");
	return n;
}

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_grow(struct buf *b, size_t n)
{
	size_t	 want;

	if (n > SIZE_MAX - b->len - 1)
		fatalx("buffer overflow");
	want = b->len + n + 1;
	if (want <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < want)
		b->cap = b->cap > SIZE_MAX / 2 ? want : b->cap * 2;
	b->data = xrealloc(b->data, b->cap);
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc_grow(struct buf *b, int c)
{
	char	 ch = (char)c;

	buf_add(b, &ch, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatalx("buf_printf: bad format");
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *
buf_steal(struct buf *b)
{
	char	*p = b->data;

	if (p == NULL)
		p = xstrdup("");
	buf_init(b);
	return p;
}

int
strcase_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (TO_LOWER((unsigned char)*a) != TO_LOWER((unsigned char)*b))
			return 0;
	return *a == *b;
}

int
strncase_eq(const char *a, const char *b, size_t n)
{
	if (a == NULL || b == NULL)
		return a == b;
	for (; n > 0; a++, b++, n--) {
		if (TO_LOWER((unsigned char)*a) != TO_LOWER((unsigned char)*b))
			return 0;
		if (*a == '\0')
			return 1;
	}
	return 1;
}

int
str_empty(const char *s)
{
	if (s == NULL)
		return 1;
	for (; *s != '\0'; s++)
		if (!IS_SPACE(*s))
			return 0;
	return 1;
}

char *
str_trim(char *s)
{
	char	*end;

	while (IS_SPACE(*s))
		s++;
	end = s + strlen(s);
	while (end > s && IS_SPACE(end[-1]))
		end--;
	*end = '\0';
	return s;
}

void
str_set(char **field, char *v)
{
	free(*field);
	*field = v;
}

uint64_t
hash64(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}

void
strmap_init(struct strmap *m)
{
	m->slots = NULL;
	m->cap = m->n = 0;
}

void
strmap_free(struct strmap *m)
{
	size_t	 i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	strmap_init(m);
}

/* The slot holding key, or the empty slot where it would go. */
static struct strmap_slot *
strmap_slot(const struct strmap *m, const char *key, uint64_t hash)
{
	struct strmap_slot	*sl;
	size_t			 i, mask = m->cap - 1;

	for (i = (size_t)hash & mask;; i = (i + 1) & mask) {
		sl = &m->slots[i];
		if (sl->key == NULL)
			return sl;
		if (sl->hash == hash && strcmp(sl->key, key) == 0)
			return sl;
	}
}

static void
strmap_grow(struct strmap *m)
{
	struct strmap_slot	*old = m->slots;
	size_t			 oldcap = m->cap, i, j, mask;

	if (oldcap > SIZE_MAX / 2 / sizeof *old)
		fatalx("strmap: too many keys");
	m->cap = oldcap == 0 ? 16 : oldcap * 2;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	mask = m->cap - 1;
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		for (j = (size_t)old[i].hash & mask; m->slots[j].key != NULL;
		    j = (j + 1) & mask)
			;
		m->slots[j] = old[i];
	}
	free(old);
}

int
strmap_get(const struct strmap *m, const char *key, size_t *value)
{
	struct strmap_slot	*sl;

	if (m->n == 0)
		return 0;
	sl = strmap_slot(m, key, hash64(key, strlen(key)));
	if (sl->key == NULL)
		return 0;
	if (value != NULL)
		*value = sl->value;
	return 1;
}

int
strmap_put(struct strmap *m, const char *key, size_t value)
{
	struct strmap_slot	*sl = NULL;
	uint64_t		 hash = hash64(key, strlen(key));

	if (m->cap > 0) {
		sl = strmap_slot(m, key, hash);
		if (sl->key != NULL) {
			sl->value = value;
			return 0;
		}
	}
	/* At most 3/4 full, so a probe always ends at an empty slot. */
	if (sl == NULL || (m->n + 1) * 4 > m->cap * 3) {
		strmap_grow(m);
		sl = strmap_slot(m, key, hash);
	}
	sl->key = xstrdup(key);
	sl->hash = hash;
	sl->value = value;
	m->n++;
	return 1;
}

int64_t
now_seconds(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

int
path_dir_writable(const char *path, const char *what, char **cause)
{
	char		*copy = xstrdup(path), *dir = dirname(copy);
	struct stat	 sb;
	int		 ret = -1;

	if (stat(dir, &sb) == -1 && errno == ENOENT)
		xasprintf(cause, "%s %s: directory %s does not exist: create "
		    "it (mkdir -p %s)", what, path, dir, dir);
	else if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
		xasprintf(cause, "%s %s: %s is not a directory", what, path,
		    dir);
	else if (access(dir, W_OK | X_OK) == -1)
		xasprintf(cause, "%s %s: directory %s: %s", what, path, dir,
		    strerror(errno));
	else
		ret = 0;
	free(copy);
	return ret;
}
