/*
 * bosun's PID 1 helpers, which Node cannot do itself:
 *  - waitpid(pid, WNOHANG) on one specific orphan (never waitpid(-1): libuv reaps its own
 *    children and would lose their exit status);
 *  - prctl(PR_SET_CHILD_SUBREAPER) so daemons that double-fork are reparented to bosun even when
 *    it is not PID 1;
 *  - a sd_notify(3) datagram socket (Node has no unix datagram sockets): a thread receives
 *    messages with the sender's credentials and hands them to JS;
 *  - execve(2) (Node 20 has none): PID 1 re-executes itself without a password in its
 *    environment, or hands over to real systemd; secretFd() passes the password across it;
 *  - posix_spawn(3) of units' processes without fork (spawn.c).
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, #call " failed"); return NULL; } } while (0)

static napi_value throw_errno(napi_env env, const char *what) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s: %s", what, strerror(errno));
  napi_throw_error(env, NULL, buf);
  return NULL;
}

/* waitpid(pid) -> null when still running, else { pid, code, signal } (one of code/signal null). */
static napi_value js_waitpid(napi_env env, napi_callback_info info) {
  size_t argc = 1; napi_value argv[1]; int32_t pid;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_get_value_int32(env, argv[0], &pid));
  int status = 0;
  pid_t r = waitpid(pid, &status, WNOHANG);
  napi_value result, v;
  if (r == 0 || (r < 0 && errno == ECHILD)) { CHECK(napi_get_null(env, &result)); return result; }
  if (r < 0) return throw_errno(env, "waitpid");
  CHECK(napi_create_object(env, &result));
  CHECK(napi_create_int32(env, r, &v)); CHECK(napi_set_named_property(env, result, "pid", v));
  if (WIFEXITED(status)) { CHECK(napi_create_int32(env, WEXITSTATUS(status), &v)); } else { CHECK(napi_get_null(env, &v)); }
  CHECK(napi_set_named_property(env, result, "code", v));
  if (WIFSIGNALED(status)) { CHECK(napi_create_int32(env, WTERMSIG(status), &v)); } else { CHECK(napi_get_null(env, &v)); }
  CHECK(napi_set_named_property(env, result, "signal", v));
  return result;
}

static napi_value js_set_subreaper(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  int ok = prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
  CHECK(napi_get_boolean(env, ok, &result));
  return result;
}

typedef struct { int fd; volatile int stopping; struct sockaddr_un addr; napi_threadsafe_function tsfn; pthread_t thread; } notify_listener;
typedef struct { char *data; size_t len; int pid; } notify_message;

static void call_js(napi_env env, napi_value js_cb, void *context, void *data) {
  (void)context;
  notify_message *m = data;
  if (env != NULL && js_cb != NULL) {
    napi_value args[2], undefined;
    napi_create_string_utf8(env, m->data, m->len, &args[0]);
    napi_create_int32(env, m->pid, &args[1]);
    napi_get_undefined(env, &undefined);
    napi_call_function(env, undefined, js_cb, 2, args, NULL);
  }
  free(m->data);
  free(m);
}

static void *receive_loop(void *arg) {
  notify_listener *l = arg;
  char buf[4096];
  char control[CMSG_SPACE(sizeof(struct ucred))];
  for (;;) {
    struct iovec iov = { buf, sizeof buf };
    struct msghdr msg = { 0 };
    msg.msg_iov = &iov; msg.msg_iovlen = 1; msg.msg_control = control; msg.msg_controllen = sizeof control;
    ssize_t n = recvmsg(l->fd, &msg, 0);
    if (l->stopping) break;
    if (n < 0) { if (errno == EINTR) continue; break; }
    int pid = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
        struct ucred cred; memcpy(&cred, CMSG_DATA(c), sizeof cred); pid = cred.pid;
      }
    }
    notify_message *m = malloc(sizeof *m);
    if (!m) continue;
    m->data = malloc((size_t)n); if (!m->data) { free(m); continue; }
    memcpy(m->data, buf, (size_t)n); m->len = (size_t)n; m->pid = pid;
    if (napi_call_threadsafe_function(l->tsfn, m, napi_tsfn_blocking) != napi_ok) { free(m->data); free(m); break; }
  }
  return NULL;
}

