/// A JSON member name, written as a string literal: the coding key of the models generated from Adobe's schema,
/// which read every member by its name and keep the ones they do not know.
public struct SchemaCodingKey: CodingKey, ExpressibleByStringLiteral, Sendable, Hashable {
    /// The member's name.
    public let stringValue: String

    /// A key for the member `stringValue`.
    public init(stringValue: String) { self.stringValue = stringValue }

    /// A key for `"name"`.
    public init(stringLiteral value: String) { self.stringValue = value }

    /// Never created from an integer: JSON objects are keyed by names. Always `nil`.
    public init?(intValue: Int) { nil }

    /// Always `nil`.
    public var intValue: Int? { nil }
}
