/*
 * main.c: options, startup, --once or the daemon, --check-config and
 * --probe.  The only place that exits on an error (at startup).
 */
#include "config.h"

#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "conf.h"
#include "daemon.h"
#include "opml.h"
#include "log.h"
#include "parse.h"
#include "explain.h"
#include "status.h"
#include "probe.h"
#include "util.h"
#include "xpath.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

#define DEFAULT_CONFIG	SYSCONFDIR "/feedmerge.conf"

/* Long options without a short one (--probe's). */
enum {
	OPT_TYPE = 256,
	OPT_ITEM,
	OPT_TITLE,
	OPT_LINK,
	OPT_SUMMARY,
	OPT_DATE,
	OPT_BODY,
	OPT_EXCLUDE,
	OPT_EXPLAIN,
	OPT_STATUS,
	OPT_JSON,
	OPT_IMPORT_OPML,
	OPT_EXPORT_OPML
};


static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: feedmerge [-c FILE] [--once] [--check-config] "
	    "[--probe URL [PROBE OPTIONS]]\n"
	    "                 [--explain ID|URL] [-v|-q] [--version] "
	    "[--help]\n"
	    "                 [--status [--json]] [--import-opml FILE] "
	    "[--export-opml]\n"
	    "\n"
	    "  -c, --config FILE   configuration file (default %s)\n"
	    "  -o, --once          fetch every source once, publish, exit\n"
	    "  -n, --check-config  check the configuration and exit\n"
	    "  -p, --probe URL     show what feedmerge reads from one feed or "
	    "page (no state)\n"
	    "      --type auto|feed|html          (with --probe) read it as "
	    "that\n"
	    "      --item-xpath, --title-xpath, --link-xpath, --summary-xpath,\n"
	    "      --date-xpath, --body-xpath, --exclude-xpath XPATH\n"
	    "                      (with --probe) try a page source's "
	    "overrides\n"
	    "      --explain ID|URL  show a story of the state: its copies and "
	    "why\n"
	    "                      each is one of them (read-only)\n"
	    "      --status [--json]  how each source is doing (read from the "
	    "state;\n"
	    "                      safe while the daemon runs)\n"
	    "      --import-opml FILE  print [source] sections for the feeds of "
	    "an\n"
	    "                      OPML file (other readers export one)\n"
	    "      --export-opml   print the configured sources as OPML 2.0\n"
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

/*
 * --import-opml: the sections on stdout, what was done on stderr.  With
 * -c, the names already in that configuration are not used again.
 */
static int
main_import_opml(const char *file, const char *config)
{
	struct conf	 cf, *taken = NULL;
	struct buf	 b;
	char		*errors = NULL, *cause = NULL;
	int		 nerrors, n, skipped, ret = 1;

	if (config != NULL) {
		if (conf_load(&cf, config, &errors, &nerrors) == -1) {
			print_conf_errors(config, errors, nerrors);
			free(errors);
			return 1;
		}
		taken = &cf;
	}
	buf_init(&b);
	buf_printf(&b, "# feedmerge sources from %s\n", file);
	if (opml_import(file, taken, &b, &n, &skipped, &cause) == -1) {
		fprintf(stderr, "feedmerge: --import-opml: %s\n", cause);
		free(cause);
	} else if (fwrite(b.data, 1, b.len, stdout) != b.len ||
	    fflush(stdout) != 0)
		fprintf(stderr, "feedmerge: --import-opml: cannot write the "
		    "sections\n");
	else {
		fprintf(stderr, "feedmerge: %d source%s from %s", n, n == 1 ?
		    "" : "s", file);
		if (skipped > 0)
			fprintf(stderr, " (%d outline%s skipped: not http or "
			    "https)", skipped, skipped == 1 ? "" : "s");
		fprintf(stderr, "\n");
		ret = 0;
	}
	buf_free(&b);
	if (taken != NULL)
		conf_free(taken);
	xmlCleanupParser();
	return ret;
}

#ifdef HAVE_JEMALLOC
/*
 * Read by jemalloc at its start (MALLOC_CONF still wins): pages freed go
 * back to the system after a second unused, not ten.  A cold round frees
 * a few hundred KB a fetch; held ten seconds, they are some 7 MB of its
 * peak RSS at 10,000 feeds, for no CPU we could measure.
 */
