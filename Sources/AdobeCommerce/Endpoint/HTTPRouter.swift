/// Routes requests by exact path, and optionally by method, to endpoints.
///
/// A path no route names gets `404`, a path whose routes take other methods `405` with an `Allow` header; both
/// carry a small JSON body, `{"message": "…"}`. A `HEAD` request goes to the path's `GET` route when no route
/// takes `HEAD` itself (the server leaves the body out). When several routes match, the first one added wins.
///
/// ```swift
/// var router = HTTPRouter()
/// router.route("/health", method: .get, to: Health())
/// router.route("/webhooks/commerce", method: .post, to: commerceWebhooks)
/// let server = try HTTPServer(endpoint: router, port: 8080)
/// ```
public struct HTTPRouter: HTTPEndpoint {
    private struct Route: Sendable {
        var path: String
        var method: HTTPMethod?
        var endpoint: any HTTPEndpoint
    }

    private var routes: [Route] = []

    /// Creates a router without routes, which answers every request with `404`.
    public init() {}

    /// Sends requests for `path` (compared exactly with the decoded path) to `endpoint`.
    /// - Parameters:
    ///   - path: The decoded path, `/webhooks/commerce`.
    ///   - method: The method the route takes, or `nil` (the default) for every method.
    ///   - endpoint: The endpoint that answers.
    public mutating func route(_ path: String, method: HTTPMethod? = nil, to endpoint: any HTTPEndpoint) {
        routes.append(Route(path: path, method: method, endpoint: endpoint))
    }

    /// Answers with the first route for the request's path and method, or with `404` or `405`.
    /// - Parameter request: The request.
    /// - Returns: The routed endpoint's response, or the router's refusal.
    public func respond(to request: InboundHTTPRequest) async -> HTTPResponse {
        let candidates = routes.filter { $0.path == request.path }
        guard !candidates.isEmpty else {
            return .jsonMessage(404, "No endpoint at \(request.path).")
        }
        if let route = candidates.first(where: { $0.method == nil || $0.method == request.method }) {
            return await route.endpoint.respond(to: request)
        }
        if request.method == .head, let route = candidates.first(where: { $0.method == .get }) {
            return await route.endpoint.respond(to: request)
        }
        var allowed: [String] = []
        for method in candidates.compactMap(\.method?.rawValue) where !allowed.contains(method) {
            allowed.append(method)
        }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        var response = HTTPResponse.jsonMessage(
            405, "\(request.method.rawValue) is not allowed on \(request.path); use \(allowed.joined(separator: ", "))."
        )
        response.headers["Allow"] = allowed.joined(separator: ", ")
        return response
    }
}
