/*
 * parsepool.c: worker threads that run parse_source().
 *
 * Only decode_body(), hash64(), parse_source(), parse_sanitize() and
 * merge_fingerprint() run on a worker: pure (no globals, no I/O; libxml2
 * parser contexts and error handlers are per call).  Everything else, the
 * store included, stays on the loop thread.
 *
 * Two workers even on one or two CPUs: the loop thread spends most of a
 * round waiting on sockets, and a second worker lets a small feed be
 * parsed while a big one is.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"
#include "merge.h"
#include "parsepool.h"

#define PARSEPOOL_MAX_THREADS	4

struct parsepool {
	struct ev_loop		*loop;
	ev_async		 wakeup;	/* a job is done */
	pthread_mutex_t		 lock;
	pthread_cond_t		 work;		/* a job is queued, or stop */
	struct parsepool_job	*todo, **todo_tail;
	struct parsepool_job	*done, **done_tail;
	int			 stopping;
	pthread_t		 threads[PARSEPOOL_MAX_THREADS];
	int			 nthreads;
};

/*
 * Drop the items the store would ignore as too old: at 10,000 sources
 * most of a cold round's items are feed archives, and freeing them here
 * keeps that work off the loop thread.
 */
static void
parsepool_filter(struct parsepool_job *job)
{
	struct item_list	*l = &job->res.items;
	size_t			 i, keep = 0;

	for (i = 0; i < l->n; i++) {
		if (item_sort_time(l->v[i], job->now) < job->min_sort_time)
			item_free(l->v[i]);
		else
			l->v[keep++] = l->v[i];
	}
	l->n = keep;
}

static void *
parsepool_worker(void *arg)
{
	struct parsepool	*pp = arg;
	struct parsepool_job	*job;

	pthread_mutex_lock(&pp->lock);
	for (;;) {
		while (pp->todo == NULL && !pp->stopping)
			pthread_cond_wait(&pp->work, &pp->lock);
		if (pp->stopping)
			break;
		job = pp->todo;
		if ((pp->todo = job->next) == NULL)
			pp->todo_tail = &pp->todo;
		pthread_mutex_unlock(&pp->lock);

		job->cause = NULL;
		job->rc = decode_body(&job->body, job->content_encoding,
		    job->max_size, &job->cause);
		if (job->rc == 0) {
			/* Decoded, so a server's gzip settings do not
			   make the same feed look new. */
			job->hash = hash64(job->body.data != NULL ?
			    job->body.data : "", job->body.len);
			job->unchanged = job->have_last_hash &&
			    job->hash == job->last_hash;
		}
		if (job->rc == 0 && !job->unchanged) {
			struct parse_opts	 opts;

			opts.type = job->type;
			opts.rules = html_rules_empty(&job->rules) ? NULL :
			    &job->rules;
			opts.discard = 1;	/* freed right after */
			job->rc = parse_source(job->body.data, job->body.len,
			    job->base_url, job->content_type, &opts, &job->res,
			    &job->cause);
			job->parsed = 1;
		}
		/* Parsed: the body is not needed any more. */
		buf_free(&job->body);
		if (job->parsed && job->rc == 0) {
			size_t	 i;

			parsepool_filter(job);
			parse_sanitize(&job->res, job->base_url,
			    job->text_time, job->now);
			/* What merge.c would read in their text, here. */
			for (i = 0; i < job->res.items.n; i++)
				if (!job->res.items.v[i]->text_raw)
					merge_fingerprint(job->res.items.v[i]);
		}

		pthread_mutex_lock(&pp->lock);
		job->next = NULL;
		*pp->done_tail = job;
		pp->done_tail = &job->next;
		ev_async_send(pp->loop, &pp->wakeup);
	}
	pthread_mutex_unlock(&pp->lock);
	return NULL;
}

/* ev_async: hand the finished jobs back, on the loop thread. */
static void
parsepool_wakeup_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct parsepool	*pp = w->data;
	struct parsepool_job	*job, *next;

	pthread_mutex_lock(&pp->lock);
	job = pp->done;
	pp->done = NULL;
	pp->done_tail = &pp->done;
	pthread_mutex_unlock(&pp->lock);
	for (; job != NULL; job = next) {
		next = job->next;
		job->done(job);
	}
}

struct parsepool *
parsepool_new(struct ev_loop *loop, int nthreads, char **cause)
{
	struct parsepool	*pp;
	long			 ncpu;
	int			 i;

	if (nthreads <= 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		nthreads = ncpu > 2 ? (int)ncpu : 2;
	}
	if (nthreads > PARSEPOOL_MAX_THREADS)
		nthreads = PARSEPOOL_MAX_THREADS;
	pp = xcalloc(1, sizeof *pp);
	pp->loop = loop;
	pp->todo_tail = &pp->todo;
	pp->done_tail = &pp->done;
	pthread_mutex_init(&pp->lock, NULL);
	pthread_cond_init(&pp->work, NULL);
	ev_async_init(&pp->wakeup, parsepool_wakeup_cb);
	pp->wakeup.data = pp;
	ev_async_start(loop, &pp->wakeup);
	for (i = 0; i < nthreads; i++) {
		if (pthread_create(&pp->threads[i], NULL, parsepool_worker,
		    pp) != 0) {
			if (i > 0)
				break;	/* fewer workers will do */
			*cause = xstrdup("cannot start a parser thread");
			parsepool_free(pp);
			return NULL;
		}
		pp->nthreads++;
	}
	return pp;
}

void
parsepool_submit(struct parsepool *pp, struct parsepool_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&pp->lock);
	*pp->todo_tail = job;
	pp->todo_tail = &job->next;
	pthread_cond_signal(&pp->work);
	pthread_mutex_unlock(&pp->lock);
}

void
parsepool_free(struct parsepool *pp)
{
	struct parsepool_job	*job, *next;
	int			 i;

	if (pp == NULL)
		return;
	pthread_mutex_lock(&pp->lock);
	pp->stopping = 1;
	pthread_cond_broadcast(&pp->work);
	pthread_mutex_unlock(&pp->lock);
	for (i = 0; i < pp->nthreads; i++)
		pthread_join(pp->threads[i], NULL);
	ev_async_stop(pp->loop, &pp->wakeup);
	for (job = pp->todo; job != NULL; job = next) {
		next = job->next;
		job->abort(job);
	}
	for (job = pp->done; job != NULL; job = next) {
		next = job->next;
		job->abort(job);
	}
	pthread_cond_destroy(&pp->work);
	pthread_mutex_destroy(&pp->lock);
	free(pp);
}

void
parsepool_job_clear(struct parsepool_job *job)
{
	buf_free(&job->body);
	free(job->content_encoding);
	free(job->base_url);
	free(job->content_type);
	html_rules_clear(&job->rules);
	free(job->cause);
	if (job->parsed)
		parse_result_free(&job->res);
	memset(job, 0, sizeof *job);
}
