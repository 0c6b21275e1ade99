/// Whether a quantity of a product can be sold (`ProductSalableResultInterface`).
public struct ProductSalableResult: Codable, Sendable, Hashable {
    /// Whether it can.
    public var salable: Bool?
    /// Why not.
    public var errors: [ProductSalabilityError]?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case salable
        case errors
    }
}
