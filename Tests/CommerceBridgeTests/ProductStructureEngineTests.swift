import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Synchronization
import Testing

/// A transport that lets the fake process the first request matching `lose`, then drops its answer: a crash between
/// Commerce's write and the connector's record of it.
final class AnswerLosingCommerce: HTTPTransport {
    let base: FakeCommerce
    private let pending: Mutex<(method: HTTPMethod, pathSuffix: String)?>

    init(_ base: FakeCommerce, losing method: HTTPMethod, pathSuffix: String) {
        self.base = base
        pending = Mutex((method, pathSuffix))
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.send(request)
        let path = request.url.path(percentEncoded: false)
        let lose = pending.withLock { target -> Bool in
            guard let wanted = target, wanted.method == request.method, path.hasSuffix(wanted.pathSuffix) else {
                return false
            }
            target = nil
            return true
        }
        if lose { throw CommerceError(code: .connectionFailed, message: "The connection dropped after the write.") }
        return response
    }
}

/// Drops the `size` label of the variants whose SKU ends in `-DROP`, as an ERP with an incomplete record would
/// send them, and keeps everything else at its default.
struct LenientStructure: ProductStructurePattern {
    func validate(_ family: VariantFamily) throws {}

    func map(_ family: VariantFamily) throws -> ProductStructurePlan {
        var plan = ProductStructureMapping.plan(for: family)
        for index in plan.children.indices where plan.children[index].sku.hasSuffix("-DROP") {
            plan.children[index].options["size"] = nil
        }
        return plan
    }
}

struct ProductStructureEngineTests {
    private let clock = ManualClock()
    typealias Operations = CommerceSchema.Operations

    /// A PNG header (what `getimagesizefromstring` reads) followed by `seed`, so different seeds differ in content.
    static func png(_ seed: UInt8) -> Data {
        let header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        return Data(header + Array("IHDR".utf8) + [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0] + [seed, seed, seed])
    }

    static func family(
        _ sku: String, colors: [String] = ["Red", "Teal", "Ochre"], sizes: [String] = ["S", "M", "L", "XL"],
        image: Data? = nil, localized: [String: LocalizedContent] = [:]
    ) -> VariantFamily {
        var variants: [VariantFamily.Variant] = []
        for color in colors {
            for size in sizes {
                variants.append(
                    .init(sku: "\(sku)-\(color)-\(size)", options: ["color": color, "size": size], attributes: [:]))
            }
        }
        return VariantFamily(
            parentSKU: sku, name: "Oxford shirt \(sku)", configurableAttributes: ["color", "size"], variants: variants,
            attributes: ["description": "Cotton, straight cut."], categoryIDs: [6], websiteIDs: [1],
            images: image.map {
                [
                    ProductImage(
                        key: "front", content: $0, mimeType: "image/png", label: "Front", roles: [.base, .small])
                ]
            } ?? [],
            localized: localized, updatedAt: Date())
    }

    private func engine(
        _ commerce: FakeCommerce, _ erp: FakeERP, _ store: InMemoryConnectorStore,
        transport: (any HTTPTransport)? = nil, deletion: VariantDeletionRule = .disable,
        pattern: any ProductStructurePattern = DefaultProductStructure(), pageSize: Int = 200
    ) -> ProductStructureEngine {
        var configuration = ProductStructureEngine.Configuration()
        configuration.deletion = deletion
        configuration.pageSize = pageSize
        var client = commerce.makeClient()
        if let transport {
            client = AdobeCommerceClient(configuration: client.configuration, transport: transport)
        }
        return ProductStructureEngine(
            commerce: client, source: erp, store: store, pattern: pattern, configuration: configuration,
            time: clock.timeSource())
    }

    private func setUp() -> (FakeCommerce, FakeERP, InMemoryConnectorStore) {
        (FakeCommerce(), FakeERP(time: clock.timeSource()), InMemoryConnectorStore())
    }

