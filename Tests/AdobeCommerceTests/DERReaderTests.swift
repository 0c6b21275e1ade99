import AdobeCommerce
import Testing

/// The DER reader under key parsing: the types RSA keys use, and a typed refusal naming the offset for every
/// kind of damage.
struct DERReaderTests {
    @Test func readsTheTypesAKeyIsMadeOf() throws {
        let der = DERWriter.sequence([
            DERWriter.sequence([DERWriter.objectIdentifier("1.2.840.113549.1.1.1"), DERWriter.null]),
            DERWriter.unsignedInteger(BigUInt(65537)),
            DERWriter.unsignedInteger(BigUInt(0x80)),
            DERWriter.unsignedInteger(BigUInt()),
            DERWriter.bitString([1, 2, 3]),
            DERWriter.element(.octetString, Array(repeating: 7, count: 300)),
            DERWriter.objectIdentifier("2.999.18446744073709551615"),
        ])
        var outer = DERReader(der)
        var sequence = try outer.readSequence()
        try outer.finish()
        var algorithm = try sequence.readSequence()
        #expect(try algorithm.readObjectIdentifier() == "1.2.840.113549.1.1.1")
        try algorithm.readNull()
        try algorithm.finish()
        #expect(try sequence.readUnsignedInteger() == BigUInt(65537))
        #expect(try sequence.readUnsignedInteger() == BigUInt(0x80))
        #expect(try sequence.readSmallInteger() == 0)
        #expect(Array(try sequence.readBitString()) == [1, 2, 3])
        #expect(Array(try sequence.readOctetString()) == Array(repeating: 7, count: 300))
        #expect(try sequence.readObjectIdentifier() == "2.999.18446744073709551615")
        #expect(sequence.isAtEnd)
        try sequence.finish()
        // The 300-byte string's length is written in long form, 0x82 0x01 0x2C.
        #expect(DERWriter.element(.octetString, Array(repeating: 0, count: 300)).prefix(4) == [0x04, 0x82, 0x01, 0x2C])
        #expect(DERWriter.unsignedInteger(BigUInt(0x80)) == [0x02, 0x02, 0x00, 0x80])
    }

    /// Each damaged input and the offset the refusal must name.
    @Test(
        arguments: [
            ("empty", [], 0),
            ("length missing", [0x30], 1),
            ("contents cut short", [0x30, 0x05, 0x02, 0x01], 0),
            ("long length cut short", [0x04, 0x82, 0x01], 1),
            ("indefinite length", [0x30, 0x80, 0x00, 0x00], 1),
            ("over-long length field", [0x04, 0x85, 0, 0, 0, 0, 1, 0], 1),
            ("length not in shortest form", [0x04, 0x81, 0x05, 1, 2, 3, 4, 5], 1),
            ("length with a leading zero byte", [0x04, 0x82, 0x00, 0x90] + [UInt8](repeating: 0, count: 0x90), 1),
            ("high tag number", [0x1F, 0x81, 0x00], 0),
        ] as [(String, [UInt8], Int)])
    func refusesDamagedElements(_ name: String, _ bytes: [UInt8], _ offset: Int) {
        var reader = DERReader(bytes)
        #expect {
            _ = try reader.readElement()
        } throws: { error in
            let error = error as? SignatureError
            return error?.code == .malformedDER && error?.offset == offset
        }
    }

    @Test(
        arguments: [
            ("negative", [0x02, 0x01, 0xFF], 0),
            ("leading zero", [0x02, 0x02, 0x00, 0x7F], 0),
            ("leading FF", [0x02, 0x02, 0xFF, 0x80], 0),
            ("no content", [0x02, 0x00], 0),
            ("not an INTEGER", [0x04, 0x01, 0x01], 0),
        ] as [(String, [UInt8], Int)])
    func refusesBadIntegers(_ name: String, _ bytes: [UInt8], _ offset: Int) {
        var reader = DERReader(bytes)
        #expect {
            _ = try reader.readUnsignedInteger()
        } throws: { error in
            let error = error as? SignatureError
            return error?.code == .malformedDER && error?.offset == offset
        }
    }

    @Test func refusesTrailingBytesUnusedBitsAndBadIdentifiers() throws {
        var trailing = DERReader([0x05, 0x00, 0xAA, 0xBB])
        try trailing.readNull()
        #expect(throws: SignatureError.self) { try trailing.finish() }
        do {
            try trailing.finish()
        } catch {
            #expect(error.code == .malformedDER && error.offset == 2)
            #expect(error.description.contains("2 unexpected byte(s)"))
        }

        var bits = DERReader([0x03, 0x02, 0x04, 0xF0])
        #expect(throws: SignatureError.self) { _ = try bits.readBitString() }
        var nonEmptyNull = DERReader([0x05, 0x01, 0x00])
        #expect(throws: SignatureError.self) { try nonEmptyNull.readNull() }
        var paddedArc = DERReader([0x06, 0x03, 0x2A, 0x80, 0x01])
        #expect(throws: SignatureError.self) { _ = try paddedArc.readObjectIdentifier() }
        var cutArc = DERReader([0x06, 0x02, 0x2A, 0x86])
        #expect(throws: SignatureError.self) { _ = try cutArc.readObjectIdentifier() }
    }

    @Test func offsetsInsideNestedReadersCountFromTheOutermostInput() throws {
        // SEQUENCE { INTEGER 1, SEQUENCE { INTEGER with a bad leading zero } }
        var outer = DERReader([0x30, 0x08, 0x02, 0x01, 0x01, 0x30, 0x03, 0x02, 0x01, 0x80])
        var sequence = try outer.readSequence()
        _ = try sequence.readUnsignedInteger()
        var inner = try sequence.readSequence()
        do {
            _ = try inner.readUnsignedInteger()
            Issue.record("a negative INTEGER was read")
        } catch {
            #expect(error.code == .malformedDER)
            #expect(error.offset == 7)
        }
    }
}
