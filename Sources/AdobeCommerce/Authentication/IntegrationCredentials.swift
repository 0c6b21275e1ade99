/// The four values an activated Adobe Commerce integration shows (System ▸ Extensions ▸ Integrations).
///
/// Its `description` never shows a secret.
public struct IntegrationCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The consumer key.
    public var consumerKey: String
    /// The consumer secret.
    public var consumerSecret: String
    /// The access token.
    public var accessToken: String
    /// The access token secret.
    public var accessTokenSecret: String

    /// Creates credentials from the integration's four values.
    public init(consumerKey: String, consumerSecret: String, accessToken: String, accessTokenSecret: String) {
        self.consumerKey = consumerKey
        self.consumerSecret = consumerSecret
        self.accessToken = accessToken
        self.accessTokenSecret = accessTokenSecret
    }

    /// Names the credentials without revealing them.
    public var description: String { "IntegrationCredentials(<redacted>)" }
}
