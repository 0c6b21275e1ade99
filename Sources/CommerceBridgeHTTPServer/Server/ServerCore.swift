import AdobeCommerce
import Foundation
import Synchronization

/// The server's shared state and its accept loop, owned by no thread in particular: the accept thread and one
/// thread per connection hold it, and ``HTTPServer`` stops it.
final class ServerCore: Sendable {
    /// Who answers requests.
    enum Handler: Sendable {
        /// An endpoint, awaited from the connection's thread.
        case endpoint(any HTTPEndpoint)
        /// A function called on the connection's thread; `nil` drops the connection without an answer.
        case blocking(@Sendable (HTTPWireRequest, _ peer: String?) -> HTTPResponse?)
    }

    private struct State {
        var stopping = false
        var accepting = true
        var open = 0
        var refusing = 0
        var accepted = 0
        var waiters: [@Sendable () -> Void] = []

        var finished: Bool { !accepting && open == 0 && refusing == 0 }
    }

    /// Busy refusals answered at once; connections beyond are closed without an answer.
    private static let maximumRefusing = 8

    let listener: Int32
    let configuration: HTTPServer.Configuration
    let handler: Handler
    private let state = Mutex(State())

    init(listener: Int32, configuration: HTTPServer.Configuration, handler: Handler) {
        self.listener = listener
        self.configuration = configuration
        self.handler = handler
    }

    var isStopping: Bool { state.withLock { $0.stopping } }
    var acceptedConnections: Int { state.withLock { $0.accepted } }
    var openConnections: Int { state.withLock { $0.open } }

    /// Stops accepting; connections close after the response they are computing, or at once when idle.
    func stop() { state.withLock { $0.stopping = true } }

    /// Calls `body` once the listener and every connection are closed (at once if they are).
    func whenFinished(_ body: @escaping @Sendable () -> Void) {
        let now = state.withLock { state in
            if state.finished { return true }
            state.waiters.append(body)
            return false
        }
        if now { body() }
    }

    private func update(_ change: (inout State) -> Void) {
        let waiters = state.withLock { state in
            change(&state)
            guard state.finished else { return [@Sendable () -> Void]() }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter() }
    }

    /// Accepts connections until stopped, each served on its own thread; then closes the listener.
    func acceptLoop() {
        while !isStopping {
            guard ServerSocket.waitReadable(listener, milliseconds: 50), let accepted = ServerSocket.accept(listener)
            else { continue }
            let (descriptor, peer) = accepted
            // true: serve; false: answer 503; nil: too many refusals under way, close at once.
            let admitted = state.withLock { state -> Bool? in
                state.accepted += 1
                guard state.open < configuration.maximumConnections else {
                    guard state.refusing < Self.maximumRefusing else { return nil }
                    state.refusing += 1
                    return false
                }
                state.open += 1
                return true
            }
            switch admitted {
            case true:
                Thread.detachNewThread { [self] in
                    var connection = HTTPConnection(descriptor: descriptor, peer: peer, core: self)
                    connection.run()
                    ServerSocket.close(descriptor)
                    update { $0.open -= 1 }
                }
            case false:
                Thread.detachNewThread { [self] in
                    refuseBusy(descriptor)
                    ServerSocket.close(descriptor)
                    update { $0.refusing -= 1 }
                }
            case nil:
                ServerSocket.close(descriptor)
            }
        }
        ServerSocket.close(listener)
        update { $0.accepting = false }
    }

    /// Answers a connection over the limit with 503 and closes it.
    private func refuseBusy(_ descriptor: Int32) {
        ServerSocket.setSendTimeout(descriptor, .seconds(1))
        let error = HTTPRequestError(
            status: 503,
            message: "The server is serving \(configuration.maximumConnections) connections already; retry shortly.")
        var response = HTTPResponse.jsonMessage(error.status, error.message)
        response.headers["Retry-After"] = "1"
        guard ServerSocket.sendAll(descriptor, HTTPResponseEncoder.encode(response, keepAlive: false, head: false))
        else { return }
        drainAfterClosing(descriptor, for: .seconds(1))
    }

    /// Half-closes `descriptor`, then reads and drops what the client still sends (up to `duration` and 1 MiB),
    /// so closing with unread bytes does not reset the connection before the client has read the answer.
    func drainAfterClosing(_ descriptor: Int32, for duration: Duration) {
        ServerSocket.finishWriting(descriptor)
        let deadline = ContinuousClock.now + duration
        var drained = 0
        while drained < 1 << 20, !isStopping {
            let remaining = deadline - .now
            guard remaining > .zero else { return }
            guard ServerSocket.waitReadable(descriptor, milliseconds: min(50, remaining.pollMilliseconds)) else {
                continue
            }
            guard let bytes = ServerSocket.receive(descriptor) else { return }
            drained += bytes.count
        }
    }
}
