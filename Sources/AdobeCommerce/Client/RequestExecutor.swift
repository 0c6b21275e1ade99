#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Builds, sends and decodes one operation: the only place that turns an operation into HTTP.
struct RequestExecutor: Sendable {
    let configuration: AdobeCommerceConfiguration
    let transport: any HTTPTransport

    func url(
        for operation: CommerceOperation,
        store: StoreCode,
        path: [String: String],
        query: [(name: String, value: String)],
        kind: EndpointKind
    ) throws(CommerceError) -> URL {
        guard store.isWellFormed else {
            throw CommerceError(
                code: .invalidRequest,
                message: "Store code '\(store)' is not a store code: a letter, then letters, digits or underscores.",
                operationID: operation.id)
        }
        let renderedPath = kind == .bulk ? operation.bulkPath : try operation.renderPath(path)
        var text = configuration.restBase(store: store) + kind.pathPrefix + renderedPath
        if !query.isEmpty {
            text +=
                "?"
                + query.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }
                .joined(separator: "&")
        }
        guard let url = URL(string: text) else {
            throw CommerceError(
                code: .invalidRequest, message: "The base URL does not form a valid request URL.",
                operationID: operation.id)
        }
        return url
    }

    func send(
        _ operation: CommerceOperation,
        store: StoreCode,
        path: [String: String] = [:],
        query: [(name: String, value: String)] = [],
        body: JSONValue? = nil,
        kind: EndpointKind = .synchronous,
        headers: HTTPHeaders = [:]
    ) async throws -> Exchange {
        let url = try url(for: operation, store: store, path: path, query: query, kind: kind)
        var requestHeaders = headers
        let correlationID = headers[HTTPRequest.correlationIDHeader] ?? UUID().uuidString.lowercased()
        requestHeaders[HTTPRequest.correlationIDHeader] = correlationID
        requestHeaders["Accept"] = "application/json"
        requestHeaders["User-Agent"] = configuration.userAgent
        var data: Data?
        if let body {
            requestHeaders["Content-Type"] = "application/json"
            do {
                data = try CommerceJSONEncoder().encode(body)
            } catch {
                throw CommerceError(
                    code: .encodingFailed, message: "The request body could not be encoded.", operationID: operation.id,
                    underlying: error)
            }
        }
        let request = HTTPRequest(
            method: operation.method, url: url, headers: requestHeaders, body: data,
            context: RequestContext(operationID: operation.id, isIdempotent: operation.isIdempotent))
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch var error as CommerceError {
            error.operationID = error.operationID ?? operation.id
            error.correlationID = error.correlationID ?? correlationID
            throw error
        } catch is CancellationError {
            throw CommerceError.cancelled(operationID: operation.id)
        } catch {
            throw CommerceError(
                code: .connectionFailed, message: "The transport failed before a response arrived.",
                operationID: operation.id, correlationID: correlationID, underlying: error)
        }
        guard response.isSuccess else {
            var error = ResponseValidator.error(for: response, operationID: operation.id, correlationID: correlationID)
            if let header = response.headers["Retry-After"] {
                error.retryAfter = RetryPolicy.retryAfterDelay(header, now: configuration.time.now())
            }
            throw error
        }
        return Exchange(response: response, correlationID: correlationID)
    }

    /// A response and the correlation id its request carried.
    struct Exchange {
        var response: HTTPResponse
        var correlationID: String
    }

    func decode<T: Decodable>(_ type: T.Type, from exchange: Exchange, operation: CommerceOperation) throws -> T {
        let response = exchange.response
        do {
            return try CommerceJSONDecoder().decode(T.self, from: response.body)
        } catch {
            if let shapeError = ResponseValidator.bodyShapeError(
                response, operationID: operation.id, correlationID: exchange.correlationID)
            {
                throw shapeError
            }
            throw CommerceError(
                code: .decodingFailed,
                message: "The response to \(operation.id) does not match \(T.self): \(Self.describe(error))",
                httpStatus: response.status, operationID: operation.id, correlationID: exchange.correlationID,
                underlying: error)
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .typeMismatch(let type, let context): return "expected \(type) at \(path(context))"
        case .valueNotFound(let type, let context): return "missing \(type) at \(path(context))"
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)' at \(path(context))"
        case .dataCorrupted(let context): return "corrupt data at \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
