/// Arbitrary bytes, read as text (lossy UTF-8, so every input is some string), into every escaper
/// of `BarrageCore/Safety` and into the report page that uses them. Each check traps when the
/// escaped text could still act in its target language; see the check types for the invariants.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    HTMLTextCheck.check(text)
    ScriptJSONCheck.check(text)
    TerminalTextCheck.check(text)
    PeerTextCheck.check(text)
    ReportPageCheck.check(text)
    return 0
}
