/*
 * test_publish.c: the Atom writer's output parses back, streamed to the
 * file as rendered, atomic writes, no link a reader should not follow.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "check.h"
#include "conf.h"
#include "publish.h"
#include "merge.h"
#include "outfile.h"
#include "store.h"
#include "util.h"

#define NOW	1800000000LL

/* Count the nodes matching xpath in doc (Atom as "a"). */
static int
count(xmlDocPtr doc, const char *xpath)
{
	xmlXPathContextPtr	 ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr	 obj;
	int			 n = -1;

	xmlXPathRegisterNs(ctx, BAD_CAST "a",
	    BAD_CAST "http://www.w3.org/2005/Atom");
	obj = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
	if (obj != NULL && obj->nodesetval != NULL)
		n = obj->nodesetval->nodeNr;
	else if (obj != NULL)
		n = 0;
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return n;
}

static void
add(struct store *s, int64_t src, const char *id, const char *title,
    const char *summary, int64_t published)
{
	struct item	*it = item_new(ITEM_FEED);
	enum store_put	 what;
	char		*cause = NULL;

	it->id = xstrdup(id);
	it->link = xstrdup(id);
	it->title = xstrdup(title);
	it->summary = xstrdup(summary);
	it->summary_type = TEXT_HTML;
	it->author = xstrdup("Jane <Doe>");
	it->published = published;
	item_add_category(it, "world & more");
	item_add_enclosure(it, "http://x.example/a.mp3", "audio/mpeg", 1234);
	check(merge_put_item(s, NULL, src, "src1", "tag:t,2026:f", it, NOW, &what,
	    &cause) == 0);
	item_free(it);
}

/* Files in dir whose name begins with prefix. */
static int
count_files(const char *dir, const char *prefix)
{
	char	 cmd[512];
	FILE	*fp;
	int	 n = -1;

	snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -c '^%s' || true", dir,
	    prefix);
	if ((fp = popen(cmd, "r")) != NULL) {
		if (fscanf(fp, "%d", &n) != 1)
			n = -1;
		pclose(fp);
	}
	return n;
}

/* The output's Atom file at path, as publish_output() writes it. */
static int
feed(struct store *s, struct conf *cf, const char *path, int *n,
    int *written, char **cause)
{
	struct publish_result	 r;
	char			*was = cf->outputs->file;
	int			 rc;

	memset(&r, 0, sizeof r);
	cf->outputs->file = (char *)path;
	rc = publish_output(s, cf, cf->outputs, NOW, &r, cause);
	cf->outputs->file = was;
	*n = r.nentries;
	*written = r.written;
	free(r.shown);
	return rc;
}

/*
 * publish_output(): the bytes publish_render() gives, written as they are
 * rendered; the same feed again leaves the file alone and no temp file
 * behind; feed-level fields; links of an old state that no reader
 * should follow are left out.
 */
