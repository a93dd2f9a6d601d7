#pragma once

#include <QString>

// Where a file dialog of one kind (Save output, Import or Export tasks) starts: in the folder
// last used for that kind, kept in the settings under a key of its own, or else in the user's
// Documents folder if there is one, else in their home - never in the folder the app happened
// to be launched from. A remembered folder that is gone since is forgotten.
class RememberedFolder
{
public:
    explicit RememberedFolder(QString settingsKey); // "dialogs/saveOutputDir"

    QString folder() const; // an existing folder, absolute
    // The file name proposed in folder(): what a Save dialog is given.
    QString startFor(const QString &fileName) const;
    // path was chosen: its folder is where the next dialog of this kind starts.
    void remember(const QString &path) const;

    static QString defaultFolder(); // Documents if it exists, else home

private:
    QString m_key;
};
