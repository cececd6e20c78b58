import BarrageCore
import Histogram

/// Arbitrary bytes into ``HdrV2Codec``'s decoders: the first byte picks the raw form (compressed
/// or not, by cookie) or the base64 text form. Any ``HdrCodecError`` is fine; a trap is a bug. A
/// histogram that decodes must re-encode to one with the same counts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let mode = bytes.first else { return 0 }
    let payload = Array(bytes.dropFirst())
    let decoded: Histogram<UInt64>
    do {
        decoded = mode & 1 == 0 ? try HdrV2Codec.decode(payload) : try HdrV2Codec.decode(base64: String(decoding: payload, as: UTF8.self))
    } catch {
        return 0
    }
    // What the coordinator does with every sample's histogram.
    _ = decoded.mean
    _ = decoded.valueAtPercentile(99)
    do {
        let again = try HdrV2Codec.decode(HdrV2Codec.encodeCompressed(decoded))
        precondition(again.totalCount == decoded.totalCount, "round trip changed the total count")
        precondition(again.max == decoded.max && again.min == decoded.min, "round trip changed min or max")
    } catch {
        fatalError("a decoded histogram does not survive its own encoding: \(error)")
    }
    return 0
}
