/// A reason a product cannot be sold (`ProductSalabilityErrorInterface`).
public struct ProductSalabilityError: Codable, Sendable, Hashable {
    /// A machine code such as `is_salable_with_reservations-not_enough_qty`.
    public var code: String?
    /// The message.
    public var message: String?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case code
        case message
    }
}
