import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Websites, images and store-view text of one product.
extension ProductStructureEngine {
    /// Assigns the product to the websites it should be on (`POST /V1/products/{sku}/websites`) and takes it off
    /// those the engine assigned before that it should no longer be on.
    func assignWebsites(_ sku: String, _ websiteIDs: [Int], _ work: inout FamilyWork) async throws {
        let products = commerce.operations.products
        let assigned = work.record.websites[sku] ?? []
        var now = assigned
        do {
            for id in websiteIDs where !assigned.contains(id) {
                try await products.postProductsBySKUWebsites(
                    sku: sku, productWebsiteLink: Schema.CatalogProductWebsiteLink(sku: sku, websiteID: id))
                now.append(id)
                work.report.websiteChanges += 1
            }
            for id in assigned where !websiteIDs.contains(id) {
                try await products.deleteProductsBySKUWebsitesByWebsiteID(sku: sku, websiteID: id)
                now.removeAll { $0 == id }
                work.report.websiteChanges += 1
            }
        } catch let refusal as CommerceError where Self.isRefusal(refusal) {
            try await park(sku, "websites: \(refusal.message)", &work)
        }
        work.record.websites[sku] = now.isEmpty ? nil : now
    }

    /// Uploads the images whose content or roles changed, replacing the entry uploaded before, and removes the
    /// entries of images the source no longer has. An upload is claimed in the ID map by the content's hash, and the
    /// hash is in the file name, so a claim left pending by a crash finds its entry instead of uploading again.
    func sendImages(_ sku: String, _ images: [ProductImage], _ work: inout FamilyWork) async throws {
        var uploaded = work.record.images[sku] ?? [:]
        for image in images {
            let hash = Self.hash(of: image)
            if uploaded[image.key]?.hash == hash { continue }
            do {
                let id = try await upload(image, hash: hash, to: sku, &work)
                if let previous = uploaded[image.key] {
                    try await removeImage(previous.id, of: sku)
                    work.report.imagesReplaced += 1
                } else {
                    work.report.imagesUploaded += 1
                }
                uploaded[image.key] = AppliedStructure.Image(id: id, hash: hash)
            } catch let refusal as CommerceError where Self.isRefusal(refusal) {
                try await park(sku, "image \"\(image.key)\": \(refusal.message)", &work)
            }
        }
        let keys = Set(images.map(\.key))
        for (key, entry) in uploaded where !keys.contains(key) {
            try await removeImage(entry.id, of: sku)
            uploaded[key] = nil
            work.report.imagesRemoved += 1
        }
        work.record.images[sku] = uploaded.isEmpty ? nil : uploaded
    }

    /// The hash of an image's bytes, type, label, roles and position.
    static func hash(of image: ProductImage) -> String {
        CanonicalJSON.hash(
            .object([
                "content": .string(SHA256.hexHash(image.content)), "type": .string(image.mimeType),
                "label": image.label.map(JSONValue.string) ?? .null,
                "roles": .array(image.roles.sorted().map { .string($0.rawValue) }),
                "position": image.position.map { .number(Decimal($0)) } ?? .null,
            ]))
    }

    private func upload(_ image: ProductImage, hash: String, to sku: String, _ work: inout FamilyWork) async throws
        -> Int
    {
        let products = commerce.operations.products
        let token = String(hash.prefix(16))
        let key = MappingKey(Self.imageKind, from: origin, "\(sku)|\(image.key)|\(token)", to: .commerce)
        func existing() async throws -> Int? {
            try await products.getProductsBySKUMedia(sku: sku).first { $0.file?.contains(token) ?? false }?.id
        }
        let claim: String
        switch try await store.claimMapping(key, token: UUID().uuidString.lowercased(), now: time.now()) {
        case .mapped(let id):
            if let id = Int(id), try await existing() == id { return id }
            claim = ""
        case .claimed(let claimed): claim = claimed
        case .pending(let pending, _):
            claim = pending
            if let id = try await existing() {
                work.changes.completeMapping(key, token: claim, targetID: String(id))
                return id
            }
        }
        let extensions = ["image/png": "png", "image/gif": "gif"]
        let entry = Schema.CatalogProductAttributeMediaGalleryEntry(
            content: Schema.FrameworkImageContent(
                base64EncodedData: image.content.base64EncodedString(),
                name: "\(Self.fileStem(image.key))-\(token).\(extensions[image.mimeType] ?? "jpg")",
                type: image.mimeType),
            disabled: false, label: image.label ?? "", mediaType: "image", position: image.position ?? 0,
            types: image.roles.sorted().map(\.rawValue))
        let id = try await products.postProductsBySKUMedia(sku: sku, entry: entry)
        if !claim.isEmpty { work.changes.completeMapping(key, token: claim, targetID: String(id)) }
        return id
    }

    /// An image key as a file name: lower-case letters, digits, `-` and `_`.
    static func fileStem(_ key: String) -> String {
        let stem = String(
            key.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
        return stem.isEmpty ? "image" : String(stem.prefix(40))
    }

    private func removeImage(_ id: Int, of sku: String) async throws {
        do {
            try await commerce.operations.products.deleteProductsBySKUMediaByEntryID(sku: sku, entryID: id)
        } catch let missing as CommerceError where missing.httpStatus == 404 {
            // Removed already (a retry, or by a merchandiser): "There is no image with provided ID."
        }
    }

    /// Writes each store view's text through that store view's code, one write per store view whose text changed,
    /// carrying only the localized attributes: the global values are never touched.
    func sendText(_ sku: String, _ localized: [String: LocalizedContent], _ work: inout FamilyWork) async throws {
        for code in localized.keys.sorted() {
            guard let content = localized[code] else { continue }
            let part = "store:\(code):\(sku)"
            let values = content.values
            let hash = CanonicalJSON.hash(.object(values.mapValues(JSONValue.string)))
            if work.record.parts[part] == hash { continue }
            var product = Product(sku: sku)
            for (attribute, value) in values.sorted(by: { $0.key < $1.key }) {
                if attribute == "name" {
                    product.name = value
                } else {
                    product.setCustomAttribute(attribute, to: value)
                }
            }
            do {
                _ = try await commerce.scoped(to: StoreCode(rawValue: code)).products.update(product)
            } catch let refusal as CommerceError where Self.isRefusal(refusal) {
                try await park(sku, "store view \"\(code)\": \(refusal.message)", &work)
                continue
            }
            work.record.parts[part] = hash
            work.report.storeViewWrites += 1
        }
    }
}
