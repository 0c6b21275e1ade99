public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension FakeCommerce {
    /// How `POST /V1/products/attributes/{attributeCode}/options` answers a new option.
    public enum OptionIDAnswer: Sendable, Hashable {
        /// The new option's id as a string (`"171"`), as 2.4 does.
        case optionID
        /// The placeholder the option was saved under (`"id_new_option"`), as releases before 2.4 did: the caller
        /// must read the options again to learn the id.
        case placeholder
    }

    /// Sets how new attribute options are answered.
    public func answerNewAttributeOptions(with answer: OptionIDAnswer) {
        state.withLock { $0.optionIDAnswer = answer }
    }

    /// Adds a website (Magento has no REST route for it), so products can be assigned to it.
    /// - Parameters:
    ///   - id: The website id.
    ///   - code: The website code.
    ///   - name: The name.
    public func addWebsite(id: Int, code: String, name: String) {
        state.withLock { state in
            state.websites.removeAll { $0["id"]?.intValue == id }
            state.websites.append([
                "id": .int(id), "code": .string(code), "name": .string(name), "default_group_id": .int(id),
            ])
        }
    }

    /// Adds a store view (Magento has no REST route for it): `/rest/<code>/V1/...` then reads and writes its values.
    /// - Parameters:
    ///   - code: The store view code, such as `fr`.
    ///   - name: The name.
    ///   - websiteID: The website it belongs to.
    ///   - locale: Its locale, as its store config reports it.
    public func addStoreView(code: String, name: String, websiteID: Int = 1, locale: String = "en_US") {
        state.withLock { state in
            guard !state.storeViews.contains(where: { $0["code"]?.stringValue == code }) else { return }
            let id = (state.storeViews.compactMap { $0["id"]?.intValue }.max() ?? 0) + 1
            state.storeViews.append([
                "id": .int(id), "code": .string(code), "name": .string(name), "website_id": .int(websiteID),
                "store_group_id": .int(websiteID), "is_active": .int(1),
            ])
            var config = state.storeConfigs.first ?? [:]
            config["id"] = .int(id)
            config["code"] = .string(code)
            config["website_id"] = .int(websiteID)
            config["locale"] = .string(locale)
            state.storeConfigs.append(config)
        }
    }

    /// The product as a store view sees it: its global values overlaid with that view's.
    /// - Parameters:
    ///   - sku: The SKU.
    ///   - storeCode: The store view code; `admin` for the global values alone.
    public func product(sku: String, storeCode: String) -> Product? {
        state.withLock { state in
            guard let id = state.skuIndex[FakeState.key(sku)] else { return nil }
            return try? JSONValue.object(state.product(id: id, store: storeCode)).decode(Product.self)
        }
    }

    /// The values a store view holds of its own for a product (what writes through its code saved), as text by
    /// attribute code; empty when it holds none.
    public func storeViewValues(sku: String, storeCode: String) -> [String: String] {
        state.withLock { state in
            guard let id = state.skuIndex[FakeState.key(sku)], let scoped = state.storeValues[storeCode]?[id] else {
                return [:]
            }
            var values: [String: String] = [:]
            for (key, value) in scoped where key != "custom_attributes" { values[key] = value.stringValue ?? "" }
            for attribute in scoped["custom_attributes"]?.arrayValue ?? [] {
                guard let code = attribute["attribute_code"]?.stringValue else { continue }
                values[code] = attribute["value"]?.stringValue ?? ""
            }
            return values
        }
    }

    /// The options of a select attribute, the empty one left out.
    public func attributeOptions(code: String) -> [AttributeOption] {
        state.withLock { state in
            (state.attributes[code]?["options"]?.arrayValue ?? []).compactMap { option in
                guard let value = option["value"]?.stringValue, !value.isEmpty else { return nil }
                return try? option.decode(AttributeOption.self)
            }
        }
    }

    /// The attribute codes of a configurable product's options, in order.
    public func configurableAttributes(sku: String) -> [String] {
        state.withLock { state in
            guard let id = state.skuIndex[FakeState.key(sku)] else { return [] }
            return (FakeProductStructure.extensions(of: id, state)["configurable_product_options"]?.arrayValue ?? [])
                .compactMap { option in
                    FakeProductStructure.attribute(option["attribute_id"]?.stringValue ?? "", state: state)?[
                        "attribute_code"]?.stringValue
                }
        }
    }

    /// The SKUs of the children linked to a configurable product, in link order.
    public func configurableChildren(sku: String) -> [String] {
        state.withLock { state in
            guard let id = state.skuIndex[FakeState.key(sku)] else { return [] }
            return FakeProductStructure.links(of: id, state).compactMap { state.products[$0]?["sku"]?.stringValue }
        }
    }

    /// A product's media gallery entries.
    public func mediaGallery(sku: String) -> [MediaGalleryEntry] {
        state.withLock { state in
            guard let id = state.skuIndex[FakeState.key(sku)] else { return [] }
            return (state.products[id]?["media_gallery_entries"]?.arrayValue ?? []).compactMap {
                try? $0.decode(MediaGalleryEntry.self)
            }
        }
    }
}
