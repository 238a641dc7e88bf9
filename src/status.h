/*
 * status.h: --status, how each source is doing.
 *
 * Reads the state (read-only: beside a running daemon, which keeps
 * writing it) and prints one line per configured source: last fetch,
 * last success, HTTP status, items, failures in a row, next fetch, last
 * error; or, with json, one JSON object for scripts.  Credentials never
 * appear: URLs are shown without their user:password@.
 */
#ifndef FEEDMERGE_STATUS_H
#define FEEDMERGE_STATUS_H

#include <stdio.h>

#include "conf.h"

/* Returns the exit status: 0, or 1 (the state cannot be read). */
int	status_run(const struct conf *cf, int json, FILE *out);

#endif
