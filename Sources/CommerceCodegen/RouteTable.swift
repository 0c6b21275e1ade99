/// ACL resources from a route table: tab-separated, with a header naming `METHOD`, `URL` and `ACL_RESOURCES`
/// columns (URLs as `webapi.xml` writes them, `/V1/products/:sku`), as in the project's reference notes.
package enum RouteTable {
    /// Resources by `METHOD /V1/products/{sku}`.
    /// - Throws: ``CodegenError`` when the header lacks one of the columns.
    package static func aclResources(tsv text: String) throws(CodegenError) -> [String: String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        else { return [:] }
        guard let method = header.firstIndex(of: "METHOD"), let url = header.firstIndex(of: "URL"),
            let acl = header.firstIndex(of: "ACL_RESOURCES")
        else { throw CodegenError("route table, line 1", "needs the columns METHOD, URL and ACL_RESOURCES.") }
        var resources: [String: String] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > max(method, url, acl) else { continue }
            let path = fields[url].split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
            let resource = fields[acl].trimmingWhitespace
            guard !resource.isEmpty, resource != "?" else { continue }  // `?`: the table does not know it
            resources[key(method: fields[method], path: path)] = resource
        }
        return resources
    }

    /// `GET /V1/orders/{}`: the method, and the path without a trailing slash (Magento ignores it) and with every
    /// placeholder written `{}` (their names differ between `webapi.xml` and the schema).
    static func key(method: String, path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.hasPrefix("{") ? "{}" : String($0)
        }
        return method.uppercased() + " " + segments.joined(separator: "/")
    }
}
