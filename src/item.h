/*
 * item.h: one source's observation of one story.
 *
 * Parsers create items (and nothing else does); the store decides which
 * story each belongs to.  An item owns every string it points at.
 * All strings are UTF-8, NUL-terminated, NULL when absent.
 */
#ifndef FEEDMERGE_ITEM_H
#define FEEDMERGE_ITEM_H

#include <stddef.h>
#include <stdint.h>

/* "No date": a date that could not be read is absent, never "now". */
#define DATE_NONE	INT64_MIN

/* What kind of copy of the story this is; richer kinds win a merge. */
enum item_kind {
	ITEM_TEASER,	/* a headline + snippet pointing at another page */
	ITEM_FEED,	/* an entry of an RSS/Atom/JSON feed */
	ITEM_FULL	/* the main story of an article page */
};

/* How summary and content are to be read. */
enum text_type {
	TEXT_PLAIN,	/* plain text, no markup */
	TEXT_HTML	/* an HTML fragment (XHTML is stored serialised) */
};

struct enclosure {
	char		*url;		/* absolute */
	char		*type;		/* MIME type or NULL */
	int64_t		 length;	/* bytes, or -1 when unknown */
};

struct item {
	enum item_kind	 kind;
	char		*id;		/* guid / atom:id / rdf:about / JSON id,
					   exactly as the source gave it */
	int		 id_is_permalink; /* RSS guid isPermaLink (default 1) */
	char		*link;		/* absolute alternate link */
	char		*title;		/* plain text, whitespace collapsed */
	char		*summary;
	enum text_type	 summary_type;
	char		*content;
	enum text_type	 content_type;
	char		*author;	/* display name (or email if no name) */
	char		*author_email;
	char		*author_uri;
	int64_t		 published;	/* Unix seconds UTC, or DATE_NONE */
	int64_t		 updated;	/* Unix seconds UTC, or DATE_NONE */
	char		*comments;	/* comments page URL */
	char		*thumbnail;	/* image URL */
	char		*origin;	/* a teaser: the page it was found on */
	char		*lang;		/* its language (xml:lang, RSS language,
					   JSON Feed language, <html lang>) */
	char		*base;		/* the xml:base in scope on the item:
					   what relative URLs in its summary
					   and content resolve against; NULL:
					   the link (never stored) */
	char		*summary_base;	/* the summary's, content's own when
					   its element has one (else base) */
	char		*content_base;
	int		 text_raw;	/* summary and content not sanitized
					   yet: sanitize_item_text() */
	int		 links_raw;	/* nor its links: sanitize_item_links()
					   against fetch_url */
	char		*fetch_url;	/* where it was fetched (links_raw) */
	/* What dedup reads in its text (merge_fingerprint()), computed on a
	   parser thread for the items likely to be stored. */
	int		 fp_done;
	char		*fp_lead;
	char		*fp_title;
	uint64_t	 fp_simhash;
	int		 fp_have_simhash;
	int		 twin;		/* with no id: how many items before
					   it in its feed had its title, date
					   and summary (its place among them:
					   its key if it has no link) */
	int		 summary_cut;	/* the summary was cut off by the
					   source (a teaser's "..."): it is
					   not the whole lead */
	char		**categories;	/* ncategories strings */
	size_t		 ncategories;
	struct enclosure *enclosures;
	size_t		 nenclosures;
	char		**aliases;	/* other URLs it names for itself: a
					   page's rel=canonical, og:url, the
					   URL it was fetched from */
	size_t		 naliases;
};

struct item	*item_new(enum item_kind);
void		 item_free(struct item *);		/* NULL is fine */
/* Replace a string field, freeing the old value; takes ownership of v. */
void		 item_set(char **field, char *v);
void		 item_add_category(struct item *, const char *);
/* A URL the item also goes by (not when it is its link, or known). */
void		 item_add_alias(struct item *, const char *url);
void		 item_add_enclosure(struct item *, const char *url,
		    const char *type, int64_t length);
/*
 * Where the item sorts in the output: published, else updated, else now;
 * a date in the future counts as now.
 */
int64_t		 item_sort_time(const struct item *, int64_t now);
int		 item_has_date(const struct item *, int64_t now);
/* Richness rank for merging: higher is a better copy of the story. */
int		 item_richness(const struct item *);

/*
 * An item as bytes, for this process only (batch.c's spill file): every
 * field, in a fixed order, native byte order.  item_unpack() returns
 * NULL when the bytes are not one whole item.
 */
struct buf;
void		 item_pack(const struct item *, struct buf *);

struct item	*item_unpack(const char *, size_t);

/* A growable array of items; owns them. */
struct item_list {
	struct item	**v;
	size_t		  n;
	size_t		  cap;
};

void		 item_list_init(struct item_list *);
void		 item_list_add(struct item_list *, struct item *);
void		 item_list_free(struct item_list *);	/* frees the items */

#endif
