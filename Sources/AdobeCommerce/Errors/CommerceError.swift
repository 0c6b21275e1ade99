/// The one error type of the Adobe Commerce clients: what went wrong, where, and what to do next.
///
/// Switch on ``code``; read ``message`` for Magento's words with its `%1` / `%name` placeholders already
/// filled. Secrets never appear in any property or in ``description``.
///
/// ```swift
/// do {
///     _ = try await client.products.get(sku: "24-MB01")
/// } catch let error as CommerceError where error.code == .notFound {
///     print(error.message)           // "The product that was requested doesn't exist. ..."
///     print(error.recoverySuggestion)
/// }
/// ```
public struct CommerceError: Error, Sendable, CustomStringConvertible {
    /// A stable, extensible error category.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case badRequest, unauthorized, forbidden, notFound, methodNotAllowed, conflict, rateLimited
            case serverError, unexpectedStatus, htmlResponse, emptyBody, malformedResponse, decodingFailed
            case connectionFailed, timedOut, invalidRequest, authenticationFailed, twoFactorRequired
            case encodingFailed, cancelled
        }
        private let base: Base

        /// Magento rejected the input (HTTP 400, an `InputException` or another `LocalizedException`).
        public static let badRequest = Code(base: .badRequest)
        /// Authentication is missing, wrong or expired (HTTP 401).
        public static let unauthorized = Code(base: .unauthorized)
        /// The credentials lack the ACL resource (HTTP 403).
        public static let forbidden = Code(base: .forbidden)
        /// The entity or route does not exist (HTTP 404).
        public static let notFound = Code(base: .notFound)
        /// The route exists but not for this method (HTTP 405).
        public static let methodNotAllowed = Code(base: .methodNotAllowed)
        /// The write conflicts with the current state (HTTP 409).
        public static let conflict = Code(base: .conflict)
        /// The server asked the client to slow down (HTTP 429).
        public static let rateLimited = Code(base: .rateLimited)
        /// The server failed (HTTP 5xx).
        public static let serverError = Code(base: .serverError)
        /// A status the client does not expect for this operation.
        public static let unexpectedStatus = Code(base: .unexpectedStatus)
        /// An HTML page arrived where JSON was expected, typically from a proxy, a load balancer or a
        /// maintenance page.
        public static let htmlResponse = Code(base: .htmlResponse)
        /// The body was empty where JSON was expected.
        public static let emptyBody = Code(base: .emptyBody)
        /// The body is not valid JSON.
        public static let malformedResponse = Code(base: .malformedResponse)
        /// The JSON is valid but does not have the expected shape.
        public static let decodingFailed = Code(base: .decodingFailed)
        /// No connection could be made or it was lost before a response arrived.
        public static let connectionFailed = Code(base: .connectionFailed)
        /// No response arrived within the timeout.
        public static let timedOut = Code(base: .timedOut)
        /// The client refused to send the request because an argument is invalid.
        public static let invalidRequest = Code(base: .invalidRequest)
        /// A token could not be obtained with the configured credentials.
        public static let authenticationFailed = Code(base: .authenticationFailed)
        /// The admin-token endpoint requires a two-factor provider endpoint instead.
        public static let twoFactorRequired = Code(base: .twoFactorRequired)
        /// A request body could not be encoded.
        public static let encodingFailed = Code(base: .encodingFailed)
        /// The task was cancelled.
        public static let cancelled = Code(base: .cancelled)

        /// The code's name, such as `notFound`.
        public var description: String { base.rawValue }
    }

    /// The category of the failure.
    public var code: Code
    /// A human-readable message with placeholders filled: Magento's own message when it sent one.
    public var message: String
    /// The HTTP status, when a response arrived.
    public var httpStatus: Int?
    /// The catalog id of the operation, such as `products.get`.
    public var operationID: String?
    /// The correlation id sent with the request, to find it in logs on both sides.
    public var correlationID: String?
    /// Magento's error code (`code` in the body), which is not the HTTP status.
    public var magentoCode: Int?
    /// Messages of the individual errors when Magento returned an aggregate (`errors`).
    public var details: [String]
    /// The error underneath, such as a `DecodingError` or a URL loading error.
    public var underlying: (any Error & Sendable)?
    /// How long the server asked the client to wait before trying again (its `Retry-After` header, as delta-seconds
    /// or an HTTP date), when it said; the outbox schedules the next attempt no sooner.
    public var retryAfter: Duration?

    /// Creates an error.
    public init(
        code: Code,
        message: String,
        httpStatus: Int? = nil,
        operationID: String? = nil,
        correlationID: String? = nil,
        magentoCode: Int? = nil,
        details: [String] = [],
        underlying: (any Error & Sendable)? = nil,
        retryAfter: Duration? = nil
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.operationID = operationID
        self.correlationID = correlationID
        self.magentoCode = magentoCode
        self.details = details
        self.underlying = underlying
        self.retryAfter = retryAfter
    }

    /// Whether retrying the same request later can succeed: rate limits, server errors, lost connections
    /// and timeouts.
    public var isRetryable: Bool {
        switch code {
        case .rateLimited, .serverError, .connectionFailed, .timedOut: true
        case .htmlResponse: httpStatus.map { $0 == 429 || $0 >= 500 } ?? false
        default: false
        }
    }

    /// What to do next, in one sentence.
    public var recoverySuggestion: String {
        switch code {
        case .badRequest: "Correct the request data named in the message; resending it unchanged fails again."
        case .unauthorized:
            "Check the credentials and the integration's activation; an expired admin or customer token must be "
                + "requested again."
        case .forbidden: "Grant the integration or admin role the ACL resource this operation needs."
        case .notFound:
            "Check the identifier and the store code; an unknown store code also answers 'Request does not match "
                + "any route.'"
        case .methodNotAllowed: "Use the HTTP method the route declares in webapi.xml."
        case .conflict: "Read the entity again and reapply the change."
        case .rateLimited: "Retry after the delay the server asked for, or lower the request rate."
        case .serverError: "Retry with backoff; if it persists, look up the report id in the Magento log."
        case .unexpectedStatus: "Check that the base URL points at Adobe Commerce and not at another service."
        case .htmlResponse:
            "A proxy, firewall or maintenance page answered instead of Magento: check the base URL and the "
                + "store's availability."
        case .emptyBody: "Check the base URL and any proxy between the client and the store."
        case .malformedResponse: "Check the base URL and any proxy; the store may print PHP notices into responses."
        case .decodingFailed:
            "The response differs from the model; a customisation may change it. Decode into your own type with "
                + "the raw request API."
        case .connectionFailed: "Check the network and the base URL; the request is retried if it is safe to."
        case .timedOut: "Retry later or raise the timeout; large searches want a smaller page size."
        case .invalidRequest: "Fix the argument named in the message before sending."
        case .authenticationFailed:
            "Check the username, password or integration keys; repeated failures lock the account."
        case .twoFactorRequired:
            "Use an integration (OAuth 1.0a) or a two-factor provider endpoint such as /V1/tfa/provider/google/authenticate."
        case .encodingFailed: "Check the values being sent; money must be finite Decimal values."
        case .cancelled: "Nothing to do: the caller cancelled the task."
        default: "See the message."
        }
    }

    /// One line: code, message, status, operation and correlation id, and what to do next. Never a secret.
    public var description: String {
        var parts = ["CommerceError.\(code): \(message)"]
        var context: [String] = []
        if let httpStatus { context.append("HTTP \(httpStatus)") }
        if let operationID { context.append("operation \(operationID)") }
        if let correlationID { context.append("correlation id \(correlationID)") }
        if let magentoCode { context.append("Magento code \(magentoCode)") }
        if !context.isEmpty { parts.append("(\(context.joined(separator: ", ")))") }
        if !details.isEmpty { parts.append("Details: \(details.joined(separator: "; ")).") }
        parts.append("Next: \(recoverySuggestion)")
        return Redactor.redact(parts.joined(separator: " "))
    }
}

extension CommerceError.Code {
    /// The code for an HTTP status.
    package static func forStatus(_ status: Int) -> CommerceError.Code {
        switch status {
        case 400, 422: .badRequest
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 405: .methodNotAllowed
        case 409: .conflict
        case 429: .rateLimited
        case 500...599: .serverError
        default: .unexpectedStatus
        }
    }
}
