/*
 * parse_json.h: JSON Feed 1.0 and 1.1 (https://jsonfeed.org/), read with
 * json-c.
 */
#ifndef FEEDMERGE_PARSE_JSON_H
#define FEEDMERGE_PARSE_JSON_H

#include <stddef.h>

#include "parse.h"

/*
 * Parse a JSON Feed.  Returns 0 with res filled, or -1 with *cause set
 * (caller frees) when buf is not JSON or not a JSON Feed.
 */
int	parse_json(const char *buf, size_t len, const char *base_url,
	    struct parse_result *res, char **cause);

#endif
