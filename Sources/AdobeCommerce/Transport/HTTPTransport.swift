/// Sends one HTTP request and returns its response: the single extension point between the SDK and a
/// network stack.
///
/// Write one to plug in another HTTP client, or to put an in-process fake behind the client (as
/// `FakeCommerce` does). A transport returns every response it receives, whatever the status; it throws
/// only when no response arrived, preferably a ``CommerceError`` with code
/// ``CommerceError/Code/connectionFailed`` or ``CommerceError/Code/timedOut`` so retries classify it.
///
/// ```swift
/// struct EchoTransport: HTTPTransport {
///     func send(_ request: HTTPRequest) async throws -> HTTPResponse {
///         HTTPResponse(status: 200, body: request.body ?? Data())
///     }
/// }
/// ```
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response.
    /// - Throws: When no response was received.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
