/*
 * publish.c: the Atom writer and the atomic file replacement.
 *
 * Written by hand rather than with xmlTextWriter because every string
 * here came from the network: the escaper is also where invalid UTF-8 and
 * characters XML 1.0 forbids are dropped, so the file is always
 * well-formed whatever a source sent.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "publish.h"
#include "text.h"
#include "url.h"

#define ATOM_NS		"http://www.w3.org/2005/Atom"
#define MEDIA_NS	"http://search.yahoo.com/mrss/"

/*
 * Length of a valid UTF-8 sequence at p (at most n bytes) that XML 1.0
 * allows, or 0: U+FFFE and U+FFFF are not characters.
 */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	size_t	 len = text_utf8_len(p, p + n);

	if (len == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe)
		return 0;
	return len;
}

/* Append s escaped for XML text or attribute values. */
static void
xml_escape(struct buf *b, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), k;

	while (n > 0) {
		switch (*p) {
		case '<':
			buf_addstr(b, "&lt;");
			break;
		case '>':
			buf_addstr(b, "&gt;");
			break;
		case '&':
			buf_addstr(b, "&amp;");
			break;
		case '"':
			buf_addstr(b, "&quot;");
			break;
		case '\t':
		case '\n':
		case '\r':
			buf_addc(b, *p);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				break;		/* not allowed in XML 1.0 */
			if ((k = utf8_seq(p, n)) == 0) {
				buf_addstr(b, "\xef\xbf\xbd");	/* U+FFFD */
				break;
			}
			buf_add(b, p, k);
			p += k;
			n -= k;
			continue;
		}
		p++;
		n--;
	}
}

static void
xml_element(struct buf *b, const char *indent, const char *name,
    const char *value)
{
	if (value == NULL)
		return;
	buf_printf(b, "%s<%s>", indent, name);
	xml_escape(b, value);
	buf_printf(b, "</%s>\n", name);
}

static void
xml_date(struct buf *b, const char *indent, const char *name, int64_t t)
{
	char	 d[32];

	if (t == DATE_NONE)
		return;
	date_format_rfc3339(t, d, sizeof d);
	buf_printf(b, "%s<%s>%s</%s>\n", indent, name, d, name);
}

static void
xml_text(struct buf *b, const char *name, const char *value,
    enum text_type type)
{
	if (str_empty(value))
		return;
	buf_printf(b, "    <%s type=\"%s\">", name,
	    type == TEXT_HTML ? "html" : "text");
	xml_escape(b, value);
	buf_printf(b, "</%s>\n", name);
}

static void
xml_link(struct buf *b, const char *indent, const char *rel,
    const char *href, const char *type, int64_t length)
{
	buf_printf(b, "%s<link rel=\"%s\" href=\"", indent, rel);
	xml_escape(b, href);
	buf_addc(b, '"');
	if (type != NULL) {
		buf_addstr(b, " type=\"");
		xml_escape(b, type);
		buf_addc(b, '"');
	}
	if (length >= 0)
		buf_printf(b, " length=\"%lld\"", (long long)length);
	buf_addstr(b, "/>\n");
}

struct publish_ctx {
	const struct conf *cf;
	struct buf	*out;		/* entries are appended here */
	int		 n;
	int64_t		 newest;	/* the feed's atom:updated */
};

static void
publish_author(struct buf *b, const struct item *it)
{
	const char	*name = it->author;

	if (str_empty(name))
		name = it->author_email;
	if (str_empty(name))
		return;
	buf_addstr(b, "    <author>\n");
	xml_element(b, "      ", "name", name);
	if (!str_empty(it->author_email))
		xml_element(b, "      ", "email", it->author_email);
	if (url_is_absolute(it->author_uri))
		xml_element(b, "      ", "uri", it->author_uri);
	buf_addstr(b, "    </author>\n");
}

static void
publish_source(struct buf *b, const struct publish_ctx *pc,
    const struct store_entry *e)
{
	const struct conf_source *cs;
	const char		*title = e->source_title;

	cs = conf_find_source(pc->cf, e->source_name);
	if (cs != NULL && cs->title != NULL)
		title = cs->title;
	if (str_empty(title))
		title = e->source_name;
	buf_addstr(b, "    <source>\n");
	if (url_is_absolute(e->source_feed_id))
		xml_element(b, "      ", "id", e->source_feed_id);
	xml_element(b, "      ", "title", title);
	if (url_is_absolute(e->source_link))
		xml_link(b, "      ", "alternate", e->source_link, NULL, -1);
	buf_addstr(b, "    </source>\n");
}

