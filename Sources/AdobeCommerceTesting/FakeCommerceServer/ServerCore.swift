import AdobeCommerce
import Foundation
import Synchronization

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
        let body = (try? CommerceJSONEncoder().encode(JSONValue.object(["message": .string(message)]))) ?? Data()
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
