import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Attribute options, configurable products and website links, with the checks and messages of Magento's
/// `Eav\Model\Entity\Attribute\OptionManagement`, `ConfigurableProduct\Model\OptionRepository`, `LinkManagement`,
/// its `ProductRepositorySave` plugin, and `Catalog\Model\ProductWebsiteLinkRepository`.
///
/// A configurable product keeps its options and children where Magento's product read shows them:
/// `extension_attributes.configurable_product_options` and `configurable_product_links` (child ids).
enum FakeProductStructure {
    typealias Configurable = CommerceSchema.Operations.ConfigurableProducts
    typealias Products = CommerceSchema.Operations.Products

    /// The routes the fake answers.
    static let operations: [CommerceOperation] = [
        Products.postProductsAttributesByAttributeCodeOptionsOperation,
        Configurable.postConfigurableProductsBySKUOptionsOperation,
        Configurable.getConfigurableProductsBySKUOptionsAllOperation,
        Configurable.postConfigurableProductsBySKUChildOperation,
        Configurable.getConfigurableProductsBySKUChildrenOperation,
        Configurable.deleteConfigurableProductsBySKUChildrenByChildSKUOperation,
        Products.postProductsBySKUWebsitesOperation,
        Products.deleteProductsBySKUWebsitesByWebsiteIDOperation,
    ]

    static let handlers: [String: FakeHandler] = [
        Products.postProductsAttributesByAttributeCodeOptionsOperation.id: { state, request, _ throws(FakeError) in
            try addAttributeOption(request, state: &state)
        },
        Configurable.postConfigurableProductsBySKUOptionsOperation.id: { state, request, _ throws(FakeError) in
            try saveConfigurableOption(request, state: &state)
        },
        Configurable.getConfigurableProductsBySKUOptionsAllOperation.id: { state, request, _ throws(FakeError) in
            let id = try configurableProductID(request.path["sku"] ?? "", state: state)
            return .array(extensions(of: id, state)["configurable_product_options"]?.arrayValue ?? [])
        },
        Configurable.postConfigurableProductsBySKUChildOperation.id: { state, request, context throws(FakeError) in
            try addChild(request, state: &state, now: context.now)
        },
        Configurable.getConfigurableProductsBySKUChildrenOperation.id: { state, request, _ throws(FakeError) in
            let id = try state.productID(sku: request.path["sku"] ?? "")
            guard state.products[id]?["type_id"]?.stringValue == "configurable" else { return .array([]) }
            return .array(links(of: id, state).map { .object(state.product(id: $0, store: request.store)) })
        },
        Configurable.deleteConfigurableProductsBySKUChildrenByChildSKUOperation.id: {
            state, request, context throws(FakeError) in
            let sku = request.path["sku"] ?? ""
            let id = try state.productID(sku: sku)
            guard state.products[id]?["type_id"]?.stringValue == "configurable" else {
                throw FakeError(
                    400, "The product with the \"%1\" SKU isn't a configurable product.", .array([.string(sku)]))
            }
            let childSKU = request.path["childSku"] ?? ""
            var remaining = links(of: id, state)
            // LinkManagement::removeChild compares SKUs with PHP's `==`: exactly.
            remaining.removeAll { state.products[$0]?["sku"]?.stringValue == childSKU }
            guard remaining.count < links(of: id, state).count else {
                throw FakeError(404, "The option that was requested doesn't exist. Verify the entity and try again.")
            }
            setExtension("configurable_product_links", .array(remaining.map { .int($0) }), of: id, &state, context.now)
            refreshStorefront(id, &state)
            return true
        },
        Products.postProductsBySKUWebsitesOperation.id: { state, request, context throws(FakeError) in
            let link = try request.requiredObject("productWebsiteLink")
            guard let websiteID = link["website_id"]?.intValue, websiteID != 0 else {
                throw FakeError(400, "There are not websites for assign to product")
            }
            let id = try state.productID(sku: request.path["sku"] ?? link["sku"]?.stringValue ?? "")
            guard state.websites.contains(where: { $0["id"]?.intValue == websiteID }) else {
                // The product save fails on the website foreign key; the repository wraps it.
                throw FakeError(
                    400, "Could not assign product \"%1\" to websites \"%2\"",
                    .array([.string(String(id)), .string(String(websiteID))]))
            }
            var websites = (extensions(of: id, state)["website_ids"]?.arrayValue ?? []).compactMap(\.intValue)
            if !websites.contains(websiteID) { websites.append(websiteID) }
            setExtension("website_ids", .array(websites.map { .int($0) }), of: id, &state, context.now)
            return true
        },
        Products.deleteProductsBySKUWebsitesByWebsiteIDOperation.id: { state, request, context throws(FakeError) in
            let id = try state.productID(sku: request.path["sku"] ?? "")
            let websiteID = try request.intPath("websiteId")
            let websites = (extensions(of: id, state)["website_ids"]?.arrayValue ?? []).compactMap(\.intValue)
            setExtension(
                "website_ids", .array(websites.filter { $0 != websiteID }.map { .int($0) }), of: id, &state,
                context.now)
            return true
        },
    ]

