/// The configuration of a store view (`StoreConfigInterface`).
public struct StoreConfig: Codable, Sendable, Hashable {
    /// The store id.
    public var id: Int?
    /// The store code.
    public var code: String?
    /// The website.
    public var websiteID: Int?
    /// The locale, such as `en_US`.
    public var locale: String?
    /// The base currency.
    public var baseCurrencyCode: String?
    /// The display currency.
    public var defaultDisplayCurrencyCode: String?
    /// The time zone.
    public var timezone: String?
    /// `lbs` or `kgs`.
    public var weightUnit: String?
    /// The base URL.
    public var baseURL: String?
    /// The secure base URL.
    public var secureBaseURL: String?
    /// The media URL.
    public var baseMediaURL: String?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case code
        case websiteID = "website_id"
        case locale
        case baseCurrencyCode = "base_currency_code"
        case defaultDisplayCurrencyCode = "default_display_currency_code"
        case timezone
        case weightUnit = "weight_unit"
        case baseURL = "base_url"
        case secureBaseURL = "secure_base_url"
        case baseMediaURL = "base_media_url"
    }
}