static void
test_feed(struct store *s, int64_t src, struct conf *cf, const char *dir)
{
	struct store_source	 ss;
	struct buf		 b;
	struct stat		 st1, st2;
	struct item		*it;
	enum store_put		 what;
	xmlDocPtr		 doc;
	char			 path[300], *cause = NULL, *data;
	size_t			 len;
	int			 n, written;
	FILE			*fp;

	(void)src;
	check(store_source_get(s, "src2", &ss, &cause) == 0);
	/* As a state written before sanitize.c may hold it. */
	it = item_new(ITEM_FEED);
	it->id = xstrdup("urn:x:evil");
	it->link = xstrdup("javascript:alert(1)");
	it->title = xstrdup("Evil links");
	it->summary = xstrdup("only a summary");
	it->summary_type = TEXT_PLAIN;
	it->author = xstrdup("Mallory");
	it->author_uri = xstrdup("JaVaScRiPt:alert(2)");
	it->thumbnail = xstrdup("data:text/html,x");
	it->comments = xstrdup("file:///etc/passwd");
	it->published = NOW;
	check(merge_put_item(s, NULL, ss.id, "src2", "tag:t,2026:f", it, NOW,
	    &what, &cause) == 0);
	item_free(it);
	it = item_new(ITEM_FEED);
	it->id = xstrdup("urn:x:nodate");
	it->link = xstrdup("https://x.example/nodate");
	it->title = xstrdup("No date");
	check(merge_put_item(s, NULL, ss.id, "src2", "tag:t,2026:f", it, NOW,
	    &what, &cause) == 0);
	item_free(it);
	store_source_clear(&ss);

	cf->outputs->max_entries = 10;
	cf->outputs->subtitle = "Everything, once";
	cf->outputs->home = "https://example.org/";
	cf->outputs->icon = "https://example.org/icon.png";
	cf->outputs->logo = "https://example.org/logo.png";
	snprintf(path, sizeof path, "%s/feed.atom", dir);
	check(feed(s, cf, path, &n, &written, &cause) == 0);
	check(written == 1 && n == 5);
	check(count_files(dir, "feed.atom.tmp") == 0);
	buf_init(&b);
	check(publish_render(s, cf, cf->outputs, PUBLISH_ATOM, NOW, &b, &n, &cause) == 0);
	data = NULL;
	len = 0;
	if ((fp = fopen(path, "rb")) != NULL) {
		data = xcalloc(1, b.len + 2);
		len = fread(data, 1, b.len + 1, fp);
		fclose(fp);
	}
	check(data != NULL && len == b.len && memcmp(data, b.data, len) == 0);
	free(data);
	doc = xmlReadMemory(b.data, (int)b.len, "feed.atom", NULL, 0);
	check(doc != NULL);
	if (doc != NULL) {
		check(count(doc, "/a:feed/a:subtitle[.='Everything, once']") ==
		    1);
		check(count(doc, "/a:feed/a:link[@rel='alternate' and "
		    "@href='https://example.org/']") == 1);
		check(count(doc, "/a:feed/a:icon") == 1);
		check(count(doc, "/a:feed/a:logo") == 1);
		check(count(doc, "/a:feed/a:generator[@version]") == 1);
		check(count(doc, "//a:entry[a:title='Evil links']") == 1);
		check(count(doc, "//a:entry[a:title='Evil links']/a:link") ==
		    0);
		check(count(doc, "//a:entry[a:title='Evil links']/a:author/"
		    "a:uri") == 0);
		check(count(doc, "//*[local-name()='thumbnail' and "
		    "starts-with(@url, 'data:')]") == 0);
		/* No link: its text is its content. */
		check(count(doc, "//a:entry[a:title='Evil links']/a:content"
		    "[.='only a summary']") == 1);
		/* Every entry has both dates; an undated one, when it was
		   first seen. */
		check(count(doc, "//a:entry[not(a:published) or "
		    "not(a:updated)]") == 0);
		check(count(doc, "//a:entry[a:title='No date']/a:published"
		    "[.='2027-01-15T08:00:00Z']") == 1);
		check(count(doc, "//a:entry/a:source/a:updated") == 5 ||
		    count(doc, "//a:entry/a:source") == 5);
		xmlFreeDoc(doc);
	}
	/* The same feed again: the file is left as it was. */
	check(stat(path, &st1) == 0);
	check(feed(s, cf, path, &n, &written, &cause) == 0);
	check(written == 0);
	check(stat(path, &st2) == 0 && st1.st_ino == st2.st_ino);
	check(count_files(dir, "feed.atom.tmp") == 0);
	/* Another feed: replaced. */
	cf->outputs->subtitle = "Everything, once, and again";
	check(feed(s, cf, path, &n, &written, &cause) == 0);
	check(written == 1);
	check(stat(path, &st2) == 0 && st1.st_ino != st2.st_ino);
	/* A directory that is not there: an error, nothing written. */
	check(feed(s, cf, "/nonexistent/dir/f.atom", &n, &written,
	    &cause) == -1 && written == 0);
	check(cause != NULL && strstr(cause, "/nonexistent/dir") != NULL);
	free(cause);
	cause = NULL;
	/* What a killed writer left goes; nothing else does. */
	snprintf(path, sizeof path, "%s/feed.atom.tmp.AbC123", dir);
	if ((fp = fopen(path, "w")) != NULL)
		fclose(fp);
	snprintf(path, sizeof path, "%s/feed.atom.tmp.keep", dir);
	if ((fp = fopen(path, "w")) != NULL)
		fclose(fp);
	snprintf(path, sizeof path, "%s/feed.atom", dir);
	outfile_clean(path, NULL, NULL);
	check(count_files(dir, "feed.atom.tmp.AbC123") == 0);
	check(count_files(dir, "feed.atom.tmp.keep") == 1);
	check(count_files(dir, "feed.atom$") == 1);
	cf->outputs->subtitle = NULL;
	cf->outputs->home = cf->outputs->icon = cf->outputs->logo = NULL;
	buf_free(&b);
}