const char	*malloc_conf = "dirty_decay_ms:1000";
#endif

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
		{ "type",		required_argument,	NULL, OPT_TYPE },
		{ "item-xpath",		required_argument,	NULL, OPT_ITEM },
		{ "title-xpath",	required_argument,	NULL, OPT_TITLE },
		{ "link-xpath",		required_argument,	NULL, OPT_LINK },
		{ "summary-xpath",	required_argument,	NULL, OPT_SUMMARY },
		{ "date-xpath",		required_argument,	NULL, OPT_DATE },
		{ "body-xpath",		required_argument,	NULL, OPT_BODY },
		{ "exclude-xpath",	required_argument,	NULL, OPT_EXCLUDE },
		{ "explain",		required_argument,	NULL, OPT_EXPLAIN },
		{ "status",		no_argument,		NULL, OPT_STATUS },
		{ "json",		no_argument,		NULL, OPT_JSON },
		{ "import-opml",	required_argument,	NULL,
		    OPT_IMPORT_OPML },
		{ "export-opml",	no_argument,		NULL,
		    OPT_EXPORT_OPML },
		{ NULL,			0,			NULL, 0 }
	};
	struct parse_opts popts;
	struct html_rules rules;
	const char	**rule;
	int		 type_given = 0, i;
	struct conf	 cf;
	struct daemon	 d;
	const char	*path = DEFAULT_CONFIG, *probe_url = NULL;
	const char	*explain = NULL;
	char		*errors = NULL, *cause = NULL;
	int		 ch, once = 0, check = 0, verbosity = 0, nerrors;
	int		 status = 0, json = 0, export_opml = 0, path_given = 0;
	const char	*import_opml = NULL;
	int		 ret;

	memset(&popts, 0, sizeof popts);
	memset(&rules, 0, sizeof rules);
	popts.type = SOURCE_AUTO;
	while ((ch = getopt_long(argc, argv, "c:onp:vqVh", longopts,
	    NULL)) != -1) {
		rule = NULL;
		switch (ch) {
		case OPT_TYPE:
			if (strcmp(optarg, "auto") == 0)
				popts.type = SOURCE_AUTO;
			else if (strcmp(optarg, "feed") == 0)
				popts.type = SOURCE_FEED;
			else if (strcmp(optarg, "html") == 0)
				popts.type = SOURCE_HTML;
			else {
				fprintf(stderr, "feedmerge: --type: must be "
				    "auto, feed or html (got \"%s\")\n",
				    optarg);
				return 2;
			}
			type_given = 1;
			break;
		case OPT_ITEM:
			rule = &rules.item;
			break;
		case OPT_TITLE:
			rule = &rules.title;
			break;
		case OPT_LINK:
			rule = &rules.link;
			break;
		case OPT_SUMMARY:
			rule = &rules.summary;
			break;
		case OPT_DATE:
			rule = &rules.date;
			break;
		case OPT_BODY:
			rule = &rules.body;
			break;
		case OPT_EXCLUDE:
			rule = &rules.exclude;
			break;
		case OPT_EXPLAIN:
			explain = optarg;
			break;
		case OPT_STATUS:
			status = 1;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_IMPORT_OPML:
			import_opml = optarg;
			break;
		case OPT_EXPORT_OPML:
			export_opml = 1;
			break;
		case 'c':
			path = optarg;
			path_given = 1;
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
		if (rule != NULL) {
			if (xpath_check(optarg, &cause) == -1) {
				for (i = 0; longopts[i].val != ch; i++)
					;
				fprintf(stderr, "feedmerge: --%s: %s (got "
				    "\"%s\")\n", longopts[i].name, cause,
				    optarg);
				free(cause);
				return 2;
			}
			*rule = optarg;
		}
	}
	if ((type_given || !html_rules_empty(&rules)) && probe_url == NULL) {
		fprintf(stderr, "feedmerge: --type and the --*-xpath options "
		    "go with --probe\n");
		usage(stderr);
		return 2;
	}
	if (!html_rules_empty(&rules)) {
		if (popts.type == SOURCE_FEED) {
			fprintf(stderr, "feedmerge: the --*-xpath options are "
			    "for pages, not --type feed\n");
			return 2;
		}
		popts.type = SOURCE_HTML;
		popts.rules = &rules;
	}
	if (json && !status) {
		fprintf(stderr, "feedmerge: --json goes with --status\n");
		usage(stderr);
		return 2;
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

	if (import_opml != NULL)
		return main_import_opml(import_opml, path_given ? path : NULL);
	if (probe_url != NULL) {
		ret = probe_run(probe_url, &popts);
		xmlCleanupParser();
		return ret;
	}

	if (conf_load(&cf, path, &errors, &nerrors) == -1) {
		print_conf_errors(path, errors, nerrors);
		free(errors);
		return 1;
	}
	if (check) {
		/* What --once would refuse: say it now, and what to do. */
		ret = 0;
		for (i = 0; (size_t)i < cf.noutputs; i++) {
			const struct conf_output *o = &cf.outputs[i];
			const char	*paths[4], *keys[4];
			size_t		 j, n;
			int		 feed = strcmp(o->name, "feed") == 0;

			n = conf_output_files(o, paths, keys);
			for (j = 0; j < n; j++) {
				if (path_dir_writable(paths[j], "output",
				    &cause) == 0)
					continue;
				fprintf(stderr, "feedmerge: %s: [%s%s%s%s] %s: "
				    "%s\n", path, feed ? "feed" : "output \"",
				    feed ? "" : o->name, feed ? "" : "\"",
				    "", keys[j], cause);
				free(cause);
				ret = 1;
			}
		}
		if (path_dir_writable(cf.state, "state", &cause) == -1) {
			fprintf(stderr, "feedmerge: %s: [daemon] state: %s (or "
			    "set state to another path)\n", path, cause);
			free(cause);
			ret = 1;
		}
		if (cf.metrics != NULL && path_dir_writable(cf.metrics,
		    "metrics", &cause) == -1) {
			fprintf(stderr, "feedmerge: %s: [daemon] metrics: %s\n",
			    path, cause);
			free(cause);
			ret = 1;
		}
		if (ret == 0)
			printf("configuration OK\n");
		conf_free(&cf);
		return ret;
	}
	if (export_opml) {
		struct buf	 b;

		buf_init(&b);
		opml_export(&cf, &b);
		ret = fwrite(b.data, 1, b.len, stdout) == b.len &&
		    fflush(stdout) == 0 ? 0 : 1;
		buf_free(&b);
		conf_free(&cf);
		return ret;
	}
	if (status) {
		ret = status_run(&cf, json, stdout);
		conf_free(&cf);
		xmlCleanupParser();
		return ret;
	}
	if (explain != NULL) {
		ret = explain_run(cf.state, explain, stdout);
		conf_free(&cf);
		xmlCleanupParser();
		return ret;
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
