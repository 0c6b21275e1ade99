#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An RSA public key that verifies RSASSA-PKCS1-v1_5 signatures with SHA-256, the scheme of Adobe I/O Events
/// deliveries (`x-adobe-digital-signature-1` and `-2`) and Adobe Commerce webhook calls
/// (`x-adobe-commerce-webhook-signature`).
///
/// Written in Swift here, with no crypto library: verification needs only public inputs. Keys from 2,048 to
/// 16,384 bits are accepted; a 4,096-bit verification takes well under a millisecond in a release build.
///
/// ```swift
/// let key = try RSAPublicKey(pem: pemText)        // fetched from static.adobeioevents.com, cached
/// let signature = Data(base64Encoded: request.headers["x-adobe-digital-signature-1"] ?? "") ?? Data()
/// guard key.isValidSHA256Signature(signature, for: rawBody) else { return .unauthorized }
/// ```
public struct RSAPublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The modulus n.
    package let modulus: BigUInt
    /// The public exponent e.
    package let publicExponent: BigUInt
    /// The modulus' length in bytes, which is every signature's length.
    package let modulusByteCount: Int
    private let montgomery: MontgomeryModulus

    /// The object identifier `rsaEncryption` (PKCS #1).
    package static let rsaEncryption = "1.2.840.113549.1.1.1"
    /// The smallest modulus accepted, in bits.
    package static let minimumBitWidth = 2048
    /// The largest modulus accepted, in bits.
    package static let maximumBitWidth = 16384

    /// Reads a PEM public key: `-----BEGIN PUBLIC KEY-----` (X.509 SubjectPublicKeyInfo, as Adobe I/O Events
    /// publishes its keys and the Commerce admin copies its webhook key) or `-----BEGIN RSA PUBLIC KEY-----`
    /// (PKCS #1).
    ///
    /// Spaces, tabs, CR and LF are tolerated around the block and inside its body.
    /// - Parameter pem: The PEM text.
    /// - Throws: ``SignatureError`` with ``SignatureError/Code/malformedPEM`` when the text is not one such block,
    ///   ``SignatureError/Code/malformedDER`` when its bytes are damaged, ``SignatureError/Code/unsupportedKey``
    ///   when it is not an RSA key, ``SignatureError/Code/keyTooSmall`` under 2,048 bits,
    ///   ``SignatureError/Code/keyTooLarge`` over 16,384 bits and ``SignatureError/Code/invalidKey`` when its
    ///   numbers cannot form an RSA key.
    public init(pem: String) throws(SignatureError) {
        let expected = "a PEM 'PUBLIC KEY' block"
        let block = try PEMBlock(parsing: pem, expected: expected)
        switch block.label {
        case "PUBLIC KEY":
            try self.init(subjectPublicKeyInfo: block.der[...])
        case "RSA PUBLIC KEY":
            try self.init(pkcs1: block.der[...])
        case "CERTIFICATE":
            throw SignatureError(
                code: .malformedPEM, message: "PEM: a certificate where a public key belongs.",
                recoverySuggestion: "Extract the key with 'openssl x509 -pubkey -noout -in certificate.pem' and "
                    + "pass that 'PUBLIC KEY' block.")
        case let label where label.hasSuffix("PRIVATE KEY"):
            throw SignatureError(
                code: .malformedPEM, message: "PEM: a private key where a public key belongs.",
                recoverySuggestion: "Pass the public key only ('openssl pkey -pubout -in key.pem' prints it); keep "
                    + "the private key secret.")
        case let label:
            throw SignatureError(
                code: .malformedPEM, message: "PEM: a '\(label)' block where a 'PUBLIC KEY' block belongs.",
                recoverySuggestion: "Expected \(expected) as Adobe publishes at static.adobeioevents.com.")
        }
    }

    /// Reads the DER bytes of an X.509 SubjectPublicKeyInfo holding an RSA key (what a PEM `PUBLIC KEY` block
    /// contains, and `openssl pkey -pubin -outform DER` writes).
    /// - Parameter derSubjectPublicKeyInfo: The DER bytes, nothing before or after.
    /// - Throws: ``SignatureError`` as ``init(pem:)`` does, but never ``SignatureError/Code/malformedPEM``.
    public init(derSubjectPublicKeyInfo: Data) throws(SignatureError) {
        try self.init(subjectPublicKeyInfo: [UInt8](derSubjectPublicKeyInfo)[...])
    }

    /// Reads a SubjectPublicKeyInfo whose offsets count from `der.startIndex`'s origin.
    package init(subjectPublicKeyInfo der: ArraySlice<UInt8>) throws(SignatureError) {
        var outer = DERReader(slice: der)
        var info = try outer.readSequence()
        try outer.finish()
        var algorithm = try info.readSequence()
        let identifierOffset = algorithm.offset
        let identifier = try algorithm.readObjectIdentifier()
        guard identifier == Self.rsaEncryption else {
            throw Self.unsupportedAlgorithm(identifier, at: identifierOffset)
        }
        if !algorithm.isAtEnd { try algorithm.readNull() }
        try algorithm.finish()
        let key = try info.readBitString()
        try info.finish()
        try self.init(pkcs1: key)
    }

    /// Reads a PKCS #1 `RSAPublicKey` (`SEQUENCE { modulus INTEGER, publicExponent INTEGER }`).
    package init(pkcs1 der: ArraySlice<UInt8>) throws(SignatureError) {
        var outer = DERReader(slice: der)
        var key = try outer.readSequence()
        try outer.finish()
        let modulus = try key.readUnsignedInteger()
        let exponent = try key.readUnsignedInteger()
        try key.finish()
        try self.init(modulus: modulus, publicExponent: exponent)
    }

    /// A key from its numbers, checked: 2,048 to 16,384 bits, odd modulus, odd exponent between 3 and n − 1.
    package init(modulus: BigUInt, publicExponent: BigUInt) throws(SignatureError) {
        let bits = modulus.bitWidth
        guard bits >= Self.minimumBitWidth else {
            throw SignatureError(code: .keyTooSmall, message: "The RSA modulus has \(bits) bits, fewer than 2,048.")
        }
        guard bits <= Self.maximumBitWidth else {
            throw SignatureError(code: .keyTooLarge, message: "The RSA modulus has \(bits) bits, more than 16,384.")
        }
        guard modulus.isOdd else { throw SignatureError(code: .invalidKey, message: "The RSA modulus is even.") }
        guard publicExponent.isOdd, publicExponent > BigUInt(1), publicExponent < modulus else {
            throw SignatureError(
                code: .invalidKey,
                message: "The RSA public exponent must be odd, greater than 1 and less than the modulus.")
        }
        self.modulus = modulus
        self.publicExponent = publicExponent
        modulusByteCount = modulus.byteCount
        montgomery = MontgomeryModulus(modulus)
    }

    /// The size of the modulus in bits, such as 2048 or 4096.
    public var bitWidth: Int { modulus.bitWidth }

    /// Whether `signature` is a valid RSASSA-PKCS1-v1_5 signature with SHA-256 of `message` under this key
    /// (RFC 8017, section 8.2.2).
    ///
    /// The signature must be exactly as long as the modulus and less than it; it is opened with the public
    /// exponent and the whole resulting block is compared with the one built from `message`'s digest, so no
    /// padding is ever parsed (the Bleichenbacher 2006 forgery has nowhere to hide garbage).
    ///
    /// - Parameters:
    ///   - signature: The raw signature bytes (decode the header's base64 first).
    ///   - message: The signed bytes: the raw request body for Adobe I/O Events; for Commerce webhooks, the
    ///     UTF-8 of the body's base64 text.
    /// - Returns: `true` only when the signature verifies.
    public func isValidSHA256Signature(_ signature: Data, for message: Data) -> Bool {
        guard signature.count == modulusByteCount else { return false }
        let value = BigUInt(bigEndianBytes: signature)
        guard value < modulus else { return false }
        guard let opened = montgomery.power(value, publicExponent).bigEndianBytes(count: modulusByteCount) else {
            return false
        }
        let expected = message.withUnsafeBytes {
            PKCS1Encoding.sha256EncodedMessage(for: $0, length: modulusByteCount)
        }
        // Every byte is compared, whatever differs first.
        var difference: UInt8 = 0
        for index in 0..<modulusByteCount { difference |= opened[index] ^ expected[index] }
        return difference == 0
    }

    /// The key's DER SubjectPublicKeyInfo, as `openssl pkey -pubin -outform DER` writes it.
    package var derSubjectPublicKeyInfo: [UInt8] {
        DERWriter.sequence([
            DERWriter.sequence([DERWriter.objectIdentifier(Self.rsaEncryption), DERWriter.null]),
            DERWriter.bitString(
                DERWriter.sequence([
                    DERWriter.unsignedInteger(modulus), DERWriter.unsignedInteger(publicExponent),
                ])),
        ])
    }

    /// The key as a PEM `PUBLIC KEY` block, as Adobe publishes its keys.
    package var pem: String { PEMBlock(label: "PUBLIC KEY", der: derSubjectPublicKeyInfo).text }

    /// The first 8 bytes of the SHA-256 of ``derSubjectPublicKeyInfo``, in hex: enough to tell keys apart in logs.
    package var fingerprint: String { String(SHA256.hexHash(derSubjectPublicKeyInfo).prefix(16)) }

    /// The size, the exponent and a short fingerprint (the first 8 bytes of the SHA-256 of the key's DER
    /// SubjectPublicKeyInfo, in hex); never the modulus.
    public var description: String {
        let exponent = publicExponent.limbs.count == 1 ? String(publicExponent.limbs[0]) : "large"
        return "RSAPublicKey(\(bitWidth) bits, e=\(exponent), SHA-256 fingerprint \(fingerprint))"
    }

    /// Whether two keys have the same modulus and exponent.
    public static func == (lhs: RSAPublicKey, rhs: RSAPublicKey) -> Bool {
        lhs.modulus == rhs.modulus && lhs.publicExponent == rhs.publicExponent
    }

    /// Hashes the modulus and the exponent.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(modulus)
        hasher.combine(publicExponent)
    }

    private static func unsupportedAlgorithm(_ identifier: String, at offset: Int) -> SignatureError {
        let names = [
            "1.2.840.10045.2.1": "an EC key", "1.3.101.112": "an Ed25519 key", "1.3.101.113": "an Ed448 key",
            "1.3.101.110": "an X25519 key", "1.2.840.113549.1.1.10": "an RSASSA-PSS key",
            "1.2.840.10040.4.1": "a DSA key",
        ]
        let name = names[identifier].map { "\($0) (\(identifier))" } ?? "algorithm \(identifier)"
        return SignatureError(
            code: .unsupportedKey, message: "The key is \(name), not rsaEncryption (\(rsaEncryption)).",
            offset: offset)
    }
}
