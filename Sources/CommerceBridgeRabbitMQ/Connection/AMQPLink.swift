#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The connection a source or sink holds, reopened with backoff when it was lost. Each reopening starts a new
/// generation: delivery tags and publish sequence numbers of an older generation mean nothing on the new one.
struct AMQPLink {
    let configuration: RabbitMQConfiguration
    private(set) var connection: AMQPConnection?
    /// Counts the connections opened; 0 before the first.
    private(set) var generation = 0
    private var downSince: ContinuousClock.Instant?
    private(set) var isShutDown = false
    private let clock = ContinuousClock()

    init(configuration: RabbitMQConfiguration) { self.configuration = configuration }

    /// The open connection of the current generation, if there is one.
    var openConnection: AMQPConnection? { connection?.isOpen == true ? connection : nil }

    /// Whether the broker has been unreachable for longer than ``RabbitMQConfiguration/Reconnect/giveUpAfter``.
    var isDownTooLong: Bool {
        guard let downSince else { return false }
        return clock.now - downSince > configuration.reconnect.giveUpAfter
    }

    /// The open connection, opening a new one (and running `setup` on it) when there is none, attempt after attempt
    /// with backoff until `deadline`.
    /// - Throws: The last attempt's error when the deadline passes; at once an error that waiting cannot mend (bad
    ///   credentials, a refused declaration); ``RabbitMQError/Code/shutDown``; `CancellationError`.
    mutating func connected(
        until deadline: ContinuousClock.Instant, setup: (AMQPConnection) throws -> Void
    ) throws -> AMQPConnection {
        if isShutDown {
            throw RabbitMQError(
                code: .shutDown, operation: "connect", server: configuration.description,
                recovery: "make a new source or sink")
        }
        if let openConnection { return openConnection }
        connection = nil
        if downSince == nil { downSince = clock.now }
        var delay = configuration.reconnect.initialDelay
        while true {
            try Task.checkCancellation()
            let candidate = AMQPConnection(configuration: configuration)
            do {
                try candidate.open()
                try setup(candidate)
                connection = candidate
                generation += 1
                downSince = nil
                return candidate
            } catch let error as RabbitMQError {
                candidate.abandon()
                guard error.isConnectionLoss, clock.now.advanced(by: delay) < deadline
                else { throw error }
            }
            try Self.sleep(delay)
            delay = min(delay * 2, configuration.reconnect.maximumDelay)
        }
    }

    /// Forgets a connection that failed, so the next use opens another.
    mutating func dropIfBroken() {
        guard let connection, !connection.isOpen else { return }
        self.connection = nil
        if downSince == nil { downSince = clock.now }
    }

    /// Drops the connection without a goodbye, as a network cut would.
    mutating func cut() {
        connection?.abandon()
        dropIfBroken()
    }

    /// Closes the connection politely; the link opens no other.
    mutating func shutdown() {
        connection?.close()
        connection = nil
        isShutDown = true
    }

    /// Blocks the calling thread (the owner's own executor, never the cooperative pool) in short slices, so
    /// cancellation is noticed.
    static func sleep(_ duration: Duration) throws {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: duration)
        while clock.now < end {
            try Task.checkCancellation()
            let slice = min(end - clock.now, .milliseconds(50))
            let (seconds, attoseconds) = slice.components
            usleep(useconds_t(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
        }
    }
}
