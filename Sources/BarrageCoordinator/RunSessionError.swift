/// Why a ``RunSession`` ended without a result, or could not keep one: the one line the user sees
/// and the exit code it means (2 for bad input, 1 for a run that could not be carried out).
public struct RunSessionError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let exitCode: Int32

    public init(message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }

    static func badInput(_ message: String) -> RunSessionError { RunSessionError(message: message, exitCode: ExitCodes.badInput) }

    public var description: String { message }
}
