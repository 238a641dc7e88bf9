/*
 * main.c: options, startup, --once or the daemon, --check-config and
 * --probe.  The only place that exits on an error (at startup).
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "conf.h"
#include "daemon.h"
#include "decode.h"
#include "fetch.h"
#include "log.h"
#include "parse.h"
#include "url.h"
#include "util.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

#define DEFAULT_CONFIG	SYSCONFDIR "/feedmerge.conf"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: feedmerge [-c FILE] [--once] [--check-config] "
	    "[--probe URL] [-v|-q]\n"
	    "                 [--version] [--help]\n"
	    "\n"
	    "  -c, --config FILE   configuration file (default %s)\n"
	    "  -o, --once          fetch every source once, publish, exit\n"
	    "  -n, --check-config  check the configuration and exit\n"
	    "  -p, --probe URL     show what feedmerge reads from one feed "
	    "(no state)\n"
	    "  -v, --verbose       more logging (debug)\n"
	    "  -q, --quiet         only warnings and errors\n"
	    "  -V, --version       print the version and exit\n"
	    "  -h, --help          this text\n"
	    "\n"
	    "Without --once feedmerge runs in the foreground until SIGTERM;\n"
	    "SIGHUP re-reads the configuration.  See feedmerge(1) and\n"
	    "feedmerge.conf(5).\n", DEFAULT_CONFIG);
}

/* Print config errors, one per line, and the count. */
static void
print_conf_errors(const char *path, const char *errors, int nerrors)
{
	fputs(errors, stderr);
	fprintf(stderr, "feedmerge: %d error%s in %s\n", nerrors,
	    nerrors == 1 ? "" : "s", path);
}

/* --probe: one transfer on a loop of its own. */
struct probe {
	int			 done;
	int			 ok;
	struct buf		 body;
	char			*content_type;
	char			*content_encoding;
	char			*url;
	char			*error;
	long			 status;
};

static void
probe_done(struct fetch_result *r, void *arg)
{
	struct probe	*p = arg;

	p->done = 1;
	p->status = r->status;
	if (!r->ok)
		p->error = xstrdup(r->error);
	else if (r->status != 0 && (r->status < 200 || r->status > 299))
		xasprintf(&p->error, "HTTP %ld", r->status);
	else {
		p->ok = 1;
		p->body = r->body;
		buf_init(&r->body);
		if (r->content_type != NULL)
			p->content_type = xstrdup(r->content_type);
		if (r->content_encoding != NULL)
			p->content_encoding = xstrdup(r->content_encoding);
		if (r->effective_url != NULL)
			p->url = xstrdup(r->effective_url);
	}
}

static int
probe(const char *arg)
{
	struct ev_loop		*loop;
	struct fetcher		*fr;
	struct fetch_request	 req;
	struct parse_result	 res;
	struct probe		 p;
	char			*url, *cause = NULL, resolved[PATH_MAX];
	size_t			 i;
	int			 ret = 1;

	if (url_scheme_len(arg) > 0)
		url = xstrdup(arg);
	else if (realpath(arg, resolved) != NULL)
		xasprintf(&url, "file://%s", resolved);
	else {
		fprintf(stderr, "feedmerge: %s: no such file, and not a URL\n",
		    arg);
		return 1;
	}
	memset(&p, 0, sizeof p);
	buf_init(&p.body);
	loop = ev_loop_new(EVFLAG_AUTO);
	if (loop == NULL || (fr = fetcher_new(loop, &cause)) == NULL) {
		fprintf(stderr, "feedmerge: %s\n", cause != NULL ? cause :
		    "cannot create an event loop");
		free(cause);
		free(url);
		if (loop != NULL)
			ev_loop_destroy(loop);
		return 1;
	}
	memset(&req, 0, sizeof req);
	req.url = url;
	req.timeout = 30;
	req.max_size = 64 * 1024 * 1024;
	req.user_agent = PACKAGE_NAME "/" PACKAGE_VERSION;
	if (fetch_start(fr, &req, probe_done, NULL, &p, &cause) == -1) {
		p.error = cause;
		p.done = 1;
	}
	while (!p.done)
		ev_run(loop, EVRUN_ONCE);
	fetcher_free(fr);
	ev_loop_destroy(loop);

	if (!p.ok) {
		fprintf(stderr, "feedmerge: %s: %s\n", url, p.error);
		goto out;
	}
	if (decode_body(&p.body, p.content_encoding, req.max_size,
	    &cause) == -1 || parse_feed(p.body.data, p.body.len,
	    p.url != NULL ? p.url : url, p.content_type, &res, &cause) == -1) {
		fprintf(stderr, "feedmerge: %s: %s\n", url, cause);
		free(cause);
		goto out;
	}
	printf("url: %s\n", url);
	if (p.content_type != NULL)
		printf("content-type: %s\n", p.content_type);
	printf("bytes: %zu\n", p.body.len);
	printf("items: %zu\n", res.items.n);
	parse_dump(stdout, &res, 0);
	for (i = 0; i < res.warnings.n; i++)
		fprintf(stderr, "warning: %s\n", res.warnings.v[i]);
	parse_result_free(&res);
	ret = 0;
out:
	buf_free(&p.body);
	free(p.content_type);
	free(p.content_encoding);
	free(p.url);
	free(p.error);
	free(url);
	return ret;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config",		required_argument,	NULL, 'c' },
		{ "once",		no_argument,		NULL, 'o' },
		{ "check-config",	no_argument,		NULL, 'n' },
		{ "probe",		required_argument,	NULL, 'p' },
		{ "verbose",		no_argument,		NULL, 'v' },
		{ "quiet",		no_argument,		NULL, 'q' },
		{ "version",		no_argument,		NULL, 'V' },
		{ "help",		no_argument,		NULL, 'h' },
		{ NULL,			0,			NULL, 0 }
	};
	struct conf	 cf;
	struct daemon	 d;
	const char	*path = DEFAULT_CONFIG, *probe_url = NULL;
	char		*errors = NULL, *cause = NULL;
	int		 ch, once = 0, check = 0, verbosity = 0, nerrors;
	int		 ret;

	while ((ch = getopt_long(argc, argv, "c:onp:vqVh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'o':
			once = 1;
			break;
		case 'n':
			check = 1;
			break;
		case 'p':
			probe_url = optarg;
			break;
		case 'v':
			verbosity++;
			break;
		case 'q':
			verbosity = -1;
			break;
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "feedmerge: unexpected argument: %s\n",
		    argv[optind]);
		usage(stderr);
		return 2;
	}
	log_init(verbosity);
	xmlInitParser();
#if defined(M_MMAP_THRESHOLD) && !defined(HAVE_JEMALLOC)
	/*
	 * Bodies and parse trees of a few hundred KB come and go for every
	 * fetch; glibc would mmap and page-fault each one afresh.  Keeping
	 * them on the heap saves about a fifth of a cold round's CPU.
	 */
	mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
#endif

	if (probe_url != NULL) {
		ret = probe(probe_url);
		xmlCleanupParser();
		return ret;
	}

	if (conf_load(&cf, path, &errors, &nerrors) == -1) {
		print_conf_errors(path, errors, nerrors);
		free(errors);
		return 1;
	}
	if (check) {
		printf("configuration OK\n");
		conf_free(&cf);
		return 0;
	}

	if (daemon_init(&d, &cf, once, &cause) == -1) {
		fprintf(stderr, "feedmerge: %s\n", cause);
		free(cause);
		daemon_free(&d);
		return 1;
	}
	ret = daemon_run(&d);
	daemon_free(&d);
	xmlCleanupParser();
	return ret;
}
