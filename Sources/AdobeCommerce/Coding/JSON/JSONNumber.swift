#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Converts the text of a JSON number (already checked against the grammar) into Swift numbers, exactly or not at all.
enum JSONNumber {
    /// The number as a `Decimal` with every digit as written, or `nil` when it has more than 38 significant digits or
    /// an exponent beyond `Decimal`'s range.
    static func decimal(_ text: UnsafeBufferPointer<UInt8>) -> Decimal? {
        var index = 0
        let negative = text[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var significand: UInt64 = 0
        var digits = 0  // significant digits so far (leading zeros not counted)
        var exponent = 0
        var wide = false  // more than 19 digits: `UInt64` cannot hold them
        var sawPoint = false
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                sawPoint = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                let digit = UInt64(byte &- UInt8(ascii: "0"))
                if sawPoint { exponent -= 1 }
                if digits > 0 || digit != 0 { digits += 1 }
                if digits > 19 {
                    wide = true
                } else {
                    significand = significand &* 10 &+ digit
                }
            } else {
                break  // e or E
            }
            index += 1
        }
        exponent += writtenExponent(text, from: index)
        if digits == 0 { return Decimal(0) }
        if digits > 38 { return nil }
        if wide {
            // 20 to 38 digits: Foundation's parser keeps them all; check its exponent stays in range first.
            guard exponent + digits - 1 <= 127 + 37, exponent >= -128 - 37 else { return nil }
            guard let value = Decimal(string: String(decoding: text, as: UTF8.self), locale: nil), !value.isNaN
            else { return nil }
            return value
        }
        // Fold trailing zeros into the exponent when the exponent would not fit otherwise.
        while exponent < -128, significand % 10 == 0, significand != 0 {
            significand /= 10
            exponent += 1
        }
        while exponent > 127, digits < 38 {
            guard significand <= UInt64.max / 10 else { return nil }
            significand *= 10
            exponent -= 1
            digits += 1
        }
        guard (-128...127).contains(exponent) else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
    }

    /// The number as an integer of type `Integer`, or `nil` when it is not whole or does not fit.
    @inline(__always)
    static func integer<Integer: FixedWidthInteger>(
        _ text: UnsafeBufferPointer<UInt8>,
        isInteger: Bool,
        as type: Integer.Type
    ) -> Integer? {
        guard isInteger else { return wholeNumber(text, as: Integer.self) }
        var index = 0
        let negative = text[0] == UInt8(ascii: "-")
        if negative {
            guard Integer.isSigned else { return text.count == 2 && text[1] == UInt8(ascii: "0") ? 0 : nil }
            index = 1
        }
        var value: Integer = 0
        while index < text.count {
            let digit = Integer(text[index] &- UInt8(ascii: "0"))
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) =
                negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { return nil }
            value = next
            index += 1
        }
        return value
    }

    /// The number as the nearest `Double`; `nil` when it is beyond `Double`'s range.
    static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// A number written with a fraction or an exponent (`1.0`, `25e2`) that is nevertheless whole.
    private static func wholeNumber<Integer: FixedWidthInteger>(
        _ text: UnsafeBufferPointer<UInt8>,
        as type: Integer.Type
    ) -> Integer? {
        var digits: [UInt8] = []
        var exponent = 0
        var index = 0
        var sawPoint = false
        let negative = text[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                sawPoint = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                if !digits.isEmpty || byte != UInt8(ascii: "0") { digits.append(byte) }
                if sawPoint { exponent -= 1 }
            } else {
                break
            }
            index += 1
        }
        exponent += writtenExponent(text, from: index)
        if digits.isEmpty { return 0 }
        while exponent < 0 {
            guard digits.last == UInt8(ascii: "0") else { return nil }
            digits.removeLast()
            exponent += 1
        }
        guard digits.count + exponent <= 40 else { return nil }
        digits.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent))
        if negative { digits.insert(UInt8(ascii: "-"), at: 0) }
        return digits.withUnsafeBufferPointer { integer($0, isInteger: true, as: Integer.self) }
    }

    /// The exponent written from `index` on (`e`, an optional sign, digits), or 0 when the text ends there; clamped
    /// to ±100,000, far beyond any type's range, so that a long exponent cannot overflow.
    private static func writtenExponent(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < text.count else { return 0 }
        var index = start + 1
        let negative = text[index] == UInt8(ascii: "-")
        if negative || text[index] == UInt8(ascii: "+") { index += 1 }
        var written = 0
        while index < text.count {
            written = min(written &* 10 &+ Int(text[index] &- UInt8(ascii: "0")), 100_000)
            index += 1
        }
        return negative ? -written : written
    }
}
