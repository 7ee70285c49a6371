/* `--echo ADDRESS PORT MS`: the far end of the "from this machine" TCP round trip. Listens on
 * ADDRESS:PORT inside the workload, serves one connection (each byte straight back, TCP_NODELAY)
 * and exits when the client closes or MS milliseconds after it started, whichever comes first, so
 * a client that never comes cannot leave it running. */
#include "probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int remaining_ms(int64_t deadline)
{
    int64_t left = (deadline - now_ns()) / 1000000;
    return left > 0 ? (int)left : 0;
}

int echo_server(const char *address, int port, int lifetime_ms)
{
    int64_t deadline = now_ns() + (int64_t)lifetime_ms * 1000000;
    struct sockaddr_in where = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (inet_pton(AF_INET, address, &where.sin_addr) != 1) {
        fprintf(stderr, "ws-probe: --echo needs an IPv4 address, not \"%.60s\"\n", address);
        return 2;
    }
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (listener < 0 || setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(listener, (struct sockaddr *)&where, sizeof where) != 0 || listen(listener, 1) != 0) {
        fprintf(stderr, "ws-probe: cannot listen on %s:%d: %s\n", address, port, strerror(errno));
        return 1;
    }
    struct pollfd waiting = { .fd = listener, .events = POLLIN };
    if (poll(&waiting, 1, remaining_ms(deadline)) <= 0) {
        fprintf(stderr, "ws-probe: no connection came to %s:%d within %d ms\n", address, port, lifetime_ms);
        return 1;
    }
    int s = accept(listener, NULL, NULL);
    close(listener);
    if (s < 0) {
        fprintf(stderr, "ws-probe: accept failed: %s\n", strerror(errno));
        return 1;
    }
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char buf[4096];
    for (;;) {
        struct pollfd readable = { .fd = s, .events = POLLIN };
        if (poll(&readable, 1, remaining_ms(deadline)) <= 0) break;
        ssize_t n = read(s, buf, sizeof buf);
        if (n <= 0) break;
        if (write(s, buf, (size_t)n) != n) break;
    }
    close(s);
    return 0;
}
