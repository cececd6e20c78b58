/// Attaches a value that starts with a minus sign to its option (`--duration -5s` becomes
/// `--duration=-5s`), so the option's own check says what is wrong with the value instead of
/// argument-parser's "Missing value" (it reads `-5s` as a flag).
enum NegativeOptionValues {
    static func attach(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { return result + arguments[index...] }
            if argument.hasPrefix("--"), !argument.contains("="), index + 1 < arguments.count,
                looksNegative(arguments[index + 1]) {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }

    /// `-5s`, `-1`, `-.5`: a minus sign then a digit or a point.
    static func looksNegative(_ text: String) -> Bool {
        guard text.hasPrefix("-"), let next = text.dropFirst().first else { return false }
        return next.isNumber || next == "."
    }
}
