#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An HTTP request that arrived at the connector: an Adobe I/O Events delivery, a Commerce webhook call, a
/// health check.
///
/// Servers build one per request and hand it to an ``HTTPEndpoint``: the built-in `HTTPServer`
/// (`CommerceBridgeHTTPServer`), or a few lines of glue in Hummingbird or Vapor. The body is kept byte for byte,
/// because webhook signatures are computed over exactly those bytes.
///
/// ```swift
/// let request = InboundHTTPRequest(
///     method: .post, path: "/webhooks/commerce", query: [(name: "store", value: "default")],
///     headers: ["Content-Type": "application/json"], body: Data(#"{"eventCode":"observer.sales_order_save_after"}"#.utf8))
/// request.queryValue("store")  // "default"
/// ```
public struct InboundHTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The percent-decoded path, without the query: `/webhooks/commerce`.
    public var path: String
    /// The query's name–value pairs, percent-decoded (`+` read as a space), in the order they were sent.
    public var query: [(name: String, value: String)]
    /// The header fields as received; lookups ignore case.
    public var headers: HTTPHeaders
    /// The body exactly as received (after removing chunked framing), empty when there is none.
    public var body: Data
    /// The peer's address and port, `127.0.0.1:53422`, when the server knows it.
    public var remoteAddress: String?

    /// Creates a request.
    /// - Parameters:
    ///   - method: The request method.
    ///   - path: The percent-decoded path, without the query.
    ///   - query: The decoded query pairs, in order.
    ///   - headers: The header fields.
    ///   - body: The body bytes.
    ///   - remoteAddress: The peer's `address:port`, when known.
    public init(
        method: HTTPMethod,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: HTTPHeaders = [:],
        body: Data = Data(),
        remoteAddress: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The first value of the query parameter `name` (compared exactly), or `nil` when it is absent.
    /// - Parameter name: The decoded parameter name.
    /// - Returns: The decoded value of its first occurrence.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}
