/*
 * fetch.c: libcurl's multi socket API driven by libev.
 *
 * The three structs of curl's evhiperfifo.c: the fetcher (global), a
 * struct fetch per transfer (CURLOPT_PRIVATE) and a struct fetch_sock per
 * socket (curl_multi_assign).  Each easy handle is freed in one place,
 * fetch_finish(), after CURLMSG_DONE.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "date.h"
#include "decode.h"
#include "fetch.h"

#define FETCH_MAX_IDLE		256L
#define FETCH_MAX_REDIRS	5
#define FETCH_RECV_BUDGET	(4L * 1024 * 1024)
#define FETCH_RECV_MAX		(256L * 1024)
#define FETCH_RECV_MIN		(16L * 1024)	/* curl's default */

struct fetcher {
	struct ev_loop	*loop;
	CURLM		*multi;
	ev_timer	 timer;		/* curl's single timeout */
	int		 running;	/* transfers started, not finished */
	struct fetch	*all;		/* every transfer, for fetcher_free */
};

struct fetch {
	struct fetcher	*fetcher;
	CURL		*easy;
	struct curl_slist *headers;
	char		 errbuf[CURL_ERROR_SIZE];
	int64_t		 max_size;
	int		 too_big;
	/* The responses seen, for the redirects they made. */
	long		 hop_status;	/* of the last one; 0: none yet */
	int		 permanent;	/* every redirect so far was */
	int64_t		 date;		/* its Date:, for Expires */
	int64_t		 expires;
	int		 no_cache;	/* Cache-Control forbids keeping it */
	struct fetch_result result;
	fetch_done_cb	 done;
	void		(*abort)(void *);
	void		*arg;
	struct fetch	*next, *prev;
};

struct fetch_sock {
	ev_io		 io;
	curl_socket_t	 fd;
	struct fetcher	*fetcher;
};

static void	fetch_check_done(struct fetcher *);

static void
fetch_result_free(struct fetch_result *r)
{
	buf_free(&r->body);
	free(r->etag);
	free(r->last_modified);
	free(r->content_type);
	free(r->content_encoding);
	free(r->effective_url);
	free(r->moved_to);
	free(r->error);
}

/* Unlink, clean up and free one transfer. */
static void
fetch_free(struct fetch *f)
{
	struct fetcher	*fr = f->fetcher;

	if (f->prev != NULL)
		f->prev->next = f->next;
	else
		fr->all = f->next;
	if (f->next != NULL)
		f->next->prev = f->prev;
	curl_multi_remove_handle(fr->multi, f->easy);
	curl_easy_cleanup(f->easy);
	curl_slist_free_all(f->headers);
	fetch_result_free(&f->result);
	free(f);
	fr->running--;
}

/* ev_timer: curl's timeout expired. */
static void
fetch_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct fetcher	*fr = w->data;
	int		 still;

	curl_multi_socket_action(fr->multi, CURL_SOCKET_TIMEOUT, 0, &still);
	fetch_check_done(fr);
}

/* CURLMOPT_TIMERFUNCTION */
static int
fetch_multi_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct fetcher	*fr = userp;

	ev_timer_stop(fr->loop, &fr->timer);
	if (timeout_ms >= 0) {
		/* Milliseconds to seconds without integer division. */
		ev_timer_set(&fr->timer, (double)timeout_ms / 1000.0, 0.);
		ev_timer_start(fr->loop, &fr->timer);
	}
	return 0;
}

/* ev_io: activity on one of curl's sockets. */
static void
fetch_sock_event_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct fetch_sock	*fs = w->data;
	struct fetcher		*fr = fs->fetcher;
	int			 action = 0, still;

	if (revents & EV_READ)
		action |= CURL_CSELECT_IN;
	if (revents & EV_WRITE)
		action |= CURL_CSELECT_OUT;
	curl_multi_socket_action(fr->multi, fs->fd, action, &still);
	fetch_check_done(fr);
}

