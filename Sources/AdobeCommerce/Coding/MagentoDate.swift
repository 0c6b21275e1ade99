#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A timestamp in Magento's wire form, `yyyy-MM-dd HH:mm:ss` in UTC.
///
/// Magento sends dates as strings; this type keeps the text it received and parses it on demand, so an
/// unexpected form (a date without time, as some attributes hold) still round-trips unchanged.
///
/// ```swift
/// let date = MagentoDate(Date())
/// date.rawValue // "2026-11-22 20:41:26"
/// ```
public struct MagentoDate: RawRepresentable, Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The text as Magento sends it.
    public let rawValue: String

    /// Wraps a string as received.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Formats a date as `yyyy-MM-dd HH:mm:ss` in UTC (fractions of a second are dropped).
    public init(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        rawValue =
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) "
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2))"
    }

    /// The instant, or `nil` when the text is not `yyyy-MM-dd[ HH:mm:ss]`.
    public var date: Date? {
        let bytes = Array(rawValue.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard bytes.count == 10 || bytes.count == 19,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            bytes[4] == 45, bytes[7] == 45, (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var secondOfDay: Int64 = 0
        if bytes.count == 19 {
            guard bytes[10] == 32 || bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
                let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
                hour < 24, minute < 60, second < 61
            else { return nil }
            secondOfDay = hour * 3600 + minute * 60 + second
        }
        let days = Self.days(fromCivil: year, month, day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + secondOfDay))
    }

    /// The text.
    public var description: String { rawValue }

    /// Compares by instant when both parse, otherwise by text (the fixed-width form sorts the same way).
    public static func < (lhs: MagentoDate, rhs: MagentoDate) -> Bool {
        if let left = lhs.date, let right = rhs.date { return left < right }
        return lhs.rawValue < rhs.rawValue
    }

    // Howard Hinnant's days-from-civil algorithms, proleptic Gregorian calendar.
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays value: Int64) -> (Int64, Int64, Int64) {
        let z = value + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
