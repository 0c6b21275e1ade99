/// Which of Magento's three REST front doors a request goes through.
public enum EndpointKind: Sendable, Hashable {
    /// `/rest/<store>/V1/...`: processed now.
    case synchronous
    /// `/rest/<store>/async/V1/...`: queued, answered with 202 and a bulk UUID.
    case async
    /// `/rest/<store>/async/bulk/V1/...`: a JSON array of bodies, each queued as one operation.
    case bulk

    var pathPrefix: String {
        switch self {
        case .synchronous: ""
        case .async: "/async"
        case .bulk: "/async/bulk"
        }
    }
}
