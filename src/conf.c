/*
 * conf.c: INI -> struct conf with inih, and validation.
 *
 * inih as Debian builds it hands the handler no line number and cuts lines
 * at 200 bytes, so we give ini_parse_stream() our own reader: it counts
 * lines, and moves the value of an over-long line aside (the handler gets
 * a placeholder and looks the real value up), so long URLs work.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <ini.h>

#include "conf.h"
#include "merge.h"
#include "sanitize.h"
#include "url.h"
#include "util.h"
#include "xpath.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR "/var"
#endif

#define LONG_VALUE_MARK	'\001'

enum section {
	SECTION_NONE,
	SECTION_FEED,
	SECTION_DAEMON,
	SECTION_DEDUP,
	SECTION_SOURCE,
	SECTION_OUTPUT,
	SECTION_BAD
};

/* The XPath keys of a [source] section, in the order of conf_xpath(). */
static const char *const conf_xpath_keys[] = {
	"item_xpath", "title_xpath", "link_xpath", "summary_xpath",
	"date_xpath", "body_xpath", "exclude_xpath"
};
#define CONF_NXPATH	(sizeof conf_xpath_keys / sizeof conf_xpath_keys[0])

struct conf_parse {
	struct conf	*cf;
	const char	*path;
	const char	*dir;		/* directory of path */
	FILE		*fp;
	int		 line;		/* of the line last read */
	int		 indented;	/* it begins with a blank */
	struct buf	 errors;
	int		 nerrors;
	char		*cursection;	/* raw text between [] */
	enum section	 sectype;
	struct conf_source *cursource;	/* in cf->sources, or NULL */
	struct conf_output *curoutput;	/* in cf->outputs, or NULL */
	char		**long_values;	/* moved aside by the reader */
	size_t		 nlong_values;
	struct strmap	 names;		/* source name -> index in
					   cf->sources (realloc'ed) */
	struct strmap	 seen;		/* "section\nkey" of keys set */
	struct buf	 seenkey;	/* scratch for the above */
	int		 feed_line, daemon_line;
	/* Lines of the current source's keys that type = feed refuses
	   (0: not given), checked when its section ends. */
	int		 xpath_lines[CONF_NXPATH]; /* by conf_xpath_keys */
	int		 follow_line;
	int		 password_line;	/* the first password (0: none) */
	const char	*password_key;	/* where: password, or a url */
};

/* The index in conf_xpath_keys of key, or -1. */
static int
conf_xpath_index(const char *key)
{
	size_t	 i;

	for (i = 0; i < CONF_NXPATH; i++)
		if (strcmp(key, conf_xpath_keys[i]) == 0)
			return (int)i;
	return -1;
}

/* The string of XPath key i in src, and its html_rules pointer. */
static char **
conf_xpath(struct conf_source *src, size_t i, const char ***rule)
{
	char		**str[CONF_NXPATH] = {
		&src->item_xpath, &src->title_xpath, &src->link_xpath,
		&src->summary_xpath, &src->date_xpath, &src->body_xpath,
		&src->exclude_xpath
	};
	const char	**rules[CONF_NXPATH] = {
		&src->rules.item, &src->rules.title, &src->rules.link,
		&src->rules.summary, &src->rules.date, &src->rules.body,
		&src->rules.exclude
	};

	if (rule != NULL)
		*rule = rules[i];
	return str[i];
}

static void conf_error(struct conf_parse *, int, const char *, const char *,
		    const char *, ...) __attribute__((format(printf, 5, 6)));

static void
conf_error(struct conf_parse *cp, int line, const char *section,
    const char *key, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	buf_printf(&cp->errors, "%s:%d: ", cp->path, line);
	if (section != NULL)
		buf_printf(&cp->errors, "[%s] ", section);
	if (key != NULL)
		buf_printf(&cp->errors, "%s: ", key);
	buf_printf(&cp->errors, "%s\n", msg != NULL ? msg : "error");
	free(msg);
	cp->nerrors++;
}

static void conf_enter_section(struct conf_parse *, const char *);

/*
 * Section headers are handled here rather than in the handler: inih only
 * calls the handler for keys, and an empty [source "x"] must still be
 * seen (and reported as missing its url).
 */
static void
conf_maybe_section(struct conf_parse *cp, const char *line)
{
	const char	*p = line, *end;
	char		*name;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '[' || (end = strchr(p, ']')) == NULL)
		return;
	name = xstrndup(p + 1, (size_t)(end - p - 1));
	conf_enter_section(cp, str_trim(name));
	free(name);
}

/*
 * The ini_reader: one line per call, counted.  The value of a key line is
 * moved aside when the line is too long for inih, and when it holds a ';'
 * or '#': inih would cut it at " ;" even inside quotes (an XPath such as
 * //a[@title="x ; y"]), so comments are left to conf_strip_comment().
 * The separator is the first '=' or ':', as inih has it.
 */
static char *
conf_read_line(char *str, int num, void *arg)
{
	struct conf_parse	*cp = arg;
	char			*line = NULL, *start, *sep;
	size_t			 cap = 0;
	ssize_t			 n;
	int			 iskey, toolong;

	if ((n = getline(&line, &cap, cp->fp)) < 0) {
		free(line);
		return NULL;
	}
	cp->line++;
	conf_maybe_section(cp, line);
	start = line + strspn(line, " \t");
	/* inih hands an indented line on as the previous key's again. */
	cp->indented = start != line && *start != '\0' && *start != '\n' &&
	    *start != '\r';
	toolong = n >= num - 1;
	iskey = *start != '\0' && strchr(";#[", *start) == NULL &&
	    (sep = strpbrk(start, "=:")) != NULL;
	if (iskey && (toolong || strpbrk(sep + 1, ";#") != NULL)) {
		/* "key = <value>" -> "key = \001N" */
		size_t	 keylen = (size_t)(sep - line);
		char	*value = str_trim(sep + 1);

		cp->long_values = xreallocarray(cp->long_values,
		    cp->nlong_values + 1, sizeof *cp->long_values);
		cp->long_values[cp->nlong_values] = xstrdup(value);
		if (keylen > (size_t)num - 16)
			keylen = (size_t)num - 16;
		snprintf(str, (size_t)num, "%.*s=%c%zu\n", (int)keylen, line,
		    LONG_VALUE_MARK, cp->nlong_values++);
	} else {
		/* A long comment is still a comment once cut. */
		if (toolong && *start != ';' && *start != '#')
			conf_error(cp, cp->line, NULL, NULL,
			    "line too long and not a key = value line");
		snprintf(str, (size_t)num, "%s", line);
	}
	free(line);
	return str;
}

/*
 * Strip a comment: a '#' or ';' at the start of the value or after a
 * space or tab, and what follows.  With xpath set, one inside quotes
 * ('...' or "...", which XPath literals cannot escape) or inside [...]
 * is part of the expression.  Not for other values: an apostrophe in a
 * title must not hide the comment after it.
 */
