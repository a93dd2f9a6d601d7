#include "findbar.h"

#include "logview.h"
#include "namedwidget.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QToolButton>

FindBar::FindBar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("findBar"));
    m_edit = named(new QLineEdit, "findEdit", tr("Find in output"));
    m_edit->setPlaceholderText(tr("Find (Ctrl+F, F3)"));
    m_edit->setMaximumWidth(200);
    m_edit->setClearButtonEnabled(true);
    connect(m_edit, &QLineEdit::returnPressed, this, [this] { find(false); });
    // Emptied: nothing is searched for any more, so nothing stays highlighted.
    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty() && m_view)
            m_view->clearFind();
        updateResult();
    });
    m_result = named(new QLabel, "findResultLabel", QString());
    // Room for the usual words, so the toolbar does not shift as they change.
    m_result->setMinimumWidth(m_result->fontMetrics().horizontalAdvance(tr("No matches")) + 8);
    m_previous = named(new QToolButton, "findPreviousButton", tr("Previous match"));
    m_previous->setIcon(style()->standardIcon(QStyle::SP_ArrowUp));
    m_previous->setToolTip(tr("Previous match (Shift+F3)"));
    m_previous->setAutoRaise(true);
    connect(m_previous, &QToolButton::clicked, this, [this] { find(true); });
    m_next = named(new QToolButton, "findNextButton", tr("Next match"));
    m_next->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));
    m_next->setToolTip(tr("Next match (F3)"));
    m_next->setAutoRaise(true);
    connect(m_next, &QToolButton::clicked, this, [this] { find(false); });

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_edit);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addWidget(m_result);
    updateResult();
}

void FindBar::setOptions(QAction *regex, QAction *matchCase)
{
    m_regex = regex;
    m_matchCase = matchCase;
}

void FindBar::setView(LogView *view)
{
    if (view == m_view)
        return;
    if (m_view)
        disconnect(m_view, nullptr, this, nullptr);
    m_view = view;
    if (m_view)
        connect(m_view, &LogView::findChanged, this, &FindBar::updateResult);
    updateResult();
}

LogView::FindQuery FindBar::query() const
{
    return {m_edit->text(), m_regex && m_regex->isChecked(),
            m_matchCase && m_matchCase->isChecked()};
}

void FindBar::find(bool backwards)
{
    const LogView::FindQuery wanted = query();
    if (!m_view || wanted.pattern.isEmpty())
        return;
    if (m_view->findQuery() == wanted) {
        m_view->findNext(backwards);
        return;
    }
    m_invalid = LogView::FindQuery();
    // Highlights all, and jumps to the first as it is found.
    if (!m_view->find(wanted.pattern, wanted.regex, wanted.caseSensitive) && wanted.regex) {
        m_invalid = wanted;
        updateResult();
        Q_EMIT problem(tr("Not a valid regular expression: %1").arg(wanted.pattern));
    }
}

QString FindBar::resultText() const
{
    return m_result->text();
}

void FindBar::updateResult()
{
    QString text;
    const int count = m_view ? m_view->matchCount() : 0;
    // Only the search of what is typed now is told: another one is not what the user reads on.
    const bool shown = m_view && !m_edit->text().isEmpty() && m_view->findQuery() == query();
    if (shown && m_invalid == query())
        text = tr("Not a valid regular expression");
    else if (shown && count == 0)
        text = m_view->isSearching() ? tr("Searching…") : tr("No matches");
    else if (shown)
        text = tr("%1 of %2%3")
                   .arg(QString::number(m_view->currentMatch() + 1), QString::number(count),
                        m_view->isSearching() ? QStringLiteral("…") : QString());
    m_result->setText(text);
    // Its name is what it says, so assistive technology reads the result, not "label".
    m_result->setAccessibleName(text.isEmpty() ? tr("Find result: none") : text);
    // A click finds what is typed, searching first if need be; with no match there is nothing
    // to go to.
    const bool canGo = m_view && !m_edit->text().isEmpty() && !(shown && count == 0);
    m_previous->setEnabled(canGo);
    m_next->setEnabled(canGo);
}
