#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension HTTPResponse {
    /// A response with a JSON body and `Content-Type: application/json; charset=utf-8`.
    /// - Parameters:
    ///   - status: The status code.
    ///   - data: The encoded JSON.
    /// - Returns: The response.
    public static func json(_ status: Int, _ data: Data) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: data)
    }

    /// A response with a plain-text body and `Content-Type: text/plain; charset=utf-8`.
    /// - Parameters:
    ///   - status: The status code.
    ///   - text: The body, sent as UTF-8.
    /// - Returns: The response.
    public static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(text.utf8))
    }

    /// A JSON response whose body is `{"message": message}`, the shape Magento and the connector's servers use for
    /// refusals.
    package static func jsonMessage(_ status: Int, _ message: String) -> HTTPResponse {
        let body = (try? CommerceJSONEncoder().encode(JSONValue.object(["message": .string(message)]))) ?? Data()
        return .json(status, body)
    }
}
