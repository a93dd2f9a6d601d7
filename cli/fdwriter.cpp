#include "fdwriter.h"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace FdWriter {

Result writeAll(int fd, const char *data, size_t size)
{
    const char *p = data;
    size_t left = size;
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n >= 0) {
            p += n;
            left -= size_t(n);
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN) {
            pollfd pfd{fd, POLLOUT, 0};
            ::poll(&pfd, 1, -1);
            continue;
        }
        return errno == EPIPE ? Result::Closed : Result::Failed;
    }
    return Result::Written;
}

} // namespace FdWriter
