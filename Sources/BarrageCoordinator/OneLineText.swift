import BarrageCore

/// Makes text taken from a file safe to print as part of one line of an error message.
///
/// Scenario and agents files may quote any character, and their errors repeat the offending key
/// or value. A newline in it would break the one-line promise of exit code 2; an escape sequence
/// would reach the terminal raw. So line breaks, tabs, other control characters and bidi controls
/// become visible escapes (`\n`, `\t`, `\u{1B}`), by ``TerminalText``'s rules.
enum OneLineText {
    /// `text` with every scalar unsafe on a terminal escaped.
    static func escape(_ text: String) -> String {
        TerminalText.escape(text)
    }
}
