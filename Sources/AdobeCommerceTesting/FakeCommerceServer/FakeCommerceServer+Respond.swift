import AdobeCommerce
import CommerceBridgeHTTPServer
import Foundation
import Synchronization

extension FakeCommerceServer {
    /// The port the server got, for requests that name no host (HTTP/1.0 without `Host`).
    final class PortCell: Sendable {
        let port = Atomic<UInt16>(0)
    }

    /// Answers one request with the fake, on the connection's thread; `nil` (a `connectionLost` fault) drops the
    /// connection without an answer, as the fault means.
    static func respond(to request: HTTPWireRequest, fake: FakeCommerce, port: UInt16) -> HTTPResponse? {
        guard let url = url(of: request, port: port) else {
            var refusal = HTTPResponse.jsonMessage(
                400, "The request target \"\(request.target.prefix(80))\" is not a URL.")
            refusal.headers["Connection"] = "close"
            return refusal
        }
        let wire = HTTPRequest(
            method: HTTPMethod(rawValue: request.method), url: url, headers: request.headers,
            body: request.body.isEmpty ? nil : request.body)
        return try? fake.respond(to: wire)
    }

    /// The absolute URL the request names: origin form with the `Host` header, or absolute form, kept
    /// percent-encoded as sent (an OAuth signature covers the encoded path).
    private static func url(of request: HTTPWireRequest, port: UInt16) -> URL? {
        if request.target.hasPrefix("/") {
            let host = request.headers["Host"] ?? "127.0.0.1:\(port)"  // the parser requires Host in HTTP/1.1
            return URL(string: "http://\(host)\(request.target)")
        }
        guard request.target.lowercased().hasPrefix("http://") else { return nil }
        return URL(string: request.target)
    }
}
