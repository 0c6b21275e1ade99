#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A store and its credentials read from `COMMERCE_*` environment variables, as the `erp-connector` example and
/// `commerce-bridge doctor` read them.
///
/// | variable | what |
/// |---|---|
/// | `COMMERCE_BASE_URL` | the store's base URL, without `/rest` |
/// | `COMMERCE_STORE_CODE` | the store view code (default `default`) |
/// | `COMMERCE_CONSUMER_KEY`, `COMMERCE_CONSUMER_SECRET`, `COMMERCE_ACCESS_TOKEN`, `COMMERCE_ACCESS_TOKEN_SECRET` | an integration's four values (System › Extensions › Integrations): requests are signed with OAuth 1.0a |
/// | `COMMERCE_ACCESS_TOKEN` alone | a bearer token |
///
/// ```swift
/// guard let environment = try CommerceEnvironment(ProcessInfo.processInfo.environment) else { return }
/// let client = AdobeCommerceClient(configuration: environment.configuration, transport: URLSessionTransport())
/// ```
///
/// An error names the variables that are wrong or missing, never a value.
public struct CommerceEnvironment: Sendable {
    /// The integration's four OAuth variables, in the order the admin shows the values.
    public static let credentialVariables = [
        "COMMERCE_CONSUMER_KEY", "COMMERCE_CONSUMER_SECRET", "COMMERCE_ACCESS_TOKEN", "COMMERCE_ACCESS_TOKEN_SECRET",
    ]

    /// The store's base URL (`COMMERCE_BASE_URL`).
    public var baseURL: URL
    /// The store view code (`COMMERCE_STORE_CODE`, default `default`).
    public var storeCode: StoreCode
    /// The credentials: ``CommerceAuthentication/integration(_:)`` with the four OAuth values, or
    /// ``CommerceAuthentication/bearer(_:)`` with `COMMERCE_ACCESS_TOKEN` alone.
    public var authentication: CommerceAuthentication

    /// Reads the store from `environment`.
    /// - Parameter environment: The variables, such as `ProcessInfo.processInfo.environment`.
    /// - Returns: `nil` when `COMMERCE_BASE_URL` is not set (or empty).
    /// - Throws: ``CommerceError/Code/invalidRequest`` when the URL is not an http(s) URL, or when some of the OAuth
    ///   variables are set and others not; the message names the variables.
    public init?(_ environment: [String: String]) throws(CommerceError) {
        guard let base = environment["COMMERCE_BASE_URL"], !base.isEmpty else { return nil }
        guard let url = URL(string: base), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw CommerceError(
                code: .invalidRequest,
                message: "COMMERCE_BASE_URL is not an http(s) URL; set it to the store's base URL")
        }
        baseURL = url
        storeCode = StoreCode(
            rawValue: environment["COMMERCE_STORE_CODE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default")
        let value = { (name: String) in environment[name] ?? "" }
        let missing = Self.credentialVariables.filter { value($0).isEmpty }
        if missing == Self.credentialVariables.filter({ $0 != "COMMERCE_ACCESS_TOKEN" }) {
            authentication = .bearer(value("COMMERCE_ACCESS_TOKEN"))
            return
        }
        guard missing.isEmpty else {
            throw CommerceError(
                code: .invalidRequest,
                message: "COMMERCE_BASE_URL is set but \(missing.joined(separator: ", ")) "
                    + "\(missing.count == 1 ? "is" : "are") not; copy them from System › Extensions › Integrations "
                    + "in the admin")
        }
        authentication = .integration(
            IntegrationCredentials(
                consumerKey: value("COMMERCE_CONSUMER_KEY"), consumerSecret: value("COMMERCE_CONSUMER_SECRET"),
                accessToken: value("COMMERCE_ACCESS_TOKEN"), accessTokenSecret: value("COMMERCE_ACCESS_TOKEN_SECRET")))
    }

    /// A client configuration for the store, with the defaults for everything else.
    public var configuration: AdobeCommerceConfiguration {
        AdobeCommerceConfiguration(baseURL: baseURL, storeCode: storeCode, authentication: authentication)
    }
}
