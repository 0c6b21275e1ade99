#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX socket calls the server (and its tests) make, on 127.0.0.1 only: nothing here can listen on or
/// connect to another address.
package enum LoopbackSocket {
    /// A socket listening on 127.0.0.1 at `port` (0 for an ephemeral one), and the port it got.
    static func listen(port: UInt16, backlog: Int32 = 128) throws(FakeCommerceServer.StartError) -> (
        descriptor: Int32, port: UInt16
    ) {
        guard let descriptor = streamSocket() else {
            throw .init(port: port, reason: "socket() failed", errno: errno)
        }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withLoopbackAddress(port: port) { bind(descriptor, $0, $1) }
        guard bound == 0 else {
            let code = errno
            Self.close(descriptor)
            throw .init(port: port, reason: "the port is taken or not allowed", errno: code)
        }
        #if canImport(Darwin)
            let listening = Darwin.listen(descriptor, backlog)
        #else
            let listening = Glibc.listen(descriptor, backlog)
        #endif
        guard listening == 0 else {
            let code = errno
            Self.close(descriptor)
            throw .init(port: port, reason: "listen() failed", errno: code)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, UInt16(bigEndian: actual.sin_port))
    }

    /// A connection to 127.0.0.1 at `port`, or `nil` when it is refused.
    package static func connect(port: UInt16) -> Int32? {
        guard let descriptor = streamSocket() else { return nil }
        #if canImport(Darwin)
            let connected = withLoopbackAddress(port: port) { Darwin.connect(descriptor, $0, $1) }
        #else
            let connected = withLoopbackAddress(port: port) { Glibc.connect(descriptor, $0, $1) }
        #endif
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// A TCP socket kept out of child processes, or `nil`.
    private static func streamSocket() -> Int32? {
        #if canImport(Darwin)
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #else
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard descriptor >= 0 else { return nil }
        closeOnExec(descriptor)
        return descriptor
    }

    /// Calls `body` with 127.0.0.1:`port` as a `sockaddr` and its length.
    private static func withLoopbackAddress(
        port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32
    ) -> Int32 {
        var address = sockaddr_in()
        #if canImport(Darwin)
            address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    /// Keeps `descriptor` out of child processes: a child holding a copy would keep a connection open after the
    /// server closed it.
    private static func closeOnExec(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
    }

    /// Waits up to `milliseconds` for `descriptor` to be readable (or closed); `true` when it is.
    static func waitReadable(_ descriptor: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }

    /// Accepts a pending connection, or `nil`.
    static func accept(_ listener: Int32) -> Int32? {
        #if canImport(Darwin)
            let descriptor = Darwin.accept(listener, nil, nil)
        #else
            let descriptor = Glibc.accept(listener, nil, nil)
        #endif
        guard descriptor >= 0 else { return nil }
        closeOnExec(descriptor)
        #if canImport(Darwin)
            var yes: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return descriptor
    }

    /// Up to 64 KiB, or `nil` when the peer closed or the read failed.
    package static func receive(_ descriptor: Int32) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: 65_536)
        let count = bytes.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Array(bytes[0..<count])
    }

    /// Writes all of `bytes`; `false` when the peer went away (never raises SIGPIPE).
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

    package static func close(_ descriptor: Int32) {
        #if canImport(Darwin)
            _ = Darwin.close(descriptor)
        #else
            _ = Glibc.close(descriptor)
        #endif
    }
}
