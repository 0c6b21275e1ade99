import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension JSONValue {
    static func int(_ value: Int) -> JSONValue { .number(Decimal(value)) }
}

/// The data every fresh Magento install has.
enum FakeFixtures {
    static func install(into state: inout FakeState) {
        state.websites = [
            ["id": .int(0), "code": "admin", "name": "Admin", "default_group_id": .int(0)],
            ["id": .int(1), "code": "base", "name": "Main Website", "default_group_id": .int(1)],
        ]
        state.storeViews = [
            [
                "id": .int(0), "code": "admin", "name": "Admin", "website_id": .int(0), "store_group_id": .int(0),
                "is_active": .int(1),
            ],
            [
                "id": .int(1), "code": "default", "name": "Default Store View", "website_id": .int(1),
                "store_group_id": .int(1), "is_active": .int(1),
            ],
        ]
        state.storeConfigs = [
            [
                "id": .int(1), "code": "default", "website_id": .int(1), "locale": "en_US", "base_currency_code": "USD",
                "default_display_currency_code": "USD", "timezone": "America/Chicago", "weight_unit": "lbs",
                "base_url": "http://commerce.test/", "base_link_url": "http://commerce.test/",
                "base_static_url": "http://commerce.test/static/", "base_media_url": "http://commerce.test/media/",
                "secure_base_url": "https://commerce.test/", "secure_base_link_url": "https://commerce.test/",
                "secure_base_static_url": "https://commerce.test/static/",
                "secure_base_media_url": "https://commerce.test/media/",
            ]
        ]
        for (id, code, taxClass) in [
            (0, "NOT LOGGED IN", 3), (1, "General", 3), (2, "Wholesale", 3), (3, "Retailer", 3),
        ] {
            state.groups[id] = [
                "id": .int(id), "code": .string(code), "tax_class_id": .int(taxClass),
                "tax_class_name": "Retail Customer",
            ]
        }
        state.sources["default"] = [
            "source_code": "default", "name": "Default Source", "enabled": true, "description": "Default Source",
            "country_id": "US", "postcode": "00000", "use_default_carrier_config": true,
        ]
        state.stocks[1] = [
            "stock_id": .int(1), "name": "Default Stock",
            "extension_attributes": ["sales_channels": [["type": "website", "code": "base"]]],
        ]
        state.stockSources[1] = ["default"]
        let categories: [(Int, Int, String, Int, Int)] = [
            (1, 0, "Root Catalog", 0, 0), (2, 1, "Default Category", 1, 1), (3, 2, "Gear", 2, 1), (4, 3, "Bags", 3, 1),
            (5, 3, "Fitness Equipment", 3, 2), (6, 2, "Men", 2, 2), (7, 2, "Women", 2, 3),
        ]
        for (id, parent, name, level, position) in categories {
            let path = id == 1 ? "1" : (parent == 1 ? "1/\(id)" : (level == 2 ? "1/2/\(id)" : "1/2/\(parent)/\(id)"))
            state.categories[id] = [
                "id": .int(id), "parent_id": .int(parent), "name": .string(name), "is_active": true,
                "position": .int(position), "level": .int(level), "path": .string(path), "include_in_menu": true,
                "available_sort_by": [], "created_at": "2024-01-01 00:00:00", "updated_at": "2024-01-01 00:00:00",
            ]
        }
        for (id, code, input, label, backend, options) in [
            (73, "name", "text", "Product Name", "varchar", [(String, String)]()),
            (77, "price", "price", "Price", "decimal", []),
            (75, "description", "textarea", "Description", "text", []),
            (93, "color", "select", "Color", "int", [("Black", "49"), ("Blue", "50"), ("Red", "58")]),
            (144, "size", "select", "Size", "int", [("S", "167"), ("M", "168"), ("L", "169")]),
        ] {
            state.attributes[code] = [
                "attribute_id": .int(id), "attribute_code": .string(code), "frontend_input": .string(input),
                "entity_type_id": "4", "is_required": .bool(code == "name" || code == "price"),
                "default_frontend_label": .string(label), "scope": .string(code == "price" ? "global" : "store"),
                "backend_type": .string(backend), "is_user_defined": .bool(code == "color" || code == "size"),
                "frontend_labels": [],
                "options": .array(
                    (options.isEmpty ? [] : [("", " ")] + options).map { label, value in
                        ["label": .string(label.isEmpty ? " " : label), "value": .string(label.isEmpty ? "" : value)]
                    }),
            ]
        }
    }
}
