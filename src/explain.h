/*
 * explain.h: --explain, why a story is what it is.
 *
 * Reads the state (read-only: beside a running daemon) and prints one
 * story, found by its entry id or by a link of any of its copies: its id
 * and dates, then each copy, in the order they came: source, kind, link,
 * title, date, and why it joined the story (which key, or how close its
 * text was).
 */
#ifndef FEEDMERGE_EXPLAIN_H
#define FEEDMERGE_EXPLAIN_H

#include <stdio.h>

/* Returns the exit status: 0, 1 (no such story, or the state fails). */
int	explain_run(const char *state, const char *id_or_url, FILE *out);

#endif
