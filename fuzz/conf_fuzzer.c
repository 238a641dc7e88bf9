/*
 * conf_fuzzer.c: conf_load() on any file: it loads or says why, never
 * more.  The bytes go to a temp file of this process, written again for
 * every input.
 */
#include "config.h"

#include <unistd.h>

#include "conf.h"
#include "fuzz.h"

static char	 path[64];

static void
remove_path(void)
{
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf	 cf;
	char		*errors = NULL;
	int		 nerrors, fd;
	FILE		*fp;

	if (path[0] == '\0') {
		snprintf(path, sizeof path, "/tmp/conf_fuzzer.XXXXXX");
		if ((fd = mkstemp(path)) == -1)
			abort();
		close(fd);
		atexit(remove_path);
	}
	if ((fp = fopen(path, "w")) == NULL)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
	if (conf_load(&cf, path, &errors, &nerrors) == 0)
		conf_free(&cf);
	else
		fuzz_assert(errors != NULL && nerrors > 0, "no error given\n");
	free(errors);
	return 0;
}
