/// A store view code for the `/rest/<store_code>/V1` prefix.
///
/// Writing through a store view code saves store-view values; ``all`` writes global values. Reads through
/// a store view code return that view's values.
public struct StoreCode: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The code, case-sensitive.
    public let rawValue: String

    /// Wraps a code.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps a literal code.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// `all`: the admin (global) scope, for writes that must not create store-view values.
    public static let all: StoreCode = "all"
    /// `default`: the default store view of a fresh install.
    public static let `default`: StoreCode = "default"

    /// Whether the code has Magento's form: a letter, then letters, digits or underscores.
    public var isWellFormed: Bool {
        guard let first = rawValue.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first)
        else { return false }
        return rawValue.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// The code.
    public var description: String { rawValue }
}
