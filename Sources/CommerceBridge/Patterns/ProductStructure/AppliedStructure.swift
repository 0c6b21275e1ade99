/// What the engine last made Commerce hold for one variant family: kept in the store (as the content hash of
/// kind `productStructure`, keyed by the parent SKU) and committed with the family's other changes, so a pass sends
/// only what differs from it.
struct AppliedStructure: Codable, Hashable {
    /// An uploaded image: its gallery entry and the hash of its content and roles.
    struct Image: Codable, Hashable {
        var id: Int
        var hash: String
    }

    /// The hash of the family (as owned by the origin) when it was last applied; empty while never applied whole.
    var hash = ""
    /// The hash of each part sent (`product:<sku>`, `store:<code>:<sku>`), by part.
    var parts: [String: String] = [:]
    /// The configurable option ids on the parent, by attribute code.
    var options: [String: Int] = [:]
    /// The children the engine linked, by SKU.
    var links: [String] = []
    /// The websites the engine assigned, by SKU.
    var websites: [String: [Int]] = [:]
    /// The images the engine uploaded, by SKU and image key.
    var images: [String: [String: Image]] = [:]

    /// Forgets what was sent for `sku`, so it is sent again when it comes back: its product values and link, and
    /// when the product itself was deleted, its websites and images too.
    mutating func forget(_ sku: String, deleted: Bool) {
        links.removeAll { $0 == sku }
        parts = parts.filter { !$0.key.hasSuffix(":\(sku)") }
        if deleted {
            websites[sku] = nil
            images[sku] = nil
        }
    }
}
