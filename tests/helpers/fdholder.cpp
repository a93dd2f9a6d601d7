// A stranger to the run: holds a descriptor a task hands it over a Unix socket.
//   fdholder serve SOCKET   listens, prints "ready", takes one descriptor, prints "holding"
//                           (to its own stdout, never the received one), then waits forever
//   fdholder send SOCKET    connects and passes its own stdout (fd 1) over, then exits
#include <cstdio>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int fail(const char *what)
{
    std::perror(what);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return fail("usage: fdholder serve|send SOCKET");
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, argv[2], sizeof address.sun_path - 1);
    const int sock = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        return fail("socket");
    char byte = 'x';
    iovec io{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr message{};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;

    if (std::strcmp(argv[1], "send") == 0) {
        if (::connect(sock, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            return fail("connect");
        cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int));
        const int fd = STDOUT_FILENO;
        std::memcpy(CMSG_DATA(header), &fd, sizeof fd);
        return ::sendmsg(sock, &message, 0) == 1 ? 0 : fail("sendmsg");
    }
    ::unlink(argv[2]);
    if (::bind(sock, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(sock, 1) != 0)
        return fail("bind");
    std::printf("ready\n");
    std::fflush(stdout);
    const int connection = ::accept(sock, nullptr, nullptr);
    if (connection < 0 || ::recvmsg(connection, &message, 0) != 1)
        return fail("recvmsg");
    std::printf("holding\n");
    std::fflush(stdout);
    for (;;)
        ::pause(); // holding the descriptor until killed
}
