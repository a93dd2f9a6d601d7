#pragma once

#include <QtGlobal>

#include <algorithm>
#include <deque>
#include <memory>

// Append-only storage in large blocks, released from the front: the line store keeps every
// line's text (and spans) here instead of in an allocation per line. Pointers handed out stay
// valid until their block is released. Each block remembers the last line that uses it, so
// trimming old lines frees whole blocks. A freed block of the standard size is kept for the
// next one: a full scrollback then recycles its memory instead of returning it to the system
// and faulting fresh pages in for every block (which cost a third of the intake time).
template <typename T>
class BlockArena
{
public:
    explicit BlockArena(qsizetype blockSize)
        : m_blockSize(blockSize)
    {}

    // Copies n items for line 'line' (numbers only grow); nullptr when n is 0.
    const T *append(const T *items, qsizetype n, qint64 line)
    {
        if (n <= 0)
            return nullptr;
        if (m_blocks.empty() || m_blocks.back().capacity - m_blocks.back().used < n) {
            Block block;
            block.capacity = std::max(m_blockSize, n); // a huge line gets a block of its own
            if (block.capacity == m_blockSize && m_spare)
                block.data = std::move(m_spare);
            else
                block.data.reset(new T[size_t(block.capacity)]);
            m_blocks.push_back(std::move(block));
        }
        Block &block = m_blocks.back();
        T *at = block.data.get() + block.used;
        std::copy(items, items + n, at);
        block.used += n;
        block.lastLine = line;
        return at;
    }

    // Frees the blocks whose lines all come before firstLine.
    void releaseBefore(qint64 firstLine)
    {
        while (!m_blocks.empty() && m_blocks.front().lastLine < firstLine) {
            if (m_blocks.front().capacity == m_blockSize)
                m_spare = std::move(m_blocks.front().data);
            m_blocks.pop_front();
        }
    }

    void clear()
    {
        m_blocks.clear();
        m_spare.reset();
    }

private:
    struct Block
    {
        std::unique_ptr<T[]> data;
        qsizetype capacity = 0;
        qsizetype used = 0;
        qint64 lastLine = -1;
    };
    std::deque<Block> m_blocks;
    std::unique_ptr<T[]> m_spare;
    qsizetype m_blockSize;
};
