import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// The arbitrary-precision integer under RSA: Python's results for products, quotients and modular powers
/// (`Fixtures/Signatures/biguint-vectors.txt`), and properties that tie the operations to each other.
struct BigUIntTests {
    private static let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Signatures/biguint-vectors.txt")

    @Test func agreesWithPythonOnProductsQuotientsAndPowers() throws {
        let text = try String(contentsOf: Self.vectors, encoding: .utf8)
        var counts: [String: Int] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ").map(String.init)
            let values = try fields.dropFirst().map { try #require(BigUInt(hex: $0), "not hex: \($0)") }
            counts[fields[0], default: 0] += 1
            switch fields[0] {
            case "mul":
                #expect(values[0] * values[1] == values[2], "\(line.prefix(60))")
                #expect(values[1] * values[0] == values[2], "\(line.prefix(60))")
            case "div":
                let (quotient, remainder) = values[0].quotientAndRemainder(dividingBy: values[1])
                #expect(quotient == values[2], "\(line.prefix(60))")
                #expect(remainder == values[3], "\(line.prefix(60))")
            case "pow":
                #expect(values[0].power(values[1], modulo: values[2]) == values[3], "\(line.prefix(60))")
            default:
                Issue.record("unknown vector kind \(fields[0])")
            }
        }
        #expect(counts == ["mul": 9, "div": 15, "pow": 17])
    }

    @Test func bytesRoundTripWithLeadingZerosAndPadding() {
        var random = SeededRandomNumberGenerator(seed: 7)
        for _ in 0..<200 {
            let count = Int.random(in: 0...80, using: &random)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            if count > 2 && Bool.random(using: &random) { bytes[0] = 0 }
            let value = BigUInt(bigEndianBytes: bytes)
            let significant = Array(bytes.drop { $0 == 0 })
            #expect(value.bigEndianBytes == significant)
            #expect(value.byteCount == significant.count)
            #expect(value.bigEndianBytes(count: count) == bytes)
            #expect(value.bigEndianBytes(count: count + 3) == [0, 0, 0] + bytes)
            if !significant.isEmpty { #expect(value.bigEndianBytes(count: significant.count - 1) == nil) }
        }
        #expect(BigUInt(bigEndianBytes: []).isZero)
        #expect(BigUInt(bigEndianBytes: [0, 0]).bitWidth == 0)
        #expect(BigUInt(bigEndianBytes: [0x01, 0x00, 0x01]).bitWidth == 17)
        #expect(BigUInt(bigEndianBytes: [0x01, 0x00, 0x01]) == BigUInt(65537))
        #expect(BigUInt(65537).description == "0x10001")
    }

    @Test func divisionSatisfiesQuotientTimesDivisorPlusRemainder() {
        var random = SeededRandomNumberGenerator(seed: 11)
        for _ in 0..<300 {
            let dividend = Self.randomValue(limbs: Int.random(in: 0...12, using: &random), using: &random)
            var divisor = Self.randomValue(limbs: Int.random(in: 1...8, using: &random), using: &random)
            if divisor.isZero { divisor = BigUInt(3) }
            let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
            #expect(remainder < divisor)
            #expect(quotient * divisor + remainder == dividend)
            #expect(dividend / divisor == quotient)
            #expect(dividend % divisor == remainder)
            #expect((dividend * divisor) / divisor == dividend)
        }
    }

    @Test func additionAndSubtractionUndoEachOther() {
        var random = SeededRandomNumberGenerator(seed: 13)
        for _ in 0..<300 {
            let a = Self.randomValue(limbs: Int.random(in: 0...9, using: &random), using: &random)
            let b = Self.randomValue(limbs: Int.random(in: 0...9, using: &random), using: &random)
            #expect((a + b) - b == a)
            #expect(a + b == b + a)
            #expect(a - a == BigUInt())
            #expect(
                (a < b) == (Array(a.bigEndianBytes(count: 80)!).lexicographicallyPrecedes(b.bigEndianBytes(count: 80)!))
            )
            #expect((a + b) * (a + b) == a * a + BigUInt(2) * a * b + b * b)
        }
        let allOnes = BigUInt(limbs: [UInt64.max, UInt64.max])
        #expect(allOnes + BigUInt(1) == BigUInt(limbs: [0, 0, 1]))
        #expect(BigUInt(limbs: [0, 0, 1]) - BigUInt(1) == allOnes)
    }

    @Test func montgomeryPowersAgreeWithSquareAndMultiply() {
        var random = SeededRandomNumberGenerator(seed: 17)
        for _ in 0..<60 {
            var modulus = Self.randomValue(limbs: Int.random(in: 1...6, using: &random), using: &random)
            modulus = modulus + BigUInt(modulus.isOdd ? 2 : 3)  // odd and greater than 1
            let base = Self.randomValue(limbs: Int.random(in: 0...8, using: &random), using: &random)
            let exponent = Self.randomValue(limbs: Int.random(in: 0...3, using: &random), using: &random)
            var expected = BigUInt(1)
            for bit in stride(from: exponent.bitWidth - 1, through: 0, by: -1) {
                expected = (expected * expected) % modulus
                if exponent.bit(bit) { expected = (expected * base) % modulus }
            }
            #expect(MontgomeryModulus(modulus).power(base, exponent) == expected)
            #expect(base.power(exponent, modulo: modulus) == expected)
        }
        // Fermat: a^(p-1) = 1 mod p for the prime 2^127 - 1.
        let prime = BigUInt(limbs: [UInt64.max, UInt64.max >> 1])
        #expect(BigUInt(123_456_789).power(prime - BigUInt(1), modulo: prime) == BigUInt(1))
        #expect(BigUInt(5).power(BigUInt(3), modulo: BigUInt(1)) == BigUInt())
    }

    private static func randomValue(limbs count: Int, using random: inout SeededRandomNumberGenerator) -> BigUInt {
        let special: [UInt64] = [0, 1, UInt64.max, 1 << 63, (1 << 63) - 1]
        return BigUInt(
            limbs: (0..<count).map { _ in
                Int.random(in: 0..<4, using: &random) == 0 ? special.randomElement(using: &random)! : random.next()
            })
    }
}

extension BigUInt {
    /// A value from hexadecimal digits, or `nil` if one is not hex.
    fileprivate init?(hex: String) {
        let digits = hex.count % 2 == 0 ? hex : "0" + hex
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bigEndianBytes: bytes)
    }
}
