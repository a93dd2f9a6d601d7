#include "findbar.h"

#include "logview.h"
#include "namedwidget.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QToolButton>

namespace {
// On the view: the search it shows (see FindBar::searchKey()).
constexpr char SearchKeyProperty[] = "taskrunnerFindKey";
} // namespace

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
        if (text.isEmpty() && m_view) {
            m_view->setProperty(SearchKeyProperty, QString());
            m_view->clearFind();
        }
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

QString FindBar::searchKey() const
{
    const bool regex = m_regex && m_regex->isChecked();
    const bool matchCase = m_matchCase && m_matchCase->isChecked();
    return m_edit->text() + u'\n' + QString::number(int(regex) * 2 + int(matchCase));
}

void FindBar::find(bool backwards)
{
    const QString text = m_edit->text();
    if (!m_view || text.isEmpty())
        return;
    const QString key = searchKey();
    if (m_view->property(SearchKeyProperty).toString() == key) {
        m_view->findNext(backwards);
        return;
    }
    m_view->setProperty(SearchKeyProperty, key);
    m_invalid.clear();
    // Highlights all, and jumps to the first as it is found.
    if (!m_view->find(text, m_regex && m_regex->isChecked(),
                      m_matchCase && m_matchCase->isChecked())) {
        m_invalid = key;
        updateResult();
        Q_EMIT problem(tr("Not a valid regular expression: %1").arg(text));
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
    const bool shown = m_view && !m_edit->text().isEmpty()
                       && m_view->property(SearchKeyProperty).toString() == searchKey();
    if (shown && m_invalid == searchKey())
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
