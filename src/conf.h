/*
 * conf.h: the configuration file, read into a struct conf.
 *
 * Owns the INI file: nothing else reads it.  conf_load() validates every
 * key, resolves relative paths against the file's directory and reports
 * every problem as "FILE:LINE: [section] key: message".
 */
#ifndef FEEDMERGE_CONF_H
#define FEEDMERGE_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "filter.h"		/* struct filter */
#include "merge.h"		/* struct merge_opts */
#include "parse.h"		/* enum source_type, struct html_rules */

#define CONF_DEFAULT_MAX_ENTRIES	200
#define CONF_MAX_ENTRIES_MAX		100000
#define CONF_DEFAULT_REFRESH		(30 * 60)
#define CONF_DEFAULT_CONCURRENCY	16
#define CONF_DEFAULT_TIMEOUT		30
#define CONF_DEFAULT_MAX_SIZE		(8 * 1024 * 1024)
#define CONF_DEFAULT_KEEP		(90 * 86400)
#define CONF_MAX_FOLLOW_TEASERS		100
#define CONF_DEFAULT_PER_HOST		2
#define CONF_DEFAULT_HOST_SPACING	1

/* What an output writes (formats =): bits. */
#define CONF_FORMAT_ATOM		0x1
#define CONF_FORMAT_RSS			0x2
#define CONF_FORMAT_JSON		0x4

struct strmap;

struct conf_source {
	char		*name;		/* unique, [A-Za-z0-9._-]+ */
	char		*url;		/* http(s):// or file:// (paths made
					   absolute file:// URLs) */
	char		*title;		/* display name or NULL */
	int64_t		 refresh;	/* seconds; the effective interval */
	enum source_type type;		/* type =; default SOURCE_AUTO */
	/* XPath 1.0 overrides (checked to compile), NULL when not given */
	char		*item_xpath;
	char		*title_xpath;
	char		*link_xpath;
	char		*summary_xpath;
	char		*date_xpath;
	char		*body_xpath;
	char		*exclude_xpath;
	struct html_rules rules;	/* points at the *_xpath strings above
					   (or NULL): hand &src->rules to the
					   parser; never freed through it */
	int		 follow_teasers; /* 0..CONF_MAX_FOLLOW_TEASERS */
	int64_t		 max_size;	/* bytes; the effective limit (the
					   [daemon] max_size when not given) */
	int		 refresh_set;	/* refresh given in the section: a
					   feed's own ttl does not stretch it */
	/* How it is fetched; NULL when not given (user_agent and proxy
	   then come from [daemon]). */
	char		*user_agent;
	char		*headers;	/* "Name: value" lines, '\n'-ended */
	char		*username;
	char		*password;
	char		*proxy;		/* "" for none (proxy = none) */
	/* include, exclude, max_age: what is kept of what it carries;
	   max_per_source: at most that many of its stories per output. */
	struct filter	 filter;
	int		 line;		/* where its section starts */
};

/*
 * One file (and its siblings) that a reader subscribes to: [feed], or an
 * [output "NAME"] section.  Outputs select stories; they never change
 * what is stored, but for the window (conf_window()).
 */
struct conf_output {
	char		*name;		/* "feed" for [feed] */
	char		*title;
	char		*id;		/* given, or derived from title */
	char		*link;		/* self link or NULL */
	char		*subtitle;	/* or NULL */
	char		*home;		/* alternate link (a web page) or NULL */
	char		*icon;		/* URLs of pictures, or NULL */
	char		*logo;
	char		*file;		/* the Atom file: absolute, or relative
					   to the working directory */
	char		*rss_file;	/* beside it (.rss, .json), when */
	char		*json_file;	/* formats has them, else NULL */
	char		*html;		/* a page to look at, or NULL */
	char		*hub;		/* a WebSub hub, or NULL */
	int		 formats;	/* CONF_FORMAT_* bits */
	int		 max_entries;
	char		**sources;	/* names or globs; none: every source */
	size_t		 nsources;
	struct filter	 filter;
	int		 line;		/* where its section starts */
};

struct conf {
	char		*path;		/* the file it came from */
	/* [feed] first, then the [output "NAME"] sections in file order;
	   at least one.  The first one's id mints the entry ids. */
	struct conf_output *outputs;
	size_t		 noutputs;
	/* [daemon] */
	char		*state;
	int64_t		 refresh;	/* seconds */
	int		 concurrency;
	int64_t		 timeout;	/* seconds */
	int64_t		 max_size;	/* bytes */
	char		*user_agent;
	char		*proxy;		/* or NULL: curl's environment */
	int		 per_host;	/* transfers at once to one host */
	int64_t		 host_spacing;	/* seconds between starts on a host */
	char		*metrics;	/* Prometheus text file, or NULL */
	int64_t		 keep;		/* seconds a story outside the
					   output is kept in the state */
	/* [dedup] */
	struct merge_opts dedup;
	/* [source "NAME"] */
	struct conf_source *sources;
	size_t		 nsources;
	struct strmap	*names;		/* name -> index in sources; made by
					   conf_load, NULL in a conf built by
					   hand (then lookups scan) */
};

/*
 * Load and check path into cf.  Returns 0, or -1 with *errors set to one
 * line per problem ending in '\n' (caller frees) and *nerrors counting
 * them; cf is then left empty (no need to conf_free it).
 */
int	conf_load(struct conf *cf, const char *path, char **errors,
	    int *nerrors);
void	conf_free(struct conf *);
const struct conf_source *conf_find_source(const struct conf *,
	    const char *name);
/*
 * 1 when two sources (of two loads of the configuration, say before and
 * after SIGHUP) fetch and parse alike: same name, url, type, XPath
 * strings, follow_teasers, max_size and refresh.  The display title is
 * not compared.  Compare sources from conf_load(), where refresh and
 * max_size hold the effective values.
 */
int	conf_source_same(const struct conf_source *,
	    const struct conf_source *);
/* The same, but for refresh: is the source fetched and read alike?
   (Its request too: headers, credentials, proxy, user agent.) */
int	conf_source_same_but_timing(const struct conf_source *,
	    const struct conf_source *);

/* The files it writes (at most 4: Atom, RSS, JSON, HTML) into paths,
   and into keys (unless NULL) the keys that name them. */
size_t	conf_output_files(const struct conf_output *, const char *paths[4],
	    const char *keys[4]);
/* The output of that name, or NULL. */
const struct conf_output *conf_find_output(const struct conf *,
	    const char *name);
/* 1 when the output shows stories of that source. */
int	conf_output_has_source(const struct conf_output *, const char *name);
/*
 * What the store must keep for every output to be right: the largest
 * max_entries when every output shows the newest stories of every
 * source; 0 (keep every story, until `keep`) when one selects among
 * them (sources, include, exclude, max_per_source), whose newest N may
 * lie anywhere below the others'.
 */
int	conf_window(const struct conf *);
/* The largest max_entries of the outputs. */
int	conf_max_entries(const struct conf *);

/* "30m" -> 1800; units s m h d (none = seconds).  -1 when malformed. */
int64_t	conf_parse_duration(const char *);
/* "8M" -> 8388608; units B K M G (none = bytes).  -1 when malformed. */
int64_t	conf_parse_size(const char *);

#endif
