#pragma once

#include "resourceusage.h"

#include <QString>

#include <optional>

// A run's resource figures (ResourceUsage) in words, for the pane's header, its outcome and the
// CLI's --stats line. A figure the containment cannot tell is "—" (the CLI's "unknown"), never
// 0. MB is 1024 × 1024 bytes, as the settings count them. Plain functions of Qt Core.
namespace UsageText {
// "1.02 s (user 0.98, system 0.04)"; "—" unless both parts are known.
QString cpu(const ResourceUsage &usage);
// "812 KB", "12.3 MB", "1.25 GB"; "—" when unknown.
QString bytes(std::optional<qint64> bytes);
// "3"; "—" when unknown.
QString count(std::optional<int> count);
// While the run is live: "CPU 1.02 s (user 0.98, system 0.04) · memory 12.3 MB, peak 15.0 MB ·
// processes 3, peak 5".
QString live(const ResourceUsage &usage);
// Once it has ended, what it used in all: "CPU 1.02 s (user 0.98, system 0.04) · memory peak
// 15.0 MB · processes peak 5".
QString total(const ResourceUsage &usage);
// The CLI's --stats line, without its "taskrunner-cli: " prefix: "cpu 1.02 s (user 0.98, system
// 0.04), memory peak 12.3 MB, processes peak 3, containment cgroup"; unknown figures say
// "unknown".
QString statsLine(const ResourceUsage &usage, const QString &containment);
} // namespace UsageText