/* CURLMOPT_SOCKETFUNCTION */
static int
fetch_sock_cb(CURL *easy, curl_socket_t s, int what, void *userp,
    void *socketp)
{
	struct fetcher		*fr = userp;
	struct fetch_sock	*fs = socketp;
	int			 events;

	if (what == CURL_POLL_REMOVE) {
		if (fs != NULL) {
			ev_io_stop(fr->loop, &fs->io);
			free(fs);
			curl_multi_assign(fr->multi, s, NULL);
		}
		return 0;
	}
	events = ((what & CURL_POLL_IN) ? EV_READ : 0) |
	    ((what & CURL_POLL_OUT) ? EV_WRITE : 0);
	if (fs == NULL) {
		fs = xcalloc(1, sizeof *fs);
		fs->fd = s;
		fs->fetcher = fr;
		curl_multi_assign(fr->multi, s, fs);
	} else
		ev_io_stop(fr->loop, &fs->io);	/* before re-initialising */
	ev_io_init(&fs->io, fetch_sock_event_cb, s, events);
	fs->io.data = fs;
	ev_io_start(fr->loop, &fs->io);
	return 0;
}

/* CURLOPT_WRITEFUNCTION: the body as received, capped at max_size. */
static size_t
fetch_write_cb(char *ptr, size_t size, size_t nmemb, void *userp)
{
	struct fetch	*f = userp;
	size_t		 n = size * nmemb;

	curl_off_t	 clen = -1;

	if ((int64_t)(f->result.body.len + n) > f->max_size) {
		f->too_big = 1;
		return 0;		/* aborts with CURLE_WRITE_ERROR */
	}
	if (f->result.body.cap == 0 &&
	    curl_easy_getinfo(f->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
	    &clen) == CURLE_OK && clen > 0 && clen <= f->max_size) {
		/* One allocation instead of a dozen reallocs and copies. */
		buf_grow(&f->result.body, (size_t)clen);
	}
	buf_add(&f->result.body, ptr, n);
	return n;
}

static char *
fetch_header_value(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n > 0 && IS_SPACE(p[n - 1]))
		n--;
	return n > 0 ? xstrndup(p, n) : NULL;
}

/* Retry-After: seconds, or an HTTP-date. */
static int64_t
fetch_retry_after(const char *v)
{
	int64_t	 t;

	if (IS_DIGIT(*v))
		return strtoll(v, NULL, 10);
	if (date_parse_rfc822(v, &t) == 0 && t > now_seconds())
		return t - now_seconds();
	return 0;
}

/* Cache-Control: max-age=N (unless no-store or no-cache says more). */
static void
fetch_cache_control(struct fetch *f, const char *v)
{
	const char	*p;

	for (p = v; *p != '\0'; p += strcspn(p, ",")) {
		p += strspn(p, ", \t");
		if (strncase_eq(p, "max-age=", 8) && IS_DIGIT(p[8]))
			f->result.max_age = strtoll(p + 8, NULL, 10);
		else if (strncase_eq(p, "no-store", 8) ||
		    strncase_eq(p, "no-cache", 8))
			f->no_cache = 1;
	}
}

/*
 * A new response's status line.  The one before it was a redirect; curl
 * has moved the effective URL on, so while every redirect so far was
 * permanent, that URL is where the source now lives.
 */
static void
fetch_status_line(struct fetch *f, const char *ptr, size_t n)
{
	struct fetch_result	*r = &f->result;
	const char		*p = memchr(ptr, ' ', n);
	char			*url = NULL;
	long			 status;

	status = p != NULL ? strtol(p + 1, NULL, 10) : 0;
	if (status >= 100 && status < 200)
		return;		/* 100 Continue, 103 Early Hints */
	if (f->hop_status != 0) {
		if (f->permanent && (f->hop_status == 301 ||
		    f->hop_status == 308) &&
		    curl_easy_getinfo(f->easy, CURLINFO_EFFECTIVE_URL,
		    &url) == CURLE_OK && url != NULL)
			str_set(&r->moved_to, xstrdup(url));
		else
			f->permanent = 0;
	}
	f->hop_status = status;
	free(r->etag);
	free(r->last_modified);
	free(r->content_type);
	free(r->content_encoding);
	r->etag = r->last_modified = r->content_type = NULL;
	r->content_encoding = NULL;
	r->retry_after = r->max_age = 0;
	f->date = f->expires = 0;
	f->no_cache = 0;
}

