/// Reads the few DER (X.690 distinguished encoding) types that RSA keys are made of: SEQUENCE, INTEGER,
/// BIT STRING, OCTET STRING, OBJECT IDENTIFIER and NULL.
///
/// Definite lengths only, in their shortest form; a truncated, over-long or indefinite-length element, an
/// unexpected tag or bytes left after the last element are refused with a ``SignatureError`` of code
/// ``SignatureError/Code/malformedDER`` naming the byte offset. Offsets count from the start of the outermost
/// input, also inside nested readers.
///
/// ```swift
/// var outer = DERReader(der)
/// var sequence = try outer.readSequence()
/// try outer.finish()
/// let modulus = try sequence.readUnsignedInteger()
/// ```
package struct DERReader {
    /// The identifier octets of the universal types this reader knows.
    package enum Tag: UInt8, Sendable {
        case integer = 0x02
        case bitString = 0x03
        case octetString = 0x04
        case null = 0x05
        case objectIdentifier = 0x06
        case sequence = 0x30

        var name: String {
            switch self {
            case .integer: "INTEGER"
            case .bitString: "BIT STRING"
            case .octetString: "OCTET STRING"
            case .null: "NULL"
            case .objectIdentifier: "OBJECT IDENTIFIER"
            case .sequence: "SEQUENCE"
            }
        }
    }

    /// One element: its tag byte, its contents and where it starts.
    package struct Element {
        /// The identifier octet.
        package var tag: UInt8
        /// The contents octets, indexed by offset into the outermost input.
        package var contents: ArraySlice<UInt8>
        /// The offset of the identifier octet.
        package var offset: Int
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    /// A reader over `bytes`, offsets counted from its first byte.
    package init(_ bytes: [UInt8]) {
        self.init(slice: bytes[...])
    }

    /// A reader over `slice`, offsets being the slice's own indices.
    package init(slice: ArraySlice<UInt8>) {
        bytes = slice
        position = slice.startIndex
    }

    /// Whether every byte has been read.
    package var isAtEnd: Bool { position == bytes.endIndex }

    /// The offset of the next byte to read.
    package var offset: Int { position }

    /// The next element's tag byte, without reading it; `nil` at the end.
    package var nextTag: UInt8? { isAtEnd ? nil : bytes[position] }

    /// Refuses any byte left unread.
    package func finish() throws(SignatureError) {
        guard isAtEnd else {
            throw Self.error(
                "\(bytes.endIndex - position) unexpected byte(s) after the last element", at: position)
        }
    }

    /// Reads any one element.
    package mutating func readElement() throws(SignatureError) -> Element {
        let start = position
        guard start < bytes.endIndex else { throw Self.error("truncated: an element was expected", at: start) }
        let tag = bytes[start]
        guard tag & 0x1F != 0x1F else { throw Self.error("high tag numbers are not supported", at: start) }
        guard start + 1 < bytes.endIndex else { throw Self.error("truncated: the length is missing", at: start + 1) }
        let first = bytes[start + 1]
        var length: Int
        var contentsStart = start + 2
        if first < 0x80 {
            length = Int(first)
        } else if first == 0x80 {
            throw Self.error("indefinite length is not DER", at: start + 1)
        } else {
            let count = Int(first & 0x7F)
            guard count <= 4 else {
                throw Self.error("over-long length: a length field of \(count) bytes", at: start + 1)
            }
            guard contentsStart + count <= bytes.endIndex else {
                throw Self.error("truncated: the length field is cut short", at: start + 1)
            }
            length = 0
            for byte in bytes[contentsStart..<contentsStart + count] { length = length << 8 | Int(byte) }
            guard bytes[contentsStart] != 0, length >= 0x80 else {
                throw Self.error("over-long length: \(length) is not written in its shortest form", at: start + 1)
            }
            contentsStart += count
        }
        guard length <= bytes.endIndex - contentsStart else {
            throw Self.error(
                "truncated: the element claims \(length) bytes but \(bytes.endIndex - contentsStart) remain",
                at: start)
        }
        position = contentsStart + length
        return Element(tag: tag, contents: bytes[contentsStart..<position], offset: start)
    }

    /// Reads an element that must have `tag`, and returns its contents.
    package mutating func read(_ tag: Tag) throws(SignatureError) -> ArraySlice<UInt8> {
        let start = position
        let element = try readElement()
        guard element.tag == tag.rawValue else {
            position = start
            throw Self.error(
                "expected \(tag.name) (tag 0x\(String(tag.rawValue, radix: 16))), found tag 0x"
                    + String(element.tag, radix: 16),
                at: start)
        }
        return element.contents
    }

    /// Reads a SEQUENCE and returns a reader over its elements.
    package mutating func readSequence() throws(SignatureError) -> DERReader {
        DERReader(slice: try read(.sequence))
    }

    /// Reads a non-negative INTEGER in its shortest form.
    package mutating func readUnsignedInteger() throws(SignatureError) -> BigUInt {
        let start = position
        let contents = try read(.integer)
        guard let first = contents.first else { throw Self.error("an INTEGER with no content bytes", at: start) }
        if contents.count > 1 {
            let second = contents[contents.startIndex + 1]
            guard !(first == 0 && second < 0x80), !(first == 0xFF && second >= 0x80) else {
                throw Self.error("an INTEGER not written in its shortest form", at: start)
            }
        }
        guard first < 0x80 else { throw Self.error("a negative INTEGER where a non-negative one belongs", at: start) }
        return BigUInt(bigEndianBytes: contents)
    }

    /// Reads a non-negative INTEGER that fits in an `Int` (a version number).
    package mutating func readSmallInteger() throws(SignatureError) -> Int {
        let start = position
        let value = try readUnsignedInteger()
        guard value.bitWidth < 63 else { throw Self.error("an INTEGER too large for a version number", at: start) }
        return Int(value.limbs.first ?? 0)
    }

    /// Reads a BIT STRING whose bit count is a whole number of bytes, and returns its bytes.
    package mutating func readBitString() throws(SignatureError) -> ArraySlice<UInt8> {
        let start = position
        let contents = try read(.bitString)
        guard let unused = contents.first else { throw Self.error("a BIT STRING with no content bytes", at: start) }
        guard unused == 0 else {
            throw Self.error("a BIT STRING with \(unused) unused bits where whole bytes belong", at: start)
        }
        return contents.dropFirst()
    }

    /// Reads an OCTET STRING and returns its bytes.
    package mutating func readOctetString() throws(SignatureError) -> ArraySlice<UInt8> {
        try read(.octetString)
    }

    /// Reads a NULL.
    package mutating func readNull() throws(SignatureError) {
        let start = position
        guard try read(.null).isEmpty else { throw Self.error("a NULL with content bytes", at: start) }
    }

    /// Reads an OBJECT IDENTIFIER and returns it in dotted form, such as `1.2.840.113549.1.1.1`.
    package mutating func readObjectIdentifier() throws(SignatureError) -> String {
        let start = position
        let contents = try read(.objectIdentifier)
        guard !contents.isEmpty, contents.last! & 0x80 == 0 else {
            throw Self.error("an OBJECT IDENTIFIER that is empty or cut short", at: start)
        }
        var arcs: [UInt64] = []
        var value: UInt64 = 0
        var startsArc = true
        for byte in contents {
            guard !(startsArc && byte == 0x80) else {
                throw Self.error("an OBJECT IDENTIFIER arc not written in its shortest form", at: start)
            }
            guard value >> 57 == 0 else { throw Self.error("an OBJECT IDENTIFIER arc too large", at: start) }
            value = value << 7 | UInt64(byte & 0x7F)
            startsArc = byte & 0x80 == 0
            if startsArc {
                if arcs.isEmpty {
                    let first: UInt64 = value < 40 ? 0 : value < 80 ? 1 : 2
                    arcs += [first, value - 40 * first]
                } else {
                    arcs.append(value)
                }
                value = 0
            }
        }
        return arcs.map { String($0) }.joined(separator: ".")
    }

    static func error(_ message: String, at offset: Int) -> SignatureError {
        SignatureError(code: .malformedDER, message: "DER: " + message + ".", offset: offset)
    }
}