    @Test("3 colours × 4 sizes become one configurable with 12 linked children, the missing options created once")
    func familyBecomesConfigurable() async throws {
        let (commerce, erp, store) = setUp()
        await erp.setVariantFamily(Self.family("SHIRT"))
        let engine = engine(commerce, erp, store)
        let report = try await engine.sync()

        #expect(report.changed == 1)
        #expect(report.optionsCreated == 3, "Teal, Ochre and XL; Red, S, M and L exist")
        #expect(report.configurableOptionsCreated == 2)
        #expect(report.linksCreated == 12)
        #expect(report.productsWritten == 13)
        #expect(report.rejected == 0)
        #expect(commerce.product(sku: "SHIRT")?.typeID == "configurable")
        #expect(commerce.configurableAttributes(sku: "SHIRT") == ["color", "size"])
        #expect(Set(commerce.configurableChildren(sku: "SHIRT")) == Set(Self.family("SHIRT").variants.map(\.sku)))
        let colors = commerce.attributeOptions(code: "color").compactMap(\.label)
        #expect(colors.filter { $0 == "Teal" }.count == 1)
        let teal = try #require(commerce.attributeOptions(code: "color").first { $0.label == "Teal" }?.value)
        let child = try #require(commerce.product(sku: "SHIRT-Teal-XL"))
        #expect(child.customAttribute("color")?.stringValue == teal)
        #expect(child.productVisibility == .notVisibleIndividually)
        #expect(child.name == "Oxford shirt SHIRT Teal XL")
        #expect(commerce.product(sku: "SHIRT")?.extensionAttributes?.categoryLinks?.map(\.categoryID) == ["6"])
        var phases: [SyncProgress] = []
        for await event in engine.progress {
            phases.append(event)
            if event.phase == "delta" { break }
        }
        #expect(phases.last == SyncProgress(engine: "structure", phase: "delta", processed: 1, total: 1))

        let before = commerce.requests.count
        let second = try await engine.sync()
        #expect(second.unchanged == 1 && second.changed == 0)
        #expect(commerce.requests.count == before, "an unchanged family sends nothing")
    }

