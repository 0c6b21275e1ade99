import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A value to bind to a statement parameter.
public enum SQLiteValue: Sendable, Hashable {
    /// `NULL`.
    case null
    /// A 64-bit integer.
    case integer(Int64)
    /// UTF-8 text.
    case text(String)
    /// Bytes.
    case blob(Data)

    /// Text, or `NULL` for `nil`.
    public static func optionalText(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
    /// A time as milliseconds since 1970, as the SQLite store keeps times.
    public static func date(_ value: Date) -> SQLiteValue { .integer(value.millisecondsSince1970) }
}
