import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension FakeCommerce {
    /// The store's data (catalog, prices, stock, customers, orders and their documents, carts, bulk operations,
    /// issued tokens) as JSON, to restore with ``init(snapshot:options:)``: a fake that outlives its process,
    /// as the example connector's second run needs. Queued faults and the request log are not kept.
    public func snapshot() throws -> Data {
        let copy = state.withLock { $0 }
        return try CommerceJSONEncoder().encode(copy)
    }

    /// A fake holding the data of an earlier ``snapshot()``.
    /// - Throws: `CommerceError` with `decodingFailed` when `snapshot` is not one.
    public convenience init(snapshot: Data, options: Options = Options()) throws {
        let restored: FakeState
        do {
            restored = try CommerceJSONDecoder().decode(FakeState.self, from: snapshot)
        } catch {
            throw CommerceError(
                code: .decodingFailed,
                message:
                    "The data is not a FakeCommerce snapshot (\(error)); delete the file to start from a fresh store.")
        }
        self.init(options: options)
        state.withLock { $0 = restored }
    }
}
