/// Why a Commerce webhook call was refused, or a webhook answer could not be read.
public struct CommerceWebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// The call carries no `x-adobe-commerce-webhook-signature` header: signing is off in the Admin, or the call
        /// is not from Commerce.
        case unsigned
        /// The signature does not verify with any configured public key: the body was changed, the key pair was
        /// regenerated in the Admin, or the call is not from Commerce.
        case badSignature
        /// The body is not a JSON object, as Commerce sends.
        case malformedPayload
        /// A webhook answer is not the JSON object or array of operations Commerce reads.
        case malformedResponse
    }

    /// What went wrong.
    public var code: Code
    /// Where: a header name or a JSON path (`$[1].op`); never a secret.
    public var place: String
    /// What happened and what to do next.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - place: A header name or JSON path.
    ///   - message: What happened and what to do next.
    public init(_ code: Code, at place: String, _ message: String) {
        self.code = code
        self.place = place
        self.message = message
    }

    /// `code at place: message`.
    public var description: String { "\(code.rawValue) at \(place): \(message)" }
}
