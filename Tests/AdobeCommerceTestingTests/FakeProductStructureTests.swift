import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// The fake's attribute options, configurable products, media gallery and website links answer as Magento does.
struct FakeProductStructureTests {
    typealias Schema = CommerceSchema
    let fake = FakeCommerce()
    var client: AdobeCommerceClient { fake.makeClient().scoped(to: .all) }

    static let png: Data = {
        let header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        return Data(header + Array("IHDR".utf8) + [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
    }()

    /// The message of the `CommerceError` `body` throws.
    private func refusal(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as CommerceError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    private func simple(_ sku: String, color: String? = nil, size: String? = nil) throws {
        var product = Product(sku: sku)
        product.name = sku
        product.price = 10
        if let color { product.setCustomAttribute("color", to: color) }
        if let size { product.setCustomAttribute("size", to: size) }
        try fake.add(product)
    }

    private func makeConfigurable(_ sku: String, attributes: [(code: String, id: String, values: [Int])]) async throws {
        var parent = Product(sku: sku)
        parent.name = sku
        parent.typeID = "configurable"
        try fake.add(parent)
        for (position, attribute) in attributes.enumerated() {
            try await client.operations.configurableProducts.postConfigurableProductsBySKUOptions(
                sku: sku,
                option: Schema.ConfigurableProductOption(
                    attributeID: attribute.id, label: attribute.code, position: position,
                    values: attribute.values.map { Schema.ConfigurableProductOptionValue(valueIndex: $0) }))
        }
    }

    @Test("Attribute options: created with an id, refused when blank, repeated in any case, or on a text attribute")
    func attributeOptions() async throws {
        let products = client.operations.products
        let id = try await products.postProductsAttributesByAttributeCodeOptions(
            attributeCode: "color", option: Schema.EavAttributeOption(label: " Teal "))
        #expect(Int(id) != nil)
        #expect(fake.attributeOptions(code: "color").last?.label == "Teal")
        #expect(fake.attributeOptions(code: "color").last?.value == id)
        #expect(
            await refusal {
                try await products.postProductsAttributesByAttributeCodeOptions(
                    attributeCode: "color", option: Schema.EavAttributeOption(label: "RED"))
            } == "Admin store attribute option label \"RED\" already exists.")
        #expect(
            await refusal {
                try await products.postProductsAttributesByAttributeCodeOptions(
                    attributeCode: "color", option: Schema.EavAttributeOption(label: "  "))
            } == "The attribute option label is empty. Enter the value and try again.")
        #expect(
            await refusal {
                try await products.postProductsAttributesByAttributeCodeOptions(
                    attributeCode: "name", option: Schema.EavAttributeOption(label: "X"))
            } == "The \"name\" attribute doesn't work with options.")
        #expect(
            await refusal {
                try await products.postProductsAttributesByAttributeCodeOptions(
                    attributeCode: "material", option: Schema.EavAttributeOption(label: "X"))
            } == "The attribute with a \"material\" attributeCode doesn't exist. Verify the attribute and try again.")
        fake.answerNewAttributeOptions(with: .placeholder)
        #expect(
            try await products.postProductsAttributesByAttributeCodeOptions(
                attributeCode: "size", option: Schema.EavAttributeOption(label: "XL")) == "id_new_option")
    }

    @Test("Configurable options: validated, one per attribute, the product made configurable; read back by options/all")
    func configurableOptions() async throws {
        let configurable = client.operations.configurableProducts
        try simple("PARENT")
        #expect(
            await refusal {
                _ = try await configurable.getConfigurableProductsBySKUOptionsAll(sku: "PARENT")
            } == "Only implemented for configurable product: PARENT")
        #expect(
            await refusal {
                try await configurable.postConfigurableProductsBySKUOptions(
                    sku: "PARENT", option: Schema.ConfigurableProductOption(attributeID: "93", label: "Color"))
            } == "Option values are not specified.")
        #expect(
            await refusal {
                try await configurable.postConfigurableProductsBySKUOptions(
                    sku: "PARENT", option: Schema.ConfigurableProductOption())
            } == "One or more input exceptions have occurred.")
        let option = Schema.ConfigurableProductOption(
            attributeID: "93", label: "Color", position: 0,
            values: [Schema.ConfigurableProductOptionValue(valueIndex: 58)])
        let id = try await configurable.postConfigurableProductsBySKUOptions(sku: "PARENT", option: option)
        #expect(fake.product(sku: "PARENT")?.typeID == "configurable")
        #expect(try await configurable.getConfigurableProductsBySKUOptionsAll(sku: "PARENT").map(\.id) == [id])
        #expect(
            await refusal { try await configurable.postConfigurableProductsBySKUOptions(sku: "PARENT", option: option) }
                == "Product already has this option")
        var unknown = option
        unknown.attributeID = "9999"
        #expect(
            await refusal {
                try await configurable.postConfigurableProductsBySKUOptions(sku: "PARENT", option: unknown)
            }
                == "The attribute with a \"9999\" attributeCode doesn't exist. Verify the attribute and try again.")
    }

    @Test("Children: linked once, refused without the attribute's value, twice, or with a sibling's values; unlinked")
    func children() async throws {
        let configurable = client.operations.configurableProducts
        try simple("RED-S", color: "58", size: "167")
        try simple("RED-M", color: "58", size: "168")
        try simple("RED-M-COPY", color: "58", size: "168")
        try simple("NO-SIZE", color: "58")
        var bare = Product(sku: "BARE")
        bare.name = "Bare"
        bare.typeID = "configurable"
        try fake.add(bare)
        #expect(
            await refusal { try await configurable.postConfigurableProductsBySKUChild(sku: "BARE", childSKU: "RED-S") }
                == "The parent product doesn't have configurable product options.")
        try await makeConfigurable("SHIRT", attributes: [("color", "93", [58]), ("size", "144", [167, 168])])
        #expect(try await configurable.postConfigurableProductsBySKUChild(sku: "SHIRT", childSKU: "RED-S"))
        #expect(try await configurable.postConfigurableProductsBySKUChild(sku: "SHIRT", childSKU: "RED-M"))
        #expect(
            await refusal { try await configurable.postConfigurableProductsBySKUChild(sku: "SHIRT", childSKU: "RED-S") }
                == "The product is already attached.")
        #expect(
            await refusal {
                try await configurable.postConfigurableProductsBySKUChild(sku: "SHIRT", childSKU: "NO-SIZE")
            }
                == "The child product doesn't have the \"size\" attribute value. Verify the value and try again.")
        let copy = try #require(fake.product(sku: "RED-M-COPY")?.id)
        let original = try #require(fake.product(sku: "RED-M")?.id)
        #expect(
            await refusal {
                try await configurable.postConfigurableProductsBySKUChild(sku: "SHIRT", childSKU: "RED-M-COPY")
            } == "Products \"\(copy)\" and \"\(original)\" have the same set of attribute values.")
        #expect(
            try await configurable.getConfigurableProductsBySKUChildren(sku: "SHIRT").map(\.sku) == ["RED-S", "RED-M"])
        #expect(fake.product(sku: "SHIRT")?.extensionAttributes?.configurableProductLinks?.count == 2)
        #expect(
            try await configurable.deleteConfigurableProductsBySKUChildrenByChildSKU(sku: "SHIRT", childSKU: "RED-M"))
        #expect(fake.configurableChildren(sku: "SHIRT") == ["RED-S"])
        #expect(
            await refusal {
                try await configurable.deleteConfigurableProductsBySKUChildrenByChildSKU(
                    sku: "SHIRT", childSKU: "RED-M")
            } == "The option that was requested doesn't exist. Verify the entity and try again.")
        #expect(
            await refusal {
                try await configurable.deleteConfigurableProductsBySKUChildrenByChildSKU(sku: "RED-S", childSKU: "X")
            } == "The product with the \"RED-S\" SKU isn't a configurable product.")
    }

    @Test("A configurable of one attribute made over REST shows its options and variants to the storefront")
    func storefrontSeesRESTConfigurable() async throws {
        try simple("HOODIE-BLACK", color: "49")
        try simple("HOODIE-RED", color: "58")
        try await makeConfigurable("HOODIE", attributes: [("color", "93", [49, 58])])
        for child in ["HOODIE-BLACK", "HOODIE-RED"] {
            try await client.operations.configurableProducts.postConfigurableProductsBySKUChild(
                sku: "HOODIE", childSKU: child)
        }
        let graphQL = CommerceGraphQLClient(
            configuration: AdobeCommerceConfiguration(baseURL: fake.baseURL, authentication: .none), transport: fake,
            headers: .init(store: .default, currency: "USD"))
        let hoodie = try #require(try await graphQL.catalog.product(sku: "HOODIE"))
        #expect(hoodie.configurableOptions?.first?.values?.map(\.label) == ["Black", "Red"])
        #expect(hoodie.variants?.map { $0.product?.sku } == ["HOODIE-BLACK", "HOODIE-RED"])
    }

    private func entry(_ data: String, type: String = "image/png", name: String = "front", roles: [String] = [])
        -> Schema.CatalogProductAttributeMediaGalleryEntry
    {
        Schema.CatalogProductAttributeMediaGalleryEntry(
            content: Schema.FrameworkImageContent(base64EncodedData: data, name: name, type: type), disabled: false,
            label: "Front", mediaType: "image", position: 1, types: roles)
    }

    @Test("Media: base64 image content validated by type and name; roles move to the newest entry; entries removed")
    func mediaGallery() async throws {
        let products = client.operations.products
        try simple("SHIRT")
        let valid = Self.png.base64EncodedString()
        #expect(
            await refusal { try await products.postProductsBySKUMedia(sku: "SHIRT", entry: entry("not base64!")) }
                == "The image content must be valid base64 encoded data.")
        #expect(
            await refusal {
                try await products.postProductsBySKUMedia(
                    sku: "SHIRT", entry: entry(Data("text".utf8).base64EncodedString()))
            } == "The image content must be valid base64 encoded data.")
        #expect(
            await refusal {
                try await products.postProductsBySKUMedia(sku: "SHIRT", entry: entry(valid, type: "image/jpeg"))
            }
                == "The image MIME type is not valid or not supported.")
        #expect(
            await refusal { try await products.postProductsBySKUMedia(sku: "SHIRT", entry: entry(valid, name: "a/b")) }
                == "Provided image name contains forbidden characters.")
        #expect(
            await refusal { try await products.postProductsBySKUMedia(sku: "NOPE", entry: entry(valid)) }
                == "The product that was requested doesn't exist. Verify the product and try again.")
        let first = try await products.postProductsBySKUMedia(
            sku: "SHIRT", entry: entry(valid, roles: ["image", "thumbnail"]))
        let second = try await products.postProductsBySKUMedia(sku: "SHIRT", entry: entry(valid, roles: ["image"]))
        let gallery = try await products.getProductsBySKUMedia(sku: "SHIRT")
        #expect(gallery.map(\.id) == [first, second])
        #expect(gallery.map(\.file) == ["/f/r/front.png", "/f/r/front_1.png"])
        #expect(gallery.map(\.types) == [["thumbnail"], ["image"]])
        #expect(fake.product(sku: "SHIRT")?.customAttribute("image")?.stringValue == "/f/r/front_1.png")
        #expect(try await products.deleteProductsBySKUMediaByEntryID(sku: "SHIRT", entryID: second))
        #expect(fake.product(sku: "SHIRT")?.customAttribute("image") == nil)
        #expect(
            await refusal { try await products.deleteProductsBySKUMediaByEntryID(sku: "SHIRT", entryID: second) }
                == "There is no image with provided ID.")
    }

    @Test("Website links: added once, refused for no website or an unknown one, removed")
    func websites() async throws {
        let products = client.operations.products
        try simple("SHIRT")
        fake.addWebsite(id: 2, code: "eu", name: "EU")
        #expect(
            try await products.postProductsBySKUWebsites(
                sku: "SHIRT", productWebsiteLink: Schema.CatalogProductWebsiteLink(sku: "SHIRT", websiteID: 2)))
        #expect(fake.product(sku: "SHIRT")?.extensionAttributes?.websiteIDs == [1, 2])
        #expect(
            try await products.postProductsBySKUWebsites(
                sku: "SHIRT", productWebsiteLink: Schema.CatalogProductWebsiteLink(sku: "SHIRT", websiteID: 2)))
        #expect(fake.product(sku: "SHIRT")?.extensionAttributes?.websiteIDs == [1, 2])
        let id = try #require(fake.product(sku: "SHIRT")?.id)
        #expect(
            await refusal {
                try await products.postProductsBySKUWebsites(
                    sku: "SHIRT", productWebsiteLink: Schema.CatalogProductWebsiteLink(sku: "SHIRT", websiteID: 7))
            } == "Could not assign product \"\(id)\" to websites \"7\"")
        #expect(
            await refusal {
                try await products.postProductsBySKUWebsites(
                    sku: "SHIRT", productWebsiteLink: Schema.CatalogProductWebsiteLink(sku: "SHIRT", websiteID: 0))
            } == "There are not websites for assign to product")
        #expect(try await products.deleteProductsBySKUWebsitesByWebsiteID(sku: "SHIRT", websiteID: 1))
        #expect(fake.product(sku: "SHIRT")?.extensionAttributes?.websiteIDs == [2])
    }

    @Test("A store view added to the fake scopes product values written through its code")
    func storeViewScope() async throws {
        try simple("SHIRT")
        fake.addStoreView(code: "fr", name: "Français", locale: "fr_FR")
        var french = Product(sku: "SHIRT")
        french.name = "Chemise"
        _ = try await fake.makeClient().scoped(to: "fr").products.update(french)
        #expect(fake.product(sku: "SHIRT", storeCode: "fr")?.name == "Chemise")
        #expect(fake.product(sku: "SHIRT", storeCode: "admin")?.name == "SHIRT")
        #expect(fake.storeViewValues(sku: "SHIRT", storeCode: "fr") == ["name": "Chemise"])
        let views = try await fake.makeClient().operations.store.getStoreStoreViews()
        #expect(views.contains { $0.code == "fr" })
    }
}
