/// The `vus` gauge's value, min and max as the summary shows them, made to agree with each other.
///
/// Agents sample their running VUs once a second, so a ramp's peak between two samples is missed
/// (`--stages 10s:20,15s:40` sampled 39) and a run shorter than a second may sample none at all
/// while its VUs ran iterations. The figures keep `min <= value <= max`, and a max of 0 is never
/// shown for VUs that completed iterations.
public struct VUFigures: Sendable, Equatable {
    public var value: Int
    public var min: Int
    public var max: Int

    public init(value: Int, min: Int, max: Int) {
        self.value = value
        self.min = min
        self.max = max
    }

    /// - Parameters:
    ///   - planned: the plan's most VUs at once.
    ///   - steadyMinimum, sampledMaximum: the fewest and most VUs the once-a-second samples saw.
    ///   - iterations: iterations completed: each needed a VU, so at least `min(planned, iterations)` ran.
    public static func measured(planned: Int, steadyMinimum: Int, sampledMaximum: Int, iterations: UInt64) -> VUFigures {
        let planned = Swift.max(planned, 0)
        var most = Swift.max(sampledMaximum, 0)
        if most == 0, iterations > 0 { most = Swift.min(planned, Int(clamping: iterations)) }
        let least = Swift.min(Swift.max(steadyMinimum, 0), most)
        return VUFigures(value: Swift.min(Swift.max(planned, least), most), min: least, max: most)
    }
}
