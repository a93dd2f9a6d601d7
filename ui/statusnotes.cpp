#include "statusnotes.h"

#include <QStatusBar>

StatusNotes::StatusNotes(QStatusBar *bar, QObject *parent)
    : QObject(parent)
    , m_bar(bar)
{
    setObjectName(QStringLiteral("statusNotes"));
    m_expiry.setSingleShot(true);
    connect(&m_expiry, &QTimer::timeout, this, &StatusNotes::expire);
}

void StatusNotes::setLifetimes(int infoMs, int problemMs)
{
    m_infoMs = infoMs;
    m_problemMs = problemMs;
}

int StatusNotes::lifetime(Kind kind) const
{
    switch (kind) {
    case Kind::Info:
        return m_infoMs;
    case Kind::Problem:
        return m_problemMs;
    case Kind::Ongoing:
        break;
    }
    return 0; // until replaced
}

void StatusNotes::show(const QString &text, Kind kind)
{
    if (!m_bar)
        return;
    // Our own timer, not showMessage()'s: when a passing word ends, the lasting state that it
    // covered comes back.
    m_bar->showMessage(text);
    if (kind == Kind::Ongoing) {
        m_ongoing = text;
        m_passing.clear();
        m_expiry.stop();
        return;
    }
    m_passing = text;
    m_expiry.start(lifetime(kind));
}

void StatusNotes::expire()
{
    // Something else may have written to the bar since (a menu's status tip): that stays.
    if (!m_bar || m_bar->currentMessage() != m_passing) {
        m_passing.clear();
        return;
    }
    m_passing.clear();
    if (m_ongoing.isEmpty())
        m_bar->clearMessage();
    else
        m_bar->showMessage(m_ongoing);
}
