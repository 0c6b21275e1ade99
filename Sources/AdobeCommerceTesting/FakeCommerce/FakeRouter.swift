import AdobeCommerce

/// Matches a request path against the operation catalog, the fake's route table.
struct FakeRouter {
    private struct Route {
        var operation: CommerceOperation
        var segments: [Substring]
        var literalCount: Int
    }

    private let routes: [Route]
    private let bulkRoutes: [Route]

    init(operations: [CommerceOperation]) {
        func route(_ operation: CommerceOperation, _ path: String) -> Route {
            let segments = path.split(separator: "/")
            return Route(
                operation: operation, segments: segments, literalCount: segments.filter { !$0.hasPrefix("{") }.count)
        }
        routes = operations.map { route($0, $0.path) }
        bulkRoutes = operations.filter(\.isAsyncCapable).map { route($0, $0.bulkPath) }
    }

    /// The operation and its decoded path values; literal segments beat placeholders.
    func match(method: HTTPMethod, segments: [String], bulk: Bool) -> (CommerceOperation, [String: String])? {
        var best: (Route, [String: String])?
        for route in bulk ? bulkRoutes : routes
        where route.operation.method == method && route.segments.count == segments.count {
            var values: [String: String] = [:]
            var matched = true
            for (pattern, actual) in zip(route.segments, segments) {
                if pattern.hasPrefix("{") {
                    values[String(pattern.dropFirst().dropLast())] = PercentEncoding.decode(actual)
                } else if pattern != actual {
                    matched = false
                    break
                }
            }
            if matched, best == nil || route.literalCount > best!.0.literalCount { best = (route, values) }
        }
        return best.map { ($0.0.operation, $0.1) }
    }
}
