#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The POSIX socket calls the server (and the tests that talk to it) make. Every call blocks its thread; the
/// server makes them on its own threads, never on Swift's cooperative pool.
package enum ServerSocket {
    /// A socket listening on `host` (an IPv4 or IPv6 address, or `localhost`) at `port` (0 for an ephemeral one),
    /// and the port it got.
    static func listen(host: String, port: UInt16, backlog: Int32 = 128) throws(HTTPServer.StartError) -> (
        descriptor: Int32, port: UInt16
    ) {
        guard var address = SocketAddress(host: host, port: port) else {
            throw HTTPServer.StartError(code: .invalidHost, host: host, port: port, errno: 0)
        }
        guard let descriptor = streamSocket(family: address.family) else {
            throw HTTPServer.StartError(code: .systemCallFailed("socket()"), host: host, port: port, errno: errno)
        }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = address.withSockaddr { bind(descriptor, $0, $1) }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw HTTPServer.StartError(code: .addressUnavailable, host: host, port: port, errno: code)
        }
        #if canImport(Darwin)
            let listening = Darwin.listen(descriptor, backlog)
        #else
            let listening = Glibc.listen(descriptor, backlog)
        #endif
        guard listening == 0 else {
            let code = errno
            close(descriptor)
            throw HTTPServer.StartError(code: .systemCallFailed("listen()"), host: host, port: port, errno: code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = address.withMutableSockaddr { getsockname(descriptor, $0, &length) }
        return (descriptor, address.port)
    }

    /// A connection to `host` (default 127.0.0.1) at `port`, or `nil` when it is refused.
    package static func connect(host: String = "127.0.0.1", port: UInt16) -> Int32? {
        guard let address = SocketAddress(host: host, port: port),
            let descriptor = streamSocket(family: address.family)
        else { return nil }
        #if canImport(Darwin)
            let connected = address.withSockaddr { Darwin.connect(descriptor, $0, $1) }
        #else
            let connected = address.withSockaddr { Glibc.connect(descriptor, $0, $1) }
        #endif
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
        noSignalOnWrite(descriptor)
        return descriptor
    }

    /// Accepts a pending connection: its descriptor and the peer's `address:port`, or `nil`.
    static func accept(_ listener: Int32) -> (descriptor: Int32, peer: String?)? {
        var peer = SocketAddress()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        #if canImport(Darwin)
            let descriptor = peer.withMutableSockaddr { Darwin.accept(listener, $0, &length) }
        #else
            let descriptor = peer.withMutableSockaddr { Glibc.accept(listener, $0, &length) }
        #endif
        guard descriptor >= 0 else { return nil }
        closeOnExec(descriptor)
        noSignalOnWrite(descriptor)
        var yes: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        let text = peer.description
        return (descriptor, text.isEmpty ? nil : text)
    }

    /// Makes a write that cannot complete within `timeout` fail instead of blocking the thread for ever.
    static func setSendTimeout(_ descriptor: Int32, _ timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        var value = timeval()
        value.tv_sec = .init(max(0, seconds))
        value.tv_usec = .init(max(0, attoseconds / 1_000_000_000_000))
        if value.tv_sec == 0, value.tv_usec == 0 { value.tv_usec = 1_000 }
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Waits up to `milliseconds` for `descriptor` to be readable (or closed); `true` when it is.
    package static func waitReadable(_ descriptor: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&entry, 1, milliseconds)
            if ready < 0, errno == EINTR { continue }
            return ready > 0
        }
    }

    /// Up to 64 KiB, or `nil` when the peer closed or the read failed.
    package static func receive(_ descriptor: Int32) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = bytes.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            bytes.removeLast(bytes.count - count)
            return bytes
        }
    }

    /// Writes all of `bytes`; `false` when the peer went away or the send timeout passed (never raises SIGPIPE).
    package static func sendAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        #if canImport(Darwin)
            let flags: Int32 = 0
        #else
            let flags = Int32(MSG_NOSIGNAL)
        #endif
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, flags) }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Half-closes the connection: the peer reads the end of the answer, and may still send.
    static func finishWriting(_ descriptor: Int32) {
        #if canImport(Darwin)
            _ = Darwin.shutdown(descriptor, SHUT_WR)
        #else
            _ = Glibc.shutdown(descriptor, Int32(SHUT_WR))
        #endif
    }

    /// Closes the descriptor.
    package static func close(_ descriptor: Int32) {
        #if canImport(Darwin)
            _ = Darwin.close(descriptor)
        #else
            _ = Glibc.close(descriptor)
        #endif
    }

    /// A TCP socket kept out of child processes, or `nil`.
    private static func streamSocket(family: Int32) -> Int32? {
        #if canImport(Darwin)
            let descriptor = socket(family, SOCK_STREAM, 0)
        #else
            let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard descriptor >= 0 else { return nil }
        closeOnExec(descriptor)
        return descriptor
    }

    /// Keeps `descriptor` out of child processes: a child holding a copy would keep a connection open after the
    /// server closed it.
    private static func closeOnExec(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
    }

    private static func noSignalOnWrite(_ descriptor: Int32) {
        #if canImport(Darwin)
            var yes: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }
}
