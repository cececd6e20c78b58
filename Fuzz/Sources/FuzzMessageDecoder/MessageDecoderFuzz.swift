import BarrageCore

/// One frame's bytes into ``MessageCoding/decode(_:)``. Any ``ProtocolError`` is fine; a crash,
/// a trap or another error type is a bug. A message that decodes must survive a round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let frame = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let message: Message
    do {
        message = try MessageCoding.decode(frame)
    } catch {
        return 0
    }
    let line: [UInt8]
    do {
        line = try MessageCoding.encode(message)
    } catch {
        // Only values JSON cannot hold are unencodable, and decoding never makes one.
        fatalError("decoded but not encodable: \(error) from \(String(decoding: frame, as: UTF8.self))")
    }
    do {
        let again = try MessageCoding.decode(line.dropLast())
        precondition(again == message, "round trip changed \(message) into \(again)")
    } catch {
        fatalError("re-encoded message does not decode: \(error): \(String(decoding: line, as: UTF8.self))")
    }
    return 0
}
