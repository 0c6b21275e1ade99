/// One REST operation of Adobe Commerce, declared once as data: method, path, ACL resource, and whether
/// it is idempotent and may go through the async and bulk endpoints.
///
/// Every route of Adobe's schema is declared once, by the generated layer (`CommerceSchema.Operations.all`, 614 in
/// 2.4.9). The operations the facades (`client.orders`, `client.products`…) and the engines use have short names
/// here (``ordersGet`` is `CommerceSchema.Operations.Orders.getOrdersByIDOperation`), and ``all`` lists them: the
/// surface `commerce-bridge doctor` checks a store's ACL and schema against.
///
/// ```swift
/// for operation in CommerceOperation.all where operation.isAsyncCapable { print(operation) }
/// ```
public struct CommerceOperation: Sendable, Hashable, CustomStringConvertible {
    /// A stable id: the route's group and its generated name, such as `products.getProductsBySKU`.
    public let id: String
    /// The HTTP method.
    public let method: HTTPMethod
    /// The path below `/rest/<store>`, with `{name}` placeholders, as Adobe's OpenAPI writes it.
    public let path: String
    /// The ACL resource the credentials need (`anonymous` and `self` included).
    public let aclResource: String
    /// The service contract method Magento routes it to, as `webapi.xml` names it
    /// (`Magento\Catalog\Api\ProductRepositoryInterface::save`); empty when the route table it was generated with did
    /// not say.
    public let serviceContract: String
    /// Whether sending it twice has the same effect as once, so the retry middleware may resend it.
    public let isIdempotent: Bool
    /// Whether it may be sent through `/async/V1` and `/async/bulk/V1`.
    public let isAsyncCapable: Bool

    /// Declares an operation.
    public init(
        id: String,
        method: HTTPMethod,
        path: String,
        aclResource: String,
        serviceContract: String = "",
        isIdempotent: Bool? = nil,
        isAsyncCapable: Bool = false
    ) {
        self.id = id
        self.method = method
        self.path = path
        self.aclResource = aclResource
        self.serviceContract = serviceContract
        self.isIdempotent = isIdempotent ?? method.isIdempotent
        self.isAsyncCapable = isAsyncCapable
    }

    /// The message-queue topic Magento's `WebapiAsync` gives this route's async and bulk requests, which a bulk's
    /// operations report as `topic_name`: the service contract and the HTTP method, dotted and lower-cased
    /// (`PUT /V1/products/{sku}` → `async.magento.catalog.api.productrepositoryinterface.save.put`). `nil` when
    /// ``serviceContract`` is unknown.
    public var asyncTopic: String? {
        guard let separator = serviceContract.firstRange(of: "::") else { return nil }
        let service = serviceContract[..<separator.lowerBound].split(separator: "\\").joined(separator: ".")
        let function = serviceContract[separator.upperBound...]
        return "async.\(service).\(function).\(method.rawValue)".lowercased()
    }

    /// The names of the path's `{placeholders}`, in order.
    public var pathParameters: [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    /// The path with each placeholder replaced by its value, percent-encoded exactly once.
    /// - Throws: ``CommerceError/Code/invalidRequest`` when a value is missing or empty.
    public func renderPath(_ values: [String: String]) throws(CommerceError) -> String {
        var segments: [String] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            guard segment.hasPrefix("{"), segment.hasSuffix("}") else {
                segments.append(String(segment))
                continue
            }
            let name = String(segment.dropFirst().dropLast())
            guard let value = values[name], !value.isEmpty else {
                throw CommerceError(
                    code: .invalidRequest, message: "The path parameter '\(name)' of \(id) is missing or empty.",
                    operationID: id)
            }
            // `.` and `..` would be collapsed by URL normalisation on the way: their dots are encoded too.
            segments.append(
                value == "." || value == ".."
                    ? String(repeating: "%2E", count: value.count) : PercentEncoding.encode(value))
        }
        return segments.joined(separator: "/")
    }

    /// The bulk form of the path: each `{name}` segment becomes `by` + `Name`, as `BulkServiceConfig` does
    /// (`/V1/products/{sku}` → `/V1/products/bySku`).
    public var bulkPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard segment.hasPrefix("{"), segment.hasSuffix("}") else { return String(segment) }
            let name = segment.dropFirst().dropLast()
            return "by" + name.prefix(1).uppercased() + name.dropFirst()
        }.joined(separator: "/")
    }

    /// `GET /V1/products/{sku} (products.getProductsBySKU)`.
    public var description: String { "\(method) \(path) (\(id))" }
}
