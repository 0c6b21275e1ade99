/// An arbitrary-precision unsigned integer, just enough for RSA: big-endian bytes in and out, comparison,
/// addition, subtraction, multiplication, division with remainder and modular exponentiation
/// (``power(_:modulo:)``, Montgomery multiplication for odd moduli).
///
/// Values are immutable; every operation returns a new value. Nothing here is constant-time: it serves
/// signature *verification* (public inputs only) and the test fakes' signing.
///
/// ```swift
/// let n = BigUInt(bigEndianBytes: modulusBytes)
/// let m = signature.power(exponent, modulo: n)
/// let bytes = m.bigEndianBytes(count: modulusBytes.count)
/// ```
package struct BigUInt: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 64-bit limbs, least significant first, with no zero limb at the top (zero has none).
    package private(set) var limbs: [UInt64]

    /// Zero.
    package init() { limbs = [] }

    /// The value of `value`.
    package init(_ value: UInt64) { limbs = value == 0 ? [] : [value] }

    /// The value of little-endian 64-bit `limbs` (zero limbs at the top are dropped).
    package init(limbs: [UInt64]) {
        self.limbs = limbs
        normalize()
    }

    /// The value of `bytes` read as an unsigned big-endian number (leading zero bytes allowed; no bytes is zero).
    package init(bigEndianBytes bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        var limbs = [UInt64](repeating: 0, count: (bytes.count + 7) / 8)
        var shift: UInt64 = 0
        var limb = 0
        for byte in bytes.reversed() {
            limbs[limb] |= UInt64(byte) << shift
            shift += 8
            if shift == 64 {
                shift = 0
                limb += 1
            }
        }
        self.init(limbs: limbs)
    }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    /// Whether the value is zero.
    package var isZero: Bool { limbs.isEmpty }

    /// Whether the value is odd.
    package var isOdd: Bool { (limbs.first ?? 0) & 1 == 1 }

    /// The number of bits needed to write the value (0 for zero): a 2048-bit RSA modulus has 2048.
    package var bitWidth: Int {
        guard let last = limbs.last else { return 0 }
        return limbs.count * 64 - last.leadingZeroBitCount
    }

    /// The number of bytes needed to write the value (0 for zero).
    package var byteCount: Int { (bitWidth + 7) / 8 }

    /// Bit `index` (0 is the least significant).
    package func bit(_ index: Int) -> Bool {
        let limb = index / 64
        guard limb < limbs.count else { return false }
        return limbs[limb] >> UInt64(index % 64) & 1 == 1
    }

    /// The value as big-endian bytes without leading zeros (no bytes for zero).
    package var bigEndianBytes: [UInt8] { bigEndianBytes(count: byteCount)! }

    /// The value as exactly `count` big-endian bytes, zero-padded on the left, or `nil` when it needs more.
    package func bigEndianBytes(count: Int) -> [UInt8]? {
        guard byteCount <= count else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        for index in 0..<byteCount {
            bytes[count - 1 - index] = UInt8(truncatingIfNeeded: limbs[index / 8] >> UInt64(8 * (index % 8)))
        }
        return bytes
    }

    /// The value in hexadecimal, such as `0x10001`.
    package var description: String {
        guard let last = limbs.last else { return "0x0" }
        var text = "0x" + String(last, radix: 16)
        for limb in limbs.dropLast().reversed() {
            let digits = String(limb, radix: 16)
            text += String(repeating: "0", count: 16 - digits.count) + digits
        }
        return text
    }

    /// Orders two values.
    package static func < (lhs: BigUInt, rhs: BigUInt) -> Bool { compare(lhs.limbs, rhs.limbs) < 0 }

    /// -1, 0 or 1 as `lhs` is less than, equal to or greater than `rhs` (both normalized).
    static func compare(_ lhs: [UInt64], _ rhs: [UInt64]) -> Int {
        if lhs.count != rhs.count { return lhs.count < rhs.count ? -1 : 1 }
        for index in stride(from: lhs.count - 1, through: 0, by: -1) where lhs[index] != rhs[index] {
            return lhs[index] < rhs[index] ? -1 : 1
        }
        return 0
    }

    /// The sum.
    package static func + (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        let (long, short) = lhs.limbs.count >= rhs.limbs.count ? (lhs.limbs, rhs.limbs) : (rhs.limbs, lhs.limbs)
        var result = long
        var carry: UInt64 = 0
        for index in 0..<long.count {
            let (sum, overflow) = result[index].addingReportingOverflow(index < short.count ? short[index] : 0)
            let (total, overflow2) = sum.addingReportingOverflow(carry)
            result[index] = total
            carry = (overflow ? 1 : 0) + (overflow2 ? 1 : 0)
            if carry == 0 && index >= short.count { break }
        }
        if carry != 0 { result.append(carry) }
        return BigUInt(limbs: result)
    }

    /// The difference; `lhs` must not be less than `rhs`.
    package static func - (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        precondition(lhs >= rhs, "BigUInt subtraction would be negative")
        var result = lhs.limbs
        var borrow: UInt64 = 0
        for index in 0..<result.count {
            let (difference, underflow) = result[index].subtractingReportingOverflow(
                index < rhs.limbs.count ? rhs.limbs[index] : 0)
            let (total, underflow2) = difference.subtractingReportingOverflow(borrow)
            result[index] = total
            borrow = (underflow ? 1 : 0) + (underflow2 ? 1 : 0)
            if borrow == 0 && index >= rhs.limbs.count { break }
        }
        return BigUInt(limbs: result)
    }

    /// The product.
    package static func * (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        guard !lhs.isZero, !rhs.isZero else { return BigUInt() }
        var result = [UInt64](repeating: 0, count: lhs.limbs.count + rhs.limbs.count)
        lhs.limbs.withUnsafeBufferPointer { a in
            rhs.limbs.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { product in
                    for i in 0..<a.count {
                        var carry: UInt64 = 0
                        let factor = a[i]
                        for j in 0..<b.count {
                            (carry, product[i &+ j]) = multiplyAdd(factor, b[j], product[i &+ j], carry)
                        }
                        product[i &+ b.count] = carry
                    }
                }
            }
        }
        return BigUInt(limbs: result)
    }
}

/// `a * b + c + d` as a 128-bit value (it cannot overflow: (2⁶⁴−1)² + 2(2⁶⁴−1) = 2¹²⁸−1).
@inline(__always)
func multiplyAdd(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (high: UInt64, low: UInt64) {
    let (high, low) = a.multipliedFullWidth(by: b)
    let (sum, overflow) = low.addingReportingOverflow(c)
    let (total, overflow2) = sum.addingReportingOverflow(d)
    return (high &+ (overflow ? 1 : 0) &+ (overflow2 ? 1 : 0), total)
}
