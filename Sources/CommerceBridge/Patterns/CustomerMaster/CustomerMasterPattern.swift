public import AdobeCommerce

/// The steps of keeping one customer equal in Commerce and in the master system (ERP or CRM). Conform for your
/// master and override only what differs; ``CustomerMasterEngine`` validates the master's records, reads the
/// shared fields from both sides, settles them through ownership and the conflict policy, maps the result onto
/// whichever side differs, runs before-send, writes it, and runs after-send.
///
/// Shared fields travel under Commerce's keys (`firstname`, `lastname`, `taxvat` …); a master whose records use
/// other names translates in ``fields(of:)-(MasterCustomer)`` and ``map(_:onto:)-(_,MasterCustomer)``.
///
/// ```swift
/// struct MyCRM: CustomerMasterPattern {
///     func fields(of record: MasterCustomer) -> [String: String] {
///         var fields = record.fields
///         fields["taxvat"] = fields.removeValue(forKey: "vat_number")
///         return fields
///     }
///     func map(_ fields: [String: String], onto record: MasterCustomer) throws -> MasterCustomer {
///         var record = record
///         for (key, value) in fields { record.fields[key == "taxvat" ? "vat_number" : key] = value }
///         return record
///     }
/// }
/// ```
public protocol CustomerMasterPattern: Sendable {
    /// Refuses a master record that must not be applied; it is parked for review once and the customer is left
    /// alone this pass. Default: an e-mail address with one `@` and text on both sides of it.
    func validate(_ record: MasterCustomer) throws
    /// The shared fields a Commerce customer holds. Default: ``CustomerMasterMapping/fields(of:)``.
    func fields(of customer: Customer) -> [String: String]
    /// The shared fields a master record holds. Default: its `fields`.
    func fields(of record: MasterCustomer) -> [String: String]
    /// Writes the settled fields onto the Commerce customer. Default: ``CustomerMasterMapping/apply(_:to:)``.
    func map(_ fields: [String: String], onto customer: Customer) throws -> Customer
    /// Writes the settled fields onto the master record. Default: the fields replace those of the same name.
    func map(_ fields: [String: String], onto record: MasterCustomer) throws -> MasterCustomer
    /// Adjusts the Commerce customer just before it is created or updated. Default: unchanged.
    func beforeSend(_ customer: Customer) async throws -> Customer
    /// Adjusts the master record just before it is upserted. Default: unchanged.
    func beforeSend(_ record: MasterCustomer) async throws -> MasterCustomer
    /// Runs after `system` took the settled `fields` for the customer with `email`. Default: nothing.
    func afterSend(email: String, fields: [String: String], to system: SystemID) async throws
}

extension CustomerMasterPattern {
    /// Requires an e-mail address with one `@` and text on both sides of it.
    public func validate(_ record: MasterCustomer) throws {
        let parts = record.email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !record.email.contains(where: \.isWhitespace)
        else {
            throw MappingError(
                record: "customer \(record.masterID ?? "without an id")", field: "email",
                message: "\"\(record.email)\" is not an e-mail address; fix it in the master")
        }
    }

    /// Reads with ``CustomerMasterMapping/fields(of:)``.
    public func fields(of customer: Customer) -> [String: String] { CustomerMasterMapping.fields(of: customer) }

    /// The record's `fields`.
    public func fields(of record: MasterCustomer) -> [String: String] { record.fields }

    /// Writes with ``CustomerMasterMapping/apply(_:to:)``.
    public func map(_ fields: [String: String], onto customer: Customer) throws -> Customer {
        CustomerMasterMapping.apply(fields, to: customer)
    }

    /// Replaces the record's fields of the same name.
    public func map(_ fields: [String: String], onto record: MasterCustomer) throws -> MasterCustomer {
        var record = record
        record.fields.merge(fields) { _, settled in settled }
        return record
    }

    /// Unchanged.
    public func beforeSend(_ customer: Customer) async throws -> Customer { customer }

    /// Unchanged.
    public func beforeSend(_ record: MasterCustomer) async throws -> MasterCustomer { record }

    /// Nothing.
    public func afterSend(email: String, fields: [String: String], to system: SystemID) async throws {}
}

/// Every step at its default.
public struct DefaultCustomerMaster: CustomerMasterPattern {
    /// Creates the default pattern.
    public init() {}
}

/// The default customer mapping, reusable in custom patterns.
public enum CustomerMasterMapping {
    /// The Commerce customer fields the default mapping knows by name (Commerce's keys).
    public static let namedFields = [
        "dob", "firstname", "gender", "group_id", "lastname", "middlename", "prefix", "suffix", "taxvat",
    ]

    /// The customer's ``namedFields`` that have a value, and its custom attributes with text values.
    public static func fields(of customer: Customer) -> [String: String] {
        var fields: [String: String] = [:]
        for attribute in customer.customAttributes ?? [] {
            // A number or boolean Magento sent is text to the mapping all the same.
            if let code = attribute.attributeCode, let text = attribute.value?.stringValue { fields[code] = text }
        }
        let named: [String: String?] = [
            "dob": customer.dob, "firstname": customer.firstname, "gender": customer.gender.map(String.init),
            "group_id": customer.groupID.map(String.init), "lastname": customer.lastname,
            "middlename": customer.middlename, "prefix": customer.prefix, "suffix": customer.suffix,
            "taxvat": customer.taxvat,
        ]
        for case (let key, let value?) in named { fields[key] = value }
        return fields
    }

    /// `customer` with `fields` written: ``namedFields`` to themselves (`gender` and `group_id` as integers; text
    /// that is not an integer leaves the field as it was), anything else as a custom attribute.
    public static func apply(_ fields: [String: String], to customer: Customer) -> Customer {
        var customer = customer
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "dob": customer.dob = value
            case "firstname": customer.firstname = value
            case "gender": customer.gender = Int(value) ?? customer.gender
            case "group_id": customer.groupID = Int(value) ?? customer.groupID
            case "lastname": customer.lastname = value
            case "middlename": customer.middlename = value
            case "prefix": customer.prefix = value
            case "suffix": customer.suffix = value
            case "taxvat": customer.taxvat = value
            default: customer.setCustomAttribute(key, to: value)
            }
        }
        return customer
    }
}
