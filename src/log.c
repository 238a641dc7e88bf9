/*
 * log.c: leveled one-line messages on stderr.
 *
 * The formatted message is escaped as a whole: text that came from the
 * network (titles, URLs, server error strings) cannot inject control
 * characters or fake extra log lines.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* The one piece of process-wide state: set once by main() at startup. */
static int	log_verbosity;

static const char *const level_words[] = {
	"error", "warning", "info", "debug"
};

void
log_init(int verbosity)
{
	log_verbosity = verbosity;
}

int
log_enabled(enum log_level level)
{
	switch (level) {
	case LOG_LEVEL_ERROR:
	case LOG_LEVEL_WARN:
		return 1;
	case LOG_LEVEL_INFO:
		return log_verbosity >= 0;
	case LOG_LEVEL_DEBUG:
		return log_verbosity >= 1;
	}
	return 0;
}

static void
log_vwrite(enum log_level level, const char *fmt, va_list ap,
    const char *suffix)
{
	char		 msg[2048], out[4096 + 64];
	size_t		 o = 0;
	const unsigned char *p;

	if (!log_enabled(level))
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	for (p = (const unsigned char *)msg; *p != '\0' &&
	    o < sizeof out - 8; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(out + o, sizeof out - o, "\\x%02x", *p);
			o += 4;
		} else
			out[o++] = (char)*p;
	}
	out[o] = '\0';
	fprintf(stderr, "%s: %s%s%s\n", level_words[level], out,
	    suffix != NULL ? ": " : "", suffix != NULL ? suffix : "");
}

#define LOG_BODY(level, suffix) do {			\
	va_list	 ap;					\
	va_start(ap, fmt);				\
	log_vwrite(level, fmt, ap, suffix);		\
	va_end(ap);					\
} while (0)

void
log_warnx(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_WARN, NULL);
}

void
log_warn(const char *fmt, ...)
{
	int	 saved = errno;

	LOG_BODY(LOG_LEVEL_WARN, strerror(saved));
	errno = saved;
}

void
log_errorx(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_ERROR, NULL);
}

void
log_info(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_INFO, NULL);
}

void
log_debug(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_DEBUG, NULL);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_ERROR, NULL);
	exit(1);
}
