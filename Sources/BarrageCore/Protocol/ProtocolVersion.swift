/// The version of the coordinator-agent wire protocol (docs/PROTOCOL.md).
///
/// Sent in `hello` (agent) and `auth` (coordinator). Peers speak exactly one version: whichever
/// side sees a different number sends an `error` of kind `version_mismatch` and closes.
public enum ProtocolVersion {
    /// The version this build speaks.
    public static let current = 4
}
