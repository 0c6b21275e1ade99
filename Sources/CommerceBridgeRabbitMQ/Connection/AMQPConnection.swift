import CRabbitMQ

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One librabbitmq connection with one channel (number 1). Not thread-safe: only the actor that owns it (a source
/// or a sink, on its own ``AMQPExecutor``) calls it.
///
/// Any failure that leaves the connection in doubt (a socket error, a closed channel, a timeout) abandons it:
/// ``isOpen`` turns false and the owner opens a new one. Delivery tags and publish sequence numbers belong to one
/// connection only.
final class AMQPConnection {
    /// A message taken from the queue.
    struct Delivery {
        var deliveryTag: UInt64
        var redelivered: Bool
        var routingKey: String
        var messageID: String?
        var headers: [String: String]
        var body: [UInt8]
        var deliveryCountHeader: Int?
    }

    /// What the broker said about the messages of one publish.
    struct ConfirmOutcome {
        var nacked = 0
        var returned: [(replyCode: Int, replyText: String, routingKey: String)] = []
    }

    let configuration: RabbitMQConfiguration
    private var state: amqp_connection_state_t?
    private let channel: amqp_channel_t = 1
    /// The publish sequence number of the next message once in confirm mode.
    private(set) var nextPublishTag: UInt64 = 1

    init(configuration: RabbitMQConfiguration) { self.configuration = configuration }

    deinit { abandon() }

    var isOpen: Bool { state != nil }

    private var server: String { configuration.description }

    private func error(
        _ code: RabbitMQError.Code, _ operation: String, replyCode: Int? = nil, replyText: String? = nil,
        detail: String? = nil, recovery: String
    ) -> RabbitMQError {
        RabbitMQError(
            code: code, operation: operation, server: server, replyCode: replyCode, replyText: replyText,
            detail: detail, recovery: recovery)
    }

    // MARK: Opening and closing

    /// Connects, logs in, and opens the channel.
    func open() throws {
        guard state == nil else { return }
        guard let connection = amqp_new_connection() else {
            throw error(.connectionFailed, "connect", detail: "out of memory", recovery: "free memory and retry")
        }
        state = connection
        do {
            try login(connection)
        } catch {
            abandon()
            throw error
        }
        nextPublishTag = 1
    }

    private func login(_ connection: amqp_connection_state_t) throws {
        guard let socket = amqp_tcp_socket_new(connection) else {
            throw error(.connectionFailed, "connect", detail: "cannot create a socket", recovery: "check file limits")
        }
        var connectTimeout = Self.makeTimeval(configuration.connectTimeout)
        let opened = amqp_socket_open_noblock(socket, configuration.host, Int32(configuration.port), &connectTimeout)
        guard opened == AMQP_STATUS_OK.rawValue else {
            throw error(
                .connectionFailed, "connect", detail: Self.statusText(opened),
                recovery: "check that the broker runs and listens on \(configuration.host):\(configuration.port)")
        }
        _ = amqp_set_handshake_timeout(connection, &connectTimeout)
        let arena = AMQPArena()
        var properties = arena.table([
            ("connection_name", .string(configuration.connectionName)), ("product", .string("CommerceBridge")),
        ])
        let heartbeat = Int32(clamping: configuration.heartbeat.components.seconds)
        let reply = cb_amqp_login_plain(
            connection, arena.cString(configuration.virtualHost), 0, 131_072, heartbeat, &properties,
            arena.cString(configuration.user), arena.cString(configuration.password))
        if reply.reply_type != AMQP_RESPONSE_NORMAL {
            let problem = self.failure(
                reply, "login as \(configuration.user) to virtual host \(configuration.virtualHost)")
            if problem.replyCode == 403 || problem.replyCode == 530 {
                // RabbitMQ answers bad credentials with connection.close 403 ACCESS_REFUSED (librabbitmq asks for
                // it with the authentication_failure_close capability), a forbidden virtual host with 530.
                throw error(
                    .authenticationFailed, problem.operation, replyCode: problem.replyCode,
                    replyText: problem.replyText, detail: problem.detail,
                    recovery: "check the user name and password, and that the user may access the virtual host")
            }
            throw problem
        }
        var rpcTimeout = Self.makeTimeval(configuration.operationTimeout)
        _ = amqp_set_rpc_timeout(connection, &rpcTimeout)
        amqp_channel_open(connection, channel)
        try check("channel.open")
    }

    /// Closes the channel and the connection politely (the broker requeues unacknowledged deliveries).
    func close() {
        guard let connection = state else { return }
        _ = amqp_channel_close(connection, channel, Int32(AMQP_REPLY_SUCCESS))
        _ = amqp_connection_close(connection, Int32(AMQP_REPLY_SUCCESS))
        amqp_destroy_connection(connection)
        state = nil
    }

    /// Drops the connection without a goodbye: its socket closes, the broker requeues its deliveries.
    func abandon() {
        guard let connection = state else { return }
        amqp_destroy_connection(connection)
        state = nil
    }

    // MARK: Requests

    private func connection(_ operation: String) throws -> amqp_connection_state_t {
        guard let state else {
            throw error(.connectionClosed, operation, recovery: "the connection was dropped; it reopens on next use")
        }
        return state
    }

    /// Throws the last request's failure, abandoning the connection when it was not a success.
    private func check(_ operation: String) throws {
        let reply = amqp_get_rpc_reply(try connection(operation))
        guard reply.reply_type == AMQP_RESPONSE_NORMAL else {
            let problem = failure(reply, operation)
            abandon()
            throw problem
        }
    }

    /// Declares an exchange (durable, not auto-deleted).
    func declareExchange(_ name: String, type: String) throws {
        let arena = AMQPArena()
        amqp_exchange_declare(
            try connection("exchange.declare \(name)"), channel, arena.bytes(name), arena.bytes(type), 0, 1, 0, 0,
            amqp_empty_table)
        try check("exchange.declare \(name)")
    }

    /// Declares a durable queue with arguments (`x-dead-letter-exchange`, `x-queue-type` …).
    func declareQueue(_ name: String, arguments: [(String, AMQPFieldValue)]) throws {
        let arena = AMQPArena()
        amqp_queue_declare(
            try connection("queue.declare \(name)"), channel, arena.bytes(name), 0, 1, 0, 0, arena.table(arguments))
        try check("queue.declare \(name)")
    }

    /// Binds a queue to an exchange with a routing pattern.
    func bind(queue: String, exchange: String, routingKey: String) throws {
        let arena = AMQPArena()
        let operation = "queue.bind \(queue) to \(exchange) with \(routingKey)"
        amqp_queue_bind(
            try connection(operation), channel, arena.bytes(queue), arena.bytes(exchange), arena.bytes(routingKey),
            amqp_empty_table)
        try check(operation)
    }

    /// Sets the prefetch count.
    func qos(prefetch: Int) throws {
        amqp_basic_qos(try connection("basic.qos"), channel, 0, UInt16(clamping: max(1, prefetch)), 0)
        try check("basic.qos \(prefetch)")
    }

    /// Starts consuming a queue with manual acknowledgements.
    func consume(queue: String) throws {
        let arena = AMQPArena()
        amqp_basic_consume(
            try connection("basic.consume \(queue)"), channel, arena.bytes(queue), amqp_empty_bytes, 0, 0, 0,
            amqp_empty_table)
        try check("basic.consume \(queue)")
    }

    /// Puts the channel in confirm mode.
    func confirmSelect() throws {
        amqp_confirm_select(try connection("confirm.select"), channel)
        try check("confirm.select")
    }

    /// Acknowledges one delivery.
    func ack(_ deliveryTag: UInt64) throws {
        let status = amqp_basic_ack(try connection("basic.ack"), channel, deliveryTag, 0)
        try checkStatus(status, "basic.ack \(deliveryTag)")
    }

    /// Rejects one delivery without requeueing it: the queue dead-letters it.
    func reject(_ deliveryTag: UInt64) throws {
        let status = amqp_basic_reject(try connection("basic.reject"), channel, deliveryTag, 0)
        try checkStatus(status, "basic.reject \(deliveryTag)")
    }

    private func checkStatus(_ status: Int32, _ operation: String) throws {
        guard status != AMQP_STATUS_OK.rawValue else { return }
        abandon()
        throw error(
            .connectionClosed, operation, detail: Self.statusText(status),
            recovery: "the connection was lost; it reopens on next use and unsettled deliveries come again")
    }

    // MARK: Consuming

    /// The next delivery, waiting up to `timeout` (zero: only what has arrived); `nil` when none came.
    func nextDelivery(timeout: Duration) throws -> Delivery? {
        let connection = try connection("basic.consume")
        amqp_maybe_release_buffers(connection)
        var envelope = amqp_envelope_t()
        var wait = Self.makeTimeval(timeout)
        let reply = amqp_consume_message(connection, &envelope, &wait, 0)
        if reply.reply_type == AMQP_RESPONSE_NORMAL {
            defer { amqp_destroy_envelope(&envelope) }
            let properties = envelope.message.properties
            let flags = properties._flags
            let headers = flags & CB_AMQP_HEADERS_FLAG != 0 ? properties.headers.textFields : [:]
            return Delivery(
                deliveryTag: envelope.delivery_tag, redelivered: envelope.redelivered != 0,
                routingKey: envelope.routing_key.string,
                messageID: flags & CB_AMQP_MESSAGE_ID_FLAG != 0 ? properties.message_id.string : nil,
                headers: headers, body: envelope.message.body.array,
                deliveryCountHeader: headers["x-delivery-count"].flatMap { Int($0) })
        }
        if reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION {
            if reply.library_error == AMQP_STATUS_TIMEOUT.rawValue { return nil }
            if reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue {
                // A method other than basic.deliver arrived: read it.
                var frame = amqp_frame_t()
                let status = amqp_simple_wait_frame(connection, &frame)
                try checkStatus(status, "basic.consume")
                if Int32(frame.frame_type) == AMQP_FRAME_METHOD {
                    try handleUnexpected(frame.payload.method, channel: frame.channel, during: "basic.consume")
                }
                return nil
            }
        }
        let problem = failure(reply, "basic.consume")
        abandon()
        throw problem
    }

    /// Deals with a method that came while waiting for something else: a closed channel or connection ends the
    /// connection (with the broker's reply in the error); a cancelled consumer too; anything else is ignored.
    private func handleUnexpected(_ method: amqp_method_t, channel: amqp_channel_t, during operation: String) throws {
        switch method.id {
        case CB_AMQP_CHANNEL_CLOSE:
            let close = Self.decoded(method, as: amqp_channel_close_t.self)
            let (code, text) = (close.map { Int($0.reply_code) } ?? 0, close?.reply_text.string ?? "")
            abandon()
            throw error(
                .channelClosed, operation, replyCode: code, replyText: text,
                recovery: Self.recovery(forReplyCode: code))
        case CB_AMQP_CONNECTION_CLOSE:
            let close = Self.decoded(method, as: amqp_connection_close_t.self)
            let (code, text) = (close.map { Int($0.reply_code) } ?? 0, close?.reply_text.string ?? "")
            if let state {
                var ok = amqp_connection_close_ok_t(dummy: 0)
                _ = amqp_send_method(state, 0, CB_AMQP_CONNECTION_CLOSE_OK, &ok)
            }
            abandon()
            throw error(
                .connectionClosed, operation, replyCode: code, replyText: text,
                recovery: "the broker closed the connection (a restart or an operator); it reopens on next use")
        case CB_AMQP_BASIC_CANCEL:
            abandon()
            throw error(
                .channelClosed, operation, replyText: "the broker cancelled the consumer (the queue was deleted?)",
                recovery: "the queue is declared again when the connection reopens")
        default:
            return
        }
    }

    // MARK: Publishing

    /// Publishes one persistent message; in confirm mode its sequence number is the returned tag.
    @discardableResult
    func publish(
        exchange: String, routingKey: String, messageID: String, type: String, contentType: String,
        correlationID: String?, headers: [String: String], body: Data, mandatory: Bool
    ) throws -> UInt64 {
        let operation = "basic.publish \(routingKey) to \(exchange.isEmpty ? "the default exchange" : exchange)"
        let connection = try connection(operation)
        let arena = AMQPArena()
        var properties = amqp_basic_properties_t()
        properties._flags =
            CB_AMQP_CONTENT_TYPE_FLAG | CB_AMQP_DELIVERY_MODE_FLAG | CB_AMQP_MESSAGE_ID_FLAG | CB_AMQP_TYPE_FLAG
        properties.content_type = arena.bytes(contentType)
        properties.delivery_mode = 2
        properties.message_id = arena.bytes(messageID)
        properties.type = arena.bytes(type)
        if let correlationID, !correlationID.isEmpty {
            properties._flags |= CB_AMQP_CORRELATION_ID_FLAG
            properties.correlation_id = arena.bytes(correlationID)
        }
        if !headers.isEmpty {
            properties._flags |= CB_AMQP_HEADERS_FLAG
            properties.headers = arena.table(headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        }
        let status = amqp_basic_publish(
            connection, channel, arena.bytes(exchange), arena.bytes(routingKey), mandatory ? 1 : 0, 0, &properties,
            arena.bytes(body))
        try checkStatus(status, operation)
        defer { nextPublishTag += 1 }
        return nextPublishTag
    }

    /// Waits until the broker confirmed every message through `lastTag` (acks or nacks), collecting returned
    /// messages on the way.
    func waitForConfirms(from firstTag: UInt64, through lastTag: UInt64, timeout: Duration) throws -> ConfirmOutcome {
        let operation = "waiting for publisher confirms"
        var outcome = ConfirmOutcome()
        var pending = Set(firstTag...lastTag)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while !pending.isEmpty {
            let connection = try connection(operation)
            let remaining = deadline - clock.now
            guard remaining > .zero else {
                abandon()
                throw error(
                    .timedOut, operation, detail: "\(pending.count) of \(lastTag - firstTag + 1) unconfirmed",
                    recovery: "the broker may be overloaded or blocked by a resource alarm; the publish is retried")
            }
            amqp_maybe_release_buffers(connection)
            var frame = amqp_frame_t()
            var wait = Self.makeTimeval(remaining)
            let status = amqp_simple_wait_frame_noblock(connection, &frame, &wait)
            if status == AMQP_STATUS_TIMEOUT.rawValue { continue }
            try checkStatus(status, operation)
            guard Int32(frame.frame_type) == AMQP_FRAME_METHOD else { continue }
            let method = frame.payload.method
            switch method.id {
            case CB_AMQP_BASIC_ACK:
                guard let ack = Self.decoded(method, as: amqp_basic_ack_t.self) else { continue }
                if ack.multiple != 0 {
                    pending = pending.filter { $0 > ack.delivery_tag }
                } else {
                    pending.remove(ack.delivery_tag)
                }
            case CB_AMQP_BASIC_NACK:
                guard let nack = Self.decoded(method, as: amqp_basic_nack_t.self) else { continue }
                let settled: Set<UInt64> =
                    nack.multiple != 0 ? pending.filter { $0 <= nack.delivery_tag } : [nack.delivery_tag]
                outcome.nacked += settled.intersection(pending).count
                pending.subtract(settled)
            case CB_AMQP_BASIC_RETURN:
                if let returned = Self.decoded(method, as: amqp_basic_return_t.self) {
                    outcome.returned.append(
                        (Int(returned.reply_code), returned.reply_text.string, returned.routing_key.string))
                }
                var message = amqp_message_t()
                let reply = amqp_read_message(connection, frame.channel, &message, 0)
                if reply.reply_type == AMQP_RESPONSE_NORMAL {
                    amqp_destroy_message(&message)
                } else {
                    let problem = failure(reply, operation)
                    abandon()
                    throw problem
                }
            default:
                try handleUnexpected(method, channel: frame.channel, during: operation)
            }
        }
        return outcome
    }

    // MARK: Errors

    /// The error a failed request reply stands for.
    private func failure(_ reply: amqp_rpc_reply_t, _ operation: String) -> RabbitMQError {
        switch reply.reply_type {
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            switch reply.reply.id {
            case CB_AMQP_CONNECTION_CLOSE:
                let close = Self.decoded(reply.reply, as: amqp_connection_close_t.self)
                let code = close.map { Int($0.reply_code) } ?? 0
                return error(
                    code == 403 ? .authenticationFailed : .connectionClosed, operation, replyCode: code,
                    replyText: close?.reply_text.string, recovery: Self.recovery(forReplyCode: code))
            case CB_AMQP_CHANNEL_CLOSE:
                let close = Self.decoded(reply.reply, as: amqp_channel_close_t.self)
                let code = close.map { Int($0.reply_code) } ?? 0
                return error(
                    .channelClosed, operation, replyCode: code, replyText: close?.reply_text.string,
                    recovery: Self.recovery(forReplyCode: code))
            default:
                return error(
                    .connectionClosed, operation, detail: "unexpected method \(reply.reply.id)",
                    recovery: "the connection reopens on next use")
            }
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            let timedOut = reply.library_error == AMQP_STATUS_TIMEOUT.rawValue
            return error(
                timedOut ? .timedOut : .connectionClosed, operation, detail: Self.statusText(reply.library_error),
                recovery: timedOut
                    ? "the broker did not answer within \(configuration.operationTimeout); it is retried"
                    : "the connection was lost; it reopens on next use and unsettled deliveries come again")
        default:
            return error(
                .connectionClosed, operation, detail: "no reply", recovery: "the connection reopens on next use")
        }
    }

    /// A method's decoded arguments (librabbitmq decodes every method it hands over).
    static func decoded<Method>(_ method: amqp_method_t, as type: Method.Type) -> Method? {
        method.decoded?.assumingMemoryBound(to: Method.self).pointee
    }

    static func recovery(forReplyCode code: Int) -> String {
        switch code {
        case 320: "the broker is shutting down or an operator closed the connection; it reopens when the broker is back"
        case 403: "the user may not do this: grant it configure/write/read permissions on the virtual host"
        case 404: "declare the exchange or queue first (or let the source or sink declare its topology)"
        case 405: "another connection holds the queue exclusively"
        case 406:
            "the exchange or queue exists with other arguments (type, durability, dead-letter exchange): delete it "
                + "or declare the same arguments"
        case 530: "the virtual host does not exist or the user may not use it"
        default: "check the broker's log; the operation is retried"
        }
    }

    static func statusText(_ status: Int32) -> String {
        guard let text = amqp_error_string2(status) else { return "status \(status)" }
        return String(cString: text)
    }

    static func makeTimeval(_ duration: Duration) -> timeval {
        let (seconds, attoseconds) = max(duration, .zero).components
        return timeval(
            tv_sec: Int(clamping: seconds), tv_usec: Int(clamping: attoseconds / 1_000_000_000_000))
    }
}