    // MARK: Attribute options

    /// `OptionManagement::add`: the attribute must use a source, the label must not be blank nor (compared in upper
    /// case) already exist; answers the new option's id.
    private static func addAttributeOption(_ request: FakeRequest, state: inout FakeState) throws(FakeError)
        -> JSONValue
    {
        let code = request.path["attributeCode"] ?? ""
        guard !code.isEmpty else {
            throw FakeError(400, "The attribute code is empty. Enter the code and try again.")
        }
        guard var attribute = state.attributes[code] else { throw unknownAttribute(code) }
        guard
            ["select", "multiselect", "boolean", "swatch_visual", "swatch_text"]
                .contains(attribute["frontend_input"]?.stringValue ?? "")
        else {
            throw FakeError(400, "The \"%1\" attribute doesn't work with options.", .array([.string(code)]))
        }
        let option = try request.requiredObject("option")
        let given = option["label"]?.stringValue ?? ""
        let label = trimmed(given)
        guard !label.isEmpty else {
            throw FakeError(400, "The attribute option label is empty. Enter the value and try again.")
        }
        var options = attribute["options"]?.arrayValue ?? []
        guard optionValue(labelled: label, in: options) == nil else {
            throw FakeError(
                400, "Admin store attribute option label \"%1\" already exists.", .array([.string(given)]))
        }
        if options.isEmpty { options.append(["label": " ", "value": ""]) }
        let id = nextID("option", state: &state)
        var stored: JSONObject = ["label": .string(label), "value": .string(String(id))]
        for key in ["sort_order", "is_default", "store_labels"] where option[key] != nil { stored[key] = option[key] }
        options.append(.object(stored))
        attribute["options"] = .array(options)
        state.attributes[code] = attribute
        switch state.optionIDAnswer {
        case .optionID: return .string(String(id))
        case .placeholder:
            // Releases before 2.4 answered the placeholder the option was saved under, not its id.
            let value = trimmed(option["value"]?.stringValue ?? "")
            return .string("id_" + (value.isEmpty ? "new_option" : value))
        }
    }

    /// The id of the option whose label equals `label` ignoring case, as `OptionManagement::getOptionIdByLabel`.
    static func optionValue(labelled label: String, in options: [JSONValue]) -> String? {
        let wanted = label.uppercased()
        for option in options {
            guard let value = option["value"]?.stringValue, !value.isEmpty,
                option["label"]?.stringValue?.uppercased() == wanted
            else { continue }
            return value
        }
        return nil
    }

    static func unknownAttribute(_ code: String) -> FakeError {
        FakeError(
            404, "The attribute with a \"%1\" attributeCode doesn't exist. Verify the attribute and try again.",
            .array([.string(code)]))
    }

    /// The attribute with code or id `key` (`Eav\Model\Config::getAttribute` takes either).
    static func attribute(_ key: String, state: FakeState) -> JSONObject? {
        if let attribute = state.attributes[key] { return attribute }
        return state.attributes.values.first { $0["attribute_id"]?.stringValue == key }
    }

    // MARK: Configurable options and children

