/// What a Magento import does with each row (`source.behavior`).
///
/// `append` adds new entities and updates existing ones with the columns given (the others keep their values);
/// `replace` deletes each existing entity and creates it again from the row alone (columns left out are lost);
/// `delete` removes the entities the rows name. The customer entities use `add_update` where the others use
/// `append`.
public struct ImportBehavior: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The code Magento expects, such as `append`.
    public let rawValue: String

    /// A behaviour code; use the static members for the ones Magento ships.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A behaviour code from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Add new entities, update existing ones (`Import::BEHAVIOR_APPEND`).
    public static let append: ImportBehavior = "append"
    /// Delete and create again (`Import::BEHAVIOR_REPLACE`).
    public static let replace: ImportBehavior = "replace"
    /// Delete the entities named (`Import::BEHAVIOR_DELETE`).
    public static let delete: ImportBehavior = "delete"
    /// Add or update, for the customer entities (`Import::BEHAVIOR_ADD_UPDATE`).
    public static let addUpdate: ImportBehavior = "add_update"

    /// The code.
    public var description: String { rawValue }
}
