/// What happens in Commerce to a variant deleted in the source (absent from its family's variant list), for a child
/// the engine itself linked: children linked by others are never touched.
///
/// Nothing is deleted outright unless the rule is ``delete``: a disabled or unlinked simple product keeps its order
/// history, reviews and URL, and comes back as it was if the source lists the variant again.
public enum VariantDeletionRule: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Disable the child (`status` 2); it stays linked, so the parent shows the option as unavailable.
    case disable
    /// Unlink the child from the parent (`DELETE /V1/configurable-products/{sku}/children/{childSku}`); it stays
    /// enabled, not visible individually.
    case unlink
    /// Disable and unlink.
    case disableAndUnlink
    /// Delete the child product (`DELETE /V1/products/{sku}`).
    case delete

    /// Whether the rule disables the child.
    public var disables: Bool { self == .disable || self == .disableAndUnlink }
    /// Whether the rule unlinks the child.
    public var unlinks: Bool { self == .unlink || self == .disableAndUnlink }

    /// `disable`, `unlink`, `disableAndUnlink` or `delete`.
    public var description: String {
        switch self {
        case .disable: "disable"
        case .unlink: "unlink"
        case .disableAndUnlink: "disableAndUnlink"
        case .delete: "delete"
        }
    }
}