/* CURLOPT_HEADERFUNCTION: keep what matters of the final response. */
static size_t
fetch_header_cb(char *ptr, size_t size, size_t nitems, void *userp)
{
	struct fetch		*f = userp;
	struct fetch_result	*r = &f->result;
	size_t			 n = size * nitems;
	char			*v;

	if (n >= 5 && strncase_eq(ptr, "HTTP/", 5))
		fetch_status_line(f, ptr, n);
	else if (n > 5 && strncase_eq(ptr, "ETag:", 5))
		str_set(&r->etag, fetch_header_value(ptr + 5, n - 5));
	else if (n > 14 && strncase_eq(ptr, "Last-Modified:", 14))
		str_set(&r->last_modified,
		    fetch_header_value(ptr + 14, n - 14));
	else if (n > 13 && strncase_eq(ptr, "Content-Type:", 13))
		str_set(&r->content_type,
		    fetch_header_value(ptr + 13, n - 13));
	else if (n > 17 && strncase_eq(ptr, "Content-Encoding:", 17))
		str_set(&r->content_encoding,
		    fetch_header_value(ptr + 17, n - 17));
	else if (n > 12 && strncase_eq(ptr, "Retry-After:", 12)) {
		if ((v = fetch_header_value(ptr + 12, n - 12)) != NULL)
			r->retry_after = fetch_retry_after(v);
		free(v);
	} else if (n > 14 && strncase_eq(ptr, "Cache-Control:", 14)) {
		if ((v = fetch_header_value(ptr + 14, n - 14)) != NULL)
			fetch_cache_control(f, v);
		free(v);
	} else if ((n > 8 && strncase_eq(ptr, "Expires:", 8)) ||
	    (n > 5 && strncase_eq(ptr, "Date:", 5))) {
		int	 expires = TO_LOWER((unsigned char)ptr[0]) == 'e';
		int64_t	 t;

		v = fetch_header_value(ptr + (expires ? 8 : 5),
		    n - (expires ? 8 : 5));
		if (v != NULL && date_parse_rfc822(v, &t) == 0)
			*(expires ? &f->expires : &f->date) = t;
		free(v);
	}
	return n;
}

