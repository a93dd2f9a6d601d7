#include "usageseriescodec.h"

#include <cmath>

namespace {
constexpr char Magic[] = {'T', 'U'};

void put(QByteArray &out, quint64 value)
{
    do {
        const quint8 low = value & 0x7F;
        value >>= 7;
        out.append(char(value ? low | 0x80 : low));
    } while (value);
}

class Reader
{
public:
    explicit Reader(const QByteArray &blob)
        : m_blob(blob)
    {}
    bool get(quint64 *value)
    {
        *value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_at >= m_blob.size())
                return false;
            const quint8 byte = quint8(m_blob.at(m_at++));
            *value |= quint64(byte & 0x7F) << shift;
            if (!(byte & 0x80))
                return true;
        }
        return false; // longer than any 64-bit value
    }
    bool atEnd() const { return m_at == m_blob.size(); }

private:
    const QByteArray &m_blob;
    qsizetype m_at = 3; // after the magic and the version
};

// Unknown is 0, a value v is v + 1.
template <typename T>
quint64 optional(const std::optional<T> &value)
{
    return value ? quint64(*value) + 1 : 0;
}
} // namespace

QByteArray UsageSeriesCodec::encode(const QVector<UsageSample> &points)
{
    QByteArray out;
    out.reserve(8 + points.size() * 8);
    out.append(Magic, 2);
    out.append(char(Version));
    put(out, quint64(points.size()));
    qint64 previous = 0;
    for (const UsageSample &point : points) {
        put(out, quint64(std::max<qint64>(0, point.msSinceStart - previous)));
        previous = std::max(previous, point.msSinceStart);
        std::optional<qint64> tenths;
        if (point.cpuPercent)
            tenths = std::llround(std::max(0.0, *point.cpuPercent) * 10.0);
        put(out, optional(tenths));
        std::optional<qint64> kib;
        if (point.memoryBytes)
            kib = (std::max<qint64>(0, *point.memoryBytes) + 512) / 1024;
        put(out, optional(kib));
        put(out, optional(point.processes ? std::optional<qint64>(std::max(0, *point.processes))
                                          : std::nullopt));
    }
    return out;
}

QVector<UsageSample> UsageSeriesCodec::decode(const QByteArray &blob, bool *ok)
{
    const auto fail = [ok] {
        if (ok)
            *ok = false;
        return QVector<UsageSample>();
    };
    if (ok)
        *ok = true;
    if (blob.isEmpty())
        return {};
    if (blob.size() < 3 || blob.at(0) != Magic[0] || blob.at(1) != Magic[1]
        || blob.at(2) != char(Version))
        return fail();
    Reader reader(blob);
    quint64 count = 0;
    if (!reader.get(&count) || count > quint64(MaxPoints))
        return fail();
    // Each point takes at least 4 bytes: a count larger than the blob can hold is damage.
    if (count * 4 > quint64(blob.size()))
        return fail();
    QVector<UsageSample> points;
    points.reserve(qsizetype(count));
    constexpr quint64 Limit = quint64(1) << 52; // any figure beyond is damage, not a run
    qint64 at = 0;
    for (quint64 i = 0; i < count; ++i) {
        quint64 delta = 0, cpu = 0, kib = 0, processes = 0;
        if (!reader.get(&delta) || !reader.get(&cpu) || !reader.get(&kib)
            || !reader.get(&processes))
            return fail();
        if (delta >= Limit || cpu >= Limit || kib >= Limit / 1024 || processes > quint64(1) << 30)
            return fail();
        at += qint64(delta);
        if (at >= qint64(Limit))
            return fail();
        UsageSample point;
        point.msSinceStart = at;
        if (cpu)
            point.cpuPercent = double(cpu - 1) / 10.0;
        if (kib)
            point.memoryBytes = qint64(kib - 1) * 1024;
        if (processes)
            point.processes = int(processes - 1);
        points.append(point);
    }
    if (!reader.atEnd())
        return fail();
    return points;
}
