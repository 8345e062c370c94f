/*
 * Starting a unit's process with posix_spawn(3). Node's child_process forks: copying the page
 * tables of an ~80 MB supervisor costs 2-6 ms per start (measured), while glibc's posix_spawn
 * uses clone(CLONE_VM | CLONE_VFORK) and costs a fraction of a millisecond. What a unit needs
 * from the start of its process is all expressible as spawn attributes: its stdio, working
 * directory, a new session, default signal dispositions and an empty signal mask (Node ignores
 * SIGPIPE, and ignored signals survive execve). User=, Limit*= and the like stay wrappers
 * (setpriv, prlimit) exec'd the same way.
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, #call " failed"); return NULL; } } while (0)

char **strings_of(napi_env env, napi_value array); /* reaper.c */
void free_strings(char **list);

static char *string_of(napi_env env, napi_value v) {
  size_t len;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) return NULL;
  char *s = malloc(len + 1);
  if (s && napi_get_value_string_utf8(env, v, s, len + 1, &len) != napi_ok) { free(s); return NULL; }
  return s;
}

/*
 * spawn(path, argv, envp, cwd, [stdin, stdout, stderr]) -> pid (> 0), or -errno when the
 * process could not be started (exec errors included: glibc reports them).
 */
static napi_value js_spawn(napi_env env, napi_callback_info info) {
  size_t argc = 5; napi_value args[5];
  CHECK(napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  if (argc < 5) { napi_throw_type_error(env, NULL, "spawn(path, argv, envp, cwd, stdio)"); return NULL; }
  int fds[3];
  for (uint32_t i = 0; i < 3; i++) {
    napi_value v;
    CHECK(napi_get_element(env, args[4], i, &v));
    CHECK(napi_get_value_int32(env, v, &fds[i]));
  }
  char *path = string_of(env, args[0]), *cwd = string_of(env, args[3]);
  char **argv = strings_of(env, args[1]), **envp = strings_of(env, args[2]);
  int result = -ENOMEM;
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  if (path && cwd && argv && envp && posix_spawn_file_actions_init(&actions) == 0) {
    if (posix_spawnattr_init(&attr) == 0) {
      sigset_t none, all;
      sigemptyset(&none);
      /* Every signal back to default, glibc's internal ones (32, 33) included: sigfillset leaves
       * them out, and the spawn child then sets them to SIG_IGN, which would survive execve. */
      memset(&all, 0xff, sizeof all);
      sigdelset(&all, SIGKILL);
      sigdelset(&all, SIGSTOP);
      int err = 0;
      /* dup2 onto 0-2 clears close-on-exec there; the originals close with the exec. */
      for (int i = 0; i < 3 && !err; i++) err = posix_spawn_file_actions_adddup2(&actions, fds[i], i);
      if (!err) err = posix_spawn_file_actions_addchdir_np(&actions, cwd);
      if (!err) err = posix_spawnattr_setsigmask(&attr, &none);
      if (!err) err = posix_spawnattr_setsigdefault(&attr, &all);
      if (!err) err = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
      pid_t pid = 0;
      if (!err) err = posix_spawn(&pid, path, &actions, &attr, argv, envp);
      result = err ? -err : (int)pid;
      posix_spawnattr_destroy(&attr);
    }
    posix_spawn_file_actions_destroy(&actions);
  }
  free(path); free(cwd); free_strings(argv); free_strings(envp);
  napi_value out;
  CHECK(napi_create_int32(env, result, &out));
  return out;
}

/* pipe() -> [readFd, writeFd], both close-on-exec (spawn's dup2 makes the child's end inheritable). */
static napi_value js_pipe(napi_env env, napi_callback_info info) {
  (void)info;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    napi_throw_error(env, NULL, strerror(errno));
    return NULL;
  }
  napi_value arr, v;
  CHECK(napi_create_array_with_length(env, 2, &arr));
  for (uint32_t i = 0; i < 2; i++) { CHECK(napi_create_int32(env, fds[i], &v)); CHECK(napi_set_element(env, arr, i, v)); }
  return arr;
}

void bosun_register_spawn(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "spawn", NULL, js_spawn, NULL, NULL, NULL, napi_default, NULL },
    { "pipe", NULL, js_pipe, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
