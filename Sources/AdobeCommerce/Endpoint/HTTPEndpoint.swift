/// Something that answers HTTP requests: a webhook receiver, a checkout responder, a router of several.
///
/// One method, no framework types: mount an endpoint in the built-in `HTTPServer`
/// (`CommerceBridgeHTTPServer`), or in any Swift server by turning its request into an ``InboundHTTPRequest``
/// and its answer back. Write one when the connector must be called over HTTP; combine several with
/// ``HTTPRouter``.
///
/// An endpoint never throws: it turns its own failures into a status (a 401 for a bad signature, a 503 when
/// the store is down) so every caller gets an answer. A response carrying `Connection: close` asks the server to
/// close the connection after sending it.
///
/// ```swift
/// struct Health: HTTPEndpoint {
///     func respond(to request: InboundHTTPRequest) async -> HTTPResponse {
///         .text(200, "ok")
///     }
/// }
/// ```
public protocol HTTPEndpoint: Sendable {
    /// Answers one request.
    /// - Parameter request: The request, with its body read in full.
    /// - Returns: The response to send.
    func respond(to request: InboundHTTPRequest) async -> HTTPResponse
}
