#pragma once

#include <QByteArray>

// Writes a whole buffer to a file descriptor, waiting (poll) while it is full, even if it was
// handed to us non-blocking. Blocking here is the back-pressure that keeps the CLI's memory
// flat: while our stdout is slow, we stop reading the task's pipe, and the task waits.
namespace FdWriter {
enum class Result { Written, Closed, Failed };
Result writeAll(int fd, const QByteArray &data);
} // namespace FdWriter
