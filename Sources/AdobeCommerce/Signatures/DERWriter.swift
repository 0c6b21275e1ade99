/// Writes the DER elements an RSA public key is made of, so a key can be given back as a PEM
/// SubjectPublicKeyInfo (the fakes publish their keys this way) and fingerprinted the way `openssl` does.
///
/// ```swift
/// let der = DERWriter.sequence([DERWriter.unsignedInteger(n), DERWriter.unsignedInteger(e)])
/// ```
package enum DERWriter {
    /// An element with `tag` and `contents`, its length in shortest form.
    package static func element(_ tag: DERReader.Tag, _ contents: [UInt8]) -> [UInt8] {
        var bytes = [tag.rawValue]
        if contents.count < 0x80 {
            bytes.append(UInt8(contents.count))
        } else {
            let length = BigUInt(UInt64(contents.count)).bigEndianBytes
            bytes.append(0x80 | UInt8(length.count))
            bytes += length
        }
        return bytes + contents
    }

    /// A SEQUENCE of already encoded elements.
    package static func sequence(_ elements: [[UInt8]]) -> [UInt8] { element(.sequence, elements.flatMap { $0 }) }

    /// A non-negative INTEGER.
    package static func unsignedInteger(_ value: BigUInt) -> [UInt8] {
        var bytes = value.bigEndianBytes
        if bytes.first.map({ $0 >= 0x80 }) ?? true { bytes.insert(0, at: 0) }
        return element(.integer, bytes)
    }

    /// A BIT STRING of whole bytes.
    package static func bitString(_ bytes: [UInt8]) -> [UInt8] { element(.bitString, [0] + bytes) }

    /// An OBJECT IDENTIFIER given in dotted form, such as `1.2.840.113549.1.1.1`.
    package static func objectIdentifier(_ dotted: String) -> [UInt8] {
        let arcs = dotted.split(separator: ".").map { UInt64($0)! }
        var contents: [UInt8] = []
        for arc in [arcs[0] * 40 + arcs[1]] + arcs.dropFirst(2) {
            var chunk = [UInt8(arc & 0x7F)]
            var rest = arc >> 7
            while rest != 0 {
                chunk.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
                rest >>= 7
            }
            contents += chunk
        }
        return element(.objectIdentifier, contents)
    }

    /// A NULL.
    package static let null: [UInt8] = [DERReader.Tag.null.rawValue, 0]
}
