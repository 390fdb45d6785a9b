/* Unit tests: util, fsio, json. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"
#include "fsio.h"
#include "json.h"
#include "sha256.h"

/* SHA-256: the FIPS 180-4 examples, and inputs of every length around
 * the padding's block boundaries (digests from an independent
 * implementation). */
static void
sha256(void)
{
	static const struct { size_t len; const char *hex; } v[] = {
		{ 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ 1, "084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5" },
		{ 3, "6ab0dba1f4f1dfbb37b4f9eeb092c09fca4900ad32bdcd147d8dde35d6c87c35" },
		{ 55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b" },
		{ 56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27" },
		{ 57, "35df609437dcfea3279283ab79fd554e2bf78f8f7ae2de532d8ee300b09e8f73" },
		{ 63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055" },
		{ 64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241" },
		{ 65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e" },
		{ 119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e" },
		{ 120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5" },
		{ 127, "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07" },
		{ 128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6" },
		{ 129, "307f8fc2c1622b92762e818d39a185d4d667ad49a4b07ceae1f4afa008a93ec4" },
		{ 1000, "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371" },
	};
	unsigned char buf[1000];
	char h[65], *a;
	size_t i, k;

	cg_sha256_hex("abc", 3, h);
	is(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "sha256 abc");
	cg_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, h);
	is(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	    "sha256 of the 448-bit example");
	a = xmalloc(1000000);
	memset(a, 'a', 1000000);
	cg_sha256_hex(a, 1000000, h);
	is(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "sha256 of a million a");
	free(a);
	for (i = 0; i < sizeof v / sizeof *v; i++) {
		for (k = 0; k < v[i].len; k++)
			buf[k] = (unsigned char)((k * 7 + 3) & 0xff);
		cg_sha256_hex(buf, v[i].len, h);
		is(h, v[i].hex, "sha256 of %zu bytes", v[i].len);
	}
}

/* Reading: regular files only, checked before any read, and at most a
 * cap; a FIFO with no writer, /dev/zero and links to them are refused at
 * once (a read would block, or take memory without end). */
static void
reads(const char *dir)
{
	char *fifo = xasprintf("%s/fifo", dir), *zl = xasprintf("%s/zero", dir);
	char *big = xasprintf("%s/big", dir), *sl = xasprintf("%s/link", dir);
	char *s, *stale;
	cg_err e = { 0 };
	size_t len = 0;
	int fd, pfd[2];
	pid_t dead;

	ok(mkfifo(fifo, 0600) == 0 && symlink("/dev/zero", zl) == 0,
	    "a FIFO and a link to /dev/zero");
	s = cg_read_file(fifo, NULL, &e);
	ok(!s && e.code == EX_IOERR && strstr(e.msg, "a FIFO, not a file"),
	    "a FIFO is refused without blocking: %s", e.msg);
	s = cg_read_file(zl, NULL, &e);
	ok(!s && e.code == EX_IOERR && strstr(e.msg, "a character device")
	    && strstr(e.msg, zl), "a link to /dev/zero is refused: %s", e.msg);
	s = cg_read_file("/dev/zero", NULL, &e);
	ok(!s && e.code == EX_IOERR, "/dev/zero itself too");
	cg_write_atomic(big, "0123456789", 10, &e);
	s = cg_read_file_ex(big, 9, 0, NULL, &e);
	ok(!s && e.code == EX_IOERR && strstr(e.msg, "10 bytes"),
	    "a file over the cap is refused unread: %s", e.msg);
	s = cg_read_file_ex(big, 10, 0, &len, &e);
	ok(s && len == 10, "... one of the cap is read");
	free(s);
	ok(symlink(big, sl) == 0, "a link to a file");
	s = cg_read_file(sl, NULL, &e);
	ok(s != NULL, "... followed by default");
	free(s);
	s = cg_read_file_ex(sl, 100, CG_READ_NOFOLLOW, NULL, &e);
	ok(!s && e.code == EX_IOERR && strstr(e.msg, "symbolic link"),
	    "... refused with CG_READ_NOFOLLOW: %s", e.msg);
	s = cg_read_file_ex(big, 100, CG_READ_OWN | CG_READ_NOFOLLOW, NULL, &e);
	ok(s != NULL, "the user's own file with CG_READ_OWN");
	free(s);
	/* another user's: chown'ed when root, else a system file */
	s = geteuid() == 0 && chown(big, 65534, 65534) == 0 ? big :
	    "/etc/passwd";
	s = cg_read_file_ex(s, CG_READ_MAX, CG_READ_OWN, NULL, &e);
	ok(!s && e.code == EX_IOERR && strstr(e.msg, "another user"),
	    "another user's is refused with CG_READ_OWN: %s", e.msg);
	free(s);
	s = cg_read_file("/proc/self/stat", &len, &e);
	ok(s && len > 0, "a /proc file (size 0 in stat) is read whole");
	free(s);
	/* a stream over the cap: a pipe (stdin) */
	fd = open("/dev/zero", O_RDONLY);
	s = cg_read_fd_max(fd, "<stdin>", 100000, NULL, &e);
	ok(!s && e.code == EX_IOERR && strstr(e.msg, "over 100000 bytes"),
	    "a stream over the cap stops there: %s", e.msg);
	close(fd);
	if (pipe(pfd) == 0) {
		if (write(pfd[1], "abc", 3) != 3)
			ok(0, "write to a pipe");
		close(pfd[1]);
		s = cg_read_fd_max(pfd[0], "<stdin>", 3, &len, &e);
		ok(s && len == 3 && !strcmp(s, "abc"), "... one of the cap is "
		    "read whole");
		free(s);
		close(pfd[0]);
	}
	/* stale temp files: a dead writer's, not a live one's */
	dead = fork();
	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	stale = xasprintf(".cg-tmp.%ld.3", (long)dead);
	isnum(cg_tmp_stale(stale), 1, "a dead writer's temp file is stale");
	free(stale);
	stale = xasprintf(".cg-tmp.%ld.3", (long)getpid());
	isnum(cg_tmp_stale(stale), 0, "this process's is not");
	free(stale);
	stale = xasprintf(".cg-tmp.%ld.3", (long)getppid());
	isnum(cg_tmp_stale(stale), 0, "a live process's is not");
	free(stale);
	isnum(cg_tmp_stale(".cg-tmp.x"), 0, "a name without a pid is not");
	isnum(cg_tmp_stale("notes.txt"), 0, "nor any other name");
	unlink(fifo), unlink(zl), unlink(big), unlink(sl);
	free(fifo), free(zl), free(big), free(sl);
}

int
main(void)
{
	char dir[] = "/tmp/cgunit.XXXXXX", *p, *p2, *s, *q;
	cg_err e = {0};
	cJSON *j;
	struct stat st1, st2;
	size_t len;

	if (!mkdtemp(dir))
		return 1;
	sha256();

	s = cg_slug("Intro to Biology: Cells & Life!");
	is(s, "intro-to-biology-cells-life", "slug");
	free(s);
	s = cg_slug("Ecolog\xc3\xad" "a de campo");
	is(s, "ecologia-de-campo", "slug transliterates Latin letters");
	free(s);
	s = cg_slug("!!!");
	is(s, "course", "slug of nothing");
	free(s);
	isnum(cg_editdist("modles", "modules"), 1, "edit distance");

	j = cg_json_parse("{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}", 31, "x.json", &e);
	ok(j == NULL, "invalid JSON rejected");
	isnum(e.code, EX_DATAERR, "invalid JSON is EX_DATAERR");
	ok(strstr(e.msg, "x.json:3:") != NULL, "error names line 3: %s", e.msg);
	j = cg_json_parse("  ", 2, "e.json", &e);
	ok(!j && strstr(e.msg, "empty"), "empty document: %s", e.msg);
	j = cg_json_parse("{} x", 4, "t.json", &e);
	ok(!j && strstr(e.msg, "t.json:1:4"), "trailing text: %s", e.msg);

	j = cg_json_parse("{\"modules\":[{\"title\":3}]}", 25, "o.json", &e);
	ok(j != NULL, "valid JSON parsed");
	ok(cg_json_str(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "modules"), 0),
	    "title", "o.json", "modules[0]", &e) == NULL, "wrong type");
	is(e.msg, "o.json: modules[0]: \"title\" must be a string, not a number",
	    "type error names path");
	isnum((long)cg_json_getn(j, "modules.0.title", 0), 3, "dotted lookup");
	cg_json_set(j, "llm.options.seed", cJSON_CreateNumber(7));
	isnum((long)cg_json_getn(j, "llm.options.seed", 0), 7, "dotted set");
	{
		static const char *const keys[] = { "llm", "nope" };
		cJSON *pk = cg_json_pick(j, keys, 2);
		ok(cJSON_GetArraySize(pk) == 1 &&
		    cg_json_getn(pk, "llm.options.seed", 0) == 7,
		    "pick copies the members present");
		cJSON_Delete(pk);
		pk = cg_json_pick(NULL, keys, 2);
		isnum(cJSON_GetArraySize(pk), 0, "pick from nothing is empty");
		cJSON_Delete(pk);
	}
	cJSON_Delete(j);

	/* a pipe (like /dev/null or /dev/stdout) is written to, not replaced */
	{
		char *fifo = xasprintf("%s/pipe", dir), *got = xasprintf("%s/pipegot",
		    dir), *g;
		pid_t pid;
		int st;

		mkfifo(fifo, 0600);
		if ((pid = fork()) == 0) {
			alarm(5);	/* no writer ever: give up */
			int in = open(fifo, O_RDONLY), out = open(got, O_WRONLY |
			    O_CREAT | O_TRUNC, 0600);
			char b[64];
			ssize_t n;
			while ((n = read(in, b, sizeof b)) > 0)
				if (write(out, b, (size_t)n) != n)
					_exit(1);
			_exit(0);
		}
		ok(cg_write_output(fifo, "piped\n", 6, &e) == 0,
		    "an output that is a pipe: %s", e.msg);
		waitpid(pid, &st, 0);
		ok(stat(fifo, &st1) == 0 && S_ISFIFO(st1.st_mode),
		    "... leaves the pipe a pipe");
		g = cg_read_file(got, NULL, NULL);
		is(g ? g : "", "piped\n", "... and its reader got the bytes");
		free(g);
		ok(cg_write_output(dir, "x", 1, &e) < 0 && e.code == EX_CANTCREAT,
		    "an output that is a directory: refused (%s)", e.msg);
		free(fifo);
		free(got);
	}

	p = xasprintf("%s/a/b/c.txt", dir);
	ok(cg_write_atomic(p, "hello\n", 6, &e) == 0, "atomic write creates dirs");
	s = cg_read_file(p, &len, &e);
	ok(s && len == 6 && !strcmp(s, "hello\n"), "read back");
	free(s);
	stat(p, &st1);
	sleep(1);
	isnum(cg_write_if_changed(p, "hello\n", 6, &e), 0, "unchanged: not written");
	stat(p, &st2);
	ok(st1.st_mtime == st2.st_mtime, "mtime kept when unchanged");
	isnum(cg_write_if_changed(p, "bye\n", 4, &e), 1, "changed: written");

	isnum(cg_guard_check(p), 1, "file without a record is kept");
	ok(cg_guard_write(p, "gen\n", 4, &e) == 0, "guard write");
	isnum(cg_guard_check(p), 0, "generated file may be regenerated");
	q = xasprintf("%s/a/b/.c.txt.sum", dir);
	ok(access(q, F_OK) == 0, "sidecar sum written");
	cg_write_atomic(p, "edited\n", 7, &e);
	isnum(cg_guard_check(p), 1, "hand-edited file is kept");
	q[0] = q[0];
	free(q);
	q = xasprintf("%s/none", dir);
	isnum(cg_guard_check(q), 0, "missing file may be generated");
	free(q);

	/* a kill between the steps of cg_guard_write: the record names both
	 * the old sum and the new one until the file is renamed */
	q = xasprintf("%s/g.txt", dir);
	ok(cg_guard_write(q, "one\n", 4, &e) == 0, "guard write, first");
	s = xasprintf("%s/.g.txt.sum", dir);
	{
		char h1[65], h2[65], h3[65], *rec;
		cg_sha256_hex("one\n", 4, h1);
		cg_sha256_hex("two\n", 4, h2);
		cg_sha256_hex("mine\n", 5, h3);
		rec = cg_read_file(s, NULL, &e);
		ok(rec && strlen(rec) == 65 && !strncmp(rec, h1, 64),
		    "after a complete write the record is one sum");
		free(rec);
		/* killed after recording the intent, before the rename */
		rec = xasprintf("%s\n%s\n", h2, h1);
		cg_write_atomic(s, rec, strlen(rec), &e);
		isnum(cg_guard_check(q), 0, "killed before the rename: the old "
		    "file is still cg's");
		/* ... or after the rename, before the record was reduced */
		cg_write_atomic(q, "two\n", 4, &e);
		isnum(cg_guard_check(q), 0, "killed after the rename: the new "
		    "file is cg's");
		cg_write_atomic(q, "mine\n", 5, &e);
		isnum(cg_guard_check(q), 1, "a hand edit matches neither: kept");
		free(rec);
		/* forced over a hand edit: the edit never enters the record */
		ok(cg_guard_write(q, "three\n", 6, &e) == 0, "guard write over "
		    "a hand edit (-f)");
		rec = cg_read_file(s, NULL, &e);
		ok(rec && !strstr(rec, h3), "the hand edit's sum is never recorded");
		free(rec);
	}
	free(s);
	free(q);

	/* temp files of writers that are gone are removed by the next write
	 * into their directory; a live writer's are left alone */
	{
		pid_t dead = fork();
		char *tdead, *tlive, *tother;
		if (dead == 0)
			_exit(0);
		waitpid(dead, NULL, 0);
		tdead = xasprintf("%s/.cg-tmp.%ld.0", dir, (long)dead);
		tlive = xasprintf("%s/.cg-tmp.%ld.0", dir, (long)getppid());
		tother = xasprintf("%s/.cg-tmp.notapid", dir);
		cg_write_atomic(tdead, "x", 1, &e);
		cg_write_atomic(tlive, "x", 1, &e);
		cg_write_atomic(tother, "x", 1, &e);
		p2 = xasprintf("%s/next.txt", dir);
		ok(cg_write_atomic(p2, "n\n", 2, &e) == 0, "the next write");
		ok(access(tdead, F_OK) < 0, "a dead writer's temp file is removed");
		ok(access(tlive, F_OK) == 0, "a live writer's temp file is kept");
		ok(access(tother, F_OK) == 0, "a file that only looks like one "
		    "is kept");
		isnum(cg_tmp_sweep(dir), 0, "nothing left to sweep");
		free(p2);
		free(tdead);
		free(tlive);
		free(tother);
	}

	reads(dir);
	s = cg_read_file("/nonexistent/x", NULL, &e);
	ok(!s && e.code == EX_NOINPUT, "missing file is EX_NOINPUT");
	ok(cg_write_atomic("/proc/nope/x", "x", 1, &e) < 0 &&
	    e.code == EX_CANTCREAT, "unwritable dir is EX_CANTCREAT: %s", e.msg);

	q = xasprintf("rm -rf %s", dir);
	if (system(q) != 0)
		return 1;
	free(q);
	free(p);
	return done_testing();
}
