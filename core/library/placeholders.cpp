#include "placeholders.h"

#include "environmentname.h"

namespace {

const QLatin1String InputPrefix("input:");
const QLatin1String EnvPrefix("env:");

// What starts at text[at] ("${..."): one of ours, a malformed one of ours, or the shell's.
struct Match
{
    enum class What { NotOurs, Ours, Malformed };
    What what = What::NotOurs;
    Placeholder placeholder;
    qsizetype end = 0; // one past the closing brace
    QString problem;
};

Match matchAt(const QString &text, qsizetype at)
{
    Match match;
    const qsizetype close = text.indexOf(QLatin1Char('}'), at + 2);
    const QString body = close < 0 ? text.mid(at + 2) : text.mid(at + 2, close - at - 2);
    const bool input = body.startsWith(InputPrefix);
    const bool env = body.startsWith(EnvPrefix);
    if (input || env) {
        match.placeholder.kind = input ? Placeholder::Kind::Input : Placeholder::Kind::Environment;
        match.placeholder.name = body.mid(input ? InputPrefix.size() : EnvPrefix.size());
        if (close < 0) {
            match.what = Match::What::Malformed;
            match.problem = QStringLiteral("\"${%1\" is not closed with }")
                                .arg(input ? QStringLiteral("input:") : QStringLiteral("env:"));
            match.end = text.size();
            return match;
        }
        match.end = close + 1;
        const QString &name = match.placeholder.name;
        const bool valid
            = input ? Placeholders::isValidInputName(name) : isValidEnvironmentName(name);
        if (!valid) {
            match.what = Match::What::Malformed;
            match.problem
                = name.isEmpty()
                      ? QStringLiteral("\"%1\" names nothing").arg(match.placeholder.text())
                      : QStringLiteral("\"%1\": \"%2\" is not a valid %3 name")
                            .arg(match.placeholder.text(), name,
                                 input ? QStringLiteral("parameter") : QStringLiteral("variable"));
            return match;
        }
        match.what = Match::What::Ours;
        return match;
    }
    if (close >= 0 && Placeholders::builtInNames().contains(body)) {
        match.what = Match::What::Ours;
        match.placeholder = {Placeholder::Kind::BuiltIn, body};
        match.end = close + 1;
    }
    return match;
}

bool startsPlaceholder(const QString &text, qsizetype at)
{
    return at + 1 < text.size() && text.at(at) == QLatin1Char('$')
           && text.at(at + 1) == QLatin1Char('{');
}

} // namespace

QString Placeholder::text() const
{
    switch (kind) {
    case Kind::Input:
        return QStringLiteral("${input:%1}").arg(name);
    case Kind::Environment:
        return QStringLiteral("${env:%1}").arg(name);
    case Kind::BuiltIn:
        break;
    }
    return QStringLiteral("${%1}").arg(name);
}

QStringList Placeholders::builtInNames()
{
    return {QStringLiteral("taskDir"), QStringLiteral("home"), QStringLiteral("date"),
            QStringLiteral("time"), QStringLiteral("datetime")};
}

bool Placeholders::isValidInputName(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name.at(i).unicode();
        const bool letter = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
        const bool digit = c >= u'0' && c <= u'9';
        if (!letter && (i == 0 || !(digit || c == u'-')))
            return false;
    }
    return true;
}

Placeholders::Scan Placeholders::scan(const QString &text)
{
    Scan scan;
    for (qsizetype i = 0; i < text.size();) {
        // "$${" before one of ours is that text as written: nothing to scan in it.
        const bool escaped = text.at(i) == QLatin1Char('$') && startsPlaceholder(text, i + 1);
        const qsizetype at = escaped ? i + 1 : i;
        if (!startsPlaceholder(text, at)) {
            ++i;
            continue;
        }
        const Match match = matchAt(text, at);
        if (match.what == Match::What::NotOurs) {
            i = at + 2;
            continue;
        }
        if (!escaped && match.what == Match::What::Ours)
            scan.used.append(match.placeholder);
        if (!escaped && match.what == Match::What::Malformed)
            scan.problems.append(match.problem);
        i = match.end;
    }
    return scan;
}

std::optional<QString> Placeholders::expand(const QString &text, const Lookup &lookup, QString *why)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size();) {
        const bool escaped = text.at(i) == QLatin1Char('$') && startsPlaceholder(text, i + 1);
        const qsizetype at = escaped ? i + 1 : i;
        if (!startsPlaceholder(text, at)) {
            out += text.at(i);
            ++i;
            continue;
        }
        const Match match = matchAt(text, at);
        if (match.what == Match::What::NotOurs) {
            out += QStringView(text).mid(i, at + 2 - i); // "${" or "$${", as written
            i = at + 2;
            continue;
        }
        if (escaped) { // written as it is, without the first '$'
            out += QStringView(text).mid(at, match.end - at);
            i = match.end;
            continue;
        }
        if (match.what == Match::What::Malformed) {
            if (why)
                *why = match.problem;
            return std::nullopt;
        }
        const std::optional<QString> value = lookup(match.placeholder);
        if (!value) {
            if (why)
                *why = QStringLiteral("%1 has no value").arg(match.placeholder.text());
            return std::nullopt;
        }
        out += *value;
        i = match.end;
    }
    return out;
}
