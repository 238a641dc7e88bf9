/* warn.c: the bounded list of recovered problems. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"
#include "warn.h"

void
warnings_init(struct warnings *w)
{
	w->v = NULL;
	w->n = 0;
}

void
warnings_free(struct warnings *w)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	warnings_init(w);
}

void
warnings_add(struct warnings *w, const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[512];

	if (w->n >= WARN_MAX)
		return;
	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof msg, fmt, ap) < 0)
		msg[0] = '\0';
	va_end(ap);
	w->v = xreallocarray(w->v, w->n + 1, sizeof *w->v);
	w->v[w->n++] = xstrdup(msg);
}
