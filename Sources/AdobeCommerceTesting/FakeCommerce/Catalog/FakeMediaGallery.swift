import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A product's media gallery through `/V1/products/{sku}/media`, with the checks and messages of Magento's
/// `Catalog\Model\Product\Gallery\GalleryManagement` and `Framework\Api\ImageContentValidator`.
///
/// Entries live in the product's `media_gallery_entries` with their ids, roles (`types`) and file paths below
/// `pub/media/catalog/product` (`/f/r/front.jpg`, `_1` added when the name is taken); the content itself is not kept.
/// A role given to a new entry moves to it from the product's other entries, and the product's `image`,
/// `small_image`, `thumbnail` or `swatch_image` attribute points at its file.
enum FakeMediaGallery {
    typealias Products = CommerceSchema.Operations.Products

    /// The routes the fake answers.
    static let operations: [CommerceOperation] = [
        Products.getProductsBySKUMediaOperation,
        Products.postProductsBySKUMediaOperation,
        Products.deleteProductsBySKUMediaByEntryIDOperation,
    ]

    static let handlers: [String: FakeHandler] = [
        Products.getProductsBySKUMediaOperation.id: { state, request, _ throws(FakeError) in
            let id = try state.productID(sku: request.path["sku"] ?? "")
            return state.products[id]?["media_gallery_entries"] ?? .array([])
        },
        Products.postProductsBySKUMediaOperation.id: { state, request, context throws(FakeError) in
            try create(request, state: &state, now: context.now)
        },
        Products.deleteProductsBySKUMediaByEntryIDOperation.id: { state, request, context throws(FakeError) in
            let id = try state.productID(sku: request.path["sku"] ?? "")
            let entryID = try request.intPath("entryId")
            var entries = state.products[id]?["media_gallery_entries"]?.arrayValue ?? []
            guard let index = entries.firstIndex(where: { $0["id"]?.intValue == entryID }) else {
                throw FakeError(404, "There is no image with provided ID.")
            }
            let removed = entries.remove(at: index)
            state.products[id]?["media_gallery_entries"] = .array(entries)
            for role in removed["types"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                setRole(role, file: nil, of: id, state: &state)
            }
            state.products[id]?["updated_at"] = .string(context.now)
            return true
        },
    ]

    /// The image types `ImageContentValidator` accepts by default.
    static let allowedTypes: Set<String> = ["image/jpg", "image/jpeg", "image/gif", "image/png"]

    /// `GalleryManagement::create`: the content is validated before the product is read; answers the new entry's id.
    private static func create(_ request: FakeRequest, state: inout FakeState, now: String) throws(FakeError)
        -> JSONValue
    {
        var entry = try request.requiredObject("entry")
        let content = entry["content"]?.objectValue ?? [:]
        let name = try validate(content)
        let id = try state.productID(sku: request.path["sku"] ?? "")
        var entries = state.products[id]?["media_gallery_entries"]?.arrayValue ?? []
        let entryID = FakeProductStructure.nextID("media", state: &state)
        let file = fileName(name, type: content["type"]?.stringValue ?? "", state: state)
        entry["content"] = nil
        entry["id"] = .int(entryID)
        entry["file"] = .string(file)
        entry["media_type"] = entry["media_type"] ?? "image"
        entry["disabled"] = entry["disabled"] ?? false
        entry["position"] = entry["position"] ?? .int(entries.count + 1)
        entry["label"] = entry["label"] ?? .null
        let roles = entry["types"]?.arrayValue?.compactMap(\.stringValue) ?? []
        entry["types"] = .array(roles.map { .string($0) })
        for index in entries.indices {
            guard var other = entries[index].objectValue else { continue }
            let kept = (other["types"]?.arrayValue ?? []).filter { !roles.contains($0.stringValue ?? "") }
            other["types"] = .array(kept)
            entries[index] = .object(other)
        }
        entries.append(.object(entry))
        state.products[id]?["media_gallery_entries"] = .array(entries)
        for role in roles { setRole(role, file: file, of: id, state: &state) }
        state.products[id]?["updated_at"] = .string(now)
        return .int(entryID)
    }

    /// `ImageContentValidator::isValid`: base64 that decodes to an image whose type is the declared one and allowed,
    /// and a name without `\ / : * ? " < > | ( ) { } ;`.
    /// - Returns: The name.
    private static func validate(_ content: JSONObject) throws(FakeError) -> String {
        guard let encoded = content["base64_encoded_data"]?.stringValue,
            let bytes = Data(base64Encoded: encoded), !bytes.isEmpty,
            let detected = imageType(of: bytes)
        else {
            throw FakeError(400, "The image content must be valid base64 encoded data.")
        }
        guard detected == content["type"]?.stringValue, allowedTypes.contains(detected) else {
            throw FakeError(400, "The image MIME type is not valid or not supported.")
        }
        let name = content["name"]?.stringValue ?? ""
        let forbidden = Set("\\/?*:\";<>()|{}")
        guard !name.isEmpty, !name.contains(where: { forbidden.contains($0) }) else {
            throw FakeError(400, "Provided image name contains forbidden characters.")
        }
        return name
    }

    /// The type `getimagesizefromstring` reports for the bytes' signature, or `nil` when they are no image.
    static func imageType(of bytes: Data) -> String? {
        let head = Array(bytes.prefix(16))
        if head.count >= 16, head[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            head[12..<16] == Array("IHDR".utf8)[...]
        {
            return "image/png"
        }
        if head.count >= 3, head[0..<3] == [0xFF, 0xD8, 0xFF] { return "image/jpeg" }
        if head.count >= 6, head[0..<6] == Array("GIF87a".utf8)[...] || head[0..<6] == Array("GIF89a".utf8)[...] {
            return "image/gif"
        }
        return nil
    }

    /// Where the uploader puts a file: its name made safe, an extension from the type when it has none, below a
    /// dispersion path of its first two letters, with `_1`, `_2` … when the path is taken.
    private static func fileName(_ name: String, type: String, state: FakeState) -> String {
        var safe = String(
            name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") ? $0 : "_" })
        if !safe.contains(".") {
            safe += "." + (type == "image/png" ? "png" : type == "image/gif" ? "gif" : "jpg")
        }
        let letters = Array(safe.lowercased())
        let first = letters.first.map(String.init) ?? "_"
        let second = letters.count > 1 ? String(letters[1]) : "_"
        let taken = Set(
            state.products.values.flatMap { $0["media_gallery_entries"]?.arrayValue ?? [] }
                .compactMap { $0["file"]?.stringValue })
        let stem = safe.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
        let suffix = safe.split(separator: ".").last.map(String.init) ?? "jpg"
        var candidate = "/\(first)/\(second)/\(safe)"
        var counter = 1
        while taken.contains(candidate) {
            candidate = "/\(first)/\(second)/\(stem)_\(counter).\(suffix)"
            counter += 1
        }
        return candidate
    }

    /// Points the product's role attribute at `file`, or clears it.
    private static func setRole(_ role: String, file: String?, of id: Int, state: inout FakeState) {
        var attributes = state.products[id]?["custom_attributes"]?.arrayValue ?? []
        attributes.removeAll { $0["attribute_code"]?.stringValue == role }
        if let file { attributes.append(["attribute_code": .string(role), "value": .string(file)]) }
        state.products[id]?["custom_attributes"] = .array(attributes)
    }
}
