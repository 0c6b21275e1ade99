/// What a route table says of each route: tab-separated, with a header naming `METHOD`, `URL` and `ACL_RESOURCES`
/// columns and, optionally, `SERVICE` (URLs as `webapi.xml` writes them, `/V1/products/:sku`; services as
/// `Magento\Catalog\Api\ProductRepositoryInterface::save`), as in the project's reference notes.
package enum RouteTable {
    /// One route's ACL resource and service contract; either is empty when the table does not know it (`?`).
    package struct Route: Equatable, Sendable {
        package var aclResource: String
        package var serviceContract: String

        package init(aclResource: String = "", serviceContract: String = "") {
            self.aclResource = aclResource
            self.serviceContract = serviceContract
        }
    }

    /// The routes by `METHOD /V1/products/{}` (see ``key(method:path:)``).
    /// - Throws: ``CodegenError`` when the header lacks `METHOD`, `URL` or `ACL_RESOURCES`.
    package static func routes(tsv text: String) throws(CodegenError) -> [String: Route] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        else { return [:] }
        guard let method = header.firstIndex(of: "METHOD"), let url = header.firstIndex(of: "URL"),
            let acl = header.firstIndex(of: "ACL_RESOURCES")
        else { throw CodegenError("route table, line 1", "needs the columns METHOD, URL and ACL_RESOURCES.") }
        let service = header.firstIndex(of: "SERVICE")
        var routes: [String: Route] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > max(method, url, acl, service ?? 0) else { continue }
            // `?`: the table does not know it.
            let known = { (column: Int?) in
                column.map { fields[$0].trimmingWhitespace }.flatMap { $0 == "?" ? nil : $0 } ?? ""
            }
            let route = Route(
                aclResource: known(acl), serviceContract: known(service).contains("::") ? known(service) : "")
            guard route != Route() else { continue }
            let path = fields[url].split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
            routes[key(method: fields[method], path: path)] = route
        }
        return routes
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
