/*
 * probe.h: --probe, what feedmerge reads from one URL.
 *
 * Fetches one http(s):// or file:// URL (or a local path) on a loop of
 * its own, with no configuration and no state, parses it the way a
 * source configured with opts would be, and prints what it found: for
 * a feed its items, for a page its story (the fields, the body's length
 * and first words) and each teaser (headline, link, snippet).
 */
#ifndef FEEDMERGE_PROBE_H
#define FEEDMERGE_PROBE_H

#include "parse.h"

/* Returns the exit status: 0, or 1 when the fetch or the parse failed. */
int	probe_run(const char *arg, const struct parse_opts *opts);

#endif
