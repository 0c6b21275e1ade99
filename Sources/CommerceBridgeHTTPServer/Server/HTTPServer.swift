public import AdobeCommerce
import Dispatch
import Foundation

/// A small HTTP/1.1 server for an `HTTPEndpoint`: the way to receive Adobe I/O Events and Commerce webhooks
/// without a web framework.
///
/// It listens on the loopback address unless told another; put a TLS-terminating proxy or load balancer in front
/// of it to take calls from outside. Connections are kept alive and served concurrently, one thread each, so the
/// blocking socket calls never run on Swift's cooperative pool; the endpoint is awaited from that thread. Request
/// bodies may be framed by `Content-Length` or sent chunked, and `Expect: 100-continue` is answered. Every
/// request is held to the limits of its ``Configuration``: a request that breaks one, or that no careful server
/// would accept (both `Content-Length` and `Transfer-Encoding`, a bare LF, obsolete line folding), is answered
/// with a 4xx status and a JSON body `{"message": "…"}`, and its connection is closed. No input stops the server.
///
/// ```swift
/// var router = HTTPRouter()
/// router.route("/webhooks/commerce", method: .post, to: commerceWebhooks)
/// let server = try HTTPServer(endpoint: router, port: 8080)
/// // …
/// await server.shutdown()
/// ```
public final class HTTPServer: Sendable {
    /// The address the server listens on.
    public let host: String
    /// The port the server listens on: the one asked for, or the ephemeral port it got for 0.
    public let port: UInt16
    /// The limits the server holds requests to.
    public var configuration: Configuration { core.configuration }
    /// How many connections were accepted so far, refused ones included (kept-alive connections count once).
    public var acceptedConnections: Int { core.acceptedConnections }
    /// How many connections are being served now.
    public var openConnections: Int { core.openConnections }

    private let core: ServerCore

    /// Starts serving `endpoint`.
    /// - Parameters:
    ///   - endpoint: What answers the requests; often an `HTTPRouter`.
    ///   - host: The address to listen on: `127.0.0.1` (the default) takes connections from this machine only;
    ///     give `0.0.0.0` or `::` explicitly to take them from anywhere.
    ///   - port: The port, or 0 (the default) for an ephemeral one; read ``port`` to learn it.
    ///   - configuration: Limits and timeouts.
    /// - Throws: ``StartError`` when the address cannot be listened on.
    public convenience init(
        endpoint: some HTTPEndpoint, host: String = "127.0.0.1", port: UInt16 = 0,
        configuration: Configuration = .init()
    ) throws(StartError) {
        try self.init(host: host, port: port, configuration: configuration, handler: .endpoint(endpoint))
    }

    /// Starts serving with a function called on the connection's thread: for a handler that never suspends (the
    /// fake Commerce server). Returning `nil` drops the connection without an answer.
    package convenience init(
        host: String = "127.0.0.1", port: UInt16 = 0, configuration: Configuration = .init(),
        respond: @escaping @Sendable (HTTPWireRequest, _ peer: String?) -> HTTPResponse?
    ) throws(StartError) {
        try self.init(host: host, port: port, configuration: configuration, handler: .blocking(respond))
    }

    private init(host: String, port: UInt16, configuration: Configuration, handler: ServerCore.Handler)
        throws(StartError)
    {
        let (listener, actual) = try ServerSocket.listen(host: host, port: port)
        self.host = host
        self.port = actual
        self.core = ServerCore(listener: listener, configuration: configuration, handler: handler)
        let core = self.core
        Thread.detachNewThread { core.acceptLoop() }
    }

    deinit { core.stop() }

    /// Stops accepting, lets the responses being computed be sent, closes every connection and the listener, and
    /// returns once all are closed, the port free again. Calling it again does nothing more.
    public func shutdown() async {
        core.stop()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            core.whenFinished { continuation.resume() }
        }
    }

    /// ``shutdown()`` for a caller that may block its thread (never from the cooperative pool while an endpoint
    /// still needs it).
    package func shutdownBlocking() {
        core.stop()
        let done = DispatchSemaphore(value: 0)
        core.whenFinished { done.signal() }
        done.wait()
    }
}
