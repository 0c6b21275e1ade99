import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// `Website`, `StoreView` and `StoreConfig` are the generated models: the store reads keep every member Magento
/// sends. Adobe's documentation has no sample of these answers, so the payloads are a fresh install's, with a
/// member of a module added to each.
struct StoreModelTests {
    private static let websites = #"""
        [{"id": 0, "code": "admin", "name": "Admin", "default_group_id": 0},
         {"id": 1, "code": "base", "name": "Main Website", "default_group_id": 1, "extension_attributes": {},
          "module_region": "emea"}]
        """#
    private static let storeViews = #"""
        [{"id": 1, "code": "default", "website_id": 1, "store_group_id": 1, "name": "Default Store View",
          "is_active": 1, "extension_attributes": {"module_flag": true}}]
        """#
    private static let storeConfigs = #"""
        [{"id": 1, "code": "default", "website_id": 1, "locale": "en_US", "base_currency_code": "USD",
          "default_display_currency_code": "USD", "timezone": "America/Chicago", "weight_unit": "lbs",
          "base_url": "http://shop.test/", "base_link_url": "http://shop.test/",
          "base_static_url": "http://shop.test/static/version1/", "base_media_url": "http://shop.test/media/",
          "secure_base_url": "https://shop.test/", "secure_base_link_url": "https://shop.test/",
          "secure_base_static_url": "https://shop.test/static/version1/",
          "secure_base_media_url": "https://shop.test/media/", "module_setting": null}]
        """#

    @Test("client.store.websites, storeViews and storeConfigs write back every JSON path they read")
    func readsKeepEverything() async throws {
        let (client, transport) = SampleReplay.client(answering: [
            Self.websites, Self.storeViews, Self.storeConfigs,
        ])
        let websites = try await client.store.websites()
        #expect(websites.map(\.code) == ["admin", "base"])
        #expect(websites.last?.additionalFields["module_region"] == "emea")
        let views = try await client.store.storeViews()
        #expect(views.first?.extensionAttributes?.additionalFields["module_flag"] == true)
        let configs = try await client.store.storeConfigs(codes: ["default"])
        #expect(configs.first?.secureBaseStaticURL == "https://shop.test/static/version1/")
        #expect(transport.sent.last?.url.query?.contains("storeCodes%5B0%5D=default") == true)
        for (read, original) in [
            (try JSONValue(encoding: websites), Self.websites), (try JSONValue(encoding: views), Self.storeViews),
            (try JSONValue(encoding: configs), Self.storeConfigs),
        ] {
            let (lost, same) = try SampleReplay.compare(read, with: original)
            #expect(lost.isEmpty, "lost \(lost)")
            #expect(same, "every value written back as read")
        }
    }
}
