// The cron parser (valid and garbage expressions, Vixie's either-day rule) and the next fire
// times of every kind of schedule, across Berlin's DST changes.

#include "cronexpression.h"
#include "schedulerule.h"
#include "tasklibrary.h"
#include "taskschedule.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

const QTimeZone Berlin("Europe/Berlin");

// A Berlin wall-clock time with its offset, as "2026-03-29 03:00 +02".
QString berlin(const QDateTime &utc)
{
    const QDateTime local = utc.toTimeZone(Berlin);
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm"))
           + QStringLiteral(" +0%1").arg(local.offsetFromUtc() / 3600);
}

QDateTime utc(const QString &iso)
{
    QDateTime t = QDateTime::fromString(iso, Qt::ISODate);
    return t.toUTC();
}

TaskSchedule cron(const QString &expression)
{
    TaskSchedule schedule;
    schedule.kind = TaskSchedule::Kind::Cron;
    schedule.cron = expression;
    return schedule;
}

} // namespace

class tst_Cron : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(Berlin.isValid(), "tzdata (Europe/Berlin) is needed"); }

    void parsesValid_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("after");    // Berlin time, ISO with offset
        QTest::addColumn<QStringList>("next"); // the next fire times, as berlin() writes them
        QTest::newRow("every minute")
            << "* * * * *"
            << "2026-06-10T10:00:30+02:00"
            << QStringList{"2026-06-10 10:01 +02", "2026-06-10 10:02 +02"};
        QTest::newRow("step") << "*/15 * * * *"
                              << "2026-06-10T10:07:00+02:00"
                              << QStringList{"2026-06-10 10:15 +02", "2026-06-10 10:30 +02"};
        QTest::newRow("list and range")
            << "0,30 9-10 * * *"
            << "2026-06-10T09:10:00+02:00"
            << QStringList{"2026-06-10 09:30 +02", "2026-06-10 10:00 +02", "2026-06-10 10:30 +02",
                           "2026-06-11 09:00 +02"};
        QTest::newRow("range with step")
            << "10-50/20 8 * * *"
            << "2026-06-10T07:00:00+02:00"
            << QStringList{"2026-06-10 08:10 +02", "2026-06-10 08:30 +02", "2026-06-10 08:50 +02"};
        QTest::newRow("N/step runs to the end")
            << "45/5 8 * * *"
            << "2026-06-10T07:00:00+02:00"
            << QStringList{"2026-06-10 08:45 +02", "2026-06-10 08:50 +02", "2026-06-10 08:55 +02",
                           "2026-06-11 08:45 +02"};
        // 2026-06-10 is a Wednesday.
        QTest::newRow("weekday names")
            << "0 9 * * mon-fri"
            << "2026-06-12T10:00:00+02:00" << QStringList{"2026-06-15 09:00 +02"};
        QTest::newRow("7 is Sunday") << "0 9 * * 7"
                                     << "2026-06-10T10:00:00+02:00"
                                     << QStringList{"2026-06-14 09:00 +02", "2026-06-21 09:00 +02"};
        QTest::newRow("0 is Sunday")
            << "0 9 * * 0"
            << "2026-06-10T10:00:00+02:00" << QStringList{"2026-06-14 09:00 +02"};
        QTest::newRow("month names, any case")
            << "0 0 1 JAN,jul *"
            << "2026-06-10T10:00:00+02:00"
            << QStringList{"2026-07-01 00:00 +02", "2027-01-01 00:00 +01"};
        // Both day fields restricted: the 13th, or any Friday (Vixie's rule).
        QTest::newRow("either day")
            << "0 12 13 * fri"
            << "2026-06-10T00:00:00+02:00"
            << QStringList{"2026-06-12 12:00 +02", "2026-06-13 12:00 +02", "2026-06-19 12:00 +02"};
        // One day field a *: both must match (every Friday of any day = every Friday).
        QTest::newRow("star day: both")
            << "0 12 * * fri"
            << "2026-06-10T00:00:00+02:00"
            << QStringList{"2026-06-12 12:00 +02", "2026-06-19 12:00 +02"};
        // */2 begins with *: Vixie counts it as unrestricted, so both must match.
        QTest::newRow("*/N day counts as star")
            << "0 12 */2 * fri"
            << "2026-06-10T00:00:00+02:00"
            << QStringList{"2026-06-19 12:00 +02", "2026-07-03 12:00 +02"};
        QTest::newRow("leap day") << "0 0 29 2 *"
                                  << "2026-06-10T00:00:00+02:00"
                                  << QStringList{"2028-02-29 00:00 +01", "2032-02-29 00:00 +01"};
        QTest::newRow("@daily") << "@daily"
                                << "2026-06-10T10:00:00+02:00"
                                << QStringList{"2026-06-11 00:00 +02"};
        QTest::newRow("blanks around")
            << "  5   4  * *   *  "
            << "2026-06-10T10:00:00+02:00" << QStringList{"2026-06-11 04:05 +02"};
    }
    void parsesValid()
    {
        QFETCH(QString, expression);
        QFETCH(QString, after);
        QFETCH(QStringList, next);
        QString problem;
        const auto rule = ScheduleRule::fromSchedule(cron(expression), &problem);
        QVERIFY2(rule, qPrintable(problem));
        QStringList got;
        for (const QDateTime &t : rule->nextTimes(utc(after), int(next.size()), Berlin))
            got.append(berlin(t));
        QCOMPARE(got, next);
    }

    void refusesGarbage_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << ""
                               << "five fields are needed (minute hour day-of-month month "
                                  "day-of-week), not 0";
        QTest::newRow("four fields") << "* * * *"
                                     << "five fields are needed (minute hour day-of-month month "
                                        "day-of-week), not 4";
        QTest::newRow("six fields") << "* * * * * *"
                                    << "five fields are needed (minute hour day-of-month month "
                                       "day-of-week), not 6";
        QTest::newRow("hour 25") << "0 25 * * *"
                                 << "hour: 25 is out of range 0-23";
        QTest::newRow("minute 60") << "60 * * * *"
                                   << "minute: 60 is out of range 0-59";
        QTest::newRow("day 0") << "0 0 0 * *"
                               << "day-of-month: 0 is out of range 1-31";
        QTest::newRow("month 13") << "0 0 1 13 *"
                                  << "month: 13 is out of range 1-12";
        QTest::newRow("weekday 8") << "0 0 * * 8"
                                   << "day-of-week: 8 is out of range 0-7";
        QTest::newRow("word") << "five * * * *"
                              << "minute: \"five\" is not a number from 0 to 59";
        QTest::newRow("bad name") << "0 0 * foo *"
                                  << "month: \"foo\" is not a number from 1 to 12 or a name "
                                     "(jan-dec)";
        QTest::newRow("negative") << "-5 * * * *"
                                  << "minute: \"-5\" is not a number from 0 to 59";
        QTest::newRow("step 0") << "*/0 * * * *"
                                << "minute: step \"0\" in \"*/0\" is not a whole number of 1 or "
                                   "more";
        QTest::newRow("step word") << "*/x * * * *"
                                   << "minute: step \"x\" in \"*/x\" is not a whole number of 1 "
                                      "or more";
        QTest::newRow("backwards") << "0 20-5 * * *"
                                   << "hour: the range 20-5 goes backwards";
        QTest::newRow("empty item") << "1,,2 * * * *"
                                    << "minute: an empty item in \"1,,2\"";
        QTest::newRow("open range") << "0 5- * * *"
                                    << "hour: \"\" is not a number from 0 to 23";
        QTest::newRow("never") << "0 0 30 2 *"
                               << "it names no day that exists, such as 30 February";
        QTest::newRow("april 31") << "0 0 31 apr *"
                                  << "it names no day that exists, such as 30 February";
        QTest::newRow("reboot") << "@reboot"
                                << "@reboot is not a schedule here: use \"run at start if "
                                   "missed\" or start the task by hand";
        QTest::newRow("unknown @") << "@often"
                                   << "\"@often\" is not one of @hourly, @daily, @midnight, "
                                      "@weekly, @monthly, @yearly, @annually";
    }
    void refusesGarbage()
    {
        QFETCH(QString, expression);
        QFETCH(QString, error);
        QString problem;
        QVERIFY(!ScheduleRule::fromSchedule(cron(expression), &problem));
        QCOMPARE(problem, error);
    }

    // Berlin: 2026-03-29 02:00 CET -> 03:00 CEST (02:xx does not exist); 2026-10-25 03:00 CEST
    // -> 02:00 CET (02:xx happens twice).
    void acrossDst_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QStringList>("next");
        // A time of day in the gap fires once at the first instant after it.
        QTest::newRow("spring: 02:30 fires at 03:00")
            << "30 2 * * *"
            << "2026-03-28T12:00:00+01:00"
            << QStringList{"2026-03-28 02:30 +01", "2026-03-29 03:00 +02", "2026-03-30 02:30 +02"}
                   .mid(1);
        QTest::newRow("spring: two times in the gap fire once")
            << "0,30 2 * * *"
            << "2026-03-29T01:00:00+01:00"
            << QStringList{"2026-03-29 03:00 +02", "2026-03-30 02:00 +02"};
        // * in the hour: the hour that does not exist has no fire times (Vixie).
        QTest::newRow("spring: hourly goes on by the new time")
            << "30 * * * *"
            << "2026-03-29T01:00:00+01:00"
            << QStringList{"2026-03-29 01:30 +01", "2026-03-29 03:30 +02", "2026-03-29 04:30 +02"};
        QTest::newRow("spring: every 15 min")
            << "*/15 * * * *"
            << "2026-03-29T01:40:00+01:00"
            << QStringList{"2026-03-29 01:45 +01", "2026-03-29 03:00 +02", "2026-03-29 03:15 +02"};
        // A time of day that happens twice fires once, at its first occurrence.
        QTest::newRow("fall: 02:30 fires once")
            << "30 2 * * *"
            << "2026-10-25T00:00:00+02:00"
            << QStringList{"2026-10-25 02:30 +02", "2026-10-26 02:30 +01"};
        QTest::newRow("fall: from inside the repeated hour")
            << "30 2 * * *"
            << "2026-10-25T02:10:00+01:00" << QStringList{"2026-10-26 02:30 +01"};
        // * in the minute: every real quarter hour, through both 02:xx hours.
        QTest::newRow("fall: every 15 min through both")
            << "*/15 * * * *"
            << "2026-10-25T02:40:00+02:00"
            << QStringList{"2026-10-25 02:45 +02", "2026-10-25 02:00 +01", "2026-10-25 02:15 +01",
                           "2026-10-25 02:30 +01", "2026-10-25 02:45 +01", "2026-10-25 03:00 +01"};
    }
    void acrossDst()
    {
        QFETCH(QString, expression);
        QFETCH(QString, after);
        QFETCH(QStringList, next);
        const auto rule = ScheduleRule::fromSchedule(cron(expression));
        QVERIFY(rule);
        QStringList got;
        for (const QDateTime &t : rule->nextTimes(utc(after), int(next.size()), Berlin))
            got.append(berlin(t));
        QCOMPARE(got, next);
    }

    void dailyAndEvery_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("every");
        QTest::addColumn<int>("unit");
        QTest::addColumn<QString>("at");
        QTest::addColumn<int>("weekdays");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QStringList>("next");
        const int daily = int(TaskSchedule::Kind::Daily);
        const int every = int(TaskSchedule::Kind::Every);
        const int minutes = int(TaskSchedule::Unit::Minutes);
        const int hours = int(TaskSchedule::Unit::Hours);
        QTest::newRow("daily") << daily << 0 << 0 << "09:30" << TaskSchedule::AllWeekdays
                               << "2026-06-10T10:00:00+02:00"
                               << QStringList{"2026-06-11 09:30 +02", "2026-06-12 09:30 +02"};
        // Mon, Wed (bits 0 and 2); 2026-06-10 is a Wednesday.
        QTest::newRow("daily on weekdays")
            << daily << 0 << 0 << "09:30" << 0b101 << "2026-06-10T10:00:00+02:00"
            << QStringList{"2026-06-15 09:30 +02", "2026-06-17 09:30 +02"};
        QTest::newRow("daily in the spring gap")
            << daily << 0 << 0 << "02:15" << TaskSchedule::AllWeekdays
            << "2026-03-29T00:00:00+01:00"
            << QStringList{"2026-03-29 03:00 +02", "2026-03-30 02:15 +02"};
        QTest::newRow("daily in the repeated hour")
            << daily << 0 << 0 << "02:15" << TaskSchedule::AllWeekdays
            << "2026-10-25T00:00:00+02:00"
            << QStringList{"2026-10-25 02:15 +02", "2026-10-26 02:15 +01"};
        QTest::newRow("every 5 min")
            << every << 5 << minutes << "" << 0 << "2026-06-10T10:02:00+02:00"
            << QStringList{"2026-06-10 10:05 +02", "2026-06-10 10:10 +02"};
        // Real time: 60 minutes apart through the change, neither skipped nor doubled.
        QTest::newRow("every hour across fall-back")
            << every << 1 << hours << "" << 0 << "2026-10-25T01:30:00+02:00"
            << QStringList{"2026-10-25 02:00 +02", "2026-10-25 02:00 +01", "2026-10-25 03:00 +01"};
        QTest::newRow("every hour across spring-forward")
            << every << 1 << hours << "" << 0 << "2026-03-29T01:30:00+01:00"
            << QStringList{"2026-03-29 03:00 +02", "2026-03-29 04:00 +02"};
    }
    void dailyAndEvery()
    {
        QFETCH(int, kind);
        QFETCH(int, every);
        QFETCH(int, unit);
        QFETCH(QString, at);
        QFETCH(int, weekdays);
        QFETCH(QString, after);
        QFETCH(QStringList, next);
        TaskSchedule schedule;
        schedule.kind = TaskSchedule::Kind(kind);
        schedule.every = every;
        schedule.unit = TaskSchedule::Unit(unit);
        schedule.at = QTime::fromString(at, QStringLiteral("HH:mm"));
        schedule.weekdays = weekdays;
        QString problem;
        const auto rule = ScheduleRule::fromSchedule(schedule, &problem);
        QVERIFY2(rule, qPrintable(problem));
        QStringList got;
        for (const QDateTime &t : rule->nextTimes(utc(after), int(next.size()), Berlin))
            got.append(berlin(t));
        QCOMPARE(got, next);
    }

    void refusesBadEveryAndDaily()
    {
        TaskSchedule schedule;
        schedule.kind = TaskSchedule::Kind::Every;
        schedule.every = 0;
        QString problem;
        QVERIFY(!ScheduleRule::fromSchedule(schedule, &problem));
        QCOMPARE(problem, QStringLiteral("every: 0 is out of range 1-1440 minutes"));
        schedule.kind = TaskSchedule::Kind::Daily;
        schedule.weekdays = 0;
        QVERIFY(!ScheduleRule::fromSchedule(schedule, &problem));
        QCOMPARE(problem, QStringLiteral("daily: no weekday is chosen"));
    }

    // The system's zone, as the app uses it, follows TZ.
    void systemZoneFollowsTz()
    {
        const QByteArray saved = qgetenv("TZ");
        qputenv("TZ", "Europe/Berlin");
        const QTimeZone system = QTimeZone::systemTimeZone();
        const auto rule = ScheduleRule::fromSchedule(cron(QStringLiteral("30 2 * * *")));
        const QDateTime next
            = rule->nextAfter(utc(QStringLiteral("2026-03-29T00:00:00+01:00")), QTimeZone());
        if (saved.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", saved);
        QCOMPARE(system.id(), QByteArray("Europe/Berlin"));
        QCOMPARE(berlin(next), QStringLiteral("2026-03-29 03:00 +02"));
    }

    // The task file: each kind written and read back as it was; a file without the key as
    // before; a value of the wrong kind a problem naming the key; a cron expression kept as
    // written whatever it says (its problem is the schedule's, when armed).
    void scheduleInTheFile_data()
    {
        QTest::addColumn<QString>("schedule"); // the "schedule" value, JSON
        QTest::addColumn<QString>("problem");  // empty: reads, and writes back the same
        QTest::newRow("absent") << ""
                                << "";
        QTest::newRow("every minutes") << R"({"kind":"every","minutes":5})"
                                       << "";
        QTest::newRow("every hours, run if missed")
            << R"({"kind":"every","hours":2,"runIfMissed":true})"
            << "";
        QTest::newRow("daily") << R"({"at":"07:45","kind":"daily"})"
                               << "";
        QTest::newRow("daily on days")
            << R"({"at":"07:45","kind":"daily","weekdays":["mon","fri"]})"
            << "";
        QTest::newRow("cron") << R"({"expression":"*/5 * * * *","kind":"cron"})"
                              << "";
        QTest::newRow("garbage cron kept") << R"({"expression":"0 25 * * *","kind":"cron"})"
                                           << "";
        QTest::newRow("not an object") << R"("every 5")"
                                       << "\"schedule\" is \"every 5\", not an object";
        QTest::newRow("unknown kind") << R"({"kind":"hourly"})"
                                      << "\"schedule\": \"kind\" is \"hourly\", not \"every\", "
                                         "\"daily\" or \"cron\"";
        QTest::newRow("minutes 0") << R"({"kind":"every","minutes":0})"
                                   << "\"schedule\": \"minutes\" is 0, not a whole number from 1 "
                                      "to 1440";
        QTest::newRow("no unit") << R"({"kind":"every"})"
                                 << "\"schedule\": an \"every\" schedule has \"minutes\" or "
                                    "\"hours\", one of them";
        QTest::newRow("bad time") << R"({"kind":"daily","at":"25:00"})"
                                  << "\"schedule\": \"at\" is \"25:00\", not a time of day as "
                                     "\"HH:MM\" (00:00 to 23:59)";
        QTest::newRow("bad day") << R"({"kind":"daily","at":"09:00","weekdays":["monday"]})"
                                 << "\"schedule\": \"weekdays\" has \"monday\", not one of "
                                    "\"mon\" ... \"sun\"";
        QTest::newRow("cron not text") << R"({"kind":"cron","expression":5})"
                                       << "\"schedule\": \"expression\" is 5, not a cron "
                                          "expression as text";
        QTest::newRow("runIfMissed not bool")
            << R"({"kind":"every","minutes":5,"runIfMissed":"yes"})"
            << "\"schedule\": \"runIfMissed\" is \"yes\", not true or false";
    }
    void scheduleInTheFile()
    {
        QFETCH(QString, schedule);
        QFETCH(QString, problem);
        QByteArray task = R"({"id":"i","name":"t","mode":"shell","script":"true")";
        if (!schedule.isEmpty())
            task += R"(,"schedule":)" + schedule.toUtf8();
        task += "}";
        const QByteArray file = R"({"version":1,"tasks":[)" + task + "]}";
        QList<Task> tasks;
        QString error;
        const bool ok = TaskLibrary::fromJson(file, &tasks, &error);
        if (!problem.isEmpty()) {
            QVERIFY(!ok);
            QVERIFY2(error.endsWith(problem), qPrintable(error));
            return;
        }
        QVERIFY2(ok, qPrintable(error));
        const QJsonObject written = QJsonDocument::fromJson(TaskLibrary::toJson(tasks))
                                        .object()
                                        .value(QStringLiteral("tasks"))
                                        .toArray()
                                        .first()
                                        .toObject();
        if (schedule.isEmpty())
            QVERIFY(!written.contains(QStringLiteral("schedule")));
        else
            QCOMPARE(written.value(QStringLiteral("schedule")),
                     QJsonDocument::fromJson(schedule.toUtf8()).object());
    }

    // What one next fire time costs (run once by default; -iterations N to measure).
    void nextAfterCost_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("after");
        QTest::newRow("every minute") << "* * * * *"
                                      << "2026-06-10T10:00:30+02:00";
        QTest::newRow("daily") << "30 2 * * *"
                               << "2026-06-10T10:00:30+02:00";
        QTest::newRow("at the spring gap") << "30 2 * * *"
                                           << "2026-03-28T12:00:00+01:00";
        QTest::newRow("in the repeated hour") << "*/15 * * * *"
                                              << "2026-10-25T02:40:00+02:00";
        QTest::newRow("leap day, either day") << "0 0 29 2 mon"
                                              << "2026-06-10T10:00:30+02:00";
    }
    void nextAfterCost()
    {
        QFETCH(QString, expression);
        QFETCH(QString, after);
        const auto rule = ScheduleRule::fromSchedule(cron(expression));
        QVERIFY(rule);
        const QDateTime from = utc(after);
        QDateTime next;
        QBENCHMARK
        {
            next = rule->nextAfter(from, Berlin);
        }
        QVERIFY(next > from);
    }

    void countsBetween()
    {
        const auto rule = ScheduleRule::fromSchedule(cron(QStringLiteral("*/10 * * * *")));
        const QDateTime from = utc(QStringLiteral("2026-06-10T10:00:00+02:00"));
        QCOMPARE(rule->countBetween(from, from.addSecs(3600), Berlin, 1000), 6);
        QCOMPARE(rule->countBetween(from, from.addSecs(3600), Berlin, 4), 4);
        QCOMPARE(rule->countBetween(from, from.addSecs(599), Berlin, 1000), 0);
    }
};

QTEST_GUILESS_MAIN(tst_Cron)
#include "tst_cron.moc"
