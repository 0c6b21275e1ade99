/// A customer account: ``CommerceSchema/Customer``, the schema definition `customer-data-customer-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties (`extensionAttributes` is
/// the typed ``CommerceSchema/CustomerExtension``, `customAttributes` a list of ``CommerceSchema/FrameworkAttribute``),
/// any other in `additionalFields`, so a customer read, changed and written back loses nothing.
///
/// ```swift
/// var customer = Customer(email: "ann@example.com", firstname: "Ann", lastname: "Lee")
/// customer.setCustomAttribute("loyalty_tier", to: "gold")
/// let created = try await client.customers.create(customer)
/// ```
public typealias Customer = CommerceSchema.Customer

extension CommerceSchema.Customer {
    /// The value of custom attribute `code` as Magento sent it (a string, or a list for a multiselect), or `nil`
    /// when the customer has no such attribute.
    public func customAttribute(_ code: String) -> JSONValue? {
        CustomAttributeList.value(of: code, in: customAttributes)
    }

    /// Sets custom attribute `code` to a string, replacing any value it had.
    public mutating func setCustomAttribute(_ code: String, to value: String) {
        CustomAttributeList.set(code, to: .string(value), in: &customAttributes)
    }

    /// Sets custom attribute `code` to any value (a list for a multiselect), replacing any value it had.
    public mutating func setCustomAttribute(_ code: String, to value: JSONValue) {
        CustomAttributeList.set(code, to: value, in: &customAttributes)
    }
}
