#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

extension JSONDecoder {
    /// A decoder for Magento's JSON: keys are spelled in the models, numbers into `Decimal` keep every digit.
    package static var commerce: JSONDecoder { JSONDecoder() }
}

extension JSONEncoder {
    /// An encoder for Magento's JSON, with sorted keys so that bodies are stable (and signable, hashable).
    package static var commerce: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