    /// `OptionRepository::save` of a new option (or an update of an existing one by id).
    private static func saveConfigurableOption(_ request: FakeRequest, state: inout FakeState) throws(FakeError)
        -> JSONValue
    {
        let sku = request.path["sku"] ?? ""
        var option = try request.requiredObject("option")
        if let optionID = option["id"]?.intValue {
            let id = try configurableProductID(sku, state: state)
            var options = extensions(of: id, state)["configurable_product_options"]?.arrayValue ?? []
            guard let index = options.firstIndex(where: { $0["id"]?.intValue == optionID }) else {
                throw FakeError(404, "Option with id \"%1\" not found", .array([.string(String(optionID))]))
            }
            var existing = options[index].objectValue ?? [:]
            for key in ["label", "position", "is_use_default", "values"] where option[key] != nil {
                existing[key] = option[key]
            }
            options[index] = .object(existing)
            setExtension("configurable_product_options", .array(options), of: id, &state, nil)
            return .int(optionID)
        }
        var errors: [String] = []
        if (option["attribute_id"]?.stringValue ?? "").isEmpty {
            errors.append("Option attribute ID is not specified.")
        }
        if (option["label"]?.stringValue ?? "").isEmpty { errors.append("Option label is not specified.") }
        let values = option["values"]?.arrayValue ?? []
        if values.isEmpty {
            errors.append("Option values are not specified.")
        } else {
            for value in values where (value["value_index"]?.intValue ?? 0) == 0 {
                errors.append("Value index is not specified for an option.")
            }
        }
        if errors.count == 1 { throw FakeError(400, errors[0]) }
        if errors.count > 1 {
            var error = FakeError(400, "One or more input exceptions have occurred.")
            error.errors = errors.map { ($0, nil) }
            throw error
        }
        let id = try state.productID(sku: sku)
        guard ["simple", "virtual", "configurable"].contains(state.products[id]?["type_id"]?.stringValue ?? "") else {
            // An `\InvalidArgumentException`: not a localized exception, so production mode hides it.
            throw FakeError(500, "Internal Error. Details are available in Magento log file. Report ID: webapi-fake")
        }
        let attributeKey = option["attribute_id"]?.stringValue ?? ""
        guard let attribute = attribute(attributeKey, state: state),
            let attributeID = attribute["attribute_id"]?.intValue
        else { throw unknownAttribute(attributeKey) }
        var options = extensions(of: id, state)["configurable_product_options"]?.arrayValue ?? []
        guard !options.contains(where: { $0["attribute_id"]?.intValue == attributeID }) else {
            throw FakeError(400, "Product already has this option")
        }
        let optionID = nextID("configurable", state: &state)
        option["id"] = .int(optionID)
        option["attribute_id"] = .string(String(attributeID))
        option["product_id"] = .int(id)
        option["position"] = option["position"] ?? .int(options.count)
        options.append(.object(option))
        state.products[id]?["type_id"] = "configurable"
        setExtension("configurable_product_options", .array(options), of: id, &state, nil)
        return .int(optionID)
    }

    /// `LinkManagement::addChild`, then the product save's `ProductRepositorySave::validateProductLinks`.
    private static func addChild(_ request: FakeRequest, state: inout FakeState, now: String) throws(FakeError)
        -> JSONValue
    {
        let parentID = try state.productID(sku: request.path["sku"] ?? "")
        guard let childSKU = request.member("childSku")?.stringValue else { throw FakeError.required("childSku") }
        let childID = try state.productID(sku: childSKU)
        var children = links(of: parentID, state)
        guard !children.contains(childID) else { throw FakeError(400, "The product is already attached.") }
        let options = extensions(of: parentID, state)["configurable_product_options"]?.arrayValue ?? []
        guard !options.isEmpty else {
            throw FakeError(400, "The parent product doesn't have configurable product options.")
        }
        let codes = options.compactMap { option in
            attribute(option["attribute_id"]?.stringValue ?? "", state: state)?["attribute_code"]?.stringValue
        }
        for code in codes where (value(code, of: childID, state) ?? "").isEmpty {
            throw FakeError(
                400, "The child product doesn't have the \"%1\" attribute value. Verify the value and try again.",
                .array([.string(code)]))
        }
        children.append(childID)
        var seen: [String: Int] = [:]
        for id in children {
            let key = codes.map { "\($0):\(value($0, of: id, state) ?? "");" }.joined()
            if let other = seen[key] {
                throw FakeError(
                    400, "Products \"%1\" and \"%2\" have the same set of attribute values.",
                    .array([.string(String(id)), .string(String(other))]))
            }
            seen[key] = id
        }
        setExtension("configurable_product_links", .array(children.map { .int($0) }), of: parentID, &state, now)
        refreshStorefront(parentID, &state)
        return true
    }

