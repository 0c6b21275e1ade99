public import CommerceBridge

/// A failure talking to RabbitMQ: what was being done, with which broker, the broker's AMQP reply when it gave one,
/// and what to do next. The password never appears in it.
///
/// Every code but ``Code/invalidURL`` and ``Code/shutDown`` is retryable: the outbox publishes again (with the
/// same message ids) and a source's caller receives again.
public struct RabbitMQError: Error, CustomStringConvertible, RetryClassifiable {
    /// What kind of failure it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case invalidURL, connectionFailed, authenticationFailed, connectionClosed, channelClosed, timedOut
            case publishRefused, publishReturned, shutDown
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The broker URL cannot be read.
        public static let invalidURL = Code(.invalidURL)
        /// The broker cannot be reached: refused, unreachable, or the handshake failed.
        public static let connectionFailed = Code(.connectionFailed)
        /// The broker refused the user name and password, or the user may not use the virtual host.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The connection ended: the broker closed it (a restart: 320 `CONNECTION_FORCED`), a socket error, or a
        /// missed heartbeat.
        public static let connectionClosed = Code(.connectionClosed)
        /// The broker refused an operation and closed the channel: 404 `NOT_FOUND` (a missing exchange or queue),
        /// 406 `PRECONDITION_FAILED` (a queue declared with other arguments), 403 `ACCESS_REFUSED`.
        public static let channelClosed = Code(.channelClosed)
        /// No answer, or no confirms, within ``RabbitMQConfiguration/operationTimeout``.
        public static let timedOut = Code(.timedOut)
        /// The broker did not take a published message (a `basic.nack`).
        public static let publishRefused = Code(.publishRefused)
        /// A published message reached no queue and came back (`basic.return`, 312 `NO_ROUTE`).
        public static let publishReturned = Code(.publishReturned)
        /// The source or sink was shut down.
        public static let shutDown = Code(.shutDown)

        /// The code's name.
        public var description: String { value.rawValue }
    }

    /// What kind of failure it is.
    public var code: Code
    /// What was being done: `exchange.declare commerce.events`, `basic.publish commercebridge.order.exported`.
    public var operation: String
    /// The broker, as `amqp://user@host:port/vhost` (no password).
    public var server: String
    /// The broker's AMQP reply code (404, 406, 320 …), when it gave one.
    public var replyCode: Int?
    /// The broker's reply text (`NOT_FOUND - no exchange 'x' in vhost '/'`), when it gave one.
    public var replyText: String?
    /// More about it: the client library's status, a count of refused messages.
    public var detail: String?
    /// What to do next.
    public var recovery: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - operation: What was being done.
    ///   - server: The broker, without its password.
    ///   - replyCode: The broker's AMQP reply code.
    ///   - replyText: The broker's reply text.
    ///   - detail: More about it.
    ///   - recovery: What to do next.
    public init(
        code: Code, operation: String, server: String, replyCode: Int? = nil, replyText: String? = nil,
        detail: String? = nil, recovery: String
    ) {
        self.code = code
        self.operation = operation
        self.server = server
        self.replyCode = replyCode
        self.replyText = replyText
        self.detail = detail
        self.recovery = recovery
    }

    /// Whether the connection was lost or could not be made: waiting for the broker can mend it.
    var isConnectionLoss: Bool { code == .connectionFailed || code == .connectionClosed || code == .timedOut }

    /// Whether trying again later can succeed: all but ``Code/invalidURL`` and ``Code/shutDown``.
    public var isRetryable: Bool { code != .invalidURL && code != .shutDown }

    /// `RabbitMQ <code> during <operation> on <server>: <reply> (<detail>). <recovery>`
    public var description: String {
        var text = "RabbitMQ \(code) during \(operation) on \(server)"
        if let replyCode { text += ": \(replyCode)" }
        if let replyText { text += replyCode == nil ? ": \(replyText)" : " \(replyText)" }
        if let detail { text += " (\(detail))" }
        return text + ". " + recovery
    }
}
