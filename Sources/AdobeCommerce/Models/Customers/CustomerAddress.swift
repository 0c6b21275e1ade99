/// An address in a customer's address book: ``CommerceSchema/CustomerAddress``, the schema definition
/// `customer-data-address-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties (`customAttributes` is a
/// list of ``CommerceSchema/FrameworkAttribute``, read and written through
/// ``CommerceSchema/CustomerAddress/customAttribute(_:)``), any other in `additionalFields`.
public typealias CustomerAddress = CommerceSchema.CustomerAddress

extension CommerceSchema.CustomerAddress {
    /// The value of custom attribute `code` as Magento sent it (a string, or a list for a multiselect), or `nil`
    /// when the address has no such attribute.
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
