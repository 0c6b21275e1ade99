import AdobeCommerce
public import Foundation
import Synchronization

/// Serves a ``FakeCommerce`` over real HTTP/1.1 on 127.0.0.1, so any HTTP client (URLSession, curl, another
/// language's Magento client) can use it as it would a store: REST under `/rest/<store>/V1/...`, async and
/// bulk under `/rest/<store>/async/...`, GraphQL at `/graphql`, with OAuth 1.0a or bearer tokens.
///
/// Connections are kept alive, bodies may be framed by `Content-Length` or sent chunked (`Expect:
/// 100-continue` is honoured), and connections are served concurrently, one thread each. A request the server
/// cannot read gets a Magento-style error (`{"message": …}`) and the connection is closed; the server itself
/// never stops on bad input. It listens on the loopback address only.
///
/// ```swift
/// let fake = FakeCommerce()
/// try fake.seedCatalog(productCount: 100)
/// let server = try FakeCommerceServer(fake: fake)            // an ephemeral port
/// defer { server.shutdown() }
/// // curl -H "Authorization: Bearer …" \(server.baseURL)/rest/V1/products?searchCriteria[pageSize]=5
/// ```
public final class FakeCommerceServer: Sendable {
    /// Why the server could not start.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        /// The port asked for (0 for an ephemeral one).
        public var port: UInt16
        /// What failed.
        public var reason: String
        /// The system's error number.
        public var errno: Int32

        /// `cannot listen on 127.0.0.1:8080: the port is taken or not allowed (errno 98); pick another port or 0`.
        public var description: String {
            "cannot listen on 127.0.0.1:\(port): \(reason) (errno \(errno)); pick another port, or 0 for any free one"
        }
    }

    /// The store being served.
    public let fake: FakeCommerce
    /// The port the server listens on.
    public let port: UInt16
    /// `http://127.0.0.1:<port>`: the base URL to give clients.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    /// How many connections were accepted so far (kept-alive connections count once).
    public var acceptedConnections: Int { core.state.withLock { $0.accepted } }

    private let core: ServerCore

    /// Starts serving `fake` on 127.0.0.1.
    /// - Parameters:
    ///   - fake: The store to serve.
    ///   - port: The port, or 0 (the default) for an ephemeral one; read ``port`` to learn it.
    ///   - idleTimeout: How long a kept-alive connection may sit idle before it is closed.
    /// - Throws: ``StartError`` when the port cannot be bound.
    public init(fake: FakeCommerce, port: UInt16 = 0, idleTimeout: Duration = .seconds(30)) throws(StartError) {
        let (listener, actual) = try LoopbackSocket.listen(port: port)
        self.fake = fake
        self.port = actual
        self.core = ServerCore(fake: fake, listener: listener, port: actual, idleTimeout: idleTimeout)
        let core = self.core
        Thread.detachNewThread { core.acceptLoop() }
    }

    deinit { core.stop(wait: false) }

    /// Stops accepting, lets requests being answered finish, closes every connection, and returns when all are
    /// closed. Calling it again does nothing.
    public func shutdown() { core.stop(wait: true) }
}

/// The server's shared state, owned by no thread in particular.
final class ServerCore: Sendable {
    struct State {
        var stopping = false
        var accepting = true
        var open = 0
        var accepted = 0
    }

    let fake: FakeCommerce
    let listener: Int32
    let port: UInt16
    let idleTimeout: Duration
    let state = Mutex(State())

    init(fake: FakeCommerce, listener: Int32, port: UInt16, idleTimeout: Duration) {
        self.fake = fake
        self.listener = listener
        self.port = port
        self.idleTimeout = idleTimeout
    }

    var isStopping: Bool { state.withLock { $0.stopping } }

    func stop(wait: Bool) {
        state.withLock { $0.stopping = true }
        guard wait else { return }
        while state.withLock({ $0.accepting || $0.open > 0 }) { Thread.sleep(forTimeInterval: 0.002) }
    }

