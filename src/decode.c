/*
 * decode.c: gzip and deflate bodies inflated, capped.
 *
 * A whole gzip body is decompressed by libdeflate in one call, into a
 * buffer sized from the length its trailer gives: two to three times
 * faster than zlib's inflate, which is most of the CPU a round spends on
 * gzip.  Anything else, or a gzip body libdeflate refuses (truncated,
 * several members, a trailer that lies about the length), goes through
 * zlib's streaming inflate, as curl does it: "gzip" (and "x-gzip") and
 * "deflate" both read with zlib's automatic gzip/zlib header detection,
 * and a "deflate" body that is raw deflate without the zlib wrapper,
 * which some servers send, retried as raw.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <zlib.h>

#include "decode.h"

enum decode_coding {
	CODING_IDENTITY,
	CODING_GZIP,
	CODING_DEFLATE,
	CODING_OTHER
};

/* The one coding named by a Content-Encoding value. */
static enum decode_coding
decode_coding_of(const char *v)
{
	size_t	 n;

	if (v == NULL)
		return CODING_IDENTITY;
	while (IS_SPACE(*v))
		v++;
	n = strlen(v);
	while (n > 0 && IS_SPACE(v[n - 1]))
		n--;
	if (n == 0 || (n == 8 && strncase_eq(v, "identity", 8)))
		return CODING_IDENTITY;
	if ((n == 4 && strncase_eq(v, "gzip", 4)) ||
	    (n == 6 && strncase_eq(v, "x-gzip", 6)))
		return CODING_GZIP;
	if (n == 7 && strncase_eq(v, "deflate", 7))
		return CODING_DEFLATE;
	return CODING_OTHER;
}

/*
 * Inflate in into out with the given zlib windowBits.  Returns 0 (done,
 * or the input stopped short), 1 when out would pass max, -1 on corrupt
 * data.
 */
static int
decode_inflate(const struct buf *in, int window_bits, int64_t max,
    struct buf *out)
{
	z_stream	 z;
	size_t		 room;
	int		 zr, ret = 0;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, window_bits) != Z_OK)
		return -1;
	/* Feeds compress 3-6 times: start there, double as needed. */
	room = in->len < 16384 ? 65536 : in->len * 4;
	if ((int64_t)room > max + 1)
		room = (size_t)max + 1;
	buf_grow(out, room);
	z.next_in = (Bytef *)in->data;
	z.avail_in = (uInt)in->len;
	for (;;) {
		if (out->cap - out->len <= 1) {
			if ((int64_t)out->len > max) {
				ret = 1;
				break;
			}
			room = out->cap;
			if ((int64_t)(out->len + room) > max + 1)
				room = (size_t)(max + 1) - out->len;
			buf_grow(out, room);
		}
		/* Keep one byte for buf's terminating NUL. */
		z.next_out = (Bytef *)out->data + out->len;
		z.avail_out = (uInt)(out->cap - out->len - 1);
		zr = inflate(&z, Z_NO_FLUSH);
		out->len = (size_t)((char *)z.next_out - out->data);
		out->data[out->len] = '\0';
		if ((int64_t)out->len > max) {
			ret = 1;
			break;
		}
		if (zr == Z_STREAM_END)
			break;		/* trailing bytes ignored, as curl does */
		if (zr == Z_BUF_ERROR && z.avail_in == 0)
			break;		/* stopped short: keep what we have */
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			ret = -1;
			break;
		}
	}
	inflateEnd(&z);
	return ret;
}

/*
 * The one-call path for a gzip body.  Returns 0 (out holds it all), or
 * -1 to fall back to zlib's streaming inflate, which knows how to stop
 * at max and to keep what a truncated stream holds.
 */
static int
decode_gzip_whole(const struct buf *in, int64_t max, struct buf *out)
{
	struct libdeflate_decompressor *d;
	const unsigned char	*t;
	enum libdeflate_result	 r;
	size_t			 isize, used, got;

	if (in->len < 18)
		return -1;
	/* ISIZE: the length mod 2^32, little-endian, in the last 4 bytes. */
	t = (const unsigned char *)in->data + in->len - 4;
	isize = (size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 |
	    (size_t)t[3] << 24;
	if ((int64_t)isize > max || isize == 0)
		return -1;	/* too big, or trailing junk: zlib tells */
	if ((d = libdeflate_alloc_decompressor()) == NULL)
		return -1;
	buf_grow(out, isize);
	r = libdeflate_gzip_decompress_ex(d, in->data, in->len, out->data,
	    isize, &used, &got);
	libdeflate_free_decompressor(d);
	if (r != LIBDEFLATE_SUCCESS || got != isize || used != in->len) {
		buf_reset(out);
		return -1;
	}
	out->len = got;
	out->data[got] = '\0';
	return 0;
}

int
decode_body(struct buf *body, const char *content_encoding,
    int64_t max_size, char **cause)
{
	enum decode_coding	 coding;
	struct buf		 out;
	int			 r;

	*cause = NULL;
	coding = decode_coding_of(content_encoding);
	if (coding == CODING_IDENTITY)
		return 0;
	if (coding == CODING_OTHER) {
		xasprintf(cause, "unsupported Content-Encoding \"%s\" (we "
		    "offer %s)", content_encoding, DECODE_ACCEPT);
		return -1;
	}
	if (body->len > UINT32_MAX) {
		xasprintf(cause, "compressed body too large (%zu bytes)",
		    body->len);
		return -1;
	}
	buf_init(&out);
	r = coding == CODING_GZIP ? decode_gzip_whole(body, max_size, &out) :
	    -1;
	/* 15 + 32: a gzip or a zlib header, whichever it is. */
	if (r == -1)
		r = decode_inflate(body, 15 + 32, max_size, &out);
	if (r == -1 && coding == CODING_DEFLATE) {
		buf_reset(&out);
		r = decode_inflate(body, -15, max_size, &out);
	}
	if (r != 0) {
		buf_free(&out);
		if (r == 1)
			xasprintf(cause, "body exceeds max_size (%lld bytes, "
			    "decoded)", (long long)max_size);
		else
			xasprintf(cause, "corrupt %s body",
			    coding == CODING_GZIP ? "gzip" : "deflate");
		return -1;
	}
	buf_free(body);
	*body = out;
	return 0;
}
