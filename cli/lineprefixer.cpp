#include "lineprefixer.h"

LinePrefixer::LinePrefixer(QByteArray prefix)
    : m_prefix(std::move(prefix))
{}

QByteArray LinePrefixer::feed(const QByteArray &data)
{
    QByteArray out;
    qsizetype from = 0;
    while (from < data.size()) {
        const qsizetype newline = data.indexOf('\n', from);
        if (newline < 0) {
            m_held += data.mid(from);
            break;
        }
        out.append(m_prefix).append(m_held).append(data.constData() + from, newline + 1 - from);
        m_held.clear();
        from = newline + 1;
    }
    // A line without end (a progress bar redrawn with \r, a binary blob) is given out in
    // pieces rather than held without bound.
    if (m_held.size() > MaxHeldBytes)
        out += flush();
    return out;
}

QByteArray LinePrefixer::flush()
{
    if (m_held.isEmpty())
        return QByteArray();
    QByteArray out = m_prefix;
    out.append(m_held).append('\n');
    m_held.clear();
    return out;
}
