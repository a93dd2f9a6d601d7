#pragma once

#include <QObject>
#include <QRegularExpression>
#include <QTimer>
#include <QVector>

class LineStore;

struct LogMatch
{
    qint64 line = 0;
    int start = 0;
    int length = 0;
};

// Searches a line store a slice at a time, on the event loop, so that millions of lines never
// block the window: matches arrive in batches through matchesFound(), then finished().
class LogSearch : public QObject
{
    Q_OBJECT
public:
    explicit LogSearch(const LineStore *store, QObject *parent = nullptr);

    // Plain text or a regular expression; false (with *error) for an invalid pattern.
    bool start(const QString &pattern, bool regex, bool caseSensitive, QString *error = nullptr);
    void cancel();
    bool isRunning() const { return m_timer.isActive(); }

    static constexpr int LinesPerSlice = 20000;

Q_SIGNALS:
    void matchesFound(const QVector<LogMatch> &matches);
    void finished(int total);

private:
    void searchSlice();

    const LineStore *m_store;
    QTimer m_timer;
    QRegularExpression m_regex;
    QString m_plain;
    Qt::CaseSensitivity m_case = Qt::CaseInsensitive;
    bool m_useRegex = false;
    qint64 m_next = 0;
    int m_total = 0;
};
