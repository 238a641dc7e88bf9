/*
 * outfile.c: atomic replace-if-changed of an output file (see outfile.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define XXH_STATIC_LINKING_ONLY	/* XXH3_state_t in the struct */
#include <xxhash.h>

#include "outfile.h"

struct outfile {
	char		*path;
	char		*tmp;
	int		 fd;
	struct buf	 b;
	XXH3_state_t	 hash;
	size_t		 size;		/* bytes written to tmp */
};

static int
outfile_write_all(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

struct outfile *
outfile_open(const char *path, char **cause)
{
	struct outfile	*of = xcalloc(1, sizeof *of);

	of->path = xstrdup(path);
	xasprintf(&of->tmp, "%s.tmp.XXXXXX", path);
	if ((of->fd = mkstemp(of->tmp)) == -1) {
		xasprintf(cause, "%s: cannot create a temp file: %s", of->tmp,
		    strerror(errno));
		free(of->tmp);
		free(of->path);
		free(of);
		return NULL;
	}
	/* Readable by the web server that serves it. */
	if (fchmod(of->fd, 0644) == -1) {
		xasprintf(cause, "%s: %s", of->tmp, strerror(errno));
		outfile_abort(of);
		return NULL;
	}
	buf_init(&of->b);
	XXH3_128bits_reset(&of->hash);
	return of;
}

struct buf *
outfile_buf(struct outfile *of)
{
	return &of->b;
}

int
outfile_flush(struct outfile *of, int force, char **cause)
{
	if (of->b.len == 0 || (!force && of->b.len < OUTFILE_CHUNK))
		return 0;
	if (outfile_write_all(of->fd, of->b.data, of->b.len) == -1) {
		xasprintf(cause, "%s: %s", of->tmp, strerror(errno));
		return -1;
	}
	XXH3_128bits_update(&of->hash, of->b.data, of->b.len);
	of->size += of->b.len;
	buf_reset(&of->b);
	return 0;
}

/* 1 when path holds size bytes hashing to h; read a piece at a time. */
static int
outfile_same(const char *path, size_t size, XXH128_hash_t h)
{
	XXH3_state_t	 old;
	struct stat	 sb;
	char		 chunk[OUTFILE_CHUNK];
	ssize_t		 n;
	int		 fd;

	if (stat(path, &sb) == -1 || (size_t)sb.st_size != size)
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	XXH3_128bits_reset(&old);
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		XXH3_128bits_update(&old, chunk, (size_t)n);
	close(fd);
	return n == 0 && XXH128_isEqual(XXH3_128bits_digest(&old), h);
}

int
outfile_commit(struct outfile *of, int *written, char **cause)
{
	char	*dircopy;
	int	 dfd;

	*written = 0;
	if (outfile_flush(of, 1, cause) == -1)
		goto fail;
	if (outfile_same(of->path, of->size, XXH3_128bits_digest(&of->hash))) {
		outfile_abort(of);
		return 0;
	}
	if (fsync(of->fd) == -1) {
		xasprintf(cause, "%s: %s", of->tmp, strerror(errno));
		goto fail;
	}
	if (close(of->fd) == -1) {
		of->fd = -1;
		xasprintf(cause, "%s: %s", of->tmp, strerror(errno));
		goto fail;
	}
	of->fd = -1;
	if (rename(of->tmp, of->path) == -1) {
		xasprintf(cause, "%s: cannot rename into place: %s", of->path,
		    strerror(errno));
		goto fail;
	}
	/* Make the rename itself durable. */
	dircopy = xstrdup(of->path);
	if ((dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	free(dircopy);
	free(of->tmp);
	of->tmp = NULL;
	outfile_abort(of);
	*written = 1;
	return 0;

fail:
	outfile_abort(of);
	return -1;
}

void
outfile_abort(struct outfile *of)
{
	if (of == NULL)
		return;
	if (of->fd != -1)
		close(of->fd);
	if (of->tmp != NULL) {
		unlink(of->tmp);
		free(of->tmp);
	}
	buf_free(&of->b);
	free(of->path);
	free(of);
}

void
outfile_clean(const char *path, void (*removed)(const char *, void *),
    void *arg)
{
	glob_t	 g;
	char	*pattern;
	size_t	 i;

	xasprintf(&pattern, "%s.tmp.??????", path);
	if (glob(pattern, GLOB_NOSORT, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++)
			if (unlink(g.gl_pathv[i]) == 0 && removed != NULL)
				removed(g.gl_pathv[i], arg);
		globfree(&g);
	}
	free(pattern);
}

int
outfile_write(const char *path, const char *data, size_t len, int *written,
    char **cause)
{
	struct outfile	*of;

	*written = 0;
	if ((of = outfile_open(path, cause)) == NULL)
		return -1;
	buf_add(outfile_buf(of), data, len);
	return outfile_commit(of, written, cause);
}
