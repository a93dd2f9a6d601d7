#pragma once

#include <QByteArray>

// Puts a prefix ("[build] ") before every line of one stream of one task, so that the output of
// several tasks on one terminal says whose each line is. Only whole lines are given out: a line
// still being written is held until its newline (or until it grows past MaxHeldBytes, or the
// stream ends), so that two tasks writing at once never share a line.
class LinePrefixer
{
public:
    explicit LinePrefixer(QByteArray prefix);

    // The complete lines of what has arrived so far, each prefixed; the rest is held.
    QByteArray feed(const QByteArray &data);
    // What is held, prefixed and ended with a newline; empty when nothing is.
    QByteArray flush();
    bool isHolding() const { return !m_held.isEmpty(); }

    static constexpr qsizetype MaxHeldBytes = 64 * 1024;

private:
    QByteArray m_prefix;
    QByteArray m_held;
};
