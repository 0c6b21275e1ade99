/// Holds a value of a generated model inside another value of the same type (an order item's `parent_item` is
/// an order item), which a Swift structure cannot store directly. Generated models expose the value itself.
public final class SchemaBox<Value: Sendable & Equatable>: Sendable, Equatable {
    /// The value held.
    public let value: Value

    /// Holds `value`.
    public init(_ value: Value) { self.value = value }

    /// Whether the two values are equal.
    public static func == (lhs: SchemaBox, rhs: SchemaBox) -> Bool { lhs.value == rhs.value }
}
