import AdobeCommerce
import Dispatch
import Synchronization

/// Serves one connection on its own thread: reads requests with the parser, answers each, and closes the
/// connection when the client asks, a request is refused, a timeout passes, or the server stops.
struct HTTPConnection {
    private enum ReadResult {
        case bytes([UInt8])
        case closed
        case timedOut
        case stopping
    }

    let descriptor: Int32
    let peer: String?
    let core: ServerCore
    private var parser: HTTPRequestParser

    init(descriptor: Int32, peer: String?, core: ServerCore) {
        self.descriptor = descriptor
        self.peer = peer
        self.core = core
        self.parser = HTTPRequestParser(limits: core.configuration.parserLimits)
    }

    /// Answers requests until the connection ends; the caller closes the descriptor.
    mutating func run() {
        let configuration = core.configuration
        ServerSocket.setSendTimeout(descriptor, configuration.writeTimeout)
        // The first request must arrive within the read timeout of the accept; later ones start their clock at
        // their first byte, after an idle wait of at most the idle timeout.
        var deadline: ContinuousClock.Instant? = .now + configuration.readTimeout
        while true {
            let step: HTTPRequestParser.Step
            do throws(HTTPRequestError) {
                step = try parser.next()
            } catch {
                refuse(error)
                return
            }
            switch step {
            case .sendContinue:
                guard ServerSocket.sendAll(descriptor, HTTPResponseEncoder.continueLine) else { return }
            case .request(let request):
                guard let response = respond(to: request) else { return }
                let keepAlive =
                    configuration.keepAlive && request.keepAlive && !core.isStopping
                    && !(response.headers["Connection"] ?? "").lowercased().contains("close")
                let bytes = HTTPResponseEncoder.encode(response, keepAlive: keepAlive, head: request.method == "HEAD")
                guard ServerSocket.sendAll(descriptor, bytes) else { return }
                guard keepAlive else {
                    core.drainAfterClosing(descriptor, for: .seconds(1))
                    return
                }
                deadline = parser.isIdle ? nil : .now + configuration.readTimeout
            case .needMoreData:
                let waitingIdle = deadline == nil
                switch read(until: deadline ?? .now + configuration.idleTimeout) {
                case .bytes(let bytes):
                    if waitingIdle { deadline = .now + configuration.readTimeout }
                    parser.append(bytes)
                case .closed, .stopping:
                    return
                case .timedOut:
                    // An idle connection, or a new one that never sent a byte, just closes; a request cut off
                    // half-way is told why.
                    if !waitingIdle, !parser.isIdle { refuse(.timedOut) }
                    return
                }
            }
        }
    }

    /// The handler's response, or `nil` to drop the connection without one.
    private func respond(to request: HTTPWireRequest) -> HTTPResponse? {
        switch core.handler {
        case .blocking(let respond):
            return respond(request, peer)
        case .endpoint(let endpoint):
            let inbound = request.inbound(remoteAddress: peer)
            let answer = PendingResponse()
            Task { answer.fulfil(await endpoint.respond(to: inbound)) }
            return answer.wait()
        }
    }

    /// Reads the next bytes, waiting in short polls so a stopping server is noticed.
    private func read(until deadline: ContinuousClock.Instant) -> ReadResult {
        while true {
            if core.isStopping { return .stopping }
            let remaining = deadline - .now
            guard remaining > .zero else { return .timedOut }
            if ServerSocket.waitReadable(descriptor, milliseconds: min(50, remaining.pollMilliseconds)) {
                return ServerSocket.receive(descriptor).map(ReadResult.bytes) ?? .closed
            }
        }
    }

    /// Answers a request that could not be read, then closes gracefully.
    private func refuse(_ error: HTTPRequestError) {
        guard ServerSocket.sendAll(descriptor, HTTPResponseEncoder.refusal(error)) else { return }
        core.drainAfterClosing(descriptor, for: .seconds(1))
    }
}

/// A response computed by a task, waited for by the connection's thread (never a thread of the cooperative
/// pool).
private final class PendingResponse: Sendable {
    private let response = Mutex<HTTPResponse?>(nil)
    private let done = DispatchSemaphore(value: 0)

    func fulfil(_ value: HTTPResponse) {
        response.withLock { $0 = value }
        done.signal()
    }

    func wait() -> HTTPResponse {
        done.wait()
        return response.withLock { $0 } ?? .jsonMessage(500, "The endpoint gave no response.")
    }
}
