/*
 * filter.h: which items a source keeps and which stories an output shows.
 *
 * Owns the include / exclude rules (PCRE2 regular expressions over one
 * field of an item, written FIELD:REGEX), max_age and max_per_source.
 * An item passes when it matches one include rule (or there is none) and
 * no exclude rule.  HTML fields are matched on their text, not their
 * markup.  Pure: no I/O, no globals.
 */
#ifndef FEEDMERGE_FILTER_H
#define FEEDMERGE_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "item.h"

enum filter_field {
	FILTER_TITLE,
	FILTER_SUMMARY,
	FILTER_CONTENT,
	FILTER_AUTHOR,
	FILTER_CATEGORY,
	FILTER_LINK,
	FILTER_ANY
};

struct filter_rule {
	enum filter_field field;
	char		*spec;		/* as written: FIELD:REGEX */
	void		*code;		/* pcre2_code */
};

struct filter {
	struct filter_rule *include, *exclude;
	size_t		 ninclude, nexclude;
	int64_t		 max_age;	/* seconds, 0: none */
	int		 max_per_source; /* 0: none */
};

void	 filter_init(struct filter *);
void	 filter_free(struct filter *);
/*
 * Add an include (include = 1) or exclude rule written FIELD:REGEX.
 * -1 with *why set (caller frees) naming the field or PCRE2's message
 * and the offset in the pattern where it failed.
 */
int	 filter_add(struct filter *, int include, const char *spec,
	    char **why);
/* Has include or exclude rules (max_age and max_per_source aside). */
int	 filter_has_rules(const struct filter *);
/* 1 when it passes the rules, 0 when not. */
int	 filter_match(const struct filter *, const struct item *);
/* 1 when an item dated sort_time is older than max_age at now. */
int	 filter_too_old(const struct filter *, int64_t sort_time, int64_t now);
/* The same rules and limits (two loads of the configuration). */
int	 filter_same(const struct filter *, const struct filter *);

#endif