int
main(void)
{
	char			 dir[] = "/tmp/test_publish.XXXXXX", db[256];
	char			 out[256], cmd[300], *cause = NULL;
	struct conf		 cf;
	struct conf_output	 o;
	struct conf_source	 cs;
	struct store		*s;
	struct store_source	 ss;
	struct buf		 b;
	struct stat		 st1, st2;
	xmlDocPtr		 doc;
	int			 n, written, ret;

	if (mkdtemp(dir) == NULL)
		return 99;
	snprintf(db, sizeof db, "%s/state.db", dir);
	snprintf(out, sizeof out, "%s/out.atom", dir);
	s = store_open(db, &cause);
	check(s != NULL);
	if (s == NULL)
		return check_done();
	check(store_source_get(s, "src1", &ss, &cause) == 0);
	add(s, ss.id, "http://x.example/1", "Old & <plain>", "<p>one</p>",
	    NOW - 100);
	/* Control characters and invalid UTF-8 must not break the XML. */
	add(s, ss.id, "http://x.example/2", "Bad \x01\x1b bytes \xff\xfe end",
	    "two \x0c", NOW - 50);
	add(s, ss.id, "http://x.example/3", "Newest", "three", NOW - 10);

	memset(&cf, 0, sizeof cf);
	memset(&cs, 0, sizeof cs);
	cs.name = "src1";
	cs.title = "Source One";
	memset(&o, 0, sizeof o);
	o.name = "feed";
	o.title = "Digest \"quoted\"";
	o.id = "tag:t,2026:f";
	o.link = "http://example.org/f.atom";
	o.max_entries = 2;
	o.formats = CONF_FORMAT_ATOM;
	cf.outputs = &o;
	cf.noutputs = 1;
	cf.sources = &cs;
	cf.nsources = 1;

	buf_init(&b);
	check(publish_render(s, &cf, &o, PUBLISH_ATOM, NOW, &b, &n, &cause) == 0);
	check(n == 2);
	doc = xmlReadMemory(b.data, (int)b.len, "out.atom", NULL, 0);
	check(doc != NULL);
	if (doc != NULL) {
		check(count(doc, "/a:feed/a:id") == 1);
		check(count(doc, "/a:feed/a:updated") == 1);
		check(count(doc, "/a:feed/a:link[@rel='self']") == 1);
		check(count(doc, "/a:feed/a:entry") == 2);
		check(count(doc, "/a:feed/a:entry[1][a:title='Newest']") == 1);
		check(count(doc, "/a:feed/a:entry[2]/a:title"
		    "[starts-with(., 'Bad  bytes ')]") == 1);
		check(count(doc, "//a:entry[a:id='http://x.example/3']"
		    "/a:link[@rel='alternate']") == 1);
		check(count(doc, "//a:entry/a:link[@rel='enclosure' and "
		    "@length='1234' and @type='audio/mpeg']") == 2);
		check(count(doc, "//a:entry/a:category[@term='world & more']")
		    == 2);
		check(count(doc, "//a:entry/a:author/a:name[.='Jane <Doe>']")
		    == 2);
		check(count(doc, "//a:entry/a:summary[@type='html']") == 2);
		check(count(doc, "//a:entry/a:source/a:title[.='Source One']")
		    == 2);
		check(count(doc, "//a:entry/a:published") == 2);
		xmlFreeDoc(doc);
	}

	/* Written once; the same bytes again do not touch the file. */
	check(outfile_write(out, b.data, b.len, &written, &cause) == 0);
	check(written == 1);
	check(stat(out, &st1) == 0 && (st1.st_mode & 0777) == 0644);
	check(outfile_write(out, b.data, b.len, &written, &cause) == 0);
	check(written == 0);
	check(stat(out, &st2) == 0 && st1.st_ino == st2.st_ino);
	buf_addstr(&b, "\n");
	check(outfile_write(out, b.data, b.len, &written, &cause) == 0);
	check(written == 1);
	check(stat(out, &st2) == 0 && st1.st_ino != st2.st_ino);

	/* An output directory that does not exist is an error. */
	check(path_dir_writable("/nonexistent/dir/out.atom", "output",
	    &cause) == -1);
	check(cause != NULL && strcmp(cause, "output /nonexistent/dir/out.atom: "
	    "directory /nonexistent/dir does not exist: create it (mkdir -p "
	    "/nonexistent/dir)") == 0);
	free(cause);
	cause = NULL;
	check(outfile_write("/nonexistent/dir/out.atom", "x", 1, &written,
	    &cause) == -1);
	free(cause);

	test_feed(s, ss.id, &cf, dir);

	buf_free(&b);
	store_source_clear(&ss);
	store_close(s);
	xmlCleanupParser();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ret = check_done();
	if (system(cmd) != 0)
		return 99;
	return ret;
}
