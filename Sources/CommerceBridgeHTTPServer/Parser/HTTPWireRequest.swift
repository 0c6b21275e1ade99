package import AdobeCommerce

#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// A request as read off the wire, framing removed and its target decoded.
package struct HTTPWireRequest: Equatable, Sendable {
    /// One decoded query pair.
    package struct QueryItem: Equatable, Sendable {
        package var name: String
        package var value: String
    }

    /// The method token as sent (methods are case-sensitive).
    package var method: String
    /// The request target exactly as sent: `/rest/V1/products/A%2FB?x=1`, or an absolute URL.
    package var target: String
    /// `HTTP/1.1` or `HTTP/1.0`.
    package var version: String
    /// The header fields in order.
    package var headers: HTTPHeaders
    /// The body bytes, chunked framing removed.
    package var body: Data
    /// Whether the client lets the connection stay open after the answer (HTTP/1.1 unless `Connection: close`;
    /// HTTP/1.0 only with `Connection: keep-alive`).
    package var keepAlive: Bool
    /// The percent-decoded path, without the query.
    package var path: String
    /// The decoded query pairs, in order.
    package var query: [QueryItem]

    /// The request as an endpoint sees it.
    package func inbound(remoteAddress: String?) -> InboundHTTPRequest {
        InboundHTTPRequest(
            method: HTTPMethod(rawValue: method), path: path, query: query.map { (name: $0.name, value: $0.value) },
            headers: headers, body: body, remoteAddress: remoteAddress)
    }
}
