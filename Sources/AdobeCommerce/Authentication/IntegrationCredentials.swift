/// The four values an activated Adobe Commerce integration shows (System ▸ Extensions ▸ Integrations).
///
/// Neither its `description` nor `dump()` and the debugger (its `customMirror`) show a secret.
public struct IntegrationCredentials: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
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

    /// What `dump()`, `Mirror` and debuggers see: the description alone, never a secret.
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description], displayStyle: .struct) }
}
