#pragma once

#include <QPalette>
#include <QString>
#include <QStringList>

#include <optional>

// The application's colours: the desktop's (its platform theme and style, the default), or a
// light or dark Fusion palette of our own - for a desktop that offers no dark theme to Qt, and
// to check that every view reads in both (`taskrunner --palette dark`). Chosen by the command
// line or the setting appearance/palette [system]; switched at run time, the views repaint.
class AppPalette
{
public:
    enum class Scheme { System, Light, Dark };

    static QStringList names(); // "system", "light", "dark"
    static QString name(Scheme scheme);
    // Empty for a word that names none.
    static std::optional<Scheme> fromName(const QString &name);

    static QPalette light();
    static QPalette dark();

    // Applies scheme to the running application. The first call remembers the desktop's style
    // and palette, so that System brings them back.
    static void apply(Scheme scheme);
    static Scheme current();
    // What the setting appearance/palette asks for (System when absent or not understood).
    static Scheme fromSettings();

private:
    static void resolveUnshownWindows(); // see apply()
};
