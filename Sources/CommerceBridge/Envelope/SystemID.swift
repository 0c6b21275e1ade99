/// A system on either side of the bridge: Commerce, the ERP, a CRM, a PIM, or one of your own.
///
/// ```swift
/// let wms: SystemID = "wms"
/// ```
public struct SystemID: RawRepresentable, Hashable, Comparable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The name.
    public let rawValue: String
    /// Creates an id.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates an id from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Adobe Commerce.
    public static let commerce: SystemID = "commerce"
    /// The ERP.
    public static let erp: SystemID = "erp"
    /// The CRM.
    public static let crm: SystemID = "crm"
    /// The PIM.
    public static let pim: SystemID = "pim"
    /// Not a system: as an owner, any system may write the field and conflicts go to the conflict policy
    /// (the customer master, where both sides write).
    public static let shared: SystemID = "shared"

    /// Orders by name.
    public static func < (lhs: SystemID, rhs: SystemID) -> Bool { lhs.rawValue < rhs.rawValue }
    /// The name.
    public var description: String { rawValue }
}

/// A kind of record that crosses the bridge.
public struct EntityKind: RawRepresentable, Hashable, Comparable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The name.
    public let rawValue: String
    /// Creates a kind.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a kind from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Catalog products: content and attributes.
    public static let product: EntityKind = "product"
    /// Stock quantities per SKU and source.
    public static let inventory: EntityKind = "inventory"
    /// Prices: base, tier, special, customer-specific.
    public static let price: EntityKind = "price"
    /// Customer accounts and addresses.
    public static let customer: EntityKind = "customer"
    /// Customer interactions: cases, notes, campaigns.
    public static let customerInteraction: EntityKind = "customerInteraction"
    /// Sales orders.
    public static let order: EntityKind = "order"
    /// Shipments and tracking.
    public static let shipment: EntityKind = "shipment"
    /// Invoices.
    public static let invoice: EntityKind = "invoice"

    /// Orders by name.
    public static func < (lhs: EntityKind, rhs: EntityKind) -> Bool { lhs.rawValue < rhs.rawValue }
    /// The name.
    public var description: String { rawValue }
}

/// One record of one kind, named by its key in one system.
public struct EntityReference: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The kind.
    public var kind: EntityKind
    /// The system the key belongs to.
    public var system: SystemID
    /// The key in that system: a SKU, an order number, an e-mail …
    public var key: String

    /// Creates a reference.
    public init(_ kind: EntityKind, _ system: SystemID, _ key: String) {
        self.kind = kind
        self.system = system
        self.key = key
    }

    /// `order@commerce:000000012`.
    public var description: String { "\(kind)@\(system):\(key)" }
}
