/// The EMSA-PKCS1-v1_5 encoding of a SHA-256 digest (RFC 8017, section 9.2):
/// `00 01 FF … FF 00 || DigestInfo(SHA-256) || digest`, as long as the modulus.
///
/// Verification builds this whole block and compares it with the one the signature opens to, byte for byte;
/// it never parses the padding, which is what lets Bleichenbacher's 2006 forgery through with exponent 3.
package enum PKCS1Encoding {
    /// The DER of `DigestInfo { AlgorithmIdentifier { id-sha256, NULL }, OCTET STRING (32 bytes) }` before the
    /// digest.
    package static let sha256DigestInfoPrefix: [UInt8] = [
        0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
        0x20,
    ]

    /// The encoded message for `message`'s SHA-256 digest, `length` bytes long.
    /// - Precondition: `length` is at least 62 (the digest info, 8 bytes of FF and 3 more); RSA keys of 2,048 bits
    ///   and more give 256.
    package static func sha256EncodedMessage(
        for message: UnsafeRawBufferPointer, length: Int
    ) -> [UInt8] {
        let tail = sha256DigestInfoPrefix.count + SHA256.digestCount
        precondition(length >= tail + 11, "the modulus is too short for a SHA-256 PKCS#1 v1.5 signature")
        var encoded = [UInt8](repeating: 0xFF, count: length)
        encoded[0] = 0x00
        encoded[1] = 0x01
        encoded[length - tail - 1] = 0x00
        encoded.replaceSubrange((length - tail)..<(length - SHA256.digestCount), with: sha256DigestInfoPrefix)
        encoded.replaceSubrange((length - SHA256.digestCount)..<length, with: SHA256.digest(message).bytes)
        return encoded
    }
}
