#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Verifies the digital signature Adobe Commerce puts on each webhook call (`x-adobe-commerce-webhook-signature`).
///
/// Commerce signs with the private key of the pair made under *Stores ▸ Settings ▸ Configuration ▸ Adobe Services ▸
/// Webhooks* (Digital Signature Configuration: enable, **Regenerate key pair**), and shows the public key there to
/// copy. The header is the base64 RSA-SHA256 (PKCS #1 v1.5) signature of the **base64 text of the raw body**, so
/// verification works on the bytes exactly as received: never re-encode the JSON first.
///
/// Regenerating the pair in the Admin invalidates the old public key at once. To rotate without refusing calls, give
/// both keys (the new one and the previous one) for the changeover, then drop the old one.
///
/// ```swift
/// let signature = try CommerceWebhookSignature(publicKeyPEM: adminPEM, previousPublicKeyPEM: oldPEM)
/// try signature.verify(request)             // CommerceWebhookError(.unsigned / .badSignature) otherwise
/// ```
public struct CommerceWebhookSignature: Sendable {
    /// The header carrying the base64 signature.
    public static let header = "x-adobe-commerce-webhook-signature"

    /// The keys a signature may verify with; the first is the current one.
    public var publicKeys: [RSAPublicKey]

    /// Creates a verifier for signatures made with any of `publicKeys`.
    /// - Parameter publicKeys: The current key first, then the previous one during a rotation.
    public init(publicKeys: [RSAPublicKey]) {
        self.publicKeys = publicKeys
    }

    /// Creates a verifier from the PEM the Admin shows (`-----BEGIN PUBLIC KEY-----`).
    /// - Parameters:
    ///   - publicKeyPEM: The current public key.
    ///   - previousPublicKeyPEM: The key in use before the last regeneration, accepted during the changeover.
    /// - Throws: `SignatureError` when a PEM is not an RSA public key of at least 2,048 bits.
    public init(publicKeyPEM: String, previousPublicKeyPEM: String? = nil) throws(SignatureError) {
        var keys = [try RSAPublicKey(pem: publicKeyPEM)]
        if let previousPublicKeyPEM { keys.append(try RSAPublicKey(pem: previousPublicKeyPEM)) }
        self.init(publicKeys: keys)
    }

    /// The bytes Commerce signs for a body: the base64 text of the raw body, as UTF-8.
    /// - Parameter body: The raw request body.
    /// - Returns: `Data(body.base64EncodedString().utf8)`.
    public static func signedMessage(for body: Data) -> Data {
        Data(body.base64EncodedString().utf8)
    }

    /// Whether `signature` (the header's base64 text) verifies over `body` with one of ``publicKeys``.
    /// - Parameters:
    ///   - signature: The header value.
    ///   - body: The raw request body.
    /// - Returns: `true` when one key verifies it.
    public func isValid(signature: String, for body: Data) -> Bool {
        guard let bytes = Data(base64Encoded: signature.trimmedWhitespace), !bytes.isEmpty else { return false }
        let message = Self.signedMessage(for: body)
        return publicKeys.contains { $0.isValidSHA256Signature(bytes, for: message) }
    }

    /// Checks a request's signature.
    /// - Parameter request: The request as received, body untouched.
    /// - Throws: ``CommerceWebhookError`` with `unsigned` when the header is missing or empty, `badSignature` when no
    ///   key verifies it.
    public func verify(_ request: InboundHTTPRequest) throws(CommerceWebhookError) {
        guard let signature = request.headers[Self.header], !signature.trimmedWhitespace.isEmpty else {
            throw CommerceWebhookError(
                .unsigned, at: Self.header,
                "the call is not signed; enable the digital signature in the Admin (Adobe Services ▸ Webhooks)")
        }
        guard isValid(signature: signature, for: request.body) else {
            throw CommerceWebhookError(
                .badSignature, at: Self.header,
                "the signature does not verify with the configured public key"
                    + (publicKeys.count > 1 ? "s" : "")
                    + "; if the key pair was regenerated in the Admin, configure its new public key")
        }
    }
}
