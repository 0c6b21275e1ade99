/// One entry of `custom_attributes`: an EAV attribute code and its value (a string, or a list of
/// strings for multiselects).
public struct CustomAttribute: Codable, Sendable, Hashable {
    /// The attribute code, such as `description` or `url_key`.
    public var attributeCode: String
    /// The value as sent.
    public var value: JSONValue

    /// Creates an attribute with a string value.
    public init(_ attributeCode: String, _ value: String) {
        self.init(attributeCode, value: .string(value))
    }

    /// Creates an attribute with any value.
    public init(_ attributeCode: String, value: JSONValue) {
        self.attributeCode = attributeCode
        self.value = value
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case attributeCode = "attribute_code"
        case value
    }
}

/// Typed access to `custom_attributes` for every model that has them.
public protocol HasCustomAttributes {
    /// The attributes as received.
    var customAttributes: [CustomAttribute]? { get set }
}

extension HasCustomAttributes {
    /// The value of attribute `code`, or `nil`.
    public func customAttribute(_ code: String) -> JSONValue? {
        customAttributes?.first { $0.attributeCode == code }?.value
    }

    /// Sets attribute `code` to a string, replacing any existing value.
    public mutating func setCustomAttribute(_ code: String, to value: String) {
        setCustomAttribute(code, to: .string(value))
    }

    /// Sets attribute `code` to any value, replacing any existing value.
    public mutating func setCustomAttribute(_ code: String, to value: JSONValue) {
        var attributes = customAttributes ?? []
        attributes.removeAll { $0.attributeCode == code }
        attributes.append(CustomAttribute(code, value: value))
        customAttributes = attributes
    }
}

extension Customer: HasCustomAttributes {}
extension CustomerAddress: HasCustomAttributes {}
