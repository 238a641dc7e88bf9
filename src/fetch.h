/*
 * fetch.h: HTTP(S) and file:// transfers on the event loop.
 *
 * Owns libcurl: the multi handle, one easy handle per transfer, and the
 * libev watchers that drive curl's multi socket API (one ev_io per socket,
 * one ev_timer for curl's timeout), after curl's evhiperfifo.c.  Never
 * blocks the loop.  Knows nothing of feeds: bytes and headers come back
 * in one callback per transfer.  Bodies are not decompressed here: that
 * is CPU work the loop should not do (decode.h, on a parser thread).
 */
#ifndef FEEDMERGE_FETCH_H
#define FEEDMERGE_FETCH_H

#include <stdint.h>

#include <ev.h>

#include "util.h"

struct fetcher;

struct fetch_request {
	const char	*url;
	const char	*etag;		/* sent as If-None-Match, or NULL */
	const char	*last_modified;	/* sent as If-Modified-Since */
	long		 timeout;	/* seconds, whole transfer */
	int64_t		 max_size;	/* body cap, bytes, as received */
	const char	*user_agent;
	long		 recv_buffer;	/* bytes read at once; 0: curl's */
	const char	*headers;	/* "Name: value\n" lines, or NULL */
	const char	*username;	/* basic auth, with password */
	const char	*password;
	const char	*proxy;		/* NULL: curl's environment
					   (http_proxy, ...); "": none */
	const char	*post;		/* a form body to POST (copied), or
					   NULL: GET */
};

/*
 * A recv_buffer for concurrency transfers at once: large reads mean fewer
 * syscalls and callbacks, but each transfer holds its own buffer, so all
 * of them together stay within a few MB.
 */
long		 fetch_recv_buffer(int concurrency);

struct fetch_result {
	int		 ok;		/* 1: a response arrived (any status) */
	long		 status;	/* HTTP status; 0 for file:// */
	int		 not_modified;	/* HTTP 304 */
	struct buf	 body;		/* as received: still compressed if
					   content_encoding says so (see
					   decode.h); the callback may steal
					   it */
	char		*etag;
	char		*last_modified;
	char		*content_type;
	char		*content_encoding;	/* NULL when none */
	char		*effective_url;	/* after redirects */
	char		*error;		/* why it failed, when !ok */
	int		 transient;	/* worth retrying soon */
	int64_t		 retry_after;	/* seconds from Retry-After, or 0 */
	int64_t		 max_age;	/* seconds the response may be
					   cached (Cache-Control max-age,
					   Expires), 0: none said */
	char		*moved_to;	/* where the leading permanent
					   redirects (301, 308) led, or NULL */
};

/*
 * Called once per transfer, from the loop.  The result is freed after the
 * callback returns; the callback may take result->body with buf_steal().
 */
typedef void (*fetch_done_cb)(struct fetch_result *, void *arg);

struct fetcher	*fetcher_new(struct ev_loop *, char **cause);
/* Abort every transfer (calling their abort callbacks) and free. */
void		 fetcher_free(struct fetcher *);

/*
 * Start a transfer; done(result, arg) follows, or, if the fetcher is
 * freed first, abort(arg), so arg always has one owner.  -1 with *cause
 * (arg stays the caller's).
 */
int		 fetch_start(struct fetcher *, const struct fetch_request *,
		    fetch_done_cb done, void (*abort)(void *), void *arg,
		    char **cause);
int		 fetch_running(const struct fetcher *);

#endif