    /// Shows a configurable product of one attribute to the storefront (GraphQL's `configurable_options` and
    /// `variants`, and its cart), as its options and links now stand; the storefront model holds one attribute, so a
    /// configurable of several is left to REST.
    static func refreshStorefront(_ id: Int, _ state: inout FakeState) {
        let options = extensions(of: id, state)["configurable_product_options"]?.arrayValue ?? []
        guard options.count == 1,
            let attribute = attribute(options[0]["attribute_id"]?.stringValue ?? "", state: state),
            let attributeID = attribute["attribute_id"]?.intValue, let code = attribute["attribute_code"]?.stringValue
        else { return }
        var labels: [Int: String] = [:]
        for option in attribute["options"]?.arrayValue ?? [] {
            if let value = option["value"]?.intValue, let label = option["label"]?.stringValue { labels[value] = label }
        }
        let variants = links(of: id, state).compactMap { child -> FakeConfigurable.Variant? in
            guard let index = value(code, of: child, state).flatMap({ Int($0) }) else { return nil }
            return FakeConfigurable.Variant(productID: child, label: labels[index] ?? String(index), valueIndex: index)
        }
        state.configurables[id] = FakeConfigurable(
            attributeID: attributeID, attributeCode: code,
            label: options[0]["label"]?.stringValue ?? attribute["default_frontend_label"]?.stringValue ?? code,
            variants: variants)
    }

    /// The product with `sku`, which must be configurable (`OptionRepository::getProduct`).
    private static func configurableProductID(_ sku: String, state: FakeState) throws(FakeError) -> Int {
        let id = try state.productID(sku: sku)
        guard state.products[id]?["type_id"]?.stringValue == "configurable" else {
            throw FakeError(400, "Only implemented for configurable product: %1", .array([.string(sku)]))
        }
        return id
    }

    // MARK: Helpers

    /// `text` without leading and trailing white space, as PHP's `trim`.
    static func trimmed(_ text: String) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    static func extensions(of id: Int, _ state: FakeState) -> JSONObject {
        state.products[id]?["extension_attributes"]?.objectValue ?? [:]
    }

    /// The ids of the children linked to a configurable product.
    static func links(of id: Int, _ state: FakeState) -> [Int] {
        (extensions(of: id, state)["configurable_product_links"]?.arrayValue ?? []).compactMap(\.intValue)
    }

    /// A product's global value of `code`: a top-level member, or a custom attribute.
    static func value(_ code: String, of id: Int, _ state: FakeState) -> String? {
        guard let product = state.products[id] else { return nil }
        if let value = product[code], value != .null { return value.stringValue }
        return product["custom_attributes"]?.arrayValue?.first { $0["attribute_code"]?.stringValue == code }?[
            "value"]?.stringValue
    }

    static func setExtension(_ key: String, _ value: JSONValue, of id: Int, _ state: inout FakeState, _ now: String?) {
        var extensions = extensions(of: id, state)
        extensions[key] = value
        state.products[id]?["extension_attributes"] = .object(extensions)
        if let now { state.products[id]?["updated_at"] = .string(now) }
    }

    /// The next id of a kind (`option`, `configurable`, `media`), above every id of that kind the store holds.
    static func nextID(_ kind: String, state: inout FakeState) -> Int {
        let last = state.lastStructureIDs[kind] ?? largestID(kind, state)
        state.lastStructureIDs[kind] = last + 1
        return last + 1
    }

    private static func largestID(_ kind: String, _ state: FakeState) -> Int {
        switch kind {
        case "option":
            return state.attributes.values.flatMap { $0["options"]?.arrayValue ?? [] }
                .compactMap { $0["value"]?.intValue }.max() ?? 0
        case "configurable":
            return state.products.keys.flatMap { id in
                (extensions(of: id, state)["configurable_product_options"]?.arrayValue ?? []).compactMap {
                    $0["id"]?.intValue
                }
            }.max() ?? 0
        default:
            return state.products.values.flatMap { $0["media_gallery_entries"]?.arrayValue ?? [] }
                .compactMap { $0["id"]?.intValue }.max() ?? 0
        }
    }
}
