/*
 * log.h: one line per event on stderr, with a level word.
 *
 * Owns the verbosity setting (set once at startup by main).  Messages are
 * passed through an escaper so bytes from the network (control characters,
 * terminal escapes) can never reach the terminal or the journal raw.
 */
#ifndef FEEDMERGE_LOG_H
#define FEEDMERGE_LOG_H

enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG
};

void	log_init(int verbosity);	/* -1 quiet, 0 normal, 1+ debug */
int	log_enabled(enum log_level);
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_errorx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
