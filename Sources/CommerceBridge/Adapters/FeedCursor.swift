#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A position in a change feed: a change time, and a key that orders the records sharing that time.
///
/// Feeds are read by keyset: each read asks for the records *after* a cursor, so a burst of changes larger than a
/// page, or many records with one timestamp, is read whole and none twice within a pass. Keys compare by their
/// UTF-8 bytes, as SQLite's `BINARY` and PostgreSQL's `"C"` collations do:
///
/// ```sql
/// SELECT … FROM stock WHERE (updated_at, source || '/' || sku) > (?1, ?2)
/// ORDER BY updated_at, source || '/' || sku LIMIT ?3
/// ```
public struct FeedCursor: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The change time.
    public var time: Date
    /// The record's key among those changed at time (see FeedRecord/feedPosition).
    public var key: String

    /// Creates a cursor.
    /// - Parameters:
    ///   - time: The change time.
    ///   - key: The record's key; empty for "before every record of that time".
    public init(time: Date, key: String = "") {
        self.time = time
        self.key = key
    }

    /// Before every record.
    public static let beginning = FeedCursor(time: .distantPast)

    /// Orders by time, then by the key's UTF-8 bytes.
    public static func < (lhs: FeedCursor, rhs: FeedCursor) -> Bool {
        lhs.time != rhs.time ? lhs.time < rhs.time : lhs.key.utf8.lexicographicallyPrecedes(rhs.key.utf8)
    }

    /// `2026-01-01 00:00:00 +0000/default/SKU-1`.
    public var description: String { "\(time)/\(key)" }
}
