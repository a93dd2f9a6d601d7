// A past run's 1 GB log opened from the history: how long until its tail is on screen (the
// pane built, its last 16 MB read through the index and parsed, the view painted), and how
// long a scroll step takes once it is there - beside, in the same run, reading the same 16 MB
// tail into a plain QPlainTextEdit, and reading the whole file once (what a viewer without an
// index would pay at least). Figures, not assertions.
#include "linestore.h"
#include "logview.h"
#include "outputlog.h"
#include "pastrunpane.h"
#include "rawlogwriter.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

double medianOf(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// A log of about bytes: 100-byte lines in 64 KB chunks, every eighth chunk on stderr, written
// the way a run writes it (data file and index).
QString writeLog(const QString &path, qint64 bytes)
{
    RawLogWriter writer;
    QString error;
    if (!writer.open(path, &error))
        qFatal("cannot write %s: %s", qPrintable(path), qPrintable(error));
    QByteArray chunk;
    for (int i = 0; chunk.size() < 64 * 1024; ++i)
        chunk += QByteArray::number(i).rightJustified(8, '0') + ' ' + QByteArray(90, 'x') + '\n';
    qint64 written = 0;
    for (int n = 0; written < bytes; ++n) {
        writer.write(n % 8 == 7 ? OutputChannel::Stderr : OutputChannel::Stdout, chunk);
        written += chunk.size();
        if (writer.queuedBytes() > 256 * 1024 * 1024)
            writer.flushForTesting(); // bounded memory while writing a gigabyte
    }
    writer.flushForTesting();
    return writer.path();
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const qint64 sizeMB = argc > 1 ? std::max(1, atoi(argv[1])) : 1024;
    QTemporaryDir dir;
    QElapsedTimer clock;
    clock.start();
    RunRecord record;
    record.id = 1;
    record.taskName = QStringLiteral("big");
    record.state = RunRecord::State::Finished;
    record.logPath = writeLog(dir.filePath(QStringLiteral("big.log")), sizeMB * 1024 * 1024);
    std::printf("%lld MB log written in %.1f s\n", sizeMB, double(clock.elapsed()) / 1000.0);

    constexpr int Rounds = 5;
    std::vector<double> open, scroll, plain, whole;
    for (int round = 0; round < Rounds; ++round) {
        clock.restart();
        {
            PastRunPane pane(record);
            pane.resize(1100, 700);
            pane.show();
            pane.grab(); // painted: the tail is on screen
            open.push_back(double(clock.nsecsElapsed()) / 1e6);
            if (round == 0)
                std::printf("the pane holds %lld lines, the last: %s\n",
                            pane.outputLog()->store().lineCount(),
                            qPrintable(pane.logView()->rowText(pane.logView()->rowCount() - 2)));
            QScrollBar *bar = pane.logView()->verticalScrollBar();
            clock.restart();
            for (int step = 0; step < 50; ++step) { // page up fifty times, painting each
                bar->setValue(bar->value() - pane.logView()->visibleRows());
                pane.logView()->viewport()->grab();
            }
            scroll.push_back(double(clock.nsecsElapsed()) / 1e6 / 50);
        }
        clock.restart();
        {
            QFile file(record.logPath);
            file.open(QIODevice::ReadOnly);
            file.seek(file.size() - PastRunPane::TailBytes);
            QPlainTextEdit edit;
            edit.setReadOnly(true);
            edit.setPlainText(QString::fromUtf8(file.read(PastRunPane::TailBytes)));
            edit.resize(1100, 700);
            edit.show();
            edit.grab();
            plain.push_back(double(clock.nsecsElapsed()) / 1e6);
        }
        clock.restart();
        {
            QFile file(record.logPath);
            file.open(QIODevice::ReadOnly);
            QByteArray buffer(1 << 20, Qt::Uninitialized);
            while (file.read(buffer.data(), buffer.size()) > 0) {
            }
            whole.push_back(double(clock.nsecsElapsed()) / 1e6);
        }
    }
    std::printf("median of %d, ms:\n", Rounds);
    std::printf("  open from the history -> tail painted (PastRunPane, 16 MB tail)  %8.1f\n",
                medianOf(open));
    std::printf("  one page up, painted, in that pane                               %8.2f\n",
                medianOf(scroll));
    std::printf("  baseline: the same 16 MB tail into a QPlainTextEdit, painted     %8.1f\n",
                medianOf(plain));
    std::printf("  baseline: reading the whole %lld MB file once (page cache warm)  %8.1f\n",
                sizeMB, medianOf(whole));
    return 0;
}
