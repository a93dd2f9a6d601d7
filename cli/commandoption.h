#pragma once

#include <QString>
#include <QStringList>

#include <optional>

// One word of a command line read as an option, "--name value" or "--name=value" alike: what
// run's and watch's parsers both accept.
struct CommandOption
{
    explicit CommandOption(const QString &word)
    {
        const qsizetype eq
            = word.startsWith(QLatin1String("--")) ? word.indexOf(QLatin1Char('=')) : -1;
        name = eq < 0 ? word : word.left(eq);
        if (eq >= 0)
            inlineValue = word.mid(eq + 1);
    }

    // The option's value: the one after '=', else the next word (*i moves past it). False when
    // there is none.
    bool takeValue(const QStringList &words, int *i, QString *value) const
    {
        if (inlineValue) {
            *value = *inlineValue;
            return true;
        }
        if (*i + 1 >= words.size())
            return false;
        *value = words.at(++*i);
        return true;
    }

    QString name;
    std::optional<QString> inlineValue;
};
