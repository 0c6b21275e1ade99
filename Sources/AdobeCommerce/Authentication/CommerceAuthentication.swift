/// How the client proves who it is to Adobe Commerce.
///
/// | choose | when |
/// |---|---|
/// | ``integration(_:)`` | a back-office connector: OAuth 1.0a signed with HMAC-SHA256, no token to expire |
/// | ``bearer(_:)`` | an integration access token on a store with "use as standalone bearer" enabled, or a token you manage |
/// | ``adminToken(username:password:)`` | an admin user; the token is fetched on first use and fetched again once on 401 |
/// | ``customerToken(email:password:)`` | acting as a customer (`self` routes) |
/// | ``none`` | guest (`anonymous`) routes only |
///
/// Neither its `description` nor `dump()` and the debugger (its `customMirror`) show a secret.
public struct CommerceAuthentication: Sendable, CustomStringConvertible, CustomReflectable {
    package enum Kind: Sendable {
        case none
        case bearer(String)
        case integration(IntegrationCredentials)
        case adminToken(username: String, password: String)
        case customerToken(email: String, password: String)
    }

    package let kind: Kind

    /// No credentials: only `anonymous` routes answer.
    public static let none = CommerceAuthentication(kind: .none)

    /// Sends `Authorization: Bearer <token>` with a token you obtained.
    public static func bearer(_ token: String) -> CommerceAuthentication { .init(kind: .bearer(token)) }

    /// Signs every request with OAuth 1.0a (HMAC-SHA256) using an integration's four values.
    public static func integration(_ credentials: IntegrationCredentials) -> CommerceAuthentication {
        .init(kind: .integration(credentials))
    }

    /// Obtains an admin token from `POST /V1/integration/admin/token` and renews it once when a request
    /// answers 401. Stores with two-factor authentication refuse this with
    /// ``CommerceError/Code/twoFactorRequired``: use an integration there.
    public static func adminToken(username: String, password: String) -> CommerceAuthentication {
        .init(kind: .adminToken(username: username, password: password))
    }

    /// Obtains a customer token from `POST /V1/integration/customer/token`, renewed once on 401.
    public static func customerToken(email: String, password: String) -> CommerceAuthentication {
        .init(kind: .customerToken(email: email, password: password))
    }

    /// The kind of authentication, never its secrets.
    public var description: String {
        switch kind {
        case .none: "none"
        case .bearer: "bearer(<redacted>)"
        case .integration: "integration(<redacted>)"
        case .adminToken: "adminToken(<redacted>)"
        case .customerToken: "customerToken(<redacted>)"
        }
    }

    /// What `dump()`, `Mirror` and debuggers see: the description alone, never a secret.
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description], displayStyle: .struct) }
}
