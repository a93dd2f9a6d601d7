#pragma once

#include <QByteArray>

#include <cstddef>

// Writes a whole buffer to a file descriptor, waiting (poll) while it is full, even if it was
// handed to us non-blocking. This blocks: the CLI calls it only from QueuedFdWriter's thread,
// never from the event loop.
namespace FdWriter {
enum class Result { Written, Closed, Failed };
Result writeAll(int fd, const char *data, size_t size);
inline Result writeAll(int fd, const QByteArray &data)
{
    return writeAll(fd, data.constData(), size_t(data.size()));
}
} // namespace FdWriter
