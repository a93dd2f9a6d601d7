#pragma once

#include <QString>

// A file name made from free text (a task's name, a quick run's command) to propose in a save
// dialog: one name in the folder the dialog shows, never a path ("release/x86" is not a folder
// to go into), not hidden, and one that other file systems a user saves to (a USB stick's FAT,
// a Windows share) take too. Characters that cannot be in it become '_'; an empty result is
// fallback. The length is kept under the 255 bytes a name may have, with room for extension.
QString safeFileName(const QString &text, const QString &extension,
                     const QString &fallback = QStringLiteral("output"));