/* store_each_entry() callback: one <entry>. */
static int
publish_entry(const struct store_entry *e, void *arg)
{
	struct publish_ctx	*pc = arg;
	struct buf		*b = pc->out;
	const struct item	*it = e->item;
	size_t			 i;

	buf_addstr(b, "  <entry>\n");
	xml_element(b, "    ", "id", e->atom_id);
	xml_element(b, "    ", "title", !str_empty(it->title) ? it->title :
	    "(untitled)");
	if (url_is_absolute(it->link))
		xml_link(b, "    ", "alternate", it->link, NULL, -1);
	for (i = 0; i < it->nenclosures; i++)
		if (url_is_absolute(it->enclosures[i].url))
			xml_link(b, "    ", "enclosure", it->enclosures[i].url,
			    it->enclosures[i].type, it->enclosures[i].length);
	if (url_is_absolute(it->comments))
		xml_link(b, "    ", "replies", it->comments, "text/html", -1);
	/* A teaser: the page it was found on (RFC 4287's "via"). */
	if (url_is_absolute(it->origin))
		xml_link(b, "    ", "via", it->origin, "text/html", -1);
	/* The story's other copies: their sources' links. */
	for (i = 0; i < e->nother; i++)
		if (url_is_absolute(e->other[i]))
			xml_link(b, "    ", "via", e->other[i], NULL, -1);
	xml_date(b, "    ", "updated", e->updated);
	xml_date(b, "    ", "published", e->published);
	publish_author(b, it);
	for (i = 0; i < it->ncategories; i++) {
		buf_addstr(b, "    <category term=\"");
		xml_escape(b, it->categories[i]);
		buf_addstr(b, "\"/>\n");
	}
	if (url_is_absolute(it->thumbnail)) {
		buf_addstr(b, "    <media:thumbnail url=\"");
		xml_escape(b, it->thumbnail);
		buf_addstr(b, "\"/>\n");
	}
	if (it->summary_cut && it->summary_type == TEXT_PLAIN &&
	    !str_empty(it->summary)) {
		/* The source cut it short: say so, as the page did. */
		char	*cut;

		xasprintf(&cut, "%s \xe2\x80\xa6", it->summary);
		xml_text(b, "summary", cut, it->summary_type);
		free(cut);
	} else
		xml_text(b, "summary", it->summary, it->summary_type);
	xml_text(b, "content", it->content, it->content_type);
	publish_source(b, pc, e);
	buf_addstr(b, "  </entry>\n");
	if (e->updated > pc->newest)
		pc->newest = e->updated;
	pc->n++;
	return 0;
}

int
publish_render(struct store *st, const struct conf *cf, struct buf *out,
    int *nentries, char **cause)
{
	struct publish_ctx	 pc;
	struct buf		 date;
	size_t			 at, len;

	/*
	 * Entries go straight into out, after the header: only one copy of
	 * a large feed is ever in memory.  The header's <updated> is the
	 * newest entry's date (not "now": an unchanged set of entries
	 * renders to the same bytes and is not rewritten), known only once
	 * the entries are out: a placeholder is written, then replaced.
	 */
	buf_reset(out);
	buf_addstr(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"" ATOM_NS "\" xmlns:media=\"" MEDIA_NS "\">\n");
	xml_element(out, "  ", "id", cf->id);
	xml_element(out, "  ", "title", cf->title);
	at = out->len;
	xml_date(out, "  ", "updated", 0);
	len = out->len - at;
	if (cf->link != NULL)
		xml_link(out, "  ", "self", cf->link, "application/atom+xml",
		    -1);
	buf_addstr(out, "  <author>\n");
	xml_element(out, "    ", "name", cf->title);
	buf_addstr(out, "  </author>\n");
	buf_addstr(out, "  <generator version=\"" PACKAGE_VERSION "\">"
	    "feedmerge</generator>\n");

	memset(&pc, 0, sizeof pc);
	pc.cf = cf;
	pc.out = out;
	pc.newest = DATE_NONE;
	if (store_each_entry(st, cf->max_entries, publish_entry, &pc,
	    cause) == -1) {
		buf_reset(out);
		return -1;
	}
	buf_addstr(out, "</feed>\n");

	buf_init(&date);
	xml_date(&date, "  ", "updated", pc.newest != DATE_NONE ? pc.newest :
	    0);
	if (date.len != len) {
		/* Not with RFC 3339's fixed width, but never assume. */
		buf_grow(out, date.len);
		memmove(out->data + at + date.len, out->data + at + len,
		    out->len - at - len + 1);
		out->len = out->len - len + date.len;
	}
	memcpy(out->data + at, date.data, date.len);
	buf_free(&date);
	*nentries = pc.n;
	return 0;
}

/* 1 when path holds exactly data; read a piece at a time. */
static int
publish_same(const char *path, const char *data, size_t len)
{
	struct stat	 sb;
	char		 chunk[65536];
	size_t		 off = 0, n;
	FILE		*fp;

	if (stat(path, &sb) == -1 || (size_t)sb.st_size != len)
		return 0;
	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	while (off < len) {
		n = len - off < sizeof chunk ? len - off : sizeof chunk;
		if (fread(chunk, 1, n, fp) != n ||
		    memcmp(chunk, data + off, n) != 0)
			break;
		off += n;
	}
	fclose(fp);
	return off == len;
}

static int
write_all(int fd, const char *p, size_t n)
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

int
publish_write_file(const char *path, const char *data, size_t len,
    int *written, char **cause)
{
	char	*tmp, *dircopy;
	int	 fd, dfd;

	*written = 0;
	if (publish_same(path, data, len))
		return 0;
	xasprintf(&tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		xasprintf(cause, "%s: cannot create a temp file: %s", tmp,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	/* Readable by the web server that serves it. */
	if (fchmod(fd, 0644) == -1 || write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		goto fail;
	}
	if (close(fd) == -1) {
		fd = -1;
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1) {
		xasprintf(cause, "%s: cannot rename into place: %s", path,
		    strerror(errno));
		goto fail;
	}
	free(tmp);
	/* Make the rename itself durable. */
	dircopy = xstrdup(path);
	if ((dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	free(dircopy);
	*written = 1;
	return 0;

fail:
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

int
publish_check_dir(const char *path, char **cause)
{
	char	*dircopy, *dir;
	int	 ret = 0;

	dircopy = xstrdup(path);
	dir = dirname(dircopy);
	if (access(dir, W_OK | X_OK) == -1) {
		xasprintf(cause, "output directory %s: %s", dir,
		    strerror(errno));
		ret = -1;
	}
	free(dircopy);
	return ret;
}
