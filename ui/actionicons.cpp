#include "actionicons.h"

#include <QAction>
#include <QBuffer>
#include <QEvent>
#include <QFile>
#include <QImageReader>
#include <QKeySequence>
#include <QPixmap>
#include <QWidget>

ActionIcons::ActionIcons(QWidget *window)
    : QObject(window)
    , m_window(window)
{
    window->installEventFilter(this);
}

QList<QPair<QString, QString>> ActionIcons::table()
{
    // Names from the freedesktop icon naming specification where it has one; document-edit,
    // -import and -export are the common themes' (Adwaita, Breeze) beyond it.
    return {
        {QStringLiteral("runAction"), QStringLiteral("media-playback-start")},
        {QStringLiteral("stopAction"), QStringLiteral("media-playback-stop")},
        {QStringLiteral("killAction"), QStringLiteral("process-stop")},
        {QStringLiteral("pauseAction"), QStringLiteral("media-playback-pause")},
        {QStringLiteral("rerunAction"), QStringLiteral("view-refresh")},
        {QStringLiteral("clearAction"), QStringLiteral("edit-clear")},
        {QStringLiteral("saveOutputAction"), QStringLiteral("document-save-as")},
        {QStringLiteral("findAction"), QStringLiteral("edit-find")},
        {QStringLiteral("findNextAction"), QStringLiteral("go-down")},
        {QStringLiteral("findPreviousAction"), QStringLiteral("go-up")},
        {QStringLiteral("quickRunAction"), QStringLiteral("system-run")},
        {QStringLiteral("saveQuickRunAction"), QStringLiteral("document-save")},
        {QStringLiteral("newTaskAction"), QStringLiteral("document-new")},
        {QStringLiteral("editTaskAction"), QStringLiteral("document-edit")},
        {QStringLiteral("duplicateTaskAction"), QStringLiteral("edit-copy")},
        {QStringLiteral("deleteTaskAction"), QStringLiteral("edit-delete")},
        {QStringLiteral("importAction"), QStringLiteral("document-import")},
        {QStringLiteral("exportAction"), QStringLiteral("document-export")},
        {QStringLiteral("preferencesAction"), QStringLiteral("preferences-system")},
        {QStringLiteral("quitAction"), QStringLiteral("application-exit")},
        {QStringLiteral("aboutAction"), QStringLiteral("help-about")},
        {QStringLiteral("historyAction"), QStringLiteral("document-open-recent")},
    };
}

QIcon ActionIcons::bundled(const QString &name, const QPalette &palette)
{
    QFile file(QStringLiteral(":/icons/actions/%1.svg").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return QIcon();
    // The drawings are in one ink (#2e3436) with cut-outs in white: re-inked, they read on this
    // palette's buttons, light or dark. A disabled action gets the palette's disabled ink:
    // QIcon's own disabled rendering only greys the pixels, which leaves light ink on a dark
    // toolbar as bright as enabled.
    const QByteArray drawing = file.readAll();
    QIcon icon;
    for (const auto &[mode, group] : {std::pair{QIcon::Normal, QPalette::Active},
                                      std::pair{QIcon::Disabled, QPalette::Disabled}}) {
        QByteArray svg = drawing;
        svg.replace("#2e3436", palette.color(group, QPalette::ButtonText).name().toLatin1());
        svg.replace("#ffffff", palette.color(group, QPalette::Button).name().toLatin1());
        for (int size : {16, 22, 24, 32, 48}) {
            QBuffer buffer(&svg);
            QImageReader reader(&buffer, "svg");
            reader.setScaledSize(QSize(size, size));
            const QImage image = reader.read();
            if (!image.isNull())
                icon.addPixmap(QPixmap::fromImage(image), mode);
        }
    }
    return icon;
}

QIcon ActionIcons::icon(const QString &name, const QPalette &palette)
{
    if (QIcon::hasThemeIcon(name))
        return QIcon::fromTheme(name);
    return bundled(name, palette);
}

void ActionIcons::apply()
{
    const QPalette palette = m_window->palette();
    for (const auto &[objectName, iconName] : table()) {
        auto *action = m_window->findChild<QAction *>(objectName);
        if (!action)
            continue;
        action->setIcon(icon(iconName, palette));
        // A toolbar button that shows only its icon still says what it does, and its key.
        const QKeySequence key = action->shortcut();
        if (!key.isEmpty() && !action->property("tooltipHasKey").toBool()
            && !action->toolTip().contains(key.toString(QKeySequence::NativeText))) {
            QString text = action->text();
            text.remove(u'&');
            text.remove(QStringLiteral("…"));
            action->setToolTip(text + QStringLiteral(" (") + key.toString(QKeySequence::NativeText)
                               + u')');
            action->setProperty("tooltipHasKey", true);
        }
    }
}

bool ActionIcons::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::PaletteChange)
        apply();
    return QObject::eventFilter(watched, event);
}
