// An open-loop HTTP/1.1 load generator for the online-features benchmark: requests fall due at a
// constant rate whatever the server does (wrk's paced mode keeps its connections in step, so its
// requests arrive in bursts, and it measures from each send).
//
//   cc -O2 -o /tmp/openloop web/bench/openloop.c
//   /tmp/openloop PORT RATE SECONDS [BATCH] [CONNECTIONS] [USERS]
//
// BATCH 1 (default) sends GET /features/online/{user}; BATCH N > 1 sends POST /features/online with
// N user ids. Users are uniform in 0..USERS-1 (default 100000). Prints one line of JSON.
//
// Latency (p50..max) runs from when a request was written, or from when it fell due if it had to
// wait because every connection was busy: that wait is the server's doing, so it is counted (no
// coordinated omission). What is not counted is the generator's own lateness in waking up for a
// due time with a connection free (on this VM a timer wakeup is up to a few ms late, and the
// server is not involved): it is reported apart as send_lag_p99_ms, and from_due_p99_ms is the
// latency with it included.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNECTIONS 512
#define BUFFER_BYTES (1 << 20)

typedef struct {
  int fd;
  int busy;
  int64_t due_ns;  // when the request in flight was due
  int64_t sent_ns;  // when it was written
  int64_t clock_ns;  // where its latency starts: when it was written, or when due if it waited for a connection
  char *in;
  size_t in_len;
} connection;

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int compare_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static void die(const char *what) {
  perror(what);
  exit(1);
}

static int open_connection(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) die("socket");
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, (struct sockaddr *)&address, sizeof address) < 0 && errno != EINPROGRESS) die("connect");
  return fd;
}

