public import AdobeCommerce

/// What Commerce should hold for one variant family: the configurable parent, its simple children with their option
/// labels, images, store-view text and websites. ``ProductStructurePattern/map(_:)`` makes it and
/// ``ProductStructureEngine`` sends it, turning option labels into option ids (created when missing).
///
/// Equal plans are equal in every member; the hash covers the SKUs only (the generated product model is `Equatable`,
/// not `Hashable`).
public struct ProductStructurePlan: Sendable, Hashable {
    /// One child product.
    public struct Child: Sendable, Hashable {
        /// The simple product, without its configurable attributes' values (the engine adds the option ids).
        public var product: Product
        /// The option label of each configurable attribute, by code.
        public var options: [String: String]
        /// The child's images.
        public var images: [ProductImage]
        /// The child's text per store view code.
        public var localized: [String: LocalizedContent]

        /// Creates a child.
        /// - Parameters:
        ///   - product: The simple product.
        ///   - options: The option label of each configurable attribute.
        ///   - images: The child's images.
        ///   - localized: The child's text per store view code.
        public init(
            product: Product, options: [String: String], images: [ProductImage] = [],
            localized: [String: LocalizedContent] = [:]
        ) {
            self.product = product
            self.options = options
            self.images = images
            self.localized = localized
        }

        /// The child's SKU.
        public var sku: String { product.sku ?? "" }

        /// Hashes the SKU.
        public func hash(into hasher: inout Hasher) { hasher.combine(product.sku) }
    }

    /// The configurable product.
    public var parent: Product
    /// The attributes the children differ by, in the order the store shows them.
    public var configurableAttributes: [String]
    /// The children.
    public var children: [Child]
    /// The parent's images.
    public var images: [ProductImage]
    /// The parent's text per store view code.
    public var localized: [String: LocalizedContent]
    /// The websites the parent and children are assigned to.
    public var websiteIDs: [Int]

    /// Creates a plan.
    /// - Parameters:
    ///   - parent: The configurable product.
    ///   - configurableAttributes: The attributes the children differ by.
    ///   - children: The children.
    ///   - images: The parent's images.
    ///   - localized: The parent's text per store view code.
    ///   - websiteIDs: The websites.
    public init(
        parent: Product, configurableAttributes: [String], children: [Child], images: [ProductImage] = [],
        localized: [String: LocalizedContent] = [:], websiteIDs: [Int] = []
    ) {
        self.parent = parent
        self.configurableAttributes = configurableAttributes
        self.children = children
        self.images = images
        self.localized = localized
        self.websiteIDs = websiteIDs
    }

    /// The parent's SKU.
    public var parentSKU: String { parent.sku ?? "" }

    /// Hashes the parent's and the children's SKUs.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(parent.sku)
        hasher.combine(children)
    }
}