static napi_value js_notify_close(napi_env env, napi_callback_info info) {
  void *data; size_t argc = 0;
  CHECK(napi_get_cb_info(env, info, &argc, NULL, NULL, &data));
  notify_listener *l = data;
  if (l->fd >= 0) {
    /* A blocked recvmsg is not woken by close(): shutdown() wakes it (recvmsg returns 0); the
       empty datagram is a second wake-up in case the kernel does not. */
    l->stopping = 1;
    shutdown(l->fd, SHUT_RDWR);
    int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s >= 0) { sendto(s, "", 0, 0, (struct sockaddr *)&l->addr, sizeof l->addr); close(s); }
    pthread_join(l->thread, NULL);
    close(l->fd);
    unlink(l->addr.sun_path);
    l->fd = -1;
    napi_release_threadsafe_function(l->tsfn, napi_tsfn_abort);
  }
  return NULL;
}

/* notifyListen(path, cb(message, pid)) -> close(): binds a SOCK_DGRAM socket at path. */
static napi_value js_notify_listen(napi_env env, napi_callback_info info) {
  size_t argc = 2; napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  size_t len;
  CHECK(napi_get_value_string_utf8(env, argv[0], addr.sun_path, sizeof addr.sun_path, &len));
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket");
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
  unlink(addr.sun_path);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) { close(fd); return throw_errno(env, "bind"); }
  notify_listener *l = calloc(1, sizeof *l);
  l->fd = fd;
  l->addr = addr;
  napi_value name;
  CHECK(napi_create_string_utf8(env, "bosun-notify", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_create_threadsafe_function(env, argv[1], NULL, name, 0, 1, NULL, NULL, NULL, call_js, &l->tsfn));
  CHECK(napi_unref_threadsafe_function(env, l->tsfn));
  if (pthread_create(&l->thread, NULL, receive_loop, l) != 0) { close(fd); return throw_errno(env, "pthread_create"); }
  napi_value closer;
  CHECK(napi_create_function(env, "close", NAPI_AUTO_LENGTH, js_notify_close, l, &closer));
  return closer;
}

/* A JS array of strings -> NULL-terminated C array (caller frees with free_strings); spawn.c too. */
char **strings_of(napi_env env, napi_value array) {
  uint32_t n;
  if (napi_get_array_length(env, array, &n) != napi_ok) return NULL;
  char **out = calloc(n + 1, sizeof *out);
  if (!out) return NULL;
  for (uint32_t i = 0; i < n; i++) {
    napi_value v; size_t len;
    if (napi_get_element(env, array, i, &v) != napi_ok || napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) goto fail;
    out[i] = malloc(len + 1);
    if (!out[i] || napi_get_value_string_utf8(env, v, out[i], len + 1, &len) != napi_ok) goto fail;
  }
  return out;
fail:
  for (uint32_t i = 0; i < n; i++) free(out[i]);
  free(out);
  return NULL;
}

void free_strings(char **list) {
  if (!list) return;
  for (char **p = list; *p; p++) free(*p);
  free(list);
}

/*
 * execve(path, argv, envp): only returns by throwing. The new image must start as a fresh
 * process would: signals Node ignores (SIGPIPE…) back to default, an empty signal mask
 * (dispositions of handled signals are reset by execve itself), inherited blocking stdio; all restored if
 * execve fails.
 */
