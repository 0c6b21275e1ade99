import AdobeCommerce
import CommerceBridgeHTTPServer
import Foundation

/// A bare TCP connection to the server, to send exactly the bytes a test means (slowly, pipelined, malformed)
/// and read the answers one by one. Its waits run on a thread of their own, never blocking the cooperative pool
/// the server's endpoints need. One task uses a client at a time. The `blocking…` methods are for a scene run on a
/// thread of its own (``offPool(_:)``), whose steps must follow one another without waiting for the pool.
/// Timeouts only guard against hangs: under the full suite on two cores, many seconds' stalls are ordinary.
final class RawClient: @unchecked Sendable {
    struct Refused: Error {}
    struct TimedOut: Error, CustomStringConvertible {
        var waitingFor: String
        var description: String { "timed out waiting for \(waitingFor)" }
    }

    /// A response as read off the wire.
    struct Response {
        var status: Int
        var head: String
        var body: Data

        /// The first value of the header `name`.
        func header(_ name: String) -> String? {
            for line in head.components(separatedBy: "\r\n").dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                if line[..<colon].lowercased() == name.lowercased() {
                    return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var closedByServer = false

    init(port: UInt16) throws {
        guard let descriptor = ServerSocket.connect(port: port) else { throw Refused() }
        self.descriptor = descriptor
    }

    deinit { ServerSocket.close(descriptor) }

    /// Sends `bytes`; `false` when the server has closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool { ServerSocket.sendAll(descriptor, bytes) }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads more bytes into the buffer; `false` when the server closed the connection or `deadline` passed.
    private func fill(until deadline: ContinuousClock.Instant) -> Bool {
        while ContinuousClock.now < deadline {
            guard ServerSocket.waitReadable(descriptor, milliseconds: 50) else { continue }
            guard let bytes = ServerSocket.receive(descriptor) else {
                closedByServer = true
                return false
            }
            buffer += bytes
            return true
        }
        return false
    }

    /// Reads one response; with `head` set, one without a body (the answer to `HEAD`).
    func response(head: Bool = false, within timeout: Duration = .seconds(60)) async throws -> Response {
        try await offPool { try self.blockingResponse(head: head, within: timeout) }
    }

    /// Waits until the server closes the connection, discarding what arrives; `true` when it did within `timeout`.
    func waitForClose(within timeout: Duration) async -> Bool {
        (try? await offPool { self.blockingWaitForClose(within: timeout) }) ?? false
    }

    /// Whether the server has neither sent anything more nor closed the connection, seen without waiting.
    var isWaiting: Bool { buffer.isEmpty && !closedByServer && !ServerSocket.waitReadable(descriptor, milliseconds: 0) }

    /// Whether the server closed the connection without sending anything more.
    func closesWithoutAnswer(within timeout: Duration) async -> Bool {
        let before = buffer.count
        return await waitForClose(within: timeout) && buffer.count == before
    }

    /// ``response(head:within:)`` on the caller's thread.
    func blockingResponse(head: Bool = false, within timeout: Duration = .seconds(60)) throws -> Response {
        let deadline = ContinuousClock.now + timeout
        var end: Int?
        while true {
            if let found = find([13, 10, 13, 10]) {
                end = found
                break
            }
            guard fill(until: deadline) else { throw TimedOut(waitingFor: "a response head") }
        }
        let headBytes = Array(buffer[..<end!])
        let text = String(decoding: headBytes, as: UTF8.self)
        buffer.removeFirst(end! + 4)
        let statusLine = text.prefix { $0 != "\r" }.split(separator: " ")
        let status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        var response = Response(status: status, head: text, body: Data())
        let length = head ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
        while buffer.count < length {
            guard fill(until: deadline) else { throw TimedOut(waitingFor: "a body of \(length) bytes") }
        }
        response.body = Data(buffer[..<length])
        buffer.removeFirst(length)
        return response
    }

    /// ``waitForClose(within:)`` on the caller's thread.
    func blockingWaitForClose(within timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !closedByServer {
            guard fill(until: deadline) || closedByServer else { return false }
        }
        return true
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for index in 0...(buffer.count - pattern.count)
        where buffer[index..<index + pattern.count].elementsEqual(pattern) {
            return index
        }
        return nil
    }
}

/// Runs blocking `body` on a thread of its own and returns its result.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

/// Answers with what it received, so a test can see what the server handed the endpoint.
struct EchoEndpoint: HTTPEndpoint {
    func respond(to request: InboundHTTPRequest) async -> HTTPResponse {
        var response = HTTPResponse.json(200, request.body)
        response.headers["X-Method"] = request.method.rawValue
        response.headers["X-Path"] = request.path
        response.headers["X-Query"] = request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        response.headers["X-Remote"] = request.remoteAddress ?? "unknown"
        return response
    }
}
