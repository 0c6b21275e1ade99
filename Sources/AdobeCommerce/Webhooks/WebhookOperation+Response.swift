#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension WebhookOperation {
    /// The HTTP answer Commerce expects: `200` with one operation as a JSON object, or several as an array (none is
    /// answered as `success`).
    /// - Parameter operations: The operations, applied by Commerce in order.
    /// - Returns: The response.
    public static func response(_ operations: [WebhookOperation]) -> HTTPResponse {
        let body: JSONValue =
            switch operations.count {
            case 0: WebhookOperation.success.json
            case 1: operations[0].json
            default: .array(operations.map(\.json))
            }
        return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: body.jsonData)
    }

    /// The HTTP answer for one operation: `200` with it as a JSON object.
    /// - Parameter operation: The operation.
    /// - Returns: The response.
    public static func response(_ operation: WebhookOperation) -> HTTPResponse { response([operation]) }

    /// Reads a webhook answer's body: one operation object, or an array of them.
    /// - Parameter body: The body of a `2xx` answer.
    /// - Returns: The operations, in order.
    /// - Throws: ``CommerceWebhookError`` with `malformedResponse` when the body is not JSON or holds something else.
    public static func operations(in body: Data) throws(CommerceWebhookError) -> [WebhookOperation] {
        guard let json = try? JSONValue(parsing: body) else {
            throw CommerceWebhookError(.malformedResponse, at: "$", "the answer is not JSON")
        }
        switch json {
        case .object:
            return [try WebhookOperation(json: json)]
        case .array(let elements):
            var operations: [WebhookOperation] = []
            for (index, element) in elements.enumerated() {
                do {
                    operations.append(try WebhookOperation(json: element))
                } catch {
                    throw CommerceWebhookError(
                        error.code, at: "$[\(index)]" + error.place.dropFirst(), error.message)
                }
            }
            return operations
        default:
            throw CommerceWebhookError(.malformedResponse, at: "$", "the answer is neither an operation nor an array")
        }
    }
}
