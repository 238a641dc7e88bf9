/*
 * filter.c: include / exclude rules over an item's fields (filter.h).
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "text.h"
#include "util.h"

static const struct {
	const char		*name;
	enum filter_field	 field;
} filter_fields[] = {
	{ "title", FILTER_TITLE },
	{ "summary", FILTER_SUMMARY },
	{ "content", FILTER_CONTENT },
	{ "author", FILTER_AUTHOR },
	{ "category", FILTER_CATEGORY },
	{ "link", FILTER_LINK },
	{ "any", FILTER_ANY },
};
#define FILTER_NFIELDS	(sizeof filter_fields / sizeof filter_fields[0])

void
filter_init(struct filter *f)
{
	memset(f, 0, sizeof *f);
}

static void
filter_rules_free(struct filter_rule *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].spec);
		pcre2_code_free(v[i].code);
	}
	free(v);
}

void
filter_free(struct filter *f)
{
	filter_rules_free(f->include, f->ninclude);
	filter_rules_free(f->exclude, f->nexclude);
	filter_init(f);
}

int
filter_add(struct filter *f, int include, const char *spec, char **why)
{
	struct filter_rule	**v = include ? &f->include : &f->exclude;
	size_t			*n = include ? &f->ninclude : &f->nexclude;
	const char		*colon = strchr(spec, ':'), *re;
	PCRE2_UCHAR		 msg[256];
	PCRE2_SIZE		 off;
	pcre2_code		*code;
	size_t			 i;
	int			 err;

	*why = NULL;
	for (i = 0; colon != NULL && i < FILTER_NFIELDS; i++)
		if (strlen(filter_fields[i].name) == (size_t)(colon - spec) &&
		    strncmp(spec, filter_fields[i].name,
		    (size_t)(colon - spec)) == 0)
			break;
	if (colon == NULL || i == FILTER_NFIELDS) {
		xasprintf(why, "expected FIELD:REGEX with FIELD one of title, "
		    "summary, content, author, category, link, any (got "
		    "\"%s\")", spec);
		return -1;
	}
	re = colon + 1;
	if (*re == '\0') {
		xasprintf(why, "empty regular expression after \"%.*s:\"",
		    (int)(colon - spec), spec);
		return -1;
	}
	code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
	if (code == NULL) {
		pcre2_get_error_message(err, msg, sizeof msg);
		xasprintf(why, "invalid regular expression \"%s\": %s at "
		    "offset %zu", re, (const char *)msg, (size_t)off);
		return -1;
	}
	/* Faster matching where the machine allows; plain matching if not. */
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].field = filter_fields[i].field;
	(*v)[*n].spec = xstrdup(spec);
	(*v)[*n].code = code;
	(*n)++;
	return 0;
}

int
filter_has_rules(const struct filter *f)
{
	return f->ninclude > 0 || f->nexclude > 0;
}

static int
filter_re(const struct filter_rule *r, const char *s)
{
	pcre2_match_data	*md;
	int			 rc;

	if (s == NULL)
		return 0;
	md = pcre2_match_data_create_from_pattern(r->code, NULL);
	if (md == NULL)
		return 0;
	rc = pcre2_match(r->code, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

/* Text as a reader reads it: HTML without its markup. */
static int
filter_text(const struct filter_rule *r, const char *s, enum text_type type)
{
	char	*t;
	int	 m;

	if (str_empty(s))
		return 0;
	if (type != TEXT_HTML)
		return filter_re(r, s);
	t = text_from_html(s, strlen(s));
	m = filter_re(r, t);
	free(t);
	return m;
}

static int
filter_rule_match(const struct filter_rule *r, const struct item *it)
{
	enum filter_field	 f = r->field;
	size_t			 i;

	if ((f == FILTER_TITLE || f == FILTER_ANY) && filter_re(r, it->title))
		return 1;
	if ((f == FILTER_SUMMARY || f == FILTER_ANY) &&
	    filter_text(r, it->summary, it->summary_type))
		return 1;
	if ((f == FILTER_CONTENT || f == FILTER_ANY) &&
	    filter_text(r, it->content, it->content_type))
		return 1;
	if ((f == FILTER_AUTHOR || f == FILTER_ANY) &&
	    (filter_re(r, it->author) || filter_re(r, it->author_email)))
		return 1;
	if (f == FILTER_CATEGORY || f == FILTER_ANY)
		for (i = 0; i < it->ncategories; i++)
			if (filter_re(r, it->categories[i]))
				return 1;
	if ((f == FILTER_LINK || f == FILTER_ANY) && filter_re(r, it->link))
		return 1;
	return 0;
}

int
filter_match(const struct filter *f, const struct item *it)
{
	size_t	 i;

	for (i = 0; i < f->nexclude; i++)
		if (filter_rule_match(&f->exclude[i], it))
			return 0;
	if (f->ninclude == 0)
		return 1;
	for (i = 0; i < f->ninclude; i++)
		if (filter_rule_match(&f->include[i], it))
			return 1;
	return 0;
}

int
filter_too_old(const struct filter *f, int64_t sort_time, int64_t now)
{
	return f->max_age > 0 && sort_time < now - f->max_age;
}

static int
filter_rules_same(const struct filter_rule *a, size_t na,
    const struct filter_rule *b, size_t nb)
{
	size_t	 i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (strcmp(a[i].spec, b[i].spec) != 0)
			return 0;
	return 1;
}

int
filter_same(const struct filter *a, const struct filter *b)
{
	return a->max_age == b->max_age &&
	    a->max_per_source == b->max_per_source &&
	    filter_rules_same(a->include, a->ninclude, b->include,
	    b->ninclude) &&
	    filter_rules_same(a->exclude, a->nexclude, b->exclude,
	    b->nexclude);
}
