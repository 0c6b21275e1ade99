extension BigUInt {
    /// The quotient and remainder of dividing by `divisor` (Knuth's algorithm D on 64-bit limbs).
    /// - Precondition: `divisor` is not zero.
    package func quotientAndRemainder(dividingBy divisor: BigUInt) -> (quotient: BigUInt, remainder: BigUInt) {
        precondition(!divisor.isZero, "BigUInt division by zero")
        if self < divisor { return (BigUInt(), self) }
        if divisor.limbs.count == 1 {
            let (quotient, remainder) = dividingBySingleLimb(divisor.limbs[0])
            return (quotient, BigUInt(remainder))
        }
        let n = divisor.limbs.count
        let m = limbs.count - n
        // Normalize so the divisor's top limb has its high bit set; the quotient digit estimates are then off by
        // at most two.
        let shift = divisor.limbs[n - 1].leadingZeroBitCount
        let v = Self.shiftedLeft(divisor.limbs, by: shift, extraLimbs: 0)
        var u = Self.shiftedLeft(limbs, by: shift, extraLimbs: 1)
        var quotient = [UInt64](repeating: 0, count: m + 1)
        let vTop = v[n - 1]
        let vNext = v[n - 2]
        for j in stride(from: m, through: 0, by: -1) {
            var estimate: UInt64
            var rest: UInt64
            var restOverflowed = false
            if u[j + n] >= vTop {
                // The top limbs are at most the divisor's, so the estimate is the largest digit.
                estimate = UInt64.max
                (rest, restOverflowed) = u[j + n - 1].addingReportingOverflow(vTop)
            } else {
                (estimate, rest) = vTop.dividingFullWidth((u[j + n], u[j + n - 1]))
            }
            while !restOverflowed {
                let (high, low) = estimate.multipliedFullWidth(by: vNext)
                guard high > rest || (high == rest && low > u[j + n - 2]) else { break }
                estimate -= 1
                (rest, restOverflowed) = rest.addingReportingOverflow(vTop)
            }
            // u[j ... j+n] -= estimate * v
            var carry: UInt64 = 0
            var borrow: UInt64 = 0
            for i in 0..<n {
                let (high, low) = multiplyAdd(estimate, v[i], carry, 0)
                carry = high
                let (difference, underflow) = u[i + j].subtractingReportingOverflow(low)
                let (total, underflow2) = difference.subtractingReportingOverflow(borrow)
                u[i + j] = total
                borrow = (underflow ? 1 : 0) + (underflow2 ? 1 : 0)
            }
            let (difference, underflow) = u[j + n].subtractingReportingOverflow(carry)
            let (total, underflow2) = difference.subtractingReportingOverflow(borrow)
            u[j + n] = total
            if underflow || underflow2 {
                // The estimate was one too large: add the divisor back.
                estimate -= 1
                var addCarry: UInt64 = 0
                for i in 0..<n {
                    let (sum, overflow) = u[i + j].addingReportingOverflow(v[i])
                    let (sum2, overflow2) = sum.addingReportingOverflow(addCarry)
                    u[i + j] = sum2
                    addCarry = (overflow ? 1 : 0) + (overflow2 ? 1 : 0)
                }
                u[j + n] &+= addCarry
            }
            quotient[j] = estimate
        }
        var remainder = [UInt64](repeating: 0, count: n)
        for i in 0..<n {
            remainder[i] = shift == 0 ? u[i] : (u[i] >> UInt64(shift)) | (u[i + 1] << UInt64(64 - shift))
        }
        return (BigUInt(limbs: quotient), BigUInt(limbs: remainder))
    }

    /// The remainder of dividing `lhs` by `rhs`.
    package static func % (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        lhs.quotientAndRemainder(dividingBy: rhs).remainder
    }

    /// The quotient of dividing `lhs` by `rhs`, rounded down.
    package static func / (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        lhs.quotientAndRemainder(dividingBy: rhs).quotient
    }

    private func dividingBySingleLimb(_ divisor: UInt64) -> (BigUInt, UInt64) {
        var quotient = [UInt64](repeating: 0, count: limbs.count)
        var remainder: UInt64 = 0
        for index in stride(from: limbs.count - 1, through: 0, by: -1) {
            (quotient[index], remainder) = divisor.dividingFullWidth((remainder, limbs[index]))
        }
        return (BigUInt(limbs: quotient), remainder)
    }

    /// `limbs` shifted left by `shift` bits (0 ..< 64), with `extraLimbs` more limbs at the top for the carry.
    private static func shiftedLeft(_ limbs: [UInt64], by shift: Int, extraLimbs: Int) -> [UInt64] {
        var result = [UInt64](repeating: 0, count: limbs.count + extraLimbs)
        var carry: UInt64 = 0
        for index in 0..<limbs.count {
            result[index] = shift == 0 ? limbs[index] : (limbs[index] << UInt64(shift)) | carry
            carry = shift == 0 ? 0 : limbs[index] >> UInt64(64 - shift)
        }
        if extraLimbs > 0 { result[limbs.count] = carry }
        return result
    }
}
