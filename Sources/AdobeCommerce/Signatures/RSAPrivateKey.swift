#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// An RSA private key that signs with RSASSA-PKCS1-v1_5 and SHA-256, for the test fakes only: `FakeCommerce`
/// signs webhook calls and I/O Events deliveries with it. The product verifies; it never signs.
///
/// Signing uses the Chinese remainder theorem (p, q, dp, dq, qInv) and is not hardened against timing: never
/// load a production key into it.
///
/// ```swift
/// let key = try RSAPrivateKey(pem: FakeSigningKeys.ioEvents)
/// let signature = key.signatureSHA256(for: body)
/// key.publicKey.isValidSHA256Signature(signature, for: body)  // true
/// ```
package struct RSAPrivateKey: Sendable, CustomStringConvertible, CustomReflectable {
    /// The matching public key.
    package let publicKey: RSAPublicKey
    private let p: BigUInt
    private let q: BigUInt
    private let dp: BigUInt
    private let dq: BigUInt
    private let qInverse: BigUInt
    private let pModulus: MontgomeryModulus
    private let qModulus: MontgomeryModulus

    /// Reads a PEM private key: `-----BEGIN PRIVATE KEY-----` (PKCS #8, what `openssl genpkey` writes) or
    /// `-----BEGIN RSA PRIVATE KEY-----` (PKCS #1). Encrypted keys are refused.
    /// - Throws: ``SignatureError`` as ``RSAPublicKey/init(pem:)`` does.
    package init(pem: String) throws(SignatureError) {
        let block = try PEMBlock(parsing: pem, expected: "a PEM 'PRIVATE KEY' block")
        switch block.label {
        case "PRIVATE KEY":
            try self.init(pkcs8: block.der[...])
        case "RSA PRIVATE KEY":
            try self.init(pkcs1: block.der[...])
        case "ENCRYPTED PRIVATE KEY":
            throw SignatureError(
                code: .unsupportedKey, message: "The private key is encrypted.",
                recoverySuggestion: "Decrypt it with 'openssl pkey -in key.pem' first.")
        case let label:
            throw SignatureError(
                code: .malformedPEM, message: "PEM: a '\(label)' block where a 'PRIVATE KEY' block belongs.",
                recoverySuggestion: "Pass an RSA private key as 'openssl genpkey -algorithm RSA' writes it.")
        }
    }

    /// Reads a PKCS #8 `PrivateKeyInfo` (or `OneAsymmetricKey`) holding an RSA key.
    package init(pkcs8 der: ArraySlice<UInt8>) throws(SignatureError) {
        var outer = DERReader(slice: der)
        var info = try outer.readSequence()
        try outer.finish()
        let versionOffset = info.offset
        guard try info.readSmallInteger() <= 1 else {
            throw SignatureError(code: .unsupportedKey, message: "Unknown PKCS #8 version.", offset: versionOffset)
        }
        var algorithm = try info.readSequence()
        let identifierOffset = algorithm.offset
        let identifier = try algorithm.readObjectIdentifier()
        guard identifier == RSAPublicKey.rsaEncryption else {
            throw SignatureError(
                code: .unsupportedKey, message: "The key's algorithm is \(identifier), not rsaEncryption.",
                offset: identifierOffset)
        }
        if !algorithm.isAtEnd { try algorithm.readNull() }
        try algorithm.finish()
        let key = try info.readOctetString()
        // Optional [0] attributes and [1] public key.
        while let tag = info.nextTag, tag & 0xC0 == 0x80 { _ = try info.readElement() }
        try info.finish()
        try self.init(pkcs1: key)
    }

    /// Reads a PKCS #1 `RSAPrivateKey` with two primes.
    package init(pkcs1 der: ArraySlice<UInt8>) throws(SignatureError) {
        var outer = DERReader(slice: der)
        var key = try outer.readSequence()
        try outer.finish()
        let versionOffset = key.offset
        guard try key.readSmallInteger() == 0 else {
            throw SignatureError(
                code: .unsupportedKey, message: "A multi-prime RSA private key (version 1).", offset: versionOffset)
        }
        let n = try key.readUnsignedInteger()
        let e = try key.readUnsignedInteger()
        _ = try key.readUnsignedInteger()  // d: the CRT parts below sign faster.
        let p = try key.readUnsignedInteger()
        let q = try key.readUnsignedInteger()
        let dp = try key.readUnsignedInteger()
        let dq = try key.readUnsignedInteger()
        let qInverse = try key.readUnsignedInteger()
        try key.finish()
        let publicKey = try RSAPublicKey(modulus: n, publicExponent: e)
        let one = BigUInt(1)
        guard p.isOdd, q.isOdd, p > one, q > one, p * q == n, dp < p, dq < q, qInverse < p,
            (e * dp) % (p - one) == one, (e * dq) % (q - one) == one, (qInverse * q) % p == one
        else {
            throw SignatureError(code: .invalidKey, message: "The private key's parts do not match each other.")
        }
        self.publicKey = publicKey
        self.p = p
        self.q = q
        self.dp = dp
        self.dq = dq
        self.qInverse = qInverse
        pModulus = MontgomeryModulus(p)
        qModulus = MontgomeryModulus(q)
    }

    /// The RSASSA-PKCS1-v1_5 signature with SHA-256 of `message` (RFC 8017, section 8.2.1), as long as the
    /// modulus: the same bytes `openssl dgst -sha256 -sign` writes.
    package func signatureSHA256(for message: Data) -> Data {
        let length = publicKey.modulusByteCount
        let encoded = message.withUnsafeBytes { PKCS1Encoding.sha256EncodedMessage(for: $0, length: length) }
        return signature(forEncodedMessage: encoded)
    }

    /// The raw private-key operation on an encoded block of the modulus' length, whatever the block holds: tests
    /// use it to build validly signed but wrongly padded blocks, which a verifier must refuse.
    /// - Precondition: `encoded` is as long as the modulus and, read as a number, less than it.
    package func signature(forEncodedMessage encoded: [UInt8]) -> Data {
        let length = publicKey.modulusByteCount
        let m = BigUInt(bigEndianBytes: encoded)
        precondition(encoded.count == length && m < publicKey.modulus, "the block must be less than the modulus")
        let m1 = pModulus.power(m, dp)
        let m2 = qModulus.power(m, dq)
        let m2ModP = m2 % p
        let difference = m1 >= m2ModP ? m1 - m2ModP : m1 + p - m2ModP
        let h = (qInverse * difference) % p
        let signature = m2 + h * q
        return Data(signature.bigEndianBytes(count: length)!)
    }

    /// The size and the public key's fingerprint; never a private part.
    package var description: String {
        "RSAPrivateKey(\(publicKey.bitWidth) bits, public key SHA-256 fingerprint \(publicKey.fingerprint))"
    }

    /// A mirror that shows only ``description``, so `dump` prints no private part either.
    package var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
