import AdobeCommerce
import Foundation

/// Where the connector's files live and which store it talks to, from the environment.
///
/// - `ERP_CONNECTOR_DATA`: the directory for `erp.sqlite`, `connector.sqlite` and the fake store's
///   `commerce.json` (default `.build/erp-connector`).
/// - `COMMERCE_BASE_URL`: a real store's base URL; without it the connector serves FakeCommerce on 127.0.0.1.
/// - `COMMERCE_STORE_CODE`: the store view code (default `default`).
/// - `COMMERCE_CONSUMER_KEY`, `COMMERCE_CONSUMER_SECRET`, `COMMERCE_ACCESS_TOKEN`,
///   `COMMERCE_ACCESS_TOKEN_SECRET`: the integration's OAuth values (System › Extensions › Integrations in the admin).
struct ConnectorSettings {
    enum Commerce {
        case fake(snapshot: URL)
        case real(URL, IntegrationCredentials)
    }

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    static let credentialVariables = [
        "COMMERCE_CONSUMER_KEY", "COMMERCE_CONSUMER_SECRET", "COMMERCE_ACCESS_TOKEN", "COMMERCE_ACCESS_TOKEN_SECRET",
    ]

    var dataDirectory: URL
    var commerce: Commerce
    var storeCode: StoreCode

    init(environment: [String: String]) throws(Invalid) {
        dataDirectory = URL(fileURLWithPath: environment["ERP_CONNECTOR_DATA"] ?? ".build/erp-connector")
        storeCode = StoreCode(rawValue: environment["COMMERCE_STORE_CODE"] ?? "default")
        guard let base = environment["COMMERCE_BASE_URL"], !base.isEmpty else {
            commerce = .fake(snapshot: dataDirectory.appendingPathComponent("commerce.json"))
            return
        }
        guard let url = URL(string: base), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw Invalid(description: "COMMERCE_BASE_URL is not an http(s) URL; set it to the store's base URL")
        }
        let missing = Self.credentialVariables.filter { (environment[$0] ?? "").isEmpty }
        guard missing.isEmpty else {
            throw Invalid(
                description: "COMMERCE_BASE_URL is set but \(missing.joined(separator: ", ")) "
                    + "\(missing.count == 1 ? "is" : "are") not; copy them from System › Extensions › Integrations in the admin"
            )
        }
        let value = { (name: String) in environment[name] ?? "" }
        commerce = .real(
            url,
            IntegrationCredentials(
                consumerKey: value("COMMERCE_CONSUMER_KEY"), consumerSecret: value("COMMERCE_CONSUMER_SECRET"),
                accessToken: value("COMMERCE_ACCESS_TOKEN"), accessTokenSecret: value("COMMERCE_ACCESS_TOKEN_SECRET")))
    }

    func file(_ name: String) -> URL { dataDirectory.appendingPathComponent(name) }

    /// The path of `name` as given (relative to the working directory unless ERP_CONNECTOR_DATA was absolute).
    func path(_ name: String) -> String { file(name).relativePath }
}