// Writes one request; the requests are small, so a loopback socket takes them whole or not at all.
static void send_request(connection *c, int batch, int users) {
  static char body[64 * 1024], request[80 * 1024];
  int length;
  if (batch <= 1) {
    length = snprintf(request, sizeof request,
                      "GET /features/online/%d HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", rand() % users);
  } else {
    int body_length = snprintf(body, sizeof body, "{\"user_ids\": [");
    for (int i = 0; i < batch; i++) {
      body_length += snprintf(body + body_length, sizeof body - body_length, "%s%d", i ? "," : "", rand() % users);
    }
    body_length += snprintf(body + body_length, sizeof body - body_length, "]}");
    length = snprintf(request, sizeof request,
                      "POST /features/online HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      "Content-Length: %d\r\n\r\n%s", body_length, body);
  }
  for (int written = 0; written < length;) {
    ssize_t n = write(c->fd, request + written, length - written);
    if (n < 0 && errno != EAGAIN) die("write");
    if (n > 0) written += n;
  }
  c->busy = 1;
  c->in_len = 0;
}

// The length of a whole response at the start of c->in, or 0 while it is incomplete.
static size_t whole_response(connection *c, int *status) {
  c->in[c->in_len] = 0;
  char *end = strstr(c->in, "\r\n\r\n");
  if (end == NULL) return 0;
  size_t header = end + 4 - c->in;
  *status = atoi(c->in + 9);
  char *length = strcasestr(c->in, "\r\ncontent-length:");
  if (length != NULL && length < end) {
    size_t total = header + strtoul(length + 17, NULL, 10);
    return c->in_len >= total ? total : 0;
  }
  // Chunked: complete once the zero-length last chunk has arrived.
  char *last = strstr(c->in + header - 2, "\r\n0\r\n\r\n");
  return last == NULL ? 0 : (size_t)(last + 7 - c->in);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s PORT RATE SECONDS [BATCH] [CONNECTIONS] [USERS]\n", argv[0]);
    return 2;
  }
  int port = atoi(argv[1]);
  double rate = atof(argv[2]);
  double seconds = atof(argv[3]);
  int batch = argc > 4 ? atoi(argv[4]) : 1;
  int count = argc > 5 ? atoi(argv[5]) : 50;
  int users = argc > 6 ? atoi(argv[6]) : 100000;
  if (port <= 0 || rate <= 0 || seconds <= 0 || batch <= 0 || count <= 0 || count > MAX_CONNECTIONS || users <= 0) {
    fprintf(stderr, "%s: PORT, RATE, SECONDS, BATCH, CONNECTIONS (at most %d) and USERS must be positive\n",
            argv[0], MAX_CONNECTIONS);
    return 2;
  }
  srand(7);
  long total = (long)(rate * seconds);
  int64_t *latencies = malloc(sizeof(int64_t) * total);
  int64_t *lags = malloc(sizeof(int64_t) * total);         // due to written: the generator's own lateness
  int64_t *round_trips = malloc(sizeof(int64_t) * total);  // written to answered: the server and the network
  int64_t *from_due = malloc(sizeof(int64_t) * total);     // due to answered: also the generator's lateness
  int epoll = epoll_create1(0);
  connection connections[MAX_CONNECTIONS];
  for (int i = 0; i < count; i++) {
    connections[i] = (connection){.fd = open_connection(port), .in = malloc(BUFFER_BYTES + 1)};
    struct epoll_event event = {.events = EPOLLIN, .data.u32 = i};
    epoll_ctl(epoll, EPOLL_CTL_ADD, connections[i].fd, &event);
  }
  usleep(200000);  // let the connects finish
  // Waits end at the next due time to the nanosecond (a timer), not by spinning on a core the
  // server needs.
  int timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  struct epoll_event timer_event = {.events = EPOLLIN, .data.u32 = MAX_CONNECTIONS};
  epoll_ctl(epoll, EPOLL_CTL_ADD, timer, &timer_event);

  int64_t interval = (int64_t)(1e9 / rate), start = now_ns();
  long sent = 0, done = 0, not_ok = 0, waited_upto = -1, waited_count = 0;
  while (done < total) {
    int64_t now = now_ns();
    // Every request now due goes out on an idle connection; the rest wait, their clock running.
    for (int i = 0; i < count && sent < total && start + sent * interval <= now; i++) {
      if (!connections[i].busy) {
        connections[i].due_ns = start + sent * interval;
        send_request(&connections[i], batch, users);
        connections[i].sent_ns = now_ns();
        lags[sent] = connections[i].sent_ns - connections[i].due_ns;
        connections[i].clock_ns = sent <= waited_upto ? connections[i].due_ns : connections[i].sent_ns;
        waited_count += sent <= waited_upto;
        sent++;
      }
    }
    // Due requests left over wait for a response (one frees a connection); else for the next due.
    int waiting = sent < total && start + sent * interval <= now;
    if (waiting) {
      // Every connection is busy: the server is behind, so what is due now waits on its account.
      long due_now = (now - start) / interval;
      waited_upto = due_now < total - 1 ? due_now : total - 1;
    }
    if (sent < total && !waiting) {
      int64_t next_due = start + sent * interval;
      struct itimerspec at = {.it_value = {.tv_sec = next_due / 1000000000LL, .tv_nsec = next_due % 1000000000LL}};
      timerfd_settime(timer, TFD_TIMER_ABSTIME, &at, NULL);
    }
    struct epoll_event events[MAX_CONNECTIONS + 1];
    int ready = epoll_wait(epoll, events, count + 1, -1);
    for (int e = 0; e < ready; e++) {
      if (events[e].data.u32 == MAX_CONNECTIONS) {
        uint64_t expirations;
        if (read(timer, &expirations, sizeof expirations) < 0 && errno != EAGAIN) die("read timer");
        continue;
      }
      connection *c = &connections[events[e].data.u32];
      ssize_t n = read(c->fd, c->in + c->in_len, BUFFER_BYTES - c->in_len);
      if (n == 0) {
        fprintf(stderr, "the server closed a connection\n");
        return 1;
      }
      if (n < 0) {
        if (errno == EAGAIN) continue;
        die("read");
      }
      c->in_len += n;
      int status;
      if (c->busy && whole_response(c, &status) > 0) {
        int64_t answered = now_ns();
        round_trips[done] = answered - c->sent_ns;
        from_due[done] = answered - c->due_ns;
        latencies[done++] = answered - c->clock_ns;
        not_ok += status != 200;
        c->busy = 0;
      }
    }
  }
  double elapsed = (now_ns() - start) / 1e9;
  qsort(latencies, total, sizeof(int64_t), compare_i64);
  qsort(from_due, total, sizeof(int64_t), compare_i64);
  qsort(lags, total, sizeof(int64_t), compare_i64);
  qsort(round_trips, total, sizeof(int64_t), compare_i64);
#define MS(a, q) (a[(long)((total - 1) * (q))] / 1e6)
  printf("{\"batch\": %d, \"connections\": %d, \"offered_per_s\": %.0f, \"achieved_per_s\": %.0f, \"requests\": %ld, "
         "\"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, \"p999_ms\": %.3f, \"max_ms\": %.3f, \"non_200\": %ld, "
         "\"waited_for_a_connection\": %ld, \"from_due_p99_ms\": %.3f, \"send_lag_p99_ms\": %.3f, \"round_trip_p99_ms\": %.3f}\n",
         batch, count, rate, total / elapsed, total, MS(latencies, 0.5), MS(latencies, 0.9), MS(latencies, 0.99),
         MS(latencies, 0.999), MS(latencies, 1.0), not_ok, waited_count, MS(from_due, 0.99), MS(lags, 0.99),
         MS(round_trips, 0.99));
  return 0;
}
