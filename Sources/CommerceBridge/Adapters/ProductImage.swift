#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An image the ERP or PIM holds for a product: its bytes, their type, and the roles it plays in the store.
///
/// The engine uploads an image once per content: the SHA-256 of ``content`` decides whether it changed, so an
/// unchanged image is never sent again and a changed one replaces the entry it uploaded before.
///
/// ```swift
/// let front = ProductImage(key: "front", content: jpegBytes, mimeType: "image/jpeg", roles: [.base, .small, .thumbnail])
/// ```
public struct ProductImage: Sendable, Hashable, Codable {
    /// A role of an image in the store: the product attribute that points at it.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        /// The main image (`image`).
        case base = "image"
        /// The listing image (`small_image`).
        case small = "small_image"
        /// The thumbnail (`thumbnail`).
        case thumbnail = "thumbnail"
        /// The swatch (`swatch_image`).
        case swatch = "swatch_image"

        /// Orders by the attribute code.
        public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The image's stable key in the source (`front`, `back`, a file id): one gallery entry per key.
    public var key: String
    /// The image file's bytes.
    public var content: Data
    /// `image/jpeg`, `image/png` or `image/gif`: Magento refuses other types and a type that differs from the bytes.
    public var mimeType: String
    /// The alt text.
    public var label: String?
    /// The roles the image plays.
    public var roles: Set<Role>
    /// The position in the gallery.
    public var position: Int?

    /// Creates an image.
    /// - Parameters:
    ///   - key: The image's stable key in the source.
    ///   - content: The file's bytes.
    ///   - mimeType: The file's type.
    ///   - label: The alt text.
    ///   - roles: The roles the image plays.
    ///   - position: The position in the gallery.
    public init(
        key: String, content: Data, mimeType: String, label: String? = nil, roles: Set<Role> = [],
        position: Int? = nil
    ) {
        self.key = key
        self.content = content
        self.mimeType = mimeType
        self.label = label
        self.roles = roles
        self.position = position
    }

    private enum CodingKeys: String, CodingKey { case key, content, mimeType, label, roles, position }

    /// Decodes an image.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(String.self, forKey: .key)
        content = try container.decode(Data.self, forKey: .content)
        mimeType = try container.decode(String.self, forKey: .mimeType)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        roles = try container.decode(Set<Role>.self, forKey: .roles)
        position = try container.decodeIfPresent(Int.self, forKey: .position)
    }

    /// Encodes the image with its roles in order, so equal images encode (and hash) alike.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(content, forKey: .content)
        try container.encode(mimeType, forKey: .mimeType)
        try container.encodeIfPresent(label, forKey: .label)
        try container.encode(roles.sorted(), forKey: .roles)
        try container.encodeIfPresent(position, forKey: .position)
    }
}
