/// An odd modulus prepared for modular exponentiation by Montgomery multiplication (CIOS, 64-bit limbs).
///
/// Preparing costs one division; keep the value (``RSAPublicKey`` does) and every ``power(_:_:)`` after that
/// needs no division at all.
///
/// ```swift
/// let modulus = MontgomeryModulus(n)
/// let m = modulus.power(signature, e)
/// ```
package struct MontgomeryModulus: Sendable {
    /// The modulus.
    package let modulus: BigUInt
    /// The modulus' limbs.
    private let n: [UInt64]
    /// −n⁻¹ mod 2⁶⁴.
    private let inverse: UInt64
    /// R² mod n, R = 2^(64 · limb count), as many limbs as the modulus.
    private let rSquared: [UInt64]

    /// Prepares `modulus`.
    /// - Precondition: `modulus` is odd and greater than 1.
    package init(_ modulus: BigUInt) {
        precondition(modulus.isOdd && modulus.bitWidth > 1, "a Montgomery modulus must be odd and greater than 1")
        self.modulus = modulus
        n = modulus.limbs
        // x = n0 is n0⁻¹ to 3 bits (odd squares are 1 mod 8); each Newton step doubles that: 6, 12, 24, 48, 96.
        let n0 = modulus.limbs[0]
        var x = n0
        for _ in 0..<5 { x = x &* (2 &- n0 &* x) }
        inverse = 0 &- x
        var r2 = [UInt64](repeating: 0, count: 2 * n.count + 1)
        r2[2 * n.count] = 1
        rSquared = Self.padded((BigUInt(limbs: r2) % modulus).limbs, to: n.count)
    }

    /// `base` raised to `exponent`, modulo the modulus.
    package func power(_ base: BigUInt, _ exponent: BigUInt) -> BigUInt {
        let count = n.count
        let reduced = base < modulus ? base : base % modulus
        if exponent.isZero { return BigUInt(1) }
        let windowBits = exponent.bitWidth > 64 ? 4 : 1
        let tableCount = 1 << windowBits
        // Scratch: the accumulator, the CIOS row (count + 1), the input and the table of base powers.
        let scratchCount = count + (count + 1) + count + count * tableCount
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: scratchCount) { buffer in
            buffer.initialize(repeating: 0)
            let accumulator = buffer.baseAddress!
            let row = accumulator + count
            let input = row + count + 1
            let table = input + count
            n.withUnsafeBufferPointer { n in
                rSquared.withUnsafeBufferPointer { rSquared in
                    let n = n.baseAddress!
                    let rSquared = rSquared.baseAddress!
                    // table[i] = base^i in Montgomery form (table[0] = R mod n).
                    for (index, limb) in reduced.limbs.enumerated() { input[index] = limb }
                    multiply(input, rSquared, into: table + count, row: row, n: n)
                    input.update(repeating: 0, count: count)
                    input[0] = 1
                    multiply(input, rSquared, into: table, row: row, n: n)
                    for index in stride(from: 2, to: tableCount, by: 1) {
                        multiply(
                            table + (index - 1) * count, table + count, into: table + index * count, row: row, n: n)
                    }
                    var position = ((exponent.bitWidth - 1) / windowBits) * windowBits
                    let top = window(exponent, at: position, bits: windowBits)
                    accumulator.update(from: table + top * count, count: count)
                    while position > 0 {
                        position -= windowBits
                        for _ in 0..<windowBits {
                            multiply(accumulator, accumulator, into: accumulator, row: row, n: n)
                        }
                        let digit = window(exponent, at: position, bits: windowBits)
                        if digit != 0 {
                            multiply(accumulator, table + digit * count, into: accumulator, row: row, n: n)
                        }
                    }
                    // Out of Montgomery form: multiply by 1 (`input` still holds 1).
                    multiply(accumulator, input, into: accumulator, row: row, n: n)
                }
            }
            return BigUInt(limbs: Array(UnsafeBufferPointer(start: accumulator, count: count)))
        }
    }

    /// `windowBits` bits of `exponent` starting at bit `position`.
    private func window(_ exponent: BigUInt, at position: Int, bits: Int) -> Int {
        var digit = 0
        for bit in stride(from: position + bits - 1, through: position, by: -1) {
            digit = digit << 1 | (exponent.bit(bit) ? 1 : 0)
        }
        return digit
    }

    /// `result = a · b · R⁻¹ mod n` for `a, b < n` (CIOS with its two inner loops fused: each row adds `a · b[i]`
    /// and `m · n` in one pass and shifts down a limb); `result` may be `a` or `b`.
    @inline(__always)
    private func multiply(
        _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, into result: UnsafeMutablePointer<UInt64>,
        row t: UnsafeMutablePointer<UInt64>, n: UnsafePointer<UInt64>
    ) {
        let count = self.n.count
        t.update(repeating: 0, count: count + 1)
        for i in 0..<count {
            let factor = b[i]
            var (productCarry, low) = multiplyAdd(a[0], factor, t[0], 0)
            let m = low &* inverse
            // low + m · n[0] is 0 modulo 2⁶⁴ by the choice of m: only its carry is kept.
            var (reductionCarry, _) = multiplyAdd(m, n[0], low, 0)
            for j in 1..<count {
                (productCarry, low) = multiplyAdd(a[j], factor, t[j], productCarry)
                (reductionCarry, t[j &- 1]) = multiplyAdd(m, n[j], low, reductionCarry)
            }
            let (sum, overflow) = t[count].addingReportingOverflow(productCarry)
            let (total, overflow2) = sum.addingReportingOverflow(reductionCarry)
            t[count &- 1] = total
            t[count] = (overflow ? 1 : 0) &+ (overflow2 ? 1 : 0)
        }
        // t < 2n: subtract n once when t >= n.
        var subtract = t[count] != 0
        if !subtract {
            subtract = true  // equal counts as >=
            for index in stride(from: count - 1, through: 0, by: -1) where t[index] != n[index] {
                subtract = t[index] > n[index]
                break
            }
        }
        if subtract {
            var borrow: UInt64 = 0
            for index in 0..<count {
                let (difference, underflow) = t[index].subtractingReportingOverflow(n[index])
                let (total, underflow2) = difference.subtractingReportingOverflow(borrow)
                result[index] = total
                borrow = (underflow ? 1 : 0) + (underflow2 ? 1 : 0)
            }
        } else {
            result.update(from: t, count: count)
        }
    }

    private static func padded(_ limbs: [UInt64], to count: Int) -> [UInt64] {
        limbs + [UInt64](repeating: 0, count: count - limbs.count)
    }
}

extension BigUInt {
    /// `self` raised to `exponent`, modulo `modulus`: Montgomery multiplication for an odd modulus, square and
    /// multiply with division otherwise.
    /// - Precondition: `modulus` is not zero.
    package func power(_ exponent: BigUInt, modulo modulus: BigUInt) -> BigUInt {
        precondition(!modulus.isZero, "BigUInt power modulo zero")
        if modulus == BigUInt(1) { return BigUInt() }
        if modulus.isOdd { return MontgomeryModulus(modulus).power(self, exponent) }
        var result = BigUInt(1)
        let base = self % modulus
        for bit in stride(from: exponent.bitWidth - 1, through: 0, by: -1) {
            result = (result * result) % modulus
            if exponent.bit(bit) { result = (result * base) % modulus }
        }
        return result
    }
}