    @Test("A new size adds one option, one product and one link; nothing else is sent again")
    func newSizeAddsOneOptionAndLink() async throws {
        let (commerce, erp, store) = setUp()
        await erp.setVariantFamily(Self.family("SHIRT"))
        let engine = engine(commerce, erp, store)
        _ = try await engine.sync()
        clock.advance(by: .seconds(60))
        await erp.updateVariantFamily(parentSKU: "SHIRT") {
            $0.variants.append(.init(sku: "SHIRT-Red-XXL", options: ["color": "Red", "size": "XXL"]))
        }
        let report = try await engine.sync()
        #expect(report.optionsCreated == 1)
        #expect(report.linksCreated == 1)
        #expect(report.productsWritten == 1)
        #expect(report.configurableOptionsCreated == 0)
        #expect(commerce.configurableChildren(sku: "SHIRT").count == 13)
        #expect(
            commerce.requestCount(for: Operations.ConfigurableProducts.postConfigurableProductsBySKUChildOperation)
                == 13)
    }

    @Test("An unchanged image is never uploaded again; a changed one replaces its entry and keeps the roles")
    func imagesByContentHash() async throws {
        let (commerce, erp, store) = setUp()
        let upload = Operations.Products.postProductsBySKUMediaOperation
        await erp.setVariantFamily(Self.family("SHIRT", colors: ["Red"], sizes: ["S"], image: Self.png(1)))
        let engine = engine(commerce, erp, store)
        let first = try await engine.sync()
        #expect(first.imagesUploaded == 1)
        let original = try #require(commerce.mediaGallery(sku: "SHIRT").first)
        #expect(original.types == ["image", "small_image"])
        #expect(commerce.product(sku: "SHIRT")?.customAttribute("image")?.stringValue == original.file)

        clock.advance(by: .seconds(60))
        await erp.updateVariantFamily(parentSKU: "SHIRT") { $0.attributes["description"] = "Linen." }
        let touched = try await engine.sync()
        #expect(touched.changed == 1 && touched.productsWritten == 1)
        #expect(commerce.requestCount(for: upload) == 1, "the unchanged image is not uploaded again")

        clock.advance(by: .seconds(60))
        await erp.updateVariantFamily(parentSKU: "SHIRT") { $0.images[0].content = Self.png(2) }
        let changed = try await engine.sync()
        #expect(changed.imagesReplaced == 1 && changed.imagesUploaded == 0)
        #expect(commerce.requestCount(for: upload) == 2)
        let gallery = commerce.mediaGallery(sku: "SHIRT")
        #expect(gallery.count == 1)
        #expect(gallery.first?.id != original.id && gallery.first?.types == ["image", "small_image"])
        #expect(commerce.product(sku: "SHIRT")?.customAttribute("image")?.stringValue == gallery.first?.file)
    }

    @Test("Localized names land only in their store view, one write each; the default value is unchanged")
    func storeViewText() async throws {
        let (commerce, erp, store) = setUp()
        commerce.addStoreView(code: "fr", name: "Français", locale: "fr_FR")
        commerce.addStoreView(code: "de", name: "Deutsch", locale: "de_DE")
        await erp.setVariantFamily(
            Self.family(
                "SHIRT", colors: ["Red"], sizes: ["S", "M"],
                localized: [
                    "fr": LocalizedContent(name: "Chemise Oxford", description: "Coton."),
                    "de": LocalizedContent(name: "Oxford-Hemd"),
                ]))
        let report = try await engine(commerce, erp, store).sync()
        #expect(report.storeViewWrites == 2)
        #expect(commerce.product(sku: "SHIRT", storeCode: "fr")?.name == "Chemise Oxford")
        #expect(commerce.product(sku: "SHIRT", storeCode: "de")?.name == "Oxford-Hemd")
        #expect(commerce.product(sku: "SHIRT", storeCode: "admin")?.name == "Oxford shirt SHIRT")
        #expect(commerce.product(sku: "SHIRT", storeCode: "default")?.name == "Oxford shirt SHIRT")
        #expect(
            commerce.storeViewValues(sku: "SHIRT", storeCode: "fr") == [
                "name": "Chemise Oxford", "description": "Coton.",
            ])
        #expect(commerce.storeViewValues(sku: "SHIRT", storeCode: "default").isEmpty)
        let scoped = commerce.requests.filter { $0.method == .put && $0.target.hasPrefix("/rest/fr/V1/products/") }
        #expect(scoped.count == 1)
        #expect(
            commerce.requests.filter { $0.method == .put && $0.target.hasPrefix("/rest/default/") }.isEmpty,
            "nothing is written through the default store view")
    }

    @Test(
        "A variant deleted in the ERP is disabled, unlinked or both, as the rule says",
        arguments: [
            VariantDeletionRule.disable, .unlink, .disableAndUnlink,
        ])
    func deletionRule(_ rule: VariantDeletionRule) async throws {
        let (commerce, erp, store) = setUp()
        await erp.setVariantFamily(Self.family("SHIRT", colors: ["Red"], sizes: ["S", "M"]))
        let engine = engine(commerce, erp, store, deletion: rule)
        _ = try await engine.sync()
        clock.advance(by: .seconds(60))
        #expect(await erp.deleteVariant(sku: "SHIRT-Red-M"))
        let report = try await engine.sync()
        #expect(report.variantsDisabled == (rule.disables ? 1 : 0))
        #expect(report.variantsUnlinked == (rule.unlinks ? 1 : 0))
        #expect(report.variantsDeleted == 0)
        let child = try #require(commerce.product(sku: "SHIRT-Red-M"), "the product is never deleted")
        #expect(child.productStatus == (rule.disables ? .disabled : .enabled))
        #expect(commerce.configurableChildren(sku: "SHIRT").contains("SHIRT-Red-M") == !rule.unlinks)
        #expect(commerce.product(sku: "SHIRT-Red-S")?.productStatus == .enabled)
        let audit = try await store.auditRecords(for: EntityReference(.product, .pim, "SHIRT-Red-M"))
        #expect(audit.contains { $0.rule == "variantDeletion.\(rule)" })

        clock.advance(by: .seconds(60))
        await erp.updateVariantFamily(parentSKU: "SHIRT") {
            $0.variants.append(.init(sku: "SHIRT-Red-M", options: ["color": "Red", "size": "M"]))
        }
        _ = try await engine.sync()
        #expect(commerce.product(sku: "SHIRT-Red-M")?.productStatus == .enabled, "a variant listed again comes back")
        #expect(commerce.configurableChildren(sku: "SHIRT").contains("SHIRT-Red-M"))
    }

    @Test("The delete rule deletes the variant's product; without it nothing is deleted")
    func deleteRule() async throws {
        let (commerce, erp, store) = setUp()
        await erp.setVariantFamily(Self.family("SHIRT", colors: ["Red"], sizes: ["S", "M"]))
        let engine = engine(commerce, erp, store, deletion: .delete)
        _ = try await engine.sync()
        clock.advance(by: .seconds(60))
        await erp.deleteVariant(sku: "SHIRT-Red-M")
        let report = try await engine.sync()
        #expect(report.variantsDeleted == 1)
        #expect(commerce.product(sku: "SHIRT-Red-M") == nil)
        #expect(commerce.configurableChildren(sku: "SHIRT") == ["SHIRT-Red-S"])
    }

    @Test("An attribute Commerce lacks parks the family once, with Magento's message")
    func unknownAttributeParkedOnce() async throws {
        let (commerce, erp, store) = setUp()
        var family = Self.family("BAG", colors: ["Red"], sizes: ["S"])
        family.configurableAttributes = ["color", "material"]
        family.variants[0].options["material"] = "Canvas"
        await erp.setVariantFamily(family)
        let engine = engine(commerce, erp, store)
        let report = try await engine.sync()
        #expect(report.rejected == 1 && report.linksCreated == 0)
        clock.advance(by: .seconds(60))
        await erp.updateVariantFamily(parentSKU: "BAG") { $0.name = "Canvas bag" }
        let again = try await engine.sync()
        #expect(again.rejected == 0)
        let items = try await store.reviewItems(limit: 10, offset: 0)
        #expect(items.count == 1)
        #expect(
            items.first?.draft.reason
                == "attribute \"material\": The attribute with a \"material\" attributeCode doesn't exist. Verify the "
                + "attribute and try again.")
        #expect(commerce.product(sku: "BAG") == nil, "nothing is written for a family Commerce cannot structure")
    }

    @Test("A child without a configurable attribute's value is refused by Magento, parked once; its siblings link")
    func childLackingValueParkedOnce() async throws {
        let (commerce, erp, store) = setUp()
        var family = Self.family("SHIRT", colors: ["Red"], sizes: ["S", "M"])
        family.variants.append(.init(sku: "SHIRT-Red-DROP", options: ["color": "Red", "size": "L"]))
        await erp.setVariantFamily(family)
        let engine = engine(commerce, erp, store, pattern: LenientStructure())
        let report = try await engine.sync()
        #expect(report.linksCreated == 2 && report.rejected == 1)
        #expect(commerce.configurableChildren(sku: "SHIRT") == ["SHIRT-Red-S", "SHIRT-Red-M"])
        clock.advance(by: .seconds(60))
        await erp.updateVariantFamily(parentSKU: "SHIRT") { $0.name = "Shirt" }
        _ = try await engine.sync()
        let items = try await store.reviewItems(limit: 10, offset: 0)
        #expect(items.count == 1)
        #expect(items.first?.draft.entity.key == "SHIRT-Red-DROP")
        #expect(
            items.first?.draft.reason
                == "link to \"SHIRT\": The child product doesn't have the \"size\" attribute value. Verify the value "
                + "and try again.")
    }

    @Test("A refused family (two variants with the same labels) is parked by the validate step, nothing sent")
    func validationParks() async throws {
        let (commerce, erp, store) = setUp()
        var family = Self.family("SHIRT", colors: ["Red"], sizes: ["S"])
        family.variants.append(.init(sku: "SHIRT-2", options: ["color": "red", "size": "s"]))
        await erp.setVariantFamily(family)
        let report = try await engine(commerce, erp, store).sync()
        #expect(report.rejected == 1 && report.productsWritten == 0)
        let items = try await store.reviewItems(limit: 10, offset: 0)
        #expect(
            items.first?.draft.reason
                == "variant family \"SHIRT\", field variants[1].options: \"SHIRT-2\" has the same option labels as "
                + "\"SHIRT-Red-S\"")
        #expect(commerce.requests.isEmpty)
    }

    @Test("A crash between creating an option and recording it: the retry finds it by label and creates nothing twice")
    func crashAfterOptionCreate() async throws {
        let (commerce, erp, store) = setUp()
        await erp.setVariantFamily(Self.family("SHIRT"))
        let losing = AnswerLosingCommerce(commerce, losing: .post, pathSuffix: "/attributes/color/options")
        await #expect(throws: CommerceError.self) { try await engine(commerce, erp, store, transport: losing).sync() }
        #expect(commerce.attributeOptions(code: "color").contains { $0.label == "Teal" })

        let report = try await engine(commerce, erp, store).sync()
        #expect(report.linksCreated == 12 && report.rejected == 0)
        #expect(report.optionsCreated == 2, "Ochre and XL; Teal was made before the crash")
        let create = Operations.Products.postProductsAttributesByAttributeCodeOptionsOperation
        #expect(commerce.requestCount(for: create) == 3)
        let labels = commerce.attributeOptions(code: "color").compactMap(\.label)
        #expect(labels.count == Set(labels).count)
    }

    @Test("A crash after linking a child: Magento's \"already attached\" on the retry counts as done")
    func crashAfterLink() async throws {
        let (commerce, erp, store) = setUp()
        await erp.setVariantFamily(Self.family("SHIRT", colors: ["Red"], sizes: ["S", "M"]))
        let losing = AnswerLosingCommerce(commerce, losing: .post, pathSuffix: "/SHIRT/child")
        await #expect(throws: CommerceError.self) { try await engine(commerce, erp, store, transport: losing).sync() }
        let report = try await engine(commerce, erp, store).sync()
        #expect(report.linksAlreadyPresent == 1 && report.linksCreated == 1 && report.rejected == 0)
        #expect(commerce.configurableChildren(sku: "SHIRT") == ["SHIRT-Red-S", "SHIRT-Red-M"])
    }

    @Test("A crash after uploading an image: the retry finds the entry by the content hash in its file name")
    func crashAfterUpload() async throws {
        let (commerce, erp, store) = setUp()
        await erp.setVariantFamily(Self.family("SHIRT", colors: ["Red"], sizes: ["S"], image: Self.png(7)))
        let losing = AnswerLosingCommerce(commerce, losing: .post, pathSuffix: "/SHIRT/media")
        await #expect(throws: CommerceError.self) { try await engine(commerce, erp, store, transport: losing).sync() }
        let report = try await engine(commerce, erp, store).sync()
        #expect(report.imagesUploaded == 1 && report.rejected == 0)
        #expect(commerce.mediaGallery(sku: "SHIRT").count == 1)
        #expect(commerce.requestCount(for: Operations.Products.postProductsBySKUMediaOperation) == 1)
    }

    @Test("A store that answers a placeholder for a new option's id: the id is read back by label")
    func placeholderOptionIDs() async throws {
        let (commerce, erp, store) = setUp()
        commerce.answerNewAttributeOptions(with: .placeholder)
        await erp.setVariantFamily(Self.family("SHIRT", colors: ["Teal"], sizes: ["S"]))
        let report = try await engine(commerce, erp, store).sync()
        #expect(report.optionsCreated == 1 && report.linksCreated == 1)
        let teal = commerce.attributeOptions(code: "color").first { $0.label == "Teal" }?.value
        #expect(teal != nil && commerce.product(sku: "SHIRT-Teal-S")?.customAttribute("color")?.stringValue == teal)
    }

    @Test("320 families (beyond a page of 200) are all structured; a second pass sends nothing")
    func volumeBeyondAPage() async throws {
        let (commerce, erp, store) = setUp()
        for index in 1...320 {
            await erp.setVariantFamily(
                Self.family(String(format: "STYLE-%03d", index), colors: ["Red", "Blue"], sizes: ["S", "M"]))
        }
        let engine = engine(commerce, erp, store)
        let report = try await engine.sync()
        #expect(report.read == 320 && report.changed == 320)
        #expect(report.linksCreated == 1_280 && report.productsWritten == 1_600)
        #expect(report.optionsCreated == 0 && report.rejected == 0)
        #expect(commerce.configurableChildren(sku: "STYLE-320").count == 4)
        let before = commerce.requests.count
        let second = try await engine.sync()
        #expect(second.changed == 0)
        #expect(commerce.requests.count == before)
    }

    @Test("The catalog sync runs the structure after its products and reports both")
    func catalogSyncRunsStructure() async throws {
        let (commerce, erp, store) = setUp()
        await erp.setProduct(sku: "PLAIN", attributes: ["name": "Plain"])
        await erp.setVariantFamily(Self.family("SHIRT", colors: ["Red"], sizes: ["S", "M"]))
        let client = commerce.makeClient()
        let structure = ProductStructureEngine(commerce: client, source: erp, store: store, time: clock.timeSource())
        let catalog = CatalogSyncEngine(
            commerce: client, source: erp, store: store, structure: structure, time: clock.timeSource())
        let report = try await catalog.sync()
        #expect(report.completed == 1)
        #expect(report.structure?.linksCreated == 2)
        #expect(commerce.product(sku: "PLAIN")?.name == "Plain")
        #expect(commerce.configurableChildren(sku: "SHIRT") == ["SHIRT-Red-S", "SHIRT-Red-M"])
        #expect(try await catalog.sync().structure?.unchanged == 1)
    }

    @Test("An image encodes its roles in order, so a family read again hashes the same")
    func rolesEncodeInOrder() throws {
        let image = ProductImage(
            key: "k", content: Self.png(1), mimeType: "image/png", roles: [.thumbnail, .base, .small])
        #expect(try JSONValue(encoding: image)["roles"] == ["image", "small_image", "thumbnail"])
        let decoded = try JSONValue(encoding: image).decode(ProductImage.self)
        #expect(decoded == image)
    }

    @Test("FakeERP's variant families pass the product structure source suite")
    func fakeERPConforms() async throws {
        let erp = FakeERP(time: clock.timeSource())
        await erp.setVariantFamily(Self.family("SHIRT", image: Self.png(3)))
        try await AdapterConformance.productStructureSource(erp, parentSKU: "SHIRT")
    }
}