static void
conf_strip_comment(char *v, int xpath)
{
	char	*p, quote = '\0';
	int	 depth = 0;

	for (p = v; *p != '\0'; p++) {
		if (xpath) {
			if (quote != '\0') {
				if (*p == quote)
					quote = '\0';
				continue;
			}
			if (*p == '"' || *p == '\'') {
				quote = *p;
				continue;
			}
			if (*p == '[')
				depth++;
			else if (*p == ']' && depth > 0)
				depth--;
			if (depth > 0)
				continue;
		}
		if ((*p == '#' || *p == ';') &&
		    (p == v || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	}
	p = str_trim(v);
	if (p != v)
		memmove(v, p, strlen(p) + 1);
}

struct conf_unit {
	const char	*suffix;	/* as written, lowercase */
	int64_t		 mult;
};

static const struct conf_unit conf_duration_units[] = {
	{ "", 1 }, { "s", 1 }, { "m", 60 }, { "h", 3600 }, { "d", 86400 },
	{ NULL, 0 }
};

static const struct conf_unit conf_size_units[] = {
	{ "", 1 }, { "b", 1 }, { "k", 1024 }, { "kb", 1024 },
	{ "m", 1024 * 1024 }, { "mb", 1024 * 1024 },
	{ "g", 1024 * 1024 * 1024 }, { "gb", 1024 * 1024 * 1024 },
	{ NULL, 0 }
};

/* "<digits><unit>" -> digits * unit; -1 when malformed or too large. */
static int64_t
conf_parse_units(const char *s, const struct conf_unit *units,
    int case_insensitive)
{
	char		*end;
	long long	 v;
	size_t		 i;

	if (s == NULL || !IS_DIGIT(*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || v < 0)
		return -1;
	for (i = 0; units[i].suffix != NULL; i++) {
		if (case_insensitive ? strcase_eq(end, units[i].suffix) :
		    strcmp(end, units[i].suffix) == 0) {
			if (v > INT64_MAX / units[i].mult)
				return -1;
			return (int64_t)v * units[i].mult;
		}
	}
	return -1;
}

int64_t
conf_parse_duration(const char *s)
{
	return conf_parse_units(s, conf_duration_units, 0);
}

int64_t
conf_parse_size(const char *s)
{
	return conf_parse_units(s, conf_size_units, 1);
}

/* Make a config path absolute against the config file's directory. */
static char *
conf_path(struct conf_parse *cp, const char *v)
{
	char	*p;

	if (v[0] == '/' || strcmp(cp->dir, ".") == 0)
		return xstrdup(v);
	xasprintf(&p, "%s/%s", cp->dir, v);
	return p;
}

static int
conf_valid_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!IS_ALNUM(*s) && *s != '.' && *s != '_' && *s != '-')
			return 0;
	return 1;
}

/*
 * Source URLs: http://, https://, file:// as they are; a plain path is a
 * local file, relative to the config file's directory.
 */
static char *
conf_source_url(struct conf_parse *cp, const char *v, const char **why)
{
	char	*path, *url, *abs;

	*why = NULL;
	if (strncase_eq(v, "http://", 7) || strncase_eq(v, "https://", 8)) {
		if (v[strcspn(v, ":") + 3] == '\0' ||
		    v[strcspn(v, ":") + 3] == '/') {
			*why = "not a valid URL (no host)";
			return NULL;
		}
		/* As browsers do: spaces and non-ASCII percent-encoded. */
		return url_escape(v);
	}
	if (strncase_eq(v, "file://", 7)) {
		if (v[7] != '/') {
			*why = "file:// URLs need an absolute path "
			    "(file:///path)";
			return NULL;
		}
		return xstrdup(v);
	}
	if (url_scheme_len(v) > 0) {
		*why = "unsupported scheme (use http://, https://, file:// "
		    "or a path)";
		return NULL;
	}
	path = conf_path(cp, v);
	if (path[0] != '/') {
		if ((abs = realpath(".", NULL)) == NULL) {
			free(path);
			*why = "cannot resolve the current directory";
			return NULL;
		}
		xasprintf(&url, "file://%s%s%s", abs,
		    strcmp(abs, "/") == 0 ? "" : "/", path);
		free(abs);
	} else
		xasprintf(&url, "file://%s", path);
	free(path);
	return url;
}

static int
conf_int(struct conf_parse *cp, const char *sec, const char *key,
    const char *v, long long lo, long long hi, long long *out)
{
	char		*end;
	long long	 n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < lo || n > hi) {
		conf_error(cp, cp->line, sec, key,
		    "must be a number from %lld to %lld (got \"%s\")", lo, hi,
		    v);
		return -1;
	}
	*out = n;
	return 0;
}

static int
conf_duration(struct conf_parse *cp, const char *sec, const char *key,
    const char *v, int64_t lo, int64_t hi, const char *range, int64_t *out)
{
	int64_t	 d = conf_parse_duration(v);

	if (d < 0) {
		conf_error(cp, cp->line, sec, key,
		    "not a duration (a number with unit s, m, h or d) "
		    "(got \"%s\")", v);
		return -1;
	}
	if (d < lo || d > hi) {
		conf_error(cp, cp->line, sec, key,
		    "must be between %s (got \"%s\")", range, v);
		return -1;
	}
	*out = d;
	return 0;
}

/* A size from 1K to 1G, as [daemon] max_size and [source] max_size. */
static int
conf_size(struct conf_parse *cp, const char *sec, const char *key,
    const char *v, int64_t *out)
{
	int64_t	 d = conf_parse_size(v);

	if (d < 0) {
		conf_error(cp, cp->line, sec, key,
		    "not a size (a number with unit B, K, M or G) "
		    "(got \"%s\")", v);
		return -1;
	}
	if (d < 1024 || d > 1024LL * 1024 * 1024) {
		conf_error(cp, cp->line, sec, key,
		    "must be between 1K and 1G (got \"%s\")", v);
		return -1;
	}
	*out = d;
	return 0;
}

