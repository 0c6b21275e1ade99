#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Adds credentials to every request: an OAuth 1.0a signature, or a bearer token that is renewed once on
/// 401.
public struct AuthenticationMiddleware: HTTPMiddleware {
    private enum Mode: Sendable {
        case none
        case bearer(String)
        case signed(OAuth1Signer)
        case token(TokenProvider)
    }

    private let mode: Mode
    private let time: TimeSource

    /// Creates the middleware.
    /// - Parameters:
    ///   - authentication: The credentials.
    ///   - restBaseURL: The store's REST root, such as `https://shop.example/rest/default`; token requests
    ///     go to `<restBaseURL>/V1/integration/{admin|customer}/token`.
    ///   - tokenTransport: Sends token requests: the transport below this middleware.
    ///   - observer: Told when a token is issued.
    ///   - time: The wall clock for OAuth timestamps.
    public init(
        authentication: CommerceAuthentication,
        restBaseURL: URL,
        tokenTransport: any HTTPTransport,
        observer: any CommerceObserver = NoOpObserver(),
        time: TimeSource = .system
    ) {
        self.time = time
        switch authentication.kind {
        case .none: mode = .none
        case .bearer(let token): mode = .bearer(token)
        case .integration(let credentials): mode = .signed(OAuth1Signer(credentials: credentials))
        case .adminToken(let username, let password):
            mode = .token(
                Self.tokenProvider(
                    .adminToken, username: username, password: password, restBaseURL: restBaseURL,
                    transport: tokenTransport, observer: observer, time: time))
        case .customerToken(let email, let password):
            mode = .token(
                Self.tokenProvider(
                    .customerToken, username: email, password: password, restBaseURL: restBaseURL,
                    transport: tokenTransport, observer: observer, time: time))
        }
    }

    /// Authenticates the request; on 401 with a fetched token, renews it and sends once more.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var request = request
        switch mode {
        case .none:
            return try await next(request)
        case .bearer(let token):
            request.headers["Authorization"] = "Bearer \(token)"
            return try await next(request)
        case .signed(let signer):
            request.headers["Authorization"] = signer.authorizationHeader(
                method: request.method, url: request.url, timestamp: Int(time.now().timeIntervalSince1970))
            return try await next(request)
        case .token(let provider):
            let token = try await provider.current()
            request.headers["Authorization"] = "Bearer \(token)"
            let response = try await next(request)
            guard response.status == 401 else { return response }
            let renewed = try await provider.renew(replacing: token)
            request.headers["Authorization"] = "Bearer \(renewed)"
            return try await next(request)
        }
    }

    /// A provider for the token `operation` issues (`POST /V1/integration/{admin|customer}/token`).
    private static func tokenProvider(
        _ operation: CommerceOperation,
        username: String,
        password: String,
        restBaseURL: URL,
        transport: any HTTPTransport,
        observer: any CommerceObserver,
        time: TimeSource
    ) -> TokenProvider {
        let request = HTTPRequest(
            method: operation.method, url: restBaseURL.appending(path: String(operation.path.dropFirst())),
            headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: try? CommerceJSONEncoder().encode(["username": username, "password": password]),
            context: RequestContext(operationID: operation.id))
        let kind = operation == .adminToken ? "admin" : "customer"
        return TokenProvider(kind: kind, request: request, transport: transport, observer: observer, time: time)
    }
}
