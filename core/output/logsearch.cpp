#include "logsearch.h"

#include "linestore.h"

LogSearch::LogSearch(const LineStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &LogSearch::searchSlice);
}

bool LogSearch::start(const QString &pattern, bool regex, bool caseSensitive, QString *error)
{
    cancel();
    if (pattern.isEmpty())
        return false;
    m_useRegex = regex;
    m_case = caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive;
    if (regex) {
        m_regex = QRegularExpression(pattern, caseSensitive
                                                  ? QRegularExpression::NoPatternOption
                                                  : QRegularExpression::CaseInsensitiveOption);
        if (!m_regex.isValid()) {
            if (error)
                *error = m_regex.errorString();
            return false;
        }
    } else {
        m_plain = pattern;
    }
    m_next = m_store->firstLineNumber();
    m_total = 0;
    m_timer.start();
    return true;
}

void LogSearch::cancel()
{
    m_timer.stop();
}

void LogSearch::searchSlice()
{
    QVector<LogMatch> found;
    m_next = qMax(m_next, m_store->firstLineNumber()); // lines trimmed meanwhile are gone
    const qint64 end = qMin(m_next + LinesPerSlice, m_store->endLineNumber());
    for (; m_next < end; ++m_next) {
        const QStringView text = m_store->line(m_next)->text;
        if (m_useRegex) {
            auto it = m_regex.globalMatch(text);
            while (it.hasNext()) {
                const QRegularExpressionMatch match = it.next();
                if (match.capturedLength() > 0)
                    found.append({m_next, int(match.capturedStart()), int(match.capturedLength())});
            }
        } else {
            for (qsizetype at = text.indexOf(m_plain, 0, m_case); at >= 0;
                 at = text.indexOf(m_plain, at + m_plain.size(), m_case))
                found.append({m_next, int(at), int(m_plain.size())});
        }
    }
    m_total += int(found.size());
    if (!found.isEmpty())
        Q_EMIT matchesFound(found);
    if (m_next >= m_store->endLineNumber()) {
        m_timer.stop();
        Q_EMIT finished(m_total);
    }
}
