import Testing

@testable import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

@Suite("Decimal text and integers without Foundation's formatter")
struct DecimalTextTests {
    @Test("The text equals Decimal's own description for 50,000 random values, and for edge cases")
    func matchesDescription() {
        var generator = SplitMix(seed: 0xC0FF_EE)
        for index in 0..<50_000 {
            let bits = UInt64(generator.next() % 64)
            let significand = index % 3 == 0 ? generator.next() % 1_000 : generator.next() >> bits
            let exponent = Int(generator.next() % 61) - 30
            let value = Decimal(
                sign: generator.next() % 2 == 0 ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
            #expect(DecimalText.text(value) == value.description, "significand \(significand), exponent \(exponent)")
        }
        for text in ["12.50", "0.05", "-0", "100", "1e3", "0.000", "19.99", "-0.5", "123456789012345678901234567890.5"]
        {
            let value = Decimal(string: text)!
            #expect(DecimalText.text(value) == value.description, "\(text)")
        }
        #expect(DecimalText.text(Decimal.nan) == Decimal.nan.description)
    }

    @Test("The memory layout is recognised on this platform, so the fast path is the one tested")
    func layoutProbe() {
        #if os(Linux)
            #expect(DecimalText.layoutIsKnown)
        #endif
    }

    @Test("intValue reads whole numbers exactly and refuses fractions and overflow")
    func integers() {
        #expect(JSONValue.number(Decimal(string: "1250e-2")!).intValue == nil)
        #expect(JSONValue.number(Decimal(string: "12.00")!).intValue == 12)
        #expect(JSONValue.number(Decimal(string: "-42")!).intValue == -42)
        #expect(JSONValue.number(Decimal(string: "1e3")!).intValue == 1_000)
        #expect(JSONValue.number(Decimal(string: "9223372036854775807")!).intValue == Int.max)
        #expect(JSONValue.number(Decimal(string: "-9223372036854775808")!).intValue == Int.min)
        #expect(JSONValue.number(Decimal(string: "9223372036854775808")!).intValue == nil)
        #expect(JSONValue.number(Decimal(string: "1e30")!).intValue == nil)
        #expect(JSONValue.string("17").intValue == 17)
        #expect(JSONValue.string("17.0").intValue == 17)
        #expect(JSONValue.string("seventeen").intValue == nil)
        #expect(JSONValue.bool(true).intValue == nil)
    }
}

/// A small deterministic generator for the random cases.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
