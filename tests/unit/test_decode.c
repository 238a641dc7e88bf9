/*
 * test_decode.c: Content-Encoding undone by decode_body(): both gzip
 * paths (libdeflate in one call, zlib streaming), zlib-wrapped and raw
 * deflate, the max_size cap whatever the trailer claims, truncated and
 * corrupt streams, codings we never offered.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "decode.h"
#include "check.h"

/* A feed-like text of n bytes that compresses well but not trivially. */
static char *
sample(size_t n)
{
	struct buf	 b;
	unsigned	 i;

	buf_init(&b);
	for (i = 0; b.len < n; i++)
		buf_printf(&b, "<item><title>Story %u</title><link>"
		    "http://example.org/%u</link></item>\n", i * 7919 % 10007,
		    i);
	b.len = n;
	b.data[n] = '\0';
	return b.data;
}

/* Compress with zlib: window_bits 15+16 gzip, 15 zlib, -15 raw. */
static void
compress_into(struct buf *out, const char *in, size_t len, int window_bits)
{
	z_stream	 z;

	memset(&z, 0, sizeof z);
	deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
	buf_init(out);
	buf_grow(out, deflateBound(&z, len) + 16);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->data;
	z.avail_out = (uInt)(out->cap - 1);
	deflate(&z, Z_FINISH);
	out->len = z.total_out;
	out->data[out->len] = '\0';
	deflateEnd(&z);
}

static int
decodes_to(const char *coding, int window_bits, const char *text, size_t len,
    int64_t max)
{
	struct buf	 b;
	char		*cause = NULL;
	int		 ok;

	compress_into(&b, text, len, window_bits);
	ok = decode_body(&b, coding, max, &cause) == 0 && cause == NULL &&
	    b.len == len && memcmp(b.data, text, len) == 0 &&
	    b.data[len] == '\0';
	free(cause);
	buf_free(&b);
	return ok;
}

/* decode_body fails; its message contains want; the body is untouched. */
static int
fails_with(struct buf *b, const char *coding, int64_t max, const char *want)
{
	struct buf	 copy;
	char		*cause = NULL;
	int		 ok;

	buf_init(&copy);
	buf_add(&copy, b->data, b->len);
	ok = decode_body(b, coding, max, &cause) == -1 && cause != NULL &&
	    strstr(cause, want) != NULL && b->len == copy.len &&
	    memcmp(b->data, copy.data, b->len) == 0;
	if (!ok)
		fprintf(stderr, "  cause: %s\n", cause != NULL ? cause :
		    "(none)");
	free(cause);
	buf_free(&copy);
	return ok;
}

int
main(void)
{
	struct buf	 b;
	char		*text = sample(300000), *cause = NULL;
	size_t		 n;

	/* Nothing to undo. */
	buf_init(&b);
	buf_addstr(&b, "<rss/>");
	check(decode_body(&b, NULL, 100, &cause) == 0);
	check(decode_body(&b, "", 100, &cause) == 0);
	check(decode_body(&b, " Identity ", 100, &cause) == 0);
	check_str_eq(b.data, "<rss/>");
	check(fails_with(&b, "br", 100, "unsupported Content-Encoding \"br\""));
	check(fails_with(&b, "gzip, br", 100, "unsupported"));
	buf_free(&b);

	/* gzip: small (zlib path), large (libdeflate), names curl takes. */
	check(decodes_to("gzip", 15 + 16, text, 10, 1000));
	check(decodes_to("gzip", 15 + 16, text, 300000, 300000));
	check(decodes_to("x-gzip", 15 + 16, text, 5000, 1 << 20));
	check(decodes_to(" GZIP ", 15 + 16, text, 5000, 1 << 20));
	check(decodes_to("gzip", 15 + 16, "", 0, 10));
	/* deflate, as the RFC says (zlib) and as some servers do (raw). */
	check(decodes_to("deflate", 15, text, 300000, 1 << 20));
	check(decodes_to("deflate", -15, text, 300000, 1 << 20));

	/* Over max_size, by the trailer or by what it really holds. */
	compress_into(&b, text, 300000, 15 + 16);
	check(fails_with(&b, "gzip", 299999, "exceeds max_size (299999 "
	    "bytes, decoded)"));
	/* A trailer that lies (says 1 byte): caught while inflating. */
	memcpy(b.data + b.len - 4, "\1\0\0\0", 4);
	check(fails_with(&b, "gzip", 1000, "exceeds max_size (1000 bytes"));
	buf_free(&b);
	compress_into(&b, text, 300000, 15);
	check(fails_with(&b, "deflate", 4096, "exceeds max_size (4096 bytes"));
	buf_free(&b);

	/* Trailing bytes after the stream are ignored, as curl does. */
	compress_into(&b, text, 50000, 15 + 16);
	buf_addstr(&b, "junk");
	check(decode_body(&b, "gzip", 1 << 20, &cause) == 0);
	check(b.len == 50000 && memcmp(b.data, text, 50000) == 0);
	buf_free(&b);

	/* Cut short: what was there is kept, a prefix of the text. */
	compress_into(&b, text, 300000, 15 + 16);
	b.len /= 2;
	check(decode_body(&b, "gzip", 1 << 20, &cause) == 0);
	check(b.len > 1000 && b.len < 300000 &&
	    memcmp(b.data, text, b.len) == 0);
	buf_free(&b);

	/* Not gzip at all, or damaged in the middle. */
	buf_init(&b);
	buf_addstr(&b, "<?xml version=\"1.0\"?><rss/> and more bytes");
	check(fails_with(&b, "gzip", 1 << 20, "corrupt gzip body"));
	check(fails_with(&b, "deflate", 1 << 20, "corrupt deflate body"));
	buf_free(&b);
	compress_into(&b, text, 300000, 15 + 16);
	for (n = b.len - 8; n < b.len - 4; n++)
		b.data[n] ^= 0x5a;	/* the CRC-32 */
	check(fails_with(&b, "gzip", 1 << 20, "corrupt gzip body"));
	buf_free(&b);

	free(text);
	return check_done();
}