static void
fetch_finish(struct fetch *f, CURLcode code)
{
	struct fetch_result	*r = &f->result;
	char			*url = NULL;
	long			 status = 0;

	curl_easy_getinfo(f->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(f->easy, CURLINFO_EFFECTIVE_URL, &url);
	if (url != NULL)
		r->effective_url = xstrdup(url);
	r->status = status;
	if (code == CURLE_OK) {
		r->ok = 1;
		r->not_modified = status == 304;
	} else if (f->too_big) {
		xasprintf(&r->error, "body exceeds max_size (%lld bytes)",
		    (long long)f->max_size);
	} else if (code == CURLE_FILESIZE_EXCEEDED) {
		xasprintf(&r->error, "body exceeds max_size (%lld bytes, by "
		    "Content-Length)", (long long)f->max_size);
	} else if (code == CURLE_TOO_MANY_REDIRECTS) {
		xasprintf(&r->error, "more than %d redirects (a redirect "
		    "loop?)", FETCH_MAX_REDIRS);
	} else if (code == CURLE_UNSUPPORTED_PROTOCOL &&
	    f->hop_status >= 300 && f->hop_status < 400) {
		xasprintf(&r->error, "redirected to a URL that is not http "
		    "or https (%s)", f->errbuf[0] != '\0' ? f->errbuf :
		    curl_easy_strerror(code));
	} else {
		r->error = xstrdup(f->errbuf[0] != '\0' ? f->errbuf :
		    curl_easy_strerror(code));
		switch (code) {
		case CURLE_COULDNT_RESOLVE_HOST:
		case CURLE_COULDNT_CONNECT:
		case CURLE_OPERATION_TIMEDOUT:
		case CURLE_SEND_ERROR:
		case CURLE_RECV_ERROR:
		case CURLE_GOT_NOTHING:
		case CURLE_PARTIAL_FILE:
			r->transient = 1;
			break;
		default:
			break;
		}
	}
	if (r->ok && (status == 429 || status >= 500))
		r->transient = 1;
	/* Expires counts from the server's clock when it sent its own. */
	if (r->max_age == 0 && f->expires != 0)
		r->max_age = f->expires - (f->date != 0 ? f->date :
		    now_seconds());
	if (f->no_cache || r->max_age < 0)
		r->max_age = 0;
	f->done(r, f->arg);
	fetch_free(f);
}

/* Hand every finished transfer to its callback. */
static void
fetch_check_done(struct fetcher *fr)
{
	CURLMsg		*msg;
	struct fetch	*f;
	int		 left;

	while ((msg = curl_multi_info_read(fr->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		    (char **)&f);
		fetch_finish(f, msg->data.result);
	}
}

struct fetcher *
fetcher_new(struct ev_loop *loop, char **cause)
{
	struct fetcher	*fr;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		*cause = xstrdup("curl_global_init failed");
		return NULL;
	}
	fr = xcalloc(1, sizeof *fr);
	fr->loop = loop;
	if ((fr->multi = curl_multi_init()) == NULL) {
		*cause = xstrdup("curl_multi_init failed");
		free(fr);
		curl_global_cleanup();
		return NULL;
	}
	ev_timer_init(&fr->timer, fetch_timer_cb, 0., 0.);
	fr->timer.data = fr;
	curl_multi_setopt(fr->multi, CURLMOPT_SOCKETFUNCTION, fetch_sock_cb);
	curl_multi_setopt(fr->multi, CURLMOPT_SOCKETDATA, fr);
	curl_multi_setopt(fr->multi, CURLMOPT_TIMERFUNCTION,
	    fetch_multi_timer_cb);
	curl_multi_setopt(fr->multi, CURLMOPT_TIMERDATA, fr);
	/* Several sources on one host share connections politely. */
	curl_multi_setopt(fr->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 6L);
	/*
	 * Keep idle connections to a few hundred hosts (curl keeps four per
	 * transfer slot): feed hosts carry many feeds each, and a round
	 * that visits them in config order comes back to a host long after
	 * a smaller cache would have closed its connection.
	 */
	curl_multi_setopt(fr->multi, CURLMOPT_MAXCONNECTS, FETCH_MAX_IDLE);
	return fr;
}

void
fetcher_free(struct fetcher *fr)
{
	if (fr == NULL)
		return;
	while (fr->all != NULL) {
		if (fr->all->abort != NULL)
			fr->all->abort(fr->all->arg);
		fetch_free(fr->all);
	}
	ev_timer_stop(fr->loop, &fr->timer);
	curl_multi_cleanup(fr->multi);
	free(fr);
	curl_global_cleanup();
}

long
fetch_recv_buffer(int concurrency)
{
	long	 n = FETCH_RECV_BUDGET / (concurrency > 0 ? concurrency : 1);

	if (n > FETCH_RECV_MAX)
		return FETCH_RECV_MAX;
	return n < FETCH_RECV_MIN ? FETCH_RECV_MIN : n;
}

int
fetch_running(const struct fetcher *fr)
{
	return fr->running;
}

int
fetch_start(struct fetcher *fr, const struct fetch_request *req,
    fetch_done_cb done, void (*abort)(void *), void *arg, char **cause)
{
	struct fetch	*f;
	char		*h;
	const char	*p, *end;
	CURLMcode	 mc;

	f = xcalloc(1, sizeof *f);
	f->fetcher = fr;
	f->done = done;
	f->abort = abort;
	f->arg = arg;
	f->max_size = req->max_size;
	buf_init(&f->result.body);
	if ((f->easy = curl_easy_init()) == NULL) {
		free(f);
		*cause = xstrdup("curl_easy_init failed");
		return -1;
	}
	if (req->etag != NULL) {
		xasprintf(&h, "If-None-Match: %s", req->etag);
		f->headers = curl_slist_append(f->headers, h);
		free(h);
	}
	if (req->last_modified != NULL) {
		xasprintf(&h, "If-Modified-Since: %s", req->last_modified);
		f->headers = curl_slist_append(f->headers, h);
		free(h);
	}
	for (p = req->headers; p != NULL && *p != '\0'; p = end + 1) {
		if ((end = strchr(p, '\n')) == NULL)
			end = p + strlen(p) - 1;
		h = xstrndup(p, (size_t)(end - p + (*end != '\n')));
		f->headers = curl_slist_append(f->headers, h);
		free(h);
	}
	f->permanent = 1;
	curl_easy_setopt(f->easy, CURLOPT_URL, req->url);
	curl_easy_setopt(f->easy, CURLOPT_PRIVATE, f);
	curl_easy_setopt(f->easy, CURLOPT_ERRORBUFFER, f->errbuf);
	curl_easy_setopt(f->easy, CURLOPT_WRITEFUNCTION, fetch_write_cb);
	curl_easy_setopt(f->easy, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(f->easy, CURLOPT_HEADERFUNCTION, fetch_header_cb);
	curl_easy_setopt(f->easy, CURLOPT_HEADERDATA, f);
	curl_easy_setopt(f->easy, CURLOPT_HTTPHEADER, f->headers);
	curl_easy_setopt(f->easy, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(f->easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(f->easy, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(f->easy, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRS);
	/* Offered, but undone by decode_body() on a parser thread. */
	curl_easy_setopt(f->easy, CURLOPT_ACCEPT_ENCODING, DECODE_ACCEPT);
	curl_easy_setopt(f->easy, CURLOPT_HTTP_CONTENT_DECODING, 0L);
	if (req->recv_buffer > 0)
		curl_easy_setopt(f->easy, CURLOPT_BUFFERSIZE, req->recv_buffer);
	curl_easy_setopt(f->easy, CURLOPT_TIMEOUT, req->timeout);
	curl_easy_setopt(f->easy, CURLOPT_CONNECTTIMEOUT,
	    req->timeout < 15 ? req->timeout : 15L);
	curl_easy_setopt(f->easy, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)req->max_size);
	curl_easy_setopt(f->easy, CURLOPT_USERAGENT, req->user_agent);
	if (req->username != NULL && req->password != NULL) {
		curl_easy_setopt(f->easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		curl_easy_setopt(f->easy, CURLOPT_USERNAME, req->username);
		curl_easy_setopt(f->easy, CURLOPT_PASSWORD, req->password);
	}
	/* Unset, curl reads http_proxy, https_proxy, no_proxy itself. */
	if (req->proxy != NULL)
		curl_easy_setopt(f->easy, CURLOPT_PROXY, req->proxy);
	/* A proxy's CONNECT answer is no hop of the redirects counted. */
	curl_easy_setopt(f->easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
	curl_easy_setopt(f->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(f->easy, CURLOPT_FAILONERROR, 0L);
	/* application/x-www-form-urlencoded; a redirect does not repost. */
	if (req->post != NULL) {
		curl_easy_setopt(f->easy, CURLOPT_COPYPOSTFIELDS, req->post);
		curl_easy_setopt(f->easy, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(f->easy, CURLOPT_FOLLOWLOCATION, 0L);
	}

	/* Linked in before adding: curl may call back at once. */
	f->next = fr->all;
	if (fr->all != NULL)
		fr->all->prev = f;
	fr->all = f;
	fr->running++;
	if ((mc = curl_multi_add_handle(fr->multi, f->easy)) != CURLM_OK) {
		xasprintf(cause, "curl_multi_add_handle: %s",
		    curl_multi_strerror(mc));
		fetch_free(f);
		return -1;
	}
	return 0;
}
