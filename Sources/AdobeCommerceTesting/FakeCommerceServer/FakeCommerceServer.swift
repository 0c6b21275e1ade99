import AdobeCommerce
import CommerceBridgeHTTPServer
public import Foundation
import Synchronization

/// Serves a ``FakeCommerce`` over real HTTP/1.1 on 127.0.0.1, so any HTTP client (URLSession, curl, another
/// language's Magento client) can use it as it would a store: REST under `/rest/<store>/V1/...`, async and
/// bulk under `/rest/<store>/async/...`, GraphQL at `/graphql`, with OAuth 1.0a or bearer tokens.
///
/// Connections are kept alive, bodies may be framed by `Content-Length` or sent chunked (`Expect:
/// 100-continue` is honoured), and connections are served concurrently, one thread each: it is the
/// `CommerceBridgeHTTPServer` product's `HTTPServer`, with limits wide enough for any Commerce client (64 KiB
/// heads, 64 MiB bodies). A request the server cannot read gets a Magento-style error (`{"message": …}`) and the
/// connection is closed; the server itself never stops on bad input. It listens on the loopback address only.
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
    public var port: UInt16 { server.port }
    /// `http://127.0.0.1:<port>`: the base URL to give clients.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    /// How many connections were accepted so far (kept-alive connections count once).
    public var acceptedConnections: Int { server.acceptedConnections }

    private let server: HTTPServer

    /// Starts serving `fake` on 127.0.0.1.
    /// - Parameters:
    ///   - fake: The store to serve.
    ///   - port: The port, or 0 (the default) for an ephemeral one; read ``port`` to learn it.
    ///   - idleTimeout: How long a kept-alive connection may sit idle before it is closed. The default (120 s) outlasts
    ///     libcurl's reuse window (118 s, which URLSession on Linux inherits), so such a client closes an idle
    ///     connection before the server does and never sends a request on one the server is closing.
    /// - Throws: ``StartError`` when the port cannot be bound.
    public init(fake: FakeCommerce, port: UInt16 = 0, idleTimeout: Duration = .seconds(120)) throws(StartError) {
        var configuration = HTTPServer.Configuration()
        configuration.maximumHeaderBytes = 64 * 1024
        configuration.maximumRequestLineBytes = 64 * 1024
        configuration.maximumHeaderCount = 1_000
        configuration.maximumBodyBytes = 64 * 1024 * 1024
        configuration.idleTimeout = idleTimeout
        configuration.readTimeout = max(idleTimeout, .seconds(120))
        configuration.writeTimeout = .seconds(120)
        configuration.maximumConnections = 1_024
        let boundPort = PortCell()
        do throws(HTTPServer.StartError) {
            server = try HTTPServer(host: "127.0.0.1", port: port, configuration: configuration) { request, _ in
                Self.respond(to: request, fake: fake, port: boundPort.port.load(ordering: .relaxed))
            }
        } catch {
            let reason = error.code == .addressUnavailable ? "the port is taken or not allowed" : "\(error.code)"
            throw StartError(port: port, reason: reason, errno: error.errno)
        }
        boundPort.port.store(server.port, ordering: .relaxed)
        self.fake = fake
    }

    /// Stops accepting, lets requests being answered finish, closes every connection, and returns when all are
    /// closed. Calling it again does nothing.
    public func shutdown() { server.shutdownBlocking() }
}
