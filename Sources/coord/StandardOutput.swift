#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to stdout and flushes it at once, so a parent process reading a pipe (tests,
/// scripts waiting for "listening on ...") sees it immediately.
enum StandardOutput {
    static func line(_ text: String) {
        var bytes = Array((text + "\n").utf8)
        _ = write(STDOUT_FILENO, &bytes, bytes.count)
    }
}