static napi_value js_execve(napi_env env, napi_callback_info info) {
  size_t argc = 3; napi_value argv[3]; char path[4096]; size_t len;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3 || napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "execve(path, argv, envp)");
    return NULL;
  }
  char **args = strings_of(env, argv[1]), **envp = strings_of(env, argv[2]);
  if (!args || !envp) { free_strings(args); free_strings(envp); napi_throw_type_error(env, NULL, "execve: argv and envp must be arrays of strings"); return NULL; }
  int ignored[NSIG] = { 0 };
  for (int s = 1; s < NSIG; s++) {
    struct sigaction sa;
    if (sigaction(s, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN && s != SIGKILL && s != SIGSTOP) { ignored[s] = 1; signal(s, SIG_DFL); }
  }
  sigset_t empty, old;
  sigemptyset(&empty);
  pthread_sigmask(SIG_SETMASK, &empty, &old);
  /* Node reopens stdio close-on-exec and libuv makes pipes non-blocking: the next image needs
   * them inherited and blocking (as Node's own exit path restores them). */
  int stdio_flags[3], stdio_fdflags[3];
  for (int fd = 0; fd < 3; fd++) {
    stdio_flags[fd] = fcntl(fd, F_GETFL);
    if (stdio_flags[fd] >= 0 && (stdio_flags[fd] & O_NONBLOCK)) fcntl(fd, F_SETFL, stdio_flags[fd] & ~O_NONBLOCK);
    stdio_fdflags[fd] = fcntl(fd, F_GETFD);
    if (stdio_fdflags[fd] >= 0 && (stdio_fdflags[fd] & FD_CLOEXEC)) fcntl(fd, F_SETFD, stdio_fdflags[fd] & ~FD_CLOEXEC);
  }
  execve(path, args, envp);
  int saved = errno;
  for (int fd = 0; fd < 3; fd++) {
    if (stdio_flags[fd] >= 0) fcntl(fd, F_SETFL, stdio_flags[fd]);
    if (stdio_fdflags[fd] >= 0) fcntl(fd, F_SETFD, stdio_fdflags[fd]);
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  for (int s = 1; s < NSIG; s++) if (ignored[s]) signal(s, SIG_IGN);
  free_strings(args); free_strings(envp);
  errno = saved;
  return throw_errno(env, "execve");
}

/* secretFd(bytes) -> the read end of a pipe holding bytes (inherited across execve), write end closed. */
static napi_value js_secret_fd(napi_env env, napi_callback_info info) {
  size_t argc = 1; napi_value argv[1]; void *data; size_t len; int fds[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || napi_get_buffer_info(env, argv[0], &data, &len) != napi_ok) { napi_throw_type_error(env, NULL, "secretFd(buffer)"); return NULL; }
  if (len > 65536) { napi_throw_range_error(env, NULL, "secretFd: more than a pipe holds (64 KiB)"); return NULL; }
  if (pipe2(fds, O_CLOEXEC) != 0) return throw_errno(env, "pipe2");
  ssize_t w = write(fds[1], data, len);
  int saved = errno;
  close(fds[1]);
  if (w != (ssize_t)len) { close(fds[0]); errno = w < 0 ? saved : EIO; return throw_errno(env, "write"); }
  /* Only the read end crosses execve. */
  if (fcntl(fds[0], F_SETFD, 0) != 0) { saved = errno; close(fds[0]); errno = saved; return throw_errno(env, "fcntl"); }
  napi_value fd;
  CHECK(napi_create_int32(env, fds[0], &fd));
  return fd;
}

void bosun_register_vault(napi_env env, napi_value exports); /* vaultdecode.c */
void bosun_register_spawn(napi_env env, napi_value exports); /* spawn.c */

static napi_value init(napi_env env, napi_value exports) {
  bosun_register_vault(env, exports);
  bosun_register_spawn(env, exports);
  napi_property_descriptor props[] = {
    { "waitpid", NULL, js_waitpid, NULL, NULL, NULL, napi_default, NULL },
    { "setSubreaper", NULL, js_set_subreaper, NULL, NULL, NULL, napi_default, NULL },
    { "notifyListen", NULL, js_notify_listen, NULL, NULL, NULL, napi_default, NULL },
    { "execve", NULL, js_execve, NULL, NULL, NULL, napi_default, NULL },
    { "secretFd", NULL, js_secret_fd, NULL, NULL, NULL, napi_default, NULL },
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
