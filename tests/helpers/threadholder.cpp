// A process with threads that do nothing, for the tests that count them:
//   threadholder N    starts N threads besides its main one, then waits, all of them, until a
//                     signal ends it (N + 1 threads in /proc/PID/stat)
#include <cstdlib>
#include <thread>
#include <unistd.h>
#include <vector>

int main(int argc, char **argv)
{
    const int count = argc > 1 ? std::atoi(argv[1]) : 4;
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i)
        threads.emplace_back([] {
            for (;;)
                ::pause();
        });
    for (;;)
        ::pause();
}
