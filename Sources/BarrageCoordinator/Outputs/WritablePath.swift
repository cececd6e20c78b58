#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Checks, before a run, that a file written at its end (`--report`, `--summary-export`) can be:
/// its folder exists and is writable, and the path is not a folder.
public enum WritablePath {
    /// - Returns: the one line saying why `path` cannot be written, or nil when it can.
    public static func problem(_ path: String) -> String? {
        guard !path.isEmpty else { return "an output path is empty" }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return "cannot write \(path): it is a folder; give a file name" }
            return access(path, W_OK) == 0 ? nil : "cannot write \(path): permission denied"
        }
        let folder = (path as NSString).deletingLastPathComponent
        let parent = folder.isEmpty ? "." : folder
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) else {
            return "cannot write \(path): the folder \(parent) does not exist"
        }
        guard isDirectory.boolValue else { return "cannot write \(path): \(parent) is not a folder" }
        guard access(parent, W_OK) == 0 else { return "cannot write \(path): the folder \(parent) is not writable" }
        return nil
    }
}
