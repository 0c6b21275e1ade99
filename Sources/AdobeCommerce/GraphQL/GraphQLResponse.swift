#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns a `/graphql` HTTP response into a ``GraphQLResult`` or a ``CommerceError``.
enum GraphQLResponse {
    struct Body<Output: Decodable>: Decodable {
        var data: Output?
        var errors: [GraphQLError]?
    }

    static var decoder: CommerceJSONDecoder { CommerceJSONDecoder(convertsFromSnakeCase: true) }

    static func result<Output>(
        _ response: HTTPResponse,
        operation: String,
        correlationID: String
    ) throws(CommerceError) -> GraphQLResult<Output> {
        let body: Body<Output>
        do {
            body = try decoder.decode(Body<Output>.self, from: response.body)
        } catch {
            if let shape = ResponseValidator.bodyShapeError(
                response, operationID: operation, correlationID: correlationID)
            {
                throw shape
            }
            guard response.isSuccess else {
                throw ResponseValidator.error(for: response, operationID: operation, correlationID: correlationID)
            }
            throw CommerceError(
                code: .decodingFailed, message: "The response to \(operation) does not match \(Output.self): \(error)",
                httpStatus: response.status, operationID: operation, correlationID: correlationID, underlying: error)
        }
        let errors = body.errors ?? []
        guard body.data != nil || errors.isEmpty else {
            throw error(from: errors, operation: operation, correlationID: correlationID, status: response.status)
        }
        guard response.isSuccess || body.data != nil else {
            throw ResponseValidator.error(for: response, operationID: operation, correlationID: correlationID)
        }
        return GraphQLResult(data: body.data, errors: errors)
    }

    static func error(from errors: [GraphQLError], operation: String?, correlationID: String?, status: Int)
        -> CommerceError
    {
        let first = errors.first
        return CommerceError(
            code: first?.code ?? .badRequest,
            message: first?.message ?? "The GraphQL response had neither data nor errors.",
            httpStatus: status, operationID: operation, correlationID: correlationID,
            details: errors.dropFirst().map { "\($0.message)\($0.extensions?.category.map { " [\($0)]" } ?? "")" })
    }
}
