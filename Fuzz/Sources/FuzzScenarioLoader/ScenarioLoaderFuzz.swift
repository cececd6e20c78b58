import BarrageCoordinator

/// Arbitrary text into the YAML loaders, with ``YAMLLimits/standard`` in place: the first byte
/// picks the scenario file loader or the agents file loader. Each must return or throw its own
/// one-line error, quickly, for every input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let mode = bytes.first else { return 0 }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    // `bodyFile:` reads a file; a fuzzer naming /dev/zero or /dev/stdin would measure the
    // machine, not the loader. Relative paths resolve in a folder that does not exist.
    guard !text.contains("/dev") && !text.contains("/proc") && !text.contains("/sys") else { return 0 }
    let description: String
    if mode & 1 == 0 {
        do {
            _ = try ScenarioFile.parse(text, file: "fuzz.yaml", baseDirectory: "/nonexistent-fuzz")
            return 0
        } catch {
            description = error.description
        }
    } else {
        do {
            _ = try AgentsFile.parse(text, path: "agents.yaml")
            return 0
        } catch {
            description = error.description
        }
    }
    precondition(!description.contains("\n"), "error spans lines: \(description)")
    return 0
}
