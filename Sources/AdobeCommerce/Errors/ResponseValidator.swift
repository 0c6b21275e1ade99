#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns a non-success response, or an unusable success body, into a ``CommerceError``.
package enum ResponseValidator {
    /// The shape of Magento's error body (`Framework/Webapi/Rest/Response::_renderMessages`).
    struct ErrorBody: Decodable {
        struct Item: Decodable {
            var message: String
            var parameters: JSONValue?
        }
        var message: String
        var parameters: JSONValue?
        var errors: [Item]?
        var code: Int?
    }

    /// The error for a response whose status is not 2xx.
    package static func error(
        for response: HTTPResponse,
        operationID: String?,
        correlationID: String?
    ) -> CommerceError {
        let status = response.status
        if let problem = oauthProblem(in: response.body) {
            return CommerceError(
                code: .forStatus(status), message: "OAuth request rejected: \(problem).", httpStatus: status,
                operationID: operationID, correlationID: correlationID)
        }
        if let bodyError = bodyShapeError(response, operationID: operationID, correlationID: correlationID) {
            return bodyError
        }
        guard let body = try? CommerceJSONDecoder().decode(ErrorBody.self, from: response.body) else {
            return CommerceError(
                code: .forStatus(status),
                message: "HTTP \(status) with a JSON body that is not a Magento error: \(preview(response.body))",
                httpStatus: status, operationID: operationID, correlationID: correlationID)
        }
        let message = MagentoMessage.fill(body.message, parameters: body.parameters)
        var code = CommerceError.Code.forStatus(status)
        if message.contains("2fa provider-specific endpoints") { code = .twoFactorRequired }
        return CommerceError(
            code: code, message: message, httpStatus: status, operationID: operationID,
            correlationID: correlationID, magentoCode: body.code,
            details: (body.errors ?? []).map { MagentoMessage.fill($0.message, parameters: $0.parameters) })
    }

    /// An error when a body that should hold JSON is empty, HTML or not JSON; `nil` when it looks like JSON.
    package static func bodyShapeError(
        _ response: HTTPResponse,
        operationID: String?,
        correlationID: String?
    ) -> CommerceError? {
        let status = response.status
        let trimmed = response.body.drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        guard let first = trimmed.first else {
            return CommerceError(
                code: response.isSuccess ? .emptyBody : .forStatus(status),
                message: "HTTP \(status) with an empty body where JSON was expected.", httpStatus: status,
                operationID: operationID, correlationID: correlationID)
        }
        let contentType = response.headers["Content-Type"]?.lowercased() ?? ""
        if first == UInt8(ascii: "<") || contentType.contains("text/html") {
            return CommerceError(
                code: .htmlResponse,
                message: "HTTP \(status) with an HTML page instead of JSON: \(htmlTitle(trimmed) ?? preview(trimmed))",
                httpStatus: status, operationID: operationID, correlationID: correlationID)
        }
        do {
            _ = try JSONDocument(parsing: Data(trimmed), maximumDepth: 512)
        } catch {
            return CommerceError(
                code: .malformedResponse,
                message: "HTTP \(status) with a body that is not valid JSON: \(preview(trimmed))",
                httpStatus: status, operationID: operationID, correlationID: correlationID, underlying: error)
        }
        return nil
    }

    /// `oauth_problem=signature_invalid&...` bodies from the OAuth helper.
    private static func oauthProblem(in body: Data) -> String? {
        let text = String(decoding: body.prefix(512), as: UTF8.self)
        guard text.hasPrefix("oauth_problem=") else { return nil }
        return text.dropFirst("oauth_problem=".count).split(separator: "&").first.map(String.init)
    }

    private static func htmlTitle(_ body: Data.SubSequence) -> String? {
        let bytes = Array(body.prefix(4096))
        let lowered = bytes.map { (65...90).contains($0) ? $0 + 32 : $0 }
        guard let open = lowered.firstRange(of: Array("<title>".utf8)),
            let close = lowered[open.upperBound...].firstRange(of: Array("</title>".utf8))
        else { return nil }
        let title = String(decoding: bytes[open.upperBound..<close.lowerBound], as: UTF8.self).trimmedWhitespace
        return title.isEmpty ? nil : "\"\(title)\""
    }

    /// The first 160 characters of a body, on one line and without secrets.
    package static func preview(_ body: some Collection<UInt8>) -> String {
        let text = String(decoding: body.prefix(160), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
        return "\"" + Redactor.redact(text) + (body.count > 160 ? "…\"" : "\"")
    }
}
