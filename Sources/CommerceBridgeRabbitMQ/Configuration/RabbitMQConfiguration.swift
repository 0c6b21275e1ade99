/// Where and how to reach a RabbitMQ broker (AMQP 0-9-1 over plain TCP).
///
/// ```swift
/// var configuration = try RabbitMQConfiguration(url: "amqp://connector:s3cret@rabbit.internal:5672/commerce")
/// configuration.prefetch = 200
/// let source = RabbitMQEventSource(configuration: configuration, options: .init(queue: "erp.commerce-events"))
/// ```
///
/// The password never appears in ``description``, in errors or in logs.
public struct RabbitMQConfiguration: Sendable, CustomStringConvertible {
    /// How to come back after the broker went away (a restart, a network cut).
    public struct Reconnect: Sendable {
        /// The wait before the second attempt; it doubles after each failure.
        public var initialDelay: Duration
        /// The longest wait between attempts.
        public var maximumDelay: Duration
        /// How long the broker may stay unreachable before an operation throws instead of waiting on.
        public var giveUpAfter: Duration

        /// Creates a policy: from 100 ms doubling up to 5 s between attempts, giving up after 60 s.
        public init(
            initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(5),
            giveUpAfter: Duration = .seconds(60)
        ) {
            self.initialDelay = initialDelay
            self.maximumDelay = maximumDelay
            self.giveUpAfter = giveUpAfter
        }
    }

    /// The broker's host name or address.
    public var host: String = "localhost"
    /// The broker's AMQP port.
    public var port: Int = 5672
    /// The virtual host.
    public var virtualHost: String = "/"
    /// The user name.
    public var user: String = "guest"
    /// The password; never shown in ``description`` or errors.
    public var password: String = "guest"
    /// The heartbeat interval asked of the broker, or zero for none. Heartbeats are exchanged while the connection
    /// is in use (receiving, publishing); a consumer that stops calling for more than twice this is disconnected by
    /// the broker, and its unacknowledged events are delivered again.
    public var heartbeat: Duration = .seconds(60)
    /// The longest wait for the TCP connection and the AMQP handshake.
    public var connectTimeout: Duration = .seconds(10)
    /// The longest wait for the broker's answer to a request, and for the confirms of a publish.
    public var operationTimeout: Duration = .seconds(30)
    /// How many unacknowledged deliveries the broker sends a consumer (`basic.qos` prefetch count); at most 65,535.
    public var prefetch: Int = 100
    /// The name the connection shows in the broker's management UI.
    public var connectionName: String = "commerce-bridge"
    /// How to come back after the broker went away.
    public var reconnect = Reconnect()

    /// The defaults: `guest` on `localhost:5672`, virtual host `/`.
    public init() {}

    /// Reads `amqp://user:password@host:port/vhost`; every part is optional and percent-decoded (`%2F` for `/` in a
    /// virtual host name). No path (or an empty one) means the virtual host `/`.
    /// - Parameter url: The URL.
    /// - Throws: ``RabbitMQError`` with ``RabbitMQError/Code/invalidURL`` for another scheme (`amqps` is not
    ///   supported: terminate TLS in front of the broker, or connect inside a private network), a bad port or bad
    ///   percent-encoding; the message never shows the password.
    public init(url: String) throws {
        let shown = Self.redacted(url)
        func invalid(_ problem: String) -> RabbitMQError {
            RabbitMQError(
                code: .invalidURL, operation: "read the broker URL", server: shown, detail: problem,
                recovery: "write it as amqp://user:password@host:5672/vhost, percent-encoding reserved characters")
        }
        guard let schemeEnd = url.firstRange(of: "://") else { throw invalid("no scheme") }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "amqp" else {
            throw invalid(
                scheme == "amqps"
                    ? "amqps (TLS) is not supported by this client" : "the scheme is \(scheme), not amqp")
        }
        var rest = url[schemeEnd.upperBound...]
        var path: Substring?
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        if let query = path?.firstIndex(of: "?") { path = path?[..<query] }
        var hostPort = rest
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            hostPort = rest[rest.index(after: at)...]
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.percentDecoded(parts[0]) else { throw invalid("bad percent-encoding in the user") }
            user = name
            if parts.count == 2 {
                guard let secret = Self.percentDecoded(parts[1]) else {
                    throw invalid("bad percent-encoding in the password")
                }
                password = secret
            }
        }
        var hostPart = hostPort
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            hostPart = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()), (1...65_535).contains(number) else {
                    throw invalid("the port is not a number from 1 to 65535")
                }
                port = number
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            hostPart = hostPort[..<colon]
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65_535).contains(number) else {
                throw invalid("the port is not a number from 1 to 65535")
            }
            port = number
        }
        if !hostPart.isEmpty {
            guard let decoded = Self.percentDecoded(hostPart) else { throw invalid("bad percent-encoding in the host") }
            host = decoded
        }
        if let path, !path.isEmpty {
            guard let decoded = Self.percentDecoded(path) else {
                throw invalid("bad percent-encoding in the virtual host")
            }
            virtualHost = decoded
        }
    }

    /// `amqp://user@host:port/vhost`, without the password.
    public var description: String {
        let vhost = virtualHost == "/" ? "%2F" : virtualHost
        return "amqp://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(vhost)"
    }

    /// A URL with any password replaced by `***`, for messages about it.
    static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.firstRange(of: "://") else { return "(not a URL)" }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue)
            else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
