import AdobeCommerce
import Synchronization

/// Counts what the Commerce client did, from its observer events: requests, failures and retries.
final class ConnectorMetrics: CommerceObserver {
    struct Counts {
        var requests = 0
        var failed = 0
        var retries = 0
        var byOperation: [String: Int] = [:]
    }

    private let counts = Mutex(Counts())

    var snapshot: Counts { counts.withLock { $0 } }

    func record(_ event: CommerceEvent) {
        counts.withLock { counts in
            switch event {
            case .request(let request):
                counts.requests += 1
                if request.errorCode != nil || (request.status ?? 0) >= 400 { counts.failed += 1 }
                counts.byOperation[request.operationID ?? "other", default: 0] += 1
            case .retry:
                counts.retries += 1
            default:
                break  // events added in later releases land here too
            }
        }
    }
}