    func acceptLoop() {
        while !isStopping {
            guard LoopbackSocket.waitReadable(listener, milliseconds: 50),
                let connection = LoopbackSocket.accept(listener)
            else { continue }
            state.withLock {
                $0.open += 1
                $0.accepted += 1
            }
            Thread.detachNewThread { [self] in
                serve(connection)
                LoopbackSocket.close(connection)
                state.withLock { $0.open -= 1 }
            }
        }
        LoopbackSocket.close(listener)
        state.withLock { $0.accepting = false }
    }

    /// Answers requests on one connection until the client closes it, asks to, idles out, or the server stops.
    private func serve(_ connection: Int32) {
        var source = SocketSource(descriptor: connection, core: self)
        var reader = HTTPRequestReader()
        while !isStopping {
            let request: HTTPWireRequest
            do throws(HTTPReadError) {
                guard let next = try reader.next(from: &source) else { return }
                request = next
            } catch {
                if !isStopping { refuse(error, on: connection) }
                return
            }
            let url: URL
            switch target(of: request) {
            case .success(let found): url = found
            case .failure(let error):
                refuse(error, on: connection)
                return
            }
            let wire = HTTPRequest(
                method: HTTPMethod(rawValue: request.method), url: url, headers: request.headers,
                body: request.body.isEmpty ? nil : request.body)
            // A connectionLost fault throws: drop the connection without an answer, as the fault means.
            guard let response = try? fake.respond(to: wire) else { return }
            let keepAlive = request.keepAlive && !isStopping
            guard write(response, to: connection, keepAlive: keepAlive, head: request.method == "HEAD"), keepAlive
            else { return }
        }
    }

    /// The absolute URL the request names: origin-form with the `Host` header, or absolute-form.
    private func target(of request: HTTPWireRequest) -> Result<URL, HTTPReadError> {
        if request.target.hasPrefix("/") {
            guard let host = request.headers["Host"] ?? (request.version == "HTTP/1.0" ? "127.0.0.1:\(port)" : nil),
                !host.isEmpty
            else { return .failure(.malformed("The Host header is required in HTTP/1.1.")) }
            if let url = URL(string: "http://\(host)\(request.target)") { return .success(url) }
        } else if request.target.lowercased().hasPrefix("http://"), let url = URL(string: request.target) {
            return .success(url)
        }
        return .failure(.malformed("The request target \"\(request.target.prefix(80))\" is not a URL."))
    }

    /// Answers a request that could not be read, then closes gracefully: stop writing, and drain what the client
    /// is still sending (up to a second and 1 MiB) so the answer is not lost to a connection reset.
    private func refuse(_ error: HTTPReadError, on connection: Int32) {
        guard write(Self.error(error.status, error.message), to: connection, keepAlive: false) else { return }
        LoopbackSocket.finishWriting(connection)
        var drained = 0
        var waited = 0
        while drained < 1 << 20, waited < 1_000 {
            guard LoopbackSocket.waitReadable(connection, milliseconds: 50) else {
                waited += 50
                continue
            }
            guard let bytes = LoopbackSocket.receive(connection) else { return }
            drained += bytes.count
        }
    }

    private func write(_ response: HTTPResponse, to connection: Int32, keepAlive: Bool, head: Bool = false) -> Bool {
        var text = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for field in response.headers
        where !["content-length", "connection", "transfer-encoding"].contains(field.name.lowercased()) {
            text += "\(field.name): \(field.value)\r\n"
        }
        text += "Content-Length: \(response.body.count)\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        var bytes = Array(text.utf8)
        if !head { bytes += response.body }
        return LoopbackSocket.sendAll(connection, bytes)
    }

    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        let body = (try? JSONEncoder.fake.encode(JSONValue.object(["message": .string(message)]))) ?? Data()
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: body)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}

/// A connection's bytes, read in short polls so an idle connection notices the server stopping.
struct SocketSource: HTTPByteSource {
    let descriptor: Int32
    let core: ServerCore

    mutating func read() -> [UInt8]? {
        var waited = Duration.zero
        while !core.isStopping, waited < core.idleTimeout {
            if LoopbackSocket.waitReadable(descriptor, milliseconds: 50) { return LoopbackSocket.receive(descriptor) }
            waited += .milliseconds(50)
        }
        return nil
    }

    mutating func sendContinue() {
        _ = LoopbackSocket.sendAll(descriptor, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
    }
}
