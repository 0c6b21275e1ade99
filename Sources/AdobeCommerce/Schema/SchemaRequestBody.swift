/// The JSON body of a generated operation: the service method's parameters by name, as Magento reads them
/// (`{"product": {…}, "saveOptions": true}`). A member set to `nil` is left out.
public struct SchemaRequestBody: Encodable, Sendable {
    private var members: [String: any Encodable & Sendable] = [:]

    /// An empty body.
    public init() {}

    /// The member `name`; setting `nil` removes it.
    public subscript(name: String) -> (any Encodable & Sendable)? {
        get { members[name] }
        set { members[name] = newValue }
    }

    /// Writes the members as one JSON object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SchemaCodingKey.self)
        for (name, value) in members { try container.encode(value, forKey: SchemaCodingKey(stringValue: name)) }
    }
}
