/// Why a key could not be read or used for signature verification: what was wrong, where, and what to do next.
///
/// Switch on ``code``; ``offset`` says where the problem is (a byte offset into the key's DER bytes, or into
/// the PEM text's UTF-8 for ``Code/malformedPEM``). Key material never appears in ``description``.
///
/// ```swift
/// do {
///     let key = try RSAPublicKey(pem: pemText)
/// } catch {
///     print(error.code, error.recoverySuggestion)  // error is a SignatureError
/// }
/// ```
public struct SignatureError: Error, Sendable, CustomStringConvertible {
    /// A stable, extensible error category.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case malformedPEM, malformedDER, unsupportedKey, keyTooSmall, keyTooLarge, invalidKey
        }
        private let base: Base

        /// The text is not one PEM block of the expected kind, or its body is not base64.
        public static let malformedPEM = Code(base: .malformedPEM)
        /// The DER bytes are truncated, over-long, indefinite-length, not the expected structure, or followed by
        /// trailing bytes.
        public static let malformedDER = Code(base: .malformedDER)
        /// The key is well formed but not one this verifier takes: not RSA (EC, Ed25519, RSA-PSS-only), or a
        /// multi-prime or encrypted private key.
        public static let unsupportedKey = Code(base: .unsupportedKey)
        /// The RSA modulus is shorter than 2,048 bits.
        public static let keyTooSmall = Code(base: .keyTooSmall)
        /// The RSA modulus is longer than 16,384 bits.
        public static let keyTooLarge = Code(base: .keyTooLarge)
        /// The numbers cannot form an RSA key: an even modulus, an exponent of 1, even or not below the modulus,
        /// or private-key parts that do not match each other.
        public static let invalidKey = Code(base: .invalidKey)

        /// The code's name, such as `malformedDER`.
        public var description: String { base.rawValue }
    }

    /// The category of the failure.
    public var code: Code
    /// What was found wrong, in one sentence.
    public var message: String
    /// Where: the byte offset into the key's DER bytes, or into the PEM text's UTF-8 for ``Code/malformedPEM``;
    /// `nil` when the problem is the key as a whole.
    public var offset: Int?
    /// What to do next, in one sentence.
    public var recoverySuggestion: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The category.
    ///   - message: What was found wrong.
    ///   - offset: Where in the input, when one place is at fault.
    ///   - recoverySuggestion: What to do next; `nil` takes the code's usual advice.
    public init(code: Code, message: String, offset: Int? = nil, recoverySuggestion: String? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.recoverySuggestion = recoverySuggestion ?? Self.defaultSuggestion(for: code)
    }

    /// The code, the place, the message and what to do next.
    public var description: String {
        let place = offset.map { " at offset \($0)" } ?? ""
        return "SignatureError.\(code)\(place): \(message) \(recoverySuggestion)"
    }

    private static func defaultSuggestion(for code: Code) -> String {
        switch code {
        case .malformedPEM:
            "Pass the whole PEM text, from '-----BEGIN PUBLIC KEY-----' to '-----END PUBLIC KEY-----', as Adobe "
                + "publishes it at static.adobeioevents.com or as the Commerce admin's 'Copy public key' gives it."
        case .malformedDER:
            "The key bytes are damaged or not an RSA key: fetch or copy the key again, unchanged."
        case .unsupportedKey:
            "Use the RSA public key (rsaEncryption) that signs the messages; Adobe I/O Events and Commerce webhooks "
                + "sign with RSA PKCS#1 v1.5 and SHA-256."
        case .keyTooSmall:
            "Use a key of at least 2,048 bits; regenerate the webhook key pair in the Commerce admin if it is shorter."
        case .keyTooLarge:
            "Use a key of at most 16,384 bits."
        default:
            "The key is not a usable RSA key: fetch or copy it again, or regenerate the key pair."
        }
    }
}