static void
conf_set_str(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

/* proxy = URL (http, https, socks4/4a/5/5h) or none. */
static void
conf_proxy(struct conf_parse *cp, const char *sec, const char *key,
    const char *v, char **field)
{
	static const char *const schemes[] = { "http://", "https://",
	    "socks4://", "socks4a://", "socks5://", "socks5h://" };
	size_t	 i;

	if (strcase_eq(v, "none")) {
		conf_set_str(field, "");
		return;
	}
	for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (strncase_eq(v, schemes[i], strlen(schemes[i])) &&
		    v[strlen(schemes[i])] != '\0') {
			conf_set_str(field, v);
			return;
		}
	conf_error(cp, cp->line, sec, key, "must be none or a URL of "
	    "scheme http, https, socks4, socks4a, socks5 or socks5h "
	    "(got \"%s\")", v);
}

/*
 * headers = Name: value; more on indented lines below it, or on more
 * headers lines.  Kept as "Name: value\n" lines.
 */
static void
conf_header(struct conf_parse *cp, const char *v, char **field)
{
	const char	*colon = strchr(v, ':'), *p;
	char		*value, *all;

	for (p = v; colon != NULL && p < colon; p++)
		/* RFC 9110's token characters. */
		if (!IS_ALNUM(*p) && strchr("!#$%&'*+-.^_`|~", *p) == NULL)
			break;
	if (colon == NULL || colon == v || p != colon) {
		conf_error(cp, cp->line, cp->cursection, "headers",
		    "expected Name: value (got \"%s\")", v);
		return;
	}
	for (p = v; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t') {
			conf_error(cp, cp->line, cp->cursection, "headers",
			    "a control character in \"%s\"", v);
			return;
		}
	value = xstrdup(colon + 1);
	xasprintf(&all, "%s%.*s: %s\n", *field != NULL ? *field : "",
	    (int)(colon - v), v, str_trim(value));
	free(value);
	free(*field);
	*field = all;
}

/* formats = atom rss json (any of them, in any order). */
static void
conf_formats(struct conf_parse *cp, struct conf_output *o, const char *key,
    const char *v)
{
	char	*copy = xstrdup(v), *w, *save = NULL;
	int	 f = 0;

	for (w = strtok_r(copy, " \t,", &save); w != NULL;
	    w = strtok_r(NULL, " \t,", &save)) {
		if (strcmp(w, "atom") == 0)
			f |= CONF_FORMAT_ATOM;
		else if (strcmp(w, "rss") == 0)
			f |= CONF_FORMAT_RSS;
		else if (strcmp(w, "json") == 0)
			f |= CONF_FORMAT_JSON;
		else {
			conf_error(cp, cp->line, cp->cursection, key,
			    "unknown format \"%s\" (expected atom, rss or "
			    "json)", w);
			f = -1;
			break;
		}
	}
	free(copy);
	if (f > 0)
		o->formats = f;
}

/* sources = NAME or glob, space-separated: checked at the end. */
static void
conf_output_sources(struct conf_output *o, const char *v)
{
	char	*copy = xstrdup(v), *w, *save = NULL;

	for (w = strtok_r(copy, " \t,", &save); w != NULL;
	    w = strtok_r(NULL, " \t,", &save)) {
		o->sources = xreallocarray(o->sources, o->nsources + 1,
		    sizeof *o->sources);
		o->sources[o->nsources++] = xstrdup(w);
	}
	free(copy);
}

/* include, exclude, max_age, max_per_source: [source], [feed], [output]. */
static int
conf_filter_key(struct conf_parse *cp, struct filter *f, const char *key,
    const char *v)
{
	char		*why;
	long long	 n;
	int64_t		 d;

	if (strcmp(key, "include") == 0 || strcmp(key, "exclude") == 0) {
		if (filter_add(f, key[0] == 'i', v, &why) == -1) {
			conf_error(cp, cp->line, cp->cursection, key, "%s",
			    why);
			free(why);
		}
	} else if (strcmp(key, "max_age") == 0) {
		if (conf_duration(cp, cp->cursection, key, v, 60,
		    3650LL * 86400, "1m and 3650d", &d) == 0)
			f->max_age = d;
	} else if (strcmp(key, "max_per_source") == 0) {
		if (conf_int(cp, cp->cursection, key, v, 1,
		    CONF_MAX_ENTRIES_MAX, &n) == 0)
			f->max_per_source = (int)n;
	} else
		return 0;
	return 1;
}

static void
conf_output_key(struct conf_parse *cp, const char *key, const char *v)
{
	struct conf_output	*o = cp->curoutput;
	const char		*sec = cp->cursection;
	int			 feed = cp->sectype == SECTION_FEED;
	long long		 n;

	if (o == NULL)		/* the section itself was bad: reported */
		return;
	if (strcmp(key, "title") == 0)
		conf_set_str(&o->title, v);
	else if (strcmp(key, "id") == 0) {
		if (!url_is_absolute(v))
			conf_error(cp, cp->line, sec, key,
			    "must be an absolute IRI such as "
			    "tag:example.org,2026:digest (got \"%s\")", v);
		else
			conf_set_str(&o->id, v);
	} else if (strcmp(key, "link") == 0) {
		if (!url_is_absolute(v))
			conf_error(cp, cp->line, sec, key,
			    "must be an absolute URL (got \"%s\")", v);
		else
			conf_set_str(&o->link, v);
	} else if (strcmp(key, "subtitle") == 0)
		conf_set_str(&o->subtitle, v);
	else if (strcmp(key, "home") == 0 || strcmp(key, "icon") == 0 ||
	    strcmp(key, "logo") == 0 || strcmp(key, "hub") == 0) {
		if (!sanitize_url_ok(v, 0))
			conf_error(cp, cp->line, sec, key,
			    "must be an absolute http(s) URL (got \"%s\")", v);
		else
			conf_set_str(key[0] == 'h' ? (key[1] == 'o' ?
			    &o->home : &o->hub) : key[0] == 'i' ? &o->icon :
			    &o->logo, v);
	} else if (strcmp(key, feed ? "output" : "file") == 0) {
		free(o->file);
		o->file = conf_path(cp, v);
	} else if (strcmp(key, "html") == 0) {
		free(o->html);
		o->html = conf_path(cp, v);
	} else if (strcmp(key, "max_entries") == 0) {
		if (conf_int(cp, sec, key, v, 1, CONF_MAX_ENTRIES_MAX,
		    &n) == 0)
			o->max_entries = (int)n;
	} else if (strcmp(key, "formats") == 0)
		conf_formats(cp, o, key, v);
	else if (strcmp(key, "sources") == 0)
		conf_output_sources(o, v);
	else if (!conf_filter_key(cp, &o->filter, key, v))
		conf_error(cp, cp->line, sec, key, "unknown key%s",
		    strcmp(key, feed ? "file" : "output") == 0 ? feed ?
		    " (the file is \"output\" in [feed])" :
		    " (the file is \"file\" in [output])" : "");
}

static void
conf_daemon_key(struct conf_parse *cp, const char *key, const char *v)
{
	struct conf	*cf = cp->cf;
	long long	 n;
	int64_t		 d;

	if (strcmp(key, "state") == 0) {
		free(cf->state);
		cf->state = conf_path(cp, v);
	} else if (strcmp(key, "refresh") == 0) {
		if (conf_duration(cp, "daemon", key, v, 1, 30 * 86400,
		    "1s and 30d", &d) == 0)
			cf->refresh = d;
	} else if (strcmp(key, "concurrency") == 0) {
		if (conf_int(cp, "daemon", key, v, 1, 1000, &n) == 0)
			cf->concurrency = (int)n;
	} else if (strcmp(key, "timeout") == 0) {
		if (conf_duration(cp, "daemon", key, v, 1, 3600, "1s and 1h",
		    &d) == 0)
			cf->timeout = d;
	} else if (strcmp(key, "max_size") == 0) {
		if (conf_size(cp, "daemon", key, v, &d) == 0)
			cf->max_size = d;
	} else if (strcmp(key, "user_agent") == 0)
		conf_set_str(&cf->user_agent, v);
	else if (strcmp(key, "proxy") == 0)
		conf_proxy(cp, "daemon", key, v, &cf->proxy);
	else if (strcmp(key, "per_host") == 0) {
		if (conf_int(cp, "daemon", key, v, 1, 1000, &n) == 0)
			cf->per_host = (int)n;
	} else if (strcmp(key, "host_spacing") == 0) {
		if (conf_duration(cp, "daemon", key, v, 0, 3600, "0 and 1h",
		    &d) == 0)
			cf->host_spacing = d;
	} else if (strcmp(key, "metrics") == 0) {
		free(cf->metrics);
		cf->metrics = conf_path(cp, v);
	} else if (strcmp(key, "keep") == 0) {
		if (conf_duration(cp, "daemon", key, v, 86400, 3650LL * 86400,
		    "1d and 3650d", &d) == 0)
			cf->keep = d;
	}
	else
		conf_error(cp, cp->line, "daemon", key, "unknown key");
}

/* yes/no, true/false, on/off, 1/0 into *b; -1 (reported) otherwise. */
static int
conf_bool(struct conf_parse *cp, const char *section, const char *key,
    const char *v, int *b)
{
	if (strcase_eq(v, "yes") || strcase_eq(v, "true") ||
	    strcase_eq(v, "on") || strcmp(v, "1") == 0)
		*b = 1;
	else if (strcase_eq(v, "no") || strcase_eq(v, "false") ||
	    strcase_eq(v, "off") || strcmp(v, "0") == 0)
		*b = 0;
	else {
		conf_error(cp, cp->line, section, key, "expected yes or no "
		    "(got \"%s\")", v);
		return -1;
	}
	return 0;
}

static void
conf_dedup_key(struct conf_parse *cp, const char *key, const char *v)
{
	struct merge_opts	*o = &cp->cf->dedup;
	long long		 n;

	if (strcmp(key, "near_bits") == 0) {
		if (conf_int(cp, "dedup", key, v, 0, 16, &n) == 0)
			o->near_bits = (int)n;
	} else if (strcmp(key, "identical_bits") == 0) {
		if (conf_int(cp, "dedup", key, v, 0, 16, &n) == 0)
			o->identical_bits = (int)n;
	} else if (strcmp(key, "lead") == 0)
		conf_bool(cp, "dedup", key, v, &o->lead);
	else if (strcmp(key, "title") == 0)
		conf_bool(cp, "dedup", key, v, &o->title);
	else
		conf_error(cp, cp->line, "dedup", key, "unknown key");
}

/* Does an http(s) URL carry user:password@? */
static int
conf_url_has_password(const char *url)
{
	const char	*p = strstr(url, "://"), *end, *at;

	if (p == NULL)
		return 0;
	p += 3;
	end = p + strcspn(p, "/?#");
	for (at = end; at > p && at[-1] != '@'; at--)
		;
	return at > p && memchr(p, ':', (size_t)(at - p)) != NULL;
}

static void
conf_source_key(struct conf_parse *cp, const char *key, const char *v)
{
	struct conf_source	*src = cp->cursource;
	const char		*why, **rule;
	char			*url, *cause, **str;
	long long		 n;
	int64_t			 d;
	int			 x;

	if (src == NULL)	/* the section itself was bad: reported */
		return;
	if (strcmp(key, "url") == 0) {
		/* http://user:password@host/ holds a password too. */
		if (cp->password_line == 0 && conf_url_has_password(v)) {
			cp->password_line = cp->line;
			cp->password_key = "url";
		}
		if ((url = conf_source_url(cp, v, &why)) == NULL) {
			conf_error(cp, cp->line, cp->cursection, key,
			    "%s (got \"%s\")", why, v);
			url = xstrdup("");	/* reported: not "missing" */
		}
		{
			free(src->url);
			src->url = url;
		}
	} else if (strcmp(key, "title") == 0)
		conf_set_str(&src->title, v);
	else if (strcmp(key, "refresh") == 0) {
		if (conf_duration(cp, cp->cursection, key, v, 1, 30 * 86400,
		    "1s and 30d", &d) == 0) {
			src->refresh = d;
			src->refresh_set = 1;
		}
	} else if (strcmp(key, "type") == 0) {
		if (strcmp(v, "auto") == 0)
			src->type = SOURCE_AUTO;
		else if (strcmp(v, "feed") == 0)
			src->type = SOURCE_FEED;
		else if (strcmp(v, "html") == 0)
			src->type = SOURCE_HTML;
		else
			conf_error(cp, cp->line, cp->cursection, key,
			    "must be auto, feed or html (got \"%s\")", v);
	} else if ((x = conf_xpath_index(key)) >= 0) {
		cp->xpath_lines[x] = cp->line;
		if (xpath_check(v, &cause) == -1) {
			conf_error(cp, cp->line, cp->cursection, key,
			    "%s (got \"%s\")", cause, v);
			free(cause);
			return;
		}
		str = conf_xpath(src, (size_t)x, &rule);
		conf_set_str(str, v);
		*rule = *str;
	} else if (strcmp(key, "follow_teasers") == 0) {
		cp->follow_line = cp->line;
		if (conf_int(cp, cp->cursection, key, v, 0,
		    CONF_MAX_FOLLOW_TEASERS, &n) == 0)
			src->follow_teasers = (int)n;
	} else if (strcmp(key, "max_size") == 0) {
		if (conf_size(cp, cp->cursection, key, v, &d) == 0)
			src->max_size = d;
	} else if (strcmp(key, "user_agent") == 0)
		conf_set_str(&src->user_agent, v);
	else if (strcmp(key, "headers") == 0)
		conf_header(cp, v, &src->headers);
	else if (strcmp(key, "username") == 0) {
		if (strchr(v, ':') != NULL)
			conf_error(cp, cp->line, cp->cursection, key,
			    "a user name cannot hold ':' (basic auth)");
		else
			conf_set_str(&src->username, v);
	} else if (strcmp(key, "password") == 0) {
		if (cp->password_line == 0) {
			cp->password_line = cp->line;
			cp->password_key = "password";
		}
		conf_set_str(&src->password, v);
	} else if (strcmp(key, "proxy") == 0)
		conf_proxy(cp, cp->cursection, key, v, &src->proxy);
	else if (!conf_filter_key(cp, &src->filter, key, v))
		conf_error(cp, cp->line, cp->cursection, key, "unknown key");
}

/*
 * The end of a [source] section (the next section header, or the end of
 * the file): the checks that need all its keys, whatever their order.
 */
static void
conf_end_source(struct conf_parse *cp)
{
	struct conf_source	*src = cp->cursource;
	struct {
		int		 line;
		const char	*key;
	}			 v[CONF_NXPATH + 1], t;
	size_t			 i, j, n = 0;

	if (src == NULL)
		return;
	if (src->type == SOURCE_FEED) {
		/* What type = feed refuses, in the order of the file. */
		for (i = 0; i < CONF_NXPATH; i++)
			if (cp->xpath_lines[i] != 0) {
				v[n].line = cp->xpath_lines[i];
				v[n++].key = conf_xpath_keys[i];
			}
		if (cp->follow_line != 0) {
			v[n].line = cp->follow_line;
			v[n++].key = "follow_teasers";
		}
		for (i = 1; i < n; i++)
			for (j = i; j > 0 && v[j - 1].line > v[j].line; j--) {
				t = v[j];
				v[j] = v[j - 1];
				v[j - 1] = t;
			}
		for (i = 0; i < n; i++)
			conf_error(cp, v[i].line, cp->cursection, v[i].key,
			    "only for type = html or auto (this source is "
			    "type = feed)");
	}
	if ((src->username == NULL) != (src->password == NULL))
		conf_error(cp, src->line, cp->cursection, src->username ==
		    NULL ? "username" : "password", "missing (username and "
		    "password go together)");
	memset(cp->xpath_lines, 0, sizeof cp->xpath_lines);
	cp->follow_line = 0;
	cp->cursource = NULL;
}

/* The output of that name, made if it is new ([feed] may come twice). */
static struct conf_output *
conf_new_output(struct conf_parse *cp, const char *name, int line)
{
	struct conf		*cf = cp->cf;
	struct conf_output	*o;
	size_t			 i;

	for (i = 0; i < cf->noutputs; i++)
		if (strcmp(cf->outputs[i].name, name) == 0)
			return &cf->outputs[i];
	cf->outputs = xreallocarray(cf->outputs, cf->noutputs + 1,
	    sizeof *cf->outputs);
	o = &cf->outputs[cf->noutputs++];
	memset(o, 0, sizeof *o);
	o->name = xstrdup(name);
	o->max_entries = CONF_DEFAULT_MAX_ENTRIES;
	o->line = line;
	filter_init(&o->filter);
	return o;
}

/* The section's "NAME" (quotes optional), or NULL. */
static char *
conf_section_name(const char *section, size_t skip)
{
	const char	*p = section + skip, *end;

	while (IS_SPACE(*p))
		p++;
	if (*p == '"' && (end = strchr(p + 1, '"')) != NULL && end[1] == '\0')
		return xstrndup(p + 1, (size_t)(end - p - 1));
	return xstrdup(p);
}

static void
conf_enter_output(struct conf_parse *cp, const char *section)
{
	struct conf	*cf = cp->cf;
	char		*name = conf_section_name(section, 6);
	size_t		 i;

	cp->sectype = SECTION_OUTPUT;
	if (!conf_valid_name(name)) {
		conf_error(cp, cp->line, NULL, NULL, "[%s]: output name must "
		    "be letters, digits, '.', '_' or '-'", section);
		cp->sectype = SECTION_BAD;
		free(name);
		return;
	}
	if (strcmp(name, "feed") == 0) {
		conf_error(cp, cp->line, NULL, NULL, "[%s]: the output "
		    "\"feed\" is [feed]: name this one otherwise", section);
		cp->sectype = SECTION_BAD;
		free(name);
		return;
	}
	for (i = 0; i < cf->noutputs; i++)
		if (strcmp(cf->outputs[i].name, name) == 0) {
			conf_error(cp, cp->line, NULL, NULL, "[%s]: duplicate "
			    "output name (first at line %d)", section,
			    cf->outputs[i].line);
			cp->sectype = SECTION_BAD;
			free(name);
			return;
		}
	cp->curoutput = conf_new_output(cp, name, cp->line);
	free(name);
}

/* A new [section] header; sets cp->sectype and maybe a new source. */
static void
conf_enter_section(struct conf_parse *cp, const char *section)
{
	struct conf		*cf = cp->cf;
	struct conf_source	*src;
	const char		*p, *end;
	char			*name;
	size_t			 i;

	conf_end_source(cp);
	cp->curoutput = NULL;
	free(cp->cursection);
	cp->cursection = xstrdup(section);	/* section may be name's */
	if (strcmp(section, "feed") == 0) {
		cp->sectype = SECTION_FEED;
		if (cp->feed_line == 0)
			cp->feed_line = cp->line;
		cp->curoutput = conf_new_output(cp, "feed", cp->feed_line);
		return;
	}
	if (strncmp(section, "output", 6) == 0 && IS_SPACE(section[6])) {
		conf_enter_output(cp, section);
		return;
	}
	if (strcmp(section, "daemon") == 0) {
		cp->sectype = SECTION_DAEMON;
		cp->daemon_line = cp->line;
		return;
	}
	if (strcmp(section, "dedup") == 0) {
		cp->sectype = SECTION_DEDUP;
		return;
	}
	if (strncmp(section, "source", 6) != 0 || !IS_SPACE(section[6])) {
		cp->sectype = SECTION_BAD;
		conf_error(cp, cp->line, NULL, NULL,
		    "unknown section [%s] (expected [feed], [output \"NAME\"], "
		    "[daemon], [dedup] or [source \"NAME\"])", section);
		return;
	}
	cp->sectype = SECTION_SOURCE;
	p = section + 6;
	while (IS_SPACE(*p))
		p++;
	if (*p == '"' && (end = strchr(p + 1, '"')) != NULL && end[1] == '\0')
		name = xstrndup(p + 1, (size_t)(end - p - 1));
	else
		name = xstrdup(p);
	if (!conf_valid_name(name)) {
		conf_error(cp, cp->line, NULL, NULL, "[%s]: source name must "
		    "be letters, digits, '.', '_' or '-'", section);
		free(name);
		cp->sectype = SECTION_BAD;	/* its keys are not checked */
		return;
	}
	if (strmap_get(&cp->names, name, &i)) {
		conf_error(cp, cp->line, NULL, NULL,
		    "[%s]: duplicate source name (first at line %d)",
		    section, cf->sources[i].line);
		free(name);
		cp->sectype = SECTION_BAD;
		return;
	}
	strmap_put(&cp->names, name, cf->nsources);
	cf->sources = xreallocarray(cf->sources, cf->nsources + 1,
	    sizeof *cf->sources);
	src = &cf->sources[cf->nsources++];
	memset(src, 0, sizeof *src);
	src->name = name;
	src->line = cp->line;
	cp->cursource = src;
}

/* The ini_handler: one key = value. */
static int
conf_handler(void *arg, const char *section, const char *key,
    const char *rawvalue)
{
	struct conf_parse	*cp = arg;
	char			*value;
	size_t			 idx;

	if (cp->sectype == SECTION_BAD)
		return 1;
	section = cp->cursection;
	if (cp->sectype == SECTION_NONE) {
		conf_error(cp, cp->line, NULL, key,
		    "key outside any section");
		return 1;
	}

	if (rawvalue[0] == LONG_VALUE_MARK) {
		idx = (size_t)strtoul(rawvalue + 1, NULL, 10);
		value = xstrdup(idx < cp->nlong_values ?
		    cp->long_values[idx] : "");
	} else
		value = xstrdup(rawvalue);
	conf_strip_comment(value, conf_xpath_index(key) >= 0);

	/*
	 * A repeated key: also what inih makes of an indented line.  Keyed
	 * on the section's text and the key: neither can hold a newline
	 * (both come from one line), so "section\nkey" names one pair.
	 */
	buf_reset(&cp->seenkey);
	buf_addstr(&cp->seenkey, section);
	buf_addc(&cp->seenkey, '\n');
	buf_addstr(&cp->seenkey, key);
	if (!strmap_put(&cp->seen, cp->seenkey.data, 0) &&
	    !(cp->sectype == SECTION_SOURCE && strcmp(key, "headers") == 0) &&
	    strcmp(key, "include") != 0 && strcmp(key, "exclude") != 0) {
		conf_error(cp, cp->line, section, key, "given twice%s",
		    cp->indented ? " (this line is indented: an indented "
		    "line continues the previous key)" : "");
		free(value);
		return 1;
	}

	if (*value == '\0') {
		conf_error(cp, cp->line, section, key, "empty value");
		free(value);
		return 1;
	}
	switch (cp->sectype) {
	case SECTION_FEED:
	case SECTION_OUTPUT:
		conf_output_key(cp, key, value);
		break;
	case SECTION_DAEMON:
		conf_daemon_key(cp, key, value);
		break;
	case SECTION_DEDUP:
		conf_dedup_key(cp, key, value);
		break;
	case SECTION_SOURCE:
		conf_source_key(cp, key, value);
		break;
	default:
		break;
	}
	free(value);
	return 1;
}

/* "World news digest" -> "tag:feedmerge.invalid,2026:world-news-digest" */
static char *
conf_default_id(const char *title)
{
	struct buf	 b;
	const char	*p;
	int		 dash = 0;

	buf_init(&b);
	buf_addstr(&b, "tag:feedmerge.invalid,2026:");
	for (p = title; *p != '\0'; p++) {
		if (IS_ALNUM(*p)) {
			if (dash && b.data[b.len - 1] != ':')
				buf_addc(&b, '-');
			buf_addc(&b, TO_LOWER((unsigned char)*p));
			dash = 0;
		} else
			dash = 1;
	}
	if (b.data[b.len - 1] == ':')
		buf_addstr(&b, "feed");
	return buf_steal(&b);
}

/* "dir/digest.atom" -> "dir/digest.rss": the last extension replaced. */
static char *
conf_sibling(const char *file, const char *ext)
{
	const char	*slash = strrchr(file, '/'), *dot = strrchr(file, '.');
	char		*s;

	if (dot == NULL || (slash != NULL && dot < slash) || dot == file ||
	    (slash != NULL && dot == slash + 1))
		dot = file + strlen(file);
	xasprintf(&s, "%.*s%s", (int)(dot - file), file, ext);
	return s;
}

static void
conf_output_section(const struct conf_output *o, char *sec, size_t size)
{
	if (strcmp(o->name, "feed") == 0)
		snprintf(sec, size, "feed");
	else
		snprintf(sec, size, "output \"%s\"", o->name);
}

/*
 * One spelling of a path, to compare two: its directory as realpath(3)
 * has it (when it exists), else with "." and empty segments dropped and
 * ".." taken lexically; then its last name.
 */
static char *
conf_path_key(const char *path)
{
	char	*copy = xstrdup(path), *slash = strrchr(copy, '/'), *dir;
	char	*key, *base;
	struct buf b;
	const char *p, *seg;
	size_t	 len;

	if (slash == NULL) {
		dir = realpath(".", NULL);
		base = copy;
	} else {
		*slash = '\0';
		dir = realpath(*copy != '\0' ? copy : "/", NULL);
		base = slash + 1;
	}
	if (dir == NULL) {
		/* Lexically: the directory does not exist (an error later). */
		buf_init(&b);
		for (p = slash != NULL ? copy : "."; *p != '\0'; p = seg + len) {
			while (*p == '/')
				p++;
			seg = p;
			len = strcspn(seg, "/");
			if (len == 0 || (len == 1 && seg[0] == '.'))
				continue;
			if (len == 2 && seg[0] == '.' && seg[1] == '.') {
				while (b.len > 0 && b.data[b.len - 1] != '/')
					b.len--;
				if (b.len > 0)
					b.len--;
				continue;
			}
			buf_addc(&b, '/');
			buf_add(&b, seg, len);
		}
		buf_addc(&b, '\0');
		dir = buf_steal(&b);
	}
	xasprintf(&key, "%s/%s", dir, base);
	free(dir);
	free(copy);
	return key;
}

/* Every file each output writes, that no two write the same, and none
   the state or the metrics file. */
static void
conf_check_files(struct conf_parse *cp)
{
	struct conf	*cf = cp->cf;
	struct {
		char				*key;
		const char			*path;
		const struct conf_output	*o;
		const char			*what;
	}		*v = NULL;
	size_t		 n = 0, i, j;
	char		 sec[160], other[160], *state;

	for (i = 0; i < cf->noutputs; i++) {
		const struct conf_output *o = &cf->outputs[i];
		const char	*paths[4] = { o->file, o->rss_file, o->json_file,
				    o->html };
		const char	*what[4] = { strcmp(o->name, "feed") == 0 ?
				    "output" : "file", "formats (rss)",
				    "formats (json)", "html" };

		for (j = 0; j < 4; j++) {
			if (paths[j] == NULL ||
			    (j == 0 && !(o->formats & CONF_FORMAT_ATOM)))
				continue;
			v = xreallocarray(v, n + 1, sizeof *v);
			v[n].key = conf_path_key(paths[j]);
			v[n].path = paths[j];
			v[n].o = o;
			v[n++].what = what[j];
		}
	}
	for (i = 0; i < n; i++) {
		conf_output_section(v[i].o, sec, sizeof sec);
		for (j = 0; j < i; j++)
			if (strcmp(v[i].key, v[j].key) == 0) {
				conf_output_section(v[j].o, other,
				    sizeof other);
				conf_error(cp, v[i].o->line, sec, v[i].what,
				    "writes %s, as [%s] %s does", v[i].path,
				    other, v[j].what);
				break;
			}
		for (j = 0; j < 2; j++) {
			const char *f = j == 0 ? cf->state : cf->metrics;

			if (f == NULL)
				continue;
			state = conf_path_key(f);
			if (strcmp(state, v[i].key) == 0)
				conf_error(cp, v[i].o->line, sec, v[i].what,
				    "writes %s, the [daemon] %s", v[i].path,
				    j == 0 ? "state" : "metrics file");
			free(state);
		}
	}
	for (i = 0; i < n; i++)
		free(v[i].key);
	free(v);
}

static void
conf_check_outputs(struct conf_parse *cp)
{
	struct conf		*cf = cp->cf;
	struct conf_output	 feed;
	size_t			 i;
	char			 sec[160];

	/* [feed] first wherever it is: its id has minted the entry ids. */
	for (i = 1; i < cf->noutputs; i++)
		if (strcmp(cf->outputs[i].name, "feed") == 0) {
			feed = cf->outputs[i];
			memmove(&cf->outputs[1], &cf->outputs[0],
			    i * sizeof *cf->outputs);
			cf->outputs[0] = feed;
			break;
		}
	for (i = 0; i < cf->noutputs; i++) {
		struct conf_output *o = &cf->outputs[i];

		conf_output_section(o, sec, sizeof sec);
		if (o->title == NULL)
			conf_error(cp, o->line, sec, "title", "missing");
		if (o->file == NULL)
			conf_error(cp, o->line, sec, strcmp(o->name, "feed") ==
			    0 ? "output" : "file", "missing");
		if (o->id == NULL && o->title != NULL)
			o->id = conf_default_id(o->title);
		if (o->formats == 0)
			o->formats = CONF_FORMAT_ATOM;
		if ((o->formats & CONF_FORMAT_RSS) && o->home == NULL &&
		    o->link == NULL)
			conf_error(cp, o->line, sec, "formats", "rss needs "
			    "home or link: an RSS channel's link is required");
		if (o->hub != NULL && o->link == NULL)
			conf_error(cp, o->line, sec, "hub", "needs link: a "
			    "WebSub hub is told the feed's own URL");
		if (o->file != NULL && (o->formats & CONF_FORMAT_RSS))
			o->rss_file = conf_sibling(o->file, ".rss");
		if (o->file != NULL && (o->formats & CONF_FORMAT_JSON))
			o->json_file = conf_sibling(o->file, ".json");
	}
	conf_check_files(cp);
}

/* Each name or glob of an output's sources names a source. */
static void
conf_check_output_sources(struct conf_parse *cp)
{
	struct conf	*cf = cp->cf;
	size_t		 i, j, k;
	char		 sec[160];

	for (i = 0; i < cf->noutputs; i++) {
		const struct conf_output *o = &cf->outputs[i];

		for (j = 0; j < o->nsources; j++) {
			for (k = 0; k < cf->nsources; k++)
				if (fnmatch(o->sources[j], cf->sources[k].name,
				    0) == 0)
					break;
			if (k < cf->nsources || cf->nsources == 0)
				continue;
			conf_output_section(o, sec, sizeof sec);
			conf_error(cp, o->line, sec, "sources",
			    "\"%s\" names no source", o->sources[j]);
		}
	}
}

static void
conf_check(struct conf_parse *cp)
{
	struct conf	*cf = cp->cf;
	size_t		 i;

	if (cf->noutputs == 0)
		conf_error(cp, cp->line, "feed", NULL, "missing section (or "
		    "an [output \"NAME\"] section)");
	conf_check_outputs(cp);
	if (cf->nsources == 0)
		conf_error(cp, cp->line, NULL, NULL,
		    "no [source \"NAME\"] sections");
	for (i = 0; i < cf->nsources; i++) {
		struct conf_source *src = &cf->sources[i];

		if (src->url == NULL) {
			char	*sec;

			xasprintf(&sec, "source \"%s\"", src->name);
			conf_error(cp, src->line, sec, "url", "missing");
			free(sec);
		}
		if (src->refresh == 0)
			src->refresh = cf->refresh;
		if (src->max_size == 0)
			src->max_size = cf->max_size;
	}
	conf_check_output_sources(cp);
}

static void
conf_parse_free(struct conf_parse *cp)
{
	size_t	 i;

	for (i = 0; i < cp->nlong_values; i++)
		free(cp->long_values[i]);
	free(cp->long_values);
	strmap_free(&cp->names);
	strmap_free(&cp->seen);
	buf_free(&cp->seenkey);
	free(cp->cursection);
	buf_free(&cp->errors);
}

int
conf_load(struct conf *cf, const char *path, char **errors, int *nerrors)
{
	struct conf_parse	 cp;
	struct stat		 sb;
	char			*pathcopy;
	int			 rc;

	memset(cf, 0, sizeof *cf);
	cf->path = xstrdup(path);
	cf->refresh = CONF_DEFAULT_REFRESH;
	cf->concurrency = CONF_DEFAULT_CONCURRENCY;
	cf->timeout = CONF_DEFAULT_TIMEOUT;
	cf->max_size = CONF_DEFAULT_MAX_SIZE;
	cf->keep = CONF_DEFAULT_KEEP;
	cf->per_host = CONF_DEFAULT_PER_HOST;
	cf->host_spacing = CONF_DEFAULT_HOST_SPACING;
	cf->user_agent = xstrdup(PACKAGE_NAME "/" PACKAGE_VERSION);
	merge_opts_default(&cf->dedup);

	memset(&cp, 0, sizeof cp);
	buf_init(&cp.errors);
	buf_init(&cp.seenkey);
	strmap_init(&cp.names);
	strmap_init(&cp.seen);
	cp.cf = cf;
	cp.path = path;
	pathcopy = xstrdup(path);
	cp.dir = dirname(pathcopy);

	if ((cp.fp = fopen(path, "r")) == NULL) {
		buf_printf(&cp.errors, "%s: cannot open: %s\n", path,
		    strerror(errno));
		cp.nerrors++;
		goto fail;
	}
	rc = ini_parse_stream(conf_read_line, &cp, conf_handler, &cp);
	if (rc > 0)
		conf_error(&cp, rc, NULL, NULL,
		    "syntax error (expected [section] or key = value)");
	else if (rc < 0)
		conf_error(&cp, cp.line, NULL, NULL, "cannot parse (%d)", rc);
	if (ferror(cp.fp))
		conf_error(&cp, cp.line, NULL, NULL, "read error: %s",
		    strerror(errno));
	if (fstat(fileno(cp.fp), &sb) == -1)
		sb.st_mode = 0;
	fclose(cp.fp);
	conf_end_source(&cp);
	conf_check(&cp);
	/* A password others can read is no secret: say so, run nothing. */
	if (cp.password_line != 0 && (sb.st_mode & S_IROTH))
		conf_error(&cp, cp.password_line, NULL, cp.password_key,
		    "this file holds a password and every user can read it "
		    "(mode %03o): chmod o-r %s", (unsigned)(sb.st_mode & 0777),
		    path);
	if (cf->state == NULL)
		cf->state = xstrdup(LOCALSTATEDIR "/lib/feedmerge/state.db");
	if (cp.nerrors > 0)
		goto fail;

	/* The names seen while parsing index the sources from now on. */
	cf->names = xmalloc(sizeof *cf->names);
	*cf->names = cp.names;
	strmap_init(&cp.names);

	free(pathcopy);
	conf_parse_free(&cp);
	*errors = NULL;
	*nerrors = 0;
	return 0;

fail:
	*nerrors = cp.nerrors;
	*errors = buf_steal(&cp.errors);
	free(pathcopy);
	conf_parse_free(&cp);
	conf_free(cf);
	return -1;
}

void
conf_free(struct conf *cf)
{
	size_t	 i, j;

	for (i = 0; i < cf->nsources; i++) {
		free(cf->sources[i].name);
		free(cf->sources[i].url);
		free(cf->sources[i].title);
		free(cf->sources[i].user_agent);
		free(cf->sources[i].headers);
		free(cf->sources[i].username);
		if (cf->sources[i].password != NULL)
			explicit_bzero(cf->sources[i].password,
			    strlen(cf->sources[i].password));
		free(cf->sources[i].password);
		free(cf->sources[i].proxy);
		for (j = 0; j < CONF_NXPATH; j++)
			free(*conf_xpath(&cf->sources[i], j, NULL));
		filter_free(&cf->sources[i].filter);
	}
	free(cf->sources);
	if (cf->names != NULL) {
		strmap_free(cf->names);
		free(cf->names);
	}
	free(cf->path);
	for (i = 0; i < cf->noutputs; i++) {
		struct conf_output *o = &cf->outputs[i];

		free(o->name);
		free(o->title);
		free(o->id);
		free(o->link);
		free(o->subtitle);
		free(o->home);
		free(o->icon);
		free(o->logo);
		free(o->file);
		free(o->rss_file);
		free(o->json_file);
		free(o->html);
		free(o->hub);
		for (j = 0; j < o->nsources; j++)
			free(o->sources[j]);
		free(o->sources);
		filter_free(&o->filter);
	}
	free(cf->outputs);
	free(cf->state);
	free(cf->user_agent);
	free(cf->proxy);
	free(cf->metrics);
	memset(cf, 0, sizeof *cf);
}

const struct conf_source *
conf_find_source(const struct conf *cf, const char *name)
{
	size_t	 i;

	if (cf->names != NULL) {
		if (strmap_get(cf->names, name, &i) && i < cf->nsources)
			return &cf->sources[i];
		return NULL;
	}
	/* Not from conf_load (built by hand): no index. */
	for (i = 0; i < cf->nsources; i++)
		if (strcmp(cf->sources[i].name, name) == 0)
			return &cf->sources[i];
	return NULL;
}

static int
conf_str_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
conf_source_same(const struct conf_source *a, const struct conf_source *b)
{
	return conf_source_same_but_timing(a, b) && a->refresh == b->refresh;
}

int
conf_source_same_but_timing(const struct conf_source *a,
    const struct conf_source *b)
{
	return conf_str_same(a->name, b->name) &&
	    conf_str_same(a->url, b->url) &&
	    a->type == b->type &&
	    conf_str_same(a->item_xpath, b->item_xpath) &&
	    conf_str_same(a->title_xpath, b->title_xpath) &&
	    conf_str_same(a->link_xpath, b->link_xpath) &&
	    conf_str_same(a->summary_xpath, b->summary_xpath) &&
	    conf_str_same(a->date_xpath, b->date_xpath) &&
	    conf_str_same(a->body_xpath, b->body_xpath) &&
	    conf_str_same(a->exclude_xpath, b->exclude_xpath) &&
	    a->follow_teasers == b->follow_teasers &&
	    a->max_size == b->max_size &&
	    conf_str_same(a->user_agent, b->user_agent) &&
	    conf_str_same(a->headers, b->headers) &&
	    conf_str_same(a->username, b->username) &&
	    conf_str_same(a->password, b->password) &&
	    conf_str_same(a->proxy, b->proxy) &&
	    filter_same(&a->filter, &b->filter);
}

size_t
conf_output_files(const struct conf_output *o, const char *paths[4],
    const char *keys[4])
{
	const char	*k[4];
	size_t		 n = 0;

	if (keys == NULL)
		keys = k;
	if (o->file != NULL && (o->formats & CONF_FORMAT_ATOM)) {
		keys[n] = strcmp(o->name, "feed") == 0 ? "output" : "file";
		paths[n++] = o->file;
	}
	if (o->rss_file != NULL) {
		keys[n] = "formats";
		paths[n++] = o->rss_file;
	}
	if (o->json_file != NULL) {
		keys[n] = "formats";
		paths[n++] = o->json_file;
	}
	if (o->html != NULL) {
		keys[n] = "html";
		paths[n++] = o->html;
	}
	return n;
}

const struct conf_output *
conf_find_output(const struct conf *cf, const char *name)
{
	size_t	 i;

	for (i = 0; i < cf->noutputs; i++)
		if (strcmp(cf->outputs[i].name, name) == 0)
			return &cf->outputs[i];
	return NULL;
}

int
conf_output_has_source(const struct conf_output *o, const char *name)
{
	size_t	 i;

	if (o->nsources == 0)
		return 1;
	for (i = 0; i < o->nsources; i++)
		if (fnmatch(o->sources[i], name, 0) == 0)
			return 1;
	return 0;
}

int
conf_max_entries(const struct conf *cf)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < cf->noutputs; i++)
		if (cf->outputs[i].max_entries > n)
			n = cf->outputs[i].max_entries;
	return n;
}

int
conf_window(const struct conf *cf)
{
	size_t	 i;

	for (i = 0; i < cf->noutputs; i++) {
		const struct conf_output *o = &cf->outputs[i];

		/* (max_age only leaves out the oldest of the newest.) */
		if (o->nsources > 0 || filter_has_rules(&o->filter) ||
		    o->filter.max_per_source > 0)
			return 0;
	}
	for (i = 0; i < cf->nsources; i++)
		if (cf->sources[i].filter.max_per_source > 0)
			return 0;
	return conf_max_entries(cf);
}

