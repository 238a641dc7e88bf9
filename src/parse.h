/*
 * parse.h: bytes in, items out.
 *
 * Pure: no I/O, no globals, no SQLite, so unit tests, --probe and fuzzers
 * call it directly.  parse_feed() sniffs the format from the content
 * (not the URL, not only the Content-Type) and hands it to the parser for
 * that format (parse_xml.c for RSS/RDF/Atom, parse_json.c for JSON Feed).
 */
#ifndef FEEDMERGE_PARSE_H
#define FEEDMERGE_PARSE_H

#include <stdio.h>
#include <stddef.h>
#include "item.h"
#include "text.h"
#include "warn.h"

enum feed_format {
	FORMAT_UNKNOWN,
	FORMAT_RSS090,		/* RSS 0.90 (RDF-based, Netscape) */
	FORMAT_RSS091,		/* also covers 0.92-0.94: <rss version="0.9x"> */
	FORMAT_RSS092,
	FORMAT_RSS093,
	FORMAT_RSS094,
	FORMAT_RSS20,
	FORMAT_RSS10,		/* RDF Site Summary 1.0 */
	FORMAT_ATOM03,
	FORMAT_ATOM10,
	FORMAT_JSON10,
	FORMAT_JSON11,
	FORMAT_CDF,		/* Channel Definition Format (1997) */
	FORMAT_HTML		/* a web page: its story and teasers */
};

/* What a source is configured as (type = auto | feed | html). */
enum source_type {
	SOURCE_AUTO,		/* a feed, or a page when it is HTML */
	SOURCE_FEED,
	SOURCE_HTML
};

/* Per-source XPath 1.0 overrides of page extraction; NULL: automatic. */
struct html_rules {
	const char	*item;		/* one node per item (a listing) */
	const char	*title;		/* relative to an item node, if any */
	const char	*link;
	const char	*summary;
	const char	*date;
	const char	*body;		/* the main story's body */
	const char	*exclude;	/* left out of everything */
};

struct parse_opts {
	enum source_type	 type;
	const struct html_rules	*rules;		/* NULL: automatic */
	/*
	 * The caller never reads buf again (it frees it next): a feed's
	 * pages may be given back to the system as they are parsed, so a
	 * large body and what is read from it are not both whole at once.
	 */
	int			 discard;
};

/* Copies of rules that own their strings (for a job on another thread). */
void	html_rules_copy(struct html_rules *dst, const struct html_rules *src);
void	html_rules_clear(struct html_rules *);
/* 1 when no rule is set (NULL is empty). */
int	html_rules_empty(const struct html_rules *);

/* Caps on untrusted input. */
#define PARSE_MAX_ITEMS		10000
#define PARSE_MAX_FIELD		TEXT_MAX_FIELD	/* longer fields are cut */
/* A feed-level author is copied into every item without one: cut it to
   this, or 10,000 items times a 1 MB name is 10 GB from a 1 MB feed. */
#define PARSE_MAX_INHERITED	256

struct parse_result {
	enum feed_format format;
	char		*title;		/* feed-level, plain text */
	char		*link;		/* feed's alternate link, absolute */
	char		*id;		/* feed's id (atom:id) if any */
	char		*author;	/* feed-level fallback author */
	char		*lang;		/* the feed's or page's language, for
					   items without their own */
	int64_t		 updated;	/* feed-level date or DATE_NONE */
	int64_t		 ttl;		/* seconds the feed says it stays
					   the same (RSS ttl, sy:update*),
					   0: not said */
	struct item_list items;		/* in document order */
	struct warnings	 warnings;	/* recovered problems, for the log */
	char		**feeds;	/* a page: the feeds it advertises */
	size_t		 nfeeds;
};

/*
 * Parse one fetched body.  base_url is the URL it was fetched from (used
 * last to resolve relative links); content_type is the HTTP Content-Type
 * header or NULL (its charset wins over the document's own declaration).
 * Returns 0 with *res filled (caller calls parse_result_free), or -1 with
 * *cause set (caller frees) when the body is not a feed at all: an HTML
 * page, an empty body, unrecoverable garbage.  *res is then empty.
 */
int	parse_feed(const char *buf, size_t len, const char *base_url,
	    const char *content_type, struct parse_result *res, char **cause);
/*
 * Parse one fetched body of a source configured with opts (NULL: auto):
 * a feed with parse_feed(), a page with parse_html(), or, for auto, the
 * one the content calls for.  Same contract as parse_feed().
 */
int	parse_source(const char *buf, size_t len, const char *base_url,
	    const char *content_type, const struct parse_opts *opts,
	    struct parse_result *res, char **cause);

/*
 * Make every item of res safe to publish (sanitize.c: its HTML through
 * the allowlist, its links checked, its language tag), items without a
 * language taking the feed's.  What the parsers give is the source's
 * own: this must run on every item before it is stored.  The daemon runs
 * it on the parse worker, after the items too old to be published are
 * dropped, so that a feed's archive costs no sanitizing.  The text of a
 * feed entry dated before text_time (store_text_time(); INT64_MIN: none)
 * is left for sanitize_item_text(), when it is stored: most are not.
 */
void	parse_sanitize(struct parse_result *res, const char *base_url,
	    int64_t text_time, int64_t now);
/* 1 when a body is an HTML page rather than a feed (by its start). */
int	parse_sniff_html(const char *buf, size_t len);
void	parse_result_init(struct parse_result *);
void	parse_result_free(struct parse_result *);
const char *parse_format_name(enum feed_format);

/*
 * Write res in the golden text format of tests/parse/ *.expected.  With
 * full = 0 (--probe), summary and content are shown as lengths only.
 */
void	parse_dump(FILE *, const struct parse_result *, int full);

#endif
